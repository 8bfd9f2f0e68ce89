// Credit that travels and lasts (issue 25 §1, §2), in Debian's headless Chromium against a
// running server. Started by tests/credit_browser.rs, which passes the server's URL, two
// claim codes and their ideas in HEARD_* variables, then checks the ledger from the results
// this script writes. Any failure (an assertion, a script error, a CSP violation, a serious or
// critical accessibility violation) makes the script exit non-zero after writing results.json.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const need = (k) => {
  const v = process.env[k];
  if (!v) { console.error(`browser test: ${k} is not set`); process.exit(2); }
  return v;
};
const BASE = need('HEARD_URL');
const CHROMIUM = need('HEARD_CHROMIUM');
const ARTIFACTS = need('HEARD_ARTIFACTS');
const CODE_ONE = need('HEARD_CODE_ONE');
const CODE_TWO = need('HEARD_CODE_TWO');
const IDEA_ONE = need('HEARD_IDEA_ONE');
const IDEA_TWO = need('HEARD_IDEA_TWO');
const LOG_KEY = need('HEARD_LOG_KEY');
const TIME_LIMIT_MS = Number(process.env.HEARD_BROWSER_SECONDS ?? '200') * 1000;

fs.mkdirSync(ARTIFACTS, { recursive: true });
const results = { scenarios: [], axe: {}, posts: [], claimAuthors: [], problems: [] };
const write = () => fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
const limit = setTimeout(() => {
  results.problems.push(`over the time limit of ${TIME_LIMIT_MS / 1000} s`);
  write();
  console.error('browser test: over its time limit');
  process.exit(3);
}, TIME_LIMIT_MS);

function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}

const AXE = fs.readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
results.chromium = browser.version();

/// The author key (hex) of a statement sent as {"statement": base64, …}: the canonical map
/// {0: 1, 1: kind, 2: time, 3: author (32 bytes), 4: body} (docs/PROTOCOL.md §2).
function authorOf(body) {
  const st = Buffer.from(JSON.parse(body).statement, 'base64');
  let i = 0;
  assert(st[i++] === 0xa5 && st[i++] === 0x00 && st[i++] === 0x01 && st[i++] === 0x01 && st[i++] === 0x04, 'a version 1 claim statement');
  assert(st[i++] === 0x02, 'time key');
  const head = st[i++];
  i += head < 0x18 ? 0 : { 0x18: 1, 0x19: 2, 0x1a: 4, 0x1b: 8 }[head];
  assert(st[i++] === 0x03 && st[i++] === 0x58 && st[i++] === 0x20, 'author key of 32 bytes');
  return st.subarray(i, i + 32).toString('hex');
}

function watch(page) {
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('ERR_FAILED') && !m.text().includes('net::')) {
      results.problems.push(`console error on ${page.url()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => results.problems.push(`script error on ${page.url()}: ${e.message}`));
}

async function context(options = {}) {
  const ctx = await browser.newContext({ acceptDownloads: true, ...options });
  ctx.on('request', (r) => {
    if (r.method() !== 'POST') return;
    const body = r.postData() ?? '';
    results.posts.push({ url: r.url(), body });
    if (r.url().endsWith('/v1/statements')) results.claimAuthors.push(authorOf(body));
  });
  ctx.on('page', watch);
  return ctx;
}

async function axe(page, name) {
  await page.evaluate(AXE);
  const r = await page.evaluate(() =>
    globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }));
  const violations = r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, first: v.nodes[0]?.target?.join(' ') }));
  results.axe[name] = { url: page.url(), passes: r.passes.length, violations };
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(bad.length === 0, `no serious or critical accessibility violations on ${name}: ${JSON.stringify(bad)}`);
}

/// axe at 360 and 1280 px, no sideways scrolling at 360, and a screenshot of each width.
async function bothWidths(page, name) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await axe(page, `${name} @${width}`);
    if (width === 360) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(wide <= 360, `${name} fits 360 px (scroll width ${wide})`);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
}

async function scenario(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.scenarios.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.scenarios.push({ name, ok: false, ms: Date.now() - t0, error: String(e.stack ?? e) });
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

/// Presses Tab until the element matching `selector` has the focus (at most `max` times).
async function tabTo(page, selector, max = 15) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const keyPath = path.join(ARTIFACTS, 'heard-key.txt');
let publicKey = null;

await scenario('first card: the key file is saved before the claim, a failed claim is retried with the same key', async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(`${BASE}/claim?code=${CODE_ONE}`);
  await bothWidths(page, 'claim-first');
  const why = await page.textContent('#why-key');
  assert(why.includes('only way') && why.includes('cannot send you another'), `the page says why the file matters: ${why}`);

  // Claiming before the key file is saved sends nothing and says what to do.
  await page.check('#consent-pseudonym');
  await page.fill('#display-name', 'Bus rider');
  await page.click('#claim-button');
  assert(await page.isVisible('#claim-errors'), 'an error summary');
  assert((await page.textContent('#claim-errors')).includes('Make and download your key file first'), 'it asks for the key file first');
  assert(results.claimAuthors.length === 0, 'nothing was sent');

  // Keyboard only: Tab to the button, Enter makes and downloads the key file.
  await page.focus('#display-name');
  await tabTo(page, '#key-make');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  await download.saveAs(keyPath);
  const keyText = fs.readFileSync(keyPath, 'utf8');
  results.keyFile = keyText;
  assert(/^PRIVATE\+KEY\+heard-contributor\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/.test(keyText), `key file form: ${keyText}`);
  assert(/^heard-key-[0-9a-f]{8}\.txt$/.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`);
  assert(await page.evaluate(() => document.activeElement?.id === 'key-saved'), 'the focus moves to the box to tick');

  // Leaving before saying the file is saved asks first.
  let asked = null;
  page.once('dialog', async (d) => { asked = d.type(); await d.dismiss(); });
  await page.close({ runBeforeUnload: true });
  for (let i = 0; i < 50 && asked === null; i++) await new Promise((r) => setTimeout(r, 100));
  assert(asked === 'beforeunload', `leaving with an unsaved key asks first (dialog: ${asked})`);
  assert(!page.isClosed(), 'the page stayed open');

  await page.keyboard.press('Space');
  assert(await page.isChecked('#key-saved'), 'the box ticks with the keyboard');
  // The first try fails on the way: the page says so and pretends nothing.
  await page.route('**/v1/statements', (route) => route.abort('internetdisconnected'));
  await page.click('#claim-button');
  await page.waitForSelector('#claim-status .error');
  const failed = await page.textContent('#claim-status');
  assert(failed.includes('could not reach') && failed.includes('same key'), `the failure is explained: ${failed}`);
  assert(!(await page.$('#claim-status .success')) && await page.isVisible('#claim-form'), 'nothing pretends it worked');
  await page.unroute('**/v1/statements');
  await axe(page, 'claim-failed');

  // Reloaded (as after a lost connection): the page keeps the key made before, and the retry uses it.
  await page.reload();
  await page.waitForFunction(() => document.getElementById('key-made-status').textContent.includes('made earlier'));
  assert(await page.isHidden('#key-make'), 'no second key can be made');
  assert(await page.isChecked('#key-saved'), 'the saved box is remembered');
  await page.check('#consent-pseudonym');
  await page.fill('#display-name', 'Bus rider');
  await page.focus('#claim-button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#claim-status .success, #claim-status .error');
  const done = await page.textContent('#claim-status');
  assert(done.includes('Done'), `the retried claim is recorded: ${done}`);
  assert(results.claimAuthors.length === 2 && results.claimAuthors[0] === results.claimAuthors[1], `both tries carry the same key: ${results.claimAuthors}`);
  publicKey = results.claimAuthors[0];
  assert(await page.evaluate(() => sessionStorage.getItem('heard.claim.new-key') === null), 'the kept key is dropped once the claim succeeded');
  const portfolioHref = await page.getAttribute('#claim-status a[href^="/contributors/"]', 'href');
  assert(portfolioHref === `/contributors/${publicKey}`, `the portfolio link ${portfolioHref}`);
  await axe(page, 'claim-done');
  await ctx.close();
});

await scenario('second card, another session: “I already have a key file”', async () => {
  assert(publicKey, 'the first claim succeeded');
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(`${BASE}/claim?code=${CODE_TWO}`);
  await page.check('#key-existing');
  assert(await page.isHidden('#new-key') && await page.isVisible('#key-file'), 'the key file input replaces the new key');
  await bothWidths(page, 'claim-existing');
  await page.check('#consent-pseudonym');
  await page.fill('#display-name', 'Bus rider');

  // A file that is not a key file: a clear message, nothing sent.
  const notKey = path.join(ARTIFACTS, 'shopping-list.txt');
  fs.writeFileSync(notKey, 'milk\nbread\n');
  await page.setInputFiles('#key-file', notKey);
  await page.waitForSelector('#key-file-status .error');
  const said = await page.textContent('#key-file-status');
  assert(said.includes('cannot be used') && said.includes('not a Heard key file') && said.includes('Nothing was changed'), `bad file: ${said}`);
  await page.click('#claim-button');
  assert((await page.textContent('#claim-errors')).includes('Open your key file'), 'claiming asks for the key file');
  assert(results.claimAuthors.length === 2, 'nothing was sent');
  await axe(page, 'claim-bad-key-file');

  await page.setInputFiles('#key-file', keyPath);
  await page.waitForSelector('#key-file-status .success');
  assert((await page.textContent('#key-file-status')).includes(publicKey.slice(0, 8)), 'the opened key is named');
  await page.click('#claim-button');
  await page.waitForSelector('#claim-status .success, #claim-status .error');
  assert((await page.textContent('#claim-status')).includes('Done'), `claimed: ${await page.textContent('#claim-status')}`);
  assert(results.claimAuthors.length === 3 && results.claimAuthors[2] === publicKey, 'the second card is claimed with the same key');
  await ctx.close();
});

const creditPath = path.join(ARTIFACTS, 'heard-credit.html');
const receiptsExpected = 6; // idea one: idea, cite, respond, claim (log order); idea two: idea, claim

await scenario('the portfolio gathers both ideas with every receipt, and offers “Download my credit”', async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  await page.goto(`${BASE}/contributors/${publicKey}`);
  results.portfolioKey = publicKey;
  const summary = await page.textContent('#summary');
  assert(summary.includes('2 ideas given'), `both ideas under one key: ${summary}`);
  const kinds = await page.$$eval('article.portfolio-item', (as) => as.map((a) => [...a.querySelectorAll('li[data-receipt]')].map((l) => l.dataset.kind)));
  assert(JSON.stringify(kinds) === JSON.stringify([['idea', 'cite', 'respond', 'claim'], ['idea', 'claim']]), `every receipt of each idea: ${JSON.stringify(kinds)}`);
  const [one] = await Promise.all([page.waitForEvent('download'), page.click('article.portfolio-item li[data-kind=claim] a')]);
  const claimReceipt = fs.readFileSync(await one.path(), 'utf8');
  assert(claimReceipt.startsWith('c2sp.org/tlog-proof@v1\nextra '), 'the claim receipt downloads');
  assert(/^heard-receipt-\d+\.txt$/.test(one.suggestedFilename()), `its name ${one.suggestedFilename()}`);
  // "Get a badge for an idea" (docs/PROTOCOL.md §20): the first idea, shown by its pseudonym,
  // the request signed with the key file on this page.
  await page.selectOption('#badge-idea', IDEA_ONE);
  assert((await page.textContent('#b-named-label')).includes('“Bus rider”'), 'the name the idea shows is offered');
  await page.check('#b-named');
  await page.setInputFiles('#badge-key', keyPath);
  const [badge] = await Promise.all([page.waitForEvent('download'), page.click('#badge-form button[type=submit]')]);
  assert(/^heard-badge-[0-9a-f]{8}\.json$/.test(badge.suggestedFilename()), `badge file name ${badge.suggestedFilename()}`);
  results.badge = JSON.parse(fs.readFileSync(await badge.path(), 'utf8'));
  assert((await page.textContent('#badge-status')).includes('Your badge was saved'), 'the page says the badge was saved');
  // The same for every idea of the person's in the consultation: the second group's option.
  const whole = await page.$eval('#badge-idea optgroup:nth-of-type(2) option', (o) => o.value);
  assert(whole.startsWith('c:'), `the consultation's option ${whole}`);
  await page.selectOption('#badge-idea', whole);
  await page.check('#b-none');
  await page.setInputFiles('#badge-key', keyPath);
  const [wholeBadge] = await Promise.all([page.waitForEvent('download'), page.click('#badge-form button[type=submit]')]);
  results.consultationBadge = JSON.parse(fs.readFileSync(await wholeBadge.path(), 'utf8'));
  await bothWidths(page, 'portfolio');
  await page.focus('#credit-download');
  const [credit] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  await credit.saveAs(creditPath);
  assert(/^heard-credit-[0-9a-f]{8}\.html$/.test(credit.suggestedFilename()), `credit file name ${credit.suggestedFilename()}`);
  await ctx.close();
});

/// Opens a credit file from disk in a fresh context with the network cut; resolves to what it says.
async function openOffline(file, name) {
  const ctx = await browser.newContext({ offline: true });
  const requests = [];
  await ctx.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
  ctx.on('request', (r) => requests.push(r.url()));
  const page = await ctx.newPage();
  watch(page);
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-done]', { timeout: 30000 });
  const out = {
    good: Number(await page.getAttribute('body', 'data-good')),
    bad: Number(await page.getAttribute('body', 'data-bad')),
    overall: await page.textContent('#overall'),
    items: await page.$$eval('li[data-seq]', (ls) => ls.map((l) => ({ seq: l.dataset.seq, kind: l.dataset.kind, valid: l.dataset.valid, result: l.querySelector('.result').textContent }))),
  };
  await bothWidths(page, name);
  out.requests = requests;
  await ctx.close();
  return out;
}

await scenario('“Download my credit” verifies every receipt offline, and reports a tampered one', async () => {
  const html = fs.readFileSync(creditPath, 'utf8');
  assert(html.includes(LOG_KEY), 'the log key is in the file');
  const good = await openOffline(creditPath, 'credit');
  results.credit = good;
  assert(good.requests.every((u) => u.startsWith('file:')), `no request left the file: ${good.requests}`);
  assert(good.bad === 0 && good.good === receiptsExpected, `every receipt verifies: ${JSON.stringify(good)}`);
  assert(good.items.every((i) => i.valid === 'true' && i.result.startsWith('Checked')), 'each receipt says it checked');
  assert(good.overall.includes(`All ${receiptsExpected} receipts check out`), good.overall);

  // One receipt changed: the citation's first proof hash, one bit flipped.
  const start = html.indexOf('data-kind="cite"');
  const pre = html.indexOf('<pre class="receipt-text">', start) + '<pre class="receipt-text">'.length;
  const end = html.indexOf('</pre>', pre);
  const lines = html.slice(pre, end).split('\n');
  const at = lines.findIndex((l) => l.startsWith('index ')) + 1;
  assert(lines[at].length === 44, 'the citation receipt has a proof hash to change');
  const b = Buffer.from(lines[at], 'base64');
  b[0] ^= 1;
  lines[at] = b.toString('base64');
  const tamperedPath = path.join(ARTIFACTS, 'heard-credit-tampered.html');
  fs.writeFileSync(tamperedPath, html.slice(0, pre) + lines.join('\n') + html.slice(end));
  const bad = await openOffline(tamperedPath, 'credit-tampered');
  results.creditTampered = bad;
  assert(bad.requests.every((u) => u.startsWith('file:')), `no request left the file: ${bad.requests}`);
  assert(bad.bad === 1 && bad.good === receiptsExpected - 1, `exactly one receipt fails: ${JSON.stringify(bad)}`);
  const failed = bad.items.find((i) => i.valid === 'false');
  assert(failed.kind === 'cite' && failed.result.includes('not proven to be part of the signed record'), `the tampered one is named: ${JSON.stringify(failed)}`);
  assert(bad.overall.includes('1 of 6 receipts failed'), bad.overall);
});

await browser.close();
clearTimeout(limit);
for (const p of results.problems) console.log(`problem: ${p}`);
write();
const failedCount = results.scenarios.filter((s) => !s.ok).length + results.problems.length;
console.log(`browser test: ${results.scenarios.length - results.scenarios.filter((s) => !s.ok).length} of ${results.scenarios.length} scenarios passed, ${results.problems.length} problems`);
process.exit(failedCount === 0 ? 0 : 1);

// Drives Debian's headless Chromium through Heard's pages against a running server.
// Started by tests/browser.rs, which passes the server's URL and the ids to visit in HEARD_*
// variables, then checks the server's side of what happened (the claim in the ledger, the key
// file, the request bodies, the copied BibTeX) from the results this script writes.
//
// Every scenario must pass; any failure (an assertion, a JavaScript error, a
// Content-Security-Policy violation, a serious or critical accessibility violation) makes the
// script exit non-zero after writing results.json.

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
const CODE = need('HEARD_CLAIM_CODE');
const CARD_IDEAS = need('HEARD_CARD_IDEAS').split(',');
const IDEA = need('HEARD_IDEA');
const IDEA_ENTRY = need('HEARD_IDEA_ENTRY');
const CONSULTATION = need('HEARD_CONSULTATION');
const REPORT = need('HEARD_REPORT');
const HOSTILE_IDEA = need('HEARD_HOSTILE_IDEA');
const HOSTILE_TEXT = need('HEARD_HOSTILE_TEXT');
const HOSTILE_NAME = need('HEARD_HOSTILE_NAME');
const PSEUDONYM = need('HEARD_PSEUDONYM');
const NEW_NAME = need('HEARD_NEW_NAME');
const TIME_LIMIT_MS = Number(process.env.HEARD_BROWSER_SECONDS ?? '150') * 1000;

fs.mkdirSync(ARTIFACTS, { recursive: true });
const results = { scenarios: [], axe: {}, posts: [], problems: [] };
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
  // Playwright adds a fresh temporary --user-data-dir for every launch.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
results.chromium = browser.version();

/// A context whose pages report script errors and policy violations, and whose POST bodies are kept.
async function context(options = {}) {
  const ctx = await browser.newContext({ acceptDownloads: true, ...options });
  ctx.on('request', (r) => {
    if (r.method() === 'POST') results.posts.push({ url: r.url(), body: r.postData() ?? '' });
  });
  ctx.on('page', watch);
  return ctx;
}

function watch(page) {
  page.on('console', (m) => {
    if (m.type() === 'error') results.problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => results.problems.push(`script error on ${page.url()}: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().includes('/static/') && r.status() !== 200) results.problems.push(`${r.url()} answered ${r.status()}`);
  });
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

const checks = (page, box) => page.$$eval(`${box} li[data-check]`, (ls) => ls.map((l) => [l.dataset.check, l.dataset.passed]));

async function verifyRun(page, receipt) {
  await page.evaluate(() => { delete document.getElementById('browser-result').dataset.done; });
  await page.fill('#receipt', receipt);
  await page.click('#verify-form button[type=submit]');
  await page.waitForSelector('#browser-result[data-done]');
  return { browser: await checks(page, '#browser-checks'), server: await checks(page, '#server-checks') };
}

const main = await context();
const page = await main.newPage();

await scenario('works without JavaScript: card lookup and the server’s receipt check', async () => {
  const ctx = await context({ javaScriptEnabled: false });
  const p = await ctx.newPage();
  await p.goto(`${BASE}/claim`);
  await p.fill('#code', CODE.toLowerCase());
  await Promise.all([p.waitForURL(/\/claim\?code=/), p.click('form.lookup button')]);
  assert(await p.isVisible('#claim-form'), 'the card and its claim form are shown');
  assert((await p.textContent('#claim-form')).includes('needs JavaScript'), 'the form says claiming needs JavaScript');
  await p.goto(`${BASE}/verify?entry=${IDEA_ENTRY}`);
  const server = await checks(p, '#server-checks');
  assert(server.length === 6 && server.every(([, ok]) => ok === 'true'), `the server's checks pass: ${server}`);
  const proves = await p.textContent('#proves-section');
  assert(!(await p.getAttribute('#proves-section', 'hidden')) && proves.includes('What this receipt proves') && proves.includes('Shown as'),
    `without JavaScript the server says what the receipt proves: ${proves}`);
  await ctx.close();
});

await scenario('home page: plain words, a skip link first, no accessibility problems', async () => {
  await page.goto(`${BASE}/`);
  assert((await page.textContent('h1')).includes('Ideas people gave'), 'heading');
  await page.keyboard.press('Tab');
  assert(await page.evaluate(() => document.activeElement?.classList.contains('skip')), 'the first Tab stop is the skip link');
  await axe(page, 'home');
  await page.goto(`${BASE}/consultations/${CONSULTATION}`);
  assert(await page.isVisible('figure.chart svg'), 'the citation chart');
  await axe(page, 'consultation');
  // The footer's notices, reached from the footer as a visitor would.
  await page.click('footer.site a[href="/privacy"]');
  assert((await page.textContent('h1')) === 'Privacy notice', 'the privacy notice opens from the footer');
  await axe(page, 'privacy');
  await page.click('footer.site a[href="/accessibility"]');
  assert((await page.textContent('h1')) === 'Accessibility statement', 'the accessibility statement opens from the footer');
  await axe(page, 'accessibility');
});

let keyText = null;
await scenario('claim an idea end to end with the code from a claim card', async () => {
  await page.goto(`${BASE}/claim?code=${CODE}`);
  await axe(page, 'claim (card found)');
  await page.check('#consent-pseudonym');
  await page.fill('#display-name', PSEUDONYM);
  // The key file is saved before the claim is sent (issue 25; tests/credit_browser.rs tries the rest).
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#key-make')]);
  const keyPath = path.join(ARTIFACTS, 'heard-key.txt');
  await download.saveAs(keyPath);
  keyText = fs.readFileSync(keyPath, 'utf8');
  results.keyFile = keyText;
  results.keyFileName = download.suggestedFilename();
  assert(/^PRIVATE\+KEY\+heard-contributor\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/.test(keyText), `key file form: ${keyText}`);
  await page.check('#key-saved');
  await page.click('#claim-button');
  await page.waitForSelector('#claim-status .success, #claim-status .error');
  const status = await page.textContent('#claim-status');
  assert(status.includes('Done'), `the claim is recorded: ${status}`);
  await axe(page, 'claim (done)');
  for (const id of CARD_IDEAS) {
    await page.goto(`${BASE}/ideas/${id}`);
    const who = await page.textContent('#contributor');
    assert(who.includes(PSEUDONYM), `the idea page shows the pseudonym: ${who}`);
  }
  await axe(page, 'idea');
});

await scenario('my contributions: open the key file, change consent, withdraw an idea', async () => {
  assert(keyText, 'a key file from the claim');
  const keyPath = path.join(ARTIFACTS, 'heard-key.txt');
  await page.goto(`${BASE}/contributors`);
  await axe(page, 'contributors (find)');
  await Promise.all([page.waitForURL(/\/contributors\/[0-9a-f]{64}$/), page.setInputFiles('#key-file', keyPath)]);
  results.portfolioUrl = page.url();
  const summary = await page.textContent('#summary');
  assert(summary.includes(`${CARD_IDEAS.length} ideas given`), `the portfolio lists the card's ideas: ${summary}`);
  await axe(page, 'contributor');
  await page.setInputFiles('#manage-key', keyPath);
  await page.check('#c-named');
  await page.fill('#c-name', NEW_NAME);
  await page.click('#consent-form button[type=submit]');
  await page.waitForSelector('#manage-status .success, #manage-status .error');
  assert((await page.textContent('#manage-status')).includes('Saved'), `consent change: ${await page.textContent('#manage-status')}`);
  await page.selectOption('#withdraw-idea', CARD_IDEAS[1]);
  await page.click('#withdraw-form button[type=submit]');
  assert((await page.textContent('#manage-status')).includes('Tick the box'), 'withdrawing asks for confirmation first');
  await page.check('#withdraw-sure');
  await page.click('#withdraw-form button[type=submit]');
  await page.waitForSelector('#manage-status .success');
  assert((await page.textContent('#manage-status')).includes('Withdrawn'), 'withdrawal recorded');
  await page.reload();
  const text = await page.textContent('main');
  assert(text.includes('You withdrew this idea') && text.includes(NEW_NAME), 'the portfolio shows both changes');
});

await scenario('verify a good receipt, a tampered one, and the compact form', async () => {
  await page.goto(`${BASE}/verify?entry=${IDEA_ENTRY}`);
  await page.waitForSelector('#browser-result[data-done]');
  const good = { browser: await checks(page, '#browser-checks'), server: await checks(page, '#server-checks') };
  results.verifyGood = good;
  const names = ['receipt_format', 'checkpoint_signature', 'checkpoint_format', 'entry_format', 'inclusion', 'statement_signature'];
  for (const side of ['browser', 'server']) {
    assert(JSON.stringify(good[side].map(([n]) => n)) === JSON.stringify(names), `${side} checks in order: ${good[side]}`);
    assert(good[side].every(([, ok]) => ok === 'true'), `${side}: every check passes`);
  }
  assert((await page.getAttribute('#browser-checks .verdict', 'data-valid')) === 'true', 'browser verdict valid');
  assert(await page.isVisible('#proves-section'), 'what the receipt proves is shown');
  const proves = await page.textContent('#proves');
  for (const words of ['Where', 'Given on', 'Shown as', 'Cited in', 'What was done', 'The words']) {
    assert(proves.includes(words), `what it proves names “${words}”: ${proves}`);
  }
  results.proves = proves;
  assert(await page.isHidden('#disagree'), 'no disagreement to explain');
  await axe(page, 'verify (passed)');

  const receipt = await page.inputValue('#receipt');
  const lines = receipt.split('\n');
  const at = lines.findIndex((l) => l.startsWith('index ')) + 1;
  assert(lines[at].length === 44, 'the receipt has a proof hash to change');
  const flip = (b64) => { const b = Buffer.from(b64, 'base64'); b[0] ^= 1; return b.toString('base64'); };
  const tampered = [...lines.slice(0, at), flip(lines[at]), ...lines.slice(at + 1)].join('\n');
  const bad = await verifyRun(page, tampered);
  results.verifyTampered = bad;
  for (const side of ['browser', 'server']) {
    const last = bad[side].at(-1);
    assert(last[0] === 'inclusion' && last[1] === 'false', `${side}: a changed proof hash fails at inclusion: ${bad[side]}`);
  }
  const said = await page.textContent('#browser-checks .verdict');
  assert(said.includes('A check failed: The entry is part of the signed record'), `the failed step is named: ${said}`);
  assert(await page.isHidden('#proves-section'), 'a failed receipt proves nothing');
  await axe(page, 'verify (failed)');

  const root = lines.findIndex((l) => l === '') + 3;
  const forged = [...lines.slice(0, root), flip(lines[root]), ...lines.slice(root + 1)].join('\n');
  const sig = await verifyRun(page, forged);
  for (const side of ['browser', 'server']) {
    const last = sig[side].at(-1);
    assert(last[0] === 'checkpoint_signature' && last[1] === 'false', `${side}: a changed root fails the signature: ${sig[side]}`);
  }

  // Another record's key in the box: the browser's check fails, the server's passes; the page
  // says what the disagreement means.
  // The key sits behind "Technical details", as a person would find it.
  if (!(await page.isVisible('#log-key'))) await page.click('#key-details > summary');
  const ownKey = await page.inputValue('#log-key');
  await page.fill('#log-key', ownKey.replace(/^[^+]+/, 'another.example/log'));
  const other = await verifyRun(page, receipt);
  assert(other.browser.every(([, ok]) => ok === 'true') === false || other.browser.length === 0, `the browser does not pass it: ${JSON.stringify(other)}`);
  assert(other.server.length === 6 && other.server.every(([, ok]) => ok === 'true'), `the server passes it: ${JSON.stringify(other)}`);
  const why = await page.textContent('#disagree');
  assert(await page.isVisible('#disagree') && why.includes('disagree') && why.includes('do not rely on it'), `the disagreement is explained: ${why}`);
  await axe(page, 'verify (disagreement)');
  await page.fill('#log-key', ownKey);

  const compact = Buffer.from(receipt, 'utf8').toString('base64url');
  const small = await verifyRun(page, compact);
  assert(small.browser.length === 6 && small.browser.every(([, ok]) => ok === 'true'), `the compact form passes: ${small.browser}`);
});

await scenario('report page: copy its BibTeX', async () => {
  const ctx = await context({ permissions: ['clipboard-read', 'clipboard-write'] });
  const p = await ctx.newPage();
  await p.goto(`${BASE}/reports/${REPORT}`);
  await p.click('button[data-copy="export-bibtex"]');
  await p.waitForFunction(() => document.getElementById('copy-status').textContent.includes('copied'));
  const copied = await p.evaluate(() => navigator.clipboard.readText());
  const served = await (await fetch(`${BASE}/v1/reports/${REPORT}/citations.bib`)).text();
  assert(copied === served, 'the copied BibTeX is the served BibTeX');
  assert(copied.includes('@misc{'), 'BibTeX entries');
  results.bibtexCopied = copied;
  await axe(p, 'report');
  await ctx.close();
});

await scenario('hostile text shows as text and runs nothing', async () => {
  await page.goto(`${BASE}/ideas/${HOSTILE_IDEA}`);
  assert((await page.textContent('#idea-text')).trim() === HOSTILE_TEXT, 'the idea text is shown literally');
  assert((await page.textContent('#contributor strong')).trim() === HOSTILE_NAME, 'the name is shown literally');
  assert((await page.$$('#contributor b, #idea-text img, #idea-text script')).length === 0, 'no elements from the text');
  assert(await page.evaluate(() => window.__heardXss === undefined), 'no hostile script ran');
  await axe(page, 'idea (hostile text)');
});

await scenario('narrow phone (360 px): idea page screenshot, no sideways scrolling', async () => {
  const ctx = await context({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 1 });
  const p = await ctx.newPage();
  for (const url of ['/privacy', '/accessibility', `/ideas/${IDEA}`, `/consultations/${CONSULTATION}`, `/claim?code=${CODE}`, `/reports/${REPORT}`, `/verify?entry=${IDEA_ENTRY}`, results.portfolioUrl.slice(BASE.length)]) {
    await p.goto(`${BASE}${url}`);
    const wide = await p.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 360, `${url} fits 360 px (scroll width ${wide})`);
  }
  await p.goto(`${BASE}/ideas/${IDEA}`);
  const shot = path.join(ARTIFACTS, 'idea-360.png');
  await p.screenshot({ path: shot, fullPage: true });
  results.screenshot = shot;
  await p.goto(`${BASE}/verify?entry=${IDEA_ENTRY}`);
  await p.waitForSelector('#browser-result[data-done]');
  await p.screenshot({ path: path.join(ARTIFACTS, 'verify-360.png'), fullPage: true });
  await ctx.close();
});

await browser.close();
clearTimeout(limit);
for (const p of results.problems) console.log(`problem: ${p}`);
write();
const failed = results.scenarios.filter((s) => !s.ok).length + results.problems.length;
console.log(`browser test: ${results.scenarios.length - results.scenarios.filter((s) => !s.ok).length} of ${results.scenarios.length} scenarios passed, ${results.problems.length} problems; results in ${path.join(ARTIFACTS, 'results.json')}`);
process.exit(failed === 0 ? 0 : 1);

// Payments a person can see (issue 25 A), in Debian's headless Chromium against a Heard server
// started by tests/payments_browser.rs (which passes the URL, an organisation's invitation,
// the contributors' key files and ids in HEARD_* variables and checks the server's side from
// results.json afterwards):
//
// the organisation joins (a key made in this browser), opens a consultation; the contributor
// gives two ideas with her own key (the CLI); on the response board the organisation records
// a payment for one (keyboard only, after a bad amount is stopped) and "said no" for the
// other; an idea of another organisation's consultation is refused with the server's
// sentence. The contributor's portfolio shows no amount until she opens her key file
// (someone else's key file is refused with the server's sentence); the public idea page and
// the JSON views never show it. axe-core at 360 and 1280 px.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const need = (k) => {
  const v = process.env[k];
  if (!v) { console.error(`payments browser test: ${k} is not set`); process.exit(2); }
  return v;
};
const BASE = need('HEARD_URL');
const CHROMIUM = need('HEARD_CHROMIUM');
const ARTIFACTS = need('HEARD_ARTIFACTS');
const INVITE_ORG = need('HEARD_INVITE_ORG');
const BIN = need('HEARD_BIN');
const AMARA_KEY = need('HEARD_AMARA_KEY_FILE');
const AMARA = need('HEARD_AMARA');
const OTHER_KEY = need('HEARD_OTHER_KEY_FILE');
const FOREIGN_IDEA = need('HEARD_FOREIGN_IDEA');
const TIME_LIMIT_MS = Number(process.env.HEARD_BROWSER_SECONDS ?? '150') * 1000;
const PAID = 'Open the library on Saturday afternoons';
const DECLINED = 'A quiet room for homework after school';

fs.mkdirSync(ARTIFACTS, { recursive: true });
const results = { scenarios: [], axe: {}, posts: [], problems: [] };
const write = () => fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
const limit = setTimeout(() => {
  results.problems.push(`over the time limit of ${TIME_LIMIT_MS / 1000} s`);
  write();
  console.error('payments browser test: over its time limit');
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

async function context() {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 } });
  ctx.on('request', (r) => {
    if (r.method() === 'POST') results.posts.push({ url: r.url(), body: r.postData() ?? '' });
  });
  ctx.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) results.problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => results.problems.push(`script error on ${page.url()}: ${e.message}`));
  });
  return ctx;
}

async function axe(page, name) {
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(AXE);
    const r = await page.evaluate(() =>
      globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }));
    const violations = r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, first: v.nodes[0]?.target?.join(' ') }));
    results.axe[`${name} @${width}`] = { url: page.url(), passes: r.passes.length, violations };
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert(bad.length === 0, `no serious or critical accessibility violations on ${name} at ${width} px: ${JSON.stringify(bad)}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= width, `${name} fits ${width} px (is ${wide} px wide)`);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name.replace(/\W+/g, '-')}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 360, height: 780 });
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

async function tabTo(page, id) {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate((x) => document.activeElement?.id === x, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

const statementPosts = () => results.posts.filter((p) => p.url.endsWith('/v1/statements')).length;

const org = await context();
const o = await org.newPage();
let consultation = null;

await scenario('the organisation joins and opens a consultation; the contributor gives two ideas', async () => {
  await o.goto(INVITE_ORG);
  await o.waitForSelector('#join:visible');
  await o.click('#join');
  await o.waitForSelector('#join-status .ok');
  await o.goto(`${BASE}/staff/consultations/new`);
  await o.waitForSelector('#open-form:visible');
  await o.fill('#title', 'Library hours');
  await o.fill('#date', '2026-05-09');
  await o.fill('#place', 'Riverside Library');
  await o.fill('#topic', 'libraries');
  await Promise.all([o.waitForURL(/\/consultations\/[0-9a-f]{64}$/), o.click('#open-form button[type=submit]')]);
  consultation = o.url().split('/').pop();
  results.ideas = {};
  for (const words of [PAID, DECLINED]) {
    const out = execFileSync(BIN, ['idea', 'record', '--own', '--key', AMARA_KEY, '--consultation', consultation, '--text', words, '--name', 'Amara Okafor', '--server', BASE]).toString();
    const id = out.split('\n').find((l) => l.startsWith('id '))?.slice(3).trim();
    assert(/^[0-9a-f]{64}$/.test(id ?? ''), `the CLI printed the idea's id: ${out}`);
    results.ideas[words] = id;
  }
});

await scenario('from the board, a bad amount is stopped, then a payment is recorded by keyboard alone', async () => {
  await o.goto(`${BASE}/staff/board`);
  await o.waitForSelector('#board-items li');
  await Promise.all([
    o.waitForURL(/\/recognise$/),
    o.click(`#board-items li:has(label:text-is("${PAID}")) a[href$="/recognise"]`),
  ]);
  await o.waitForSelector('#pay-form:visible');
  assert((await o.textContent('#idea-words')).includes(PAID), 'the page shows the idea');
  await axe(o, 'record a payment');
  const before = statementPosts();
  await o.check('#pay-paid');
  await o.fill('#pay-amount', '12.345');
  await o.click('#pay-send');
  await o.waitForSelector('#pay-errors:visible');
  const summary = await o.textContent('#pay-errors');
  assert(summary.includes('Enter the amount as a number of pounds'), `the error summary says what is wrong: ${summary}`);
  assert(await o.getAttribute('#pay-amount', 'aria-invalid') === 'true', 'the amount is marked invalid');
  await o.fill('#pay-currency', 'GB');
  await o.click('#pay-send');
  assert((await o.textContent('#pay-errors')).includes('three capital letters'), 'a bad currency is stopped too');
  assert(statementPosts() === before, 'nothing was sent while the form was wrong');
  await axe(o, 'record a payment (errors)');
  // The keyboard alone, from a fresh page.
  await o.reload();
  await o.waitForSelector('#pay-form:visible');
  await o.evaluate(() => document.activeElement?.blur());
  await tabTo(o, 'pay-paid');
  await o.keyboard.press('Space');
  assert(await o.isChecked('#pay-paid'), 'Space chooses “They were paid”');
  await tabTo(o, 'pay-amount');
  await o.keyboard.type('25.50');
  await tabTo(o, 'pay-note');
  await o.keyboard.type('Thank you for the workshop');
  await tabTo(o, 'pay-send');
  await o.keyboard.press('Enter');
  await o.waitForSelector('#pay-status .ok, #pay-status .error');
  const said = await o.textContent('#pay-status');
  assert(said.includes('Recorded: paid 25.50 GBP'), `the page says what was recorded: ${said}`);
  await o.screenshot({ path: path.join(ARTIFACTS, 'payment-recorded-360.png'), fullPage: true });
});

await scenario('the other idea: they said no to payment', async () => {
  await o.goto(`${BASE}/staff/ideas/${results.ideas[DECLINED]}/recognise`);
  await o.waitForSelector('#pay-form:visible');
  await o.check('#pay-declined');
  assert(await o.isHidden('#pay-amount'), 'no amount is asked for when they said no');
  await o.click('#pay-send');
  await o.waitForSelector('#pay-status .ok, #pay-status .error');
  assert((await o.textContent('#pay-status')).includes('they said no to payment'), 'declined recorded');
});

await scenario('an idea of another organisation’s consultation: refused with the server’s sentence', async () => {
  await o.goto(`${BASE}/staff/ideas/${FOREIGN_IDEA}/recognise`);
  await o.waitForSelector('#pay-form:visible');
  await o.check('#pay-paid');
  await o.fill('#pay-amount', '10');
  await o.click('#pay-send');
  await o.waitForSelector('#pay-status .ok, #pay-status .error');
  const said = await o.textContent('#pay-status');
  assert(said.includes('Nothing was saved. The server said: only the convening organisation records acknowledgements'), `the server's sentence: ${said}`);
});

await scenario('the payment page lists what was recorded, the amounts only for the organisation that paid', async () => {
  const page = (id) => `${BASE}/staff/ideas/${id}/recognise`;
  // As served, the page holds no amount: its script asks for each with the organisation's key.
  const served = await (await o.request.get(page(results.ideas[PAID]))).text();
  // (The form's hint gives 25.50 as an example, so the list is what is looked at.)
  const start = served.indexOf('<ul id="pay-recorded">');
  const list = served.slice(start, served.indexOf('</ul>', start));
  assert(start > 0 && list.includes('amount not shown'), `the list as served: ${list}`);
  assert(!list.includes('25.50') && !list.includes('GBP') && !/(^|[^0-9a-f])2550([^0-9a-f]|$)/.test(list), `the list as served holds no amount: ${list}`);
  await o.goto(page(results.ideas[PAID]));
  await o.waitForSelector('#pay-recorded-status .ok, #pay-recorded-status .error');
  const status = await o.textContent('#pay-recorded-status');
  assert(status.includes('1 amount shown'), `shown: ${status}`);
  const item = await o.textContent('#pay-recorded li');
  assert(item.includes('Paid: 25.50 GBP') && item.includes('Thank you for the workshop'), `the recorded payment: ${item}`);
  await axe(o, 'recorded payments');
  await o.goto(page(results.ideas[DECLINED]));
  await o.waitForSelector('#pay-recorded li');
  const declined = await o.textContent('#pay-recorded');
  assert(declined.includes('They said no to payment'), `declined: ${declined}`);
  assert((await o.$$('#pay-recorded .pay-amount')).length === 0, 'no amount asked for a refusal');
  // Another organisation's payment: listed, its amount refused in plain words.
  const before = results.posts.filter((p) => p.url.endsWith('/v1/payments/organisation')).length;
  await o.goto(page(FOREIGN_IDEA));
  await o.waitForSelector('#pay-recorded-status .ok, #pay-recorded-status .error');
  const refused = await o.textContent('#pay-recorded .pay-amount');
  assert(refused.includes('not shown') && refused.includes('another organisation'), `refused in plain words: ${refused}`);
  assert((await o.textContent('#pay-recorded-status')).includes('0 amounts shown'), `none shown: ${await o.textContent('#pay-recorded-status')}`);
  assert(!(await o.textContent('main')).includes('40.00'), 'no amount of another organisation');
  assert(results.posts.filter((p) => p.url.endsWith('/v1/payments/organisation')).length === before + 1, 'one signed request was sent');
  await axe(o, 'recorded payments (another organisation)');
});

await scenario('the contributor sees her amount only after opening her key file; public pages never', async () => {
  const them = await context();
  const p = await them.newPage();
  await p.goto(`${BASE}/contributors/${AMARA}`);
  const before = await p.textContent('main');
  assert(before.includes('Recognised: paid') && before.includes('Declined'), `the portfolio says recognition was given: ${before.slice(0, 600)}`);
  // 2550 standing alone, not four digits inside a hash the page shows.
  assert(!before.includes('25.50') && !/(^|[^0-9a-f])2550([^0-9a-f]|$)/i.test(before), 'no amount before the key file is opened');
  await axe(p, 'portfolio');
  // Someone else's key file: the server's sentence, no amount.
  await p.setInputFiles('#payments-key', OTHER_KEY);
  await p.click('#payments-form button[type=submit]');
  await p.waitForSelector('#payments-status .error, #payments-status .success');
  const refused = await p.textContent('#payments-status');
  assert(refused.startsWith('The amounts cannot be shown:') && refused.includes('contributor'), `the server's sentence: ${refused}`);
  assert(!(await p.textContent('main')).includes('25.50'), 'still no amount');
  // Her own key file, by keyboard: the amount appears beside the idea and in the list.
  await p.setInputFiles('#payments-key', AMARA_KEY);
  await tabTo(p, 'payments-key');
  await p.keyboard.press('Tab');
  await p.keyboard.press('Enter');
  // The refusal above is still shown until the script starts: wait for a new outcome, not
  // the old one (a loaded machine once read "Signing…" here).
  await p.waitForFunction((old) => {
    const s = document.querySelector('#payments-status');
    return s && s.textContent !== old && s.querySelector('.success, .error');
  }, refused);
  const status = await p.textContent('#payments-status');
  assert(status.includes('1 amount shown'), `shown: ${status}`);
  const beside = await p.textContent(`.ack-amount`);
  assert(beside === '25.50 GBP', `the amount beside the idea: ${beside}`);
  assert((await p.textContent('#payments-list')).includes(`25.50 GBP: ${PAID}`), 'the list names the idea');
  await p.locator('#payments').screenshot({ path: path.join(ARTIFACTS, 'portfolio-payments-section-360.png') });
  await p.locator(`article:has(.ack-amount)`).screenshot({ path: path.join(ARTIFACTS, 'portfolio-paid-idea-360.png') });
  await axe(p, 'portfolio with amounts');
  // The public idea page and the JSON views: never the amount.
  for (const url of [`${BASE}/ideas/${results.ideas[PAID]}`, `${BASE}/v1/ideas/${results.ideas[PAID]}`, `${BASE}/v1/contributors/${AMARA}`]) {
    const r = await p.request.get(url, { headers: { Accept: url.includes('/v1/') ? 'application/json' : 'text/html' } });
    const text = await r.text();
    assert(r.ok(), `${url} answers`);
    // 2550 as a number of its own (a JSON value), not four digits inside a hex id or hash,
    // which a random id holds now and then.
    assert(!text.includes('25.50') && !/"amount"\s*:\s*2550/.test(text) && !/[:,[]\s*2550\s*[,}\]]/.test(text), `${url} shows no amount`);
  }
  await p.goto(`${BASE}/ideas/${results.ideas[PAID]}`);
  assert(!(await p.textContent('body')).includes('25.50'), 'the public idea page shows no amount');
  await them.close();
});

await scenario('the staff pages in Welsh: the home, the board and the payment page, their scripts too', async () => {
  const ENGLISH = ['Signed in as', 'Answering as', 'ideas shown', 'idea shown', 'See the idea and its history', 'Record a payment', 'Recording as', 'Given on', 'No answer yet', 'Tick the ideas', 'There is a problem', 'Enter the amount', 'Recorded for this idea', 'amount shown', 'Paid:'];
  const noEnglish = async (name) => {
    const text = await o.evaluate(() => document.body.innerText);
    const words = [PAID, DECLINED, 'Library hours', 'Riverside Libraries', 'Amara Okafor'].reduce((t, d) => t.split(d).join(' '), text);
    for (const e of ENGLISH) assert(!words.includes(e), `${name} in Welsh shows no “${e}”: ${words.slice(0, 600)}`);
  };
  await o.goto(`${BASE}/staff?lang=cy`);
  await o.waitForSelector('#who .ok');
  assert((await o.textContent('#who')).includes('Wedi mewngofnodi fel Riverside Libraries (Sefydliad'), `the home's script speaks Welsh: ${await o.textContent('#who')}`);
  assert((await o.textContent('#consultations')).includes('Mai 2026'), `dates in Welsh: ${await o.textContent('#consultations')}`);
  await noEnglish('staff home');
  await axe(o, 'staff home (Welsh)');
  await o.goto(`${BASE}/staff/board`);
  await o.waitForSelector('#board-items li');
  assert((await o.textContent('#board-count')).startsWith('Yn dangos 2 syniad'), `the board's count in Welsh: ${await o.textContent('#board-count')}`);
  assert((await o.textContent('#board-items')).includes('Cofnodi taliad'), 'the payment link in Welsh');
  await noEnglish('response board');
  await axe(o, 'response board (Welsh)');
  await o.goto(`${BASE}/staff/ideas/${results.ideas[PAID]}/recognise`);
  await o.waitForSelector('#pay-form:visible');
  await o.check('#pay-paid');
  await o.fill('#pay-amount', 'deg');
  await o.click('#pay-send');
  await o.waitForSelector('#pay-errors:visible');
  assert((await o.textContent('#pay-errors')).includes('Rhowch y swm fel nifer o bunnoedd'), `the error summary in Welsh: ${await o.textContent('#pay-errors')}`);
  await o.waitForSelector('#pay-recorded-status .ok, #pay-recorded-status .error');
  assert((await o.textContent('#pay-recorded-status')).includes('Dangoswyd 1 swm'), `the amounts' status in Welsh: ${await o.textContent('#pay-recorded-status')}`);
  assert((await o.textContent('#pay-recorded li')).includes('Talwyd: 25.50 GBP'), `the recorded payment in Welsh: ${await o.textContent('#pay-recorded li')}`);
  await noEnglish('record a payment');
  await axe(o, 'record a payment (Welsh)');
  await o.goto(`${BASE}/staff?lang=en`);
});

results.orgKey = await o.evaluate(async () => {
  const db = await new Promise((res, rej) => { const r = indexedDB.open('heard-staff'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const me = await new Promise((res) => { const r = db.transaction('me').objectStore('me').get('me'); r.onsuccess = () => res(r.result); });
  db.close();
  return Array.from(me.pub, (b) => b.toString(16).padStart(2, '0')).join('');
});
results.consultation = consultation;
write();
clearTimeout(limit);
await browser.close();
const failed = results.scenarios.filter((s) => !s.ok);
if (results.problems.length) console.log(`problems:\n${results.problems.join('\n')}`);
process.exit(failed.length || results.problems.length ? 1 : 0);

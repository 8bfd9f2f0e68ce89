// A facilitator's day in Debian's headless Chromium against a running Heard server (started
// by tests/staff_browser.rs, which passes the server's URL, the invitation links and the ids
// in HEARD_* variables and checks the server's side afterwards from results.json):
//
// invitation → key made in this browser (non-extractable) → open a consultation → record
// ideas at 360 px (co-contributors, builds-on, one while the network is cut, one with the
// keyboard alone) → show a card full screen → print the cards to PDF → a contributor claims
// a card. Then the refusals: a revoked key, a consultation the key may not record in, and a
// queued idea whose consultation was closed while it waited. axe-core on every staff page
// at 360 and 1280 px.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const need = (k) => {
  const v = process.env[k];
  if (!v) { console.error(`staff browser test: ${k} is not set`); process.exit(2); }
  return v;
};
const BASE = need('HEARD_URL');
const CHROMIUM = need('HEARD_CHROMIUM');
const ARTIFACTS = need('HEARD_ARTIFACTS');
const INVITE = need('HEARD_INVITE');
const INVITE_REVOKED = need('HEARD_INVITE_REVOKED');
const OTHER = need('HEARD_OTHER_CONSULTATION');
const BIN = need('HEARD_BIN');
const DATA = need('HEARD_DATA');
const COUNCIL_KEY = need('HEARD_COUNCIL_KEY');
const CO_KEY = need('HEARD_CO_KEY');
const INVITE_TEAM = need('HEARD_INVITE_TEAM');
const INVITE_ORG = need('HEARD_INVITE_ORG');
const PARKS_IDEA = need('HEARD_PARKS_IDEA');
const TIME_LIMIT_MS = Number(process.env.HEARD_BROWSER_SECONDS ?? '150') * 1000;

fs.mkdirSync(ARTIFACTS, { recursive: true });
const results = { scenarios: [], axe: {}, posts: [], problems: [], ideas: [], cards: [] };
const write = () => fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
const limit = setTimeout(() => {
  results.problems.push(`over the time limit of ${TIME_LIMIT_MS / 1000} s`);
  write();
  console.error('staff browser test: over its time limit');
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

async function context(options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, ...options });
  ctx.on('request', (r) => {
    if (r.method() === 'POST') results.posts.push({ url: r.url(), body: r.postData() ?? '' });
  });
  ctx.on('response', (r) => {
    if (r.url().endsWith('/staff/cards/sheet')) results.sheetStatus = r.status();
  });
  ctx.on('page', (page) => {
    page.on('console', (m) => {
      // A request refused on purpose (the hostile cases) is logged by Chromium as an error.
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) results.problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => results.problems.push(`script error on ${page.url()}: ${e.message}`));
  });
  return ctx;
}

/// axe-core at 360 and 1280 px; no serious or critical violation.
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

/// Presses Tab until the element with `id` has the focus (keyboard only), at most 60 times.
async function tabTo(page, id) {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate((x) => document.activeElement?.id === x, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

async function joinWith(page, link) {
  await page.goto(link);
  await page.waitForSelector('#join:visible');
  await page.click('#join');
  await page.waitForSelector('#join-status .ok, #join-status .error');
  const text = await page.textContent('#join-status');
  assert(text.includes('You are signed in'), `joined: ${text}`);
}

/// Records one idea with the mouse; waits until the page says it was saved (or refused).
async function record(page, { words, who = '', consent = 'anonymous', name = '', tags = '', buildsOn = null, co = '' }, wait = true) {
  await page.fill('#words', words);
  await page.fill('#who-said', who);
  await page.check(`#consent-${consent}`);
  if (consent !== 'anonymous') await page.fill('#shown-name', name);
  await page.fill('#tags', tags);
  if (buildsOn) await page.selectOption('#builds-on', buildsOn);
  await page.fill('#co', co);
  const before = await page.$$eval('#recorded-list li', (l) => l.length);
  await page.click('#record');
  await page.waitForFunction((n) => document.querySelectorAll('#recorded-list li').length > n, before);
  if (wait) await page.waitForFunction((w) => [...document.querySelectorAll('#recorded-list li')].some((li) => li.querySelector('blockquote')?.textContent === w && !li.textContent.includes('Waiting')), words);
}

async function recordedItem(page, words) {
  return page.evaluate(async (w) => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('heard-staff'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const all = await new Promise((res) => { const r = db.transaction('queue').objectStore('queue').getAll(); r.onsuccess = () => res(r.result); });
    db.close();
    return all.find((i) => i.words === w);
  }, words);
}

const ctx = await context();
const page = await ctx.newPage();
let session = null;
const words = {
  first: 'Text people the day before a repair visit',
  second: 'And let them choose the time slot by text',
  offline: 'Fix the lifts before the winter',
  keyboard: 'A named contact for each block',
};

await scenario('join with an invitation: a key only this browser holds', async () => {
  await page.goto(INVITE);
  await page.waitForSelector('#join:visible');
  assert((await page.textContent('#invitation')).includes('Amara Okafor'), 'the invitation names the person');
  await axe(page, 'join');
  await joinWith(page, INVITE);
  assert(!page.url().includes('#'), 'the spent secret is taken out of the address bar');
  const key = await page.evaluate(async () => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('heard-staff'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const me = await new Promise((res) => { const r = db.transaction('me').objectStore('me').get('me'); r.onsuccess = () => res(r.result); });
    db.close();
    let exported = false;
    try { await crypto.subtle.exportKey('pkcs8', me.privateKey); exported = true; } catch { exported = false; }
    return { pub: Array.from(me.pub, (b) => b.toString(16).padStart(2, '0')).join(''), extractable: me.privateKey.extractable, exported };
  });
  assert(key.extractable === false && key.exported === false, `the private key cannot be exported: ${JSON.stringify(key)}`);
  results.facilitatorKey = key.pub;
});

await scenario('the same invitation a second time is refused in plain words', async () => {
  const other = await context();
  const p = await other.newPage();
  await p.goto(INVITE);
  await p.waitForSelector('#invitation .error');
  assert((await p.textContent('#invitation')).includes('already been used'), 'used');
  await other.close();
});

await scenario('my consultations, then open a new one', async () => {
  await page.goto(`${BASE}/staff`);
  await page.waitForSelector('#mine:visible');
  assert((await page.textContent('#who')).includes('Amara Okafor'), 'signed in as Amara');
  await axe(page, 'staff home');
  await page.click('#open-new a');
  await page.waitForSelector('#open-form:visible');
  await axe(page, 'open a consultation');
  // An empty form: an error summary, nothing sent.
  await page.click('#open-form button[type=submit]');
  await page.waitForSelector('#open-errors:visible');
  await page.fill('#title', 'Damp and repairs: listening session');
  await page.fill('#date', '2026-03-14');
  await page.fill('#place', 'Riverside Community Centre');
  await page.fill('#topic', 'housing');
  await page.selectOption('#convenor', { label: 'Riverside Council' });
  await Promise.all([page.waitForURL(/\/staff\/consultations\/[0-9a-f]{64}$/), page.click('#open-form button[type=submit]')]);
  session = page.url().split('/').pop();
  results.session = session;
  await page.waitForSelector('#record-form:visible');
  assert(await page.inputValue('#given') === '2026-03-14', 'the date given defaults to the session date');
  await axe(page, 'record an idea');
});

await scenario('record ideas at 360 px: co-contributors, builds-on, offline, keyboard only', async () => {
  assert(session, 'a session');
  await record(page, { words: words.first, who: 'Person 1', consent: 'pseudonym', name: 'River', tags: 'repairs, damp', co: CO_KEY });
  const first = await recordedItem(page, words.first);
  await record(page, { words: words.second, who: 'Person 2', buildsOn: first.id, tags: 'repairs' });
  // The network drops: the idea waits, signed, and the page says so; it goes when it returns.
  await ctx.setOffline(true);
  await record(page, { words: words.offline, who: 'Person 1' }, false);
  await page.waitForSelector('#queue-status:visible');
  const waiting = await page.textContent('#queue-status');
  assert(waiting.includes('1 idea is waiting'), `the page says one idea waits: ${waiting}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'record-offline-360.png'), fullPage: true });
  await ctx.setOffline(false);
  await page.waitForFunction((w) => [...document.querySelectorAll('#recorded-list li')].some((li) => li.querySelector('blockquote')?.textContent === w && li.textContent.includes('Saved')), words.offline, { timeout: 20000 });
  assert(await page.isHidden('#queue-status'), 'nothing waits any more');
  // The keyboard alone: Tab to each field, type, Space to choose, Enter to send.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Tab');
  await tabTo(page, 'words');
  await page.keyboard.type(words.keyboard);
  await tabTo(page, 'who-said');
  await page.keyboard.type('Person 4');
  await tabTo(page, 'tags');
  await page.keyboard.type('lifts');
  await tabTo(page, 'record');
  await page.keyboard.press('Enter');
  await page.waitForFunction((w) => [...document.querySelectorAll('#recorded-list li')].some((li) => li.querySelector('blockquote')?.textContent === w && li.textContent.includes('Saved')), words.keyboard);
  // Five more people, so the print batch fills one A4 sheet (8 cards).
  for (let i = 5; i <= 9; i++) await record(page, { words: `Idea ${i} from the room`, who: `Person ${i}` });
  const items = await page.evaluate(async () => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('heard-staff'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const all = await new Promise((res) => { const r = db.transaction('queue').objectStore('queue').getAll(); r.onsuccess = () => res(r.result); });
    db.close();
    return all.map((i) => ({ id: i.id, words: i.words, code: i.code, state: i.state, note: i.note }));
  });
  results.ideas = items;
  assert(items.length === 9 && items.every((i) => i.state === 'sent'), `nine ideas sent: ${JSON.stringify(items)}`);
  const codes = [...new Set(items.map((i) => i.code))];
  assert(codes.length === 8, `Person 1's two ideas share one card: ${codes.length} cards`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'record-360.png'), fullPage: true });
});

await scenario('show a claim card full screen', async () => {
  const first = results.ideas.find((i) => i.words === words.first);
  await page.click(`#recorded-list li:has(blockquote:text-is("${words.first}")) button`);
  await page.waitForSelector('#card-qr img');
  assert((await page.textContent('#card-code')) === first.code, 'the card shows its code');
  await page.screenshot({ path: path.join(ARTIFACTS, 'card-fullscreen-360.png') });
  await axe(page, 'claim card full screen');
  await page.keyboard.press('Escape');
});

await scenario('print the session’s claim cards to PDF', async () => {
  const [sheet] = await Promise.all([ctx.waitForEvent('page'), page.click('#print')]);
  await sheet.waitForLoadState('load');
  assert(sheet.url().endsWith('/staff/cards/sheet') && results.sheetStatus === 200, `the sheet: ${sheet.url()} answered ${results.sheetStatus}`);
  await sheet.emulateMedia({ media: 'print' });
  const pdf = path.join(ARTIFACTS, 'cards.pdf');
  await sheet.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
  results.pdf = pdf;
  await sheet.emulateMedia({ media: 'screen' });
  await axe(sheet, 'print sheet');
  await sheet.close();
});

await scenario('a contributor claims a card from the session', async () => {
  const second = results.ideas.find((i) => i.words === words.second);
  const other = await context();
  const p = await other.newPage();
  await p.goto(`${BASE}/claim?code=${second.code}`);
  await p.check('#consent-pseudonym');
  await p.fill('#display-name', 'Tenant 2');
  // A first claim: the key file is saved before the claim is sent.
  await Promise.all([p.waitForEvent('download'), p.click('#key-make')]);
  await p.check('#key-saved');
  await p.click('#claim-button');
  await p.waitForSelector('#claim-status .success, #claim-status .error');
  const status = await p.textContent('#claim-status');
  assert(status.includes('Done'), `claimed: ${status}`);
  results.claimed = second.code;
  await other.close();
});

await scenario('an organisation opens a consultation, the facilitator records, the organisation answers', async () => {
  const org = await context();
  const o = await org.newPage();
  await joinWith(o, INVITE_ORG);
  await o.goto(`${BASE}/staff/consultations/new`);
  await o.waitForSelector('#open-form:visible');
  await o.fill('#title', 'Repairs follow-up');
  await o.fill('#date', '2026-04-02');
  await o.fill('#place', 'Online');
  await o.fill('#topic', 'housing');
  await o.check('#recorders input[type=checkbox] >> nth=0');
  await Promise.all([o.waitForURL(/\/consultations\/[0-9a-f]{64}$/), o.click('#open-form button[type=submit]')]);
  const followUp = o.url().split('/').pop();
  results.followUp = followUp;
  // The facilitator (the first context) records three ideas in it.
  await page.goto(`${BASE}/staff/consultations/${followUp}`);
  await page.waitForSelector('#record-form:visible');
  const answered = ['Repair the lift at Block C', 'Paint the stairwells', 'Fix the door entry system'];
  for (const [n, w] of answered.entries()) await record(page, { words: w, who: `Tenant ${n}` });
  // The organisation answers: one idea in two stages, two with one answer, one refusal.
  await o.goto(`${BASE}/staff/board`);
  await o.waitForSelector('#board:visible');
  await o.waitForSelector('#board-items li');
  await axe(o, 'response board');
  const tick = async (w) => o.check(`#board-items li:has(label:text-is("${w}")) input[name=idea]`);
  const send = async (stage, reason) => {
    await o.check(`#stage-${stage}`);
    await o.fill('#answer-reason', reason);
    await o.click('#answer-send');
    await o.waitForSelector('#answer-status .ok, #answer-status .error');
    const t = await o.textContent('#answer-status');
    await o.evaluate(() => { document.getElementById('answer-status').textContent = ''; });
    return t;
  };
  await tick(answered[0]);
  assert((await send('adopted', 'In the 2027 repairs contract')).includes('Answer saved'), 'adopted');
  await tick(answered[0]);
  assert((await send('delivered', 'The lift was repaired in May')).includes('Answer saved'), 'delivered');
  await tick(answered[1]);
  await tick(answered[2]);
  assert((await send('not-adopted', 'Not in this year’s budget')).includes('for 2 ideas'), 'one answer for two ideas');
  await tick(answered[1]);
  const refused = await send('delivered', 'Done');
  assert(refused.includes('cannot move to that stage yet') && refused.includes('Nothing was saved'), `plain words: ${refused}`);
  await o.check('#filter-unanswered');
  assert((await o.textContent('#board-count')).startsWith('0 ideas'), 'nothing left unanswered');
  results.answered = [];
  for (const w of answered) {
    const item = await recordedItem(page, w);
    results.answered.push({ words: w, id: item.id, code: item.code });
  }
  await org.close();
});

await scenario('a policy team builds a report from ideas of three consultations, reloads, publishes', async () => {
  const first = results.ideas.find((i) => i.words === words.first);
  const lifts = results.answered[0];
  const team = await context();
  const p = await team.newPage();
  await joinWith(p, INVITE_TEAM);
  for (const id of [first.id, PARKS_IDEA]) {
    await p.goto(`${BASE}/ideas/${id}`);
    await p.waitForSelector('#add-to-report:visible');
    await p.click('#add-to-report button');
    await p.waitForSelector('#add-to-report .ok');
  }
  await axe(p, 'idea (add to report)');
  await p.goto(`${BASE}/staff/reports/new`);
  await p.waitForSelector('#report-form:visible');
  await p.fill('#report-title', 'Housing Plan');
  await p.fill('#report-version', 'v2');
  await p.fill('#locator-0', 'recommendation 3, page 12');
  await p.check('#how-0-quoted');
  // The draft survives a reload (and a closed tab: it is in IndexedDB).
  await p.reload();
  await p.waitForSelector('#report-form:visible');
  assert(await p.inputValue('#report-title') === 'Housing Plan', 'the title survives a reload');
  assert(await p.inputValue('#locator-0') === 'recommendation 3, page 12', 'the locator survives a reload');
  assert(await p.isChecked('#how-0-quoted'), 'the usage survives a reload');
  await axe(p, 'report builder');
  // A withdrawn idea cannot be added; a third idea is added by its link; the keyboard alone.
  await p.evaluate(() => document.activeElement?.blur());
  await tabTo(p, 'add-idea');
  await p.keyboard.type(`${BASE}/ideas/${lifts.id}`);
  await tabTo(p, 'add-button');
  await p.keyboard.press('Enter');
  await p.waitForSelector('#locator-2');
  await tabTo(p, 'locator-1');
  await p.keyboard.type('page 20');
  await tabTo(p, 'locator-2');
  await p.keyboard.type('annex B');
  await tabTo(p, 'how-2-paraphrased');
  await p.keyboard.press('ArrowDown');
  assert(await p.isChecked('#how-2-informed'), 'arrow keys choose the usage');
  // Publishing with an empty locator is stopped with an error summary first.
  await p.fill('#locator-1', '');
  await p.click('#publish');
  await p.waitForSelector('#report-errors:visible');
  await p.fill('#locator-1', 'page 20');
  await tabTo(p, 'publish');
  await Promise.all([p.waitForURL(/\/reports\/[0-9a-f]{64}$/), p.keyboard.press('Enter')]);
  results.report = p.url().split('/').pop();
  assert((await p.textContent('h1')).includes('Housing Plan'), 'the report page');
  await axe(p, 'report page');
  await p.goto(`${BASE}/reports`);
  assert((await p.textContent('main')).includes('Housing Plan'), 'the list of reports');
  await axe(p, 'reports');
  // A policy team's key cannot record ideas: refused in plain words, nothing saved.
  await p.goto(`${BASE}/staff/consultations/${session}`);
  await p.waitForSelector('#record-form:visible');
  await record(p, { words: 'Recorded by the wrong role' }, false);
  await p.waitForSelector('#record-status .error');
  const refusal = await p.textContent('#record-status');
  assert(refusal.includes('not one of the people who may record'), `plain words: ${refusal}`);
  await team.close();
});

await scenario('the contributor follows what happened: portfolio, feed, you said we did, check-it links', async () => {
  const lift = results.answered[0];
  const them = await context();
  const p = await them.newPage();
  await p.goto(`${BASE}/claim?code=${lift.code}`);
  await p.check('#consent-pseudonym');
  await p.fill('#display-name', 'Block C tenant');
  // A first claim: the key file is saved before the claim is sent.
  await Promise.all([p.waitForEvent('download'), p.click('#key-make')]);
  await p.check('#key-saved');
  await p.click('#claim-button');
  await p.waitForSelector('#claim-status .success, #claim-status .error');
  assert((await p.textContent('#claim-status')).includes('Done'), 'claimed');
  const portfolio = await p.getAttribute('#claim-status a[href^="/contributors/"]', 'href');
  assert(portfolio, 'the claim links the portfolio');
  await p.goto(`${BASE}${portfolio}`);
  const mine = await p.textContent('main');
  assert(mine.includes('Housing Plan') && /delivered/i.test(mine), `the portfolio shows the citation and the answer: ${mine.slice(0, 400)}`);
  await axe(p, 'portfolio');
  const feed = await (await p.request.get(`${BASE}${portfolio}/feed.atom`)).text();
  assert(feed.includes('<feed') && feed.includes('Housing Plan') && /delivered/i.test(feed), `the portfolio's feed: ${feed.slice(0, 400)}`);
  assert(!feed.includes('Block C tenant'), 'the feed names nobody');
  await p.goto(`${BASE}/consultations/${results.followUp}/you-said-we-did`);
  const said = await p.textContent('main');
  assert(said.includes(lift.words) && said.includes('Housing Plan') && /delivered/i.test(said), 'you said, we did shows the citation and the answer');
  await axe(p, 'you said, we did');
  // Every "check it" link of the report's exports opens a page a person can read.
  await p.goto(`${BASE}/reports/${results.report}`);
  const csl = JSON.parse(await p.inputValue('#export-csl'));
  for (const item of csl) {
    const r = await p.goto(item.URL);
    assert(r.headers()['content-type'].startsWith('text/html'), `${item.URL} is a page`);
    assert((await p.textContent('main')).includes(item.title.replace(/\.$/, '')), `${item.URL} shows the idea's words`);
  }
  await axe(p, 'check it page');
  await p.goto(`${BASE}/search?q=lift`);
  assert((await p.textContent('main')).includes(lift.words), 'search finds the idea');
  await axe(p, 'search');
  await them.close();
});

await scenario('a consultation this key may not record in: refused, nothing saved', async () => {
  await page.goto(`${BASE}/staff/consultations/${OTHER}`);
  await page.waitForSelector('#record-form:visible');
  await record(page, { words: 'Not my session' }, false);
  await page.waitForSelector('#record-status .error');
  const text = await page.textContent('#record-status');
  assert(text.includes('not one of the people who may record'), `plain words: ${text}`);
});

await scenario('a queued idea whose consultation was closed meanwhile: refused, nothing saved', async () => {
  await page.goto(`${BASE}/staff/consultations/${session}`);
  await page.waitForSelector('#record-form:visible');
  await ctx.setOffline(true);
  await record(page, { words: 'Sent after the close', who: 'Person 10' }, false);
  await page.waitForSelector('#queue-status:visible');
  execFileSync(BIN, ['consultation', 'close', '--key', COUNCIL_KEY, '--consultation', session], { env: { ...process.env, HEARD_SERVER: BASE } });
  await ctx.setOffline(false);
  await page.waitForSelector('#record-status .error', { timeout: 20000 });
  const text = await page.textContent('#record-status');
  assert(text.includes('was closed'), `plain words: ${text}`);
});

await scenario('a revoked key gets a plain page and writes nothing', async () => {
  const other = await context();
  const p = await other.newPage();
  await joinWith(p, INVITE_REVOKED);
  const key = await p.evaluate(async () => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('heard-staff'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const me = await new Promise((res) => { const r = db.transaction('me').objectStore('me').get('me'); r.onsuccess = () => res(r.result); });
    db.close();
    return Array.from(me.pub, (b) => b.toString(16).padStart(2, '0')).join('');
  });
  results.revokedKey = key;
  execFileSync(BIN, ['staff', 'revoke', '--key', key, '--data', DATA, '--server', BASE]);
  await p.goto(`${BASE}/staff`);
  await p.waitForSelector('#who .error');
  assert((await p.textContent('#who')).includes('has been removed'), 'plain words for a revoked key');
  await axe(p, 'staff home (revoked)');
  await p.click('#sign-out');
  await p.waitForSelector('#sign-out-status .ok');
  const left = await p.evaluate(async () => {
    const db = await new Promise((res, rej) => { const r = indexedDB.open('heard-staff'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const me = await new Promise((res) => { const r = db.transaction('me').objectStore('me').get('me'); r.onsuccess = () => res(r.result); });
    db.close();
    return me ?? null;
  });
  assert(left === null, 'signing out removes the key from the browser');
  await other.close();
});

write();
clearTimeout(limit);
await browser.close();
const failed = results.scenarios.filter((s) => !s.ok);
if (results.problems.length) console.log(`problems:\n${results.problems.join('\n')}`);
process.exit(failed.length || results.problems.length ? 1 : 0);

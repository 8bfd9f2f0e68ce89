// Recovering a lost key in Debian's headless Chromium against a running Heard server
// (started by tests/recovery_browser.rs, which passes the URL, the facilitator's invitation,
// the card's code and the lost key in HEARD_* variables and checks the log afterwards from
// results.json).
//
// Two browser contexts at 360 px: the facilitator (joins, opens "Recover someone's credit",
// finds the person by the card's code) and the person on their own phone (types the code
// shown — a wrong one first —, makes and saves a new key file and sends the new key, keyboard
// only). Both screens show the same 8 digits; the facilitator starts the recovery; both say
// when it takes effect. axe-core on every step at 360 and 1280 px; screenshots saved.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const need = (k) => {
  const v = process.env[k];
  if (!v) { console.error(`recovery browser test: ${k} is not set`); process.exit(2); }
  return v;
};
const BASE = need('HEARD_URL');
const CHROMIUM = need('HEARD_CHROMIUM');
const ARTIFACTS = need('HEARD_ARTIFACTS');
const INVITE = need('HEARD_INVITE');
const CARD = need('HEARD_CARD');
const OLD_KEY = need('HEARD_OLD_KEY');
const TIME_LIMIT_MS = Number(process.env.HEARD_BROWSER_SECONDS ?? '150') * 1000;

fs.mkdirSync(ARTIFACTS, { recursive: true });
const results = { scenarios: [], axe: {}, posts: [], problems: [] };
const write = () => fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
const limit = setTimeout(() => {
  results.problems.push(`over the time limit of ${TIME_LIMIT_MS / 1000} s`);
  write();
  console.error('recovery browser test: over its time limit');
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
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, acceptDownloads: true });
  ctx.on('request', (r) => {
    if (r.method() === 'POST') results.posts.push({ url: r.url(), body: r.postData() ?? '' });
  });
  ctx.on('page', (page) => {
    page.on('console', (m) => {
      // A request refused on purpose (the wrong code) is logged by Chromium as an error.
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) results.problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => results.problems.push(`script error on ${page.url()}: ${e.message}`));
  });
  return ctx;
}

/// axe-core at 360 and 1280 px (no serious or critical violation), and nothing wider than 360 px.
async function axe(page, name) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(wide <= 360, `${name} fits 360 px (scroll width ${wide})`);
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

const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

async function scenario(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.scenarios.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.scenarios.push({ name, ok: false, ms: Date.now() - t0, error: String(e.stack ?? e) });
    console.log(`FAIL ${name}: ${e.message}`);
    throw e;
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

const staff = await (await context()).newPage();
const person = await (await context()).newPage();
let code = null;

try {
  await scenario('the facilitator joins and finds the person by their card', async () => {
    await staff.goto(INVITE);
    await staff.waitForSelector('#join:visible');
    await staff.click('#join');
    await staff.waitForSelector('#join-status .ok, #join-status .error');
    assert((await staff.textContent('#join-status')).includes('You are signed in'), 'joined');
    results.facilitatorKey = await staff.evaluate(async () => {
      const db = await new Promise((res, rej) => { const r = indexedDB.open('heard-staff'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const me = await new Promise((res) => { const r = db.transaction('me').objectStore('me').get('me'); r.onsuccess = () => res(r.result); });
      db.close();
      return Array.from(me.pub, (b) => b.toString(16).padStart(2, '0')).join('');
    });
    await staff.goto(`${BASE}/staff`);
    await staff.waitForSelector('#recover:visible');
    await Promise.all([staff.waitForURL(/\/staff\/recover$/), staff.click('#recover a.button')]);
    await staff.waitForSelector('#find-form:visible');
    // Nothing typed: the error summary, nothing sent.
    await staff.click('#find');
    await staff.waitForSelector('#find-errors:visible');
    await axe(staff, 'recover: find (error)');
    await shot(staff, 'staff-1-find-error-360');
    await staff.fill('#person', CARD);
    await staff.click('#find');
    await staff.waitForSelector('#pairing:visible');
    await staff.waitForSelector('#pairing-qr img');
    code = (await staff.textContent('#pairing-code')).trim();
    assert(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code), `a code to type: ${code}`);
    assert((await staff.textContent('#pairing-found')).includes('1'), 'one idea found');
    assert((await staff.textContent('#pairing-address')).trim() === `${BASE}/recover`, 'the address to go to');
    await axe(staff, 'recover: pairing');
    await shot(staff, 'staff-2-pairing-360');
  });

  await scenario('the person types the code and sends a new key, keyboard only', async () => {
    await person.goto(`${BASE}/recover`);
    await person.waitForSelector('#code-form:visible');
    await axe(person, 'person: code');
    await tabTo(person, 'pairing-code');
    await person.keyboard.type('ABCD-EFGH-JKMN-PQRS');
    await person.keyboard.press('Enter');
    await person.waitForSelector('#code-errors:visible');
    assert((await person.textContent('#code-errors')).includes('could not find this code'), 'a wrong code is refused in plain words');
    await shot(person, 'person-1-wrong-code-360');
    await person.fill('#pairing-code', '');
    await person.focus('#pairing-code');
    await person.keyboard.type(code.toLowerCase());
    await person.keyboard.press('Enter');
    await person.waitForSelector('#key-form:visible');
    assert((await person.textContent('#pairing-info')).includes('Amara Okafor'), 'names the facilitator');
    await axe(person, 'person: key');
    await shot(person, 'person-key-360');
    // Sending before saving a key asks for the key first.
    await tabTo(person, 'send');
    await person.keyboard.press('Enter');
    await person.waitForSelector('#key-errors:visible');
    assert((await person.textContent('#key-errors')).includes('Make and download your new key file first'), 'key first');
    await tabTo(person, 'key-make');
    const [download] = await Promise.all([person.waitForEvent('download'), person.keyboard.press('Enter')]);
    const keyPath = path.join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(keyPath);
    results.keyFile = keyPath;
    assert(/^heard-key-[0-9a-f]{8}\.txt$/.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`);
    assert(fs.readFileSync(keyPath, 'utf8').startsWith('PRIVATE+KEY+'), 'a key file');
    await tabTo(person, 'key-saved');
    await person.keyboard.press('Space');
    await tabTo(person, 'send');
    await person.keyboard.press('Enter');
    await person.waitForSelector('#person-check:visible');
    results.check = (await person.textContent('#person-check-code')).replace(/\s/g, '');
    assert(download.suggestedFilename().includes(results.check), 'the digits are the new key’s first 8');
    await axe(person, 'person: compare');
    await shot(person, 'person-2-compare-360');
  });

  await scenario('both screens show the same digits; the facilitator starts the recovery', async () => {
    await staff.waitForSelector('#compare:visible', { timeout: 20000 });
    const shown = (await staff.textContent('#compare-check')).replace(/\s/g, '');
    assert(shown === results.check, `the same digits on both screens: ${shown} and ${results.check}`);
    await axe(staff, 'recover: compare');
    await shot(staff, 'staff-3-compare-360');
    await staff.click('#confirm');
    await staff.waitForSelector('#recover-status .success, #recover-status .error');
    const said = await staff.textContent('#recover-status');
    assert(said.includes('Recovery started: it takes effect on'), `started: ${said}`);
    const effective = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.now() + 14 * 86400000));
    assert(said.includes(effective), `takes effect in 14 days (${effective}): ${said}`);
    assert(await staff.getAttribute('#recover-status a', 'href') === `/contributors/${OLD_KEY}`, 'links the old portfolio');
    await axe(staff, 'recover: started');
    await shot(staff, 'staff-4-started-360');
  });

  await scenario('the person’s page says so too; the old portfolio shows it waiting', async () => {
    await person.waitForSelector('#person-done .success', { timeout: 20000 });
    const said = await person.textContent('#person-done');
    assert(said.includes('Recovery started: your credit moves to your new key on'), `person told: ${said}`);
    await axe(person, 'person: started');
    await shot(person, 'person-3-started-360');
    await staff.goto(`${BASE}/contributors/${OLD_KEY}`);
    await staff.waitForSelector('#recovery [data-state=waiting]');
    const receipt = await staff.getAttribute('#recovery li[data-kind=recover] a', 'href');
    assert(/^\/v1\/receipts\/\d+$/.test(receipt ?? ''), `the recovery's receipt is offered: ${receipt}`);
    await shot(staff, 'old-portfolio-360');
  });

  await scenario('the old key’s credit file checks the recovery’s receipt offline', async () => {
    const r = await staff.request.get(`${BASE}/contributors/${OLD_KEY}/credit.html`);
    assert(r.ok(), 'the credit file downloads');
    const file = path.join(ARTIFACTS, 'old-credit.html');
    fs.writeFileSync(file, await r.body());
    const ctx = await browser.newContext({ viewport: { width: 360, height: 780 } });
    await ctx.route('**/*', (x) => (x.request().url().startsWith('file:') ? x.continue() : x.abort()));
    const page = await ctx.newPage();
    page.on('pageerror', (e) => results.problems.push(`script error in the credit file: ${e.message}`));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-done]');
    const verdict = await page.evaluate(() => ({
      good: document.body.dataset.good,
      bad: document.body.dataset.bad,
      recover: document.querySelector('article[data-key] li[data-kind=recover]')?.dataset.valid,
    }));
    assert(verdict.bad === '0' && verdict.recover === 'true', `every receipt checks, the recovery's too: ${JSON.stringify(verdict)}`);
    await shot(page, 'old-credit-file-360');
    await ctx.close();
  });
  await scenario('the person’s page in Welsh', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${BASE}/recover?lang=cy`);
    await page.waitForSelector('#code-form:visible');
    assert((await page.textContent('h1')).includes('Cael eich clod yn ôl'), 'the Welsh title');
    await page.fill('#pairing-code', 'ABCD-EFGH-JKMN-PQRS');
    await page.press('#pairing-code', 'Enter');
    await page.waitForSelector('#code-errors:visible');
    assert((await page.textContent('#code-errors')).includes("Nid oeddem yn gallu dod o hyd i'r cod hwn"), 'the refusal in Welsh');
    await axe(page, 'person: Welsh');
    await shot(page, 'person-cy-360');
    await ctx.close();
  });
} catch {
  // recorded in results.scenarios
}

write();
clearTimeout(limit);
await browser.close();
const failed = results.scenarios.filter((s) => !s.ok);
if (results.problems.length) console.log(`problems:\n${results.problems.join('\n')}`);
process.exit(failed.length || results.problems.length ? 1 : 0);

// Every page the server serves, in Debian's headless Chromium, at 360 and 1280 px, in English
// and in Welsh (issue 25's proof list). Started by tests/every_page_browser.rs, which passes
// the server's URL, staff invitations, the demo's ids and the English words that must not be
// left on a Welsh page in HEARD_* variables, and checks results.json afterwards.
//
// First the staff area is given real data: a facilitator, an organisation and a policy team
// join with their invitations (keys made in this browser); the organisation opens a
// consultation with the facilitator as recorder; the facilitator records two ideas there; a
// contributor gives one with her own key (the CLI); the organisation records a payment for
// it; the policy team puts an idea in a report draft. Then every page, public and staff, in
// each language (the `heard_lang` cookie, as `?lang=` sets it) and at each width: the page's
// `<html lang>`, axe-core (no serious or critical violation), no sideways scrolling, no
// English message left on a Welsh page, and a full-page screenshot in HEARD_ARTIFACTS.
// Every problem is collected (not only the first) so one run lists them all.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const need = (k) => {
  const v = process.env[k];
  if (!v) { console.error(`every-page browser test: ${k} is not set`); process.exit(2); }
  return v;
};
const BASE = need('HEARD_URL');
const CHROMIUM = need('HEARD_CHROMIUM');
const ARTIFACTS = need('HEARD_ARTIFACTS');
const BIN = need('HEARD_BIN');
const INVITE_ORG = need('HEARD_INVITE_ORG');
const INVITE_FAC = need('HEARD_INVITE_FAC');
const INVITE_TEAM = need('HEARD_INVITE_TEAM');
const INVITE_SPARE = need('HEARD_INVITE_SPARE');
const FACILITATOR = need('HEARD_FACILITATOR_NAME');
const AMARA_KEY = need('HEARD_AMARA_KEY_FILE');
const CONSULTATION = need('HEARD_CONSULTATION');
const IDEA = need('HEARD_IDEA');
const IDEA_ENTRY = need('HEARD_IDEA_ENTRY');
const HOSTILE_IDEA = need('HEARD_HOSTILE_IDEA');
const HOSTILE_REPORT = need('HEARD_HOSTILE_REPORT');
const CONTRIBUTOR = need('HEARD_CONTRIBUTOR');
const REPORT = need('HEARD_REPORT');
const CODE = need('HEARD_CLAIM_CODE');
const LOST_KEY = need('HEARD_LOST_KEY');
const NEW_KEY = need('HEARD_NEW_KEY');
const ENGLISH = JSON.parse(fs.readFileSync(need('HEARD_ENGLISH_FILE'), 'utf8'));
const TIME_LIMIT_MS = Number(process.env.HEARD_BROWSER_SECONDS ?? '400') * 1000;
const PAID = 'Open the library on Saturday afternoons';

fs.mkdirSync(ARTIFACTS, { recursive: true });
const results = { setup: [], pages: [], failures: [], problems: [] };
const write = () => fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
const limit = setTimeout(() => {
  results.problems.push(`over the time limit of ${TIME_LIMIT_MS / 1000} s`);
  write();
  console.error('every-page browser test: over its time limit');
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
  const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  ctx.on('page', (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) results.problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => results.problems.push(`script error on ${page.url()}: ${e.message}`));
  });
  return ctx;
}

async function joinWith(page, link) {
  await page.goto(link);
  await page.waitForSelector('#join:visible');
  await page.click('#join');
  await page.waitForSelector('#join-status .ok, #join-status .error');
  const text = await page.textContent('#join-status');
  assert(text.includes('You are signed in'), `joined: ${text}`);
}

// ----- the staff area's data -----

const pub = await context();
const fac = await context();
const org = await context();
const team = await context();
const f = await fac.newPage();
const o = await org.newPage();
const t = await team.newPage();
const ids = {};
let setupFailed = false;

try {
  await joinWith(f, INVITE_FAC);
  await joinWith(o, INVITE_ORG);
  await joinWith(t, INVITE_TEAM);
  results.setup.push('a facilitator, an organisation and a policy team joined');

  await o.goto(`${BASE}/staff/consultations/new`);
  await o.waitForSelector('#open-form:visible');
  await o.fill('#title', 'Library hours');
  await o.fill('#date', '2026-05-09');
  await o.fill('#place', 'Riverside Library');
  await o.fill('#topic', 'libraries');
  await o.check(`#recorders .choice:has(label:text-is("${FACILITATOR}")) input`);
  await Promise.all([o.waitForURL(/\/staff\/consultations\/[0-9a-f]{64}$/), o.click('#open-form button[type=submit]')]);
  ids.consultation = o.url().split('/').pop();
  results.setup.push('the organisation opened a consultation with the facilitator as recorder');

  await f.goto(`${BASE}/staff/consultations/${ids.consultation}`);
  await f.waitForSelector('#record-form:visible');
  for (const [n, words] of ['More study desks upstairs', 'Lend laptops for a week'].entries()) {
    await f.fill('#words', words);
    await f.fill('#who-said', `Person ${n + 1}`);
    await f.check('#consent-anonymous');
    await f.click('#record');
    await f.waitForFunction((w) => [...document.querySelectorAll('#recorded-list li')].some((li) => li.querySelector('blockquote')?.textContent === w && li.textContent.includes('Saved')), words);
  }
  results.setup.push('the facilitator recorded two ideas');

  const out = execFileSync(BIN, ['idea', 'record', '--own', '--key', AMARA_KEY, '--consultation', ids.consultation, '--text', PAID, '--name', 'Amara Okafor', '--server', BASE]).toString();
  ids.paid = out.split('\n').find((l) => l.startsWith('id '))?.slice(3).trim();
  assert(/^[0-9a-f]{64}$/.test(ids.paid ?? ''), `the CLI printed the idea's id: ${out}`);

  await o.goto(`${BASE}/staff/ideas/${ids.paid}/recognise`);
  await o.waitForSelector('#pay-form:visible');
  await o.check('#pay-paid');
  await o.fill('#pay-amount', '25.50');
  await o.fill('#pay-note', 'Thank you for the workshop');
  await o.click('#pay-send');
  await o.waitForSelector('#pay-status .ok, #pay-status .error');
  assert((await o.textContent('#pay-status')).includes('Recorded: paid 25.50 GBP'), `payment recorded: ${await o.textContent('#pay-status')}`);
  results.setup.push('a contributor gave an idea; the organisation recorded a payment for it');

  await t.goto(`${BASE}/ideas/${IDEA}`);
  await t.waitForSelector('#add-to-report:visible');
  await t.click('#add-to-report button');
  await t.waitForSelector('#add-to-report .ok');
  results.setup.push('the policy team put an idea in a report draft');
} catch (e) {
  setupFailed = true;
  results.failures.push(`setting up the staff area: ${e.stack ?? e}`);
}

// ----- every page -----

const zeros = '0'.repeat(64);
// "Download my credit": an attachment, so it is fetched (in the context's language) and
// opened from disk, as the person would.
const creditFile = (key) => async (ctx, lang) => {
  const from = `${BASE}/contributors/${key}/credit.html`;
  const r = await ctx.request.get(from);
  assert(r.ok(), `the credit file answers ${r.status()}`);
  const file = path.join(ARTIFACTS, `credit-${key.slice(0, 8)}-${lang}.html`);
  fs.writeFileSync(file, await r.body());
  const p = await ctx.newPage();
  await p.goto(`file://${file}`);
  p.heardFrom = from;
  return p;
};
// [name, context, path or opener, selector to wait for]. An opener takes the context and
// returns the page to check (a new tab, or a file opened from disk).
const PAGES = [
  ['home', pub, '/', 'main h1'],
  ['consultation', pub, `/consultations/${CONSULTATION}`, 'figure.chart'],
  ['said-did', pub, `/consultations/${CONSULTATION}/you-said-we-did`, 'main h1'],
  ['not-yet-heard', pub, `/consultations/${CONSULTATION}/not-yet-heard`, 'main h1'],
  ['library-consultation', pub, () => `/consultations/${ids.consultation}`, 'main h1'],
  ['search', pub, '/search', 'main h1'],
  ['search-results', pub, '/search?q=repair', 'main h1'],
  ['idea', pub, `/ideas/${IDEA}`, 'main h1'],
  ['idea-paid', pub, () => `/ideas/${ids.paid}`, 'main h1'],
  ['idea-hostile', pub, `/ideas/${HOSTILE_IDEA}`, 'main h1'],
  ['claim', pub, '/claim', 'main h1'],
  ['claim-card', pub, `/claim?code=${encodeURIComponent(CODE)}`, '#claim-form'],
  ['contributors', pub, '/contributors', 'main h1'],
  ['portfolio', pub, `/contributors/${CONTRIBUTOR}`, 'main h1'],
  ['portfolio-recovering', pub, `/contributors/${LOST_KEY}`, '#recovery'],
  ['portfolio-recovered-to', pub, `/contributors/${NEW_KEY}`, '#recovery'],
  ['credit-file', pub, creditFile(CONTRIBUTOR), 'main h1'],
  ['credit-file-recovering', pub, creditFile(LOST_KEY), '.key-recovery'],
  ['reports', pub, '/reports', 'main h1'],
  ['report', pub, `/reports/${REPORT}`, '#ack'],
  ['report-hostile', pub, `/reports/${HOSTILE_REPORT}`, 'main h1'],
  ['verify', pub, '/verify', 'main h1'],
  ['verify-receipt', pub, `/verify?entry=${IDEA_ENTRY}`, '#browser-result[data-done]'],
  // The form posted without its script (the server's check only).
  ['verify-posted', pub, async (ctx) => {
    const receipt = await (await ctx.request.get(`${BASE}/ideas/${IDEA}/receipt.tlog-proof`)).text();
    const p = await ctx.newPage();
    await p.goto(`${BASE}/verify`);
    await p.fill('#receipt', receipt);
    await Promise.all([p.waitForNavigation(), p.evaluate(() => document.getElementById('verify-form').submit())]);
    return p;
  }, '#server-checks'],
  ['privacy', pub, '/privacy', 'main h1'],
  ['accessibility', pub, '/accessibility', 'main h1'],
  ['recover', pub, '/recover', 'main h1'],
  ['not-found', pub, `/ideas/${zeros}`, 'main h1'],
  ['bad-link', pub, '/ideas/not-an-id', 'main h1'],
  ['no-such-page', pub, '/no/such/page', 'main h1'],
  ['staff-join', pub, () => INVITE_SPARE.slice(BASE.length), '#join:visible'],
  ['staff-home-organisation', org, '/staff', '#who .ok'],
  ['staff-home-facilitator', fac, '/staff', '#who .ok'],
  ['staff-open-consultation', org, '/staff/consultations/new', '#open-form:visible'],
  ['staff-session', fac, () => `/staff/consultations/${ids.consultation}`, '#recorded-list li'],
  ['staff-print-sheet', fac, async (ctx) => {
    const p = await ctx.newPage();
    await p.goto(`${BASE}/staff/consultations/${ids.consultation}`);
    await p.waitForSelector('#print:visible');
    const [sheet] = await Promise.all([ctx.waitForEvent('page'), p.click('#print')]);
    await sheet.waitForLoadState('load');
    await p.close();
    return sheet;
  }, 'main'],
  ['staff-board', org, '/staff/board', '#board-items li'],
  ['staff-recognise', org, () => `/staff/ideas/${ids.paid}/recognise`, '#pay-form:visible'],
  ['staff-report-builder', team, '/staff/reports/new', '#report-form:visible'],
  ['staff-recover', fac, '/staff/recover', '#find-form:visible'],
];

/// Every text a reader meets on the page in the page's own language: the title, the text a
/// browser renders or a screen reader reads (visually hidden text too, not `hidden` or
/// `display: none`), and the words in attributes a screen reader reads out or a form shows.
/// Text inside an element marked with another `lang` (the switch's "English" link, claim
/// cards printed in their consultation's language) is left out: it is meant to be so.
const readable = (page) => page.evaluate(() => {
  const own = document.documentElement.lang;
  const ours = (el) => el.closest('[lang]')?.getAttribute('lang') === own;
  const shown = (el) => el.checkVisibility() && !el.closest('noscript, script, style, template');
  const texts = [document.title];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (el && n.textContent.trim() && shown(el) && ours(el)) texts.push(n.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt],input[type=submit],input[type=button]')) {
    if (!ours(el)) continue;
    for (const a of ['aria-label', 'placeholder', 'title', 'alt', 'value']) {
      const v = el.getAttribute(a);
      if (v) texts.push(v);
    }
  }
  return texts.map((x) => x.replace(/\s+/g, ' ')).join('\n');
});

async function check(name, ctx, where, selector, lang, width) {
  const key = `${name}-${lang}-${width}`;
  const record = { name, lang, width, key };
  results.pages.push(record);
  let page = null;
  let own = false;
  try {
    if (typeof where === 'function' && where.length > 0) {
      page = await where(ctx, lang);
      own = true;
    } else {
      const p = typeof where === 'function' ? where() : where;
      page = ctx.pages()[0] ?? await ctx.newPage();
      if (!ctx.pages().includes(page)) own = true;
      await page.goto(p.startsWith('http') ? p : `${BASE}${p}`);
    }
    await page.setViewportSize({ width, height: 800 });
    await page.waitForSelector(selector, { timeout: 15000 });
    record.url = page.heardFrom ?? page.url();
    const problems = [];
    const tag = await page.getAttribute('html', 'lang');
    if (tag !== (lang === 'cy' ? 'cy' : 'en-GB')) problems.push(`<html lang="${tag}">`);
    await page.evaluate(AXE);
    const r = await page.evaluate(() =>
      globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }));
    record.violations = r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    record.passes = r.passes.length;
    for (const v of record.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(`axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
    }
    record.scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (record.scrollWidth > width) problems.push(`${record.scrollWidth} px wide at ${width} px`);
    if (lang === 'cy') {
      const text = await readable(page);
      record.english = ENGLISH.filter((e) => text.includes(e));
      for (const e of record.english) problems.push(`English left on the Welsh page: “${e}”`);
      // A day written the English way ("9 May 2026"), which no catalogue message holds.
      const day = /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/.exec(text);
      if (day) problems.push(`an English date on the Welsh page: “${day[0]}”`);
    }
    record.screenshot = path.join(ARTIFACTS, `${key}.png`);
    await page.screenshot({ path: record.screenshot, fullPage: true });
    record.problems = problems;
    for (const p of problems) results.failures.push(`${key}: ${p}`);
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${key}${problems.length ? `: ${problems.join('; ')}` : ''}`);
  } catch (e) {
    record.error = String(e.stack ?? e);
    results.failures.push(`${key}: ${e.message}`);
    console.log(`FAIL ${key}: ${e.message}`);
  } finally {
    if (own && page) await page.close();
  }
}

if (!setupFailed) {
  for (const lang of ['en', 'cy']) {
    for (const ctx of [pub, fac, org, team]) await ctx.addCookies([{ name: 'heard_lang', value: lang, url: BASE }]);
    for (const width of [360, 1280]) {
      for (const [name, ctx, where, selector] of PAGES) await check(name, ctx, where, selector, lang, width);
    }
  }
}

results.ids = ids;
if (results.problems.length) results.failures.push(...results.problems);
write();
clearTimeout(limit);
await browser.close();
console.log(`${results.pages.length} page checks, ${results.failures.length} failures`);
for (const x of results.failures) console.log(`  ${x}`);
process.exit(results.failures.length ? 1 : 0);

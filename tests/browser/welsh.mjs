// The pages in Welsh in a real browser (issue #25 §5). Started by tests/welsh_browser.rs with
// the server's URL, a claim code and an idea's entry hash in HEARD_* variables.
//
// From the English home page, the keyboard alone (Tab to the language switch, Enter) switches
// to Cymraeg; then the claim page and the verify page, in Welsh at 360 and 1280 px: Welsh
// words from the server and from the pages' scripts, axe-core with no violation at all, no
// sideways scrolling, no script error, and a screenshot of each in HEARD_ARTIFACTS. Then the
// other public pages in Welsh at both widths (a consultation with its chart, "you said, we
// did", "not yet heard", a search with results, the reports, a report and its copy button,
// an idea with its history, the privacy notice, the accessibility statement): Welsh words,
// no serious or critical axe-core violation, no sideways scrolling, a screenshot of each.
// Between the two, a receipt too large for the server on the Welsh verify page: the refusal
// shows in Welsh, the page's sentence and the server's detail both, with no English sentence.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const need = (k) => {
  const v = process.env[k];
  if (!v) { console.error(`welsh browser test: ${k} is not set`); process.exit(2); }
  return v;
};
const BASE = need('HEARD_URL');
const CHROMIUM = need('HEARD_CHROMIUM');
const ARTIFACTS = need('HEARD_ARTIFACTS');
const CODE = need('HEARD_CLAIM_CODE');
const ENTRY = need('HEARD_IDEA_ENTRY');
const CONSULTATION = need('HEARD_CONSULTATION');
const REPORT = need('HEARD_REPORT');
const IDEA = need('HEARD_IDEA');
const TIME_LIMIT_MS = Number(process.env.HEARD_BROWSER_SECONDS ?? '100') * 1000;

fs.mkdirSync(ARTIFACTS, { recursive: true });
const results = { steps: [], axe: {}, problems: [], screenshots: [] };
const write = () => fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
const limit = setTimeout(() => {
  results.problems.push(`over the time limit of ${TIME_LIMIT_MS / 1000} s`);
  write();
  process.exit(3);
}, TIME_LIMIT_MS);

function assert(cond, what) {
  if (!cond) throw new Error(`assertion failed: ${what}`);
}

const AXE = fs.readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

async function axe(page, name, worst = []) {
  await page.evaluate(AXE);
  const r = await page.evaluate(() =>
    globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }));
  const violations = r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, first: v.nodes[0]?.target?.join(' ') }));
  results.axe[name] = { url: page.url(), passes: r.passes.length, violations };
  // `worst` empty: no violation at all; else none of these impacts.
  const bad = worst.length ? violations.filter((v) => worst.includes(v.impact)) : violations;
  assert(bad.length === 0, `no accessibility violations on ${name}: ${JSON.stringify(violations)}`);
}

async function shot(page, name, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(wide <= width, `${name} fits ${width} px without sideways scrolling (${wide} px)`);
  const file = path.join(ARTIFACTS, `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  results.screenshots.push(file);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  // No Accept-Language preference for Welsh: the site starts in English.
  const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') results.problems.push(`console error on ${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => results.problems.push(`script error on ${page.url()}: ${e.message}`));

  await page.goto(`${BASE}/`);
  assert((await page.getAttribute('html', 'lang')) === 'en-GB', 'the home page starts in English');
  // Tab until the language switch has the focus (the skip link comes first), then Enter.
  let onSwitch = false;
  for (let i = 0; i < 4 && !onSwitch; i++) {
    await page.keyboard.press('Tab');
    onSwitch = await page.evaluate(() => document.activeElement?.closest('nav.language-switch') !== null);
  }
  assert(onSwitch, 'the language switch is reached with Tab, right after the skip link');
  assert((await page.evaluate(() => document.activeElement.textContent.trim())).endsWith('Cymraeg'), 'the switch offers Cymraeg');
  await Promise.all([page.waitForURL(/[?&]lang=cy/), page.keyboard.press('Enter')]);
  assert((await page.getAttribute('html', 'lang')) === 'cy', '<html lang="cy"> after the switch');
  const home = await page.textContent('main');
  assert(home.includes('Syniadau a roddodd pobl'), `Welsh words on the home page: ${home.slice(0, 200)}`);
  assert((await page.textContent('nav.language-switch')).includes('English'), 'the switch now offers English');
  results.steps.push('switched to Cymraeg with the keyboard');

  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });

    // The claim page, remembered in Welsh by the cookie; the script's words in Welsh too.
    await page.goto(`${BASE}/claim?code=${encodeURIComponent(CODE)}`);
    assert((await page.getAttribute('html', 'lang')) === 'cy', `claim page in Welsh at ${width}`);
    assert((await page.textContent('h1')).includes('Hawlio eich syniadau'), 'the claim page heading in Welsh');
    await page.click('#claim-button');
    await page.waitForSelector('#claim-errors:not([hidden])');
    const errors = await page.textContent('#claim-errors');
    assert(errors.includes('Gwnewch a lawrlwythwch eich ffeil allwedd yn gyntaf'), `claim.js speaks Welsh: ${errors}`);
    assert(!errors.includes('js-'), `no message id shown: ${errors}`);
    await axe(page, `claim-cy-${width}`);
    await shot(page, 'claim-cy', width);

    // The verify page: the idea's receipt checked in the browser, plain words first, the
    // technical detail behind "Manylion technegol".
    await page.goto(`${BASE}/verify?entry=${ENTRY}`);
    assert((await page.getAttribute('html', 'lang')) === 'cy', `verify page in Welsh at ${width}`);
    await page.waitForSelector('#browser-result[data-done="true"]', { timeout: 20000 });
    const verdict = await page.textContent('#browser-checks .verdict');
    assert(verdict.includes('dilys') && verdict.includes('Pasiodd pob gwiriad'), `the browser's verdict in Welsh: ${verdict}`);
    const summary = await page.textContent('#browser-checks details.technical > summary');
    assert(summary === 'Manylion technegol', `technical detail behind “Manylion technegol”: ${summary}`);
    assert(!(await page.getAttribute('#browser-checks details.technical', 'open')), 'the technical detail starts closed');
    assert(!(await page.isVisible('#browser-checks .detail')), 'the technical detail is hidden until asked for');
    const steps = await page.textContent('#browser-checks ol.checks');
    assert(steps.includes('Llwyddo:') && steps.includes('Mae modd darllen y dderbynneb'), `each step in plain Welsh: ${steps}`);
    const proves = await page.textContent('#proves');
    assert(proves.includes('Y geiriau') && proves.includes('Ble'), `what the receipt proves, in Welsh: ${proves}`);
    // The sentence the server makes, asked for in the page's language by verify.js.
    const what = await page.textContent('#proves-what');
    assert(/, ar \d+ \S+ \d{4}\.$/.test(what.trim()) && !/ on \d/.test(what), `what the entry records, in Welsh: ${what}`);
    await axe(page, `verify-cy-${width}`);
    await shot(page, 'verify-cy', width);
  }
  results.steps.push('claim and verify pages in Welsh at 360 and 1280 px');

  // A refusal on a Welsh page: a receipt larger than the server takes is refused (413
  // `payload_too_large`), and the page shows the server's words in Welsh after its own
  // sentence, never the English detail.
  await page.goto(`${BASE}/verify`);
  assert((await page.getAttribute('html', 'lang')) === 'cy', 'the verify page is still Welsh');
  const seen = results.problems.length;
  await page.fill('#receipt', 'x'.repeat(300 * 1024));
  await page.click('#verify-form button[type="submit"]');
  await page.waitForSelector('#server-checks p.error', { timeout: 20000 });
  const refused = (await page.textContent('#server-result')).replace(/\s+/g, ' ');
  assert(refused.includes('Nid oedd y gweinydd yn gallu ei gwirio'), `the page's own Welsh sentence: ${refused}`);
  assert(refused.includes("mae'r hyn a anfonoch yn fwy nag y mae'r gwasanaeth hwn yn ei dderbyn"), `the server's words in Welsh: ${refused}`);
  assert(!/larger than|this server|the request/i.test(refused), `no English sentence on a Welsh page: ${refused}`);
  await shot(page, 'verify-refused-cy', 1280);
  // Chromium logs the refused request itself as a console error: that one is expected.
  const logged = results.problems.splice(seen);
  results.problems.push(...logged.filter((p) => !p.includes('status of 413')));
  results.steps.push('a refusal on a Welsh page is shown in Welsh');

  // The other public pages: [name, path, selector, Welsh words it shows].
  const pages = [
    ['consultation', `/consultations/${CONSULTATION}`, 'figure.chart', 'Sut mae dyfyniadau wedi'],
    ['said-did', `/consultations/${CONSULTATION}/you-said-we-did`, 'h1', 'Beth ddigwyddodd i'],
    ['unheard', `/consultations/${CONSULTATION}/not-yet-heard`, 'h1', 'Heb eu clywed eto'],
    ['search', '/search?q=text', '#found', 'Daethpwyd o hyd i'],
    ['reports', '/reports', 'h1', 'Adroddiadau'],
    ['report', `/reports/${REPORT}`, '#ack', 'Cydnabyddiaethau'],
    ['idea', `/ideas/${IDEA}`, 'section[aria-labelledby="history"]', 'yn yr ymgynghoriad “'],
    ['privacy', '/privacy', 'h1', 'Hysbysiad preifatrwydd'],
    ['accessibility', '/accessibility', 'h1', 'Datganiad hygyrchedd'],
  ];
  const copyCtx = await browser.newContext({ locale: 'en-GB', permissions: ['clipboard-read', 'clipboard-write'] });
  await copyCtx.addCookies([{ name: 'heard_lang', value: 'cy', url: BASE }]);
  const p2 = await copyCtx.newPage();
  p2.on('pageerror', (e) => results.problems.push(`script error on ${p2.url()}: ${e.message}`));
  p2.on('console', (m) => { if (m.type() === 'error') results.problems.push(`console error on ${p2.url()}: ${m.text()}`); });
  for (const width of [360, 1280]) {
    await p2.setViewportSize({ width, height: 800 });
    for (const [name, where, selector, words] of pages) {
      await p2.goto(`${BASE}${where}`);
      assert((await p2.getAttribute('html', 'lang')) === 'cy', `${name} in Welsh at ${width}`);
      const shown = await p2.textContent(selector);
      assert(shown.includes(words), `${name} shows “${words}”: ${shown.slice(0, 200)}`);
      if (name === 'report') {
        // report.js's words in Welsh.
        await p2.click('button[data-copy="export-bibtex"]');
        await p2.waitForFunction(() => document.getElementById('copy-status').textContent.length > 0);
        const status = await p2.textContent('#copy-status');
        assert(status === 'Copïwyd BibTeX.', `the copy button speaks Welsh: ${status}`);
        assert((await p2.textContent('button[data-copy="export-bibtex"]')) === 'Copïo BibTeX', 'the copy button in Welsh');
      }
      await axe(p2, `${name}-cy-${width}`, ['serious', 'critical']);
      await shot(p2, `${name}-cy`, width);
    }
  }
  await copyCtx.close();
  results.steps.push('the other public pages in Welsh at 360 and 1280 px');
  assert(results.problems.length === 0, `no script errors: ${results.problems.join('; ')}`);
} catch (e) {
  failed = true;
  results.error = String(e.stack ?? e);
  console.log(`FAIL ${e.message}`);
}
await browser.close();
clearTimeout(limit);
write();
process.exit(failed ? 1 : 0);

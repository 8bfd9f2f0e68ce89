// "Record an idea" round trip as a facilitator sees it (issue 22, section 5): in headless
// Chromium, from pressing "Record this idea" to the page showing it saved — the idea and its
// claim card made and signed in the browser (WebCrypto), sent, and answered 201 with its
// receipt. Printed beside the floors measured in the same run: a bare request to the same
// server (GET /healthz) and one Ed25519 signature in the same browser.
//
// Run by benches/staff-record.sh, which starts the server and makes the invitation.

import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const BASE = process.env.HEARD_URL;
const INVITE = process.env.HEARD_INVITE;
const N = Number(process.env.HEARD_IDEAS ?? '200');
const CHROMIUM = process.env.HEARD_CHROMIUM ?? '/usr/bin/chromium';

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const line = (name, xs) => console.log(`${name.padEnd(44)} p50 ${pct(xs, 50).toFixed(1).padStart(6)} ms   p99 ${pct(xs, 99).toFixed(1).padStart(6)} ms   (n=${xs.length})`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
await page.goto(INVITE);
await page.click('#join');
await page.waitForSelector('#join-status .ok');
await page.goto(`${BASE}/staff/consultations/new`);
await page.waitForSelector('#open-form:visible');
await page.fill('#title', 'Benchmark session');
await page.fill('#place', 'Loopback');
await page.fill('#topic', 'bench');
await Promise.all([page.waitForURL(/\/staff\/consultations\/[0-9a-f]{64}$/), page.click('#open-form button[type=submit]')]);
await page.waitForSelector('#record-form:visible');

// The floors, in the same page: a bare round trip, and one signature.
const floors = await page.evaluate(async (n) => {
  const rtt = [];
  const sign = [];
  const k = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
  const msg = new Uint8Array(300);
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await (await fetch('/healthz')).text();
    rtt.push(performance.now() - t);
    t = performance.now();
    await crypto.subtle.sign({ name: 'Ed25519' }, k.privateKey, msg);
    sign.push(performance.now() - t);
  }
  return { rtt, sign };
}, N);

const times = [];
for (let i = 0; i < N; i++) {
  const words = `Benchmark idea ${i}: keep the repairs line open in the evening`;
  await page.fill('#words', words);
  await page.fill('#who-said', `Person ${i % 40}`);
  const t = await page.evaluate(() => performance.now());
  await page.click('#record');
  await page.waitForFunction((w) => [...document.querySelectorAll('#recorded-list li')].some((li) => li.querySelector('blockquote')?.textContent === w && li.textContent.includes('Saved')), words, { polling: 'raf' });
  times.push((await page.evaluate(() => performance.now())) - t);
}
const measured = await page.evaluate(() => Object.fromEntries(['heard-record', 'heard-record-sign', 'heard-record-send']
  .map((n) => [n, performance.getEntriesByName(n).map((e) => e.duration)])));
console.log(`Chromium ${browser.version()}, ${N} ideas, 360 px, loopback`);
line('record an idea, in the page (press to saved)', measured['heard-record']);
line('  of which: build and sign in the browser', measured['heard-record-sign']);
line('  of which: POST to 201 with receipt', measured['heard-record-send']);
line('record an idea, seen by the test driver', times);
line('floor: GET /healthz from the page', floors.rtt);
line('floor: one Ed25519 signature (WebCrypto)', floors.sign);
console.log(`target: p99 < 100 ms`);
await browser.close();

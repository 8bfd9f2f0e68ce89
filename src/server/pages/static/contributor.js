// "My contributions": find a portfolio from a key file (only the public key leaves this
// page, in the address), print it, and sign a consent change or a withdrawal in the browser.

import { concat, fromHex, toHex, utf8 } from './bytes.js';
import { parseKeyText, sign, webCryptoAvailable } from './keyfile.js';
import { KIND, claimBody, signAndSubmit, withdrawBody } from './statement.js';
import { msg, say, serverSaid } from './ui.js';


async function readKey(input, box) {
  const file = input.files?.[0];
  if (!file) { say(box, msg('js-key-choose-first'), 'error'); input.focus(); return null; }
  if (!webCryptoAvailable()) { say(box, msg('js-key-https-only'), 'error'); return null; }
  if (file.size > 4096) { say(box, msg('js-key-too-large'), 'error'); return null; }
  try {
    return await parseKeyText(await file.text());
  } catch (e) {
    say(box, msg('js-key-unusable', { reason: e.message }), 'error');
    return null;
  }
}

const finder = document.getElementById('key-file');
if (finder) {
  const box = document.getElementById('find-status');
  finder.addEventListener('change', async () => {
    const key = await readKey(finder, box);
    if (key) {
      say(box, msg('js-contrib-opening'));
      location.assign(`/contributors/${toHex(key.pub)}`);
    }
  });
}

const print = document.getElementById('print-button');
if (print) {
  print.hidden = false;
  print.addEventListener('click', () => window.print());
}

const manage = document.getElementById('manage');
if (manage) {
  const box = document.getElementById('manage-status');
  const keyInput = document.getElementById('manage-key');
  const consentForm = document.getElementById('consent-form');
  const withdrawForm = document.getElementById('withdraw-form');
  const nameInput = document.getElementById('c-name');
  const sync = () => { nameInput.disabled = consentForm.elements.consent.value === 'anonymous'; };
  consentForm.addEventListener('change', sync);
  sync();

  const send = async (kind, makeBody, done) => {
    const key = await readKey(keyInput, box);
    if (!key) return;
    let body;
    try { body = makeBody(); } catch (e) { say(box, msg('js-contrib-check-form', { reason: e.message }), 'error'); return; }
    say(box, msg('js-signing-sending'));
    try {
      await signAndSubmit(key, kind, body);
      say(box, done, 'success');
    } catch (e) {
      const why = e.code === 'not_contributor' ? msg('js-contrib-not-your-ideas') : e.message;
      say(box, msg('js-contrib-not-recorded', { reason: why }), 'error');
    }
  };

  consentForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send(KIND.claim, () => claimBody(manage.dataset.ideas.split(','), consentForm.elements.consent.value, nameInput.value, null),
      msg('js-contrib-consent-saved'));
  });

  withdrawForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!document.getElementById('withdraw-sure').checked) {
      say(box, msg('js-contrib-withdraw-confirm'), 'error');
      document.getElementById('withdraw-sure').focus();
      return;
    }
    send(KIND.withdraw, () => withdrawBody(withdrawForm.elements.idea.value),
      msg('js-contrib-withdrawn'));
  });
}

// "New since your last visit": the highest entry seq this browser has seen of this portfolio
// is kept in localStorage; citations and answers above it get a "New" badge, then the stored
// seq moves up. Nothing about the visit is sent anywhere.
const portfolio = document.getElementById('portfolio');
if (portfolio) {
  const box = document.getElementById('new-since');
  const storeKey = `heard.seen.${portfolio.dataset.portfolio}`;
  const latest = Number(portfolio.dataset.latest) || 0;
  let seen = null;
  try {
    const stored = localStorage.getItem(storeKey);
    if (stored !== null && /^\d+$/.test(stored)) seen = Number(stored);
  } catch {
    // Storage blocked (private mode, settings): nothing is marked, nothing is kept.
  }
  if (seen !== null) {
    let fresh = 0;
    for (const item of portfolio.querySelectorAll('[data-seq]')) {
      if (Number(item.dataset.seq) > seen) {
        const badge = document.createElement('strong');
        badge.className = 'badge badge-new';
        badge.textContent = msg('js-contrib-new');
        item.prepend(badge, ' ');
        fresh += 1;
      }
    }
    box.textContent = fresh === 0
      ? msg('js-contrib-nothing-new')
      : msg('js-contrib-new-count', { count: fresh });
    box.hidden = false;
  } else if (latest > 0) {
    box.textContent = msg('js-contrib-new-next-time');
    box.hidden = false;
  }
  try {
    if (seen === null || latest > seen) localStorage.setItem(storeKey, String(Math.max(latest, seen ?? 0)));
  } catch {
    // As above.
  }
}

// "Get a badge for an idea": the request (docs/PROTOCOL.md §20) is signed here with the key
// file and sent; the answer, an Open Badges 3.0 credential, is saved as a .json file.
const badgeForm = document.getElementById('badge-form');
if (badgeForm) {
  const box = document.getElementById('badge-status');
  const keyInput = document.getElementById('badge-key');
  const select = document.getElementById('badge-idea');
  const named = document.getElementById('b-named');
  const namedLabel = document.getElementById('b-named-label');
  const syncName = () => {
    const name = select.selectedOptions[0]?.dataset.name;
    named.disabled = !name;
    if (!name && named.checked) document.getElementById('b-none').checked = true;
    namedLabel.textContent = name
      ? msg('js-badge-show-name', { name })
      : msg('js-badge-name-impossible');
  };
  select.addEventListener('change', syncName);
  syncName();

  badgeForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const key = await readKey(keyInput, box);
    if (!key) return;
    // An option `c:<hex>` asks for every idea of this key's in that consultation.
    const whole = select.value.startsWith('c:');
    const idea = whole ? select.value.slice(2) : select.value;
    const consented = badgeForm.elements.bname.value === 'consented';
    const time = Date.now();
    const timeBytes = new Uint8Array(8);
    new DataView(timeBytes.buffer).setBigUint64(0, BigInt(time));
    say(box, msg('js-badge-asking'));
    let answer;
    try {
      const prefix = whole ? 'heard/v1/credential-consultation\n' : 'heard/v1/credential\n';
      const message = concat(utf8(prefix), key.pub, fromHex(idea), Uint8Array.of(consented ? 1 : 0), timeBytes);
      const signature = await sign(key.privateKey, message);
      answer = await fetch('/v1/credentials', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/vc, application/json' },
        body: JSON.stringify({ key: toHex(key.pub), [whole ? 'consultation' : 'idea']: idea, name: consented ? 'consented' : 'none', time, signature: toHex(signature) }),
      });
    } catch {
      say(box, msg('js-badge-connection'), 'error');
      return;
    }
    const text = await answer.text();
    if (!answer.ok) {
      let why = msg('js-server-answered', { status: answer.status });
      try {
        const p = JSON.parse(text);
        why = p.code === 'not_contributor' ? msg('js-badge-not-your-idea') : serverSaid(p, answer.status);
      } catch { /* not problem+json: keep the status */ }
      say(box, msg('js-badge-not-made', { reason: why }), 'error');
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = `heard-badge-${idea.slice(0, 8)}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    say(box, msg('js-badge-saved'), 'success');
  });
}

// "See the amounts paid to you" (docs/PROTOCOL.md §21): the page holds no amount. With the
// key file, a request for each acknowledgement is signed here and sent to
// POST /v1/payments/contributor; each answer's amount is written into this page only.
const payForm = document.getElementById('payments-form');
if (payForm) {
  const box = document.getElementById('payments-status');
  const list = document.getElementById('payments-list');
  payForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const key = await readKey(document.getElementById('payments-key'), box);
    if (!key) return;
    const spans = [...document.querySelectorAll('.ack-amount[data-ack]')];
    const seqs = [...new Set(spans.map((s) => s.dataset.ack))];
    say(box, msg('js-pay-asking'));
    list.textContent = '';
    let shownCount = 0;
    for (const seq of seqs) {
      const time = Date.now();
      const numbers = new Uint8Array(16);
      const view = new DataView(numbers.buffer);
      view.setBigUint64(0, BigInt(seq));
      view.setBigUint64(8, BigInt(time));
      let answer;
      try {
        const signature = await sign(key.privateKey, concat(utf8('heard/v1/payment-contributor\n'), key.pub, numbers));
        const r = await fetch('/v1/payments/contributor', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ key: toHex(key.pub), seq: Number(seq), time, signature: toHex(signature) }),
        });
        answer = await r.json().catch(() => null);
        if (!r.ok) {
          say(box, msg('js-pay-not-shown', { reason: serverSaid(answer, r.status) }), 'error');
          return;
        }
      } catch {
        say(box, msg('js-badge-connection'), 'error');
        return;
      }
      for (const s of spans.filter((x) => x.dataset.ack === seq)) {
        s.textContent = answer.shown;
        const li = document.createElement('li');
        const title = s.closest('article')?.querySelector('h2')?.textContent ?? '';
        li.textContent = msg('js-pay-line', { amount: answer.shown, idea: title });
        list.append(li);
      }
      shownCount += 1;
    }
    list.hidden = list.children.length === 0;
    say(box, msg('js-pay-shown', { count: shownCount }), 'success');
  });
}

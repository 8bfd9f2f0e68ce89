// The person's page of a key recovery (/recover#<token>; docs/PROTOCOL.md §13, §19
// "Recovery pairing"): this browser makes a new key, has the person save it as a key file
// before anything is sent (as the claim page does), signs the binding
// "heard/v1/recovery-key\n" ‖ old key ‖ new key, and hands the public key and the binding
// in under the pairing's token. The key file's text is kept in this tab's sessionStorage
// until the recovery has started, so a reload uses the same key. The private key is never sent.

import { concat, fromHex, toHex, utf8 } from './bytes.js';
import { generate, keyText, parseKeyText, sign, webCryptoAvailable } from './keyfile.js';
import { errorSummary, msg, say, serverSaid } from './ui.js';

/// sessionStorage: {"token", "text": "PRIVATE+KEY+…", "saved": bool} of the key made here.
const PENDING = 'heard.recover.new-key';

const info = document.getElementById('pairing-info');
const codeForm = document.getElementById('code-form');
const codeInput = document.getElementById('pairing-code');
const keyForm = document.getElementById('key-form');
const make = document.getElementById('key-make');
const madeStatus = document.getElementById('key-made-status');
const again = document.getElementById('key-again');
const keyLink = document.getElementById('key-download');
const saved = document.getElementById('key-saved');
const sendStatus = document.getElementById('send-status');
const check = document.getElementById('person-check');
const done = document.getElementById('person-done');

let token = null;
let pairing = null;
let made = null; // { key, text }
let sent = false;
let polling = null;

const grouped = (c) => `${c.slice(0, 4)} ${c.slice(4, 8)}`;

function longDay(ms) {
  const lang = document.documentElement.lang || 'en-GB';
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(ms));
}

function loadPending() {
  try {
    const v = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
    return v && typeof v.text === 'string' && v.token === token ? v : null;
  } catch {
    return null;
  }
}

function storePending(v) {
  try {
    if (v) sessionStorage.setItem(PENDING, JSON.stringify({ token, ...v })); else sessionStorage.removeItem(PENDING);
  } catch { /* storage blocked: the key stays in this page only */ }
}

const fileName = (pubHex) => `heard-key-${pubHex.slice(0, 8)}.txt`;

function offer() {
  const pubHex = toHex(made.key.pub);
  keyLink.href = URL.createObjectURL(new Blob([`${made.text}\n`], { type: 'text/plain' }));
  keyLink.download = fileName(pubHex);
  again.hidden = false;
  make.hidden = true;
}

async function read(t) {
  const r = await fetch(`/v1/recovery/pairings/${encodeURIComponent(t)}`, { headers: { Accept: 'application/json' } });
  let v = null;
  try { v = await r.json(); } catch { v = null; }
  return { status: r.status, ok: r.ok, v };
}

const TOKEN_REFUSALS = { 400: 'js-recover-bad-token', 404: 'js-recover-unknown', 410: 'js-recover-link-expired' };

/// Opens the pairing of `t`: says who is helping, then shows the key step (or, when this tab
/// already handed its key in, the code to compare).
async function open(t, fromForm) {
  token = t;
  say(info, msg('js-recover-checking'));
  let a;
  try {
    a = await read(t);
  } catch {
    say(info, msg('js-recover-network'), 'error');
    return;
  }
  if (!a.ok) {
    const text = msg(TOKEN_REFUSALS[a.status] ?? 'js-recover-unknown');
    if (fromForm) {
      info.textContent = '';
      errorSummary(document.getElementById('code-errors'), [['pairing-code', text]]);
    } else {
      say(info, text, 'error');
    }
    return;
  }
  pairing = a.v;
  codeForm.hidden = true;
  say(info, msg('js-recover-helping', { facilitator: pairing.facilitator, days: pairing.wait_days }));
  const pending = loadPending();
  if (pending && webCryptoAvailable()) {
    try {
      const key = await parseKeyText(pending.text);
      made = { key, text: pending.text.trim() };
      offer();
      saved.checked = Boolean(pending.saved);
      say(madeStatus, msg('js-recover-key-earlier', { file: fileName(toHex(key.pub)) }));
    } catch {
      storePending(null);
    }
  }
  if (pairing.state !== 'waiting') {
    if (made && pairing.new_key === toHex(made.key.pub)) {
      showCheck(pairing.check);
      return;
    }
    say(info, msg('js-recover-link-used'), 'error');
    return;
  }
  keyForm.hidden = false;
}

function showCheck(c) {
  sent = true;
  keyForm.hidden = true;
  sendStatus.textContent = '';
  document.getElementById('person-check-code').textContent = grouped(c);
  check.hidden = false;
  say(done, msg('js-recover-wait-facilitator'));
  document.getElementById('person-check-title').focus();
  polling = setInterval(poll, 2000);
}

async function poll() {
  let a;
  try { a = await read(token); } catch { return; }
  if (!a.ok) {
    if (a.status === 410 || a.status === 404) clearInterval(polling);
    return;
  }
  if (a.v?.state !== 'started') return;
  clearInterval(polling);
  storePending(null);
  const p = say(done, msg('js-recover-person-started', { date: longDay(a.v.effective_at) }), 'success');
  const link = document.createElement('a');
  link.href = `/contributors/${a.v.new_key}`;
  link.textContent = msg('js-recover-your-page');
  const q = document.createElement('p');
  q.append(link);
  done.append(q);
}

codeForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const t = codeInput.value.replace(/[\s-]/g, '');
  if (!t) {
    errorSummary(document.getElementById('code-errors'), [['pairing-code', msg('js-recover-bad-token')]]);
    return;
  }
  errorSummary(document.getElementById('code-errors'), []);
  open(t, true);
});

make.addEventListener('click', async () => {
  if (!webCryptoAvailable()) {
    say(madeStatus, msg('js-recover-no-webcrypto'), 'error');
    return;
  }
  if (!made) {
    let key;
    try {
      key = await generate();
    } catch {
      say(madeStatus, msg('js-recover-no-ed25519'), 'error');
      return;
    }
    made = { key, text: await keyText(key) };
    storePending({ text: made.text, saved: false });
  }
  offer();
  keyLink.click();
  say(madeStatus, msg('js-recover-key-downloading', { file: fileName(toHex(made.key.pub)) }));
  saved.focus();
});

saved.addEventListener('change', () => {
  if (made) storePending({ text: made.text, saved: saved.checked });
});

// Leaving while a key made here may not be saved loses it for good: ask first.
window.addEventListener('beforeunload', (ev) => {
  if (made && !saved.checked && !sent) {
    ev.preventDefault();
    ev.returnValue = '';
  }
});

keyForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (sent) return;
  const problems = [];
  if (!made) problems.push(['key-make', msg('js-recover-make-first')]);
  else if (!saved.checked) problems.push(['key-saved', msg('js-recover-tick-saved')]);
  errorSummary(document.getElementById('key-errors'), problems);
  if (problems.length) return;
  const button = document.getElementById('send');
  button.disabled = true;
  say(sendStatus, msg('js-recover-sending-key'));
  const oldKey = fromHex(pairing.old_key);
  const binding = await sign(made.key.privateKey, concat(utf8('heard/v1/recovery-key\n'), oldKey, made.key.pub));
  let r;
  try {
    r = await fetch(`/v1/recovery/pairings/${encodeURIComponent(token)}/key`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ new_key: toHex(made.key.pub), binding: toHex(binding) }),
    });
  } catch {
    say(sendStatus, msg('js-recover-network'), 'error');
    button.disabled = false;
    return;
  }
  let answer = null;
  try { answer = await r.json(); } catch { answer = null; }
  if (r.ok) {
    showCheck(answer.check);
    return;
  }
  if (answer?.code === 'pairing_used') {
    // An answer lost on the way back: the key handed in may be this one.
    const a = await read(token).catch(() => null);
    if (a?.ok && a.v.new_key === toHex(made.key.pub)) {
      showCheck(a.v.check);
      return;
    }
  }
  const id = { pairing_expired: 'js-recover-link-expired', pairing_used: 'js-recover-link-used', unknown_pairing: 'js-recover-unknown' }[answer?.code];
  say(sendStatus, id ? msg(id) : msg('js-recover-send-failed', { detail: serverSaid(answer, r.status) }), 'error');
  button.disabled = false;
});

const fromLink = decodeURIComponent(location.hash.replace(/^#/, ''));
if (fromLink) {
  open(fromLink, false);
} else {
  codeForm.hidden = false;
}

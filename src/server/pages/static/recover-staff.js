// The facilitator's "Recover someone's credit" page (/staff/recover; docs/PROTOCOL.md §13,
// §19 "Recovery pairing"): find the person's credit, start a pairing (a request signed by
// the staff key this browser keeps), show its link, code and QR code, wait for the person's
// new key, show its first 8 hex digits to compare, then sign the `recover` statement (kind
// 12) here and send it to /v1/statements. No private key leaves either browser.

import { concat, fromHex, toBase64, toHex, utf8 } from './bytes.js';
import { encode } from './cbor.js';
import { statement } from './statement.js';
import { send, signBytes, signStatement, signedIn } from './staffkey.js';
import { errorSummary, longUtcDay, msg, say, serverSaid } from './ui.js';

const RECOVER = 12;
const who = document.getElementById('who');
const form = document.getElementById('find-form');
const input = document.getElementById('person');
const errors = document.getElementById('find-errors');
const findStatus = document.getElementById('find-status');
const pairingBox = document.getElementById('pairing');
const pairingStatus = document.getElementById('pairing-status');
const compare = document.getElementById('compare');
const confirmButton = document.getElementById('confirm');
const result = document.getElementById('recover-status');

let me = null;
let pairing = null; // the server's answer when the pairing started
let handed = null; // the pairing once the person's key arrived
let polling = null;

/// "ab12cd34" as "ab12 cd34": both screens show the digits this way.
const grouped = (check) => `${check.slice(0, 4)} ${check.slice(4, 8)}`;

function longDay(ms) {
  return longUtcDay(ms);
}

async function json(r) {
  try { return await r.json(); } catch { return null; }
}

const REFUSALS = {
  card_not_claimed: 'js-recover-card-not-claimed',
  unknown_card: 'js-recover-unknown-card',
  bad_claim_code: 'js-recover-bad-code',
  malformed: 'js-recover-bad-code',
  weak_key: 'js-recover-bad-code',
  nothing_to_recover: 'js-recover-nothing',
  recovery_open: 'js-recover-open',
  not_facilitator: 'js-recover-not-facilitator',
  too_many_pairings: 'js-recover-too-many',
};

async function main() {
  const s = await signedIn(who);
  if (!s) return;
  if (s.info.role !== 'facilitator') {
    say(who, msg('js-recover-not-facilitator'), 'error');
    return;
  }
  me = s.me;
  form.hidden = false;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (!me || pairing) return;
  const person = input.value.trim();
  if (!person) {
    errorSummary(errors, [['person', msg('js-recover-person-missing')]]);
    return;
  }
  errorSummary(errors, []);
  say(findStatus, msg('js-recover-looking'));
  const time = Date.now();
  const t = new Uint8Array(8);
  new DataView(t.buffer).setBigUint64(0, BigInt(time));
  const signature = await signBytes(me, concat(utf8('heard/v1/recovery-pairing\n'), me.pub, t, utf8(person)));
  let r;
  try {
    r = await fetch('/v1/recovery/pairings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ key: toHex(me.pub), person, time, signature: toHex(signature) }),
    });
  } catch {
    say(findStatus, msg('js-recover-offline'), 'error');
    return;
  }
  const answer = await json(r);
  if (!r.ok) {
    findStatus.textContent = '';
    const id = REFUSALS[answer?.code];
    errorSummary(errors, [['person', id ? msg(id) : msg('js-recover-refused', { detail: serverSaid(answer, r.status) })]]);
    return;
  }
  pairing = answer;
  findStatus.textContent = '';
  form.hidden = true;
  document.getElementById('pairing-found').textContent = msg('js-recover-found', { ideas: answer.ideas });
  document.getElementById('pairing-address').textContent = `${location.origin}/recover`;
  document.getElementById('pairing-code').textContent = answer.code;
  pairingBox.hidden = false;
  say(pairingStatus, msg('js-recover-waiting'));
  document.getElementById('pairing-title').focus();
  showQr(answer.token);
  polling = setInterval(poll, 1500);
});

async function showQr(token) {
  const box = document.getElementById('pairing-qr');
  try {
    const r = await fetch('/staff/recover/qr', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    if (!r.ok) return;
    const img = document.createElement('img');
    img.alt = msg('js-recover-qr-alt');
    img.src = `data:image/svg+xml;base64,${btoa(await r.text())}`;
    box.append(img);
  } catch { /* offline: the address and code are still shown */ }
}

async function poll() {
  let r;
  try {
    r = await fetch(`/v1/recovery/pairings/${pairing.token}`, { headers: { Accept: 'application/json' } });
  } catch {
    return; // try again at the next tick
  }
  const v = await json(r);
  if (r.status === 410 || r.status === 404) {
    clearInterval(polling);
    say(pairingStatus, msg('js-recover-expired'), 'error');
    return;
  }
  if (!r.ok || !v || v.state === 'waiting') return;
  clearInterval(polling);
  handed = v;
  pairingBox.hidden = true;
  document.getElementById('compare-check').textContent = grouped(v.check);
  compare.hidden = false;
  document.getElementById('compare-title').focus();
}

confirmButton.addEventListener('click', async () => {
  if (!handed || !me) return;
  confirmButton.disabled = true;
  say(result, msg('js-recover-sending'));
  const body = encode(new Map([
    [0, fromHex(handed.old_key)],
    [1, fromHex(handed.new_key)],
    [2, pairing.wait_days],
    [3, fromHex(handed.binding)],
  ]));
  const st = statement(RECOVER, me.pub, body);
  const sig = await signStatement(me, st);
  let outcome;
  try {
    outcome = await send({ statement: toBase64(st), signature: toBase64(sig) });
  } catch {
    say(result, msg('js-recover-offline'), 'error');
    confirmButton.disabled = false;
    return;
  }
  if (outcome.refused) {
    say(result, msg('js-recover-failed', { detail: outcome.refused.detail }), 'error');
    confirmButton.disabled = false;
    return;
  }
  const r = await fetch(`/v1/recovery/pairings/${pairing.token}`, { headers: { Accept: 'application/json' } }).catch(() => null);
  const v = r?.ok ? await json(r) : null;
  compare.hidden = true;
  const when = v?.effective_at ? longDay(v.effective_at) : longDay(Date.now() + pairing.wait_days * 86400000);
  const p = say(result, msg('js-recover-started', { date: when }), 'success');
  p.tabIndex = -1;
  const a = document.createElement('a');
  a.href = `/contributors/${handed.old_key}`;
  a.textContent = msg('js-recover-see-old');
  const q = document.createElement('p');
  q.append(a);
  result.append(q);
  p.focus();
});

main();

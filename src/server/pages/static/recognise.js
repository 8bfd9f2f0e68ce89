// Recognising an idea (/staff/ideas/<id>/recognise): the organisation records that it paid
// the person who gave it, or that they declined payment — an `acknowledge` statement
// (docs/PROTOCOL.md §13, kind 10) signed in this browser by the staff key. A payment's
// amount never goes into the statement: the statement holds the salted digest (§21, key 6)
// and the amount, currency and salt travel beside it, to be kept beside the log.
//
// The page lists what was recorded for the idea without amounts; for the organisation
// signed in here, each amount is asked for with a request signed by its key
// (POST /v1/payments/organisation, §21) and written into this page only.

import { errorSummary, msg, say, serverSaid } from './ui.js';
import { encode } from './cbor.js';
import { concat, fromHex, sha256, toBase64, toHex, utf8 } from './bytes.js';
import { statement } from './statement.js';
import { signedIn, signBytes, signStatement, send, REVOKED } from './staffkey.js';

const KIND_ACKNOWLEDGE = 10;
const RECOGNITION_PAYMENT = 0;
const GIVEN = 0;
const DECLINED = 1;
const PAYMENT_PREFIX = utf8('heard/v1/payment\n');
const ORGANISATION_PREFIX = utf8('heard/v1/payment-organisation\n');

const form = document.getElementById('pay-form');
const who = document.getElementById('who');
const status = document.getElementById('pay-status');
const field = (id) => document.getElementById(id);
let me;

/// Minor units (pence, cents) of an amount as typed ("25", "25.5", "£1,250.00"), or null.
export function minorUnits(typed) {
  const t = typed.trim().replace(/^[£€$]\s*/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const units = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return units > 0 ? units : null;
}

/// The amount in figures as the server shows it (`25.00 GBP`).
function shown(units, currency) {
  return `${Math.floor(units / 100)}.${String(units % 100).padStart(2, '0')} ${currency}`;
}

/// The `payment` digest of §21: SHA-256(prefix ‖ salt ‖ amount (8, big-endian) ‖ currency).
async function paymentDigest(salt, units, currency) {
  const amount = new Uint8Array(8);
  new DataView(amount.buffer).setBigUint64(0, BigInt(units));
  return sha256(concat(PAYMENT_PREFIX, salt, amount, utf8(currency)));
}

function sync() {
  field('amount-fields').hidden = form.elements.status.value === 'declined';
}

form.addEventListener('change', sync);

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const choice = form.elements.status.value;
  const typed = field('pay-amount').value;
  const currency = field('pay-currency').value.trim().toUpperCase();
  const note = field('pay-note').value.trim();
  const units = minorUnits(typed);
  const problems = [];
  if (!choice) problems.push(['pay-paid', msg('js-pay-choose')]);
  if (choice === 'paid' && !typed.trim()) problems.push(['pay-amount', msg('js-pay-amount-missing')]);
  else if (choice === 'paid' && units === null) problems.push(['pay-amount', msg('js-pay-amount-bad')]);
  if (choice === 'paid' && !/^[A-Z]{3}$/.test(currency)) problems.push(['pay-currency', msg('js-pay-currency-bad')]);
  errorSummary(field('pay-errors'), problems);
  if (problems.length) return;

  const body = new Map([[0, [fromHex(form.dataset.idea)]], [1, RECOGNITION_PAYMENT], [2, choice === 'paid' ? GIVEN : DECLINED]]);
  if (note) body.set(5, note);
  const item = {};
  if (choice === 'paid') {
    const salt = crypto.getRandomValues(new Uint8Array(32));
    body.set(6, await paymentDigest(salt, units, currency));
    item.payment = { amount: units, currency, salt: toBase64(salt) };
  }
  const st = statement(KIND_ACKNOWLEDGE, me.pub, encode(body));
  const sig = await signStatement(me, st);
  item.statement = toBase64(st);
  item.signature = toBase64(sig);
  say(status, msg('js-staff-sending'));
  let r;
  try {
    r = await send(item);
  } catch {
    say(status, msg('js-staff-unreachable-nothing-saved'), 'error');
    return;
  }
  if (r.refused) {
    const why = r.refused.code === 'key_revoked' ? REVOKED : msg('js-pay-refused', { detail: r.refused.detail });
    say(status, why, 'error');
    return;
  }
  const p = say(status, choice === 'paid' ? msg('js-pay-saved-paid', { amount: shown(units, currency) }) : msg('js-pay-saved-declined'), 'ok');
  const a = document.createElement('a');
  a.href = `/ideas/${form.dataset.idea}`;
  a.textContent = msg('js-pay-see-idea');
  p.append(' ', a);
  form.reset();
  field('pay-currency').value = 'GBP';
  sync();
});

/// Asks for the amount of each payment listed, one request signed here for each; writes the
/// amount, or why it is not shown, beside it.
async function showAmounts() {
  const spans = [...document.querySelectorAll('.pay-amount[data-seq]')];
  const box = field('pay-recorded-status');
  if (!spans.length || !box) return;
  say(box, msg('js-pay-asking'));
  let shownCount = 0;
  for (const s of spans) {
    const seq = Number(s.dataset.seq);
    const time = Date.now();
    const numbers = new Uint8Array(16);
    const view = new DataView(numbers.buffer);
    view.setBigUint64(0, BigInt(seq));
    view.setBigUint64(8, BigInt(time));
    let r;
    let answer;
    try {
      const signature = await signBytes(me, concat(ORGANISATION_PREFIX, me.pub, numbers));
      r = await fetch('/v1/payments/organisation', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ key: toHex(me.pub), seq, time, signature: toHex(signature) }),
      });
      answer = await r.json().catch(() => null);
    } catch {
      say(box, msg('js-pay-recorded-unreachable'), 'error');
      return;
    }
    if (!r.ok) {
      const why = answer?.code === 'not_your_payment' ? msg('js-pay-recorded-not-yours')
        : answer?.code === 'key_revoked' ? REVOKED
          : serverSaid(answer, r.status);
      s.textContent = msg('js-pay-recorded-refused', { reason: why });
      continue;
    }
    s.textContent = answer.shown;
    shownCount += 1;
  }
  say(box, msg('js-pay-recorded-shown', { count: shownCount }), shownCount === spans.length ? 'ok' : 'error');
}

async function main() {
  const signed = await signedIn(who);
  if (!signed) return;
  me = signed.me;
  const { info } = signed;
  if (info.role !== 'organisation') {
    say(who, msg('js-pay-only-organisation'), 'error');
    return;
  }
  say(who, msg('js-pay-as', { name: info.name }), 'ok');
  form.hidden = false;
  sync();
  await showAmounts();
}

main();

// Opening a consultation (/staff/consultations/new): the `consultation` statement (§13,
// kind 2) is built and signed in this browser with the staff key it keeps, then sent.

import { errorSummary, msg, say } from './ui.js';
import { encode } from './cbor.js';
import { fromHex, sha256, toBase64, toHex } from './bytes.js';
import { signedIn, keyHex, signStatement, send, REVOKED } from './staffkey.js';
import { statement } from './statement.js';

const form = document.getElementById('open-form');
const who = document.getElementById('who');
const status = document.getElementById('open-status');
let me;
let role;

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  select.append(o);
}

async function main() {
  const signed = await signedIn(who);
  if (!signed) return;
  me = signed.me;
  const { info } = signed;
  role = info.role;
  if (role !== 'organisation' && role !== 'facilitator') {
    say(who, msg('js-open-wrong-role'), 'error');
    return;
  }
  const dir = await (await fetch('/v1/staff/directory', { headers: { Accept: 'application/json' } })).json();
  if (role === 'facilitator') {
    const select = document.getElementById('convenor');
    for (const o of dir.organisations) option(select, o.key, o.name);
    if (dir.organisations.length === 0) {
      say(who, msg('js-open-no-organisation'), 'error');
      return;
    }
    document.getElementById('convenor-field').hidden = false;
  } else {
    const box = document.getElementById('recorders');
    dir.facilitators.forEach((f, i) => {
      const div = document.createElement('div');
      div.className = 'choice';
      const input = document.createElement('input');
      Object.assign(input, { type: 'checkbox', id: `recorder-${i}`, name: 'recorder', value: f.key });
      const label = document.createElement('label');
      label.htmlFor = input.id;
      label.textContent = f.name;
      div.append(input, label);
      box.append(div);
    });
    document.getElementById('recorders-field').hidden = dir.facilitators.length === 0;
  }
  document.getElementById('date').value = new Date().toISOString().slice(0, 10);
  form.hidden = false;
}

function errors(list) {
  errorSummary(document.getElementById('open-errors'), list);
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const v = (id) => document.getElementById(id).value.trim();
  const problems = [];
  if (!v('title')) problems.push(['title', msg('js-open-enter-title')]);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v('date'))) problems.push(['date', msg('js-open-enter-date')]);
  if (!v('place')) problems.push(['place', msg('js-open-enter-place')]);
  if (!v('topic')) problems.push(['topic', msg('js-open-enter-topic')]);
  errors(problems);
  if (problems.length) return;
  const convenor = role === 'organisation' ? me.pub : fromHex(v('convenor'));
  const recorders = role === 'organisation'
    ? [...document.querySelectorAll('input[name=recorder]:checked')].map((i) => fromHex(i.value))
    : [];
  const fields = new Map([[0, v('title')], [1, v('date')], [2, v('place')], [3, v('topic')], [4, convenor], [5, recorders]]);
  // Field 7, the consultation's language: written only for Welsh (absent means English).
  if (document.querySelector('input[name=lang]:checked')?.value === 'cy') fields.set(7, 'cy');
  const body = encode(fields);
  const st = statement(2, me.pub, body);
  const sig = await signStatement(me, st);
  say(status, msg('js-open-opening'));
  try {
    const r = await send({ statement: toBase64(st), signature: toBase64(sig) });
    if (r.refused) {
      say(status, r.refused.code === 'key_revoked' ? REVOKED : msg('js-open-refused', { detail: r.refused.detail }), 'error');
      return;
    }
    location.href = role === 'facilitator' || recorders.length
      ? `/staff/consultations/${toHex(await sha256(st))}`
      : `/consultations/${toHex(await sha256(st))}`;
  } catch {
    say(status, msg('js-staff-unreachable-nothing-saved'), 'error');
  }
});

main();

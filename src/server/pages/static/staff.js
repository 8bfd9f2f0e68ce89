// The staff home (/staff): who this browser is signed in as (from the key it keeps), the
// consultations that key records in, a link for another device, and signing out.

import { longDay, msg, say } from './ui.js';
import { concat, toHex, utf8 } from './bytes.js';
import { loadMe, signOut, whoIs, keyHex, signBytes, queued, REVOKED } from './staffkey.js';

const who = document.getElementById('who');
const ROLE = { facilitator: 'js-role-facilitator', organisation: 'js-role-organisation', 'policy-team': 'js-role-policy-team' };

function item(list, href, title, detail) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = href;
  a.textContent = title;
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent = detail;
  li.append(a, p);
  list.append(li);
}

async function main() {
  const me = await loadMe().catch(() => undefined);
  if (!me) {
    say(who, msg('js-staff-home-not-signed-in'), 'info');
    return;
  }
  const key = keyHex(me);
  let info;
  try {
    info = await whoIs(key);
  } catch {
    say(who, msg('js-staff-home-offline', { name: me.name }), 'error');
    return;
  }
  document.getElementById('leave').hidden = false;
  if (!info || info.status !== 'active') {
    say(who, REVOKED, 'error');
    return;
  }
  const org = info.organisation ? `, ${info.organisation}` : '';
  say(who, msg('js-staff-signed-in-as', { name: info.name, role: ROLE[info.role] ? msg(ROLE[info.role]) : info.role, organisation: org }), 'ok');
  if (info.role === 'policy-team') document.getElementById('reports').hidden = false;
  if (info.role === 'organisation') document.getElementById('answers').hidden = false;
  if (info.role === 'facilitator') document.getElementById('recover').hidden = false;
  document.getElementById('mine').hidden = info.role === 'policy-team';
  document.getElementById('devices').hidden = false;
  if (info.role === 'facilitator' || info.role === 'organisation') document.getElementById('open-new').hidden = false;
  const r = await fetch(`/v1/staff/${key}/consultations`, { headers: { Accept: 'application/json' } });
  const list = document.getElementById('consultations');
  const { consultations } = r.ok ? await r.json() : { consultations: [] };
  for (const c of consultations) {
    const state = msg(c.closed ? 'js-staff-c-closed' : c.may_record ? 'js-staff-c-open' : 'js-staff-c-convene');
    const href = c.may_record && !c.closed ? `/staff/consultations/${c.id}` : `/consultations/${c.id}`;
    item(list, href, c.title, `${longDay(c.date)}, ${c.place} — ${state}`);
  }
  document.getElementById('no-consultations').hidden = consultations.length > 0;
}

document.getElementById('another-device').addEventListener('click', async () => {
  const out = document.getElementById('device-link');
  const me = await loadMe();
  if (!me) return;
  const time = Date.now();
  const t = new Uint8Array(8);
  new DataView(t.buffer).setBigUint64(0, BigInt(time));
  const signature = await signBytes(me, concat(utf8('heard/v1/staff-device\n'), me.pub, t));
  const r = await fetch('/v1/staff/devices', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ key: keyHex(me), time, signature: toHex(signature) }),
  });
  const answer = await r.json().catch(() => null);
  if (!r.ok) {
    say(out, answer?.code === 'key_revoked' ? REVOKED : (answer?.detail ?? msg('js-staff-try-again')), 'error');
    return;
  }
  const p = say(out, `${msg('js-staff-device-link')} `, 'ok');
  const code = document.createElement('code');
  code.textContent = answer.link;
  p.append(code);
});

document.getElementById('sign-out').addEventListener('click', async () => {
  const out = document.getElementById('sign-out-status');
  const waiting = (await queued().catch(() => [])).length;
  if (waiting > 0 && !confirm(msg('js-staff-sign-out-waiting', { count: waiting }))) return;
  await signOut();
  say(out, msg('js-staff-signed-out'), 'ok');
  document.getElementById('mine').hidden = true;
  document.getElementById('devices').hidden = true;
  say(who, msg('js-staff-not-signed-in-short'), 'info');
});

main();

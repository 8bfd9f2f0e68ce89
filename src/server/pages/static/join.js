// The invitation page (/staff/join#<secret>): shows what the invitation is for, then makes
// this browser's own key (non-extractable, kept in IndexedDB) and sends only its public half
// with the invitation's secret. The server enrols the key with the operator's key.

import { msg, say, serverSaid } from './ui.js';
import { makeKey, saveMe, keyHex } from './staffkey.js';

const box = document.getElementById('invitation');
const step = document.getElementById('join-step');
const status = document.getElementById('join-status');
const button = document.getElementById('join');
const secret = decodeURIComponent(location.hash.replace(/^#/, ''));
const ROLE = { facilitator: 'js-join-as-facilitator', organisation: 'js-join-as-organisation', 'policy-team': 'js-join-as-policy-team' };

async function post(path, body) {
  const r = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  let answer = null;
  try { answer = await r.json(); } catch { answer = null; }
  if (!r.ok) {
    const e = new Error(serverSaid(answer, r.status));
    e.code = answer?.code;
    throw e;
  }
  return answer;
}

function problem(e) {
  // The server's sentences are written for the person reading them.
  return e.message.charAt(0).toUpperCase() + e.message.slice(1) + '.';
}

async function show() {
  if (!secret) {
    say(box, msg('js-join-no-secret'), 'error');
    return;
  }
  if (!globalThis.crypto?.subtle || !globalThis.indexedDB) {
    say(box, msg('js-join-no-crypto'), 'error');
    return;
  }
  try {
    const inv = await post('/v1/staff/invitation', { secret });
    const org = inv.organisation ? `, ${inv.organisation}` : '';
    const what = inv.another_device ? msg('js-join-another-device') : ROLE[inv.role] ? msg(ROLE[inv.role]) : inv.role;
    say(box, msg('js-join-invited', { name: `${inv.name}${org}`, what }), 'info');
    step.hidden = false;
  } catch (e) {
    say(box, problem(e), 'error');
  }
}

button.addEventListener('click', async () => {
  button.disabled = true;
  say(status, msg('js-join-setting-up'));
  try {
    const key = await makeKey();
    const who = await post('/v1/staff/join', { secret, key: keyHex(key) });
    await saveMe({ ...key, name: who.name, role: who.role, organisation: who.organisation ?? null });
    // The secret is spent: take it out of the address bar and history.
    history.replaceState(null, '', '/staff/join');
    step.hidden = true;
    status.textContent = '';
    const p = say(status, `${msg('js-join-signed-in', { name: who.name })} `, 'ok');
    const a = document.createElement('a');
    a.href = '/staff';
    a.textContent = msg('js-join-go');
    p.append(a);
    a.focus();
  } catch (e) {
    say(status, problem(e), 'error');
    button.disabled = false;
  }
});

show();

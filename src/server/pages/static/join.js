// The invitation page (/staff/join#<secret>): shows what the invitation is for, then makes
// this browser's own key (non-extractable, kept in IndexedDB) and sends only its public half
// with the invitation's secret. The server enrols the key with the operator's key.

import { say } from './ui.js';
import { makeKey, saveMe, keyHex } from './staffkey.js';

const box = document.getElementById('invitation');
const step = document.getElementById('join-step');
const status = document.getElementById('join-status');
const button = document.getElementById('join');
const secret = decodeURIComponent(location.hash.replace(/^#/, ''));
const ROLE = { facilitator: 'a facilitator', organisation: 'an organisation', 'policy-team': 'a policy team member' };

async function post(path, body) {
  const r = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  let answer = null;
  try { answer = await r.json(); } catch { answer = null; }
  if (!r.ok) {
    const e = new Error(answer?.detail ?? `the server answered ${r.status}`);
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
    say(box, 'This page opens from an invitation link. Open the whole link from the message you were sent.', 'error');
    return;
  }
  if (!globalThis.crypto?.subtle || !globalThis.indexedDB) {
    say(box, 'This browser cannot keep a key safely. Please use an up-to-date browser.', 'error');
    return;
  }
  try {
    const inv = await post('/v1/staff/invitation', { secret });
    const org = inv.organisation ? ` at ${inv.organisation}` : '';
    const what = inv.another_device ? 'to use this service on another device' : `to join as ${ROLE[inv.role] ?? inv.role}`;
    say(box, `${inv.name}${org}: you are invited ${what}.`, 'info');
    step.hidden = false;
  } catch (e) {
    say(box, problem(e), 'error');
  }
}

button.addEventListener('click', async () => {
  button.disabled = true;
  say(status, 'Setting up this browser…');
  try {
    const key = await makeKey();
    const who = await post('/v1/staff/join', { secret, key: keyHex(key) });
    await saveMe({ ...key, name: who.name, role: who.role, organisation: who.organisation ?? null });
    // The secret is spent: take it out of the address bar and history.
    history.replaceState(null, '', '/staff/join');
    step.hidden = true;
    status.textContent = '';
    const p = say(status, `You are signed in on this browser as ${who.name}. `, 'ok');
    const a = document.createElement('a');
    a.href = '/staff';
    a.textContent = 'Go to your work';
    p.append(a);
    a.focus();
  } catch (e) {
    say(status, problem(e), 'error');
    button.disabled = false;
  }
});

show();

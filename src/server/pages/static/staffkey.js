// A member of staff's key, kept in this browser only (docs/PROTOCOL.md §19): an Ed25519 key
// made by WebCrypto as non-extractable, stored as a CryptoKey in IndexedDB, so no script can
// read its private half and it is never sent anywhere. Also the queue of statements signed
// while offline, which wait here until they are sent.

import { concat, fromHex, toBase64, toHex, utf8 } from './bytes.js';
import { msg, serverSaid } from './ui.js';

const DB = 'heard-staff';
const ED25519 = { name: 'Ed25519' };
const SIGNATURE_PREFIX = utf8('heard/v1/statement-signature\n');

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('me')) db.createObjectStore('me');
      if (!db.objectStoreNames.contains('queue')) db.createObjectStore('queue', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('cards')) db.createObjectStore('cards', { keyPath: 'label' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run(store, mode, act) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const result = act(tx.objectStore(store));
    tx.oncomplete = () => { db.close(); resolve(result && 'result' in result ? result.result : undefined); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  }));
}

/// Makes a new key that cannot be exported: { privateKey, publicKey, pub (32 bytes) }.
export async function makeKey() {
  const pair = await crypto.subtle.generateKey(ED25519, false, ['sign', 'verify']);
  const pub = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, pub };
}

/// Keeps the signed-in member of staff (the key and who the server says they are).
export function saveMe(me) {
  return run('me', 'readwrite', (s) => s.put(me, 'me'));
}

/// The signed-in member of staff, or undefined.
export function loadMe() {
  return run('me', 'readonly', (s) => s.get('me'));
}

/// Removes the key, the queue and the session notes from this browser.
export async function signOut() {
  for (const store of ['me', 'queue', 'cards']) await run(store, 'readwrite', (s) => s.clear());
  await clearDraft();
}

/// Signs a statement's bytes as Heard statements are signed (§3).
export async function signStatement(me, statement) {
  return new Uint8Array(await crypto.subtle.sign(ED25519, me.privateKey, concat(SIGNATURE_PREFIX, statement)));
}

/// Signs any message with the key (for the device-invitation request).
export async function signBytes(me, message) {
  return new Uint8Array(await crypto.subtle.sign(ED25519, me.privateKey, message));
}

export const keyHex = (me) => toHex(me.pub);

// ----- the queue: signed statements waiting to be sent -----

/// Adds a signed submission ({ id, statement, signature, content?, … }) to the queue.
export function enqueue(item) {
  return run('queue', 'readwrite', (s) => s.put(item));
}

export function queued() {
  return run('queue', 'readonly', (s) => s.getAll());
}

export function dequeue(id) {
  return run('queue', 'readwrite', (s) => s.delete(id));
}

/// The claim card kept for a person of a session (by the facilitator's note), if any.
export function cardFor(label) {
  return run('cards', 'readonly', (s) => s.get(label));
}

export function keepCard(card) {
  return run('cards', 'readwrite', (s) => s.put(card));
}

export function allCards() {
  return run('cards', 'readonly', (s) => s.getAll());
}

// The report draft is kept in localStorage, which is written at once (synchronously): a
// reload right after a change loses nothing. It holds no secret.
const DRAFT = 'heard-report-draft';

/// The report draft being written in this browser, or a new empty one.
export async function loadDraft() {
  try {
    const d = JSON.parse(localStorage.getItem(DRAFT) ?? 'null');
    if (d && Array.isArray(d.items)) return d;
  } catch { /* a damaged draft starts again */ }
  return { title: '', version: 'v1', url: '', digest: '', document: '', items: [] };
}

export async function saveDraft(draft) {
  localStorage.setItem(DRAFT, JSON.stringify(draft));
}

export async function clearDraft() {
  localStorage.removeItem(DRAFT);
}

/// Adds an idea (from `GET /v1/ideas/<id>`) to the draft; throws with plain words if it cannot
/// be cited. Resolves to false when it was already in the draft.
export async function addToDraft(ideaId) {
  const r = await fetch(`/v1/ideas/${ideaId}`, { headers: { Accept: 'application/json' } });
  if (r.status === 404 || r.status === 400) throw new Error(msg('js-staff-no-idea'));
  if (!r.ok) throw new Error(msg('js-staff-unreachable'));
  const { idea } = await r.json();
  if (idea.withdrawn) throw new Error(msg('js-staff-withdrawn-cannot-cite'));
  const draft = await loadDraft();
  if (draft.items.some((i) => i.id === idea.id)) return false;
  draft.items.push({ id: idea.id, words: idea.text ?? '', consultation: idea.consultation_title, locator: '', how: 'paraphrased' });
  await saveDraft(draft);
  return true;
}

/// Sends one queued submission (or a payment's acknowledgement, with `payment` beside it). Resolves to { sent: answer } on 201 or 409 (already logged:
/// sending twice is harmless), { refused: { code, detail } } when the server refused it for
/// good (`detail` what the server said, in the page's language: `serverSaid`), and throws when the network or server could not be reached (then it stays queued).
export async function send(item) {
  const body = { statement: item.statement, signature: item.signature };
  if (item.content) body.content = item.content;
  // A payment's amount, currency and salt go beside the statement, never in it (§21).
  if (item.payment) body.payment = item.payment;
  const r = await fetch('/v1/statements', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  let answer = null;
  try { answer = await r.json(); } catch { answer = null; }
  if (r.ok || (r.status === 409 && answer?.code === 'duplicate')) return { sent: answer ?? {} };
  if (r.status >= 500 || r.status === 429 || r.status === 408) throw new Error(msg('js-server-answered', { status: r.status }));
  return { refused: { code: answer?.code ?? `http_${r.status}`, detail: serverSaid(answer, r.status) } };
}

/// Who the server says a key is: { key, role, name, status, organisation } or null.
export async function whoIs(keyHexText) {
  const r = await fetch(`/v1/staff/${keyHexText}`, { headers: { Accept: 'application/json' } });
  if (r.status === 404) return null;
  if (!r.ok) throw new Error(msg('js-server-answered', { status: r.status }));
  return r.json();
}

/// Plain words for a member of staff whose key no longer works.
export const REVOKED = msg('js-staff-revoked');

export { fromHex, toBase64 };

/// The member of staff signed in on this browser and who the server says they are, as
/// `{ me, info }`; or null, after saying in `box` why not (not signed in, key revoked, the
/// service unreachable).
export async function signedIn(box) {
  const me = await loadMe().catch(() => undefined);
  if (!me) {
    box.textContent = '';
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = msg('js-staff-not-signed-in');
    box.append(p);
    return null;
  }
  const info = await whoIs(keyHex(me)).catch(() => null);
  if (!info || info.status !== 'active') {
    box.textContent = '';
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = info ? REVOKED : msg('js-staff-unreachable');
    box.append(p);
    return null;
  }
  return { me, info };
}

// The facilitator's live session (/staff/consultations/<id>): each idea is built and signed
// in this browser with the staff key it keeps (§13 idea, recorded on someone's behalf with a
// claim card whose secret is made here), put in a queue kept in IndexedDB, and sent. When the
// connection drops, ideas wait (signed) and are sent when it returns, each exactly once: a
// resend of an idea already logged is answered `duplicate`, which counts as sent.

import { errorSummary, msg, say } from './ui.js';
import { fromHex, sha256, toBase64, toHex, utf8, concat } from './bytes.js';
import { statement, ideaBody, encodeClaimCode, claimHash, KIND } from './statement.js';
import {
  loadMe, whoIs, keyHex, signStatement, enqueue, queued, cardFor, keepCard, send, REVOKED,
} from './staffkey.js';

const form = document.getElementById('record-form');
const who = document.getElementById('who');
const status = document.getElementById('record-status');
const queueStatus = document.getElementById('queue-status');
const consultation = form.dataset.consultation;
let me;
let sending = false;
/// Per idea recorded on this page: when "Record" was pressed, signed, sent, answered.
const timing = new Map();

const REFUSED = {
  key_revoked: REVOKED,
  consultation_closed: msg('js-record-closed'),
  not_facilitator_of_consultation: msg('js-record-not-recorder'),
  not_enrolled: msg('js-record-not-enrolled'),
};

function refusedWords(r) {
  return REFUSED[r.code] ?? msg('js-record-refused', { detail: r.detail });
}

function random(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

function option(select, value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  select.append(o);
}

async function main() {
  me = await loadMe().catch(() => undefined);
  if (!me) {
    say(who, msg('js-staff-not-signed-in'), 'error');
    return;
  }
  const info = await whoIs(keyHex(me)).catch(() => undefined);
  if (info === null || (info && info.status !== 'active')) {
    say(who, REVOKED, 'error');
    return;
  }
  if (info) say(who, msg('js-pay-as', { name: info.name }), 'ok');
  // What the log already holds: earlier ideas (to build on) and their tags (to suggest).
  try {
    const r = await fetch(`/v1/consultations/${consultation}`, { headers: { Accept: 'application/json' } });
    if (r.ok) {
      const c = await r.json();
      const tags = new Set();
      for (const idea of c.ideas) {
        idea.tags.filter((t) => !t.includes(':')).forEach((t) => tags.add(t));
        if (idea.text) option(document.getElementById('builds-on'), idea.id, idea.text);
      }
      const list = document.getElementById('known-tags');
      for (const t of tags) { const o = document.createElement('option'); o.value = t; list.append(o); }
    }
  } catch { /* offline: record anyway */ }
  form.hidden = false;
  await showRecorded();
  flush();
}

function errors(list) {
  errorSummary(document.getElementById('record-errors'), list);
}

for (const r of form.querySelectorAll('input[name=consent]')) {
  r.addEventListener('change', () => {
    document.getElementById('name-field').hidden = form.consent.value === 'anonymous';
  });
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  // Performance marks (read by benches/staff-record.mjs): from pressing "Record" to saved.
  const started = performance.now();
  const words = document.getElementById('words').value.trim();
  const label = document.getElementById('who-said').value.trim();
  const consent = form.consent.value;
  const name = document.getElementById('shown-name').value.trim();
  const given = document.getElementById('given').value.trim();
  const problems = [];
  if (!words) problems.push(['words', msg('js-record-write-idea')]);
  if (consent !== 'anonymous' && !name) problems.push(['shown-name', msg('js-record-write-name')]);
  if (given && !/^\d{4}-\d{2}-\d{2}$/.test(given)) problems.push(['given', msg('js-record-date')]);
  const co = [];
  for (const line of document.getElementById('co').value.split(/[\s,]+/).filter(Boolean)) {
    if (!/^[0-9a-fA-F]{64}$/.test(line)) { problems.push(['co', msg('js-record-co')]); break; }
    co.push(fromHex(line));
  }
  errors(problems);
  if (problems.length) return;

  // One card per person of the session: the same note shares the card.
  const cardKey = label ? `${consultation}\n${label.toLowerCase()}` : `${consultation}\n#${toHex(random(8))}`;
  let card = await cardFor(cardKey);
  if (!card) {
    const secret = random(16);
    card = { label: cardKey, note: label, secret, code: encodeClaimCode(secret), consultation };
    await keepCard(card);
  }
  const salt = random(32);
  const digest = await sha256(concat(salt, utf8(words)));
  const tags = [...new Set(document.getElementById('tags').value.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const buildsOn = document.getElementById('builds-on').value;
  let body;
  try {
    body = ideaBody({
      consultation: fromHex(consultation), digest, tags, coContributors: co,
      buildsOn: buildsOn ? [fromHex(buildsOn)] : [], consent, name, claimHash: await claimHash(card.secret), given,
    });
  } catch (e) {
    errors([['words', e.message]]);
    return;
  }
  const st = statement(KIND.idea, me.pub, body);
  const signature = await signStatement(me, st);
  const id = toHex(await sha256(st));
  timing.set(id, { started, signed: performance.now() });
  await enqueue({
    id, consultation, at: Date.now(), state: 'waiting', words, note: label, code: card.code,
    statement: toBase64(st), signature: toBase64(signature), content: { text: words, salt: toBase64(salt) },
  });
  form.reset();
  document.getElementById('given').value = form.dataset.date;
  document.getElementById('name-field').hidden = true;
  if (label) {
    const o = document.createElement('option');
    o.value = label;
    document.getElementById('people').append(o);
  }
  option(document.getElementById('builds-on'), id, words);
  say(status, msg('js-record-sending'), 'info');
  document.getElementById('words').focus();
  await showRecorded();
  flush();
});

/// Sends what waits, in the order recorded; stops at the first that cannot reach the server.
async function flush() {
  if (sending) return;
  sending = true;
  try {
    const items = (await queued()).filter((i) => i.consultation === consultation && i.state === 'waiting');
    items.sort((a, b) => a.at - b.at);
    for (const item of items) {
      let r;
      const t = timing.get(item.id);
      if (t) t.sending = performance.now();
      try {
        r = await send(item);
        if (t) t.answered = performance.now();
      } catch {
        break; // offline: it waits, and is tried again when the connection returns
      }
      if (r.sent) {
        Object.assign(item, { state: 'sent', seq: r.sent.seq ?? null });
        say(status, msg('js-record-saved'), 'ok');
      } else {
        Object.assign(item, { state: 'refused', detail: refusedWords(r.refused) });
        say(status, item.detail, 'error');
      }
      await enqueue(item);
    }
  } finally {
    sending = false;
    await showRecorded();
    const now = performance.now();
    for (const [id, t] of timing) {
      if (!t.answered) continue;
      timing.delete(id);
      performance.measure('heard-record', { start: t.started, end: now });
      performance.measure('heard-record-sign', { start: t.started, end: t.signed });
      performance.measure('heard-record-send', { start: t.sending, end: t.answered });
    }
  }
}

async function showRecorded() {
  const items = (await queued()).filter((i) => i.consultation === consultation).sort((a, b) => a.at - b.at);
  const waiting = items.filter((i) => i.state === 'waiting').length;
  queueStatus.hidden = waiting === 0;
  queueStatus.textContent = msg('js-record-waiting', { count: waiting });
  const list = document.getElementById('recorded-list');
  const cards = document.getElementById('print-cards');
  list.textContent = '';
  cards.textContent = '';
  const printed = new Set();
  for (const item of items) {
    const li = document.createElement('li');
    const q = document.createElement('blockquote');
    q.textContent = item.words;
    const p = document.createElement('p');
    p.className = item.state === 'refused' ? 'error' : 'hint';
    const whose = item.note ? msg('js-record-card-of', { note: item.note }) : msg('js-record-own-card');
    p.textContent = item.state === 'sent' ? msg('js-record-saved-on', { card: whose, code: item.code })
      : item.state === 'waiting' ? msg('js-record-waiting-one') : item.detail;
    li.append(q, p);
    if (item.state === 'sent') {
      const show = document.createElement('button');
      show.type = 'button';
      show.className = 'secondary';
      show.textContent = msg('js-record-show-card');
      show.addEventListener('click', () => showCard(item.code));
      const a = document.createElement('a');
      a.href = `/ideas/${item.id}`;
      a.textContent = msg('js-pay-see-idea');
      li.append(show, ' ', a);
      if (!printed.has(item.code)) {
        printed.add(item.code);
        const input = document.createElement('input');
        Object.assign(input, { type: 'hidden', name: 'card', value: item.code });
        cards.append(input);
      }
    }
    list.append(li);
  }
  document.getElementById('recorded').hidden = items.length === 0;
  document.getElementById('print').hidden = printed.size === 0;
}

async function showCard(code) {
  const dialog = document.getElementById('card-dialog');
  const box = document.getElementById('card-qr');
  box.textContent = '';
  document.getElementById('card-code').textContent = code;
  document.getElementById('card-url').textContent = `${location.origin}/claim?code=${code}`;
  try {
    const r = await fetch('/staff/qr', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code }),
    });
    if (r.ok) {
      const img = document.createElement('img');
      img.alt = msg('js-record-qr-alt');
      img.src = `data:image/svg+xml;base64,${btoa(await r.text())}`;
      box.append(img);
    }
  } catch { /* offline: the code and address are still shown */ }
  dialog.showModal();
  document.getElementById('card-close').focus();
}

document.getElementById('card-close').addEventListener('click', () => document.getElementById('card-dialog').close());
window.addEventListener('online', flush);
setInterval(flush, 10000);

main();

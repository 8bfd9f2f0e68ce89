// The organisation's response board (/staff/board): every idea of the consultations this
// organisation runs, with its current answer; tick one or several and answer them once (a
// `respond` statement, §13 kind 7, with the further ideas in `also`), signed in this browser.

import { errorSummary, say } from './ui.js';
import { encode } from './cbor.js';
import { fromHex, toBase64 } from './bytes.js';
import { statement } from './statement.js';
import { signedIn, keyHex, signStatement, send, REVOKED } from './staffkey.js';

const who = document.getElementById('who');
const status = document.getElementById('answer-status');
const STAGE = { considering: 2, adopted: 0, adapted: 1, 'not-adopted': 3, delivered: 4 };
const OUTCOME_WORDS = { adopted: 'Adopted', adapted: 'Adapted', 'under consideration': 'Under consideration', 'not adopted': 'Not adopted', delivered: 'Delivered' };
const DAY = 86400000;
let me;
let ideas = [];

function field(id) { return document.getElementById(id); }

function longDate(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

async function load() {
  const mine = await (await fetch(`/v1/staff/${keyHex(me)}/consultations`, { headers: { Accept: 'application/json' } })).json();
  ideas = [];
  const select = field('filter-consultation');
  const tags = new Set();
  select.length = 1;
  for (const c of mine.consultations) {
    const o = document.createElement('option');
    o.value = c.id;
    o.textContent = c.title;
    select.append(o);
    const detail = await (await fetch(`/v1/consultations/${c.id}`, { headers: { Accept: 'application/json' } })).json();
    for (const idea of detail.ideas) {
      if (idea.withdrawn) continue;
      idea.tags.filter((t) => !t.includes(':')).forEach((t) => tags.add(t));
      ideas.push({ ...idea, consultationId: c.id });
    }
  }
  const tagSelect = field('filter-tag');
  tagSelect.length = 1;
  for (const t of [...tags].sort()) {
    const o = document.createElement('option');
    o.value = t;
    o.textContent = t;
    tagSelect.append(o);
  }
  render();
}

function render() {
  const list = field('board-items');
  const ticked = new Set([...document.querySelectorAll('input[name=idea]:checked')].map((i) => i.value));
  list.textContent = '';
  const c = field('filter-consultation').value;
  const tag = field('filter-tag').value;
  const unanswered = field('filter-unanswered').checked;
  const cited = field('filter-cited').checked;
  const shown = ideas
    .filter((i) => (!c || i.consultationId === c) && (!tag || i.tags.includes(tag)))
    .filter((i) => (!unanswered || i.responses.length === 0) && (!cited || i.citations.length > 0))
    // Oldest waiting first: unanswered before answered, then by the day given.
    .sort((a, b) => (a.responses.length > 0) - (b.responses.length > 0) || a.given.localeCompare(b.given));
  shown.forEach((idea, n) => {
    const li = document.createElement('li');
    const div = document.createElement('div');
    div.className = 'choice';
    const box = document.createElement('input');
    Object.assign(box, { type: 'checkbox', name: 'idea', id: `idea-${n}`, value: idea.id, checked: ticked.has(idea.id) });
    box.addEventListener('change', count);
    const label = document.createElement('label');
    label.htmlFor = box.id;
    label.textContent = idea.text ?? '(the words are not stored on this server)';
    div.append(box, label);
    const meta = document.createElement('p');
    meta.className = 'hint';
    const citedWords = idea.citations.length ? ` Cited in ${idea.citations.length} report${idea.citations.length > 1 ? 's' : ''}.` : '';
    meta.textContent = `${idea.consultation_title}. Given on ${longDate(idea.given)}.${citedWords}`;
    const answer = document.createElement('p');
    const last = idea.responses[idea.responses.length - 1];
    if (last) {
      answer.textContent = `Answer: ${OUTCOME_WORDS[last.outcome] ?? last.outcome}${last.reason ? ` — ${last.reason}` : ''}`;
    } else {
      const days = Math.max(0, Math.floor((Date.now() - Date.parse(`${idea.given}T00:00:00Z`)) / DAY));
      answer.textContent = `No answer yet: waiting ${days} day${days === 1 ? '' : 's'}.`;
      answer.className = 'error';
    }
    const link = document.createElement('a');
    link.href = `/ideas/${idea.id}`;
    link.textContent = 'See the idea and its history';
    const pay = document.createElement('a');
    pay.href = `/staff/ideas/${idea.id}/recognise`;
    pay.textContent = 'Record a payment';
    const links = document.createElement('p');
    links.append(link, ' · ', pay);
    li.append(div, meta, answer, links);
    list.append(li);
  });
  field('board-count').textContent = `${shown.length} idea${shown.length === 1 ? '' : 's'} shown.`;
  count();
}

function count() {
  const n = document.querySelectorAll('input[name=idea]:checked').length;
  field('selected-count').textContent = n === 0 ? 'Tick the ideas to answer above.' : n === 1 ? 'Answering 1 idea.' : `Answering ${n} ideas together, with one answer.`;
}

for (const id of ['filter-consultation', 'filter-tag', 'filter-unanswered', 'filter-cited']) field(id).addEventListener('change', render);

function errors(list) {
  errorSummary(field('answer-errors'), list);
}

field('answer-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const chosen = [...document.querySelectorAll('input[name=idea]:checked')].map((i) => i.value);
  const stage = document.querySelector('input[name=stage]:checked')?.value;
  const reason = field('answer-reason').value.trim();
  const link = field('answer-link').value.trim();
  const problems = [];
  if (chosen.length === 0) problems.push(['board-items', 'Tick at least one idea']);
  if (!stage) problems.push(['stage-considering', 'Choose where it stands']);
  if (stage === 'not-adopted' && !reason) problems.push(['answer-reason', 'Say why it was not adopted']);
  if (stage === 'delivered' && !reason && !link) problems.push(['answer-reason', 'Say what was done, or give a link']);
  errors(problems);
  if (problems.length) return;
  const body = new Map([[0, fromHex(chosen[0])], [1, STAGE[stage]]]);
  if (reason) body.set(2, reason);
  body.set(3, link ? [link] : []);
  if (chosen.length > 1) body.set(4, chosen.slice(1).map(fromHex));
  const st = statement(7, me.pub, encode(body));
  const sig = await signStatement(me, st);
  say(status, 'Sending…');
  let r;
  try {
    r = await send({ statement: toBase64(st), signature: toBase64(sig) });
  } catch {
    say(status, 'The service cannot be reached just now. Nothing was saved; try again in a minute.', 'error');
    return;
  }
  if (r.refused) {
    const words = {
      key_revoked: REVOKED,
      stage_out_of_order: 'One of the ideas cannot move to that stage yet: an idea is delivered only after it was adopted or adapted, and nothing but “delivered” follows “delivered”. Nothing was saved.',
      not_convenor: 'One of the ideas is from a consultation another organisation runs, so you cannot answer it. Nothing was saved.',
      unknown_idea: 'One of the ideas is not in the record. Nothing was saved.',
    };
    say(status, words[r.refused.code] ?? `Nothing was saved: ${r.refused.detail}.`, 'error');
    return;
  }
  say(status, chosen.length === 1 ? 'Answer saved.' : `Answer saved for ${chosen.length} ideas.`, 'ok');
  field('answer-form').reset();
  document.querySelectorAll('input[name=idea]:checked').forEach((i) => { i.checked = false; });
  await load();
});

async function main() {
  const signed = await signedIn(who);
  if (!signed) return;
  me = signed.me;
  const { info } = signed;
  if (info.role !== 'organisation') {
    say(who, 'Only the organisation running a consultation answers its ideas. Your role here is different.', 'error');
    return;
  }
  say(who, `Answering as ${info.name}.`, 'ok');
  field('board').hidden = false;
  await load();
}

main();

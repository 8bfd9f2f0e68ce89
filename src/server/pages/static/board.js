// The organisation's response board (/staff/board): every idea of the consultations this
// organisation runs, with its current answer; tick one or several and answer them once (a
// `respond` statement, §13 kind 7, with the further ideas in `also`), signed in this browser.

import { errorSummary, longDay, msg, say } from './ui.js';
import { encode } from './cbor.js';
import { fromHex, toBase64 } from './bytes.js';
import { statement } from './statement.js';
import { signedIn, keyHex, signStatement, send, REVOKED } from './staffkey.js';

const who = document.getElementById('who');
const status = document.getElementById('answer-status');
const STAGE = { considering: 2, adopted: 0, adapted: 1, 'not-adopted': 3, delivered: 4 };
const OUTCOME_WORDS = { adopted: 'js-outcome-adopted', adapted: 'js-outcome-adapted', 'under consideration': 'js-outcome-considering', 'not adopted': 'js-outcome-not-adopted', delivered: 'js-outcome-delivered' };
const DAY = 86400000;
let me;
let ideas = [];

function field(id) { return document.getElementById(id); }

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
    label.textContent = idea.text ?? msg('js-staff-words-not-stored');
    div.append(box, label);
    const meta = document.createElement('p');
    meta.className = 'hint';
    const citedWords = idea.citations.length ? ` ${msg('js-board-cited', { count: idea.citations.length })}` : '';
    meta.textContent = `${idea.consultation_title}. ${msg('js-board-given', { date: longDay(idea.given) })}${citedWords}`;
    const answer = document.createElement('p');
    const last = idea.responses[idea.responses.length - 1];
    if (last) {
      answer.textContent = `${msg('js-board-answer', { outcome: OUTCOME_WORDS[last.outcome] ? msg(OUTCOME_WORDS[last.outcome]) : last.outcome })}${last.reason ? ` — ${last.reason}` : ''}`;
    } else {
      const days = Math.max(0, Math.floor((Date.now() - Date.parse(`${idea.given}T00:00:00Z`)) / DAY));
      answer.textContent = msg('js-board-waiting', { count: days });
      answer.className = 'error';
    }
    const link = document.createElement('a');
    link.href = `/ideas/${idea.id}`;
    link.textContent = msg('js-board-see-idea');
    const pay = document.createElement('a');
    pay.href = `/staff/ideas/${idea.id}/recognise`;
    pay.textContent = msg('js-board-record-payment');
    const links = document.createElement('p');
    links.append(link, ' · ', pay);
    li.append(div, meta, answer, links);
    list.append(li);
  });
  field('board-count').textContent = msg('js-board-count', { count: shown.length });
  count();
}

function count() {
  const n = document.querySelectorAll('input[name=idea]:checked').length;
  field('selected-count').textContent = msg('js-board-selected', { count: n });
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
  if (chosen.length === 0) problems.push(['board-items', msg('js-board-tick')]);
  if (!stage) problems.push(['stage-considering', msg('js-board-choose-stage')]);
  if (stage === 'not-adopted' && !reason) problems.push(['answer-reason', msg('js-board-say-why')]);
  if (stage === 'delivered' && !reason && !link) problems.push(['answer-reason', msg('js-board-say-what')]);
  errors(problems);
  if (problems.length) return;
  const body = new Map([[0, fromHex(chosen[0])], [1, STAGE[stage]]]);
  if (reason) body.set(2, reason);
  body.set(3, link ? [link] : []);
  if (chosen.length > 1) body.set(4, chosen.slice(1).map(fromHex));
  const st = statement(7, me.pub, encode(body));
  const sig = await signStatement(me, st);
  say(status, msg('js-board-sending'));
  let r;
  try {
    r = await send({ statement: toBase64(st), signature: toBase64(sig) });
  } catch {
    say(status, msg('js-staff-unreachable-nothing-saved'), 'error');
    return;
  }
  if (r.refused) {
    const words = {
      key_revoked: REVOKED,
      stage_out_of_order: msg('js-board-out-of-order'),
      not_convenor: msg('js-board-not-convenor'),
      unknown_idea: msg('js-board-unknown-idea'),
    };
    say(status, words[r.refused.code] ?? msg('js-pay-refused', { detail: r.refused.detail }), 'error');
    return;
  }
  say(status, msg('js-board-saved', { count: chosen.length }), 'ok');
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
    say(who, msg('js-board-wrong-role'), 'error');
    return;
  }
  say(who, msg('js-board-as', { name: info.name }), 'ok');
  field('board').hidden = false;
  await load();
}

main();

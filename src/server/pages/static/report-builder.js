// The report builder (/staff/reports/new): a policy team member gathers ideas, says where
// each was used and how, and publishes: the `cite` statement (§13, kind 6) is built and
// signed in this browser. The draft is kept in IndexedDB as it is typed, so a reload or a
// closed tab loses nothing.

import { errorSummary, say } from './ui.js';
import { encode } from './cbor.js';
import { fromHex, sha256, toBase64, toHex } from './bytes.js';
import { statement } from './statement.js';
import { signedIn, keyHex, signStatement, send, loadDraft, saveDraft, clearDraft, addToDraft, REVOKED } from './staffkey.js';

const form = document.getElementById('report-form');
const who = document.getElementById('who');
const status = document.getElementById('report-status');
const USAGE = { quoted: 0, paraphrased: 1, informed: 2 };
const USAGE_WORDS = { quoted: 'Quoted', paraphrased: 'Put in other words', informed: 'Informed the thinking' };
let me;
let draft;

function field(id) { return document.getElementById(id); }

function render() {
  field('report-title').value = draft.title;
  field('report-version').value = draft.version;
  field('report-url').value = draft.url;
  field('document-digest').textContent = draft.digest ? `Fingerprint of ${draft.document}: ${draft.digest}` : '';
  const list = field('report-items');
  list.textContent = '';
  draft.items.forEach((item, n) => {
    const li = document.createElement('li');
    const q = document.createElement('blockquote');
    q.textContent = item.words || '(the words are not stored on this server)';
    const from = document.createElement('p');
    from.className = 'hint';
    from.textContent = `Given in “${item.consultation}”`;
    const label = document.createElement('label');
    label.htmlFor = `locator-${n}`;
    label.textContent = 'Where in the report';
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.id = `locator-hint-${n}`;
    hint.textContent = 'For example “recommendation 3, page 12”.';
    const input = document.createElement('input');
    Object.assign(input, { type: 'text', id: `locator-${n}`, value: item.locator });
    input.setAttribute('aria-describedby', hint.id);
    input.addEventListener('input', () => { item.locator = input.value; saveDraft(draft); });
    const fs = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = 'How it was used';
    fs.append(legend);
    for (const how of Object.keys(USAGE)) {
      const div = document.createElement('div');
      div.className = 'choice';
      const r = document.createElement('input');
      Object.assign(r, { type: 'radio', name: `how-${n}`, id: `how-${n}-${how}`, value: how, checked: item.how === how });
      r.addEventListener('change', () => { item.how = how; saveDraft(draft); });
      const l = document.createElement('label');
      l.htmlFor = r.id;
      l.textContent = USAGE_WORDS[how];
      div.append(r, l);
      fs.append(div);
    }
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'secondary';
    remove.textContent = 'Remove this idea';
    remove.addEventListener('click', async () => { draft.items.splice(n, 1); await saveDraft(draft); render(); });
    li.append(q, from, label, hint, input, fs, remove);
    list.append(li);
  });
  field('no-ideas').hidden = draft.items.length > 0;
}

async function main() {
  const signed = await signedIn(who);
  if (!signed) return;
  me = signed.me;
  const { info } = signed;
  if (info.role !== 'policy-team') {
    say(who, 'Only policy teams cite ideas in reports. Your role here is different.', 'error');
    return;
  }
  say(who, `Writing as ${info.name}.`, 'ok');
  draft = await loadDraft();
  render();
  form.hidden = false;
}

for (const [id, key] of [['report-title', 'title'], ['report-version', 'version'], ['report-url', 'url']]) {
  field(id).addEventListener('input', () => { draft[key] = field(id).value; saveDraft(draft); });
}

field('report-document').addEventListener('change', async () => {
  const file = field('report-document').files[0];
  if (!file) return;
  draft.digest = toHex(await sha256(new Uint8Array(await file.arrayBuffer())));
  draft.document = file.name;
  await saveDraft(draft);
  render();
});

field('add-button').addEventListener('click', async () => {
  const out = field('add-status');
  const m = field('add-idea').value.match(/[0-9a-fA-F]{64}/);
  if (!m) { say(out, 'Paste the whole address of an idea’s page.', 'error'); return; }
  try {
    const added = await addToDraft(m[0].toLowerCase());
    draft = await loadDraft();
    render();
    field('add-idea').value = '';
    say(out, added ? 'Added.' : 'This idea is already in the report.', 'ok');
  } catch (e) {
    say(out, e.message, 'error');
  }
});

function errors(list) {
  errorSummary(field('report-errors'), list);
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const problems = [];
  if (!draft.title.trim()) problems.push(['report-title', 'Enter the report’s title']);
  if (!draft.version.trim()) problems.push(['report-version', 'Enter the version']);
  if (draft.items.length === 0) problems.push(['add-idea', 'Add at least one idea']);
  draft.items.forEach((item, n) => { if (!item.locator.trim()) problems.push([`locator-${n}`, `Say where idea ${n + 1} is used in the report`]); });
  errors(problems);
  if (problems.length) return;
  const report = new Map([[0, draft.title.trim()], [1, draft.version.trim()]]);
  if (draft.url.trim()) report.set(2, draft.url.trim());
  if (draft.digest) report.set(3, fromHex(draft.digest));
  const uses = draft.items.map((i) => new Map([[0, fromHex(i.id)], [1, i.locator.trim()], [2, USAGE[i.how]]]));
  const st = statement(6, me.pub, encode(new Map([[0, report], [1, uses]])));
  const sig = await signStatement(me, st);
  say(status, 'Publishing…');
  let r;
  try {
    r = await send({ statement: toBase64(st), signature: toBase64(sig) });
  } catch {
    say(status, 'The service cannot be reached just now. Your draft is kept; try again in a minute.', 'error');
    return;
  }
  if (r.refused) {
    const words = {
      key_revoked: REVOKED,
      idea_withdrawn: 'One of the ideas was withdrawn by the person who gave it, so it cannot be cited. Remove it and publish again.',
      unknown_idea: 'One of the ideas is not in the record. Remove it and publish again.',
    };
    say(status, words[r.refused.code] ?? `Nothing was published: ${r.refused.detail}. Your draft is kept.`, 'error');
    return;
  }
  const q = new URLSearchParams({ team: keyHex(me), title: draft.title.trim(), version: draft.version.trim() });
  const found = await fetch(`/v1/reports?${q}`, { headers: { Accept: 'application/json' } }).then((x) => x.json()).catch(() => null);
  await clearDraft();
  location.href = found?.id ? `/reports/${found.id}` : '/reports';
});

main();

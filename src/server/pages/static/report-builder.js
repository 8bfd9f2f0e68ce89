// The report builder (/staff/reports/new): a policy team member gathers ideas, says where
// each was used and how, and publishes: the `cite` statement (§13, kind 6) is built and
// signed in this browser. The draft is kept in IndexedDB as it is typed, so a reload or a
// closed tab loses nothing.

import { errorSummary, msg, say } from './ui.js';
import { encode } from './cbor.js';
import { fromHex, sha256, toBase64, toHex } from './bytes.js';
import { statement } from './statement.js';
import { signedIn, keyHex, signStatement, send, loadDraft, saveDraft, clearDraft, addToDraft, REVOKED } from './staffkey.js';

const form = document.getElementById('report-form');
const who = document.getElementById('who');
const status = document.getElementById('report-status');
const USAGE = { quoted: 0, paraphrased: 1, informed: 2 };
const USAGE_WORDS = { quoted: 'js-usage-quoted', paraphrased: 'js-usage-paraphrased', informed: 'js-usage-informed' };
let me;
let draft;

function field(id) { return document.getElementById(id); }

function render() {
  field('report-title').value = draft.title;
  field('report-version').value = draft.version;
  field('report-url').value = draft.url;
  field('document-digest').textContent = draft.digest ? msg('js-report-fingerprint', { file: draft.document, digest: draft.digest }) : '';
  const list = field('report-items');
  list.textContent = '';
  draft.items.forEach((item, n) => {
    const li = document.createElement('li');
    const q = document.createElement('blockquote');
    q.textContent = item.words || msg('js-staff-words-not-stored');
    const from = document.createElement('p');
    from.className = 'hint';
    from.textContent = msg('js-report-given-in', { title: item.consultation });
    const label = document.createElement('label');
    label.htmlFor = `locator-${n}`;
    label.textContent = msg('js-report-where');
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.id = `locator-hint-${n}`;
    hint.textContent = msg('js-report-where-hint');
    const input = document.createElement('input');
    Object.assign(input, { type: 'text', id: `locator-${n}`, value: item.locator });
    input.setAttribute('aria-describedby', hint.id);
    input.addEventListener('input', () => { item.locator = input.value; saveDraft(draft); });
    const fs = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = msg('js-report-how');
    fs.append(legend);
    for (const how of Object.keys(USAGE)) {
      const div = document.createElement('div');
      div.className = 'choice';
      const r = document.createElement('input');
      Object.assign(r, { type: 'radio', name: `how-${n}`, id: `how-${n}-${how}`, value: how, checked: item.how === how });
      r.addEventListener('change', () => { item.how = how; saveDraft(draft); });
      const l = document.createElement('label');
      l.htmlFor = r.id;
      l.textContent = msg(USAGE_WORDS[how]);
      div.append(r, l);
      fs.append(div);
    }
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'secondary';
    remove.textContent = msg('js-report-remove');
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
    say(who, msg('js-report-wrong-role'), 'error');
    return;
  }
  say(who, msg('js-report-as', { name: info.name }), 'ok');
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
  if (!m) { say(out, msg('js-report-paste-address'), 'error'); return; }
  try {
    const added = await addToDraft(m[0].toLowerCase());
    draft = await loadDraft();
    render();
    field('add-idea').value = '';
    say(out, added ? msg('js-report-added') : msg('js-report-already'), 'ok');
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
  if (!draft.title.trim()) problems.push(['report-title', msg('js-report-enter-title')]);
  if (!draft.version.trim()) problems.push(['report-version', msg('js-report-enter-version')]);
  if (draft.items.length === 0) problems.push(['add-idea', msg('js-report-add-one')]);
  draft.items.forEach((item, n) => { if (!item.locator.trim()) problems.push([`locator-${n}`, msg('js-report-say-where', { n: n + 1 })]); });
  errors(problems);
  if (problems.length) return;
  const report = new Map([[0, draft.title.trim()], [1, draft.version.trim()]]);
  if (draft.url.trim()) report.set(2, draft.url.trim());
  if (draft.digest) report.set(3, fromHex(draft.digest));
  const uses = draft.items.map((i) => new Map([[0, fromHex(i.id)], [1, i.locator.trim()], [2, USAGE[i.how]]]));
  const st = statement(6, me.pub, encode(new Map([[0, report], [1, uses]])));
  const sig = await signStatement(me, st);
  say(status, msg('js-report-publishing'));
  let r;
  try {
    r = await send({ statement: toBase64(st), signature: toBase64(sig) });
  } catch {
    say(status, msg('js-report-unreachable'), 'error');
    return;
  }
  if (r.refused) {
    const words = {
      key_revoked: REVOKED,
      idea_withdrawn: msg('js-report-withdrawn'),
      unknown_idea: msg('js-report-unknown-idea'),
    };
    say(status, words[r.refused.code] ?? msg('js-report-refused', { detail: r.refused.detail }), 'error');
    return;
  }
  const q = new URLSearchParams({ team: keyHex(me), title: draft.title.trim(), version: draft.version.trim() });
  const found = await fetch(`/v1/reports?${q}`, { headers: { Accept: 'application/json' } }).then((x) => x.json()).catch(() => null);
  await clearDraft();
  location.href = found?.id ? `/reports/${found.id}` : '/reports';
});

main();

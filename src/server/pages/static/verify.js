// The verify page: checks the receipt in this browser (receipt.js), then asks the server for
// its own result (POST /v1/verify) and shows both, step by step, in plain words.

import { verifyReceipt } from './receipt.js';
import { fromBase64, sha256, toHex } from './bytes.js';
import { wordsMatch } from './words.js';

const TITLES = {
  receipt_format: 'The receipt can be read',
  checkpoint_signature: "The record's keeper really signed this version of the record",
  witnesses: 'Independent witnesses countersigned it',
  checkpoint_format: 'The signed version belongs to this record',
  entry_format: 'The entry in the receipt is complete and in the place it claims',
  inclusion: 'The entry is part of the signed record (the proof adds up)',
  statement_signature: "The author's own signature on what they said is genuine",
  entry_in_log: 'The entry is in this record',
};

const form = document.getElementById('verify-form');
const receipt = document.getElementById('receipt');
const keyInput = document.getElementById('log-key');
const browserSection = document.getElementById('browser-result');
const browserBox = document.getElementById('browser-checks');
const serverSection = document.getElementById('server-result');
const serverBox = document.getElementById('server-checks');
const provesSection = document.getElementById('proves-section');
const provesBox = document.getElementById('proves');
const disagree = document.getElementById('disagree');

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function render(box, checks, valid) {
  box.textContent = '';
  const failed = checks.find((c) => !c.passed);
  box.append(el('p', { class: 'verdict', 'data-valid': String(valid) },
    valid ? el('span', { class: 'badge badge-verified' }, 'valid') : el('span', { class: 'badge badge-problem' }, 'not valid'),
    valid ? ' Every check passed.' : ` A check failed: ${failed ? TITLES[failed.name] ?? failed.name : 'the receipt'}.`));
  const ol = el('ol', { class: 'checks' });
  for (const c of checks) {
    ol.append(el('li', { 'data-check': c.name, 'data-passed': String(c.passed), class: c.passed ? 'pass' : 'fail' },
      el('span', { class: 'mark', 'aria-hidden': 'true' }, c.passed ? '✓' : '✗'),
      el('strong', {}, `${c.passed ? 'Passed: ' : 'Failed: '}${TITLES[c.name] ?? c.name}`),
      el('br'),
      el('span', { class: 'detail' }, c.detail)));
  }
  box.append(ol);
}

function problem(box, text) {
  box.textContent = '';
  box.append(el('p', { class: 'error' }, text));
}

// For a valid idea receipt: fetch the idea's words and salt (served until it is withdrawn)
// and recompute SHA-256(salt ‖ text) against the digest in the verified entry.
async function checkWords(statement) {
  const line = (result, words) => browserBox.append(el('p', { class: 'words', 'data-words': result }, words));
  try {
    const id = toHex(await sha256(statement));
    const r = await fetch(`/v1/ideas/${id}`, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(`status ${r.status}`);
    const idea = (await r.json()).idea;
    if (idea.withdrawn) return line('withdrawn', 'The contributor withdrew this idea: its words and salt were erased, so there are no words to check.');
    if (idea.text == null || idea.salt == null) return line('missing', 'This server does not hold the words of this idea.');
    if (await wordsMatch(statement, fromBase64(idea.salt), idea.text)) {
      line('match', 'The idea’s words, as this server shows them, give exactly the fingerprint in the signed entry.');
    } else {
      line('mismatch', 'The idea’s words, as this server shows them, do NOT give the fingerprint in the signed entry.');
    }
  } catch (e) {
    line('error', `The idea’s words could not be checked: ${e.message}.`);
  }
}

// What a valid receipt proves, from the server's answer (the same layout as verify.rs).
function showProves(p) {
  provesBox.textContent = '';
  provesSection.hidden = !p;
  if (!p) return;
  provesBox.append(el('p', { class: 'lead', id: 'proves-what' }, `${p.what}.`));
  if (p.idea) {
    const dl = el('dl', { class: 'facts' });
    const row = (term, ...value) => dl.append(el('dt', {}, term), el('dd', {}, ...value));
    row('The words', p.words != null
      ? el('blockquote', {}, el('p', { class: 'words' }, p.words))
      : 'Withdrawn by the contributor: the words were erased.');
    if (p.consultation) row('Where', p.consultation);
    if (p.given) row('Given on', p.given);
    if (p.shown_as) row('Shown as', p.shown_as);
    const list = (items, none) => (items.length ? el('ul', {}, ...items.map((i) => el('li', {}, i))) : none);
    row('Cited in', list(p.cited_in, 'not yet'));
    row('What was done', list(p.answers, 'no answer yet'));
    provesBox.append(dl);
  }
  provesBox.append(el('p', { class: 'hint' },
    'The checks prove the entry itself: what kind of statement it is, who signed it and when. '
    + 'The rest comes from this server’s record of what happened around it.'));
}

// When the browser's check and the server's disagree, say what that means.
function explain(browserValid, serverValid) {
  disagree.hidden = browserValid === null || browserValid === serverValid;
  if (disagree.hidden) return;
  disagree.textContent = browserValid
    ? 'Your browser and this server disagree. Your browser found the receipt genuine with the key above, but this server did not: '
      + 'the key above is probably not this server’s key, so the receipt belongs to another record, or this server no longer holds the entry. '
      + 'Rely on the check made with the key the organisation published.'
    : 'Your browser and this server disagree. This server found the receipt genuine with its own key, but your browser did not with the key above. '
      + 'If you pasted a key the organisation published and the check fails, this receipt was not signed by that record: do not rely on it. '
      + 'If the key above is this server’s own, your browser could not make one of the checks (it needs a recent browser).';
}

async function check() {
  const text = receipt.value;
  if (!text.trim()) {
    problem(browserBox, 'Paste a receipt first.');
    browserSection.hidden = false;
    receipt.focus();
    return;
  }
  browserSection.hidden = false;
  let browserValid = null;
  if (!globalThis.crypto?.subtle) {
    problem(browserBox, 'This browser allows these checks only on a secure (https) connection; the server’s result is below.');
  } else {
    try {
      const witnesses = (keyInput.dataset.witnesses ?? '').split(' ').filter(Boolean);
      const r = await verifyReceipt(text, keyInput.value, witnesses);
      render(browserBox, r.checks, r.facts !== null);
      browserValid = r.facts !== null;
      if (r.facts && witnesses.length > 0) {
        const quorum = Number(keyInput.dataset.quorum ?? '1');
        const n = r.facts.witnesses.length;
        const who = n ? ` (${r.facts.witnesses.join(', ')})` : '';
        const words = n >= quorum
          ? `Witnessed: ${n} of this record's ${witnesses.length} witnesses countersigned this checkpoint${who}; ${quorum} are needed.`
          : `Not yet witnessed: ${n} of this record's ${witnesses.length} witnesses countersigned this checkpoint${who}; ${quorum} are needed. The receipt is still valid; fetch it again later for a witnessed one.`;
        browserBox.append(el('p', { id: 'witnessed', 'data-witnesses': String(n) }, words));
      }
      if (r.facts?.kind === 'idea') await checkWords(r.facts.statement);
    } catch (e) {
      problem(browserBox, `The record's public key is not usable: ${e.message}.`);
      browserValid = false;
    }
  }
  try {
    const r = await fetch('/v1/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ receipt: text }),
    });
    const answer = await r.json();
    if (!r.ok) throw new Error(answer.detail ?? `status ${r.status}`);
    render(serverBox, answer.checks, answer.valid);
    showProves(answer.valid ? answer.proves : null);
    explain(browserValid, answer.valid);
  } catch (e) {
    problem(serverBox, `The server could not check it: ${e.message}.`);
  }
  serverSection.hidden = false;
  browserSection.dataset.done = 'true';
}

if (form) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    check();
  });
  const file = document.getElementById('receipt-file');
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    if (f.size > 4 << 20) { problem(browserBox, 'This file is too large to be a receipt.'); browserSection.hidden = false; return; }
    receipt.value = await f.text();
    check();
  });
  if (receipt.value.trim()) check();
}

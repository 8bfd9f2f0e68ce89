// The verify page: checks the receipt in this browser (receipt.js), then asks the server for
// its own result (POST /v1/verify) and shows both, step by step, in plain words.

import { verifyReceipt } from './receipt.js';
import { fromBase64, sha256, toHex } from './bytes.js';
import { wordsMatch } from './words.js';
import { msg } from './ui.js';

// Each step's name in plain words (the same as the server's page: src/server/pages/verify.rs).
const TITLES = {
  receipt_format: () => msg('js-check-receipt-format'),
  checkpoint_signature: () => msg('js-check-checkpoint-signature'),
  witnesses: () => msg('js-check-witnesses'),
  checkpoint_format: () => msg('js-check-checkpoint-format'),
  entry_format: () => msg('js-check-entry-format'),
  inclusion: () => msg('js-check-inclusion'),
  statement_signature: () => msg('js-check-statement-signature'),
  entry_in_log: () => msg('js-check-entry-in-log'),
};
const title = (name) => TITLES[name]?.() ?? name;

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

// The result in plain words first (the verdict, then each step), and each step's technical
// detail behind a "Technical details" disclosure.
function render(box, checks, valid) {
  box.textContent = '';
  const failed = checks.find((c) => !c.passed);
  box.append(el('p', { class: 'verdict', 'data-valid': String(valid) },
    valid ? el('span', { class: 'badge badge-verified' }, msg('js-verify-valid')) : el('span', { class: 'badge badge-problem' }, msg('js-verify-not-valid')),
    ' ',
    valid ? msg('js-verify-all-passed') : msg('js-verify-failed', { check: failed ? title(failed.name) : msg('js-verify-the-receipt') })));
  const ol = el('ol', { class: 'checks' });
  const dl = el('dl', { class: 'check-details' });
  for (const c of checks) {
    ol.append(el('li', { 'data-check': c.name, 'data-passed': String(c.passed), class: c.passed ? 'pass' : 'fail' },
      el('span', { class: 'mark', 'aria-hidden': 'true' }, c.passed ? '✓' : '✗'),
      el('strong', {}, `${c.passed ? msg('js-verify-passed') : msg('js-verify-failed-mark')} ${title(c.name)}`)));
    dl.append(el('dt', {}, title(c.name)), el('dd', { class: 'detail', lang: 'en-GB' }, c.detail));
  }
  box.append(ol, el('details', { class: 'technical' }, el('summary', {}, msg('js-technical-details')), dl));
}

// Adds a plain-words paragraph to a result, before its technical detail.
function addPlain(box, node) {
  const technical = box.querySelector('details.technical');
  if (technical) technical.before(node); else box.append(node);
}

function problem(box, text) {
  box.textContent = '';
  box.append(el('p', { class: 'error' }, text));
}

// For a valid idea receipt: fetch the idea's words and salt (served until it is withdrawn)
// and recompute SHA-256(salt ‖ text) against the digest in the verified entry.
async function checkWords(statement) {
  const line = (result, words) => addPlain(browserBox, el('p', { class: 'words', 'data-words': result }, words));
  try {
    const id = toHex(await sha256(statement));
    const r = await fetch(`/v1/ideas/${id}`, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(msg('js-status', { status: r.status }));
    const idea = (await r.json()).idea;
    if (idea.withdrawn) return line('withdrawn', msg('js-verify-words-withdrawn'));
    if (idea.text == null || idea.salt == null) return line('missing', msg('js-verify-words-missing'));
    if (await wordsMatch(statement, fromBase64(idea.salt), idea.text)) {
      line('match', msg('js-verify-words-match'));
    } else {
      line('mismatch', msg('js-verify-words-mismatch'));
    }
  } catch (e) {
    line('error', msg('js-verify-words-error', { reason: e.message }));
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
    row(msg('js-proves-words'), p.words != null
      ? el('blockquote', {}, el('p', { class: 'words' }, p.words))
      : msg('js-proves-withdrawn'));
    if (p.consultation) row(msg('js-proves-where'), p.consultation);
    if (p.given) row(msg('js-proves-given-on'), p.given);
    if (p.shown_as) row(msg('js-proves-shown-as'), p.shown_as);
    const list = (items, none) => (items.length ? el('ul', {}, ...items.map((i) => el('li', {}, i))) : none);
    row(msg('js-proves-cited-in'), list(p.cited_in, msg('js-proves-not-yet')));
    row(msg('js-proves-done'), list(p.answers, msg('js-proves-no-answer')));
    provesBox.append(dl);
  }
  provesBox.append(el('p', { class: 'hint' }, msg('js-proves-hint')));
}

// When the browser's check and the server's disagree, say what that means.
function explain(browserValid, serverValid) {
  disagree.hidden = browserValid === null || browserValid === serverValid;
  if (disagree.hidden) return;
  disagree.textContent = browserValid ? msg('js-verify-disagree-browser-valid') : msg('js-verify-disagree-server-valid');
}

async function check() {
  const text = receipt.value;
  if (!text.trim()) {
    problem(browserBox, msg('js-verify-paste-first'));
    browserSection.hidden = false;
    receipt.focus();
    return;
  }
  browserSection.hidden = false;
  let browserValid = null;
  if (!globalThis.crypto?.subtle) {
    problem(browserBox, msg('js-verify-https-only'));
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
        const args = { count: n, total: witnesses.length, who, quorum };
        const words = n >= quorum ? msg('js-verify-witnessed', args) : msg('js-verify-not-witnessed', args);
        addPlain(browserBox, el('p', { id: 'witnessed', 'data-witnesses': String(n) }, words));
      }
      if (r.facts?.kind === 'idea') await checkWords(r.facts.statement);
    } catch (e) {
      problem(browserBox, msg('js-verify-key-unusable', { reason: e.message }));
      browserValid = false;
    }
  }
  try {
    const r = await fetch('/v1/verify', {
      method: 'POST',
      // What the receipt proves comes back in the page's language.
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'en-GB' },
      body: JSON.stringify({ receipt: text }),
    });
    const answer = await r.json();
    if (!r.ok) throw new Error(answer.detail ?? msg('js-status', { status: r.status }));
    render(serverBox, answer.checks, answer.valid);
    showProves(answer.valid ? answer.proves : null);
    explain(browserValid, answer.valid);
  } catch (e) {
    problem(serverBox, msg('js-verify-server-failed', { reason: e.message }));
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
    if (f.size > 4 << 20) { problem(browserBox, msg('js-verify-file-too-large')); browserSection.hidden = false; return; }
    receipt.value = await f.text();
    check();
  });
  if (receipt.value.trim()) check();
}

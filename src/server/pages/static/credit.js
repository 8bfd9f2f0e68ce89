// The verifier inside a "Download my credit" file (docs/PROTOCOL.md §18). It runs from the
// file itself, with no server and no network: every receipt in the file is checked with the
// steps of §11 (receipt.js) against the log key written in the file, then bound to what the
// file says it proves — the entry's seq and kind, and that its statement is about this idea
// (the idea's own entry: its statement hash is the idea's id, and its words, when kept, give
// the digest it logged). Each receipt gets a plain verdict; a summary counts them.

import { decode } from './cbor.js';
import { equal, fromBase64, fromHex, sha256 } from './bytes.js';
import { verifyReceipt } from './receipt.js';
import { wordsMatch } from './words.js';
import { msg } from './ui.js';

// Why a receipt failed, in plain words, by the step that failed.
const STEP = {
  receipt_format: () => msg('js-credit-fail-receipt-format'),
  checkpoint_signature: () => msg('js-credit-fail-checkpoint-signature'),
  checkpoint_format: () => msg('js-credit-fail-checkpoint-format'),
  entry_format: () => msg('js-credit-fail-entry-format'),
  inclusion: () => msg('js-credit-fail-inclusion'),
  statement_signature: () => msg('js-credit-fail-statement-signature'),
};

const ids = (v) => (Array.isArray(v) ? v : []);
const same = (a, id) => a instanceof Uint8Array && equal(a, id);

/// Whether a verified statement (kind name, statement bytes) is about the idea `id`.
async function about(kind, statement, id) {
  if (kind === 'idea') return equal(await sha256(statement), id);
  const body = decode(decode(statement).get(4));
  switch (kind) {
    case 'claim': return ids(body.get(0)).some((i) => same(i, id));
    case 'cite': return ids(body.get(1)).some((u) => u instanceof Map && same(u.get(0), id));
    case 'respond': return same(body.get(0), id) || ids(body.get(4)).some((i) => same(i, id));
    case 'acknowledge': return ids(body.get(0)).some((i) => same(i, id));
    case 'endorse':
    case 'withdraw': return same(body.get(0), id);
    default: return false;
  }
}

/// Whether a verified recovery statement is about the key `key` (an `article[data-key]`):
/// a `recover` naming it as old or new key, a `cancel_recovery` signed by it.
function aboutKey(kind, statement, key) {
  const st = decode(statement);
  if (kind === 'recover') {
    const body = decode(st.get(4));
    return same(body.get(0), key) || same(body.get(1), key);
  }
  if (kind === 'cancel_recovery') return same(st.get(3), key);
  return false;
}

async function check(li, keyText, idea) {
  const text = li.querySelector('pre').textContent;
  const r = await verifyReceipt(text, keyText);
  if (!r.facts) {
    const failed = r.checks.at(-1);
    return `${STEP[failed.name]?.() ?? failed.name} (${failed.detail})`;
  }
  const f = r.facts;
  if (String(f.seq) !== li.dataset.seq) return msg('js-credit-fail-seq', { got: String(f.seq), want: li.dataset.seq });
  if (f.kind !== li.dataset.kind) return msg('js-credit-fail-kind', { got: f.kind, want: li.dataset.kind });
  if (idea.dataset.key) {
    if (!aboutKey(f.kind, f.statement, fromHex(idea.dataset.key))) return msg('js-credit-fail-about-key');
    li.dataset.entryHash = f.entryHash;
    return null;
  }
  if (!(await about(f.kind, f.statement, fromHex(idea.dataset.idea)))) return msg('js-credit-fail-about');
  const words = idea.querySelector('.words');
  if (f.kind === 'idea' && words && idea.dataset.salt) {
    if (!(await wordsMatch(f.statement, fromBase64(idea.dataset.salt), words.textContent))) {
      return msg('js-credit-fail-words');
    }
  }
  li.dataset.entryHash = f.entryHash;
  return null;
}

async function checkAll() {
  const summary = document.getElementById('overall');
  const keyText = document.getElementById('log-key').value.trim();
  delete document.body.dataset.done;
  summary.textContent = msg('js-credit-checking');
  let good = 0;
  let bad = 0;
  for (const idea of document.querySelectorAll('article[data-idea], article[data-key]')) {
    for (const li of idea.querySelectorAll('li[data-seq]')) {
      const out = li.querySelector('.result');
      let problem;
      try {
        problem = await check(li, keyText, idea);
      } catch (e) {
        problem = msg('js-credit-fail-error', { reason: e instanceof Error ? e.message : String(e) });
      }
      li.dataset.valid = problem === null ? 'true' : 'false';
      li.className = problem === null ? 'pass' : 'fail';
      out.textContent = problem === null ? msg('js-credit-genuine') : msg('js-credit-failed', { reason: problem });
      if (problem === null) good += 1; else bad += 1;
    }
  }
  summary.className = bad === 0 ? 'success' : 'error';
  summary.textContent = bad === 0
    ? msg('js-credit-all-good', { count: good })
    : msg('js-credit-some-bad', { count: bad, total: good + bad });
  document.body.dataset.done = 'true';
  document.body.dataset.good = String(good);
  document.body.dataset.bad = String(bad);
}

document.getElementById('key-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  checkAll();
});
checkAll();

// The idea page: checks in this browser that the idea's words are the ones the record holds.
// It fetches the idea's receipt and verifies it against the record's key (receipt.js), fetches
// the words and salt exactly as served (GET /v1/ideas/<id>: the HTML page's text could differ
// in line endings), and recomputes SHA-256(salt ‖ text) against the digest in the verified
// entry (words.js).

import { verifyReceipt } from './receipt.js';
import { fromBase64 } from './bytes.js';
import { wordsMatch } from './words.js';
import { msg } from './ui.js';

const box = document.getElementById('words-check');
const out = document.getElementById('words-result');

function say(result, text) {
  out.dataset.words = result;
  out.textContent = text;
}

async function check() {
  if (!globalThis.crypto?.subtle) {
    say('unavailable', msg('js-check-https-only'));
    return;
  }
  try {
    const r = await fetch(box.dataset.receipt);
    if (!r.ok) throw new Error(msg('js-idea-receipt-fetch', { status: r.status }));
    const v = await verifyReceipt(await r.text(), box.dataset.key);
    if (!v.facts) {
      say('receipt_invalid', msg('js-idea-receipt-invalid'));
      return;
    }
    const a = await fetch(`/v1/ideas/${box.dataset.idea}`, { headers: { Accept: 'application/json' } });
    if (!a.ok) throw new Error(msg('js-idea-fetch', { status: a.status }));
    const idea = (await a.json()).idea;
    if (idea.text == null || idea.salt == null) {
      say('missing', msg('js-idea-words-gone'));
      return;
    }
    const ok = await wordsMatch(v.facts.statement, fromBase64(idea.salt), idea.text);
    if (ok) say('match', msg('js-idea-words-match'));
    else say('mismatch', msg('js-idea-words-mismatch'));
  } catch (e) {
    say('error', msg('js-idea-words-error', { reason: e.message }));
  }
}

if (box && out) check();

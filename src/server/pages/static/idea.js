// The idea page: checks in this browser that the idea's words are the ones the record holds.
// It fetches the idea's receipt and verifies it against the record's key (receipt.js), fetches
// the words and salt exactly as served (GET /v1/ideas/<id>: the HTML page's text could differ
// in line endings), and recomputes SHA-256(salt ‖ text) against the digest in the verified
// entry (words.js).

import { verifyReceipt } from './receipt.js';
import { fromBase64 } from './bytes.js';
import { wordsMatch } from './words.js';

const box = document.getElementById('words-check');
const out = document.getElementById('words-result');

function say(result, text) {
  out.dataset.words = result;
  out.textContent = text;
}

async function check() {
  if (!globalThis.crypto?.subtle) {
    say('unavailable', 'This browser allows this check only on a secure (https) connection.');
    return;
  }
  try {
    const r = await fetch(box.dataset.receipt);
    if (!r.ok) throw new Error(`the receipt could not be fetched (status ${r.status})`);
    const v = await verifyReceipt(await r.text(), box.dataset.key);
    if (!v.facts) {
      say('receipt_invalid', 'Checked in your browser: the receipt of this idea did not verify, so its words could not be checked.');
      return;
    }
    const a = await fetch(`/v1/ideas/${box.dataset.idea}`, { headers: { Accept: 'application/json' } });
    if (!a.ok) throw new Error(`the idea could not be fetched (status ${a.status})`);
    const idea = (await a.json()).idea;
    if (idea.text == null || idea.salt == null) {
      say('missing', 'The words of this idea are no longer served, so there is nothing to check.');
      return;
    }
    const ok = await wordsMatch(v.facts.statement, fromBase64(idea.salt), idea.text);
    if (ok) say('match', 'Checked in your browser: these words, with the salt, give exactly the fingerprint in the signed record.');
    else say('mismatch', 'Checked in your browser: these words do NOT give the fingerprint in the signed record.');
  } catch (e) {
    say('error', `The words could not be checked: ${e.message}.`);
  }
}

if (box && out) check();

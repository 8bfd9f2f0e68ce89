// Heard statements made in the browser (docs/PROTOCOL.md §2, §3, §13, §14): the envelope
// {0: version, 1: kind, 2: time, 3: author, 4: body} in canonical CBOR, signed with Ed25519
// over "heard/v1/statement-signature\n" ‖ statement, and sent to POST /v1/statements.
// Only the statement and its signature are sent: never the key.

import { encode } from './cbor.js';
import { concat, fromHex, sha256, toBase64, utf8 } from './bytes.js';
import { sign } from './keyfile.js';
import { msg, serverSaid } from './ui.js';

export const KIND = { consultation: 2, idea: 3, claim: 4, withdraw: 8 };
export const CONSENT = { named: 0, pseudonym: 1, anonymous: 2 };
const SIGNATURE_PREFIX = utf8('heard/v1/statement-signature\n');
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function luhn32(values) {
  let sum = 0;
  let double = true;
  for (let i = values.length - 1; i >= 0; i--) {
    let a = values[i];
    if (double) { a *= 2; a = Math.floor(a / 32) + (a % 32); }
    sum += a;
    double = !double;
  }
  return (32 - (sum % 32)) % 32;
}

/// The 16-byte claim secret of a code as typed (§14); throws with a plain reason.
export function decodeClaimCode(code) {
  const values = [];
  for (const ch of code) {
    if (ch === '-' || /\s/.test(ch)) continue;
    let c = ch.toUpperCase();
    if (c === 'I' || c === 'L') c = '1';
    if (c === 'O') c = '0';
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw new Error(msg('js-code-bad-character'));
    values.push(v);
  }
  if (values.length !== 27) throw new Error(msg('js-code-length'));
  const check = values.pop();
  if (luhn32(values) !== check) throw new Error(msg('js-code-check'));
  if ((values[25] & 3) !== 0) throw new Error(msg('js-code-last-letter'));
  let n = 0n;
  for (let i = 0; i < 26; i++) n = i === 25 ? (n << 3n) | BigInt(values[i] >> 2) : (n << 5n) | BigInt(values[i]);
  const out = new Uint8Array(16);
  for (let i = 15; i >= 0; i--) { out[i] = Number(n & 0xffn); n >>= 8n; }
  return out;
}

/// The code printed on a card for a 16-byte claim secret (§14), in groups of four.
export function encodeClaimCode(secret) {
  if (secret.length !== 16) throw new Error('a claim secret is 16 bytes');
  let n = 0n;
  for (const b of secret) n = (n << 8n) | BigInt(b);
  n <<= 2n;
  const values = [];
  for (let i = 25; i >= 0; i--) values.push(Number((n >> BigInt(5 * i)) & 31n));
  values.push(luhn32(values));
  const symbols = values.map((v) => ALPHABET[v]).join('');
  return symbols.match(/.{1,4}/g).join('-');
}

/// The hash an idea carries for a claim secret (§14).
export async function claimHash(secret) {
  return sha256(concat(utf8('heard/v1/claim-secret\n'), secret));
}

/// The body of an idea (§13, kind 3). `fields`: consultation (32 bytes), digest (32 bytes),
/// tags ([text]), coContributors ([32 bytes]), buildsOn ([32 bytes]), consent (named,
/// pseudonym, anonymous), name, claimHash (32 bytes), given ('YYYY-MM-DD').
export function ideaBody(f) {
  if (!(f.consent in CONSENT)) throw new Error(msg('js-form-choose-how-they'));
  const m = new Map([[0, f.consultation], [1, f.digest], [2, f.tags], [3, f.coContributors], [4, f.buildsOn], [5, CONSENT[f.consent]]]);
  if (f.consent !== 'anonymous') {
    if (!f.name || !f.name.trim()) throw new Error(msg('js-form-write-name'));
    m.set(6, f.name.trim());
  }
  if (f.claimHash) m.set(7, f.claimHash);
  if (f.given) m.set(8, f.given);
  return encode(m);
}

function ids(hexes) {
  return hexes.map((h) => {
    const b = fromHex(h);
    if (b.length !== 32) throw new Error('an id is 32 bytes');
    return b;
  });
}

/// The body of a claim (with the card's secret) or of a consent change (without).
export function claimBody(ideaHexes, consent, name, secret) {
  if (!(consent in CONSENT)) throw new Error(msg('js-form-choose-how-you'));
  const m = new Map([[0, ids(ideaHexes)], [1, CONSENT[consent]]]);
  if (consent !== 'anonymous') {
    if (!name || !name.trim()) throw new Error(msg('js-form-write-name'));
    m.set(2, name.trim());
  }
  if (secret) m.set(3, secret);
  return encode(m);
}

export function withdrawBody(ideaHex) {
  return encode(new Map([[0, ids([ideaHex])[0]]]));
}

export function statement(kind, author, body, timeMs = Date.now()) {
  return encode(new Map([[0, 1], [1, kind], [2, BigInt(timeMs)], [3, author], [4, body]]));
}

/// Signs a statement with the key and sends it; resolves to the server's answer (seq,
/// entry_hash, receipt, …) or throws an Error whose `code` is the server's problem code
/// (`network` when no answer arrived, `http_<status>` when the answer was not problem+json).
export async function signAndSubmit(key, kind, body) {
  const st = statement(kind, key.pub, body);
  const sig = await sign(key.privateKey, concat(SIGNATURE_PREFIX, st));
  let r;
  try {
    r = await fetch('/v1/statements', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ statement: toBase64(st), signature: toBase64(sig) }),
    });
  } catch {
    // The request did not complete (offline, connection dropped): the server may or may not
    // have logged it.
    const e = new Error(msg('js-connection-failed'));
    e.code = 'network';
    throw e;
  }
  let answer = null;
  try { answer = await r.json(); } catch { answer = null; }
  if (!r.ok) {
    const e = new Error(serverSaid(answer, r.status));
    e.code = answer?.code ?? 'http_' + r.status;
    throw e;
  }
  return answer;
}

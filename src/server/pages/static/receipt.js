// Verifying a Heard receipt in the browser, step by step, exactly as docs/PROTOCOL.md §11
// and src/protocol/receipt.rs do (same step names, same order, stopping at the first
// failure): receipt_format, checkpoint_signature, (witnesses: only with witness keys, which
// this page does not take), checkpoint_format, entry_format, inclusion, statement_signature.
// Ed25519 and SHA-256 come from WebCrypto; nothing is sent anywhere.

import { decode } from './cbor.js';
import { concat, equal, fromBase64, fromBase64Url, fromUtf8, sha256, toHex, utf8 } from './bytes.js';
import { parseVerifierKey, verify } from './keyfile.js';

const PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
const MAX_NOTE = 1 << 20;
const MAX_PROOF = 2 * MAX_NOTE;
const MAX_SIGNATURES = 100;
const MAX_PROOF_HASHES = 64;
const MAX_STATEMENT = 60 * 1024;
const SIGNATURE_PREFIX = utf8('heard/v1/statement-signature\n');
const KINDS = ['enrol', 'consultation', 'idea', 'claim', 'endorse', 'cite', 'respond', 'withdraw', 'rotate', 'acknowledge', 'close', 'recover', 'cancel_recovery'];

class Bad extends Error {}

function decimal(s) {
  if (!/^(0|[1-9][0-9]*)$/.test(s)) return null;
  const v = BigInt(s);
  return v < 1n << 64n ? v : null;
}

function hash32(s) {
  if (s.length !== 44) return null;
  try {
    const b = fromBase64(s);
    return b.length === 32 ? b : null;
  } catch { return null; }
}

function checkName(name) {
  if (name.length === 0 || /[\s+]/u.test(name) || /[\u0000-\u001f\u007f]/.test(name)) throw new Bad(`bad key name ${JSON.stringify(name)}`);
}

function hasControl(s) {
  return /[\u0000-\u0009\u000b-\u001f]/.test(s);
}

export function fromEither(input) {
  const t = input.trim();
  if (t.startsWith(PROOF_HEADER)) return input;
  let b;
  try { b = fromBase64Url(t); } catch (e) { throw new Bad(`the receipt is neither receipt text nor compact base64url (${e.message})`); }
  try { return fromUtf8(b); } catch { throw new Bad('the compact receipt does not decode to UTF-8 text'); }
}

export function parseNote(note) {
  if (utf8(note).length > MAX_NOTE) throw new Bad('the note is too large');
  if (hasControl(note)) throw new Bad('malformed note: control character other than newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Bad('malformed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  let sigs = note.slice(split + 2);
  if (!sigs.endsWith('\n')) throw new Bad('malformed note: signature block is empty or lacks a final newline');
  sigs = sigs.slice(0, -1);
  const signatures = [];
  for (const line of sigs.split('\n')) {
    if (signatures.length === MAX_SIGNATURES) throw new Bad('too many signatures');
    if (!line.startsWith('\u2014 ')) throw new Bad('malformed note: signature line does not start with an em dash and a space');
    const rest = line.slice(2);
    const sp = rest.indexOf(' ');
    if (sp < 0) throw new Bad('malformed note: signature line has no space after the key name');
    const name = rest.slice(0, sp);
    checkName(name);
    let raw;
    try { raw = fromBase64(rest.slice(sp + 1)); } catch { throw new Bad('malformed note: signature is not canonical base64'); }
    if (raw.length < 5) throw new Bad('malformed note: signature shorter than five bytes');
    const keyId = ((raw[0] << 24) | (raw[1] << 16) | (raw[2] << 8) | raw[3]) >>> 0;
    signatures.push({ name, keyId, sig: raw.slice(4) });
  }
  return { text, signatures };
}

export function parseCheckpoint(text) {
  if (!text.endsWith('\n')) throw new Bad('malformed checkpoint: text does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.some(hasControl)) throw new Bad('malformed checkpoint: control character');
  if (lines.length < 2) throw new Bad('malformed checkpoint: missing tree size line');
  if (lines.length < 3) throw new Bad('malformed checkpoint: missing root hash line');
  const [origin, sizeLine, rootLine, ...ext] = lines;
  if (origin.length === 0) throw new Bad('malformed checkpoint: empty origin');
  const size = decimal(sizeLine);
  if (size === null) throw new Bad('malformed checkpoint: tree size is not a decimal u64 without leading zeroes');
  const root = hash32(rootLine);
  if (!root) throw new Bad('malformed checkpoint: root hash is not canonical base64 of 32 bytes');
  if (ext.some((e) => e.length === 0)) throw new Bad('malformed checkpoint: empty extension line');
  return { origin, size, root };
}

export function parseProof(s) {
  if (utf8(s).length > MAX_PROOF) throw new Bad('the receipt is too large');
  let rest = s;
  let n = 0;
  const next = (missing) => {
    n++;
    const i = rest.indexOf('\n');
    if (i < 0) throw new Bad(`line ${n}: ${missing}`);
    const line = rest.slice(0, i);
    rest = rest.slice(i + 1);
    return line;
  };
  if (next('missing header line') !== PROOF_HEADER) throw new Bad(`line ${n}: first line is not ${PROOF_HEADER}`);
  let line = next('missing index line');
  let extra = null;
  if (line.startsWith('extra ')) {
    try { extra = fromBase64(line.slice(6)); } catch { throw new Bad(`line ${n}: extra data is not canonical base64`); }
    line = next('missing index line');
  }
  const index = line.startsWith('index ') ? decimal(line.slice(6)) : null;
  if (index === null) throw new Bad(`line ${n}: expected "index <decimal without leading zeroes>"`);
  const proof = [];
  for (;;) {
    const l = next('missing blank line before the checkpoint');
    if (l === '') break;
    if (proof.length === MAX_PROOF_HASHES) throw new Bad(`line ${n}: too many inclusion proof hashes`);
    const h = hash32(l);
    if (!h) throw new Bad(`line ${n}: proof hash is not canonical base64 of 32 bytes`);
    proof.push(h);
  }
  const note = parseNote(rest);
  parseCheckpoint(note.text);
  return { extra, index, proof, checkpoint: rest, note };
}

async function nodeHash(l, r) { return sha256(concat(Uint8Array.of(1), l, r)); }

function bitLen(x) { let n = 0; while (x > 0n) { n++; x >>= 1n; } return n; }
function popcount(x) { let n = 0; while (x > 0n) { n += Number(x & 1n); x >>= 1n; } return n; }

/// RFC 9162 §2.1.3.2; throws Bad with the reason when the proof does not verify.
export async function verifyInclusion(leaf, index, size, proof, root) {
  if (index >= size) throw new Bad(`${index} is out of range for tree size ${size}`);
  const last = size - 1n;
  const inner = bitLen(index ^ last);
  const expected = inner + popcount(index >> BigInt(inner));
  const wrong = () => new Bad(`wrong proof length: expected ${expected} hashes, got ${proof.length}`);
  if (proof.length !== expected) throw wrong();
  let fn = index;
  let sn = last;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) throw wrong();
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw wrong();
  if (!equal(r, root)) throw new Bad('recomputed root does not match');
}

function field(m, k, type, len) {
  const v = m.get(k);
  if (type === 'uint' && typeof v === 'bigint') return v;
  if (type === 'bytes' && v instanceof Uint8Array && (len === undefined || v.length === len)) return v;
  throw new Bad(`field ${k} is not ${type === 'uint' ? 'an unsigned integer' : `a byte string${len ? ` of ${len} bytes` : ''}`}`);
}

function structure(bytes, keys) {
  const m = decode(bytes);
  if (!(m instanceof Map) || m.size !== keys || [...m.keys()].some((k, i) => k !== i)) throw new Bad(`not a map with the keys 0 to ${keys - 1}`);
  return m;
}

/// The witnesses (cosignature verifier key texts) whose C2SP cosignature/v1 lines verify
/// over the note's checkpoint text (docs/PROTOCOL.md §10): their names.
export async function cosigners(note, witnessKeyTexts) {
  const names = [];
  for (const text of witnessKeyTexts) {
    let w;
    try { w = await parseVerifierKey(text); } catch { continue; }
    if (w.type !== 4) continue;
    const line = note.signatures.find((s) => s.name === w.name && s.keyId === w.keyId);
    if (!line || line.sig.length !== 72) continue;
    const stamp = line.sig.slice(0, 8);
    let t = 0n;
    for (const b of stamp) t = (t << 8n) | BigInt(b);
    const message = utf8(`cosignature/v1\ntime ${t}\n${note.text}`);
    let ok = false;
    try { ok = await verify(w.pub, line.sig.slice(8), message); } catch { ok = false; }
    if (ok) names.push(w.name);
  }
  return names;
}

/// Verifies a receipt (text or compact form) against the log's verifier key text. Resolves to
/// { checks: [{ name, passed, detail }], facts } where facts is null unless every check passed.
/// With the log's witnesses (`witnesses`: verifier key texts), facts.witnesses names those
/// whose cosignatures verify; a missing cosignature does not make the receipt invalid.
export async function verifyReceipt(input, logKeyText, witnesses = []) {
  const key = await parseVerifierKey(logKeyText);
  const checks = [];
  const pass = (name, detail) => checks.push({ name, passed: true, detail });
  const fail = (name, detail) => { checks.push({ name, passed: false, detail }); return { checks, facts: null }; };
  const why = (e) => (e instanceof Error ? e.message : String(e));

  let text;
  let proof;
  try { text = fromEither(input); } catch (e) { return fail('receipt_format', why(e)); }
  try { proof = parseProof(text); } catch (e) { return fail('receipt_format', `not a c2sp.org/tlog-proof@v1 receipt: ${why(e)}`); }
  if (!proof.extra) return fail('receipt_format', 'the receipt has no `extra` line carrying the entry');
  pass('receipt_format', 'the receipt is a c2sp.org/tlog-proof@v1 text carrying an entry');

  // As Go's note.Open: lines from unknown keys are ignored; the first line from the known key must verify.
  const line = proof.note.signatures.find((s) => s.name === key.name && s.keyId === key.keyId);
  if (!line) return fail('checkpoint_signature', 'the checkpoint does not verify: no signature from a known key');
  if (key.type !== 1) return fail('checkpoint_signature', 'the key given is a witness key, not a log key');
  let good = false;
  try { good = line.sig.length === 64 && (await verify(key.pub, line.sig, utf8(proof.note.text))); } catch { good = false; }
  if (!good) return fail('checkpoint_signature', `the checkpoint does not verify: invalid signature by ${key.name}`);
  pass('checkpoint_signature', `the checkpoint is signed by the log key ${logKeyText.trim()}`);

  let cp;
  try { cp = parseCheckpoint(proof.note.text); } catch (e) { return fail('checkpoint_format', `the signed text is not a checkpoint: ${why(e)}`); }
  if (cp.origin !== key.name) {
    return fail('checkpoint_format', `the checkpoint's origin ${JSON.stringify(cp.origin)} is not the log key's name ${JSON.stringify(key.name)}`);
  }
  pass('checkpoint_format', `checkpoint of ${cp.origin} at tree size ${cp.size}`);

  let entry;
  try {
    const m = structure(proof.extra, 5);
    entry = { seq: field(m, 0, 'uint'), prev: field(m, 1, 'bytes', 32), logTime: field(m, 2, 'uint'), statement: field(m, 3, 'bytes'), signature: field(m, 4, 'bytes', 64) };
  } catch (e) {
    return fail('entry_format', `the entry does not decode: ${why(e)}`);
  }
  if (entry.seq !== proof.index) return fail('entry_format', `the entry says it is seq ${entry.seq} but the proof is for index ${proof.index}`);
  pass('entry_format', `entry ${entry.seq} decodes in canonical form`);

  const leaf = await sha256(concat(Uint8Array.of(0), proof.extra));
  try {
    await verifyInclusion(leaf, proof.index, cp.size, proof.proof, cp.root);
  } catch (e) {
    return fail('inclusion', `the entry is not proven to be at index ${proof.index} of the tree of size ${cp.size}: ${why(e)}`);
  }
  pass('inclusion', `entry hash ${toHex(leaf)} is leaf ${proof.index} of the signed tree of size ${cp.size} (${proof.proof.length} proof hashes)`);

  let st;
  try {
    if (entry.statement.length > MAX_STATEMENT) throw new Bad(`the statement is ${entry.statement.length} bytes; the largest accepted is ${MAX_STATEMENT} bytes`);
    const m = structure(entry.statement, 5);
    st = { version: field(m, 0, 'uint'), kind: field(m, 1, 'uint'), time: field(m, 2, 'uint'), author: field(m, 3, 'bytes', 32), body: field(m, 4, 'bytes') };
    if (st.version !== 1n) throw new Bad(`statement format version ${st.version} is not supported`);
    if (st.kind < 1n || st.kind > BigInt(KINDS.length)) throw new Bad(`statement kind ${st.kind} is not known`);
    let ok = false;
    try { ok = await verify(st.author, entry.signature, concat(SIGNATURE_PREFIX, entry.statement)); } catch { throw new Bad('the author key is not a valid Ed25519 key'); }
    if (!ok) throw new Bad('the signature does not verify for this statement and author key');
  } catch (e) {
    return fail('statement_signature', `the author's statement does not verify: ${why(e)}`);
  }
  const kind = KINDS[Number(st.kind) - 1];
  pass('statement_signature', `the ${kind} statement is signed by author key ${toHex(st.author)}`);

  const witnessed = await cosigners(proof.note, witnesses);
  return { checks, facts: { seq: entry.seq, entryHash: toHex(leaf), kind, logTime: entry.logTime, treeSize: cp.size, statement: entry.statement, witnesses: witnessed } };
}

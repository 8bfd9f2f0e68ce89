// Ed25519 keys in the browser (WebCrypto) and their text forms (docs/PROTOCOL.md §7):
// the key file `PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ seed)>` that `heard keygen`
// writes and every `heard` command reads, and the verifier key `<name>+<key id>+<base64(0x01 ‖
// public key)>`. The key ID is the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).

import { concat, fromBase64, fromBase64Url, sha256, toBase64, toHex, utf8 } from './bytes.js';
import { msg } from './ui.js';

const ED25519 = { name: 'Ed25519' };
// DER prefix of a PKCS #8 Ed25519 private key (RFC 8410); the 32-byte seed follows.
const PKCS8_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);

/// The name written into key files made by the pages.
export const KEY_NAME = 'heard-contributor';

export function webCryptoAvailable() {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

function checkName(name) {
  if (name.length === 0 || /[\s+]/u.test(name) || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new Error(msg('js-key-bad-name'));
  }
}

export async function keyId(name, type, pub) {
  const d = await sha256(concat(utf8(name), Uint8Array.of(0x0a, type), pub));
  return toHex(d.subarray(0, 4));
}

async function fromSeed(seed) {
  const privateKey = await crypto.subtle.importKey('pkcs8', concat(PKCS8_PREFIX, seed), ED25519, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  return { privateKey, pub: fromBase64Url(jwk.x), seed };
}

/// A new key: { privateKey, pub, seed } (seed and pub are 32-byte Uint8Arrays).
export async function generate() {
  const pair = await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { privateKey: pair.privateKey, pub: fromBase64Url(jwk.x), seed: fromBase64Url(jwk.d) };
}

/// The key file's one line (followed by a newline in the file).
export async function keyText(key, name = KEY_NAME) {
  checkName(name);
  return `PRIVATE+KEY+${name}+${await keyId(name, 1, key.pub)}+${toBase64(concat(Uint8Array.of(1), key.seed))}`;
}

/// Reads a key file's text; checks its form and key ID. Returns { privateKey, pub, seed, name }.
export async function parseKeyText(text) {
  const line = text.replace(/\s+$/, '');
  if (!line.startsWith('PRIVATE+KEY+')) throw new Error(msg('js-key-not-key-file'));
  const parts = line.slice('PRIVATE+KEY+'.length).split('+');
  if (parts.length < 3) throw new Error(msg('js-key-incomplete'));
  const [name, id] = parts;
  const material = parts.slice(2).join('+');
  checkName(name);
  if (!/^[0-9a-f]{8}$/.test(id)) throw new Error(msg('js-key-damaged-id'));
  let raw;
  try { raw = fromBase64(material); } catch { throw new Error(msg('js-key-damaged-base64')); }
  if (raw.length !== 33 || raw[0] !== 1) throw new Error(msg('js-key-not-ed25519'));
  const key = await fromSeed(raw.slice(1));
  if ((await keyId(name, 1, key.pub)) !== id) throw new Error(msg('js-key-damaged-mismatch'));
  return { ...key, name };
}

export async function sign(privateKey, message) {
  return new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, message));
}

export async function verify(pub, signature, message) {
  const k = await crypto.subtle.importKey('raw', pub, ED25519, false, ['verify']);
  return crypto.subtle.verify(ED25519, k, signature, message);
}

/// Reads a verifier key text `<name>+<key id>+<base64(type ‖ public key)>`.
export async function parseVerifierKey(text) {
  const s = text.trim();
  const i = s.indexOf('+');
  const j = s.indexOf('+', i + 1);
  if (i < 0 || j < 0) throw new Error(msg('js-pubkey-form'));
  const name = s.slice(0, i);
  const id = s.slice(i + 1, j);
  checkName(name);
  if (!/^[0-9a-f]{8}$/.test(id)) throw new Error(msg('js-pubkey-id'));
  let raw;
  try { raw = fromBase64(s.slice(j + 1)); } catch { throw new Error(msg('js-pubkey-base64')); }
  if (raw.length !== 33 || (raw[0] !== 1 && raw[0] !== 4)) throw new Error(msg('js-pubkey-type'));
  const pub = raw.slice(1);
  if ((await keyId(name, raw[0], pub)) !== id) throw new Error(msg('js-pubkey-mismatch'));
  return { name, keyId: parseInt(id, 16) >>> 0, type: raw[0], pub };
}

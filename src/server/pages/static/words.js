// Checking an idea's words against the record (docs/PROTOCOL.md §15): the idea's entry logs
// digest = SHA-256(salt ‖ UTF-8 text); the server serves the text and the salt while the idea
// is not withdrawn, so this browser recomputes the digest itself.

import { decode } from './cbor.js';
import { concat, equal, sha256, utf8 } from './bytes.js';

const IDEA = 3n;

/// The digest an idea statement logs (key 1 of its body), from the statement's bytes.
export function loggedDigest(statement) {
  const st = decode(statement);
  if (!(st instanceof Map) || st.get(1) !== IDEA) throw new Error('the entry is not an idea');
  const body = decode(st.get(4));
  const digest = body instanceof Map ? body.get(1) : undefined;
  if (!(digest instanceof Uint8Array) || digest.length !== 32) throw new Error('the idea has no 32-byte digest');
  return digest;
}

/// Whether SHA-256(salt ‖ UTF-8 text) equals the digest logged in the idea statement.
export async function wordsMatch(statement, salt, text) {
  if (!(salt instanceof Uint8Array) || salt.length !== 32) return false;
  return equal(await sha256(concat(salt, utf8(text))), loggedDigest(statement));
}

// An independent check of a credential Heard issued (docs/PROTOCOL.md §20), with Digital
// Bazaar's implementations of VC 2.0 (@digitalbazaar/vc), Data Integrity
// (@digitalbazaar/data-integrity) and eddsa-jcs-2022 (@digitalbazaar/eddsa-jcs-2022-cryptosuite),
// resolving did:key with @digitalbazaar/did-method-key. No network: the document loader
// answers only the contexts in ./contexts and did:key identifiers.
//
// Usage: node verify.mjs <credential.json> — prints {"verified": bool, "error": …} and exits
// 0 when the credential verifies, 1 when it does not, 2 when it cannot be read.

import { readFileSync } from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

const here = new URL('./contexts/', import.meta.url);
const contexts = new Map([
  ['https://www.w3.org/ns/credentials/v2', 'credentials-v2.jsonld'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'ob-v3p0-context-3.0.3.json'],
].map(([url, file]) => [url, JSON.parse(readFileSync(new URL(file, here), 'utf8'))]));

const didKeyDriver = didKey.driver();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

async function documentLoader(url) {
  if (contexts.has(url)) {
    return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  }
  if (url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({ url });
    return { contextUrl: null, documentUrl: url, document };
  }
  throw new Error(`no network: ${url} is not a shipped context or a did:key`);
}

let credential;
try {
  credential = JSON.parse(readFileSync(process.argv[2], 'utf8'));
} catch (e) {
  console.log(JSON.stringify({ verified: false, error: `cannot read the credential: ${e.message}` }));
  process.exit(2);
}
const suite = new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() });
let result;
try {
  result = await vc.verifyCredential({ credential, suite, documentLoader });
} catch (e) {
  result = { verified: false, error: e };
}
const errors = [result.error, ...(result.results ?? []).map((r) => r.error)]
  .filter(Boolean)
  .flatMap((e) => (e.errors ? e.errors : [e]))
  .map((e) => e.message ?? String(e));
console.log(JSON.stringify({ verified: result.verified === true, errors }));
process.exit(result.verified === true ? 0 : 1);

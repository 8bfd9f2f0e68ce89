//! W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite (W3C vc-di-eddsa §3.3),
//! and Ed25519 `did:key` identifiers (W3C did:key, multicodec `ed25519-pub` 0xed01,
//! multibase base58btc `z…`): what the credentials of docs/PROTOCOL.md §20 are signed with.
//!
//! The document and the proof configuration are each canonicalised with the JSON
//! Canonicalization Scheme (RFC 8785, `serde_json_canonicalizer`) and hashed with SHA-256; the
//! Ed25519 signature covers `SHA-256(JCS(proof config)) ‖ SHA-256(JCS(document))`, and the
//! proof's `proofValue` is that signature in multibase base58btc (`bs58`). Verification
//! resolves only `did:key` verification methods of Ed25519 keys, with no network.
//! No I/O: documents are `serde_json::Value`s.

use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The multicodec prefix of an Ed25519 public key (`ed25519-pub`, 0xed as an unsigned varint).
pub const ED25519_PUB_MULTICODEC: [u8; 2] = [0xed, 0x01];

/// The cryptosuite's name.
pub const CRYPTOSUITE: &str = "eddsa-jcs-2022";

/// Why a proof cannot be made or does not verify.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntegrityError {
    /// The document is not a JSON object, or its `proof` is missing or not one object.
    #[error("the document is not a JSON object with one proof: {0}")]
    Malformed(&'static str),
    /// The proof is not a `DataIntegrityProof` of `eddsa-jcs-2022` for `assertionMethod`.
    #[error("the proof is not an eddsa-jcs-2022 DataIntegrityProof: {0}")]
    UnsupportedProof(&'static str),
    /// The verification method is not a `did:key` of an Ed25519 key (`did:key:z6Mk…#z6Mk…`).
    #[error("the verification method is not an Ed25519 did:key")]
    BadVerificationMethod,
    /// The proof's `@context` is not the start of the document's `@context`.
    #[error("the proof's @context does not match the document's")]
    ContextMismatch,
    /// `proofValue` is not base58btc multibase of 64 bytes.
    #[error("the proof value is not a multibase base58btc Ed25519 signature")]
    BadProofValue,
    /// The signature does not verify.
    #[error("the signature does not verify")]
    BadSignature,
}

impl IntegrityError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            IntegrityError::Malformed(_) => "malformed",
            IntegrityError::UnsupportedProof(_) => "unsupported_proof",
            IntegrityError::BadVerificationMethod => "bad_verification_method",
            IntegrityError::ContextMismatch => "context_mismatch",
            IntegrityError::BadProofValue => "bad_proof_value",
            IntegrityError::BadSignature => "bad_signature",
        }
    }
}

/// `z` + base58btc: multibase's base58btc form.
pub fn multibase_base58btc(bytes: &[u8]) -> String {
    format!("z{}", bs58::encode(bytes).into_string())
}

/// The `did:key` of an Ed25519 public key: `did:key:z` + base58btc(0xed 0x01 ‖ key).
pub fn did_key(public: &[u8; 32]) -> String {
    let mut b = ED25519_PUB_MULTICODEC.to_vec();
    b.extend_from_slice(public);
    format!("did:key:{}", multibase_base58btc(&b))
}

/// The verification method of a `did:key`: `did:key:z…#z…` (the fragment is the key's
/// multibase value, as the did:key method defines it).
pub fn did_key_method(public: &[u8; 32]) -> String {
    let did = did_key(public);
    let fragment = did.trim_start_matches("did:key:").to_string();
    format!("{did}#{fragment}")
}

/// The Ed25519 key a `did:key:z…` (optionally with a `#z…` fragment naming the same key) holds.
pub fn parse_did_key(text: &str) -> Result<[u8; 32], IntegrityError> {
    let rest = text.strip_prefix("did:key:").ok_or(IntegrityError::BadVerificationMethod)?;
    let (id, fragment) = match rest.split_once('#') {
        Some((id, f)) => (id, Some(f)),
        None => (rest, None),
    };
    if fragment.is_some_and(|f| f != id) {
        return Err(IntegrityError::BadVerificationMethod);
    }
    let b58 = id.strip_prefix('z').ok_or(IntegrityError::BadVerificationMethod)?;
    let bytes = bs58::decode(b58).into_vec().map_err(|_| IntegrityError::BadVerificationMethod)?;
    let key = bytes.strip_prefix(&ED25519_PUB_MULTICODEC[..]).ok_or(IntegrityError::BadVerificationMethod)?;
    key.try_into().map_err(|_| IntegrityError::BadVerificationMethod)
}

/// RFC 8785 canonical bytes of a JSON value.
pub fn jcs(value: &Value) -> Vec<u8> {
    // A `Value` always serialises (its map keys are strings); an empty vector never verifies.
    serde_json_canonicalizer::to_vec(value).unwrap_or_default()
}

/// `SHA-256(JCS(proof config)) ‖ SHA-256(JCS(document))` (vc-di-eddsa §3.3.4).
pub fn hash_data(document: &Value, proof_config: &Value) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&Sha256::digest(jcs(proof_config)));
    out[32..].copy_from_slice(&Sha256::digest(jcs(document)));
    out
}

/// The proof configuration for a signature by `key` at `created` (an XML Schema dateTime,
/// e.g. `2026-03-14T10:00:00Z`), carrying the document's `@context` when it has one.
pub fn proof_config(document: &Value, key: &VerifyingKey, created: &str) -> Value {
    let mut p = Map::new();
    p.insert("type".into(), "DataIntegrityProof".into());
    p.insert("cryptosuite".into(), CRYPTOSUITE.into());
    p.insert("created".into(), created.into());
    p.insert("verificationMethod".into(), did_key_method(key.as_bytes()).into());
    p.insert("proofPurpose".into(), "assertionMethod".into());
    if let Some(ctx) = document.get("@context") {
        p.insert("@context".into(), ctx.clone());
    }
    Value::Object(p)
}

/// `document` with an `eddsa-jcs-2022` proof by `key` added (vc-di-eddsa §3.3.1). The
/// document must be a JSON object without a `proof`.
pub fn sign(document: &Value, key: &SigningKey, created: &str) -> Result<Value, IntegrityError> {
    let Value::Object(map) = document else { return Err(IntegrityError::Malformed("not an object")) };
    if map.contains_key("proof") {
        return Err(IntegrityError::Malformed("it already has a proof"));
    }
    let mut proof = proof_config(document, &key.verifying_key(), created);
    let signature = ed25519_dalek::Signer::sign(key, &hash_data(document, &proof));
    if let Value::Object(p) = &mut proof {
        p.insert("proofValue".into(), multibase_base58btc(&signature.to_bytes()).into());
    }
    let mut signed = map.clone();
    signed.insert("proof".into(), proof);
    Ok(Value::Object(signed))
}

/// Checks a secured document's one `eddsa-jcs-2022` proof (vc-di-eddsa §3.3.2) and returns the
/// Ed25519 key that made it (from its `did:key` verification method). Who that key is — the
/// issuer — is for the caller to check.
pub fn verify(secured: &Value) -> Result<[u8; 32], IntegrityError> {
    let Value::Object(map) = secured else { return Err(IntegrityError::Malformed("not an object")) };
    let Some(Value::Object(proof)) = map.get("proof") else {
        return Err(IntegrityError::Malformed("no proof, or more than one"));
    };
    let text = |k: &str| proof.get(k).and_then(Value::as_str);
    if text("type") != Some("DataIntegrityProof") || text("cryptosuite") != Some(CRYPTOSUITE) {
        return Err(IntegrityError::UnsupportedProof("type or cryptosuite"));
    }
    if text("proofPurpose") != Some("assertionMethod") {
        return Err(IntegrityError::UnsupportedProof("proofPurpose"));
    }
    let created = text("created").ok_or(IntegrityError::UnsupportedProof("created"))?;
    if !is_datetime(created) {
        return Err(IntegrityError::UnsupportedProof("created is not a dateTime"));
    }
    let public = parse_did_key(text("verificationMethod").ok_or(IntegrityError::BadVerificationMethod)?)?;
    let value = text("proofValue").and_then(|v| v.strip_prefix('z')).ok_or(IntegrityError::BadProofValue)?;
    let sig: [u8; 64] =
        bs58::decode(value).into_vec().ok().and_then(|b| b.try_into().ok()).ok_or(IntegrityError::BadProofValue)?;
    let mut document = map.clone();
    document.remove("proof");
    let mut options = proof.clone();
    options.remove("proofValue");
    if let Some(ctx) = options.get("@context") {
        let as_list = |v: &Value| match v {
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        let theirs = as_list(ctx);
        let doc_ctx = document.get("@context").map(as_list).unwrap_or_default();
        if doc_ctx.len() < theirs.len() || doc_ctx[..theirs.len()] != theirs[..] {
            return Err(IntegrityError::ContextMismatch);
        }
        document.insert("@context".into(), ctx.clone());
    }
    let hash = hash_data(&Value::Object(document), &Value::Object(options));
    let key = VerifyingKey::from_bytes(&public).map_err(|_| IntegrityError::BadVerificationMethod)?;
    key.verify_strict(&hash, &Signature::from_bytes(&sig)).map_err(|_| IntegrityError::BadSignature)?;
    Ok(public)
}

/// `YYYY-MM-DDThh:mm:ss[.s+](Z|±hh:mm)`: the XML Schema dateTime forms a proof's `created` may
/// take (with a time zone).
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    if b[10] != b'T' || !digits(11..13) || b[13] != b':' || !digits(14..16) || b[16] != b':' || !digits(17..19) {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z'] => true,
        [sign, h1, h2, b':', m1, m2] => {
            (*sign == b'+' || *sign == b'-') && [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_keys_round_trip_and_refuse_other_keys() {
        let key = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
        let did = did_key(key.as_bytes());
        assert!(did.starts_with("did:key:z6Mk"), "{did}");
        assert_eq!(parse_did_key(&did).unwrap(), *key.as_bytes());
        assert_eq!(parse_did_key(&did_key_method(key.as_bytes())).unwrap(), *key.as_bytes());
        // Another multicodec (secp256k1-pub, 0xe7 0x01) and a fragment naming another key.
        let mut other = vec![0xe7, 0x01];
        other.extend_from_slice(key.as_bytes());
        assert!(parse_did_key(&format!("did:key:{}", multibase_base58btc(&other))).is_err());
        let two = did_key(SigningKey::from_bytes(&[8u8; 32]).verifying_key().as_bytes());
        assert!(parse_did_key(&format!("{did}#{}", two.trim_start_matches("did:key:"))).is_err());
        assert!(parse_did_key("did:web:example.org").is_err());
    }

    #[test]
    fn datetimes() {
        for ok in ["2023-02-24T23:36:38Z", "2026-03-14T10:00:00.5Z", "2026-03-14T10:00:00+01:00"] {
            assert!(is_datetime(ok), "{ok}");
        }
        for bad in ["2023-02-24", "2023-02-24T23:36:38", "2023-02-24 23:36:38Z", "2026-03-14T10:00:00.Z", "x"] {
            assert!(!is_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn a_signed_document_verifies_and_any_change_breaks_it() {
        let key = SigningKey::from_bytes(&[9u8; 32]);
        let doc = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "name": "x", "n": 1});
        let signed = sign(&doc, &key, "2026-03-14T10:00:00Z").unwrap();
        assert_eq!(verify(&signed).unwrap(), *key.verifying_key().as_bytes());
        let mut changed = signed.clone();
        changed["name"] = "y".into();
        assert_eq!(verify(&changed), Err(IntegrityError::BadSignature));
        let mut ctx = signed.clone();
        ctx["@context"] = serde_json::json!(["https://example.org/other"]);
        assert_eq!(verify(&ctx), Err(IntegrityError::ContextMismatch));
        let mut purpose = signed.clone();
        purpose["proof"]["proofPurpose"] = "authentication".into();
        assert!(matches!(verify(&purpose), Err(IntegrityError::UnsupportedProof(_))));
        assert!(sign(&signed, &key, "2026-03-14T10:00:00Z").is_err());
    }
}

//! Statements: what a party asserts, in canonical CBOR, signed with Ed25519.
//!
//! A statement is the envelope `{0: version, 1: kind, 2: author time, 3: author key,
//! 4: body}` (see docs/PROTOCOL.md §2). The body is itself canonical CBOR carried as a byte
//! string; its shape belongs to the statement's kind and is checked by the domain layer, so
//! the log can sequence any kind without knowing its meaning.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Hash;
use super::cbor::{self, CborError};

/// The only statement format version this code reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// The largest statement accepted, in bytes.
///
/// 60 KiB keeps every entry (statement, signature and about 60 bytes of framing) under the
/// 65,535-byte limit of a C2SP tlog-tiles entry bundle.
pub const MAX_STATEMENT_BYTES: usize = 60 * 1024;

/// Domain-separation prefix: an author signs these bytes followed by the statement bytes.
pub const SIGNATURE_PREFIX: &[u8] = b"heard/v1/statement-signature\n";

/// The statement kinds of the attribution domain, with their wire codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Kind {
    /// The operator enrols (or revokes) a key in a role.
    Enrol,
    /// A consultation exists.
    Consultation,
    /// An idea was contributed in a consultation.
    Idea,
    /// A contributor claims an idea recorded on their behalf.
    Claim,
    /// A second signature on an idea.
    Endorse,
    /// A report cites ideas.
    Cite,
    /// The organisation says what happened to an idea.
    Respond,
    /// A contributor withdraws consent for an idea.
    Withdraw,
    /// A key replaces another for the same party.
    Rotate,
    /// A recognition or payment record linked to contributions.
    Acknowledge,
    /// A consultation is closed: no more ideas are accepted in it.
    Close,
    /// A facilitator starts moving a contributor's credit from a lost key to a new key.
    Recover,
    /// The old key cancels a recovery before it takes effect.
    CancelRecovery,
}

impl Kind {
    /// Every kind, in wire-code order.
    pub const ALL: [Kind; 13] = [
        Kind::Enrol,
        Kind::Consultation,
        Kind::Idea,
        Kind::Claim,
        Kind::Endorse,
        Kind::Cite,
        Kind::Respond,
        Kind::Withdraw,
        Kind::Rotate,
        Kind::Acknowledge,
        Kind::Close,
        Kind::Recover,
        Kind::CancelRecovery,
    ];

    /// The kind's code on the wire.
    pub fn code(self) -> u64 {
        match self {
            Kind::Enrol => 1,
            Kind::Consultation => 2,
            Kind::Idea => 3,
            Kind::Claim => 4,
            Kind::Endorse => 5,
            Kind::Cite => 6,
            Kind::Respond => 7,
            Kind::Withdraw => 8,
            Kind::Rotate => 9,
            Kind::Acknowledge => 10,
            Kind::Close => 11,
            Kind::Recover => 12,
            Kind::CancelRecovery => 13,
        }
    }

    /// The kind with this wire code, if any.
    pub fn from_code(code: u64) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind's name as written in JSON and documentation.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Enrol => "enrol",
            Kind::Consultation => "consultation",
            Kind::Idea => "idea",
            Kind::Claim => "claim",
            Kind::Endorse => "endorse",
            Kind::Cite => "cite",
            Kind::Respond => "respond",
            Kind::Withdraw => "withdraw",
            Kind::Rotate => "rotate",
            Kind::Acknowledge => "acknowledge",
            Kind::Close => "close",
            Kind::Recover => "recover",
            Kind::CancelRecovery => "cancel_recovery",
        }
    }
}

/// Why a submitted statement was refused before it reached the log.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatementError {
    /// The bytes end before the statement does.
    #[error("the statement is truncated: the CBOR ends before the statement is complete")]
    Truncated,
    /// Larger than [`MAX_STATEMENT_BYTES`].
    #[error("the statement is {size} bytes; the largest accepted is {max} bytes")]
    Oversized {
        /// Size of the submitted statement.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// Not CBOR, or not a statement envelope.
    #[error("the statement is not well-formed: {0}")]
    Malformed(String),
    /// Well formed, but not Heard's one canonical encoding of it.
    #[error(
        "the statement is not in canonical CBOR form; encode it with integer keys in order, shortest integers and definite lengths"
    )]
    NonCanonical,
    /// A format version this code does not know.
    #[error("statement format version {0} is not supported (this log reads version 1)")]
    UnknownVersion(u64),
    /// A kind code this code does not know.
    #[error("statement kind {0} is not known")]
    UnknownKind(u64),
    /// The author key is a small-order (weak) Ed25519 point, or not a valid point.
    #[error("the author's public key is weak or invalid and cannot be used to sign")]
    WeakKey,
    /// The signature does not verify under the author key (verify_strict).
    #[error("the signature does not verify for this statement and author key")]
    BadSignature,
}

impl StatementError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StatementError::Truncated => "truncated",
            StatementError::Oversized { .. } => "oversized",
            StatementError::Malformed(_) => "malformed",
            StatementError::NonCanonical => "non_canonical",
            StatementError::UnknownVersion(_) => "unknown_version",
            StatementError::UnknownKind(_) => "unknown_kind",
            StatementError::WeakKey => "weak_key",
            StatementError::BadSignature => "bad_signature",
        }
    }
}

impl From<CborError> for StatementError {
    fn from(e: CborError) -> Self {
        match e {
            CborError::Truncated => StatementError::Truncated,
            CborError::NonCanonical => StatementError::NonCanonical,
            CborError::Malformed(m) => StatementError::Malformed(m),
        }
    }
}

/// The statement envelope exactly as it is encoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Wire {
    version: u64,
    kind: u64,
    time: u64,
    #[serde(with = "serde_bytes")]
    author: Vec<u8>,
    #[serde(with = "serde_bytes")]
    body: Vec<u8>,
}

/// A decoded statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// What the statement asserts.
    pub kind: Kind,
    /// When the author made it, in milliseconds since the Unix epoch (the author's claim).
    pub time: u64,
    /// The author's Ed25519 public key.
    pub author: [u8; 32],
    /// The kind-specific body, canonical CBOR.
    pub body: Vec<u8>,
}

impl Statement {
    /// The statement's canonical bytes.
    pub fn encode(&self) -> Vec<u8> {
        let wire = Wire {
            version: FORMAT_VERSION,
            kind: self.kind.code(),
            time: self.time,
            author: self.author.to_vec(),
            body: self.body.clone(),
        };
        // The envelope holds only integers and byte strings: encoding cannot fail.
        cbor::encode(&wire).unwrap_or_default()
    }

    /// Decodes canonical statement bytes, checking size, shape, version and kind (not the signature).
    pub fn decode(bytes: &[u8]) -> Result<Statement, StatementError> {
        if bytes.len() > MAX_STATEMENT_BYTES {
            return Err(StatementError::Oversized { size: bytes.len(), max: MAX_STATEMENT_BYTES });
        }
        if bytes.is_empty() {
            return Err(StatementError::Truncated);
        }
        let wire: Wire = cbor::decode_canonical(bytes)?;
        if wire.version != FORMAT_VERSION {
            return Err(StatementError::UnknownVersion(wire.version));
        }
        let kind = Kind::from_code(wire.kind).ok_or(StatementError::UnknownKind(wire.kind))?;
        let author: [u8; 32] = wire.author.as_slice().try_into().map_err(|_| {
            StatementError::Malformed(format!(
                "the author key is {} bytes; an Ed25519 public key is 32",
                wire.author.len()
            ))
        })?;
        Ok(Statement { kind, time: wire.time, author, body: wire.body })
    }

    /// Signs the statement with `key`, which must be the author's key, returning the canonical
    /// bytes and the signature.
    pub fn sign(&self, key: &SigningKey) -> (Vec<u8>, [u8; 64]) {
        let bytes = self.encode();
        let signature = key.sign(&signing_message(&bytes)).to_bytes();
        (bytes, signature)
    }
}

/// The bytes an author signs for statement bytes `statement`: [`SIGNATURE_PREFIX`] ‖ statement.
pub fn signing_message(statement: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(SIGNATURE_PREFIX.len() + statement.len());
    m.extend_from_slice(SIGNATURE_PREFIX);
    m.extend_from_slice(statement);
    m
}

/// SHA-256 of the statement's exact bytes.
pub fn statement_hash(statement: &[u8]) -> Hash {
    Sha256::digest(statement).into()
}

/// Slots of each thread's cache of parsed author keys.
const KEY_SLOTS: usize = 64;

thread_local! {
    /// Author keys this thread parsed lately, direct-mapped by their first byte. Parsing a
    /// key decompresses a curve point on every statement, and an author signs many
    /// (`heard bench` measured 1–8 % more statement checks per second with this cache). Only keys that passed every check are kept, and a
    /// slot answers only for exactly the bytes it was parsed from, so a hit returns what
    /// parsing again would. No lock: each thread has its own (64 slots, about 12 KiB).
    static PARSED_KEYS: std::cell::RefCell<[Option<VerifyingKey>; KEY_SLOTS]> =
        const { std::cell::RefCell::new([None; KEY_SLOTS]) };
}

/// Parses an author key and refuses weak (small-order) or invalid points.
pub fn author_key(author: &[u8; 32]) -> Result<VerifyingKey, StatementError> {
    let slot = usize::from(author[0]) % KEY_SLOTS;
    let cached = PARSED_KEYS.with(|k| k.borrow()[slot].filter(|key| key.as_bytes() == author));
    if let Some(key) = cached {
        return Ok(key);
    }
    let key = parse_author_key(author)?;
    PARSED_KEYS.with(|k| k.borrow_mut()[slot] = Some(key));
    Ok(key)
}

fn parse_author_key(author: &[u8; 32]) -> Result<VerifyingKey, StatementError> {
    let key = VerifyingKey::from_bytes(author).map_err(|_| StatementError::WeakKey)?;
    if key.is_weak() {
        return Err(StatementError::WeakKey);
    }
    Ok(key)
}

/// A statement that passed every check the log makes before sequencing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedStatement {
    /// The decoded statement.
    pub statement: Statement,
    /// Its canonical bytes, as submitted.
    pub bytes: Vec<u8>,
    /// The author's signature over [`signing_message`].
    pub signature: [u8; 64],
    /// SHA-256 of `bytes`.
    pub hash: Hash,
}

/// Decodes and checks a submitted statement: size, canonical form, version, kind, author key
/// and signature (`verify_strict`). The first failing check is reported.
pub fn verify_submission(bytes: &[u8], signature: &[u8]) -> Result<VerifiedStatement, StatementError> {
    verify_decoded(bytes, Statement::decode(bytes)?, signature)
}

/// [`verify_submission`] for a statement already decoded from `bytes` (by
/// [`Statement::decode`]): the checks after decoding, so that it is not decoded twice.
pub fn verify_decoded(
    bytes: &[u8],
    statement: Statement,
    signature: &[u8],
) -> Result<VerifiedStatement, StatementError> {
    let key = author_key(&statement.author)?;
    let signature: [u8; 64] = signature.try_into().map_err(|_| {
        StatementError::Malformed(format!("the signature is {} bytes; an Ed25519 signature is 64", signature.len()))
    })?;
    key.verify_strict(&signing_message(bytes), &Signature::from_bytes(&signature))
        .map_err(|_| StatementError::BadSignature)?;
    Ok(VerifiedStatement { statement, bytes: bytes.to_vec(), signature, hash: statement_hash(bytes) })
}

/// Checks many signatures at once: one `verify_batch`, and only if it fails, each signature
/// alone with `verify_strict` to find the first bad one. `None` when all verify. A batch can
/// fail where every signature verifies alone only if the batch equation misbehaves; then the
/// first index is named rather than the batch passed.
pub fn first_bad_signature(messages: &[&[u8]], signatures: &[Signature], keys: &[VerifyingKey]) -> Option<usize> {
    if ed25519_dalek::verify_batch(messages, signatures, keys).is_ok() {
        return None;
    }
    Some((0..messages.len()).find(|&i| keys[i].verify_strict(messages[i], &signatures[i]).is_err()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    fn sample(k: &SigningKey) -> Statement {
        Statement {
            kind: Kind::Idea,
            time: 1_700_000_000_000,
            author: k.verifying_key().to_bytes(),
            body: cbor::encode(&"an idea").unwrap(),
        }
    }

    #[test]
    fn sign_and_verify_round_trip() {
        let k = key(7);
        let (bytes, sig) = sample(&k).sign(&k);
        let v = verify_submission(&bytes, &sig).unwrap();
        assert_eq!(v.statement, sample(&k));
        assert_eq!(v.hash, statement_hash(&bytes));
    }

    #[test]
    fn kind_codes_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
        assert_eq!(Kind::from_code(0), None);
        assert_eq!(Kind::from_code(11), Some(Kind::Close));
        assert_eq!(Kind::from_code(13), Some(Kind::CancelRecovery));
        assert_eq!(Kind::from_code(14), None);
    }

    #[test]
    fn every_check_has_its_error() {
        let k = key(7);
        let (bytes, sig) = sample(&k).sign(&k);
        let mut bad_sig = sig;
        bad_sig[0] ^= 1;
        assert_eq!(verify_submission(&bytes, &bad_sig).unwrap_err(), StatementError::BadSignature);
        assert_eq!(verify_submission(&bytes[..bytes.len() - 1], &sig).unwrap_err(), StatementError::Truncated);
        assert_eq!(verify_submission(&[], &sig).unwrap_err(), StatementError::Truncated);
        assert_eq!(verify_submission(&[0xff, 0x00], &sig).unwrap_err().code(), "malformed");
        assert_eq!(verify_submission(&vec![0u8; MAX_STATEMENT_BYTES + 1], &sig).unwrap_err().code(), "oversized");
        assert_eq!(verify_submission(&bytes, &sig[..63]).unwrap_err().code(), "malformed");

        let wire = |version, kind, author: Vec<u8>| {
            cbor::encode(&Wire { version, kind, time: 1, author, body: vec![] }).unwrap()
        };
        let pk = k.verifying_key().to_bytes().to_vec();
        assert_eq!(verify_submission(&wire(2, 3, pk.clone()), &sig).unwrap_err(), StatementError::UnknownVersion(2));
        assert_eq!(verify_submission(&wire(1, 99, pk), &sig).unwrap_err(), StatementError::UnknownKind(99));
        // The identity point is small-order: a weak key.
        let mut identity = vec![0u8; 32];
        identity[0] = 1;
        assert_eq!(verify_submission(&wire(1, 3, identity), &sig).unwrap_err(), StatementError::WeakKey);
        assert_eq!(verify_submission(&wire(1, 3, vec![1, 2]), &sig).unwrap_err().code(), "malformed");
    }

    #[test]
    fn non_canonical_envelope_is_refused() {
        let k = key(7);
        let (bytes, sig) = sample(&k).sign(&k);
        // Append an unknown field {9: 0}: the map header grows from 5 to 6 entries.
        assert_eq!(bytes[0], 0xa5);
        let mut extended = bytes.clone();
        extended[0] = 0xa6;
        extended.extend_from_slice(&[0x09, 0x00]);
        assert_eq!(verify_submission(&extended, &sig).unwrap_err(), StatementError::NonCanonical);
    }

    #[test]
    fn the_parsed_key_cache_answers_only_for_the_exact_bytes_and_never_for_a_weak_key() {
        let slot = |b: &[u8; 32]| usize::from(b[0]) % KEY_SLOTS;
        let mut identity = [0u8; 32];
        identity[0] = 1;
        // Two good keys in the identity point's slot.
        let mut same_slot =
            (1..=255u8).map(|n| key(n).verifying_key().to_bytes()).filter(|b| slot(b) == slot(&identity));
        let (a, b) = (same_slot.next().unwrap(), same_slot.next().unwrap());
        for _ in 0..2 {
            assert_eq!(author_key(&a).unwrap().to_bytes(), a);
            assert_eq!(author_key(&identity), Err(StatementError::WeakKey));
            assert_eq!(author_key(&a).unwrap().to_bytes(), a);
            assert_eq!(author_key(&b).unwrap().to_bytes(), b);
            assert_eq!(author_key(&a).unwrap().to_bytes(), a);
        }
        // A cached key does not answer for other bytes, even ones that decode elsewhere.
        let mut other = a;
        other[31] ^= 0x01;
        assert_ne!(author_key(&other).map(|k| k.to_bytes()), Ok(a));
    }
}

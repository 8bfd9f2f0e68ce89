//! Signed notes ([c2sp.org/signed-note]), log checkpoints
//! ([c2sp.org/tlog-checkpoint]), Ed25519 witness cosignatures
//! ([c2sp.org/tlog-cosignature], `cosignature/v1`) and offline inclusion
//! proofs ([c2sp.org/tlog-proof]).
//!
//! Everything here is pure: no I/O, no clocks, no randomness. Parsing is
//! strict and bounded: notes are limited to [`MAX_NOTE_SIZE`] bytes and
//! [`MAX_SIGNATURES`] signature lines, and every base64 field must be in
//! canonical padded standard encoding, so that a parsed [`Note`] re-serialises
//! byte-for-byte.
//!
//! [c2sp.org/signed-note]: https://c2sp.org/signed-note
//! [c2sp.org/tlog-checkpoint]: https://c2sp.org/tlog-checkpoint
//! [c2sp.org/tlog-cosignature]: https://c2sp.org/tlog-cosignature
//! [c2sp.org/tlog-proof]: https://c2sp.org/tlog-proof

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha256};

/// A SHA-256 hash (Merkle tree node or root).
pub type Hash = [u8; 32];

/// Largest accepted signed note (text plus signature lines), in bytes.
/// Also bounds the text accepted by the signing functions.
pub const MAX_NOTE_SIZE: usize = 1 << 20;

/// Largest number of signature lines accepted in one note (as in Go's
/// `golang.org/x/mod/sumdb/note`: more than 100 is rejected).
pub const MAX_SIGNATURES: usize = 100;

/// Largest accepted tlog-proof text, in bytes (the embedded checkpoint is
/// additionally bounded by [`MAX_NOTE_SIZE`]).
pub const MAX_PROOF_SIZE: usize = 2 * MAX_NOTE_SIZE;

/// Largest number of inclusion-proof hashes accepted in a tlog-proof (a
/// tree of at most 2^64 leaves needs at most 64).
pub const MAX_PROOF_HASHES: usize = 64;

/// Signature type byte of plain Ed25519 note signatures (signed-note).
pub const KEY_TYPE_ED25519: u8 = 0x01;

/// Signature type byte of timestamped Ed25519 `cosignature/v1` signatures
/// (tlog-cosignature).
pub const KEY_TYPE_COSIGNATURE_V1: u8 = 0x04;

/// Largest accepted verifier or signer key text, in bytes.
const MAX_KEY_TEXT: usize = 1024;
/// Prefix of every signature line: em dash (U+2014) and a space.
const SIG_PREFIX: &str = "\u{2014} ";
/// First line of a tlog-proof.
const PROOF_HEADER: &str = "c2sp.org/tlog-proof@v1";
/// Prefix of signer key texts (Go's `NewSigner` format).
const SIGNER_PREFIX: &str = "PRIVATE+KEY+";
/// Length of an Ed25519 cosignature payload: 8-byte timestamp and signature.
const COSIG_LEN: usize = 8 + 64;

/// Every way parsing, signing or verifying can fail.
///
/// Each variant is one distinct cause; [`NoteError::code`] gives a stable
/// snake_case identifier for it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoteError {
    /// The signed note (or note text) is syntactically invalid.
    #[error("malformed note: {reason}")]
    MalformedNote {
        /// What is wrong.
        reason: &'static str,
    },
    /// The input exceeds a size bound.
    #[error("text too large: {size} bytes, at most {max} allowed")]
    TextTooLarge {
        /// Size of the input, in bytes.
        size: usize,
        /// The bound that was exceeded.
        max: usize,
    },
    /// The note has more than [`MAX_SIGNATURES`] signature lines.
    #[error("too many signatures: more than {max}")]
    TooManySignatures {
        /// The bound that was exceeded.
        max: usize,
    },
    /// A key name is empty or contains a Unicode space, a plus sign or a
    /// control character.
    #[error("bad key name {name:?}: must be non-empty without spaces, '+' or control characters")]
    BadKeyName {
        /// The offending name.
        name: String,
    },
    /// A verifier key text (`name+hexid+base64`) is malformed.
    #[error("malformed verifier key: {reason}")]
    MalformedVerifierKey {
        /// What is wrong.
        reason: &'static str,
    },
    /// A signer key text (`PRIVATE+KEY+name+hexid+base64`) is malformed.
    #[error("malformed signer key: {reason}")]
    MalformedSignerKey {
        /// What is wrong.
        reason: &'static str,
    },
    /// The key has a signature type that is unsupported or not the one the
    /// operation needs.
    #[error("wrong or unsupported key type 0x{found:02x}")]
    WrongKeyType {
        /// The type byte found.
        found: u8,
    },
    /// The key ID written in a key text does not match the one computed
    /// from the name, type and public key.
    #[error("key ID mismatch: key text says {claimed:08x}, key hashes to {computed:08x}")]
    KeyIdMismatch {
        /// Key ID written in the key text.
        claimed: u32,
        /// Key ID computed from the key.
        computed: u32,
    },
    /// The public key is not a valid Ed25519 point.
    #[error("invalid Ed25519 public key")]
    InvalidPublicKey,
    /// The public key is weak (of small order) and is refused.
    #[error("weak (small-order) Ed25519 public key refused")]
    WeakKey,
    /// No signature line of the note is from a known key (or none of those
    /// from known keys was checked successfully).
    #[error("no signature from a known key verifies")]
    UnknownKey,
    /// Several different known verifiers share the key name and key ID of a
    /// signature line.
    #[error("ambiguous key {name}+{key_id:08x}: several known verifiers match")]
    AmbiguousKey {
        /// Key name.
        name: String,
        /// Key ID.
        key_id: u32,
    },
    /// A signature line from a known key fails to verify.
    #[error("invalid signature for key {name}+{key_id:08x}")]
    BadSignature {
        /// Key name.
        name: String,
        /// Key ID.
        key_id: u32,
    },
    /// The signature handed to [`verify_cosignature`] carries another key's
    /// name or key ID.
    #[error("signature is from {sig_name}+{sig_key_id:08x}, not from the given key")]
    SignatureKeyMismatch {
        /// Key name in the signature line.
        sig_name: String,
        /// Key ID in the signature line.
        sig_key_id: u32,
    },
    /// A checkpoint text is malformed.
    #[error("malformed checkpoint: line {line}: {reason}")]
    MalformedCheckpoint {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A cosignature payload is malformed.
    #[error("malformed cosignature: {reason}")]
    MalformedCosignature {
        /// What is wrong.
        reason: &'static str,
    },
    /// A cosignature timestamp above 2^63 - 1 was requested.
    #[error("cosignature timestamp {0} exceeds 2^63 - 1")]
    TimestampOutOfRange(u64),
    /// A tlog-proof is malformed (the embedded checkpoint's own errors are
    /// reported as [`NoteError::MalformedNote`] or
    /// [`NoteError::MalformedCheckpoint`]).
    #[error("malformed tlog-proof: line {line}: {reason}")]
    MalformedProof {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
}

impl NoteError {
    /// A stable snake_case identifier of the error's cause.
    pub fn code(&self) -> &'static str {
        match self {
            NoteError::MalformedNote { .. } => "malformed_note",
            NoteError::TextTooLarge { .. } => "text_too_large",
            NoteError::TooManySignatures { .. } => "too_many_signatures",
            NoteError::BadKeyName { .. } => "bad_key_name",
            NoteError::MalformedVerifierKey { .. } => "malformed_verifier_key",
            NoteError::MalformedSignerKey { .. } => "malformed_signer_key",
            NoteError::WrongKeyType { .. } => "wrong_key_type",
            NoteError::KeyIdMismatch { .. } => "key_id_mismatch",
            NoteError::InvalidPublicKey => "invalid_public_key",
            NoteError::WeakKey => "weak_key",
            NoteError::UnknownKey => "unknown_key",
            NoteError::AmbiguousKey { .. } => "ambiguous_key",
            NoteError::BadSignature { .. } => "bad_signature",
            NoteError::SignatureKeyMismatch { .. } => "signature_key_mismatch",
            NoteError::MalformedCheckpoint { .. } => "malformed_checkpoint",
            NoteError::MalformedCosignature { .. } => "malformed_cosignature",
            NoteError::TimestampOutOfRange(_) => "timestamp_out_of_range",
            NoteError::MalformedProof { .. } => "malformed_proof",
        }
    }
}

/// Computes a key ID: the first four bytes, big-endian, of
/// `SHA-256(name || 0x0A || type_byte || public)`.
pub fn key_id(name: &str, type_byte: u8, public: &[u8; 32]) -> u32 {
    let digest =
        Sha256::new().chain_update(name.as_bytes()).chain_update([b'\n', type_byte]).chain_update(public).finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Checks a key name: non-empty, no Unicode white space, no `+`, and no
/// control character (which could not appear in a note anyway).
fn check_name(name: &str) -> Result<(), NoteError> {
    let bad = name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control());
    if bad {
        return Err(NoteError::BadKeyName { name: name.to_owned() });
    }
    Ok(())
}

/// True if `s` holds an ASCII control character other than newline.
fn has_forbidden_control(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 && b != b'\n')
}

/// Checks that `text` can be the text of a signed note: at most
/// [`MAX_NOTE_SIZE`] bytes, ends in a newline, no control characters other
/// than newline.
fn check_note_text(text: &str) -> Result<(), NoteError> {
    if text.len() > MAX_NOTE_SIZE {
        return Err(NoteError::TextTooLarge { size: text.len(), max: MAX_NOTE_SIZE });
    }
    if !text.ends_with('\n') {
        return Err(NoteError::MalformedNote { reason: "text does not end with a newline" });
    }
    if has_forbidden_control(text) {
        return Err(NoteError::MalformedNote { reason: "control character other than newline" });
    }
    Ok(())
}

/// Parses an ASCII decimal with no sign and no leading zeroes (except `0`).
fn parse_decimal(s: &str) -> Option<u64> {
    let canonical = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s.len() == 1 || !s.starts_with('0'));
    if canonical { s.parse().ok() } else { None }
}

/// Decodes canonical standard base64 into exactly 32 bytes.
fn decode_hash(s: &str) -> Option<Hash> {
    // A 32-byte value is 44 base64 characters; refuse anything else early.
    if s.len() != 44 {
        return None;
    }
    B64.decode(s).ok()?.try_into().ok()
}

/// Formats a signature line `— name base64(key_id || payload)\n`.
pub fn signature_line(name: &str, key_id: u32, payload: &[u8]) -> String {
    let mut raw = Vec::with_capacity(4 + payload.len());
    raw.extend_from_slice(&key_id.to_be_bytes());
    raw.extend_from_slice(payload);
    format!("{SIG_PREFIX}{name} {}\n", B64.encode(raw))
}

/// The message an Ed25519 `cosignature/v1` signature covers.
fn cosignature_message(checkpoint_text: &str, timestamp: u64) -> String {
    format!("cosignature/v1\ntime {timestamp}\n{checkpoint_text}")
}

/// Makes a signing key from a seed and refuses weak public keys.
fn signing_key(seed: &[u8; 32]) -> Result<SigningKey, NoteError> {
    let key = SigningKey::from_bytes(seed);
    if key.verifying_key().is_weak() {
        return Err(NoteError::WeakKey);
    }
    Ok(key)
}

/// The three `+`-separated parts of `name+hexid+base64`, checked and decoded:
/// (name, key ID, decoded key material). The base64 part may itself contain
/// `+`, so only the first two `+` separate fields.
fn split_key_text(s: &str, err: fn(&'static str) -> NoteError) -> Result<(&str, u32, Vec<u8>), NoteError> {
    let (name, rest) = s.split_once('+').ok_or(err("missing '+' separators"))?;
    let (hex, b64) = rest.split_once('+').ok_or(err("missing '+' separators"))?;
    check_name(name)?;
    let hex_ok = hex.len() == 8 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !hex_ok {
        return Err(err("key ID is not 8 lowercase hex digits"));
    }
    let id = u32::from_str_radix(hex, 16).map_err(|_| err("key ID is not 8 lowercase hex digits"))?;
    let material = B64.decode(b64).map_err(|_| err("key is not canonical base64"))?;
    Ok((name, id, material))
}

/// An Ed25519 note signer (signature type 0x01) with its key name.
#[derive(Clone, Debug)]
pub struct NoteSigner {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl NoteSigner {
    /// Makes a signer from a key name and a 32-byte Ed25519 seed.
    pub fn new(name: &str, seed: [u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = signing_key(&seed)?;
        let id = key_id(name, KEY_TYPE_ED25519, key.verifying_key().as_bytes());
        Ok(NoteSigner { name: name.to_owned(), key_id: id, key })
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The matching verifier.
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
            key_type: KEY_TYPE_ED25519,
        }
    }

    /// The Ed25519 signing key, for signing things other than notes (statements) with the
    /// same key.
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// The signer key text `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>`
    /// (the format of Go's `note.NewSigner`). It holds the secret seed.
    pub fn to_text(&self) -> String {
        let mut material = Vec::with_capacity(33);
        material.push(KEY_TYPE_ED25519);
        material.extend_from_slice(&self.key.to_bytes());
        let text = format!("{SIGNER_PREFIX}{}+{:08x}+{}", self.name, self.key_id, B64.encode(&material));
        material.fill(0);
        text
    }

    /// Parses a signer key text as produced by [`NoteSigner::to_text`]; the
    /// key ID must match the one derived from the seed.
    pub fn from_text(s: &str) -> Result<Self, NoteError> {
        let err = |reason| NoteError::MalformedSignerKey { reason };
        if s.len() > MAX_KEY_TEXT {
            return Err(err("key text too long"));
        }
        let rest = s.strip_prefix(SIGNER_PREFIX).ok_or(err("does not start with PRIVATE+KEY+"))?;
        let (name, claimed, mut material) = split_key_text(rest, err)?;
        let result = (|| {
            let (&key_type, seed) = material.split_first().ok_or(err("empty key"))?;
            if key_type != KEY_TYPE_ED25519 {
                return Err(NoteError::WrongKeyType { found: key_type });
            }
            let seed: [u8; 32] = seed.try_into().map_err(|_| err("seed is not 32 bytes"))?;
            let signer = NoteSigner::new(name, seed)?;
            if signer.key_id != claimed {
                return Err(NoteError::KeyIdMismatch { claimed, computed: signer.key_id });
            }
            Ok(signer)
        })();
        material.fill(0);
        result
    }

    /// Signs `text` and returns the whole signed note (text, blank line, one
    /// signature line). `text` must be a valid note text: it ends in a
    /// newline and has no control characters other than newline.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        check_note_text(text)?;
        let sig = self.key.sign(text.as_bytes());
        let line = signature_line(&self.name, self.key_id, &sig.to_bytes());
        let size = text.len() + 1 + line.len();
        if size > MAX_NOTE_SIZE {
            return Err(NoteError::TextTooLarge { size, max: MAX_NOTE_SIZE });
        }
        Ok(format!("{text}\n{line}"))
    }
}

/// A known public key that can check note signatures: either a note key
/// (type 0x01, plain Ed25519) or a witness cosignature key (type 0x04,
/// `cosignature/v1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
    key_type: u8,
}

impl NoteVerifier {
    /// Makes a verifier from a key name, a type byte
    /// ([`KEY_TYPE_ED25519`] or [`KEY_TYPE_COSIGNATURE_V1`]) and an Ed25519
    /// public key; refuses invalid and weak keys.
    pub fn new(name: &str, key_type: u8, public: &[u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        if key_type != KEY_TYPE_ED25519 && key_type != KEY_TYPE_COSIGNATURE_V1 {
            return Err(NoteError::WrongKeyType { found: key_type });
        }
        let key = VerifyingKey::from_bytes(public).map_err(|_| NoteError::InvalidPublicKey)?;
        if key.is_weak() {
            return Err(NoteError::WeakKey);
        }
        Ok(NoteVerifier { name: name.to_owned(), key_id: key_id(name, key_type, public), key, key_type })
    }

    /// Parses a verifier key text `<name>+<8 lowercase hex key ID>+<base64(type || public key)>`.
    /// The type must be 0x01 or 0x04 and the key ID must match the key.
    pub fn from_text(s: &str) -> Result<Self, NoteError> {
        let err = |reason| NoteError::MalformedVerifierKey { reason };
        if s.len() > MAX_KEY_TEXT {
            return Err(err("key text too long"));
        }
        let (name, claimed, material) = split_key_text(s, err)?;
        let (&key_type, public) = material.split_first().ok_or(err("empty key"))?;
        if key_type != KEY_TYPE_ED25519 && key_type != KEY_TYPE_COSIGNATURE_V1 {
            return Err(NoteError::WrongKeyType { found: key_type });
        }
        let public: [u8; 32] = public.try_into().map_err(|_| err("public key is not 32 bytes"))?;
        let computed = key_id(name, key_type, &public);
        if computed != claimed {
            return Err(NoteError::KeyIdMismatch { claimed, computed });
        }
        NoteVerifier::new(name, key_type, &public)
    }

    /// The verifier key text `<name>+<hex id>+<base64(type || public key)>`.
    pub fn to_text(&self) -> String {
        let mut material = Vec::with_capacity(33);
        material.push(self.key_type);
        material.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.key_id, B64.encode(material))
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// The signature type byte: [`KEY_TYPE_ED25519`] or
    /// [`KEY_TYPE_COSIGNATURE_V1`].
    pub fn key_type(&self) -> u8 {
        self.key_type
    }

    /// Checks one signature (the bytes after the key ID) over a note text.
    fn check(&self, text: &str, sig: &NoteSignature) -> Result<(), NoteError> {
        if self.key_type == KEY_TYPE_COSIGNATURE_V1 {
            return verify_cosignature(self, text, sig).map(|_| ());
        }
        let bad = || NoteError::BadSignature { name: self.name.clone(), key_id: self.key_id };
        let bytes: [u8; 64] = sig.sig.as_slice().try_into().map_err(|_| bad())?;
        self.key.verify_strict(text.as_bytes(), &Signature::from_bytes(&bytes)).map_err(|_| bad())
    }
}

/// One signature line of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSignature {
    /// Key name.
    pub name: String,
    /// Key ID (first four bytes of the decoded signature, big-endian).
    pub key_id: u32,
    /// The signature bytes after the key ID.
    pub sig: Vec<u8>,
}

impl NoteSignature {
    /// Parses one signature line (without its newline).
    fn parse_line(line: &str) -> Result<Self, NoteError> {
        let err = |reason| NoteError::MalformedNote { reason };
        let rest =
            line.strip_prefix(SIG_PREFIX).ok_or(err("signature line does not start with an em dash and a space"))?;
        let (name, b64) = rest.split_once(' ').ok_or(err("signature line has no space after the key name"))?;
        check_name(name)?;
        let raw = B64.decode(b64).map_err(|_| err("signature is not canonical base64"))?;
        if raw.len() < 5 {
            return Err(err("signature shorter than five bytes"));
        }
        let (id, sig) = raw.split_at(4);
        Ok(NoteSignature {
            name: name.to_owned(),
            key_id: u32::from_be_bytes([id[0], id[1], id[2], id[3]]),
            sig: sig.to_vec(),
        })
    }
}

/// A parsed signed note: its text and all its signature lines, in order.
///
/// `Display` (and so `to_string()`) re-serialises it byte-exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The text, including its final newline (not the blank separator line).
    pub text: String,
    /// Every signature line, in order, duplicates and unknown keys included.
    pub signatures: Vec<NoteSignature>,
}

impl Note {
    /// Parses a signed note (syntax only; see [`Note::verify`]).
    ///
    /// The text is everything up to and including the first newline of the
    /// last blank-line separator (`"\n\n"`); at least one signature line must
    /// follow, and the note must end in a newline.
    pub fn parse(note: &str) -> Result<Note, NoteError> {
        let err = |reason| NoteError::MalformedNote { reason };
        if note.len() > MAX_NOTE_SIZE {
            return Err(NoteError::TextTooLarge { size: note.len(), max: MAX_NOTE_SIZE });
        }
        if has_forbidden_control(note) {
            return Err(err("control character other than newline"));
        }
        let split = note.rfind("\n\n").ok_or(err("no blank line before the signatures"))?;
        let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
        let sigs = sigs.strip_suffix('\n').ok_or(err("signature block is empty or lacks a final newline"))?;
        let mut signatures = Vec::new();
        for line in sigs.split('\n') {
            if signatures.len() == MAX_SIGNATURES {
                return Err(NoteError::TooManySignatures { max: MAX_SIGNATURES });
            }
            signatures.push(NoteSignature::parse_line(line)?);
        }
        Ok(Note { text: text.to_owned(), signatures })
    }

    /// Verifies the note against the `known` verifiers and returns those
    /// whose signatures verified (each once, in signature-line order).
    ///
    /// As in Go's `note.Open`: lines whose (name, key ID) match no known
    /// verifier are ignored; the first line from a known key must verify
    /// (else [`NoteError::BadSignature`]), later lines from the same key are
    /// ignored; if nothing verified, the result is [`NoteError::UnknownKey`].
    /// Type 0x04 verifiers check `cosignature/v1` signatures. Identical
    /// duplicates in `known` are harmless; different keys sharing a name
    /// and key ID give [`NoteError::AmbiguousKey`] when a line names them.
    pub fn verify(&self, known: &[NoteVerifier]) -> Result<Vec<NoteVerifier>, NoteError> {
        if self.signatures.len() > MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures { max: MAX_SIGNATURES });
        }
        let mut verified: Vec<NoteVerifier> = Vec::new();
        for sig in &self.signatures {
            let mut matching = known.iter().filter(|v| v.name == sig.name && v.key_id == sig.key_id);
            let Some(v) = matching.next() else {
                continue;
            };
            if matching.any(|other| other != v) {
                return Err(NoteError::AmbiguousKey { name: sig.name.clone(), key_id: sig.key_id });
            }
            if verified.iter().any(|done| done == v) {
                continue;
            }
            v.check(&self.text, sig)?;
            verified.push(v.clone());
        }
        if verified.is_empty() {
            return Err(NoteError::UnknownKey);
        }
        Ok(verified)
    }
}

impl fmt::Display for Note {
    /// Writes the note: text, blank line, signature lines. A note built by
    /// hand is written as is, without validation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        f.write_str("\n")?;
        for sig in &self.signatures {
            f.write_str(&signature_line(&sig.name, sig.key_id, &sig.sig))?;
        }
        Ok(())
    }
}

/// A checkpoint (c2sp.org/tlog-checkpoint): the note text naming a log's
/// tree head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's origin line (non-empty).
    pub origin: String,
    /// Number of leaves in the tree.
    pub size: u64,
    /// RFC 6962 root hash of the tree.
    pub root: Hash,
    /// Extension lines (each non-empty), kept as parsed; Heard never
    /// produces any.
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// The note text: origin, decimal size, base64 root hash and extension
    /// lines, each ending in a newline. Fields are not validated; see
    /// [`Checkpoint::validate`].
    pub fn to_text(&self) -> String {
        let mut text = format!("{}\n{}\n{}\n", self.origin, self.size, B64.encode(self.root));
        for ext in &self.extensions {
            text.push_str(ext);
            text.push('\n');
        }
        text
    }

    /// Parses a checkpoint note text (without signatures).
    pub fn parse_text(text: &str) -> Result<Checkpoint, NoteError> {
        if text.len() > MAX_NOTE_SIZE {
            return Err(NoteError::TextTooLarge { size: text.len(), max: MAX_NOTE_SIZE });
        }
        let bad = |line, reason| NoteError::MalformedCheckpoint { line, reason };
        let body = text.strip_suffix('\n').ok_or(bad(text.split('\n').count(), "text does not end with a newline"))?;
        let lines: Vec<&str> = body.split('\n').collect();
        if let Some(i) = lines.iter().position(|l| has_forbidden_control(l)) {
            return Err(bad(i + 1, "control character"));
        }
        let (origin, size, root, extensions) = match lines.as_slice() {
            [origin, size, root, extensions @ ..] => (*origin, *size, *root, extensions),
            [_, _] => return Err(bad(3, "missing root hash line")),
            _ => return Err(bad(2, "missing tree size line")),
        };
        if origin.is_empty() {
            return Err(bad(1, "empty origin"));
        }
        let size = parse_decimal(size).ok_or(bad(2, "tree size is not a decimal u64 without leading zeroes"))?;
        let root = decode_hash(root).ok_or(bad(3, "root hash is not canonical base64 of 32 bytes"))?;
        if let Some(i) = extensions.iter().position(|e| e.is_empty()) {
            return Err(bad(i + 4, "empty extension line"));
        }
        let extensions = extensions.iter().map(|e| (*e).to_owned()).collect();
        Ok(Checkpoint { origin: origin.to_owned(), size, root, extensions })
    }

    /// Checks that the fields form a valid checkpoint text, i.e. that
    /// [`Checkpoint::to_text`] parses back to `self`.
    pub fn validate(&self) -> Result<(), NoteError> {
        let back = Checkpoint::parse_text(&self.to_text())?;
        if &back != self {
            return Err(NoteError::MalformedCheckpoint { line: 1, reason: "a field contains a newline" });
        }
        Ok(())
    }
}

/// A witness cosigner: an Ed25519 key used with signature type 0x04
/// (`cosignature/v1`).
#[derive(Clone, Debug)]
pub struct Cosigner {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl Cosigner {
    /// Makes a cosigner from a key name and a 32-byte Ed25519 seed.
    pub fn new(name: &str, seed: [u8; 32]) -> Result<Self, NoteError> {
        check_name(name)?;
        let key = signing_key(&seed)?;
        let id = key_id(name, KEY_TYPE_COSIGNATURE_V1, key.verifying_key().as_bytes());
        Ok(Cosigner { name: name.to_owned(), key_id: id, key })
    }

    /// The matching verifier (type 0x04).
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
            key_type: KEY_TYPE_COSIGNATURE_V1,
        }
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID (computed with type byte 0x04).
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// Returns a signature line `— <name> <base64(key ID || timestamp || signature)>\n`
    /// cosigning `checkpoint_text` (which must parse as a checkpoint) at
    /// `timestamp` (POSIX seconds, at most 2^63 - 1).
    pub fn cosign(&self, checkpoint_text: &str, timestamp: u64) -> Result<String, NoteError> {
        Checkpoint::parse_text(checkpoint_text)?;
        if timestamp > i64::MAX as u64 {
            return Err(NoteError::TimestampOutOfRange(timestamp));
        }
        let message = cosignature_message(checkpoint_text, timestamp);
        let sig = self.key.sign(message.as_bytes());
        let mut payload = Vec::with_capacity(COSIG_LEN);
        payload.extend_from_slice(&timestamp.to_be_bytes());
        payload.extend_from_slice(&sig.to_bytes());
        Ok(signature_line(&self.name, self.key_id, &payload))
    }
}

/// Verifies one `cosignature/v1` signature (from a parsed note) over
/// `checkpoint_text` with a type 0x04 verifier and returns its timestamp.
///
/// Only the signature is checked; parse the checkpoint separately.
pub fn verify_cosignature(v: &NoteVerifier, checkpoint_text: &str, sig: &NoteSignature) -> Result<u64, NoteError> {
    if v.key_type != KEY_TYPE_COSIGNATURE_V1 {
        return Err(NoteError::WrongKeyType { found: v.key_type });
    }
    if sig.name != v.name || sig.key_id != v.key_id {
        return Err(NoteError::SignatureKeyMismatch { sig_name: sig.name.clone(), sig_key_id: sig.key_id });
    }
    let payload: &[u8; COSIG_LEN] = sig.sig.as_slice().try_into().map_err(|_| NoteError::MalformedCosignature {
        reason: "payload is not an 8-byte timestamp and a 64-byte signature",
    })?;
    let (ts, signature) = payload.split_at(8);
    let mut ts_bytes = [0u8; 8];
    ts_bytes.copy_from_slice(ts);
    let timestamp = u64::from_be_bytes(ts_bytes);
    if timestamp > i64::MAX as u64 {
        return Err(NoteError::MalformedCosignature { reason: "timestamp exceeds 2^63 - 1" });
    }
    let mut sig_bytes = [0u8; 64];
    sig_bytes.copy_from_slice(signature);
    let message = cosignature_message(checkpoint_text, timestamp);
    v.key
        .verify_strict(message.as_bytes(), &Signature::from_bytes(&sig_bytes))
        .map_err(|_| NoteError::BadSignature { name: v.name.clone(), key_id: v.key_id })?;
    Ok(timestamp)
}

/// An offline inclusion proof (c2sp.org/tlog-proof@v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlogProof {
    /// Optional opaque, unauthenticated extra data (`extra` line).
    pub extra: Option<Vec<u8>>,
    /// Zero-based index of the entry in the log.
    pub index: u64,
    /// RFC 6962 inclusion proof, from the leaf's sibling up to the root's child.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, verbatim (with its signatures).
    pub checkpoint: String,
}

impl TlogProof {
    /// Formats the proof: header, optional `extra` line, `index` line, one
    /// base64 hash per line, a blank line, then the checkpoint verbatim.
    pub fn to_text(&self) -> String {
        let mut out = format!("{PROOF_HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!("extra {}\n", B64.encode(extra)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for hash in &self.proof {
            out.push_str(&B64.encode(hash));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Parses a tlog-proof. The embedded checkpoint must be a well-formed
    /// signed note whose text is a well-formed checkpoint (its errors are
    /// returned as is); nothing is verified.
    pub fn parse(s: &str) -> Result<TlogProof, NoteError> {
        if s.len() > MAX_PROOF_SIZE {
            return Err(NoteError::TextTooLarge { size: s.len(), max: MAX_PROOF_SIZE });
        }
        let err = |line, reason| NoteError::MalformedProof { line, reason };
        let mut rest = s;
        let mut line_no = 0;
        let mut next_line = |missing: &'static str| {
            line_no += 1;
            let (line, tail) = rest.split_once('\n').ok_or(err(line_no, missing))?;
            rest = tail;
            Ok::<_, NoteError>((line_no, line))
        };
        let (n, header) = next_line("missing header line")?;
        if header != PROOF_HEADER {
            return Err(err(n, "first line is not c2sp.org/tlog-proof@v1"));
        }
        let (mut n, mut line) = next_line("missing index line")?;
        let mut extra = None;
        if let Some(b64) = line.strip_prefix("extra ") {
            extra = Some(B64.decode(b64).map_err(|_| err(n, "extra data is not canonical base64"))?);
            (n, line) = next_line("missing index line")?;
        }
        let index = line
            .strip_prefix("index ")
            .and_then(parse_decimal)
            .ok_or(err(n, "expected \"index <decimal without leading zeroes>\""))?;
        let mut proof = Vec::new();
        loop {
            let (n, line) = next_line("missing blank line before the checkpoint")?;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_HASHES {
                return Err(err(n, "too many inclusion proof hashes"));
            }
            proof.push(decode_hash(line).ok_or(err(n, "proof hash is not canonical base64 of 32 bytes"))?);
        }
        let note = Note::parse(rest)?;
        Checkpoint::parse_text(&note.text)?;
        Ok(TlogProof { extra, index, proof, checkpoint: rest.to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // --- Vectors -------------------------------------------------------------

    // c2sp.org/signed-note, section "Verifier keys" / "Example"
    // (C2SP/C2SP signed-note.md). The spec gives no private key.
    const C2SP_VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    const C2SP_TEXT: &str = "This is an example message.\n";
    const C2SP_SIG: &str = "\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    // golang/mod sumdb/note/note.go (package doc) and note_test.go
    // (TestNewSigner, TestSign, TestOpen, TestVerifierList).
    const PETER_SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                           then you don't know what your problem is.\n";
    const PETER_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    const ENOCH_SIG: &str = "\u{2014} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    // transparency-dev/formats note/note_cosigv1_test.go (TestCoSigV1NewVerifier):
    // a real witness key with type byte 0x04.
    const REMORA_VKEY: &str = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";

    // c2sp.org/tlog-checkpoint example text.
    const SPEC_CHECKPOINT: &str =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    fn v(text: &str) -> NoteVerifier {
        NoteVerifier::from_text(text).unwrap()
    }

    fn code<T: fmt::Debug>(r: Result<T, NoteError>) -> &'static str {
        r.unwrap_err().code()
    }

    fn log_signer() -> NoteSigner {
        NoteSigner::new("example.com/log", [7u8; 32]).unwrap()
    }

    fn checkpoint(size: u64) -> Checkpoint {
        Checkpoint { origin: "example.com/log".into(), size, root: [size as u8; 32], extensions: vec![] }
    }

    // --- Spec vectors ----------------------------------------------------------

    #[test]
    fn c2sp_vector_verifies() {
        let vk = v(C2SP_VKEY);
        assert_eq!(vk.name(), "example.com/foo");
        assert_eq!(vk.key_id(), 0x530d903a);
        assert_eq!(key_id("example.com/foo", 1, &vk.public_key()), 0x530d903a);
        assert_eq!(vk.to_text(), C2SP_VKEY);
        let msg = format!("{C2SP_TEXT}\n{C2SP_SIG}");
        let note = Note::parse(&msg).unwrap();
        assert_eq!(note.text, C2SP_TEXT);
        assert_eq!(note.signatures.len(), 1);
        assert_eq!(note.signatures[0].key_id, 0x530d903a);
        assert_eq!(note.verify(std::slice::from_ref(&vk)).unwrap(), vec![vk]);
        assert_eq!(note.to_string(), msg);
    }

    #[test]
    fn go_signer_vector_reproduces_signature() {
        let s = NoteSigner::from_text(PETER_SKEY).unwrap();
        assert_eq!(s.name(), "PeterNeumann");
        assert_eq!(s.key_id(), 0xc74f20a3);
        assert_eq!(s.to_text(), PETER_SKEY);
        assert_eq!(s.verifier().to_text(), PETER_VKEY);
        assert_eq!(s.sign(GO_TEXT).unwrap(), format!("{GO_TEXT}\n{PETER_SIG}"));
    }

    #[test]
    fn go_open_vectors() {
        let (peter, enoch) = (v(PETER_VKEY), v(ENOCH_VKEY));
        let msg = format!("{GO_TEXT}\n{PETER_SIG}{ENOCH_SIG}");
        let n = Note::parse(&msg).unwrap();
        assert_eq!(n.text, GO_TEXT);
        assert_eq!(n.to_string(), msg);
        assert_eq!(n.verify(std::slice::from_ref(&peter)).unwrap(), vec![peter.clone()]);
        assert_eq!(n.verify(&[enoch.clone(), peter.clone()]).unwrap(), vec![peter.clone(), enoch.clone()]);
        assert_eq!(n.verify(&[]), Err(NoteError::UnknownKey));
        // Identical duplicates in the known list are harmless.
        assert!(n.verify(&[enoch.clone(), peter.clone(), enoch.clone()]).is_ok());
    }

    #[test]
    fn go_invalid_signature_vector() {
        let bad = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
        let n = Note::parse(&format!("{GO_TEXT}\n{bad}")).unwrap();
        assert_eq!(
            n.verify(&[v(PETER_VKEY)]),
            Err(NoteError::BadSignature { name: "PeterNeumann".into(), key_id: 0xc74f20a3 })
        );
    }

    #[test]
    fn go_duplicate_signatures_are_dropped() {
        let enoch_bad = format!("{}ABCD{}", &ENOCH_SIG[..60], &ENOCH_SIG[60..]);
        let msg = format!("{GO_TEXT}\n{PETER_SIG}{PETER_SIG}{ENOCH_SIG}{ENOCH_SIG}{enoch_bad}");
        let n = Note::parse(&msg).unwrap();
        assert_eq!(n.signatures.len(), 5);
        assert_eq!(n.to_string(), msg);
        assert_eq!(n.verify(&[v(PETER_VKEY)]).unwrap(), vec![v(PETER_VKEY)]);
        // Like note.go, only the first line from a known key is checked.
        let bad_peter = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
        let n = Note::parse(&format!("{GO_TEXT}\n{PETER_SIG}{bad_peter}")).unwrap();
        assert_eq!(n.verify(&[v(PETER_VKEY)]).unwrap().len(), 1);
        let n = Note::parse(&format!("{GO_TEXT}\n{bad_peter}{PETER_SIG}")).unwrap();
        assert_eq!(code(n.verify(&[v(PETER_VKEY)])), "bad_signature");
    }

    #[test]
    fn go_too_many_signatures() {
        let ok = format!("{GO_TEXT}\n{}", PETER_SIG.repeat(MAX_SIGNATURES));
        assert!(Note::parse(&ok).unwrap().verify(&[v(PETER_VKEY)]).is_ok());
        let bad = format!("{GO_TEXT}\n{}", PETER_SIG.repeat(MAX_SIGNATURES + 1));
        assert_eq!(code(Note::parse(&bad)), "too_many_signatures");
    }

    #[test]
    fn go_malformed_notes() {
        let cases = [
            GO_TEXT.to_string(),
            format!("{GO_TEXT}\n"),
            format!("{GO_TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]),
            format!("\x01{GO_TEXT}\n{PETER_SIG}"),
            format!("{GO_TEXT}\n{PETER_SIG}Unexpected line.\n"),
            format!(
                "{GO_TEXT}\n\u{2014} Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
            ),
            format!("{GO_TEXT}\n- PeterNeumann{}", &PETER_SIG[16..]),
            format!("{GO_TEXT}\n\u{2014} PeterNeumann \n"),
            format!("{GO_TEXT}\n\u{2014} PeterNeumann AAAAAA==\n"), // 4 bytes: no signature
            format!("{GO_TEXT}\n\u{2014} PeterNeumann x08go/ZJ!\n"),
            format!(
                "{GO_TEXT}\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n"
            ), // no padding
            format!("{GO_TEXT}\n{}\r\n", &PETER_SIG[..PETER_SIG.len() - 1]),
            String::new(),
        ];
        for msg in &cases {
            let r = Note::parse(msg);
            assert_eq!(code(r), "malformed_note", "{msg:?}");
        }
        // Names with '+' in a signature line.
        let plus = format!("{GO_TEXT}\n\u{2014} Peter+Neumann{}", &PETER_SIG[16..]);
        assert_eq!(code(Note::parse(&plus)), "bad_key_name");
    }

    #[test]
    fn non_canonical_base64_signature_is_rejected() {
        // Last char '=' padding kept but final symbol altered so trailing bits are non-zero.
        let sig = PETER_SIG.replace("nAM=", "nAN=");
        assert_eq!(code(Note::parse(&format!("{GO_TEXT}\n{sig}"))), "malformed_note");
    }

    #[test]
    fn oversized_note_is_rejected() {
        let text = format!("{}\n", "a".repeat(MAX_NOTE_SIZE));
        assert_eq!(code(Note::parse(&format!("{text}\n{PETER_SIG}"))), "text_too_large");
        assert_eq!(code(log_signer().sign(&text)), "text_too_large");
        // Text that fits but whose signed note would not.
        let text = format!("{}\n", "a".repeat(MAX_NOTE_SIZE - 10));
        assert_eq!(code(log_signer().sign(&text)), "text_too_large");
    }

    // --- Keys --------------------------------------------------------------------

    #[test]
    fn verifier_key_manglings_are_rejected() {
        // Same approach as golang/mod note_test.go TestNewVerifier.
        let b = PETER_VKEY.as_bytes();
        for i in 0..=b.len() {
            for j in i + 1..=b.len() {
                if i != 0 || j != b.len() {
                    let s = std::str::from_utf8(&b[i..j]).unwrap();
                    assert!(NoteVerifier::from_text(s).is_err(), "{s}");
                }
            }
        }
        for i in 0..b.len() {
            let mut m = b.to_vec();
            m[i] += 1;
            let s = String::from_utf8(m).unwrap();
            assert!(NoteVerifier::from_text(&s).is_err(), "{s}");
        }
        // Wrong key length and unknown algorithm, with adjusted key IDs (note_test.go).
        let r = NoteVerifier::from_text("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==");
        assert_eq!(code(r), "malformed_verifier_key");
        let r = NoteVerifier::from_text("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
        assert_eq!(r, Err(NoteError::WrongKeyType { found: 0x65 }));
    }

    #[test]
    fn verifier_key_errors() {
        let wrong_id = PETER_VKEY.replace("c74f20a3", "c74f20a4");
        assert_eq!(
            NoteVerifier::from_text(&wrong_id),
            Err(NoteError::KeyIdMismatch { claimed: 0xc74f20a4, computed: 0xc74f20a3 })
        );
        let upper = PETER_VKEY.replace("c74f20a3", "C74F20A3");
        assert_eq!(code(NoteVerifier::from_text(&upper)), "malformed_verifier_key");
        assert_eq!(code(NoteVerifier::from_text("Peter Neumann+c74f20a3+ARpc")), "bad_key_name");
        assert_eq!(code(NoteVerifier::from_text("PeterNeumann")), "malformed_verifier_key");
        assert_eq!(code(NoteVerifier::from_text("PeterNeumann+c74f20a3+not base64")), "malformed_verifier_key");
        // Small-order point (the identity, y = 1) with a correct key ID.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(NoteVerifier::new("weak", 1, &identity), Err(NoteError::WeakKey));
        let mut material = vec![1u8];
        material.extend_from_slice(&identity);
        let text = format!("weak+{:08x}+{}", key_id("weak", 1, &identity), B64.encode(&material));
        assert_eq!(NoteVerifier::from_text(&text), Err(NoteError::WeakKey));
        // A type byte other than 0x01/0x04.
        let pk = log_signer().verifier().public_key();
        assert_eq!(NoteVerifier::new("x", 0x02, &pk), Err(NoteError::WrongKeyType { found: 2 }));
    }

    #[test]
    fn signer_key_manglings_are_rejected() {
        // Same approach as golang/mod note_test.go TestNewSigner.
        let b = PETER_SKEY.as_bytes();
        for i in 0..=b.len() {
            for j in i + 1..=b.len() {
                if i != 0 || j != b.len() {
                    let s = std::str::from_utf8(&b[i..j]).unwrap();
                    assert!(NoteSigner::from_text(s).is_err(), "{s}");
                }
            }
        }
        for i in 0..b.len() {
            let mut m = b.to_vec();
            m[i] += 1;
            let s = String::from_utf8(m).unwrap();
            assert!(NoteSigner::from_text(&s).is_err(), "{s}");
        }
        let wrong_id = PETER_SKEY.replace("c74f20a3", "00000000");
        assert_eq!(code(NoteSigner::from_text(&wrong_id)), "key_id_mismatch");
    }

    #[test]
    fn bad_key_names() {
        for name in ["", "a+b", "a b", "a\tb", "a\u{a0}b", "a\u{3000}b", "a\u{1}b"] {
            assert_eq!(code(NoteSigner::new(name, [1; 32])), "bad_key_name", "{name:?}");
            assert_eq!(code(Cosigner::new(name, [1; 32])), "bad_key_name", "{name:?}");
        }
    }

    #[test]
    fn verifier_key_text_round_trip() {
        let s = log_signer();
        let vk = s.verifier();
        assert_eq!(vk.key_type(), KEY_TYPE_ED25519);
        assert_eq!(NoteVerifier::from_text(&vk.to_text()).unwrap(), vk);
        let s2 = NoteSigner::from_text(&s.to_text()).unwrap();
        assert_eq!(s2.verifier(), vk);
        let c = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
        let cv = c.verifier();
        assert_eq!(cv.key_type(), KEY_TYPE_COSIGNATURE_V1);
        assert!(cv.to_text().split('+').nth(2).unwrap().starts_with('B')); // 0x04 || key
        assert_eq!(NoteVerifier::from_text(&cv.to_text()).unwrap(), cv);
        // Same seed and name, different type: different key IDs.
        let n = NoteSigner::new("witness.example/w1", [9; 32]).unwrap();
        assert_ne!(n.key_id(), c.key_id());
        assert_eq!(n.verifier().public_key(), cv.public_key());
    }

    #[test]
    fn real_cosigner_vkey_parses() {
        let vk = v(REMORA_VKEY);
        assert_eq!(vk.key_type(), KEY_TYPE_COSIGNATURE_V1);
        assert_eq!(vk.key_id(), 0xda77ade7);
        assert_eq!(vk.to_text(), REMORA_VKEY);
    }

    // --- Sign / parse / verify --------------------------------------------------

    #[test]
    fn sign_parse_verify_round_trip() {
        let s = log_signer();
        for text in ["hello\n", "\n", "a\n\nb\n", "ends blank\n\n", "\u{2014} looks like a sig\n"] {
            let signed = s.sign(text).unwrap();
            let n = Note::parse(&signed).unwrap();
            assert_eq!(n.text, text);
            assert_eq!(n.to_string(), signed);
            assert_eq!(n.verify(&[s.verifier()]).unwrap(), vec![s.verifier()]);
        }
    }

    #[test]
    fn sign_rejects_bad_text() {
        let s = log_signer();
        assert_eq!(code(s.sign("no newline")), "malformed_note");
        assert_eq!(code(s.sign("")), "malformed_note");
        assert_eq!(code(s.sign("tab\there\n")), "malformed_note");
    }

    #[test]
    fn unknown_key_only_is_rejected() {
        let signed = log_signer().sign("hello\n").unwrap();
        let other = NoteSigner::new("example.com/other", [8; 32]).unwrap();
        let n = Note::parse(&signed).unwrap();
        assert_eq!(n.verify(&[other.verifier()]), Err(NoteError::UnknownKey));
    }

    #[test]
    fn tampered_text_is_rejected() {
        let s = log_signer();
        let signed = s.sign("hello\n").unwrap().replacen("hello", "jello", 1);
        let n = Note::parse(&signed).unwrap();
        assert_eq!(code(n.verify(&[s.verifier()])), "bad_signature");
    }

    #[test]
    fn wrong_key_id_is_treated_as_unknown() {
        let s = log_signer();
        let mut n = Note::parse(&s.sign("hello\n").unwrap()).unwrap();
        n.signatures[0].key_id ^= 1;
        assert_eq!(n.verify(&[s.verifier()]), Err(NoteError::UnknownKey));
        // Same name and key ID but another key: the signature must verify.
        let impostor = NoteVerifier { key: NoteSigner::new("x", [5; 32]).unwrap().verifier().key, ..s.verifier() };
        let n = Note::parse(&s.sign("hello\n").unwrap()).unwrap();
        assert_eq!(code(n.verify(std::slice::from_ref(&impostor))), "bad_signature");
        assert_eq!(code(n.verify(&[impostor, s.verifier()])), "ambiguous_key");
    }

    #[test]
    fn multi_signed_note() {
        let (a, b) = (log_signer(), NoteSigner::new("b", [3; 32]).unwrap());
        let text = "multi\n";
        let line_b = Note::parse(&b.sign(text).unwrap()).unwrap().signatures;
        let mut n = Note::parse(&a.sign(text).unwrap()).unwrap();
        n.signatures.extend(line_b);
        let n = Note::parse(&n.to_string()).unwrap();
        assert_eq!(n.verify(&[b.verifier(), a.verifier()]).unwrap(), vec![a.verifier(), b.verifier()]);
    }

    // --- Checkpoints --------------------------------------------------------------

    #[test]
    fn spec_checkpoint_parses() {
        let c = Checkpoint::parse_text(SPEC_CHECKPOINT).unwrap();
        assert_eq!(c.origin, "example.com/behind-the-sofa");
        assert_eq!(c.size, 20852163);
        assert_eq!(B64.encode(c.root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
        assert!(c.extensions.is_empty());
        assert_eq!(c.to_text(), SPEC_CHECKPOINT);
    }

    #[test]
    fn checkpoint_round_trip() {
        let mut c = checkpoint(0);
        assert_eq!(Checkpoint::parse_text(&c.to_text()).unwrap(), c);
        c.size = u64::MAX;
        c.extensions = vec!["ext one".into(), "\u{2014} two".into()];
        assert_eq!(Checkpoint::parse_text(&c.to_text()).unwrap(), c);
        assert!(c.validate().is_ok());
        c.origin = "a\nb".into();
        assert!(c.validate().is_err());
    }

    #[test]
    fn malformed_checkpoints() {
        let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        let cases: &[(String, usize)] = &[
            (format!("o\n012\n{root}\n"), 2),
            (format!("o\n+12\n{root}\n"), 2),
            (format!("o\n-1\n{root}\n"), 2),
            (format!("o\n\n{root}\n"), 2),
            (format!("o\n1 \n{root}\n"), 2),
            (format!("o\n18446744073709551616\n{root}\n"), 2),
            ("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n".into(), 3), // 31 bytes
            ("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n".into(), 3), // non-canonical
            ("o\n1\nnot base64\n".into(), 3),
            (format!("\n1\n{root}\n"), 1),
            (format!("o\n1\n{root}\n\n"), 4),
            (format!("o\n1\n{root}\next\n\n"), 5),
            ("o\n1\n".into(), 3),
            ("o\n".into(), 2),
            (format!("o\n1\n{root}"), 3),
            (format!("o\n1\n{root}\nex\tt\n"), 4),
            (format!("o\u{1}\n1\n{root}\n"), 1),
        ];
        for (text, line) in cases {
            match Checkpoint::parse_text(text) {
                Err(NoteError::MalformedCheckpoint { line: l, .. }) => {
                    assert_eq!(l, *line, "{text:?}")
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    // --- Cosignatures -------------------------------------------------------------

    #[test]
    fn cosignature_round_trip() {
        let log = log_signer();
        let w = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
        let text = checkpoint(5).to_text();
        let mut signed = log.sign(&text).unwrap();
        signed.push_str(&w.cosign(&text, 1_679_315_147).unwrap());
        let n = Note::parse(&signed).unwrap();
        assert_eq!(n.to_string(), signed);
        assert_eq!(verify_cosignature(&w.verifier(), &n.text, &n.signatures[1]), Ok(1_679_315_147));
        assert_eq!(n.verify(&[w.verifier(), log.verifier()]).unwrap(), vec![log.verifier(), w.verifier()]);
        // The cosignature alone also verifies as a note signature.
        assert_eq!(n.verify(&[w.verifier()]).unwrap(), vec![w.verifier()]);
        // The signature covers the cosignature/v1 message, not the bare text.
        let mut msg = format!("cosignature/v1\ntime 1679315147\n{text}");
        let raw = &n.signatures[1].sig;
        let sig = Signature::from_bytes(&raw[8..].try_into().unwrap());
        assert!(w.key.verifying_key().verify_strict(msg.as_bytes(), &sig).is_ok());
        msg.insert(0, 'x');
        assert!(w.key.verifying_key().verify_strict(msg.as_bytes(), &sig).is_err());
        assert_eq!(&raw[..8], &1_679_315_147u64.to_be_bytes());
    }

    #[test]
    fn cosignature_over_other_checkpoint_fails() {
        let w = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
        let (a, b) = (checkpoint(5).to_text(), checkpoint(6).to_text());
        let line = w.cosign(&a, 10).unwrap();
        let n = Note::parse(&format!("{b}\n{line}")).unwrap();
        assert_eq!(
            verify_cosignature(&w.verifier(), &b, &n.signatures[0]),
            Err(NoteError::BadSignature { name: "witness.example/w1".into(), key_id: w.key_id() })
        );
        assert_eq!(code(n.verify(&[w.verifier()])), "bad_signature");
        // Timestamp is covered too.
        let mut sig = Note::parse(&format!("{a}\n{line}")).unwrap().signatures.remove(0);
        sig.sig[7] ^= 1;
        assert_eq!(code(verify_cosignature(&w.verifier(), &a, &sig)), "bad_signature");
    }

    #[test]
    fn cosignature_with_wrong_key_type_fails() {
        let w = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
        let text = checkpoint(5).to_text();
        let line = w.cosign(&text, 10).unwrap();
        let n = Note::parse(&format!("{text}\n{line}")).unwrap();
        // The same key and name as a plain (0x01) note key.
        let plain = NoteSigner::new("witness.example/w1", [9; 32]).unwrap().verifier();
        assert_eq!(verify_cosignature(&plain, &text, &n.signatures[0]), Err(NoteError::WrongKeyType { found: 1 }));
        // Its key ID differs, so as a note key it does not even match the line.
        assert_eq!(n.verify(&[plain]), Err(NoteError::UnknownKey));
        // A 0x04 key claiming a plain note signature's name and ID must fail.
        let log = log_signer();
        let ln = Note::parse(&log.sign(&text).unwrap()).unwrap();
        let forged = NoteVerifier { key_type: KEY_TYPE_COSIGNATURE_V1, ..log.verifier() };
        assert_eq!(code(ln.verify(&[forged])), "malformed_cosignature");
    }

    #[test]
    fn cosignature_errors() {
        let w = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
        let text = checkpoint(5).to_text();
        assert_eq!(w.cosign(&text, u64::MAX), Err(NoteError::TimestampOutOfRange(u64::MAX)));
        assert!(w.cosign(&text, i64::MAX as u64).is_ok());
        assert_eq!(code(w.cosign("not a checkpoint\n", 1)), "malformed_checkpoint");
        let line = w.cosign(&text, 10).unwrap();
        let mut sig = Note::parse(&format!("{text}\n{line}")).unwrap().signatures.remove(0);
        let other = Cosigner::new("witness.example/w2", [9; 32]).unwrap();
        assert_eq!(code(verify_cosignature(&other.verifier(), &text, &sig)), "signature_key_mismatch");
        sig.sig.pop();
        assert_eq!(code(verify_cosignature(&w.verifier(), &text, &sig)), "malformed_cosignature");
        sig.sig.push(0);
        sig.sig[0] = 0x80; // timestamp >= 2^63
        assert_eq!(code(verify_cosignature(&w.verifier(), &text, &sig)), "malformed_cosignature");
    }

    // --- tlog-proof ---------------------------------------------------------------

    fn signed_checkpoint(size: u64) -> String {
        log_signer().sign(&checkpoint(size).to_text()).unwrap()
    }

    #[test]
    fn tlog_proof_round_trip() {
        for extra in [None, Some(vec![]), Some(b"age-v1.2.1-darwin-arm64.tar.gz".to_vec())] {
            for hashes in [0usize, 1, 5] {
                let p = TlogProof {
                    extra: extra.clone(),
                    index: 73894,
                    proof: (0..hashes).map(|i| [i as u8; 32]).collect(),
                    checkpoint: signed_checkpoint(109482),
                };
                let text = p.to_text();
                let back = TlogProof::parse(&text).unwrap();
                assert_eq!(back, p);
                assert_eq!(back.to_text(), text);
            }
        }
    }

    #[test]
    fn tlog_proof_spec_layout() {
        // Header lines from the c2sp.org/tlog-proof example; checkpoint signed here
        // (the spec elides its signatures).
        let text = format!(
            "c2sp.org/tlog-proof@v1\n\
             extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n\
             index 73894\n\
             gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n\
             B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n\
             EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n\
             RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n\
             AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n\
             \n{}",
            signed_checkpoint(109482)
        );
        let p = TlogProof::parse(&text).unwrap();
        assert_eq!(p.index, 73894);
        assert_eq!(p.proof.len(), 5);
        assert!(p.extra.unwrap().starts_with(b"age-v1.2.1-darwin-arm64.tar.gz"));
        let n = Note::parse(&p.checkpoint).unwrap();
        assert_eq!(Checkpoint::parse_text(&n.text).unwrap().size, 109482);
    }

    #[test]
    fn malformed_tlog_proofs() {
        let h = "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=";
        let cp = signed_checkpoint(10);
        let cases: &[(String, usize)] = &[
            (format!("c2sp.org/tlog-proof@v2\nindex 1\n\n{cp}"), 1),
            (format!("c2sp.org/tlog-proof@v1\nindex 01\n\n{cp}"), 2),
            (format!("c2sp.org/tlog-proof@v1\nindex -1\n\n{cp}"), 2),
            (format!("c2sp.org/tlog-proof@v1\nindex\n\n{cp}"), 2),
            (format!("c2sp.org/tlog-proof@v1\nindex 1 \n\n{cp}"), 2),
            (format!("c2sp.org/tlog-proof@v1\nindex x\n\n{cp}"), 2),
            (format!("c2sp.org/tlog-proof@v1\n{h}\n\n{cp}"), 2),
            (format!("c2sp.org/tlog-proof@v1\nextra !!\nindex 1\n\n{cp}"), 2),
            (format!("c2sp.org/tlog-proof@v1\nextra AA==\n{h}\n\n{cp}"), 3),
            (format!("c2sp.org/tlog-proof@v1\nindex 1\n{h}\nAAAA\n\n{cp}"), 4),
            (format!("c2sp.org/tlog-proof@v1\nindex 1\n{}\n\n{cp}", &h[..43]), 3),
            (format!("c2sp.org/tlog-proof@v1\nindex 1\n{h}\n"), 4),
            ("c2sp.org/tlog-proof@v1".into(), 1),
            (format!("c2sp.org/tlog-proof@v1\nindex 1\n{}\n{cp}", format!("{h}\n").repeat(65)), 67),
        ];
        for (text, line) in cases {
            match TlogProof::parse(text) {
                Err(NoteError::MalformedProof { line: l, .. }) => assert_eq!(l, *line, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        // Problems in the embedded checkpoint are reported as such.
        let bad_note = format!("c2sp.org/tlog-proof@v1\nindex 1\n\nlog\n1\n{h}\n");
        assert_eq!(code(TlogProof::parse(&bad_note)), "malformed_note");
        let bad_cp = format!("c2sp.org/tlog-proof@v1\nindex 1\n\n{}", log_signer().sign("log\n01\nx\n").unwrap());
        assert_eq!(code(TlogProof::parse(&bad_cp)), "malformed_checkpoint");
    }

    // --- Properties ---------------------------------------------------------------

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn line() -> impl Strategy<Value = String> {
            "[^\\x00-\\x1f]{1,40}"
        }

        proptest! {
            #[test]
            fn note_parse_never_panics(s in "\\PC{0,200}(\n\n\u{2014} [a-z]{1,5} [A-Za-z0-9+/=]{0,20}\n)?") {
                if let Ok(n) = Note::parse(&s) {
                    prop_assert_eq!(n.to_string(), s);
                }
            }

            #[test]
            fn checkpoint_text_round_trips(
                origin in line(),
                size in any::<u64>(),
                root in any::<[u8; 32]>(),
                extensions in proptest::collection::vec(line(), 0..3),
            ) {
                let c = Checkpoint { origin, size, root, extensions };
                prop_assert_eq!(Checkpoint::parse_text(&c.to_text()).unwrap(), c);
            }

            #[test]
            fn sign_verify_round_trips(body in "[^\\x00-\\x1f]{0,60}(\n[^\\x00-\\x1f]{0,20}){0,4}") {
                let text = format!("{body}\n");
                let s = log_signer();
                let signed = s.sign(&text).unwrap();
                let n = Note::parse(&signed).unwrap();
                prop_assert_eq!(&n.text, &text);
                prop_assert_eq!(n.to_string(), signed);
                prop_assert_eq!(n.verify(&[s.verifier()]).unwrap(), vec![s.verifier()]);
            }

            #[test]
            fn tlog_proof_round_trips(
                extra in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
                index in any::<u64>(),
                proof in proptest::collection::vec(any::<[u8; 32]>(), 0..8),
            ) {
                let p = TlogProof { extra, index, proof, checkpoint: signed_checkpoint(3) };
                prop_assert_eq!(TlogProof::parse(&p.to_text()).unwrap(), p);
            }
        }
    }
}

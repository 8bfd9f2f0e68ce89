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

mod proof;
pub use proof::TlogProof;

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

    /// The signed note of the checkpoint of this log (origin: the key's name) at `size`
    /// entries with `root`, no extensions. Ed25519 signing is deterministic: the same size
    /// and root always give the same note.
    pub fn sign_checkpoint(&self, size: u64, root: Hash) -> Result<String, NoteError> {
        self.sign(&Checkpoint { origin: self.name.clone(), size, root, extensions: Vec::new() }.to_text())
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

#[cfg(test)]
mod tests;

//! Entries: statements as the log sequenced them, linked in a hash chain.
//!
//! An entry is `{0: seq, 1: prev, 2: log time, 3: statement, 4: signature}` in canonical
//! CBOR. Its hash is the RFC 6962 leaf hash of those bytes, `SHA-256(0x00 ‖ entry)`, so one
//! value serves both as the chain link (`prev` of the next entry) and as the Merkle leaf.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Hash;
use super::cbor::{self, CborError};
use super::merkle::leaf_hash;

/// Text hashed to give the `prev` of entry 0.
pub const GENESIS_LABEL: &[u8] = b"heard/v1/genesis";

/// The `prev` of entry 0: SHA-256("heard/v1/genesis").
pub fn genesis() -> Hash {
    Sha256::digest(GENESIS_LABEL).into()
}

#[derive(Serialize, Deserialize)]
struct Wire {
    seq: u64,
    #[serde(with = "serde_bytes")]
    prev: Vec<u8>,
    log_time: u64,
    #[serde(with = "serde_bytes")]
    statement: Vec<u8>,
    #[serde(with = "serde_bytes")]
    signature: Vec<u8>,
}

/// One entry of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Position in the log, from 0.
    pub seq: u64,
    /// Hash of the previous entry, or [`genesis`] for entry 0.
    pub prev: Hash,
    /// When the log sequenced it, milliseconds since the Unix epoch; never decreases.
    pub log_time: u64,
    /// The statement's canonical bytes.
    pub statement: Vec<u8>,
    /// The author's Ed25519 signature over the statement's signing message.
    pub signature: [u8; 64],
}

/// Why stored or received bytes are not an entry.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntryError {
    /// Not the canonical CBOR of an entry.
    #[error("entry bytes are not a canonical entry: {0}")]
    Cbor(#[from] CborError),
    /// A fixed-size field has the wrong length.
    #[error("entry field {field} is {got} bytes, expected {expected}")]
    FieldLength {
        /// The field's name.
        field: &'static str,
        /// Its length.
        got: usize,
        /// The length it must have.
        expected: usize,
    },
}

impl Entry {
    /// The entry's canonical bytes (the Merkle leaf input).
    pub fn encode(&self) -> Vec<u8> {
        let wire = Wire {
            seq: self.seq,
            prev: self.prev.to_vec(),
            log_time: self.log_time,
            statement: self.statement.clone(),
            signature: self.signature.to_vec(),
        };
        cbor::encode(&wire).unwrap_or_default()
    }

    /// Decodes canonical entry bytes.
    pub fn decode(bytes: &[u8]) -> Result<Entry, EntryError> {
        let w: Wire = cbor::decode_canonical(bytes)?;
        let len_err = |field, got, expected| EntryError::FieldLength { field, got, expected };
        let prev: Hash = w.prev.as_slice().try_into().map_err(|_| len_err("prev", w.prev.len(), 32))?;
        let signature: [u8; 64] =
            w.signature.as_slice().try_into().map_err(|_| len_err("signature", w.signature.len(), 64))?;
        Ok(Entry { seq: w.seq, prev, log_time: w.log_time, statement: w.statement, signature })
    }
}

/// The entry hash of canonical entry bytes: SHA-256(0x00 ‖ bytes), the RFC 6962 leaf hash.
pub fn entry_hash(entry_bytes: &[u8]) -> Hash {
    leaf_hash(entry_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex32(s: &str) -> Hash {
        let mut out = [0u8; 32];
        for (i, o) in out.iter_mut().enumerate() {
            *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    #[test]
    fn genesis_is_the_documented_value() {
        // printf 'heard/v1/genesis' | sha256sum
        assert_eq!(genesis(), hex32("faf239ab4c535f252e351550135738fe21b3d492f8bc5fea0c6565dbf0102268"));
    }

    #[test]
    fn entry_round_trip() {
        let e = Entry { seq: 3, prev: [1; 32], log_time: 99, statement: vec![0xa0], signature: [2; 64] };
        let bytes = e.encode();
        assert_eq!(Entry::decode(&bytes).unwrap(), e);
        assert_eq!(entry_hash(&bytes), leaf_hash(&bytes));
    }

    #[test]
    fn wrong_field_length_is_refused() {
        let w = Wire { seq: 0, prev: vec![0; 31], log_time: 0, statement: vec![], signature: vec![0; 64] };
        let bytes = cbor::encode(&w).unwrap();
        assert!(matches!(Entry::decode(&bytes), Err(EntryError::FieldLength { field: "prev", .. })));
    }
}

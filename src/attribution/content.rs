//! An idea's words, kept beside the log and erasable.
//!
//! The idea statement holds `SHA-256(salt ‖ text)` with a random 32-byte salt. Text and salt
//! are kept together beside the log (the store's `texts.dat`), keyed by the idea's entry
//! hash, as the canonical CBOR map `{0: salt, 1: text}`, written and committed in the same
//! group as the entry. Withdrawal overwrites them in place; the digest in the log then links
//! to no words, and without the salt the words cannot be recovered by guessing.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::AttributionError;
use crate::log::store::Store;
use crate::protocol::Hash;
use crate::protocol::cbor;

/// An idea's text and the salt of its digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaText {
    /// 0: 32 random bytes.
    #[serde(with = "serde_bytes")]
    pub salt: Vec<u8>,
    /// 1: the words, UTF-8.
    pub text: String,
}

impl IdeaText {
    /// Text with a fresh random salt.
    pub fn new(text: impl Into<String>) -> Result<IdeaText, AttributionError> {
        let mut salt = vec![0u8; 32];
        getrandom::fill(&mut salt).map_err(|e| AttributionError::Storage(format!("no randomness: {e}")))?;
        Ok(IdeaText { salt, text: text.into() })
    }

    /// `SHA-256(salt ‖ UTF-8 text)`: what the idea statement carries.
    pub fn digest(&self) -> Hash {
        let mut h = Sha256::new();
        h.update(&self.salt);
        h.update(self.text.as_bytes());
        h.finalize().into()
    }
}

/// An idea's text and salt as the store keeps them beside its entry.
pub fn encode(text: &IdeaText) -> Result<Vec<u8>, AttributionError> {
    cbor::encode(text).map_err(|e| AttributionError::Storage(e.to_string()))
}

/// An idea's text and salt from the bytes the store keeps beside the entry (canonical CBOR only).
pub fn decode(bytes: &[u8]) -> Result<IdeaText, AttributionError> {
    cbor::decode_canonical(bytes).map_err(|e| AttributionError::Storage(format!("stored idea text is unreadable: {e}")))
}

/// Stores an idea's text under its entry hash, after the entry was committed without it
/// (durable when this returns).
pub fn put(store: &Store, entry_hash: &Hash, text: &IdeaText) -> Result<(), AttributionError> {
    store.content_put(entry_hash, &encode(text)?).map_err(AttributionError::from)
}

/// The text stored for an idea's entry hash, if any.
pub fn get(store: &dyn crate::log::reads::Reads, entry_hash: &Hash) -> Result<Option<IdeaText>, AttributionError> {
    match store.side(entry_hash)? {
        None => Ok(None),
        Some(b) => decode(&b).map(Some),
    }
}

/// Erases an idea's text and salt (durable when this returns).
pub fn erase(store: &Store, entry_hash: &Hash) -> Result<(), AttributionError> {
    store.content_remove(entry_hash).map_err(AttributionError::from)
}

//! A payment's amount, kept beside the log like an idea's words (docs/PROTOCOL.md §21).
//!
//! An `acknowledge` statement of the current form carries no amount: its `payment` field
//! (key 6) is `SHA-256("heard/v1/payment\n" ‖ salt (32) ‖ amount (8 bytes, big-endian) ‖
//! currency (3 ASCII capitals))` with a random 32-byte salt. Salt, amount and currency are
//! kept beside the log (the store's `texts.dat`) under the acknowledgement's **entry hash**,
//! as the canonical CBOR map `{0: salt, 1: amount, 2: currency}`, written and committed in
//! the same group as the entry. Only the contributor (by their key) and the organisation that
//! made the payment are shown it; with the salt they can recompute the digest.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::AttributionError;
use crate::log::store::Store;
use crate::protocol::Hash;
use crate::protocol::cbor;

/// The domain-separation prefix of a payment digest (17 ASCII bytes).
pub const PAYMENT_PREFIX: &[u8] = b"heard/v1/payment\n";

/// The salt's length in bytes.
pub const SALT_BYTES: usize = 32;

/// A payment's amount and currency with the salt of its digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// 0: 32 random bytes.
    #[serde(with = "serde_bytes")]
    pub salt: Vec<u8>,
    /// 1: amount in minor units (pence, cents).
    pub amount: u64,
    /// 2: ISO 4217 currency code, three capital letters.
    pub currency: String,
}

/// Why a payment beside an acknowledgement was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaymentError {
    /// The acknowledgement carries a payment digest but no amount was sent with it.
    #[error("this acknowledgement carries a payment digest: send its amount, currency and salt with it")]
    Required,
    /// An amount was sent with a statement that has no payment digest.
    #[error("only an acknowledgement with a payment digest carries an amount beside it")]
    Unexpected,
    /// The salt, amount and currency do not give the digest in the statement.
    #[error("the amount, currency and salt do not match the acknowledgement's payment digest")]
    Mismatch,
    /// The salt is not 32 bytes or the currency not three capital letters.
    #[error("{0}")]
    Malformed(&'static str),
    /// No `acknowledge` entry has this seq.
    #[error("no acknowledgement is at this entry of the log")]
    UnknownAcknowledgement,
    /// The acknowledgement records no amount.
    #[error("this acknowledgement records no amount")]
    NoPayment,
    /// The key is neither a contributor of the ideas acknowledged (contributor request) nor
    /// a key of the organisation that made the acknowledgement (organisation request).
    #[error("{0}")]
    NotYours(&'static str),
    /// The key was revoked or replaced.
    #[error("this key was replaced or revoked; ask with your current key")]
    KeyInactive,
}

impl PaymentError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            PaymentError::Required => "payment_required",
            PaymentError::Unexpected => "unexpected_payment",
            PaymentError::Mismatch => "payment_mismatch",
            PaymentError::Malformed(_) => "malformed_payment",
            PaymentError::UnknownAcknowledgement => "unknown_acknowledgement",
            PaymentError::NoPayment => "no_payment",
            PaymentError::NotYours(_) => "not_your_payment",
            PaymentError::KeyInactive => "key_revoked",
        }
    }
}

/// Whether `c` is a currency code as an acknowledgement writes it: three ASCII capitals.
pub fn is_currency(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|x| x.is_ascii_uppercase())
}

impl Payment {
    /// An amount and currency with a fresh random salt.
    pub fn new(amount: u64, currency: impl Into<String>) -> Result<Payment, AttributionError> {
        let mut salt = vec![0u8; SALT_BYTES];
        getrandom::fill(&mut salt).map_err(|e| AttributionError::Storage(format!("no randomness: {e}")))?;
        let p = Payment { salt, amount, currency: currency.into() };
        p.check().map_err(|e| AttributionError::MalformedBody(e.to_string()))?;
        Ok(p)
    }

    /// Checks the salt's length and the currency's shape.
    pub fn check(&self) -> Result<(), PaymentError> {
        if self.salt.len() != SALT_BYTES {
            return Err(PaymentError::Malformed("a payment's salt is 32 bytes"));
        }
        if !is_currency(&self.currency) {
            return Err(PaymentError::Malformed("the currency is a three-letter ISO 4217 code"));
        }
        Ok(())
    }

    /// `SHA-256("heard/v1/payment\n" ‖ salt ‖ amount (8, big-endian) ‖ currency)`: what
    /// the acknowledgement carries as `payment`.
    pub fn digest(&self) -> Hash {
        let mut h = Sha256::new();
        h.update(PAYMENT_PREFIX);
        h.update(&self.salt);
        h.update(self.amount.to_be_bytes());
        h.update(self.currency.as_bytes());
        h.finalize().into()
    }

    /// The amount in plain figures, e.g. `25.00 GBP` (two minor digits).
    pub fn shown(&self) -> String {
        shown(self.amount, &self.currency)
    }
}

/// An amount in minor units with its currency, e.g. `25.00 GBP`.
pub fn shown(amount: u64, currency: &str) -> String {
    format!("{}.{:02} {currency}", amount / 100, amount % 100)
}

/// A payment as the store keeps it beside its acknowledgement's entry.
pub fn encode(p: &Payment) -> Result<Vec<u8>, AttributionError> {
    cbor::encode(p).map_err(|e| AttributionError::Storage(e.to_string()))
}

/// The payment stored for an acknowledgement's entry hash, if any.
pub fn get(store: &dyn crate::log::reads::Reads, entry_hash: &Hash) -> Result<Option<Payment>, AttributionError> {
    match store.side(entry_hash)? {
        None => Ok(None),
        Some(b) => decode(&b).map(Some),
    }
}

/// A payment from the bytes the store keeps beside the entry (canonical CBOR only).
pub fn decode(bytes: &[u8]) -> Result<Payment, AttributionError> {
    cbor::decode_canonical(bytes).map_err(|e| AttributionError::Storage(format!("a stored payment is unreadable: {e}")))
}

/// Stores a payment under its acknowledgement's entry hash, after the entry was committed
/// without it (durable when this returns).
pub fn put(store: &Store, entry_hash: &Hash, p: &Payment) -> Result<(), AttributionError> {
    store.content_put(entry_hash, &encode(p)?).map_err(AttributionError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of docs/PROTOCOL.md §21, computed independently there with `sha256sum`.
    #[test]
    fn the_digest_is_the_documented_one() {
        let p = Payment { salt: (0u8..32).collect(), amount: 2500, currency: "GBP".into() };
        assert_eq!(hex::encode(p.digest()), "61423b3bef36dad9997abe5478e11b10a0377123a4a8cab5c1ed0094087ebf2c");
        // The stored value: {0: h'00..1f', 1: 2500, 2: "GBP"}.
        let mut want = vec![0xa3, 0x00, 0x58, 0x20];
        want.extend(0u8..32);
        want.extend_from_slice(&[0x01, 0x19, 0x09, 0xc4, 0x02, 0x63, b'G', b'B', b'P']);
        assert_eq!(encode(&p).unwrap(), want);
        assert_eq!(cbor::decode_canonical::<Payment>(&want).unwrap(), p);
    }

    #[test]
    fn bad_salts_and_currencies_are_refused() {
        assert_eq!(Payment::new(1, "gbp").unwrap_err().code(), "malformed_body");
        let p = Payment { salt: vec![0; 31], amount: 1, currency: "GBP".into() };
        assert_eq!(p.check().unwrap_err().code(), "malformed_payment");
        assert!(Payment::new(0, "EUR").unwrap().check().is_ok());
        assert_eq!(shown(2500, "GBP"), "25.00 GBP");
        assert_eq!(shown(7, "EUR"), "0.07 EUR");
    }
}

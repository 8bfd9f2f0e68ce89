//! The one place Heard reads and writes CBOR.
//!
//! `serde_cbor` is not canonical by itself, so every structure Heard signs or hashes is
//! encoded here in one deterministic form: structs as maps whose keys are the small unsigned
//! integers of their field positions (serde_cbor's "packed" format), definite lengths,
//! shortest-form integers, byte strings for bytes, no floats and no maps keyed at run time.
//! Decoding accepts only bytes whose re-encoding is byte-identical ([`decode_canonical`]), so
//! one value has exactly one byte string and therefore one hash.

use serde::{Serialize, de::DeserializeOwned};

/// Why bytes were not accepted as the canonical encoding of a value.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CborError {
    /// The input ended before the value did.
    #[error("the CBOR input ends before the value is complete")]
    Truncated,
    /// The input is not CBOR of the expected shape.
    #[error("malformed CBOR: {0}")]
    Malformed(String),
    /// The input decodes, but is not the one canonical encoding of what it decodes to.
    #[error("the CBOR is well formed but not in canonical form (re-encoding gives different bytes)")]
    NonCanonical,
}

/// Encodes a value in Heard's canonical form.
///
/// Encoding a value built from Heard's own types cannot fail; an error here is a bug in a
/// type definition (for example a map with non-string keys), reported rather than hidden.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CborError> {
    serde_cbor::ser::to_vec_packed(value).map_err(|e| CborError::Malformed(e.to_string()))
}

/// Decodes `bytes` and accepts them only if they are the canonical encoding of the result.
pub fn decode_canonical<T: Serialize + DeserializeOwned>(bytes: &[u8]) -> Result<T, CborError> {
    let value: T = serde_cbor::from_slice(bytes)
        .map_err(|e| if e.is_eof() { CborError::Truncated } else { CborError::Malformed(e.to_string()) })?;
    if encode(&value)? != bytes {
        return Err(CborError::NonCanonical);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Sample {
        a: u64,
        #[serde(with = "serde_bytes")]
        b: Vec<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        c: Option<String>,
    }

    #[test]
    fn structs_encode_with_integer_keys() {
        let s = Sample { a: 1, b: vec![0xff], c: None };
        // map(2) {0: 1, 1: h'ff'}
        assert_eq!(encode(&s).unwrap(), vec![0xa2, 0x00, 0x01, 0x01, 0x41, 0xff]);
        let s = Sample { a: 1, b: vec![], c: Some("x".into()) };
        // an absent optional field keeps the other keys' positions
        assert_eq!(encode(&s).unwrap(), vec![0xa3, 0x00, 0x01, 0x01, 0x40, 0x02, 0x61, b'x']);
    }

    #[test]
    fn canonical_bytes_round_trip() {
        let s = Sample { a: 500, b: vec![1, 2, 3], c: Some("hé".into()) };
        let bytes = encode(&s).unwrap();
        assert_eq!(decode_canonical::<Sample>(&bytes).unwrap(), s);
    }

    #[test]
    fn non_minimal_integer_is_rejected() {
        // {0: 1 written as a two-byte uint, 1: h''}
        let bytes = [0xa2, 0x00, 0x18, 0x01, 0x01, 0x40];
        assert_eq!(decode_canonical::<Sample>(&bytes), Err(CborError::NonCanonical));
    }

    #[test]
    fn reordered_keys_are_rejected() {
        let bytes = [0xa2, 0x01, 0x40, 0x00, 0x01];
        assert_eq!(decode_canonical::<Sample>(&bytes), Err(CborError::NonCanonical));
    }

    #[test]
    fn indefinite_length_is_rejected() {
        // {_ 0: 1, 1: h''} with a break
        let bytes = [0xbf, 0x00, 0x01, 0x01, 0x40, 0xff];
        assert_eq!(decode_canonical::<Sample>(&bytes), Err(CborError::NonCanonical));
    }

    #[test]
    fn string_keys_are_rejected() {
        let bytes = serde_cbor::to_vec(&Sample { a: 1, b: vec![], c: None }).unwrap();
        assert_eq!(decode_canonical::<Sample>(&bytes), Err(CborError::NonCanonical));
    }

    #[test]
    fn unknown_field_is_rejected() {
        // {0: 1, 1: h'', 7: 0}
        let bytes = [0xa3, 0x00, 0x01, 0x01, 0x40, 0x07, 0x00];
        assert_eq!(decode_canonical::<Sample>(&bytes), Err(CborError::NonCanonical));
    }

    #[test]
    fn trailing_bytes_and_truncation_are_errors() {
        let mut bytes = encode(&Sample { a: 1, b: vec![9], c: None }).unwrap();
        bytes.push(0);
        assert!(matches!(decode_canonical::<Sample>(&bytes), Err(CborError::Malformed(_))));
        bytes.truncate(bytes.len() - 2);
        assert_eq!(decode_canonical::<Sample>(&bytes), Err(CborError::Truncated));
    }
}

//! The one place Heard reads and writes CBOR.
//!
//! `serde_cbor` is not canonical by itself, so every structure Heard signs or hashes is
//! encoded here in one deterministic form: structs as maps whose keys are the small unsigned
//! integers of their field positions (serde_cbor's "packed" format), definite lengths,
//! shortest-form integers, byte strings for bytes, no floats and no maps keyed at run time.
//! Decoding accepts only bytes whose re-encoding is byte-identical ([`decode_canonical`]), so
//! one value has exactly one byte string and therefore one hash.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Serialize, Serializer, de::DeserializeOwned};

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

/// The length of the one CBOR item at the start of `bytes` (which may go on past it), or
/// `None` if no whole, well-formed item starts there. Used to walk items laid end to end.
pub fn item_len(bytes: &[u8]) -> Option<usize> {
    use serde::Deserialize as _;
    let mut de = serde_cbor::Deserializer::from_slice(bytes);
    serde::de::IgnoredAny::deserialize(&mut de).ok()?;
    Some(de.byte_offset())
}

// ---------------------------------------------------------------------------------------
// Answers: one view struct, two wire forms
// ---------------------------------------------------------------------------------------
//
// The API's views are serialised both as JSON and, with `Accept: application/cbor`, through
// [`encode`]. Fields whose JSON form has no place in canonical CBOR name one of the helpers
// below with `#[serde(serialize_with = ...)]`; each writes the JSON form for a human-readable
// serialiser (serde_json) and the CBOR form otherwise (this module's encoder is not
// human-readable). docs/PROTOCOL.md §17 states the mapping.

/// A fraction (a share, a Gini coefficient, a median) in whole millionths:
/// `round(x × 1 000 000)`, half away from zero; 0 for a value that is negative or not finite.
pub fn to_millionths(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 { (x * 1_000_000.0).round() as u64 } else { 0 }
}

/// Serialises an `f64` as a JSON number, and in CBOR as its [`to_millionths`] integer.
pub fn millionths<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() { s.serialize_f64(*x) } else { s.serialize_u64(to_millionths(*x)) }
}

/// [`millionths`] for an optional value (`null` when absent, in both forms).
pub fn opt_millionths<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => millionths(x, s),
        None => s.serialize_none(),
    }
}

/// Serialises bytes as standard base64 text in JSON and as a CBOR byte string.
pub fn base64_or_bytes<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() { s.serialize_str(&B64.encode(b)) } else { s.serialize_bytes(b) }
}

/// [`base64_or_bytes`] for an optional value (`null` when absent, in both forms).
pub fn opt_base64_or_bytes<S: Serializer>(b: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
    match b {
        Some(b) => base64_or_bytes(b, s),
        None => s.serialize_none(),
    }
}

/// [`base64_or_bytes`] for each item of a list.
pub fn base64_or_bytes_list<S: Serializer>(list: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    struct One<'a>(&'a [u8]);
    impl Serialize for One<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            base64_or_bytes(self.0, s)
        }
    }
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for b in list {
        seq.serialize_element(&One(b))?;
    }
    seq.end()
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

    #[derive(Serialize)]
    struct Answer {
        #[serde(serialize_with = "millionths")]
        share: f64,
        #[serde(serialize_with = "opt_millionths")]
        median: Option<f64>,
        #[serde(serialize_with = "base64_or_bytes")]
        bytes: Vec<u8>,
        #[serde(serialize_with = "base64_or_bytes_list")]
        list: Vec<Vec<u8>>,
    }

    #[test]
    fn answers_have_a_json_form_and_a_float_free_cbor_form() {
        let a = Answer { share: 3.0 / 7.0, median: None, bytes: vec![0xff, 0], list: vec![vec![1], vec![]] };
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"share":0.42857142857142855,"median":null,"bytes":"/wA=","list":["AQ==",""]}"#
        );
        // {0: 428571, 1: null, 2: h'ff00', 3: [h'01', h'']}
        assert_eq!(
            encode(&a).unwrap(),
            vec![
                0xa4, 0x00, 0x1a, 0x00, 0x06, 0x8a, 0x1b, 0x01, 0xf6, 0x02, 0x42, 0xff, 0x00, 0x03, 0x82, 0x41, 0x01,
                0x40
            ]
        );
        assert_eq!(to_millionths(0.5), 500_000);
        assert_eq!(to_millionths(0.0000005), 1, "half away from zero");
        assert_eq!(to_millionths(1.0), 1_000_000);
        assert_eq!(to_millionths(2.5), 2_500_000);
        assert_eq!(to_millionths(f64::NAN), 0);
        assert_eq!(to_millionths(-0.25), 0);
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

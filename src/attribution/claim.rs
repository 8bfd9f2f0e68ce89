//! Claim cards: a one-time secret a facilitator hands to a contributor without a key.
//!
//! The secret is 16 random bytes (128 bits). The idea statement carries only
//! `SHA-256("heard/v1/claim-secret\n" ‖ secret)`; the contributor's `claim` statement
//! reveals the secret once. People see it as a code: the 128 bits, most significant first,
//! padded with two zero bits to 130 and written as 26 Crockford base32 symbols
//! (`0123456789ABCDEFGHJKMNPQRSTVWXYZ`), followed by one check symbol from the same
//! alphabet, in groups of four joined by `-`. The check symbol is Luhn mod 32 over the 26
//! symbol values (docs/PROTOCOL.md, "Claim codes"), so any one mistyped symbol and most
//! swaps of neighbours are caught. When reading, case is ignored, `-` and spaces are
//! skipped, and `I`/`L` read as `1`, `O` as `0`.

use sha2::{Digest, Sha256};

use super::AttributionError;
use crate::protocol::Hash;

/// Bytes of randomness in a claim secret.
pub const SECRET_BYTES: usize = 16;

/// Domain-separation prefix hashed before the secret.
pub const CLAIM_HASH_PREFIX: &[u8] = b"heard/v1/claim-secret\n";

/// Crockford's base32 alphabet.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const SYMBOLS: usize = 26;

/// A claim card as printed for one person in one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimCard {
    /// The secret (never logged until the contributor claims).
    pub secret: [u8; SECRET_BYTES],
    /// The human-typable code, e.g. `7Q2M-...-K`.
    pub code: String,
    /// What the idea statement carries.
    pub hash: Hash,
}

impl ClaimCard {
    /// A new card with a secret from the operating system's random source.
    pub fn generate() -> Result<ClaimCard, AttributionError> {
        let mut secret = [0u8; SECRET_BYTES];
        getrandom::fill(&mut secret).map_err(|e| AttributionError::Storage(format!("no randomness: {e}")))?;
        Ok(ClaimCard::from_secret(secret))
    }

    /// The card for a known secret.
    pub fn from_secret(secret: [u8; SECRET_BYTES]) -> ClaimCard {
        ClaimCard { code: encode_code(&secret), hash: claim_hash(&secret), secret }
    }

    /// The QR-ready URL: `<base>/claim?code=<code>` (the code needs no percent-encoding).
    pub fn url(&self, base: &str) -> String {
        format!("{}/claim?code={}", base.trim_end_matches('/'), self.code)
    }
}

/// `SHA-256("heard/v1/claim-secret\n" ‖ secret)`.
pub fn claim_hash(secret: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update(CLAIM_HASH_PREFIX);
    h.update(secret);
    h.finalize().into()
}

fn luhn32(values: &[u8]) -> u8 {
    // Luhn mod N (N = 32) computed from the rightmost symbol, doubling every second one
    // starting with the rightmost, as for generating a check symbol.
    let mut sum = 0u32;
    let mut double = true;
    for &v in values.iter().rev() {
        let mut a = u32::from(v);
        if double {
            a *= 2;
            a = a / 32 + a % 32;
        }
        sum += a;
        double = !double;
    }
    ((32 - sum % 32) % 32) as u8
}

/// The code for a secret: 26 symbols + 1 check symbol, in groups of four.
pub fn encode_code(secret: &[u8; SECRET_BYTES]) -> String {
    let n = u128::from_be_bytes(*secret);
    let mut values = Vec::with_capacity(SYMBOLS + 1);
    for i in 0..SYMBOLS {
        // 130 bits: the secret shifted left by two; symbol i takes bits [125 - 5i, 130 - 5i).
        let shift = 130 - 5 * (i as i32 + 1) - 2;
        let v = if shift >= 0 { (n >> shift) & 31 } else { (n << (-shift)) & 31 };
        values.push(v as u8);
    }
    values.push(luhn32(&values));
    let symbols: Vec<char> = values.iter().map(|&v| ALPHABET[v as usize] as char).collect();
    symbols.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Reads a code as typed by a person and returns the secret, or `bad_claim_code`.
pub fn decode_code(code: &str) -> Result<[u8; SECRET_BYTES], AttributionError> {
    let bad = |why: &str| AttributionError::BadClaimCode(why.to_string());
    let mut values = Vec::with_capacity(SYMBOLS + 1);
    for c in code.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        };
        let v = ALPHABET
            .iter()
            .position(|&a| a as char == c)
            .ok_or_else(|| bad("the code has a symbol that is not on cards"))?;
        values.push(v as u8);
    }
    if values.len() != SYMBOLS + 1 {
        return Err(bad("a claim code has 27 symbols"));
    }
    let check = values.pop().unwrap_or_default();
    if luhn32(&values) != check {
        return Err(bad("the code's check symbol does not match: a symbol is mistyped"));
    }
    let mut n: u128 = 0;
    for (i, &v) in values.iter().enumerate() {
        if i + 1 == SYMBOLS {
            if v & 0b11 != 0 {
                return Err(bad("the code's last symbol is not one a card can hold"));
            }
            n = (n << 3) | u128::from(v >> 2);
        } else {
            n = (n << 5) | u128::from(v);
        }
    }
    Ok(n.to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_catch_typos() {
        for seed in 0u8..40 {
            let secret = [seed.wrapping_mul(37); 16];
            let card = ClaimCard::from_secret(secret);
            assert_eq!(card.code.len(), 27 + 6);
            assert_eq!(decode_code(&card.code).unwrap(), secret);
            assert_eq!(decode_code(&card.code.to_lowercase().replace('-', " ")).unwrap(), secret);
            let mut chars: Vec<char> = card.code.chars().collect();
            chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
            let typo: String = chars.into_iter().collect();
            assert_eq!(decode_code(&typo).unwrap_err().code(), "bad_claim_code");
        }
        let max = ClaimCard::from_secret([0xff; 16]);
        assert_eq!(decode_code(&max.code).unwrap(), [0xff; 16]);
        assert!(max.url("https://heard.example/").ends_with(&format!("/claim?code={}", max.code)));
    }
}

//! Bloom filters, so that looking up a key the store does not hold (a new statement's hash,
//! a new key's domain row) usually needs no read at all.
//!
//! A filter answers "maybe" for every key inserted and, for a key never inserted, "no" with
//! probability about 99 % at its capacity ([`BITS_PER_KEY`] bits and [`PROBES`] probes a
//! key). A "maybe" is then settled by the real lookup, so a false "maybe" costs only the read
//! the filter would have saved. Each run file of the hash indexes and of the domain rows has
//! one per section, built as the run is written or checked on open, and kept in memory.

use std::sync::atomic::{AtomicU64, Ordering};

/// Bits per key at capacity.
pub(super) const BITS_PER_KEY: u64 = 10;
/// Probes per key (about `BITS_PER_KEY · ln 2`).
const PROBES: u64 = 7;

/// A fixed-size Bloom filter over 64-bit key hashes. Inserts and queries may run at once
/// from any threads; an insert that returned is seen by every later query.
pub(super) struct Bloom {
    words: Box<[AtomicU64]>,
    bits: u64,
}

impl Bloom {
    /// A filter sized for `keys` keys (at least 64).
    pub(super) fn with_capacity(keys: u64) -> Bloom {
        let bits = keys.max(64).saturating_mul(BITS_PER_KEY).next_multiple_of(64);
        Bloom { words: (0..bits / 64).map(|_| AtomicU64::new(0)).collect(), bits }
    }

    /// The bit positions of a key hash (Kirsch–Mitzenmacher double hashing with its halves).
    fn positions(&self, h: u64) -> impl Iterator<Item = u64> + '_ {
        let (a, b) = (h & 0xffff_ffff, (h >> 32) | 1);
        (0..PROBES).map(move |i| a.wrapping_add(i.wrapping_mul(b)) % self.bits)
    }

    pub(super) fn insert(&self, h: u64) {
        for p in self.positions(h) {
            self.words[(p / 64) as usize].fetch_or(1 << (p % 64), Ordering::Release);
        }
    }

    /// False only if `h` was never inserted.
    pub(super) fn may_contain(&self, h: u64) -> bool {
        self.positions(h).all(|p| self.words[(p / 64) as usize].load(Ordering::Acquire) & (1 << (p % 64)) != 0)
    }
}

/// The big-endian 64 bits at byte `at` (at most 24) of a hash: the hash indexes' fence
/// keys and filter bits, and the domain runs' key hashes.
pub(super) fn hash_u64(h: &[u8; 32], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&h[at..at + 8]);
    u64::from_be_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_inserted_hash_is_found_and_most_others_are_not() {
        let b = Bloom::with_capacity(10_000);
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let ins: Vec<u64> = (0..10_000).map(|_| next()).collect();
        for h in &ins {
            b.insert(*h);
        }
        assert!(ins.iter().all(|h| b.may_contain(*h)));
        let false_maybe = (0..100_000).filter(|_| b.may_contain(next())).count();
        // About 0.8 % at capacity with 10 bits and 7 probes; 2 % leaves room for chance.
        assert!(false_maybe < 2_000, "{false_maybe} of 100000 absent hashes answered maybe");
        assert!(false_maybe > 0, "a full filter must answer maybe for some absent hashes");
    }
}

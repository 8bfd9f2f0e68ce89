//! Bloom filters, so that looking up a key the store does not hold (a new statement's hash,
//! a new key's domain row) usually needs no read at all.
//!
//! A filter answers "maybe" for every key inserted and, for a key never inserted, "no" with
//! probability about 99 % at its capacity ([`BITS_PER_KEY`] bits and [`PROBES`] probes a
//! key). A "maybe" is then settled by the real lookup, so a false "maybe" costs only the read
//! the filter would have saved. The hash indexes' filters are rebuilt whenever their runs are
//! read; the domain rows' [`KeyFilter`] is saved at a clean close and loaded on open when it
//! describes the log as it is (see `Store::open`), and otherwise rebuilt by reading every key.
//!
//! [`KeyFilter::to_bytes`] (all integers big-endian): the number of layers (8), then for each
//! layer its capacity in keys (8), the keys inserted into it (8), its number of 64-bit words
//! `w` (8) and the `w` words.

use std::sync::RwLock;
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

    /// Bytes of memory the bits take.
    #[cfg(test)]
    pub(super) fn bytes(&self) -> u64 {
        self.bits / 8
    }
}

/// A filter of byte-string keys that grows as keys are added: when the newest layer holds
/// its capacity, a layer twice as large is added, so the "no" rate stays near 99 % however
/// many keys come. A key's hash is the first 8 bytes of its SHA-256, fixed so that the
/// filter can be saved; someone who picks keys to share bits gains only the reads the
/// filter would have saved.
pub(super) struct KeyFilter {
    /// (filter, its capacity, keys inserted into it).
    layers: RwLock<Vec<(Bloom, u64, AtomicU64)>>,
}

fn key_hash(key: &[u8]) -> u64 {
    use sha2::{Digest, Sha256};
    hash_u64(&Sha256::digest(key).into(), 0)
}

/// The big-endian 64 bits at byte `at` (at most 24) of a hash: the hash indexes' fence
/// keys and filter bits, and [`KeyFilter`]'s key hashes.
pub(super) fn hash_u64(h: &[u8; 32], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&h[at..at + 8]);
    u64::from_be_bytes(b)
}

impl KeyFilter {
    /// An empty filter with room for `room` keys before it first grows.
    pub(super) fn new(room: u64) -> KeyFilter {
        let cap = room.max(1024);
        KeyFilter { layers: RwLock::new(vec![(Bloom::with_capacity(cap), cap, AtomicU64::new(0))]) }
    }

    /// The filter as bytes (the layout is in the module's documentation).
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        let layers = self.layers.read().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        out.extend_from_slice(&(layers.len() as u64).to_be_bytes());
        for (bloom, cap, n) in layers.iter() {
            for v in [*cap, n.load(Ordering::Acquire), bloom.words.len() as u64] {
                out.extend_from_slice(&v.to_be_bytes());
            }
            for w in &bloom.words {
                out.extend_from_slice(&w.load(Ordering::Acquire).to_be_bytes());
            }
        }
        out
    }

    /// A filter from [`KeyFilter::to_bytes`], or `None` if `b` is not one.
    pub(super) fn from_bytes(b: &[u8]) -> Option<KeyFilter> {
        let mut rest = b;
        let mut next = || {
            let (v, tail) = rest.split_first_chunk::<8>()?;
            rest = tail;
            Some(u64::from_be_bytes(*v))
        };
        let count = next()?;
        let mut layers = Vec::new();
        for _ in 0..count.min(64) {
            let (cap, n, words) = (next()?, next()?, next()?);
            if words == 0 || words > (b.len() / 8) as u64 {
                return None;
            }
            let words: Box<[AtomicU64]> = (0..words).map(|_| next().map(AtomicU64::new)).collect::<Option<_>>()?;
            let bits = words.len() as u64 * 64;
            layers.push((Bloom { words, bits }, cap, AtomicU64::new(n)));
        }
        (rest.is_empty() && !layers.is_empty() && layers.len() as u64 == count)
            .then(|| KeyFilter { layers: RwLock::new(layers) })
    }

    pub(super) fn insert(&self, key: &[u8]) {
        let h = key_hash(key);
        {
            let layers = self.layers.read().unwrap_or_else(|e| e.into_inner());
            if let Some((bloom, cap, n)) = layers.last()
                && n.fetch_add(1, Ordering::AcqRel) < *cap
            {
                bloom.insert(h);
                return;
            }
        }
        let mut layers = self.layers.write().unwrap_or_else(|e| e.into_inner());
        let full = layers.last().is_none_or(|(_, cap, n)| n.load(Ordering::Acquire) >= *cap);
        if full {
            let cap = layers.last().map_or(1024, |(_, cap, _)| cap.saturating_mul(2));
            layers.push((Bloom::with_capacity(cap), cap, AtomicU64::new(0)));
        }
        if let Some((bloom, _, n)) = layers.last() {
            n.fetch_add(1, Ordering::AcqRel);
            bloom.insert(h);
        }
    }

    /// False only if `key` was never inserted.
    pub(super) fn may_contain(&self, key: &[u8]) -> bool {
        let h = key_hash(key);
        self.layers.read().unwrap_or_else(|e| e.into_inner()).iter().any(|(b, _, _)| b.may_contain(h))
    }

    /// Bytes of memory the filter takes.
    #[cfg(test)]
    pub(super) fn bytes(&self) -> u64 {
        self.layers.read().unwrap_or_else(|e| e.into_inner()).iter().map(|(b, _, _)| b.bytes()).sum()
    }
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

    #[test]
    fn the_key_filter_grows_and_keeps_every_key() {
        let start: Vec<Vec<u8>> = (0u32..500).map(|i| format!("K{i}").into_bytes()).collect();
        let f = KeyFilter::new(0);
        for k in &start {
            f.insert(k);
        }
        let before = f.bytes();
        let more: Vec<Vec<u8>> = (0u32..20_000).map(|i| format!("I{i}").into_bytes()).collect();
        for k in &more {
            f.insert(k);
        }
        assert!(f.bytes() > before, "the filter grew");
        assert!(start.iter().chain(&more).all(|k| f.may_contain(k)));
        let false_maybe = (0u32..20_000).filter(|i| f.may_contain(format!("X{i}").as_bytes())).count();
        assert!(false_maybe < 1_000, "{false_maybe} of 20000 absent keys answered maybe");
        let back = KeyFilter::from_bytes(&f.to_bytes()).expect("its own bytes");
        assert_eq!(back.to_bytes(), f.to_bytes());
        assert!(start.iter().chain(&more).all(|k| back.may_contain(k)));
        let bytes = f.to_bytes();
        assert!(KeyFilter::from_bytes(&bytes[..bytes.len() - 1]).is_none(), "cut short");
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(KeyFilter::from_bytes(&longer).is_none(), "bytes left over");
        assert!(KeyFilter::from_bytes(&[0; 8]).is_none(), "no layers");
    }
}

//! The committed Merkle nodes the log keeps in memory, so that proofs rarely read a file.

use super::*;

/// Merkle nodes at this level and above are kept in memory as well as in the store, so a
/// proof costs at most this many store reads (the levels below) plus memory lookups.
/// About n/2 hashes (16 MiB at a million entries); measured in docs/PERFORMANCE.md.
pub(super) const CACHED_LEVEL: u8 = 2;

/// The newest nodes kept of level 0 (leaves); level `l` < [`CACHED_LEVEL`] keeps this many
/// shifted right by `l`. A new entry's receipt needs its proof's lowest nodes, which are then
/// among these: no file read (3 MiB).
pub(super) const RECENT_LEAVES: usize = 1 << 16;

/// Committed Merkle nodes in memory.
pub(super) struct MemNodes {
    /// Every node at levels ≥ [`CACHED_LEVEL`]: `upper[l - CACHED_LEVEL][i]`.
    pub(super) upper: Vec<Vec<Hash>>,
    /// For each level below [`CACHED_LEVEL`], the index of the oldest node kept and the most
    /// recent nodes from it on.
    pub(super) recent: Vec<(u64, VecDeque<Hash>)>,
}

impl MemNodes {
    pub(super) fn new(upper: Vec<Vec<Hash>>, size: u64) -> Self {
        let recent = (0..CACHED_LEVEL).map(|l| (size >> l, VecDeque::new())).collect();
        MemNodes { upper, recent }
    }

    pub(super) fn get(&self, level: u8, index: u64) -> Option<Hash> {
        if level >= CACHED_LEVEL {
            return self.upper.get(usize::from(level - CACHED_LEVEL))?.get(index as usize).copied();
        }
        let (start, hashes) = self.recent.get(usize::from(level))?;
        hashes.get(usize::try_from(index.checked_sub(*start)?).ok()?).copied()
    }

    /// Adds a newly committed node; the nodes of a level complete in index order.
    pub(super) fn push(&mut self, level: u8, index: u64, node: Hash) {
        if level >= CACHED_LEVEL {
            let l = usize::from(level - CACHED_LEVEL);
            if self.upper.len() <= l {
                self.upper.resize(l + 1, Vec::new());
            }
            debug_assert_eq!(self.upper[l].len() as u64, index);
            self.upper[l].push(node);
        } else if let Some((start, hashes)) = self.recent.get_mut(usize::from(level)) {
            debug_assert_eq!(*start + hashes.len() as u64, index);
            hashes.push_back(node);
            if hashes.len() > RECENT_LEAVES >> level {
                hashes.pop_front();
                *start += 1;
            }
        }
    }
}

/// Reads the stored nodes at levels ≥ [`CACHED_LEVEL`] of a tree of `size` leaves.
pub(super) fn load_upper(store: &Store, size: u64) -> Result<Vec<Vec<Hash>>, StoreError> {
    let upper = store.nodes_from_level(CACHED_LEVEL)?;
    for (l, nodes) in upper.iter().enumerate() {
        if nodes.len() as u64 != size >> (l + usize::from(CACHED_LEVEL)) {
            return Err(StoreError::Corrupt(format!(
                "level {} of the Merkle tree is incomplete",
                l + usize::from(CACHED_LEVEL)
            )));
        }
    }
    Ok(upper)
}

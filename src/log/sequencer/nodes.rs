//! The committed Merkle nodes the log keeps in memory, so that proofs rarely read a file and
//! open reads no more of the tree than its frontier.
//!
//! Nothing is loaded at open but the frontier (the roots of the tree's complete subtrees,
//! O(log n) nodes, which the log reads anyway to check its checkpoint). From there:
//!
//! * the nodes at levels ≥ [`KEPT_LEVEL`] are kept once read from the store, and each new
//!   one as its entries complete it: a proof reads each of them from the file at most once
//!   while the log is open;
//! * below that level, the newest nodes are kept ([`RECENT_LEAVES`]), so that a new entry's
//!   receipt reads no file; any other node below it is read from `hashes.dat` when a proof
//!   needs it.

use super::*;

/// Merkle nodes at this level and above are kept in memory once read or made. A tree of `n`
/// leaves has about n/128 of them (33 bytes each in memory: 0.26 bytes an entry, 0.8 MiB at
/// 3M entries, 26 MiB at 100M). A proof reads at most this many nodes from the file, one a
/// level below it; those of one proof lie within 16 KiB of `hashes.dat` (a subtree of 256
/// leaves is 511 nodes stored together), so a few pages at most.
pub(super) const KEPT_LEVEL: u8 = 8;

/// The newest nodes kept of level 0 (leaves); level `l` < [`KEPT_LEVEL`] keeps this many
/// shifted right by `l`. A new entry's receipt needs its proof's lowest nodes, which are then
/// among these or the frontier's: no file read (4 MiB at most).
pub(super) const RECENT_LEAVES: usize = 1 << 16;

/// Committed Merkle nodes in memory.
pub(super) struct MemNodes {
    /// The nodes at levels ≥ [`KEPT_LEVEL`] read or made so far: `kept[l - KEPT_LEVEL][i]`,
    /// `None` for one not yet read.
    kept: Vec<Vec<Option<Hash>>>,
    /// For each level below [`KEPT_LEVEL`], the index of the oldest node kept and the most
    /// recent nodes from it on.
    recent: Vec<(u64, VecDeque<Hash>)>,
}

impl MemNodes {
    /// The nodes of a tree of `size` leaves whose frontier is `frontier` (the nodes of
    /// [`Frontier::nodes`], largest first): those nodes alone.
    pub(super) fn new(size: u64, frontier: &[(u8, Hash)]) -> Self {
        let recent = (0..KEPT_LEVEL).map(|l| (size >> l, VecDeque::new())).collect();
        let mut mem = MemNodes { kept: Vec::new(), recent };
        let mut covered = 0u64;
        for &(level, node) in frontier {
            let index = covered >> level;
            covered = covered.saturating_add(1u64.checked_shl(u32::from(level)).unwrap_or(0));
            if level >= KEPT_LEVEL {
                mem.keep(level, index, node);
            } else if let Some((start, hashes)) = mem.recent.get_mut(usize::from(level))
                && *start == index + 1
                && hashes.is_empty()
            {
                // The last complete node of its level: the window starts one earlier.
                *start = index;
                hashes.push_back(node);
            }
        }
        mem
    }

    pub(super) fn get(&self, level: u8, index: u64) -> Option<Hash> {
        if level >= KEPT_LEVEL {
            let kept = self.kept.get(usize::from(level - KEPT_LEVEL))?;
            return *kept.get(usize::try_from(index).ok()?)?;
        }
        let (start, hashes) = self.recent.get(usize::from(level))?;
        hashes.get(usize::try_from(index.checked_sub(*start)?).ok()?).copied()
    }

    /// Keeps a committed node (read from the store, or new), if its level is kept.
    pub(super) fn keep(&mut self, level: u8, index: u64, node: Hash) {
        if level < KEPT_LEVEL {
            return;
        }
        let (l, Ok(i)) = (usize::from(level - KEPT_LEVEL), usize::try_from(index)) else { return };
        if self.kept.len() <= l {
            self.kept.resize_with(l + 1, Vec::new);
        }
        let nodes = &mut self.kept[l];
        if nodes.len() <= i {
            nodes.resize(i + 1, None);
        }
        nodes[i] = Some(node);
    }

    /// Adds a newly committed node; the nodes of a level complete in index order.
    pub(super) fn push(&mut self, level: u8, index: u64, node: Hash) {
        if level >= KEPT_LEVEL {
            self.keep(level, index, node);
        } else if let Some((start, hashes)) = self.recent.get_mut(usize::from(level)) {
            debug_assert_eq!(*start + hashes.len() as u64, index);
            hashes.push_back(node);
            if hashes.len() > RECENT_LEAVES >> level {
                hashes.pop_front();
                *start += 1;
            }
        }
    }

    /// How many nodes are held at the kept levels (read or made), for tests.
    #[cfg(test)]
    pub(super) fn kept_count(&self) -> usize {
        self.kept.iter().flatten().filter(|n| n.is_some()).count()
    }
}

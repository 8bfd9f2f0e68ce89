//! RFC 6962 Merkle tree hashing, stored-node model and RFC 9162 proofs.
//!
//! # Hashing (RFC 6962 §2.1)
//!
//! * empty tree: `SHA-256("")`
//! * leaf: `SHA-256(0x00 || data)`
//! * interior node: `SHA-256(0x01 || left || right)`
//!
//! For `n > 1` leaves the left subtree holds the largest power of two strictly
//! smaller than `n` leaves.
//!
//! # Stored nodes
//!
//! The storage model is the one of Go's `golang.org/x/mod/sumdb/tlog`: the
//! stored node at `(level L, index k)` is the hash of the complete (perfect)
//! subtree covering leaves `[k * 2^L, (k + 1) * 2^L)`. Level 0 holds the leaf
//! hashes. Only complete subtrees are ever stored, so a node never changes
//! once written. The hash of any other subtree (at the right edge of a tree
//! whose size is not a power of two) is computed from `O(log n)` stored nodes.
//!
//! This module does no I/O: functions that need stored nodes take a closure
//! `get(level, index) -> Result<Hash, E>`, and any error it returns is passed
//! back unchanged ([`ProofError::Store`] for the proof generators, `E` itself
//! elsewhere).
//!
//! # Proofs (RFC 9162 §2.1.3, §2.1.4)
//!
//! [`inclusion_proof`] and [`consistency_proof`] produce exactly the RFC 9162
//! audit path and consistency proof; [`verify_inclusion`] and
//! [`verify_consistency`] implement the verification algorithms of RFC 9162
//! §2.1.3.2 and §2.1.4.2, with the proof length checked up front so that a
//! proof with too few or too many hashes is reported as
//! [`MerkleError::WrongProofLength`].

use sha2::{Digest, Sha256};

/// A SHA-256 hash: a leaf hash, an interior node hash or a tree root.
pub type Hash = [u8; 32];

/// Why a proof could not be produced or did not verify.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum MerkleError {
    /// The position or sizes are not valid for the request: a leaf index not
    /// below the tree size, an old size of 0 or above the new size for a
    /// consistency proof, or a tree that cannot grow any more.
    ///
    /// For inclusion, `index` is the leaf index and `size` the tree size; for
    /// consistency, `index` is the old size and `size` the new size.
    #[error("{index} is out of range for tree size {size}")]
    OutOfRange {
        /// The leaf index (inclusion) or old tree size (consistency).
        index: u64,
        /// The tree size (inclusion) or new tree size (consistency).
        size: u64,
    },
    /// The proof has the wrong number of hashes for this index and size.
    #[error("wrong proof length: expected {expected} hashes, got {got}")]
    WrongProofLength {
        /// The number of hashes a valid proof has for these parameters.
        expected: usize,
        /// The number of hashes given.
        got: usize,
    },
    /// The root recomputed from the proof differs from the expected root.
    #[error("recomputed root does not match")]
    RootMismatch,
}

impl MerkleError {
    /// A stable snake_case code for this error: `"out_of_range"`,
    /// `"wrong_proof_length"` or `"root_mismatch"`.
    pub fn code(&self) -> &'static str {
        match self {
            MerkleError::OutOfRange { .. } => "out_of_range",
            MerkleError::WrongProofLength { .. } => "wrong_proof_length",
            MerkleError::RootMismatch => "root_mismatch",
        }
    }
}

/// Error of the proof generators: either the request itself is invalid
/// ([`ProofError::Merkle`], always [`MerkleError::OutOfRange`]) or the storage
/// closure failed ([`ProofError::Store`], carrying its error unchanged).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProofError<E> {
    /// The request is invalid for the given sizes.
    #[error(transparent)]
    Merkle(#[from] MerkleError),
    /// Reading a stored node failed.
    #[error("reading a stored node failed: {0}")]
    Store(#[source] E),
}

impl<E> ProofError<E> {
    /// A stable snake_case code: the [`MerkleError::code`] of a
    /// [`ProofError::Merkle`], or `"store"` for [`ProofError::Store`].
    pub fn code(&self) -> &'static str {
        match self {
            ProofError::Merkle(e) => e.code(),
            ProofError::Store(_) => "store",
        }
    }
}

/// The root of the empty tree: `SHA-256("")`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The hash of a leaf: `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

/// The hash of an interior node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The number of stored nodes at `level` in a tree of `size` leaves, that is
/// `size >> level` (0 for levels of 64 and above). Stored nodes at that level
/// have indexes `0..stored_node_count(level, size)`; useful for tile exporters.
pub fn stored_node_count(level: u8, size: u64) -> u64 {
    size.checked_shr(u32::from(level)).unwrap_or(0)
}

/// The right edge of the tree: the roots of the complete subtrees that make
/// up a tree of `size` leaves, largest (leftmost) first. At most 64 entries.
/// Appending needs no storage reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frontier {
    /// Number of leaves in the tree.
    size: u64,
    /// `(level, hash)` of each complete subtree on the right edge; levels are
    /// strictly decreasing and are exactly the set bits of `size`.
    stack: Vec<(u8, Hash)>,
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of leaves in the tree.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The `(level, hash)` of each complete subtree on the right edge,
    /// largest (leftmost) first. The subtree at level `L` is the stored node
    /// `(L, k)` where `k * 2^L` is the total size of the subtrees before it.
    pub fn nodes(&self) -> &[(u8, Hash)] {
        &self.stack
    }

    /// Rebuilds the frontier for a tree of `size` leaves from stored nodes
    /// (one call to `get` per set bit of `size`, so at most 64). Errors of
    /// `get` are returned unchanged.
    pub fn from_store<E>(size: u64, mut get: impl FnMut(u8, u64) -> Result<Hash, E>) -> Result<Self, E> {
        let mut stack = Vec::with_capacity(size.count_ones() as usize);
        let mut covered: u64 = 0;
        for level in (0..64u8).rev() {
            let width = 1u64 << level;
            if size & width != 0 {
                stack.push((level, get(level, covered >> level)?));
                // `covered + width <= size`, so this cannot overflow.
                covered += width;
            }
        }
        Ok(Frontier { size, stack })
    }

    /// Appends one leaf (given its leaf hash) and returns every stored node
    /// that now becomes complete, as `(level, index, hash)`: always
    /// `(0, old_size, leaf)` first, then each parent completed by it, lowest
    /// level first.
    ///
    /// A tree of `u64::MAX` leaves cannot grow: appending to it leaves the
    /// frontier unchanged and returns an empty list (see
    /// [`Frontier::try_append`] to get an error instead).
    pub fn append(&mut self, leaf: Hash) -> Vec<(u8, u64, Hash)> {
        self.try_append(leaf).unwrap_or_default()
    }

    /// Like [`Frontier::append`], but a tree that already holds `u64::MAX`
    /// leaves is reported as [`MerkleError::OutOfRange`] (with
    /// `index == size == u64::MAX`) and left unchanged.
    pub fn try_append(&mut self, leaf: Hash) -> Result<Vec<(u8, u64, Hash)>, MerkleError> {
        let old = self.size;
        let new = old.checked_add(1).ok_or(MerkleError::OutOfRange { index: old, size: old })?;
        let mut out = Vec::with_capacity(1 + old.trailing_ones() as usize);
        out.push((0, old, leaf));
        let mut level: u8 = 0;
        let mut hash = leaf;
        // The subtrees merged are exactly the trailing one bits of `old`.
        while let Some(&(top_level, top_hash)) = self.stack.last() {
            if top_level != level {
                break;
            }
            self.stack.pop();
            hash = node_hash(&top_hash, &hash);
            level += 1;
            // The new node ends at leaf `new`, which is a multiple of 2^level.
            out.push((level, (new >> level) - 1, hash));
        }
        self.stack.push((level, hash));
        self.size = new;
        Ok(out)
    }

    /// The RFC 6962 root of the current tree ([`empty_root`] when the size
    /// is 0).
    pub fn root(&self) -> Hash {
        let mut iter = self.stack.iter().rev();
        match iter.next() {
            None => empty_root(),
            Some(&(_, last)) => iter.fold(last, |acc, (_, left)| node_hash(left, &acc)),
        }
    }
}

/// The largest power of two strictly smaller than `n`; requires `n >= 2`.
fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// The hash of the RFC 6962 subtree `MTH(D[lo : lo + n])`, for `n >= 1` and
/// `lo` a multiple of the largest power of two not above `n` (true of every
/// subtree that occurs in the RFC 6962 recursion). Reads one stored node per
/// set bit of `n`; a complete subtree costs a single read.
fn subtree_hash<E>(lo: u64, n: u64, get: &mut impl FnMut(u8, u64) -> Result<Hash, E>) -> Result<Hash, E> {
    debug_assert!(n >= 1);
    // The subtree is the complete subtrees given by the bits of `n`, largest
    // first, folded from the right.
    let mut parts = Vec::with_capacity(n.count_ones() as usize);
    let mut start = lo;
    for level in (0..64u8).rev() {
        let width = 1u64 << level;
        if n & width != 0 {
            parts.push(get(level, start >> level)?);
            // `start + width <= lo + n`, which is at most the tree size.
            start += width;
        }
    }
    let mut iter = parts.into_iter().rev();
    let last = iter.next().unwrap_or_else(empty_root);
    Ok(iter.fold(last, |acc, left| node_hash(&left, &acc)))
}

/// The RFC 6962 root of the tree of `size` leaves from stored nodes (one call
/// to `get` per set bit of `size`, none for the empty tree). Errors of `get`
/// are returned unchanged.
pub fn root_at<E>(size: u64, mut get: impl FnMut(u8, u64) -> Result<Hash, E>) -> Result<Hash, E> {
    if size == 0 {
        return Ok(empty_root());
    }
    subtree_hash(0, size, &mut get)
}

/// The inclusion proof (RFC 9162 §2.1.3.1 audit path, leaf to root) for leaf
/// `index` in the tree of `size` leaves, from stored nodes.
///
/// Reads at most `ceil(log2 size) + 64` stored nodes. Fails with
/// `ProofError::Merkle(MerkleError::OutOfRange)` when `index >= size`, and
/// with `ProofError::Store` carrying the error of `get` unchanged.
pub fn inclusion_proof<E>(
    index: u64,
    size: u64,
    mut get: impl FnMut(u8, u64) -> Result<Hash, E>,
) -> Result<Vec<Hash>, ProofError<E>> {
    if index >= size {
        return Err(MerkleError::OutOfRange { index, size }.into());
    }
    // PATH(m, D[lo : lo + n]), unrolled; siblings are collected root first.
    let mut path = Vec::new();
    let (mut lo, mut n, mut m) = (0u64, size, index);
    while n > 1 {
        let k = split_point(n);
        if m < k {
            path.push(subtree_hash(lo + k, n - k, &mut get).map_err(ProofError::Store)?);
            n = k;
        } else {
            path.push(subtree_hash(lo, k, &mut get).map_err(ProofError::Store)?);
            lo += k;
            m -= k;
            n -= k;
        }
    }
    path.reverse();
    Ok(path)
}

/// The consistency proof (RFC 9162 §2.1.4.1) from tree size `old` to tree
/// size `new`, from stored nodes. Requires `old <= new`; `old == new` and
/// `old == 0` (the empty tree is a prefix of every tree) give an empty proof
/// without reading anything (docs/PROTOCOL.md §5).
///
/// Reads at most `ceil(log2 new) + 64` stored nodes. Fails with
/// `ProofError::Merkle(MerkleError::OutOfRange)` when `old > new`, and with
/// `ProofError::Store` carrying the error of `get` unchanged.
pub fn consistency_proof<E>(
    old: u64,
    new: u64,
    mut get: impl FnMut(u8, u64) -> Result<Hash, E>,
) -> Result<Vec<Hash>, ProofError<E>> {
    if old > new {
        return Err(MerkleError::OutOfRange { index: old, size: new }.into());
    }
    if old == 0 {
        return Ok(Vec::new());
    }
    // SUBPROOF(m, D[lo : lo + n], b), unrolled; nodes are collected root first.
    let mut proof = Vec::new();
    let (mut lo, mut n, mut m, mut whole) = (0u64, new, old, true);
    loop {
        if m == n {
            if !whole {
                proof.push(subtree_hash(lo, m, &mut get).map_err(ProofError::Store)?);
            }
            break;
        }
        let k = split_point(n);
        if m <= k {
            proof.push(subtree_hash(lo + k, n - k, &mut get).map_err(ProofError::Store)?);
            n = k;
        } else {
            proof.push(subtree_hash(lo, k, &mut get).map_err(ProofError::Store)?);
            lo += k;
            m -= k;
            n -= k;
            whole = false;
        }
    }
    proof.reverse();
    Ok(proof)
}

/// Number of bits needed to represent `x` (0 for 0).
fn bit_len(x: u64) -> u32 {
    64 - x.leading_zeros()
}

/// Verifies an inclusion proof (RFC 9162 §2.1.3.2) of the leaf with hash
/// `leaf` at `index` in the tree of `size` leaves whose root is `root`.
/// Needs no store.
///
/// Fails with [`MerkleError::OutOfRange`] when `index >= size`,
/// [`MerkleError::WrongProofLength`] when the proof does not have exactly the
/// number of hashes the audit path for `(index, size)` has, and
/// [`MerkleError::RootMismatch`] when the recomputed root differs from `root`.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), MerkleError> {
    // Step 1.
    if index >= size {
        return Err(MerkleError::OutOfRange { index, size });
    }
    let last = size - 1;
    // Levels below the point where the paths to `index` and `last` fork,
    // plus one hash per left sibling above it.
    let inner = bit_len(index ^ last);
    let border = index.checked_shr(inner).unwrap_or(0).count_ones();
    let expected = (inner + border) as usize;
    if proof.len() != expected {
        return Err(MerkleError::WrongProofLength { expected, got: proof.len() });
    }
    // Steps 2 to 5.
    let (mut fnode, mut snode) = (index, last);
    let mut r = *leaf;
    for p in proof {
        if snode == 0 {
            return Err(MerkleError::WrongProofLength { expected, got: proof.len() });
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(MerkleError::WrongProofLength { expected, got: proof.len() });
    }
    if r != *root {
        return Err(MerkleError::RootMismatch);
    }
    Ok(())
}

/// Verifies a consistency proof (RFC 9162 §2.1.4.2) between the tree of
/// `old` leaves with root `old_root` and the tree of `new` leaves with root
/// `new_root`. Needs no store.
///
/// Requires `old <= new` ([`MerkleError::OutOfRange`] otherwise). When
/// `old == new` the proof must be empty and the roots equal. When `old == 0`
/// the proof must be empty and `old_root` the empty tree's root
/// (`SHA-256("")`): the empty tree is a prefix of every tree
/// (docs/PROTOCOL.md §5; transparency-dev/merkle and Go's `tlog.CheckTree`
/// refuse size 0 as an input instead). Fails with
/// [`MerkleError::WrongProofLength`] when the proof does not have exactly the
/// number of hashes the consistency proof for `(old, new)` has, and
/// [`MerkleError::RootMismatch`] when either recomputed root differs.
pub fn verify_consistency(
    old: u64,
    new: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), MerkleError> {
    if old > new {
        return Err(MerkleError::OutOfRange { index: old, size: new });
    }
    if old == 0 {
        if !proof.is_empty() {
            return Err(MerkleError::WrongProofLength { expected: 0, got: proof.len() });
        }
        // Any tree extends the empty one; the empty tree itself has one root.
        if *old_root != empty_root() || (new == 0 && new_root != old_root) {
            return Err(MerkleError::RootMismatch);
        }
        return Ok(());
    }
    if old == new {
        if !proof.is_empty() {
            return Err(MerkleError::WrongProofLength { expected: 0, got: proof.len() });
        }
        if old_root != new_root {
            return Err(MerkleError::RootMismatch);
        }
        return Ok(());
    }
    // Expected length: the audit path of leaf `old - 1` in the new tree,
    // without the levels inside the rightmost complete subtree of the old
    // tree, plus that subtree's root unless it is the whole old tree.
    let inner = bit_len((old - 1) ^ (new - 1));
    let border = (old - 1).checked_shr(inner).unwrap_or(0).count_ones();
    let shift = old.trailing_zeros();
    let seed_given = usize::from(!old.is_power_of_two());
    // `shift < inner` because `old < new`.
    let expected = seed_given + (inner - shift + border) as usize;
    let mismatch = MerkleError::WrongProofLength { expected, got: proof.len() };
    if proof.len() != expected {
        return Err(mismatch);
    }
    // Steps 1 and 2: an empty proof fails; for a power-of-two old size the
    // old root is the first node.
    let (first, rest) = if old.is_power_of_two() {
        (old_root, proof)
    } else {
        match proof.split_first() {
            Some((first, rest)) => (first, rest),
            None => return Err(mismatch),
        }
    };
    // Steps 3 and 4.
    let (mut fnode, mut snode) = (old - 1, new - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    // Step 5.
    let (mut fr, mut sr) = (*first, *first);
    // Step 6.
    for c in rest {
        if snode == 0 {
            return Err(mismatch);
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    // Step 7.
    if snode != 0 {
        return Err(mismatch);
    }
    if fr != *old_root || sr != *new_root {
        return Err(MerkleError::RootMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests;

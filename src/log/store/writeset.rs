//! [`WriteSet`]: the writes of a batch, made durable together.

use super::*;

/// A set of writes made durable together: by [`Store::commit`], or in two steps by
/// [`Store::write_files`] then [`Store::publish`].
#[derive(Default)]
pub struct WriteSet {
    /// sled rows in write order (a later write of a key wins); `None` removes.
    pub(super) rows: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    /// First seq of `entries`.
    pub(super) first: Option<u64>,
    pub(super) entries: Vec<Vec<u8>>,
    /// The entries' index keys.
    pub(super) keys: Vec<Keys>,
    pub(super) nodes: Vec<(u8, u64, Hash)>,
    /// The domain's row writes, in write order (a later write of a key wins); `None` removes.
    pub(super) domain: Vec<Row>,
    /// Set by [`Store::write_files`]: the size and `entries.dat` length once this set is
    /// committed.
    pub(super) staged: Option<(u64, u64)>,
    /// Values kept beside entries of this set, by entry hash (see `texts`).
    pub(super) texts: Vec<(Hash, Vec<u8>)>,
    /// The head [`WriteSet::head`] set: for sled's head rows, and its note for the
    /// checkpoint file.
    pub(super) head: Option<Head>,
}

/// The head of a committed set: its size, the last entry's hash and the checkpoint note.
#[derive(Clone)]
pub(super) struct Head {
    pub(super) size: u64,
    pub(super) hash: Hash,
    pub(super) note: String,
}

impl WriteSet {
    /// Adds an entry and its two hash index keys. Entries must come in seq order, starting at
    /// the stored size.
    pub fn entry(&mut self, seq: u64, bytes: Vec<u8>, entry_hash: &Hash, statement_hash: &Hash) {
        self.first.get_or_insert(seq);
        self.entries.push(bytes);
        self.keys.push((seq, *entry_hash, Some(*statement_hash)));
    }

    /// Number of entries in the set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Appends `later`, the writes of the batch that follows this one, so that both are made
    /// durable together (its entries must continue this set's seqs).
    pub fn extend(&mut self, later: WriteSet) -> Result<(), StoreError> {
        if let (Some(first), Some(next)) = (self.first, later.first)
            && first + self.entries.len() as u64 != next
        {
            return Err(StoreError::Bug(format!(
                "a batch starting at seq {next} cannot follow one ending at seq {}",
                first + self.entries.len() as u64
            )));
        }
        if self.staged.is_some() != later.staged.is_some() && !(self.entries.is_empty() || later.entries.is_empty()) {
            return Err(StoreError::Bug("written and unwritten batches cannot be merged".into()));
        }
        if self.first.is_none() {
            self.first = later.first;
        }
        self.entries.extend(later.entries);
        self.keys.extend(later.keys);
        self.nodes.extend(later.nodes);
        self.rows.extend(later.rows);
        self.domain.extend(later.domain);
        self.texts.extend(later.texts);
        if later.staged.is_some() {
            self.staged = later.staged;
        }
        if later.head.is_some() {
            self.head = later.head;
        }
        Ok(())
    }

    /// Adds a completed Merkle node. Nodes must come in storage order (as
    /// [`crate::protocol::merkle::Frontier::append`] returns them).
    pub fn node(&mut self, level: u8, index: u64, hash: &Hash) {
        self.nodes.push((level, index, *hash));
    }

    /// Sets the head: the tree size, the last entry's hash and the checkpoint signed over them.
    pub fn head(&mut self, size: u64, head: &Hash, checkpoint: &str) {
        self.head = Some(Head { size, hash: *head, note: checkpoint.to_string() });
    }

    /// Records the log's origin (once, when the log is created).
    pub fn origin(&mut self, origin: &str) {
        self.rows.push((key(b'M', b"origin"), Some(origin.as_bytes().to_vec())));
    }

    /// Adds (or with `None` removes) a row of the domain's indexes.
    pub fn domain(&mut self, k: &[u8], v: Option<&[u8]>) {
        self.domain.push((k.to_vec(), v.map(<[u8]>::to_vec)));
    }

    /// Keeps `value` beside the entry with `entry_hash` (an entry of this set): written and
    /// synced with the entries, committed with them ([`Store::content_get`] reads it).
    pub fn text(&mut self, entry_hash: &Hash, value: Vec<u8>) {
        self.texts.push((*entry_hash, value));
    }
}

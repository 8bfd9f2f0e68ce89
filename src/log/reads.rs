//! [`Reads`]: what the domain's queries read of a log's storage — its entries, the rows the
//! followers keep, and the values kept beside entries — whichever storage keeps them: the
//! embedded [`Store`] (journal files and sled) or PostgreSQL (`scale::reads`).
//!
//! **Architecture Invariant:** queries, views and exports read through this trait only, so
//! they answer the same whichever backend runs. Writes do not go through it: each backend
//! writes what its own sequencer decides.

use super::store::{Store, StoreError};
use crate::protocol::Hash;

/// Rows in key order, as (key, value); `.rev()` for the reverse.
pub type RowIter<'a> = Box<dyn DoubleEndedIterator<Item = Result<(Vec<u8>, Vec<u8>), StoreError>> + 'a>;

/// The read side of a log's storage.
pub trait Reads: Send + Sync {
    /// Entries committed so far.
    fn size(&self) -> Result<u64, StoreError>;
    /// Entries committed so far as this process knows it, without a read: what a follower
    /// (the search indexer) checks often. The embedded store's size kept in memory (its rows
    /// are written before it moves); a log on PostgreSQL's newest checkpoint this process
    /// has heard of, from any process.
    fn known_size(&self) -> u64;
    /// The canonical bytes of entry `seq`, if committed.
    fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError>;
    /// Up to `max` committed entries from seq `from` on, in order, as (seq, bytes): one
    /// sequential read for a follower going through the log. Fewer only when the log holds
    /// no more; an empty record (an entry removed by tampering) is skipped, so a reader sees
    /// the gap.
    fn entries_from(&self, from: u64, max: usize) -> Result<Vec<(u64, Vec<u8>)>, StoreError>;
    /// A row of the domain's indexes.
    fn row(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// The domain's rows whose key starts with `prefix`, in key order.
    fn rows_under<'a>(&'a self, prefix: &[u8]) -> RowIter<'a>;
    /// The value kept beside the entry with this entry hash (an idea's text and salt, a
    /// payment), unless none was kept or it was erased.
    fn side(&self, entry_hash: &Hash) -> Result<Option<Vec<u8>>, StoreError>;
}

impl Reads for Store {
    fn size(&self) -> Result<u64, StoreError> {
        Ok(self.head()?.size)
    }
    fn known_size(&self) -> u64 {
        Store::size(self)
    }
    fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Store::entry(self, seq)
    }
    fn entries_from(&self, from: u64, max: usize) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        // `entries` reads in chunks of 4096: a `max` up to that is one read.
        self.entries(from).take(max).collect()
    }
    fn row(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.domain_get(k)
    }
    fn rows_under<'a>(&'a self, prefix: &[u8]) -> RowIter<'a> {
        Box::new(self.domain_scan(prefix))
    }
    fn side(&self, entry_hash: &Hash) -> Result<Option<Vec<u8>>, StoreError> {
        self.content_get(entry_hash)
    }
}

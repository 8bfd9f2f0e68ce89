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
    /// The canonical bytes of entry `seq`, if committed.
    fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError>;
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
    fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Store::entry(self, seq)
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

//! Domain rows in a temporary folder: the followers' fjall database (see `followers`) opened
//! in a folder of its own under the system's temporary folder and deleted when dropped. The
//! policy audit keeps the rows its replay builds here rather than in memory, so that its
//! memory stays bounded by fjall's cache and memtables whatever the log's size.

use super::StoreError;
use super::followers::{Followers, Row};

/// A temporary keyspace of domain rows (deleted with its folder on drop).
pub struct ScratchRows {
    /// Declared before the folder, so that fjall's threads are joined before it is removed.
    rows: Followers,
    folder: tempfile::TempDir,
}

impl ScratchRows {
    /// An empty keyspace in a new folder under the system's temporary folder (`TMPDIR`).
    pub fn new() -> Result<ScratchRows, StoreError> {
        let folder = tempfile::Builder::new().prefix("heard-scratch-").tempdir()?;
        let rows = Followers::open(folder.path())?;
        Ok(ScratchRows { rows, folder })
    }

    /// Writes `rows` (in write order, a later write of a key winning; `None` removes) in one
    /// batch, never synced.
    pub fn write(&self, rows: &[(Vec<u8>, Option<Vec<u8>>)]) -> Result<(), StoreError> {
        let rows: &[Row] = rows;
        self.rows.write(&[], rows, None, None)
    }

    /// A row.
    pub fn get(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.rows.get(k)
    }

    /// Rows whose key starts with `prefix`, in key order (either end first).
    pub fn scan(
        &self,
        prefix: &[u8],
    ) -> impl DoubleEndedIterator<Item = Result<(Vec<u8>, Vec<u8>), StoreError>> + 'static {
        self.rows.scan(prefix)
    }

    /// The folder the rows are kept in (removed on drop).
    pub fn folder(&self) -> &std::path::Path {
        self.folder.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows written are read back, in key order, a removal wins over an earlier write, and
    /// the folder is gone once the keyspace is dropped.
    #[test]
    fn rows_read_back_and_the_folder_goes_with_them() {
        let s = ScratchRows::new().unwrap();
        let folder = s.folder().to_path_buf();
        s.write(&[(b"b".to_vec(), Some(b"2".to_vec())), (b"a".to_vec(), Some(b"1".to_vec()))]).unwrap();
        s.write(&[(b"c".to_vec(), Some(b"3".to_vec())), (b"c".to_vec(), None)]).unwrap();
        assert_eq!(s.get(b"a").unwrap(), Some(b"1".to_vec()));
        assert_eq!(s.get(b"c").unwrap(), None);
        let keys: Vec<Vec<u8>> = s.scan(b"").map(|r| r.unwrap().0).collect();
        assert_eq!(keys, [b"a".to_vec(), b"b".to_vec()]);
        assert!(folder.is_dir());
        drop(s);
        assert!(!folder.exists(), "{} is left behind", folder.display());
    }
}

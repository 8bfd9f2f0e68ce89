//! The durable store: the only code that touches sled.
//!
//! Everything the log keeps lives in one sled tree, so that one `apply_batch` writes an
//! appended batch atomically: entries, both hash indexes, the Merkle nodes they complete,
//! the domain's index writes and the new head with its signed checkpoint. A write is
//! acknowledged only after `flush` (fsync) returns.
//!
//! Key layout (all integers big-endian):
//!
//! | key | value |
//! | --- | --- |
//! | `E` ‖ seq (8) | canonical entry bytes |
//! | `H` ‖ entry hash (32) | seq (8) |
//! | `S` ‖ statement hash (32) | seq (8) |
//! | `N` ‖ level (1) ‖ index (8) | Merkle node hash (32) |
//! | `M` ‖ name | metadata: `size`, `head`, `checkpoint`, `origin` |
//! | `D` ‖ domain key | the domain's indexes (opaque to the log) |
//! | `W` ‖ tree size (8) ‖ witness key ID (4) | a witness's cosignature line for the checkpoint at that size |
//!
//! A second tree, `content`, holds what the domain keeps beside the log (an idea's text and
//! salt), so that it can be erased without touching the log's tree.

use std::path::Path;

use crate::protocol::Hash;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// sled reported an I/O or internal error.
    #[error("storage failure: {0}")]
    Storage(#[from] sled::Error),
    /// A stored value does not have the shape the store wrote.
    #[error("the store is corrupt: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Storage(_) => "storage",
            StoreError::Corrupt(_) => "store_corrupt",
        }
    }
}

/// The log's on-disk state, opened from a data folder.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    tree: sled::Tree,
    content: sled::Tree,
}

fn key(tag: u8, rest: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + rest.len());
    k.push(tag);
    k.extend_from_slice(rest);
    k
}

fn node_key(level: u8, index: u64) -> [u8; 10] {
    let mut k = [0u8; 10];
    k[0] = b'N';
    k[1] = level;
    k[2..].copy_from_slice(&index.to_be_bytes());
    k
}

fn entry_key(seq: u64) -> [u8; 9] {
    let mut k = [0u8; 9];
    k[0] = b'E';
    k[1..].copy_from_slice(&seq.to_be_bytes());
    k
}

fn cosig_key(size: u64, key_id: u32) -> [u8; 13] {
    let mut k = [0u8; 13];
    k[0] = b'W';
    k[1..9].copy_from_slice(&size.to_be_bytes());
    k[9..].copy_from_slice(&key_id.to_be_bytes());
    k
}

fn be_u64(v: &[u8], what: &str) -> Result<u64, StoreError> {
    let b: [u8; 8] = v.try_into().map_err(|_| StoreError::Corrupt(format!("{what} is not 8 bytes")))?;
    Ok(u64::from_be_bytes(b))
}

/// A set of writes applied atomically by [`Store::commit`].
#[derive(Default)]
pub struct WriteSet {
    batch: sled::Batch,
}

impl WriteSet {
    /// Adds an entry and its two index rows.
    pub fn entry(&mut self, seq: u64, bytes: &[u8], entry_hash: &Hash, statement_hash: &Hash) {
        let s = seq.to_be_bytes();
        self.batch.insert(&entry_key(seq), bytes);
        self.batch.insert(key(b'H', entry_hash), &s);
        self.batch.insert(key(b'S', statement_hash), &s);
    }

    /// Adds a completed Merkle node.
    pub fn node(&mut self, level: u8, index: u64, hash: &Hash) {
        self.batch.insert(&node_key(level, index), hash);
    }

    /// Sets the head: the tree size, the last entry's hash and the checkpoint signed over them.
    pub fn head(&mut self, size: u64, head: &Hash, checkpoint: &str) {
        self.batch.insert(key(b'M', b"size"), &size.to_be_bytes());
        self.batch.insert(key(b'M', b"head"), head);
        self.batch.insert(key(b'M', b"checkpoint"), checkpoint.as_bytes());
    }

    /// Records the log's origin (once, when the log is created).
    pub fn origin(&mut self, origin: &str) {
        self.batch.insert(key(b'M', b"origin"), origin.as_bytes());
    }

    /// Adds (or with `None` removes) a row of the domain's indexes.
    pub fn domain(&mut self, k: &[u8], v: Option<&[u8]>) {
        match v {
            Some(v) => self.batch.insert(key(b'D', k), v),
            None => self.batch.remove(key(b'D', k)),
        }
    }
}

/// The head as stored: size, hash of the last entry, and the signed checkpoint note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredHead {
    /// Number of entries.
    pub size: u64,
    /// Hash of entry `size - 1` (unset for an empty log).
    pub head: Option<Hash>,
    /// The latest signed checkpoint note, if any was written.
    pub checkpoint: Option<String>,
    /// The origin recorded when the log was created.
    pub origin: Option<String>,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        // sled's page cache defaults to 1 GiB; 64 MiB keeps the server small (reads of the
        // upper Merkle levels come from the log's own in-memory copy anyway).
        let config = sled::Config::new().path(dir).mode(sled::Mode::HighThroughput).cache_capacity(64 * 1024 * 1024);
        // sled releases its file lock from background threads a moment after the last handle
        // is dropped, so reopening right after a close (a restart in the same process) can
        // find it still held: retry for a few seconds before giving up.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let db = loop {
            match config.open() {
                Err(sled::Error::Io(e))
                    if e.to_string().starts_with("could not acquire lock") && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => break other?,
            }
        };
        let tree = db.open_tree("log")?;
        let content = db.open_tree("content")?;
        Ok(Store { db, tree, content })
    }

    /// Applies `w` atomically and flushes it to disk before returning.
    pub fn commit(&self, w: WriteSet) -> Result<(), StoreError> {
        self.tree.apply_batch(w.batch)?;
        self.db.flush()?;
        Ok(())
    }

    /// The stored head.
    pub fn head(&self) -> Result<StoredHead, StoreError> {
        let size = match self.tree.get(key(b'M', b"size"))? {
            Some(v) => be_u64(&v, "size")?,
            None => 0,
        };
        let head = match self.tree.get(key(b'M', b"head"))? {
            Some(v) => {
                Some(v.as_ref().try_into().map_err(|_| StoreError::Corrupt("head hash is not 32 bytes".into()))?)
            }
            None => None,
        };
        let text = |name: &[u8]| -> Result<Option<String>, StoreError> {
            match self.tree.get(key(b'M', name))? {
                Some(v) => String::from_utf8(v.to_vec())
                    .map(Some)
                    .map_err(|_| StoreError::Corrupt("metadata is not UTF-8".into())),
                None => Ok(None),
            }
        };
        Ok(StoredHead { size, head, checkpoint: text(b"checkpoint")?, origin: text(b"origin")? })
    }

    /// The canonical bytes of entry `seq`, if stored.
    pub fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.tree.get(entry_key(seq))?.map(|v| v.to_vec()))
    }

    /// Entries from `from` on, in order, as (seq, bytes). Stops at the first missing seq is
    /// not assumed: every stored `E` row is returned with the seq its key says.
    pub fn entries(&self, from: u64) -> impl Iterator<Item = Result<(u64, Vec<u8>), StoreError>> + '_ {
        self.tree.range(entry_key(from)..=entry_key(u64::MAX)).map(|r| {
            let (k, v) = r?;
            Ok((be_u64(&k[1..], "entry key")?, v.to_vec()))
        })
    }

    /// The seq of the entry with this entry hash.
    pub fn seq_of_entry(&self, entry_hash: &Hash) -> Result<Option<u64>, StoreError> {
        self.tree.get(key(b'H', entry_hash))?.map(|v| be_u64(&v, "seq")).transpose()
    }

    /// The seq of the entry holding the statement with this hash.
    pub fn seq_of_statement(&self, statement_hash: &Hash) -> Result<Option<u64>, StoreError> {
        self.tree.get(key(b'S', statement_hash))?.map(|v| be_u64(&v, "seq")).transpose()
    }

    /// The stored Merkle node at (level, index).
    pub fn node(&self, level: u8, index: u64) -> Result<Hash, StoreError> {
        let v = self
            .tree
            .get(node_key(level, index))?
            .ok_or_else(|| StoreError::Corrupt(format!("Merkle node ({level}, {index}) is missing")))?;
        v.as_ref()
            .try_into()
            .map_err(|_| StoreError::Corrupt(format!("Merkle node ({level}, {index}) is not 32 bytes")))
    }

    /// The first `count` stored nodes of `level`, in index order (one range scan).
    pub fn nodes_at_level(&self, level: u8, count: u64) -> Result<Vec<Hash>, StoreError> {
        let mut out = Vec::with_capacity(count as usize);
        for r in self.tree.range(node_key(level, 0)..node_key(level, count)) {
            let (k, v) = r?;
            let index = be_u64(&k[2..], "node key")?;
            if index != out.len() as u64 {
                return Err(StoreError::Corrupt(format!("Merkle node ({level}, {}) is missing", out.len())));
            }
            out.push(
                v.as_ref()
                    .try_into()
                    .map_err(|_| StoreError::Corrupt(format!("Merkle node ({level}, {index}) is not 32 bytes")))?,
            );
        }
        if out.len() as u64 != count {
            return Err(StoreError::Corrupt(format!("Merkle node ({level}, {}) is missing", out.len())));
        }
        Ok(out)
    }

    /// The stored nodes of `level` in index order, as (index, hash).
    pub fn node_scan(&self, level: u8) -> impl Iterator<Item = Result<(u64, Hash), StoreError>> + '_ {
        self.tree.range(node_key(level, 0)..=node_key(level, u64::MAX)).map(move |r| {
            let (k, v) = r?;
            let index = be_u64(&k[2..], "node key")?;
            let h: Hash = v
                .as_ref()
                .try_into()
                .map_err(|_| StoreError::Corrupt(format!("Merkle node ({level}, {index}) is not 32 bytes")))?;
            Ok((index, h))
        })
    }

    /// A row of the domain's indexes.
    pub fn domain_get(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.tree.get(key(b'D', k))?.map(|v| v.to_vec()))
    }

    /// Domain rows whose key starts with `prefix`, in key order (`.rev()` for the reverse), as
    /// (key without the prefix tag, value).
    pub fn domain_scan(
        &self,
        prefix: &[u8],
    ) -> impl DoubleEndedIterator<Item = Result<(Vec<u8>, Vec<u8>), StoreError>> + '_ {
        self.tree.scan_prefix(key(b'D', prefix)).map(|r| {
            let (k, v) = r?;
            Ok((k[1..].to_vec(), v.to_vec()))
        })
    }

    /// Stores a witness's cosignature line for the checkpoint of `size` entries (flushed).
    pub fn put_cosignature(&self, size: u64, key_id: u32, line: &str) -> Result<(), StoreError> {
        self.tree.insert(cosig_key(size, key_id), line.as_bytes())?;
        self.db.flush()?;
        Ok(())
    }

    /// The cosignature lines stored for the checkpoint of `size` entries.
    pub fn cosignatures(&self, size: u64) -> Result<Vec<String>, StoreError> {
        let mut prefix = vec![b'W'];
        prefix.extend_from_slice(&size.to_be_bytes());
        self.tree
            .scan_prefix(prefix)
            .map(|r| {
                let (_, v) = r?;
                String::from_utf8(v.to_vec()).map_err(|_| StoreError::Corrupt("cosignature is not UTF-8".into()))
            })
            .collect()
    }

    /// The largest tree size that has a cosignature, if any.
    pub fn latest_cosigned_size(&self) -> Result<Option<u64>, StoreError> {
        match self.tree.scan_prefix([b'W']).next_back() {
            Some(r) => {
                let (k, _) = r?;
                Ok(Some(be_u64(k.get(1..9).unwrap_or_default(), "cosignature key")?))
            }
            None => Ok(None),
        }
    }

    /// Stores `value` under `k` in the content tree, beside the log (not in it), and flushes.
    ///
    /// The content tree is separate from the log's tree so that erasing from it never
    /// touches an entry; what the bytes mean belongs to the domain.
    pub fn content_put(&self, k: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.content.insert(k, value)?;
        self.db.flush()?;
        Ok(())
    }

    /// The content stored under `k`, if any.
    pub fn content_get(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.content.get(k)?.map(|v| v.to_vec()))
    }

    /// Removes the content under `k` (if any) and flushes.
    pub fn content_remove(&self, k: &[u8]) -> Result<(), StoreError> {
        self.content.remove(k)?;
        self.db.flush()?;
        Ok(())
    }

    /// Bytes the database occupies on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }

    /// Overwrites entry `seq` with `bytes` (or removes it), bypassing every check.
    ///
    /// Exists so tamper tests can damage a store the way an attacker with disk access could.
    #[doc(hidden)]
    pub fn tamper_entry(&self, seq: u64, bytes: Option<&[u8]>) -> Result<(), StoreError> {
        match bytes {
            Some(b) => self.tree.insert(entry_key(seq), b)?,
            None => self.tree.remove(entry_key(seq))?,
        };
        self.db.flush()?;
        Ok(())
    }
}

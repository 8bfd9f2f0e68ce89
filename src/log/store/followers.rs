//! The hash indexes and the domain's rows: two followers of the journal in one fjall
//! database (an LSM-tree: sorted segments with Bloom filters, compacted in the background),
//! in the folder `followers/` beside the log's files.
//!
//! | keyspace | key | value |
//! | --- | --- | --- |
//! | `index` | `E` ‖ entry hash (32) | the entry's seq (8, big-endian) |
//! | `index` | `S` ‖ statement hash (32) | the seq of the entry holding the statement |
//! | `domain` | a domain key (opaque to the log) | its value |
//! | `meta` | `indexed` | the watermark of `index`: every entry below it is indexed (8) |
//! | `meta` | `applied` | the watermark of `domain`: every entry below it has its rows (8) |
//!
//! A published group's hash keys, its domain writes and both watermarks go into one fjall
//! batch, so whatever fjall keeps after a crash, each watermark says exactly which entries
//! its keyspace holds. Nothing here is synced per append (the journal is the commit point):
//! fjall writes each batch to its own journal unsynced, and syncs at a settle, at a clean
//! close and on its own. On open the store brings each follower up to the journal from its
//! watermark; a watermark past the journal, or a folder fjall cannot open, clears the
//! follower and it is rebuilt from the first entry.
//!
//! Memory: a block cache of CACHE_BYTES and memtables of at most MEMTABLE_BYTES per keyspace
//! (fjall's defaults, a 64 MiB memtable per keyspace and a 32 MiB cache, are sized for a
//! machine with memory to spare; the server's whole budget is 200 MiB).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use fjall::config::PinningPolicy;
use fjall::{Database, Keyspace, KeyspaceCreateOptions, PersistMode};

use super::StoreError;
use crate::protocol::Hash;

/// The folder of the followers' database, in the store's folder.
pub(super) const DIR: &str = "followers";

/// fjall's block cache.
pub const CACHE_BYTES: u64 = 16 << 20;
/// The largest memtable of the `index` and `domain` keyspaces before it is written out as
/// a segment.
pub const MEMTABLE_BYTES: u64 = 8 << 20;
/// fjall's own journal, at most (its smallest allowed; the default is 512 MiB).
pub const JOURNAL_BYTES: u64 = 64 << 20;

/// The `meta` key naming the settings the database was made with, and their name now:
/// a database made with others is rebuilt (a keyspace keeps the settings it was made with).
const LAYOUT_KEY: &[u8] = b"layout";
const LAYOUT: &[u8] = b"2: pinned filters and indexes";

/// One entry's index keys: seq, entry hash, statement hash (`None` if the entry does not
/// decode).
pub(super) type Keys = (u64, Hash, Option<Hash>);

/// A domain write: key, and the value (`None` removes the row).
pub(super) type Row = (Vec<u8>, Option<Vec<u8>>);

/// Which follower.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Which {
    /// The hash indexes.
    Index,
    /// The domain's rows.
    Domain,
}

impl Which {
    fn watermark_key(self) -> &'static [u8] {
        match self {
            Which::Index => b"indexed",
            Which::Domain => b"applied",
        }
    }
}

/// The followers' database, open.
pub(super) struct Followers {
    db: Database,
    index: Keyspace,
    domain: Keyspace,
    meta: Keyspace,
    /// The watermarks as last written.
    indexed: AtomicU64,
    applied: AtomicU64,
}

impl From<fjall::Error> for StoreError {
    fn from(e: fjall::Error) -> Self {
        StoreError::Followers(e.to_string())
    }
}

/// The `meta` keyspace's settings: a few small rows.
fn meta_options() -> KeyspaceCreateOptions {
    KeyspaceCreateOptions::default().max_memtable_size(1 << 20)
}

fn open_db(path: &Path) -> Result<Database, fjall::Error> {
    Database::builder(path).cache_size(CACHE_BYTES).max_journaling_size(JOURNAL_BYTES).open()
}

impl Followers {
    /// Opens (creating if needed) the followers' database in `dir`'s `followers/`. A folder
    /// fjall cannot open (for any reason but its lock) is deleted and made again, empty, and
    /// both followers are rebuilt: it is derived data.
    pub(super) fn open(dir: &Path) -> Result<Followers, StoreError> {
        let path = dir.join(DIR);
        // The store's sled lock keeps other processes out; in this process a database just
        // dropped has released its lock (fjall joins its threads on drop), but retry briefly
        // rather than take a held lock for damage.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let db = loop {
            match open_db(&path) {
                Ok(db) => break db,
                Err(fjall::Error::Locked) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                Err(fjall::Error::Locked) => {
                    return Err(StoreError::Followers(format!("{} is locked by another handle", path.display())));
                }
                Err(e) => {
                    tracing::warn!(
                        folder = %path.display(),
                        error = %e,
                        "the followers' database is damaged: deleted, and rebuilt from the journal"
                    );
                    std::fs::remove_dir_all(&path)?;
                    break open_db(&path)?;
                }
            }
        };
        // Every table's Bloom filter and block index stay in memory (fjall pins only L0's
        // filters and L0–L1's indexes by default): the sequencer's duplicate check misses on
        // almost every append, and an unpinned filter was read from the file and checksummed
        // whole at each miss once the tables reached L1 (a quarter of the server's CPU per
        // append at 1M entries, docs/PERFORMANCE.md). They take about 10 bits per key.
        let layout = |db: &Database| -> Result<Option<Vec<u8>>, StoreError> {
            let meta = db.keyspace("meta", meta_options)?;
            Ok(meta.get(LAYOUT_KEY)?.map(|v| v.to_vec()))
        };
        // A keyspace keeps the settings it was made with (fjall stores them), so a database
        // made with other settings than these is made again, empty, and rebuilt.
        let db = match layout(&db)? {
            Some(v) if v == LAYOUT => db,
            found => {
                let empty = db.list_keyspace_names().iter().all(|n| &**n == "meta");
                if !empty {
                    tracing::warn!(
                        folder = %path.display(),
                        layout = found.map(|v| String::from_utf8_lossy(&v).into_owned()).unwrap_or_default(),
                        "the followers' database was made with older settings: deleted, and rebuilt from the journal"
                    );
                }
                let db = if empty {
                    db
                } else {
                    drop(db);
                    std::fs::remove_dir_all(&path)?;
                    open_db(&path)?
                };
                db.keyspace("meta", meta_options)?.insert(LAYOUT_KEY, LAYOUT)?;
                db
            }
        };
        let options = || {
            KeyspaceCreateOptions::default()
                .max_memtable_size(MEMTABLE_BYTES)
                .filter_block_pinning_policy(PinningPolicy::all(true))
                .index_block_pinning_policy(PinningPolicy::all(true))
        };
        let index = db.keyspace("index", options)?;
        let domain = db.keyspace("domain", options)?;
        let meta = db.keyspace("meta", meta_options)?;
        let read = |w: Which| -> Result<u64, StoreError> {
            match meta.get(w.watermark_key())? {
                Some(v) => super::be_u64(&v, "a followers' watermark"),
                None => Ok(0),
            }
        };
        let (indexed, applied) = (read(Which::Index)?, read(Which::Domain)?);
        Ok(Followers { db, index, domain, meta, indexed: AtomicU64::new(indexed), applied: AtomicU64::new(applied) })
    }

    /// Every entry below this seq is indexed.
    pub(super) fn indexed(&self) -> u64 {
        self.indexed.load(Ordering::Acquire)
    }

    /// Every entry below this seq has its domain rows.
    pub(super) fn applied(&self) -> u64 {
        self.applied.load(Ordering::Acquire)
    }

    /// Writes, in one batch, the hash keys `keys`, the domain writes `rows` (in write order,
    /// a later write of a key winning) and the watermarks given.
    pub(super) fn write(
        &self,
        keys: &[Keys],
        rows: &[Row],
        indexed: Option<u64>,
        applied: Option<u64>,
    ) -> Result<(), StoreError> {
        let mut batch = self.db.batch();
        for (seq, entry, statement) in keys {
            let v = seq.to_be_bytes();
            batch.insert(&self.index, tagged(b'E', entry).as_slice(), v.as_slice());
            if let Some(s) = statement {
                batch.insert(&self.index, tagged(b'S', s).as_slice(), v.as_slice());
            }
        }
        for (k, v) in rows {
            match v {
                Some(v) => batch.insert(&self.domain, k.as_slice(), v.as_slice()),
                None => batch.remove(&self.domain, k.as_slice()),
            }
        }
        for (w, to) in [(Which::Index, indexed), (Which::Domain, applied)] {
            if let Some(to) = to {
                batch.insert(&self.meta, w.watermark_key(), to.to_be_bytes().as_slice());
            }
        }
        batch.commit()?;
        if let Some(to) = indexed {
            self.indexed.store(to, Ordering::Release);
        }
        if let Some(to) = applied {
            self.applied.store(to, Ordering::Release);
        }
        Ok(())
    }

    /// Empties a follower and sets its watermark to 0.
    pub(super) fn clear(&self, which: Which) -> Result<(), StoreError> {
        self.meta.remove(which.watermark_key())?;
        match which {
            Which::Index => {
                self.index.clear()?;
                self.indexed.store(0, Ordering::Release);
            }
            Which::Domain => {
                self.domain.clear()?;
                self.applied.store(0, Ordering::Release);
            }
        }
        self.persist()
    }

    /// The seq stored for a hash of the entry (`b'E'`) or statement (`b'S'`) index.
    pub(super) fn seq_of(&self, tag: u8, h: &Hash) -> Result<Option<u64>, StoreError> {
        match self.index.get(tagged(tag, h))? {
            Some(v) => Ok(Some(super::be_u64(&v, "a hash index value")?)),
            None => Ok(None),
        }
    }

    /// A domain row.
    pub(super) fn get(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.domain.get(k)?.map(|v| v.to_vec()))
    }

    /// Domain rows whose key starts with `prefix`, in key order (either end first).
    pub(super) fn scan(
        &self,
        prefix: &[u8],
    ) -> impl DoubleEndedIterator<Item = Result<(Vec<u8>, Vec<u8>), StoreError>> + 'static {
        self.domain.prefix(prefix).map(|g| {
            let (k, v) = g.into_inner()?;
            Ok((k.to_vec(), v.to_vec()))
        })
    }

    /// Syncs fjall's journal (at a settle and a clean close; never per append).
    pub(super) fn persist(&self) -> Result<(), StoreError> {
        self.db.persist(PersistMode::SyncAll)?;
        Ok(())
    }

    /// Bytes the database occupies on disk.
    pub(super) fn disk_space(&self) -> Result<u64, StoreError> {
        Ok(self.db.disk_space()?)
    }
}

fn tagged(tag: u8, h: &Hash) -> [u8; 33] {
    let mut k = [0u8; 33];
    k[0] = tag;
    k[1..].copy_from_slice(h);
    k
}

//! The durable store: the only code that touches sled or the log's own files.
//!
//! The immutable bulk of the log lives in three append-only files beside sled, written at
//! positions fixed by the tree size (so a torn tail is simply overwritten or cut):
//!
//! | file | holds |
//! | --- | --- |
//! | `entries.dat` | the canonical entry bytes, one after the other, in seq order |
//! | `entries.idx` | for each seq, the end offset of its entry in `entries.dat` (u64 BE) |
//! | `hashes.dat` | every Merkle node (32 bytes) in storage order: for each leaf `n`, node `(0, n)` then each parent it completes, lowest level first; node `(level, i)` sits at position `2m - popcount(m) + level` with `m = (i + 1)·2^level - 1`, and a tree of `n` leaves has `2n - popcount(n)` nodes |
//!
//! The two hash indexes (entry hash → seq, statement hash → seq) and the domain's rows are
//! followers of the journal in one fjall database (an LSM-tree) in `followers/` beside them
//! (see `followers`): a published group's keys, its domain writes and each follower's
//! watermark (the seq up to which it applied) in one fjall batch, unsynced. On open, the
//! hash indexes are caught up from their watermark with the entries' own bytes (the journal
//! scan yields the tail's keys); the domain's rows from theirs by the log, through the gate
//! ([`Store::domain_applied`], [`Store::replayed`]). A watermark past the journal, or a
//! folder fjall cannot open, rebuilds that follower from the first entry.
//!
//! The commit point of an append is the sync of `entries.dat`, the journal (see `journal`):
//! [`Store::write_files`] writes a batch's entries and nodes after everything written before
//! and syncs `entries.dat` (and `texts.dat`); [`Store::publish`] then writes the followers:
//! hash keys, domain rows and watermarks in one fjall batch, the text index in one sled
//! batch, neither synced, and shows the new size to readers. The new head with its signed
//! checkpoint is kept in memory ([`Store::head`]); sled's head rows take it with the next
//! sled batch, every SETTLE_EVERY entries, and at a settle or flush (a sled batch wakes every
//! thread of sled's I/O pool, once per group if written every time).
//! The writer may write the files of one batch while the batch before it is being
//! published; publishes happen in seq order. On open, the journal says how many entries
//! there are; sled's rows may be behind it (a crash before sled's own flush, or a sled
//! rolled back or deleted), and the log brings them up to date before it takes appends.
//!
//! Syncs are what an append costs most on a small machine, so a batch makes one file sync: its
//! offsets and nodes go to `entries.idx` and `hashes.dat` unsynced, and open finds them
//! again from the journal. Once SETTLE_EVERY (8,192) entries have gone by, a batch syncs all
//! three files and writes the checkpoint file; a clean close does the same
//! ([`Store::settle`]). And each file is extended with zeros well ahead of what it holds, so
//! that a sync rarely has a file length to commit (on ext4, a sync that changes no metadata
//! skips the journal).
//!
//! sled key layout (all integers big-endian):
//!
//! | key | value |
//! | --- | --- |
//! | `M` ‖ name | metadata: `size`, `head`, `checkpoint`, `origin` |
//! | `W` ‖ tree size (8) ‖ witness public key (32) | a witness's cosignature line for the checkpoint at that size, following `cosignatures.log` (see `cosigs`) |
//! | `X` ‖ entry hash (32) | the offset in `texts.dat` of the value kept beside that entry (see `texts`) |
//!
//! (Older builds kept the hash indexes as `H` ‖ entry hash and `S` ‖ statement hash rows
//! here, then in run files `hidx-*`; the domain's rows as `D` ‖ domain key rows, then as
//! `U` ‖ first seq batch rows and run files `drun-*`. Open deletes all of them; the
//! followers' database, new in such a folder, rebuilds both from the journal.)
//!
//! (Builds before the journal was the commit point kept `T` ‖ first seq rows standing in for
//! unsynced offsets, and a `committed` file with a size sled's head must reach; open reads
//! the first as where the journal scan starts and the second as a lower bound, then removes
//! both.) `M journal` marks a store written since.
//!
//! What the domain keeps beside the log (an idea's text and salt) is in a fourth file,
//! `texts.dat` (see `texts`), written and synced in the same group as its entries and
//! indexed by `X` ‖ entry hash → offset rows committed in the same sled batch; `M texts` is
//! a length up to which every committed record is indexed. Builds before it kept these
//! values in a second sled tree, `content`, which open moves into the file.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::protocol::Hash;

mod commit;
mod cosigs;
mod discard;
mod followers;
mod journal;
mod read;
pub use read::NodeSpan;
mod scratch;
mod texts;
mod writeset;
#[cfg(test)]
use discard::LEGACY_ROWS;
use discard::remove_legacy_followers;
pub use discard::{Follower, discard_followers};
pub use followers::{
    CACHE_BYTES as FOLLOWERS_CACHE_BYTES, JOURNAL_BYTES as FOLLOWERS_JOURNAL_BYTES,
    MEMTABLE_BYTES as FOLLOWERS_MEMTABLE_BYTES,
};
use followers::{Followers, Keys, Row, Which};
pub use scratch::ScratchRows;
pub use writeset::WriteSet;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// sled reported an I/O or internal error.
    #[error("storage failure: {0}")]
    Storage(#[from] sled::Error),
    /// Reading or writing one of the log's files failed.
    #[error("storage failure: {0}")]
    Io(#[from] std::io::Error),
    /// The followers' database (fjall: hash indexes and domain rows) reported an error.
    #[error("storage failure in the followers' database: {0}")]
    Followers(String),
    /// A store reached over the network (PostgreSQL, a bucket) did not answer or failed.
    #[error("storage failure: {0}")]
    Remote(String),
    /// A stored value does not have the shape the store wrote.
    #[error("the store is corrupt: {0}")]
    Corrupt(String),
    /// The store was called in a way its callers promise never to (a bug, not damage on
    /// disk): nothing was written.
    #[error("internal error: {0}")]
    Bug(String),
}

impl StoreError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Storage(_) | StoreError::Io(_) | StoreError::Followers(_) | StoreError::Remote(_) => "storage",
            StoreError::Corrupt(_) => "store_corrupt",
            StoreError::Bug(_) => "internal_error",
        }
    }
}

/// The log's on-disk state, opened from a data folder.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    tree: sled::Tree,
    content: sled::Tree,
    files: Arc<Files>,
    /// The hash indexes and the domain's rows, in fjall (see `followers`).
    followers: Arc<Followers>,
    /// `cosignatures.log` and its length (see `cosigs`); its lock orders the changes.
    cosigs: Arc<std::sync::Mutex<(File, u64)>>,
}

/// The append-only files and how much of them is committed.
struct Files {
    /// The data folder.
    dir: std::path::PathBuf,
    dat: File,
    idx: File,
    hashes: File,
    /// What the domain keeps beside the entries (see `texts`).
    texts: File,
    /// Committed entries (the head's size); readers never look past it.
    size: AtomicU64,
    /// Committed length of `entries.dat`.
    dat_len: AtomicU64,
    /// Bytes read from `hashes.dat` since the store was opened, open included (see
    /// [`Store::hashes_bytes_read`]).
    hashes_read: AtomicU64,
    /// What the file writer knows, under one lock.
    staged: std::sync::Mutex<Staged>,
    /// The newest head published, and how far sled's head rows have followed it.
    head: std::sync::Mutex<Heads>,
}

/// The head in memory and in sled. sled's head rows follow the journal like its other
/// rows: [`Store::publish`] writes them only with other sled rows, in a set without entries,
/// or once [`SETTLE_EVERY`] entries have gone by (a sled batch wakes every thread of sled's
/// I/O pool), and a settle or flush writes them up to date; [`Store::head`] answers from
/// memory.
#[derive(Default)]
struct Heads {
    live: Option<writeset::Head>,
    /// The size sled's head rows hold.
    in_sled: u64,
}

/// The file writer's position.
struct Staged {
    /// Entries written and synced to the files, committed or not (≥ `Files::size`); the next
    /// [`Store::write_files`] starts here.
    size: u64,
    /// The length of `entries.dat` those entries fill.
    dat_len: u64,
    /// The lengths of `entries.dat`, `entries.idx` and `hashes.dat` on disk: the bytes past
    /// what is written are zeros, made ahead of need (see [`Store::write_files`]).
    room: [u64; 3],
    /// Entries whose offsets and nodes are synced in `entries.idx` and `hashes.dat`.
    settled: u64,
    /// The length of `texts.dat` written (committed or not): the next record goes here.
    texts_len: u64,
}

/// After this many entries past the settled size, [`Store::write_files`] syncs `entries.idx`
/// and `hashes.dat` too and drops the `T` rows that stood in for them.
const SETTLE_EVERY: u64 = 8192;

/// What [`Store::open_journal`] found.
struct Opened {
    /// Whole entries in the journal.
    size: u64,
    /// The length of `entries.dat` they fill.
    dat_len: u64,
    /// Entries whose offsets and nodes were synced before open (the checkpoint file's size).
    settled: u64,
    /// The index keys of the entries after those.
    tail_keys: Vec<Keys>,
    /// Bytes read from `hashes.dat` on the way.
    hashes_read: u64,
}

/// The `M` row that marks a store whose journal is the commit point (a build that no longer
/// writes `T` rows): without a checkpoint file, its whole journal is read on open.
const JOURNAL: &[u8] = b"journal";

/// Syncs a folder, so that a file renamed into it stays there after a crash.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// The file beside sled that records a committed size sled must not be behind (see
/// [`Store::open`]).
const COMMITTED_MARK: &str = "committed";

/// The size recorded in the `committed` file (0 if there is none).
fn read_committed_mark(dir: &Path) -> Result<u64, StoreError> {
    let text = match std::fs::read_to_string(dir.join(COMMITTED_MARK)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e.into()),
    };
    text.strip_prefix("heard committed ")
        .and_then(|r| r.strip_suffix('\n'))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("the file `{COMMITTED_MARK}` is damaged: {text:?}")))
}

/// Removes every sled row whose key starts with one of `tags`, in batches of REINDEX_CHUNK
/// (one sled batch of a million removals takes gigabytes), flushed; returns how many.
fn remove_prefixes(tree: &sled::Tree, tags: &[u8]) -> Result<u64, StoreError> {
    let mut batch = sled::Batch::default();
    let mut removed = 0u64;
    for &tag in tags {
        for k in tree.scan_prefix([tag]).keys() {
            batch.remove(k?);
            removed += 1;
            if removed.is_multiple_of(REINDEX_CHUNK) {
                tree.apply_batch(std::mem::take(&mut batch))?;
            }
        }
    }
    if removed > 0 {
        tree.apply_batch(batch)?;
        tree.flush()?;
    }
    Ok(removed)
}

/// How far a file is extended with zeros when a write needs more room than it has: a
/// sixteenth of what it will hold, between 1 MiB and 16 MiB, in whole 4 KiB pages.
fn room_after(needed: u64) -> u64 {
    let ahead = (needed / 16).clamp(1 << 20, 16 << 20);
    (needed + ahead).next_multiple_of(4096)
}

impl Drop for Files {
    /// On a clean close, cuts the zeros made ahead of need (and anything written but never
    /// committed), so that a closed store's files hold exactly the committed entries.
    fn drop(&mut self) {
        let size = *self.size.get_mut();
        let lens = [*self.dat_len.get_mut(), size * 8, stored_nodes(size) * 32];
        for (f, len) in [&self.dat, &self.idx, &self.hashes].into_iter().zip(lens) {
            if f.metadata().is_ok_and(|m| m.len() > len) && f.set_len(len).is_ok() {
                let _ = f.sync_all();
            }
        }
    }
}

/// sled's page cache unless asked otherwise: 8 MiB. sled's own default is 1 GiB, and while
/// writing it holds about three times the setting. Measured while the hash indexes were still
/// in sled (server peak RSS while taking 20,000 HTTP appends onto a 1.1–1.3M-entry log): 369
/// MiB at 64 MiB, 263 at 16, 192–241 at 8; then 32 MiB did not append faster than 8
/// (docs/PERFORMANCE.md). sled now holds only the head, the text index and the cosignature
/// rows (the hash indexes and domain rows are in fjall, see `followers`). The
/// log's reads do not go through sled (entries and nodes are in the files, the Merkle
/// levels ≥ 8 kept in memory once read).
pub const DEFAULT_CACHE_BYTES: u64 = 8 << 20;

/// Number of Merkle nodes stored for a tree of `size` leaves.
pub fn stored_nodes(size: u64) -> u64 {
    2 * size - u64::from(size.count_ones())
}

/// Position of node (`level`, `index`) in `hashes.dat`, in 32-byte records (`None` if it
/// does not fit in a u64).
pub fn node_position(level: u8, index: u64) -> Option<u64> {
    let m = index.checked_add(1)?.checked_mul(1u64.checked_shl(u32::from(level))?)? - 1;
    stored_nodes(m).checked_add(u64::from(level))
}

fn read_exact_at(f: &File, len: usize, at: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    f.read_exact_at(&mut buf, at)?;
    Ok(buf)
}

/// Entries `from..to` as (seq, bytes), from one read of their offsets in `idx` and one of
/// their bytes in `dat` (which must not run past `dat_len`), skipping empty records.
fn read_entries(idx: &File, dat: &File, dat_len: u64, from: u64, to: u64) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
    let (idx_at, skip) = if from == 0 { (0, 0) } else { ((from - 1) * 8, 1) };
    let raw = read_exact_at(idx, ((to - from + skip) * 8) as usize, idx_at)?;
    let mut ends = Vec::with_capacity(raw.len() / 8 + 1);
    if from == 0 {
        ends.push(0);
    }
    for c in raw.chunks_exact(8) {
        ends.push(be_u64(c, "entry offset")?);
    }
    let (start, end) = (ends[0], ends[ends.len() - 1]);
    if ends.windows(2).any(|w| w[1] < w[0]) || end > dat_len {
        return Err(StoreError::Corrupt(format!("the offsets of entries {from}..{to} are out of order")));
    }
    let bytes = read_exact_at(dat, (end - start) as usize, start)?;
    let mut out = Vec::with_capacity((to - from) as usize);
    for (i, w) in ends.windows(2).enumerate() {
        if w[1] > w[0] {
            out.push((from + i as u64, bytes[(w[0] - start) as usize..(w[1] - start) as usize].to_vec()));
        }
    }
    Ok(out)
}

/// An entry's hash index keys, from its bytes: its entry hash, and its statement's hash if
/// the bytes decode as an entry.
fn keys_of(seq: u64, bytes: &[u8]) -> Keys {
    use crate::protocol::{entry, statement};
    let statement = entry::Entry::decode(bytes).ok().map(|e| statement::statement_hash(&e.statement));
    (seq, entry::entry_hash(bytes), statement)
}

/// Entries indexed again at a time when a run is missing.
const REINDEX_CHUNK: u64 = 1 << 16;

/// Brings the hash indexes up to the journal's `size` entries: a watermark past it clears
/// them first; the entries from the watermark on are indexed from `tail` (the keys the
/// journal scan found, from `settled` on) and, before that, from their bytes.
fn catch_up_index(
    followers: &Followers,
    [dat, idx]: [&File; 2],
    dat_len: u64,
    size: u64,
    settled: u64,
    tail: &[Keys],
) -> Result<(), StoreError> {
    if followers.indexed() > size {
        tracing::warn!(
            indexed = followers.indexed(),
            size,
            "the hash indexes claim more entries than the journal holds: rebuilt from it"
        );
        followers.clear(Which::Index)?;
    }
    let from = followers.indexed();
    if from < size {
        tracing::info!(from, to = size, "indexing the entries the hash indexes lack");
    }
    let mut cursor = from;
    while cursor < settled.min(size) {
        let to = settled.min(size).min(cursor + REINDEX_CHUNK);
        let keys: Vec<Keys> =
            read_entries(idx, dat, dat_len, cursor, to)?.iter().map(|(s, b)| keys_of(*s, b)).collect();
        followers.write(&keys, &[], Some(to), None)?;
        cursor = to;
    }
    for chunk in tail.chunks(REINDEX_CHUNK as usize) {
        let fresh: Vec<Keys> = chunk.iter().filter(|k| k.0 >= cursor).copied().collect();
        if let Some(last) = fresh.last() {
            followers.write(&fresh, &[], Some(last.0 + 1), None)?;
            cursor = last.0 + 1;
        }
    }
    if cursor != size {
        return Err(StoreError::Bug(format!("the hash indexes reached entry {cursor}, not the journal's {size}")));
    }
    Ok(())
}

fn key(tag: u8, rest: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + rest.len());
    k.push(tag);
    k.extend_from_slice(rest);
    k
}

/// The key of a witness's cosignature row: `W` ‖ size ‖ the witness's public key. Rows
/// written before a witness was identified by its key hold its 4-byte key ID instead.
fn cosig_key(size: u64, witness: &[u8; 32]) -> [u8; 41] {
    let mut k = [0u8; 41];
    k[0] = b'W';
    k[1..9].copy_from_slice(&size.to_be_bytes());
    k[9..].copy_from_slice(witness);
    k
}

/// A stored cosignature: the checkpoint's size, the witness's public key (`None` for rows
/// stored by key ID alone), and the signature line.
pub type CosignatureRow = (u64, Option<[u8; 32]>, String);

/// What [`Store::put_cosignature`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CosignaturePut {
    /// The line is stored (a new row, or the witness's earlier line replaced).
    Stored,
    /// The checkpoint already has the most rows allowed, none of them the witness's.
    Full,
}

fn be_u64(v: &[u8], what: &str) -> Result<u64, StoreError> {
    let b: [u8; 8] = v.try_into().map_err(|_| StoreError::Corrupt(format!("{what} is not 8 bytes")))?;
    Ok(u64::from_be_bytes(b))
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
        Self::open_with_cache(dir, DEFAULT_CACHE_BYTES)
    }

    /// Opens (creating if needed) the store in `dir`, with `cache_bytes` of sled page cache.
    pub fn open_with_cache(dir: &Path, cache_bytes: u64) -> Result<Store, StoreError> {
        let config = sled::Config::new().path(dir).mode(sled::Mode::HighThroughput).cache_capacity(cache_bytes);
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
        // sled's head: how far the followers in sled have got. Whether an entry exists is
        // the journal's to say (see `journal`).
        let followed = match tree.get(key(b'M', b"size"))? {
            Some(v) => be_u64(&v, "size")?,
            None => 0,
        };
        // The files are opened after sled, whose lock keeps a second process out of them.
        let open =
            |name: &str| OpenOptions::new().read(true).write(true).create(true).truncate(false).open(dir.join(name));
        let (dat, idx, hashes) = (open("entries.dat")?, open("entries.idx")?, open("hashes.dat")?);
        let texts_file = open(texts::FILE)?;
        let texts_len = texts_file.metadata()?.len();
        let Opened { size, dat_len, settled, tail_keys, hashes_read } =
            Self::open_journal(dir, &tree, [&dat, &idx, &hashes], followed)?;
        remove_legacy_followers(dir, &tree)?;
        let followers = Followers::open(dir)?;
        if followed > size {
            tracing::warn!(
                followed,
                size,
                "sled's head is past the last whole entry of the journal: its followers are rebuilt from the journal"
            );
        }
        if followers.applied() > size {
            tracing::warn!(
                applied = followers.applied(),
                size,
                "the domain's rows claim more entries than the journal holds: rebuilt from it"
            );
            followers.clear(Which::Domain)?;
        }
        catch_up_index(&followers, [&dat, &idx], dat_len, size, settled, &tail_keys)?;
        let files = Files {
            dir: dir.to_owned(),
            dat,
            idx,
            hashes,
            texts: texts_file,
            size: AtomicU64::new(size),
            dat_len: AtomicU64::new(dat_len),
            hashes_read: AtomicU64::new(hashes_read),
            staged: std::sync::Mutex::new(Staged {
                size,
                dat_len,
                room: [dat_len, size * 8, stored_nodes(size) * 32],
                settled,
                texts_len,
            }),
            head: std::sync::Mutex::new(Heads { live: None, in_sled: followed }),
        };
        let cosig_file = open(cosigs::FILE)?;
        let store = Store {
            db,
            tree,
            content,
            files: Arc::new(files),
            followers: Arc::new(followers),
            cosigs: Arc::new(std::sync::Mutex::new((cosig_file, 0))),
        };
        store.recover_texts()?;
        store.recover_cosigs()?;
        Ok(store)
    }

    /// Reads the journal (see `journal`) from the last point synced in all three files: takes
    /// every whole entry that continues the chain, writes their offsets and Merkle nodes
    /// (synced), cuts whatever follows the last of them, and returns what the store opens
    /// with. Before changing anything, refuses a journal that ends before entries known to
    /// be committed (the checkpoint file's size, or an older build's `committed` mark).
    fn open_journal(
        dir: &Path,
        tree: &sled::Tree,
        [dat, idx, hashes]: [&File; 3],
        followed: u64,
    ) -> Result<Opened, StoreError> {
        let checkpoint = journal::read_checkpoint(dir)?;
        let mark = read_committed_mark(dir)?;
        // Entries before `from` have their offsets and nodes synced in `entries.idx` and
        // `hashes.dat`.
        let from = match &checkpoint {
            Some(c) => c.size,
            None if tree.get(key(b'M', JOURNAL))?.is_some() => {
                tracing::warn!("the checkpoint file is missing: the whole journal is read again");
                0
            }
            // An older build: everything before its first `T` row, or before its head.
            None => match tree.scan_prefix([b'T']).keys().next() {
                Some(k) => be_u64(k?.get(1..).unwrap_or_default(), "tail row key")?,
                None => followed,
            },
        };
        for (name, file, need) in [("entries.idx", idx, from * 8), ("hashes.dat", hashes, stored_nodes(from) * 32)] {
            let have = file.metadata()?.len();
            if have < need {
                return Err(StoreError::Corrupt(format!(
                    "{name} holds {have} bytes but the {from} entries known committed need {need}: the log's files \
                     were truncated, deleted or replaced. Nothing was changed"
                )));
            }
        }
        let hashes_read = std::cell::Cell::new(0u64);
        let read_node = |p: u64| -> std::io::Result<Vec<u8>> {
            hashes_read.set(hashes_read.get() + 32);
            read_exact_at(hashes, 32, p * 32)
        };
        let (at, prev) = if from == 0 {
            (0, crate::protocol::entry::genesis())
        } else {
            let at = be_u64(&read_exact_at(idx, 8, (from - 1) * 8)?, "entry offset")?;
            let leaf = read_node(stored_nodes(from - 1))?;
            (at, leaf.try_into().map_err(|_| StoreError::Corrupt("a Merkle node read short".into()))?)
        };
        let len = dat.metadata()?.len();
        if at > len {
            return Err(StoreError::Corrupt(format!(
                "entries.dat holds {len} bytes but the {from} entries known committed end at byte {at}: the \
                 journal was truncated. Nothing was changed"
            )));
        }
        let scan = journal::scan(dat, at, from, prev, len, |n| {
            tracing::info!(entries = n, from, "reading the journal past its last checkpoint file");
        })?;
        let size = from + scan.entries.len() as u64;
        let lower = checkpoint.as_ref().map_or(0, |c| c.size).max(mark);
        if size < lower {
            return Err(StoreError::Corrupt(format!(
                "entry {size} of the journal (byte {} of entries.dat) is damaged or missing, but {lower} entries \
                 were committed. Nothing was changed; keep the data folder as it is",
                scan.end
            )));
        }
        if size > from {
            let mut offsets = Vec::with_capacity(8 * scan.entries.len());
            let node_at = |l: u8, i: u64| -> Result<Hash, StoreError> {
                let p =
                    node_position(l, i).ok_or_else(|| StoreError::Corrupt("a Merkle node is out of range".into()))?;
                read_node(p)?.try_into().map_err(|_| StoreError::Corrupt("a Merkle node read short".into()))
            };
            let mut frontier = crate::protocol::merkle::Frontier::from_store(from, node_at)?;
            let mut nodes = Vec::with_capacity(64 * scan.entries.len());
            for e in &scan.entries {
                offsets.extend_from_slice(&e.end.to_be_bytes());
                for (_, _, h) in frontier.append(e.entry_hash) {
                    nodes.extend_from_slice(&h);
                }
            }
            idx.write_all_at(&offsets, from * 8)?;
            hashes.write_all_at(&nodes, stored_nodes(from) * 32)?;
            idx.sync_data()?;
            hashes.sync_data()?;
        }
        let dat_len = Self::recover(dat, idx, hashes, size)?;
        // An older build's `T` rows stood in for offsets the scan has just written.
        let mut batch = sled::Batch::default();
        for k in tree.scan_prefix([b'T']).keys() {
            batch.remove(k?);
        }
        batch.insert(key(b'M', JOURNAL), &[1u8]);
        tree.apply_batch(batch)?;
        tree.flush()?;
        let tail_keys = scan.entries.iter().map(|e| (e.seq, e.entry_hash, Some(e.statement_hash))).collect();
        Ok(Opened { size, dat_len, settled: from, tail_keys, hashes_read: hashes_read.get() })
    }

    /// Cuts the files back to what `size` committed entries imply and returns the committed
    /// length of `entries.dat`. A file shorter than that means lost or damaged data.
    fn recover(dat: &File, idx: &File, hashes: &File, size: u64) -> Result<u64, StoreError> {
        let short = |name: &str, have: u64, want: u64| {
            StoreError::Corrupt(format!(
                "{name} holds {have} bytes but the {size} committed entries need {want}: the log's files were \
                 truncated, deleted or replaced"
            ))
        };
        let idx_len = size.checked_mul(8).ok_or_else(|| StoreError::Corrupt("the stored size is absurd".into()))?;
        let have = idx.metadata()?.len();
        if have < idx_len {
            return Err(short("entries.idx", have, idx_len));
        }
        let dat_len = if size == 0 { 0 } else { be_u64(&read_exact_at(idx, 8, idx_len - 8)?, "entry offset")? };
        let have_dat = dat.metadata()?.len();
        if have_dat < dat_len {
            return Err(short("entries.dat", have_dat, dat_len));
        }
        let hashes_len = stored_nodes(size) * 32;
        let have_hashes = hashes.metadata()?.len();
        if have_hashes < hashes_len {
            return Err(short("hashes.dat", have_hashes, hashes_len));
        }
        for (f, have, want) in [(idx, have, idx_len), (dat, have_dat, dat_len), (hashes, have_hashes, hashes_len)] {
            if have > want {
                f.set_len(want)?;
                f.sync_all()?;
            }
        }
        Ok(dat_len)
    }

    /// Overwrites entry `seq` with `bytes` (or removes it), bypassing every check.
    ///
    /// Exists so tamper tests can damage a store the way an attacker with disk access could:
    /// the entries after `seq` are moved to make room, the offsets rewritten, and nothing else
    /// (hash indexes, Merkle nodes, checkpoint) is touched.
    #[doc(hidden)]
    pub fn tamper_entry(&self, seq: u64, bytes: Option<&[u8]>) -> Result<(), StoreError> {
        let f = &self.files;
        // Tamper with a settled store, as an attacker with the files at rest would find it.
        self.settle()?;
        let size = f.size.load(Ordering::Acquire);
        if seq >= size {
            return Err(StoreError::Corrupt(format!("no entry {seq} to tamper with")));
        }
        let mut all: Vec<Vec<u8>> = Vec::with_capacity((size - seq) as usize);
        for s in seq..size {
            all.push(self.entry(s)?.unwrap_or_default());
        }
        all[0] = bytes.map(<[u8]>::to_vec).unwrap_or_default();
        let start = if seq == 0 { 0 } else { be_u64(&read_exact_at(&f.idx, 8, (seq - 1) * 8)?, "entry offset")? };
        let (mut dat, mut idx) = (Vec::new(), Vec::new());
        for e in &all {
            dat.extend_from_slice(e);
            idx.extend_from_slice(&(start + dat.len() as u64).to_be_bytes());
        }
        f.dat.set_len(start)?;
        f.dat.write_all_at(&dat, start)?;
        f.idx.write_all_at(&idx, seq * 8)?;
        f.dat.sync_all()?;
        f.idx.sync_all()?;
        f.dat_len.store(start + dat.len() as u64, Ordering::Release);
        if let Ok(mut staged) = f.staged.lock() {
            (staged.size, staged.dat_len) = (size, start + dat.len() as u64);
            staged.room = [start + dat.len() as u64, staged.room[1].max(size * 8), staged.room[2]];
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

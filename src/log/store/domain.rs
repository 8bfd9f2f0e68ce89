//! The domain's index rows, kept out of sled's B-tree: recent rows in memory, older ones in
//! sorted run files beside the log (see `domainrun`).
//!
//! A domain row is written in the sled batch that commits its entry, but not as a row of its
//! own: each published batch adds one `U` row (key `U` ‖ first seq, 8 bytes big-endian)
//! holding the batch's entry count and all its domain writes, in write order. A key in a
//! B-tree of a million rows lands on a random leaf, which sled must read, rewrite and log; a
//! `U` row lands at the tree's right edge. After the flush, the writes go into an in-memory
//! table, which reads consult first.
//!
//! Once the table covers SETTLE_ENTRIES entries (or grows past SETTLE_BYTES), it is frozen
//! and handed to a background thread, which writes it as a run file `drun-{start}-{end}`
//! (synced and renamed into place), installs the run for readers, and then removes the `U`
//! rows it covers (flushed). The same thread merges neighbouring runs covering similar spans of entries, so a
//! log of `n` entries has at most about `log2(n / SETTLE_ENTRIES)` runs. A read looks in the table,
//! the frozen tables, then the runs from newest to oldest; the first version found wins, and
//! a tombstone (a removed row) ends the search with nothing.
//!
//! On open the runs that cover `0..a` end to end are taken (a merged run in preference to
//! the runs it replaced, which are deleted), and the `U` rows must cover `a..size` end to end;
//! a `U` row below `a` is left from a settle interrupted after its run was written, and is
//! removed. Anything else is refused as `store_corrupt`: unlike the hash indexes, the store
//! cannot rebuild the domain's rows from the entries (only the domain's policy knows what
//! they imply).
//!
//! A store written by an older build kept each domain row in sled as `D` ‖ key: open writes
//! them into one run covering every entry and removes them (a crash in between leaves the
//! `D` rows, and the next open does it again).
//!
//! `U` row value (integers big-endian): the batch's entry count (8), then each write: key
//! length (4) ‖ key ‖ tag (1: a value, 0: removed) ‖ for a value, its length (4) ‖ value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, mpsc};

use super::domainrun::{DomainRun, RunRow, key_hash, merge, parse_name, run_name};
use super::{StoreError, be_u64, remove_prefixes, seq_key};

/// A row that is there: key and value.
type Row = (Vec<u8>, Vec<u8>);

/// The in-memory table is frozen and written as a run once it covers this many entries.
const SETTLE_ENTRIES: u64 = 8192;
/// ... or once its keys and values take this many bytes.
const SETTLE_BYTES: usize = 16 << 20;

/// The key of a batch's `U` row.
pub(super) fn batch_key(first: u64) -> [u8; 9] {
    seq_key(b'U', first)
}

/// A batch's `U` row value: its entry count and its writes.
pub(super) fn encode_batch(count: u64, rows: &[RunRow]) -> Vec<u8> {
    let len: usize = rows.iter().map(|(k, v)| 9 + k.len() + v.as_ref().map_or(0, Vec::len)).sum();
    let mut out = Vec::with_capacity(8 + len);
    out.extend_from_slice(&count.to_be_bytes());
    for (k, v) in rows {
        out.extend_from_slice(&(k.len() as u32).to_be_bytes());
        out.extend_from_slice(k);
        match v {
            Some(v) => {
                out.push(1);
                out.extend_from_slice(&(v.len() as u32).to_be_bytes());
                out.extend_from_slice(v);
            }
            None => out.push(0),
        }
    }
    out
}

/// Reads a `U` row value back: the entry count and the writes.
pub(super) fn decode_batch(b: &[u8]) -> Option<(u64, Vec<RunRow>)> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, rest) = b.split_at_checked(n)?;
        *b = rest;
        Some(head)
    }
    fn len(b: &mut &[u8]) -> Option<usize> {
        Some(u32::from_be_bytes(take(b, 4)?.try_into().ok()?) as usize)
    }
    let mut b = b;
    let count = u64::from_be_bytes(take(&mut b, 8)?.try_into().ok()?);
    let mut rows = Vec::new();
    while !b.is_empty() {
        let n = len(&mut b)?;
        let k = take(&mut b, n)?.to_vec();
        let v = match take(&mut b, 1)? {
            [1] => {
                let n = len(&mut b)?;
                Some(take(&mut b, n)?.to_vec())
            }
            [0] => None,
            _ => return None,
        };
        rows.push((k, v));
    }
    Some((count, rows))
}

/// A table of rows in memory: what entries `start..end` wrote, the last write of a key winning.
#[derive(Default)]
struct Table {
    start: u64,
    end: u64,
    rows: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    bytes: usize,
}

impl Table {
    fn apply(&mut self, rows: impl IntoIterator<Item = RunRow>) {
        for (k, v) in rows {
            self.bytes += k.len() + v.as_ref().map_or(0, Vec::len);
            self.rows.insert(k, v);
        }
    }

    fn prefix<'a>(&'a self, prefix: &'a [u8]) -> impl Iterator<Item = (&'a Vec<u8>, &'a Option<Vec<u8>>)> + 'a {
        self.rows.range(prefix.to_vec()..).take_while(move |(k, _)| k.starts_with(prefix))
    }
}

struct State {
    /// Rows committed since the last frozen table or run.
    mem: Table,
    /// Tables being written as runs, oldest first.
    frozen: Vec<Arc<Table>>,
    /// Runs in use, oldest first, covering `0..` end to end.
    runs: Vec<Arc<DomainRun>>,
}

struct Shared {
    dir: PathBuf,
    tree: sled::Tree,
    state: RwLock<State>,
    /// Set when the background thread failed: tables stay frozen in memory (and their `U`
    /// rows in sled) until the next open.
    failed: std::sync::atomic::AtomicBool,
}

enum Job {
    /// Write the oldest frozen table as a run, then merge.
    Settle,
    /// Answer once every job sent before is done (for tests and a clean close).
    Idle(mpsc::Sender<()>),
}

/// The domain's rows: in-memory tables, runs, and the thread that writes and merges runs.
pub(super) struct DomainRows {
    shared: Arc<Shared>,
    worker: Mutex<Option<(mpsc::Sender<Job>, std::thread::JoinHandle<()>)>>,
}

fn corrupt(s: String) -> StoreError {
    StoreError::Corrupt(s)
}

impl DomainRows {
    /// Opens the domain's rows of a store whose journal holds `journal` entries and whose
    /// sled head says `followed`: moves an older build's `D` rows into a run, takes the runs,
    /// and replays the `U` rows after them, as far as they go end to end ([`Self::applied`]);
    /// the domain applies the entries after that again. Rows that claim more entries than
    /// the journal holds are all dropped, and the domain rebuilds them from the first entry.
    pub(super) fn open(dir: &Path, tree: &sled::Tree, followed: u64, journal: u64) -> Result<DomainRows, StoreError> {
        let mut names = Vec::new();
        for e in std::fs::read_dir(dir)? {
            let name = e?.file_name().into_string().unwrap_or_default();
            if name.starts_with("drun-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(dir.join(&name));
            } else if let Some((start, end)) = parse_name(&name) {
                names.push((start, end, name));
            }
        }
        if tree.scan_prefix([b'D']).next().is_some() {
            names = vec![Self::migrate(dir, tree, followed, &names)?];
        }
        let (mem, runs) = match Self::chain(dir, tree, &names, journal)? {
            Some(found) => found,
            None => {
                tracing::warn!(journal, "the domain's rows claim more entries than the journal holds: rebuilt from it");
                for (_, _, name) in &names {
                    std::fs::remove_file(dir.join(name))?;
                }
                remove_prefixes(tree, b"U")?;
                (Table::default(), Vec::new())
            }
        };
        let shared = Arc::new(Shared {
            dir: dir.to_owned(),
            tree: tree.clone(),
            state: RwLock::new(State { mem, frozen: Vec::new(), runs }),
            failed: std::sync::atomic::AtomicBool::new(false),
        });
        let (tx, rx) = mpsc::channel::<Job>();
        let bg = Arc::clone(&shared);
        let handle = std::thread::Builder::new().name("heard-domain-runs".into()).spawn(move || {
            while let Ok(job) = rx.recv() {
                match job {
                    Job::Settle => settle_one(&bg),
                    Job::Idle(done) => {
                        let _ = done.send(());
                    }
                }
            }
        })?;
        Ok(DomainRows { shared, worker: Mutex::new(Some((tx, handle))) })
    }

    /// The runs from 0 (at each point the one reaching furthest; the others deleted) and the
    /// table of the `U` rows that follow them end to end (later ones, and ones the runs
    /// cover, removed), or `None` if either reaches past `journal`.
    #[allow(clippy::type_complexity)]
    fn chain(
        dir: &Path,
        tree: &sled::Tree,
        names: &[(u64, u64, String)],
        journal: u64,
    ) -> Result<Option<(Table, Vec<Arc<DomainRun>>)>, StoreError> {
        let mut runs = Vec::new();
        let mut at = 0u64;
        while let Some((start, end, name)) =
            names.iter().filter(|(s, e, _)| *s == at && *e > at).max_by_key(|(_, e, _)| *e)
        {
            if *end > journal {
                return Ok(None);
            }
            let run = DomainRun::open(&dir.join(name), *start, *end)
                .map_err(|why| corrupt(format!("the domain run file {name} is damaged ({why})")))?;
            runs.push(Arc::new(run));
            at = *end;
        }
        let mut mem = Table { start: at, end: at, ..Table::default() };
        let mut stale = sled::Batch::default();
        let mut any_stale = false;
        for r in tree.scan_prefix([b'U']) {
            let (k, v) = r?;
            let first = be_u64(k.get(1..).unwrap_or_default(), "a domain batch row's key")?;
            let Some((count, rows)) = decode_batch(&v) else {
                return Err(corrupt("a domain batch row is malformed".into()));
            };
            // Left from a settle interrupted after its run was written, or after a gap that
            // the domain fills again.
            if first + count <= at || first != mem.end {
                stale.remove(k);
                any_stale = true;
                continue;
            }
            if first + count > journal {
                return Ok(None);
            }
            mem.apply(rows);
            mem.end = first + count;
        }
        for (s, e, name) in names {
            if !runs.iter().any(|r| r.start == *s && r.end == *e) {
                let _ = std::fs::remove_file(dir.join(name));
            }
        }
        if any_stale {
            tree.apply_batch(stale)?;
            tree.flush()?;
        }
        Ok(Some((mem, runs)))
    }

    /// Writes an older build's `D` rows as one run over entries `0..size`, then removes them
    /// (in chunks: [`remove_prefixes`]). A run over
    /// exactly `0..size` beside `D` rows is the work of a move interrupted while removing
    /// them (the run was synced before the first removal, and nothing is appended during
    /// open): it is kept and the removal finished. Any other run is from a move interrupted
    /// while writing, and goes.
    fn migrate(
        dir: &Path,
        tree: &sled::Tree,
        size: u64,
        old_runs: &[(u64, u64, String)],
    ) -> Result<(u64, u64, String), StoreError> {
        let name = run_name(0, size);
        let done =
            old_runs.iter().any(|(s, e, n)| (*s, *e) == (0, size) && DomainRun::open(&dir.join(n), 0, size).is_ok());
        for (_, _, n) in old_runs {
            if !done || *n != name {
                std::fs::remove_file(dir.join(n))?;
            }
        }
        if !done {
            let rows = tree.scan_prefix([b'D']).map(|r| -> Result<_, StoreError> {
                let (k, v) = r?;
                Ok((k[1..].to_vec(), Some(v)))
            });
            DomainRun::write_from(dir, 0, size, rows)?;
        }
        // Batch rows from a build in between cannot exist alongside `D` rows; drop any.
        let removed = remove_prefixes(tree, b"DU")?;
        let _ = std::fs::remove_file(dir.join("domain-keys.bloom"));
        tracing::info!(rows = removed, "moved the domain rows out of sled into a run file");
        Ok((0, size, name))
    }

    /// After the sled batch holding `U` row `first` was flushed: its `count` entries' writes
    /// become readable. Freezes the table when it is due (see the module docs).
    pub(super) fn committed(&self, first: u64, count: u64, rows: Vec<RunRow>) {
        let settle = {
            let mut st = self.shared.state.write().unwrap_or_else(|e| e.into_inner());
            if st.mem.end != first {
                tracing::error!(first, end = st.mem.end, "domain rows committed out of order");
            }
            st.mem.apply(rows);
            st.mem.end = first + count;
            let due = st.mem.end - st.mem.start >= SETTLE_ENTRIES || st.mem.bytes >= SETTLE_BYTES;
            if due && !self.shared.failed.load(std::sync::atomic::Ordering::Relaxed) {
                let end = st.mem.end;
                let table = std::mem::replace(&mut st.mem, Table { start: end, end, ..Table::default() });
                st.frozen.push(Arc::new(table));
                true
            } else {
                false
            }
        };
        if settle
            && let Ok(w) = self.worker.lock()
            && let Some((tx, _)) = w.as_ref()
        {
            let _ = tx.send(Job::Settle);
        }
    }

    /// Every entry below this seq has its rows applied.
    pub(super) fn applied(&self) -> u64 {
        self.shared.state.read().unwrap_or_else(|e| e.into_inner()).mem.end
    }

    /// The current version of row `k`, if any.
    pub(super) fn get(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let runs = {
            let st = self.shared.state.read().unwrap_or_else(|e| e.into_inner());
            for t in std::iter::once(&st.mem).chain(st.frozen.iter().rev().map(|t| &**t)) {
                if let Some(v) = t.rows.get(k) {
                    return Ok(v.clone());
                }
            }
            st.runs.clone()
        };
        let hash = key_hash(k);
        for run in runs.iter().rev() {
            if let Some(v) = run.get(k, hash)? {
                return Ok(v);
            }
        }
        Ok(None)
    }

    /// Every row whose key starts with `prefix`, in key order.
    pub(super) fn scan(&self, prefix: &[u8]) -> Result<Vec<Row>, StoreError> {
        let (runs, newer) = {
            let st = self.shared.state.read().unwrap_or_else(|e| e.into_inner());
            let mut newer: Vec<Vec<RunRow>> = Vec::new();
            for t in st.frozen.iter().map(|t| &**t).chain(std::iter::once(&st.mem)) {
                newer.push(t.prefix(prefix).map(|(k, v)| (k.clone(), v.clone())).collect());
            }
            (st.runs.clone(), newer)
        };
        let mut all: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        for run in &runs {
            all.extend(run.scan_prefix(prefix)?);
        }
        for rows in newer {
            all.extend(rows);
        }
        Ok(all.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect())
    }

    /// Waits until the background thread has done everything asked of it so far.
    pub(super) fn wait_idle(&self) {
        let (tx, rx) = mpsc::channel();
        let sent = match self.worker.lock() {
            Ok(w) => w.as_ref().is_some_and(|(t, _)| t.send(Job::Idle(tx)).is_ok()),
            Err(_) => false,
        };
        if sent {
            let _ = rx.recv();
        }
    }

    /// The runs in use, as `(start, end)`, oldest first.
    #[cfg(test)]
    pub(super) fn runs(&self) -> Vec<(u64, u64)> {
        let st = self.shared.state.read().unwrap_or_else(|e| e.into_inner());
        st.runs.iter().map(|r| (r.start, r.end)).collect()
    }
}

impl Drop for DomainRows {
    /// Lets the background thread finish what it was given, then joins it.
    fn drop(&mut self) {
        let worker = self.worker.get_mut().map(Option::take).unwrap_or_else(|e| e.into_inner().take());
        if let Some((tx, handle)) = worker {
            drop(tx);
            let _ = handle.join();
        }
    }
}

/// Writes the oldest frozen table as a run, installs it, removes its `U` rows, then merges
/// neighbouring runs while the newer covers at least half as many entries as the older (so
/// run spans fall geometrically, whatever rows the entries wrote).
fn settle_one(shared: &Shared) {
    if let Err(e) = try_settle(shared) {
        shared.failed.store(true, std::sync::atomic::Ordering::Relaxed);
        tracing::error!(error = %e, "could not write the domain rows to a run file; they stay in memory and in sled until restart");
    }
}

fn try_settle(shared: &Shared) -> Result<(), StoreError> {
    let Some(table) = shared.state.read().unwrap_or_else(|e| e.into_inner()).frozen.first().cloned() else {
        return Ok(());
    };
    // Nothing is older than a table starting at 0, so its tombstones can go.
    let rows = table.rows.iter().filter(|(_, v)| table.start > 0 || v.is_some());
    let run = DomainRun::write(&shared.dir, table.start, table.end, rows.map(|(k, v)| (k.as_slice(), v.as_deref())))?;
    {
        let mut st = shared.state.write().unwrap_or_else(|e| e.into_inner());
        st.runs.push(Arc::new(run));
        st.frozen.remove(0);
    }
    let mut batch = sled::Batch::default();
    for r in shared.tree.range(batch_key(table.start)..batch_key(table.end)) {
        batch.remove(r?.0);
    }
    shared.tree.apply_batch(batch)?;
    shared.tree.flush()?;
    loop {
        let pair = {
            let st = shared.state.read().unwrap_or_else(|e| e.into_inner());
            let span = |r: &DomainRun| r.end - r.start;
            match st.runs.len() {
                n if n >= 2 && 2 * span(&st.runs[n - 1]) >= span(&st.runs[n - 2]) => {
                    Some((st.runs[n - 2].clone(), st.runs[n - 1].clone()))
                }
                _ => None,
            }
        };
        let Some((a, b)) = pair else { return Ok(()) };
        let merged = merge(&shared.dir, &[&a, &b], a.start == 0)?;
        {
            let mut st = shared.state.write().unwrap_or_else(|e| e.into_inner());
            let n = st.runs.len();
            st.runs.truncate(n - 2);
            st.runs.push(Arc::new(merged));
        }
        for r in [a, b] {
            let _ = std::fs::remove_file(r.path());
        }
    }
}

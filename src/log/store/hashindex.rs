//! The two hash indexes (entry hash → seq, statement hash → seq), kept out of sled in sorted
//! run files beside the log.
//!
//! A run covers the entries `start..end` and holds, for each, its entry hash and (when the
//! entry decodes) its statement hash, each with the entry's seq. Runs are written when the
//! store settles (every SETTLE_EVERY entries and at a clean close), so the runs in use cover
//! `0..settled` end to end; the entries after that are indexed in memory, from the hashes their
//! `T` rows carry. A background thread merges neighbouring runs of similar size, so that a
//! log of `n` entries has about `log2(n / 8192)` of them and a lookup reads one block of each
//! it has to search. Each run keeps a Bloom filter of each section in memory (built as the
//! run is written or checked on open), so a lookup of a hash a run does not hold, such as a
//! new statement's duplicate check, usually reads nothing from it.
//!
//! File `hidx-{start:016x}-{end:016x}` (all integers big-endian):
//!
//! | bytes | holds |
//! | --- | --- |
//! | 8 | `HEARDIX1` |
//! | 8, 8 | `start`, `end` |
//! | 8, 8 | how many entry-hash records, how many statement-hash records |
//! | 32 | the entry hash of entry `end - 1` (checked against `hashes.dat` on open) |
//! | 40 each | entry-hash records: hash (32) ‖ seq (8), sorted by hash |
//! | 40 each | statement-hash records, the same |
//! | 32 | SHA-256 of everything before |
//!
//! A run is written to a temporary name, synced, renamed and the folder synced, so a run file
//! under its own name is whole. The runs are derived data: a run that fails its checks is
//! deleted and its entries indexed again from `entries.dat`.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, mpsc};

use sha2::{Digest, Sha256};

use super::bloom::{Bloom, hash_u64};
use super::sync_dir;
use crate::protocol::Hash;

const MAGIC: &[u8; 8] = b"HEARDIX1";
const HEADER: u64 = 72;
const REC: u64 = 40;
/// Records per block: the fence keeps the first 8 bytes of each block's first hash.
const BLOCK: u64 = 64;
/// Records read at a time when streaming a section.
const CHUNK: u64 = 1024;

/// Which index: entry hashes or statement hashes.
#[derive(Clone, Copy)]
pub(super) enum Section {
    Entry = 0,
    Statement = 1,
}

/// One entry's index keys: seq, entry hash, statement hash (`None` if the entry does not decode).
pub(super) type Keys = (u64, Hash, Option<Hash>);

/// A run file, open, with its fences in memory.
pub(super) struct Run {
    pub start: u64,
    pub end: u64,
    path: PathBuf,
    file: File,
    count: [u64; 2],
    fence: [Vec<u64>; 2],
    /// A Bloom filter of each section's hashes: most lookups of a hash the run does not
    /// hold end here, without reading the file.
    bloom: [Bloom; 2],
    pub anchor: Hash,
}

/// Where in a hash the fence key (its first 8 bytes) and the Bloom filter's bits come from.
const FENCE_AT: usize = 0;
const BLOOM_AT: usize = 8;

fn record(b: &[u8]) -> (Hash, u64) {
    let mut h = [0u8; 32];
    h.copy_from_slice(&b[..32]);
    let mut s = [0u8; 8];
    s.copy_from_slice(&b[32..40]);
    (h, u64::from_be_bytes(s))
}

fn run_name(start: u64, end: u64) -> String {
    format!("hidx-{start:016x}-{end:016x}")
}

/// `(start, end)` from a run file's name.
pub(super) fn parse_name(name: &str) -> Option<(u64, u64)> {
    let rest = name.strip_prefix("hidx-")?;
    let (a, b) = rest.split_once('-')?;
    if a.len() != 16 || b.len() != 16 {
        return None;
    }
    Some((u64::from_str_radix(a, 16).ok()?, u64::from_str_radix(b, 16).ok()?))
}

impl Run {
    fn total(&self) -> u64 {
        self.count[0] + self.count[1]
    }

    fn section_at(&self, s: usize) -> u64 {
        HEADER + if s == 0 { 0 } else { self.count[0] * REC }
    }

    /// The seq recorded for `h` in section `s`.
    fn lookup(&self, s: Section, h: &Hash) -> std::io::Result<Option<u64>> {
        let s = s as usize;
        let (fence, count) = (&self.fence[s], self.count[s]);
        if !self.bloom[s].may_contain(hash_u64(h, BLOOM_AT)) {
            return Ok(None);
        }
        let k = hash_u64(h, FENCE_AT);
        let hi = fence.partition_point(|&f| f <= k) as u64;
        if hi == 0 {
            return Ok(None);
        }
        let lo = (fence.partition_point(|&f| f < k) as u64).saturating_sub(1);
        let (from, to) = (lo * BLOCK, (hi * BLOCK).min(count));
        let mut buf = vec![0u8; ((to - from) * REC) as usize];
        self.file.read_exact_at(&mut buf, self.section_at(s) + from * REC)?;
        let (recs, _) = buf.as_chunks::<{ REC as usize }>();
        Ok(recs.binary_search_by(|r| r[..32].cmp(&h[..])).ok().map(|i| record(&recs[i]).1))
    }

    /// Opens and checks a run file: its header against its name, its length, its order and
    /// its checksum. Says what is wrong if anything is.
    pub(super) fn open(path: &Path, start: u64, end: u64) -> Result<Run, String> {
        let file = File::open(path).map_err(|e| e.to_string())?;
        let len = file.metadata().map_err(|e| e.to_string())?.len();
        let mut head = [0u8; HEADER as usize];
        file.read_exact_at(&mut head, 0).map_err(|e| format!("its header cannot be read: {e}"))?;
        let field = |i: usize| u64::from_be_bytes(head[8 + 8 * i..16 + 8 * i].try_into().unwrap_or_default());
        if &head[..8] != MAGIC || field(0) != start || field(1) != end {
            return Err("its header does not match its name".into());
        }
        let count = [field(2), field(3)];
        let span = end.saturating_sub(start);
        let records = count[0].checked_add(count[1]).filter(|_| count[0] <= span && count[1] <= span);
        if records.and_then(|c| c.checked_mul(REC)).map(|b| HEADER + b + 32) != Some(len) || count[0] == 0 {
            return Err(format!("it is {len} bytes, not what its header implies"));
        }
        let mut anchor = [0u8; 32];
        anchor.copy_from_slice(&head[40..72]);
        let mut sha = Sha256::new();
        sha.update(head);
        let mut fence = [Vec::new(), Vec::new()];
        let bloom = count.map(Bloom::with_capacity);
        let mut at = HEADER;
        for (s, f) in fence.iter_mut().enumerate() {
            let mut last: Option<Hash> = None;
            let mut i = 0u64;
            while i < count[s] {
                let n = CHUNK.min(count[s] - i);
                let mut buf = vec![0u8; (n * REC) as usize];
                file.read_exact_at(&mut buf, at).map_err(|e| e.to_string())?;
                sha.update(&buf);
                for (j, r) in buf.chunks_exact(REC as usize).enumerate() {
                    let (h, seq) = record(r);
                    if last.is_some_and(|l| l >= h) || seq < start || seq >= end {
                        return Err(format!("record {} of section {s} is out of order or range", i + j as u64));
                    }
                    if (i + j as u64).is_multiple_of(BLOCK) {
                        f.push(hash_u64(&h, FENCE_AT));
                    }
                    bloom[s].insert(hash_u64(&h, BLOOM_AT));
                    last = Some(h);
                }
                at += n * REC;
                i += n;
            }
        }
        let mut sum = [0u8; 32];
        file.read_exact_at(&mut sum, at).map_err(|e| e.to_string())?;
        if sha.finalize()[..] != sum[..] {
            return Err("its checksum does not match".into());
        }
        Ok(Run { start, end, path: path.to_owned(), file, count, fence, bloom, anchor })
    }
}

/// Streams one section of a run in order.
struct SectionReader<'a> {
    file: &'a File,
    at: u64,
    left: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl<'a> SectionReader<'a> {
    fn new(run: &'a Run, s: usize) -> Self {
        SectionReader { file: &run.file, at: run.section_at(s), left: run.count[s], buf: Vec::new(), pos: 0 }
    }

    fn next(&mut self) -> std::io::Result<Option<(Hash, u64)>> {
        if self.pos == self.buf.len() {
            if self.left == 0 {
                return Ok(None);
            }
            let n = CHUNK.min(self.left);
            self.buf.resize((n * REC) as usize, 0);
            self.file.read_exact_at(&mut self.buf, self.at)?;
            (self.at, self.left, self.pos) = (self.at + n * REC, self.left - n, 0);
        }
        let r = record(&self.buf[self.pos..self.pos + REC as usize]);
        self.pos += REC as usize;
        Ok(Some(r))
    }
}

/// Yields a section's records in order.
type NextRecord<'a> = dyn FnMut() -> std::io::Result<Option<(Hash, u64)>> + 'a;

/// Writes run `start..end` whose sections yield `count` records each, in order: to a
/// temporary name, synced, then renamed into place and the folder synced.
fn write_run(
    dir: &Path,
    tmp: &str,
    (start, end, anchor): (u64, u64, Hash),
    count: [u64; 2],
    mut sections: [&mut NextRecord<'_>; 2],
) -> std::io::Result<Run> {
    let path = dir.join(run_name(start, end));
    let tmp_path = dir.join(tmp);
    let file = File::create(&tmp_path)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, &file);
    let mut sha = Sha256::new();
    let mut head = Vec::with_capacity(HEADER as usize);
    head.extend_from_slice(MAGIC);
    for v in [start, end, count[0], count[1]] {
        head.extend_from_slice(&v.to_be_bytes());
    }
    head.extend_from_slice(&anchor);
    sha.update(&head);
    out.write_all(&head)?;
    let mut fence = [Vec::new(), Vec::new()];
    let bloom = count.map(Bloom::with_capacity);
    for (s, next) in sections.iter_mut().enumerate() {
        for i in 0..count[s] {
            let (h, seq) = next()?.ok_or_else(|| std::io::Error::other("a run section ended early"))?;
            if i.is_multiple_of(BLOCK) {
                fence[s].push(hash_u64(&h, FENCE_AT));
            }
            bloom[s].insert(hash_u64(&h, BLOOM_AT));
            let mut r = [0u8; REC as usize];
            r[..32].copy_from_slice(&h);
            r[32..].copy_from_slice(&seq.to_be_bytes());
            sha.update(r);
            out.write_all(&r)?;
        }
    }
    out.write_all(&sha.finalize())?;
    out.flush()?;
    drop(out);
    file.sync_all()?;
    std::fs::rename(&tmp_path, &path)?;
    sync_dir(dir)?;
    Ok(Run { start, end, path, file: File::open(dir.join(run_name(start, end)))?, count, fence, bloom, anchor })
}

/// Writes the run of entries `start..end` from their keys (in any order).
pub(super) fn write_keys(dir: &Path, tmp: &str, start: u64, end: u64, keys: &[Keys]) -> std::io::Result<Run> {
    let mut e: Vec<(Hash, u64)> = keys.iter().map(|&(seq, h, _)| (h, seq)).collect();
    let mut s: Vec<(Hash, u64)> = keys.iter().filter_map(|&(seq, _, h)| h.map(|h| (h, seq))).collect();
    e.sort_unstable();
    s.sort_unstable();
    let anchor = keys.iter().max_by_key(|k| k.0).map(|k| k.1).unwrap_or_default();
    let (mut ei, mut si) = (e.into_iter(), s.into_iter());
    let count = [ei.len() as u64, si.len() as u64];
    write_run(dir, tmp, (start, end, anchor), count, [&mut || Ok(ei.next()), &mut || Ok(si.next())])
}

/// Merges neighbouring runs `a` (first) and `b` into one.
fn merge(dir: &Path, tmp: &str, a: &Run, b: &Run) -> std::io::Result<Run> {
    let mut sections = [0, 1].map(|s| {
        let (mut x, mut y) = (SectionReader::new(a, s), SectionReader::new(b, s));
        let (mut hx, mut hy) = (None, None);
        let mut started = false;
        move || -> std::io::Result<Option<(Hash, u64)>> {
            if !started {
                (hx, hy, started) = (x.next()?, y.next()?, true);
            }
            Ok(match (hx, hy) {
                (Some(p), Some(q)) if p.0 <= q.0 => {
                    hx = x.next()?;
                    Some(p)
                }
                (_, Some(q)) => {
                    hy = y.next()?;
                    Some(q)
                }
                (Some(p), None) => {
                    hx = x.next()?;
                    Some(p)
                }
                (None, None) => None,
            })
        }
    });
    let [s0, s1] = &mut sections;
    let count = [a.count[0] + b.count[0], a.count[1] + b.count[1]];
    write_run(dir, tmp, (a.start, b.end, b.anchor), count, [s0, s1])
}

/// What is indexed in memory: the committed entries past the last run.
#[derive(Default)]
struct Recent {
    maps: [HashMap<Hash, u64>; 2],
}

struct Shared {
    dir: PathBuf,
    runs: RwLock<Vec<Arc<Run>>>,
    recent: RwLock<Recent>,
    tmp: AtomicU64,
    stop: AtomicBool,
    /// Held while merging: one merge at a time (the merger thread, or a test calling in).
    merging: Mutex<()>,
}

impl Shared {
    fn tmp_name(&self) -> String {
        format!("hidx.tmp.{}.{}", std::process::id(), self.tmp.fetch_add(1, Ordering::Relaxed))
    }
}

/// The hash indexes of one store.
pub(super) struct HashIndex {
    shared: Arc<Shared>,
    /// Wakes the merger thread, and the thread (joined on drop).
    merger: Option<(mpsc::Sender<()>, std::thread::JoinHandle<()>)>,
}

impl HashIndex {
    /// An index over `runs` (which must cover `0..` end to end) and the keys of the
    /// committed entries after them.
    pub(super) fn new(dir: &Path, runs: Vec<Run>, recent: &[Keys]) -> HashIndex {
        let shared = Arc::new(Shared {
            dir: dir.to_owned(),
            runs: RwLock::new(runs.into_iter().map(Arc::new).collect()),
            recent: RwLock::new(Recent::default()),
            tmp: AtomicU64::new(0),
            stop: AtomicBool::new(false),
            merging: Mutex::new(()),
        });
        let (tx, rx) = mpsc::channel::<()>();
        let bg = Arc::clone(&shared);
        let handle = std::thread::Builder::new()
            .name("heard-index-merge".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    while rx.try_recv().is_ok() {}
                    merge_all(&bg);
                }
            })
            .ok();
        let index = HashIndex { shared, merger: handle.map(|h| (tx.clone(), h)) };
        index.publish(recent, Vec::new());
        let _ = tx.send(());
        index
    }

    /// A name for a temporary file in the folder.
    pub(super) fn tmp_name(&self) -> String {
        self.shared.tmp_name()
    }

    /// Makes committed keys visible: `runs` (which continue the runs in use and cover every
    /// key in memory) are installed, and the `keys` past them added to the memory index.
    pub(super) fn publish(&self, keys: &[Keys], runs: Vec<Run>) {
        let mut recent = self.shared.recent.write().unwrap_or_else(|e| e.into_inner());
        let covered = runs.last().map(|r| r.end);
        if covered.is_some() {
            self.shared.runs.write().unwrap_or_else(|e| e.into_inner()).extend(runs.into_iter().map(Arc::new));
            recent.maps = Default::default();
        }
        for &(seq, e, s) in keys.iter().filter(|k| covered.is_none_or(|c| k.0 >= c)) {
            recent.maps[0].insert(e, seq);
            if let Some(s) = s {
                recent.maps[1].insert(s, seq);
            }
        }
        drop(recent);
        if covered.is_some()
            && let Some((tx, _)) = &self.merger
        {
            let _ = tx.send(());
        }
    }

    /// The seq recorded for `h` in section `s`.
    pub(super) fn lookup(&self, s: Section, h: &Hash) -> std::io::Result<Option<u64>> {
        if let Some(&seq) = self.shared.recent.read().unwrap_or_else(|e| e.into_inner()).maps[s as usize].get(h) {
            return Ok(Some(seq));
        }
        let runs = self.shared.runs.read().unwrap_or_else(|e| e.into_inner());
        for run in runs.iter().rev() {
            if let Some(seq) = run.lookup(s, h)? {
                return Ok(Some(seq));
            }
        }
        Ok(None)
    }

    /// Bytes the run files occupy.
    pub(super) fn bytes(&self) -> u64 {
        let runs = self.shared.runs.read().unwrap_or_else(|e| e.into_inner());
        runs.iter().map(|r| HEADER + r.total() * REC + 32).sum()
    }

    /// The ranges of the runs in use, in order.
    #[cfg(test)]
    pub(super) fn runs(&self) -> Vec<(u64, u64)> {
        self.shared.runs.read().unwrap().iter().map(|r| (r.start, r.end)).collect()
    }

    /// Waits until the merger has nothing left to merge.
    #[cfg(test)]
    pub(super) fn settle_merges(&self) {
        merge_all(&self.shared);
    }
}

impl Drop for HashIndex {
    /// Stops the merger after the merge under way (whose result stays valid either way).
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some((tx, handle)) = self.merger.take() {
            drop(tx);
            let _ = handle.join();
        }
    }
}

/// Merges neighbouring runs while the later holds at least half as many records as the
/// earlier, newest first, so that run sizes fall geometrically.
fn merge_all(shared: &Shared) {
    let _one = shared.merging.lock().unwrap_or_else(|e| e.into_inner());
    while !shared.stop.load(Ordering::Relaxed) {
        let pair = {
            let runs = shared.runs.read().unwrap_or_else(|e| e.into_inner());
            (1..runs.len())
                .rev()
                .find(|&i| 2 * runs[i].total() >= runs[i - 1].total())
                .map(|i| (Arc::clone(&runs[i - 1]), Arc::clone(&runs[i])))
        };
        let Some((a, b)) = pair else { return };
        let merged = match merge(&shared.dir, &shared.tmp_name(), &a, &b) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(error = %e, "could not merge two hash index runs; lookups read both");
                return;
            }
        };
        let mut runs = shared.runs.write().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = runs.iter().position(|r| Arc::ptr_eq(r, &a))
            && runs.get(i + 1).is_some_and(|r| Arc::ptr_eq(r, &b))
        {
            runs.splice(i..i + 2, [Arc::new(merged)]);
            drop(runs);
            let _ = std::fs::remove_file(&a.path);
            let _ = std::fs::remove_file(&b.path);
        }
    }
}

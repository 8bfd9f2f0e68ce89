//! The domain's index rows (key → value, both byte strings), kept out of sled in sorted run
//! files beside the log.
//!
//! A run holds the rows written by the entries `start..end`: for each key they touched, its
//! newest version, a value or a tombstone (the row was removed), sorted by key. Runs are
//! written when the store settles and merged by the caller in the background (see [`merge`]);
//! the rows written since the last run are held in memory. A lookup reads at most one block
//! (`BLOCK` records) of each run it has to search: the first key and file offset of every
//! block (the fences) are kept in memory. Each run also keeps a Bloom filter of its keys in
//! memory (built as the run is written or checked on open), so a lookup of a key the run does
//! not hold usually reads nothing from it.
//!
//! File `drun-{start:016x}-{end:016x}` (all integers big-endian):
//!
//! | bytes | holds |
//! | --- | --- |
//! | 8 | `HEARDDR1` |
//! | 8, 8 | `start`, `end` |
//! | 8 | how many records |
//! | each | a record: key length (4) ‖ key ‖ tag (1: 1 a value, 0 a tombstone) ‖ for tag 1 only, value length (4) ‖ value; sorted by key, strictly ascending |
//! | 32 | SHA-256 of everything before |
//!
//! A run is written to `{name}.tmp`, synced, renamed and the folder synced, so a run file
//! under its own name is whole; open checks all of it (header against the name, every record,
//! the order of the keys, the checksum). The runs are derived data: a run that fails its
//! checks can be deleted and written again from what it was derived from.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::{File, OpenOptions};
use std::io::{Error, ErrorKind};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[cfg(test)]
use super::bloom::BITS_PER_KEY;
use super::bloom::{Bloom, hash_u64};
use super::sync_dir;

const MAGIC: &[u8; 8] = b"HEARDDR1";
const HEADER: u64 = 32;
const SUM: u64 = 32;
/// Records per block: the fences hold the key and offset of every BLOCK-th record.
const BLOCK: u64 = 32;
/// Bytes read at a time when streaming records.
const CHUNK: usize = 1 << 16;
/// Bytes of records a writer holds before it writes them to the file. A run smaller than
/// this is hashed in memory; a larger one is read back once to be hashed (the count in the
/// header, which the checksum covers first, is known only at the end).
const SPILL: usize = 4 << 20;
/// The shortest record: key length, an empty key, a tombstone's tag.
const MIN_RECORD: u64 = 5;

/// A row as stored in a run: key, and value or `None` for a tombstone (the row was removed).
pub(super) type RunRow = (Vec<u8>, Option<Vec<u8>>);

/// `drun-{start:016x}-{end:016x}`
pub(super) fn run_name(start: u64, end: u64) -> String {
    format!("drun-{start:016x}-{end:016x}")
}

/// `(start, end)` from a run file's name (None for anything else, including `.tmp` names).
pub(super) fn parse_name(name: &str) -> Option<(u64, u64)> {
    let (a, b) = name.strip_prefix("drun-")?.split_once('-')?;
    let field = |s: &str| {
        let hex = s.len() == 16 && s.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'));
        hex.then(|| u64::from_str_radix(s, 16).ok()).flatten()
    };
    let (start, end) = (field(a)?, field(b)?);
    (start <= end).then_some((start, end))
}

/// The 64 bits of a key's SHA-256 that its Bloom filter bits come from: computed once per
/// lookup by the caller and passed to each run's [`DomainRun::get`].
pub(super) fn key_hash(key: &[u8]) -> u64 {
    hash_u64(&Sha256::digest(key).into(), 0)
}

fn be64(b: &[u8], at: usize) -> u64 {
    b.get(at..).and_then(|s| s.first_chunk::<8>()).map_or(0, |c| u64::from_be_bytes(*c))
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..)?.first_chunk::<4>().map(|c| u32::from_be_bytes(*c) as usize)
}

fn invalid_input(msg: String) -> Error {
    Error::new(ErrorKind::InvalidInput, msg)
}

fn invalid_data(msg: String) -> Error {
    Error::new(ErrorKind::InvalidData, msg)
}

/// What the bytes at the start of a slice hold.
enum Parse {
    /// A whole record: where its key and value (`None`: a tombstone) lie, and its length.
    Record { key: Range<usize>, value: Option<Range<usize>>, len: usize },
    /// A record that needs at least this many bytes, more than the slice has.
    Need(usize),
    /// A record whose tag is neither 0 nor 1.
    BadTag(u8),
}

fn parse(b: &[u8]) -> Parse {
    let Some(klen) = be32(b, 0) else { return Parse::Need(4) };
    let tag_at = 4usize.saturating_add(klen);
    let Some(&tag) = b.get(tag_at) else { return Parse::Need(tag_at.saturating_add(1)) };
    let key = 4..tag_at;
    match tag {
        0 => Parse::Record { key, value: None, len: tag_at + 1 },
        1 => {
            let Some(vlen) = be32(b, tag_at + 1) else { return Parse::Need(tag_at + 5) };
            let value = tag_at + 5..(tag_at + 5).saturating_add(vlen);
            if b.len() < value.end {
                return Parse::Need(value.end);
            }
            let len = value.end;
            Parse::Record { key, value: Some(value), len }
        }
        t => Parse::BadTag(t),
    }
}

/// The in-memory fences of a run: the first key and file offset of each block.
#[derive(Default)]
struct Fences {
    /// The blocks' first keys, one after another.
    keys: Vec<u8>,
    /// For each block: where its first key lies in `keys`, and the block's file offset.
    index: Vec<(usize, usize, u64)>,
    /// The file offset where the records end.
    end: u64,
}

impl Fences {
    fn push(&mut self, key: &[u8], at: u64) {
        let from = self.keys.len();
        self.keys.extend_from_slice(key);
        self.index.push((from, self.keys.len(), at));
    }

    fn finish(&mut self, end: u64) {
        self.end = end;
        self.keys.shrink_to_fit();
        self.index.shrink_to_fit();
    }

    /// How many blocks start with a key `before` holds for (true for a prefix of the blocks).
    fn count(&self, before: impl Fn(&[u8]) -> bool) -> usize {
        self.index.partition_point(|&(a, b, _)| before(&self.keys[a..b]))
    }

    /// The file offset of block `b` (the records' end for `b` past the last block).
    fn at(&self, b: usize) -> u64 {
        self.index.get(b).map_or(self.end, |f| f.2)
    }

    #[cfg(test)]
    fn bytes(&self) -> u64 {
        (self.keys.capacity() + self.index.capacity() * size_of::<(usize, usize, u64)>()) as u64
    }
}

/// Where a record's key and value (`None`: a tombstone) lie in a buffer.
type Ranges = (Range<usize>, Option<Range<usize>>);

/// Reads the records of a run file from one offset to another, a chunk at a time.
struct Reader<'f> {
    file: &'f File,
    /// The file offset of the first byte not yet read into `buf`.
    next_at: u64,
    /// Where reading stops.
    end: u64,
    buf: Vec<u8>,
    /// Where in `buf` the next record starts.
    pos: usize,
    /// Hashes every byte read, if set.
    sha: Option<Sha256>,
}

impl<'f> Reader<'f> {
    fn new(file: &'f File, from: u64, end: u64, sha: Option<Sha256>) -> Reader<'f> {
        Reader { file, next_at: from, end: end.max(from), buf: Vec::new(), pos: 0, sha }
    }

    /// The file offset of the next record.
    fn at(&self) -> u64 {
        self.next_at - (self.buf.len() - self.pos) as u64
    }

    fn done(&self) -> bool {
        self.pos == self.buf.len() && self.next_at == self.end
    }

    /// Reads until `buf` holds at least `need` bytes from `pos`.
    fn fill(&mut self, need: usize) -> std::io::Result<()> {
        let have = self.buf.len() - self.pos;
        let left = self.end - self.next_at;
        let more = need.saturating_sub(have);
        if more as u64 > left {
            return Err(invalid_data(format!("the record at byte {} runs past the end of the records", self.at())));
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        let n = (more.max(CHUNK) as u64).min(left) as usize;
        let old = self.buf.len();
        self.buf.resize(old + n, 0);
        self.file.read_exact_at(&mut self.buf[old..], self.next_at)?;
        if let Some(sha) = &mut self.sha {
            sha.update(&self.buf[old..]);
        }
        self.next_at += n as u64;
        Ok(())
    }

    /// The next record, as where its key and value lie in `buf`; `None` at the end.
    fn next_ranges(&mut self) -> std::io::Result<Option<Ranges>> {
        if self.done() {
            return Ok(None);
        }
        loop {
            match parse(&self.buf[self.pos..]) {
                Parse::Record { key, value, len } => {
                    let base = self.pos;
                    self.pos += len;
                    let shift = |r: Range<usize>| base + r.start..base + r.end;
                    return Ok(Some((shift(key), value.map(shift))));
                }
                Parse::Need(n) => self.fill(n)?,
                Parse::BadTag(t) => {
                    return Err(invalid_data(format!("the record at byte {} has tag {t}, not 0 or 1", self.at())));
                }
            }
        }
    }

    fn next_row(&mut self) -> std::io::Result<Option<RunRow>> {
        Ok(self.next_ranges()?.map(|(k, v)| (self.buf[k].to_vec(), v.map(|v| self.buf[v].to_vec()))))
    }
}

/// A run file, open, with its fences and Bloom filter in memory.
pub(super) struct DomainRun {
    pub start: u64,
    pub end: u64,
    path: PathBuf,
    file: File,
    count: u64,
    fences: Fences,
    /// A Bloom filter of the run's keys: most lookups of a key the run does not hold end
    /// here, without reading the file.
    bloom: Bloom,
}

/// Writes a run: records are checked and gathered in memory, then written to `{name}.tmp`;
/// `finish` completes the file and renames it into place. Dropped unfinished, it removes the
/// temporary file.
struct Writer {
    dir: PathBuf,
    start: u64,
    end: u64,
    tmp: PathBuf,
    file: File,
    /// Bytes not yet written, which go at file offset `at`; the header's 32 bytes are
    /// reserved at the start and filled in by `finish`.
    buf: Vec<u8>,
    at: u64,
    spilled: bool,
    count: u64,
    last: Vec<u8>,
    fences: Fences,
    /// Each key's Bloom filter hash: the filter is sized once the count is known.
    hashes: Vec<u64>,
    done: bool,
}

impl Writer {
    fn new(dir: &Path, start: u64, end: u64) -> std::io::Result<Writer> {
        if start > end {
            return Err(invalid_input(format!("a run cannot cover {start}..{end}")));
        }
        let tmp = dir.join(format!("{}.tmp", run_name(start, end)));
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&tmp)?;
        Ok(Writer {
            dir: dir.to_owned(),
            start,
            end,
            tmp,
            file,
            buf: vec![0; HEADER as usize],
            at: 0,
            spilled: false,
            count: 0,
            last: Vec::new(),
            fences: Fences::default(),
            hashes: Vec::new(),
            done: false,
        })
    }

    fn push(&mut self, key: &[u8], value: Option<&[u8]>) -> std::io::Result<()> {
        if self.count > 0 && key <= self.last.as_slice() {
            return Err(invalid_input(format!("row {} of the run's rows is not after the row before it", self.count)));
        }
        let too_long = |what: &str| invalid_input(format!("row {}'s {what} is longer than 4 GiB", self.count));
        let klen = u32::try_from(key.len()).map_err(|_| too_long("key"))?;
        let vlen = value.map(|v| u32::try_from(v.len()).map_err(|_| too_long("value"))).transpose()?;
        if self.count.is_multiple_of(BLOCK) {
            self.fences.push(key, self.at + self.buf.len() as u64);
        }
        self.buf.extend_from_slice(&klen.to_be_bytes());
        self.buf.extend_from_slice(key);
        if let (Some(v), Some(vlen)) = (value, vlen) {
            self.buf.push(1);
            self.buf.extend_from_slice(&vlen.to_be_bytes());
            self.buf.extend_from_slice(v);
        } else {
            self.buf.push(0);
        }
        self.hashes.push(key_hash(key));
        self.last.clear();
        self.last.extend_from_slice(key);
        self.count += 1;
        if self.buf.len() >= SPILL {
            self.file.write_all_at(&self.buf, self.at)?;
            self.at += self.buf.len() as u64;
            self.buf.clear();
            self.spilled = true;
        }
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<DomainRun> {
        let records_end = self.at + self.buf.len() as u64;
        let mut head = [0u8; HEADER as usize];
        head[..8].copy_from_slice(MAGIC);
        for (i, v) in [self.start, self.end, self.count].into_iter().enumerate() {
            head[8 + 8 * i..16 + 8 * i].copy_from_slice(&v.to_be_bytes());
        }
        let sum = if self.spilled {
            self.file.write_all_at(&self.buf, self.at)?;
            self.file.write_all_at(&head, 0)?;
            let mut sha = Sha256::new();
            let mut chunk = vec![0u8; CHUNK];
            let mut at = 0;
            while at < records_end {
                let n = (records_end - at).min(CHUNK as u64) as usize;
                self.file.read_exact_at(&mut chunk[..n], at)?;
                sha.update(&chunk[..n]);
                at += n as u64;
            }
            sha.finalize()
        } else {
            self.buf[..HEADER as usize].copy_from_slice(&head);
            self.file.write_all_at(&self.buf, 0)?;
            Sha256::digest(&self.buf)
        };
        self.file.write_all_at(&sum, records_end)?;
        self.file.sync_all()?;
        let path = self.dir.join(run_name(self.start, self.end));
        std::fs::rename(&self.tmp, &path)?;
        self.done = true;
        sync_dir(&self.dir)?;
        let bloom = Bloom::with_capacity(self.count);
        for &h in &self.hashes {
            bloom.insert(h);
        }
        let mut fences = std::mem::take(&mut self.fences);
        fences.finish(records_end);
        let file = File::open(&path)?;
        Ok(DomainRun { start: self.start, end: self.end, path, file, count: self.count, fences, bloom })
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl DomainRun {
    /// Writes a run covering entries start..end in `dir` from rows strictly ascending by key
    /// (returns an io::Error of kind InvalidInput, writing nothing under the final name, if
    /// they are not). Written as `{name}.tmp`, synced, renamed to `run_name(start, end)`, the
    /// folder synced. Returns the run, open. Zero rows is allowed (an empty run).
    pub(super) fn write<'a>(
        dir: &Path,
        start: u64,
        end: u64,
        rows: impl IntoIterator<Item = (&'a [u8], Option<&'a [u8]>)>,
    ) -> std::io::Result<DomainRun> {
        Self::write_from(dir, start, end, rows.into_iter().map(Ok::<_, std::io::Error>))
    }

    /// As [`DomainRun::write`], from rows that may fail to read (such as a scan of sled), so
    /// that a run can be written without holding its rows in memory. The first error is
    /// returned, and no run is left under the final name.
    pub(super) fn write_from<K, V, E>(
        dir: &Path,
        start: u64,
        end: u64,
        rows: impl IntoIterator<Item = Result<(K, Option<V>), E>>,
    ) -> Result<DomainRun, E>
    where
        K: AsRef<[u8]>,
        V: AsRef<[u8]>,
        E: From<std::io::Error>,
    {
        let mut w = Writer::new(dir, start, end)?;
        for row in rows {
            let (key, value) = row?;
            w.push(key.as_ref(), value.as_ref().map(AsRef::as_ref))?;
        }
        Ok(w.finish()?)
    }

    /// Opens and fully checks a run file whose name gave start/end: magic, header against the
    /// name, length, every record well-formed, keys strictly ascending, checksum. Says in
    /// words what is wrong if anything is.
    pub(super) fn open(path: &Path, start: u64, end: u64) -> Result<DomainRun, String> {
        let file = File::open(path).map_err(|e| format!("it cannot be opened: {e}"))?;
        let len = file.metadata().map_err(|e| format!("its length cannot be read: {e}"))?.len();
        if len < HEADER + SUM {
            return Err(format!("it is {len} bytes, too short for a header and a checksum"));
        }
        let mut head = [0u8; HEADER as usize];
        file.read_exact_at(&mut head, 0).map_err(|e| format!("its header cannot be read: {e}"))?;
        if &head[..8] != MAGIC {
            return Err("it does not start with HEARDDR1".into());
        }
        let (hs, he, count) = (be64(&head, 8), be64(&head, 16), be64(&head, 24));
        if (hs, he) != (start, end) {
            return Err(format!("its header says entries {hs}..{he}, its name {start}..{end}"));
        }
        let records_end = len - SUM;
        if count > (records_end - HEADER) / MIN_RECORD {
            return Err(format!("its header counts {count} records, more than its {len} bytes can hold"));
        }
        let mut sha = Sha256::new();
        sha.update(head);
        let mut reader = Reader::new(&file, HEADER, records_end, Some(sha));
        let mut fences = Fences::default();
        let bloom = Bloom::with_capacity(count);
        let mut last = Vec::new();
        for i in 0..count {
            let at = reader.at();
            let Some((k, _)) = reader.next_ranges().map_err(|e| e.to_string())? else {
                return Err(format!("it holds {i} records, not the {count} its header counts"));
            };
            let key = &reader.buf[k];
            if i > 0 && key <= last.as_slice() {
                return Err(format!("record {i} (at byte {at}) is out of order: its key is not after the one before"));
            }
            if i.is_multiple_of(BLOCK) {
                fences.push(key, at);
            }
            bloom.insert(key_hash(key));
            last.clear();
            last.extend_from_slice(key);
        }
        if !reader.done() {
            let extra = records_end - reader.at();
            return Err(format!("it has {extra} bytes after the {count} records its header counts"));
        }
        fences.finish(records_end);
        let mut sum = [0u8; SUM as usize];
        file.read_exact_at(&mut sum, records_end).map_err(|e| format!("its checksum cannot be read: {e}"))?;
        if reader.sha.take().map(|s| s.finalize()).is_none_or(|d| d[..] != sum[..]) {
            return Err("its checksum does not match".into());
        }
        Ok(DomainRun { start, end, path: path.to_owned(), file, count, fences, bloom })
    }

    /// The run's version of `key`, whose [`key_hash`] is `hash`: None if the run has no
    /// record for it, Some(None) a tombstone, Some(Some(v)) a value. Reads at most one block.
    pub(super) fn get(&self, key: &[u8], hash: u64) -> std::io::Result<Option<Option<Vec<u8>>>> {
        if self.count == 0 || !self.bloom.may_contain(hash) {
            return Ok(None);
        }
        let Some(b) = self.fences.count(|f| f <= key).checked_sub(1) else { return Ok(None) };
        let (from, to) = (self.fences.at(b), self.fences.at(b + 1));
        let mut buf = vec![0u8; to.saturating_sub(from) as usize];
        self.file.read_exact_at(&mut buf, from)?;
        let mut rest = &buf[..];
        while !rest.is_empty() {
            let Parse::Record { key: k, value, len } = parse(rest) else {
                return Err(invalid_data(format!("a block of {} does not parse", self.path.display())));
            };
            match rest[k].cmp(key) {
                std::cmp::Ordering::Equal => return Ok(Some(value.map(|v| rest[v].to_vec()))),
                std::cmp::Ordering::Greater => return Ok(None),
                std::cmp::Ordering::Less => rest = &rest[len..],
            }
        }
        Ok(None)
    }

    /// Every record whose key starts with `prefix`, in key order, tombstones included. Reads
    /// only the blocks that may hold such keys.
    pub(super) fn scan_prefix(&self, prefix: &[u8]) -> std::io::Result<Vec<RunRow>> {
        // The first block that may hold a key with the prefix, and the first block whose
        // first key is past every key with it.
        let first = self.fences.count(|f| f < prefix).saturating_sub(1);
        let stop = self.fences.count(|f| f < prefix || f.starts_with(prefix));
        let mut r = Reader::new(&self.file, self.fences.at(first), self.fences.at(stop), None);
        let mut out = Vec::new();
        while let Some((k, v)) = r.next_ranges()? {
            let key = &r.buf[k];
            if key.starts_with(prefix) {
                out.push((key.to_vec(), v.map(|v| r.buf[v].to_vec())));
            } else if key > prefix {
                break;
            }
        }
        Ok(out)
    }

    /// Streams every record in key order, reading the file a chunk at a time. After an
    /// error, it ends.
    pub(super) fn iter(&self) -> impl Iterator<Item = std::io::Result<RunRow>> + '_ {
        let mut r = Reader::new(&self.file, HEADER, self.fences.end, None);
        let mut failed = false;
        std::iter::from_fn(move || {
            if failed {
                return None;
            }
            let next = r.next_row().transpose();
            failed = matches!(next, Some(Err(_)));
            next
        })
    }

    /// Records in the run (tombstones included).
    #[cfg(test)]
    pub(super) fn len(&self) -> u64 {
        self.count
    }

    /// The file's path.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes the in-memory fences and Bloom filter take (the filter's size as
    /// `Bloom::with_capacity` makes it).
    #[cfg(test)]
    pub(super) fn memory(&self) -> u64 {
        let bloom_bits = self.count.max(64).saturating_mul(BITS_PER_KEY).next_multiple_of(64);
        self.fences.bytes() + bloom_bits / 8
    }
}

/// Merges consecutive runs (`runs[i].end == runs[i + 1].start`, oldest first; InvalidInput
/// otherwise or when empty) into one run covering `runs[0].start..runs.last().end`, written
/// as [`DomainRun::write`] does: for a key in several runs the newest run's record wins, and
/// if `drop_tombstones` (nothing older than the runs exists) tombstones are left out. Streams
/// the runs (a k-way merge), never holding a whole one in memory.
pub(super) fn merge(dir: &Path, runs: &[&DomainRun], drop_tombstones: bool) -> std::io::Result<DomainRun> {
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
        return Err(invalid_input("no runs to merge".into()));
    };
    if let Some(w) = runs.windows(2).find(|w| w[0].end != w[1].start) {
        let (a, b) = (w[0], w[1]);
        return Err(invalid_input(format!(
            "runs {}..{} and {}..{} are not consecutive",
            a.start, a.end, b.start, b.end
        )));
    }
    let mut iters: Vec<_> = runs.iter().map(|r| r.iter()).collect();
    // The head of each run: smallest key first and, for equal keys, oldest run first.
    let mut heap = BinaryHeap::new();
    for (i, it) in iters.iter_mut().enumerate() {
        if let Some((k, v)) = it.next().transpose()? {
            heap.push(Reverse((k, i, v)));
        }
    }
    let mut w = Writer::new(dir, first.start, last.end)?;
    while let Some(Reverse((key, mut i, mut value))) = heap.pop() {
        loop {
            if let Some((k, v)) = iters[i].next().transpose()? {
                heap.push(Reverse((k, i, v)));
            }
            match heap.peek_mut() {
                Some(top) if top.0.0 == key => {
                    let Reverse((_, j, v)) = std::collections::binary_heap::PeekMut::pop(top);
                    (i, value) = (j, v);
                }
                _ => break,
            }
        }
        if value.is_some() || !drop_tombstones {
            w.push(&key, value.as_deref())?;
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    type Reference = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

    /// A key of 1..80 bytes, from the SHA-256 of `seed` and `i`.
    fn key(seed: u8, i: u64) -> Vec<u8> {
        let h1 = Sha256::digest([&[seed][..], &i.to_be_bytes()].concat());
        let h2 = Sha256::digest(h1);
        let h3 = Sha256::digest(h2);
        let len = 1 + (h1[31] as usize % 80);
        [&h1[..], &h2[..], &h3[..]].concat()[..len].to_vec()
    }

    /// A value (some empty) or, for one row in seven, a tombstone.
    fn value(i: u64) -> Option<Vec<u8>> {
        (!i.is_multiple_of(7)).then(|| (0..i % 50).map(|j| (i + j) as u8).collect())
    }

    fn reference(seed: u8, n: u64) -> Reference {
        (0..n).map(|i| (key(seed, i), value(i))).collect()
    }

    fn write_ref(dir: &Path, start: u64, end: u64, rows: &Reference) -> DomainRun {
        DomainRun::write(dir, start, end, rows.iter().map(|(k, v)| (k.as_slice(), v.as_deref()))).expect("write")
    }

    fn all(run: &DomainRun) -> Vec<RunRow> {
        run.iter().collect::<std::io::Result<_>>().expect("iter")
    }

    fn as_rows(r: &Reference) -> Vec<RunRow> {
        r.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    #[test]
    fn written_rows_read_back_exactly_after_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rows = reference(0, 10_000);
        assert!(rows.values().any(Option::is_none) && rows.values().any(|v| v.as_ref().is_some_and(Vec::is_empty)));
        let written = write_ref(dir.path(), 5, 10_005, &rows);
        let path = dir.path().join(run_name(5, 10_005));
        assert_eq!(written.path(), path);
        assert!(!dir.path().join(format!("{}.tmp", run_name(5, 10_005))).exists());
        let run = DomainRun::open(&path, 5, 10_005).expect("open");
        assert_eq!((run.start, run.end, run.len()), (5, 10_005, rows.len() as u64));
        assert_eq!(written.len(), run.len());
        assert_eq!(written.memory(), run.memory());
        assert!(run.memory() > 0 && run.memory() < 100_000, "{} bytes in memory", run.memory());
        for r in [&written, &run] {
            for (k, v) in &rows {
                assert_eq!(r.get(k, key_hash(k)).expect("get").as_ref(), Some(v), "key {k:02x?}");
            }
            assert_eq!(all(r), as_rows(&rows));
        }
        let mut absent = 0;
        for i in 0..3_000 {
            let k = key(1, i);
            if !rows.contains_key(&k) {
                assert_eq!(run.get(&k, key_hash(&k)).expect("get"), None, "absent key {k:02x?}");
                absent += 1;
            }
        }
        assert!(absent >= 2_000);
        // Keys before the first and after the last.
        assert_eq!(run.get(b"", key_hash(b"")).expect("get"), None);
        assert_eq!(run.get(&[0xff; 90], key_hash(&[0xff; 90])).expect("get"), None);
    }

    #[test]
    fn prefix_scans_match_the_reference() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rows = reference(2, 10_000);
        let run = write_ref(dir.path(), 0, 10_000, &rows);
        let scan = |p: &[u8]| run.scan_prefix(p).expect("scan");
        let want = |p: &[u8]| -> Vec<RunRow> {
            rows.iter().filter(|(k, _)| k.starts_with(p)).map(|(k, v)| (k.clone(), v.clone())).collect()
        };
        assert_eq!(scan(b""), as_rows(&rows));
        let none = [0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(want(&none).is_empty());
        assert_eq!(scan(&none), Vec::new());
        let mut spanning = 0;
        for b in 0..=255u8 {
            let w = want(&[b]);
            spanning += usize::from(w.len() as u64 > BLOCK);
            assert_eq!(scan(&[b]), w, "prefix {b:02x}");
        }
        assert!(spanning > 100, "only {spanning} one-byte prefixes are longer than a block");
        for k in rows.keys().step_by(97) {
            for p in [&k[..k.len().min(2)], &k[..], &k[..k.len() - 1]] {
                assert_eq!(scan(p), want(p), "prefix {p:02x?}");
            }
            let mut past = k.clone();
            past.push(0);
            assert_eq!(scan(&past), want(&past));
        }
    }

    #[test]
    fn large_values_and_runs_larger_than_the_write_buffer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut rows = Reference::new();
        for i in 0..6u64 {
            rows.insert(format!("big{i}").into_bytes(), Some(vec![i as u8; 1_100_000 + i as usize]));
        }
        for i in 0..500u64 {
            rows.insert(format!("small{i:04}").into_bytes(), value(i));
        }
        write_ref(dir.path(), 0, 7, &rows);
        let run = DomainRun::open(&dir.path().join(run_name(0, 7)), 0, 7).expect("open");
        assert_eq!(all(&run), as_rows(&rows));
        for (k, v) in &rows {
            assert_eq!(run.get(k, key_hash(k)).expect("get").as_ref(), Some(v));
        }
        assert_eq!(run.scan_prefix(b"big").expect("scan").len(), 6);
    }

    #[test]
    fn unsorted_or_duplicate_rows_are_refused_and_leave_no_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        type Rows<'a> = &'a [(&'a [u8], Option<&'a [u8]>)];
        let cases: [Rows; 3] = [
            &[(b"a", Some(b"1")), (b"c", None), (b"b", Some(b"2"))],
            &[(b"a", Some(b"1")), (b"b", None), (b"b", Some(b"2"))],
            &[(b"b", Some(b"1")), (b"", None)],
        ];
        for rows in cases {
            let e = DomainRun::write(dir.path(), 0, 3, rows.iter().copied()).err().expect("refused");
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
            assert_eq!(std::fs::read_dir(dir.path()).expect("read_dir").count(), 0, "no file left");
        }
        let e = DomainRun::write(dir.path(), 4, 3, []).err().expect("refused");
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn an_empty_run_works() {
        let dir = tempfile::tempdir().expect("tempdir");
        let written = DomainRun::write(dir.path(), 3, 3, []).expect("write");
        let path = dir.path().join(run_name(3, 3));
        assert_eq!(std::fs::metadata(&path).expect("file").len(), HEADER + SUM);
        let run = DomainRun::open(&path, 3, 3).expect("open");
        for r in [&written, &run] {
            assert_eq!(r.len(), 0);
            assert_eq!(r.get(b"x", key_hash(b"x")).expect("get"), None);
            assert_eq!(r.get(b"", key_hash(b"")).expect("get"), None);
            assert!(r.scan_prefix(b"").expect("scan").is_empty());
            assert!(r.scan_prefix(b"x").expect("scan").is_empty());
            assert_eq!(r.iter().count(), 0);
        }
    }

    /// A run file's bytes from records given as (key, value) in the order given.
    fn craft(start: u64, end: u64, count: u64, records: &[u8]) -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        for v in [start, end, count] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        b.extend_from_slice(records);
        let sum = Sha256::digest(&b);
        b.extend_from_slice(&sum);
        b
    }

    fn record(key: &[u8], value: Option<&[u8]>) -> Vec<u8> {
        let mut r = (key.len() as u32).to_be_bytes().to_vec();
        r.extend_from_slice(key);
        match value {
            Some(v) => {
                r.push(1);
                r.extend_from_slice(&(v.len() as u32).to_be_bytes());
                r.extend_from_slice(v);
            }
            None => r.push(0),
        }
        r
    }

    #[test]
    fn open_refuses_damaged_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rows = reference(3, 40);
        write_ref(dir.path(), 1, 41, &rows);
        let path = dir.path().join(run_name(1, 41));
        let good = std::fs::read(&path).expect("read");
        let refused = |bytes: &[u8], start: u64, end: u64| -> String {
            std::fs::write(&path, bytes).expect("write");
            let e = DomainRun::open(&path, start, end).err().expect("refused");
            assert!(!e.is_empty());
            e
        };
        // Every byte flipped, and every length cut short (written in place, which is quicker
        // than writing the file afresh each time).
        let file = OpenOptions::new().write(true).open(&path).expect("open for writing");
        for (at, &byte) in good.iter().enumerate() {
            file.write_all_at(&[byte ^ 0x10], at as u64).expect("flip");
            let e = DomainRun::open(&path, 1, 41).err().unwrap_or_else(|| panic!("byte {at} flipped, and it opened"));
            assert!(!e.is_empty());
            file.write_all_at(&[byte], at as u64).expect("flip back");
        }
        assert!(DomainRun::open(&path, 1, 41).is_ok(), "every byte is back");
        for len in (0..good.len()).rev() {
            file.set_len(len as u64).expect("cut");
            let e = DomainRun::open(&path, 1, 41).err().unwrap_or_else(|| panic!("cut to {len} bytes, and it opened"));
            assert!(!e.is_empty());
        }
        drop(file);
        let mut longer = good.clone();
        longer.push(0);
        refused(&longer, 1, 41);
        assert!(refused(&good, 0, 41).contains("header"));
        assert!(refused(&good, 1, 42).contains("header"));
        let mut other_magic = good.clone();
        other_magic[7] = b'2';
        assert!(refused(&other_magic, 1, 41).contains("HEARDDR1"));
        let mut flipped = good.clone();
        let last = flipped.len() - 40;
        flipped[last] ^= 1;
        assert!(refused(&flipped, 1, 41).contains("checksum"));

        // Well-formed checksums over bad contents.
        let (a, b) = (record(b"a", Some(b"1")), record(b"b", None));
        let out_of_order = craft(1, 41, 2, &[b.clone(), a.clone()].concat());
        assert!(refused(&out_of_order, 1, 41).contains("out of order"));
        let duplicate = craft(1, 41, 2, &[a.clone(), a.clone()].concat());
        assert!(refused(&duplicate, 1, 41).contains("out of order"));
        let mut bad_tag = record(b"c", None);
        bad_tag[5] = 2;
        assert!(refused(&craft(1, 41, 3, &[a.clone(), b.clone(), bad_tag].concat()), 1, 41).contains("tag"));
        let partial = [a.clone(), b.clone(), vec![0, 0, 0]].concat();
        assert!(refused(&craft(1, 41, 2, &partial), 1, 41).contains("after"));
        assert!(refused(&craft(1, 41, 3, &partial), 1, 41).contains("past the end"));
        let mut long_value = record(b"c", Some(b"xyz"));
        long_value[9] = 9;
        assert!(
            refused(&craft(1, 41, 3, &[a.clone(), b.clone(), long_value].concat()), 1, 41).contains("past the end")
        );
        assert!(refused(&craft(1, 41, 1 << 40, &a), 1, 41).contains("counts"));
        assert!(refused(&craft(1, 41, 3, &[a.clone(), b.clone()].concat()), 1, 41).contains("holds 2"));
        // And the crafting itself is right: the same records in order open.
        std::fs::write(&path, craft(1, 41, 2, &[a, b].concat())).expect("write");
        let run = DomainRun::open(&path, 1, 41).expect("open");
        assert_eq!(all(&run), vec![(b"a".to_vec(), Some(b"1".to_vec())), (b"b".to_vec(), None)]);
    }

    #[test]
    fn merge_keeps_the_newest_record_of_each_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Three generations over overlapping keys: each rewrites or removes some of the keys
        // before it and adds its own.
        let mut gens: Vec<Reference> = Vec::new();
        for g in 0..3u64 {
            let mut rows = Reference::new();
            for i in 0..3_000u64 {
                let n = i * 3 + g;
                let k = key(4, i % 2_000 + g * 500);
                let v = if n.is_multiple_of(5) { None } else { Some(format!("g{g} n{n}").into_bytes()) };
                rows.insert(k, v);
            }
            gens.push(rows);
        }
        let runs: Vec<DomainRun> = gens
            .iter()
            .enumerate()
            .map(|(g, rows)| {
                let g = g as u64;
                write_ref(dir.path(), g * 10, g * 10 + 10, rows)
            })
            .collect();
        let mut newest = Reference::new();
        for rows in &gens {
            newest.extend(rows.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        assert!(newest.values().any(Option::is_none));
        let refs: Vec<&DomainRun> = runs.iter().collect();

        let kept = merge(dir.path(), &refs, false).expect("merge");
        assert_eq!((kept.start, kept.end), (0, 30));
        assert_eq!(all(&kept), as_rows(&newest));
        let reopened = DomainRun::open(&dir.path().join(run_name(0, 30)), 0, 30).expect("open");
        assert_eq!(all(&reopened), as_rows(&newest));
        for (k, v) in newest.iter().step_by(7) {
            assert_eq!(reopened.get(k, key_hash(k)).expect("get").as_ref(), Some(v));
        }

        let dir2 = tempfile::tempdir().expect("tempdir");
        let dropped = merge(dir2.path(), &refs, true).expect("merge");
        let live: Reference = newest.iter().filter(|(_, v)| v.is_some()).map(|(k, v)| (k.clone(), v.clone())).collect();
        assert_eq!(all(&dropped), as_rows(&live));
        assert_eq!(dropped.len(), live.len() as u64);
        for (k, v) in &newest {
            let want = v.as_ref().map(|v| Some(v.clone()));
            assert_eq!(dropped.get(k, key_hash(k)).expect("get"), want);
        }

        // Two of the three, and refusals.
        let pair = merge(dir.path(), &refs[1..], false).expect("merge");
        assert_eq!((pair.start, pair.end), (10, 30));
        for bad in [vec![refs[0], refs[2]], vec![refs[1], refs[0]], vec![]] {
            let e = merge(dir.path(), &bad, false).err().expect("refused");
            assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
        }
        assert!(!dir.path().join(run_name(0, 20)).exists());
        assert!(!dir.path().join(format!("{}.tmp", run_name(0, 30))).exists());
    }

    #[test]
    fn names_round_trip_and_others_are_refused() {
        for (s, e) in [(0, 0), (0, 8192), (5, 1 << 40), (u64::MAX - 1, u64::MAX)] {
            assert_eq!(parse_name(&run_name(s, e)), Some((s, e)));
        }
        assert_eq!(run_name(1, 255), "drun-0000000000000001-00000000000000ff");
        let name = run_name(1, 255);
        for bad in [
            format!("{name}.tmp"),
            name.replace("drun-", "hidx-"),
            name.replace("drun-", "drun"),
            name[..name.len() - 1].to_owned(),
            format!("{name}0"),
            name.replace("ff", "FF"),
            name.replace("-0000000000000001", "-+000000000000001"),
            "drun-0000000000000002-0000000000000001".to_owned(),
            "drun-".to_owned(),
            String::new(),
        ] {
            assert_eq!(parse_name(&bad), None, "{bad}");
        }
    }
}

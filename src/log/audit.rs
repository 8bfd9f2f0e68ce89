//! The audit: walk the whole log from genesis and check everything that can be checked.
//!
//! For each entry: it is stored under its own seq, decodes canonically, links to the
//! previous entry's hash, holds a canonical statement of a known version and kind by a
//! non-weak key, its signature verifies, and no earlier entry holds the same statement. The
//! Merkle tree is rebuilt from the entries
//! and every stored node is compared with the rebuilt one; the final root must equal the root
//! of the last signed checkpoint, whose signature must verify under the log key.
//!
//! The log is cut into chunks of 4,096 consecutive entries, each a complete subtree of the
//! Merkle tree. One thread, the walker, reads the store in order (entries and Merkle nodes, as
//! sequential scans) and hands each chunk, with the stored nodes inside it, to a worker (one
//! per core). A worker does everything that does not depend on other chunks: decodes each
//! entry, checks its seq and its link to the entry before it in the chunk, hashes it, rebuilds
//! the chunk's subtree and compares its stored nodes, then decodes the statements and checks
//! their signatures with one `verify_batch` (after the weak-key check; a failing batch is
//! re-checked one by one with `verify_strict` to name the first bad seq). The walker takes the
//! results back in seq order and checks only what needs the order: each chunk's first `prev`
//! against the previous chunk's last hash, and the tree above the chunks (their roots are
//! leaves of a small frontier whose nodes are compared with the stored ones), and that no
//! statement was logged twice (the first 16 bytes of each statement hash, which the workers
//! compute, in one map of 24-byte slots: about 50 MB at 1M entries). At most two
//! chunks per worker are in flight, so memory stays bounded.
//!
//! The failure reported is the first in the log, whichever thread found it and whenever: the
//! lowest seq, and for one seq the first of its checks in this order: stored under its own
//! seq, decodes, says its seq; `prev`; the Merkle nodes it completes, lowest level first; its
//! statement, key and signature; then that its statement is not a repeat. Failures about no one entry (the store cannot be read) come
//! last.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use ed25519_dalek::{Signature, VerifyingKey};

use super::store::{Store, StoreError};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash, genesis};
use crate::protocol::merkle::{Frontier, empty_root, node_hash};
use crate::protocol::note::{Checkpoint, Note, NoteVerifier};
use crate::protocol::statement::{SIGNATURE_PREFIX, Statement, author_key, first_bad_signature, statement_hash};

/// Entries per chunk, as a power of two (4,096): a chunk is a complete subtree of the Merkle
/// tree, so the worker that checks it rebuilds and compares every stored node inside it, and
/// its signatures are one `verify_batch` (the size the raw limit in `heard-bench` uses).
const CHUNK_LEVEL: u8 = 12;

/// Chunks in flight per worker (queued, being checked, or checked and waiting for their turn):
/// this bounds the audit's memory (a chunk of ~300-byte entries is about 1.3 MiB read, and
/// about three times that while a worker checks it) whatever the log's size.
const IN_FLIGHT_PER_WORKER: usize = 2;

/// What a passing audit saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditReport {
    /// Entries checked.
    pub entries: u64,
    /// The recomputed Merkle root, equal to the signed checkpoint's.
    pub root: Hash,
    /// Entries past the stored checkpoint, checked for the chain and their statements' signatures
    /// (after a crash, until the log signs a checkpoint over them when it next opens).
    pub unsigned: u64,
}

/// The first thing found wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", match .seq { Some(s) => format!("seq {s}: {}", .reason), None => .reason.clone() })]
pub struct AuditFailure {
    /// The first bad entry, when the failure is about one entry.
    pub seq: Option<u64>,
    /// What is wrong, in words.
    pub reason: String,
}

fn at(seq: u64, reason: impl Into<String>) -> AuditFailure {
    AuditFailure { seq: Some(seq), reason: reason.into() }
}

fn whole(reason: impl Into<String>) -> AuditFailure {
    AuditFailure { seq: None, reason: reason.into() }
}

fn storage(e: StoreError) -> AuditFailure {
    whole(format!("storage: {e}"))
}

/// Where a failure sits in the order the checks are defined: the entry's seq, then which of
/// its checks failed. The audit reports the smallest, whoever found it and whenever.
type Rank = (u64, u16);

/// The entry is stored under its own seq, decodes canonically and says it is that seq.
const PRESENT: u16 = 0;
/// Its `prev` is the previous entry's hash.
const LINK: u16 = 1;
/// The stored Merkle node at level `l` that this leaf completes is the recomputed one
/// (`NODE + l`, lowest level first).
const NODE: u16 = 2;
/// Its statement is canonical, of a known version and kind, by a non-weak key, and its
/// signature verifies.
const STATEMENT: u16 = 100;
/// No earlier entry holds the same statement (the sequencer refuses a `duplicate`).
const REPEAT: u16 = 101;
/// A failure about no one entry (the store could not be read) comes after every entry's.
const LAST: Rank = (u64::MAX, u16::MAX);

/// A failure and where it sits.
struct Found {
    rank: Rank,
    failure: AuditFailure,
}

fn found(seq: u64, check: u16, reason: impl Into<String>) -> Found {
    Found { rank: (seq, check), failure: at(seq, reason) }
}

/// The earlier of two failures (`a` on a tie).
fn earliest(a: Option<Found>, b: Option<Found>) -> Option<Found> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.rank < a.rank { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn stopped() -> Found {
    Found { rank: LAST, failure: whole("the audit's worker threads stopped") }
}

/// Consecutive entries for a worker: a complete subtree of the Merkle tree (`first_seq` is a
/// multiple of the chunk length), or the log's last, partial one.
struct Job {
    /// The chunk's number, from 0.
    index: u64,
    first_seq: u64,
    /// The stored entry bytes, seq `first_seq` on.
    entries: Vec<Vec<u8>>,
    /// The stored Merkle nodes these entries complete inside the chunk (levels up to the
    /// chunk's), in storage order; cut short only where the walker found one missing.
    nodes: Vec<Hash>,
}

/// What a worker found in a chunk.
struct Checked {
    index: u64,
    /// The first entry's `prev`, when it decoded: its link is the walker's to check.
    first_prev: Option<Hash>,
    /// The last entry's hash, when `sound`.
    last_hash: Hash,
    /// Every entry decoded, said its own seq, linked to the one before it in the chunk and
    /// matched its stored nodes.
    sound: bool,
    /// The chunk's frontier when `sound`: its root for a complete chunk, the right edge of a
    /// partial one.
    stack: Vec<(u8, Hash)>,
    /// The first failure in the chunk.
    failure: Option<Found>,
    /// The first 16 bytes of the statement hash of each entry from the first that decoded
    /// (in seq order, up to a structural failure): the walker checks none is repeated.
    statements: Vec<u128>,
}

/// A chunk the walker sent and has not yet taken in.
struct Sent {
    index: u64,
    first_seq: u64,
    len: u64,
    /// The stored nodes above the chunk's level that its last entry completes, lowest first.
    high: Vec<Hash>,
}

/// Decodes entry `seq` and checks that it says it is that seq.
fn decode_entry(seq: u64, bytes: &[u8]) -> Result<Entry, Found> {
    let entry = Entry::decode(bytes).map_err(|e| found(seq, PRESENT, format!("entry does not decode: {e}")))?;
    if entry.seq != seq {
        return Err(found(seq, PRESENT, format!("entry says it is seq {} (entries reordered or moved)", entry.seq)));
    }
    Ok(entry)
}

/// Adds entry `seq`'s hash `h` to the chunk's `tree` and compares the leaf and the nodes it
/// completes with the `stored` ones.
fn check_nodes(
    seq: u64,
    h: Hash,
    first_seq: u64,
    tree: &mut Frontier,
    stored: &mut std::slice::Iter<'_, Hash>,
) -> Result<(), Found> {
    for (level, index, node) in tree.append(h) {
        // Where the stored nodes stop short, the walker reports the missing one.
        let Some(s) = stored.next() else { break };
        if *s != node {
            // The chunk starts at a multiple of 2^level, so its local index is offset by that.
            let index = (first_seq >> level) + index;
            return Err(found(
                seq,
                NODE + u16::from(level),
                format!("stored Merkle node ({level}, {index}) differs from the recomputed one"),
            ));
        }
    }
    Ok(())
}

/// Checks a chunk: each entry's structure (it decodes, says its own seq, links to the one
/// before it in the chunk) and the Merkle nodes inside the chunk, then the statements and
/// signatures of the entries before the first structural failure.
fn check_chunk(job: &Job, keys: &mut HashMap<[u8; 32], VerifyingKey>) -> Checked {
    let mut tree = Frontier::new();
    let mut stored = job.nodes.iter();
    let mut entries = Vec::with_capacity(job.entries.len());
    let (mut first_prev, mut last_hash, mut broken) = (None, None::<Hash>, None);
    for (j, bytes) in job.entries.iter().enumerate() {
        let seq = job.first_seq + j as u64;
        let step = decode_entry(seq, bytes).and_then(|entry| {
            match last_hash {
                // The first entry's link is the walker's to check.
                None => first_prev = Some(entry.prev),
                Some(p) if p != entry.prev => return Err(found(seq, LINK, "prev hash mismatch")),
                Some(_) => {}
            }
            let h = entry_hash(bytes);
            check_nodes(seq, h, job.first_seq, &mut tree, &mut stored)?;
            last_hash = Some(h);
            Ok(entry)
        });
        match step {
            Ok(entry) => entries.push(entry),
            Err(f) => {
                broken = Some(f);
                break;
            }
        }
    }
    let sound = broken.is_none();
    // The statements checked all come before a structural failure, so theirs is earlier.
    let failure = earliest(check_statements(job.first_seq, &entries, keys), broken);
    let statements = entries
        .iter()
        .map(|e| {
            let mut b = [0u8; 16];
            b.copy_from_slice(&statement_hash(&e.statement)[..16]);
            u128::from_be_bytes(b)
        })
        .collect();
    Checked {
        index: job.index,
        first_prev,
        last_hash: last_hash.unwrap_or_default(),
        sound,
        stack: if sound { tree.nodes().to_vec() } else { Vec::new() },
        failure,
        statements,
    }
}

/// Checks the statements and signatures of consecutive entries from `first_seq`; returns the
/// first failure among them.
fn check_statements(first_seq: u64, entries: &[Entry], keys: &mut HashMap<[u8; 32], VerifyingKey>) -> Option<Found> {
    // The signing messages, one after the other in one buffer.
    let mut buf = Vec::with_capacity(entries.iter().map(|e| SIGNATURE_PREFIX.len() + e.statement.len()).sum());
    let mut ends = Vec::with_capacity(entries.len());
    let mut signatures = Vec::with_capacity(entries.len());
    let mut vks = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let seq = first_seq + i as u64;
        let statement = match Statement::decode(&entry.statement) {
            Ok(s) => s,
            Err(e) => return Some(found(seq, STATEMENT, format!("statement: {e}"))),
        };
        let key = match keys.get(&statement.author) {
            Some(k) => *k,
            None => match author_key(&statement.author) {
                Ok(k) => {
                    keys.insert(statement.author, k);
                    k
                }
                Err(e) => return Some(found(seq, STATEMENT, format!("statement: {e}"))),
            },
        };
        buf.extend_from_slice(SIGNATURE_PREFIX);
        buf.extend_from_slice(&entry.statement);
        ends.push(buf.len());
        signatures.push(Signature::from_bytes(&entry.signature));
        vks.push(key);
    }
    let messages: Vec<&[u8]> =
        ends.iter().scan(0, |start, &end| Some(&buf[std::mem::replace(start, end)..end])).collect();
    let bad = first_bad_signature(&messages, &signatures, &vks)?;
    Some(found(first_seq + bad as u64, STATEMENT, "signature does not verify"))
}

/// Audits the log in `store` against its last signed checkpoint under `log_key`.
pub fn audit(store: &Store, log_key: &NoteVerifier) -> Result<AuditReport, AuditFailure> {
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).max(1);
    run(store, log_key, CHUNK_LEVEL, workers)
}

/// [`audit`] with chunks of `2^level` entries checked by `workers` threads.
fn run(store: &Store, log_key: &NoteVerifier, level: u8, workers: usize) -> Result<AuditReport, AuditFailure> {
    let head = store.head().map_err(storage)?;
    let note = head.checkpoint.ok_or_else(|| whole("the log has no signed checkpoint"))?;
    let parsed = Note::parse(&note).map_err(|e| whole(format!("the checkpoint is unreadable: {e}")))?;
    parsed
        .verify(std::slice::from_ref(log_key))
        .map_err(|e| whole(format!("the checkpoint's signature does not verify: {e}")))?;
    let cp = Checkpoint::parse_text(&parsed.text).map_err(|e| whole(format!("the checkpoint is malformed: {e}")))?;

    let size = cp.size;
    let reader = Reader::new(
        store.entries(0).take_while(move |r| r.as_ref().map_or(true, |(seq, _)| *seq < size)),
        store.node_scan(),
        cp.size,
        level,
    );
    let root = check_log(reader, workers).map_err(|f| f.failure)?;
    if root != cp.root {
        return Err(whole(format!(
            "the Merkle root recomputed from the {} entries differs from the signed checkpoint's root",
            cp.size
        )));
    }
    let unsigned = check_unsigned_tail(store, cp.size)?;
    Ok(AuditReport { entries: cp.size, root: cp.root, unsigned })
}

/// The entries the journal holds past the stored checkpoint (a crash after they were synced
/// and acknowledged, before sled stored their checkpoint; the log signs one over them when
/// it next opens): each must continue the chain and carry a statement its author signed.
/// Returns how many there are.
fn check_unsigned_tail(store: &Store, from: u64) -> Result<u64, AuditFailure> {
    let mut prev = match from {
        0 => crate::protocol::entry::genesis(),
        _ => store.node(0, from - 1).map_err(storage)?,
    };
    let mut expected = from;
    for r in store.entries(from) {
        let (seq, bytes) = r.map_err(storage)?;
        if seq != expected {
            return Err(at(expected, "entry is missing"));
        }
        let e = Entry::decode(&bytes).map_err(|e| at(seq, format!("entry is unreadable: {e}")))?;
        if e.seq != seq || e.prev != prev {
            return Err(at(seq, "entry does not continue the chain"));
        }
        crate::protocol::statement::verify_submission(&e.statement, &e.signature)
            .map_err(|e| at(seq, format!("statement does not verify: {e}")))?;
        prev = entry_hash(&bytes);
        expected += 1;
    }
    Ok(expected - from)
}

/// Checks everything the `reader` reads with `workers` threads and the calling one (the
/// walker); returns the recomputed root, or the earliest failure.
fn check_log<E, N>(reader: Reader<E, N>, workers: usize) -> Result<Hash, Found>
where
    E: Iterator<Item = Result<(u64, Vec<u8>), StoreError>>,
    N: Iterator<Item = Result<(u8, u64, Hash), StoreError>>,
{
    let workers = workers.max(1);
    let in_flight = workers * IN_FLIGHT_PER_WORKER;
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(in_flight);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Checked>();
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (done_tx, job_rx, stop) = (done_tx.clone(), &job_rx, &stop);
            scope.spawn(move || {
                let mut keys = HashMap::new();
                loop {
                    let next = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    // Once the walker has its answer, the chunks still queued do not matter.
                    let Ok(job) = next else { return };
                    if stop.load(Ordering::Relaxed) || done_tx.send(check_chunk(&job, &mut keys)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let r = walk(reader, in_flight, &job_tx, &done_rx);
        stop.store(true, Ordering::Relaxed);
        drop(job_tx);
        r
    })
}

/// Reads the store in order, in chunks, with the stored nodes each chunk's entries complete.
struct Reader<E, N> {
    rows: E,
    nodes: N,
    size: u64,
    level: u8,
    /// The next seq to read.
    expected: u64,
    /// The next chunk's number.
    index: u64,
    /// What stopped the reading short, if anything did.
    cut: Option<Found>,
    done: bool,
}

impl<E, N> Reader<E, N>
where
    E: Iterator<Item = Result<(u64, Vec<u8>), StoreError>>,
    N: Iterator<Item = Result<(u8, u64, Hash), StoreError>>,
{
    fn new(rows: E, nodes: N, size: u64, level: u8) -> Self {
        Reader { rows, nodes, size, level, expected: 0, index: 0, cut: None, done: false }
    }

    fn stop(&mut self, f: Option<Found>) {
        self.cut = f;
        self.done = true;
    }

    /// The next chunk (the job for a worker and what the walker keeps), `None` at the end.
    fn next_chunk(&mut self) -> Option<(Job, Sent)> {
        let len = 1usize << self.level;
        let first_seq = self.expected;
        let (mut entries, mut nodes, mut high) = (Vec::with_capacity(len), Vec::with_capacity(2 * len), Vec::new());
        while entries.len() < len && !self.done {
            let (expected, size) = (self.expected, self.size);
            match self.rows.next() {
                None if expected < size => self.stop(Some(found(
                    expected,
                    PRESENT,
                    format!("entry is missing (the signed checkpoint has size {size})"),
                ))),
                None => self.stop(None),
                Some(Err(e)) => self.stop(Some(Found { rank: LAST, failure: storage(e) })),
                Some(Ok((seq, _))) if seq != expected => self.stop(Some(found(
                    expected,
                    PRESENT,
                    format!("entry is missing (the next stored entry is seq {seq})"),
                ))),
                Some(Ok(_)) if expected >= size => self.stop(Some(found(
                    expected,
                    PRESENT,
                    format!("entry exists beyond the signed checkpoint size {size}"),
                ))),
                Some(Ok((seq, bytes))) => {
                    entries.push(bytes);
                    self.expected += 1;
                    // Leaf `seq` completes node (0, seq) and one parent per trailing one bit.
                    for level in 0..=seq.trailing_ones() as u8 {
                        let index = ((seq + 1) >> level) - 1;
                        let check = NODE + u16::from(level);
                        match self.nodes.next() {
                            Some(Ok((l, i, h))) if (l, i) == (level, index) => {
                                if level <= self.level {
                                    nodes.push(h)
                                } else {
                                    high.push(h)
                                }
                            }
                            Some(Err(e)) => {
                                self.stop(Some(found(seq, check, format!("Merkle tree: {e}"))));
                                break;
                            }
                            _ => {
                                let reason = format!("stored Merkle node ({level}, {index}) is missing");
                                self.stop(Some(found(seq, check, reason)));
                                break;
                            }
                        }
                    }
                }
            }
        }
        if entries.is_empty() {
            return None;
        }
        let index = self.index;
        self.index += 1;
        let sent = Sent { index, first_seq, len: entries.len() as u64, high };
        Some((Job { index, first_seq, entries, nodes }, sent))
    }
}

/// The statements walked, for the check that none is logged twice: one 24-byte slot per
/// entry (the first 16 bytes of its statement hash, then its seq), in a list sized for the
/// whole log once and sorted only when asked, where a hash map would take half as much
/// again while it grows. A false repeat would need two statements whose SHA-256 agree in
/// 128 bits.
struct Logged {
    slots: Vec<[u64; 3]>,
}

impl Logged {
    fn with_capacity(entries: u64) -> Logged {
        // Reserved address space costs no memory until written; the cap keeps a bogus size
        // in a checkpoint from asking for more than a machine could map.
        let entries = usize::try_from(entries.min(1 << 25)).unwrap_or(0);
        Logged { slots: Vec::with_capacity(entries) }
    }

    /// Adds the statement hash prefixes of consecutive entries from `first_seq`.
    fn extend(&mut self, first_seq: u64, statements: &[u128]) {
        self.slots.extend((first_seq..).zip(statements).map(|(seq, h)| [(h >> 64) as u64, *h as u64, seq]));
    }

    /// The lowest seq whose statement an earlier entry holds, as a failure naming both.
    fn first_repeat(&mut self) -> Option<Found> {
        // Sorted, equal hashes sit together in seq order: each run's second slot is its first
        // repeat, and its first slot the entry it repeats.
        self.slots.sort_unstable();
        let repeat = self.slots.windows(2).filter(|w| w[0][..2] == w[1][..2]).map(|w| (w[1][2], w[0][2])).min();
        repeat.map(|(seq, first)| found(seq, REPEAT, format!("statement already logged at seq {first} (a replay)")))
    }
}

/// Takes the `reader`'s chunks (entries 0..size and their stored nodes), hands the chunks to
/// the workers on `jobs` (at most `in_flight` at a time) and takes their results from `done`
/// in seq order, checking what only the order can tell: each chunk's first `prev` against the
/// previous chunk's last hash, and the tree above the chunks. Returns the recomputed root, or
/// the earliest failure.
fn walk<E, N>(
    mut reader: Reader<E, N>,
    in_flight: usize,
    jobs: &mpsc::SyncSender<Job>,
    done: &mpsc::Receiver<Checked>,
) -> Result<Hash, Found>
where
    E: Iterator<Item = Result<(u64, Vec<u8>), StoreError>>,
    N: Iterator<Item = Result<(u8, u64, Hash), StoreError>>,
{
    let level = reader.level;
    let mut sent: VecDeque<Sent> = VecDeque::with_capacity(in_flight);
    let mut early: HashMap<u64, Checked> = HashMap::new();
    // The tree whose leaves are the complete chunks' roots: its node (l, i) is node
    // (level + l, i) of the log's tree.
    let mut upper = Frontier::new();
    let mut tail: Vec<(u8, Hash)> = Vec::new();
    let mut prev = genesis();
    // Every statement hash walked so far (its first 16 bytes) with its seq, looked through
    // for repeats only when the walk ends or fails (see `Logged`).
    let mut logged = Logged::with_capacity(reader.size);
    loop {
        while sent.len() < in_flight {
            let Some((job, s)) = reader.next_chunk() else { break };
            jobs.send(job).map_err(|_| stopped())?;
            sent.push_back(s);
        }
        let Some(next) = sent.front() else { break };
        let Some(c) = early.remove(&next.index) else {
            let c = done.recv().map_err(|_| stopped())?;
            early.insert(c.index, c);
            continue;
        };
        let Some(s) = sent.pop_front() else { break };
        let mut bad = c.failure;
        if c.first_prev.is_some_and(|p| p != prev) {
            bad = earliest(bad, Some(found(s.first_seq, LINK, "prev hash mismatch")));
        }
        logged.extend(s.first_seq, &c.statements);
        if c.sound {
            let last = s.first_seq + s.len - 1;
            match c.stack.as_slice() {
                [(l, root)] if *l == level => {
                    let mut stored = s.high.iter();
                    for (l, index, node) in upper.append(*root).into_iter().skip(1) {
                        let Some(h) = stored.next() else { break };
                        if *h != node {
                            let l = l + level;
                            let reason = format!("stored Merkle node ({l}, {index}) differs from the recomputed one");
                            bad = earliest(bad, Some(found(last, NODE + u16::from(l), reason)));
                            break;
                        }
                    }
                }
                // Only the last chunk can be partial.
                partial => tail = partial.to_vec(),
            }
            prev = c.last_hash;
        }
        if bad.is_some() {
            let bad = earliest(bad, logged.first_repeat());
            return Err(earliest(bad, reader.cut.take()).unwrap_or_else(stopped));
        }
    }
    if let Some(bad) = earliest(logged.first_repeat(), reader.cut) {
        return Err(bad);
    }
    // The root of the whole tree: fold the right edge, complete chunks' subtrees then the
    // partial chunk's, from the right.
    let mut edge = upper.nodes().iter().chain(&tail).rev().map(|(_, h)| *h);
    Ok(match edge.next() {
        None => empty_root(),
        Some(last) => edge.fold(last, |acc, left| node_hash(&left, &acc)),
    })
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;

    use super::*;
    use crate::log::store::WriteSet;
    use crate::protocol::cbor;
    use crate::protocol::note::NoteSigner;
    use crate::protocol::statement::{Kind, statement_hash};

    const ORIGIN: &str = "audit.test/log";

    type NodeRow = Result<(u8, u64, Hash), StoreError>;

    /// What to spoil in a crafted log. Everything else is written consistently with it (the
    /// hashes, the nodes, the signed root), so only the spoiled check can fail.
    #[derive(Default)]
    struct Spoil {
        signature: Vec<u64>,
        statement: Vec<u64>,
        prev: Vec<u64>,
        node: Vec<(u8, u64)>,
        /// (later, earlier): entry `later` holds entry `earlier`'s statement and signature.
        repeat: Vec<(u64, u64)>,
    }

    /// A log of `n` entries by three authors, written straight into a store.
    fn craft(n: u64, spoil: &Spoil) -> (tempfile::TempDir, Store, NoteVerifier) {
        let keys: Vec<SigningKey> = (1..=3u8).map(|i| SigningKey::from_bytes(&[i; 32])).collect();
        let mut w = WriteSet::default();
        let mut tree = Frontier::new();
        let mut prev = genesis();
        let mut signed: Vec<(Vec<u8>, [u8; 64])> = Vec::new();
        for seq in 0..n {
            let k = &keys[(seq % 3) as usize];
            let body = cbor::encode(&format!("idea {seq}")).unwrap();
            let (mut statement, mut signature) =
                Statement { kind: Kind::Idea, time: seq, author: k.verifying_key().to_bytes(), body }.sign(k);
            if let Some(&(_, earlier)) = spoil.repeat.iter().find(|r| r.0 == seq) {
                (statement, signature) = signed[earlier as usize].clone();
            }
            if spoil.signature.contains(&seq) {
                signature[0] ^= 1;
            }
            if spoil.statement.contains(&seq) {
                statement = b"not a statement".to_vec();
            }
            signed.push((statement.clone(), signature));
            let link = if spoil.prev.contains(&seq) { [7; 32] } else { prev };
            let bytes = Entry { seq, prev: link, log_time: seq, statement: statement.clone(), signature }.encode();
            let h = entry_hash(&bytes);
            w.entry(seq, bytes.clone(), &h, &statement_hash(&statement));
            for (level, index, mut node) in tree.append(h) {
                if spoil.node.contains(&(level, index)) {
                    node[0] ^= 1;
                }
                w.node(level, index, &node);
            }
            prev = h;
        }
        let signer = NoteSigner::new(ORIGIN, [9; 32]).unwrap();
        let text = Checkpoint { origin: ORIGIN.into(), size: n, root: tree.root(), extensions: Vec::new() }.to_text();
        w.head(n, &prev, &signer.sign(&text).unwrap());
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.commit(w).unwrap();
        (dir, store, signer.verifier())
    }

    /// Chunk levels and worker counts the audit is run with: one-entry chunks, chunks smaller
    /// and larger than the logs, more workers than chunks, and the real setting.
    const SETTINGS: [(u8, usize); 6] = [(0, 1), (1, 3), (2, 2), (3, 4), (5, 1), (CHUNK_LEVEL, 2)];

    /// The audit of a crafted log, the same under every setting.
    fn audited(n: u64, spoil: &Spoil) -> Result<AuditReport, AuditFailure> {
        let (_dir, store, key) = craft(n, spoil);
        let answer = audit(&store, &key);
        for (level, workers) in SETTINGS {
            assert_eq!(run(&store, &key, level, workers), answer, "chunks of 2^{level}, {workers} workers");
        }
        answer
    }

    fn failure(n: u64, spoil: Spoil) -> String {
        audited(n, &spoil).expect_err("a spoiled log passed the audit").to_string()
    }

    #[test]
    fn a_sound_log_passes_with_any_chunk_size() {
        for n in [0u64, 1, 2, 3, 4, 5, 8, 31, 32, 33, 37] {
            let (_dir, store, key) = craft(n, &Spoil::default());
            let root = Checkpoint::parse_text(&Note::parse(&store.head().unwrap().checkpoint.unwrap()).unwrap().text)
                .unwrap()
                .root;
            let report = audited(n, &Spoil::default()).unwrap_or_else(|f| panic!("{n} entries: {f}"));
            assert_eq!(report, AuditReport { entries: n, root, unsigned: 0 }, "{n} entries");
            assert!(audit(&store, &key).is_ok());
        }
    }

    #[test]
    fn each_check_names_its_seq() {
        for seq in [0, 3, 17, 36] {
            let f = failure(37, Spoil { signature: vec![seq], ..Spoil::default() });
            assert_eq!(f, format!("seq {seq}: signature does not verify"));
        }
        let f = failure(37, Spoil { statement: vec![5], ..Spoil::default() });
        assert!(f.starts_with("seq 5: statement: "), "{f}");
        for seq in [0, 4, 8, 20, 36] {
            assert_eq!(
                failure(37, Spoil { prev: vec![seq], ..Spoil::default() }),
                format!("seq {seq}: prev hash mismatch")
            );
        }
        // A node is named at the leaf that completes it: (l, i) at leaf (i + 1)·2^l - 1.
        for (level, index, seq) in [(0u8, 9u64, 9u64), (1, 0, 1), (3, 1, 15), (5, 0, 31), (2, 8, 35)] {
            let f = failure(37, Spoil { node: vec![(level, index)], ..Spoil::default() });
            assert_eq!(f, format!("seq {seq}: stored Merkle node ({level}, {index}) differs from the recomputed one"));
        }
    }

    /// A statement logged a second time (a replay the sequencer would refuse as `duplicate`)
    /// is named at its second seq, within a chunk or across chunks, and ranks after that
    /// entry's own statement checks.
    #[test]
    fn a_statement_logged_twice_is_named_at_its_second_seq() {
        for (later, earlier) in [(1, 0), (36, 35), (36, 2), (20, 19)] {
            let f = failure(37, Spoil { repeat: vec![(later, earlier)], ..Spoil::default() });
            assert_eq!(f, format!("seq {later}: statement already logged at seq {earlier} (a replay)"));
        }
        let f = failure(1100, Spoil { repeat: vec![(1090, 3), (1095, 1094)], ..Spoil::default() });
        assert_eq!(f, "seq 1090: statement already logged at seq 3 (a replay)");
        let f = failure(37, Spoil { repeat: vec![(30, 4)], signature: vec![30], ..Spoil::default() });
        assert_eq!(f, "seq 30: signature does not verify");
    }

    /// The walker's findings (the link between chunks, the tree above them) and the workers'
    /// (entries, nodes inside a chunk, statements, signatures) are merged by seq, whatever
    /// order they were found in: the lowest bad seq is reported, and for one seq the check
    /// that comes first (structure, link, nodes from the lowest level, statement).
    #[test]
    fn the_lowest_bad_seq_is_reported_whoever_finds_it() {
        let n = 1100;
        let cases: [(Spoil, &str); 8] = [
            (Spoil { prev: vec![10], signature: vec![900], ..Spoil::default() }, "seq 10: prev hash mismatch"),
            (Spoil { prev: vec![900], signature: vec![10], ..Spoil::default() }, "seq 10: signature does not verify"),
            (Spoil { prev: vec![1030], statement: vec![1029], ..Spoil::default() }, "seq 1029: statement: "),
            (
                Spoil { node: vec![(10, 0)], signature: vec![1000], ..Spoil::default() },
                "seq 1000: signature does not verify",
            ),
            (
                Spoil { node: vec![(0, 5)], signature: vec![3, 1050], ..Spoil::default() },
                "seq 3: signature does not verify",
            ),
            // Ties: the link before the nodes, the nodes before the statement.
            (Spoil { prev: vec![12], signature: vec![12], ..Spoil::default() }, "seq 12: prev hash mismatch"),
            (Spoil { node: vec![(0, 64), (6, 1)], prev: vec![64], ..Spoil::default() }, "seq 64: prev hash mismatch"),
            (
                Spoil { node: vec![(10, 0), (4, 63)], signature: vec![1023], ..Spoil::default() },
                "seq 1023: stored Merkle node (4, 63) differs from the recomputed one",
            ),
        ];
        for (spoil, want) in cases {
            let f = failure(n, spoil);
            assert!(f.starts_with(want), "{f} (expected {want})");
        }
        // A node above the chunks (but in the real setting) against a signature on the leaf
        // that completes it.
        let f = failure(n, Spoil { node: vec![(10, 0)], signature: vec![1023], ..Spoil::default() });
        assert_eq!(f, "seq 1023: stored Merkle node (10, 0) differs from the recomputed one");
    }

    /// What the walker finds while reading (a missing node, an unreadable store) is merged
    /// with what the workers find in the chunks read before it.
    #[test]
    fn reading_failures_are_ordered_with_the_workers_findings() {
        // Audits a crafted log whose node scan is `edit`ed.
        let with_nodes = |spoil: Spoil, level: u8, edit: &dyn Fn(Vec<(u8, u64, Hash)>) -> Vec<NodeRow>| {
            let (_dir, store, _key) = craft(40, &spoil);
            let rows: Vec<_> = store.entries(0).collect();
            let nodes = edit(store.node_scan().map(Result::unwrap).collect());
            let reader = Reader::new(rows.into_iter(), nodes.into_iter(), 40, level);
            check_log(reader, 2).map(|_| ()).map_err(|f| f.failure.to_string())
        };
        let without = |gone: (u8, u64)| {
            move |all: Vec<(u8, u64, Hash)>| -> Vec<NodeRow> {
                all.into_iter().filter(|(l, i, _)| (*l, *i) != gone).map(Ok).collect()
            }
        };
        let broken = |all: Vec<(u8, u64, Hash)>| -> Vec<NodeRow> {
            let mut v: Vec<NodeRow> = all.into_iter().take(31).map(Ok).collect();
            v.push(Err(StoreError::Corrupt("test".into())));
            v
        };
        for level in [0u8, 2, 3, 10] {
            let missing = "seq 23: stored Merkle node (2, 5) is missing";
            assert_eq!(with_nodes(Spoil::default(), level, &without((2, 5))), Err(missing.into()));
            let bad = Spoil { signature: vec![22], ..Spoil::default() };
            assert_eq!(with_nodes(bad, level, &without((2, 5))), Err("seq 22: signature does not verify".into()));
            // On the same leaf, a missing node comes before the signature.
            for seq in [23, 24] {
                let bad = Spoil { signature: vec![seq], ..Spoil::default() };
                assert_eq!(with_nodes(bad, level, &without((2, 5))), Err(missing.into()));
            }
            let bad = Spoil { prev: vec![23], ..Spoil::default() };
            assert_eq!(with_nodes(bad, level, &without((2, 5))), Err("seq 23: prev hash mismatch".into()));
            // Node 31 in storage order is (0, 16): 2·16 - popcount(16).
            let f = with_nodes(Spoil::default(), level, &broken).unwrap_err();
            assert_eq!(f, "seq 16: Merkle tree: the store is corrupt: test");
            let bad = Spoil { statement: vec![15], ..Spoil::default() };
            assert!(with_nodes(bad, level, &broken).unwrap_err().starts_with("seq 15: statement: "));
        }
    }
}

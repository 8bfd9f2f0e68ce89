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

/// The first entry, of consecutive `entries` from `first_seq`, whose statement is not
/// canonical, of a known version and kind, by a non-weak key, with a signature that verifies
/// (one `verify_batch`, then `verify_strict` one by one to name it): the audit's statement
/// check, for `scale::audit` too.
pub(crate) fn first_bad_statement(first_seq: u64, entries: &[Entry]) -> Option<AuditFailure> {
    check_statements(first_seq, entries, &mut HashMap::new()).map(|f| f.failure)
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
mod tests;

//! The single writer: group commit of appended statements, in a pipeline (the sequencer on
//! the submitter's thread, then the file and commit stages on their own threads).
//!
//! Submitters check a statement on their own thread (decode, canonical form, signature), then
//! sequence it there too, one at a time under the sequencer's lock; the writer's two threads
//! take it from there:
//!
//! 1. the **sequencer** refuses duplicates, asks the [`Gate`] (the domain's policy), assigns
//!    seqs, builds and hashes the entries, extends the Merkle frontier and hands each entry
//!    on through the [`Hopper`], which wakes the file stage only for a group's first entry
//!    and when the group is full;
//! 2. the **file stage** proves the new tree extends the last signed one, signs its
//!    checkpoint, writes the entries and Merkle nodes to the store's files and syncs them
//!    (see [`Store::write_files`] for which syncs a batch makes). While its group is small
//!    and other submissions are still being checked, it first waits for them, briefly
//!    (see [`Hopper`]): every group costs a sync and a flush, however small;
//! 3. the **commit stage** applies the sled rows (domain rows, the new head and checkpoint,
//!    the batch's `T` row) in one atomic batch and flushes it — the commit point — then makes
//!    the batch's hashes findable in the store's hash indexes, and only then answers each
//!    submitter and shows readers the new checkpoint.
//!
//! So one group's files are synced while the group before it is flushed in sled, and the
//! next is sequenced meanwhile. Commits still happen strictly in seq order, each on top of
//! the last, so a crash at any moment leaves a prefix of the log: files longer than the
//! committed head are cut back on open, and nobody was told of an entry past that head. If
//! any stage fails, every later append is refused (`storage`) until the log is reopened.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::oneshot;

use super::store::{Store, StoreError, WriteSet, node_position, stored_nodes};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash, genesis};
use crate::protocol::merkle::{self, Frontier, ProofError};
use crate::protocol::note::{Checkpoint, Note, NoteSigner, NoteVerifier};
use crate::protocol::statement::{StatementError, VerifiedStatement, verify_submission};

mod witnessed;
pub use witnessed::{CosignError, MAX_COSIGNATURES};

/// How a log is run.
#[derive(Clone, Debug)]
pub struct LogConfig {
    /// The checkpoint origin (and the log key's name).
    pub origin: String,
    /// sled's page cache, bytes ([`crate::log::store::DEFAULT_CACHE_BYTES`] by default).
    pub cache_bytes: u64,
}

impl LogConfig {
    /// A configuration with the given origin and sled's default page cache.
    pub fn new(origin: impl Into<String>) -> Self {
        LogConfig { origin: origin.into(), cache_bytes: crate::log::store::DEFAULT_CACHE_BYTES }
    }
}

/// A domain refusal: the rule a statement broke.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct Refusal {
    /// Stable machine-readable code naming the rule (e.g. `not_enrolled`).
    pub code: &'static str,
    /// A human sentence.
    pub detail: String,
}

/// A write to the domain's indexes, made in the same atomic batch as the entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexWrite {
    /// Key within the domain's key space.
    pub key: Vec<u8>,
    /// New value, or `None` to remove the row.
    pub value: Option<Vec<u8>>,
}

/// The domain's say in what is appended. Called only by the sequencer, under its lock (on
/// each submitter's thread in turn), in seq order.
pub trait Gate: Send + 'static {
    /// Decides whether `statement` may become entry `seq` (at `log_time`), given every
    /// entry before it, including earlier ones of the same uncommitted batch. On success,
    /// returns the index writes that go into the same atomic batch.
    fn admit(&mut self, seq: u64, log_time: u64, statement: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal>;
    /// Every entry below seq `durable` is committed: the store now holds what `admit`
    /// returned for it, so the gate may forget it. Entries from `durable` on may still be in
    /// flight (admitted, not yet durable) and must keep being seen.
    fn commit(&mut self, durable: u64);
    /// Nothing admitted since the last commit will be written: forget it.
    fn abort(&mut self);
}

/// A gate that admits every well-formed, correctly signed statement.
struct OpenGate;

impl Gate for OpenGate {
    fn admit(&mut self, _: u64, _: u64, _: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
        Ok(Vec::new())
    }
    fn commit(&mut self, _: u64) {}
    fn abort(&mut self) {}
}

/// Why an append was refused. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppendError {
    /// The statement failed a check of its own (see [`StatementError`]).
    #[error(transparent)]
    Statement(#[from] StatementError),
    /// The same statement (same statement hash) is already logged.
    #[error("this statement is already in the log as entry {seq}")]
    Duplicate {
        /// The existing entry's seq.
        seq: u64,
    },
    /// The domain's policy refused it.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The store failed (the reason: a full disk, an I/O error); the log stops accepting
    /// appends until it is reopened.
    #[error("the log cannot write to its storage ({0}), so nothing was written; try again later")]
    Storage(String),
    /// The log is shut down.
    #[error("the log is shut down")]
    Closed,
}

impl AppendError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppendError::Statement(e) => e.code(),
            AppendError::Duplicate { .. } => "duplicate",
            AppendError::Refused(r) => r.code,
            AppendError::Storage(_) => "storage_unavailable",
            AppendError::Closed => "closed",
        }
    }
}

/// Why a log could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// The store failed or is corrupt.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored state disagrees with the last signed checkpoint; the log refuses to start.
    #[error("refusing to start: {0}")]
    Inconsistent(String),
    /// The checkpoint origin is not valid for a signed note key name.
    #[error("invalid origin {0:?}: {1}")]
    Origin(String, String),
}

impl OpenError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::Store(e) => e.code(),
            OpenError::Inconsistent(_) => "inconsistent_store",
            OpenError::Origin(..) => "bad_origin",
        }
    }
}

/// A signed checkpoint the log has made durable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// Tree size.
    pub size: u64,
    /// RFC 6962 root hash at that size.
    pub root: Hash,
    /// The checkpoint as a signed note.
    pub note: String,
}

/// What a successful append returns, after the entry is durable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appended {
    /// The entry's seq.
    pub seq: u64,
    /// Its entry hash (the Merkle leaf hash).
    pub entry_hash: Hash,
    /// The entry's canonical bytes.
    pub entry: Vec<u8>,
    /// The first checkpoint that includes it.
    pub checkpoint: Signed,
}

type Reply = oneshot::Sender<Result<Appended, AppendError>>;

struct Job {
    statement: VerifiedStatement,
    /// A value to keep beside the entry, durable with it ([`WriteSet::text`]).
    text: Option<Vec<u8>>,
    reply: Reply,
}

/// An entry of the batch being built: seq, entry hash, entry bytes, who to tell.
type Pending = (u64, Hash, Vec<u8>, Reply);

/// Counters the writer keeps, for metrics.
#[derive(Debug, Default)]
pub struct WriterStats {
    /// Batches made durable.
    pub batches: AtomicU64,
    /// Entries made durable.
    pub entries: AtomicU64,
    /// Total time spent in the atomic write plus flush (fsync), nanoseconds.
    pub commit_nanos: AtomicU64,
    /// Batches by size: ≤1, ≤4, ≤16, ≤64, ≤256, ≤1024, larger.
    pub batch_size_buckets: [AtomicU64; 7],
}

/// Upper bounds of [`WriterStats::batch_size_buckets`] (the last bucket is unbounded).
pub const BATCH_SIZE_BOUNDS: [u64; 6] = [1, 4, 16, 64, 256, 1024];

impl WriterStats {
    fn record_batch(&self, size: u64, commit_nanos: u64) {
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.entries.fetch_add(size, Ordering::Relaxed);
        self.commit_nanos.fetch_add(commit_nanos, Ordering::Relaxed);
        let i = BATCH_SIZE_BOUNDS.iter().position(|b| size <= *b).unwrap_or(BATCH_SIZE_BOUNDS.len());
        self.batch_size_buckets[i].fetch_add(1, Ordering::Relaxed);
    }
}

/// Merkle nodes at this level and above are kept in memory as well as in the store, so a
/// proof costs at most this many store reads (the levels below) plus memory lookups.
/// About n/2 hashes (16 MiB at a million entries); measured in docs/PERFORMANCE.md.
const CACHED_LEVEL: u8 = 2;

struct Shared {
    /// Committed Merkle nodes kept in memory: every one at levels ≥ [`CACHED_LEVEL`], the
    /// most recent at the levels below.
    nodes: RwLock<MemNodes>,
    stats: WriterStats,
    store: Store,
    signer: NoteSigner,
    origin: String,
    verifier: NoteVerifier,
    latest: RwLock<Signed>,
    /// The first stage, run by each submitter in turn on its own thread; `None` once closed.
    sequencer: Mutex<Option<Sequencer>>,
    /// Between the sequencer and the file stage; counts the submissions on their way.
    hopper: Arc<Hopper>,
    /// The writer's two threads (files, commit), in pipeline order.
    writer: Mutex<Vec<JoinHandle<()>>>,
    /// Held while a cosignature is counted and stored; holds the witness quorum and the
    /// newest witnessed size (`sequencer::witnessed`).
    cosigning: Mutex<witnessed::Witnessed>,
    /// Set with its reason when a stage of the writer failed.
    failed: Failed,
}

impl Shared {
    fn latest(&self) -> Signed {
        match self.latest.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }
}

/// The newest nodes kept of level 0 (leaves); level `l` < [`CACHED_LEVEL`] keeps this many
/// shifted right by `l`. A new entry's receipt needs its proof's lowest nodes, which are then
/// among these: no file read (3 MiB).
const RECENT_LEAVES: usize = 1 << 16;

/// Committed Merkle nodes in memory.
struct MemNodes {
    /// Every node at levels ≥ [`CACHED_LEVEL`]: `upper[l - CACHED_LEVEL][i]`.
    upper: Vec<Vec<Hash>>,
    /// For each level below [`CACHED_LEVEL`], the index of the oldest node kept and the most
    /// recent nodes from it on.
    recent: Vec<(u64, VecDeque<Hash>)>,
}

impl MemNodes {
    fn new(upper: Vec<Vec<Hash>>, size: u64) -> Self {
        let recent = (0..CACHED_LEVEL).map(|l| (size >> l, VecDeque::new())).collect();
        MemNodes { upper, recent }
    }

    fn get(&self, level: u8, index: u64) -> Option<Hash> {
        if level >= CACHED_LEVEL {
            return self.upper.get(usize::from(level - CACHED_LEVEL))?.get(index as usize).copied();
        }
        let (start, hashes) = self.recent.get(usize::from(level))?;
        hashes.get(usize::try_from(index.checked_sub(*start)?).ok()?).copied()
    }

    /// Adds a newly committed node; the nodes of a level complete in index order.
    fn push(&mut self, level: u8, index: u64, node: Hash) {
        if level >= CACHED_LEVEL {
            let l = usize::from(level - CACHED_LEVEL);
            if self.upper.len() <= l {
                self.upper.resize(l + 1, Vec::new());
            }
            debug_assert_eq!(self.upper[l].len() as u64, index);
            self.upper[l].push(node);
        } else if let Some((start, hashes)) = self.recent.get_mut(usize::from(level)) {
            debug_assert_eq!(*start + hashes.len() as u64, index);
            hashes.push_back(node);
            if hashes.len() > RECENT_LEAVES >> level {
                hashes.pop_front();
                *start += 1;
            }
        }
    }
}

/// An open log: many submitters, one writer, any number of readers.
#[derive(Clone)]
pub struct Log {
    shared: Arc<Shared>,
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

fn sign_checkpoint(signer: &NoteSigner, origin: &str, size: u64, root: Hash) -> Result<Signed, OpenError> {
    let text = Checkpoint { origin: origin.to_string(), size, root, extensions: Vec::new() }.to_text();
    let note = signer.sign(&text).map_err(|e| OpenError::Origin(origin.to_string(), e.to_string()))?;
    Ok(Signed { size, root, note })
}

impl Log {
    /// Opens the log in `dir` with the default gate (every valid statement is admitted).
    pub fn open(dir: &Path, signer: NoteSigner, config: LogConfig) -> Result<Log, OpenError> {
        Self::open_with_gate(dir, signer, config, Box::new(OpenGate))
    }

    /// Opens the log in `dir`, signing checkpoints with `signer` and asking `gate` before
    /// each append. Checks the stored tail against the last signed checkpoint and refuses
    /// to start if they disagree.
    pub fn open_with_gate(
        dir: &Path,
        signer: NoteSigner,
        config: LogConfig,
        gate: Box<dyn Gate>,
    ) -> Result<Log, OpenError> {
        if signer.name() != config.origin {
            return Err(OpenError::Origin(
                config.origin.clone(),
                format!("the log key is named {:?}; it must be named after the origin", signer.name()),
            ));
        }
        let store = Store::open_with_cache(dir, config.cache_bytes)?;
        let verifier = signer.verifier();
        let head = store.head()?;
        let (latest, frontier, last_hash, last_time) = match &head.checkpoint {
            None => {
                if head.size != 0 || store.entry(0)?.is_some() {
                    return Err(OpenError::Inconsistent("entries exist but no checkpoint was ever signed".into()));
                }
                let signed = sign_checkpoint(&signer, &config.origin, 0, merkle::empty_root())?;
                let mut w = WriteSet::default();
                w.origin(&config.origin);
                w.head(0, &genesis(), &signed.note);
                store.commit(w)?;
                (signed, Frontier::new(), genesis(), 0)
            }
            Some(note) => Self::check_tail(&store, &verifier, &config.origin, &head, note)?,
        };
        let hopper = Arc::new(Hopper::new(GROUP_TARGET));
        let failed: Failed = Arc::default();
        let sequencer = Sequencer {
            store: store.clone(),
            frontier,
            last_hash,
            last_time,
            gate,
            failed: failed.clone(),
            in_flight: HashMap::new(),
            durable: None,
            out: hopper.clone(),
        };
        let upper = load_upper(&store, latest.size)?;
        let shared = Arc::new(Shared {
            nodes: RwLock::new(MemNodes::new(upper, latest.size)),
            stats: WriterStats::default(),
            store: store.clone(),
            signer: signer.clone(),
            origin: config.origin.clone(),
            verifier,
            latest: RwLock::new(latest),
            sequencer: Mutex::new(Some(sequencer)),
            hopper: hopper.clone(),
            writer: Mutex::new(Vec::new()),
            cosigning: Mutex::new(witnessed::Witnessed::default()),
            failed: failed.clone(),
        });
        let (to_publisher, publisher_rx) = mpsc::channel();
        let filer = Filer {
            store: store.clone(),
            signer,
            origin: config.origin,
            failed: failed.clone(),
            signed: (shared.latest().size, shared.latest().root),
            recent: HashMap::new(),
            shared: Arc::downgrade(&shared),
            out: to_publisher,
        };
        let publisher = Publisher { store, failed, shared: Arc::downgrade(&shared) };
        let spawn = |name: &str, f: Box<dyn FnOnce() + Send>| {
            std::thread::Builder::new().name(name.into()).spawn(f).map_err(|e| {
                OpenError::Store(StoreError::Corrupt(format!("cannot start the writer thread {name}: {e}")))
            })
        };
        // Started last to first, so a failure to start one leaves none running that could
        // take an append (until both run, nothing takes what the sequencer hands on).
        let handles = vec![
            spawn("heard-commit", Box::new(move || publisher.run(publisher_rx)))?,
            spawn("heard-files", Box::new(move || filer.run(hopper)))?,
        ];
        if let Ok(mut w) = shared.writer.lock() {
            // Joined in pipeline order at close: each stage ends when the one before it has.
            *w = handles.into_iter().rev().collect();
        }
        Ok(Log { shared })
    }

    /// Checks that the stored tail (last entry, head hash, Merkle root) matches the last
    /// signed checkpoint. O(log n) reads.
    fn check_tail(
        store: &Store,
        verifier: &NoteVerifier,
        origin: &str,
        head: &super::store::StoredHead,
        note: &str,
    ) -> Result<(Signed, Frontier, Hash, u64), OpenError> {
        let bad = |s: String| OpenError::Inconsistent(s);
        if head.origin.as_deref() != Some(origin) {
            return Err(bad(format!(
                "the store was created for origin {:?}, not {origin:?}",
                head.origin.as_deref().unwrap_or("")
            )));
        }
        let parsed = Note::parse(note).map_err(|e| bad(format!("the stored checkpoint is unreadable: {e}")))?;
        parsed
            .verify(std::slice::from_ref(verifier))
            .map_err(|e| bad(format!("the stored checkpoint is not signed by this log key: {e}")))?;
        let cp = Checkpoint::parse_text(&parsed.text)
            .map_err(|e| bad(format!("the stored checkpoint is malformed: {e}")))?;
        if cp.size != head.size {
            return Err(bad(format!(
                "the last signed checkpoint has size {} but the store says {}",
                cp.size, head.size
            )));
        }
        let frontier = Frontier::from_store(cp.size, |l, i| store.node(l, i))?;
        if frontier.root() != cp.root {
            return Err(bad(format!(
                "the Merkle root of the stored tree at size {} differs from the signed checkpoint",
                cp.size
            )));
        }
        if store.entry(cp.size)?.is_some() {
            return Err(bad(format!("an entry {} exists beyond the signed size {}", cp.size, cp.size)));
        }
        let (last_hash, last_time) = if cp.size == 0 {
            (genesis(), 0)
        } else {
            let seq = cp.size - 1;
            let bytes = store.entry(seq)?.ok_or_else(|| bad(format!("the last entry {seq} is missing")))?;
            let h = entry_hash(&bytes);
            if Some(h) != head.head {
                return Err(bad(format!("entry {seq}'s hash differs from the stored head")));
            }
            if store.node(0, seq)? != h {
                return Err(bad(format!("entry {seq} is not the leaf the Merkle tree holds")));
            }
            let e = Entry::decode(&bytes).map_err(|e| bad(format!("entry {seq} is unreadable: {e}")))?;
            (h, e.log_time)
        };
        Ok((Signed { size: cp.size, root: cp.root, note: note.to_string() }, frontier, last_hash, last_time))
    }

    /// Checks and appends a statement, returning once it is durable.
    /// Blocking: call from a thread, or use [`Log::append_async`].
    pub fn append(&self, statement: &[u8], signature: &[u8]) -> Result<Appended, AppendError> {
        self.append_with(statement, signature, None)
    }

    /// As [`Log::append`], keeping `text` beside the entry (an idea's words: see
    /// [`Store::content_get`]): written, synced and committed with the entry, so that an
    /// acknowledged entry never lacks it.
    pub fn append_with(
        &self,
        statement: &[u8],
        signature: &[u8],
        text: Option<Vec<u8>>,
    ) -> Result<Appended, AppendError> {
        let rx = self.submit(statement, signature, text)?;
        rx.blocking_recv().map_err(|_| AppendError::Closed)?
    }

    /// Checks and appends a statement, resolving once it is durable.
    pub async fn append_async(&self, statement: &[u8], signature: &[u8]) -> Result<Appended, AppendError> {
        self.append_with_async(statement, signature, None).await
    }

    /// As [`Log::append_with`], resolving once durable.
    pub async fn append_with_async(
        &self,
        statement: &[u8],
        signature: &[u8],
        text: Option<Vec<u8>>,
    ) -> Result<Appended, AppendError> {
        let rx = self.submit(statement, signature, text)?;
        rx.await.map_err(|_| AppendError::Closed)?
    }

    fn submit(
        &self,
        statement: &[u8],
        signature: &[u8],
        text: Option<Vec<u8>>,
    ) -> Result<oneshot::Receiver<Result<Appended, AppendError>>, AppendError> {
        // Counted while checked, so the file stage knows more is on its way; no longer once
        // it is being sequenced, so a lone submitter's entry is written at once.
        let arriving = Arriving::enter(&self.shared.hopper);
        let statement = verify_submission(statement, signature)?;
        let (reply, rx) = oneshot::channel();
        // The sequencer runs here, on the submitter's thread, one submitter at a time: no
        // hand-off to another thread (and no wake-up) per submission.
        let mut sequencer = self.shared.sequencer.lock().map_err(|_| AppendError::Closed)?;
        drop(arriving);
        sequencer.as_mut().ok_or(AppendError::Closed)?.sequence(Job { statement, text, reply });
        Ok(rx)
    }

    /// The latest durable signed checkpoint.
    pub fn latest(&self) -> Signed {
        self.shared.latest()
    }

    /// The writer's counters.
    pub fn stats(&self) -> &WriterStats {
        &self.shared.stats
    }

    /// The log's checkpoint verifier key.
    pub fn verifier(&self) -> &NoteVerifier {
        &self.shared.verifier
    }

    /// The underlying store, for reads.
    pub fn store(&self) -> &Store {
        &self.shared.store
    }

    /// Entry bytes by seq.
    pub fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        if seq >= self.latest().size {
            return Ok(None);
        }
        self.shared.store.entry(seq)
    }

    /// Inclusion proof for entry `index` in the tree of `size` entries (size ≤ latest size).
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError<StoreError>> {
        self.check_size(size)?;
        merkle::inclusion_proof(index, size, |l, i| self.node(l, i))
    }

    /// Consistency proof between two tree sizes (both ≤ latest size).
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, ProofError<StoreError>> {
        self.check_size(new)?;
        merkle::consistency_proof(old, new, |l, i| self.node(l, i))
    }

    /// Root hash of the tree at `size` (≤ latest size).
    pub fn root_at(&self, size: u64) -> Result<Hash, ProofError<StoreError>> {
        self.check_size(size)?;
        merkle::root_at(size, |l, i| self.node(l, i)).map_err(ProofError::Store)
    }

    /// A stored Merkle node, from memory for the upper levels and the most recent lower ones.
    fn node(&self, level: u8, index: u64) -> Result<Hash, StoreError> {
        if let Ok(nodes) = self.shared.nodes.read()
            && let Some(h) = nodes.get(level, index)
        {
            return Ok(h);
        }
        self.shared.store.node(level, index)
    }

    fn check_size(&self, size: u64) -> Result<(), ProofError<StoreError>> {
        let latest = self.latest().size;
        if size > latest {
            return Err(ProofError::Merkle(merkle::MerkleError::OutOfRange { index: size, size: latest }));
        }
        Ok(())
    }

    /// Why the writer stopped taking appends (a storage failure, first reason given), or
    /// `None` while it works. Once set, it stays set until the log is reopened.
    pub fn failure(&self) -> Option<String> {
        self.shared.failed.reason()
    }

    /// Stops accepting appends, lets the writer finish (and flush) what it has, waits for it,
    /// then settles the store's files ([`Store::settle`]). An error says why what was
    /// committed may not be settled in the files (the writer had failed, or the settle
    /// did): the next open recovers from the log's files, so nothing acknowledged is lost.
    pub fn close(&self) -> Result<(), String> {
        // Dropping the sequencer tells the file stage that nothing more comes.
        let sequencer = self.shared.sequencer.lock().map(|mut s| s.take());
        drop(sequencer);
        let handles = self.shared.writer.lock().map(|mut h| std::mem::take(&mut *h)).unwrap_or_default();
        let stopped = !handles.is_empty();
        for h in handles {
            let _ = h.join();
        }
        if let Some(why) = self.failure() {
            return Err(why);
        }
        // With the writer stopped, leave the files complete at rest (see `Store::settle`).
        if stopped && let Err(e) = self.shared.store.settle() {
            tracing::warn!(error = %e, "could not settle the log's index files at close; the next open restores them");
            return Err(e.to_string());
        }
        Ok(())
    }
}

/// Reads the stored nodes at levels ≥ [`CACHED_LEVEL`] of a tree of `size` leaves.
fn load_upper(store: &Store, size: u64) -> Result<Vec<Vec<Hash>>, StoreError> {
    let upper = store.nodes_from_level(CACHED_LEVEL)?;
    for (l, nodes) in upper.iter().enumerate() {
        if nodes.len() as u64 != size >> (l + usize::from(CACHED_LEVEL)) {
            return Err(StoreError::Corrupt(format!(
                "level {} of the Merkle tree is incomplete",
                l + usize::from(CACHED_LEVEL)
            )));
        }
    }
    Ok(upper)
}

/// Waits for the next item, then takes up to `max` in all of what is already queued; `None`
/// once the stage before has hung up and everything it sent was taken (the commit stage's
/// grouping).
fn next_group<T>(rx: &mpsc::Receiver<T>, max: usize) -> Option<Vec<T>> {
    let mut group = vec![rx.recv().ok()?];
    while group.len() < max {
        match rx.try_recv() {
            Ok(item) => group.push(item),
            Err(_) => break,
        }
    }
    Some(group)
}

/// The file stage's group is worth syncing at once when it holds this many entries.
const GROUP_TARGET: usize = 64;
/// The longest the file stage waits for a group to fill while more submissions are on
/// their way; measured in docs/PERFORMANCE.md.
const GROUP_WAIT: Duration = Duration::from_millis(2);
/// How often a waiting file stage looks again whether anything is still on its way.
const GROUP_WAIT_SLICE: Duration = Duration::from_micros(250);

/// What the sequencer hands to the file stage, and the count of submissions on their way.
///
/// Once it holds something, the file stage waits until the group is worth writing: it
/// holds [`GROUP_TARGET`] entries, or nothing more is on its way (no submission is being
/// checked; looked at every [`GROUP_WAIT_SLICE`]), or [`GROUP_WAIT`] has passed since the
/// stage first saw it, or the sequencer is gone. Each group costs a sync and a sled flush
/// however small it is, so under load fewer, larger groups leave more of the cores to
/// checking signatures; a lone submitter never waits, as nothing else is on its way. A
/// submitter wakes the file stage only for a group's first entry and when the group is
/// full, never for every submission.
struct Hopper {
    /// Entries that make a group worth writing at once.
    target: usize,
    /// Submissions being checked right now ([`Arriving`]).
    arriving: AtomicUsize,
    held: Mutex<Held>,
    ready: Condvar,
}

#[derive(Default)]
struct Held {
    batches: Vec<Sequenced>,
    entries: usize,
    /// The file stage is asleep on `ready`.
    waiting: bool,
    /// The sequencer is gone: nothing more comes.
    closed: bool,
    /// The file stage is gone: nothing more is taken.
    gone: bool,
}

impl Hopper {
    fn new(target: usize) -> Hopper {
        Hopper { target, arriving: AtomicUsize::new(0), held: Mutex::default(), ready: Condvar::new() }
    }

    fn held(&self) -> std::sync::MutexGuard<'_, Held> {
        // A panic elsewhere while holding the lock leaves the queue itself intact.
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Hands a batch on; gives it back if the file stage is gone.
    fn push(&self, batch: Sequenced) -> Result<(), Box<Sequenced>> {
        let mut h = self.held();
        if h.gone {
            return Err(Box::new(batch));
        }
        let first = h.entries == 0;
        h.entries += batch.replies.len();
        h.batches.push(batch);
        // The file stage wakes for the first entry of a group (its wait for more is timed
        // from then) and when the group is full; not for every entry in between.
        if h.waiting && (first || h.entries >= self.target) {
            self.ready.notify_one();
        }
        Ok(())
    }

    /// The sequencer is gone.
    fn close(&self) {
        self.held().closed = true;
        self.ready.notify_one();
    }

    /// The file stage is gone (called as it ends, also by a panic's unwinding).
    fn leave(&self) {
        let mut h = self.held();
        h.gone = true;
        h.entries = 0;
        refuse_all(
            "the file stage stopped",
            std::mem::take(&mut h.batches).into_iter().flat_map(|b| b.replies).map(|p| p.3),
        );
    }

    /// Waits for the next group worth writing (see [`Hopper`]): everything held when it is;
    /// `None` once the sequencer is gone and everything it handed on was taken.
    fn take(&self, cap: Duration) -> Option<Vec<Sequenced>> {
        let mut h = self.held();
        let mut deadline: Option<Instant> = None;
        loop {
            if h.entries == 0 {
                if h.closed {
                    return None;
                }
                h.waiting = true;
                h = self.ready.wait(h).unwrap_or_else(|p| p.into_inner());
                h.waiting = false;
                continue;
            }
            let now = Instant::now();
            let until = *deadline.get_or_insert(now + cap);
            if h.entries >= self.target || h.closed || self.arriving.load(Ordering::Acquire) == 0 || now >= until {
                h.entries = 0;
                return Some(std::mem::take(&mut h.batches));
            }
            // Looks again every slice whether anything is still on its way: a submitter does
            // not wake the file stage for that, as with two cores the count touches zero
            // between most submissions even under full load.
            h.waiting = true;
            let slice = (until - now).min(GROUP_WAIT_SLICE);
            h = self.ready.wait_timeout(h, slice).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
            h.waiting = false;
        }
    }
}

/// A submission being checked, counted in [`Hopper::arriving`] until dropped.
struct Arriving<'a>(&'a Hopper);

impl<'a> Arriving<'a> {
    fn enter(hopper: &'a Hopper) -> Self {
        hopper.arriving.fetch_add(1, Ordering::AcqRel);
        Arriving(hopper)
    }
}

impl Drop for Arriving<'_> {
    fn drop(&mut self) {
        self.0.arriving.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Set when a stage of the writer fails: from then on every append is refused with
/// [`AppendError::Storage`] until the log is reopened (which re-checks the tail).
type Failed = Arc<Failure>;

/// Whether the writer failed, and the first reason it gave.
#[derive(Default)]
struct Failure {
    set: AtomicBool,
    why: Mutex<Option<String>>,
}

impl Failure {
    fn load(&self, order: Ordering) -> bool {
        self.set.load(order)
    }

    /// Marks the writer failed, keeping the first reason given.
    fn fail(&self, why: &str) {
        if let Ok(mut w) = self.why.lock()
            && w.is_none()
        {
            *w = Some(why.to_string());
        }
        self.set.store(true, Ordering::Release);
    }

    fn reason(&self) -> Option<String> {
        if !self.load(Ordering::Acquire) {
            return None;
        }
        Some(self.why.lock().ok().and_then(|w| w.clone()).unwrap_or_else(|| "the writer stopped".into()))
    }
}

/// Answers every reply with [`AppendError::Storage`] for `why`.
fn refuse_all(why: &str, replies: impl IntoIterator<Item = Reply>) {
    for r in replies {
        let _ = r.send(Err(AppendError::Storage(why.to_string())));
    }
}

/// The first stage of the writer: checks duplicates, asks the gate, sequences, hashes and
/// extends the Merkle frontier. Cheap: it runs on each submitter's thread in turn, under
/// [`Shared::sequencer`]'s lock, and hands each entry to the [`Filer`] through the [`Hopper`].
struct Sequencer {
    store: Store,
    frontier: Frontier,
    last_hash: Hash,
    last_time: u64,
    gate: Box<dyn Gate>,
    failed: Failed,
    /// Statements sequenced but perhaps not yet committed (statement hash → seq); the
    /// store's index answers for the rest.
    in_flight: HashMap<Hash, u64>,
    /// The committed size last told to the gate.
    durable: Option<u64>,
    out: Arc<Hopper>,
}

impl Drop for Sequencer {
    fn drop(&mut self) {
        self.out.close();
    }
}

/// A batch as the sequencer made it.
struct Sequenced {
    writes: WriteSet,
    size: u64,
    root: Hash,
    last_hash: Hash,
    /// The new Merkle nodes, in storage order.
    nodes: Vec<(u8, u64, Hash)>,
    replies: Vec<Pending>,
}

impl Sequencer {
    fn sequence(&mut self, job: Job) {
        if self.failed.load(Ordering::Acquire) {
            refuse_all(&self.failed.reason().unwrap_or_default(), [job.reply]);
            return;
        }
        // What is committed no longer needs remembering here: the store answers for it.
        let durable = self.store.size();
        if self.durable != Some(durable) {
            self.durable = Some(durable);
            self.in_flight.retain(|_, seq| *seq >= durable);
            self.gate.commit(durable);
        }
        let hash = job.statement.hash;
        let dup = match self.in_flight.get(&hash) {
            Some(seq) => Ok(Some(*seq)),
            None => self.store.seq_of_statement(&hash),
        };
        match dup {
            Ok(Some(seq)) => {
                let _ = job.reply.send(Err(AppendError::Duplicate { seq }));
                return;
            }
            Ok(None) => {}
            Err(e) => {
                tracing_storage_error(&e);
                let _ = job.reply.send(Err(AppendError::Storage(e.to_string())));
                return;
            }
        }
        let now = now_ms().max(self.last_time);
        let seq = self.frontier.size();
        let index_writes = match self.gate.admit(seq, now, &job.statement) {
            Ok(w) => w,
            Err(r) => {
                let _ = job.reply.send(Err(AppendError::Refused(r)));
                return;
            }
        };
        let entry = Entry {
            seq,
            prev: self.last_hash,
            log_time: now,
            statement: job.statement.bytes,
            signature: job.statement.signature,
        };
        let bytes = entry.encode();
        let h = entry_hash(&bytes);
        let mut w = WriteSet::default();
        w.entry(seq, bytes.clone(), &h, &hash);
        if let Some(t) = job.text {
            w.text(&h, t);
        }
        let mut nodes = Vec::new();
        for (level, index, node) in self.frontier.append(h) {
            w.node(level, index, &node);
            nodes.push((level, index, node));
        }
        for iw in index_writes {
            w.domain(&iw.key, iw.value.as_deref());
        }
        self.in_flight.insert(hash, seq);
        self.last_hash = h;
        let replies = vec![(seq, h, bytes, job.reply)];
        self.last_time = now;
        let batch = Sequenced {
            writes: w,
            size: self.frontier.size(),
            root: self.frontier.root(),
            last_hash: self.last_hash,
            nodes,
            replies,
        };
        if let Err(batch) = self.out.push(batch) {
            // The next stage is gone (it panicked): nothing after this can be written.
            self.failed.fail("the file stage stopped");
            self.gate.abort();
            refuse_all("the file stage stopped", batch.replies.into_iter().map(|p| p.3));
        }
    }
}

/// The second stage: merges the batches sequenced while it was busy, proves the new tree
/// extends the last signed one, signs its checkpoint, writes the entries and nodes to the
/// files and syncs them ([`Store::write_files`]), then hands the result to the [`Publisher`].
struct Filer {
    store: Store,
    signer: NoteSigner,
    origin: String,
    failed: Failed,
    /// The last tree signed: size and root.
    signed: (u64, Hash),
    /// Nodes written to the files but perhaps not yet committed (the store reads only
    /// committed ones).
    recent: HashMap<(u8, u64), Hash>,
    /// For the committed nodes kept in memory ([`Shared::nodes`]).
    shared: std::sync::Weak<Shared>,
    out: mpsc::Sender<Written>,
}

/// Batches whose files are written and synced, with the checkpoint that covers them.
struct Written {
    writes: WriteSet,
    signed: Signed,
    nodes: Vec<(u8, u64, Hash)>,
    replies: Vec<Pending>,
    file_nanos: u64,
}

impl Filer {
    fn run(mut self, hopper: Arc<Hopper>) {
        /// Tells the sequencer the file stage is gone however it ends, a panic included.
        struct Leaving(Arc<Hopper>);
        impl Drop for Leaving {
            fn drop(&mut self) {
                self.0.leave();
            }
        }
        let leaving = Leaving(hopper);
        while let Some(group) = leaving.0.take(GROUP_WAIT) {
            self.write(group);
        }
    }

    fn write(&mut self, group: Vec<Sequenced>) {
        let started = std::time::Instant::now();
        let mut it = group.into_iter();
        let Some(first) = it.next() else { return };
        let Sequenced { writes: mut w, mut size, mut root, mut last_hash, mut nodes, mut replies } = first;
        let mut merged = Ok(());
        for b in it {
            if merged.is_ok() {
                merged = w.extend(b.writes);
            }
            (size, root, last_hash) = (b.size, b.root, b.last_hash);
            nodes.extend(b.nodes);
            replies.extend(b.replies);
        }
        if self.failed.load(Ordering::Acquire) {
            refuse_all(&self.failed.reason().unwrap_or_default(), replies.into_iter().map(|p| p.3));
            return;
        }
        if let Err(e) = merged {
            return self.fail(&e.to_string(), replies);
        }
        let committed = stored_nodes(self.store.size());
        self.recent.retain(|&(l, i), _| node_position(l, i).is_some_and(|p| p >= committed));
        // Never sign a checkpoint inconsistent with the last one signed: prove it, from the
        // stored tree plus the nodes not yet committed, before signing.
        if let Err(why) = self.check_extends(size, &root, &nodes) {
            tracing::error!(%why, "refusing to sign a checkpoint that does not extend the last one");
            return self.fail(&why, replies);
        }
        let Ok(signed) = sign_checkpoint(&self.signer, &self.origin, size, root) else {
            // The origin was validated at open; signing cannot fail afterwards.
            return self.fail("the checkpoint could not be signed", replies);
        };
        w.head(size, &last_hash, &signed.note);
        if let Err(e) = self.store.write_files(&mut w) {
            tracing_storage_error(&e);
            return self.fail(&e.to_string(), replies);
        }
        self.recent.extend(nodes.iter().map(|&(l, i, h)| ((l, i), h)));
        self.signed = (size, root);
        let file_nanos = started.elapsed().as_nanos() as u64;
        if let Err(mpsc::SendError(b)) = self.out.send(Written { writes: w, signed, nodes, replies, file_nanos }) {
            self.fail("the commit stage stopped", b.replies);
        }
    }

    /// Proves that the tree of `size` leaves with `root` extends the last signed tree.
    fn check_extends(&self, size: u64, root: &Hash, new: &[(u8, u64, Hash)]) -> Result<(), String> {
        let (old_size, old_root) = self.signed;
        if old_size == 0 {
            return Ok(());
        }
        let new: HashMap<(u8, u64), Hash> = new.iter().map(|&(l, i, h)| ((l, i), h)).collect();
        // New and recent nodes first, then the committed ones in memory; the store's files
        // only for a committed node not yet (or no longer) in memory.
        let shared = self.shared.upgrade();
        let mem = shared.as_ref().and_then(|s| s.nodes.read().ok());
        let get = |l: u8, i: u64| match new.get(&(l, i)).or_else(|| self.recent.get(&(l, i))) {
            Some(h) => Ok(*h),
            None => match mem.as_ref().and_then(|m| m.get(l, i)) {
                Some(h) => Ok(h),
                None => self.store.node(l, i),
            },
        };
        let proof = merkle::consistency_proof(old_size, size, get).map_err(|e| e.to_string())?;
        merkle::verify_consistency(old_size, size, &old_root, root, &proof).map_err(|e| e.to_string())
    }

    fn fail(&mut self, why: &str, replies: Vec<Pending>) {
        tracing::error!(why, "the writer stops: appends are refused until the log is reopened");
        self.failed.fail(why);
        refuse_all(why, replies.into_iter().map(|p| p.3));
    }
}

/// The last stage: applies the sled rows of everything written (domain rows, the new head)
/// in one batch and flushes it — the commit point — then publishes the new checkpoint to
/// readers and answers each submitter ([`Store::publish`] also adds the hash index keys).
struct Publisher {
    store: Store,
    failed: Failed,
    shared: std::sync::Weak<Shared>,
}

impl Publisher {
    fn run(self, rx: mpsc::Receiver<Written>) {
        while let Some(group) = next_group(&rx, usize::MAX) {
            self.publish(group);
        }
    }

    fn publish(&self, group: Vec<Written>) {
        if self.failed.load(Ordering::Acquire) {
            let why = self.failed.reason().unwrap_or_default();
            refuse_all(&why, group.into_iter().flat_map(|g| g.replies).map(|p| p.3));
            return;
        }
        let started = std::time::Instant::now();
        let mut w = WriteSet::default();
        let mut merged = Ok(());
        let mut parts = Vec::with_capacity(group.len());
        let mut file_nanos = 0;
        for g in group {
            if merged.is_ok() {
                merged = w.extend(g.writes);
            }
            file_nanos += g.file_nanos;
            parts.push((g.signed, g.nodes, g.replies));
        }
        if let Err(e) = merged.and_then(|()| self.store.publish(w)) {
            tracing_storage_error(&e);
            self.failed.fail(&e.to_string());
            refuse_all(&e.to_string(), parts.into_iter().flat_map(|p| p.2).map(|p| p.3));
            return;
        }
        let entries: usize = parts.iter().map(|p| p.2.len()).sum();
        let commit_nanos = file_nanos + started.elapsed().as_nanos() as u64;
        if let Some(shared) = self.shared.upgrade() {
            shared.stats.record_batch(entries as u64, commit_nanos);
            if let Ok(mut mem) = shared.nodes.write() {
                for &(level, index, node) in parts.iter().flat_map(|p| p.1.iter()) {
                    mem.push(level, index, node);
                }
            }
            if let Some(last) = parts.last()
                && let Ok(mut latest) = shared.latest.write()
            {
                *latest = last.0.clone();
            }
        }
        for (signed, _, replies) in parts {
            for (seq, entry_hash, entry, reply) in replies {
                let _ = reply.send(Ok(Appended { seq, entry_hash, entry, checkpoint: signed.clone() }));
            }
        }
    }
}

fn tracing_storage_error(e: &StoreError) {
    tracing::error!(error = %e, "storage error in the writer; appends stop until restart");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::cbor;
    use crate::protocol::statement::{Kind, Statement};
    use ed25519_dalek::SigningKey;

    /// Records, for each batch, what was committed when it started and its first seq.
    struct Recorder {
        durable: u64,
        starts: Arc<Mutex<Vec<(u64, u64)>>>,
        fresh: bool,
    }

    impl Gate for Recorder {
        fn admit(&mut self, seq: u64, _: u64, _: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
            if self.fresh {
                self.fresh = false;
                if let Ok(mut s) = self.starts.lock() {
                    s.push((self.durable, seq));
                }
            }
            Ok(Vec::new())
        }
        fn commit(&mut self, durable: u64) {
            assert!(durable >= self.durable, "the committed size went backwards");
            self.durable = durable;
            self.fresh = true;
        }
        fn abort(&mut self) {}
    }

    const ORIGIN: &str = "test.heard/log";

    fn test_signer() -> NoteSigner {
        NoteSigner::new(ORIGIN, [7; 32]).expect("signer")
    }

    /// The test author's idea statement number `i`, signed: (bytes, signature).
    fn idea(key: &SigningKey, i: u64) -> (Vec<u8>, [u8; 64]) {
        let body = cbor::encode(&format!("statement {i}")).expect("body");
        Statement { kind: Kind::Idea, time: i, author: key.verifying_key().to_bytes(), body }.sign(key)
    }

    #[test]
    fn batches_are_sequenced_while_earlier_ones_are_still_being_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let starts = Arc::new(Mutex::new(Vec::new()));
        let gate = Recorder { durable: 0, starts: starts.clone(), fresh: true };
        let log = Log::open_with_gate(dir.path(), test_signer(), LogConfig::new(ORIGIN), Box::new(gate)).expect("open");
        let key = SigningKey::from_bytes(&[9; 32]);
        let work: Vec<_> = (0..1500u64).map(|i| idea(&key, i)).collect();
        let next = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..32 {
                s.spawn(|| {
                    while let Some((b, sig)) = work.get(next.fetch_add(1, Ordering::Relaxed) as usize) {
                        let a = log.append(b, sig).expect("append");
                        // Answered only once committed: the checkpoint it carries covers it
                        // and the store already holds it.
                        assert!(a.checkpoint.size > a.seq);
                        assert!(log.store().size() > a.seq);
                        assert_eq!(log.store().entry(a.seq).expect("read").as_deref(), Some(&a.entry[..]));
                    }
                });
            }
        });
        assert_eq!(log.latest().size, 1500);
        let starts = starts.lock().expect("lock").clone();
        // Some batch was sequenced on top of entries not yet committed: the stages overlapped.
        let overlapped = starts.iter().filter(|(durable, first)| first > durable).count();
        assert!(overlapped > 0, "no batch started before the one before it was committed: {starts:?}");
        log.close().expect("closed cleanly");
        let report = crate::log::audit::audit(log.store(), log.verifier()).expect("audit");
        assert_eq!(report.entries, 1500);
    }

    /// A sequenced batch of `n` entries (nobody listens for their answers).
    fn batch(n: usize) -> Sequenced {
        let replies = (0..n).map(|i| (i as u64, [0; 32], Vec::new(), oneshot::channel().0)).collect();
        Sequenced {
            writes: WriteSet::default(),
            size: 0,
            root: [0; 32],
            last_hash: [0; 32],
            nodes: Vec::new(),
            replies,
        }
    }

    fn weights(group: &[Sequenced]) -> Vec<usize> {
        group.iter().map(|b| b.replies.len()).collect()
    }

    #[test]
    fn a_group_grows_only_while_more_is_on_its_way() {
        // Every wait below that must end early ends long before this cap, or the test fails.
        let long = Duration::from_secs(10);
        let hopper = Arc::new(Hopper::new(GROUP_TARGET));
        // A take on another thread, so a wait that never ends fails the test instead of
        // hanging it.
        let take = |cap: Duration| {
            let (tx, rx) = mpsc::channel();
            let h = hopper.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let group = h.take(cap).map(|g| weights(&g));
                let _ = tx.send((group, started.elapsed()));
            });
            rx.recv_timeout(Duration::from_secs(20)).expect("the file stage was never woken")
        };
        let early = |took: Duration| assert!(took < Duration::from_secs(5), "waited {took:?}");

        // Nothing on its way: the group goes as it is.
        assert!(hopper.push(batch(1)).is_ok());
        let (group, took) = take(long);
        assert_eq!(group, Some(vec![1]));
        early(took);

        // Something on its way: the group takes what comes until it weighs the target; what
        // comes after waits for the next group.
        let on_its_way = Arriving::enter(&hopper);
        let pusher = {
            let hopper = hopper.clone();
            std::thread::spawn(move || {
                for w in [1, 10, 20, 40, 7] {
                    std::thread::sleep(Duration::from_millis(5));
                    assert!(hopper.push(batch(w)).is_ok());
                    if w == 40 {
                        // Let the file stage take its full group before the 7 comes.
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
            })
        };
        let (group, took) = take(long);
        assert_eq!(group, Some(vec![1, 10, 20, 40]));
        early(took);

        // The first entry of a group wakes the file stage (which slept on nothing held), and
        // with more on its way that never comes, the wait ends at the cap.
        let (group, took) = take(Duration::from_millis(30));
        assert_eq!(group, Some(vec![7]));
        assert!(took >= Duration::from_millis(30));
        pusher.join().expect("pusher");

        // The last submission on its way leaves without handing anything on (refused): the
        // waiting file stage sees it at its next look, long before the cap.
        assert!(hopper.push(batch(2)).is_ok());
        std::thread::scope(|s| {
            s.spawn(move || {
                std::thread::sleep(Duration::from_millis(20));
                drop(on_its_way);
            });
            let (group, took) = take(long);
            assert_eq!(group, Some(vec![2]));
            early(took);
        });
        assert_eq!(hopper.arriving.load(Ordering::Acquire), 0);

        // The sequencer goes: what is held is taken at once, then nothing more.
        let _more = Arriving::enter(&hopper);
        assert!(hopper.push(batch(3)).is_ok());
        hopper.close();
        let (group, took) = take(long);
        assert_eq!(group, Some(vec![3]));
        early(took);
        assert_eq!(take(long).0, None);
    }

    #[test]
    fn nothing_is_handed_on_once_the_file_stage_is_gone() {
        let hopper = Hopper::new(GROUP_TARGET);
        let (reply, answer) = oneshot::channel();
        let mut held = batch(0);
        held.replies.push((0, [0; 32], Vec::new(), reply));
        assert!(hopper.push(held).is_ok());
        // Leaving refuses what it held and every later hand-off is given back.
        hopper.leave();
        assert!(matches!(answer.blocking_recv(), Ok(Err(AppendError::Storage(_)))));
        assert!(hopper.push(batch(1)).is_err());
    }

    #[test]
    fn a_submission_is_counted_as_arriving_only_while_it_is_checked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = Log::open(dir.path(), test_signer(), LogConfig::new(ORIGIN)).expect("open");
        let (st, sig) = idea(&SigningKey::from_bytes(&[9; 32]), 1);
        assert_eq!(log.shared.hopper.arriving.load(Ordering::Acquire), 0);
        log.append(&st, &sig).expect("append");
        // A refused one is uncounted too.
        assert!(log.append(&st, &[0u8; 64]).is_err());
        assert_eq!(log.shared.hopper.arriving.load(Ordering::Acquire), 0);
        log.close().expect("closed cleanly");
    }

    #[test]
    fn memory_keeps_every_upper_node_and_the_most_recent_lower_ones() {
        let h = |level: u8, index: u64| {
            let mut x = [0u8; 32];
            x[0] = level;
            x[1..9].copy_from_slice(&index.to_be_bytes());
            x
        };
        // A log that already had 10 entries: its levels 0 and 1 start at 10 and 5.
        let mut mem = MemNodes::new(vec![vec![h(2, 0), h(2, 1)]], 10);
        assert_eq!(mem.get(0, 9), None);
        let leaves = 10 + RECENT_LEAVES as u64 + 100;
        for i in 10..leaves {
            mem.push(0, i, h(0, i));
            if i % 2 == 1 {
                mem.push(1, i / 2, h(1, i / 2));
            }
            if i % 4 == 3 {
                mem.push(2, i / 4, h(2, i / 4));
            }
        }
        let oldest0 = leaves - RECENT_LEAVES as u64;
        assert_eq!(mem.get(0, oldest0 - 1), None);
        assert_eq!(mem.get(0, oldest0), Some(h(0, oldest0)));
        assert_eq!(mem.get(0, leaves - 1), Some(h(0, leaves - 1)));
        assert_eq!(mem.get(0, leaves), None);
        let level1 = leaves / 2;
        let oldest1 = level1 - (RECENT_LEAVES as u64 >> 1);
        assert_eq!(mem.get(1, oldest1 - 1), None);
        assert_eq!(mem.get(1, oldest1), Some(h(1, oldest1)));
        assert_eq!(mem.get(1, level1 - 1), Some(h(1, level1 - 1)));
        for i in 0..leaves / 4 {
            assert_eq!(mem.get(2, i), Some(h(2, i)));
        }
        assert_eq!(mem.get(2, leaves / 4), None);
    }

    #[test]
    fn proofs_from_memory_match_the_stored_tree_before_and_after_a_reopen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let open = || Log::open(dir.path(), test_signer(), LogConfig::new(ORIGIN)).expect("open");
        let key = SigningKey::from_bytes(&[9; 32]);
        let mut next = 0u64;
        let mut append = |log: &Log, n: u64| {
            for _ in 0..n {
                let (st, sig) = idea(&key, next);
                log.append(&st, &sig).expect("append");
                next += 1;
            }
        };
        let check = |log: &Log| {
            let size = log.latest().size;
            for size in [size / 3, size - 1, size] {
                for i in 0..size {
                    let stored = merkle::inclusion_proof(i, size, |l, j| log.store().node(l, j)).expect("stored proof");
                    assert_eq!(log.inclusion_proof(i, size).expect("proof"), stored, "entry {i} at size {size}");
                }
            }
        };
        let log = open();
        append(&log, 37);
        check(&log);
        log.close().expect("closed cleanly");
        drop(log);
        // Reopened, the lower levels' memory starts empty and fills from the new entries.
        let log = open();
        check(&log);
        append(&log, 29);
        check(&log);
        log.close().expect("closed cleanly");
    }
}

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
//!    checkpoint, writes the entries and Merkle nodes to the store's files and syncs the
//!    journal — the commit point (see [`Store::write_files`] for which syncs a batch makes). While its group is small
//!    and other submissions are still being checked, it first waits for them, briefly
//!    (see [`Hopper`]): every group costs a sync, however small;
//! 3. the **commit stage** writes the followers ([`Store::publish`]): the group's hash keys,
//!    domain rows and watermarks in one fjall batch, the text index and the new head and
//!    checkpoint in one sled batch, neither synced (`follow` catches them up on open), and
//!    only then answers each submitter and shows readers the new checkpoint.
//!
//! So one group's files are synced while the group before it is published, and the next is
//! sequenced meanwhile. Commits happen strictly in seq order, each on top of the last, so a
//! crash at any moment leaves a prefix of the log: the journal's whole entries, every one
//! acknowledged before the crash among them. If
//! any stage fails, every later append is refused (`storage`) until the log is reopened.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::store::{Store, StoreError, WriteSet, node_position, stored_nodes};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash, genesis};
use crate::protocol::merkle::{self, Frontier, ProofError};
use crate::protocol::note::{Checkpoint, Note, NoteSigner, NoteVerifier};
use crate::protocol::statement::{Statement, StatementError, VerifiedStatement, verify_decoded, verify_submission};

mod commit;
mod errors;
mod failure;
mod files;
mod follow;
mod gate;
mod hopper;
mod nodes;
mod sequence;
mod witnessed;
use commit::*;
pub use errors::{AppendError, OpenError};
use failure::*;
use files::*;
use gate::OpenGate;
pub use gate::{Gate, IndexWrite, Refusal};
use hopper::*;
use nodes::*;
use sequence::*;
pub use witnessed::{CosignError, MAX_COSIGNATURES, checked_cosignature};

/// How a log is run.
#[derive(Clone, Debug)]
pub struct LogConfig {
    /// The checkpoint origin (and the log key's name).
    pub origin: String,
    /// sled's page cache, bytes ([`crate::log::store::DEFAULT_CACHE_BYTES`] by default).
    pub cache_bytes: u64,
    /// Where log times come from (the system clock unless a test moves it forward).
    pub clock: crate::log::clock::Clock,
}

impl LogConfig {
    /// A configuration with the given origin and sled's default page cache.
    pub fn new(origin: impl Into<String>) -> Self {
        LogConfig {
            origin: origin.into(),
            cache_bytes: crate::log::store::DEFAULT_CACHE_BYTES,
            clock: crate::log::clock::Clock::system(),
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
    /// The entry's inclusion proof in `checkpoint`, when the log had it at hand (a log on
    /// PostgreSQL reads it with the checkpoint); otherwise ask the log for it.
    pub proof: Option<Vec<Hash>>,
}

type Reply = oneshot::Sender<Result<Appended, AppendError>>;

struct Job {
    statement: VerifiedStatement,
    /// A value to keep beside the entry, durable with it ([`WriteSet::text`]).
    text: Option<Vec<u8>>,
    reply: Reply,
}

/// An entry of the batch being built, and who to tell once it is durable.
struct Pending {
    seq: u64,
    entry_hash: Hash,
    entry: Vec<u8>,
    reply: Reply,
}

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

struct Shared {
    /// Committed Merkle nodes kept in memory (see `nodes`): the frontier at open, then those
    /// at levels ≥ [`KEPT_LEVEL`] once read or made, and the most recent at the levels below.
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
    /// Where log times come from.
    clock: crate::log::clock::Clock,
}

impl Shared {
    fn latest(&self) -> Signed {
        match self.latest.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }
}

/// An open log: many submitters, one writer, any number of readers.
#[derive(Clone)]
pub struct Log {
    shared: Arc<Shared>,
}

fn sign_checkpoint(signer: &NoteSigner, origin: &str, size: u64, root: Hash) -> Result<Signed, OpenError> {
    // `origin` is the signer's name (checked when the log opens).
    let note = signer.sign_checkpoint(size, root).map_err(|e| OpenError::Origin(origin.to_string(), e.to_string()))?;
    Ok(Signed { size, root, note })
}

impl Log {
    /// The log's clock now (ms since the Unix epoch); an entry appended now is stamped with
    /// this or, if later, the last entry's log time. Views use it to say what is in effect.
    pub fn now_ms(&self) -> u64 {
        self.shared.clock.now_ms()
    }

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
        let mut gate = gate;
        gate.attach(&store);
        follow::follow_journal(&store, &signer, &verifier, &config.origin, gate.as_mut())?;
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
                // The origin and a first checkpoint, durable before any entry: an audit of
                // the journal needs a signed checkpoint to start from.
                store.flush()?;
                (signed, Frontier::new(), genesis(), 0)
            }
            Some(note) => Self::check_tail(&store, &verifier, &config.origin, &head, note)?,
        };
        // The frontier alone: the rest of the tree is read when a proof needs it.
        let nodes = MemNodes::new(latest.size, frontier.nodes());
        let hopper = Arc::new(Hopper::new(GROUP_TARGET));
        let failed: Failed = Arc::default();
        let clock = config.clock.clone();
        let sequencer = Sequencer {
            clock: clock.clone(),
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
        let shared = Arc::new(Shared {
            nodes: RwLock::new(nodes),
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
            clock,
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
        let rx = self.submit(statement, None, signature, text)?;
        rx.blocking_recv().map_err(|_| AppendError::Closed)?
    }

    /// As [`Log::append_with`], for a statement its caller has decoded already: `decoded` is
    /// what `Statement::decode(statement)` returned (the ledger decodes each submission to
    /// plan what goes beside it), so that it is not decoded a second time here.
    pub(crate) fn append_decoded(
        &self,
        statement: &[u8],
        decoded: Result<Statement, StatementError>,
        signature: &[u8],
        text: Option<Vec<u8>>,
    ) -> Result<Appended, AppendError> {
        let rx = self.submit(statement, Some(decoded), signature, text)?;
        rx.blocking_recv().map_err(|_| AppendError::Closed)?
    }

    /// As [`Log::append_decoded`], resolving once durable.
    pub(crate) async fn append_decoded_async(
        &self,
        statement: &[u8],
        decoded: Result<Statement, StatementError>,
        signature: &[u8],
        text: Option<Vec<u8>>,
    ) -> Result<Appended, AppendError> {
        let rx = self.submit(statement, Some(decoded), signature, text)?;
        rx.await.map_err(|_| AppendError::Closed)?
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
        let rx = self.submit(statement, None, signature, text)?;
        rx.await.map_err(|_| AppendError::Closed)?
    }

    /// Checks `statement` (decoded already if `decoded` is given) and sequences it.
    fn submit(
        &self,
        statement: &[u8],
        decoded: Option<Result<Statement, StatementError>>,
        signature: &[u8],
        text: Option<Vec<u8>>,
    ) -> Result<oneshot::Receiver<Result<Appended, AppendError>>, AppendError> {
        // Counted while checked, so the file stage knows more is on its way; no longer once
        // it is being sequenced, so a lone submitter's entry is written at once.
        let arriving = Arriving::enter(&self.shared.hopper);
        let statement = match decoded {
            Some(decoded) => verify_decoded(statement, decoded?, signature)?,
            None => verify_submission(statement, signature)?,
        };
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
        // The path's nodes below KEPT_LEVEL all lie in the block of 2^KEPT_LEVEL leaves around
        // `index`, which `hashes.dat` stores in one run: unless memory holds them (a new
        // entry's), one read fetches them all, rather than one read a level.
        let block = index >> KEPT_LEVEL << KEPT_LEVEL;
        let in_memory = self.shared.nodes.read().is_ok_and(|n| n.get(0, index ^ 1).is_some());
        let span = match in_memory || size <= block {
            true => None,
            false => Some(self.shared.store.node_span(block, block + (1 << KEPT_LEVEL)).map_err(ProofError::Store)?),
        };
        merkle::inclusion_proof(index, size, |l, i| match span.as_ref().and_then(|s| s.get(l, i)) {
            Some(h) => Ok(h),
            None => self.node(l, i),
        })
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

    /// A stored Merkle node, from memory if it is there; otherwise read from the store and,
    /// at the levels kept (≥ [`KEPT_LEVEL`]), kept for the next proof.
    fn node(&self, level: u8, index: u64) -> Result<Hash, StoreError> {
        if let Ok(nodes) = self.shared.nodes.read()
            && let Some(h) = nodes.get(level, index)
        {
            return Ok(h);
        }
        let h = self.shared.store.node(level, index)?;
        if level >= KEPT_LEVEL
            && let Ok(mut nodes) = self.shared.nodes.write()
        {
            nodes.keep(level, index, h);
        }
        Ok(h)
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

#[cfg(test)]
mod tests;

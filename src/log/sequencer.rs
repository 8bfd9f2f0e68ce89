//! The single writer: group commit of appended statements.
//!
//! Submitters check a statement on their own thread (decode, canonical form, signature), then
//! queue it. One writer thread drains the queue in batches: it refuses duplicates, asks the
//! [`Gate`] (the domain's policy), sequences, extends the Merkle frontier, signs the new
//! checkpoint, writes everything in one atomic sled batch and flushes. Only then is each
//! submitter answered. A crash before the flush loses the whole batch and nobody was told it
//! was logged; after it, everything is on disk.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::oneshot;

use super::store::{Store, StoreError, WriteSet};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash, genesis};
use crate::protocol::merkle::{self, Frontier, ProofError};
use crate::protocol::note::{Checkpoint, Note, NoteSigner, NoteVerifier};
use crate::protocol::statement::{StatementError, VerifiedStatement, verify_submission};

/// How a log is run.
#[derive(Clone, Debug)]
pub struct LogConfig {
    /// The checkpoint origin (and the log key's name).
    pub origin: String,
    /// The most statements sequenced in one batch.
    pub max_batch: usize,
}

impl LogConfig {
    /// A configuration with the given origin and the default batch limit.
    pub fn new(origin: impl Into<String>) -> Self {
        LogConfig { origin: origin.into(), max_batch: 1024 }
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

/// The domain's say in what is appended. Called only from the writer thread, in seq order.
pub trait Gate: Send + 'static {
    /// Decides whether `statement` may become entry `seq` (at `log_time`), given every
    /// entry before it, including earlier ones of the same uncommitted batch. On success,
    /// returns the index writes that go into the same atomic batch.
    fn admit(&mut self, seq: u64, log_time: u64, statement: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal>;
    /// The batch was made durable.
    fn commit(&mut self);
    /// The batch was not written: forget what `admit` learnt since the last commit.
    fn abort(&mut self);
}

/// A gate that admits every well-formed, correctly signed statement.
struct OpenGate;

impl Gate for OpenGate {
    fn admit(&mut self, _: u64, _: u64, _: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
        Ok(Vec::new())
    }
    fn commit(&mut self) {}
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
    /// The store failed; the log stops accepting appends until it is reopened.
    #[error("the log could not write to storage; it accepts no appends until restarted")]
    Storage,
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
            AppendError::Storage => "storage",
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

/// Why a checkpoint, cosignature or receipt request failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CosignError {
    /// The note or cosignature is malformed or does not verify.
    #[error("{0}")]
    Note(crate::protocol::note::NoteError),
    /// The checkpoint is not one this log signed (other origin, size beyond the log, other root).
    #[error("this log never signed that checkpoint")]
    UnknownCheckpoint,
    /// The note carries no cosignature from the given witness.
    #[error("the note carries no cosignature from this witness")]
    NoCosignature,
    /// No entry with this seq.
    #[error("the log has no entry {0}")]
    UnknownEntry(u64),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CosignError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CosignError::Note(e) => e.code(),
            CosignError::UnknownCheckpoint => "unknown_checkpoint",
            CosignError::NoCosignature => "no_cosignature",
            CosignError::UnknownEntry(_) => "unknown_entry",
            CosignError::Store(e) => e.code(),
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
    /// Stored Merkle nodes at levels ≥ [`CACHED_LEVEL`]: `upper[l - CACHED_LEVEL][i]`.
    upper: RwLock<Vec<Vec<Hash>>>,
    stats: WriterStats,
    store: Store,
    signer: NoteSigner,
    origin: String,
    verifier: NoteVerifier,
    latest: RwLock<Signed>,
    tx: Mutex<Option<mpsc::Sender<Job>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
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
        let store = Store::open(dir)?;
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
        let (tx, rx) = mpsc::channel();
        let upper = load_upper(&store, latest.size)?;
        let shared = Arc::new(Shared {
            upper: RwLock::new(upper),
            stats: WriterStats::default(),
            store: store.clone(),
            signer: signer.clone(),
            origin: config.origin.clone(),
            verifier,
            latest: RwLock::new(latest),
            tx: Mutex::new(Some(tx)),
            writer: Mutex::new(None),
        });
        let writer = Writer {
            store,
            signer,
            origin: config.origin,
            max_batch: config.max_batch.max(1),
            frontier,
            last_hash,
            last_time,
            gate,
            shared: Arc::downgrade(&shared),
            failed: false,
        };
        let handle = std::thread::Builder::new()
            .name("heard-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(|e| OpenError::Store(StoreError::Corrupt(format!("cannot start the writer thread: {e}"))))?;
        if let Ok(mut w) = shared.writer.lock() {
            *w = Some(handle);
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
        let rx = self.submit(statement, signature)?;
        rx.blocking_recv().map_err(|_| AppendError::Closed)?
    }

    /// Checks and appends a statement, resolving once it is durable.
    pub async fn append_async(&self, statement: &[u8], signature: &[u8]) -> Result<Appended, AppendError> {
        let rx = self.submit(statement, signature)?;
        rx.await.map_err(|_| AppendError::Closed)?
    }

    fn submit(
        &self,
        statement: &[u8],
        signature: &[u8],
    ) -> Result<oneshot::Receiver<Result<Appended, AppendError>>, AppendError> {
        let statement = verify_submission(statement, signature)?;
        let (reply, rx) = oneshot::channel();
        let tx = self.shared.tx.lock().map_err(|_| AppendError::Closed)?.clone();
        tx.ok_or(AppendError::Closed)?.send(Job { statement, reply }).map_err(|_| AppendError::Closed)?;
        Ok(rx)
    }

    /// The latest durable signed checkpoint.
    pub fn latest(&self) -> Signed {
        match self.shared.latest.read() {
            Ok(g) => g.clone(),
            Err(p) => p.into_inner().clone(),
        }
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

    /// A stored Merkle node, from memory for the upper levels.
    fn node(&self, level: u8, index: u64) -> Result<Hash, StoreError> {
        if level >= CACHED_LEVEL
            && let Ok(upper) = self.shared.upper.read()
            && let Some(h) = upper.get(usize::from(level - CACHED_LEVEL)).and_then(|v| v.get(index as usize))
        {
            return Ok(*h);
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

    /// The signed checkpoint note for the tree of `size` entries (≤ latest size), with every
    /// witness cosignature stored for it. Ed25519 signing is deterministic, so this is the
    /// same note the log signed when it reached that size.
    pub fn checkpoint_at(&self, size: u64) -> Result<String, CosignError> {
        let root = self.root_at(size).map_err(|e| match e {
            ProofError::Merkle(_) => CosignError::UnknownCheckpoint,
            ProofError::Store(s) => CosignError::Store(s),
        })?;
        let mut note = sign_checkpoint(&self.shared.signer, &self.shared.origin, size, root)
            .map_err(|_| CosignError::UnknownCheckpoint)?
            .note;
        for line in self.shared.store.cosignatures(size)? {
            note.push_str(&line);
        }
        Ok(note)
    }

    /// Accepts a witness's cosignature: `cosigned` is a checkpoint note this log signed,
    /// carrying a `cosignature/v1` line from `witness`. The line is stored and attached to the
    /// checkpoint from then on. Returns the checkpoint's tree size.
    pub fn add_cosignature(&self, witness: &NoteVerifier, cosigned: &str) -> Result<u64, CosignError> {
        let note = Note::parse(cosigned).map_err(CosignError::Note)?;
        let cp = Checkpoint::parse_text(&note.text).map_err(CosignError::Note)?;
        if cp.origin != self.shared.origin || cp.size > self.latest().size {
            return Err(CosignError::UnknownCheckpoint);
        }
        if self.root_at(cp.size).map_err(|_| CosignError::UnknownCheckpoint)? != cp.root {
            return Err(CosignError::UnknownCheckpoint);
        }
        let sig = note
            .signatures
            .iter()
            .find(|s| s.name == witness.name() && s.key_id == witness.key_id())
            .ok_or(CosignError::NoCosignature)?;
        crate::protocol::note::verify_cosignature(witness, &note.text, sig).map_err(CosignError::Note)?;
        let line = crate::protocol::note::signature_line(&sig.name, sig.key_id, &sig.sig);
        self.shared.store.put_cosignature(cp.size, witness.key_id(), &line)?;
        Ok(cp.size)
    }

    /// A receipt for entry `seq`: the entry, its inclusion proof and a signed checkpoint that
    /// covers it — the latest witnessed one when there is one, otherwise the latest.
    pub fn receipt(&self, seq: u64) -> Result<String, CosignError> {
        let latest = self.latest().size;
        if seq >= latest {
            return Err(CosignError::UnknownEntry(seq));
        }
        let size = match self.shared.store.latest_cosigned_size()? {
            Some(s) if s > seq && s <= latest => s,
            _ => latest,
        };
        let entry = self.shared.store.entry(seq)?.ok_or(CosignError::UnknownEntry(seq))?;
        let proof = self.inclusion_proof(seq, size).map_err(|e| match e {
            ProofError::Merkle(_) => CosignError::UnknownEntry(seq),
            ProofError::Store(s) => CosignError::Store(s),
        })?;
        Ok(crate::protocol::receipt::receipt_text(&entry, seq, &proof, &self.checkpoint_at(size)?))
    }

    /// Stops accepting appends, lets the writer finish (and flush) what it has, and waits for it.
    pub fn close(&self) {
        if let Ok(mut tx) = self.shared.tx.lock() {
            tx.take();
        }
        let handle = self.shared.writer.lock().ok().and_then(|mut h| h.take());
        if let Some(h) = handle {
            let _ = h.join();
        }
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

struct Writer {
    store: Store,
    signer: NoteSigner,
    origin: String,
    max_batch: usize,
    frontier: Frontier,
    last_hash: Hash,
    last_time: u64,
    gate: Box<dyn Gate>,
    shared: std::sync::Weak<Shared>,
    failed: bool,
}

impl Writer {
    fn run(mut self, rx: mpsc::Receiver<Job>) {
        while let Ok(first) = rx.recv() {
            let mut jobs = vec![first];
            while jobs.len() < self.max_batch {
                match rx.try_recv() {
                    Ok(j) => jobs.push(j),
                    Err(_) => break,
                }
            }
            self.batch(jobs);
        }
    }

    fn batch(&mut self, jobs: Vec<Job>) {
        if self.failed {
            for j in jobs {
                let _ = j.reply.send(Err(AppendError::Storage));
            }
            return;
        }
        let saved = (self.frontier.clone(), self.last_hash, self.last_time);
        let mut w = WriteSet::default();
        let mut in_batch: HashMap<Hash, u64> = HashMap::new();
        let mut accepted = Vec::with_capacity(jobs.len());
        // This batch's new Merkle nodes, in (level, index) order: read by the consistency
        // check before signing and, for the upper levels, copied to memory after the commit.
        let mut pending: BTreeMap<(u8, u64), Hash> = BTreeMap::new();
        let now = now_ms().max(self.last_time);
        for job in jobs {
            let hash = job.statement.hash;
            let dup = match in_batch.get(&hash) {
                Some(seq) => Ok(Some(*seq)),
                None => self.store.seq_of_statement(&hash),
            };
            match dup {
                Ok(Some(seq)) => {
                    let _ = job.reply.send(Err(AppendError::Duplicate { seq }));
                    continue;
                }
                Ok(None) => {}
                Err(e) => {
                    tracing_storage_error(&e);
                    let _ = job.reply.send(Err(AppendError::Storage));
                    continue;
                }
            }
            let seq = self.frontier.size();
            let index_writes = match self.gate.admit(seq, now, &job.statement) {
                Ok(w) => w,
                Err(r) => {
                    let _ = job.reply.send(Err(AppendError::Refused(r)));
                    continue;
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
            w.entry(seq, &bytes, &h, &hash);
            for (level, index, node) in self.frontier.append(h) {
                w.node(level, index, &node);
                pending.insert((level, index), node);
            }
            for iw in index_writes {
                w.domain(&iw.key, iw.value.as_deref());
            }
            in_batch.insert(hash, seq);
            self.last_hash = h;
            accepted.push((seq, h, bytes, job.reply));
        }
        if accepted.is_empty() {
            return;
        }
        self.last_time = now;
        let size = self.frontier.size();
        let root = self.frontier.root();
        // Never sign a checkpoint inconsistent with the last one signed: prove it, from the
        // stored tree plus this batch's new nodes, before signing.
        if let Err(why) = self.check_extends(&saved.0, size, &root, &pending) {
            tracing::error!(%why, "refusing to sign a checkpoint that does not extend the last one");
            self.fail(saved, accepted);
            return;
        }
        let signed = match sign_checkpoint(&self.signer, &self.origin, size, root) {
            Ok(s) => s,
            Err(_) => {
                // The origin was validated at open; signing cannot fail afterwards.
                self.fail(saved, accepted);
                return;
            }
        };
        w.head(size, &self.last_hash, &signed.note);
        let started = std::time::Instant::now();
        if let Err(e) = self.store.commit(w) {
            tracing_storage_error(&e);
            self.fail(saved, accepted);
            return;
        }
        let commit_nanos = started.elapsed().as_nanos() as u64;
        self.gate.commit();
        if let Some(shared) = self.shared.upgrade() {
            shared.stats.record_batch(accepted.len() as u64, commit_nanos);
            if let Ok(mut upper) = shared.upper.write() {
                for (&(level, index), &node) in pending.range((CACHED_LEVEL, 0)..) {
                    let l = usize::from(level - CACHED_LEVEL);
                    if upper.len() <= l {
                        upper.resize(l + 1, Vec::new());
                    }
                    // Nodes of a level complete in index order, so this is a push.
                    debug_assert_eq!(upper[l].len() as u64, index);
                    upper[l].push(node);
                }
            }
            if let Ok(mut latest) = shared.latest.write() {
                *latest = signed.clone();
            }
        }
        for (seq, entry_hash, entry, reply) in accepted {
            let _ = reply.send(Ok(Appended { seq, entry_hash, entry, checkpoint: signed.clone() }));
        }
    }

    /// Proves that the tree of `size` leaves with `root` extends the last signed tree
    /// (`old`), reading nodes from this batch's `pending` ones, then the store.
    fn check_extends(
        &self,
        old: &Frontier,
        size: u64,
        root: &Hash,
        pending: &BTreeMap<(u8, u64), Hash>,
    ) -> Result<(), String> {
        if old.size() == 0 {
            return Ok(());
        }
        let get = |l: u8, i: u64| match pending.get(&(l, i)) {
            Some(h) => Ok(*h),
            None => self.store.node(l, i),
        };
        let proof = merkle::consistency_proof(old.size(), size, get).map_err(|e| e.to_string())?;
        merkle::verify_consistency(old.size(), size, &old.root(), root, &proof).map_err(|e| e.to_string())
    }

    fn fail(&mut self, saved: (Frontier, Hash, u64), accepted: Vec<Pending>) {
        // The batch may or may not have reached the disk; the in-memory state can no longer
        // be trusted, so stop taking appends. Reopening re-checks the tail.
        (self.frontier, self.last_hash, self.last_time) = saved;
        self.gate.abort();
        self.failed = true;
        for (_, _, _, reply) in accepted {
            let _ = reply.send(Err(AppendError::Storage));
        }
    }
}

fn tracing_storage_error(e: &StoreError) {
    tracing::error!(error = %e, "storage error in the writer; appends stop until restart");
}

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
pub use witnessed::{CosignError, MAX_COSIGNATURES};

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
    let text = Checkpoint { origin: origin.to_string(), size, root, extensions: Vec::new() }.to_text();
    let note = signer.sign(&text).map_err(|e| OpenError::Origin(origin.to_string(), e.to_string()))?;
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
                (signed, Frontier::new(), genesis(), 0)
            }
            Some(note) => Self::check_tail(&store, &verifier, &config.origin, &head, note)?,
        };
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
        let replies = (0..n)
            .map(|i| Pending { seq: i as u64, entry_hash: [0; 32], entry: Vec::new(), reply: oneshot::channel().0 })
            .collect();
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
        held.replies.push(Pending { seq: 0, entry_hash: [0; 32], entry: Vec::new(), reply });
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

//! [`PgBackend`]: a log on PostgreSQL and a bucket as the ledger sees it — appends through
//! [`PgLog`], and the [`Reads`] and [`LogView`] the faces and queries use, answered from
//! PostgreSQL's tables (`heard_rows`, `heard_entries`, `heard_side`, `heard_nodes`,
//! `heard_checkpoints`, `heard_cosignatures`) and the bucket's tiles.
//!
//! Those two traits are synchronous: each read runs its query on the runtime the backend was
//! opened on and blocks the calling thread until it answers (`block_in_place` on a runtime's
//! worker). So a ledger on PostgreSQL must be used from a multi-threaded tokio runtime, from
//! `spawn_blocking`, or from a thread outside any runtime — never from a current-thread
//! runtime's task.
//!
//! A read PostgreSQL cannot answer is a [`StoreError::Remote`] (503 `storage_unavailable`
//! to a client); [`LogView::failure`] says why until a read or an append succeeds again.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use tokio::runtime::Handle;
use tokio_postgres::Client;

use super::ScaleError;
use super::pg::{self, to_i64, to_u64};
use super::service::proofs;
use super::service::{PgAppendError, PgAppended, PgConfig, PgLog};
use crate::log::reads::{Reads, RowIter};
use crate::log::store::StoreError;
use crate::log::tiles::{Tile, TileError};
use crate::log::view::LogView;
use crate::log::{CosignError, MAX_COSIGNATURES, Signed, WriterStats, checked_cosignature};
use crate::protocol::Hash;
use crate::protocol::merkle::{self, ProofError};
use crate::protocol::note::{NoteSigner, NoteVerifier};

/// A log on PostgreSQL and a bucket, shared with any number of other processes.
pub struct PgBackend {
    log: PgLog,
    handle: Handle,
    signer: NoteSigner,
    verifier: NoteVerifier,
    bucket: Arc<dyn ObjectStore>,
    prefix: String,
    /// Cosignatures a checkpoint needs to count as witnessed (0: every checkpoint does).
    quorum: AtomicUsize,
    /// Why the last read or append failed, until one succeeds.
    failed: Mutex<Option<String>>,
}

impl PgBackend {
    /// Opens the log at `postgres_url` publishing to `bucket` under `prefix`, signed by
    /// `signer`, with the domain's rules for the genesis operator key `operator`. Its tasks
    /// run on the current tokio runtime.
    pub async fn open(
        postgres_url: &str,
        bucket: Arc<dyn ObjectStore>,
        prefix: &str,
        signer: NoteSigner,
        operator: [u8; 32],
        config: PgConfig,
    ) -> Result<PgBackend, ScaleError> {
        let prefix = super::bucket::prefix(prefix)?;
        let gate = Arc::new(crate::attribution::policy::batch::BatchPolicy::new(operator));
        let log = PgLog::open(postgres_url, bucket.clone(), &prefix, signer.clone(), gate, config).await?;
        Ok(PgBackend {
            log,
            handle: Handle::current(),
            verifier: signer.verifier(),
            signer,
            bucket,
            prefix,
            quorum: AtomicUsize::new(0),
            failed: Mutex::new(None),
        })
    }

    /// Appends a signed statement with the value kept beside it, and waits for its receipt.
    pub async fn append(
        &self,
        statement: &[u8],
        signature: &[u8],
        side: Option<Vec<u8>>,
    ) -> Result<PgAppended, PgAppendError> {
        let r = self.log.append(statement, signature, side).await;
        match &r {
            Err(PgAppendError::Unavailable(why) | PgAppendError::Storage(why)) => self.note_failure(why),
            _ => self.note_success(),
        }
        r
    }

    /// Erases the value kept beside the entry with this entry hash (a withdrawal's).
    pub async fn erase(&self, entry_hash: &Hash) -> Result<u64, StoreError> {
        let client = self.client().await?;
        self.answer(pg::erase(&client, entry_hash).await)
    }

    /// The [`PgLog`] underneath.
    pub fn pg_log(&self) -> &PgLog {
        &self.log
    }

    /// Sets how many witness cosignatures make a checkpoint witnessed.
    pub fn set_quorum(&self, quorum: usize) {
        self.quorum.store(quorum, Ordering::Relaxed);
    }

    /// Stops the log's tasks (appends waiting are answered `closed`).
    pub fn stop(&self) {
        self.log.stop();
    }

    fn note_failure(&self, why: &str) {
        *self.failed.lock().unwrap_or_else(|p| p.into_inner()) = Some(why.to_owned());
    }

    fn note_success(&self) {
        let mut f = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        if f.is_some() {
            *f = None;
        }
    }

    /// Records a query's outcome for [`LogView::failure`].
    fn answer<T>(&self, r: Result<T, ScaleError>) -> Result<T, StoreError> {
        match r {
            Ok(v) => {
                self.note_success();
                Ok(v)
            }
            Err(ScaleError::Corrupt(why)) => Err(StoreError::Corrupt(why)),
            Err(e) => {
                let why = e.to_string();
                self.note_failure(&why);
                Err(StoreError::Remote(why))
            }
        }
    }

    async fn client(&self) -> Result<Arc<Client>, StoreError> {
        self.log.reader().await.map_err(|e| {
            let why = e.to_string();
            self.note_failure(&why);
            StoreError::Remote(why)
        })
    }

    /// Runs `f` on the backend's runtime and waits for it (see the module docs).
    pub fn run<F: Future>(&self, f: F) -> F::Output {
        self.block(f)
    }

    fn block<F: Future>(&self, f: F) -> F::Output {
        tokio::task::block_in_place(|| self.handle.block_on(f))
    }

    /// Runs a query over the reader connection, blocking.
    fn query<T, F, Fut>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(Arc<Client>) -> Fut,
        Fut: Future<Output = Result<T, ScaleError>>,
    {
        self.block(async {
            let client = self.client().await?;
            self.answer(f(client).await)
        })
    }

    /// The signed checkpoint of the empty tree (what the log is before its first entry).
    fn empty_checkpoint(&self) -> Signed {
        let root = merkle::empty_root();
        // A key name that made a PgLog signs any checkpoint text.
        Signed { size: 0, root, note: self.signer.sign_checkpoint(0, root).unwrap_or_default() }
    }

    fn check_size(&self, size: u64) -> Result<(), ProofError<StoreError>> {
        let latest = LogView::latest(self).size;
        if size > latest {
            return Err(ProofError::Merkle(merkle::MerkleError::OutOfRange { index: size, size: latest }));
        }
        Ok(())
    }

    fn root_at(&self, size: u64) -> Result<Hash, CosignError> {
        if size > LogView::latest(self).size {
            return Err(CosignError::UnknownCheckpoint);
        }
        Ok(self.query(|c| async move { proofs::root(&c, size).await })?)
    }

    fn cosignatures(&self, size: u64) -> Result<Vec<String>, StoreError> {
        let mut lines = self.query(|c| async move { pg::cosignatures(&c, size).await })?;
        lines.truncate(MAX_COSIGNATURES);
        Ok(lines)
    }
}

/// The smallest key greater than every key that starts with `prefix`, if there is one.
fn past(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

impl Reads for PgBackend {
    fn size(&self) -> Result<u64, StoreError> {
        Ok(LogView::latest(self).size)
    }
    fn known_size(&self) -> u64 {
        LogView::latest(self).size
    }
    fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        LogView::entry(self, seq)
    }
    fn entries_from(&self, from: u64, max: usize) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        // Only what a checkpoint covers: entries past it are sequenced but not yet integrated.
        let size = LogView::latest(self).size;
        if from >= size || max == 0 {
            return Ok(Vec::new());
        }
        let limit = i64::try_from(max).unwrap_or(i64::MAX);
        self.query(|c| async move {
            let rows = c
                .query(
                    "SELECT seq, entry FROM heard_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq LIMIT $3",
                    &[&to_i64(from, "seq")?, &to_i64(size, "size")?, &limit],
                )
                .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push((to_u64(r.get(0), "seq")?, r.get::<_, Vec<u8>>(1)));
            }
            Ok(out)
        })
    }
    fn row(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.query(|c| async move {
            let row = c.query_opt("SELECT value FROM heard_rows WHERE key = $1", &[&k]).await?;
            Ok(row.map(|r| r.get(0)))
        })
    }
    fn rows_under<'a>(&'a self, prefix: &[u8]) -> RowIter<'a> {
        let rows = self.query(|c| async move {
            let rows = match past(prefix) {
                Some(end) => {
                    c.query(
                        "SELECT key, value FROM heard_rows WHERE key >= $1 AND key < $2 ORDER BY key",
                        &[&prefix, &end],
                    )
                    .await?
                }
                None => c.query("SELECT key, value FROM heard_rows WHERE key >= $1 ORDER BY key", &[&prefix]).await?,
            };
            Ok(rows.iter().map(|r| (r.get::<_, Vec<u8>>(0), r.get::<_, Vec<u8>>(1))).collect::<Vec<_>>())
        });
        match rows {
            Ok(rows) => Box::new(rows.into_iter().map(Ok)),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }
    fn side(&self, entry_hash: &Hash) -> Result<Option<Vec<u8>>, StoreError> {
        let side = self.query(|c| async move { pg::side(&c, entry_hash).await })?;
        Ok(match side {
            Some(pg::Side::Live(v)) => Some(v),
            Some(pg::Side::Erased) | None => None,
        })
    }
}

impl LogView for PgBackend {
    fn verifier(&self) -> &NoteVerifier {
        &self.verifier
    }
    fn latest(&self) -> Signed {
        self.log.latest().unwrap_or_else(|| self.empty_checkpoint())
    }
    fn now_ms(&self) -> u64 {
        crate::log::clock::Clock::system().now_ms()
    }
    fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        if seq >= LogView::latest(self).size {
            return Ok(None);
        }
        self.query(|c| async move {
            let row = c.query_opt("SELECT entry FROM heard_entries WHERE seq = $1", &[&to_i64(seq, "seq")?]).await?;
            Ok(row.map(|r| r.get(0)))
        })
    }
    fn seq_of_entry(&self, entry_hash: &Hash) -> Result<Option<u64>, StoreError> {
        self.query(|c| async move {
            let row =
                c.query_opt("SELECT seq FROM heard_entries WHERE entry_hash = $1", &[&entry_hash.as_slice()]).await?;
            row.map(|r| to_u64(r.get(0), "seq")).transpose()
        })
    }
    fn seq_of_statement(&self, statement_hash: &Hash) -> Result<Option<u64>, StoreError> {
        self.query(|c| async move {
            let row = c
                .query_opt("SELECT seq FROM heard_entries WHERE statement_hash = $1", &[&statement_hash.as_slice()])
                .await?;
            row.map(|r| to_u64(r.get(0), "seq")).transpose()
        })
    }
    fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError<StoreError>> {
        self.check_size(size)?;
        merkle::inclusion_proof(index, size, |_, _| Ok::<_, StoreError>([0; 32]))?;
        let mut p = self
            .query(|c| async move { proofs::inclusion_proofs(&c, size, &[index]).await })
            .map_err(ProofError::Store)?;
        p.pop().ok_or_else(|| ProofError::Store(StoreError::Bug("no proof came back".into())))
    }
    fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, ProofError<StoreError>> {
        self.check_size(new)?;
        merkle::consistency_proof(old, new, |_, _| Ok::<_, StoreError>([0; 32]))?;
        self.query(|c| async move { proofs::consistency(&c, old, new).await }).map_err(ProofError::Store)
    }
    fn checkpoint_at(&self, size: u64) -> Result<String, CosignError> {
        // For a size the integrator reached, the note it signed (signing is deterministic).
        let mut note =
            self.signer.sign_checkpoint(size, self.root_at(size)?).map_err(|_| CosignError::UnknownCheckpoint)?;
        for line in self.cosignatures(size)? {
            note.push_str(&line);
        }
        Ok(note)
    }
    fn latest_cosigned(&self) -> Result<String, CosignError> {
        let latest = LogView::latest(self);
        let mut note = latest.note;
        for line in self.cosignatures(latest.size)? {
            note.push_str(&line);
        }
        Ok(note)
    }
    fn receipt(&self, seq: u64) -> Result<String, CosignError> {
        let latest = LogView::latest(self).size;
        if seq >= latest {
            return Err(CosignError::UnknownEntry(seq));
        }
        let size = match LogView::newest_witnessed(self)? {
            Some(s) if s > seq && s <= latest => s,
            _ => latest,
        };
        let mut r = self.query(|c| async move { proofs::receipts(&c, size, &[seq]).await })?;
        let (entry, proof) = r.pop().ok_or(CosignError::UnknownEntry(seq))?;
        let note = LogView::checkpoint_at(self, size)?;
        Ok(crate::protocol::receipt::receipt_text(&entry, seq, &proof, &note))
    }
    fn newest_witnessed(&self) -> Result<Option<u64>, CosignError> {
        let latest = LogView::latest(self).size;
        let quorum = self.quorum.load(Ordering::Relaxed);
        if quorum == 0 {
            return Ok((latest > 0).then_some(latest));
        }
        let quorum = i64::try_from(quorum.min(MAX_COSIGNATURES)).unwrap_or(i64::MAX);
        Ok(self.query(|c| async move {
            let row = c
                .query_opt(
                    "SELECT size FROM heard_cosignatures WHERE size <= $1 GROUP BY size \
                     HAVING count(*) >= $2 ORDER BY size DESC LIMIT 1",
                    &[&to_i64(latest, "size")?, &quorum],
                )
                .await?;
            row.map(|r| to_u64(r.get(0), "a cosignature's size")).transpose()
        })?)
    }
    fn add_cosignature(&self, witness: &NoteVerifier, cosigned: &str) -> Result<u64, CosignError> {
        let (cp, line) = checked_cosignature(witness, cosigned, self.signer.name(), |size| match size {
            0 => Err(CosignError::UnknownCheckpoint),
            size => self.root_at(size),
        })?;
        let key = witness.public_key();
        let full = self.query(|c| async move {
            let others = c
                .query_one(
                    "SELECT count(*) FROM heard_cosignatures WHERE size = $1 AND witness <> $2",
                    &[&to_i64(cp.size, "size")?, &key.as_slice()],
                )
                .await?
                .get::<_, i64>(0);
            if usize::try_from(others).unwrap_or(usize::MAX) >= MAX_COSIGNATURES {
                return Ok(true);
            }
            pg::add_cosignature(&c, cp.size, &key, &line).await?;
            Ok(false)
        })?;
        if full {
            return Err(CosignError::Full);
        }
        Ok(cp.size)
    }
    fn failure(&self) -> Option<String> {
        self.failed.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
    fn tile(&self, tile: &Tile) -> Result<Vec<u8>, TileError> {
        let size = LogView::latest(self).size;
        let rel = tile.path();
        let path = if self.prefix.is_empty() {
            Path::from(rel.as_str())
        } else {
            Path::from(format!("{}/{rel}", self.prefix))
        };
        let got = self.block(async { self.bucket.get(&path).await?.bytes().await });
        match got {
            Ok(b) => Ok(b.to_vec()),
            Err(object_store::Error::NotFound { .. }) => Err(TileError::NotFound { path: rel, size }),
            Err(e) => Err(TileError::Store(StoreError::Remote(format!("the bucket: {e}")))),
        }
    }
    fn writer_stats(&self) -> Option<&WriterStats> {
        None
    }
}

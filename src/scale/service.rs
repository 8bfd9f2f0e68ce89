//! The engine `heard serve --postgres` will use: a [`PgLog`] takes appends from any number of
//! processes on one PostgreSQL database and one bucket, and answers each with its receipt.
//!
//! Each `PgLog` runs three tasks on the runtime it was opened on:
//!
//! - the **batcher** (`service/batcher.rs`): group commit. While one [`pg::append`] transaction is in
//!   flight, new submissions queue; the next transaction takes all that are queued (at most
//!   [`PgConfig::max_batch`]). Duplicates and refusals are answered as soon as it commits; new
//!   entries wait, in a task of their own per batch, for a signed checkpoint that covers them,
//!   then get their inclusion proofs from `heard_nodes` in one query ([`proofs`]).
//! - the **integration** task (`service/lead.rs`): every process tries for PostgreSQL's integration
//!   lock ([`Integrator::try_lead`]) every [`PgConfig::lead_every`]; the one that holds it
//!   integrates whatever is sequenced, step after step. The lock is a session lock, so when
//!   the holder's connection dies (its process killed) PostgreSQL releases it and the next
//!   process to ask takes over.
//! - the **listener** (`service/lead.rs`): one connection that `LISTEN`s. Each integration step
//!   `NOTIFY`s its checkpoint's size in its own transaction, so every process learns of a new
//!   checkpoint the moment it commits, without polling a table every few milliseconds from
//!   every process (which on a 2-core machine costs the sequencer its CPU); batchers notify
//!   the leader of new entries the same way. A notification is lost only while the listening
//!   connection is down, so the listener reads the newest checkpoint again whenever it
//!   (re)connects, and once every [`PgConfig::poll_every`] besides.
//!
//! Nothing is acknowledged that PostgreSQL did not commit: a transaction whose outcome is
//! unknown (the connection died, or took longer than [`PgConfig::pg_timeout`]) is answered
//! [`PgAppendError::Unavailable`], and a retry is then answered as new or as a duplicate.

mod batcher;
mod lead;
pub mod proofs;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

use object_store::ObjectStore;
use tokio::sync::{Notify, mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio_postgres::{Client, NoTls};

use super::ScaleError;
use super::integrate::Integrator;
use super::pg::{self, MAX_SIDE, Submission};
use crate::log::batch_gate::BatchGate;
use crate::log::{Refusal, Signed};
use crate::protocol::Hash;
use crate::protocol::note::NoteSigner;
use crate::protocol::receipt::receipt_text;
use crate::protocol::statement::{StatementError, verify_submission};

/// How a [`PgLog`] batches, leads and waits.
#[derive(Clone, Debug)]
pub struct PgConfig {
    /// The most submissions one sequencing transaction takes.
    pub max_batch: usize,
    /// Submissions waiting for the batcher before `append` waits for room.
    pub queue: usize,
    /// The most entries one integration step takes.
    pub integrate_max: u64,
    /// How often a process that does not integrate asks for the lock.
    pub lead_every: Duration,
    /// How often the listener reads the newest checkpoint even without a notification, and
    /// the leader looks for entries no notification announced.
    pub poll_every: Duration,
    /// The longest a sequencing transaction or an integration step may take before its
    /// connection is dropped (and, for a step, the lock with it).
    pub pg_timeout: Duration,
    /// The longest an appended entry waits for a checkpoint that covers it before the append
    /// is answered [`PgAppendError::Unavailable`] (the entry stays in the log).
    pub receipt_wait: Duration,
    /// The longest wait between two attempts to reconnect.
    pub backoff_max: Duration,
}

impl Default for PgConfig {
    fn default() -> Self {
        PgConfig {
            max_batch: 512,
            queue: 8192,
            integrate_max: 8192,
            lead_every: Duration::from_millis(150),
            poll_every: Duration::from_millis(500),
            pg_timeout: Duration::from_secs(10),
            receipt_wait: Duration::from_secs(30),
            backoff_max: Duration::from_secs(2),
        }
    }
}

/// An appended entry with its receipt's parts: what the embedded log's `Appended` carries,
/// plus the inclusion proof to the checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PgAppended {
    /// The entry's seq.
    pub seq: u64,
    /// Its entry hash (the Merkle leaf).
    pub entry_hash: Hash,
    /// The entry's canonical bytes.
    pub entry: Vec<u8>,
    /// A signed checkpoint that includes it.
    pub checkpoint: Signed,
    /// The inclusion proof (leaf to root) of `seq` in `checkpoint`.
    pub proof: Vec<Hash>,
}

impl PgAppended {
    /// The receipt's text (`c2sp.org/tlog-proof@v1`, as the embedded server's 201 carries).
    pub fn receipt(&self) -> String {
        receipt_text(&self.entry, self.seq, &self.proof, &self.checkpoint.note)
    }
}

/// Why an append was not acknowledged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PgAppendError {
    /// The statement failed a check of its own: nothing was queued.
    #[error(transparent)]
    Statement(#[from] StatementError),
    /// The same statement is already in the log.
    #[error("this statement is already in the log as entry {seq}")]
    Duplicate {
        /// The existing entry's seq.
        seq: u64,
    },
    /// The domain's rules refused it: nothing was written.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The value beside the statement is over the limit: nothing was queued.
    #[error("the value beside the statement is {len} bytes, over the limit of {MAX_SIDE}: nothing was written")]
    SideTooLarge {
        /// Its length.
        len: usize,
    },
    /// PostgreSQL (or the integrating process) could not be reached in time. Whether the
    /// statement was appended is unknown: sending it again is safe (it is then answered as
    /// new or as a duplicate).
    #[error("the log's database cannot be reached ({0}); try again shortly")]
    Unavailable(String),
    /// The stored log broke its own rules (see [`ScaleError`]).
    #[error("the log's storage failed: {0}")]
    Storage(String),
    /// This `PgLog` was stopped.
    #[error("the log is shut down")]
    Closed,
}

impl PgAppendError {
    /// A stable machine-readable code (the embedded `AppendError`'s where they mean the same).
    pub fn code(&self) -> &'static str {
        match self {
            PgAppendError::Statement(e) => e.code(),
            PgAppendError::Duplicate { .. } => "duplicate",
            PgAppendError::Refused(r) => r.code,
            PgAppendError::SideTooLarge { .. } => "side_too_large",
            PgAppendError::Unavailable(_) => "postgres_unavailable",
            PgAppendError::Storage(_) => "storage_unavailable",
            PgAppendError::Closed => "closed",
        }
    }
}

/// One submission waiting for the batcher, and who to answer.
struct Job {
    sub: Submission,
    reply: Reply,
}

type Reply = oneshot::Sender<Result<PgAppended, PgAppendError>>;

/// What the tasks of one `PgLog` share.
struct Shared {
    url: String,
    config: PgConfig,
    /// The newest signed checkpoint this process knows of.
    latest: watch::Sender<Option<Arc<Signed>>>,
    /// Entries were sequenced: the leader should step.
    work: Notify,
    /// The connection receipts are read on (queries from many tasks are pipelined on it).
    reader: tokio::sync::Mutex<Option<Arc<Client>>>,
    /// Whether this process holds the integration lock.
    leader: AtomicBool,
    /// The PostgreSQL backend of the integration connection (0: none).
    integration_pid: AtomicI32,
    /// Changes (or closes) when the `PgLog` is stopped: receipt tasks stop waiting.
    stopped: watch::Receiver<()>,
}

impl Shared {
    /// Records `cp` if it is newer than what this process knew.
    fn saw(&self, cp: Signed) {
        self.latest.send_if_modified(|now| {
            let newer = now.as_ref().is_none_or(|n| n.size < cp.size);
            if newer {
                *now = Some(Arc::new(cp));
            }
            newer
        });
    }

    /// The reader connection, opened again if it closed.
    async fn reader(&self) -> Result<Arc<Client>, PgAppendError> {
        let mut slot = self.reader.lock().await;
        if let Some(c) = slot.as_ref().filter(|c| !c.is_closed()) {
            return Ok(c.clone());
        }
        *slot = None;
        let c = Arc::new(connect(&self.url, self.config.pg_timeout).await.map_err(PgAppendError::Unavailable)?);
        *slot = Some(c.clone());
        Ok(c)
    }
}

/// A connection to `url`, driven on the current runtime until the client is dropped.
async fn connect(url: &str, within: Duration) -> Result<Client, String> {
    match tokio::time::timeout(within, tokio_postgres::connect(url, NoTls)).await {
        Ok(Ok((client, conn))) => {
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    tracing::debug!("a PostgreSQL connection ended: {e}");
                }
            });
            Ok(client)
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no connection within {} ms", within.as_millis())),
    }
}

/// The newest checkpoint recorded in PostgreSQL.
async fn newest_checkpoint(client: &Client) -> Result<Option<Signed>, ScaleError> {
    let row =
        client.query_opt("SELECT size, root, note FROM heard_checkpoints ORDER BY size DESC LIMIT 1", &[]).await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Signed {
        size: pg::to_u64(row.get(0), "a checkpoint's size")?,
        root: pg::to_hash(row.get(1), "a checkpoint's root")?,
        note: row.get(2),
    }))
}

/// Waits between reconnection attempts, doubling from 50 ms up to a bound.
struct Backoff {
    next: Duration,
    max: Duration,
    until: Option<Instant>,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(50);

    fn new(max: Duration) -> Self {
        Backoff { next: Self::FIRST, max, until: None }
    }

    /// Whether the wait after the last failure is over.
    fn ready(&self) -> bool {
        self.until.is_none_or(|u| Instant::now() >= u)
    }

    /// Records a failure; returns how long to wait.
    fn failed(&mut self) -> Duration {
        let wait = self.next;
        self.until = Some(Instant::now() + wait);
        self.next = (self.next * 2).min(self.max);
        wait
    }

    fn reset(&mut self) {
        self.next = Self::FIRST;
        self.until = None;
    }
}

/// A log on PostgreSQL and a bucket, shared with any number of other processes.
pub struct PgLog {
    jobs: mpsc::Sender<Job>,
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
    stop: watch::Sender<()>,
}

impl PgLog {
    /// Connects to `postgres_url`, creates the tables when missing, and starts the batcher,
    /// integration and listener tasks on the current tokio runtime. Tiles and the checkpoint
    /// go under `prefix` in `bucket`, signed by `signer`; `gate` holds the domain's rules.
    pub async fn open(
        postgres_url: &str,
        bucket: Arc<dyn ObjectStore>,
        prefix: &str,
        signer: NoteSigner,
        gate: Arc<dyn BatchGate>,
        config: PgConfig,
    ) -> Result<PgLog, ScaleError> {
        let (client, conn) = tokio_postgres::connect(postgres_url, NoTls).await?;
        tokio::spawn(conn);
        pg::migrate(&client).await?;
        let known = newest_checkpoint(&client).await?;
        let (stop, stopped) = watch::channel(());
        let shared = Arc::new(Shared {
            url: postgres_url.to_owned(),
            latest: watch::Sender::new(known.map(Arc::new)),
            work: Notify::new(),
            reader: tokio::sync::Mutex::new(Some(Arc::new(client))),
            leader: AtomicBool::new(false),
            integration_pid: AtomicI32::new(0),
            stopped,
            config,
        });
        let (jobs, queue) = mpsc::channel(shared.config.queue.max(1));
        let tasks = vec![
            tokio::spawn(batcher::run(shared.clone(), gate, queue)),
            tokio::spawn(lead::integrate(shared.clone(), bucket, prefix.to_owned(), signer)),
            tokio::spawn(lead::listen(shared.clone())),
        ];
        Ok(PgLog { jobs, shared, tasks, stop })
    }

    /// Appends a signed statement (with what it carries beside it, encoded as the embedded
    /// store keeps it) and waits for a signed checkpoint that includes it. A statement that
    /// fails its own checks is refused before anything is queued.
    pub async fn append(
        &self,
        statement: &[u8],
        signature: &[u8],
        side: Option<Vec<u8>>,
    ) -> Result<PgAppended, PgAppendError> {
        let v = verify_submission(statement, signature)?;
        if let Some(len) = side.as_ref().map(Vec::len).filter(|&l| l > MAX_SIDE) {
            return Err(PgAppendError::SideTooLarge { len });
        }
        let sub = Submission { statement_hash: v.hash, statement: v.bytes, signature: v.signature, side };
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { sub, reply }).await.map_err(|_| PgAppendError::Closed)?;
        answer.await.map_err(|_| PgAppendError::Closed)?
    }

    /// The newest signed checkpoint this process knows of.
    pub fn latest(&self) -> Option<Signed> {
        self.shared.latest.borrow().as_deref().cloned()
    }

    /// The connection reads are made on (queries from many tasks are pipelined on it),
    /// opened again if it closed.
    pub async fn reader(&self) -> Result<Arc<Client>, PgAppendError> {
        self.shared.reader().await
    }

    /// Whether this process holds the integration lock now.
    pub fn is_leader(&self) -> bool {
        self.shared.leader.load(Ordering::SeqCst)
    }

    /// The PostgreSQL backend pid of the integration connection, when it is connected (what
    /// `pg_terminate_backend` takes: tests use it to kill the leader's session).
    pub fn integration_pid(&self) -> Option<i32> {
        Some(self.shared.integration_pid.load(Ordering::SeqCst)).filter(|&p| p != 0)
    }
}

impl PgLog {
    /// Stops every task at once, as a killed process would: connections close, PostgreSQL
    /// rolls back what was in flight and releases the integration lock; waiting appends are
    /// answered [`PgAppendError::Closed`]. Dropping the `PgLog` does the same.
    pub fn stop(&self) {
        for t in &self.tasks {
            t.abort();
        }
        self.stop.send_replace(());
        self.shared.leader.store(false, Ordering::SeqCst);
        self.shared.integration_pid.store(0, Ordering::SeqCst);
    }
}

impl Drop for PgLog {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Milliseconds since the Unix epoch.
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// A task aborted when this is dropped (so that an aborted task's helpers stop with it).
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Makes an `Integrator` over a fresh connection, recording its backend pid.
async fn integrator(
    shared: &Shared,
    bucket: &Arc<dyn ObjectStore>,
    prefix: &str,
    signer: &NoteSigner,
) -> Result<Integrator, String> {
    let client = connect(&shared.url, shared.config.pg_timeout).await?;
    let pid: i32 = client.query_one("SELECT pg_backend_pid()", &[]).await.map_err(|e| e.to_string())?.get(0);
    shared.integration_pid.store(pid, Ordering::SeqCst);
    Ok(Integrator::new(client, bucket.clone(), prefix, signer.clone()))
}

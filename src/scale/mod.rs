//! Scale-out storage (#26, first slice): PostgreSQL sequences appends and a bucket serves the
//! log, so that any number of `heard serve` processes can take appends and the public can read
//! tiles straight from object storage.
//!
//! - [`pg`]: the schema and the sequencer. Seq numbers, the `prev` chain and log times are
//!   assigned in one transaction holding the head row (`SELECT … FOR UPDATE`); a statement
//!   already in the log is answered with its seq (a unique key on the statement hash backs
//!   this up). What an entry carries beside it (an idea's text and salt, a
//!   payment: the embedded store's exact bytes) is inserted in the same transaction, so an
//!   acknowledged idea never lacks its text; [`pg::erase`] empties it in place; the witnesses'
//!   cosignature lines have a table of their own. [`pg::append`] also applies the domain's
//!   rules in that transaction, through a [`BatchGate`](crate::log::batch_gate::BatchGate)
//!   over the rows of [`rows`] (`heard_rows`): rows named by a run are fetched in one round
//!   trip and the batch decided again until none is missing, and the admitted statements'
//!   rows are written with their entries. Every writer holds the head row's lock meanwhile,
//!   so each sees every earlier writer's rows, whichever process it ran in.
//! - [`integrate`]: one integrator at a time (a PostgreSQL session advisory lock, released when
//!   its connection dies, so another process takes over) computes the Merkle nodes, writes
//!   tiles and entry bundles with create-only puts (an existing object with other bytes is an
//!   alarm, never overwritten), records each signed checkpoint in a table keyed by size (two
//!   roots for one size cannot both be recorded), and publishes the checkpoint with a
//!   compare-and-swap put. It reads the head row without locking it and locks it only to
//!   move `integrated` at the end of its transaction, so sequencing is not held back while it
//!   hashes and writes to the bucket.
//!
//! - [`bucket`]: the bucket a URL names (`s3://NAME`, with the endpoint and credentials from
//!   the usual AWS environment variables), for `heard migrate` and later `heard serve`.
//! - [`migrate`]: `heard migrate`'s log part. It copies an embedded log's exact entry bytes
//!   into PostgreSQL in seq order ([`pg::import`] checks that each continues the chain, so two
//!   logs are never spliced; a copy that stopped resumes where it stopped), rebuilds the
//!   domain rows from them with the rules as entries already in a log
//!   ([`migrate::apply_rows`], up to the head row's `rows_applied`, which [`pg::append`]
//!   requires at the size and keeps there; an entry the rules refuse stops it), integrates them,
//!   and compares the bucket's signed checkpoint with the embedded log's; then copies the
//!   values beside the entries (erasures included) and the cosignatures, and proves them equal
//!   by count and SHA-256 digest.
//!
//! - [`audit`]: `heard audit --postgres --bucket`, the audit of such a log trusting neither
//!   store: the entries in chunks, the bucket's tiles and checkpoint (under a key the caller
//!   gives), and the rules replayed over the entries against `heard_rows`.
//!
//! - [`service`]: the engine `heard serve --postgres` uses. A [`service::PgLog`] per
//!   process: a batcher does group commit through [`pg::append`] (submissions queue while a
//!   transaction is in flight; the next takes them all), every process retries the
//!   integration lock so any can take over, and `LISTEN`/`NOTIFY` tells every process of each
//!   checkpoint (read again on every reconnection) so that an append is answered with its
//!   receipt: the inclusion proof from `heard_nodes` ([`service::proofs`], one query a batch)
//!   to a signed checkpoint. PostgreSQL unreachable answers `Unavailable`, never a lost
//!   acknowledgement.
//!
//! Not yet wired into `heard serve`: nothing but tests calls [`service::PgLog`], nothing calls
//! [`pg::erase`] on a withdrawal, and only `heard migrate` adds cosignatures to PostgreSQL.

pub mod audit;
pub mod backend;
pub mod bucket;
pub mod integrate;
pub mod migrate;
pub mod pg;
pub mod rows;
pub mod service;

/// Why a scale-out operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScaleError {
    /// PostgreSQL refused or could not be reached.
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// The bucket refused or could not be reached.
    #[error("object storage: {0}")]
    Bucket(#[from] object_store::Error),
    /// An object already in the bucket has other bytes than the log says it must: the log
    /// or the bucket was tampered with, or two logs share one prefix. Never overwritten.
    #[error("{path} is already in the bucket with other bytes than the log's: refusing to overwrite it")]
    Conflict {
        /// The object's path.
        path: String,
    },
    /// A checkpoint of this size was already signed with another root: publishing would fork
    /// the log.
    #[error("a checkpoint of size {size} was already signed with another root: refusing to fork the log")]
    Fork {
        /// The tree size.
        size: u64,
    },
    /// What PostgreSQL or the bucket holds breaks the log's own rules.
    #[error("the stored log is inconsistent: {0}")]
    Corrupt(String),
    /// Signing or formatting a note failed.
    #[error("note: {0}")]
    Note(#[from] crate::protocol::note::NoteError),
    /// The bucket URL or prefix is not one this build can use.
    #[error("{0}")]
    BadBucket(String),
    /// PostgreSQL or the bucket already holds another log than the one being copied into
    /// it: nothing was changed.
    #[error("{0}")]
    OtherLog(String),
    /// Another process holds the integration lock (a `heard serve` or `heard migrate` on the
    /// same database).
    #[error("another process is integrating this log (it holds PostgreSQL's integration lock): stop it and try again")]
    Busy,
    /// Reading the embedded log being copied failed.
    #[error("the embedded log: {0}")]
    Embedded(#[from] crate::log::store::StoreError),
    /// A value to keep beside an entry is larger than any the store keeps.
    #[error("the value beside submission {index} is {len} bytes, over the limit of {max}: nothing was written", max = pg::MAX_SIDE)]
    SideTooLarge {
        /// Its position in the batch.
        index: usize,
        /// Its length.
        len: usize,
    },
    /// The entry named (by its entry hash, in hex, or its seq) is not in the log.
    #[error("the log holds no entry {0}: nothing was changed")]
    UnknownEntry(String),
    /// A cosignature line that cannot be stored as it is.
    #[error("{0}: nothing was changed")]
    BadCosignature(String),
    /// What PostgreSQL keeps beside the log differs from the embedded folder's: it was
    /// changed after it was copied, or it is another log's. Never overwritten.
    #[error("{0}")]
    SideMismatch(String),
    /// `heard_rows` holds the domain rows of fewer entries than the log (a log copied into
    /// PostgreSQL whose rows were not brought up): the rules would decide on stale rows.
    #[error(
        "PostgreSQL holds the domain rows of {applied} of the log's {size} entries: run heard migrate to \
         bring them up before appending; nothing was written"
    )]
    RowsBehind {
        /// Entries whose rows are applied.
        applied: u64,
        /// The log's size.
        size: u64,
    },
    /// The domain's rules refuse an entry of the log being copied (its own log): the rows
    /// cannot be rebuilt from it. Nothing was written for its batch.
    #[error(
        "the rules refuse entry {seq} of the log being copied ({rule}: {detail}): its domain rows cannot be \
         rebuilt; nothing was written for entries from {from}"
    )]
    MigratePolicy {
        /// The entry.
        seq: u64,
        /// The rule's refusal code.
        rule: &'static str,
        /// The refusal's sentence.
        detail: String,
        /// The first entry of the batch left unwritten.
        from: u64,
    },
}

impl ScaleError {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ScaleError::Postgres(_) => "postgres_unavailable",
            ScaleError::Bucket(_) => "bucket_unavailable",
            ScaleError::Conflict { .. } => "bucket_conflict",
            ScaleError::Fork { .. } => "checkpoint_fork",
            ScaleError::Corrupt(_) => "store_corrupt",
            ScaleError::Note(_) => "bad_note",
            ScaleError::BadBucket(_) => "bad_bucket_url",
            ScaleError::OtherLog(_) => "migrate_other_log",
            ScaleError::Busy => "integration_busy",
            ScaleError::Embedded(_) => "embedded_store",
            ScaleError::SideTooLarge { .. } => "side_too_large",
            ScaleError::UnknownEntry(_) => "unknown_entry",
            ScaleError::BadCosignature(_) => "bad_cosignature",
            ScaleError::SideMismatch(_) => "side_mismatch",
            ScaleError::RowsBehind { .. } => "rows_behind",
            ScaleError::MigratePolicy { .. } => "migrate_policy",
        }
    }
}

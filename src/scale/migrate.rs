//! `heard migrate`, the log part: copies an embedded log into PostgreSQL and a bucket, and
//! proves that the copy has the embedded log's checkpoint.
//!
//! The steps, each safe to stop anywhere and run again:
//! 1. [`Embedded::open`]: the embedded log's last signed checkpoint, checked against the log's
//!    own key. Entries past it (synced before a crash, not yet signed over) are not copied.
//! 2. [`check_bucket`]: a checkpoint already in the bucket under the prefix must be signed by
//!    the same log key, or the bucket holds another log and nothing is done.
//! 3. [`copy`]: what PostgreSQL already holds must be the embedded log's first entries, byte
//!    for byte (else [`ScaleError::OtherLog`], and nothing is changed); the rest is copied in
//!    seq order with [`pg::import`], one transaction per batch.
//! 4. [`apply_rows`]: PostgreSQL's domain rows (`heard_rows`) are rebuilt from the entries by
//!    the rules, as entries already in a log, up to the size, so that appends can follow.
//! 5. [`integrate`]: the [`Integrator`], signing with the embedded log's key and origin, runs
//!    until every entry is integrated.
//! 6. [`compare`]: the bucket's checkpoint must verify with the log's key and carry the
//!    embedded checkpoint's origin, size and root. Ed25519 signatures are deterministic, so
//!    the two signed notes are then the same bytes.
//! 7. Beside the log: what the folder keeps beside the log (values and erasures, cosignatures) is
//!    copied after the log ([`copy_side`]) and proved equal by count and digest
//!    ([`compare_side`]).

mod rows;
mod side;

pub use rows::{ROWS_BATCH, RowsApplied, apply_rows};
pub use side::{Folder, SideComparison, SideCopied, Tally, compare_side, copy_side};

use std::sync::Arc;

use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _};
use tokio_postgres::Client;

use super::ScaleError;
use super::integrate::Integrator;
use super::pg;
use crate::log::store::Store;
use crate::protocol::note::{Checkpoint, Note, NoteVerifier};

/// Entries per PostgreSQL transaction when copying (fewer when they are large: see
/// [`COPY_BATCH_BYTES`]).
pub const COPY_BATCH: usize = 2000;
/// Bytes of entries per PostgreSQL transaction when copying, at most (one entry more may
/// cross it).
pub const COPY_BATCH_BYTES: usize = 8 << 20;
/// Entries per integration step (a multiple of the tile width, so steps end on whole tiles).
pub const INTEGRATE_STEP: u64 = 16_384;

/// The embedded log being copied: its store and its last signed checkpoint.
pub struct Embedded<'a> {
    /// The store.
    pub store: &'a Store,
    /// The last signed checkpoint, verified with the log's key.
    pub checkpoint: Checkpoint,
    /// Entries the journal holds past that checkpoint (not copied).
    pub unsigned: u64,
}

impl<'a> Embedded<'a> {
    /// Reads the store's last checkpoint and checks that the log's key signed it for the
    /// key's own origin.
    pub fn open(store: &'a Store, log_key: &NoteVerifier) -> Result<Self, ScaleError> {
        let head = store.head()?;
        let note = head.checkpoint.ok_or_else(|| {
            ScaleError::Corrupt("the embedded log has no signed checkpoint (it was never opened by heard)".into())
        })?;
        let parsed = Note::parse(&note)?;
        parsed.verify(std::slice::from_ref(log_key)).map_err(|e| {
            ScaleError::Corrupt(format!("the embedded log's checkpoint does not verify with its log key: {e}"))
        })?;
        let checkpoint = Checkpoint::parse_text(&parsed.text)?;
        if checkpoint.origin != log_key.name() {
            return Err(ScaleError::Corrupt(format!(
                "the embedded log's checkpoint is for origin {:?}, but its log key is named {:?}",
                checkpoint.origin,
                log_key.name()
            )));
        }
        let unsigned = store.size().saturating_sub(checkpoint.size);
        Ok(Embedded { store, checkpoint, unsigned })
    }

    /// The canonical bytes of entries `from..to` (all below the checkpoint's size).
    fn entries(&self, from: u64, to: u64, max_bytes: usize) -> Result<Vec<Vec<u8>>, ScaleError> {
        let mut out = Vec::new();
        let mut bytes = 0;
        for (i, item) in self.store.entries(from).take((to - from) as usize).enumerate() {
            let (seq, e) = item?;
            if seq != from + i as u64 {
                return Err(ScaleError::Corrupt(format!(
                    "entry {} is missing from the embedded log's journal",
                    from + i as u64
                )));
            }
            bytes += e.len();
            out.push(e);
            if bytes >= max_bytes {
                break;
            }
        }
        if out.is_empty() && from < to {
            return Err(ScaleError::Corrupt(format!("entry {from} is missing from the embedded log's journal")));
        }
        Ok(out)
    }
}

/// Refuses a bucket that does not exist, or whose prefix already holds a checkpoint the log's
/// key did not sign (a bucket of another log), before anything is written anywhere.
pub async fn check_bucket(
    bucket: &Arc<dyn ObjectStore>,
    prefix: &str,
    log_key: &NoteVerifier,
) -> Result<(), ScaleError> {
    // A read of a missing object and of a missing bucket both answer 404 (not found); a
    // listing tells them apart: an empty folder lists as empty, a missing bucket is an error.
    let folder = (!prefix.is_empty()).then(|| Path::from(prefix));
    bucket.list_with_delimiter(folder.as_ref()).await?;
    let Some(text) = read_checkpoint(bucket, prefix).await? else { return Ok(()) };
    let signed = Note::parse(&text).ok().filter(|n| n.verify(std::slice::from_ref(log_key)).is_ok());
    if signed.is_none() {
        return Err(ScaleError::OtherLog(format!(
            "the bucket already holds a checkpoint at {} that this log's key did not sign: it holds another \
             log; give another bucket or --prefix",
            checkpoint_path(prefix)
        )));
    }
    Ok(())
}

/// What [`copy`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Copied {
    /// Entries PostgreSQL already held (checked to be the embedded log's).
    pub already: u64,
    /// Entries copied now.
    pub copied: u64,
}

/// Makes PostgreSQL's log hold the embedded log's entries up to its checkpoint: checks that
/// what PostgreSQL holds is the embedded log's first entries, byte for byte, then copies the
/// rest in batches. `progress` is told the size after each batch.
pub async fn copy(
    client: &mut Client,
    from: &Embedded<'_>,
    mut progress: impl FnMut(u64),
) -> Result<Copied, ScaleError> {
    let size = from.checkpoint.size;
    let (have, _) = pg::head(client).await?;
    if have > size {
        return Err(ScaleError::OtherLog(format!(
            "PostgreSQL holds {have} entries, more than the {size} of the embedded log: it holds another log \
             (or a later copy of this one)"
        )));
    }
    let mut seq = 0;
    while seq < have {
        let ours = from.entries(seq, have.min(seq + COPY_BATCH as u64), COPY_BATCH_BYTES)?;
        let theirs = pg::entries(client, seq, seq + ours.len() as u64).await?;
        if let Some(i) = ours.iter().zip(&theirs).position(|(a, b)| a != b) {
            return Err(ScaleError::OtherLog(format!(
                "entry {} in PostgreSQL differs from the embedded log's: PostgreSQL holds another log",
                seq + i as u64
            )));
        }
        seq += ours.len() as u64;
    }
    while seq < size {
        let batch = from.entries(seq, size.min(seq + COPY_BATCH as u64), COPY_BATCH_BYTES)?;
        pg::import(client, seq, &batch).await?;
        seq += batch.len() as u64;
        progress(seq);
    }
    Ok(Copied { already: have, copied: size - have })
}

/// Takes the integration lock and integrates every sequenced entry, [`INTEGRATE_STEP`] at a
/// time; `progress` is told the integrated size after each step. Returns the integrated size.
pub async fn integrate(
    integrator: &mut Integrator,
    client: &Client,
    mut progress: impl FnMut(u64),
) -> Result<u64, ScaleError> {
    if !integrator.try_lead().await? {
        return Err(ScaleError::Busy);
    }
    while let Some(p) = integrator.step(INTEGRATE_STEP).await? {
        progress(p.size);
    }
    let (size, integrated) = pg::head(client).await?;
    if integrated != size {
        return Err(ScaleError::Corrupt(format!("{integrated} of {size} entries integrated after the last step")));
    }
    Ok(integrated)
}

/// The embedded and the bucket's checkpoint side by side.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// The embedded checkpoint's body.
    pub embedded: String,
    /// The bucket's checkpoint's body (empty when it has none).
    pub bucket: String,
    /// Why they differ; `None` when the bucket's checkpoint verifies with the log's key and
    /// has the embedded checkpoint's origin, size and root.
    pub difference: Option<String>,
}

/// Reads the bucket's checkpoint and compares it with `embedded`.
pub async fn compare(
    bucket: &Arc<dyn ObjectStore>,
    prefix: &str,
    log_key: &NoteVerifier,
    embedded: &Checkpoint,
) -> Result<Comparison, ScaleError> {
    let mut out = Comparison { embedded: embedded.to_text(), bucket: String::new(), difference: None };
    let Some(text) = read_checkpoint(bucket, prefix).await? else {
        out.difference = Some(format!("the bucket has no checkpoint at {}", checkpoint_path(prefix)));
        return Ok(out);
    };
    let note = match Note::parse(&text) {
        Ok(n) => n,
        Err(e) => {
            out.difference = Some(format!("the bucket's checkpoint is not a signed note: {e}"));
            return Ok(out);
        }
    };
    out.bucket = note.text.clone();
    out.difference = match (note.verify(std::slice::from_ref(log_key)), Checkpoint::parse_text(&note.text)) {
        (Err(e), _) => Some(format!("the bucket's checkpoint does not verify with the log's key: {e}")),
        (_, Err(e)) => Some(format!("the bucket's checkpoint is malformed: {e}")),
        (Ok(_), Ok(cp)) if cp.origin != embedded.origin => Some("the origins differ".into()),
        (Ok(_), Ok(cp)) if cp.size != embedded.size => Some("the sizes differ".into()),
        (Ok(_), Ok(cp)) if cp.root != embedded.root => Some("the roots differ".into()),
        (Ok(_), Ok(_)) => None,
    };
    Ok(out)
}

fn checkpoint_path(prefix: &str) -> Path {
    if prefix.is_empty() { Path::from("checkpoint") } else { Path::from(format!("{prefix}/checkpoint")) }
}

async fn read_checkpoint(bucket: &Arc<dyn ObjectStore>, prefix: &str) -> Result<Option<String>, ScaleError> {
    match bucket.get(&checkpoint_path(prefix)).await {
        Ok(got) => {
            let bytes = got.bytes().await?;
            Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
        }
        Err(object_store::Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

//! `heard migrate`'s rows: PostgreSQL's `heard_rows` brought up to the log it holds, so that
//! [`pg::append`] can decide on them. [`apply_rows`] reads the entries past the watermark
//! (`heard_head.rows_applied`) in seq order, decides each batch with the rules as entries
//! already in a log ([`BatchGate::redecide`]) over the rows of the batches before, and writes
//! the batch's rows and the watermark in one transaction holding the head row's lock. Every
//! entry must be admitted: an entry of the folder's own log that the rules refuse stops the
//! step ([`ScaleError::MigratePolicy`]) and nothing is written for its batch. A step that
//! stopped resumes at the watermark; a second run applies nothing.

use tokio_postgres::Client;

use super::super::{ScaleError, pg, rows};
use crate::log::IndexWrite;
use crate::log::batch_gate::{BatchGate, Pending};
use crate::protocol::entry::Entry;
use crate::protocol::statement::verify_submission;

/// Entries decided per transaction when rows are brought up.
pub const ROWS_BATCH: u64 = 2000;

/// What [`apply_rows`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowsApplied {
    /// Entries whose rows were already applied.
    pub already: u64,
    /// Entries whose rows were applied now.
    pub applied: u64,
}

/// Brings `heard_rows` up to the log's size, [`ROWS_BATCH`] entries a transaction, with
/// `gate` (the domain's rules); `progress` is told the watermark after each batch.
pub async fn apply_rows(
    client: &mut Client,
    gate: &dyn BatchGate,
    mut progress: impl FnMut(u64),
) -> Result<RowsApplied, ScaleError> {
    let mut already = None;
    loop {
        let tx = client.transaction().await?;
        let head = pg::lock_head(&tx).await?;
        let from = head.rows_applied;
        let already = *already.get_or_insert(from);
        if from >= head.size {
            if from > head.size {
                return Err(ScaleError::Corrupt(format!("rows are applied to {from} entries of {}", head.size)));
            }
            return Ok(RowsApplied { already, applied: from - already });
        }
        let to = head.size.min(from + ROWS_BATCH);
        let mut statements = Vec::new();
        for (i, bytes) in pg::read_entries(&tx, from, to).await?.iter().enumerate() {
            let seq = from + i as u64;
            let e = Entry::decode(bytes).map_err(|err| ScaleError::Corrupt(format!("entry {seq}: {err}")))?;
            // `pg::import` checks the chain, not the signatures: the rules need them checked.
            let v = verify_submission(&e.statement, &e.signature).map_err(|err| ScaleError::MigratePolicy {
                seq,
                rule: err.code(),
                detail: err.to_string(),
                from,
            })?;
            statements.push((v, e.log_time));
        }
        let batch: Vec<Pending> = statements.iter().map(|(v, t)| Pending { statement: v, log_time: *t }).collect();
        let mut writes: Vec<IndexWrite> = Vec::new();
        for (i, d) in rows::readmit(&tx, gate, from, &batch).await?.into_iter().enumerate() {
            let seq = from + i as u64;
            match d {
                Ok((at, rows)) if at == seq => writes.extend(rows),
                Ok((at, _)) => {
                    return Err(ScaleError::Corrupt(format!("the rules gave seq {at} to entry {seq}")));
                }
                Err(r) => return Err(ScaleError::MigratePolicy { seq, rule: r.code, detail: r.detail, from }),
            }
        }
        rows::write(&tx, &writes).await?;
        pg::set_rows_applied(&tx, to).await?;
        tx.commit().await?;
        progress(to);
    }
}

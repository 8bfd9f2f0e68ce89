//! What PostgreSQL keeps beside the log: each entry's value (`heard_side`) and the witnesses'
//! cosignature lines (`heard_cosignatures`). The values are written with their entries by
//! [`super::sequence`]; here they are read, erased, and imported by `heard migrate`.

use tokio_postgres::Client;

use super::{MAX_SIDE, ScaleError, to_hash, to_i64, to_u64};
use crate::protocol::Hash;

/// The value kept beside an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Side {
    /// The value's bytes, as the embedded store keeps them.
    Live(Vec<u8>),
    /// Erased (an idea withdrawn): the bytes are gone, and none can be stored again.
    Erased,
}

impl Side {
    fn from_column(value: Option<Vec<u8>>) -> Side {
        value.map_or(Side::Erased, Side::Live)
    }
}

/// The value kept beside the entry with this entry hash: `None` when it has none (or the log
/// holds no such entry).
pub async fn side(client: &Client, entry_hash: &Hash) -> Result<Option<Side>, ScaleError> {
    let row = client
        .query_opt(
            "SELECT s.value FROM heard_entries e JOIN heard_side s ON s.seq = e.seq WHERE e.entry_hash = $1",
            &[&entry_hash.as_slice()],
        )
        .await?;
    Ok(row.map(|r| Side::from_column(r.get(0))))
}

/// Erases the value beside the entry with this entry hash (a withdrawal's erasure): its bytes
/// are replaced by NULL in place, in one statement, and the row stays so that a duplicate can
/// never store it again. An entry with no value gets an erased row for the same reason.
/// Returns the entry's seq; an entry hash the log does not hold is refused
/// ([`ScaleError::UnknownEntry`]) and nothing changes.
///
/// PostgreSQL keeps an updated row's old version until vacuum reclaims it (and its write-ahead
/// log and backups until they are recycled): no read returns the bytes once this returns, but
/// the disk may hold them until then.
pub async fn erase(client: &Client, entry_hash: &Hash) -> Result<u64, ScaleError> {
    let row = client
        .query_opt(
            "INSERT INTO heard_side (seq, value) SELECT seq, NULL FROM heard_entries WHERE entry_hash = $1 \
             ON CONFLICT (seq) DO UPDATE SET value = NULL RETURNING seq",
            &[&entry_hash.as_slice()],
        )
        .await?;
    match row {
        Some(r) => to_u64(r.get(0), "seq"),
        None => Err(ScaleError::UnknownEntry(hex::encode(entry_hash))),
    }
}

/// The values beside entries `from..to`, in seq order (entries with none are left out).
pub async fn sides(client: &Client, from: u64, to: u64) -> Result<Vec<(u64, Side)>, ScaleError> {
    let rows = client
        .query(
            "SELECT seq, value FROM heard_side WHERE seq >= $1 AND seq < $2 ORDER BY seq",
            &[&to_i64(from, "from")?, &to_i64(to, "to")?],
        )
        .await?;
    rows.iter().map(|r| Ok((to_u64(r.get(0), "seq")?, Side::from_column(r.get(1))))).collect()
}

/// Writes values beside entries the log already holds (an embedded log's, being copied), in
/// one transaction: a value is stored where its entry has none (a value or an erasure already
/// there stays), an erasure always (erasing is never undone). Refuses, changing nothing, a
/// value over [`MAX_SIDE`] bytes ([`ScaleError::SideTooLarge`]) and a seq the log does not
/// hold ([`ScaleError::UnknownEntry`]). Returns how many rows changed.
pub async fn import_sides(client: &mut Client, records: &[(u64, Side)]) -> Result<u64, ScaleError> {
    let (mut live_seqs, mut live_values, mut erased) = (Vec::new(), Vec::new(), Vec::new());
    for (index, (seq, side)) in records.iter().enumerate() {
        match side {
            Side::Live(v) if v.len() > MAX_SIDE => return Err(ScaleError::SideTooLarge { index, len: v.len() }),
            Side::Live(v) => {
                live_seqs.push(to_i64(*seq, "seq")?);
                live_values.push(v.as_slice());
            }
            Side::Erased => erased.push(to_i64(*seq, "seq")?),
        }
    }
    let all: Vec<i64> = live_seqs.iter().chain(&erased).copied().collect();
    let tx = client.transaction().await?;
    let missing = tx
        .query_opt(
            "SELECT s FROM UNNEST($1::bigint[]) AS s WHERE NOT EXISTS (SELECT 1 FROM heard_entries WHERE seq = s) \
             ORDER BY s LIMIT 1",
            &[&all],
        )
        .await?;
    if let Some(r) = missing {
        return Err(ScaleError::UnknownEntry(format!("at seq {}", r.get::<_, i64>(0))));
    }
    let mut changed = tx
        .execute(
            "INSERT INTO heard_side (seq, value) SELECT * FROM UNNEST($1::bigint[], $2::bytea[]) \
             ON CONFLICT (seq) DO NOTHING",
            &[&live_seqs, &live_values],
        )
        .await?;
    changed += tx
        .execute(
            "INSERT INTO heard_side (seq, value) SELECT s, NULL FROM UNNEST($1::bigint[]) AS s \
             ON CONFLICT (seq) DO UPDATE SET value = NULL WHERE heard_side.value IS NOT NULL",
            &[&erased],
        )
        .await?;
    tx.commit().await?;
    Ok(changed)
}

/// Stores `witness`'s cosignature line for the checkpoint of `size` entries, replacing the
/// witness's earlier line for that size (as the embedded store does). The line must be one
/// line ending in its newline, and `size` a size the log has reached; otherwise
/// [`ScaleError::BadCosignature`] and nothing changes. Which witnesses may cosign, and over
/// which checkpoint, is the caller's to check (as for the embedded store).
pub async fn add_cosignature(client: &Client, size: u64, witness: &[u8; 32], line: &str) -> Result<(), ScaleError> {
    let text = line.strip_suffix('\n').filter(|t| !t.is_empty() && !t.contains(['\n', '\r']));
    if text.is_none() {
        return Err(ScaleError::BadCosignature(format!(
            "a cosignature must be one non-empty line ending in a newline, got {} bytes",
            line.len()
        )));
    }
    let stored = client
        .execute(
            "INSERT INTO heard_cosignatures (size, witness, line) SELECT $1, $2, $3 FROM heard_head \
             WHERE id = 0 AND size >= $1 AND $1 > 0 \
             ON CONFLICT (size, witness) DO UPDATE SET line = EXCLUDED.line",
            &[&to_i64(size, "size")?, &witness.as_slice(), &line],
        )
        .await?;
    if stored == 0 {
        return Err(ScaleError::BadCosignature(format!(
            "a cosignature for a checkpoint of {size} entries, which this log has not reached (or of size 0)"
        )));
    }
    Ok(())
}

/// The cosignature lines stored for the checkpoint of `size` entries, by witness key.
pub async fn cosignatures(client: &Client, size: u64) -> Result<Vec<String>, ScaleError> {
    let rows = client
        .query("SELECT line FROM heard_cosignatures WHERE size = $1 ORDER BY witness", &[&to_i64(size, "size")?])
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Every stored cosignature as (size, witness public key, line), by size then witness key.
pub async fn cosignature_rows(client: &Client) -> Result<Vec<(u64, [u8; 32], String)>, ScaleError> {
    let rows = client.query("SELECT size, witness, line FROM heard_cosignatures ORDER BY size, witness", &[]).await?;
    rows.iter()
        .map(|r| Ok((to_u64(r.get(0), "a cosignature's size")?, to_hash(r.get(1), "a witness key")?, r.get(2))))
        .collect()
}

//! The domain's rows in PostgreSQL (`heard_rows`) and the policy decided over them inside a
//! sequencing transaction: [`admit`] decides a batch with a
//! [`BatchGate`] (the domain's rules), fetching
//! in one round trip every row a run named and did not have, until a run names none; then
//! [`write()`] applies the admitted statements' rows in the same transaction. Every writer holds
//! the head row's lock (`pg::lock_head`) while it does this, so the rows read are the
//! committed ones and no other process changes them meanwhile.

use tokio_postgres::Transaction;

use super::ScaleError;
use crate::log::IndexWrite;
use crate::log::batch_gate::{BatchGate, Decided, Fetched, Pending, Wanted};

/// The table, created when missing (idempotent; run by `pg::migrate`).
pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS heard_rows (
    key BYTEA PRIMARY KEY,
    value BYTEA NOT NULL
);
";

/// Rows one batch may fetch before [`admit`] gives up (a guard on memory, far beyond what
/// any batch of real statements reads). Runs are not counted: a run stops at the first row it
/// lacks in each statement, so a statement that reads a row per idea of a claim card finds
/// them one run at a time, and a card may hold any number of ideas. Every run but the last
/// fetches at least one row more, so the runs end; the sequencing transaction's
/// `pg_timeout` bounds how long they take.
const MAX_FETCHED: usize = 1 << 20;

/// Decides `batch` against the committed rows (see [`BatchGate::decide`]), fetching what each
/// run names. Must be called inside the transaction that holds the head row's lock.
pub async fn admit(
    tx: &Transaction<'_>,
    gate: &dyn BatchGate,
    first_seq: u64,
    batch: &[Pending<'_>],
) -> Result<Decided, ScaleError> {
    rounds(tx, |fetched| gate.decide(fetched, first_seq, batch)).await
}

/// As [`admit`], for entries the log already holds, in the rules they were appended under
/// ([`BatchGate::redecide`]): rebuilding the rows of a log copied into PostgreSQL.
pub async fn readmit(
    tx: &Transaction<'_>,
    gate: &dyn BatchGate,
    first_seq: u64,
    batch: &[Pending<'_>],
) -> Result<Decided, ScaleError> {
    rounds(tx, |fetched| gate.redecide(fetched, first_seq, batch)).await
}

/// Runs `decide` until a run names no row it lacked, fetching what each run names.
async fn rounds(
    tx: &Transaction<'_>,
    decide: impl Fn(&Fetched) -> Result<Decided, Wanted>,
) -> Result<Decided, ScaleError> {
    let mut fetched = Fetched::default();
    loop {
        let wanted = match decide(&fetched) {
            Ok(decided) => return Ok(decided),
            Err(wanted) => wanted,
        };
        let known = fetched.rows.len() + fetched.prefixes.len();
        if wanted.keys.iter().any(|k| fetched.rows.contains_key(k))
            || wanted.prefixes.iter().any(|p| fetched.prefixes.contains_key(p))
        {
            return Err(ScaleError::Corrupt("the rules named again a row they had been given".into()));
        }
        if known + wanted.keys.len() + wanted.prefixes.len() > MAX_FETCHED {
            return Err(ScaleError::Corrupt(format!("the rules named more than {MAX_FETCHED} rows for one batch")));
        }
        fetch(tx, wanted, &mut fetched).await?;
    }
}

/// Reads the rows and prefixes `wanted` names into `fetched`, in one round trip.
async fn fetch(tx: &Transaction<'_>, wanted: Wanted, fetched: &mut Fetched) -> Result<(), ScaleError> {
    let keys: Vec<&[u8]> = wanted.keys.iter().map(Vec::as_slice).collect();
    let prefixes: Vec<&[u8]> = wanted.prefixes.iter().map(Vec::as_slice).collect();
    // One statement: the rows by key, then for each prefix whether a row's key starts with it
    // (the first key at or after the prefix). `kind` tells the two apart.
    let rows = tx
        .query(
            "SELECT 0::smallint AS kind, key, value FROM heard_rows WHERE key = ANY($1) \
             UNION ALL \
             SELECT 1::smallint, p, (SELECT r.key FROM heard_rows r WHERE r.key >= p ORDER BY r.key LIMIT 1) \
             FROM UNNEST($2::bytea[]) AS p",
            &[&keys, &prefixes],
        )
        .await?;
    for k in wanted.keys {
        fetched.rows.insert(k, None);
    }
    for p in wanted.prefixes {
        fetched.prefixes.insert(p, false);
    }
    for row in rows {
        let kind: i16 = row.get(0);
        let key: Vec<u8> = row.get(1);
        let value: Option<Vec<u8>> = row.get(2);
        if kind == 0 {
            fetched.rows.insert(key, value);
        } else {
            let any = value.is_some_and(|first| first.starts_with(&key));
            fetched.prefixes.insert(key, any);
        }
    }
    Ok(())
}

/// Applies admitted statements' rows in order (a later write to a key wins), inside the
/// transaction that sequences them.
pub async fn write(tx: &Transaction<'_>, writes: impl IntoIterator<Item = &IndexWrite>) -> Result<(), ScaleError> {
    let mut last = std::collections::BTreeMap::new();
    for w in writes {
        last.insert(w.key.as_slice(), w.value.as_deref());
    }
    let (mut put_keys, mut put_values, mut gone) = (Vec::new(), Vec::new(), Vec::new());
    for (k, v) in last {
        match v {
            Some(v) => {
                put_keys.push(k);
                put_values.push(v);
            }
            None => gone.push(k),
        }
    }
    if !put_keys.is_empty() {
        tx.execute(
            "INSERT INTO heard_rows (key, value) SELECT * FROM UNNEST($1::bytea[], $2::bytea[]) \
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            &[&put_keys, &put_values],
        )
        .await?;
    }
    if !gone.is_empty() {
        tx.execute("DELETE FROM heard_rows WHERE key = ANY($1)", &[&gone]).await?;
    }
    Ok(())
}

/// Every row, by key (for tests and the audit's comparison).
pub async fn all(client: &tokio_postgres::Client) -> Result<Vec<(Vec<u8>, Vec<u8>)>, ScaleError> {
    let rows = client.query("SELECT key, value FROM heard_rows ORDER BY key", &[]).await?;
    Ok(rows.into_iter().map(|r| (r.get(0), r.get(1))).collect())
}

//! The PostgreSQL schema and the sequencer.
//!
//! `heard_head` is one row: the log's size, the hash of its last entry (the next `prev`), the
//! last log time, how far the integrator has gone, and how many entries' domain rows
//! `heard_rows` holds (`rows_applied`: [`append`] keeps it at the size and refuses to decide
//! on rows behind it; `heard migrate` brings a copied log's rows up to it). `heard_entries` holds every entry's
//! canonical bytes by seq, with a unique key on the statement hash. `heard_nodes` holds the
//! Merkle nodes the integrator computed, and `heard_checkpoints` every checkpoint it signed,
//! keyed by size.
//!
//! Beside the log, as the embedded store keeps them in `texts.dat` and `cosignatures.log`:
//! `heard_side` holds, by seq, the value an entry carries beside it (an idea's text and salt,
//! an acknowledgement's payment) as the exact bytes the embedded store keeps, opaque here as
//! there (the domain encodes and decodes them; `scale` knows no domain types, and equal bytes
//! are what `heard migrate` proves). It is written in the transaction that sequences the
//! entry. An erased value is a row whose `value` is NULL: the bytes are gone from every
//! read, and the row stays so that a later duplicate cannot bring the text back.
//! `heard_cosignatures` holds one witness's cosignature line per checkpoint size.

mod beside;

pub use beside::{Side, add_cosignature, cosignature_rows, cosignatures, erase, import_sides, side, sides};

use tokio_postgres::{Client, Transaction};

use super::ScaleError;
use crate::log::Refusal;
use crate::log::batch_gate::{BatchGate, Decided, Pending};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash, genesis};
use crate::protocol::statement::{Statement, VerifiedStatement, statement_hash};

/// The tables, created when missing (idempotent).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS heard_head (
    id SMALLINT PRIMARY KEY CHECK (id = 0),
    size BIGINT NOT NULL CHECK (size >= 0),
    last_hash BYTEA NOT NULL CHECK (length(last_hash) = 32),
    last_time BIGINT NOT NULL,
    integrated BIGINT NOT NULL DEFAULT 0 CHECK (integrated >= 0 AND integrated <= size)
);
ALTER TABLE heard_head ADD COLUMN IF NOT EXISTS
    rows_applied BIGINT NOT NULL DEFAULT 0 CHECK (rows_applied >= 0 AND rows_applied <= size);
CREATE TABLE IF NOT EXISTS heard_entries (
    seq BIGINT PRIMARY KEY CHECK (seq >= 0),
    statement_hash BYTEA NOT NULL UNIQUE CHECK (length(statement_hash) = 32),
    entry_hash BYTEA NOT NULL CHECK (length(entry_hash) = 32),
    entry BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS heard_nodes (
    level SMALLINT NOT NULL,
    idx BIGINT NOT NULL,
    hash BYTEA NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);
CREATE TABLE IF NOT EXISTS heard_checkpoints (
    size BIGINT PRIMARY KEY,
    root BYTEA NOT NULL CHECK (length(root) = 32),
    note TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS heard_entries_entry_hash ON heard_entries (entry_hash);
CREATE TABLE IF NOT EXISTS heard_side (
    seq BIGINT PRIMARY KEY REFERENCES heard_entries (seq),
    value BYTEA CHECK (value IS NULL OR length(value) <= 1048576)
);
CREATE TABLE IF NOT EXISTS heard_cosignatures (
    size BIGINT NOT NULL CHECK (size > 0),
    witness BYTEA NOT NULL CHECK (length(witness) = 32),
    line TEXT NOT NULL,
    PRIMARY KEY (size, witness)
);
";

/// The largest value an entry may carry beside it (as in the embedded store's `texts.dat`).
pub const MAX_SIDE: usize = 1 << 20;

/// Creates the tables and the head row when they are missing. Safe to run from several
/// processes at once (the head row is inserted with `ON CONFLICT DO NOTHING`).
pub async fn migrate(client: &Client) -> Result<(), ScaleError> {
    // Two processes creating the same table at once can collide in the catalogue; a
    // transaction-level advisory lock makes them take turns.
    client.batch_execute("BEGIN; SELECT pg_advisory_xact_lock(7335001);").await?;
    let done = async {
        client.batch_execute(SCHEMA).await?;
        client.batch_execute(super::rows::SCHEMA).await?;
        client
            .execute(
                "INSERT INTO heard_head (id, size, last_hash, last_time) VALUES (0, 0, $1, 0) \
                 ON CONFLICT (id) DO NOTHING",
                &[&genesis().as_slice()],
            )
            .await?;
        Ok::<_, ScaleError>(())
    }
    .await;
    match done {
        Ok(()) => client.batch_execute("COMMIT").await?,
        Err(e) => {
            client.batch_execute("ROLLBACK").await.ok();
            return Err(e);
        }
    }
    Ok(())
}

/// A signed statement to sequence.
#[derive(Clone, Debug)]
pub struct Submission {
    /// The statement hash (its id), the de-duplication key.
    pub statement_hash: Hash,
    /// The statement's canonical bytes.
    pub statement: Vec<u8>,
    /// The author's signature.
    pub signature: [u8; 64],
    /// What the entry carries beside it (an idea's text and salt, a payment), encoded as the
    /// embedded store keeps it; stored in the same transaction as the entry. For a duplicate,
    /// stored when the entry has no value beside it yet (never over an erased one).
    pub side: Option<Vec<u8>>,
}

/// What became of one submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sequenced {
    /// Appended at `seq` with this entry hash.
    New {
        /// Its position.
        seq: u64,
        /// Its entry hash (the Merkle leaf).
        entry_hash: Hash,
    },
    /// Already in the log at `seq` (earlier, or earlier in the same batch).
    Duplicate {
        /// Where it is.
        seq: u64,
    },
    /// Refused by the domain's rules ([`append`] only): nothing was written for it.
    Refused(Refusal),
}

pub(super) fn to_u64(v: i64, what: &str) -> Result<u64, ScaleError> {
    u64::try_from(v).map_err(|_| ScaleError::Corrupt(format!("{what} is negative ({v})")))
}

pub(super) fn to_i64(v: u64, what: &str) -> Result<i64, ScaleError> {
    i64::try_from(v).map_err(|_| ScaleError::Corrupt(format!("{what} does not fit PostgreSQL's bigint ({v})")))
}

pub(super) fn to_hash(b: &[u8], what: &str) -> Result<Hash, ScaleError> {
    b.try_into().map_err(|_| ScaleError::Corrupt(format!("{what} is {} bytes, not 32", b.len())))
}

/// The head row, read under its lock.
pub(super) struct Head {
    /// The log's size.
    pub size: u64,
    /// The last entry's hash (the next `prev`).
    pub last_hash: Hash,
    /// The last log time.
    pub last_time: u64,
    /// How many entries' domain rows `heard_rows` holds.
    pub rows_applied: u64,
}

/// Locks the head row for the transaction and reads it.
pub(super) async fn lock_head(tx: &Transaction<'_>) -> Result<Head, ScaleError> {
    let head = tx
        .query_one("SELECT size, last_hash, last_time, rows_applied FROM heard_head WHERE id = 0 FOR UPDATE", &[])
        .await?;
    Ok(Head {
        size: to_u64(head.get(0), "the log's size")?,
        last_hash: to_hash(head.get(1), "the last entry hash")?,
        last_time: to_u64(head.get(2), "the last log time")?,
        rows_applied: to_u64(head.get(3), "the entries whose rows are applied")?,
    })
}

/// Moves the rows' watermark (under the lock [`lock_head`] took).
pub(super) async fn set_rows_applied(tx: &Transaction<'_>, applied: u64) -> Result<(), ScaleError> {
    tx.execute("UPDATE heard_head SET rows_applied = $1 WHERE id = 0", &[&to_i64(applied, "rows applied")?]).await?;
    Ok(())
}

/// Inserts entries given column by column (seq, statement hash, entry hash, entry bytes).
async fn insert_entries(
    tx: &Transaction<'_>,
    seqs: &[i64],
    statement_hashes: &[Vec<u8>],
    entry_hashes: &[Vec<u8>],
    entries: &[Vec<u8>],
) -> Result<u64, tokio_postgres::Error> {
    tx.execute(
        "INSERT INTO heard_entries (seq, statement_hash, entry_hash, entry) \
         SELECT * FROM UNNEST($1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[])",
        &[&seqs, &statement_hashes, &entry_hashes, &entries],
    )
    .await
}

/// Moves the head row (under the lock [`lock_head`] took); with `rows`, the rows' watermark
/// to the new size too (the entries' rows were written in the same transaction).
async fn set_head(
    tx: &Transaction<'_>,
    size: u64,
    last_hash: &Hash,
    last_time: u64,
    rows: bool,
) -> Result<(), ScaleError> {
    tx.execute(
        "UPDATE heard_head SET size = $1, last_hash = $2, last_time = $3, \
         rows_applied = CASE WHEN $4 THEN $1 ELSE rows_applied END WHERE id = 0",
        &[&to_i64(size, "size")?, &last_hash.as_slice(), &to_i64(last_time, "log time")?, &rows],
    )
    .await?;
    Ok(())
}

/// Sequences a batch in one transaction: each new statement gets the next seq, `prev` is the
/// previous entry's hash, and the log time is `now_ms` or the last log time, whichever is
/// later (log times never decrease). Any number of processes may call this at once: the
/// head row's lock makes their transactions take turns, and the result is one chain.
///
/// The values beside the entries are inserted in the same transaction: an entry is never
/// sequenced without its value, and a failure leaves neither. A value over [`MAX_SIDE`]
/// bytes refuses the whole batch before anything is read or written.
///
/// No rules are applied: the log alone (see [`append`] for the domain's policy).
pub async fn sequence(client: &mut Client, batch: &[Submission], now_ms: u64) -> Result<Vec<Sequenced>, ScaleError> {
    sequence_under(client, batch, now_ms, None).await
}

/// As [`sequence`], with `gate` (the domain's rules) deciding in the same transaction
/// ([`rows::admit`](super::rows::admit) over `heard_rows`): a refused
/// statement takes no seq and writes nothing, an admitted one's rows are written with its
/// entry. Each submission must be a statement whose signature the caller checked
/// (`verify_submission`); one that does not decode is refused (`malformed_statement`).
///
/// The rules decide on `heard_rows`, so those must be every entry's rows: a log whose rows
/// are behind its size (copied by [`import`], or sequenced by [`sequence`]) is refused,
/// [`ScaleError::RowsBehind`], and nothing is written.
pub async fn append(
    client: &mut Client,
    gate: &dyn BatchGate,
    batch: &[Submission],
    now_ms: u64,
) -> Result<Vec<Sequenced>, ScaleError> {
    sequence_under(client, batch, now_ms, Some(gate)).await
}

async fn sequence_under(
    client: &mut Client,
    batch: &[Submission],
    now_ms: u64,
    rules: Option<&dyn BatchGate>,
) -> Result<Vec<Sequenced>, ScaleError> {
    if let Some((index, s)) =
        batch.iter().enumerate().find(|(_, s)| s.side.as_ref().is_some_and(|v| v.len() > MAX_SIDE))
    {
        let len = s.side.as_ref().map_or(0, Vec::len);
        return Err(ScaleError::SideTooLarge { index, len });
    }
    let tx = client.transaction().await?;
    let head = lock_head(&tx).await?;
    let (mut size, mut prev, last_time) = (head.size, head.last_hash, head.last_time);
    if rules.is_some() && head.rows_applied != size {
        return Err(ScaleError::RowsBehind { applied: head.rows_applied, size });
    }
    let log_time = now_ms.max(last_time);

    let hashes: Vec<&[u8]> = batch.iter().map(|s| s.statement_hash.as_slice()).collect();
    let known =
        tx.query("SELECT statement_hash, seq FROM heard_entries WHERE statement_hash = ANY($1)", &[&hashes]).await?;
    let mut seen: std::collections::HashMap<Hash, u64> = std::collections::HashMap::new();
    for row in known {
        seen.insert(to_hash(row.get(0), "a statement hash")?, to_u64(row.get(1), "a seq")?);
    }
    // What the rules decide for each submission that is new (the first of a statement sent
    // twice in the batch): its seq and rows, or its refusal.
    let decided = match rules {
        Some(gate) => Some(decide(&tx, gate, batch, &seen, size, log_time).await?),
        None => None,
    };
    let mut decided = decided.map(Vec::into_iter);

    let (mut seqs, mut shs, mut ehs, mut bytes) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(batch.len());
    let mut writes = Vec::new();
    let mut refused: std::collections::HashMap<Hash, Refusal> = std::collections::HashMap::new();
    // The values beside, by seq: the first one a batch brings for an entry.
    let mut side: std::collections::BTreeMap<i64, &[u8]> = std::collections::BTreeMap::new();
    for s in batch {
        if let Some(&seq) = seen.get(&s.statement_hash) {
            if let Some(v) = &s.side {
                side.entry(to_i64(seq, "seq")?).or_insert(v);
            }
            out.push(Sequenced::Duplicate { seq });
            continue;
        }
        if let Some(r) = refused.get(&s.statement_hash) {
            out.push(Sequenced::Refused(r.clone()));
            continue;
        }
        if let Some(d) = decided.as_mut() {
            match d.next() {
                Some(Ok((seq, rows))) if seq == size => writes.extend(rows),
                Some(Ok((seq, _))) => {
                    return Err(ScaleError::Corrupt(format!("the rules gave seq {seq} where the log is at {size}")));
                }
                Some(Err(r)) => {
                    refused.insert(s.statement_hash, r.clone());
                    out.push(Sequenced::Refused(r));
                    continue;
                }
                None => return Err(ScaleError::Corrupt("the rules decided fewer statements than were new".into())),
            }
        }
        if let Some(v) = &s.side {
            side.insert(to_i64(size, "seq")?, v);
        }
        let entry = Entry { seq: size, prev, log_time, statement: s.statement.clone(), signature: s.signature };
        let encoded = entry.encode();
        let hash = entry_hash(&encoded);
        seen.insert(s.statement_hash, size);
        out.push(Sequenced::New { seq: size, entry_hash: hash });
        seqs.push(to_i64(size, "seq")?);
        shs.push(s.statement_hash.to_vec());
        ehs.push(hash.to_vec());
        bytes.push(encoded);
        prev = hash;
        size += 1;
    }
    if !seqs.is_empty() {
        insert_entries(&tx, &seqs, &shs, &ehs, &bytes).await?;
        set_head(&tx, size, &prev, log_time, rules.is_some()).await?;
    }
    if !writes.is_empty() {
        super::rows::write(&tx, &writes).await?;
    }
    if !side.is_empty() {
        let (seqs, values): (Vec<i64>, Vec<&[u8]>) = side.into_iter().unzip();
        // A duplicate's value only where its entry has none: an erased row (NULL) stays.
        tx.execute(
            "INSERT INTO heard_side (seq, value) SELECT * FROM UNNEST($1::bigint[], $2::bytea[]) \
             ON CONFLICT (seq) DO NOTHING",
            &[&seqs, &values],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(out)
}

/// The rules' decisions for the submissions of `batch` not in `seen` (the log), each statement
/// once, in order, the first admitted taking seq `size`.
async fn decide(
    tx: &Transaction<'_>,
    gate: &dyn BatchGate,
    batch: &[Submission],
    seen: &std::collections::HashMap<Hash, u64>,
    size: u64,
    log_time: u64,
) -> Result<Decided, ScaleError> {
    let mut first = std::collections::HashSet::new();
    let mut statements = Vec::new();
    let mut malformed = Vec::new();
    for s in batch {
        if seen.contains_key(&s.statement_hash) || !first.insert(s.statement_hash) {
            continue;
        }
        match Statement::decode(&s.statement) {
            Ok(statement) => statements.push(Some(VerifiedStatement {
                statement,
                bytes: s.statement.clone(),
                signature: s.signature,
                hash: s.statement_hash,
            })),
            Err(e) => {
                malformed.push((statements.len(), e));
                statements.push(None);
            }
        }
    }
    // A statement that does not decode is refused here and never reaches the rules.
    let pending: Vec<Pending> = statements.iter().flatten().map(|statement| Pending { statement, log_time }).collect();
    let mut ruled = super::rows::admit(tx, gate, size, &pending).await?.into_iter();
    let mut malformed = malformed.into_iter().peekable();
    let mut out = Vec::with_capacity(statements.len());
    for i in 0..statements.len() {
        match malformed.next_if(|(at, _)| *at == i) {
            Some((_, e)) => out.push(Err(Refusal { code: "malformed_statement", detail: e.to_string() })),
            None => out.push(ruled.next().ok_or_else(|| ScaleError::Corrupt("a statement was not decided".into()))?),
        }
    }
    Ok(out)
}

/// Appends entries sequenced elsewhere (an embedded log being migrated) exactly as they are:
/// `entries` are the canonical bytes of entries `first_seq..`, written in one transaction that
/// also moves the head (size, last hash, last log time). The log must hold exactly `first_seq`
/// entries, and each entry must decode, carry its seq, name the entry before it as its `prev`
/// (the head's last hash for the first) and not go back in time: otherwise nothing is written.
/// So a copy can never splice two logs. Statement hashes are computed as the sequencer's
/// callers compute them (SHA-256 of the statement's bytes).
pub async fn import(client: &mut Client, first_seq: u64, entries: &[Vec<u8>]) -> Result<(), ScaleError> {
    if entries.is_empty() {
        return Ok(());
    }
    let tx = client.transaction().await?;
    let head = lock_head(&tx).await?;
    let (size, mut prev, mut last_time) = (head.size, head.last_hash, head.last_time);
    if size != first_seq {
        return Err(ScaleError::OtherLog(format!(
            "PostgreSQL's log holds {size} entries where {first_seq} were expected: something else is \
             appending to it"
        )));
    }
    let (mut seqs, mut shs, mut ehs) = (Vec::new(), Vec::new(), Vec::new());
    for (i, bytes) in entries.iter().enumerate() {
        let seq = first_seq + i as u64;
        let e = Entry::decode(bytes)
            .map_err(|err| ScaleError::Corrupt(format!("entry {seq} of the log being copied: {err}")))?;
        if e.seq != seq {
            return Err(ScaleError::Corrupt(format!("the entry at position {seq} says it is entry {}", e.seq)));
        }
        if e.prev != prev {
            return Err(ScaleError::OtherLog(format!(
                "entry {seq} does not continue the chain PostgreSQL holds (its prev is not the hash of the \
                 entry before it): PostgreSQL holds another log"
            )));
        }
        if e.log_time < last_time {
            return Err(ScaleError::Corrupt(format!("entry {seq}'s log time is earlier than the entry's before it")));
        }
        let hash = entry_hash(bytes);
        seqs.push(to_i64(seq, "seq")?);
        shs.push(statement_hash(&e.statement).to_vec());
        ehs.push(hash.to_vec());
        prev = hash;
        last_time = e.log_time;
    }
    let inserted = insert_entries(&tx, &seqs, &shs, &ehs, entries).await;
    if let Err(e) = inserted {
        return Err(match e.code() {
            Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) => ScaleError::Corrupt(format!(
                "a statement among entries {first_seq}..{} is already in the log: the log being copied \
                 holds a statement twice",
                first_seq + entries.len() as u64
            )),
            _ => e.into(),
        });
    }
    let new_size = first_seq + entries.len() as u64;
    set_head(&tx, new_size, &prev, last_time, false).await?;
    tx.commit().await?;
    Ok(())
}

/// The log's size and how far it is integrated, as PostgreSQL holds them.
pub async fn head(client: &Client) -> Result<(u64, u64), ScaleError> {
    let row = client.query_one("SELECT size, integrated FROM heard_head WHERE id = 0", &[]).await?;
    Ok((to_u64(row.get(0), "size")?, to_u64(row.get(1), "integrated")?))
}

/// The canonical bytes of entries `from..to`, in order.
pub async fn entries(client: &Client, from: u64, to: u64) -> Result<Vec<Vec<u8>>, ScaleError> {
    read_entries(client, from, to).await
}

/// [`entries`], through a client or inside a transaction.
pub(super) async fn read_entries(
    client: &impl tokio_postgres::GenericClient,
    from: u64,
    to: u64,
) -> Result<Vec<Vec<u8>>, ScaleError> {
    let rows = client
        .query(
            "SELECT seq, entry FROM heard_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq",
            &[&to_i64(from, "from")?, &to_i64(to, "to")?],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let seq = to_u64(row.get(0), "seq")?;
        if seq != from + i as u64 {
            return Err(ScaleError::Corrupt(format!("entry {} is missing below the log's size", from + i as u64)));
        }
        out.push(row.get::<_, Vec<u8>>(1));
    }
    if out.len() as u64 != to - from {
        return Err(ScaleError::Corrupt(format!("entries {from}..{to}: only {} stored", out.len())));
    }
    Ok(out)
}

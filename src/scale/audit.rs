//! `heard audit --postgres … --bucket …`: the audit of a log kept in PostgreSQL and published
//! to a bucket, trusting neither (#26). The verifier keys come from the caller, never from
//! the database or the bucket.
//!
//! One pass over `heard_entries` in seq order, [`CHUNK`] entries a query (memory does not grow
//! with the log, but for the statement hashes seen, 16 bytes each, the ideas withdrawn, 32
//! bytes each, and the replay's rows). For each entry: it decodes canonically, says its seq,
//! its `prev` is the previous entry's hash (genesis first), its log time is not before the
//! previous one's, the `entry_hash` and `statement_hash` columns are its hashes, no earlier
//! entry holds the same statement; then the statements and signatures of the chunk (the
//! embedded audit's check, `log::audit::first_bad_statement`). Every entry is hashed into a
//! Merkle frontier, and beside each chunk the tables that depend on it are read and compared
//! (`signed`, `side`):
//!
//! - `heard_nodes`: each node the entries under `heard_head.integrated` complete must be
//!   stored, equal; after the walk, no other row may be there;
//! - `heard_checkpoints`: each note verifies under the log key and says its row's size and
//!   root, and that root is the entries' root at that size (else `checkpoint_fork`);
//! - `heard_cosignatures`: each line a valid `cosignature/v1` by its row's witness key over
//!   the checkpoint of its size (the stored one; for a size without one, the checkpoint the
//!   entries give under the log key's origin);
//! - `heard_side`: each value as an append checks it, and an erased one only beside an idea
//!   some entry withdraws.
//!
//! The entries under the bucket's checkpoint must give its root (a note that must verify
//! under the log key); each hash tile and entry bundle is compared with the bucket's object
//! when the entries complete it, and the partial ones at the checkpoint's size at the end.
//! Unless the audit is of the log only, the rules are replayed over every entry ([`Replay`],
//! the rows in memory for now) and must admit each; the rows must equal `heard_rows` and
//! `rows_applied` the size.
//!
//! The failure reported is the one with the lowest seq in the chunk where the walk first
//! found one (a tile or a node names the first entry under it); failures about no one entry
//! (a checkpoint, a cosignature, the root, the head row) have no seq and come after those.

mod objects;
mod side;
mod signed;

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::Arc;

use object_store::{ObjectStore, ObjectStoreExt};
use tokio_postgres::Client;

use super::ScaleError;
use super::pg::{to_i64, to_u64};
use crate::attribution::Replay;
use crate::ledger::withdrawn_idea;
use crate::log::audit::first_bad_statement;
use crate::log::tiles::{TILE_HEIGHT, TILE_WIDTH, entry_bundle_path, tile_path};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash, genesis};
use crate::protocol::merkle::{Frontier, empty_root};
use crate::protocol::note::{Checkpoint, NoteVerifier};
use crate::protocol::statement::{Statement, statement_hash};
use objects::{Expected, compare_objects, object_path};
use side::Sides;
use signed::{Signed, SignedCount, compare_nodes, stray_node, stray_signed, verify_note};

/// Entries read per query: a multiple of the tile width, so tiles complete inside a chunk.
pub const CHUNK: u64 = 16 * TILE_WIDTH;

/// Rows of `heard_rows` read per query when they are compared.
const ROWS_CHUNK: i64 = 4096;

/// The first thing found wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {}{detail}", match .seq { Some(s) => format!("seq {s}: "), None => String::new() })]
pub struct Failure {
    /// The lowest bad entry, when the failure is about entries.
    pub seq: Option<u64>,
    /// A stable machine-readable code (a rule's code for an entry the rules refuse).
    pub code: &'static str,
    /// What is wrong, in words.
    pub detail: String,
}

fn fail(seq: Option<u64>, code: &'static str, detail: impl Into<String>) -> Failure {
    Failure { seq, code, detail: detail.into() }
}

/// The earlier of two failures by seq (one about no entry comes last; `a` on a tie).
fn earliest(a: Option<Failure>, b: Option<Failure>) -> Option<Failure> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.seq.unwrap_or(u64::MAX) < a.seq.unwrap_or(u64::MAX) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// What the log audit saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogReport {
    /// Entries under the bucket's checkpoint.
    pub entries: u64,
    /// Its root, equal to the one recomputed from the entries.
    pub root: Hash,
    /// Entries in PostgreSQL past that checkpoint (checked entry by entry, not in the tree).
    pub unsigned: u64,
    /// Hash tiles compared with the bucket's.
    pub tiles: u64,
    /// Entry bundles compared with the bucket's.
    pub bundles: u64,
    /// `heard_nodes` rows compared with the entries' nodes.
    pub nodes: u64,
    /// `heard_checkpoints` rows verified and compared with the entries' roots.
    pub checkpoints: u64,
    /// `heard_cosignatures` lines verified.
    pub cosignatures: u64,
    /// `heard_side` values checked against their entries' digests.
    pub values: u64,
    /// Erased `heard_side` values, each beside a withdrawn idea.
    pub erased: u64,
}

/// The audit's findings: the log's, then (unless the audit is of the log only, and only
/// when the log passed) the rules': the number of domain rows, equal to `heard_rows`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audited {
    /// The log audit.
    pub log: Result<LogReport, Failure>,
    /// The policy audit.
    pub policy: Option<Result<u64, Failure>>,
}

/// The walk's state between entries.
struct Walk {
    /// The checkpoint's size: entries below it go into the tiles and bundles.
    signed: u64,
    /// The integrated size: the nodes entries below it complete are compared.
    integrated: u64,
    prev: Hash,
    last_time: u64,
    /// The first 16 bytes of each statement hash so far.
    seen: HashSet<u128>,
    tree: Frontier,
    /// The nodes completed in this chunk under the integrated size.
    nodes: Vec<(u8, u64, Hash)>,
    /// The tree sizes ahead (in this chunk) whose root is wanted, in order.
    wanted: VecDeque<u64>,
    /// The roots at those sizes the walk reached.
    roots: BTreeMap<u64, Hash>,
    /// The hashes of the tile being filled at each tile level.
    hashes: Vec<Vec<u8>>,
    bundle: Vec<u8>,
    bundle_ends: Vec<usize>,
    /// Completed tiles and bundles not yet compared.
    done: Vec<Expected>,
    sides: Sides,
    replay: Option<Replay>,
    /// The seq that last wrote each domain row, to name it when the rows differ.
    writers: BTreeMap<Vec<u8>, u64>,
    policy: Option<Failure>,
}

impl Walk {
    /// Checks entry `seq` (its row's columns) on its own and against the ones before it.
    fn entry(&mut self, seq: u64, statement_col: &[u8], entry_col: &[u8], bytes: &[u8]) -> Result<Entry, Failure> {
        let at = |code, detail: String| fail(Some(seq), code, detail);
        let entry =
            Entry::decode(bytes).map_err(|e| at("entry_unreadable", format!("the entry does not decode: {e}")))?;
        if entry.seq != seq {
            return Err(at("entry_seq", format!("the entry says it is seq {} (entries moved)", entry.seq)));
        }
        if entry.prev != self.prev {
            return Err(at("chain_broken", "its prev is not the previous entry's hash".into()));
        }
        if entry.log_time < self.last_time {
            return Err(at("log_time_decreased", format!("log time {} is before {}", entry.log_time, self.last_time)));
        }
        let h = entry_hash(bytes);
        if entry_col != h {
            return Err(at("entry_hash_column", "the entry_hash column is not the entry's hash".into()));
        }
        let sh = statement_hash(&entry.statement);
        if statement_col != sh {
            return Err(at("statement_hash_column", "the statement_hash column is not its statement's hash".into()));
        }
        let mut head = [0u8; 16];
        head.copy_from_slice(&sh[..16]);
        if !self.seen.insert(u128::from_be_bytes(head)) {
            return Err(at("statement_repeated", "an earlier entry holds the same statement".into()));
        }
        self.leaf(seq, h, bytes).map_err(|detail| at("entry_too_long", detail))?;
        // A statement that does not decode is the statement check's to report.
        let decoded = Statement::decode(&entry.statement);
        if let Ok(st) = &decoded
            && let Some(idea) = withdrawn_idea(st)
        {
            self.sides.withdrawal(idea.0);
        }
        if let Some(replay) = &mut self.replay {
            let applied = decoded.map_err(|e| fail(Some(seq), "entry_unreadable", e.to_string())).and_then(|st| {
                replay
                    .apply(seq, entry.log_time, sh, &st)
                    .map_err(|r| fail(Some(seq), r.code, format!("the rules refuse it: {}", r.detail)))
            });
            match applied {
                Ok(writes) => self.writers.extend(writes.into_iter().map(|w| (w.key, seq))),
                Err(f) => {
                    self.policy = Some(f);
                    self.replay = None;
                }
            }
        }
        self.prev = h;
        self.last_time = entry.log_time;
        Ok(entry)
    }

    /// Adds entry `seq` (hash `h`) to the tree, and below the checkpoint's size to its tiles
    /// and its bundle.
    fn leaf(&mut self, seq: u64, h: Hash, bytes: &[u8]) -> Result<(), String> {
        let nodes = self.tree.append(h);
        if self.wanted.front() == Some(&self.tree.size()) {
            self.wanted.pop_front();
            self.roots.insert(self.tree.size(), self.tree.root());
        }
        if seq < self.integrated {
            self.nodes.extend_from_slice(&nodes);
        }
        if seq >= self.signed {
            return Ok(());
        }
        for (level, idx, node) in nodes {
            if u32::from(level) % TILE_HEIGHT != 0 {
                continue;
            }
            let tl = (u32::from(level) / TILE_HEIGHT) as usize;
            if self.hashes.len() <= tl {
                self.hashes.resize(tl + 1, Vec::new());
            }
            self.hashes[tl].extend_from_slice(&node);
            if self.hashes[tl].len() as u64 == TILE_WIDTH * 32 {
                let (tl, t) = (tl as u8, idx / TILE_WIDTH);
                let bytes = std::mem::take(&mut self.hashes[tl as usize]);
                self.done.push(Expected {
                    path: tile_path(tl, t, TILE_WIDTH),
                    bytes,
                    level: Some(tl),
                    first: t * TILE_WIDTH,
                    ends: Vec::new(),
                });
            }
        }
        let len =
            u16::try_from(bytes.len()).map_err(|_| format!("{} bytes, too long for an entry bundle", bytes.len()))?;
        self.bundle.extend_from_slice(&len.to_be_bytes());
        self.bundle.extend_from_slice(bytes);
        self.bundle_ends.push(self.bundle.len());
        if self.bundle_ends.len() as u64 == TILE_WIDTH {
            let b = self.take_bundle(seq / TILE_WIDTH);
            self.done.push(b);
        }
        Ok(())
    }

    fn take_bundle(&mut self, t: u64) -> Expected {
        let ends = std::mem::take(&mut self.bundle_ends);
        Expected {
            path: entry_bundle_path(t, ends.len() as u64),
            bytes: std::mem::take(&mut self.bundle),
            level: None,
            first: t * TILE_WIDTH,
            ends,
        }
    }

    /// The partial tiles and bundle at the checkpoint's size (what is left being filled).
    fn partial(&mut self) {
        let size = self.signed;
        for tl in 0..self.hashes.len() {
            let bytes = std::mem::take(&mut self.hashes[tl]);
            if bytes.is_empty() {
                continue;
            }
            let count = (size >> (tl as u32 * TILE_HEIGHT)) / TILE_WIDTH;
            let tl = tl as u8;
            let path = tile_path(tl, count, bytes.len() as u64 / 32);
            self.done.push(Expected { path, bytes, level: Some(tl), first: count * TILE_WIDTH, ends: Vec::new() });
        }
        if !self.bundle_ends.is_empty() {
            let b = self.take_bundle(size / TILE_WIDTH);
            self.done.push(b);
        }
    }
}

/// Reads and verifies the bucket's checkpoint under `log_key`.
async fn checkpoint(
    bucket: &Arc<dyn ObjectStore>,
    prefix: &str,
    log_key: &NoteVerifier,
) -> Result<Result<Checkpoint, Failure>, ScaleError> {
    let path = object_path(prefix, "checkpoint");
    let bytes = match bucket.get(&path).await {
        Ok(got) => got.bytes().await?,
        Err(object_store::Error::NotFound { .. }) => {
            return Ok(Err(fail(None, "checkpoint_missing", format!("the bucket has no checkpoint at {path}"))));
        }
        Err(e) => return Err(e.into()),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(Err(fail(None, "checkpoint_unreadable", "the bucket's checkpoint: not UTF-8")));
    };
    Ok(verify_note(text, log_key, "the bucket's checkpoint").map(|(_, cp)| cp))
}

/// What the walk counted so far.
#[derive(Default)]
struct Counts {
    tiles: u64,
    bundles: u64,
    nodes: u64,
    signed: SignedCount,
}

/// Audits the log in PostgreSQL (`client`) and the bucket (`prefix` in `bucket`) under
/// `log_key`; and, given the genesis `operator` key, its domain rows. `Err` is for a store
/// that cannot be read (or a database without the log's tables).
pub async fn audit(
    client: &Client,
    bucket: &Arc<dyn ObjectStore>,
    prefix: &str,
    log_key: &NoteVerifier,
    operator: Option<[u8; 32]>,
) -> Result<Audited, ScaleError> {
    let failed = |f| Ok(Audited { log: Err(f), policy: None });
    let cp = match checkpoint(bucket, prefix, log_key).await? {
        Ok(cp) => cp,
        Err(f) => return failed(f),
    };
    let head = client.query_opt("SELECT size, rows_applied, integrated FROM heard_head WHERE id = 0", &[]).await?;
    let Some(head) = head else {
        return failed(fail(None, "entry_missing", "PostgreSQL's head row is missing: it holds no log"));
    };
    let (size, rows_applied) = (to_u64(head.get(0), "the log's size")?, to_u64(head.get(1), "rows applied")?);
    let integrated = to_u64(head.get(2), "the integrated size")?;
    if size < cp.size {
        let detail = format!("the bucket's checkpoint covers {} entries, PostgreSQL's head row {size}", cp.size);
        return failed(fail(Some(size), "entry_missing", detail));
    }
    let mut w = Walk {
        signed: cp.size,
        integrated,
        prev: genesis(),
        last_time: 0,
        seen: HashSet::new(),
        tree: Frontier::new(),
        nodes: Vec::new(),
        wanted: VecDeque::new(),
        roots: BTreeMap::from([(0, empty_root())]),
        hashes: Vec::new(),
        bundle: Vec::new(),
        bundle_ends: Vec::new(),
        done: Vec::new(),
        sides: Sides::default(),
        replay: operator.map(Replay::new),
        writers: BTreeMap::new(),
        policy: None,
    };
    let mut n = Counts::default();
    let mut signed_root = empty_root();
    let mut from = 0;
    while from < size {
        let to = size.min(from + CHUNK);
        let signed = Signed::read(client, from, to).await?;
        let mut wanted: Vec<u64> = signed.sizes().chain((from < cp.size && cp.size <= to).then_some(cp.size)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        w.wanted = wanted.into();
        let rows = client
            .query(
                "SELECT seq, statement_hash, entry_hash, entry FROM heard_entries WHERE seq >= $1 AND seq < $2 \
                 ORDER BY seq",
                &[&to_i64(from, "a seq")?, &to_i64(to, "a seq")?],
            )
            .await?;
        let (mut entries, mut bad) = (Vec::with_capacity(rows.len()), None);
        for (i, row) in rows.iter().enumerate() {
            let seq = from + i as u64;
            if to_u64(row.get(0), "a seq")? != seq {
                bad = Some(fail(Some(seq), "entry_missing", "PostgreSQL holds no entry with this seq"));
                break;
            }
            match w.entry(seq, row.get(1), row.get(2), row.get(3)) {
                Ok(e) => entries.push(e),
                Err(f) => {
                    bad = Some(f);
                    break;
                }
            }
        }
        drop(rows);
        if bad.is_none() && (entries.len() as u64) < to - from {
            let seq = from + entries.len() as u64;
            bad = Some(fail(Some(seq), "entry_missing", "PostgreSQL holds no entry with this seq"));
        }
        let statements = first_bad_statement(from, &entries).map(|f| fail(f.seq, "bad_statement", f.reason));
        // The tiles being filled hold the partial ones once the walk passed the checkpoint's
        // size, unless an entry before it failed.
        if bad.is_none() && from < cp.size && cp.size <= to {
            w.partial();
        }
        let (objects, t, b) = compare_objects(bucket, prefix, std::mem::take(&mut w.done)).await?;
        (n.tiles, n.bundles) = (n.tiles + t, n.bundles + b);
        // The entries walked (all of the chunk's unless one failed) and what depends on them.
        let reached = w.tree.size();
        let (nodes, count) = compare_nodes(client, from, reached.min(integrated), &mut w.nodes).await?;
        w.nodes.clear();
        n.nodes += count;
        let (sig, count) = signed.check(&w.roots, log_key);
        if let Some(r) = w.roots.get(&cp.size) {
            signed_root = *r;
        }
        w.roots.clear();
        (n.signed.checkpoints, n.signed.cosignatures) =
            (n.signed.checkpoints + count.checkpoints, n.signed.cosignatures + count.cosignatures);
        let sides = w.sides.check(client, from, &entries).await?;
        let found = [bad, objects, nodes, sides, sig].into_iter().fold(statements, earliest);
        if let Some(f) = found {
            return failed(f);
        }
        from = to;
    }
    let after = [stray_node(client, integrated).await?, stray_signed(client, size).await?, w.sides.unwithdrawn()];
    if let Some(f) = after.into_iter().fold(None, earliest) {
        return failed(f);
    }
    if signed_root != cp.root {
        let detail = format!("the Merkle root of the first {} entries is not the bucket's checkpoint's", cp.size);
        return failed(fail(None, "root_mismatch", detail));
    }
    let log = Ok(LogReport {
        entries: cp.size,
        root: signed_root,
        unsigned: size - cp.size,
        tiles: n.tiles,
        bundles: n.bundles,
        nodes: n.nodes,
        checkpoints: n.signed.checkpoints,
        cosignatures: n.signed.cosignatures,
        values: w.sides.values,
        erased: w.sides.erased,
    });
    let policy = match (w.replay.take(), w.policy.take()) {
        (_, Some(f)) => Some(Err(f)),
        (None, None) => None,
        (Some(replay), None) => Some(compare_rows(client, replay.rows(), &w.writers, rows_applied, size).await?),
    };
    Ok(Audited { log, policy })
}

/// Compares `heard_rows` with the `replayed` rows, key by key in order, a chunk of rows a
/// query; returns how many there are.
async fn compare_rows(
    client: &Client,
    replayed: &BTreeMap<Vec<u8>, Vec<u8>>,
    writers: &BTreeMap<Vec<u8>, u64>,
    rows_applied: u64,
    size: u64,
) -> Result<Result<u64, Failure>, ScaleError> {
    if rows_applied != size {
        let detail = format!("the head row says the rows of {rows_applied} entries are applied, of {size}");
        return Ok(Err(fail(None, "rows_applied_mismatch", detail)));
    }
    let differs = |key: &[u8], why: &str| {
        let detail = format!("heard_rows' row {} {why}", hex::encode(key));
        Err(fail(writers.get(key).copied(), "rows_mismatch", detail))
    };
    let mut mine = replayed.iter();
    let mut after: Option<Vec<u8>> = None;
    loop {
        let rows = match &after {
            None => client.query("SELECT key, value FROM heard_rows ORDER BY key LIMIT $1", &[&ROWS_CHUNK]).await?,
            Some(k) => {
                let q = "SELECT key, value FROM heard_rows WHERE key > $1 ORDER BY key LIMIT $2";
                client.query(q, &[k, &ROWS_CHUNK]).await?
            }
        };
        for row in &rows {
            let (key, value): (Vec<u8>, Vec<u8>) = (row.get(0), row.get(1));
            match mine.next() {
                Some((k, v)) if *k == key && *v == value => {}
                Some((k, _)) if *k == key => return Ok(differs(&key, "holds another value than the rules give")),
                Some((k, _)) if *k < key => return Ok(differs(k, "is missing")),
                _ => return Ok(differs(&key, "is not one the rules give")),
            }
        }
        if (rows.len() as i64) < ROWS_CHUNK {
            break;
        }
        after = rows.last().map(|r| r.get(0));
    }
    match mine.next() {
        Some((k, _)) => Ok(differs(k, "is missing")),
        None => Ok(Ok(replayed.len() as u64)),
    }
}

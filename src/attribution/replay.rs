//! The rules replayed over state of their own ([`Replay`] in memory; the policy audit,
//! [`audit_policy`], over a temporary on-disk keyspace), which also checks the stored domain
//! rows against the replay's.

use std::collections::BTreeMap;

use super::AttributionError;
use super::kinds::Id;
use super::policy::{Base, Tx, apply};
use super::rows::as_current;
use crate::log::store::{ScratchRows, Store, StoreError};
use crate::log::{IndexWrite, Refusal};
use crate::protocol::entry::Entry;
use crate::protocol::statement::Statement;

/// The first entry the policy audit found breaking a rule, or why it could not check.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", match .seq { Some(s) => format!("seq {s}: {} ({})", .detail, .code), None => format!("{} ({})", .detail, .code) })]
pub struct PolicyAuditFailure {
    /// The first bad entry, if the failure is about one entry.
    pub seq: Option<u64>,
    /// The rule broken (a [`RULES`](super::policy::RULES) code), or `storage` / `index_mismatch` / `unreadable_entry`.
    pub code: &'static str,
    /// In words.
    pub detail: String,
}

/// What a passing policy audit saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyAuditReport {
    /// Entries replayed.
    pub entries: u64,
    /// Domain rows rebuilt (and found equal to the stored ones).
    pub rows: u64,
}

/// The rules applied to statements in seq order over purely in-memory state: the audit's
/// replay, and a way to see the domain rows each statement writes.
pub struct Replay {
    operator: Id,
    state: BTreeMap<Vec<u8>, Vec<u8>>,
}

impl Replay {
    /// An empty state under the genesis operator key `operator`.
    pub fn new(operator: [u8; 32]) -> Replay {
        Replay { operator: Id(operator), state: BTreeMap::new() }
    }

    /// Decides `st` as entry `seq` (its statement hash `hash`, at `log_time`); when admitted,
    /// applies its writes to the state and returns them.
    pub fn apply(
        &mut self,
        seq: u64,
        log_time: u64,
        hash: [u8; 32],
        st: &Statement,
    ) -> Result<Vec<IndexWrite>, Refusal> {
        let mut tx = Tx { base: &self.state, writes: BTreeMap::new() };
        apply(&mut tx, &self.operator, seq, log_time, hash, st)?;
        let mut out = Vec::with_capacity(tx.writes.len());
        for (k, v) in tx.writes {
            match &v {
                Some(v) => self.state.insert(k.clone(), v.clone()),
                None => self.state.remove(&k),
            };
            out.push(IndexWrite { key: k, value: v });
        }
        Ok(out)
    }

    /// Every domain row the statements applied so far imply, by key.
    pub fn rows(&self) -> &BTreeMap<Vec<u8>, Vec<u8>> {
        &self.state
    }
}

/// Bytes of rows the audit's replay holds in memory before it writes them to its temporary
/// keyspace in one batch.
const PENDING_BYTES: usize = 4 << 20;

/// The audit replay's state: the rows in a temporary fjall keyspace ([`ScratchRows`], the
/// followers' own code), and the writes of the latest entries in memory until they come to
/// [`PENDING_BYTES`]; so the audit's memory does not grow with the log.
struct OnDisk {
    rows: ScratchRows,
    /// Pending bytes at which they are written out.
    limit: usize,
    /// Writes not yet in `rows`: key → value, or `None` for a removal.
    pending: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    pending_bytes: usize,
}

impl OnDisk {
    fn new(limit: usize) -> Result<OnDisk, StoreError> {
        Ok(OnDisk { rows: ScratchRows::new()?, limit, pending: BTreeMap::new(), pending_bytes: 0 })
    }

    /// Takes one admitted statement's writes; writes out what is pending once it is large.
    fn absorb(&mut self, writes: BTreeMap<Vec<u8>, Option<Vec<u8>>>) -> Result<(), StoreError> {
        for (k, v) in writes {
            self.pending_bytes += k.len() + v.as_ref().map_or(0, Vec::len);
            self.pending.insert(k, v);
        }
        if self.pending_bytes >= self.limit {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes every pending write to the keyspace.
    fn flush(&mut self) -> Result<(), StoreError> {
        let rows: Vec<_> = std::mem::take(&mut self.pending).into_iter().collect();
        self.pending_bytes = 0;
        self.rows.write(&rows)
    }
}

impl Base for OnDisk {
    fn read(&self, k: &[u8]) -> Result<Option<Vec<u8>>, AttributionError> {
        match self.pending.get(k) {
            Some(v) => Ok(v.clone()),
            None => Ok(self.rows.get(k)?),
        }
    }
    fn any_under(&self, prefix: &[u8]) -> Result<bool, AttributionError> {
        let mut pending = self.pending.range(prefix.to_vec()..).take_while(|(k, _)| k.starts_with(prefix));
        if pending.any(|(_, v)| v.is_some()) {
            return Ok(true);
        }
        for row in self.rows.scan(prefix) {
            let (k, _) = row?;
            if !matches!(self.pending.get(&k), Some(None)) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Replays every entry from seq 0 through the rules, failing at the first seq that breaks
/// one; then checks that the rebuilt domain rows equal the stored ones (so the indexes
/// queries read are exactly what the log implies). A record an older build stored whole is
/// compared as the record and rows it stands for (`rows::as_current`). The replay's rows are
/// kept in a temporary keyspace on disk (deleted afterwards), so memory stays bounded
/// whatever the log's size.
pub fn audit_policy(store: &Store, operator: [u8; 32]) -> Result<PolicyAuditReport, PolicyAuditFailure> {
    audit_pending(store, operator, PENDING_BYTES)
}

/// [`audit_policy`], writing the replay's rows out once `limit` bytes of them are pending.
fn audit_pending(store: &Store, operator: [u8; 32], limit: usize) -> Result<PolicyAuditReport, PolicyAuditFailure> {
    let fail = |seq, code, detail: String| PolicyAuditFailure { seq, code, detail };
    let storage = |e: StoreError| fail(None, "storage", e.to_string());
    let operator = Id(operator);
    let mut state = OnDisk::new(limit).map_err(storage)?;
    let mut entries = 0u64;
    // The stored rows are compared once the replay reaches the entries they cover (after a
    // crash they may be behind the journal until the log next opens); the entries after
    // that are still replayed, so each must pass the rules.
    let applied = store.domain_applied();
    let mut rows = None;
    for row in store.entries(0) {
        let (seq, bytes) = row.map_err(storage)?;
        if seq == applied {
            state.flush().map_err(storage)?;
            rows = Some(compare(store, &state.rows)?);
        }
        let entry = Entry::decode(&bytes).map_err(|e| fail(Some(seq), "unreadable_entry", e.to_string()))?;
        let st = Statement::decode(&entry.statement).map_err(|e| fail(Some(seq), "unreadable_entry", e.to_string()))?;
        let hash = crate::protocol::statement::statement_hash(&entry.statement);
        let mut tx = Tx { base: &state, writes: BTreeMap::new() };
        apply(&mut tx, &operator, seq, entry.log_time, hash, &st).map_err(|r| fail(Some(seq), r.code, r.detail))?;
        let writes = tx.writes;
        state.absorb(writes).map_err(storage)?;
        entries += 1;
    }
    let rows = match rows {
        Some(n) => n,
        None => {
            state.flush().map_err(storage)?;
            compare(store, &state.rows)?
        }
    };
    Ok(PolicyAuditReport { entries, rows })
}

/// Compares the stored domain rows, as `as_current` reads them, with `state`, the rows the
/// replay implies; returns how many there are. Both are walked in key order, side by side:
/// the rows an older build's whole records stand for (out of key order) are first put in a
/// temporary keyspace of their own, each with the key of the record it came from, and merged
/// in. As a map of the stored rows built in key order would, a key given twice keeps the
/// value from the later source key.
fn compare(store: &Store, state: &ScratchRows) -> Result<u64, PolicyAuditFailure> {
    let fail = |seq, code, detail: String| PolicyAuditFailure { seq, code, detail };
    let storage = |e: StoreError| fail(None, "storage", e.to_string());
    // The records an older build stored whole (only `I`, `R` and `Q` records can be).
    let split = ScratchRows::new().map_err(storage)?;
    for prefix in [b"I", b"R", b"Q"] {
        for row in store.domain_scan(prefix) {
            let (k, v) = row.map_err(storage)?;
            let out = as_current(&k, v);
            if out.len() > 1 {
                let tagged: Vec<_> = out.into_iter().map(|(rk, rv)| (rk, Some(with_source(&k, &rv)))).collect();
                split.write(&tagged).map_err(storage)?;
            }
        }
    }
    let mut whole = store.domain_scan(b"").filter_map(|row| match row {
        Ok((k, v)) => {
            let mut out = as_current(&k, v);
            (out.len() == 1).then(|| out.pop().map(Ok)).flatten()
        }
        Err(e) => Some(Err(e)),
    });
    let mut parts = split.scan(b"");
    let mut a = whole.next().transpose().map_err(storage)?;
    let mut b = parts.next().transpose().map_err(storage)?;
    let mut replayed = state.scan(b"");
    let (mut n_stored, mut n_state) = (0u64, 0u64);
    let mut first: Option<Option<char>> = None;
    loop {
        // The next stored row in key order.
        let next = match (a.take(), b.take()) {
            (None, None) => None,
            (Some(x), None) => {
                a = whole.next().transpose().map_err(storage)?;
                Some(x)
            }
            (None, Some(y)) => {
                b = parts.next().transpose().map_err(storage)?;
                Some(without_source(y).map_err(|e| fail(None, "storage", e))?.1)
            }
            (Some(x), Some(y)) => match x.0.cmp(&y.0) {
                std::cmp::Ordering::Less => {
                    b = Some(y);
                    a = whole.next().transpose().map_err(storage)?;
                    Some(x)
                }
                std::cmp::Ordering::Greater => {
                    a = Some(x);
                    b = parts.next().transpose().map_err(storage)?;
                    Some(without_source(y).map_err(|e| fail(None, "storage", e))?.1)
                }
                std::cmp::Ordering::Equal => {
                    a = whole.next().transpose().map_err(storage)?;
                    b = parts.next().transpose().map_err(storage)?;
                    let (source, part) = without_source(y).map_err(|e| fail(None, "storage", e))?;
                    Some(if source > x.0 { part } else { x })
                }
            },
        };
        let mine = replayed.next().transpose().map_err(storage)?;
        if next.is_none() && mine.is_none() {
            break;
        }
        n_stored += u64::from(next.is_some());
        n_state += u64::from(mine.is_some());
        if first.is_none()
            && let (Some(s), Some(m)) = (&next, &mine)
            && s != m
        {
            first = Some(Some(m.0.first().copied().unwrap_or(b'?') as char));
        }
        if first.is_none() && next.is_some() != mine.is_some() {
            // One side ended: the sides differ, with no differing pair to name.
            first = Some(None);
        }
    }
    if let Some(first) = first {
        return Err(fail(
            None,
            "index_mismatch",
            format!(
                "the stored domain indexes ({n_stored} rows) differ from those the log implies ({n_state} rows){}",
                first.map(|c| format!(", first at a '{c}' row")).unwrap_or_default()
            ),
        ));
    }
    Ok(n_state)
}

/// A row of an older build's whole record, with the key of that record in front.
fn with_source(source: &[u8], v: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + source.len() + v.len());
    out.extend_from_slice(&(source.len() as u16).to_be_bytes());
    out.extend_from_slice(source);
    out.extend_from_slice(v);
    out
}

/// A row: key and value.
type RowPair = (Vec<u8>, Vec<u8>);

/// The source key and the row written by [`with_source`].
fn without_source((k, v): RowPair) -> Result<(Vec<u8>, RowPair), String> {
    let bad = || "a temporary row of the audit is damaged".to_string();
    let n = v.get(..2).map(|b| u16::from_be_bytes([b[0], b[1]]) as usize).ok_or_else(bad)?;
    let source = v.get(2..2 + n).ok_or_else(bad)?.to_vec();
    let value = v.get(2 + n..).ok_or_else(bad)?.to_vec();
    Ok((source, (k, value)))
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;

    use super::*;
    use crate::attribution::build::{enrol, key_id};
    use crate::attribution::kinds::Role;
    use crate::ledger::Ledger;
    use crate::log::{Log, LogConfig};
    use crate::protocol::note::NoteSigner;

    const ORIGIN: &str = "replay.example/log";

    fn signer() -> NoteSigner {
        NoteSigner::new(ORIGIN, [42; 32]).unwrap()
    }

    fn op() -> SigningKey {
        SigningKey::from_bytes(&[200; 32])
    }

    fn enrolment(i: u8) -> crate::attribution::build::Signed {
        enrol(&op(), 1_000 + u64::from(i), key_id(&SigningKey::from_bytes(&[i; 32])), Role::Witness, "w", false)
            .unwrap()
    }

    /// The replay reads back from its temporary keyspace what earlier entries wrote: an
    /// enrolment of a key enrolled before (`key_in_use`) is refused at its own seq whether the
    /// earlier write is still pending in memory or already on disk (a limit of 0 writes each
    /// entry's rows out at once).
    #[test]
    fn the_audit_refuses_a_rule_broken_against_rows_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        // A log without the policy, so that it takes the second enrolment of key 3.
        let log = Log::open(dir.path(), signer(), LogConfig::new(ORIGIN)).unwrap();
        for i in 1..=20 {
            let s = enrolment(i);
            log.append(&s.statement, &s.signature).unwrap();
        }
        let again =
            enrol(&op(), 5_000, key_id(&SigningKey::from_bytes(&[3; 32])), Role::Witness, "again", false).unwrap();
        log.append(&again.statement, &again.signature).unwrap();
        for limit in [0, PENDING_BYTES] {
            let f = audit_pending(log.store(), op().verifying_key().to_bytes(), limit).unwrap_err();
            assert_eq!((f.seq, f.code), (Some(20), "key_in_use"), "limit {limit}: {f}");
        }
        log.close().unwrap();
    }

    /// A log the policy wrote audits with every limit, with as many rows as the replay in
    /// memory makes.
    #[test]
    fn the_audit_on_disk_finds_the_rows_the_replay_in_memory_finds() {
        let dir = tempfile::tempdir().unwrap();
        let operator = op().verifying_key().to_bytes();
        let ledger = Ledger::open(dir.path(), signer(), LogConfig::new(ORIGIN), operator).unwrap();
        let mut memory = Replay::new(operator);
        for i in 1..=30 {
            let s = enrolment(i);
            let a = ledger.submit(&s.statement, &s.signature, None).unwrap();
            let st = Statement::decode(&s.statement).unwrap();
            memory.apply(a.seq, Entry::decode(&a.entry).unwrap().log_time, s.id.0, &st).unwrap();
        }
        for limit in [0, 100, PENDING_BYTES] {
            let r = audit_pending(ledger.store().unwrap(), operator, limit).unwrap();
            assert_eq!((r.entries, r.rows), (30, memory.rows().len() as u64), "limit {limit}");
        }
        ledger.close().unwrap();
    }
}

//! The rules replayed over purely in-memory state ([`Replay`]): the policy audit
//! ([`audit_policy`]), which also checks the stored domain rows against the replay's.

use std::collections::BTreeMap;

use super::kinds::Id;
use super::policy::{Tx, apply};
use super::rows::as_current;
use crate::log::store::Store;
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

/// Replays every entry from seq 0 through the rules with purely in-memory state, failing at
/// the first seq that breaks one; then checks that the rebuilt domain rows equal the stored
/// ones (so the indexes queries read are exactly what the log implies). A record an older
/// build stored whole is compared as the record and rows it stands for (`rows::as_current`).
pub fn audit_policy(store: &Store, operator: [u8; 32]) -> Result<PolicyAuditReport, PolicyAuditFailure> {
    let fail = |seq, code, detail: String| PolicyAuditFailure { seq, code, detail };
    let mut replay = Replay::new(operator);
    let mut entries = 0u64;
    // The stored rows are compared once the replay reaches the entries they cover (after a
    // crash they may be behind the journal until the log next opens); the entries after
    // that are still replayed, so each must pass the rules.
    let applied = store.domain_applied();
    let mut rows = None;
    for row in store.entries(0) {
        let (seq, bytes) = row.map_err(|e| fail(None, "storage", e.to_string()))?;
        if seq == applied {
            rows = Some(compare(store, &replay.state)?);
        }
        let entry = Entry::decode(&bytes).map_err(|e| fail(Some(seq), "unreadable_entry", e.to_string()))?;
        let st = Statement::decode(&entry.statement).map_err(|e| fail(Some(seq), "unreadable_entry", e.to_string()))?;
        let hash = crate::protocol::statement::statement_hash(&entry.statement);
        replay.apply(seq, entry.log_time, hash, &st).map_err(|r| fail(Some(seq), r.code, r.detail))?;
        entries += 1;
    }
    let rows = match rows {
        Some(n) => n,
        None => compare(store, &replay.state)?,
    };
    Ok(PolicyAuditReport { entries, rows })
}

/// Compares the stored domain rows with `state`, the rows the replay implies; returns how
/// many there are.
fn compare(store: &Store, state: &BTreeMap<Vec<u8>, Vec<u8>>) -> Result<u64, PolicyAuditFailure> {
    let fail = |seq, code, detail: String| PolicyAuditFailure { seq, code, detail };
    let mut stored = BTreeMap::new();
    for row in store.domain_scan(b"") {
        let (k, v) = row.map_err(|e| fail(None, "storage", e.to_string()))?;
        stored.extend(as_current(&k, v));
    }
    if stored != *state {
        let first = state
            .iter()
            .zip(stored.iter())
            .find(|(a, b)| a != b)
            .map(|(a, _)| a.0.first().copied().unwrap_or(b'?') as char);
        return Err(fail(
            None,
            "index_mismatch",
            format!(
                "the stored domain indexes ({} rows) differ from those the log implies ({} rows){}",
                stored.len(),
                state.len(),
                first.map(|c| format!(", first at a '{c}' row")).unwrap_or_default()
            ),
        ));
    }
    Ok(state.len() as u64)
}

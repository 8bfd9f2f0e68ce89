//! The rules over rows a store answers only by round trips (PostgreSQL), [`BatchPolicy`]: a batch of
//! statements is decided against the rows fetched so far; every row a decision wanted and
//! did not have is named, fetched in one round trip, and the batch decided again, until no
//! decision wants a row it does not have. Only that last run counts.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::{Base, Tx, apply, gate::refuse_public_amount};
use crate::attribution::AttributionError;
use crate::attribution::kinds::Id;
use crate::log::IndexWrite;
use crate::log::batch_gate::{BatchGate, Decided, Fetched, Pending, Wanted};

/// The domain's rules as a [`BatchGate`], for the genesis operator key it holds.
pub struct BatchPolicy {
    operator: [u8; 32],
}

impl BatchPolicy {
    /// The rules under the genesis operator key `operator`.
    pub fn new(operator: [u8; 32]) -> BatchPolicy {
        BatchPolicy { operator }
    }
}

impl BatchGate for BatchPolicy {
    fn decide(&self, fetched: &Fetched, first_seq: u64, batch: &[Pending<'_>]) -> Result<Decided, Wanted> {
        decide(self.operator, fetched, first_seq, batch, true)
    }
    fn redecide(&self, fetched: &Fetched, first_seq: u64, batch: &[Pending<'_>]) -> Result<Decided, Wanted> {
        decide(self.operator, fetched, first_seq, batch, false)
    }
}

/// [`Fetched`] seen through the writes of the batch's earlier statements; a row it lacks is
/// recorded in `wanted` and read as absent (the run is then thrown away).
struct Known<'a> {
    fetched: &'a Fetched,
    earlier: &'a BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    wanted: &'a RefCell<Wanted>,
}

impl Base for Known<'_> {
    fn read(&self, k: &[u8]) -> Result<Option<Vec<u8>>, AttributionError> {
        if let Some(v) = self.earlier.get(k) {
            return Ok(v.clone());
        }
        match self.fetched.rows.get(k) {
            Some(v) => Ok(v.clone()),
            None => {
                self.wanted.borrow_mut().keys.insert(k.to_vec());
                Ok(None)
            }
        }
    }
    fn any_under(&self, prefix: &[u8]) -> Result<bool, AttributionError> {
        let mut under = self.earlier.range(prefix.to_vec()..).take_while(|(k, _)| k.starts_with(prefix));
        if under.any(|(_, v)| v.is_some()) {
            return Ok(true);
        }
        match self.fetched.prefixes.get(prefix) {
            Some(any) => Ok(*any),
            None => {
                self.wanted.borrow_mut().prefixes.insert(prefix.to_vec());
                Ok(false)
            }
        }
    }
}

/// [`BatchGate::decide`] for the rules under `operator`; `new` statements also meet the
/// checks only new appends meet (an acknowledgement's amount in the open), entries already in
/// a log do not ([`BatchGate::redecide`]).
fn decide(
    operator: [u8; 32],
    fetched: &Fetched,
    first_seq: u64,
    batch: &[Pending<'_>],
    new: bool,
) -> Result<Decided, Wanted> {
    let wanted = RefCell::new(Wanted::default());
    let mut earlier = BTreeMap::new();
    let mut seq = first_seq;
    let mut out = Vec::with_capacity(batch.len());
    for p in batch {
        let known = Known { fetched, earlier: &earlier, wanted: &wanted };
        let mut tx = Tx { base: &known, writes: BTreeMap::new() };
        let decided = (if new { refuse_public_amount(&p.statement.statement) } else { Ok(()) })
            .and_then(|()| apply(&mut tx, &Id(operator), seq, p.log_time, p.statement.hash, &p.statement.statement));
        let writes = tx.writes;
        out.push(decided.map(|()| {
            let rows = writes.iter().map(|(k, v)| IndexWrite { key: k.clone(), value: v.clone() }).collect();
            earlier.extend(writes);
            seq += 1;
            (seq - 1, rows)
        }));
    }
    let wanted = wanted.into_inner();
    if wanted.is_empty() { Ok(out) } else { Err(wanted) }
}

#[cfg(test)]
mod tests;

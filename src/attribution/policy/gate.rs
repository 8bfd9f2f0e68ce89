//! The domain's [`Gate`] in the log's sequencer: [`PolicyGate`], the rules over the store
//! seen through the writes not yet committed, with a cache of committed rows it read.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use super::{Base, Tx, apply, refuse};
use crate::attribution::AttributionError;
use crate::attribution::kinds::*;
use crate::log::store::Store;
use crate::log::{Gate, IndexWrite, Refusal};
use crate::protocol::statement::{Statement, VerifiedStatement};

/// The store seen through the writes of the entries not yet committed.
struct Overlay<'a> {
    base: &'a dyn Base,
    pending: &'a HashMap<Vec<u8>, (u64, Option<Vec<u8>>)>,
}

impl Base for Overlay<'_> {
    fn read(&self, k: &[u8]) -> Result<Option<Vec<u8>>, AttributionError> {
        match self.pending.get(k) {
            Some((_, v)) => Ok(v.clone()),
            None => self.base.read(k),
        }
    }
    fn any_under(&self, prefix: &[u8]) -> Result<bool, AttributionError> {
        if self.pending.iter().any(|(k, (_, v))| v.is_some() && k.starts_with(prefix)) {
            return Ok(true);
        }
        self.base.any_under(prefix)
    }
}

/// Committed rows the gate read, so that the rows most statements read (the operator's key
/// row, `Z`, an active author's key) cost no store read. The gate is the only writer of
/// domain rows, so a row kept here is what the store holds until the gate writes that key
/// again; [`PolicyGate::commit`] puts the new value here when that write is committed.
/// Rows not found are not kept (the store's key filter answers those without a read).
struct Cached<'a> {
    base: &'a dyn Base,
    rows: &'a RefCell<HashMap<Vec<u8>, Vec<u8>>>,
}

/// Rows [`Cached`] keeps before it starts again empty.
const CACHED_ROWS: usize = 4096;

impl Base for Cached<'_> {
    fn read(&self, k: &[u8]) -> Result<Option<Vec<u8>>, AttributionError> {
        if let Some(v) = self.rows.borrow().get(k) {
            return Ok(Some(v.clone()));
        }
        let Some(v) = self.base.read(k)? else {
            return Ok(None);
        };
        let mut rows = self.rows.borrow_mut();
        if rows.len() >= CACHED_ROWS {
            rows.clear();
        }
        rows.insert(k.to_vec(), v.clone());
        Ok(Some(v))
    }
    fn any_under(&self, prefix: &[u8]) -> Result<bool, AttributionError> {
        self.base.any_under(prefix)
    }
}

/// Refuses a new `acknowledge` that carries its amount in the open (the older form, §21).
/// Only the gate asks this, not [`apply`]: entries already in a log keep auditing.
pub(super) fn refuse_public_amount(st: &Statement) -> Result<(), Refusal> {
    if st.kind != crate::protocol::statement::Kind::Acknowledge {
        return Ok(());
    }
    match Body::decode(st.kind, &st.body) {
        Ok(Body::Acknowledge(b)) if b.amount.is_some() => Err(refuse(
            "public_amount",
            "an acknowledgement no longer carries its amount in the open: send the amount beside the statement with its salted digest in `payment`",
        )),
        _ => Ok(()),
    }
}

/// The domain's [`Gate`]: applies the rules in the log's sequencer, in seq order.
///
/// Keeps the writes of admitted entries that are not yet durable in memory (the writer
/// sequences the next batch while the last one is still being written), so that a statement
/// sees what every earlier one did; each write is dropped once the entry that made it is
/// committed (the store now has it), or on abort (it never happened).
pub struct PolicyGate {
    store: Arc<OnceLock<Store>>,
    operator: Id,
    /// Key → (seq of the last entry that wrote it, value or removal).
    pending: HashMap<Vec<u8>, (u64, Option<Vec<u8>>)>,
    /// Committed rows read lately (see [`Cached`]).
    cached: RefCell<HashMap<Vec<u8>, Vec<u8>>>,
}

impl PolicyGate {
    /// A gate for the operator key `operator`; `store` is filled in once the log is open
    /// (the log owns the store). Until then every statement is refused with `storage`.
    pub fn new(operator: [u8; 32], store: Arc<OnceLock<Store>>) -> PolicyGate {
        PolicyGate { store, operator: Id(operator), pending: HashMap::new(), cached: RefCell::default() }
    }
}

impl Gate for PolicyGate {
    fn attach(&mut self, store: &Store) {
        let _ = self.store.set(store.clone());
    }

    fn admit(&mut self, seq: u64, log_time: u64, statement: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
        refuse_public_amount(&statement.statement)?;
        self.readmit(seq, log_time, statement)
    }

    fn readmit(&mut self, seq: u64, log_time: u64, statement: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
        let store = self.store.get().ok_or_else(|| refuse("storage", "the domain store is not attached yet"))?;
        let cached = Cached { base: store, rows: &self.cached };
        let overlay = Overlay { base: &cached, pending: &self.pending };
        let mut tx = Tx { base: &overlay, writes: BTreeMap::new() };
        apply(&mut tx, &self.operator, seq, log_time, statement.hash, &statement.statement)?;
        let writes = tx.writes;
        let out = writes.iter().map(|(k, v)| IndexWrite { key: k.clone(), value: v.clone() }).collect();
        self.pending.extend(writes.into_iter().map(|(k, v)| (k, (seq, v))));
        Ok(out)
    }

    fn commit(&mut self, durable: u64) {
        let cached = self.cached.get_mut();
        self.pending.retain(|k, (seq, v)| {
            if *seq >= durable {
                return true;
            }
            // Committed: a row kept in the cache takes its new value (or leaves).
            match v.take() {
                Some(v) => {
                    if let Some(c) = cached.get_mut(k) {
                        *c = v;
                    }
                }
                None => {
                    cached.remove(k);
                }
            }
            false
        });
    }

    fn abort(&mut self) {
        self.pending.clear();
        self.cached.get_mut().clear();
    }
}

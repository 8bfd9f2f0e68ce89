//! The domain's say in what is appended: [`Gate`], its refusals and index writes.

use super::*;

/// A domain refusal: the rule a statement broke.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct Refusal {
    /// Stable machine-readable code naming the rule (e.g. `not_enrolled`).
    pub code: &'static str,
    /// A human sentence.
    pub detail: String,
}

/// A write to the domain's indexes, made in the same atomic batch as the entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexWrite {
    /// Key within the domain's key space.
    pub key: Vec<u8>,
    /// New value, or `None` to remove the row.
    pub value: Option<Vec<u8>>,
}

/// The domain's say in what is appended. Called only by the sequencer, under its lock (on
/// each submitter's thread in turn), in seq order.
pub trait Gate: Send + 'static {
    /// Decides whether `statement` may become entry `seq` (at `log_time`), given every
    /// entry before it, including earlier ones of the same uncommitted batch. On success,
    /// returns the index writes that go into the same atomic batch.
    fn admit(&mut self, seq: u64, log_time: u64, statement: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal>;
    /// Every entry below seq `durable` is committed: the store now holds what `admit`
    /// returned for it, so the gate may forget it. Entries from `durable` on may still be in
    /// flight (admitted, not yet durable) and must keep being seen.
    fn commit(&mut self, durable: u64);
    /// Nothing admitted since the last commit will be written: forget it.
    fn abort(&mut self);
    /// Applies again entry `seq`, which the log already holds, while the log opens and
    /// catches the domain's rows up with the journal. The rules are those the entry was
    /// appended under: a gate that refuses some new statements that older entries may hold
    /// leaves that check out here. Otherwise the same as [`Gate::admit`].
    fn readmit(&mut self, seq: u64, log_time: u64, statement: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
        self.admit(seq, log_time, statement)
    }
    /// Called once as the log opens, before any `admit`, with the store whose rows the gate
    /// reads (open may replay entries through the gate before it returns).
    fn attach(&mut self, _store: &Store) {}
}

/// A gate that admits every well-formed, correctly signed statement.
pub(super) struct OpenGate;

impl Gate for OpenGate {
    fn admit(&mut self, _: u64, _: u64, _: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
        Ok(Vec::new())
    }
    fn commit(&mut self, _: u64) {}
    fn abort(&mut self) {}
}

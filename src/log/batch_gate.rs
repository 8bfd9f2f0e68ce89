//! The domain's say in what is appended to a log whose rows are reached by round trips
//! (PostgreSQL, `scale`): [`BatchGate`] decides a whole batch against the rows fetched so
//! far and names every row it lacked ([`Wanted`]); the caller fetches them in one round trip
//! and asks again, until a run names none. Only that run counts. Like [`Gate`](super::Gate),
//! it knows the rules; the log and `scale` know only these types.

use std::collections::{BTreeSet, HashMap};

use super::{IndexWrite, Refusal};
use crate::protocol::statement::VerifiedStatement;

/// Committed rows fetched so far: a key maps to its value, or to `None` when the store has
/// no such row; a prefix maps to whether any row's key starts with it.
#[derive(Default, Debug)]
pub struct Fetched {
    /// Rows by key.
    pub rows: HashMap<Vec<u8>, Option<Vec<u8>>>,
    /// Prefixes asked about.
    pub prefixes: HashMap<Vec<u8>, bool>,
}

/// The rows and prefixes a run wanted and [`Fetched`] did not hold.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct Wanted {
    /// Keys to fetch.
    pub keys: BTreeSet<Vec<u8>>,
    /// Prefixes to ask about.
    pub prefixes: BTreeSet<Vec<u8>>,
}

impl Wanted {
    /// Whether nothing is wanted.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.prefixes.is_empty()
    }
}

/// One statement of a batch, with the log time it would be given.
pub struct Pending<'a> {
    /// The statement, its signature checked.
    pub statement: &'a VerifiedStatement,
    /// Its log time.
    pub log_time: u64,
}

/// What a batch's last run decided: for each statement, its seq and rows, or its refusal.
pub type Decided = Vec<Result<(u64, Vec<IndexWrite>), Refusal>>;

/// Decides batches against rows fetched by round trips.
pub trait BatchGate: Send + Sync {
    /// Decides `batch` in order, the first admitted statement taking seq `first_seq` and
    /// each admitted one the next (a refused statement takes none), against `fetched` (the
    /// committed rows) plus each earlier statement's writes. `Err` names what to fetch
    /// before deciding again: a run that read a row it lacked decided nothing.
    fn decide(&self, fetched: &Fetched, first_seq: u64, batch: &[Pending<'_>]) -> Result<Decided, Wanted>;
    /// As [`BatchGate::decide`], for entries the log already holds (a log being copied, its
    /// rows being rebuilt): the rules are those the entries were appended under, so a check
    /// that refuses only new statements (as [`Gate::readmit`](super::Gate::readmit) leaves
    /// out) is left out here too. By default the same as `decide`.
    fn redecide(&self, fetched: &Fetched, first_seq: u64, batch: &[Pending<'_>]) -> Result<Decided, Wanted> {
        self.decide(fetched, first_seq, batch)
    }
}

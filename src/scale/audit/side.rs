//! `heard_side` against the entries: beside an idea, its text and salt giving the idea's
//! digest, or nothing (erased) if a `withdraw` entry of the log names the idea; beside an
//! acknowledgement with a `payment` digest, the payment giving it; beside any other entry,
//! no row. The values are checked as an append checks them ([`check_kept_beside`]).

use std::collections::{BTreeMap, HashSet};

use futures_util::TryStreamExt as _;
use tokio_postgres::Client;

use super::{Failure, fail};
use crate::ledger::check_kept_beside;
use crate::protocol::entry::Entry;
use crate::protocol::statement::{Kind, Statement, statement_hash};
use crate::scale::ScaleError;
use crate::scale::pg::{to_i64, to_u64};

/// The walk's state about values beside entries.
#[derive(Default)]
pub(super) struct Sides {
    /// The ideas a `withdraw` entry so far names (by statement hash).
    withdrawn: HashSet<[u8; 32]>,
    /// Erased values beside ideas not (yet) withdrawn: idea → its seq.
    pending: BTreeMap<[u8; 32], u64>,
    /// Values checked.
    pub values: u64,
    /// Erased values found.
    pub erased: u64,
}

impl Sides {
    /// Entry `idea` is withdrawn (by an entry the walk reached).
    pub fn withdrawal(&mut self, idea: [u8; 32]) {
        self.pending.remove(&idea);
        self.withdrawn.insert(idea);
    }

    /// Checks the rows beside `entries` (entries `from..`, as the walk read them), streamed
    /// one at a time (a value may be up to 1 MiB); returns the first failure.
    pub async fn check(
        &mut self,
        client: &Client,
        from: u64,
        entries: &[Entry],
    ) -> Result<Option<Failure>, ScaleError> {
        let to = from + entries.len() as u64;
        let range = [to_i64(from, "a seq")?, to_i64(to, "a seq")?];
        let rows = client
            .query_raw("SELECT seq, value FROM heard_side WHERE seq >= $1 AND seq < $2 ORDER BY seq", range)
            .await?;
        let mut rows = std::pin::pin!(rows);
        while let Some(row) = rows.try_next().await? {
            let seq = to_u64(row.get(0), "a seq")?;
            let Some(entry) = seq.checked_sub(from).and_then(|i| entries.get(i as usize)) else { continue };
            if let Some(f) = self.row(seq, entry, row.get(1)) {
                return Ok(Some(f));
            }
        }
        Ok(None)
    }

    fn row(&mut self, seq: u64, entry: &Entry, value: Option<&[u8]>) -> Option<Failure> {
        let at = |code, detail: String| Some(fail(Some(seq), code, detail));
        let Ok(st) = Statement::decode(&entry.statement) else {
            return at(
                "side_unexpected",
                "heard_side holds a value beside an entry whose statement does not decode".into(),
            );
        };
        match value {
            Some(v) => match check_kept_beside(&st, v) {
                Ok(()) => {
                    self.values += 1;
                    None
                }
                Err(e) => {
                    let code = match e.code() {
                        "unexpected_content" | "unexpected_payment" => "side_unexpected",
                        "storage" => "side_unreadable",
                        _ => "side_mismatch",
                    };
                    at(code, format!("the value beside it in heard_side: {e}"))
                }
            },
            None if st.kind == Kind::Idea => {
                self.erased += 1;
                let idea = statement_hash(&entry.statement);
                if !self.withdrawn.contains(&idea) {
                    self.pending.insert(idea, seq);
                }
                None
            }
            None => at(
                "side_erased",
                format!(
                    "heard_side holds an erased value beside an entry of kind {}: only an idea's is",
                    st.kind.name()
                ),
            ),
        }
    }

    /// An erased value beside an idea that no entry of the log withdraws (the lowest seq).
    pub fn unwithdrawn(&self) -> Option<Failure> {
        self.pending.values().min().map(|&seq| {
            fail(Some(seq), "side_erased", "heard_side's value beside this idea is erased, but no entry withdraws it")
        })
    }
}

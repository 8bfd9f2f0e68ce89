//! Finding ideas: the ledger's search index (`crate::search`) and the "not yet heard" view
//! of a consultation.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::{Ledger, LedgerError};
use crate::attribution::kinds::Id;
use crate::attribution::query::{ContributorId, IdeaView};
use crate::search::{Applied, MAX_PAGE, PER_PAGE, Search, SearchError, SearchOptions, SearchQuery};

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchResults {
    /// Ideas matching, on every page.
    pub total: u64,
    /// This page, from 1.
    pub page: u32,
    /// Pages there are to show (at least 1, at most [`MAX_PAGE`]).
    pub pages: u32,
    /// This page's ideas, best match first (newest first when no words were asked), as
    /// people see them: contributors only as they consented.
    pub ideas: Vec<IdeaView>,
}

/// The ideas of a consultation no report has cited yet, those of people with no citation
/// at all first: whose voices a report is missing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotYetHeard {
    /// Never-cited ideas whose contributors have no cited idea in the consultation, oldest
    /// first.
    pub unheard_people: Vec<IdeaView>,
    /// Never-cited ideas of contributors with another idea cited, oldest first.
    pub others: Vec<IdeaView>,
    /// Contributors of ideas not withdrawn.
    pub people: usize,
    /// Of those, contributors none of whose ideas in the consultation was cited.
    pub people_without_citation: usize,
}

impl Ledger {
    /// This ledger with a search index, followed by a background indexer, on either backend.
    ///
    /// - Embedded: the index in `dir` (opened, or rebuilt when missing, damaged or not this
    ///   log's; caught up with the log), kept across restarts.
    /// - PostgreSQL: an index of this process's own in a new folder under `dir`
    ///   ([`Search::open_shared`]), built from the whole log before this returns and removed
    ///   when the ledger is dropped; other processes' appends reach it every
    ///   [`SearchOptions::poll`].
    ///
    /// On PostgreSQL, call it from a multi-threaded tokio runtime's thread or outside any
    /// runtime (see [`crate::scale::backend`]).
    pub fn with_search(mut self, dir: &Path, options: SearchOptions) -> Result<Ledger, LedgerError> {
        let reads = self.reads.clone();
        let s = match self.postgres() {
            None => Search::open(dir, reads, options)?,
            Some(_) => Search::open_shared(dir, reads, options)?,
        };
        self.search = Some(Arc::new(s));
        Ok(self)
    }

    /// The search index (`search_unavailable` when this ledger was opened without one).
    pub fn search_index(&self) -> Result<&Search, LedgerError> {
        Ok(self.search.as_deref().ok_or(SearchError::Unavailable)?)
    }

    /// Rebuilds the search index from the log and the texts beside it.
    pub fn rebuild_search(&self) -> Result<Applied, LedgerError> {
        Ok(self.search_index()?.rebuild()?)
    }

    /// One page of the ideas matching `q`.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, LedgerError> {
        let hits = self.search_index()?.search(q)?;
        let mut ideas = Vec::with_capacity(hits.ids.len());
        for id in &hits.ids {
            ideas.push(self.idea(id)?);
        }
        let pages = hits.total.div_ceil(PER_PAGE as u64).clamp(1, MAX_PAGE as u64) as u32;
        Ok(SearchResults { total: hits.total, page: q.page, pages, ideas })
    }

    /// The ideas of `consultation` not yet cited, those of people with no citation first.
    pub fn not_yet_heard(&self, consultation: &Id) -> Result<NotYetHeard, LedgerError> {
        let ideas = self.ideas_of_consultation(consultation)?;
        let cited: BTreeSet<ContributorId> =
            ideas.iter().filter(|v| !v.citations.is_empty()).flat_map(|v| v.contributors.iter().copied()).collect();
        let people: BTreeSet<ContributorId> =
            ideas.iter().filter(|v| !v.withdrawn).flat_map(|v| v.contributors.iter().copied()).collect();
        let (mut unheard_people, mut others) = (Vec::new(), Vec::new());
        for v in ideas {
            if v.withdrawn || !v.citations.is_empty() {
                continue;
            }
            if v.contributors.iter().any(|c| cited.contains(c)) {
                others.push(v);
            } else {
                unheard_people.push(v);
            }
        }
        let people_without_citation = people.iter().filter(|c| !cited.contains(c)).count();
        Ok(NotYetHeard { unheard_people, others, people: people.len(), people_without_citation })
    }

    pub(super) fn notify_search(&self) {
        if let Some(s) = &self.search {
            s.notify();
        }
    }

    pub(super) fn hide_from_search(&self, idea: Id, seq: u64) {
        if let Some(s) = &self.search {
            s.hide(idea, seq);
        }
    }
}

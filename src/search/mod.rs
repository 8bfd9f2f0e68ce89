//! Full-text search over idea words, with filters: a tantivy index that **follows** the log,
//! whichever backend keeps it: it reads only through [`Reads`].
//!
//! The index is derived data in the data folder (`<data>/search/`), never the only copy of
//! anything: every document is built from the domain's records and the texts beside the log.
//! Each commit carries a watermark in its payload, atomically with the documents: the number
//! of log entries applied and the hash of the last one. On open the index is checked (opens,
//! same fields, every file's checksum, a watermark not beyond the log and naming the log's own
//! entry) and caught up from its watermark; anything else (missing, damaged, another or an
//! older log) and it is rebuilt from the log. `heard rebuild search` rebuilds it by hand.
//!
//! **Off the append's path.** After every append the ledger only wakes the indexer thread
//! (`heard-search`), which waits [`SearchOptions::delay`] (500 ms by default) so that a
//! burst becomes one commit, applies the new entries, commits and reloads; searches answer
//! from the last commit, so a new idea, citation or answer is found within about a second.
//!
//! **Withdrawal is immediate.** Before the ledger acknowledges a withdrawal it calls
//! [`Search::hide`]: the idea's id joins a small in-memory set that every query excludes
//! (a `must_not` clause), until a commit that deleted the document is visible to searches.
//! No disk write is added to the withdrawal, counts and pages stay exact, and a crash loses
//! nothing: the withdrawal is in the log past the index's watermark, so the catch-up on
//! open deletes the document before the first search. After a commit that deleted a
//! withdrawn idea, the segments holding deleted documents are merged so that the withdrawn
//! words leave the index files too (the index keeps no positions, and stores no text).
//!
//! **A log other processes append to** (PostgreSQL, [`Search::open_shared`]). Each process
//! keeps an index of its own, in a folder no other process shares
//! (`<data>/search-postgres/index-…/`, see `own`): several `heard serve` may share a data
//! folder, and tantivy lets one writer have an index. It is a follower: it is built from the
//! whole log when the process starts (start-up then reads every entry and idea, so it takes
//! longer the larger the log), and removed when the process stops. As appends through other
//! processes wake nothing here, the indexer also looks for new entries every
//! [`SearchOptions::poll`] (1 s by default): an idea added through another process is found
//! within about that and [`SearchOptions::delay`]. A withdrawal through this process is hidden
//! at once, as above; a withdrawal through another process is hidden once this process's
//! indexer has applied it (within the same bound), and until then a search may still list
//! the idea, shown withdrawn and without its words (the views read the log, not the index).

mod own;
mod params;
mod schema;

use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument, Term};

pub use params::{MAX_FILTER_CHARS, MAX_PAGE, MAX_WORDS_CHARS, PER_PAGE, SearchParams, SearchQuery};
pub use schema::{Fields, Language, day_number};

use crate::attribution::AttributionError;
use crate::attribution::claim::claim_hash;
use crate::attribution::kinds::{Body, Id};
use crate::attribution::query::idea_head;
use crate::log::reads::Reads;
use crate::protocol::entry::{Entry, entry_hash};
use crate::protocol::statement::{Kind, Statement, statement_hash};

/// Why a search could not be made or answered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// `page` is not a whole number from 1 to [`MAX_PAGE`].
    #[error("the page number must be a whole number from 1 to {MAX_PAGE}")]
    BadPage,
    /// A date is not a real day written `YYYY-MM-DD`.
    #[error("the date in `{0}` must be a real calendar date written YYYY-MM-DD, such as 2026-03-14")]
    BadDate(&'static str),
    /// `from` is after `to`.
    #[error("the first date (from) must not be after the last date (to)")]
    BadDateRange,
    /// A filter's value cannot be read.
    #[error("{detail}")]
    BadFilter {
        /// The parameter.
        field: &'static str,
        /// What is wrong, in a sentence.
        detail: String,
    },
    /// The words asked are too long.
    #[error("the words to search for must be at most {MAX_WORDS_CHARS} characters")]
    QueryTooLong,
    /// The consultation is not 64 hex digits.
    #[error("a consultation id is 64 hex digits")]
    BadConsultation,
    /// This ledger was opened without a search index.
    #[error("search is not available on this server")]
    Unavailable,
    /// The index could not be read or written.
    #[error("the search index failed: {0}")]
    Index(String),
}

impl SearchError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SearchError::BadPage => "bad_page",
            SearchError::BadDate(_) => "bad_date",
            SearchError::BadDateRange => "bad_date_range",
            SearchError::BadFilter { .. } => "bad_filter",
            SearchError::QueryTooLong => "query_too_long",
            SearchError::BadConsultation => "malformed",
            SearchError::Unavailable => "search_unavailable",
            SearchError::Index(_) => "storage",
        }
    }

    /// The parameter at fault, when one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            SearchError::BadPage => Some("page"),
            SearchError::BadDate(f) | SearchError::BadFilter { field: f, .. } => Some(f),
            SearchError::BadDateRange => Some("from"),
            SearchError::QueryTooLong => Some("q"),
            SearchError::BadConsultation => Some("consultation"),
            _ => None,
        }
    }

    /// Whether the asker can fix it (a 400), rather than the server.
    pub fn is_bad_request(&self) -> bool {
        !matches!(self, SearchError::Unavailable | SearchError::Index(_))
    }
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(e.to_string())
    }
}

impl From<AttributionError> for SearchError {
    fn from(e: AttributionError) -> Self {
        SearchError::Index(e.to_string())
    }
}

impl From<crate::log::store::StoreError> for SearchError {
    fn from(e: crate::log::store::StoreError) -> Self {
        SearchError::Index(e.to_string())
    }
}

/// How the index follows the log.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    /// How long the indexer lets appends gather after the first one wakes it.
    pub delay: Duration,
    /// The indexer's memory budget, bytes (tantivy's minimum is 15 MB).
    pub memory: usize,
    /// How often the indexer of a log other processes append to ([`Search::open_shared`])
    /// looks for entries they appended. An index opened with [`Search::open`] does not look:
    /// each append through its ledger wakes it.
    pub poll: Duration,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { delay: Duration::from_millis(500), memory: 64 << 20, poll: Duration::from_secs(1) }
    }
}

/// One page of results: ids in rank order (best match first, or newest first when no words
/// were asked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hits {
    /// Ideas matching, on every page.
    pub total: u64,
    /// This page's ideas.
    pub ids: Vec<Id>,
}

/// What a rebuild or catch-up did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Entries read.
    pub entries: u64,
    /// Idea documents written.
    pub ideas: u64,
    /// The watermark after it: entries of the log the index reflects.
    pub watermark: u64,
}

/// What the commit payload records (JSON).
#[derive(serde::Serialize, serde::Deserialize)]
struct Watermark {
    /// Entries applied (the next seq to apply).
    applied: u64,
    /// Entry hash of entry `applied - 1`, hex (empty when `applied` is 0).
    last: String,
}

/// What the indexer thread and the queries share.
#[derive(Default)]
struct Shared {
    /// The watermark of the commit searches see.
    applied: u64,
    /// Withdrawn ideas (with their withdrawal's seq) that searches must not answer while the
    /// commit they see still holds them.
    hidden: HashMap<Id, u64>,
    /// Appends since the indexer last looked.
    pending: bool,
    /// Stop the indexer; `flush` says whether to apply what is left first.
    stop: bool,
    flush: bool,
}

struct Signal {
    shared: Mutex<Shared>,
    wake: Condvar,
}

impl Signal {
    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Marks the log as grown; wakes the indexer only if it was not marked already.
    fn raise(&self, g: &mut MutexGuard<'_, Shared>) {
        if !g.pending {
            g.pending = true;
            self.wake.notify_all();
        }
    }
}

struct Inner {
    reader: IndexReader,
    fields: Fields,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    reads: Arc<dyn Reads>,
    signal: Arc<Signal>,
}

/// The search index of a ledger, with its indexer thread.
pub struct Search {
    inner: Arc<Inner>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// The folder of this process's own, when the log is shared with other processes
    /// (removed when dropped, after the index it holds: keep this field last).
    own: Option<own::OwnDir>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").field("watermark", &self.watermark()).finish()
    }
}

/// Opens an index that is sound and belongs to this log, with its watermark; why not otherwise.
fn open_existing(dir: &Path, reads: &dyn Reads) -> Result<(Index, u64), String> {
    let index = Index::open_in_dir(dir).map_err(|e| format!("it does not open ({e})"))?;
    let (schema, _) = Fields::schema();
    if index.schema() != schema {
        return Err("its fields are not this version's".into());
    }
    let damaged = index.validate_checksum().map_err(|e| format!("its files cannot be checked ({e})"))?;
    if !damaged.is_empty() {
        return Err(format!("{} of its files are damaged", damaged.len()));
    }
    let metas = index.load_metas().map_err(|e| format!("its metadata cannot be read ({e})"))?;
    let w: Watermark = match metas.payload.as_deref() {
        Some(p) => serde_json::from_str(p).map_err(|_| "its watermark cannot be read".to_string())?,
        None => return Err("it has no watermark".into()),
    };
    let size = reads.known_size();
    if w.applied > size {
        return Err(format!("its watermark ({}) is beyond the log ({size} entries)", w.applied));
    }
    if w.applied > 0 {
        let last = reads.entry(w.applied - 1).map_err(|e| e.to_string())?.map(|b| hex::encode(entry_hash(&b)));
        if last.as_deref() != Some(w.last.as_str()) {
            return Err("its watermark names an entry this log does not have".into());
        }
    }
    Ok((index, w.applied))
}

fn create(dir: &Path) -> Result<Index, SearchError> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| SearchError::Index(format!("removing {}: {e}", dir.display())))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| SearchError::Index(format!("creating {}: {e}", dir.display())))?;
    let (schema, _) = Fields::schema();
    Ok(Index::create_in_dir(dir, schema)?)
}

impl Search {
    /// Opens (or rebuilds) the index in `dir` for the log `reads` reads, which only this
    /// process appends to (the embedded store); catches it up with the log, and starts the
    /// indexer thread, which [`Search::notify`] wakes. Rebuilding reads every idea: its cost
    /// grows with the log (docs/PERFORMANCE.md has the rate).
    pub fn open(dir: &Path, reads: Arc<dyn Reads>, options: SearchOptions) -> Result<Search, SearchError> {
        let (index, applied) = match open_existing(dir, &*reads) {
            Ok(x) => x,
            Err(why) => {
                if dir.exists() {
                    tracing::warn!(dir = %dir.display(), why, "rebuilding the search index");
                }
                (create(dir)?, 0)
            }
        };
        Search::start(index, applied, reads, options, None)
    }

    /// Builds an index of the log `reads` reads, which other processes append to as well (a
    /// log on PostgreSQL), in a new folder of this process's own under `parent` (removed when
    /// the index is dropped; folders left by killed processes are removed first). Indexes
    /// the whole log before it returns; the indexer then also looks for other processes'
    /// entries every [`SearchOptions::poll`].
    pub fn open_shared(parent: &Path, reads: Arc<dyn Reads>, options: SearchOptions) -> Result<Search, SearchError> {
        let own = own::OwnDir::make(parent)
            .map_err(|e| SearchError::Index(format!("making a folder for the index in {}: {e}", parent.display())))?;
        let index = create(own.path())?;
        Search::start(index, 0, reads, options, Some(own))
    }

    fn start(
        index: Index,
        applied: u64,
        reads: Arc<dyn Reads>,
        options: SearchOptions,
        own: Option<own::OwnDir>,
    ) -> Result<Search, SearchError> {
        Fields::register(&index);
        let (_, fields) = Fields::schema();
        let writer = index.writer_with_num_threads(1, options.memory.max(15 << 20))?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let signal =
            Arc::new(Signal { shared: Mutex::new(Shared { applied, ..Shared::default() }), wake: Condvar::new() });
        let inner = Arc::new(Inner { reader, fields, writer: Mutex::new(writer), reads, signal: signal.clone() });
        inner.catch_up()?;
        let weak = Arc::downgrade(&inner);
        let poll = own.is_some().then_some(options.poll);
        let thread = std::thread::Builder::new()
            .name("heard-search".into())
            .spawn(move || follow(weak, signal, options.delay, poll))
            .map_err(|e| SearchError::Index(format!("starting the indexer: {e}")))?;
        Ok(Search { inner, thread: Mutex::new(Some(thread)), own })
    }

    /// The folder of a data folder's index.
    pub fn dir_of(data: &Path) -> PathBuf {
        data.join("search")
    }

    /// The folder under which each process serving a log on PostgreSQL with a data folder
    /// keeps its own index ([`Search::open_shared`]).
    pub fn shared_dir_of(data: &Path) -> PathBuf {
        data.join("search-postgres")
    }

    /// Tells the indexer the log grew (cheap: a flag, and a wake-up only when the flag was
    /// down: while it is up the indexer is gathering a burst and needs no waking, and waking
    /// it for every append of a burst cost a context switch each).
    pub fn notify(&self) {
        let mut g = self.inner.signal.lock();
        self.inner.signal.raise(&mut g);
    }

    /// Hides a withdrawn idea from every search from now on (the withdrawal at `seq` is
    /// durable): until a commit that applied it is visible, queries exclude the id.
    pub fn hide(&self, idea: Id, seq: u64) {
        let mut g = self.inner.signal.lock();
        if seq >= g.applied {
            g.hidden.insert(idea, seq);
        }
        self.inner.signal.raise(&mut g);
    }

    /// Applies every entry the log holds now and commits (what the indexer does after its
    /// delay), on the caller's thread.
    pub fn refresh(&self) -> Result<Applied, SearchError> {
        self.inner.catch_up()
    }

    /// Drops every document and indexes the whole log again, then commits. Searches see
    /// the old index until the new one is committed.
    pub fn rebuild(&self) -> Result<Applied, SearchError> {
        self.inner.rebuild()
    }

    /// Entries of the log the searchable index reflects.
    pub fn watermark(&self) -> u64 {
        self.inner.signal.lock().applied
    }

    /// How many documents of the searchable index hold `term` in their words, deleted ones
    /// included until their segment is merged (for checking that withdrawn words leave the
    /// index files).
    pub fn documents_with_term(&self, word: &str) -> Result<u64, SearchError> {
        let searcher = self.inner.reader.searcher();
        let mut n = 0;
        for (l, f) in &self.inner.fields.words {
            for t in l.terms(word) {
                n += searcher.doc_freq(&Term::from_field_text(*f, &t))?;
            }
        }
        Ok(n)
    }

    /// Stops the indexer after it applied what the log holds (searches keep answering from
    /// the last commit). An index of this process's own stops at once: it is removed when
    /// dropped, and what is left to apply could wait on a log out of reach.
    pub fn close(&self) {
        {
            let mut g = self.inner.signal.lock();
            g.stop = true;
            g.flush = self.own.is_none();
            self.inner.signal.wake.notify_all();
        }
        let handle = self.thread.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }

    /// One page of the ideas matching `q`.
    pub fn search(&self, q: &SearchQuery) -> Result<Hits, SearchError> {
        self.inner.search(q)
    }
}

impl Drop for Search {
    fn drop(&mut self) {
        {
            let mut g = self.inner.signal.lock();
            g.stop = true;
            self.inner.signal.wake.notify_all();
        }
        let handle = self.thread.get_mut().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }
}

/// The indexer thread: sleeps until an append, lets a burst gather for `delay`, applies it.
/// With `poll`, it also wakes that often and applies what other processes appended.
fn follow(inner: Weak<Inner>, signal: Arc<Signal>, delay: Duration, poll: Option<Duration>) {
    loop {
        let mut g = signal.lock();
        let mut polled = false;
        while !g.pending && !g.stop && !polled {
            g = match poll {
                None => signal.wake.wait(g).unwrap_or_else(|p| p.into_inner()),
                Some(every) => {
                    let (g, waited) = signal.wake.wait_timeout(g, every).unwrap_or_else(|p| p.into_inner());
                    polled = waited.timed_out();
                    g
                }
            };
        }
        if g.pending && !g.stop {
            let deadline = Instant::now() + delay;
            while !g.stop {
                let now = Instant::now();
                if now >= deadline {
                    break;
                }
                g = signal.wake.wait_timeout(g, deadline - now).unwrap_or_else(|p| p.into_inner()).0;
            }
        }
        let (stop, flush, pending, applied) = (g.stop, g.flush, g.pending, g.applied);
        g.pending = false;
        drop(g);
        if stop && !flush {
            return;
        }
        let Some(inner) = inner.upgrade() else { return };
        if !pending && !stop && inner.reads.known_size() <= applied {
            // A poll that found nothing new: no commit.
            continue;
        }
        if let Err(e) = inner.catch_up() {
            tracing::error!(error = %e, "the search index could not follow the log");
        }
        if stop {
            return;
        }
    }
}

/// After a failed apply, drops what it wrote but did not commit, so that the next one (from
/// the same watermark) starts from the last commit: a read that fails half-way (PostgreSQL
/// out of reach) leaves neither documents twice nor a rebuild's deletions behind.
fn undo_if_failed(
    w: &mut IndexWriter<TantivyDocument>,
    r: Result<Applied, SearchError>,
) -> Result<Applied, SearchError> {
    if r.is_err()
        && let Err(e) = w.rollback()
    {
        tracing::error!(error = %e, "the search index could not drop what a failed update wrote");
    }
    r
}

/// The idea an entry gives, if it is an idea statement.
fn idea_of(entry: &[u8]) -> Option<Id> {
    let e = Entry::decode(entry).ok()?;
    let st = Statement::decode(&e.statement).ok()?;
    (st.kind == Kind::Idea).then(|| Id(statement_hash(&e.statement)))
}

/// The ideas an entry changes the document of, and whether it withdraws one.
fn touched(reads: &dyn Reads, entry: &[u8], out: &mut BTreeSet<Id>) -> Result<bool, SearchError> {
    let Ok(e) = Entry::decode(entry) else { return Ok(false) };
    let Ok(st) = Statement::decode(&e.statement) else { return Ok(false) };
    if !matches!(st.kind, Kind::Idea | Kind::Claim | Kind::Endorse | Kind::Cite | Kind::Respond | Kind::Withdraw) {
        return Ok(false);
    }
    match Body::decode(st.kind, &st.body) {
        Ok(Body::Idea(_)) => {
            out.insert(Id(statement_hash(&e.statement)));
        }
        Ok(Body::Claim(b)) => {
            // A claim with the card's secret takes every idea on the card, listed or not.
            if let Some(secret) = &b.secret
                && let Some(card) = crate::attribution::query::card_rec(reads, &Id(claim_hash(secret)))?
            {
                out.extend(card.ideas);
            }
            out.extend(b.ideas);
        }
        Ok(Body::Endorse(b)) => {
            out.insert(b.idea);
        }
        Ok(Body::Cite(b)) => out.extend(b.uses.iter().map(|u| u.idea)),
        Ok(Body::Respond(b)) => {
            // A grouped answer answers every idea it names.
            out.insert(b.idea);
            out.extend(b.also);
        }
        Ok(Body::Withdraw(b)) => {
            out.insert(b.idea);
            return Ok(true);
        }
        _ => {}
    }
    Ok(false)
}

impl Inner {
    fn writer(&self) -> MutexGuard<'_, IndexWriter<TantivyDocument>> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Writes idea `id`'s document anew from the ledger's state (or only deletes it).
    fn reindex(&self, w: &IndexWriter<TantivyDocument>, id: &Id, fresh: bool) -> Result<bool, SearchError> {
        if !fresh {
            w.delete_term(Term::from_field_text(self.fields.id, &id.hex()));
        }
        let rec = match idea_head(&*self.reads, id) {
            Ok(r) => r,
            // An idea statement the policy refused is in no record (the log holds only
            // admitted entries, so this is a store that lost a row: nothing to index).
            Err(AttributionError::UnknownIdea) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        let Some(entry) = self.reads.entry(rec.seq)? else { return Ok(false) };
        match schema::document(&*self.reads, &self.fields, id, &rec, &entry)? {
            Some(doc) => {
                w.add_document(doc)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn catch_up(&self) -> Result<Applied, SearchError> {
        let mut w = self.writer();
        let from = self.signal.lock().applied;
        let r = self.apply(&mut w, from);
        undo_if_failed(&mut w, r)
    }

    fn rebuild(&self) -> Result<Applied, SearchError> {
        let mut w = self.writer();
        let r = w.delete_all_documents().map_err(SearchError::from).and_then(|_| self.apply(&mut w, 0));
        undo_if_failed(&mut w, r)
    }

    /// Applies entries `from..size` and commits with the new watermark. From 0 the index
    /// is empty (new, or every document deleted), so each idea entry is indexed once from
    /// the current state and the other entries are skipped.
    fn apply(&self, w: &mut IndexWriter<TantivyDocument>, from: u64) -> Result<Applied, SearchError> {
        /// Entries read at once (the embedded store reads this many in one sequential read).
        const CHUNK: usize = 4096;
        let size = self.reads.known_size();
        if size <= from && from > 0 {
            return Ok(Applied { entries: 0, ideas: 0, watermark: from });
        }
        let fresh = from == 0;
        let mut out = Applied { watermark: size, ..Applied::default() };
        let mut ids = BTreeSet::new();
        let mut withdrew = false;
        let mut last = String::new();
        let mut next = from;
        'read: while next < size {
            let chunk = self.reads.entries_from(next, CHUNK)?;
            let Some(end) = chunk.last().map(|(seq, _)| seq + 1) else { break };
            for (seq, bytes) in chunk {
                if seq >= size {
                    break 'read;
                }
                out.entries += 1;
                if seq + 1 == size {
                    last = hex::encode(entry_hash(&bytes));
                }
                if fresh {
                    // Only the idea's own entry: its record already holds what later entries did.
                    if let Some(id) = idea_of(&bytes)
                        && self.reindex(w, &id, true)?
                    {
                        out.ideas += 1;
                    }
                } else {
                    withdrew |= touched(&*self.reads, &bytes, &mut ids)?;
                }
            }
            next = end;
        }
        for id in &ids {
            if self.reindex(w, id, false)? {
                out.ideas += 1;
            }
        }
        let mut prepared = w.prepare_commit()?;
        let payload = serde_json::to_string(&Watermark { applied: size, last }).unwrap_or_default();
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        {
            let mut g = self.signal.lock();
            g.applied = size;
            g.hidden.retain(|_, seq| *seq >= size);
        }
        if withdrew {
            self.merge_deleted(w);
        }
        Ok(out)
    }

    /// Merges every segment that holds deleted documents, so that the words of a withdrawn
    /// idea leave the index files; a failure only delays that until tantivy merges them.
    fn merge_deleted(&self, w: &mut IndexWriter<TantivyDocument>) {
        let searcher = self.reader.searcher();
        let ids: Vec<_> =
            searcher.segment_readers().iter().filter(|s| s.num_deleted_docs() > 0).map(|s| s.segment_id()).collect();
        if ids.is_empty() {
            return;
        }
        match w.merge(&ids).wait() {
            Ok(_) => {
                if let Err(e) = self.reader.reload() {
                    tracing::warn!(error = %e, "reloading the search index after a merge");
                }
            }
            Err(e) => tracing::warn!(error = %e, "merging the search index after a withdrawal"),
        }
    }

    fn search(&self, q: &SearchQuery) -> Result<Hits, SearchError> {
        // The hidden ids first, then the searcher: an id leaves the set only after the
        // commit that deleted its document was loaded (see `apply`).
        let hidden: Vec<Id> = self.signal.lock().hidden.keys().copied().collect();
        query_searcher(&self.reader.searcher(), &self.fields, q, &hidden)
    }
}

/// One page of the documents of `searcher` matching `q`, leaving out the ideas `hidden`: the
/// query a [`Search`] runs (also what `heard-bench --search` measures).
pub fn query_searcher(searcher: &Searcher, f: &Fields, q: &SearchQuery, hidden: &[Id]) -> Result<Hits, SearchError> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut any_words = false;
    let mut per_language: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (l, field) in &f.words {
        let terms = l.terms(&q.words);
        if terms.is_empty() {
            continue;
        }
        any_words = true;
        let all: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let tq: Box<dyn Query> =
                    Box::new(TermQuery::new(Term::from_field_text(*field, t), IndexRecordOption::WithFreqs));
                (Occur::Must, tq)
            })
            .collect();
        per_language.push((Occur::Should, Box::new(BooleanQuery::new(all))));
    }
    if any_words {
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(per_language))));
    }
    let filter = |field, text: &str| -> (Occur, Box<dyn Query>) {
        let tq = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic);
        (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(tq), 0.0)))
    };
    if let Some(c) = &q.consultation {
        clauses.push(filter(f.consultation, &c.hex()));
    }
    if let Some(t) = &q.tag {
        clauses.push(filter(f.tag, &t.to_lowercase()));
    }
    if let Some(c) = &q.contributor {
        clauses.push(filter(f.contributor, &c.to_lowercase()));
    }
    if let Some(c) = q.cited {
        clauses.push(filter(f.status, if c { "cited" } else { "not_cited" }));
    }
    if let Some(a) = q.answered {
        clauses.push(filter(f.status, if a { "answered" } else { "not_answered" }));
    }
    let bound = |d: &Option<String>| match d.as_deref().and_then(day_number) {
        Some(n) => Bound::Included(Term::from_field_u64(f.given, n)),
        None => Bound::Unbounded,
    };
    if q.from.is_some() || q.to.is_some() {
        let r = RangeQuery::new(bound(&q.from), bound(&q.to));
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(r), 0.0))));
    }
    if clauses.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    for id in hidden {
        let tq = TermQuery::new(Term::from_field_text(f.id, &id.hex()), IndexRecordOption::Basic);
        clauses.push((Occur::MustNot, Box::new(tq)));
    }
    let query = BooleanQuery::new(clauses);
    let offset = (q.page.max(1) as usize - 1) * PER_PAGE;
    let top = TopDocs::with_limit(PER_PAGE).and_offset(offset);
    let (total, addrs) = if any_words {
        let (n, docs) = searcher.search(&query, &(Count, top.order_by_score()))?;
        (n, docs.into_iter().map(|(_, a)| a).collect::<Vec<_>>())
    } else {
        let (n, docs) = searcher.search(&query, &(Count, top.order_by_fast_field::<u64>("seq", Order::Desc)))?;
        (n, docs.into_iter().map(|(_, a)| a).collect::<Vec<_>>())
    };
    let mut ids = Vec::with_capacity(addrs.len());
    for a in addrs {
        let doc: TantivyDocument = searcher.doc(a)?;
        let id = doc
            .get_first(f.id)
            .and_then(|v| v.as_str())
            .and_then(|s| hex::decode(s).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| SearchError::Index("a document has no idea id".into()))?;
        ids.push(Id(id));
    }
    Ok(Hits { total: total as u64, ids })
}

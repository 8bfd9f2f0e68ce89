//! The one door the faces (HTTP, pages, CLI) use: appends with their off-log content, the
//! queries, the figures and the exports.
//!
//! An append flows one way (docs/ARCHITECTURE.md, "Life of an append"): the statement is
//! checked by the log on the caller's thread, the domain's [`PolicyGate`] decides under the
//! log's sequencer lock, and the log makes the entry durable together with what it carries
//! beside it ([`Beside`]):
//!
//! - **idea**: the text and salt, checked here against the idea's digest, are written to the
//!   store's `texts.dat` and synced in the same group as the entry (`Log::append_with`), so an
//!   acknowledged idea never lacks its text. An idea whose text is missing (an older build
//!   wrote it after the entry; views say `text_missing`) gets it when the same statement is
//!   submitted again with its text, which returns `duplicate`.
//! - **acknowledge**: a payment's salt, amount and currency, the same way (§21, `payments`).
//! - **withdraw**: the text and salt are erased in place after the withdrawal is durable, and
//!   the idea leaves search before the withdrawal is acknowledged. A crash
//!   between the two leaves text that no view shows (the idea is withdrawn); [`Ledger::open`]
//!   erases it.
//!
//! **Architecture Invariant:** the ledger knows no HTTP; faces map [`LedgerError::code`] to
//! their own error forms.

mod payments;
mod search;
mod witnesses;

use std::path::Path;

use anyhow::Context;
use std::sync::{Arc, OnceLock};

use crate::attribution::kinds::{Body, Id};
use crate::attribution::payment::{self, Payment, PaymentError};
use crate::attribution::query::{self, CardView, ConsultationSummary, IdeaView, Portfolio, ReportAttribution};
use crate::attribution::state::{self, ConsultationRec, EventRec};
use crate::attribution::{AttributionError, PolicyAuditFailure, PolicyGate, content, equity, export};
use crate::keys::DataDir;
use crate::log::reads::Reads;
use crate::log::store::Store;
use crate::log::view::LogView;
use crate::log::{AppendError, Appended, CosignError, Log, LogConfig, OpenError};
use crate::protocol::entry::entry_hash;
use crate::protocol::note::{NoteSigner, NoteVerifier};
use crate::protocol::statement::{Kind, Statement, StatementError};
use crate::scale::backend::PgBackend;
use crate::scale::service::{PgAppendError, PgAppended};

pub use crate::attribution::content::IdeaText;
pub use crate::attribution::equity::Figures;
pub use crate::attribution::replay::PolicyAuditReport;
pub use payments::{PaymentView, Shown};
pub use search::{NotYetHeard, SearchResults};

/// Why the ledger refused or failed a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The log refused the statement (its checks, a duplicate, or a policy rule).
    #[error(transparent)]
    Append(#[from] AppendError),
    /// A domain query or content operation failed.
    #[error(transparent)]
    Domain(#[from] AttributionError),
    /// An idea statement was submitted without its text.
    #[error("an idea is submitted together with its text and salt")]
    ContentRequired,
    /// Text was submitted with a statement that is not an idea.
    #[error("only idea statements carry text")]
    UnexpectedContent,
    /// SHA-256(salt ‖ text) differs from the idea's digest.
    #[error("the text and salt do not match the idea's digest")]
    ContentMismatch,
    /// The log could not be opened.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// A cosignature was offered by a key that is not one of the log's witnesses.
    #[error(
        "this key is not one of the log's witnesses: the operator names witnesses in the data folder's `witnesses` file or enrols their keys with the witness role"
    )]
    UnknownWitness,
    /// The log refused a cosignature or could not build a checkpoint or receipt.
    #[error(transparent)]
    Cosign(#[from] CosignError),
    /// A search could not be read or answered.
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
    /// A payment beside an acknowledgement was refused, or may not be shown (§21).
    #[error(transparent)]
    Payment(#[from] PaymentError),
    /// The log on PostgreSQL could not take the append (unreachable, a value too large,
    /// shut down). When unreachable, whether it was appended is unknown: sending it again is
    /// safe.
    #[error(transparent)]
    Postgres(PgAppendError),
    /// What was asked needs the embedded store, and this ledger runs on PostgreSQL.
    #[error("{0} is not available on a log kept in PostgreSQL")]
    EmbeddedOnly(&'static str),
}

impl From<crate::log::store::StoreError> for LedgerError {
    fn from(e: crate::log::store::StoreError) -> Self {
        LedgerError::Domain(e.into())
    }
}

impl LedgerError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            LedgerError::Append(e) => e.code(),
            LedgerError::Domain(e) => e.code(),
            LedgerError::ContentRequired => "content_required",
            LedgerError::UnexpectedContent => "unexpected_content",
            LedgerError::ContentMismatch => "content_mismatch",
            LedgerError::Open(e) => e.code(),
            LedgerError::UnknownWitness => "unknown_witness",
            LedgerError::Cosign(e) => e.code(),
            LedgerError::Search(e) => e.code(),
            LedgerError::Payment(e) => e.code(),
            LedgerError::Postgres(e) => e.code(),
            LedgerError::EmbeddedOnly(_) => "embedded_only",
        }
    }
}

/// Which acknowledgements format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AckFormat {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
}

/// The open ledger: a log with the attribution domain's policy, and the domain's queries.
#[derive(Clone)]
pub struct Ledger {
    backend: Backend,
    /// The log as the faces read it (either backend).
    view: Arc<dyn LogView>,
    /// The entries, rows and values beside entries as the queries read them.
    reads: Arc<dyn Reads>,
    operator: [u8; 32],
    /// The witnesses the operator configured (enrolled witnesses are read from the log).
    witnesses: Arc<[NoteVerifier]>,
    /// The operator's witnesses file as read (URLs to ask, the quorum).
    policy: Arc<crate::witness::policy::WitnessPolicy>,
    /// The search index that follows the log, when opened with one (`ledger::search`).
    search: Option<Arc<crate::search::Search>>,
}

/// Where the log is kept.
#[derive(Clone)]
enum Backend {
    /// The embedded journal files and followers of a data folder.
    Embedded(Log),
    /// PostgreSQL and a bucket, shared with other processes.
    Postgres(Arc<PgBackend>),
}

/// What a submission carries beside its statement, kept beside the log with its entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Beside {
    /// Nothing.
    #[default]
    Nothing,
    /// An idea's text and salt (§15).
    Text(IdeaText),
    /// An acknowledgement's amount, currency and salt (§21).
    Payment(Payment),
}

impl Beside {
    /// What a built statement carries beside it.
    pub fn of(s: &crate::attribution::build::Signed) -> Beside {
        match (&s.content, &s.payment) {
            (Some(t), _) => Beside::Text(t.clone()),
            (None, Some(p)) => Beside::Payment(p.clone()),
            (None, None) => Beside::Nothing,
        }
    }
}

impl From<Option<IdeaText>> for Beside {
    fn from(t: Option<IdeaText>) -> Self {
        t.map(Beside::Text).unwrap_or_default()
    }
}

/// What the content beside the log needs after an append.
enum After {
    Nothing,
    Store(IdeaText),
    Erase(Id),
    Pay(Payment),
}

impl Ledger {
    /// Opens the log in `db_dir` with the domain's policy for the operator key `operator`
    /// (the public key of the data folder's operator.key), and erases any text left behind
    /// by a withdrawal interrupted by a crash.
    pub fn open(
        db_dir: &Path,
        log_signer: NoteSigner,
        config: LogConfig,
        operator: [u8; 32],
    ) -> Result<Ledger, LedgerError> {
        let cell = Arc::new(OnceLock::new());
        let gate = PolicyGate::new(operator, cell.clone());
        let log = Log::open_with_gate(db_dir, log_signer, config, Box::new(gate))?;
        // The writer is idle until the first submit, which can only come after this returns.
        let _ = cell.set(log.store().clone());
        let ledger = Ledger {
            view: Arc::new(log.clone()),
            reads: Arc::new(log.store().clone()),
            backend: Backend::Embedded(log),
            operator,
            witnesses: Arc::from(Vec::new()),
            policy: Arc::default(),
            search: None,
        };
        ledger.erase_withdrawn()?;
        Ok(ledger)
    }

    /// The ledger of a log on PostgreSQL and a bucket, whose rules hold the genesis operator
    /// key `operator` (the one `backend` was opened with). Use it from a multi-threaded tokio
    /// runtime or outside one (see [`crate::scale::backend`]); it has no search index until
    /// [`Ledger::with_search`].
    pub fn on_postgres(backend: Arc<PgBackend>, operator: [u8; 32]) -> Ledger {
        Ledger {
            view: backend.clone(),
            reads: backend.clone(),
            backend: Backend::Postgres(backend),
            operator,
            witnesses: Arc::from(Vec::new()),
            policy: Arc::default(),
            search: None,
        }
    }

    /// Opens the ledger of a data folder (`heard serve`'s layout, see [`DataDir`]), creating
    /// the folder and its log and operator keys on first run with checkpoint origin `origin`.
    /// The operator key enforced is the public key of the folder's `operator.key`.
    pub fn open_data_folder(data: &Path, origin: &str) -> anyhow::Result<Ledger> {
        Ledger::open_data_folder_with(data, origin, crate::log::store::DEFAULT_CACHE_BYTES)
    }

    /// [`Ledger::open_data_folder`] with `cache_bytes` of sled page cache.
    pub fn open_data_folder_with(data: &Path, origin: &str, cache_bytes: u64) -> anyhow::Result<Ledger> {
        let dir = DataDir::new(data);
        let (keys, _) = dir.init_keys(origin)?;
        let operator = keys.operator.signing_key().verifying_key().to_bytes();
        let origin = keys.log.name().to_string();
        let config = LogConfig { cache_bytes, ..LogConfig::new(origin) };
        let policy = crate::witness::policy::read(data)?;
        Ledger::open(&dir.db(), keys.log, config, operator)
            .and_then(|l| l.with_witness_policy(policy))
            .and_then(|l| l.with_search(&crate::search::Search::dir_of(data), Default::default()))
            .with_context(|| format!("opening the ledger in {}", data.display()))
    }

    /// Erases the text and salt still kept for any withdrawn idea (a crash came between a
    /// withdrawal and its erasure). [`Ledger::open`] runs it; a ledger on PostgreSQL runs it
    /// when `heard serve` starts.
    pub fn erase_withdrawn(&self) -> Result<(), LedgerError> {
        for id in self.withdrawn_ideas()? {
            let eh = self.entry_hash_of(&id)?;
            if self.reads().side(&eh)?.is_none() {
                continue;
            }
            match &self.backend {
                Backend::Embedded(log) => content::erase(log.store(), &eh)?,
                Backend::Postgres(pg) => {
                    pg.run(pg.erase(&eh))?;
                }
            }
        }
        Ok(())
    }

    fn withdrawn_ideas(&self) -> Result<Vec<Id>, AttributionError> {
        let mut out = Vec::new();
        for row in self.reads().rows_under(b"W") {
            let (k, _) = row?;
            let a: [u8; 32] = k
                .get(1..)
                .and_then(|s| s.try_into().ok())
                .ok_or_else(|| AttributionError::Storage("a withdrawal index row is malformed".into()))?;
            out.push(Id(a));
        }
        Ok(out)
    }

    fn entry_hash_of(&self, idea: &Id) -> Result<[u8; 32], AttributionError> {
        let rec = query::idea_head(self.reads(), idea)?;
        let bytes = self
            .reads()
            .entry(rec.seq)?
            .ok_or_else(|| AttributionError::Storage(format!("entry {} is missing", rec.seq)))?;
        Ok(entry_hash(&bytes))
    }

    /// The log underneath as the faces read it (checkpoints, proofs, entries, tiles),
    /// whichever backend keeps it.
    pub fn log(&self) -> &Arc<dyn LogView> {
        &self.view
    }

    /// What the queries read (entries, domain rows, values beside entries).
    pub fn reads(&self) -> &dyn Reads {
        &*self.reads
    }

    /// The embedded log, unless this ledger runs on PostgreSQL.
    pub fn embedded(&self) -> Option<&Log> {
        match &self.backend {
            Backend::Embedded(log) => Some(log),
            Backend::Postgres(_) => None,
        }
    }

    /// The embedded store, unless this ledger runs on PostgreSQL.
    pub fn store(&self) -> Option<&Store> {
        self.embedded().map(Log::store)
    }

    /// The log on PostgreSQL, when this ledger runs on one.
    pub fn postgres(&self) -> Option<&Arc<PgBackend>> {
        match &self.backend {
            Backend::Embedded(_) => None,
            Backend::Postgres(pg) => Some(pg),
        }
    }

    /// The genesis operator key this ledger enforces.
    pub fn operator(&self) -> [u8; 32] {
        self.operator
    }

    /// What must happen beside the log for this submission, and the value an idea's entry
    /// carries beside it (its text and salt, encoded), checked against the digest.
    /// Also the statement decoded, which the log takes as it is rather than decoding it again.
    fn prepare(&self, statement: &[u8], beside: Beside) -> Result<Prepared, LedgerError> {
        let decoded = Statement::decode(statement);
        // Statements that do not decode are left to the log and the policy, which refuse
        // them with their own codes.
        let after = match &decoded {
            Ok(st) => plan(st, beside)?,
            Err(_) => After::Nothing,
        };
        let text = match &after {
            After::Store(t) => Some(content::encode(t)?),
            After::Pay(p) => Some(payment::encode(p)?),
            _ => None,
        };
        Ok((after, text, decoded))
    }

    fn finish(&self, after: After, result: Result<Appended, AppendError>) -> Result<Appended, LedgerError> {
        // A withdrawn idea leaves search before the withdrawal is acknowledged.
        if let (After::Erase(idea), Ok(a)) = (&after, &result) {
            self.hide_from_search(*idea, a.seq);
        }
        let r = match self.store() {
            Some(store) => self.finish_content(store, after, result),
            None => Err(LedgerError::EmbeddedOnly("an embedded append")),
        };
        if r.is_ok() {
            self.notify_search();
        }
        r
    }

    fn finish_content(
        &self,
        store: &Store,
        after: After,
        result: Result<Appended, AppendError>,
    ) -> Result<Appended, LedgerError> {
        match (after, result) {
            // Written and committed with the entry (`Log::append_with`).
            (After::Store(_) | After::Pay(_), Ok(a)) => Ok(a),
            (After::Pay(p), Err(AppendError::Duplicate { seq })) => {
                // As for a text: an entry whose payment is missing is given it again.
                if let Some(bytes) = store.entry(seq)? {
                    let eh = entry_hash(&bytes);
                    if payment::get(store, &eh)?.is_none() {
                        payment::put(store, &eh, &p)?;
                    }
                }
                Err(AppendError::Duplicate { seq }.into())
            }
            (After::Erase(idea), Ok(a)) => {
                let eh = self.entry_hash_of(&idea)?;
                content::erase(store, &eh)?;
                Ok(a)
            }
            (After::Store(text), Err(AppendError::Duplicate { seq })) => {
                // Repair after a crash between the entry and its text (see the module docs).
                if let Some(bytes) = store.entry(seq)? {
                    let eh = entry_hash(&bytes);
                    let withdrawn = store.domain_get(&state::key(b'W', &[&idea_id(&bytes)?.0]))?.is_some();
                    if !withdrawn && content::get(store, &eh)?.is_none() {
                        content::put(store, &eh, &text)?;
                    }
                }
                Err(AppendError::Duplicate { seq }.into())
            }
            (_, r) => Ok(r?),
        }
    }

    /// What follows an append to the log on PostgreSQL: a withdrawal erases the idea's text
    /// and salt once the withdrawal is committed (a crash between the two is repaired by
    /// [`Ledger::erase_withdrawn`]); a text or payment was committed with its entry.
    async fn finish_postgres(
        &self,
        pg: &PgBackend,
        after: After,
        result: Result<PgAppended, PgAppendError>,
    ) -> Result<Appended, LedgerError> {
        let a = result.map_err(LedgerError::from)?;
        if let After::Erase(idea) = after {
            // As embedded: the idea leaves search before the withdrawal is acknowledged.
            self.hide_from_search(idea, a.seq);
            let eh = self.entry_hash_of(&idea)?;
            pg.erase(&eh).await?;
        }
        self.notify_search();
        Ok(Appended {
            seq: a.seq,
            entry_hash: a.entry_hash,
            entry: a.entry,
            checkpoint: a.checkpoint,
            proof: Some(a.proof),
        })
    }

    /// Checks, sequences and makes durable a statement; for an idea, `content` is its text
    /// and salt (required), written and synced beside the log with the entry; a withdrawal
    /// erases the idea's text and salt. Blocking: use [`Ledger::submit_async`] from async code.
    pub fn submit(
        &self,
        statement: &[u8],
        signature: &[u8],
        content: Option<IdeaText>,
    ) -> Result<Appended, LedgerError> {
        self.submit_with(statement, signature, content.into())
    }

    /// As [`Ledger::submit`], with what the statement carries beside it: an idea's text, or
    /// an acknowledgement's amount (required when its body has a `payment` digest, §21),
    /// written and committed with the entry.
    pub fn submit_with(&self, statement: &[u8], signature: &[u8], beside: Beside) -> Result<Appended, LedgerError> {
        match &self.backend {
            Backend::Embedded(log) => {
                let (after, text, decoded) = self.prepare(statement, beside)?;
                let r = log.append_decoded(statement, decoded, signature, text);
                self.finish(after, r)
            }
            Backend::Postgres(pg) => pg.run(self.submit_with_async(statement, signature, beside)),
        }
    }

    /// As [`Ledger::submit`], resolving once durable. A withdrawal's erase after it is a
    /// short blocking write and sync.
    pub async fn submit_async(
        &self,
        statement: &[u8],
        signature: &[u8],
        content: Option<IdeaText>,
    ) -> Result<Appended, LedgerError> {
        self.submit_with_async(statement, signature, content.into()).await
    }

    /// As [`Ledger::submit_with`], resolving once durable.
    pub async fn submit_with_async(
        &self,
        statement: &[u8],
        signature: &[u8],
        beside: Beside,
    ) -> Result<Appended, LedgerError> {
        let (after, text, decoded) = self.prepare(statement, beside)?;
        match &self.backend {
            Backend::Embedded(log) => {
                let r = log.append_decoded_async(statement, decoded, signature, text).await;
                self.finish(after, r)
            }
            Backend::Postgres(pg) => {
                let r = pg.append(statement, signature, text).await;
                self.finish_postgres(pg, after, r).await
            }
        }
    }

    /// The seq of the entry with this entry hash or, failing that, this statement hash, when
    /// the latest checkpoint covers it (what a verify link names).
    pub fn seq_of(&self, hash: &[u8; 32]) -> Result<Option<u64>, LedgerError> {
        let seq = match self.view.seq_of_entry(hash)? {
            Some(s) => Some(s),
            None => self.view.seq_of_statement(hash)?,
        };
        Ok(seq.filter(|s| *s < self.view.latest().size))
    }

    /// The tree size of the newest witnessed checkpoint (cosigned by the quorum), if any.
    pub fn latest_witnessed_size(&self) -> Result<Option<u64>, LedgerError> {
        Ok(self.view.newest_witnessed()?)
    }

    /// The claim card for a code as typed from the card (`bad_claim_code`, `unknown_card`).
    pub fn card(&self, code: &str) -> Result<CardView, LedgerError> {
        let secret = crate::attribution::claim::decode_code(code)?;
        let hash = Id(crate::attribution::claim::claim_hash(&secret));
        Ok(query::card(self.reads(), &hash)?)
    }

    /// The party that claimed the card of a code as typed, `None` while it is unclaimed
    /// (`bad_claim_code`, `unknown_card`).
    pub fn card_owner(&self, code: &str) -> Result<Option<Id>, LedgerError> {
        let secret = crate::attribution::claim::decode_code(code)?;
        let hash = Id(crate::attribution::claim::claim_hash(&secret));
        let rec = query::card_rec(self.reads(), &hash)?.ok_or(crate::attribution::AttributionError::UnknownCard)?;
        Ok(rec.owner)
    }

    /// A consultation.
    pub fn consultation(&self, id: &Id) -> Result<ConsultationRec, LedgerError> {
        Ok(query::consultation(self.reads(), id)?)
    }

    /// The most recent consultations, newest first (at most `limit`, older than seq `before`).
    pub fn recent_consultations(
        &self,
        limit: usize,
        before: Option<u64>,
    ) -> Result<Vec<ConsultationSummary>, LedgerError> {
        Ok(query::recent_consultations(self.reads(), limit, before)?)
    }

    /// Every consultation whose record `keep` accepts, oldest first (reads every
    /// consultation's record: for the importers, not for serving).
    pub fn consultations_where(
        &self,
        keep: impl Fn(&ConsultationRec) -> bool,
    ) -> Result<Vec<(Id, ConsultationRec)>, LedgerError> {
        Ok(query::consultations_where(self.reads(), keep)?)
    }

    /// A consultation with its convenor's name and idea count.
    pub fn consultation_summary(&self, id: &Id) -> Result<ConsultationSummary, LedgerError> {
        Ok(query::consultation_summary(self.reads(), id)?)
    }

    /// The party and enrolled name of an organisation, by any of its keys (`unknown_organisation`).
    pub fn organisation(&self, key: &Id) -> Result<(Id, Option<String>), LedgerError> {
        Ok(query::organisation(self.reads(), key)?)
    }

    /// The enrolled display name of a party, if any.
    pub fn party_name(&self, party: &Id) -> Result<Option<String>, LedgerError> {
        Ok(query::party_name(self.reads(), party)?)
    }

    /// A report record.
    pub fn report(&self, id: &Id) -> Result<state::ReportRec, LedgerError> {
        Ok(query::report(self.reads(), id)?)
    }

    /// The consultations an organisation (any of its keys) convened.
    pub fn consultations_of(&self, organisation_key: &Id) -> Result<Vec<Id>, LedgerError> {
        let party = query::party_of(self.reads(), organisation_key)?;
        Ok(query::consultations_of(self.reads(), &party)?)
    }

    /// An idea as people see it.
    pub fn idea(&self, id: &Id) -> Result<IdeaView, LedgerError> {
        Ok(query::idea(self.reads(), id)?)
    }

    /// The ideas of a consultation, in log order.
    pub fn ideas_of_consultation(&self, consultation: &Id) -> Result<Vec<IdeaView>, LedgerError> {
        Ok(query::ideas_of_consultation(self.reads(), consultation)?)
    }

    /// A contributor's portfolio, for any of their keys (a recovery's new key gathers its
    /// old key's credit once the recovery is in effect at the log's time now).
    pub fn portfolio(&self, contributor_key: &Id) -> Result<Portfolio, LedgerError> {
        Ok(query::portfolio(self.reads(), contributor_key, self.view.now_ms())?)
    }

    /// The recoveries that concern a key, as the old key and as the new key, with what is in
    /// effect at the log's time now.
    pub fn recoveries(&self, k: &Id) -> Result<crate::attribution::recovery::Recoveries, LedgerError> {
        Ok(crate::attribution::recovery::recoveries(self.reads(), k, self.view.now_ms())?)
    }

    /// The id of report (title, version) cited by the policy team holding `team_key`.
    pub fn report_id(&self, team_key: &Id, title: &str, version: &str) -> Result<Id, LedgerError> {
        let party = query::party_of(self.reads(), team_key)?;
        Ok(state::report_id(&party, title, version))
    }

    /// A report's attribution.
    pub fn report_attribution(&self, report: &Id) -> Result<ReportAttribution, LedgerError> {
        Ok(query::report_attribution(self.reads(), report)?)
    }

    /// What happened to an idea.
    pub fn history(&self, idea: &Id) -> Result<Vec<EventRec>, LedgerError> {
        Ok(query::history(self.reads(), idea)?)
    }

    /// Knowledge-equity figures for a consultation.
    pub fn figures_for_consultation(&self, consultation: &Id) -> Result<Figures, LedgerError> {
        Ok(equity::for_consultation(self.reads(), consultation)?)
    }

    /// Knowledge-equity figures for an organisation (any of its keys).
    pub fn figures_for_organisation(&self, organisation_key: &Id) -> Result<Figures, LedgerError> {
        let party = query::party_of(self.reads(), organisation_key)?;
        Ok(equity::for_organisation(self.reads(), &party)?)
    }

    /// Knowledge-equity figures for a report.
    pub fn figures_for_report(&self, report: &Id) -> Result<Figures, LedgerError> {
        Ok(equity::for_report(self.reads(), report)?)
    }

    /// The acknowledgements section of a report; verify links start with `base`.
    pub fn acknowledgements(&self, report: &Id, format: AckFormat, base: &str) -> Result<String, LedgerError> {
        let a = self.report_attribution(report)?;
        Ok(match format {
            AckFormat::Text => export::acknowledgements_text(&a, base),
            AckFormat::Markdown => export::acknowledgements_markdown(&a, base),
        })
    }

    /// CSL-JSON for a report's cited ideas.
    pub fn csl_json(&self, report: &Id, base: &str) -> Result<String, LedgerError> {
        Ok(export::csl_json(&self.report_attribution(report)?, base))
    }

    /// BibTeX for a report's cited ideas.
    pub fn bibtex(&self, report: &Id, base: &str) -> Result<String, LedgerError> {
        Ok(export::bibtex(&self.report_attribution(report)?, base))
    }

    /// Replays the whole log through the policy (see [`crate::attribution::audit_policy`]).
    /// Embedded logs only: `heard audit --postgres` replays a log on PostgreSQL.
    pub fn audit_policy(&self) -> Result<PolicyAuditReport, PolicyAuditFailure> {
        let store = self.store().ok_or_else(|| PolicyAuditFailure {
            seq: None,
            code: "embedded_only",
            detail: "the policy replay of a log on PostgreSQL is heard audit --postgres".into(),
        })?;
        crate::attribution::audit_policy(store, self.operator)
    }

    /// Every report, newest first.
    pub fn reports(&self) -> Result<Vec<query::ReportSummary>, LedgerError> {
        Ok(query::reports(self.reads())?)
    }

    /// What the log says about a key (party, role, name, status), if anything.
    pub fn key_rec(&self, key: &Id) -> Result<Option<state::KeyRec>, LedgerError> {
        Ok(query::key_rec(self.reads(), key)?)
    }

    /// The consultations a member of staff's party records in or convenes, newest first.
    pub fn consultations_for_staff(&self, party: &Id) -> Result<Vec<(Id, ConsultationRec)>, LedgerError> {
        Ok(query::consultations_for_staff(self.reads(), party)?)
    }

    /// Stops accepting appends and waits for the writer.
    pub fn close(&self) -> Result<(), String> {
        if let Some(s) = &self.search {
            s.close();
        }
        match &self.backend {
            Backend::Embedded(log) => log.close(),
            Backend::Postgres(pg) => {
                pg.stop();
                Ok(())
            }
        }
    }
}

impl From<PgAppendError> for LedgerError {
    fn from(e: PgAppendError) -> Self {
        match e {
            PgAppendError::Statement(e) => AppendError::Statement(e).into(),
            PgAppendError::Duplicate { seq } => AppendError::Duplicate { seq }.into(),
            PgAppendError::Refused(r) => AppendError::Refused(r).into(),
            other => LedgerError::Postgres(other),
        }
    }
}

/// What [`Ledger::prepare`] finds: what must happen beside the log, the value kept beside the
/// entry, and the statement decoded (or why it does not decode).
type Prepared = (After, Option<Vec<u8>>, Result<Statement, StatementError>);

/// What must happen beside the log for a submission of `st` carrying `beside`; checks the
/// text or the payment against the statement's digest. Bodies that do not decode are left to
/// the policy, which refuses them with its own codes.
fn plan(st: &Statement, beside: Beside) -> Result<After, LedgerError> {
    let content = match beside {
        Beside::Payment(p) => return payments::plan(st, p),
        Beside::Nothing if st.kind == Kind::Acknowledge => return payments::plan_without(st),
        Beside::Text(t) => Some(t),
        Beside::Nothing => None,
    };
    match (st.kind, content) {
        (Kind::Idea, content) => match (Body::decode(Kind::Idea, &st.body), content) {
            (Ok(Body::Idea(b)), Some(text)) if b.digest.0 != text.digest() => Err(LedgerError::ContentMismatch),
            (Ok(_), Some(text)) => Ok(After::Store(text)),
            (Ok(_), None) => Err(LedgerError::ContentRequired),
            (Err(_), _) => Ok(After::Nothing),
        },
        (_, Some(_)) => Err(LedgerError::UnexpectedContent),
        (_, None) => Ok(withdrawn_idea(st).map_or(After::Nothing, After::Erase)),
    }
}

/// The idea whose text a `withdraw` statement erases (`None` for any other statement, or a
/// body that does not decode).
pub fn withdrawn_idea(st: &Statement) -> Option<Id> {
    if st.kind != Kind::Withdraw {
        return None;
    }
    match Body::decode(Kind::Withdraw, &st.body) {
        Ok(Body::Withdraw(b)) => Some(b.idea),
        _ => None,
    }
}

/// Checks a value kept beside the entry of `st` (its bytes as the store keeps them) as an
/// append checks what it is sent: an idea's text and salt must give the idea's digest, an
/// acknowledgement's payment its `payment` digest, and no other statement keeps a value.
/// The audit of a log kept in PostgreSQL (`scale::audit`) checks `heard_side` with this.
pub fn check_kept_beside(st: &Statement, value: &[u8]) -> Result<(), LedgerError> {
    let beside = match st.kind {
        Kind::Idea => Beside::Text(content::decode(value)?),
        Kind::Acknowledge => Beside::Payment(payment::decode(value)?),
        _ => return Err(LedgerError::UnexpectedContent),
    };
    match plan(st, beside)? {
        After::Store(_) | After::Pay(_) => Ok(()),
        // A body that does not decode carries no digest for a value to match.
        _ => Err(LedgerError::UnexpectedContent),
    }
}

fn idea_id(entry_bytes: &[u8]) -> Result<Id, AttributionError> {
    let e = crate::protocol::entry::Entry::decode(entry_bytes).map_err(|e| AttributionError::Storage(e.to_string()))?;
    Ok(Id(crate::protocol::statement::statement_hash(&e.statement)))
}

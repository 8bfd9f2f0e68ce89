//! The domain half of the API: consultations, ideas, portfolios, claim cards, reports and
//! their exports, knowledge-equity figures, the verify link printed in exports, and the log
//! as C2SP tlog-tiles.
//!
//! Everything here reads through the [`crate::ledger::Ledger`]; nothing is written. Ids are
//! statement hashes and keys are Ed25519 public keys, both 64 hex digits. Contributors are
//! shown only as they consented (`named`, `pseudonym`, `contributor`, `withdrawn`): idea
//! views never carry a contributor's key or claim-card hash.

mod reports;
mod tlog;
mod verify;

pub(super) use reports::*;
pub(super) use tlog::*;
pub(super) use verify::*;

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use tower_http::compression::CompressionLayer;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::error::{ApiError, Problem, status_of};
use super::negotiate::Format;
use crate::attribution::export::verify_url;
use crate::attribution::kinds::{ACK_DECLINED, Id, Outcome, Recognition, Usage};
use crate::attribution::query::{Attribution, ConsultationSummary, IdeaView};
use crate::attribution::state::ResponseRec;
use crate::ledger::{AckFormat, Figures};
use crate::log::tiles::{Tile, TileError};
use crate::protocol::cbor;
use crate::protocol::entry::entry_hash;
use crate::protocol::note::TlogProof;
use crate::protocol::receipt::{self, verify_receipt};
use crate::protocol::statement::Kind;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/consultations", get(list_consultations))
        .route("/v1/consultations/{id}", get(consultation))
        .route("/v1/consultations/{id}/figures", get(consultation_figures))
        .route("/v1/organisations/{key}/figures", get(organisation_figures))
        .route("/v1/ideas/{id}", get(idea))
        .route("/v1/contributors/{key}", get(contributor))
        .route("/v1/cards/{code}", get(card))
        .route("/v1/reports", get(resolve_report))
        .route("/v1/reports/{id}", get(report))
        .route("/v1/reports/{id}/figures", get(report_figures))
        .route("/v1/reports/{id}/acknowledgements.md", get(acknowledgements_md))
        .route("/v1/reports/{id}/acknowledgements.txt", get(acknowledgements_txt))
        .route("/v1/reports/{id}/citations.csl.json", get(citations_csl))
        .route("/v1/reports/{id}/citations.bib", get(citations_bib))
        .route("/v1/verify", get(verify_entry).post(verify_post))
        .route("/tiles/checkpoint", get(tiles_checkpoint))
        // Entry bundles are CBOR with much repeated structure: gzip when the client accepts it
        // (hash tiles are random bytes, so they are left alone).
        .route("/tiles/tile/entries/{*path}", get(entry_bundle).layer(CompressionLayer::new().gzip(true)))
        .route("/tiles/tile/{*path}", get(tile))
}

/// Most ideas a `POST /v1/verify` may list.
pub const MAX_CITATIONS: usize = 1000;

const MD: &str = "text/markdown; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";
const CSL: &str = "application/vnd.citationstyles.csl+json";
const BIBTEX: &str = "application/x-bibtex; charset=utf-8";
const OCTETS: &str = "application/octet-stream";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

/// Reads 64 hex digits (a statement hash or a public key).
fn parse_id(s: &str) -> Result<Id, ApiError> {
    let bad = || ApiError::bad_request("malformed", "an id or key is 64 hex digits");
    let b = hex::decode(s).map_err(|_| bad())?;
    Ok(Id(b.try_into().map_err(|_| bad())?))
}

/// The one path parameter, read as 64 hex digits (`malformed` otherwise).
pub(super) struct HexPath(pub(super) Id);

impl<S: Send + Sync> FromRequestParts<S> for HexPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(s) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request("malformed", e.body_text()))?;
        parse_id(&s).map(HexPath)
    }
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t).map_err(|e| ApiError::bad_request("malformed", e.body_text()))
}

fn typed(content_type: &'static str, body: impl IntoResponse) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

// ---------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------

/// A contributor as they consented to be shown.
#[derive(Serialize, ToSchema)]
pub struct ContributorJson {
    /// `named`, `pseudonym`, `contributor` (anonymous, or a card not yet claimed) or `withdrawn`.
    shown_as: String,
    /// The name or pseudonym, when there is one to show.
    name: Option<String>,
    /// How the attribution reads in a sentence.
    display: String,
}

pub(super) fn contributor_json(a: &Attribution) -> ContributorJson {
    let (shown_as, name) = match a {
        Attribution::Named(n) => ("named", Some(n.clone())),
        Attribution::Pseudonym(n) => ("pseudonym", Some(n.clone())),
        Attribution::Contributor => ("contributor", None),
        Attribution::Withdrawn => ("withdrawn", None),
    };
    ContributorJson { shown_as: shown_as.into(), name, display: a.to_string() }
}

/// One citation of an idea in a report.
#[derive(Serialize, ToSchema)]
pub struct CitationJson {
    /// Report id, hex.
    report: String,
    /// Report title.
    report_title: String,
    /// Report version.
    report_version: String,
    /// Where in the report (e.g. `recommendation 3`).
    locator: String,
    /// `quoted`, `paraphrased` or `informed`.
    how: String,
    /// Seq of the `cite` entry.
    seq: u64,
    /// Its log time, ms since the Unix epoch.
    log_time: u64,
}

/// A response to an idea ("you said, we did").
#[derive(Serialize, ToSchema)]
pub struct ResponseJson {
    /// `adopted`, `adapted`, `under consideration` or `not adopted`.
    outcome: String,
    /// The reason given.
    reason: Option<String>,
    /// Links given.
    links: Vec<String>,
    /// Seq of the `respond` entry.
    seq: u64,
    /// Its log time, ms since the Unix epoch.
    log_time: u64,
}

pub(super) fn response_json(r: &ResponseRec) -> ResponseJson {
    ResponseJson {
        outcome: Outcome::from_code(r.outcome).map(Outcome::name).unwrap_or("responded").into(),
        reason: r.reason.clone(),
        links: r.links.clone(),
        seq: r.seq,
        log_time: r.log_time,
    }
}

/// An idea as the public sees it.
#[derive(Serialize, ToSchema)]
pub struct IdeaJson {
    /// Idea id (statement hash), hex.
    id: String,
    /// Entry seq.
    seq: u64,
    /// Log time, ms since the Unix epoch.
    log_time: u64,
    /// Entry hash, hex (what a verify link names).
    entry_hash: String,
    /// `<public url>/v1/verify?entry=<entry hash>`.
    verify_url: String,
    /// Consultation id, hex.
    consultation: String,
    /// Consultation title.
    consultation_title: String,
    /// The contributor as consented.
    contributor: ContributorJson,
    /// Current consent level: `named`, `pseudonym` or `anonymous`.
    consent: String,
    /// Co-contributors who confirmed the idea.
    confirmed_co_contributors: u64,
    /// The idea's words; absent when withdrawn or not stored.
    text: Option<String>,
    /// `verified`, `withdrawn`, `text_missing` or `mismatch`.
    status: String,
    /// Whether the entry at the idea's seq holds exactly this idea and is in the latest tree.
    in_log: bool,
    /// Withdrawn by its contributor.
    withdrawn: bool,
    /// Tags.
    tags: Vec<String>,
    /// Ids of the ideas it builds on, hex.
    builds_on: Vec<String>,
    /// Citations, in log order.
    citations: Vec<CitationJson>,
    /// Responses, in log order.
    responses: Vec<ResponseJson>,
    /// Number of acknowledgements recorded for it.
    acknowledgements: u64,
    /// The day the idea was given, `YYYY-MM-DD`: the idea statement's `given` date, else the
    /// UTC day of its author time (never the log time).
    #[schema(format = Date, example = "2026-03-14")]
    given: String,
    /// The UTC day the log recorded it (of `log_time`), `YYYY-MM-DD`.
    #[schema(format = Date, example = "2026-04-02")]
    recorded: String,
    /// The 32-byte salt of the idea's digest, present exactly when `text` is (last, so that
    /// the earlier CBOR field positions do not move): standard base64
    /// in JSON, a byte string in CBOR. SHA-256(salt ‖ UTF-8 text) must equal the `digest`
    /// (key 1) of the idea's body in its logged entry (docs/PROTOCOL.md §15), which any
    /// client can check without trusting this server's `status`.
    #[serde(serialize_with = "cbor::opt_base64_or_bytes")]
    #[schema(value_type = Option<String>)]
    salt: Option<Vec<u8>>,
}

/// Builds idea views, looking each report up once.
struct Views<'a> {
    state: &'a AppState,
    reports: HashMap<Id, (String, String)>,
}

impl<'a> Views<'a> {
    fn new(state: &'a AppState) -> Self {
        Views { state, reports: HashMap::new() }
    }

    fn report_title(&mut self, id: &Id) -> Result<(String, String), ApiError> {
        if let Some(t) = self.reports.get(id) {
            return Ok(t.clone());
        }
        // A citation names a report the log holds; failing to read it is a storage fault.
        let r = self.state.ledger().report(id).map_err(ApiError::internal)?;
        let t = (r.title, r.version);
        self.reports.insert(*id, t.clone());
        Ok(t)
    }

    fn idea(&mut self, v: &IdeaView) -> Result<IdeaJson, ApiError> {
        let mut citations = Vec::with_capacity(v.citations.len());
        for c in &v.citations {
            let (report_title, report_version) = self.report_title(&c.report)?;
            citations.push(CitationJson {
                report: c.report.hex(),
                report_title,
                report_version,
                locator: c.locator.clone(),
                how: Usage::from_code(c.how).map(Usage::name).unwrap_or("informed").into(),
                seq: c.seq,
                log_time: c.log_time,
            });
        }
        let eh = v.verification.entry_hash;
        Ok(IdeaJson {
            id: v.id.hex(),
            seq: v.seq,
            log_time: v.log_time,
            entry_hash: hex::encode(eh),
            verify_url: verify_url(&self.state.config.public_url, &eh),
            consultation: v.consultation.hex(),
            consultation_title: v.consultation_title.clone(),
            contributor: contributor_json(&v.contributor),
            consent: v.consent.name().into(),
            confirmed_co_contributors: v.confirmed_co_contributors as u64,
            text: if v.withdrawn { None } else { v.text.clone() },
            // Only with its text: a salt alone would help no one and is erased with it.
            salt: if v.withdrawn || v.text.is_none() { None } else { v.salt.clone() },
            status: v.verification.status().into(),
            in_log: v.verification.in_log,
            withdrawn: v.withdrawn,
            tags: v.tags.clone(),
            builds_on: v.builds_on.iter().map(Id::hex).collect(),
            citations,
            responses: v.responses.iter().map(response_json).collect(),
            acknowledgements: v.acks.len() as u64,
            given: v.given.clone(),
            recorded: crate::attribution::dates::utc_day(v.log_time),
        })
    }

    fn ideas(&mut self, vs: &[IdeaView]) -> Result<Vec<IdeaJson>, ApiError> {
        vs.iter().map(|v| self.idea(v)).collect()
    }
}

/// Counts by consent level.
#[derive(Serialize, ToSchema)]
pub struct ConsentCounts {
    /// Named.
    named: u64,
    /// Pseudonym.
    pseudonym: u64,
    /// Anonymous (or not yet claimed).
    anonymous: u64,
}

/// Shares by consent level (0 to 1).
#[derive(Serialize, ToSchema)]
pub struct ConsentShares {
    /// Named.
    #[serde(serialize_with = "cbor::millionths")]
    named: f64,
    /// Pseudonym.
    #[serde(serialize_with = "cbor::millionths")]
    pseudonym: f64,
    /// Anonymous (or not yet claimed).
    #[serde(serialize_with = "cbor::millionths")]
    anonymous: f64,
}

/// Knowledge-equity figures (definitions: docs/EQUITY.md). Shares are computed from the
/// integer counts beside them, which are exact; in CBOR answers every fraction is an integer
/// in millionths (docs/PROTOCOL.md §17).
#[derive(Serialize, ToSchema)]
pub struct FiguresJson {
    /// Ideas in scope (withdrawn ones included).
    ideas: u64,
    /// Distinct contributors of those ideas.
    contributors: u64,
    /// Ideas with at least one citation counted.
    cited_ideas: u64,
    /// `cited_ideas / ideas`.
    #[serde(serialize_with = "cbor::millionths")]
    share_cited: f64,
    /// Ideas with at least one response.
    responded_ideas: u64,
    /// `responded_ideas / ideas`.
    #[serde(serialize_with = "cbor::millionths")]
    share_responded: f64,
    /// Median whole days from an idea to its first response; absent when none responded.
    #[serde(serialize_with = "cbor::opt_millionths")]
    median_days_to_response: Option<f64>,
    /// Ideas by current consent level.
    ideas_by_consent: ConsentCounts,
    /// Citations: distinct (report, idea) pairs.
    citations: u64,
    /// Citations by the cited idea's consent level.
    citations_by_consent: ConsentCounts,
    /// `citations_by_consent / citations`.
    credit_share_by_consent: ConsentShares,
    /// Sum of every contributor's credits.
    credits: u64,
    /// Share of credits going to the ceil(10%) most-credited contributors.
    #[serde(serialize_with = "cbor::millionths")]
    top_decile_share: f64,
    /// Gini coefficient of credits over every contributor in scope.
    #[serde(serialize_with = "cbor::millionths")]
    gini: f64,
    /// Share of ideas given by the ceil(10%) most prolific contributors (the "vocal few").
    #[serde(serialize_with = "cbor::millionths")]
    ideas_top_decile_share: f64,
    /// Gini coefficient of ideas given per contributor.
    #[serde(serialize_with = "cbor::millionths")]
    ideas_gini: f64,
}

fn counts(c: [u64; 3]) -> ConsentCounts {
    ConsentCounts { named: c[0], pseudonym: c[1], anonymous: c[2] }
}

fn figures_json(f: &Figures) -> FiguresJson {
    let s = f.credit_share_by_consent;
    FiguresJson {
        ideas: f.ideas,
        contributors: f.contributors,
        cited_ideas: f.cited_ideas,
        share_cited: f.share_cited,
        responded_ideas: f.responded_ideas,
        share_responded: f.share_responded,
        median_days_to_response: f.median_days_to_response,
        ideas_by_consent: counts(f.ideas_by_consent),
        citations: f.citations,
        citations_by_consent: counts(f.citations_by_consent),
        credit_share_by_consent: ConsentShares { named: s[0], pseudonym: s[1], anonymous: s[2] },
        credits: f.credits,
        top_decile_share: f.top_decile_share,
        gini: f.gini,
        ideas_top_decile_share: f.ideas_top_decile_share,
        ideas_gini: f.ideas_gini,
    }
}

/// Figures for one scope.
#[derive(Serialize, ToSchema)]
pub struct FiguresView {
    /// `consultation`, `organisation` or `report`.
    scope: String,
    /// The consultation or report id, or the organisation's party key, hex.
    id: String,
    /// The consultation's or report's title, or the organisation's name.
    name: Option<String>,
    /// The figures.
    figures: FiguresJson,
}

// ---------------------------------------------------------------------------------------
// Consultations
// ---------------------------------------------------------------------------------------

/// A consultation as a list shows it.
#[derive(Serialize, ToSchema)]
pub struct ConsultationJson {
    /// Consultation id (statement hash), hex.
    id: String,
    /// Entry seq.
    seq: u64,
    /// Log time, ms since the Unix epoch.
    log_time: u64,
    /// Title.
    title: String,
    /// Date as given.
    date: String,
    /// Place.
    place: String,
    /// Topic.
    topic: String,
    /// Convening organisation's party key, hex.
    convenor: String,
    /// Convening organisation's enrolled name.
    convenor_name: Option<String>,
    /// Ideas given in it (withdrawn ones included).
    ideas: u64,
    /// Log time after which no ideas are accepted.
    closes: Option<u64>,
    /// Seq of the `close` statement that closed it (absent while not closed by one).
    closed_seq: Option<u64>,
    /// Log time of that `close` entry, ms since the Unix epoch.
    closed_at: Option<u64>,
}

fn consultation_json(s: &ConsultationSummary) -> ConsultationJson {
    ConsultationJson {
        id: s.id.hex(),
        seq: s.rec.seq,
        log_time: s.rec.log_time,
        title: s.rec.title.clone(),
        date: s.rec.date.clone(),
        place: s.rec.place.clone(),
        topic: s.rec.topic.clone(),
        convenor: s.rec.convenor.hex(),
        convenor_name: s.convenor_name.clone(),
        ideas: s.ideas,
        closes: s.rec.closes,
        closed_seq: s.rec.closed.map(|c| c.seq),
        closed_at: s.rec.closed.map(|c| c.log_time),
    }
}

/// Paging of the consultation list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsultationsQuery {
    /// Most consultations to return (default 50, at most 500).
    limit: Option<usize>,
    /// Only consultations logged before this seq (the `next_before` of the previous page).
    before: Option<u64>,
}

/// A page of consultations, newest first.
#[derive(Serialize, ToSchema)]
pub struct ConsultationList {
    /// The consultations.
    consultations: Vec<ConsultationJson>,
    /// Pass as `before` for the next page; absent on the last page.
    next_before: Option<u64>,
}

/// Recent consultations, newest first.
#[utoipa::path(get, path = "/v1/consultations", params(ConsultationsQuery),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((ConsultationList = "application/json"), (ConsultationList = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem)))]
pub(super) async fn list_consultations(
    State(state): State<AppState>,
    fmt: Format,
    q: Result<Query<ConsultationsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let list = state.ledger().recent_consultations(limit, q.before)?;
    let next_before = if list.len() == limit { list.last().map(|s| s.rec.seq) } else { None };
    let consultations = list.iter().map(consultation_json).collect();
    Ok(fmt.ok(&ConsultationList { consultations, next_before }))
}

/// A consultation with its ideas and figures.
#[derive(Serialize, ToSchema)]
pub struct ConsultationDetail {
    /// The consultation.
    consultation: ConsultationJson,
    /// Its ideas, in log order.
    ideas: Vec<IdeaJson>,
    /// Its knowledge-equity figures.
    figures: FiguresJson,
}

/// A consultation, its ideas (public view) and its equity figures.
#[utoipa::path(get, path = "/v1/consultations/{id}", params(("id" = String, Path, description = "consultation id, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((ConsultationDetail = "application/json"), (ConsultationDetail = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn consultation(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    let ledger = state.ledger();
    let summary = ledger.consultation_summary(&id)?;
    let ideas = Views::new(&state).ideas(&ledger.ideas_of_consultation(&id)?)?;
    let figures = figures_json(&ledger.figures_for_consultation(&id)?);
    Ok(fmt.ok(&ConsultationDetail { consultation: consultation_json(&summary), ideas, figures }))
}

/// A consultation's knowledge-equity figures.
#[utoipa::path(get, path = "/v1/consultations/{id}/figures", params(("id" = String, Path, description = "consultation id, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((FiguresView = "application/json"), (FiguresView = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn consultation_figures(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    let c = state.ledger().consultation(&id)?;
    let f = state.ledger().figures_for_consultation(&id)?;
    Ok(fmt.ok(&FiguresView {
        scope: "consultation".into(),
        id: id.hex(),
        name: Some(c.title),
        figures: figures_json(&f),
    }))
}

/// An organisation's knowledge-equity figures, over every consultation it convened.
#[utoipa::path(get, path = "/v1/organisations/{key}/figures", params(("key" = String, Path, description = "any of the organisation's keys, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((FiguresView = "application/json"), (FiguresView = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn organisation_figures(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(key): HexPath,
) -> Result<Response, ApiError> {
    let (party, name) = state.ledger().organisation(&key)?;
    let f = state.ledger().figures_for_organisation(&party)?;
    Ok(fmt.ok(&FiguresView { scope: "organisation".into(), id: party.hex(), name, figures: figures_json(&f) }))
}

// ---------------------------------------------------------------------------------------
// Ideas, contributors, cards
// ---------------------------------------------------------------------------------------

/// One event in an idea's history.
#[derive(Serialize, ToSchema)]
pub struct EventJson {
    /// Entry seq.
    seq: u64,
    /// Log time, ms since the Unix epoch.
    log_time: u64,
    /// Statement kind.
    kind: String,
    /// What happened, in plain words.
    what: String,
}

/// An idea and what happened to it.
#[derive(Serialize, ToSchema)]
pub struct IdeaDetail {
    /// The idea.
    idea: IdeaJson,
    /// Its history, in log order.
    history: Vec<EventJson>,
}

/// An idea and its history ("what happened to an idea").
#[utoipa::path(get, path = "/v1/ideas/{id}", params(("id" = String, Path, description = "idea id, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((IdeaDetail = "application/json"), (IdeaDetail = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn idea(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    let v = state.ledger().idea(&id)?;
    let history = state
        .ledger()
        .history(&id)?
        .into_iter()
        .map(|e| EventJson {
            seq: e.seq,
            log_time: e.log_time,
            kind: Kind::from_code(e.kind).map(Kind::name).unwrap_or("unknown").into(),
            what: e.what,
        })
        .collect();
    let idea = Views::new(&state).idea(&v)?;
    Ok(fmt.ok(&IdeaDetail { idea, history }))
}

/// An acknowledgement of an idea.
#[derive(Serialize, ToSchema)]
pub struct AckJson {
    /// Seq of the `acknowledge` entry.
    seq: u64,
    /// Its log time, ms since the Unix epoch.
    log_time: u64,
    /// `payment`, `voucher`, ...
    recognition: String,
    /// `given` or `declined`.
    status: String,
    /// Whether an amount was recorded. It is never shown here: only the contributor
    /// (`POST /v1/payments/contributor`) and the organisation (`POST /v1/payments/organisation`)
    /// are shown it (docs/PROTOCOL.md §21).
    has_amount: bool,
    /// Note.
    note: Option<String>,
}

/// One idea in a portfolio.
#[derive(Serialize, ToSchema)]
pub struct PortfolioItemJson {
    /// The idea (its citations say where it was cited).
    idea: IdeaJson,
    /// True when the contributor is a confirmed co-contributor rather than the contributor.
    as_co_contributor: bool,
    /// Acknowledgements.
    acknowledgements: Vec<AckJson>,
}

/// A contributor's portfolio.
#[derive(Serialize, ToSchema)]
pub struct PortfolioJson {
    /// The party (the contributor's first key), hex.
    party: String,
    /// Ideas given or co-authored.
    ideas: u64,
    /// Of those, ideas cited at least once.
    cited: u64,
    /// The ideas, in log order.
    items: Vec<PortfolioItemJson>,
}

/// A contributor's portfolio: every idea they gave, claimed or co-authored, with what came of
/// it. A key with no ideas has an empty portfolio.
#[utoipa::path(get, path = "/v1/contributors/{key}", params(("key" = String, Path, description = "any of the contributor's keys, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((PortfolioJson = "application/json"), (PortfolioJson = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem)))]
pub(super) async fn contributor(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(key): HexPath,
) -> Result<Response, ApiError> {
    let p = state.ledger().portfolio(&key)?;
    let mut views = Views::new(&state);
    let mut items = Vec::with_capacity(p.items.len());
    for item in &p.items {
        items.push(PortfolioItemJson {
            idea: views.idea(&item.idea)?,
            as_co_contributor: item.as_co_contributor,
            acknowledgements: item
                .acknowledgements
                .iter()
                .map(|a| AckJson {
                    seq: a.seq,
                    log_time: a.log_time,
                    recognition: Recognition::from_code(a.recognition)
                        .map(Recognition::name)
                        .unwrap_or("recognition")
                        .into(),
                    status: if a.status == ACK_DECLINED { "declined" } else { "given" }.into(),
                    has_amount: a.payment.is_some() || a.amount.is_some(),
                    note: a.note.clone(),
                })
                .collect(),
        });
    }
    let cited = p.items.iter().filter(|i| !i.idea.citations.is_empty()).count() as u64;
    Ok(fmt.ok(&PortfolioJson { party: p.party.hex(), ideas: items.len() as u64, cited, items }))
}

/// A claim card as the claim page shows it.
#[derive(Serialize, ToSchema)]
pub struct CardJson {
    /// The consultation the card belongs to, hex.
    consultation: String,
    /// Its title.
    consultation_title: String,
    /// Whether the card has been claimed.
    claimed: bool,
    /// The ideas recorded with it, in log order.
    ideas: Vec<IdeaJson>,
}

/// The claim card for a code as typed from the card (case, `-` and spaces do not matter).
#[utoipa::path(get, path = "/v1/cards/{code}", params(("code" = String, Path, description = "the claim code, e.g. 7Q2M-…")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((CardJson = "application/json"), (CardJson = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn card(
    State(state): State<AppState>,
    fmt: Format,
    code: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Response, ApiError> {
    let Path(code) = code.map_err(|e| ApiError::bad_request("bad_claim_code", e.body_text()))?;
    let c = state.ledger().card(&code)?;
    let title = state.ledger().consultation(&c.consultation).map_err(ApiError::internal)?.title;
    let ideas = Views::new(&state).ideas(&c.ideas)?;
    Ok(fmt.ok(&CardJson { consultation: c.consultation.hex(), consultation_title: title, claimed: c.claimed, ideas }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_64_hex_digits() {
        assert_eq!(parse_id(&"ab".repeat(32)).map(|i| i.0), Ok([0xab; 32]));
        assert_eq!(parse_id(&"AB".repeat(32)).map(|i| i.0), Ok([0xab; 32]));
        for bad in ["", "ab", &"ab".repeat(33), &"zz".repeat(32)] {
            assert_eq!(parse_id(bad).map_err(|e| (e.status, e.code)), Err((StatusCode::BAD_REQUEST, "malformed")));
        }
        assert_eq!(status_of("unknown_card"), StatusCode::NOT_FOUND);
        assert_eq!(status_of("bad_claim_code"), StatusCode::BAD_REQUEST);
    }
}

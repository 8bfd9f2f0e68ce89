//! The domain half of the API: consultations, ideas, portfolios, claim cards, reports and
//! their exports, knowledge-equity figures, the verify link printed in exports, and the log
//! as C2SP tlog-tiles.
//!
//! Everything here reads through the [`crate::ledger::Ledger`]; nothing is written. Ids are
//! statement hashes and keys are Ed25519 public keys, both 64 hex digits. Contributors are
//! shown only as they consented (`named`, `pseudonym`, `contributor`, `withdrawn`): idea
//! views never carry a contributor's key or claim-card hash.

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
use crate::log::tiles::{self, Tile, TileError};
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

// ---------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------

/// Which report: the citing policy team and the report's title and version.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Any key of the policy team that cited it, 64 hex digits.
    team: String,
    /// Report title, exactly as cited.
    title: String,
    /// Report version, exactly as cited.
    version: String,
}

/// A report's id.
#[derive(Serialize, ToSchema)]
pub struct ReportIdJson {
    /// Report id, hex.
    id: String,
    /// Title.
    title: String,
    /// Version.
    version: String,
    /// The policy team's party key, hex.
    team: String,
}

/// Resolves a report id from its policy team, title and version (404 when nothing cites it).
#[utoipa::path(get, path = "/v1/reports", params(ReportQuery),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((ReportIdJson = "application/json"), (ReportIdJson = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn resolve_report(
    State(state): State<AppState>,
    fmt: Format,
    q: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let team = parse_id(&q.team)?;
    let id = state.ledger().report_id(&team, &q.title, &q.version)?;
    let r = state.ledger().report(&id)?;
    Ok(fmt.ok(&ReportIdJson { id: id.hex(), title: r.title, version: r.version, team: r.author.hex() }))
}

/// One use of an idea in a report.
#[derive(Serialize, ToSchema)]
pub struct UseJson {
    /// Where in the report.
    locator: String,
    /// `quoted`, `paraphrased` or `informed`.
    how: String,
}

/// An earlier idea a cited idea builds on.
#[derive(Serialize, ToSchema)]
pub struct LineageJson {
    /// The source idea's id, hex.
    idea: String,
    /// Its contributor as consented.
    contributor: ContributorJson,
    /// 1 for a direct source, 2 for a source of a source, ...
    depth: u32,
}

/// One cited idea in a report.
#[derive(Serialize, ToSchema)]
pub struct ReportItemJson {
    /// The idea.
    idea: IdeaJson,
    /// Every use in this report.
    uses: Vec<UseJson>,
    /// The ideas it builds on, breadth first.
    lineage: Vec<LineageJson>,
    /// The latest response, if any.
    response: Option<ResponseJson>,
}

/// A report's attribution.
#[derive(Serialize, ToSchema)]
pub struct ReportJson {
    /// Report id, hex.
    id: String,
    /// Title.
    title: String,
    /// Version.
    version: String,
    /// URL, if cited with one.
    url: Option<String>,
    /// Document digest, hex, if cited with one.
    digest: Option<String>,
    /// The policy team's party key, hex.
    team: String,
    /// The policy team's enrolled name.
    team_name: Option<String>,
    /// Cited ideas, in order of first use.
    items: Vec<ReportItemJson>,
    /// Contributors credited directly (the cited ideas' contributors).
    direct_contributors: u64,
    /// Contributors credited only through lineage.
    indirect_contributors: u64,
}

/// A report's attribution: every cited idea with its uses, lineage and response.
#[utoipa::path(get, path = "/v1/reports/{id}", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((ReportJson = "application/json"), (ReportJson = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn report(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    let a = state.ledger().report_attribution(&id)?;
    let team_name = state.ledger().party_name(&a.report.author)?;
    let mut views = Views::new(&state);
    let mut items = Vec::with_capacity(a.items.len());
    for item in &a.items {
        items.push(ReportItemJson {
            idea: views.idea(&item.idea)?,
            uses: item.uses.iter().map(|(l, h)| UseJson { locator: l.clone(), how: h.name().into() }).collect(),
            lineage: item
                .lineage
                .iter()
                .map(|l| LineageJson {
                    idea: l.idea.hex(),
                    contributor: contributor_json(&l.contributor),
                    depth: l.depth,
                })
                .collect(),
            response: item.response.as_ref().map(|(_, r)| response_json(r)),
        });
    }
    Ok(fmt.ok(&ReportJson {
        id: id.hex(),
        title: a.report.title.clone(),
        version: a.report.version.clone(),
        url: a.report.url.clone(),
        digest: a.report.digest.map(|d| d.hex()),
        team: a.report.author.hex(),
        team_name,
        items,
        direct_contributors: a.direct.len() as u64,
        indirect_contributors: a.indirect.len() as u64,
    }))
}

/// A report's knowledge-equity figures (its cited ideas, its own citations).
#[utoipa::path(get, path = "/v1/reports/{id}/figures", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((FiguresView = "application/json"), (FiguresView = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn report_figures(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    let r = state.ledger().report(&id)?;
    let f = state.ledger().figures_for_report(&id)?;
    Ok(fmt.ok(&FiguresView {
        scope: "report".into(),
        id: id.hex(),
        name: Some(format!("{} {}", r.title, r.version)),
        figures: figures_json(&f),
    }))
}

/// The report's acknowledgements section in Markdown; every item has its entry hash and verify link.
#[utoipa::path(get, path = "/v1/reports/{id}/acknowledgements.md", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, content_type = "text/markdown", body = String), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn acknowledgements_md(
    State(state): State<AppState>,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    Ok(typed(MD, state.ledger().acknowledgements(&id, AckFormat::Markdown, &state.config.public_url)?))
}

/// The report's acknowledgements section in plain text.
#[utoipa::path(get, path = "/v1/reports/{id}/acknowledgements.txt", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, content_type = "text/plain", body = String), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn acknowledgements_txt(
    State(state): State<AppState>,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    Ok(typed(TEXT, state.ledger().acknowledgements(&id, AckFormat::Text, &state.config.public_url)?))
}

/// CSL-JSON items for the report's cited ideas.
#[utoipa::path(get, path = "/v1/reports/{id}/citations.csl.json", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, content_type = "application/vnd.citationstyles.csl+json", body = Vec<serde_json::Value>, description = "an array of CSL-JSON items"), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn citations_csl(State(state): State<AppState>, HexPath(id): HexPath) -> Result<Response, ApiError> {
    Ok(typed(CSL, state.ledger().csl_json(&id, &state.config.public_url)?))
}

/// BibTeX `@misc` entries for the report's cited ideas.
#[utoipa::path(get, path = "/v1/reports/{id}/citations.bib", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, content_type = "application/x-bibtex", body = String), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn citations_bib(State(state): State<AppState>, HexPath(id): HexPath) -> Result<Response, ApiError> {
    Ok(typed(BIBTEX, state.ledger().bibtex(&id, &state.config.public_url)?))
}

// ---------------------------------------------------------------------------------------
// Verify
// ---------------------------------------------------------------------------------------

/// One check of a verification.
#[derive(Serialize, ToSchema)]
pub struct CheckJson {
    /// Stable name: `receipt_format`, `checkpoint_signature`, `witnesses`,
    /// `checkpoint_format`, `entry_format`, `inclusion`, `statement_signature`, or
    /// `entry_in_log` (a citation naming no entry of this log).
    name: String,
    /// Whether it passed.
    passed: bool,
    /// What was checked and found.
    detail: String,
}

/// What a valid receipt proves.
#[derive(Serialize, ToSchema)]
pub struct FactsJson {
    /// Statement kind.
    kind: String,
    /// Log time, ms since the Unix epoch.
    log_time: u64,
    /// Tree size of the checkpoint the receipt proves inclusion in.
    tree_size: u64,
    /// Witnesses whose cosignatures verified.
    witnesses: Vec<String>,
}

/// The server's verdict on one entry or receipt, using only the log's key.
#[derive(Serialize, ToSchema)]
pub struct VerifyResult {
    /// Entry hash, hex (absent when the receipt carries no readable entry).
    entry_hash: Option<String>,
    /// Entry seq (absent when unknown).
    seq: Option<u64>,
    /// Whether every check passed.
    valid: bool,
    /// The checks made, in order; verification stops at the first failure.
    checks: Vec<CheckJson>,
    /// The receipt verified (C2SP tlog-proof text with the entry).
    receipt: Option<String>,
    /// Its compact base64url form.
    receipt_compact: Option<String>,
    /// What the receipt proves, when valid.
    facts: Option<FactsJson>,
    /// What the receipt proves in plain words (who said what, where, under which name, cited
    /// where, answered how), from this server's record, when valid and of this log.
    proves: Option<super::proves::ProvesJson>,
}

/// Verifies a receipt with the log's own key; `input` is receipt text or its compact form.
fn verdict(state: &AppState, input: &str, lang: crate::i18n::Lang) -> VerifyResult {
    // The log's witnesses are named so that their cosignatures are listed; none is required
    // (a receipt made before its checkpoint was witnessed is still valid).
    let witnesses = state.ledger().witness_policy().verifiers();
    let report = verify_receipt(input, state.log().verifier(), &witnesses, 0);
    let text = receipt::from_either(input).ok();
    let parsed = text.as_deref().and_then(|t| TlogProof::parse(t).ok());
    let (entry_hash, seq) = match (&report.facts, &parsed) {
        (Some(f), _) => (Some(hex::encode(f.entry_hash)), Some(f.seq)),
        (None, Some(p)) => (p.extra.as_deref().map(|e| hex::encode(entry_hash(e))), Some(p.index)),
        (None, None) => (None, None),
    };
    let proves = match (&report.facts, &parsed) {
        (Some(f), Some(p)) => p.extra.as_deref().and_then(|e| super::proves::proves_in(state.ledger(), lang, f.seq, e)),
        _ => None,
    };
    VerifyResult {
        entry_hash,
        seq,
        proves,
        valid: report.ok(),
        checks: report
            .checks
            .iter()
            .map(|c| CheckJson { name: c.name.into(), passed: c.passed, detail: c.detail.clone() })
            .collect(),
        receipt_compact: text.as_deref().map(receipt::to_compact),
        receipt: text,
        facts: report.facts.map(|f| FactsJson {
            kind: f.kind.name().into(),
            log_time: f.log_time,
            tree_size: f.tree_size,
            witnesses: f.witnesses,
        }),
    }
}

/// The seq of the entry with this entry hash (or, failing that, statement hash).
fn seq_of(state: &AppState, hash: &Id) -> Result<Option<u64>, ApiError> {
    let store = state.log().store();
    let seq = match store.seq_of_entry(&hash.0)? {
        Some(s) => Some(s),
        None => store.seq_of_statement(&hash.0)?,
    };
    Ok(seq.filter(|s| *s < state.log().latest().size))
}

fn verify_known(state: &AppState, seq: u64) -> Result<VerifyResult, ApiError> {
    let r = state.log().receipt(seq)?;
    Ok(verdict(state, &r, crate::i18n::Lang::EnGb))
}

/// Which entry to verify.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// Entry hash (or statement hash), 64 hex digits.
    entry: String,
}

/// The verify link printed in exports: builds the entry's receipt and verifies it with the
/// log's own key.
#[utoipa::path(get, path = "/v1/verify", params(VerifyQuery),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((VerifyResult = "application/json"), (VerifyResult = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn verify_entry(
    State(state): State<AppState>,
    fmt: Format,
    q: Result<Query<VerifyQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let hash = parse_id(&q.entry)?;
    let seq = seq_of(&state, &hash)?.ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "unknown_entry", "no entry with this hash is in the log")
    })?;
    Ok(fmt.ok(&verify_known(&state, seq)?))
}

/// A receipt to verify, or the entry hashes of citations: exactly one of the two.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// A receipt: C2SP tlog-proof text with the entry, or its compact base64url form.
    #[serde(default)]
    receipt: Option<String>,
    /// Entry hashes (hex) of cited ideas, as printed in exports; at most 1000.
    #[serde(default)]
    citations: Option<Vec<String>>,
}

/// One verdict per citation.
#[derive(Serialize, ToSchema)]
pub struct VerifyResults {
    /// In the order asked.
    results: Vec<VerifyResult>,
}

/// Verifies an uploaded receipt (the server's verdict, using only the log's key), or each of a
/// list of cited entry hashes (a citation naming no entry fails the `entry_in_log` check).
#[utoipa::path(post, path = "/v1/verify", request_body = VerifyRequest,
    responses((status = 200, description = "a VerifyResult for a receipt, VerifyResults for citations; JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((VerifyResult = "application/json"), (VerifyResult = "application/cbor"))), (status = 406, body = Problem),
        (status = 400, body = Problem), (status = 422, body = Problem)))]
pub(super) async fn verify_post(
    State(state): State<AppState>,
    fmt: Format,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    // `proves` in the language the client prefers (the verify page asks in its own).
    let lang = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::i18n::Lang::from_accept_language)
        .unwrap_or_default();
    let r: VerifyRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request("malformed", format!("the JSON body is not valid: {e}")))?;
    let bad = |detail: &str| ApiError::new(status_of("bad_verify_request"), "bad_verify_request", detail);
    match (r.receipt, r.citations) {
        (Some(receipt), None) => {
            if receipt.trim().is_empty() {
                return Err(bad("the receipt is empty"));
            }
            Ok(fmt.ok(&verdict(&state, &receipt, lang)))
        }
        (None, Some(citations)) => {
            if citations.is_empty() {
                return Err(bad("list at least one citation"));
            }
            if citations.len() > MAX_CITATIONS {
                return Err(ApiError::new(
                    status_of("too_many_citations"),
                    "too_many_citations",
                    format!("at most {MAX_CITATIONS} citations are verified at once"),
                ));
            }
            let hashes = citations.iter().map(|c| parse_id(c.trim())).collect::<Result<Vec<_>, _>>()?;
            let results = tokio::task::spawn_blocking(move || {
                hashes
                    .iter()
                    .map(|h| match seq_of(&state, h)? {
                        Some(seq) => verify_known(&state, seq),
                        None => Ok(VerifyResult {
                            entry_hash: Some(h.hex()),
                            seq: None,
                            valid: false,
                            checks: vec![CheckJson {
                                name: "entry_in_log".into(),
                                passed: false,
                                detail: "no entry with this hash is in this log".into(),
                            }],
                            receipt: None,
                            receipt_compact: None,
                            facts: None,
                            proves: None,
                        }),
                    })
                    .collect::<Result<Vec<_>, ApiError>>()
            })
            .await
            .map_err(ApiError::internal)??;
            Ok(fmt.ok(&VerifyResults { results }))
        }
        _ => Err(bad("send exactly one of `receipt` and `citations`")),
    }
}

// ---------------------------------------------------------------------------------------
// Tiles
// ---------------------------------------------------------------------------------------

fn tile_error(e: TileError) -> ApiError {
    match e {
        TileError::BadPath { .. } | TileError::InvalidTile { .. } | TileError::NotFound { .. } => {
            ApiError::new(status_of(e.code()), e.code(), e.to_string())
        }
        other => ApiError::internal(other),
    }
}

fn with_cache(mut r: Response, policy: &'static str) -> Response {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    r
}

/// The latest checkpoint with the witnesses' cosignatures, as `/v1/checkpoint` serves it and
/// `heard export-tiles` writes `checkpoint` (c2sp.org/tlog-tiles).
#[utoipa::path(get, path = "/tiles/checkpoint", responses((status = 200, content_type = "text/plain", body = String)))]
pub(super) async fn tiles_checkpoint(State(state): State<AppState>) -> Response {
    match state.log().latest_cosigned() {
        Ok(note) => with_cache(typed(TEXT, note), NO_CACHE),
        Err(e) => with_cache(ApiError::from(e).into_response(), NO_CACHE),
    }
}

/// A hash tile or entry bundle (`tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`), the bytes
/// `heard export-tiles` writes; full tiles are immutable, partial ones are not cached.
#[utoipa::path(get, path = "/tiles/tile/{path}", params(("path" = String, Path, description = "the rest of a c2sp.org/tlog-tiles path, e.g. 0/x001/234 or entries/000.p/7")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn tile(
    State(state): State<AppState>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    serve_tile(state, path, "tile/").await
}

/// An entry bundle (`/tiles/tile/entries/…`), gzip-compressed when the request accepts gzip.
async fn entry_bundle(
    State(state): State<AppState>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    serve_tile(state, path, "tile/entries/").await
}

async fn serve_tile(
    state: AppState,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    prefix: &str,
) -> Response {
    let served = async {
        let Path(rest) = path.map_err(|e| ApiError::bad_request("bad_tile_path", e.body_text()))?;
        let t = Tile::parse(&format!("{prefix}{rest}")).map_err(tile_error)?;
        let log = state.log().clone();
        let bytes = tokio::task::spawn_blocking(move || tiles::read(&log, &t))
            .await
            .map_err(ApiError::internal)?
            .map_err(tile_error)?;
        Ok::<_, ApiError>((t.is_full(), bytes))
    };
    match served.await {
        Ok((true, bytes)) => with_cache(typed(OCTETS, bytes), IMMUTABLE),
        Ok((false, bytes)) => with_cache(typed(OCTETS, bytes), NO_CACHE),
        // A tile beyond the tree appears later: never cache its 404.
        Err(e) => with_cache(e.into_response(), NO_CACHE),
    }
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

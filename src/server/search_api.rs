//! `GET /v1/search`: the ideas matching words and filters, a page at a time, contributors
//! only as they consented (the same view as `/v1/ideas/{id}`). The parameters are those of
//! the `/search` page (`crate::search::SearchParams`).

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::domain_api::{ContributorJson, ResponseJson, contributor_json, response_json};
use super::error::ApiError;
use super::negotiate::Format;
use crate::ledger::SearchResults;
use crate::search::{PER_PAGE, SearchError, SearchParams, SearchQuery};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/v1/search", get(search))
}

/// One idea found.
#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    /// Idea id (statement hash), hex.
    id: String,
    /// The idea's page on this server, a path (`/ideas/<id>`).
    page: String,
    /// Consultation id, hex.
    consultation: String,
    /// Consultation title.
    consultation_title: String,
    /// The day the idea was given, `YYYY-MM-DD`.
    #[schema(format = Date, example = "2026-03-14")]
    given: String,
    /// The contributor as consented.
    contributor: ContributorJson,
    /// The idea's words; absent when not stored.
    text: Option<String>,
    /// Tags.
    tags: Vec<String>,
    /// Citations in reports.
    citations: u64,
    /// The latest answer from the organisation, if any.
    latest_response: Option<ResponseJson>,
}

/// A page of search results.
#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    /// Ideas matching, on every page.
    total: u64,
    /// This page, from 1.
    page: u32,
    /// Pages there are (at least 1, at most 500).
    pages: u32,
    /// Results on a full page.
    per_page: u32,
    /// This page's ideas: best match first, or newest first when no words were asked.
    results: Vec<SearchHit>,
}

fn bad(e: SearchError) -> ApiError {
    match e {
        SearchError::Unavailable => ApiError::new(axum::http::StatusCode::SERVICE_UNAVAILABLE, e.code(), e.to_string()),
        e if e.is_bad_request() => ApiError::bad_request(e.code(), e.to_string()),
        e => ApiError::internal(e),
    }
}

fn page_json(r: &SearchResults) -> SearchPage {
    let results = r
        .ideas
        .iter()
        .map(|v| SearchHit {
            id: v.id.hex(),
            page: format!("/ideas/{}", v.id.hex()),
            consultation: v.consultation.hex(),
            consultation_title: v.consultation_title.clone(),
            given: v.given.clone(),
            contributor: contributor_json(&v.contributor),
            text: if v.withdrawn { None } else { v.text.clone() },
            tags: v.tags.clone(),
            citations: v.citations.len() as u64,
            latest_response: v.responses.last().map(response_json),
        })
        .collect();
    SearchPage { total: r.total, page: r.page, pages: r.pages, per_page: PER_PAGE as u32, results }
}

/// Ideas matching words (stemmed: "repairs" finds "repair"; every word must match) and
/// filters, 20 a page. A withdrawn idea is never found.
#[utoipa::path(get, path = "/v1/search",
    params(
        ("q" = Option<String>, Query, description = "words to find (at most 200 characters); empty: every idea, newest first"),
        ("consultation" = Option<String>, Query, description = "only ideas of this consultation (its id, 64 hex digits)"),
        ("tag" = Option<String>, Query, description = "only ideas with this tag (any case)"),
        ("contributor" = Option<String>, Query, description = "only ideas whose contributor is shown by this name or pseudonym (any case)"),
        ("from" = Option<String>, Query, description = "only ideas given on or after this day, YYYY-MM-DD"),
        ("to" = Option<String>, Query, description = "only ideas given on or before this day, YYYY-MM-DD"),
        ("cited" = Option<String>, Query, description = "`yes`: only ideas cited in a report; `no`: only ideas never cited; `any` (default)"),
        ("answered" = Option<String>, Query, description = "`yes`: only ideas the organisation answered; `no`: only unanswered ones; `any` (default)"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 500, description = "page number from 1 (default 1)")
    ),
    responses(
        (status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((SearchPage = "application/json"), (SearchPage = "application/cbor"))),
        (status = 400, description = "`bad_page`, `bad_date`, `bad_date_range`, `bad_filter`, `query_too_long`, `malformed`", body = crate::server::Problem),
        (status = 406, body = crate::server::Problem)
    ))]
pub(super) async fn search(
    State(state): State<AppState>,
    fmt: Format,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(params) = q.map_err(|e| ApiError::bad_request("malformed", e.body_text()))?;
    let query = SearchQuery::parse(&params).map_err(bad)?;
    let ledger = state.ledger().clone();
    let results = tokio::task::spawn_blocking(move || ledger.search(&query))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| match e {
            crate::ledger::LedgerError::Search(s) => bad(s),
            other => other.into(),
        })?;
    Ok(fmt.ok(&page_json(&results)))
}

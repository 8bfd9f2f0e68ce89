//! Reports: resolving a report, its items and figures, and its exports (acknowledgements,
//! CSL-JSON, BibTeX).

use super::*;

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
#[utoipa::path(get, tag = "domain_api", path = "/v1/reports", params(ReportQuery),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((ReportIdJson = "application/json"), (ReportIdJson = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn resolve_report(
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
#[utoipa::path(get, tag = "domain_api", path = "/v1/reports/{id}", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((ReportJson = "application/json"), (ReportJson = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn report(
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
#[utoipa::path(get, tag = "domain_api", path = "/v1/reports/{id}/figures", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((FiguresView = "application/json"), (FiguresView = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn report_figures(
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
#[utoipa::path(get, tag = "domain_api", path = "/v1/reports/{id}/acknowledgements.md", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, content_type = "text/markdown", body = String), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn acknowledgements_md(
    State(state): State<AppState>,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    Ok(typed(MD, state.ledger().acknowledgements(&id, AckFormat::Markdown, &state.config.public_url)?))
}

/// The report's acknowledgements section in plain text.
#[utoipa::path(get, tag = "domain_api", path = "/v1/reports/{id}/acknowledgements.txt", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, content_type = "text/plain", body = String), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn acknowledgements_txt(
    State(state): State<AppState>,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    Ok(typed(TEXT, state.ledger().acknowledgements(&id, AckFormat::Text, &state.config.public_url)?))
}

/// CSL-JSON items for the report's cited ideas.
#[utoipa::path(get, tag = "domain_api", path = "/v1/reports/{id}/citations.csl.json", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, content_type = "application/vnd.citationstyles.csl+json", body = Vec<serde_json::Value>, description = "an array of CSL-JSON items"), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn citations_csl(
    State(state): State<AppState>,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    Ok(typed(CSL, state.ledger().csl_json(&id, &state.config.public_url)?))
}

/// BibTeX `@misc` entries for the report's cited ideas.
#[utoipa::path(get, tag = "domain_api", path = "/v1/reports/{id}/citations.bib", params(("id" = String, Path, description = "report id, 64 hex digits")),
    responses((status = 200, content_type = "application/x-bibtex", body = String), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn citations_bib(
    State(state): State<AppState>,
    HexPath(id): HexPath,
) -> Result<Response, ApiError> {
    Ok(typed(BIBTEX, state.ledger().bibtex(&id, &state.config.public_url)?))
}

//! `/search`: find ideas by their words and filter them (consultation, tag, contributor as
//! shown, the dates they were given, cited or not, answered or not), 20 a page. A plain GET
//! form (GOV.UK search and filter patterns), no script; errors as an error summary with the
//! message beside the field.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use maud::{Markup, html};

use super::lang::{t, ta};
use super::{Page, PageError, Section, day, excerpt, layout, outcome_words, shown_by};
use crate::attribution::query::IdeaView;
use crate::ledger::{LedgerError, SearchResults};
use crate::search::{SearchError, SearchParams, SearchQuery};
use crate::server::AppState;

/// How many consultations the filter lists.
const CONSULTATIONS: usize = 200;

/// The sentence shown for a parameter that cannot be read, and the field it belongs to.
fn problem(e: &SearchError) -> (&'static str, String) {
    let field = e.field().unwrap_or("q");
    let id = match e {
        SearchError::BadPage => "search-error-page",
        SearchError::BadDate("from") => "search-error-from",
        SearchError::BadDate(_) => "search-error-to",
        SearchError::BadDateRange => "search-error-range",
        SearchError::QueryTooLong => "search-error-too-long",
        SearchError::BadConsultation => "search-error-consultation",
        SearchError::BadFilter { field: "cited", .. } => "search-error-cited",
        SearchError::BadFilter { field: "answered", .. } => "search-error-answered",
        SearchError::BadFilter { field: "tag", .. } => "search-error-tag",
        SearchError::BadFilter { .. } => "search-error-name",
        _ => "search-error-other",
    };
    (field, t(id))
}

pub(super) async fn page(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Page, PageError> {
    let params = match q {
        Ok(Query(p)) => p,
        Err(_) => {
            return Err(PageError::new(StatusCode::BAD_REQUEST, "search-bad-link-title", "search-bad-link-detail"));
        }
    };
    let ledger = state.ledger().clone();
    let parsed = SearchQuery::parse(&params);
    let searched = match &parsed {
        Ok(query) => {
            let (l, query) = (ledger.clone(), query.clone());
            let r = tokio::task::spawn_blocking(move || l.search(&query)).await.map_err(PageError::internal)?;
            match r {
                Ok(r) => Some(r),
                Err(LedgerError::Search(SearchError::Unavailable)) => {
                    return Err(PageError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "search-unavailable-title",
                        "search-unavailable-detail",
                    ));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(_) => None,
    };
    let consultations = ledger.recent_consultations(CONSULTATIONS, None)?;
    let error = parsed.as_ref().err().map(problem);
    let query = parsed.as_ref().ok();
    let err_for = |f: &str| error.as_ref().filter(|(field, _)| *field == f).map(|(_, w)| w.clone());
    let asked = |v: &Option<String>| v.clone().unwrap_or_default();
    let filtered = [&params.consultation, &params.tag, &params.contributor, &params.from, &params.to]
        .iter()
        .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()))
        || [&params.cited, &params.answered].iter().any(|v| v.as_deref().is_some_and(|s| !s.is_empty() && s != "any"));
    let chosen = |v: &Option<String>, want: &str| v.as_deref().unwrap_or("any") == want;
    let radios = |name: &'static str, legend: String, yes: String, no: String| {
        let v = if name == "cited" { &params.cited } else { &params.answered };
        let e = err_for(name);
        html! {
            fieldset aria-describedby=[e.as_ref().map(|_| format!("{name}-error"))] {
                legend { (legend) }
                @if let Some(e) = &e { p.error id=(format!("{name}-error")) { span.visually-hidden { (t("search-error-prefix")) " " } (e) } }
                @for (value, label) in [("any", t("search-any")), ("yes", yes), ("no", no)] {
                    div.choice {
                        input type="radio" id=(format!("{name}-{value}")) name=(name) value=(value) checked[chosen(v, value)];
                        label for=(format!("{name}-{value}")) { (label) }
                    }
                }
            }
        }
    };
    let text_field = |name: &'static str, label: String, hint: String, kind: &'static str, value: String| {
        let e = err_for(name);
        let described = match &e {
            Some(_) => format!("{name}-hint {name}-error"),
            None => format!("{name}-hint"),
        };
        html! {
            label for=(name) { (label) }
            p.hint id=(format!("{name}-hint")) { (hint) }
            @if let Some(e) = &e { p.error id=(format!("{name}-error")) { span.visually-hidden { (t("search-error-prefix")) " " } (e) } }
            input id=(name) type=(kind) name=(name) value=(value) aria-describedby=(described) aria-invalid=[e.as_ref().map(|_| "true")];
        }
    };
    let title = match query {
        Some(q) if !q.words.is_empty() => ta("search-page-title-words", &[("words", excerpt(&q.words, 40).into())]),
        _ => t("search-title"),
    };
    let main = html! {
        @if let Some((field, words)) = &error {
            div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
                h2 #error-summary-title { (t("error-summary-title")) }
                ul { li { a href=(format!("#{field}")) { (words) } } }
            }
        }
        h1 { (t("search-title")) }
        p.lead { (t("search-lead")) }
        form.search method="get" action="/search" role="search" {
            (text_field("q", t("search-words-label"), t("search-words-hint"), "search", asked(&params.q)))
            details.filters open[filtered || error.is_some()] {
                summary { (t("search-filter")) }
                label for="consultation" { (t("consultation-kicker")) }
                @if let Some(e) = err_for("consultation") { p.error #consultation-error { span.visually-hidden { (t("search-error-prefix")) " " } (e) } }
                select #consultation name="consultation" {
                    option value="" { (t("search-all-consultations")) }
                    @for c in &consultations {
                        option value=(c.id.hex()) selected[params.consultation.as_deref().map(str::trim) == Some(c.id.hex().as_str())] { (c.rec.title) }
                    }
                }
                (text_field("tag", t("search-tag-label"), t("search-tag-hint"), "text", asked(&params.tag)))
                (text_field("contributor", t("given-by"), t("search-contributor-hint"), "text", asked(&params.contributor)))
                fieldset {
                    legend { (t("search-between")) }
                    (text_field("from", t("search-from-label"), t("search-from-hint"), "date", asked(&params.from)))
                    (text_field("to", t("search-to-label"), t("search-to-hint"), "date", asked(&params.to)))
                }
                (radios("cited", t("search-cited-legend"), t("search-cited-yes"), t("search-cited-no")))
                (radios("answered", t("search-answered-legend"), t("search-answered-yes"), t("search-answered-no")))
            }
            button type="submit" { (t("search-submit")) }
        }
        @if let (Some(q), Some(r)) = (query, &searched) {
            (results(q, r))
        }
    };
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    Ok(Page(status, layout(&title, Section::Search, &[], main)))
}

/// What came of an idea, in a few words.
fn outcome(v: &IdeaView) -> Markup {
    let cited = v.citations.len();
    html! {
        ul.status {
            li { @if cited == 0 { (t("search-cited-no")) } @else { (ta("search-cited-count", &[("count", cited.into())])) } }
            li {
                @match v.responses.last() {
                    Some(r) => { (t("search-answered-yes")) ": " (outcome_words(r.outcome)) }
                    None => (t("search-answered-no")),
                }
            }
        }
    }
}

fn results(q: &SearchQuery, r: &SearchResults) -> Markup {
    let link = |page: u32| format!("/search?{}", q.query_string(page));
    html! {
        section aria-labelledby="found" {
            h2 #found {
                (ta("search-found", &[("count", r.total.into())]))
            }
            @if r.ideas.is_empty() {
                @if r.total > 0 { p { (t("search-no-more")) " " a href=(link(1)) { (t("search-first-page")) } } }
                @else { p { (t("search-none")) } }
            } @else {
                ol.results start=((r.page - 1) as usize * crate::search::PER_PAGE + 1) {
                    @for v in &r.ideas {
                        li {
                            h3 { a href=(format!("/ideas/{}", v.id.hex())) { (excerpt(v.text.as_deref().unwrap_or(&t("search-not-stored")), 160)) } }
                            p.meta {
                                (t("given-by")) " " strong { (shown_by(&v.contributor)) } " " (t("search-on")) " " (day(&v.given))
                                " " (t("search-in")) " " a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) }
                            }
                            (outcome(v))
                        }
                    }
                }
            }
            @if r.pages > 1 {
                nav.pagination aria-label=(t("search-pages-label")) {
                    @if r.page > 1 { a rel="prev" href=(link(r.page - 1)) { (t("search-previous")) span.visually-hidden { " " (t("search-page-word")) } } }
                    span.page-count { (ta("search-page-of", &[("page", r.page.into()), ("pages", r.pages.into())])) }
                    @if r.page < r.pages { a rel="next" href=(link(r.page + 1)) { (t("search-next")) span.visually-hidden { " " (t("search-page-word")) } } }
                }
            }
        }
    }
}

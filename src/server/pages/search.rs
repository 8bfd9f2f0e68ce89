//! `/search`: find ideas by their words and filter them (consultation, tag, contributor as
//! shown, the dates they were given, cited or not, answered or not), 20 a page. A plain GET
//! form (GOV.UK search and filter patterns), no script; errors as an error summary with the
//! message beside the field.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use maud::{Markup, html};

use super::{Page, PageError, Section, day, excerpt, layout, shown_as};
use crate::attribution::kinds::Outcome;
use crate::attribution::query::IdeaView;
use crate::ledger::{LedgerError, SearchResults};
use crate::search::{SearchError, SearchParams, SearchQuery};
use crate::server::AppState;

/// How many consultations the filter lists.
const CONSULTATIONS: usize = 200;

/// The sentence shown for a parameter that cannot be read, and the field it belongs to.
fn problem(e: &SearchError) -> (&'static str, String) {
    let field = e.field().unwrap_or("q");
    let words = match e {
        SearchError::BadPage => "There is no such page of results. Go back to the first page.".to_string(),
        SearchError::BadDate("from") => "Enter the first date as a real date, for example 2026-03-14".into(),
        SearchError::BadDate(_) => "Enter the last date as a real date, for example 2026-03-14".into(),
        SearchError::BadDateRange => "The first date must be the same as or before the last date".into(),
        SearchError::QueryTooLong => "Enter fewer words: at most 200 characters".into(),
        SearchError::BadConsultation => "Choose a consultation from the list".into(),
        SearchError::BadFilter { field: "cited", .. } => "Choose whether the idea was cited".into(),
        SearchError::BadFilter { field: "answered", .. } => "Choose whether the idea was answered".into(),
        SearchError::BadFilter { field: "tag", .. } => "Enter a shorter topic: at most 100 characters".into(),
        SearchError::BadFilter { .. } => "Enter a shorter name: at most 100 characters".into(),
        other => other.to_string(),
    };
    (field, words)
}

pub(super) async fn page(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Page, PageError> {
    let params = match q {
        Ok(Query(p)) => p,
        Err(_) => {
            return Err(PageError::new(
                StatusCode::BAD_REQUEST,
                "This search link is not complete",
                "Each filter may be given once. Start a new search from the search page.",
            ));
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
                        "Search is not available",
                        "Searching is not switched on for this record. You can still browse the consultations.",
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
    let radios = |name: &'static str, legend: &'static str, yes: &'static str, no: &'static str| {
        let v = if name == "cited" { &params.cited } else { &params.answered };
        let e = err_for(name);
        html! {
            fieldset aria-describedby=[e.as_ref().map(|_| format!("{name}-error"))] {
                legend { (legend) }
                @if let Some(e) = &e { p.error id=(format!("{name}-error")) { span.visually-hidden { "Error: " } (e) } }
                @for (value, label) in [("any", "Any"), ("yes", yes), ("no", no)] {
                    div.choice {
                        input type="radio" id=(format!("{name}-{value}")) name=(name) value=(value) checked[chosen(v, value)];
                        label for=(format!("{name}-{value}")) { (label) }
                    }
                }
            }
        }
    };
    let text_field = |name: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      kind: &'static str,
                      value: String| {
        let e = err_for(name);
        let described = match &e {
            Some(_) => format!("{name}-hint {name}-error"),
            None => format!("{name}-hint"),
        };
        html! {
            label for=(name) { (label) }
            p.hint id=(format!("{name}-hint")) { (hint) }
            @if let Some(e) = &e { p.error id=(format!("{name}-error")) { span.visually-hidden { "Error: " } (e) } }
            input id=(name) type=(kind) name=(name) value=(value) aria-describedby=(described) aria-invalid=[e.as_ref().map(|_| "true")];
        }
    };
    let title = match query {
        Some(q) if !q.words.is_empty() => format!("Ideas matching “{}”", excerpt(&q.words, 40)),
        _ => "Find ideas".to_string(),
    };
    let main = html! {
        @if let Some((field, words)) = &error {
            div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
                h2 #error-summary-title { "There is a problem" }
                ul { li { a href=(format!("#{field}")) { (words) } } }
            }
        }
        h1 { "Find ideas" }
        p.lead { "Search what people said in every consultation: where it was used, and what was done about it." }
        form.search method="get" action="/search" role="search" {
            (text_field("q", "Words to find", "For example: repairs, night buses, safe routes. Words like “repair” also find “repairs” and “repaired”.", "search", asked(&params.q)))
            details.filters open[filtered || error.is_some()] {
                summary { "Filter the results" }
                label for="consultation" { "Consultation" }
                @if let Some(e) = err_for("consultation") { p.error #consultation-error { span.visually-hidden { "Error: " } (e) } }
                select #consultation name="consultation" {
                    option value="" { "All consultations" }
                    @for c in &consultations {
                        option value=(c.id.hex()) selected[params.consultation.as_deref().map(str::trim) == Some(c.id.hex().as_str())] { (c.rec.title) }
                    }
                }
                (text_field("tag", "Topic", "A topic the idea was given under, for example housing.", "text", asked(&params.tag)))
                (text_field("contributor", "Given by", "The name or chosen name shown with the idea. People who chose not to be named cannot be found by name.", "text", asked(&params.contributor)))
                fieldset {
                    legend { "Given between" }
                    (text_field("from", "First date", "For example 2026-03-14.", "date", asked(&params.from)))
                    (text_field("to", "Last date", "For example 2026-04-30.", "date", asked(&params.to)))
                }
                (radios("cited", "Cited in a report", "Cited", "Not cited yet"))
                (radios("answered", "Answered by the organisation", "Answered", "Not answered yet"))
            }
            button type="submit" { "Search" }
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
            li { @if cited == 0 { "Not cited yet" } @else { "Cited in " (cited) (if cited == 1 { " report" } else { " reports" }) } }
            li {
                @match v.responses.last() {
                    Some(r) => { "Answered: " (Outcome::from_code(r.outcome).map(Outcome::name).unwrap_or("responded")) }
                    None => "Not answered yet",
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
                (r.total) (if r.total == 1 { " idea found" } else { " ideas found" })
            }
            @if r.ideas.is_empty() {
                @if r.total > 0 { p { "There are no more results. " a href=(link(1)) { "Go to the first page" } } }
                @else { p { "No ideas match. Try fewer or different words, or remove a filter." } }
            } @else {
                ol.results start=((r.page - 1) as usize * crate::search::PER_PAGE + 1) {
                    @for v in &r.ideas {
                        li {
                            h3 { a href=(format!("/ideas/{}", v.id.hex())) { (excerpt(v.text.as_deref().unwrap_or("An idea whose words are not stored here"), 160)) } }
                            p.meta {
                                "Given by " strong { (shown_as(&v.contributor)) } " on " (day(&v.given))
                                " in " a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) }
                            }
                            (outcome(v))
                        }
                    }
                }
            }
            @if r.pages > 1 {
                nav.pagination aria-label="Results pages" {
                    @if r.page > 1 { a rel="prev" href=(link(r.page - 1)) { "Previous" span.visually-hidden { " page" } } }
                    span.page-count { "Page " (r.page) " of " (r.pages) }
                    @if r.page < r.pages { a rel="next" href=(link(r.page + 1)) { "Next" span.visually-hidden { " page" } } }
                }
            }
        }
    }
}

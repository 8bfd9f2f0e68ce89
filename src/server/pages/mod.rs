//! The web pages: server-rendered HTML for contributors, policy teams and auditors.
//!
//! Every page is rendered by `maud` (compile-time HTML: every value spliced in is escaped,
//! so idea texts and names, which are untrusted, always show as text). Pages read through
//! the [`crate::ledger::Ledger`] only, show contributors only as they consented (the same
//! [`Attribution`] the JSON views use), and work without JavaScript, except where a key
//! must be made or used on the person's own device (claim, consent change, withdrawal) or a
//! receipt is checked in the browser. Those scripts are plain ES modules under `/static/`,
//! embedded in the binary: no build step.
//!
//! **Architecture Invariant:** pages never write; the only writes a page leads to are
//! statements signed in the browser and sent to `POST /v1/statements`, so the private key
//! never reaches the server. Every page response carries a strict Content-Security-Policy
//! (no inline script or style), `X-Content-Type-Options: nosniff` and
//! `Referrer-Policy: no-referrer` (a claim URL holds the card's code).

mod assets;
mod bundle;
mod cards;
mod chart;
mod claim;
mod consultation;
mod contributor;
mod credit;
mod feeds;
mod idea;
mod lang;
mod notices;
mod recognise;
mod recover;
mod recovery;
mod report;
mod reports;
mod said_did;
mod search;
mod staff;
mod unheard;
mod verify;
mod verify_idea;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::{DOCTYPE, Markup, html};
use tower_http::set_header::SetResponseHeaderLayer;

use super::AppState;
use crate::attribution::dates;
use crate::attribution::kinds::{Consent, Id, Outcome, Recognition, Usage};
use crate::attribution::query::{Attribution, IdeaView};
use crate::ledger::LedgerError;
/// The language a request's headers ask for (the `heard_lang` cookie, then
/// `Accept-Language`), as the pages choose theirs.
pub(super) use lang::from_headers as request_lang;
use lang::t;

/// The Content-Security-Policy of every page: scripts and styles only from this server's
/// `/static/` files, no inline code, no plugins, no framing, forms only to this server.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(consultation::home))
        .route("/consultations/{id}", get(consultation::page))
        .route("/consultations/{id}/you-said-we-did", get(said_did::page))
        .route("/consultations/{id}/feed.atom", get(feeds::consultation))
        .route("/contributors/{key}/feed.atom", get(feeds::contributor))
        .route("/consultations/{id}/not-yet-heard", get(unheard::page))
        .route("/search", get(search::page))
        .route("/ideas/{id}", get(idea::page))
        .route("/ideas/{id}/receipt.txt", get(idea::receipt))
        .route("/ideas/{id}/receipt.tlog-proof", get(idea::receipt_tlog_proof))
        .route("/claim", get(claim::page))
        .route("/contributors", get(contributor::find))
        .route("/contributors/{key}", get(contributor::page))
        .route("/contributors/{key}/credit.html", get(credit::file))
        .route("/reports", get(reports::list))
        .route("/reports/{id}", get(report::page))
        .route("/staff/reports/new", get(staff::report_builder))
        .route("/staff/board", get(staff::board))
        .route("/staff/ideas/{id}/recognise", get(recognise::page))
        .route("/verify", get(verify::page).post(verify::submitted))
        .route("/privacy", get(notices::privacy))
        .route("/accessibility", get(notices::accessibility))
        .route("/staff", get(staff::home))
        .route("/staff/join", get(staff::join))
        .route("/staff/consultations/new", get(staff::new_consultation))
        .route("/staff/consultations/{id}", get(staff::session))
        .route("/staff/qr", post(staff::qr))
        .route("/staff/recover", get(recover::staff_page))
        .route("/staff/recover/qr", post(recover::qr))
        .route("/recover", get(recover::person_page))
        .route("/static/{file}", get(assets::file))
        .route("/staff/cards/sheet", axum::routing::post(cards::sheet))
        .layer(axum::middleware::from_fn(lang::choose))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
}

/// Which part of the site a page belongs to (marks the current link in the navigation).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Home,
    Search,
    Claim,
    Contributions,
    Verify,
    Staff,
    Other,
}

/// A whole page: the shared header, navigation and footer around `main`, with the given
/// module scripts.
fn layout(title: &str, section: Section, scripts: &[&str], main: Markup) -> Markup {
    layout_with_feed(title, section, scripts, None, main)
}

/// [`layout`] with an Atom feed announced in the head (`feed`: its path and title), so a feed
/// reader given the page's address finds it.
fn layout_with_feed(
    title: &str,
    section: Section,
    scripts: &[&str],
    feed: Option<(&str, &str)>,
    main: Markup,
) -> Markup {
    let nav = [
        (Section::Home, "/", t("nav-consultations")),
        (Section::Search, "/search", t("nav-search")),
        (Section::Claim, "/claim", t("nav-claim")),
        (Section::Contributions, "/contributors", t("nav-contributions")),
        (Section::Verify, "/verify", t("nav-verify")),
    ];
    let lang = lang::lang();
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Heard" }
                link rel="icon" href="data:,";
                link rel="stylesheet" href="/static/heard.css";
                @if let Some((href, feed_title)) = feed {
                    link rel="alternate" type="application/atom+xml" href=(href) title=(feed_title);
                }
                @for s in scripts {
                    script type="module" src=(s) {}
                }
            }
            body data-messages=[(!scripts.is_empty()).then(|| lang::script_messages(scripts))] {
                a.skip href="#main" { (t("skip-link")) }
                (lang::switch())
                header.site {
                    a.brand href="/" { "Heard" }
                    span.tagline { (t("tagline")) }
                    nav aria-label=(t("nav-label")) {
                        ul {
                            @for (s, href, label) in nav {
                                li {
                                    @if s == section {
                                        a href=(href) aria-current="page" { (label) }
                                    } @else {
                                        a href=(href) { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main tabindex="-1" { (main) }
                footer.site {
                    p {
                        (t("footer-about")) " "
                        a href="/verify" { (t("footer-check-link")) } "."
                    }
                    ul.footer-links {
                        li { a href="/privacy" { (t("footer-privacy")) } }
                        li { a href="/accessibility" { (t("footer-accessibility")) } }
                    }
                }
            }
        }
    }
}

/// An HTML page answered with a status.
struct Page(StatusCode, Markup);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (
            self.0,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")],
            self.1.into_string(),
        )
            .into_response()
    }
}

fn ok(m: Markup) -> Page {
    Page(StatusCode::OK, m)
}

/// Why a page could not be shown, as a page in plain words.
#[derive(Debug)]
struct PageError {
    status: StatusCode,
    title: String,
    detail: String,
}

impl PageError {
    /// A page error whose title and words are the messages `title_id` and `detail_id`.
    fn new(status: StatusCode, title_id: &str, detail_id: &str) -> Self {
        PageError { status, title: t(title_id), detail: t(detail_id) }
    }
    fn not_found(title_id: &str, detail_id: &str) -> Self {
        PageError::new(StatusCode::NOT_FOUND, title_id, detail_id)
    }
    fn bad_link() -> Self {
        PageError::new(StatusCode::BAD_REQUEST, "error-bad-link-title", "error-bad-link-detail")
    }
    fn internal(e: impl std::fmt::Display) -> Self {
        tracing::error!(error = %e, "internal error rendering a page");
        PageError::new(StatusCode::SERVICE_UNAVAILABLE, "error-internal-title", "error-internal-detail")
    }
}

impl From<LedgerError> for PageError {
    fn from(e: LedgerError) -> Self {
        match e.code() {
            "unknown_idea" => PageError::not_found("error-unknown-idea-title", "error-unknown-idea-detail"),
            "unknown_consultation" => {
                PageError::not_found("error-unknown-consultation-title", "error-unknown-consultation-detail")
            }
            "unknown_report" => PageError::not_found("error-unknown-report-title", "error-unknown-report-detail"),
            _ => PageError::internal(e),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let m = layout(
            &self.title,
            Section::Other,
            &[],
            html! {
                h1 { (self.title) }
                p { (self.detail) }
                p { a href="/" { (t("error-go-home")) } }
            },
        );
        Page(self.status, m).into_response()
    }
}

/// The page for a path with nothing at it (the router's fallback answers it to browsers), with
/// the pages' security headers, which the fallback does not get from [`routes`].
pub(super) fn not_found_page(headers: &axum::http::HeaderMap) -> Response {
    let mut r = lang::render_for(headers, || {
        PageError::not_found("error-not-found-title", "error-not-found-detail").into_response()
    });
    let h = r.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(HeaderName::from_static("x-frame-options"), HeaderValue::from_static("DENY"));
    r
}

/// Reads 64 hex digits from a path.
fn parse_id(s: &str) -> Result<Id, PageError> {
    let b = hex::decode(s.trim()).map_err(|_| PageError::bad_link())?;
    Ok(Id(b.try_into().map_err(|_| PageError::bad_link())?))
}

/// How a contributor is shown, as a phrase.
fn shown_as(a: &Attribution) -> String {
    super::proves::shown_as(lang::lang(), a)
}

/// How a contributor is shown right after "by" ("Given by …"): as [`shown_as`], except
/// that "a contributor" takes the form the language needs there (Welsh "gan gyfrannwr").
fn shown_by(a: &Attribution) -> String {
    match a {
        Attribution::Contributor => t("shown-contributor-by"),
        other => shown_as(other),
    }
}

/// What a consent level means, in plain words.
fn consent_words(c: Consent) -> String {
    t(match c {
        Consent::Named => "consent-named",
        Consent::Pseudonym => "consent-pseudonym",
        _ => "consent-anonymous",
    })
}

/// What an organisation did with an idea ([`Outcome`] code), in the page's language.
fn outcome_words(code: u8) -> String {
    t(match Outcome::from_code(code) {
        Some(Outcome::Adopted) => "outcome-adopted",
        Some(Outcome::Adapted) => "outcome-adapted",
        Some(Outcome::UnderConsideration) => "outcome-under-consideration",
        Some(Outcome::NotAdopted) => "outcome-not-adopted",
        Some(Outcome::Delivered) => "outcome-delivered",
        _ => "outcome-responded",
    })
}

/// How a report used an idea ([`Usage`] code), in the page's language.
fn usage_words(code: u8) -> String {
    t(match Usage::from_code(code) {
        Some(Usage::Quoted) => "usage-quoted",
        Some(Usage::Paraphrased) => "usage-paraphrased",
        _ => "usage-informed",
    })
}

/// A kind of recognition ([`Recognition`] code), in the page's language.
fn recognition_words(code: u8) -> String {
    t(match Recognition::from_code(code) {
        Some(Recognition::Payment) => "recognition-payment",
        Some(Recognition::Voucher) => "recognition-voucher",
        Some(Recognition::Gift) => "recognition-gift",
        Some(Recognition::Certificate) => "recognition-certificate",
        _ => "recognition-other",
    })
}

/// A day in the log's time (UTC), in the page's language, e.g. `12 February 2026`.
pub(crate) fn date_of(ms: u64) -> String {
    lang::long_utc_day(ms)
}

/// The day the log recorded an idea (UTC), as `YYYY-MM-DD`, when it is not the day the
/// idea was given; `None` when they are the same day.
fn recorded_on_another_day(v: &IdeaView) -> Option<String> {
    let recorded = dates::utc_day(v.log_time);
    (recorded != v.given).then_some(recorded)
}

/// A day in a `<time>` element, written as people read it (`14 March 2026`).
fn day(d: &str) -> Markup {
    html! { time datetime=(d) { (lang::long_day(d)) } }
}

/// When an idea was given, in a sentence: "Given on 14 March 2026", and ", recorded on
/// 2 April 2026" only when the log recorded it on another day.
fn given_sentence(v: &IdeaView) -> Markup {
    html! {
        span.given { (t("given-on")) " " (day(&v.given)) }
        @if let Some(r) = recorded_on_another_day(v) { span.recorded { ", " (t("recorded-on-lower")) " " (day(&r)) } }
    }
}

/// When an idea was given, as rows of a `dl.facts`: "Given on", and "Recorded on" only when
/// the log recorded it on another day.
fn given_facts(v: &IdeaView) -> Markup {
    html! {
        dt { (t("given-on")) } dd.given { (day(&v.given)) }
        @if let Some(r) = recorded_on_another_day(v) { dt { (t("recorded-on")) } dd.recorded { (day(&r)) } }
    }
}

/// `lang` for text written only in English on a page in another language (`None` on an
/// English page, where it is the page's own).
fn english_marker() -> Option<&'static str> {
    (lang::lang() != crate::i18n::Lang::EnGb).then_some("en-GB")
}

/// A share as a whole percentage.
fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Only `http:` and `https:` links become links; anything else stays text.
fn safe_url(u: &str) -> Option<&str> {
    let l = u.trim_start().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")).then_some(u)
}

/// The first words of a text, for lists.
fn excerpt(text: &str, max_chars: usize) -> String {
    crate::sheet::excerpt(text, max_chars)
}

/// The plain words for a one-word verification status.
/// Returns the badge's class suffix, its label and the sentence.
fn status_words(status: &str) -> (&'static str, String, String) {
    let (class, label, sentence) = match status {
        "verified" => ("verified", "status-verified", "status-verified-sentence"),
        "withdrawn" => ("withdrawn", "status-withdrawn", "status-withdrawn-sentence"),
        "text_missing" => ("missing", "status-missing", "status-missing-sentence"),
        _ => ("problem", "status-problem", "status-problem-sentence"),
    };
    (class, t(label), t(sentence))
}

/// A refusal made before any route (a body too large or too slow, too many open requests),
/// as a short page for a browser, with the pages' security headers.
pub(super) fn refusal(headers: &axum::http::HeaderMap, status: StatusCode) -> Response {
    let (title, detail) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("refusal-too-large-title", "refusal-too-large-detail"),
        StatusCode::REQUEST_TIMEOUT => ("refusal-too-slow-title", "refusal-too-slow-detail"),
        StatusCode::TOO_MANY_REQUESTS => ("refusal-too-many-title", "refusal-too-many-detail"),
        _ => ("refusal-other-title", "refusal-other-detail"),
    };
    let mut r = lang::render_for(headers, || PageError::new(status, title, detail).into_response());
    let h = r.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(HeaderName::from_static("x-frame-options"), HeaderValue::from_static("DENY"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc_days() {
        assert_eq!(date_of(0), "1 January 1970");
        // 2026-02-01T09:00:00Z, the demo's first statement.
        assert_eq!(date_of(1_769_936_400_000), "1 February 2026");
        // 2024-02-29T23:59:59.999Z: a leap day.
        assert_eq!(date_of(1_709_251_199_999), "29 February 2024");
        assert_eq!(date_of(1_709_251_200_000), "1 March 2024");
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(safe_url("https://example.org/a"), Some("https://example.org/a"));
        assert_eq!(safe_url("HTTP://example.org"), Some("HTTP://example.org"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" data:text/html,x"), None);
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 9), "one two…");
    }

    #[test]
    fn bad_ids_are_a_bad_link() {
        assert!(parse_id(&"ab".repeat(32)).is_ok());
        for bad in ["", "zz", &"ab".repeat(31)] {
            assert_eq!(parse_id(bad).map(|_| ()).unwrap_err().status, StatusCode::BAD_REQUEST);
        }
    }
}

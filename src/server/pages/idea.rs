//! The idea page: its words (unless withdrawn), who gave it as they consented, what it built
//! on and what built on it, every report that cited it, the organisation's response, a
//! "verified" mark linking to the proof, and its receipt to download.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use maud::html;

use super::lang::{t, ta};
use super::{
    Page, PageError, Section, consent_words, date_of, excerpt, given_facts, layout, ok, outcome_words, parse_id,
    safe_url, shown_as, status_words, usage_words,
};
use crate::server::AppState;

pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Page, PageError> {
    let id = parse_id(&id)?;
    let ledger = state.ledger();
    let v = ledger.idea(&id)?;
    let history = crate::server::history::lines(ledger, super::lang::lang(), &id)?;
    // What built on it: ideas of the same consultation that name it (there is no reverse
    // index across consultations).
    let built_on_by: Vec<_> =
        ledger.ideas_of_consultation(&v.consultation)?.into_iter().filter(|o| o.builds_on.contains(&id)).collect();
    let mut builds_on = Vec::new();
    for b in &v.builds_on {
        let o = ledger.idea(b)?;
        builds_on.push(o);
    }
    let mut cited = Vec::new();
    for c in &v.citations {
        let r = ledger.report(&c.report).map_err(PageError::internal)?;
        cited.push((c, r));
    }
    let eh = hex::encode(v.verification.entry_hash);
    let log_key = state.log().verifier().to_text();
    let (badge, badge_label, status_text) = status_words(v.verification.status());
    let title = match (&v.text, v.withdrawn) {
        (Some(words), false) => excerpt(words, 60),
        _ => t("idea-withdrawn-title"),
    };
    let main = html! {
        p.kicker { (t("idea-from")) " " a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) } }
        h1 { (t("vi-title")) }
        @if v.withdrawn {
            p.withdrawn { (t("vi-withdrawn")) }
        } @else if let Some(words) = &v.text {
            blockquote.big #idea-text { p { (words) } }
        } @else {
            p.withdrawn { (t("idea-text-missing")) }
        }
        p.verified data-status=(v.verification.status()) {
            span class=(format!("badge badge-{badge}")) { (badge_label) }
            " " (status_text) " "
            a href=(format!("/verify?entry={eh}")) { (t("idea-see-proof")) }
        }
        dl.facts {
            dt { (t("given-by")) }
            dd #contributor { strong { (shown_as(&v.contributor)) } @if !v.withdrawn { " (" (consent_words(v.consent)) ")" } }
            @if v.confirmed_co_contributors > 0 {
                dt { (t("idea-shared-with")) }
                dd { (ta("idea-co-contributors", &[("count", v.confirmed_co_contributors.into())])) }
            }
            (given_facts(&v))
            @if !v.tags.is_empty() { dt { (t("idea-topics")) } dd { (v.tags.join(", ")) } }
        }
        @if !builds_on.is_empty() || !built_on_by.is_empty() {
            section aria-labelledby="lineage" {
                h2 #lineage { (t("idea-lineage")) }
                @if !builds_on.is_empty() {
                    h3 { (t("idea-builds-on")) }
                    ul { @for o in &builds_on { li { a href=(format!("/ideas/{}", o.id.hex())) { (excerpt(o.text.as_deref().unwrap_or(&t("idea-withdrawn-short")), 80)) } " — " (shown_as(&o.contributor)) } } }
                }
                @if !built_on_by.is_empty() {
                    h3 { (t("idea-built-on-by")) }
                    ul { @for o in &built_on_by { li { a href=(format!("/ideas/{}", o.id.hex())) { (excerpt(o.text.as_deref().unwrap_or(&t("idea-withdrawn-short")), 80)) } " — " (shown_as(&o.contributor)) } } }
                }
            }
        }
        section aria-labelledby="cited" {
            h2 #cited { (t("idea-where-used")) }
            @if cited.is_empty() {
                p { (t("vi-not-cited")) }
            } @else {
                ul #citations {
                    @for (c, r) in &cited {
                        li {
                            a href=(format!("/reports/{}", c.report.hex())) { (r.title) " (" (r.version) ")" }
                            ": " (c.locator) ", " (usage_words(c.how))
                            " · " (date_of(c.log_time))
                        }
                    }
                }
            }
        }
        section aria-labelledby="response" {
            h2 #response { (t("vi-answer")) }
            @if v.responses.is_empty() {
                p { (t("idea-no-response")) }
            }
            @for r in &v.responses {
                div.response {
                    p { strong { (outcome_words(r.outcome)) } " · " (date_of(r.log_time)) }
                    @if let Some(reason) = &r.reason { p { (reason) } }
                    @if !r.links.is_empty() {
                        ul { @for l in &r.links { li { @if let Some(u) = safe_url(l) { a href=(u) rel="noopener noreferrer nofollow" { (l) } } @else { (l) } } } }
                    }
                }
            }
        }
        @if !v.withdrawn {
            div #add-to-report hidden data-idea=(id.hex()) {
                button.secondary type="button" { (t("idea-add-to-report")) }
                div aria-live="polite" {}
            }
        }
        section aria-labelledby="proof" {
            h2 #proof { (t("idea-proof")) }
            p { (t("idea-proof-lead")) }
            p {
                a.button href=(format!("/ideas/{}/receipt.txt", id.hex())) download { (t("idea-download-receipt")) } " "
                a href=(format!("/ideas/{}/receipt.tlog-proof", id.hex())) download { (t("idea-as-tlog-proof")) } " "
                a href=(format!("/verify?entry={eh}")) { (t("idea-check-now")) }
            }
            @if let (Some(_), Some(salt), false) = (&v.text, &v.salt, v.withdrawn) {
                div #words-check data-idea=(id.hex()) data-key=(log_key)
                    data-receipt=(format!("/ideas/{}/receipt.txt", id.hex())) {
                    p { (t("idea-words-check")) }
                    p #words-result role="status" aria-live="polite" {}
                    details {
                        summary { (t("technical-details")) }
                        p { (t("idea-words-check-how")) }
                        p { (t("idea-salt")) " " code #idea-salt { (B64.encode(salt)) } }
                    }
                }
            }
            details {
                summary { (t("idea-key-summary")) }
                p #log-key-line {
                    (t("idea-log-key")) " "
                    code.key { (log_key) }
                    " (" (t("also-at")) " " a href="/.well-known/heard/log-key" { "/.well-known/heard/log-key" } ")."
                }
            }
        }
        section aria-labelledby="history" {
            h2 #history { (t("idea-history")) }
            ol { @for (e, what) in &history { li { (date_of(e.log_time)) ": " (what) } } }
        }
    };
    Ok(ok(layout(&title, Section::Home, &["/static/idea.js", "/static/addto.js"], main)))
}

/// The idea's receipt as a file to keep (C2SP tlog-proof text with the entry, docs/PROTOCOL.md
/// §11), named `heard-receipt-<seq>.txt`.
pub(super) async fn receipt(state: State<AppState>, id: Path<String>) -> Result<Response, PageError> {
    receipt_file(state, id, "txt").await
}

/// The same receipt named `heard-receipt-<seq>.tlog-proof`, the file name tlog-proof tools use.
pub(super) async fn receipt_tlog_proof(state: State<AppState>, id: Path<String>) -> Result<Response, PageError> {
    receipt_file(state, id, "tlog-proof").await
}

async fn receipt_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    extension: &str,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let v = state.ledger().idea(&id)?;
    let log = state.log().clone();
    let seq = v.seq;
    let text = tokio::task::spawn_blocking(move || log.receipt(seq))
        .await
        .map_err(PageError::internal)?
        .map_err(PageError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"heard-receipt-{seq}.{extension}\"")),
        ],
        text,
    )
        .into_response())
}

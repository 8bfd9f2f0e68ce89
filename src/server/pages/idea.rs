//! The idea page: its words (unless withdrawn), who gave it as they consented, what it built
//! on and what built on it, every report that cited it, the organisation's response, a
//! "verified" mark linking to the proof, and its receipt to download.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use maud::html;

use super::{
    Page, PageError, Section, consent_words, date_of, excerpt, given_facts, layout, ok, parse_id, safe_url, shown_as,
    status_words,
};
use crate::attribution::kinds::{Outcome, Usage};
use crate::server::AppState;

pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Page, PageError> {
    let id = parse_id(&id)?;
    let ledger = state.ledger();
    let v = ledger.idea(&id)?;
    let history = ledger.history(&id)?;
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
    let (badge, status_text) = status_words(v.verification.status());
    let title = match (&v.text, v.withdrawn) {
        (Some(t), false) => excerpt(t, 60),
        _ => "A withdrawn idea".to_string(),
    };
    let main = html! {
        p.kicker { "An idea from " a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) } }
        h1 { "What was said" }
        @if v.withdrawn {
            p.withdrawn { "The contributor withdrew this idea. Its words were erased; the record keeps only the fact that an idea was given." }
        } @else if let Some(t) = &v.text {
            blockquote.big #idea-text { p { (t) } }
        } @else {
            p.withdrawn { "The words of this idea are not stored on this server." }
        }
        p.verified data-status=(v.verification.status()) {
            span class=(format!("badge badge-{badge}")) { (badge) }
            " " (status_text) " "
            a href=(format!("/verify?entry={eh}")) { "See the proof" }
        }
        dl.facts {
            dt { "Given by" }
            dd #contributor { strong { (shown_as(&v.contributor)) } @if !v.withdrawn { " (" (consent_words(v.consent)) ")" } }
            @if v.confirmed_co_contributors > 0 {
                dt { "Shared with" }
                dd { (v.confirmed_co_contributors) " co-contributor" (if v.confirmed_co_contributors == 1 { "" } else { "s" }) " who confirmed it" }
            }
            (given_facts(&v))
            @if !v.tags.is_empty() { dt { "Topics" } dd { (v.tags.join(", ")) } }
        }
        @if !builds_on.is_empty() || !built_on_by.is_empty() {
            section aria-labelledby="lineage" {
                h2 #lineage { "Ideas it is connected to" }
                @if !builds_on.is_empty() {
                    h3 { "It builds on" }
                    ul { @for o in &builds_on { li { a href=(format!("/ideas/{}", o.id.hex())) { (excerpt(o.text.as_deref().unwrap_or("a withdrawn idea"), 80)) } " — " (shown_as(&o.contributor)) } } }
                }
                @if !built_on_by.is_empty() {
                    h3 { "Later ideas that build on it" }
                    ul { @for o in &built_on_by { li { a href=(format!("/ideas/{}", o.id.hex())) { (excerpt(o.text.as_deref().unwrap_or("a withdrawn idea"), 80)) } " — " (shown_as(&o.contributor)) } } }
                }
            }
        }
        section aria-labelledby="cited" {
            h2 #cited { "Where it was used" }
            @if cited.is_empty() {
                p { "No report has cited this idea yet." }
            } @else {
                ul #citations {
                    @for (c, r) in &cited {
                        li {
                            a href=(format!("/reports/{}", c.report.hex())) { (r.title) " (" (r.version) ")" }
                            ": " (c.locator) ", " (Usage::from_code(c.how).map(Usage::name).unwrap_or("informed"))
                            " · " (date_of(c.log_time))
                        }
                    }
                }
            }
        }
        section aria-labelledby="response" {
            h2 #response { "What the organisation did" }
            @if v.responses.is_empty() {
                p { "The organisation has not responded to this idea yet." }
            }
            @for r in &v.responses {
                div.response {
                    p { strong { (Outcome::from_code(r.outcome).map(Outcome::name).unwrap_or("responded")) } " · " (date_of(r.log_time)) }
                    @if let Some(reason) = &r.reason { p { (reason) } }
                    @if !r.links.is_empty() {
                        ul { @for l in &r.links { li { @if let Some(u) = safe_url(l) { a href=(u) rel="noopener noreferrer nofollow" { (l) } } @else { (l) } } } }
                    }
                }
            }
        }
        @if !v.withdrawn {
            div #add-to-report hidden data-idea=(id.hex()) {
                button.secondary type="button" { "Add to report" }
                div aria-live="polite" {}
            }
        }
        section aria-labelledby="proof" {
            h2 #proof { "Proof" }
            p {
                "A receipt is a small text file that proves this idea is in the public record. "
                "Anyone can check it, now or years later, without trusting this website."
            }
            p {
                a.button href=(format!("/ideas/{}/receipt.txt", id.hex())) download { "Download the receipt" } " "
                a href=(format!("/ideas/{}/receipt.tlog-proof", id.hex())) download { "as a .tlog-proof file" } " "
                a href=(format!("/verify?entry={eh}")) { "Check it now" }
            }
            @if let (Some(_), Some(salt), false) = (&v.text, &v.salt, v.withdrawn) {
                div #words-check data-idea=(id.hex()) data-key=(log_key)
                    data-receipt=(format!("/ideas/{}/receipt.txt", id.hex())) {
                    p {
                        "Anyone can check that the words above are the ones the record holds: the SHA-256 of this salt "
                        "followed by the words (UTF-8) equals the fingerprint in the signed entry."
                    }
                    p { "Salt (base64): " code #idea-salt { (B64.encode(salt)) } }
                    p #words-result role="status" aria-live="polite" {}
                }
            }
            p #log-key-line {
                "The record's public key, which the receipt must verify under: "
                code.key { (log_key) }
                " (also at " a href="/.well-known/heard/log-key" { "/.well-known/heard/log-key" } ")."
            }
        }
        section aria-labelledby="history" {
            h2 #history { "What happened, in order" }
            ol { @for e in &history { li { (date_of(e.log_time)) ": " (e.what) } } }
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

//! The verify page: paste or open a receipt (or arrive from a "check it" link,
//! `/verify?entry=…`, which every export prints). `static/verify.js` checks it in the browser
//! with WebCrypto (Ed25519, SHA-256) against the record's public key, step by step, so an
//! auditor need not trust the server; the page also shows the server's own result (the
//! checks of docs/PROTOCOL.md §11 with the log's key), which is all it shows when JavaScript
//! is off. For an idea's entry, the idea itself is shown above its proof
//! ([`super::verify_idea`]).
//!
//! `GET /verify?entry=…` is a page first: a client whose `Accept` prefers JSON or CBOR over
//! HTML gets exactly what `GET /v1/verify` answers (errors as problem+json), and every answer
//! carries `Vary: accept`.

use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::lang::{t, ta};
use super::{Page, PageError, Section, day, layout, verify_idea};
use crate::protocol::receipt::{ReceiptReport, verify_receipt};
use crate::server::AppState;
use crate::server::domain_api;
use crate::server::negotiate::data_over_html;
use crate::server::proves::ProvesJson;

/// The plain-language title of each check of docs/PROTOCOL.md §11 (the same words as
/// `static/verify.js`).
pub(super) fn check_title(name: &str) -> String {
    t(match name {
        "receipt_format" => "check-receipt-format",
        "checkpoint_signature" => "check-checkpoint-signature",
        "witnesses" => "check-witnesses",
        "checkpoint_format" => "check-checkpoint-format",
        "entry_format" => "check-entry-format",
        "inclusion" => "check-inclusion",
        "statement_signature" => "check-statement-signature",
        _ => "check-other",
    })
}

#[derive(Deserialize)]
pub(super) struct VerifyQuery {
    entry: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct VerifyForm {
    receipt: String,
    #[serde(default)]
    key: Option<String>,
}

fn result_list(report: &ReceiptReport) -> Markup {
    html! {
        p.verdict data-valid=(report.ok()) {
            @if report.ok() { span.badge.badge-verified { (t("verify-valid")) } " " (t("verify-all-passed")) }
            @else { span.badge.badge-problem { (t("verify-not-valid")) } " " (ta("verify-failed", &[("check", report.failure().map(|c| check_title(c.name)).unwrap_or_else(|| t("verify-the-receipt")).into())])) }
        }
        ol.checks {
            @for c in &report.checks {
                li data-check=(c.name) data-passed=(c.passed) class=(if c.passed { "pass" } else { "fail" }) {
                    span.mark aria-hidden="true" { (if c.passed { "✓" } else { "✗" }) }
                    strong { (if c.passed { t("verify-passed") } else { t("verify-failed-mark") }) " " (check_title(c.name)) }
                }
            }
        }
        // The same layout as static/verify.js builds: plain words first, detail behind this.
        details.technical {
            summary { (t("technical-details")) }
            dl.check-details {
                // The checks' own detail is the protocol's English (docs/PROTOCOL.md §11), marked so.
                @for c in &report.checks { dt { (check_title(c.name)) } dd.detail lang=[super::english_marker()] { (c.detail) } }
            }
        }
    }
}

/// The verify form and results; `about` (what the entry is, with the page's `h1`) goes first
/// when there is one.
/// The log's witnesses (the operator's witnesses file), whose cosignatures a check lists.
fn witness_keys(state: &AppState) -> Vec<crate::protocol::note::NoteVerifier> {
    state.ledger().witness_policy().verifiers()
}

/// What a valid receipt of this log proves, from this server's record.
fn proves_of(state: &AppState, receipt: &str, report: &ReceiptReport) -> Option<ProvesJson> {
    let facts = report.facts.as_ref()?;
    let text = crate::protocol::receipt::from_either(receipt).ok()?;
    let proof = crate::protocol::note::TlogProof::parse(&text).ok()?;
    crate::server::proves::proves_in(state.ledger(), super::lang::lang(), facts.seq, proof.extra.as_deref()?)
}

/// The facts of [`ProvesJson`] as the page shows them (`static/verify.js` builds the same).
fn proves_markup(p: &ProvesJson) -> Markup {
    html! {
        p.lead #proves-what { (p.what) "." }
        @if p.idea.is_some() {
            dl.facts {
                dt { (t("proves-words")) }
                dd { @if let Some(w) = &p.words { blockquote { p.words { (w) } } } @else { (t("idea-withdrawn")) } }
                @if let Some(c) = &p.consultation { dt { (t("proves-where")) } dd { (c) } }
                @if let Some(g) = &p.given { dt { (t("given-on")) } dd { (day(g)) } }
                @if let Some(a) = &p.shown_as { dt { (t("proves-shown-as")) } dd { (a) } }
                dt { (t("cited-in")) }
                dd { @if p.cited_in.is_empty() { (t("not-yet")) } @else { ul { @for c in &p.cited_in { li { (c) } } } } }
                dt { (t("proves-done")) }
                dd { @if p.answers.is_empty() { (t("proves-no-answer")) } @else { ul { @for a in &p.answers { li { (a) } } } } }
            }
        }
        p.hint { (t("proves-hint")) }
    }
}

fn render(
    state: &AppState,
    receipt: &str,
    key: &str,
    server: Option<ReceiptReport>,
    problem: Option<&str>,
    about: Option<Markup>,
) -> Markup {
    let server_key = state.log().verifier().to_text();
    let proves = server.as_ref().and_then(|r| proves_of(state, receipt, r));
    html! {
        @if let Some(a) = about {
            (a)
            h2 #proof-heading { (t("verify-idea-heading")) }
            p.lead { (t("verify-idea-lead")) }
        } @else {
            h1 { (t("verify-title")) }
            p.lead { (t("verify-lead")) }
            p { (t("verify-lead-2")) }
        }
        form #verify-form method="post" action="/verify" {
            label for="receipt" { (t("verify-receipt-label")) }
            p.hint #receipt-hint { (t("verify-receipt-hint")) }
            textarea #receipt name="receipt" rows="10" spellcheck="false" aria-describedby="receipt-hint" { (receipt) }
            label for="receipt-file" { (t("verify-receipt-file")) }
            input #receipt-file type="file" accept=".txt,.tlog-proof,text/plain";
            @let policy = state.ledger().witness_policy();
            @let witnesses = policy.verifiers();
            details #key-details open[key != server_key] {
                summary { (t("technical-details")) }
                label for="log-key" { (t("verify-key-label")) }
                p.hint #key-hint { (t("verify-key-hint")) }
                p.hint #server-key-line {
                    (t("verify-server-key")) " " code.key { (server_key) }
                    " (" (t("also-at")) " " a href="/.well-known/heard/log-key" { "/.well-known/heard/log-key" } ")."
                }
                @if !witnesses.is_empty() {
                    p.hint #witness-policy {
                        (ta("verify-witness-policy", &[("count", witnesses.len().into()), ("quorum", policy.quorum().into())]))
                    }
                }
                input #log-key type="text" name="key" value=(key) spellcheck="false" autocomplete="off" aria-describedby="key-hint" data-server-key=(server_key)
                data-witnesses=(witnesses.iter().map(|w| w.to_text()).collect::<Vec<_>>().join(" ")) data-quorum=(policy.quorum());
            }
            @if let Some(p) = problem { p.error role="alert" { (p) } }
            button type="submit" { (t("verify-submit")) }
        }
        section #browser-result aria-labelledby="browser-heading" hidden {
            h2 #browser-heading { (t("verify-browser-heading")) }
            div #browser-checks role="status" aria-live="polite" {}
        }
        section #server-result aria-labelledby="server-heading" hidden[server.is_none()] {
            h2 #server-heading { (t("verify-server-heading")) }
            p.hint { (t("verify-server-hint")) }
            div #server-checks {
                @if let Some(r) = &server { (result_list(r)) }
            }
        }
        section #proves-section aria-labelledby="proves-heading" hidden[proves.is_none()] {
            h2 #proves-heading { (t("verify-proves-heading")) }
            div #proves { @if let Some(p) = &proves { (proves_markup(p)) } }
        }
        p #disagree.notice hidden {}
        noscript { p.notice { (t("verify-noscript")) } }
        section aria-labelledby="how" {
            h2 #how { (t("verify-how")) }
            p { (t("verify-how-plain")) }
            details {
                summary { (t("technical-details")) }
                ol {
                    @for n in ["receipt_format", "checkpoint_signature", "witnesses", "checkpoint_format", "entry_format", "inclusion", "statement_signature"] {
                        li { (check_title(n)) }
                    }
                }
                p.hint { (t("verify-how-hint")) }
            }
        }
    }
}

/// `GET /verify`: the page, or the verify result for a client that asks for data.
pub(super) async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    q: Result<Query<VerifyQuery>, QueryRejection>,
) -> Response {
    let mut r = match data_over_html(&headers) {
        Some(fmt) => domain_api::verify_entry(State(state), fmt, Query::try_from_uri(&uri)).await.into_response(),
        None => page_html(state, q).await.into_response(),
    };
    r.headers_mut().insert(header::VARY, HeaderValue::from_static("accept"));
    r
}

async fn page_html(state: AppState, q: Result<Query<VerifyQuery>, QueryRejection>) -> Result<Page, PageError> {
    let server_key = state.log().verifier().to_text();
    let entry = q.ok().and_then(|Query(q)| q.entry).map(|e| e.trim().to_string()).filter(|e| !e.is_empty());
    let Some(entry) = entry else {
        return Ok(Page(
            StatusCode::OK,
            layout(
                &t("verify-title"),
                Section::Verify,
                &["/static/verify.js"],
                render(&state, "", &server_key, None, None, None),
            ),
        ));
    };
    let hash: Option<[u8; 32]> = hex::decode(&entry).ok().and_then(|b| b.try_into().ok());
    let (status, receipt, report, problem, idea) = match hash {
        None => (StatusCode::BAD_REQUEST, String::new(), None, Some(t("verify-bad-link")), None),
        Some(h) => match state.ledger().seq_of(&h)? {
            None => (StatusCode::NOT_FOUND, String::new(), None, Some(t("verify-unknown-entry")), None),
            Some(seq) => {
                let log = state.log().clone();
                let r = tokio::task::spawn_blocking(move || log.receipt(seq))
                    .await
                    .map_err(PageError::internal)?
                    .map_err(PageError::internal)?;
                let report = verify_receipt(&r, state.log().verifier(), &witness_keys(&state), 0);
                (StatusCode::OK, r, Some(report), None, verify_idea::idea_at(&state, seq)?)
            }
        },
    };
    let (title, about) = match &idea {
        Some(v) => (t("verify-idea-title"), Some(verify_idea::about(&state, v)?)),
        None => (t("verify-title"), None),
    };
    let m = render(&state, &receipt, &server_key, report, problem.as_deref(), about);
    Ok(Page(status, layout(&title, Section::Verify, &["/static/verify.js"], m)))
}

/// The form posted without JavaScript: the server's result only.
pub(super) async fn submitted(State(state): State<AppState>, form: Result<Form<VerifyForm>, FormRejection>) -> Page {
    let server_key = state.log().verifier().to_text();
    let (status, m) = match form {
        Ok(Form(f)) if !f.receipt.trim().is_empty() => {
            let report = verify_receipt(&f.receipt, state.log().verifier(), &witness_keys(&state), 0);
            let key = f.key.filter(|k| !k.trim().is_empty()).unwrap_or(server_key.clone());
            (StatusCode::OK, render(&state, &f.receipt, &key, Some(report), None, None))
        }
        Ok(_) => (StatusCode::BAD_REQUEST, render(&state, "", &server_key, None, Some(&t("verify-paste-first")), None)),
        // A body over the limit is refused before this handler (server::guard); were it not,
        // the form's own rejection still says 413 rather than "could not be read".
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            (StatusCode::PAYLOAD_TOO_LARGE, render(&state, "", &server_key, None, Some(&t("verify-too-large")), None))
        }
        Err(_) => {
            (StatusCode::BAD_REQUEST, render(&state, "", &server_key, None, Some(&t("verify-form-unreadable")), None))
        }
    };
    Page(status, layout(&t("verify-title"), Section::Verify, &["/static/verify.js"], m))
}

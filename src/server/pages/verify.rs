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

use super::{Page, PageError, Section, layout, verify_idea};
use crate::protocol::receipt::{ReceiptReport, verify_receipt};
use crate::server::AppState;
use crate::server::domain_api;
use crate::server::negotiate::data_over_html;
use crate::server::proves::ProvesJson;

/// The plain-language title of each check of docs/PROTOCOL.md §11 (the same words as
/// `static/verify.js`).
pub(super) fn check_title(name: &str) -> &'static str {
    match name {
        "receipt_format" => "The receipt can be read",
        "checkpoint_signature" => "The record's keeper really signed this version of the record",
        "witnesses" => "Independent witnesses countersigned it",
        "checkpoint_format" => "The signed version belongs to this record",
        "entry_format" => "The entry in the receipt is complete and in the place it claims",
        "inclusion" => "The entry is part of the signed record (the proof adds up)",
        "statement_signature" => "The author's own signature on what they said is genuine",
        _ => "A check",
    }
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
            @if report.ok() { span.badge.badge-verified { "valid" } " Every check passed." }
            @else { span.badge.badge-problem { "not valid" } " A check failed: " (report.failure().map(|c| check_title(c.name)).unwrap_or("the receipt")) "." }
        }
        ol.checks {
            @for c in &report.checks {
                li data-check=(c.name) data-passed=(c.passed) class=(if c.passed { "pass" } else { "fail" }) {
                    span.mark aria-hidden="true" { (if c.passed { "✓" } else { "✗" }) }
                    strong { (if c.passed { "Passed: " } else { "Failed: " }) (check_title(c.name)) }
                    br;
                    span.detail { (c.detail) }
                }
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
    crate::server::proves::proves(state.ledger(), facts.seq, proof.extra.as_deref()?)
}

/// The facts of [`ProvesJson`] as the page shows them (`static/verify.js` builds the same).
fn proves_markup(p: &ProvesJson) -> Markup {
    html! {
        p.lead #proves-what { (p.what) "." }
        @if p.idea.is_some() {
            dl.facts {
                dt { "The words" }
                dd { @if let Some(w) = &p.words { blockquote { p.words { (w) } } } @else { "Withdrawn by the contributor: the words were erased." } }
                @if let Some(c) = &p.consultation { dt { "Where" } dd { (c) } }
                @if let Some(g) = &p.given { dt { "Given on" } dd { (g) } }
                @if let Some(a) = &p.shown_as { dt { "Shown as" } dd { (a) } }
                dt { "Cited in" }
                dd { @if p.cited_in.is_empty() { "not yet" } @else { ul { @for c in &p.cited_in { li { (c) } } } } }
                dt { "What was done" }
                dd { @if p.answers.is_empty() { "no answer yet" } @else { ul { @for a in &p.answers { li { (a) } } } } }
            }
        }
        p.hint {
            "The checks prove the entry itself: what kind of statement it is, who signed it and when. "
            "The rest comes from this server's record of what happened around it."
        }
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
            h2 #proof-heading { "Is this record genuine?" }
            p.lead {
                "Below, the idea's receipt is checked in your own browser, using only the receipt and the record's public key, "
                "so you do not have to trust this website. The server's own check is shown beside it."
            }
        } @else {
            h1 { "Check a receipt" }
            p.lead {
                "A receipt proves that an entry — an idea, a citation, a response — is in the public record. "
                "This page checks it in your own browser, using only the receipt and the record's public key, so you do not have to trust this website. "
                "It also shows what the server found."
            }
        }
        form #verify-form method="post" action="/verify" {
            label for="receipt" { "Receipt" }
            p.hint #receipt-hint { "Paste the receipt text (it starts with c2sp.org/tlog-proof@v1), or its short one-line form." }
            textarea #receipt name="receipt" rows="10" spellcheck="false" aria-describedby="receipt-hint" { (receipt) }
            label for="receipt-file" { "Or open a receipt file" }
            input #receipt-file type="file" accept=".txt,.tlog-proof,text/plain";
            label for="log-key" { "The record's public key" }
            p.hint #key-hint {
                "Filled in with the key this server says it uses. For a check that does not rely on this server at all, "
                "paste the key the organisation published elsewhere, for example in its report."
            }
            p.hint #server-key-line {
                "This server's key: " code.key { (server_key) }
                " (also at " a href="/.well-known/heard/log-key" { "/.well-known/heard/log-key" } ")."
            }
            @let policy = state.ledger().witness_policy();
            @let witnesses = policy.verifiers();
            @if !witnesses.is_empty() {
                p.hint #witness-policy {
                    "This record has " (witnesses.len()) " independent witness" @if witnesses.len() != 1 { "es" } "; a checkpoint counts as witnessed when "
                    (policy.quorum()) " of them have countersigned it."
                }
            }
            input #log-key type="text" name="key" value=(key) spellcheck="false" autocomplete="off" aria-describedby="key-hint" data-server-key=(server_key)
                data-witnesses=(witnesses.iter().map(|w| w.to_text()).collect::<Vec<_>>().join(" ")) data-quorum=(policy.quorum());
            @if let Some(p) = problem { p.error role="alert" { (p) } }
            button type="submit" { "Check this receipt" }
        }
        section #browser-result aria-labelledby="browser-heading" hidden {
            h2 #browser-heading { "Checked in your browser" }
            div #browser-checks role="status" aria-live="polite" {}
        }
        section #server-result aria-labelledby="server-heading" hidden[server.is_none()] {
            h2 #server-heading { "Checked by this server" }
            p.hint { "The server used its own key. If both checks agree, you can be confident in the result." }
            div #server-checks {
                @if let Some(r) = &server { (result_list(r)) }
            }
        }
        section #proves-section aria-labelledby="proves-heading" hidden[proves.is_none()] {
            h2 #proves-heading { "What this receipt proves" }
            div #proves { @if let Some(p) = &proves { (proves_markup(p)) } }
        }
        p #disagree.notice hidden {}
        noscript { p.notice { "JavaScript is off, so only the server's check is shown. With JavaScript on, your browser checks the receipt itself." } }
        section aria-labelledby="how" {
            h2 #how { "What is checked" }
            ol {
                @for n in ["receipt_format", "checkpoint_signature", "witnesses", "checkpoint_format", "entry_format", "inclusion", "statement_signature"] {
                    li { (check_title(n)) }
                }
            }
            p.hint { "The steps are those of the Heard protocol (docs/PROTOCOL.md, “Receipts”); witnesses are checked only when the receipt carries countersignatures." }
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
                "Check a receipt",
                Section::Verify,
                &["/static/verify.js"],
                render(&state, "", &server_key, None, None, None),
            ),
        ));
    };
    let hash: Option<[u8; 32]> = hex::decode(&entry).ok().and_then(|b| b.try_into().ok());
    let (status, receipt, report, problem, idea) = match hash {
        None => (
            StatusCode::BAD_REQUEST,
            String::new(),
            None,
            Some("This verify link is not complete: the entry should be 64 characters (0–9, a–f)."),
            None,
        ),
        Some(h) => match state.ledger().seq_of(&h)? {
            None => (
                StatusCode::NOT_FOUND,
                String::new(),
                None,
                Some("No entry with this fingerprint is in this record."),
                None,
            ),
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
        Some(v) => ("An idea and its proof", Some(verify_idea::about(&state, v)?)),
        None => ("Check a receipt", None),
    };
    let m = render(&state, &receipt, &server_key, report, problem, about);
    Ok(Page(status, layout(title, Section::Verify, &["/static/verify.js"], m)))
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
        Ok(_) => (StatusCode::BAD_REQUEST, render(&state, "", &server_key, None, Some("Paste a receipt first."), None)),
        // A body over the limit is refused before this handler (server::guard); were it not,
        // the form's own rejection still says 413 rather than "could not be read".
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => (
            StatusCode::PAYLOAD_TOO_LARGE,
            render(
                &state,
                "",
                &server_key,
                None,
                Some("What you pasted is larger than this service accepts; paste one receipt."),
                None,
            ),
        ),
        Err(_) => (
            StatusCode::BAD_REQUEST,
            render(&state, "", &server_key, None, Some("The form could not be read; paste the receipt again."), None),
        ),
    };
    Page(status, layout("Check a receipt", Section::Verify, &["/static/verify.js"], m))
}

//! The claim page: enter the code from a claim card (or arrive from the card's QR URL,
//! `/claim?code=…`), see the ideas on the card, choose how to be shown, and claim them.
//!
//! Looking the card up needs no script. Claiming does: `static/claim.js` either reads the key
//! file of an earlier claim (so one key, and one portfolio, gathers every card) or makes a new
//! Ed25519 key in the browser (WebCrypto) and has it saved as a key file **before** the claim
//! is sent; it signs the `claim` statement locally and sends only the statement and its
//! signature, reusing the same key for every retry.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use maud::{Markup, html};
use serde::Deserialize;

use super::lang::{t, ta};
use super::{Page, PageError, Section, layout};
use crate::server::AppState;

#[derive(Deserialize)]
pub(super) struct ClaimQuery {
    code: Option<String>,
}

/// What looking the code up found.
enum Found {
    Nothing,
    Card { title: String, ideas: Vec<(String, String)>, claimed: bool, code: String },
    Problem(String),
}

pub(super) async fn page(
    State(state): State<AppState>,
    q: Result<Query<ClaimQuery>, QueryRejection>,
) -> Result<Page, PageError> {
    let code = q.ok().and_then(|Query(q)| q.code).map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    let found = match &code {
        None => Found::Nothing,
        Some(code) => match state.ledger().card(code) {
            Ok(card) => {
                let title = state.ledger().consultation(&card.consultation).map_err(PageError::internal)?.title;
                let ideas = card
                    .ideas
                    .iter()
                    .map(|v| {
                        let words = if v.withdrawn {
                            format!("({})", t("claim-withdrawn"))
                        } else {
                            v.text.clone().unwrap_or_else(|| format!("({})", t("claim-text-missing")))
                        };
                        (v.id.hex(), words)
                    })
                    .collect();
                Found::Card { title, ideas, claimed: card.claimed, code: code.clone() }
            }
            Err(e) if e.code() == "bad_claim_code" => Found::Problem(t("claim-bad-code")),
            Err(e) if e.code() == "unknown_card" => Found::Problem(t("claim-unknown-card")),
            Err(e) => return Err(PageError::internal(e)),
        },
    };
    let status = if matches!(found, Found::Problem(_)) { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let main = html! {
        h1 { (t("claim-title")) }
        p.lead { (t("claim-lead")) }
        form.lookup method="get" action="/claim" {
            label for="code" { (t("claim-code-label")) }
            p.hint #code-hint { (t("claim-code-hint")) }
            @let problem = if let Found::Problem(p) = &found { Some(p.as_str()) } else { None };
            input #code type="text" name="code" value=[code.as_deref()] autocomplete="off" autocapitalize="characters"
                spellcheck="false" inputmode="text" aria-describedby=(if problem.is_some() { "code-hint code-error" } else { "code-hint" })
                aria-invalid=[problem.map(|_| "true")];
            @if let Some(p) = problem {
                p.error #code-error role="alert" { (p) }
            }
            button type="submit" { (t("claim-find")) }
        }
        @if let Found::Card { title, ideas, claimed, code } = &found {
            (card(title, ideas, *claimed, code))
        }
        (about_the_key())
    };
    Ok(Page(status, layout(&t("claim-title"), Section::Claim, &["/static/claim.js"], main)))
}

fn card(title: &str, ideas: &[(String, String)], claimed: bool, code: &str) -> Markup {
    html! {
        section aria-labelledby="card" {
            h2 #card { (ta("claim-card-from", &[("title", title.into())])) }
            p { (t("claim-card-ideas")) }
            ul.card-ideas {
                @for (id, words) in ideas {
                    li { blockquote { p { (words) } } a href=(format!("/ideas/{id}")) { (t("claim-see-idea")) } }
                }
            }
            @if claimed {
                p.notice role="status" { (t("claim-already")) }
            } @else {
                form #claim-form novalidate data-ideas=(ideas.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(",")) data-code=(code) {
                    div #claim-errors.error-summary hidden role="alert" tabindex="-1" {
                        h2 { (t("error-summary-title")) }
                        ul {}
                    }
                    fieldset {
                        legend { (t("claim-consent-legend")) }
                        div.choice {
                            input #consent-named type="radio" name="consent" value="named";
                            label for="consent-named" { (t("claim-consent-named")) }
                        }
                        div.choice {
                            input #consent-pseudonym type="radio" name="consent" value="pseudonym" checked;
                            label for="consent-pseudonym" { (t("claim-consent-pseudonym")) }
                        }
                        div.choice {
                            input #consent-anonymous type="radio" name="consent" value="anonymous";
                            label for="consent-anonymous" { (t("claim-consent-anonymous")) }
                        }
                    }
                    label for="display-name" { (t("claim-name-label")) }
                    p.hint #name-hint { (t("claim-name-hint")) }
                    input #display-name type="text" name="name" maxlength="120" autocomplete="nickname" aria-describedby="name-hint";
                    (key_choice())
                    noscript {
                        p.notice { (t("claim-noscript")) }
                    }
                    button #claim-button type="submit" { (t("claim-submit")) }
                }
                div #claim-status role="status" aria-live="polite" {}
            }
        }
    }
}

/// Which key claims the card: a new one (first card; saved as a file before the claim is
/// sent) or the key file of an earlier claim, so that one portfolio gathers every card.
fn key_choice() -> Markup {
    html! {
        fieldset #key-choice aria-describedby="key-choice-hint" {
            legend { (t("key-file")) }
            p.hint #key-choice-hint { (t("claim-key-choice-hint")) }
            div.choice {
                input #key-new type="radio" name="key" value="new" checked;
                label for="key-new" { (t("claim-key-new")) }
            }
            div.choice {
                input #key-existing type="radio" name="key" value="existing";
                label for="key-existing" { (t("claim-key-existing")) }
            }
        }
        div #existing-key hidden {
            label for="key-file" { (t("open-key-file")) }
            p.hint #key-file-hint { (t("claim-key-file-hint")) }
            input #key-file type="file" accept=".txt,.key,text/plain" aria-describedby="key-file-hint";
            div #key-file-status role="status" aria-live="polite" {}
        }
        section #new-key aria-labelledby="new-key-heading" {
            h3 #new-key-heading { (t("claim-save-key-heading")) }
            p.notice #why-key {
                strong { (t("claim-keep-safe")) } " "
                (t("claim-keep-safe-why"))
            }
            p { (t("claim-save-where")) }
            button #key-make.secondary type="button" { (t("claim-key-make")) }
            div #key-made-status role="status" aria-live="polite" {}
            p #key-again hidden { a #key-download href="#" download="heard-key.txt" { (t("claim-key-again")) } }
            div.choice {
                input #key-saved type="checkbox" name="saved" value="yes";
                label for="key-saved" { (t("claim-key-saved")) }
            }
        }
    }
}

fn about_the_key() -> Markup {
    html! {
        section aria-labelledby="about-key" {
            h2 #about-key { (t("claim-about-key")) }
            p { (t("claim-about-key-1")) }
            p { (t("claim-about-key-2")) }
        }
    }
}

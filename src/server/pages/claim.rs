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
    Problem(&'static str),
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
                            "(withdrawn: the words were erased)".to_string()
                        } else {
                            v.text.clone().unwrap_or_else(|| "(the words are not stored on this server)".into())
                        };
                        (v.id.hex(), words)
                    })
                    .collect();
                Found::Card { title, ideas, claimed: card.claimed, code: code.clone() }
            }
            Err(e) if e.code() == "bad_claim_code" => Found::Problem(
                "This code is not quite right. Check each character against your card: a code has 27 letters \
                 and digits, in groups of four.",
            ),
            Err(e) if e.code() == "unknown_card" => Found::Problem(
                "We could not find a card with this code. Check each character against your card, or ask the \
                 person who gave you the card.",
            ),
            Err(e) => return Err(PageError::internal(e)),
        },
    };
    let status = if matches!(found, Found::Problem(_)) { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let main = html! {
        h1 { "Claim your ideas" }
        p.lead {
            "If you gave ideas at a workshop or meeting, the facilitator may have given you a claim card. "
            "With the code on it you can link those ideas to you, choose how your name appears, and keep proof that they were yours."
        }
        form.lookup method="get" action="/claim" {
            label for="code" { "The code on your card" }
            p.hint #code-hint { "27 letters and digits, for example 7Q2M-4K8D-…. Capitals, spaces and dashes do not matter." }
            @let problem = if let Found::Problem(p) = &found { Some(*p) } else { None };
            input #code type="text" name="code" value=[code.as_deref()] autocomplete="off" autocapitalize="characters"
                spellcheck="false" inputmode="text" aria-describedby=(if problem.is_some() { "code-hint code-error" } else { "code-hint" })
                aria-invalid=[problem.map(|_| "true")];
            @if let Some(p) = problem {
                p.error #code-error role="alert" { (p) }
            }
            button type="submit" { "Find my ideas" }
        }
        @if let Found::Card { title, ideas, claimed, code } = &found {
            (card(title, ideas, *claimed, code))
        }
        (about_the_key())
    };
    Ok(Page(status, layout("Claim your ideas", Section::Claim, &["/static/claim.js"], main)))
}

fn card(title: &str, ideas: &[(String, String)], claimed: bool, code: &str) -> Markup {
    html! {
        section aria-labelledby="card" {
            h2 #card { "Your card is from “" (title) "”" }
            p { "The ideas recorded with this card:" }
            ul.card-ideas {
                @for (id, words) in ideas {
                    li { blockquote { p { (words) } } a href=(format!("/ideas/{id}")) { "See this idea" } }
                }
            }
            @if claimed {
                p.notice role="status" { "This card has already been claimed. If that was not you, tell the organisation that ran the session." }
            } @else {
                form #claim-form novalidate data-ideas=(ideas.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(",")) data-code=(code) {
                    div #claim-errors.error-summary hidden role="alert" tabindex="-1" {
                        h2 { "There is a problem" }
                        ul {}
                    }
                    fieldset {
                        legend { "How should you be shown next to these ideas?" }
                        div.choice {
                            input #consent-named type="radio" name="consent" value="named";
                            label for="consent-named" { "By my name" }
                        }
                        div.choice {
                            input #consent-pseudonym type="radio" name="consent" value="pseudonym" checked;
                            label for="consent-pseudonym" { "By a name I choose (a pseudonym)" }
                        }
                        div.choice {
                            input #consent-anonymous type="radio" name="consent" value="anonymous";
                            label for="consent-anonymous" { "Not named: show me as “a contributor”" }
                        }
                    }
                    label for="display-name" { "Your name or chosen name" }
                    p.hint #name-hint {
                        "This is public and stays in the record for good, even if you later change how you are shown. "
                        "If you might want no trace of your name later, choose a pseudonym or stay anonymous."
                    }
                    input #display-name type="text" name="name" maxlength="120" autocomplete="nickname" aria-describedby="name-hint";
                    (key_choice())
                    noscript {
                        p.notice {
                            "Claiming needs JavaScript: your key is made and used only on this device, so it never travels to us. "
                            "Turn JavaScript on, use another browser, or ask the facilitator to help."
                        }
                    }
                    button #claim-button type="submit" { "Claim these ideas" }
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
            legend { "Your key file" }
            p.hint #key-choice-hint {
                "A key file is a small file that proves these ideas are yours. "
                "Use the same key file for every card you get, so all your ideas are kept together in one place."
            }
            div.choice {
                input #key-new type="radio" name="key" value="new" checked;
                label for="key-new" { "This is my first card: make a key file for me" }
            }
            div.choice {
                input #key-existing type="radio" name="key" value="existing";
                label for="key-existing" { "I already have a key file from an earlier card" }
            }
        }
        div #existing-key hidden {
            label for="key-file" { "Open your key file" }
            p.hint #key-file-hint {
                "It is the file you saved when you claimed your first card, usually named heard-key-….txt. "
                "It is read only on this device and is never sent to us."
            }
            input #key-file type="file" accept=".txt,.key,text/plain" aria-describedby="key-file-hint";
            div #key-file-status role="status" aria-live="polite" {}
        }
        section #new-key aria-labelledby="new-key-heading" {
            h3 #new-key-heading { "First, save your key file" }
            p.notice #why-key {
                strong { "Keep this file safe. " }
                "It is the only way to show later that these ideas are yours, to change how you are shown, or to take your words back. "
                "Nobody else has a copy, not us and not the facilitator, so we cannot send you another one."
            }
            p {
                "Save it where you will find it again: on a USB stick, in an email to yourself, or printed and kept with your papers. "
                "Then come back to this page to finish."
            }
            button #key-make.secondary type="button" { "Make and download my key file" }
            div #key-made-status role="status" aria-live="polite" {}
            p #key-again hidden { a #key-download href="#" download="heard-key.txt" { "Download my key file again" } }
            div.choice {
                input #key-saved type="checkbox" name="saved" value="yes";
                label for="key-saved" { "I have saved my key file and I know where to find it" }
            }
        }
    }
}

fn about_the_key() -> Markup {
    html! {
        section aria-labelledby="about-key" {
            h2 #about-key { "What is the key, and what if I lose it?" }
            p {
                "When you claim your first card, your browser makes a key: a secret that only you hold, saved as a small file. "
                "The record shows that the ideas belong to the holder of that key, so you can later prove they were yours, "
                "change how your name appears, or take your words back. "
                "When you get another card, open the same key file to claim it: all your ideas then appear together."
            }
            p {
                "If you lose the key file, your ideas stay in the record and stay credited as you chose. "
                "The facilitator who recorded them can still withdraw them for you, and the organisation can issue a new card for future sessions. "
                "Nobody, including us, can use your key: we never see it."
            }
        }
    }
}

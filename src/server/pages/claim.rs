//! The claim page: enter the code from a claim card (or arrive from the card's QR URL,
//! `/claim?code=…`), see the ideas on the card, choose how to be shown, and claim them.
//!
//! Looking the card up needs no script. Claiming does: `static/claim.js` makes the
//! contributor's Ed25519 key in the browser (WebCrypto), offers it as a key file, signs the
//! `claim` statement locally and sends only the statement and its signature.

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
                form #claim-form data-ideas=(ideas.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(",")) data-code=(code) {
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
                    noscript {
                        p.notice {
                            "Claiming needs JavaScript: your key is made and used only on this device, so it never travels to us. "
                            "Turn JavaScript on, use another browser, or ask the facilitator to help."
                        }
                    }
                    button #claim-button type="submit" { "Make my key and claim these ideas" }
                }
                div #claim-status role="status" aria-live="polite" {}
                section #key-section hidden aria-labelledby="key-heading" {
                    h2 #key-heading { "Save your key file" }
                    p {
                        "Your key is a small file that proves these ideas are yours. It was made on this device and has not been sent anywhere. "
                        "Keep it somewhere safe, such as a USB stick or your email to yourself. You need it to change how you are shown or to withdraw an idea."
                    }
                    p { a #key-download.button href="#" download="heard-key.txt" { "Download my key file" } }
                }
            }
        }
    }
}

fn about_the_key() -> Markup {
    html! {
        section aria-labelledby="about-key" {
            h2 #about-key { "What is the key, and what if I lose it?" }
            p {
                "When you claim, your browser makes a key: a secret that only you hold, saved as a small file. "
                "The record shows that the ideas belong to the holder of that key, so you can later prove they were yours, "
                "change how your name appears, or take your words back."
            }
            p {
                "If you lose the key file, your ideas stay in the record and stay credited as you chose. "
                "The facilitator who recorded them can still withdraw them for you, and the organisation can issue a new card for future sessions. "
                "Nobody, including us, can use your key: we never see it."
            }
        }
    }
}

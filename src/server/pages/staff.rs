//! The staff pages: joining with an invitation (`/staff/join`), the staff home with "my
//! consultations" (`/staff`), opening a consultation (`/staff/consultations/new`) and the
//! facilitator's live session (`/staff/consultations/{id}`), plus the QR of a claim card shown
//! full screen (`POST /staff/qr`, so that the code never travels in a URL).
//!
//! The pages are served the same to everyone; what a browser may do depends on the key its
//! scripts keep in IndexedDB (`static/staffkey.js`), made non-extractable at joining. Every
//! write is a statement signed in the browser and sent to `/v1/statements`.

use super::lang::{lang, t};
use crate::i18n::Lang;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::{Page, PageError, Section, layout, parse_id};
use crate::server::AppState;

/// Shown where the pages need a script to work.
fn needs_script() -> Markup {
    html! {
        noscript {
            p.notice { "This part of the service needs JavaScript, because your key is kept in this browser. Turn JavaScript on, or use another browser." }
        }
    }
}

/// `/staff/join`: the invitation link's page (the secret is in the link's fragment).
pub(super) async fn join() -> Page {
    let main = html! {
        h1 { "Join as staff" }
        (needs_script())
        div #invitation aria-live="polite" {
            p { "Checking your invitation…" }
        }
        div #join-step hidden {
            p { "When you continue, this browser makes a key that only it holds. It is used to sign what you record, so everyone can check it was you. It never leaves this browser and nobody, not even the people who run this service, can see it." }
            p { "Use your own device, or a work computer only you use. On a shared computer, sign out when you finish." }
            button #join type="button" { "Set up this browser" }
        }
        div #join-status aria-live="polite" {}
    };
    Page(StatusCode::OK, layout("Join as staff", Section::Staff, &["/static/join.js"], main))
}

/// `/staff`: who this browser is signed in as, and their consultations.
pub(super) async fn home() -> Page {
    let main = html! {
        h1 { "Your work" }
        (needs_script())
        div #who aria-live="polite" { p { "Looking for your key in this browser…" } }
        section #mine hidden aria-labelledby="mine-title" {
            h2 #mine-title { "My consultations" }
            p.hint { "The consultations you may record ideas in." }
            ul #consultations.items {}
            p #no-consultations hidden { "You are not recording in any consultation yet. Open one, or ask the organisation running one to add you." }
            p #open-new hidden { a.button href="/staff/consultations/new" { "Open a new consultation" } }
        }
        section #answers hidden aria-labelledby="answers-title" {
            h2 #answers-title { "Answers" }
            p { "Say what happened to the ideas people gave in your consultations." }
            p { a.button href="/staff/board" { "Answer ideas" } }
        }
        section #reports hidden aria-labelledby="reports-title" {
            h2 #reports-title { "Reports" }
            p { "Gather the ideas your report used, say where and how, and publish the citations." }
            p { a.button href="/staff/reports/new" { "Cite ideas in a report" } " " a href="/reports" { "See every report" } }
        }
        section #recover hidden aria-labelledby="recover-title" {
            h2 #recover-title { (t("recover-staff-home-title")) }
            p { (t("recover-staff-home")) }
            p { a.button href="/staff/recover" { (t("recover-staff-title")) } }
        }
        section #devices hidden aria-labelledby="devices-title" {
            h2 #devices-title { "Use this on another device" }
            p { "Get a new invitation link for yourself, then open it on your other phone, tablet or computer. It makes a second key, just for that device." }
            button #another-device type="button" { "Make a link for another device" }
            div #device-link aria-live="polite" {}
        }
        section #leave hidden aria-labelledby="leave-title" {
            h2 #leave-title { "Sign out" }
            p { "Signing out removes your key from this browser. To use this browser again you will need a new invitation." }
            button #sign-out.secondary type="button" { "Sign out of this browser" }
            div #sign-out-status aria-live="polite" {}
        }
    };
    Page(StatusCode::OK, layout("Your work", Section::Staff, &["/static/staff.js"], main))
}

/// `/staff/consultations/new`: opening a consultation.
pub(super) async fn new_consultation() -> Page {
    let main = html! {
        h1 { "Open a new consultation" }
        (needs_script())
        div #who aria-live="polite" {}
        form #open-form novalidate hidden {
            div #open-errors.error-summary hidden role="alert" tabindex="-1" {
                h2 { "There is a problem" }
                ul {}
            }
            label for="title" { "Title" }
            p.hint #title-hint { "What people will see, for example “Damp and repairs: listening session”." }
            input #title name="title" type="text" aria-describedby="title-hint" required;
            label for="date" { "Date it takes place" }
            input #date name="date" type="date" required;
            label for="place" { "Place" }
            p.hint #place-hint { "For example “Riverside Community Centre” or “Online”." }
            input #place name="place" type="text" aria-describedby="place-hint" required;
            label for="topic" { "Topic" }
            p.hint #topic-hint { "One or two words, for example “housing”." }
            input #topic name="topic" type="text" aria-describedby="topic-hint" required;
            fieldset aria-describedby="lang-hint" {
                legend { (t("staff-consultation-lang")) }
                p.hint #lang-hint { (t("staff-consultation-lang-hint")) }
                div.choice { input #lang-en type="radio" name="lang" value="en" checked[lang() == Lang::EnGb]; label for="lang-en" lang="en-GB" { "English" } }
                div.choice { input #lang-cy type="radio" name="lang" value="cy" checked[lang() == Lang::Cy]; label for="lang-cy" lang="cy" { "Cymraeg" } }
            }
            div #convenor-field hidden {
                label for="convenor" { "Organisation running it" }
                select #convenor name="convenor" {}
            }
            div #recorders-field hidden {
                fieldset {
                    legend { "Who may record ideas in it" }
                    div #recorders {}
                }
            }
            button type="submit" { "Open the consultation" }
        }
        div #open-status aria-live="polite" {}
    };
    Page(StatusCode::OK, layout("Open a new consultation", Section::Staff, &["/static/open.js"], main))
}

/// `/staff/consultations/{id}`: the facilitator's live session.
pub(super) async fn session(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Page, PageError> {
    let id = parse_id(&id)?;
    let c = match state.ledger().consultation(&id) {
        Ok(c) => c,
        Err(e) if e.code() == "unknown_consultation" => {
            return Err(PageError::not_found("Consultation not found", "There is no consultation with this link."));
        }
        Err(e) => return Err(PageError::internal(e)),
    };
    let main = html! {
        p.caption { (c.place) ", " (crate::attribution::dates::long_day(&c.date)) }
        h1 { "Record ideas: " (c.title) }
        (needs_script())
        div #who aria-live="polite" {}
        p #queue-status.notice role="status" hidden {}
        form #record-form novalidate hidden data-consultation=(id.hex()) data-date=(c.date) {
            div #record-errors.error-summary hidden role="alert" tabindex="-1" {
                h2 { "There is a problem" }
                ul {}
            }
            label for="words" { "The idea, in the words it was said" }
            textarea #words name="words" rows="4" required {}
            label for="who-said" { "Who said it (only kept on this device)" }
            p.hint #who-said-hint { "A note to tell people apart, for example “Person 3”. Ideas with the same note share one claim card. Leave it empty to give this idea its own card." }
            input #who-said name="who-said" type="text" list="people" aria-describedby="who-said-hint" autocomplete="off";
            datalist #people {}
            fieldset {
                legend { "How should they be shown?" }
                div.choice {
                    input #consent-anonymous type="radio" name="consent" value="anonymous" checked;
                    div {
                        label for="consent-anonymous" { "Not named" }
                        p.hint { "Their idea is shown without any name. They can add their name later with their claim card." }
                    }
                }
                div.choice {
                    input #consent-pseudonym type="radio" name="consent" value="pseudonym";
                    div {
                        label for="consent-pseudonym" { "By a name they choose" }
                        p.hint { "Shown with a made-up name they give you, not their real name." }
                    }
                }
                div.choice {
                    input #consent-named type="radio" name="consent" value="named";
                    div {
                        label for="consent-named" { "By their name" }
                        p.hint { "Shown with their real name, which stays public for good." }
                    }
                }
            }
            div #name-field hidden {
                label for="shown-name" { "The name to show" }
                input #shown-name name="shown-name" type="text" autocomplete="off";
            }
            label for="tags" { "Tags (optional)" }
            p.hint #tags-hint { "Words to group ideas, separated by commas, for example “repairs, damp”." }
            input #tags name="tags" type="text" list="known-tags" aria-describedby="tags-hint" autocomplete="off";
            datalist #known-tags {}
            label for="builds-on" { "Builds on an earlier idea (optional)" }
            select #builds-on name="builds-on" { option value="" { "No" } }
            label for="co" { "Others who gave this idea with them (optional)" }
            p.hint #co-hint { "Only for people who already have a Heard key: paste the long number from their “My contributions” page, one per line." }
            textarea #co name="co" rows="2" aria-describedby="co-hint" {}
            label for="given" { "Date the idea was given" }
            input #given name="given" type="date" value=(c.date);
            button #record type="submit" { "Record this idea" }
        }
        div #record-status aria-live="polite" {}
        section #recorded hidden aria-labelledby="recorded-title" {
            h2 #recorded-title { "Recorded in this session" }
            ul #recorded-list.items {}
            form #print-form method="post" action="/staff/cards/sheet" target="_blank" {
                input type="hidden" name="consultation" value=(id.hex());
                div #print-cards {}
                button #print type="submit" { "Print the claim cards" }
            }
        }
        dialog #card-dialog aria-labelledby="card-dialog-title" {
            h2 #card-dialog-title { "Scan to claim this idea" }
            div #card-qr {}
            p.code #card-code {}
            p #card-url {}
            button #card-close type="button" { "Close" }
        }
    };
    Ok(Page(StatusCode::OK, layout("Record ideas", Section::Staff, &["/static/record.js"], main)))
}

#[derive(Deserialize)]
pub(super) struct QrForm {
    code: String,
}

/// The QR code (SVG) of a claim card's URL, for showing full screen. POST, so the code stays
/// out of URLs and logs.
pub(super) async fn qr(State(state): State<AppState>, form: Result<Form<QrForm>, FormRejection>) -> Response {
    let Ok(Form(f)) = form else {
        return PageError::new(StatusCode::BAD_REQUEST, "That did not work", "The card's code was not sent.")
            .into_response();
    };
    let Ok(secret) = crate::attribution::claim::decode_code(&f.code) else {
        return PageError::new(StatusCode::BAD_REQUEST, "That did not work", "This is not a claim card's code.")
            .into_response();
    };
    let card = crate::attribution::claim::ClaimCard::from_secret(secret);
    let url = card.url(&state.config.public_url);
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(320, 320).build();
            ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], svg).into_response()
        }
        Err(e) => PageError::internal(e).into_response(),
    }
}

/// `/staff/reports/new`: a policy team's report builder. The draft lives in this browser
/// (IndexedDB), so it survives a reload or a closed tab; "Publish" signs the `cite` statement
/// in the browser.
pub(super) async fn report_builder() -> Page {
    let main = html! {
        h1 { "Cite ideas in a report" }
        (needs_script())
        div #who aria-live="polite" {}
        form #report-form novalidate hidden {
            div #report-errors.error-summary hidden role="alert" tabindex="-1" {
                h2 { "There is a problem" }
                ul {}
            }
            p.hint { "Your draft is kept on this device as you type, until you publish it." }
            label for="report-title" { "Report title" }
            input #report-title name="title" type="text" required;
            label for="report-version" { "Version" }
            p.hint #version-hint { "For example “v1”, or “Final, March 2026”. A new version of a report links to the earlier ones." }
            input #report-version name="version" type="text" aria-describedby="version-hint" required;
            label for="report-url" { "Where the report is published (optional)" }
            input #report-url name="url" type="text" inputmode="url" autocomplete="off";
            label for="report-document" { "The published document (optional)" }
            p.hint #document-hint { "Choose the file: only its fingerprint is sent, so anyone can later check the document is the one you cited. The file itself stays on this device." }
            input #report-document name="document" type="file" aria-describedby="document-hint";
            p #document-digest.hint {}
            h2 { "Ideas used" }
            p #no-ideas { "No ideas yet. Add them from an idea’s page (“Add to report”), or paste an idea’s link below." }
            ol #report-items.items {}
            label for="add-idea" { "Add an idea by its link" }
            p.hint #add-hint { "Paste the address of the idea’s page, for example from " a href="/" { "the consultations" } "." }
            input #add-idea type="text" aria-describedby="add-hint" autocomplete="off";
            button #add-button.secondary type="button" { "Add this idea" }
            div #add-status aria-live="polite" {}
            button #publish type="submit" { "Publish the citations" }
        }
        div #report-status aria-live="polite" {}
    };
    Page(StatusCode::OK, layout("Cite ideas in a report", Section::Staff, &["/static/report-builder.js"], main))
}

/// `/staff/board`: an organisation's response board — every idea of the consultations it
/// runs with its current answer; several can be answered at once (one answer for a theme).
pub(super) async fn board() -> Page {
    let main = html! {
        h1 { "Answer ideas" }
        (needs_script())
        div #who aria-live="polite" {}
        div #board hidden {
            p.lead { "Say what happened to each idea. People who gave them, and anyone else, can follow the answers." }
            form #filters {
                fieldset {
                    legend { "Show" }
                    label for="filter-consultation" { "Consultation" }
                    select #filter-consultation { option value="" { "All consultations" } }
                    label for="filter-tag" { "Tag" }
                    select #filter-tag { option value="" { "Any tag" } }
                    div.choice {
                        input #filter-unanswered type="checkbox";
                        label for="filter-unanswered" { "Only ideas without an answer" }
                    }
                    div.choice {
                        input #filter-cited type="checkbox";
                        label for="filter-cited" { "Only ideas cited in a report" }
                    }
                }
            }
            p #board-count role="status" {}
            ul #board-items.items {}
            form #answer-form novalidate {
                h2 { "Answer the ideas you ticked" }
                div #answer-errors.error-summary hidden role="alert" tabindex="-1" {
                    h2 { "There is a problem" }
                    ul {}
                }
                p #selected-count.hint {}
                fieldset {
                    legend { "Where it stands" }
                    @for (value, label, hint) in [
                        ("considering", "Under consideration", "You are looking at it."),
                        ("adopted", "Adopted", "You will do it as it was said."),
                        ("adapted", "Adapted", "You will do it in a changed form."),
                        ("not-adopted", "Not adopted", "You will not do it; say why."),
                        ("delivered", "Delivered", "It has been done; say what was done, or give a link."),
                    ] {
                        div.choice {
                            input id=(format!("stage-{value}")) type="radio" name="stage" value=(value);
                            div {
                                label for=(format!("stage-{value}")) { (label) }
                                p.hint { (hint) }
                            }
                        }
                    }
                }
                label for="answer-reason" { "Why, or what was done" }
                textarea #answer-reason rows="3" {}
                label for="answer-link" { "A link to more (optional)" }
                input #answer-link type="text" inputmode="url" autocomplete="off";
                button #answer-send type="submit" { "Send the answer" }
            }
            div #answer-status aria-live="polite" {}
        }
    };
    Page(StatusCode::OK, layout("Answer ideas", Section::Staff, &["/static/board.js"], main))
}

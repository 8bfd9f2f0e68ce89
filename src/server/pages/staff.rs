//! The staff pages: joining with an invitation (`/staff/join`), the staff home with "my
//! consultations" (`/staff`), opening a consultation (`/staff/consultations/new`) and the
//! facilitator's live session (`/staff/consultations/{id}`), plus the QR of a claim card shown
//! full screen (`POST /staff/qr`, so that the code never travels in a URL).
//!
//! The pages are served the same to everyone; what a browser may do depends on the key its
//! scripts keep in IndexedDB (`static/staffkey.js`), made non-extractable at joining. Every
//! write is a statement signed in the browser and sent to `/v1/statements`.

use super::lang::{lang, t, ta};
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
pub(super) fn needs_script() -> Markup {
    html! {
        noscript {
            p.notice { (t("staff-needs-script")) }
        }
    }
}

/// `/staff/join`: the invitation link's page (the secret is in the link's fragment).
pub(super) async fn join() -> Page {
    let main = html! {
        h1 { (t("staff-join-title")) }
        (needs_script())
        div #invitation aria-live="polite" {
            p { (t("staff-join-checking")) }
        }
        div #join-step hidden {
            p { (t("staff-join-key")) }
            p { (t("staff-join-device")) }
            button #join type="button" { (t("staff-join-button")) }
        }
        div #join-status aria-live="polite" {}
    };
    Page(StatusCode::OK, layout(&t("staff-join-title"), Section::Staff, &["/static/join.js"], main))
}

/// `/staff`: who this browser is signed in as, and their consultations.
pub(super) async fn home() -> Page {
    let main = html! {
        h1 { (t("staff-home-title")) }
        (needs_script())
        div #who aria-live="polite" { p { (t("staff-home-looking")) } }
        section #mine hidden aria-labelledby="mine-title" {
            h2 #mine-title { (t("staff-mine-title")) }
            p.hint { (t("staff-mine-hint")) }
            ul #consultations.items {}
            p #no-consultations hidden { (t("staff-mine-none")) }
            p #open-new hidden { a.button href="/staff/consultations/new" { (t("staff-open-new")) } }
        }
        section #answers hidden aria-labelledby="answers-title" {
            h2 #answers-title { (t("staff-answers-title")) }
            p { (t("staff-answers-lead")) }
            p { a.button href="/staff/board" { (t("staff-answers-button")) } }
        }
        section #reports hidden aria-labelledby="reports-title" {
            h2 #reports-title { (t("staff-reports-title")) }
            p { (t("staff-reports-lead")) }
            p { a.button href="/staff/reports/new" { (t("staff-reports-button")) } " " a href="/reports" { (t("staff-reports-all")) } }
        }
        section #recover hidden aria-labelledby="recover-title" {
            h2 #recover-title { (t("recover-staff-home-title")) }
            p { (t("recover-staff-home")) }
            p { a.button href="/staff/recover" { (t("recover-staff-title")) } }
        }
        section #devices hidden aria-labelledby="devices-title" {
            h2 #devices-title { (t("staff-devices-title")) }
            p { (t("staff-devices-lead")) }
            button #another-device type="button" { (t("staff-devices-button")) }
            div #device-link aria-live="polite" {}
        }
        section #leave hidden aria-labelledby="leave-title" {
            h2 #leave-title { (t("staff-leave-title")) }
            p { (t("staff-leave-lead")) }
            button #sign-out.secondary type="button" { (t("staff-leave-button")) }
            div #sign-out-status aria-live="polite" {}
        }
    };
    Page(StatusCode::OK, layout(&t("staff-home-title"), Section::Staff, &["/static/staff.js"], main))
}

/// `/staff/consultations/new`: opening a consultation.
pub(super) async fn new_consultation() -> Page {
    let main = html! {
        h1 { (t("staff-open-new")) }
        (needs_script())
        div #who aria-live="polite" {}
        form #open-form novalidate hidden {
            div #open-errors.error-summary hidden role="alert" tabindex="-1" {
                h2 { (t("error-summary-title")) }
                ul {}
            }
            label for="title" { (t("staff-open-field-title")) }
            p.hint #title-hint { (t("staff-open-title-hint")) }
            input #title name="title" type="text" aria-describedby="title-hint" required;
            label for="date" { (t("staff-open-date")) }
            input #date name="date" type="date" required;
            label for="place" { (t("staff-open-place")) }
            p.hint #place-hint { (t("staff-open-place-hint")) }
            input #place name="place" type="text" aria-describedby="place-hint" required;
            label for="topic" { (t("staff-open-topic")) }
            p.hint #topic-hint { (t("staff-open-topic-hint")) }
            input #topic name="topic" type="text" aria-describedby="topic-hint" required;
            fieldset aria-describedby="lang-hint" {
                legend { (t("staff-consultation-lang")) }
                p.hint #lang-hint { (t("staff-consultation-lang-hint")) }
                div.choice { input #lang-en type="radio" name="lang" value="en" checked[lang() == Lang::EnGb]; label for="lang-en" lang="en-GB" { "English" } }
                div.choice { input #lang-cy type="radio" name="lang" value="cy" checked[lang() == Lang::Cy]; label for="lang-cy" lang="cy" { "Cymraeg" } }
            }
            div #convenor-field hidden {
                label for="convenor" { (t("staff-open-convenor")) }
                select #convenor name="convenor" {}
            }
            div #recorders-field hidden {
                fieldset {
                    legend { (t("staff-open-recorders")) }
                    div #recorders {}
                }
            }
            button type="submit" { (t("staff-open-button")) }
        }
        div #open-status aria-live="polite" {}
    };
    Page(StatusCode::OK, layout(&t("staff-open-new"), Section::Staff, &["/static/open.js"], main))
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
            return Err(PageError::not_found("error-unknown-consultation-title", "error-unknown-consultation-detail"));
        }
        Err(e) => return Err(PageError::internal(e)),
    };
    let main = html! {
        p.caption { (c.place) ", " (super::lang::long_day(&c.date)) }
        h1 { (ta("staff-session-heading", &[("title", (&c.title).into())])) }
        (needs_script())
        div #who aria-live="polite" {}
        p #queue-status.notice role="status" hidden {}
        form #record-form novalidate hidden data-consultation=(id.hex()) data-date=(c.date) {
            div #record-errors.error-summary hidden role="alert" tabindex="-1" {
                h2 { (t("error-summary-title")) }
                ul {}
            }
            label for="words" { (t("staff-words")) }
            textarea #words name="words" rows="4" required {}
            label for="who-said" { (t("staff-who-said")) }
            p.hint #who-said-hint { (t("staff-who-said-hint")) }
            input #who-said name="who-said" type="text" list="people" aria-describedby="who-said-hint" autocomplete="off";
            datalist #people {}
            fieldset {
                legend { (t("staff-shown-legend")) }
                div.choice {
                    input #consent-anonymous type="radio" name="consent" value="anonymous" checked;
                    div {
                        label for="consent-anonymous" { (t("staff-shown-anonymous")) }
                        p.hint { (t("staff-shown-anonymous-hint")) }
                    }
                }
                div.choice {
                    input #consent-pseudonym type="radio" name="consent" value="pseudonym";
                    div {
                        label for="consent-pseudonym" { (t("staff-shown-pseudonym")) }
                        p.hint { (t("staff-shown-pseudonym-hint")) }
                    }
                }
                div.choice {
                    input #consent-named type="radio" name="consent" value="named";
                    div {
                        label for="consent-named" { (t("staff-shown-named")) }
                        p.hint { (t("staff-shown-named-hint")) }
                    }
                }
            }
            div #name-field hidden {
                label for="shown-name" { (t("staff-shown-name")) }
                input #shown-name name="shown-name" type="text" autocomplete="off";
            }
            label for="tags" { (t("staff-tags")) }
            p.hint #tags-hint { (t("staff-tags-hint")) }
            input #tags name="tags" type="text" list="known-tags" aria-describedby="tags-hint" autocomplete="off";
            datalist #known-tags {}
            label for="builds-on" { (t("staff-builds-on")) }
            select #builds-on name="builds-on" { option value="" { (t("staff-builds-on-no")) } }
            label for="co" { (t("staff-co")) }
            p.hint #co-hint { (t("staff-co-hint")) }
            textarea #co name="co" rows="2" aria-describedby="co-hint" {}
            label for="given" { (t("staff-given")) }
            input #given name="given" type="date" value=(c.date);
            button #record type="submit" { (t("staff-record-button")) }
        }
        div #record-status aria-live="polite" {}
        section #recorded hidden aria-labelledby="recorded-title" {
            h2 #recorded-title { (t("staff-recorded-title")) }
            ul #recorded-list.items {}
            form #print-form method="post" action="/staff/cards/sheet" target="_blank" {
                input type="hidden" name="consultation" value=(id.hex());
                div #print-cards {}
                button #print type="submit" { (t("staff-print-button")) }
            }
        }
        dialog #card-dialog aria-labelledby="card-dialog-title" {
            h2 #card-dialog-title { (t("staff-card-dialog-title")) }
            div #card-qr {}
            p.code #card-code {}
            p #card-url {}
            button #card-close type="button" { (t("staff-close")) }
        }
    };
    Ok(Page(StatusCode::OK, layout(&t("staff-session-title"), Section::Staff, &["/static/record.js"], main)))
}

#[derive(Deserialize)]
pub(super) struct QrForm {
    code: String,
}

/// The QR code (SVG) of a claim card's URL, for showing full screen. POST, so the code stays
/// out of URLs and logs.
pub(super) async fn qr(State(state): State<AppState>, form: Result<Form<QrForm>, FormRejection>) -> Response {
    let Ok(Form(f)) = form else {
        return PageError::new(StatusCode::BAD_REQUEST, "staff-qr-failed-title", "staff-qr-no-code").into_response();
    };
    let Ok(secret) = crate::attribution::claim::decode_code(&f.code) else {
        return PageError::new(StatusCode::BAD_REQUEST, "staff-qr-failed-title", "staff-qr-bad-code").into_response();
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
        h1 { (t("staff-reports-button")) }
        (needs_script())
        div #who aria-live="polite" {}
        form #report-form novalidate hidden {
            div #report-errors.error-summary hidden role="alert" tabindex="-1" {
                h2 { (t("error-summary-title")) }
                ul {}
            }
            p.hint { (t("staff-report-draft")) }
            label for="report-title" { (t("staff-report-field-title")) }
            input #report-title name="title" type="text" required;
            label for="report-version" { (t("staff-report-version")) }
            p.hint #version-hint { (t("staff-report-version-hint")) }
            input #report-version name="version" type="text" aria-describedby="version-hint" required;
            label for="report-url" { (t("staff-report-url")) }
            input #report-url name="url" type="text" inputmode="url" autocomplete="off";
            label for="report-document" { (t("staff-report-document")) }
            p.hint #document-hint { (t("staff-report-document-hint")) }
            input #report-document name="document" type="file" aria-describedby="document-hint";
            p #document-digest.hint {}
            h2 { (t("staff-report-ideas")) }
            p #no-ideas { (t("staff-report-no-ideas")) }
            ol #report-items.items {}
            label for="add-idea" { (t("staff-report-add")) }
            p.hint #add-hint { (t("staff-report-add-hint-before")) " " a href="/" { (t("staff-report-add-hint-link")) } "." }
            input #add-idea type="text" aria-describedby="add-hint" autocomplete="off";
            button #add-button.secondary type="button" { (t("staff-report-add-button")) }
            div #add-status aria-live="polite" {}
            button #publish type="submit" { (t("staff-report-publish")) }
        }
        div #report-status aria-live="polite" {}
    };
    Page(StatusCode::OK, layout(&t("staff-reports-button"), Section::Staff, &["/static/report-builder.js"], main))
}

/// `/staff/board`: an organisation's response board — every idea of the consultations it
/// runs with its current answer; several can be answered at once (one answer for a theme).
pub(super) async fn board() -> Page {
    let main = html! {
        h1 { (t("staff-answers-button")) }
        (needs_script())
        div #who aria-live="polite" {}
        div #board hidden {
            p.lead { (t("staff-board-lead")) }
            form #filters {
                fieldset {
                    legend { (t("staff-board-show")) }
                    label for="filter-consultation" { (t("staff-board-consultation")) }
                    select #filter-consultation { option value="" { (t("staff-board-all")) } }
                    label for="filter-tag" { (t("staff-board-tag")) }
                    select #filter-tag { option value="" { (t("staff-board-any-tag")) } }
                    div.choice {
                        input #filter-unanswered type="checkbox";
                        label for="filter-unanswered" { (t("staff-board-unanswered")) }
                    }
                    div.choice {
                        input #filter-cited type="checkbox";
                        label for="filter-cited" { (t("staff-board-cited")) }
                    }
                }
            }
            p #board-count role="status" {}
            ul #board-items.items {}
            form #answer-form novalidate {
                h2 { (t("staff-board-answer-title")) }
                div #answer-errors.error-summary hidden role="alert" tabindex="-1" {
                    h2 { (t("error-summary-title")) }
                    ul {}
                }
                p #selected-count.hint {}
                fieldset {
                    legend { (t("staff-board-stage")) }
                    @for (value, label, hint) in [
                        ("considering", "staff-stage-considering", "staff-stage-considering-hint"),
                        ("adopted", "staff-stage-adopted", "staff-stage-adopted-hint"),
                        ("adapted", "staff-stage-adapted", "staff-stage-adapted-hint"),
                        ("not-adopted", "staff-stage-not-adopted", "staff-stage-not-adopted-hint"),
                        ("delivered", "staff-stage-delivered", "staff-stage-delivered-hint"),
                    ] {
                        div.choice {
                            input id=(format!("stage-{value}")) type="radio" name="stage" value=(value);
                            div {
                                label for=(format!("stage-{value}")) { (t(label)) }
                                p.hint { (t(hint)) }
                            }
                        }
                    }
                }
                label for="answer-reason" { (t("staff-board-reason")) }
                textarea #answer-reason rows="3" {}
                label for="answer-link" { (t("staff-board-link")) }
                input #answer-link type="text" inputmode="url" autocomplete="off";
                button #answer-send type="submit" { (t("staff-board-send")) }
            }
            div #answer-status aria-live="polite" {}
        }
    };
    Page(StatusCode::OK, layout(&t("staff-answers-button"), Section::Staff, &["/static/board.js"], main))
}

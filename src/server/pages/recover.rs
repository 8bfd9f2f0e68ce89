//! The two faces of recovering a lost key (docs/PROTOCOL.md §13, §19 "Recovery pairing"):
//! the facilitator's page (`/staff/recover`: find the person's credit, show a one-time link
//! and QR code, compare the new key's first digits, sign the `recover` in the browser with
//! the staff key, `static/recover-staff.js`) and the person's page opened from that link
//! (`/recover#<token>`: make and save a new key file, sign the binding, hand the new key in,
//! `static/recover.js`). The QR code of a pairing link is drawn by `POST /staff/recover/qr`,
//! so the token stays out of URLs and logs.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::lang::t;
use super::{Page, PageError, Section, layout};
use crate::server::AppState;
use crate::server::pairing::{pairing_link, read_token};

fn needs_script() -> Markup {
    html! { noscript { p.notice { (t("recover-needs-script")) } } }
}

fn error_summary(id: &str) -> Markup {
    html! {
        div id=(id) .error-summary hidden role="alert" tabindex="-1" {
            h2 { (t("error-summary-title")) }
            ul {}
        }
    }
}

/// `/staff/recover`: "Recover someone's credit", for a facilitator signed in on this browser.
pub(super) async fn staff_page() -> Page {
    let title = t("recover-staff-title");
    let main = html! {
        h1 { (title) }
        p.lead { (t("recover-staff-lead")) }
        (needs_script())
        div #who aria-live="polite" {}
        form #find-form novalidate hidden {
            (error_summary("find-errors"))
            label for="person" { (t("recover-staff-person-label")) }
            p.hint #person-hint { (t("recover-staff-person-hint")) }
            input #person name="person" type="text" autocomplete="off" spellcheck="false" aria-describedby="person-hint";
            button #find type="submit" { (t("recover-staff-find")) }
        }
        div #find-status aria-live="polite" {}
        section #pairing hidden aria-labelledby="pairing-title" {
            h2 #pairing-title tabindex="-1" { (t("recover-staff-pairing-title")) }
            p #pairing-found {}
            p { (t("recover-staff-pairing-how")) }
            div #pairing-qr {}
            p { (t("recover-staff-pairing-address")) " " code #pairing-address {} }
            p { (t("recover-staff-pairing-code")) " " strong.code #pairing-code {} }
            p.hint { (t("recover-staff-pairing-expiry")) }
            div #pairing-status role="status" aria-live="polite" {}
        }
        section #compare hidden aria-labelledby="compare-title" {
            h2 #compare-title tabindex="-1" { (t("recover-staff-compare-title")) }
            p { (t("recover-staff-compare-lead")) }
            p.check #compare-check {}
            p { (t("recover-staff-compare-warning")) }
            button #confirm type="button" { (t("recover-staff-confirm")) }
            " "
            a.button.secondary href="/staff/recover" { (t("recover-staff-restart")) }
        }
        div #recover-status aria-live="polite" {}
    };
    Page(StatusCode::OK, layout(&title, Section::Staff, &["/static/recover-staff.js"], main))
}

/// `/recover`: the person's page, opened from the facilitator's link (the token in the
/// fragment) or with the code typed in.
pub(super) async fn person_page() -> Page {
    let title = t("recover-person-title");
    let main = html! {
        h1 { (title) }
        p.lead { (t("recover-person-lead")) }
        (needs_script())
        div #pairing-info aria-live="polite" {}
        form #code-form novalidate hidden {
            (error_summary("code-errors"))
            label for="pairing-code" { (t("recover-person-code-label")) }
            p.hint #pairing-code-hint { (t("recover-person-code-hint")) }
            input #pairing-code name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="pairing-code-hint";
            button type="submit" { (t("recover-person-code-continue")) }
        }
        form #key-form novalidate hidden {
            (error_summary("key-errors"))
            h2 { (t("recover-person-key-title")) }
            p { (t("recover-person-key-lead")) }
            button #key-make.secondary type="button" { (t("recover-person-key-make")) }
            div #key-made-status aria-live="polite" {}
            p #key-again hidden { a #key-download href="#" { (t("recover-person-key-again")) } }
            div.choice {
                input #key-saved type="checkbox";
                label for="key-saved" { (t("recover-person-key-saved")) }
            }
            h2 { (t("recover-person-send-title")) }
            p { (t("recover-person-send-lead")) }
            button #send type="submit" { (t("recover-person-send")) }
        }
        div #send-status aria-live="polite" {}
        section #person-check hidden aria-labelledby="person-check-title" {
            h2 #person-check-title tabindex="-1" { (t("recover-person-check-title")) }
            p.check #person-check-code {}
            p { (t("recover-person-check-lead")) }
            div #person-done role="status" aria-live="polite" {}
        }
    };
    Page(StatusCode::OK, layout(&title, Section::Other, &["/static/recover.js"], main))
}

#[derive(Deserialize)]
pub(super) struct QrForm {
    token: String,
}

/// The QR code (SVG) of a pairing's link. POST, so the token stays out of URLs and logs.
pub(super) async fn qr(State(state): State<AppState>, form: Result<Form<QrForm>, FormRejection>) -> Response {
    let token = form.ok().and_then(|Form(f)| read_token(&f.token).ok());
    let Some(token) = token else {
        return PageError::new(StatusCode::BAD_REQUEST, "recover-qr-error-title", "recover-qr-error-detail")
            .into_response();
    };
    match qrcode::QrCode::new(pairing_link(&state.config.public_url, &token).as_bytes()) {
        Ok(code) => {
            let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(320, 320).build();
            ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "no-store")], svg).into_response()
        }
        Err(e) => PageError::internal(e).into_response(),
    }
}

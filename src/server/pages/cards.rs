//! The print sheet of claim cards for staff: `POST /staff/cards/sheet` with the form fields
//! `consultation` (64 hex digits) and `card` (repeated: a code as printed or typed) answers
//! the A4 sheet ([`crate::sheet`]), one card per code in the order given.
//!
//! Codes are secrets, so they come only in a POST body (never in a URL) and are never
//! logged or echoed whole: a refusal names the card by its place in the list and its first
//! four symbols. The route writes nothing. It shows nothing the codes' holder could not see
//! on the claim page already (the ideas on each card, whether it was claimed).
//!
//! Refusals, each a page in plain words with a stable code: a form that is not
//! `application/x-www-form-urlencoded` (415 `unsupported_media_type`); no or a malformed
//! consultation id (400 `bad_consultation_id`); an unknown consultation (404
//! `unknown_consultation`); no codes (400 `no_cards`); more than [`MAX_CARDS`] (400
//! `too_many_cards`); a malformed code (400 `bad_claim_code`); a code that is no card of
//! this consultation (422 `not_a_card_of_this_consultation`); every card already claimed
//! (409 `all_claimed`). A claimed card among others is left out and the sheet says so; a
//! code given twice is printed once.

use std::collections::BTreeSet;

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::lang::{t, ta};
use super::{Page, PageError, Section, layout, parse_id};
use crate::attribution::claim::{claim_hash, decode_code, encode_code};
use crate::server::AppState;
use crate::sheet::{MAX_CARDS, Sheet, SheetCard, public_words};

/// Why a sheet was refused: a status, a stable code, a title and a sentence.
#[derive(Debug)]
pub(super) struct Refusal {
    status: StatusCode,
    code: &'static str,
    title: String,
    detail: String,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, title: String, detail: String) -> Self {
        Refusal { status, code, title, detail }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let m = layout(
            &self.title,
            Section::Other,
            &[],
            html! {
                h1 { (self.title) }
                p { (self.detail) }
                p { (t("sheet-nothing-printed")) }
                p.hint { (t("sheet-error-code")) " " code #error-code { (self.code) } }
            },
        );
        Page(self.status, m).into_response()
    }
}

/// A refusal, or a failure on our side.
enum Failed {
    Refused(Refusal),
    Internal(PageError),
}

impl From<Refusal> for Failed {
    fn from(r: Refusal) -> Self {
        Failed::Refused(r)
    }
}

impl IntoResponse for Failed {
    fn into_response(self) -> Response {
        match self {
            Failed::Refused(r) => r.into_response(),
            Failed::Internal(e) => e.into_response(),
        }
    }
}

/// `card 3 (the one starting 7Q2M)`: enough for the person who typed the list to find it.
fn which(position: usize, code: &str) -> String {
    let start: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).take(4).collect();
    ta("sheet-which", &[("position", position.into()), ("start", start.to_ascii_uppercase().into())])
}

pub(super) async fn sheet(
    State(state): State<AppState>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    match answer(state, form).await {
        Ok(page) => page.into_response(),
        Err(failed) => failed.into_response(),
    }
}

async fn answer(state: AppState, form: Result<Form<Vec<(String, String)>>, FormRejection>) -> Result<Page, Failed> {
    let Form(fields) = form.map_err(|e| match e {
        FormRejection::InvalidFormContentType(_) => Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            t("sheet-form-unreadable"),
            t("sheet-form-not-form"),
        ),
        _ => Refusal::new(
            StatusCode::BAD_REQUEST,
            "malformed_form",
            t("sheet-form-unreadable"),
            t("sheet-form-malformed"),
        ),
    })?;
    // Up to 500 card look-ups and QR codes: off the async threads.
    // The page's language goes with the work to the blocking thread (its refusals' words).
    let ui = super::lang::lang();
    let (sheet, cards) = tokio::task::spawn_blocking(move || {
        let sheet = super::lang::with_lang(ui, || make(&state, fields))?;
        let cards = sheet.cards_markup().map_err(|e| Failed::Internal(PageError::internal(e)))?;
        Ok::<_, Failed>((sheet, cards))
    })
    .await
    .map_err(|e| Failed::Internal(PageError::internal(e)))??;
    let main = html! {
        link rel="stylesheet" href="/static/sheet.css";
        (sheet.intro(ui, true))
        (cards)
    };
    Ok(Page(StatusCode::OK, layout(&t("sheet-title"), Section::Other, &["/static/sheet.js"], main)))
}

/// Checks the form against the ledger and gathers the cards (blocking reads).
fn make(state: &AppState, fields: Vec<(String, String)>) -> Result<Sheet, Failed> {
    let bad_id = || {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "bad_consultation_id",
            t("sheet-no-consultation"),
            t("sheet-no-consultation-detail"),
        )
    };
    let mut consultation = None;
    let mut codes = Vec::new();
    for (name, value) in fields {
        match name.as_str() {
            "consultation" if consultation.is_none() => consultation = Some(value),
            "consultation" => return Err(bad_id().into()),
            "card" => codes.push(value),
            _ => {} // other fields (a button's name, a later form token) are not ours
        }
    }
    let id = parse_id(consultation.as_deref().ok_or_else(bad_id)?).map_err(|_| bad_id())?;
    let ledger = state.ledger();
    let c = ledger.consultation(&id).map_err(|e| match e.code() {
        "unknown_consultation" => Refusal::new(
            StatusCode::NOT_FOUND,
            "unknown_consultation",
            t("sheet-unknown-consultation"),
            t("sheet-unknown-consultation-detail"),
        )
        .into(),
        _ => Failed::Internal(PageError::internal(e)),
    })?;
    let codes: Vec<String> = codes.into_iter().filter(|c| !c.trim().is_empty()).collect();
    if codes.is_empty() {
        return Err(
            Refusal::new(StatusCode::BAD_REQUEST, "no_cards", t("sheet-no-cards"), t("sheet-no-cards-detail")).into()
        );
    }
    if codes.len() > MAX_CARDS {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "too_many_cards",
            t("sheet-too-many"),
            ta("sheet-too-many-detail", &[("max", MAX_CARDS.into()), ("count", codes.len().into())]),
        )
        .into());
    }
    let mut seen = BTreeSet::new();
    let (mut cards, mut claimed, mut repeated) = (Vec::with_capacity(codes.len()), 0, 0);
    for (i, code) in codes.iter().enumerate() {
        let secret = decode_code(code).map_err(|_| {
            Refusal::new(
                StatusCode::BAD_REQUEST,
                "bad_claim_code",
                t("sheet-bad-code"),
                ta("sheet-bad-code-detail", &[("card", which(i + 1, code).into())]),
            )
        })?;
        if !seen.insert(claim_hash(&secret)) {
            repeated += 1;
            continue;
        }
        let canonical = encode_code(&secret);
        let not_ours = || {
            Refusal::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_a_card_of_this_consultation",
                t("sheet-not-ours"),
                ta("sheet-not-ours-detail", &[("card", which(i + 1, code).into()), ("title", (&c.title).into())]),
            )
        };
        let view = match ledger.card(&canonical) {
            Ok(v) => v,
            Err(e) if e.code() == "unknown_card" => return Err(not_ours().into()),
            Err(e) => return Err(Failed::Internal(PageError::internal(e))),
        };
        if view.consultation != id {
            return Err(not_ours().into());
        }
        if view.claimed {
            claimed += 1;
            continue;
        }
        cards.push(SheetCard { for_whom: None, code: canonical, ideas: view.ideas.iter().map(public_words).collect() });
    }
    if cards.is_empty() {
        return Err(Refusal::new(
            StatusCode::CONFLICT,
            "all_claimed",
            t("sheet-all-claimed"),
            t("sheet-all-claimed-detail"),
        )
        .into());
    }
    Ok(Sheet {
        title: c.title,
        date: c.date,
        public_url: state.config.public_url.clone(),
        public_url_explicit: state.config.public_url_explicit,
        cards,
        claimed_left_out: claimed,
        repeated,
        lang: c.lang.as_deref().and_then(crate::i18n::Lang::from_code).unwrap_or_default(),
    })
}

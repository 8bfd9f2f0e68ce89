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

use super::{Page, PageError, Section, layout, parse_id};
use crate::attribution::claim::{claim_hash, decode_code, encode_code};
use crate::server::AppState;
use crate::sheet::{MAX_CARDS, Sheet, SheetCard, public_words};

/// Why a sheet was refused: a status, a stable code, a title and a sentence.
#[derive(Debug)]
pub(super) struct Refusal {
    status: StatusCode,
    code: &'static str,
    title: &'static str,
    detail: String,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, title: &'static str, detail: impl Into<String>) -> Self {
        Refusal { status, code, title, detail: detail.into() }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let m = layout(
            self.title,
            Section::Other,
            &[],
            html! {
                h1 { (self.title) }
                p { (self.detail) }
                p { "Nothing was printed or changed. Go back, correct the list of cards and try again." }
                p.hint { "Error code: " code #error-code { (self.code) } }
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
    format!("card {position} in the list (the one starting {})", start.to_ascii_uppercase())
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
            "This form could not be read",
            "The list of cards must be sent as a web form (application/x-www-form-urlencoded).",
        ),
        _ => Refusal::new(
            StatusCode::BAD_REQUEST,
            "malformed_form",
            "This form could not be read",
            "The list of cards did not arrive as a well-formed web form.",
        ),
    })?;
    // Up to 500 card look-ups and QR codes: off the async threads.
    let (sheet, cards) = tokio::task::spawn_blocking(move || {
        let sheet = make(&state, fields)?;
        let cards = sheet.cards_markup().map_err(|e| Failed::Internal(PageError::internal(e)))?;
        Ok::<_, Failed>((sheet, cards))
    })
    .await
    .map_err(|e| Failed::Internal(PageError::internal(e)))??;
    let main = html! {
        link rel="stylesheet" href="/static/sheet.css";
        (sheet.intro(true))
        (cards)
    };
    Ok(Page(StatusCode::OK, layout("Claim cards to print", Section::Other, &["/static/sheet.js"], main)))
}

/// Checks the form against the ledger and gathers the cards (blocking reads).
fn make(state: &AppState, fields: Vec<(String, String)>) -> Result<Sheet, Failed> {
    let bad_id = || {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "bad_consultation_id",
            "The consultation is missing",
            "The form must name one consultation by its id: 64 characters, digits and the letters a to f.",
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
            "We could not find this consultation",
            "No consultation with this id is in the record. Check that the whole id was copied.",
        )
        .into(),
        _ => Failed::Internal(PageError::internal(e)),
    })?;
    let codes: Vec<String> = codes.into_iter().filter(|c| !c.trim().is_empty()).collect();
    if codes.is_empty() {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "no_cards",
            "There are no cards to print",
            "The list of cards is empty. Add the codes of the cards you want to print.",
        )
        .into());
    }
    if codes.len() > MAX_CARDS {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "too_many_cards",
            "Too many cards at once",
            format!(
                "A sheet can hold at most {MAX_CARDS} cards; the list has {}. Print them in smaller batches.",
                codes.len()
            ),
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
                "A code is not quite right",
                format!(
                    "The code of {} is not a claim code: a code has 27 letters and digits, in groups of four. \
                     Check each character against the card.",
                    which(i + 1, code)
                ),
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
                "A code is not a card of this consultation",
                format!(
                    "The code of {} is not a card of “{}”. Check that it was copied from the right card, \
                     or print it with the consultation it belongs to.",
                    which(i + 1, code),
                    c.title
                ),
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
            "These cards have all been claimed",
            "The ideas on every card in the list have already been claimed, so there is nothing to print.",
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

//! `/staff/ideas/{id}/recognise`: the organisation records that it recognised an idea with a
//! payment, or that the person declined one (an `acknowledge` statement, docs/PROTOCOL.md §13
//! kind 10). The statement is made and signed in this browser by the staff key
//! (`static/recognise.js` with `static/staffkey.js`); the amount goes beside it, never in it
//! (§21). The page also lists what was recorded for the idea; as served it holds no amount:
//! the script asks for each with the organisation's key (`POST /v1/payments/organisation`)
//! and writes the answers into this page only, so only the organisation that paid sees them.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use maud::html;

use super::lang::{t, ta};
use super::{Page, PageError, Section, date_of, day, excerpt, layout, parse_id};
use crate::attribution::kinds::{ACK_DECLINED, Recognition};
use crate::attribution::state::AckRec;
use crate::server::AppState;

/// The currencies offered first (any ISO 4217 code may be typed).
const CURRENCIES: [&str; 3] = ["GBP", "EUR", "USD"];

pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Page, PageError> {
    let id = parse_id(&id)?;
    let v = state.ledger().idea(&id)?;
    let recorded = state.ledger().acknowledgements_at(&v.acks)?;
    let words = match (&v.text, v.withdrawn) {
        (Some(w), false) => Some(w.as_str()),
        _ => None,
    };
    let main = html! {
        p.caption { (v.consultation_title) }
        h1 { (t("pay-title")) }
        @match words {
            Some(w) => blockquote #idea-words { p { (excerpt(w, 300)) } },
            None => p.withdrawn { (t("idea-withdrawn-title")) },
        }
        p.hint { (t("given-on")) " " (day(&v.given)) }
        @if !v.acks.is_empty() {
            p.notice #already { (ta("pay-already", &[("count", v.acks.len().into())])) }
        }
        @if !recorded.is_empty() {
            section #pay-recorded-section aria-labelledby="pay-recorded-heading" {
                h2 #pay-recorded-heading { (t("pay-recorded-title")) }
                p.hint { (t("pay-recorded-hint")) }
                ul #pay-recorded {
                    @for a in &recorded {
                        li data-seq=(a.seq) {
                            strong { (what_happened(a)) }
                            @if a.payment.is_some() || a.amount.is_some() {
                                ": " span.pay-amount data-seq=(a.seq) { (t("pay-recorded-amount-hidden")) }
                            }
                            " · " (date_of(a.log_time))
                            @if let Some(note) = &a.note { " · “" (note) "”" }
                        }
                    }
                }
                div #pay-recorded-status aria-live="polite" {}
            }
        }
        (super::staff::needs_script())
        div #who aria-live="polite" {}
        p.notice { (t("pay-private")) }
        form #pay-form novalidate hidden data-idea=(id.hex()) {
            div #pay-errors.error-summary hidden role="alert" tabindex="-1" {
                h2 { (t("error-summary-title")) }
                ul {}
            }
            fieldset {
                legend { (t("pay-legend")) }
                div.choice {
                    input #pay-paid type="radio" name="status" value="paid";
                    div {
                        label for="pay-paid" { (t("pay-paid")) }
                        p.hint { (t("pay-paid-hint")) }
                    }
                }
                div.choice {
                    input #pay-declined type="radio" name="status" value="declined";
                    div {
                        label for="pay-declined" { (t("pay-declined")) }
                        p.hint { (t("pay-declined-hint")) }
                    }
                }
            }
            div #amount-fields {
                label for="pay-amount" { (t("pay-amount")) }
                p.hint #pay-amount-hint { (t("pay-amount-hint")) }
                input #pay-amount name="amount" type="text" inputmode="decimal" autocomplete="off" aria-describedby="pay-amount-hint";
                label for="pay-currency" { (t("pay-currency")) }
                p.hint #pay-currency-hint { (t("pay-currency-hint")) }
                input #pay-currency name="currency" type="text" value="GBP" list="currencies" maxlength="3" autocomplete="off" aria-describedby="pay-currency-hint";
                datalist #currencies { @for c in CURRENCIES { option value=(c) {} } }
            }
            label for="pay-note" { (t("pay-note")) }
            p.hint #pay-note-hint { (t("pay-note-hint")) }
            input #pay-note name="note" type="text" maxlength="200" autocomplete="off" aria-describedby="pay-note-hint";
            button #pay-send type="submit" { (t("pay-send")) }
        }
        div #pay-status aria-live="polite" {}
        p { a href="/staff/board" { (t("pay-back")) } }
    };
    Ok(Page(StatusCode::OK, layout(&t("pay-title"), Section::Staff, &["/static/recognise.js"], main)))
}

/// "Paid", "They said no to payment", or another recognition, in the page's language.
fn what_happened(a: &AckRec) -> String {
    if a.status == ACK_DECLINED {
        t("pay-recorded-declined")
    } else if Recognition::from_code(a.recognition) == Some(Recognition::Payment) {
        t("pay-recorded-paid")
    } else {
        t("pay-recorded-other")
    }
}

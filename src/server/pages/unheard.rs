//! `/consultations/{id}/not-yet-heard`: the ideas of a consultation that no report has cited,
//! those of people with no idea cited at all first — whose voices a report is missing —
//! beside the consultation's concentration figures.

use axum::extract::{Path, State};
use maud::html;

use super::consultation::{figures, idea_item};
use super::lang::{t, ta};
use super::{Page, PageError, Section, layout, ok, parse_id, percent};
use crate::server::AppState;

pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Page, PageError> {
    let id = parse_id(&id)?;
    let ledger = state.ledger();
    let c = ledger.consultation_summary(&id)?;
    let n = ledger.not_yet_heard(&id)?;
    let f = ledger.figures_for_consultation(&id)?;
    let mut first = Vec::with_capacity(n.unheard_people.len());
    for v in &n.unheard_people {
        first.push(idea_item(&state, v)?);
    }
    let mut then = Vec::with_capacity(n.others.len());
    for v in &n.others {
        then.push(idea_item(&state, v)?);
    }
    let share = if n.people == 0 { 0.0 } else { n.people_without_citation as f64 / n.people as f64 };
    let consultation = format!("/consultations/{}", id.hex());
    let main = html! {
        p.kicker { (t("consultation-kicker")) ": " a href=(consultation) { (c.rec.title) } }
        h1 { (t("uh-title")) }
        p.lead { (t("uh-lead")) }
        dl.facts #unheard-figures {
            dt { (t("uh-people")) } dd { (n.people) }
            dt { (t("uh-people-uncited")) } dd { (n.people_without_citation) " (" (percent(share)) ")" }
            dt { (t("uh-ideas-uncited")) } dd { (n.unheard_people.len() + n.others.len()) }
        }
        p { a href=(format!("/search?consultation={}&cited=no", id.hex())) { (t("consultation-search")) } }
        section aria-labelledby="nobody" {
            h2 #nobody { (ta("uh-nobody", &[("count", first.len().into())])) }
            @if first.is_empty() { p { (t("uh-nobody-none")) } }
            @for m in &first { (m) }
        }
        section aria-labelledby="others" {
            h2 #others { (ta("uh-others", &[("count", then.len().into())])) }
            @if then.is_empty() { p { (t("uh-others-none")) } }
            @for m in &then { (m) }
        }
        section aria-labelledby="equity" {
            h2 #equity { (t("consultation-equity")) }
            p { (t("consultation-equity-lead")) }
            (figures(&f))
        }
    };
    Ok(ok(layout(&ta("uh-page-title", &[("title", (&c.rec.title).into())]), Section::Home, &[], main)))
}

//! `/consultations/{id}/not-yet-heard`: the ideas of a consultation that no report has cited,
//! those of people with no idea cited at all first — whose voices a report is missing —
//! beside the consultation's concentration figures.

use axum::extract::{Path, State};
use maud::html;

use super::consultation::{figures, idea_item};
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
        p.kicker { "Consultation: " a href=(consultation) { (c.rec.title) } }
        h1 { "Not yet heard" }
        p.lead {
            "Ideas from this consultation that no report has cited yet. Ideas from people who have "
            "had nothing cited at all come first: these are the voices a report is missing."
        }
        dl.facts #unheard-figures {
            dt { "People who gave ideas" } dd { (n.people) }
            dt { "People with nothing cited yet" } dd { (n.people_without_citation) " (" (percent(share)) ")" }
            dt { "Ideas not cited yet" } dd { (n.unheard_people.len() + n.others.len()) }
        }
        p { a href=(format!("/search?consultation={}&cited=no", id.hex())) { "Search these ideas" } }
        section aria-labelledby="nobody" {
            h2 #nobody { "From people with nothing cited yet (" (first.len()) ")" }
            @if first.is_empty() { p { "Everyone who gave an idea here has had at least one idea cited." } }
            @for m in &first { (m) }
        }
        section aria-labelledby="others" {
            h2 #others { "From people with another idea cited (" (then.len()) ")" }
            @if then.is_empty() { p { "None." } }
            @for m in &then { (m) }
        }
        section aria-labelledby="equity" {
            h2 #equity { "Whose ideas were used" }
            p { "These figures show whether credit went to many people or to a vocal few." }
            (figures(&f))
        }
    };
    Ok(ok(layout(&format!("Not yet heard: {}", c.rec.title), Section::Home, &[], main)))
}

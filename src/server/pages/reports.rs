//! `/reports`: every report, newest first, each with the policy team that wrote it and how
//! many ideas it cites, linking to its page.

use axum::extract::State;
use maud::html;

use super::{Page, PageError, Section, layout, ok};
use crate::server::AppState;

pub(super) async fn list(State(state): State<AppState>) -> Result<Page, PageError> {
    let ledger = state.ledger();
    let reports = ledger.reports()?;
    let mut rows = Vec::with_capacity(reports.len());
    for r in &reports {
        let team = ledger.party_name(&r.rec.author)?.unwrap_or_else(|| "a policy team".into());
        let ideas = r.rec.uses.iter().map(|u| u.idea).collect::<std::collections::BTreeSet<_>>().len();
        rows.push((r.id.hex(), r.rec.title.clone(), r.rec.version.clone(), team, ideas));
    }
    let main = html! {
        h1 { "Reports" }
        p.lead { "Reports that cite ideas people gave, newest first. Each shows which ideas it used, where, and who gave them." }
        @if rows.is_empty() {
            p { "No report has cited an idea yet." }
        } @else {
            ul.items {
                @for (id, title, version, team, ideas) in &rows {
                    li {
                        a href=(format!("/reports/{id}")) { (title) " (" (version) ")" }
                        p.hint { "By " (team) ". Cites " (ideas) @if *ideas == 1 { " idea." } @else { " ideas." } }
                    }
                }
            }
        }
    };
    Ok(ok(layout("Reports", Section::Other, &[], main)))
}

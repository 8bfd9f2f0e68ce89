//! `/reports`: every report, newest first, each with the policy team that wrote it and how
//! many ideas it cites, linking to its page.

use axum::extract::State;
use maud::html;

use super::lang::{t, ta};
use super::{Page, PageError, Section, layout, ok};
use crate::server::AppState;

pub(super) async fn list(State(state): State<AppState>) -> Result<Page, PageError> {
    let ledger = state.ledger();
    let reports = ledger.reports()?;
    let mut rows = Vec::with_capacity(reports.len());
    for r in &reports {
        let team = ledger.party_name(&r.rec.author)?.unwrap_or_else(|| t("report-a-team"));
        let ideas = r.rec.uses.iter().map(|u| u.idea).collect::<std::collections::BTreeSet<_>>().len();
        rows.push((r.id.hex(), r.rec.title.clone(), r.rec.version.clone(), team, ideas));
    }
    let main = html! {
        h1 { (t("reports-title")) }
        p.lead { (t("reports-lead")) }
        @if rows.is_empty() {
            p { (t("reports-none")) }
        } @else {
            ul.items {
                @for (id, title, version, team, ideas) in &rows {
                    li {
                        a href=(format!("/reports/{id}")) { (title) " (" (version) ")" }
                        p.hint { (ta("reports-by", &[("team", team.into()), ("count", (*ideas).into())])) }
                    }
                }
            }
        }
    };
    Ok(ok(layout(&t("reports-title"), Section::Other, &[], main)))
}

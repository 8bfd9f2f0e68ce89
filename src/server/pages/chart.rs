//! The small chart of how citations spread across contributors: an inline SVG drawn by the
//! server (no script), with a text summary and a table for people who do not see it.

use std::collections::{BTreeMap, BTreeSet};

use maud::{Markup, html};

use super::lang::{t, ta};

use crate::attribution::kinds::Id;
use crate::attribution::query::{ContributorId, IdeaView};

/// One contributor's share: citations of their ideas (credits) and ideas given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Share {
    /// Citations of ideas they are a contributor of (one per report and idea).
    pub credits: u64,
    /// Ideas they are a contributor of.
    pub ideas: u64,
}

/// Credits and ideas per contributor, most credited first, counted as docs/EQUITY.md counts
/// them (a citation is a distinct report and idea; every contributor of an idea is credited).
pub(super) fn shares(ideas: &[IdeaView]) -> Vec<Share> {
    let mut per: BTreeMap<ContributorId, Share> = BTreeMap::new();
    for v in ideas {
        let reports: BTreeSet<Id> = v.citations.iter().map(|c| c.report).collect();
        for c in &v.contributors {
            let s = per.entry(*c).or_insert(Share { credits: 0, ideas: 0 });
            s.credits += reports.len() as u64;
            s.ideas += 1;
        }
    }
    let mut out: Vec<Share> = per.into_values().collect();
    out.sort_by(|a, b| b.credits.cmp(&a.credits).then(b.ideas.cmp(&a.ideas)));
    out
}

/// The chart: one bar per contributor, tallest (most cited) on the left.
pub(super) fn credits_chart(shares: &[Share]) -> Markup {
    let total: u64 = shares.iter().map(|s| s.credits).sum();
    let max = shares.iter().map(|s| s.credits).max().unwrap_or(0);
    let n = shares.len().max(1) as u64;
    let (w, h) = (600u64, 160u64);
    let bar = (w / n).max(2);
    let cited = shares.iter().filter(|s| s.credits > 0).count();
    let top = shares.len().div_ceil(10);
    let top_credits: u64 = shares.iter().take(top).map(|s| s.credits).sum();
    let summary = if total == 0 {
        ta("chart-none", &[("count", shares.len().into())])
    } else {
        ta(
            "chart-summary",
            &[
                ("total", total.into()),
                ("cited", cited.into()),
                ("count", shares.len().into()),
                ("top", top.into()),
                ("top_credits", top_credits.into()),
            ],
        )
    };
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {w} {h}")) role="img" aria-labelledby="chart-title chart-desc"
                xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="none" {
                title #chart-title { (t("chart-title")) }
                desc #chart-desc { (summary) }
                line.axis x1="0" y1=(h - 1) x2=(w) y2=(h - 1) {}
                @for (i, s) in shares.iter().enumerate() {
                    @let bh = (s.credits * (h - 8)).checked_div(max).unwrap_or(0);
                    @if bh > 0 {
                        rect.bar x=(i as u64 * bar + 1) y=(h - 1 - bh) width=(bar.saturating_sub(2).max(1)) height=(bh)
                            data-credits=(s.credits) {}
                    }
                }
            }
            figcaption { (summary) " " (t("chart-caption")) }
            details {
                summary { (t("chart-numbers")) }
                table {
                    caption { (t("chart-table-caption")) }
                    thead { tr { th scope="col" { (t("chart-col-contributor")) } th scope="col" { (t("chart-col-citations")) } th scope="col" { (t("chart-col-ideas")) } } }
                    tbody {
                        @for (i, s) in shares.iter().enumerate() {
                            tr { th scope="row" { (i + 1) } td { (s.credits) } td { (s.ideas) } }
                        }
                    }
                }
            }
        }
    }
}

//! Knowledge-equity figures for a consultation, an organisation or a report.
//!
//! The exact definitions are in docs/EQUITY.md; this module is their one implementation.
//! In short: a *citation* is a distinct (report, idea) pair; a contributor is a party or an
//! unclaimed claim card; each citation of an idea credits every contributor of the idea
//! once; concentration figures are over every distinct contributor in scope, including
//! those never cited.

use std::collections::{BTreeMap, BTreeSet};

use super::AttributionError;
use super::kinds::{Consent, Id};
use super::query::{ContributorId, consultation, consultations_of, contributors_of, idea_rec, report};
use super::state::*;
use crate::log::reads::Reads;

/// Milliseconds in a day.
const DAY_MS: u64 = 86_400_000;

/// The figures for one scope.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Ideas in scope (withdrawn ones included: the fact that they were given remains).
    pub ideas: u64,
    /// Distinct contributors of those ideas.
    pub contributors: u64,
    /// Ideas with at least one citation in scope.
    pub cited_ideas: u64,
    /// `cited_ideas / ideas` (0 when there are no ideas).
    pub share_cited: f64,
    /// Ideas with at least one response.
    pub responded_ideas: u64,
    /// `responded_ideas / ideas`.
    pub share_responded: f64,
    /// Median of whole days from an idea's log time to its first response's log time,
    /// over responded ideas; `None` when none.
    pub median_days_to_response: Option<f64>,
    /// Ideas by current consent level: named, pseudonym, anonymous.
    pub ideas_by_consent: [u64; 3],
    /// Citations (report, idea pairs) by the idea's consent level.
    pub citations_by_consent: [u64; 3],
    /// `citations_by_consent / citations` (zeros when there are no citations).
    pub credit_share_by_consent: [f64; 3],
    /// Citations: distinct (report, idea) pairs in scope.
    pub citations: u64,
    /// Sum over contributors of their citation credits.
    pub credits: u64,
    /// Share of credits going to the ceil(10%) most-credited contributors.
    pub top_decile_share: f64,
    /// Gini coefficient of credits over every contributor in scope.
    pub gini: f64,
    /// Share of ideas given by the ceil(10%) contributors who gave the most (who speaks,
    /// before anyone cites: the "vocal few" in the room).
    pub ideas_top_decile_share: f64,
    /// Gini coefficient of ideas given per contributor.
    pub ideas_gini: f64,
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The median of whole-day counts (mean of the two middle values for an even count).
pub fn median(values: &mut [u64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] as f64 } else { (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0 })
}

/// Gini coefficient: `Σ_i Σ_j |x_i − x_j| / (2 n² μ)`, 0 when n = 0 or every x is 0.
pub fn gini(values: &[u64]) -> f64 {
    let n = values.len() as f64;
    let total: u64 = values.iter().sum();
    if values.is_empty() || total == 0 {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    // Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − n + 1) x_(i) over the sorted values (i from 0).
    let mut s: i128 = 0;
    let len = sorted.len() as i128;
    for (i, &x) in sorted.iter().enumerate() {
        s += (2 * i as i128 - len + 1) * i128::from(x);
    }
    (2 * s) as f64 / (2.0 * n * n * (total as f64 / n))
}

/// Share of the total held by the ceil(10% of n) largest values (0 when the total is 0).
pub fn top_decile_share(values: &[u64]) -> f64 {
    let total: u64 = values.iter().sum();
    if total == 0 {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let k = values.len().div_ceil(10);
    ratio(sorted.iter().take(k).sum(), total)
}

/// The first millisecond (UTC) of the day an idea was given: its `given` day, else the day of
/// its statement's author time (read from its entry), else the day of its log time.
fn given_ms(store: &dyn Reads, rec: &IdeaRec) -> u64 {
    if let Some(ms) = rec.given.as_deref().and_then(super::dates::day_start_ms) {
        return ms;
    }
    let author = store.entry(rec.seq).ok().flatten().and_then(|bytes| {
        let e = crate::protocol::entry::Entry::decode(&bytes).ok()?;
        crate::protocol::statement::Statement::decode(&e.statement).ok().map(|st| st.time)
    });
    let t = author.unwrap_or(rec.log_time);
    t - t % DAY_MS
}

/// Computes the figures for ideas in scope (each with when it was given, ms), counting
/// citations from reports that `counts`.
fn compute(ideas: &[(IdeaRec, u64)], counts: &dyn Fn(&Id) -> bool) -> Figures {
    let mut contributors: BTreeMap<ContributorId, u64> = BTreeMap::new();
    let mut f = Figures {
        ideas: ideas.len() as u64,
        contributors: 0,
        cited_ideas: 0,
        share_cited: 0.0,
        responded_ideas: 0,
        share_responded: 0.0,
        median_days_to_response: None,
        ideas_by_consent: [0; 3],
        citations_by_consent: [0; 3],
        credit_share_by_consent: [0.0; 3],
        citations: 0,
        credits: 0,
        top_decile_share: 0.0,
        gini: 0.0,
        ideas_top_decile_share: 0.0,
        ideas_gini: 0.0,
    };
    let mut given: BTreeMap<ContributorId, u64> = BTreeMap::new();
    let mut days = Vec::new();
    for (rec, given_at) in ideas {
        let reports: BTreeSet<Id> = rec.citations.iter().map(|c| c.report).filter(|r| counts(r)).collect();
        let n = reports.len() as u64;
        let consent = Consent::from_code(rec.consent).unwrap_or(Consent::Anonymous).code() as usize;
        f.ideas_by_consent[consent] += 1;
        f.citations_by_consent[consent] += n;
        f.citations += n;
        if n > 0 {
            f.cited_ideas += 1;
        }
        if let Some(first) = rec.responses.first() {
            f.responded_ideas += 1;
            days.push(first.log_time.saturating_sub(*given_at) / DAY_MS);
        }
        for c in contributors_of(rec) {
            *given.entry(c).or_insert(0) += 1;
            *contributors.entry(c).or_insert(0) += n;
        }
    }
    f.contributors = contributors.len() as u64;
    f.share_cited = ratio(f.cited_ideas, f.ideas);
    f.share_responded = ratio(f.responded_ideas, f.ideas);
    f.median_days_to_response = median(&mut days);
    for i in 0..3 {
        f.credit_share_by_consent[i] = ratio(f.citations_by_consent[i], f.citations);
    }
    let credits: Vec<u64> = contributors.values().copied().collect();
    f.credits = credits.iter().sum();
    f.top_decile_share = top_decile_share(&credits);
    f.gini = gini(&credits);
    let given: Vec<u64> = given.values().copied().collect();
    f.ideas_top_decile_share = top_decile_share(&given);
    f.ideas_gini = gini(&given);
    f
}

fn consultation_ideas(store: &dyn Reads, c: &Id) -> Result<Vec<(IdeaRec, u64)>, AttributionError> {
    consultation(store, c)?;
    ids_under(store, &key(b'L', &[&c.0]))?.iter().map(|id| with_given(store, idea_rec(store, id)?)).collect()
}

fn with_given(store: &dyn Reads, rec: IdeaRec) -> Result<(IdeaRec, u64), AttributionError> {
    let at = given_ms(store, &rec);
    Ok((rec, at))
}

/// Figures for one consultation (citations from any report).
pub fn for_consultation(store: &dyn Reads, c: &Id) -> Result<Figures, AttributionError> {
    Ok(compute(&consultation_ideas(store, c)?, &|_| true))
}

/// Figures for every consultation an organisation convened (by its party key).
pub fn for_organisation(store: &dyn Reads, organisation: &Id) -> Result<Figures, AttributionError> {
    let mut ideas = Vec::new();
    for c in consultations_of(store, organisation)? {
        ideas.extend(consultation_ideas(store, &c)?);
    }
    Ok(compute(&ideas, &|_| true))
}

/// Figures for one report: its cited ideas, counting only this report's citations.
pub fn for_report(store: &dyn Reads, report_id: &Id) -> Result<Figures, AttributionError> {
    let r = report(store, report_id)?;
    let mut seen = BTreeSet::new();
    let mut ideas = Vec::new();
    for u in &r.uses {
        if seen.insert(u.idea) {
            ideas.push(with_given(store, idea_rec(store, &u.idea)?)?);
        }
    }
    Ok(compute(&ideas, &|id| id == report_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_and_top_share_known_values() {
        assert_eq!(gini(&[]), 0.0);
        assert_eq!(gini(&[0, 0]), 0.0);
        assert_eq!(gini(&[5, 5, 5]), 0.0);
        // One of four holds everything: (n − 1) / n.
        assert!((gini(&[0, 0, 0, 4]) - 0.75).abs() < 1e-12);
        // [1, 2, 3]: Σ|xi − xj| = 8, 2 n² μ = 36.
        assert!((gini(&[3, 1, 2]) - 8.0 / 36.0).abs() < 1e-12);
        assert!((top_decile_share(&[1, 2, 3]) - 0.5).abs() < 1e-12);
        assert_eq!(top_decile_share(&[0, 0]), 0.0);
        assert_eq!(median(&mut [3, 1]), Some(2.0));
        assert_eq!(median(&mut []), None);
    }
}

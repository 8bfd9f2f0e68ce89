//! "You said, we did" (`/consultations/<id>/you-said-we-did`): a consultation's ideas grouped
//! by theme, each with the reports that cited it and the organisation's latest answer, under
//! the consultation's knowledge-equity figures. Public, printable on A4 (heard.css's print
//! rules), contributors shown only as they consented; its updates are also an Atom feed
//! ([`super::feeds`]).
//!
//! An idea is listed once, under its **theme**: its first plain-word tag (one without `:`,
//! which marks a machine tag such as an import's `polis:participant=…`) that not every tagged
//! idea of the consultation carries (a tag they all carry names the consultation, not a theme);
//! failing that its first plain-word tag; failing that "Other ideas", listed last. Themes are
//! in alphabetical order, ideas in the order they were given to the record.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::extract::{Path, State};
use maud::{Markup, html};

use super::consultation::figures;
use super::lang::{lang, t, ta};
use super::{
    Page, PageError, Section, date_of, day, given_sentence, layout_with_feed, ok, parse_id, safe_url, shown_by,
    usage_words,
};
use crate::attribution::kinds::Id;
use crate::attribution::query::IdeaView;
use crate::attribution::state::ResponseRec;
use crate::server::AppState;

/// The heading of ideas that have no theme, in the page's language.
fn no_theme() -> String {
    t("sd-other-ideas")
}

/// Whether a tag is plain words a person chose (not a machine tag such as `polis:comment=3`).
fn is_plain(tag: &str) -> bool {
    !tag.contains(':') && !tag.trim().is_empty()
}

/// The ideas grouped by theme (see the module's documentation), themes in alphabetical
/// order and `None` (no theme) last.
pub(super) fn by_theme(ideas: &[IdeaView]) -> Vec<(Option<String>, Vec<&IdeaView>)> {
    let mut everywhere: Option<BTreeSet<&str>> = None;
    for v in ideas {
        let tags: BTreeSet<&str> = v.tags.iter().map(String::as_str).filter(|t| is_plain(t)).collect();
        if tags.is_empty() {
            continue;
        }
        everywhere = Some(match everywhere {
            None => tags,
            Some(e) => e.intersection(&tags).copied().collect(),
        });
    }
    let everywhere = everywhere.unwrap_or_default();
    let mut groups: BTreeMap<Option<String>, Vec<&IdeaView>> = BTreeMap::new();
    for v in ideas {
        let plain: Vec<&str> = v.tags.iter().map(String::as_str).filter(|t| is_plain(t)).collect();
        let theme = plain.iter().find(|t| !everywhere.contains(*t)).or(plain.first()).map(|t| t.trim().to_string());
        groups.entry(theme).or_default().push(v);
    }
    // `None` sorts first in a BTreeMap; it is listed last.
    let mut out: Vec<_> = groups.into_iter().collect();
    if out.first().is_some_and(|(t, _)| t.is_none()) {
        out.rotate_left(1);
    }
    out
}

/// An outcome in plain words, as a sentence starts it ("Adopted", "Not adopted").
pub(super) fn outcome_words(r: &ResponseRec) -> String {
    let name = super::outcome_words(r.outcome);
    let mut c = name.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// An anchor for a theme's section.
fn anchor(theme: &Option<String>, i: usize) -> String {
    match theme {
        Some(_) => format!("theme-{}", i + 1),
        None => "theme-other".into(),
    }
}

/// One idea: its words, who gave it, where it was used and the latest answer.
fn idea(v: &IdeaView, reports: &HashMap<Id, (String, String)>) -> Markup {
    let latest = v.responses.last();
    html! {
        article.idea.said-did data-idea=(v.id.hex()) {
            @if v.withdrawn {
                p.withdrawn { (t("idea-withdrawn")) }
            } @else if let Some(t) = &v.text {
                blockquote { p { (t) } }
            } @else {
                p.withdrawn { (t("idea-text-missing")) }
            }
            p.meta { (t("given-by")) " " strong { (shown_by(&v.contributor)) } " · " (given_sentence(v)) }
            dl.facts {
                dt { (t("vi-used-in")) }
                dd.cited {
                    @if v.citations.is_empty() {
                        (t("sd-not-cited"))
                    } @else {
                        ul {
                            @for c in &v.citations {
                                @let (title, version) = reports.get(&c.report).cloned().unwrap_or_default();
                                li data-seq=(c.seq) {
                                    a href=(format!("/reports/{}", c.report.hex())) { (title) } " (" (version) "), "
                                    (c.locator) " — " (usage_words(c.how))
                                    " · " (date_of(c.log_time))
                                }
                            }
                        }
                    }
                }
                dt { (t("sd-what-done")) }
                dd.answer data-seq=[latest.map(|r| r.seq)] {
                    @match latest {
                        None => (t("vi-no-answer")),
                        Some(r) => {
                            strong.outcome { (outcome_words(r)) }
                            @if let Some(reason) = &r.reason { " — " (reason) }
                            " · " (date_of(r.log_time))
                            @if !r.links.is_empty() {
                                ul.links {
                                    @for l in &r.links {
                                        li { @if let Some(u) = safe_url(l) { a href=(u) rel="noopener noreferrer nofollow" { (l) } } @else { (l) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p.no-print { a href=(format!("/ideas/{}", v.id.hex())) { (t("idea-more")) span.visually-hidden { " " (ta("sd-more-hidden", &[("name", shown_by(&v.contributor).into()), ("date", super::lang::long_day(&v.given).into())])) } } }
        }
    }
}

pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Page, PageError> {
    let id = parse_id(&id)?;
    let ledger = state.ledger();
    let c = ledger.consultation_summary(&id)?;
    let ideas = ledger.ideas_of_consultation(&id)?;
    let f = ledger.figures_for_consultation(&id)?;
    let mut reports = HashMap::new();
    for c in ideas.iter().flat_map(|v| &v.citations) {
        if let std::collections::hash_map::Entry::Vacant(e) = reports.entry(c.report) {
            let r = ledger.report(&c.report).map_err(PageError::internal)?;
            e.insert((r.title, r.version));
        }
    }
    // How many ideas stand at each latest answer, in the outcomes' code order.
    let mut answers: BTreeMap<u8, (String, usize)> = BTreeMap::new();
    for r in ideas.iter().filter_map(|v| v.responses.last()) {
        answers.entry(r.outcome).or_insert_with(|| (outcome_words(r), 0)).1 += 1;
    }
    let unanswered = ideas.iter().filter(|v| v.responses.is_empty()).count();
    let groups = by_theme(&ideas);
    let org = c.convenor_name.clone().unwrap_or_else(|| t("sd-the-organisation"));
    let consultation_link = format!("/consultations/{}", id.hex());
    let feed = super::feeds::feed_path(&format!("/consultations/{}/feed.atom", id.hex()), lang());
    let main = html! {
        div.said-did {
            p.kicker { (t("sd-kicker")) }
            h1 { (ta("consultation-feed-title", &[("title", (&c.rec.title).into())])) }
            p.lead { (ta("sd-lead", &[("count", ideas.len().into()), ("org", (&org).into())])) }
            dl.facts {
                dt { (t("consultation-kicker")) } dd { a href=(consultation_link) { (c.rec.title) } }
                dt { (t("consultation-convened-by")) } dd { (org) }
                dt { (t("consultation-date")) } dd { (day(&c.rec.date)) }
                dt { (t("consultation-place")) } dd { (c.rec.place) }
            }
            p.hint { (t("consultation-shown-hint")) }
            p.no-print {
                (t("sd-feed-before")) " "
                a href=(feed) type="application/atom+xml" { (t("sd-feed-link")) } ". "
                (t("sd-feed-after"))
            }
            section #at-a-glance aria-labelledby="glance-heading" {
                h2 #glance-heading { (t("sd-glance")) }
                ul.answers {
                    @for (words, n) in answers.values() { li { strong { (words) } ": " (ta("sd-idea-count", &[("count", (*n).into())])) } }
                    li { strong { (t("sd-no-answer-yet")) } ": " (ta("sd-idea-count", &[("count", unanswered.into())])) }
                }
                h3 { (t("consultation-equity")) }
                p { (t("consultation-equity-lead")) }
                (figures(&f))
            }
            @if groups.len() > 1 {
                nav.no-print aria-labelledby="themes-heading" {
                    h2 #themes-heading { (t("sd-themes")) }
                    ul {
                        @for (i, (theme, vs)) in groups.iter().enumerate() {
                            li { a href=(format!("#{}", anchor(theme, i))) { (theme.clone().unwrap_or_else(no_theme)) } " (" (vs.len()) ")" }
                        }
                    }
                }
            }
            @if ideas.is_empty() {
                p { (t("sd-no-ideas")) }
            }
            @for (i, (theme, vs)) in groups.iter().enumerate() {
                section.theme aria-labelledby=(anchor(theme, i)) {
                    h2 id=(anchor(theme, i)) {
                        @if let Some(th) = theme { (ta("sd-theme", &[("theme", th.into())])) } @else { (no_theme()) }
                        span.count { " (" (ta("sd-idea-count", &[("count", vs.len().into())])) ")" }
                    }
                    @for v in vs { (idea(v, &reports)) }
                }
            }
        }
    };
    let feed_title = ta("consultation-feed-title", &[("title", (&c.rec.title).into())]);
    Ok(ok(layout_with_feed(
        &ta("sd-page-title", &[("title", (&c.rec.title).into())]),
        Section::Home,
        &[],
        Some((&feed, &feed_title)),
        main,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::kinds::Consent;
    use crate::attribution::query::{Attribution, TextStatus, Verification};

    fn v(n: u8, tags: &[&str]) -> IdeaView {
        IdeaView {
            id: Id([n; 32]),
            seq: n.into(),
            log_time: 0,
            given: "2026-01-01".into(),
            consultation: Id([0; 32]),
            consultation_title: "c".into(),
            contributor: Attribution::Contributor,
            consent: Consent::Anonymous,
            contributors: vec![],
            confirmed_co_contributors: 0,
            text: Some("t".into()),
            salt: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            builds_on: vec![],
            citations: vec![],
            responses: vec![],
            acks: vec![],
            withdrawn: false,
            verification: Verification { entry_hash: [0; 32], in_log: true, text: TextStatus::Missing },
        }
    }

    fn themes(ideas: &[IdeaView]) -> Vec<(Option<String>, Vec<u64>)> {
        by_theme(ideas).into_iter().map(|(t, vs)| (t, vs.iter().map(|v| v.seq).collect())).collect()
    }

    fn th(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn an_idea_is_listed_once_under_its_theme() {
        // "housing" is on every idea: it names the consultation, so the next tag is the theme.
        let ideas = [
            v(1, &["housing", "repairs"]),
            v(2, &["housing", "damp"]),
            v(3, &["housing"]),
            v(4, &["housing", "repairs"]),
        ];
        assert_eq!(themes(&ideas), [(th("damp"), vec![2]), (th("housing"), vec![3]), (th("repairs"), vec![1, 4])]);
        // Every idea has the same tags: one theme, the first tag.
        let same = [v(1, &["safety", "transport"]), v(2, &["safety", "transport"])];
        assert_eq!(themes(&same), [(th("safety"), vec![1, 2])]);
        // Machine tags are never themes; untagged ideas come last, and do not make every tag a
        // theme by sharing none.
        let mixed = [v(1, &["transport", "lighting"]), v(2, &["transport"]), v(3, &[])];
        assert_eq!(themes(&mixed), [(th("lighting"), vec![1]), (th("transport"), vec![2]), (None, vec![3])]);
        let polis = [v(1, &["polis", "polis:participant=3"]), v(2, &[]), v(3, &["polis:comment=1"])];
        assert_eq!(themes(&polis), [(th("polis"), vec![1]), (None, vec![2, 3])]);
        assert!(themes(&[]).is_empty());
    }
}

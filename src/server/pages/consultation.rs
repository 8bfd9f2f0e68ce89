//! The home page (what Heard is, recent consultations, the state of the record) and the
//! consultation page (its ideas, what came of them, and its knowledge-equity figures).

use axum::extract::{Path, State};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use maud::{Markup, html};

use super::chart::{credits_chart, shares};
use super::lang::{t, ta};
use super::outcome_words;
use super::{
    Page, PageError, Section, day, excerpt, given_sentence, layout, layout_with_feed, ok, parse_id, percent, shown_by,
};
use crate::attribution::query::IdeaView;
use crate::ledger::Figures;
use crate::protocol::note::Note;
use crate::server::AppState;

/// How many consultations the home page lists.
const RECENT: usize = 20;

pub(super) async fn home(State(state): State<AppState>) -> Result<Page, PageError> {
    let ledger = state.ledger();
    let recent = ledger.recent_consultations(RECENT, None)?;
    let latest = ledger.log().latest();
    let witnessed = ledger.latest_witnessed_size()?;
    let cosigners: Vec<String> = match witnessed {
        Some(size) => {
            let note = ledger.log().checkpoint_at(size).map_err(PageError::internal)?;
            let log_name = ledger.log().verifier().name().to_string();
            Note::parse(&note)
                .map(|n| n.signatures.into_iter().map(|s| s.name).filter(|n| *n != log_name).collect())
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    let main = html! {
        h1 { (t("home-title")) }
        p.lead { (t("home-lead")) }
        p { (t("home-record")) }
        ul.actions {
            li { a href="/claim" { (t("home-action-claim")) } }
            li { a href="/contributors" { (t("home-action-contributions")) } }
            li { a href="/verify" { (t("home-action-verify")) } }
        }
        section aria-labelledby="recent" {
            h2 #recent { (t("home-recent")) }
            @if recent.is_empty() {
                p { (t("home-no-consultations")) }
            } @else {
                ul.cards {
                    @for c in &recent {
                        li {
                            h3 { a href=(format!("/consultations/{}", c.id.hex())) { (c.rec.title) } }
                            p.meta {
                                (day(&c.rec.date)) " · " (c.rec.place)
                                @if let Some(n) = &c.convenor_name { " · " (ta("home-convened-by", &[("name", n.into())])) }
                            }
                            p { (ta("ideas-given-count", &[("count", c.ideas.into())])) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="record" {
            h2 #record { (t("home-record-now")) }
            p {
                (ta("home-record-size", &[("count", latest.size.into())])) " "
                @match witnessed {
                    Some(_) => { (t("home-witnessed")) }
                    None => { (t("home-not-witnessed")) }
                }
            }
            details {
                summary { (t("technical-details")) }
                dl.facts {
                    dt { (t("home-checkpoint")) }
                    dd {
                        (ta("home-checkpoint-text", &[("count", latest.size.into())])) " "
                        code.hash { (B64.encode(latest.root)) }
                        " ("
                        a href="/v1/checkpoint" { (t("home-checkpoint-link")) }
                        ")."
                    }
                    dt { (t("home-witnesses")) }
                    dd {
                        @match witnessed {
                            Some(size) => {
                                (ta("home-witness-last", &[("count", size.into())]))
                                @if !cosigners.is_empty() { " (" (cosigners.join(", ")) ")" }
                                ". " (t("home-witness-why"))
                            }
                            None => { (t("home-witness-none")) }
                        }
                    }
                    dt { (t("home-public-key")) }
                    dd { code.key { (ledger.log().verifier().to_text()) } }
                }
            }
        }
    };
    Ok(ok(layout(&t("home-page-title"), Section::Home, &[], main)))
}

/// The figures of a scope as a definition list, in plain words.
pub(super) fn figures(f: &Figures) -> Markup {
    html! {
        dl.figures {
            dt { (t("fig-ideas")) } dd { (f.ideas) }
            dt { (t("fig-people")) } dd { (f.contributors) }
            dt { (t("fig-cited")) } dd { (f.cited_ideas) " (" (percent(f.share_cited)) ")" }
            dt { (t("fig-responded")) } dd { (f.responded_ideas) " (" (percent(f.share_responded)) ")" }
            dt { (t("fig-wait")) }
            dd {
                @match f.median_days_to_response {
                    Some(d) => { (ta("fig-wait-days", &[("days", crate::i18n::Arg::Num(d.round()))])) }
                    None => (t("fig-wait-none")),
                }
            }
            dt { (t("fig-citations")) } dd { (f.citations) }
            dt { (t("fig-top-cited")) }
            dd { (percent(f.top_decile_share)) }
            dt { (t("fig-top-speakers")) }
            dd { (percent(f.ideas_top_decile_share)) }
            dt { (t("fig-gini")) }
            dd {
                (format!("{:.2}", f.gini))
                span.hint { " (" (t("fig-gini-hint")) ")" }
            }
            dt { (t("fig-by-consent")) }
            dd {
                (ta("fig-by-consent-value", &[
                    ("named", percent(f.credit_share_by_consent[0]).into()),
                    ("pseudonym", percent(f.credit_share_by_consent[1]).into()),
                    ("anonymous", percent(f.credit_share_by_consent[2]).into()),
                ]))
            }
        }
    }
}

/// One idea in a list: its words (or that they were withdrawn), who gave it, and what came of it.
pub(super) fn idea_item(state: &AppState, v: &IdeaView) -> Result<Markup, PageError> {
    let mut cited = Vec::new();
    for c in &v.citations {
        let r = state.ledger().report(&c.report).map_err(PageError::internal)?;
        cited.push((c.report.hex(), format!("{} ({})", r.title, r.version), c.locator.clone()));
    }
    Ok(html! {
        article.idea {
            @if v.withdrawn {
                p.withdrawn { (t("idea-withdrawn")) }
            } @else if let Some(t) = &v.text {
                blockquote { p { (t) } }
            } @else {
                p.withdrawn { (t("idea-text-missing")) }
            }
            p.meta { (t("given-by")) " " strong { (shown_by(&v.contributor)) } " · " (given_sentence(v)) }
            @if !cited.is_empty() {
                ul.cited {
                    @for (id, title, locator) in &cited {
                        li { (t("cited-in")) " " a href=(format!("/reports/{id}")) { (title) } ", " (locator) }
                    }
                }
            }
            @for r in &v.responses {
                p.response {
                    (t("response-label")) " " strong { (outcome_words(r.outcome)) }
                    @if let Some(reason) = &r.reason { " — " (reason) }
                }
            }
            p { a href=(format!("/ideas/{}", v.id.hex())) { (t("idea-more")) span.visually-hidden { ": " (excerpt(v.text.as_deref().unwrap_or(&t("idea-withdrawn-short")), 40)) } } }
        }
    })
}

pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Page, PageError> {
    let id = parse_id(&id)?;
    let ledger = state.ledger();
    let c = ledger.consultation_summary(&id)?;
    let ideas = ledger.ideas_of_consultation(&id)?;
    let f = ledger.figures_for_consultation(&id)?;
    let mut items = Vec::with_capacity(ideas.len());
    for v in &ideas {
        items.push(idea_item(&state, v)?);
    }
    let main = html! {
        p.kicker { (t("consultation-kicker")) }
        h1 { (c.rec.title) }
        dl.facts {
            dt { (t("consultation-convened-by")) } dd { (c.convenor_name.clone().unwrap_or_else(|| t("an-organisation"))) }
            dt { (t("consultation-date")) } dd { (day(&c.rec.date)) }
            dt { (t("consultation-place")) } dd { (c.rec.place) }
            dt { (t("consultation-topic")) } dd { (c.rec.topic) }
        }
        p #said-did-link {
            a href=(format!("/consultations/{}/you-said-we-did", id.hex())) { (t("consultation-said-did-link")) }
        }
        section aria-labelledby="ideas" {
            h2 #ideas { (ta("consultation-ideas-heading", &[("count", ideas.len().into())])) }
            p.hint { (t("consultation-shown-hint")) }
            ul.actions {
                li { a href=(format!("/search?consultation={}", id.hex())) { (t("consultation-search")) } }
                li { a href=(format!("/consultations/{}/not-yet-heard", id.hex())) { (t("consultation-unheard")) } }
            }
            @for m in &items { (m) }
        }
        section aria-labelledby="equity" {
            h2 #equity { (t("consultation-equity")) }
            p { (t("consultation-equity-lead")) }
            (figures(&f))
            (credits_chart(&shares(&ideas)))
        }
    };
    let feed = super::feeds::feed_path(&format!("/consultations/{}/feed.atom", id.hex()), super::lang::lang());
    let feed_title = ta("consultation-feed-title", &[("title", (&c.rec.title).into())]);
    Ok(ok(layout_with_feed(&c.rec.title, Section::Home, &[], Some((&feed, &feed_title)), main)))
}

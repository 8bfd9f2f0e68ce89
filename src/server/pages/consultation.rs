//! The home page (what Heard is, recent consultations, the state of the record) and the
//! consultation page (its ideas, what came of them, and its knowledge-equity figures).

use axum::extract::{Path, State};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use maud::{Markup, html};

use super::chart::{credits_chart, shares};
use super::{
    Page, PageError, Section, excerpt, given_sentence, layout, layout_with_feed, ok, parse_id, percent, shown_as,
};
use crate::attribution::kinds::Outcome;
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
        h1 { "Ideas people gave, and what happened to them" }
        p.lead {
            "When people share their experience with a council, health service or charity, Heard "
            "keeps a public record of each idea they gave: who gave it (only as they agreed to be "
            "shown), where it was used in a report, and what the organisation did about it."
        }
        p {
            "The record is signed and can only grow: nothing can be quietly changed or removed. "
            "Anyone can check it without trusting whoever runs this website. A person can take "
            "their words back at any time; the record then keeps only the fact that an idea was "
            "given."
        }
        ul.actions {
            li { a href="/claim" { "I have a claim card" } }
            li { a href="/contributors" { "See my contributions" } }
            li { a href="/verify" { "Check a receipt" } }
        }
        section aria-labelledby="recent" {
            h2 #recent { "Recent consultations" }
            @if recent.is_empty() {
                p { "No consultations are in the record yet." }
            } @else {
                ul.cards {
                    @for c in &recent {
                        li {
                            h3 { a href=(format!("/consultations/{}", c.id.hex())) { (c.rec.title) } }
                            p.meta {
                                (c.rec.date) " · " (c.rec.place)
                                @if let Some(n) = &c.convenor_name { " · convened by " (n) }
                            }
                            p { (c.ideas) (if c.ideas == 1 { " idea given" } else { " ideas given" }) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="record" {
            h2 #record { "The record right now" }
            dl.facts {
                dt { "Entries in the record" } dd { (latest.size) }
                dt { "Signed summary (checkpoint)" }
                dd {
                    "The record's keeper signed a summary of all " (latest.size) " entries. Its fingerprint is "
                    code.hash { (B64.encode(latest.root)) }
                    " ("
                    a href="/v1/checkpoint" { "the signed checkpoint" }
                    ")."
                }
                dt { "Witnesses" }
                dd {
                    @match witnessed {
                        Some(size) => {
                            "An independent witness last countersigned the record when it had " (size) " entries"
                            @if !cosigners.is_empty() { " (" (cosigners.join(", ")) ")" }
                            ". A witness keeps its own copy of each summary, so the record cannot be "
                            "rewritten without it noticing."
                        }
                        None => {
                            "No independent witness has countersigned the record yet. Witnesses keep their "
                            "own copy of each summary, so the record cannot be rewritten without them noticing."
                        }
                    }
                }
                dt { "The record's public key" }
                dd { code.key { (ledger.log().verifier().to_text()) } }
            }
        }
    };
    Ok(ok(layout("Ideas people gave", Section::Home, &[], main)))
}

/// The figures of a scope as a definition list, in plain words.
pub(super) fn figures(f: &Figures) -> Markup {
    html! {
        dl.figures {
            dt { "Ideas given" } dd { (f.ideas) }
            dt { "People who gave them" } dd { (f.contributors) }
            dt { "Ideas cited in a report" } dd { (f.cited_ideas) " (" (percent(f.share_cited)) ")" }
            dt { "Ideas with a response" } dd { (f.responded_ideas) " (" (percent(f.share_responded)) ")" }
            dt { "Typical wait for a response" }
            dd {
                @match f.median_days_to_response {
                    Some(d) => { (format!("{d:.0}")) (if (d - 1.0).abs() < f64::EPSILON { " day" } else { " days" }) " (median)" }
                    None => "no responses yet",
                }
            }
            dt { "Citations" } dd { (f.citations) }
            dt { "Citations going to the 10% most-cited people" }
            dd { (percent(f.top_decile_share)) }
            dt { "Ideas given by the 10% who spoke most" }
            dd { (percent(f.ideas_top_decile_share)) }
            dt { "How unevenly credit is spread" }
            dd {
                (format!("{:.2}", f.gini))
                span.hint { " (0 means everyone's ideas were cited equally; 1 means one person got all the credit)" }
            }
            dt { "Credit by how people chose to be shown" }
            dd {
                "named " (percent(f.credit_share_by_consent[0])) ", by a chosen name "
                (percent(f.credit_share_by_consent[1])) ", anonymous " (percent(f.credit_share_by_consent[2]))
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
                p.withdrawn { "Withdrawn by the contributor: the words were erased." }
            } @else if let Some(t) = &v.text {
                blockquote { p { (t) } }
            } @else {
                p.withdrawn { "The words of this idea are not stored on this server." }
            }
            p.meta { "Given by " strong { (shown_as(&v.contributor)) } " · " (given_sentence(v)) }
            @if !cited.is_empty() {
                ul.cited {
                    @for (id, title, locator) in &cited {
                        li { "Cited in " a href=(format!("/reports/{id}")) { (title) } ", " (locator) }
                    }
                }
            }
            @for r in &v.responses {
                p.response {
                    "Response: " strong { (Outcome::from_code(r.outcome).map(Outcome::name).unwrap_or("responded")) }
                    @if let Some(reason) = &r.reason { " — " (reason) }
                }
            }
            p { a href=(format!("/ideas/{}", v.id.hex())) { "More about this idea" span.visually-hidden { ": " (excerpt(v.text.as_deref().unwrap_or("withdrawn idea"), 40)) } } }
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
        p.kicker { "Consultation" }
        h1 { (c.rec.title) }
        dl.facts {
            dt { "Convened by" } dd { (c.convenor_name.as_deref().unwrap_or("an organisation")) }
            dt { "Date" } dd { (c.rec.date) }
            dt { "Place" } dd { (c.rec.place) }
            dt { "Topic" } dd { (c.rec.topic) }
        }
        p #said-did-link {
            a href=(format!("/consultations/{}/you-said-we-did", id.hex())) { "You said, we did: what happened to these ideas" }
        }
        section aria-labelledby="ideas" {
            h2 #ideas { "What people said (" (ideas.len()) ")" }
            p.hint { "Each person is shown only as they agreed: by name, by a name they chose, or as “a contributor”." }
            ul.actions {
                li { a href=(format!("/search?consultation={}", id.hex())) { "Search these ideas" } }
                li { a href=(format!("/consultations/{}/not-yet-heard", id.hex())) { "Ideas not yet heard in a report" } }
            }
            @for m in &items { (m) }
        }
        section aria-labelledby="equity" {
            h2 #equity { "Whose ideas were used" }
            p { "These figures show whether credit went to many people or to a vocal few." }
            (figures(&f))
            (credits_chart(&shares(&ideas)))
        }
    };
    let feed = format!("/consultations/{}/feed.atom", id.hex());
    let feed_title = format!("What happened to the ideas from “{}”", c.rec.title);
    Ok(ok(layout_with_feed(&c.rec.title, Section::Home, &[], Some((&feed, &feed_title)), main)))
}

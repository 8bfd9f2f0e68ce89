//! What a "check it" link is about, in plain words, above its proof on the verify page: for an
//! idea's entry, the idea's words (unless withdrawn), who gave it as they consented, its
//! consultation, the reports citing it and the organisation's latest answer.

use maud::{Markup, html};

use super::lang::t;
use super::said_did::outcome_words;
use super::{PageError, consent_words, date_of, given_facts, safe_url, shown_as, usage_words};
use crate::attribution::kinds::Id;
use crate::attribution::query::IdeaView;
use crate::protocol::entry::Entry;
use crate::protocol::statement::{Kind, Statement, statement_hash};
use crate::server::AppState;

/// The idea whose statement the entry at `seq` holds; `None` for any other kind of entry.
pub(super) fn idea_at(state: &AppState, seq: u64) -> Result<Option<IdeaView>, PageError> {
    let Some(bytes) = state.log().entry(seq).map_err(PageError::internal)? else {
        return Ok(None);
    };
    // The log wrote these bytes; one it cannot read is shown as "no idea", and the proof
    // below says what is wrong with it.
    let Ok(entry) = Entry::decode(&bytes) else { return Ok(None) };
    match Statement::decode(&entry.statement) {
        Ok(st) if st.kind == Kind::Idea => Ok(Some(state.ledger().idea(&Id(statement_hash(&entry.statement)))?)),
        _ => Ok(None),
    }
}

/// The idea above its proof. The page's one `h1` is here.
pub(super) fn about(state: &AppState, v: &IdeaView) -> Result<Markup, PageError> {
    let mut cited = Vec::with_capacity(v.citations.len());
    for c in &v.citations {
        let r = state.ledger().report(&c.report).map_err(PageError::internal)?;
        cited.push((c, r));
    }
    let latest = v.responses.last();
    Ok(html! {
        section #about-idea {
            p.kicker { (t("vi-kicker")) }
            h1 { (t("vi-title")) }
            @if v.withdrawn {
                p.withdrawn { (t("vi-withdrawn")) }
            } @else if let Some(words) = &v.text {
                blockquote.big #idea-words { p { (words) } }
            } @else {
                p.withdrawn { (t("idea-text-missing")) }
            }
            dl.facts {
                dt { (t("given-by")) }
                dd #given-by { strong { (shown_as(&v.contributor)) } @if !v.withdrawn { " (" (consent_words(v.consent)) ")" } }
                (given_facts(v))
                dt { (t("vi-consultation")) }
                dd #consultation { a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) } }
                dt { (t("vi-used-in")) }
                dd #cited-in {
                    @if cited.is_empty() {
                        (t("vi-not-cited"))
                    } @else {
                        ul {
                            @for (c, r) in &cited {
                                li {
                                    a href=(format!("/reports/{}", c.report.hex())) { (r.title) " (" (r.version) ")" }
                                    ": " (c.locator) ", " (usage_words(c.how))
                                }
                            }
                        }
                    }
                }
                dt { (t("vi-answer")) }
                dd #answer {
                    @match latest {
                        None => (t("vi-no-answer")),
                        Some(r) => {
                            strong { (outcome_words(r)) }
                            @if let Some(reason) = &r.reason { " — " (reason) }
                            " (" (date_of(r.log_time)) ")"
                            @for l in &r.links {
                                " " @if let Some(u) = safe_url(l) { a href=(u) rel="noopener noreferrer nofollow" { (l) } } @else { (l) }
                            }
                        }
                    }
                }
            }
            p { a href=(format!("/ideas/{}", v.id.hex())) { (t("vi-everything")) } }
        }
    })
}

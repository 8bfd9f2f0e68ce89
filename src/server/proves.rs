//! What a valid receipt proves, in plain words: who said what, when, in which consultation,
//! under which name, cited where and answered how (issue 25 §2). The checks of
//! docs/PROTOCOL.md §11 prove the entry itself (its kind, author key and times); these facts
//! are what this server's record says around it, read through the [`Ledger`] and shown only
//! as the contributor consented.

use serde::Serialize;
use utoipa::ToSchema;

use crate::attribution::kinds::{Body, Id, Outcome};
use crate::attribution::query::Attribution;
use crate::i18n::{self, Lang, tr, tra};
use crate::ledger::Ledger;
use crate::protocol::entry::Entry;
use crate::protocol::statement::{Kind, Statement, statement_hash};

/// What a valid receipt proves, in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProvesJson {
    /// What the entry records, as a sentence ("Recorded by a facilitator on the contributor's
    /// behalf in consultation \"Getting to the surgery\"").
    pub what: String,
    /// The idea the entry is about (its id, hex), when it is about one.
    pub idea: Option<String>,
    /// The idea's words, unless it was withdrawn.
    pub words: Option<String>,
    /// The consultation's title.
    pub consultation: Option<String>,
    /// How the contributor is shown, as they consented ("Bus rider", "a contributor").
    pub shown_as: Option<String>,
    /// The day the idea was given, written for people ("14 March 2026").
    pub given: Option<String>,
    /// The reports that cite the idea: title (version), where.
    pub cited_in: Vec<String>,
    /// The organisation's answers: outcome, reason, day.
    pub answers: Vec<String>,
}

/// The idea an entry's statement is about, if any.
fn idea_of(st: &Statement, statement: &[u8]) -> Option<Id> {
    match Body::decode(st.kind, &st.body).ok()? {
        Body::Idea(_) => Some(Id(statement_hash(statement))),
        Body::Claim(b) => b.ideas.first().copied(),
        Body::Endorse(b) => Some(b.idea),
        Body::Cite(b) => b.uses.first().map(|u| u.idea),
        Body::Respond(b) => Some(b.idea),
        Body::Withdraw(b) => Some(b.idea),
        Body::Acknowledge(b) => b.ideas.first().copied(),
        _ => None,
    }
}

/// "What happened, on 14 March 2026", in `lang`.
fn on_day(lang: Lang, what: &str, ms: u64) -> String {
    tra(lang, "proves-what-on", &[("what", what.into()), ("date", i18n::long_utc_day(lang, ms).into())])
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// How a contributor is shown, as they consented, in `lang` ("Bus rider", "a contributor").
pub fn shown_as(lang: Lang, a: &Attribution) -> String {
    match a {
        Attribution::Named(n) | Attribution::Pseudonym(n) => n.clone(),
        Attribution::Contributor => tr(lang, "shown-contributor"),
        Attribution::Withdrawn => tr(lang, "shown-withdrawn"),
    }
}

/// What the entry at `seq` (its canonical bytes `entry`) proves, in English; `None` when it
/// is not this log's entry at `seq`, or the record around it cannot be read.
pub fn proves(ledger: &Ledger, seq: u64, entry: &[u8]) -> Option<ProvesJson> {
    proves_in(ledger, Lang::EnGb, seq, entry)
}

/// [`proves`] with its sentences (what the entry records, days, outcomes, how the
/// contributor is shown) in `lang`; the record's own words (the idea, titles, names,
/// locators, reasons) as they are.
pub fn proves_in(ledger: &Ledger, lang: Lang, seq: u64, entry: &[u8]) -> Option<ProvesJson> {
    if ledger.log().entry(seq).ok().flatten().as_deref() != Some(entry) {
        return None;
    }
    let e = Entry::decode(entry).ok()?;
    let st = Statement::decode(&e.statement).ok()?;
    let Some(id) = idea_of(&st, &e.statement) else {
        let what = tr(
            lang,
            match st.kind {
                Kind::Enrol => "proves-enrol",
                Kind::Consultation => "proves-consultation",
                Kind::Close => "proves-close",
                Kind::Rotate => "proves-rotate",
                _ => "proves-statement",
            },
        );
        return Some(ProvesJson {
            what: on_day(lang, &what, e.log_time),
            idea: None,
            words: None,
            consultation: None,
            shown_as: None,
            given: None,
            cited_in: Vec::new(),
            answers: Vec::new(),
        });
    };
    let idea = ledger.idea(&id).ok()?;
    let what = super::history::lines(ledger, lang, &id)
        .ok()?
        .into_iter()
        .find(|(h, _)| h.seq == seq)
        .map(|(_, what)| capitalised(&what))?;
    let cited_in = idea
        .citations
        .iter()
        .filter_map(|c| {
            let r = ledger.report(&c.report).ok()?;
            Some(format!("{} ({}), {}", r.title, r.version, c.locator))
        })
        .collect();
    let answers = idea
        .responses
        .iter()
        .map(|r| {
            let outcome = match lang {
                Lang::EnGb => Outcome::from_code(r.outcome).map(Outcome::name).unwrap_or("answered").to_string(),
                _ => tr(
                    lang,
                    match Outcome::from_code(r.outcome) {
                        Some(Outcome::Adopted) => "outcome-adopted",
                        Some(Outcome::Adapted) => "outcome-adapted",
                        Some(Outcome::UnderConsideration) => "outcome-under-consideration",
                        Some(Outcome::NotAdopted) => "outcome-not-adopted",
                        Some(Outcome::Delivered) => "outcome-delivered",
                        _ => "outcome-responded",
                    },
                ),
            };
            let day = i18n::long_utc_day(lang, r.log_time);
            match &r.reason {
                Some(reason) => format!("{outcome}: {reason} ({day})"),
                None => format!("{outcome} ({day})"),
            }
        })
        .collect();
    Some(ProvesJson {
        what: on_day(lang, &what, e.log_time),
        idea: Some(id.hex()),
        words: idea.text.clone().filter(|_| !idea.withdrawn),
        consultation: Some(idea.consultation_title.clone()),
        shown_as: Some(shown_as(lang, &idea.contributor)),
        given: Some(i18n::long_day(lang, &idea.given)),
        cited_in,
        answers,
    })
}

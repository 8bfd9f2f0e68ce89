//! What a valid receipt proves, in plain words: who said what, when, in which consultation,
//! under which name, cited where and answered how (issue 25 §2). The checks of
//! docs/PROTOCOL.md §11 prove the entry itself (its kind, author key and times); these facts
//! are what this server's record says around it, read through the [`Ledger`] and shown only
//! as the contributor consented.

use serde::Serialize;
use utoipa::ToSchema;

use crate::attribution::dates;
use crate::attribution::kinds::{Body, Id, Outcome};
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

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// What the entry at `seq` (its canonical bytes `entry`) proves; `None` when it is not this
/// log's entry at `seq`, or the record around it cannot be read.
pub fn proves(ledger: &Ledger, seq: u64, entry: &[u8]) -> Option<ProvesJson> {
    if ledger.log().entry(seq).ok().flatten().as_deref() != Some(entry) {
        return None;
    }
    let e = Entry::decode(entry).ok()?;
    let st = Statement::decode(&e.statement).ok()?;
    let Some(id) = idea_of(&st, &e.statement) else {
        let what = match st.kind {
            Kind::Enrol => "The record's operator enrolled a key (a member of staff, an organisation or a witness)",
            Kind::Consultation => "An organisation opened a consultation",
            Kind::Close => "An organisation closed a consultation",
            Kind::Rotate => "A key holder replaced their key with a new one",
            _ => "A signed statement",
        };
        return Some(ProvesJson {
            what: format!("{what}, on {}", dates::long_utc_day(e.log_time)),
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
    let what = ledger.history(&id).ok()?.into_iter().find(|h| h.seq == seq).map(|h| capitalised(&h.what))?;
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
            let outcome = Outcome::from_code(r.outcome).map(Outcome::name).unwrap_or("answered");
            match &r.reason {
                Some(reason) => format!("{outcome}: {reason} ({})", dates::long_utc_day(r.log_time)),
                None => format!("{outcome} ({})", dates::long_utc_day(r.log_time)),
            }
        })
        .collect();
    Some(ProvesJson {
        what: format!("{what}, on {}", dates::long_utc_day(e.log_time)),
        idea: Some(id.hex()),
        words: idea.text.clone().filter(|_| !idea.withdrawn),
        consultation: Some(idea.consultation_title.clone()),
        shown_as: Some(idea.contributor.to_string()),
        given: Some(dates::long_day(&idea.given)),
        cited_in,
        answers,
    })
}

//! The questions people ask, answered from the domain's indexes (no scans of the log).
//!
//! Every function reads index rows by key or by a key prefix bounded by one consultation,
//! one contributor or one report, so its cost grows with the answer, not with the log.
//! The one exception, [`consultations_where`], reads every consultation (not every entry)
//! for the importers.

use std::collections::{BTreeSet, VecDeque};

use super::AttributionError;
use super::content;
use super::dates;
use super::kinds::{Consent, Id, Outcome, Role, Usage};
use super::rows::{self, IdeaHead, ReportHead, StoredIdea, StoredReport};
use super::state::*;
use crate::log::reads::Reads;
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash};
use crate::protocol::statement::{Statement, statement_hash};

/// How a contributor is shown, as they consented.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Attribution {
    /// By name.
    Named(String),
    /// By the pseudonym they chose.
    Pseudonym(String),
    /// As "a contributor" (anonymous, or not yet claimed).
    Contributor,
    /// The contributor withdrew the idea.
    Withdrawn,
}

impl std::fmt::Display for Attribution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Attribution::Named(n) | Attribution::Pseudonym(n) => f.write_str(n),
            Attribution::Contributor => f.write_str("a contributor"),
            Attribution::Withdrawn => f.write_str("withdrawn by the contributor"),
        }
    }
}

/// Who a contribution counts for: a party (by its first key), or a claim card not yet
/// claimed (one card is one person in one session).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContributorId {
    /// A party with a key.
    Party(Id),
    /// An unclaimed claim card.
    Card(Id),
}

/// Whether an idea's text is still beside the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextStatus {
    /// Stored; `matches` says whether SHA-256(salt ‖ text) equals the logged digest.
    Available {
        /// Digest check.
        matches: bool,
    },
    /// Erased on withdrawal.
    Withdrawn,
    /// Not stored (not yet delivered, or lost).
    Missing,
}

/// What can be checked about an idea's entry right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verification {
    /// The entry hash (what a verify link names).
    pub entry_hash: Hash,
    /// The entry at the idea's seq holds exactly the idea's statement and is covered by the
    /// latest checkpoint.
    pub in_log: bool,
    /// The text.
    pub text: TextStatus,
}

impl Verification {
    /// A one-word status for tables: `verified`, `withdrawn`, `text_missing`, `mismatch`.
    pub fn status(&self) -> &'static str {
        match (self.in_log, self.text) {
            (false, _) | (true, TextStatus::Available { matches: false }) => "mismatch",
            (true, TextStatus::Available { matches: true }) => "verified",
            (true, TextStatus::Withdrawn) => "withdrawn",
            (true, TextStatus::Missing) => "text_missing",
        }
    }
}

/// An idea as people see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdeaView {
    /// Statement hash (the idea's id).
    pub id: Id,
    /// Entry seq.
    pub seq: u64,
    /// Log time (ms): when the log recorded it.
    pub log_time: u64,
    /// The day the idea was given, `YYYY-MM-DD`: the statement's `given` date, else the UTC
    /// day of its author time (never the log time).
    pub given: String,
    /// Consultation id.
    pub consultation: Id,
    /// Consultation title.
    pub consultation_title: String,
    /// The contributor as consented.
    pub contributor: Attribution,
    /// Current consent level.
    pub consent: Consent,
    /// Who the idea counts for: its contributor (party or unclaimed card) and the
    /// co-contributors who endorsed it.
    pub contributors: Vec<ContributorId>,
    /// Co-contributors who confirmed (count shown; they are credited in their own portfolio).
    pub confirmed_co_contributors: usize,
    /// Text, unless withdrawn or missing.
    pub text: Option<String>,
    /// The 32-byte salt of the text's digest (docs/PROTOCOL.md §15), whenever `text` is
    /// there: with it anyone can recompute `SHA-256(salt ‖ text)` and compare it with the
    /// digest in the logged entry. Erased with the text on withdrawal.
    pub salt: Option<Vec<u8>>,
    /// Tags.
    pub tags: Vec<String>,
    /// Ideas it builds on.
    pub builds_on: Vec<Id>,
    /// Citations.
    pub citations: Vec<CitationRec>,
    /// Responses.
    pub responses: Vec<ResponseRec>,
    /// Acknowledgement seqs.
    pub acks: Vec<u64>,
    /// Withdrawn?
    pub withdrawn: bool,
    /// Verification.
    pub verification: Verification,
}

/// The attribution shown for an idea record.
pub fn attribution_of(rec: &IdeaRec) -> Attribution {
    attribution(rec.withdrawn.is_some(), rec.consent, &rec.name)
}

/// The attribution shown for an idea, from its record without its lists.
pub fn attribution_of_head(rec: &IdeaHead) -> Attribution {
    attribution(rec.withdrawn.is_some(), rec.consent, &rec.name)
}

fn attribution(withdrawn: bool, consent: u8, name: &Option<String>) -> Attribution {
    if withdrawn {
        return Attribution::Withdrawn;
    }
    match (Consent::from_code(consent), name) {
        (Some(Consent::Named), Some(n)) => Attribution::Named(n.clone()),
        (Some(Consent::Pseudonym), Some(n)) => Attribution::Pseudonym(n.clone()),
        _ => Attribution::Contributor,
    }
}

/// Who an idea counts for.
pub fn contributors_of(rec: &IdeaRec) -> Vec<ContributorId> {
    let mut out = Vec::new();
    match (rec.owner, rec.card) {
        (Some(p), _) => out.push(ContributorId::Party(p)),
        (None, Some(c)) => out.push(ContributorId::Card(c)),
        (None, None) => {}
    }
    for p in &rec.co_confirmed {
        let c = ContributorId::Party(*p);
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Rows under a prefix of the store's domain rows, as [`rows::assemble_idea`] reads them.
fn scan(store: &dyn Reads) -> impl Fn(&[u8]) -> Result<rows::Rows, AttributionError> + '_ {
    |prefix| Ok(store.rows_under(prefix).collect::<Result<_, _>>()?)
}

/// The idea's record as stored (either shape).
fn stored_idea(store: &dyn Reads, id: &Id) -> Result<StoredIdea, AttributionError> {
    let raw = store.row(&key(b'I', &[&id.0]))?.ok_or(AttributionError::UnknownIdea)?;
    rows::decode_idea(&raw)
}

/// The idea record with this id, with everything that happened to it (its rows read back).
pub fn idea_rec(store: &dyn Reads, id: &Id) -> Result<IdeaRec, AttributionError> {
    rows::assemble_idea(id, stored_idea(store, id)?, &scan(store))
}

/// The idea's record without its lists: what its statement said and how many citations,
/// answers and so on it has (one read, however much happened to it).
pub fn idea_head(store: &dyn Reads, id: &Id) -> Result<IdeaHead, AttributionError> {
    Ok(match stored_idea(store, id)? {
        StoredIdea::Head(h) => h,
        StoredIdea::Whole(rec) => rows::split_idea(id, rec).0,
    })
}

/// The consultation record with this id.
pub fn consultation(store: &dyn Reads, id: &Id) -> Result<ConsultationRec, AttributionError> {
    load(store, &key(b'C', &[&id.0]))?.ok_or(AttributionError::UnknownConsultation)
}

fn stored_report(store: &dyn Reads, id: &Id) -> Result<StoredReport, AttributionError> {
    let raw = store.row(&key(b'R', &[&id.0]))?.ok_or(AttributionError::UnknownReport)?;
    rows::decode_report(&raw)
}

/// The report record with this id, with every use.
pub fn report(store: &dyn Reads, id: &Id) -> Result<ReportRec, AttributionError> {
    rows::assemble_report(id, stored_report(store, id)?, &scan(store))
}

/// The report's record without its uses (title, version, how many uses).
pub fn report_head(store: &dyn Reads, id: &Id) -> Result<ReportHead, AttributionError> {
    Ok(stored_report(store, id)?.head())
}

/// Entry hash of an idea, whether the entry holds exactly that idea's statement, and (when
/// it does) the statement's author time.
fn entry_check(store: &dyn Reads, id: &Id, seq: u64) -> Result<(Hash, bool, Option<u64>), AttributionError> {
    let size = store.size()?;
    match store.entry(seq)? {
        None => Ok(([0; 32], false, None)),
        Some(bytes) => {
            let h = entry_hash(&bytes);
            let statement = Entry::decode(&bytes).ok().filter(|e| statement_hash(&e.statement) == id.0);
            let time = statement.as_ref().and_then(|e| Statement::decode(&e.statement).ok()).map(|st| st.time);
            Ok((h, seq < size && statement.is_some(), time))
        }
    }
}

/// An idea as people see it.
pub fn idea(store: &dyn Reads, id: &Id) -> Result<IdeaView, AttributionError> {
    let rec = idea_rec(store, id)?;
    view(store, id, rec)
}

fn view(store: &dyn Reads, id: &Id, rec: IdeaRec) -> Result<IdeaView, AttributionError> {
    let c = consultation(store, &rec.consultation)?;
    let (eh, in_log, author_time) = entry_check(store, id, rec.seq)?;
    // The log time only when the entry cannot be read (a damaged store, shown as a mismatch).
    let given = rec.given.clone().unwrap_or_else(|| dates::utc_day(author_time.unwrap_or(rec.log_time)));
    let (text, salt, status) = if rec.withdrawn.is_some() {
        (None, None, TextStatus::Withdrawn)
    } else {
        match content::get(store, &eh)? {
            Some(t) => {
                let matches = t.digest() == rec.digest.0;
                (Some(t.text), Some(t.salt), TextStatus::Available { matches })
            }
            None => (None, None, TextStatus::Missing),
        }
    };
    Ok(IdeaView {
        id: *id,
        seq: rec.seq,
        log_time: rec.log_time,
        given,
        consultation: rec.consultation,
        consultation_title: c.title,
        contributor: attribution_of(&rec),
        consent: Consent::from_code(rec.consent).unwrap_or(Consent::Anonymous),
        contributors: contributors_of(&rec),
        confirmed_co_contributors: rec.co_confirmed.len(),
        text,
        salt,
        tags: rec.tags,
        builds_on: rec.builds_on,
        citations: rec.citations,
        responses: rec.responses,
        acks: rec.acks,
        withdrawn: rec.withdrawn.is_some(),
        verification: Verification { entry_hash: eh, in_log, text: status },
    })
}

/// The ideas of a consultation, in log order.
pub fn ideas_of_consultation(store: &dyn Reads, consultation_id: &Id) -> Result<Vec<IdeaView>, AttributionError> {
    consultation(store, consultation_id)?;
    ids_under(store, &key(b'L', &[&consultation_id.0]))?.iter().map(|id| idea(store, id)).collect()
}

/// The consultations an organisation convened (by its party key), in key order.
pub fn consultations_of(store: &dyn Reads, organisation: &Id) -> Result<Vec<Id>, AttributionError> {
    let prefix = key(b'O', &[&organisation.0]);
    let mut out = Vec::new();
    for row in store.rows_under(&prefix) {
        let (k, _) = row?;
        let a: [u8; 32] = k
            .get(prefix.len()..)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| AttributionError::Storage("an organisation index row is malformed".into()))?;
        out.push(Id(a));
    }
    Ok(out)
}

/// A consultation as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsultationSummary {
    /// Consultation id (statement hash).
    pub id: Id,
    /// The record.
    pub rec: ConsultationRec,
    /// The convening organisation's enrolled name, if known.
    pub convenor_name: Option<String>,
    /// Ideas given in it (withdrawn ones included).
    pub ideas: u64,
}

/// The enrolled display name of a party (its first key's enrolment).
pub fn party_name(store: &dyn Reads, party: &Id) -> Result<Option<String>, AttributionError> {
    Ok(load::<KeyRec>(store, &key(b'K', &[&party.0]))?.and_then(|r| r.name))
}

/// Ideas given in a consultation (a count of its `L` rows).
pub fn idea_count(store: &dyn Reads, consultation_id: &Id) -> Result<u64, AttributionError> {
    let mut n = 0;
    for row in store.rows_under(&key(b'L', &[&consultation_id.0])) {
        row?;
        n += 1;
    }
    Ok(n)
}

/// A consultation with its convenor's name and idea count.
pub fn consultation_summary(store: &dyn Reads, id: &Id) -> Result<ConsultationSummary, AttributionError> {
    let rec = consultation(store, id)?;
    let convenor_name = party_name(store, &rec.convenor)?;
    Ok(ConsultationSummary { id: *id, ideas: idea_count(store, id)?, convenor_name, rec })
}

/// The most recent consultations, newest first: at most `limit`, all older than seq
/// `before` when given (read backwards from the `N` index).
pub fn recent_consultations(
    store: &dyn Reads,
    limit: usize,
    before: Option<u64>,
) -> Result<Vec<ConsultationSummary>, AttributionError> {
    let mut out = Vec::new();
    for row in store.rows_under(b"N").rev() {
        if out.len() >= limit {
            break;
        }
        let (k, v) = row?;
        let seq = k
            .get(1..)
            .and_then(|s| <[u8; 8]>::try_from(s).ok())
            .map(u64::from_be_bytes)
            .ok_or_else(|| AttributionError::Storage("a consultation index row is malformed".into()))?;
        if before.is_some_and(|b| seq >= b) {
            continue;
        }
        let id: [u8; 32] = v
            .as_slice()
            .try_into()
            .map_err(|_| AttributionError::Storage("a consultation index row is not 32 bytes".into()))?;
        out.push(consultation_summary(store, &Id(id))?);
    }
    Ok(out)
}

/// Every consultation whose record `keep` accepts, oldest first, read from the `N` index.
/// Unlike the rest of this module its cost grows with the number of consultations in the
/// log (not with the log): it is for the importers' "was this conversation imported
/// before?" check, never for serving.
pub fn consultations_where(
    store: &dyn Reads,
    keep: impl Fn(&ConsultationRec) -> bool,
) -> Result<Vec<(Id, ConsultationRec)>, AttributionError> {
    let mut out = Vec::new();
    for row in store.rows_under(b"N") {
        let (_, v) = row?;
        let id: [u8; 32] = v
            .as_slice()
            .try_into()
            .map_err(|_| AttributionError::Storage("a consultation index row is not 32 bytes".into()))?;
        let rec = consultation(store, &Id(id))?;
        if keep(&rec) {
            out.push((Id(id), rec));
        }
    }
    Ok(out)
}

/// The party of an enrolled organisation key (any of its keys) and its name;
/// `unknown_organisation` when the key is not an organisation's.
pub fn organisation(store: &dyn Reads, k: &Id) -> Result<(Id, Option<String>), AttributionError> {
    let rec: KeyRec = load(store, &key(b'K', &[&k.0]))?.ok_or(AttributionError::UnknownOrganisation)?;
    if rec.role != Some(Role::Organisation.code()) {
        return Err(AttributionError::UnknownOrganisation);
    }
    let name = party_name(store, &rec.party)?.or(rec.name);
    Ok((rec.party, name))
}

/// The party a key belongs to (itself, unless it was rotated to or enrolled).
pub fn party_of(store: &dyn Reads, k: &Id) -> Result<Id, AttributionError> {
    Ok(load::<KeyRec>(store, &key(b'K', &[&k.0]))?.map(|r| r.party).unwrap_or(*k))
}

/// Where an idea was cited, as people read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitedIn {
    /// Report id.
    pub report: Id,
    /// Report title.
    pub title: String,
    /// Report version.
    pub version: String,
    /// Locator.
    pub locator: String,
    /// How it was used.
    pub how: Usage,
}

/// One idea in a contributor's portfolio.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortfolioItem {
    /// The idea.
    pub idea: IdeaView,
    /// True when the contributor is a confirmed co-contributor rather than the contributor.
    pub as_co_contributor: bool,
    /// Where it was cited.
    pub cited_in: Vec<CitedIn>,
    /// Acknowledgements.
    pub acknowledgements: Vec<AckRec>,
}

/// A contributor's portfolio: every idea they gave or co-authored, with what came of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portfolio {
    /// The party.
    pub party: Id,
    /// Ideas in log order.
    pub items: Vec<PortfolioItem>,
}

/// A contributor's portfolio, for any of their keys, at log time `now` (a key a recovery
/// made is its old key's party once the recovery is in effect, [`super::recovery::party_at`]).
pub fn portfolio(store: &dyn Reads, key_of_contributor: &Id, now: u64) -> Result<Portfolio, AttributionError> {
    let party = super::recovery::party_at(store, key_of_contributor, now)?;
    let mut items = Vec::new();
    for id in ids_under(store, &key(b'P', &[&party.0]))? {
        let rec = idea_rec(store, &id)?;
        let as_co = rec.owner != Some(party);
        let mut cited_in = Vec::new();
        for c in &rec.citations {
            let r = report_head(store, &c.report)?;
            cited_in.push(CitedIn {
                report: c.report,
                title: r.title,
                version: r.version,
                locator: c.locator.clone(),
                how: Usage::from_code(c.how).unwrap_or(Usage::Informed),
            });
        }
        let mut acknowledgements = Vec::new();
        for seq in &rec.acks {
            if let Some(a) = load::<AckRec>(store, &key(b'A', &[&seq.to_be_bytes()]))? {
                acknowledgements.push(a);
            }
        }
        items.push(PortfolioItem {
            idea: view(store, &id, rec)?,
            as_co_contributor: as_co,
            cited_in,
            acknowledgements,
        });
    }
    Ok(Portfolio { party, items })
}

/// An earlier idea a cited idea builds on, directly or through others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineageCredit {
    /// The source idea.
    pub idea: Id,
    /// Its contributor as consented.
    pub contributor: Attribution,
    /// Who it counts for.
    pub contributors: Vec<ContributorId>,
    /// 1 for a direct source, 2 for a source of a source, ...
    pub depth: u32,
}

/// One cited idea in a report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributionItem {
    /// The idea.
    pub idea: IdeaView,
    /// Every use in this report: locator and how.
    pub uses: Vec<(String, Usage)>,
    /// The ideas it builds on, breadth first.
    pub lineage: Vec<LineageCredit>,
    /// The latest response, if any.
    pub response: Option<(Outcome, ResponseRec)>,
}

/// A report's attribution: every cited idea, and who is credited directly and indirectly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportAttribution {
    /// Report id.
    pub id: Id,
    /// The report.
    pub report: ReportRec,
    /// Cited ideas in order of first use.
    pub items: Vec<AttributionItem>,
    /// Contributors of the cited ideas.
    pub direct: Vec<ContributorId>,
    /// Contributors of source ideas that the report does not cite itself, and who are not
    /// credited directly.
    pub indirect: Vec<ContributorId>,
}

/// The ideas `start` builds on, transitively, breadth first, each once.
pub fn lineage(store: &dyn Reads, start: &IdeaRec) -> Result<Vec<(Id, IdeaRec, u32)>, AttributionError> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<(Id, u32)> = start.builds_on.iter().map(|i| (*i, 1)).collect();
    let mut out = Vec::new();
    while let Some((id, depth)) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        let rec = idea_rec(store, &id)?;
        queue.extend(rec.builds_on.iter().map(|i| (*i, depth + 1)));
        out.push((id, rec, depth));
    }
    Ok(out)
}

/// A report's attribution.
pub fn report_attribution(store: &dyn Reads, report_id: &Id) -> Result<ReportAttribution, AttributionError> {
    let r = report(store, report_id)?;
    let mut order: Vec<Id> = Vec::new();
    for u in &r.uses {
        if !order.contains(&u.idea) {
            order.push(u.idea);
        }
    }
    let mut items = Vec::new();
    let mut direct = Vec::new();
    let mut sources = Vec::new();
    for id in &order {
        let rec = idea_rec(store, id)?;
        for c in contributors_of(&rec) {
            if !direct.contains(&c) {
                direct.push(c);
            }
        }
        let mut lin = Vec::new();
        for (sid, srec, depth) in lineage(store, &rec)? {
            if !order.contains(&sid) {
                sources.extend(contributors_of(&srec));
            }
            lin.push(LineageCredit {
                idea: sid,
                contributor: attribution_of(&srec),
                contributors: contributors_of(&srec),
                depth,
            });
        }
        let uses = r
            .uses
            .iter()
            .filter(|u| u.idea == *id)
            .map(|u| (u.locator.clone(), Usage::from_code(u.how).unwrap_or(Usage::Informed)))
            .collect();
        let response = rec
            .responses
            .last()
            .map(|x| (Outcome::from_code(x.outcome).unwrap_or(Outcome::UnderConsideration), x.clone()));
        items.push(AttributionItem { idea: view(store, id, rec)?, uses, lineage: lin, response });
    }
    let mut indirect = Vec::new();
    for c in sources {
        if !direct.contains(&c) && !indirect.contains(&c) {
            indirect.push(c);
        }
    }
    Ok(ReportAttribution { id: *report_id, report: r, items, direct, indirect })
}

/// A claim card as the claim page shows it: its ideas and whether it is claimed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardView {
    /// The claim hash.
    pub hash: Id,
    /// The consultation it belongs to.
    pub consultation: Id,
    /// The ideas recorded with it, in log order.
    pub ideas: Vec<IdeaView>,
    /// Whether it has been claimed.
    pub claimed: bool,
}

/// The card with this claim hash (`unknown_card` when no idea was recorded with it).
pub fn card(store: &dyn Reads, hash: &Id) -> Result<CardView, AttributionError> {
    let rec = card_rec(store, hash)?.ok_or(AttributionError::UnknownCard)?;
    let ideas = rec.ideas.iter().map(|id| idea(store, id)).collect::<Result<_, _>>()?;
    Ok(CardView { hash: *hash, consultation: rec.consultation, ideas, claimed: rec.owner.is_some() })
}

/// The claim card with this claim hash, with every idea recorded with it, if it has a record.
pub fn card_rec(store: &dyn Reads, hash: &Id) -> Result<Option<CardRec>, AttributionError> {
    let Some(raw) = store.row(&key(b'Q', &[&hash.0]))? else { return Ok(None) };
    rows::assemble_card(hash, rows::decode_card(&raw)?, &scan(store)).map(Some)
}

/// What happened to an idea, in log order.
pub fn history(store: &dyn Reads, id: &Id) -> Result<Vec<EventRec>, AttributionError> {
    Ok(idea_rec(store, id)?.history)
}

/// Whether `k` is enrolled with the witness role and not revoked or rotated out.
pub fn is_active_witness(store: &dyn Reads, k: &Id) -> Result<bool, AttributionError> {
    let rec: Option<KeyRec> = load(store, &key(b'K', &[&k.0]))?;
    Ok(rec.is_some_and(|r| r.role == Some(Role::Witness.code()) && r.status == super::state::STATUS_ACTIVE))
}

/// Every key enrolled with the witness role and still active (a scan of every key: for
/// rare maintenance, not per request).
pub fn active_witnesses(store: &dyn Reads) -> Result<Vec<Id>, AttributionError> {
    let mut out = Vec::new();
    for row in store.rows_under(b"K") {
        let (k, v) = row?;
        let rec: KeyRec = super::state::dec(&v)?;
        if rec.role == Some(Role::Witness.code())
            && rec.status == super::state::STATUS_ACTIVE
            && let Some(pk) = k.get(1..).and_then(|s| <[u8; 32]>::try_from(s).ok())
        {
            out.push(Id(pk));
        }
    }
    Ok(out)
}

/// What the log says about a key: its record (party, role, name, status), if it has one.
pub fn key_rec(store: &dyn Reads, k: &Id) -> Result<Option<KeyRec>, AttributionError> {
    load(store, &key(b'K', &[&k.0]))
}

/// The consultations the party `party` may record ideas in (a recorder of them) or convenes,
/// newest first, with their ids.
pub fn consultations_for_staff(store: &dyn Reads, party: &Id) -> Result<Vec<(Id, ConsultationRec)>, AttributionError> {
    let mut out = Vec::new();
    for row in store.rows_under(b"N").rev() {
        let (_, v) = row?;
        let id: [u8; 32] = v
            .as_slice()
            .try_into()
            .map_err(|_| AttributionError::Storage("a consultation index row is not 32 bytes".into()))?;
        let rec = consultation(store, &Id(id))?;
        if rec.recorders.contains(party) || rec.convenor == *party {
            out.push((Id(id), rec));
        }
    }
    Ok(out)
}

/// A report in the list of reports.
#[derive(Clone, Debug)]
pub struct ReportSummary {
    /// Report id.
    pub id: Id,
    /// The report.
    pub rec: ReportRec,
    /// Seq of its latest `cite` entry.
    pub last_seq: u64,
}

/// Every report, newest (by its latest citation) first. A scan of the report rows: reports are
/// few beside ideas.
pub fn reports(store: &dyn Reads) -> Result<Vec<ReportSummary>, AttributionError> {
    let mut out = Vec::new();
    for row in store.rows_under(b"R") {
        let (k, v) = row?;
        let id: [u8; 32] = k
            .get(1..)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| AttributionError::Storage("a report row's key is malformed".into()))?;
        let stored = rows::decode_report(&v)?;
        let last_seq = match &stored {
            StoredReport::Head(h) => h.last_seq,
            StoredReport::Whole(rec) => rec.uses.iter().map(|u| u.seq).max().unwrap_or(0),
        };
        let rec = rows::assemble_report(&Id(id), stored, &scan(store))?;
        out.push(ReportSummary { id: Id(id), rec, last_seq });
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.last_seq));
    Ok(out)
}

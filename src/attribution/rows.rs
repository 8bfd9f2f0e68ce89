//! What happens to an idea, a report or a claim card later, as rows of their own.
//!
//! An idea's record (`I` ‖ idea id) holds what its own statement said plus fixed-size
//! summaries (how many citations, answers, acknowledgements, events and endorsements it has,
//! the latest answer's outcome and the latest decision); each citation, answer,
//! acknowledgement, event and endorsement is a row under the idea's id (see the table in
//! [`super::state`]). A report's record (`R` ‖ report id) likewise holds a count of its uses,
//! each use a row. So a `cite`, `respond`, `endorse` or `acknowledge` writes a bounded number
//! of rows of bounded size, however often the idea was cited before. A claim card's record
//! (`Q` ‖ claim hash) counts the ideas recorded with it, each a row, so recording one more
//! writes the same.
//!
//! Rows an older build wrote keep each list inside the record ([`IdeaRec`], [`ReportRec`]
//! and [`CardRec`] as they are stored whole). Both shapes are read ([`StoredIdea`],
//! [`StoredReport`], [`StoredCard`]); the policy rewrites a whole record into its rows the
//! first time it reads it for a new statement, in that statement's batch, and the audit
//! compares a whole record that was never rewritten as the rows it stands for. The rows a
//! split writes are exactly those a replay of the log writes, so a data folder upgrades one
//! record at a time, with nothing to do on open.

use serde::{Deserialize, Serialize};

use super::AttributionError;
use super::kinds::{Id, Outcome};
use super::state::{CardRec, CitationRec, EventRec, IdeaRec, ReportRec, ReportUse, ResponseRec, dec, enc, key};

/// Tag of a citation row: `X` ‖ idea id ‖ ordinal → [`CitationRec`].
pub const CITATION: u8 = b'X';
/// Tag of an answer row: `S` ‖ idea id ‖ ordinal → [`ResponseRec`].
pub const RESPONSE: u8 = b'S';
/// Tag of an acknowledgement row: `Y` ‖ idea id ‖ ordinal → the `acknowledge` entry's seq.
pub const ACK: u8 = b'Y';
/// Tag of a history row: `H` ‖ idea id ‖ ordinal → [`EventRec`].
pub const EVENT: u8 = b'H';
/// Tag of an endorsement row: `E` ‖ idea id ‖ 0 (co-contributor) or 1 (enrolled party) ‖
/// party → its ordinal among the idea's endorsements of that sort.
pub const ENDORSEMENT: u8 = b'E';
/// Tag of a report's use row: `V` ‖ report id ‖ ordinal → [`ReportUse`].
pub const REPORT_USE: u8 = b'V';
/// Tag of a claim card's idea row: `G` ‖ claim hash ‖ ordinal → the id of an idea recorded
/// with the card.
pub const CARD_IDEA: u8 = b'G';

/// The key of the `n`th (from 0) row of list `tag` of `owner` (an idea or a report).
pub fn list_key(tag: u8, owner: &Id, n: u64) -> Vec<u8> {
    key(tag, &[&owner.0, &n.to_be_bytes()])
}

/// The key of `party`'s endorsement of `idea`, as a listed co-contributor (`co`) or as an
/// enrolled party.
pub fn endorsement_key(idea: &Id, co: bool, party: &Id) -> Vec<u8> {
    key(ENDORSEMENT, &[&idea.0, &[if co { 0 } else { 1 }], &party.0])
}

/// An idea's record as stored under `I` ‖ idea id: its statement's fields and fixed-size
/// summaries of what happened later (the lists themselves are rows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaHead {
    /// Entry seq.
    pub seq: u64,
    /// Log time.
    pub log_time: u64,
    /// Consultation id.
    pub consultation: Id,
    /// Digest of salt ‖ text.
    pub digest: Id,
    /// Recording facilitator's party, when recorded on someone's behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorder: Option<Id>,
    /// The contributor's party, once known (own key or claim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Id>,
    /// Claim card hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Id>,
    /// Consent code.
    pub consent: u8,
    /// Name or pseudonym.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Co-contributor keys as listed.
    pub co_contributors: Vec<Id>,
    /// Ideas it builds on.
    pub builds_on: Vec<Id>,
    /// Seq of the withdrawal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<u64>,
    /// The `given` date of the idea statement, `YYYY-MM-DD`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Citation rows ([`CITATION`]).
    pub cited: u64,
    /// Answer rows ([`RESPONSE`]).
    pub answered: u64,
    /// Acknowledgement rows ([`ACK`]).
    pub acked: u64,
    /// History rows ([`EVENT`]).
    pub events: u64,
    /// Endorsement rows of co-contributors (they count).
    pub confirmed: u64,
    /// Endorsement rows of enrolled parties.
    pub endorsed: u64,
    /// Outcome of the latest answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_outcome: Option<u8>,
    /// Outcome of the latest answer other than `under consideration` (the latest decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<u8>,
}

impl IdeaHead {
    /// The whole record with every list empty (the caller fills them).
    fn bare(self) -> IdeaRec {
        IdeaRec {
            seq: self.seq,
            log_time: self.log_time,
            consultation: self.consultation,
            digest: self.digest,
            recorder: self.recorder,
            owner: self.owner,
            card: self.card,
            consent: self.consent,
            name: self.name,
            tags: self.tags,
            co_contributors: self.co_contributors,
            co_confirmed: Vec::new(),
            endorsers: Vec::new(),
            builds_on: self.builds_on,
            withdrawn: self.withdrawn,
            citations: Vec::new(),
            responses: Vec::new(),
            acks: Vec::new(),
            history: Vec::new(),
            given: self.given,
        }
    }
}

/// An `I` row as stored: the record of this layout, or a whole one an older build wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredIdea {
    /// Summaries in the record, lists in rows.
    Head(IdeaHead),
    /// Everything in the record (written before the lists became rows).
    Whole(IdeaRec),
}

/// Reads an `I` row of either shape.
pub fn decode_idea(b: &[u8]) -> Result<StoredIdea, AttributionError> {
    match dec::<IdeaHead>(b) {
        Ok(h) => Ok(StoredIdea::Head(h)),
        Err(_) => dec::<IdeaRec>(b).map(StoredIdea::Whole),
    }
}

/// Encoded rows: key and value.
pub type Rows = Vec<(Vec<u8>, Vec<u8>)>;

/// A whole idea record as its record and rows, exactly as a replay of the log writes them.
pub fn split_idea(id: &Id, rec: IdeaRec) -> (IdeaHead, Rows) {
    let under = Outcome::UnderConsideration.code();
    let head = IdeaHead {
        seq: rec.seq,
        log_time: rec.log_time,
        consultation: rec.consultation,
        digest: rec.digest,
        recorder: rec.recorder,
        owner: rec.owner,
        card: rec.card,
        consent: rec.consent,
        name: rec.name,
        tags: rec.tags,
        co_contributors: rec.co_contributors,
        builds_on: rec.builds_on,
        withdrawn: rec.withdrawn,
        given: rec.given,
        cited: rec.citations.len() as u64,
        answered: rec.responses.len() as u64,
        acked: rec.acks.len() as u64,
        events: rec.history.len() as u64,
        confirmed: rec.co_confirmed.len() as u64,
        endorsed: rec.endorsers.len() as u64,
        latest_outcome: rec.responses.last().map(|r| r.outcome),
        decision: rec.responses.iter().rev().find(|r| r.outcome != under).map(|r| r.outcome),
    };
    let mut rows = Rows::new();
    fn list<T: Serialize>(rows: &mut Rows, tag: u8, id: &Id, items: &[T]) {
        for (n, item) in items.iter().enumerate() {
            // Encoding a record this crate's types describe cannot fail.
            if let Ok(v) = enc(item) {
                rows.push((list_key(tag, id, n as u64), v));
            }
        }
    }
    list(&mut rows, CITATION, id, &rec.citations);
    list(&mut rows, RESPONSE, id, &rec.responses);
    list(&mut rows, ACK, id, &rec.acks);
    list(&mut rows, EVENT, id, &rec.history);
    for (co, parties) in [(true, &rec.co_confirmed), (false, &rec.endorsers)] {
        for (n, p) in parties.iter().enumerate() {
            if let Ok(v) = enc(&(n as u64)) {
                rows.push((endorsement_key(id, co, p), v));
            }
        }
    }
    (head, rows)
}

/// Rows under a prefix, in key order: how [`assemble_idea`] reads (a store's prefix scan,
/// or a range of an in-memory map).
pub type Scan<'a> = dyn Fn(&[u8]) -> Result<Rows, AttributionError> + 'a;

/// The list `tag` of `owner`, in order.
fn read_list<T: Serialize + serde::de::DeserializeOwned>(
    scan: &Scan<'_>,
    tag: u8,
    owner: &Id,
    expected: u64,
) -> Result<Vec<T>, AttributionError> {
    let rows = scan(&key(tag, &[&owner.0]))?;
    if rows.len() as u64 != expected {
        return Err(AttributionError::Storage(format!(
            "a record counts {expected} '{}' rows but {} are stored",
            tag as char,
            rows.len()
        )));
    }
    rows.iter().map(|(_, v)| dec(v)).collect()
}

/// The endorsing parties of one sort, in the order they endorsed.
fn read_endorsers(scan: &Scan<'_>, idea: &Id, co: bool, expected: u64) -> Result<Vec<Id>, AttributionError> {
    let prefix = key(ENDORSEMENT, &[&idea.0, &[if co { 0 } else { 1 }]]);
    let mut out = Vec::new();
    for (k, v) in scan(&prefix)? {
        let party: [u8; 32] = k
            .get(prefix.len()..)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| AttributionError::Storage("an endorsement row's key is malformed".into()))?;
        out.push((dec::<u64>(&v)?, Id(party)));
    }
    if out.len() as u64 != expected {
        return Err(AttributionError::Storage(format!(
            "a record counts {expected} endorsements but {} are stored",
            out.len()
        )));
    }
    out.sort();
    Ok(out.into_iter().map(|(_, p)| p).collect())
}

/// The whole idea record: its stored record with its rows read back.
pub fn assemble_idea(id: &Id, stored: StoredIdea, scan: &Scan<'_>) -> Result<IdeaRec, AttributionError> {
    let head = match stored {
        StoredIdea::Whole(rec) => return Ok(rec),
        StoredIdea::Head(h) => h,
    };
    let (cited, answered, acked, events) = (head.cited, head.answered, head.acked, head.events);
    let (confirmed, endorsed) = (head.confirmed, head.endorsed);
    let mut rec = head.bare();
    rec.citations = read_list::<CitationRec>(scan, CITATION, id, cited)?;
    rec.responses = read_list::<ResponseRec>(scan, RESPONSE, id, answered)?;
    rec.acks = read_list::<u64>(scan, ACK, id, acked)?;
    rec.history = read_list::<EventRec>(scan, EVENT, id, events)?;
    rec.co_confirmed = read_endorsers(scan, id, true, confirmed)?;
    rec.endorsers = read_endorsers(scan, id, false, endorsed)?;
    Ok(rec)
}

/// A report's record as stored under `R` ‖ report id: what its `cite` statements said about
/// it, and how many uses it has (each a [`REPORT_USE`] row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportHead {
    /// Policy team party.
    pub author: Id,
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Document digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<Id>,
    /// Use rows.
    pub used: u64,
    /// Seq of its latest `cite` entry.
    pub last_seq: u64,
}

/// An `R` row as stored: the record of this layout, or a whole one an older build wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredReport {
    /// The count in the record, the uses in rows.
    Head(ReportHead),
    /// The uses in the record (written before they became rows).
    Whole(ReportRec),
}

/// Reads an `R` row of either shape.
pub fn decode_report(b: &[u8]) -> Result<StoredReport, AttributionError> {
    match dec::<ReportHead>(b) {
        Ok(h) => Ok(StoredReport::Head(h)),
        Err(_) => dec::<ReportRec>(b).map(StoredReport::Whole),
    }
}

/// A whole report record as its record and rows, exactly as a replay of the log writes them.
pub fn split_report(id: &Id, rec: ReportRec) -> (ReportHead, Rows) {
    let head = ReportHead {
        author: rec.author,
        title: rec.title,
        version: rec.version,
        url: rec.url,
        digest: rec.digest,
        used: rec.uses.len() as u64,
        last_seq: rec.uses.iter().map(|u| u.seq).max().unwrap_or(0),
    };
    let rows = rec
        .uses
        .iter()
        .enumerate()
        .filter_map(|(n, u)| enc(u).ok().map(|v| (list_key(REPORT_USE, id, n as u64), v)))
        .collect();
    (head, rows)
}

impl StoredReport {
    /// The record without its uses.
    pub fn head(self) -> ReportHead {
        match self {
            StoredReport::Head(h) => h,
            StoredReport::Whole(rec) => split_report(&Id([0; 32]), rec).0,
        }
    }
}

/// The whole report record: its stored record with its uses read back.
pub fn assemble_report(id: &Id, stored: StoredReport, scan: &Scan<'_>) -> Result<ReportRec, AttributionError> {
    let head = match stored {
        StoredReport::Whole(rec) => return Ok(rec),
        StoredReport::Head(h) => h,
    };
    let uses = read_list::<ReportUse>(scan, REPORT_USE, id, head.used)?;
    Ok(ReportRec {
        author: head.author,
        title: head.title,
        version: head.version,
        url: head.url,
        digest: head.digest,
        uses,
    })
}

/// A claim card's record as stored under `Q` ‖ claim hash: its consultation, owner and how
/// many ideas were recorded with it (each a [`CARD_IDEA`] row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardHead {
    /// The consultation.
    pub consultation: Id,
    /// Idea rows.
    pub recorded: u64,
    /// The party that claimed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Id>,
}

/// A `Q` row as stored: the record of this layout, or a whole one an older build wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredCard {
    /// The count in the record, the ideas in rows.
    Head(CardHead),
    /// The ideas in the record (written before they became rows).
    Whole(CardRec),
}

/// Reads a `Q` row of either shape.
pub fn decode_card(b: &[u8]) -> Result<StoredCard, AttributionError> {
    match dec::<CardHead>(b) {
        Ok(h) => Ok(StoredCard::Head(h)),
        Err(_) => dec::<CardRec>(b).map(StoredCard::Whole),
    }
}

/// A whole card record as its record and rows, exactly as a replay of the log writes them.
pub fn split_card(hash: &Id, rec: CardRec) -> (CardHead, Rows) {
    let head = CardHead { consultation: rec.consultation, recorded: rec.ideas.len() as u64, owner: rec.owner };
    let rows = rec
        .ideas
        .iter()
        .enumerate()
        .filter_map(|(n, id)| enc(id).ok().map(|v| (list_key(CARD_IDEA, hash, n as u64), v)))
        .collect();
    (head, rows)
}

/// The whole card record: its stored record with its ideas read back.
pub fn assemble_card(hash: &Id, stored: StoredCard, scan: &Scan<'_>) -> Result<CardRec, AttributionError> {
    let head = match stored {
        StoredCard::Whole(rec) => return Ok(rec),
        StoredCard::Head(h) => h,
    };
    let ideas = read_list::<Id>(scan, CARD_IDEA, hash, head.recorded)?;
    Ok(CardRec { consultation: head.consultation, ideas, owner: head.owner })
}

/// For the audit: a stored domain row as the rows of this layout it stands for (a whole
/// `I`, `R` or `Q` record as its record and rows; anything else, including a row that reads as
/// neither shape, as it is).
pub fn as_current(k: &[u8], v: Vec<u8>) -> Rows {
    let id = k.get(1..).and_then(|s| <[u8; 32]>::try_from(s).ok()).map(Id);
    let split = match (k.first(), id) {
        (Some(b'I'), Some(id)) => match decode_idea(&v) {
            Ok(StoredIdea::Whole(rec)) => {
                let (head, rows) = split_idea(&id, rec);
                Some((enc(&head), rows))
            }
            _ => None,
        },
        (Some(b'R'), Some(id)) => match decode_report(&v) {
            Ok(StoredReport::Whole(rec)) => {
                let (head, rows) = split_report(&id, rec);
                Some((enc(&head), rows))
            }
            _ => None,
        },
        (Some(b'Q'), Some(id)) => match decode_card(&v) {
            Ok(StoredCard::Whole(rec)) => {
                let (head, rows) = split_card(&id, rec);
                Some((enc(&head), rows))
            }
            _ => None,
        },
        _ => None,
    };
    match split {
        Some((Ok(head), mut rows)) => {
            rows.push((k.to_vec(), head));
            rows
        }
        _ => vec![(k.to_vec(), v)],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn map_scan(rows: &BTreeMap<Vec<u8>, Vec<u8>>) -> impl Fn(&[u8]) -> Result<Rows, AttributionError> + '_ {
        |p| {
            Ok(rows
                .range(p.to_vec()..)
                .take_while(|(k, _)| k.starts_with(p))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect())
        }
    }

    fn event(seq: u64, what: &str) -> EventRec {
        EventRec { seq, log_time: 1_700_000_000_000 + seq, kind: 6, what: what.into() }
    }

    /// An idea record as an older build stored it, every list filled (endorsers out of key
    /// order, answers ending in `under consideration` after a decision).
    fn whole() -> IdeaRec {
        let citation = |seq, locator: &str| CitationRec {
            report: Id([8; 32]),
            locator: locator.into(),
            how: 1,
            seq,
            log_time: 1_700_000_000_000 + seq,
        };
        let response = |seq, outcome| ResponseRec {
            seq,
            log_time: 1_700_000_000_000 + seq,
            outcome,
            reason: Some("why".into()),
            links: vec![],
        };
        IdeaRec {
            seq: 7,
            log_time: 1_700_000_000_007,
            consultation: Id([1; 32]),
            digest: Id([2; 32]),
            recorder: None,
            owner: Some(Id([3; 32])),
            card: None,
            consent: 0,
            name: Some("Amara Okafor".into()),
            tags: vec!["housing".into()],
            co_contributors: vec![Id([4; 32]), Id([5; 32])],
            co_confirmed: vec![Id([5; 32]), Id([4; 32])],
            endorsers: vec![Id([9; 32]), Id([6; 32]), Id([7; 32])],
            builds_on: vec![],
            withdrawn: None,
            citations: vec![citation(10, "page 1"), citation(10, "page 3"), citation(12, "page 2")],
            responses: vec![response(13, Outcome::Adopted.code()), response(14, Outcome::UnderConsideration.code())],
            acks: vec![15, 15],
            history: vec![event(7, "recorded"), event(10, "quoted"), event(12, "quoted")],
            given: Some("2026-03-14".into()),
        }
    }

    #[test]
    fn a_whole_idea_record_splits_into_rows_that_read_back_as_it_was() {
        let id = Id([0xab; 32]);
        let rec = whole();
        let (head, rows) = split_idea(&id, rec.clone());
        assert_eq!((head.cited, head.answered, head.acked, head.events), (3, 2, 2, 3));
        assert_eq!((head.confirmed, head.endorsed), (2, 3));
        assert_eq!(head.latest_outcome, Some(Outcome::UnderConsideration.code()));
        assert_eq!(head.decision, Some(Outcome::Adopted.code()), "the latest answer that is not under consideration");
        assert_eq!(rows.len(), 3 + 2 + 2 + 3 + 2 + 3);
        let mut map: BTreeMap<Vec<u8>, Vec<u8>> = rows.into_iter().collect();
        map.insert(key(b'I', &[&id.0]), enc(&head).unwrap());
        let stored = decode_idea(&map[&key(b'I', &[&id.0])]).unwrap();
        assert_eq!(stored, StoredIdea::Head(head.clone()));
        assert_eq!(assemble_idea(&id, stored, &map_scan(&map)).unwrap(), rec);
        // The old bytes still read, as the whole record.
        assert_eq!(decode_idea(&enc(&rec).unwrap()).unwrap(), StoredIdea::Whole(rec.clone()));
        // A row missing is a storage error, not a shorter list.
        map.remove(&list_key(CITATION, &id, 1));
        let stored = decode_idea(&enc(&head).unwrap()).unwrap();
        assert!(matches!(assemble_idea(&id, stored, &map_scan(&map)), Err(AttributionError::Storage(_))));
    }

    #[test]
    fn a_whole_report_record_splits_into_rows_that_read_back_as_it_was() {
        let id = Id([0xcd; 32]);
        let use_ = |seq, locator: &str| ReportUse { idea: Id([seq as u8; 32]), locator: locator.into(), how: 0, seq };
        let rec = ReportRec {
            author: Id([1; 32]),
            title: "Plan".into(),
            version: "1".into(),
            url: Some("https://example.org/plan".into()),
            digest: None,
            uses: vec![use_(10, "p1"), use_(10, "p2"), use_(12, "p3")],
        };
        let (head, rows) = split_report(&id, rec.clone());
        assert_eq!((head.used, head.last_seq), (3, 12));
        let map: BTreeMap<Vec<u8>, Vec<u8>> = rows.into_iter().collect();
        assert_eq!(assemble_report(&id, StoredReport::Head(head.clone()), &map_scan(&map)).unwrap(), rec);
        assert_eq!(decode_report(&enc(&head).unwrap()).unwrap(), StoredReport::Head(head));
        assert_eq!(decode_report(&enc(&rec).unwrap()).unwrap(), StoredReport::Whole(rec));
    }

    #[test]
    fn a_whole_card_record_splits_into_rows_that_read_back_as_it_was() {
        let hash = Id([0xef; 32]);
        let rec =
            CardRec { consultation: Id([1; 32]), ideas: vec![Id([9; 32]), Id([3; 32])], owner: Some(Id([4; 32])) };
        let (head, rows) = split_card(&hash, rec.clone());
        assert_eq!(head.recorded, 2);
        let map: BTreeMap<Vec<u8>, Vec<u8>> = rows.into_iter().collect();
        assert_eq!(assemble_card(&hash, StoredCard::Head(head.clone()), &map_scan(&map)).unwrap(), rec);
        assert_eq!(decode_card(&enc(&head).unwrap()).unwrap(), StoredCard::Head(head.clone()));
        assert_eq!(decode_card(&enc(&rec).unwrap()).unwrap(), StoredCard::Whole(rec.clone()));
        let k = key(b'Q', &[&hash.0]);
        let mut current = as_current(&k, enc(&rec).unwrap());
        current.sort();
        let mut want: Rows = map.into_iter().collect();
        want.push((k, enc(&head).unwrap()));
        want.sort();
        assert_eq!(current, want);
    }

    #[test]
    fn the_audit_reads_a_whole_record_as_its_rows_and_leaves_anything_else() {
        let id = Id([0xab; 32]);
        let k = key(b'I', &[&id.0]);
        let (head, mut rows) = split_idea(&id, whole());
        rows.push((k.clone(), enc(&head).unwrap()));
        rows.sort();
        let mut current = as_current(&k, enc(&whole()).unwrap());
        current.sort();
        assert_eq!(current, rows);
        assert_eq!(as_current(&k, enc(&head).unwrap()), vec![(k.clone(), enc(&head).unwrap())]);
        assert_eq!(as_current(&k, vec![0xff]), vec![(k, vec![0xff])], "unreadable: left for the comparison to name");
    }
}

//! The domain's state: records and index rows kept in the log store's `D` key space.
//!
//! The policy writes these rows through `log::IndexWrite`, in the same atomic batch as the
//! entry that caused them; queries read them back. Records are canonical CBOR (through
//! `protocol::cbor`). Key layout (after the store's `D` tag; ids are 32 bytes, seqs 8 bytes
//! big-endian):
//!
//! | key | value |
//! | --- | --- |
//! | `K` ‖ key | [`KeyRec`]: party, role, name, status of a key |
//! | `Z` | the current operator key (after operator rotation) |
//! | `C` ‖ consultation id | [`ConsultationRec`] |
//! | `I` ‖ idea id | [`IdeaHead`](super::rows::IdeaHead): the idea statement's fields and counts of each list below (an older build's rows: [`IdeaRec`], lists inside) |
//! | `X` ‖ idea id ‖ n | [`CitationRec`]: the idea's `n`th citation (n from 0, 8 bytes big-endian) |
//! | `S` ‖ idea id ‖ n | [`ResponseRec`]: its `n`th answer (the latest outcome and decision are also in its record) |
//! | `Y` ‖ idea id ‖ n | seq of its `n`th acknowledgement |
//! | `H` ‖ idea id ‖ n | [`EventRec`]: the `n`th event of its history |
//! | `E` ‖ idea id ‖ 0 or 1 ‖ party | ordinal: the party confirmed it as a listed co-contributor (0) or endorsed it as an enrolled party (1) |
//! | `Q` ‖ claim hash | [`CardHead`](super::rows::CardHead): one claim card's consultation, owner and count of ideas (an older build's rows: [`CardRec`], ideas inside) |
//! | `G` ‖ claim hash ‖ n | idea id: the `n`th idea recorded with the card |
//! | `R` ‖ report id | [`ReportHead`](super::rows::ReportHead): title, version, URL, digest, count of uses, latest cite's seq (an older build's rows: [`ReportRec`], uses inside) |
//! | `V` ‖ report id ‖ n | [`ReportUse`]: the report's `n`th use of an idea |
//! | `A` ‖ seq | [`AckRec`] |
//! | `L` ‖ consultation id ‖ seq | idea id: the ideas of a consultation |
//! | `P` ‖ party ‖ seq | idea id: a contributor's ideas (own, claimed, co-authored) |
//! | `O` ‖ organisation party ‖ consultation id | empty: consultations an organisation convened |
//! | `N` ‖ seq | consultation id: every consultation, in log order (newest last) |
//! | `W` ‖ idea id | empty: withdrawn ideas (so leftover text can be erased on open) |
//!
//! What a later statement adds to an idea or a report is a row of its own, so applying one
//! writes a bounded number of rows of bounded size however much happened before (see
//! [`super::rows`]; a record an older build wrote whole is read as it is and rewritten as
//! rows when a statement next changes it).

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

use super::AttributionError;
use super::kinds::Id;
use crate::log::reads::Reads;
use crate::protocol::cbor;

/// Key status: in use.
pub const STATUS_ACTIVE: u8 = 0;
/// Key status: revoked by the operator.
pub const STATUS_REVOKED: u8 = 1;
/// Key status: replaced by a rotation.
pub const STATUS_ROTATED: u8 = 2;

/// What the log knows about a key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRec {
    /// The party the key belongs to: the first key the party used.
    pub party: Id,
    /// Enrolled role code, if any (contributors have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<u8>,
    /// Enrolled display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// [`STATUS_ACTIVE`], [`STATUS_REVOKED`] or [`STATUS_ROTATED`].
    pub status: u8,
    /// Seq of the statement that last changed the status.
    pub since: u64,
}

/// A consultation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationRec {
    /// Entry seq.
    pub seq: u64,
    /// Log time of the entry.
    pub log_time: u64,
    /// Party that opened it.
    pub author: Id,
    /// Convening organisation's party.
    pub convenor: Id,
    /// Parties who may record ideas in it.
    pub recorders: Vec<Id>,
    /// Closing log time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes: Option<u64>,
    /// Title.
    pub title: String,
    /// Date as given.
    pub date: String,
    /// Place.
    pub place: String,
    /// Topic.
    pub topic: String,
    /// The `close` statement that closed it, if any (absent from rows written before one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<ClosedRec>,
    /// Its language (`consultation` field 7): `en`, `cy`, or absent for English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// Where a consultation was closed: the `close` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedRec {
    /// Seq of the `close` entry.
    pub seq: u64,
    /// Its log time; ideas are refused from the next entry on.
    pub log_time: u64,
    /// The party that closed it.
    pub by: Id,
}

/// A citation of an idea in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitationRec {
    /// Report id.
    pub report: Id,
    /// Where in the report.
    pub locator: String,
    /// Usage code.
    pub how: u8,
    /// Seq of the cite entry.
    pub seq: u64,
    /// Its log time.
    pub log_time: u64,
}

/// A response to an idea.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseRec {
    /// Seq of the respond entry.
    pub seq: u64,
    /// Its log time.
    pub log_time: u64,
    /// Outcome code.
    pub outcome: u8,
    /// Reason given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Links given.
    pub links: Vec<String>,
}

/// One event in an idea's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRec {
    /// Seq of the entry.
    pub seq: u64,
    /// Its log time.
    pub log_time: u64,
    /// Statement kind code.
    pub kind: u64,
    /// What happened, in plain words (never a personal name).
    pub what: String,
}

/// An idea and everything that happened to it, as queries read it (its record and rows, see
/// [`super::rows::assemble_idea`]); also the shape in which an older build stored it whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaRec {
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
    /// Co-contributor parties who endorsed (they count).
    pub co_confirmed: Vec<Id>,
    /// Enrolled parties who endorsed.
    pub endorsers: Vec<Id>,
    /// Ideas it builds on.
    pub builds_on: Vec<Id>,
    /// Seq of the withdrawal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<u64>,
    /// Citations, in log order.
    pub citations: Vec<CitationRec>,
    /// Responses, in log order.
    pub responses: Vec<ResponseRec>,
    /// Seqs of acknowledgements.
    pub acks: Vec<u64>,
    /// History, in log order.
    pub history: Vec<EventRec>,
    /// The `given` date of the idea statement, `YYYY-MM-DD`, when it has one. Absent (and
    /// then left out, so rows of ideas without one are the bytes they always were), the
    /// idea was given on the UTC day of its author time, which views read from the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
}

/// One claim card: one person in one consultation, as queries read it (its record and idea
/// rows); also the shape in which an older build stored it whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardRec {
    /// The consultation.
    pub consultation: Id,
    /// Ideas recorded with this card.
    pub ideas: Vec<Id>,
    /// The party that claimed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Id>,
}

/// One use of an idea in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportUse {
    /// Idea id.
    pub idea: Id,
    /// Locator.
    pub locator: String,
    /// Usage code.
    pub how: u8,
    /// Seq of the cite entry.
    pub seq: u64,
}

/// A report, built from every `cite` statement about it, as queries read it (its record and
/// use rows); also the shape in which an older build stored it whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRec {
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
    /// Uses, in log order.
    pub uses: Vec<ReportUse>,
}

/// An acknowledgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckRec {
    /// Seq.
    pub seq: u64,
    /// Log time.
    pub log_time: u64,
    /// Organisation party.
    pub author: Id,
    /// Ideas recognised.
    pub ideas: Vec<Id>,
    /// Recognition code.
    pub recognition: u8,
    /// Given (0) or declined (1).
    pub status: u8,
    /// Amount in minor units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    /// Currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The payment digest (the amount is beside the log, docs/PROTOCOL.md §21).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<Id>,
}

/// A report's id: `SHA-256("heard/v1/report\n" ‖ policy team party ‖ title ‖ 0x0a ‖ version)`.
pub fn report_id(author_party: &Id, title: &str, version: &str) -> Id {
    let mut h = Sha256::new();
    h.update(b"heard/v1/report\n");
    h.update(author_party.0);
    h.update(title.as_bytes());
    h.update(b"\n");
    h.update(version.as_bytes());
    Id(h.finalize().into())
}

/// Builds a state key: tag byte then parts.
pub fn key(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut k = vec![tag];
    for p in parts {
        k.extend_from_slice(p);
    }
    k
}

/// Encodes a record.
pub fn enc<T: Serialize>(v: &T) -> Result<Vec<u8>, AttributionError> {
    cbor::encode(v).map_err(|e| AttributionError::Storage(format!("encoding a record: {e}")))
}

/// Decodes a record.
pub fn dec<T: Serialize + DeserializeOwned>(b: &[u8]) -> Result<T, AttributionError> {
    cbor::decode_canonical(b).map_err(|e| AttributionError::Storage(format!("a stored record is unreadable: {e}")))
}

/// Reads a record from the store's domain rows.
pub fn load<T: Serialize + DeserializeOwned>(store: &dyn Reads, k: &[u8]) -> Result<Option<T>, AttributionError> {
    store.row(k)?.map(|b| dec(&b)).transpose()
}

/// The ids stored as values under a prefix of `L`/`P` rows, in key (seq) order.
pub fn ids_under(store: &dyn Reads, prefix: &[u8]) -> Result<Vec<Id>, AttributionError> {
    let mut out = Vec::new();
    for row in store.rows_under(prefix) {
        let (_, v) = row?;
        let a: [u8; 32] =
            v.as_slice().try_into().map_err(|_| AttributionError::Storage("an index row is not 32 bytes".into()))?;
        out.push(Id(a));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`IdeaRec`] as it was before `given`: rows written by an older build.
    #[derive(Serialize, Deserialize)]
    struct IdeaRecBeforeGiven {
        seq: u64,
        log_time: u64,
        consultation: Id,
        digest: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recorder: Option<Id>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<Id>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card: Option<Id>,
        consent: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        tags: Vec<String>,
        co_contributors: Vec<Id>,
        co_confirmed: Vec<Id>,
        endorsers: Vec<Id>,
        builds_on: Vec<Id>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        withdrawn: Option<u64>,
        citations: Vec<CitationRec>,
        responses: Vec<ResponseRec>,
        acks: Vec<u64>,
        history: Vec<EventRec>,
    }

    /// An idea without a given date is stored as the same bytes as before the field existed,
    /// so an older data folder reads and its stored rows equal the audit's replay.
    #[test]
    fn an_idea_row_without_a_given_date_is_the_row_an_older_build_wrote() {
        let old = IdeaRecBeforeGiven {
            seq: 7,
            log_time: 1_700_000_000_000,
            consultation: Id([1; 32]),
            digest: Id([2; 32]),
            recorder: Some(Id([3; 32])),
            owner: None,
            card: Some(Id([4; 32])),
            consent: 1,
            name: Some("RiverWalker".into()),
            tags: vec!["housing".into()],
            co_contributors: vec![],
            co_confirmed: vec![],
            endorsers: vec![],
            builds_on: vec![Id([5; 32])],
            withdrawn: None,
            citations: vec![],
            responses: vec![],
            acks: vec![9],
            history: vec![EventRec { seq: 7, log_time: 1_700_000_000_000, kind: 3, what: "recorded".into() }],
        };
        let bytes = enc(&old).unwrap();
        let rec: IdeaRec = dec(&bytes).unwrap();
        assert_eq!(rec.given, None);
        assert_eq!(enc(&rec).unwrap(), bytes);
        let dated = IdeaRec { given: Some("2023-11-12".into()), ..rec };
        assert_ne!(enc(&dated).unwrap(), bytes);
        assert_eq!(dec::<IdeaRec>(&enc(&dated).unwrap()).unwrap(), dated);
    }
}

//! The statement bodies: one typed struct per kind, in canonical CBOR.
//!
//! Each body is an integer-keyed map (see docs/PROTOCOL.md "Statement bodies" and
//! `schemas/statements.cddl`). Enumerations are small unsigned integers, amounts are minor
//! units, there are no floats and no booleans. References to other statements are their
//! statement hashes; parties are named by their Ed25519 public keys.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::AttributionError;
use crate::protocol::Hash;
use crate::protocol::cbor::{self, CborError};
use crate::protocol::statement::Kind;

pub use super::recovery::{CancelRecoveryBody, RecoverBody};
pub use body::Body;

mod body;

/// A 32-byte value on the wire (a statement hash, a key, a digest), encoded as a CBOR byte string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub [u8; 32]);

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let b = serde_bytes::ByteBuf::deserialize(d)?;
        let a: [u8; 32] = b
            .as_slice()
            .try_into()
            .map_err(|_| serde::de::Error::custom(format!("expected 32 bytes, got {}", b.len())))?;
        Ok(Id(a))
    }
}

impl From<Hash> for Id {
    fn from(h: Hash) -> Self {
        Id(h)
    }
}

impl Id {
    /// Lowercase hex of the 32 bytes.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// A role the operator enrols a key in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// An organisation that convenes consultations and responds to ideas (code 0).
    Organisation,
    /// Records ideas in sessions on contributors' behalf (code 1).
    Facilitator,
    /// Writes reports and cites ideas (code 2).
    PolicyTeam,
    /// Cosigns checkpoints (code 3).
    Witness,
}

impl Role {
    /// The wire code.
    pub fn code(self) -> u8 {
        match self {
            Role::Organisation => 0,
            Role::Facilitator => 1,
            Role::PolicyTeam => 2,
            Role::Witness => 3,
        }
    }
    /// The role with this wire code.
    pub fn from_code(c: u8) -> Option<Role> {
        [Role::Organisation, Role::Facilitator, Role::PolicyTeam, Role::Witness].into_iter().find(|r| r.code() == c)
    }
    /// The role's name in plain words.
    pub fn name(self) -> &'static str {
        match self {
            Role::Organisation => "organisation",
            Role::Facilitator => "facilitator",
            Role::PolicyTeam => "policy team",
            Role::Witness => "witness",
        }
    }
}

/// How a contributor wants to be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Consent {
    /// By their name (code 0).
    Named,
    /// By a pseudonym they chose (code 1).
    Pseudonym,
    /// As "a contributor" (code 2).
    Anonymous,
}

impl Consent {
    /// Every level, in code order.
    pub const ALL: [Consent; 3] = [Consent::Named, Consent::Pseudonym, Consent::Anonymous];
    /// The wire code.
    pub fn code(self) -> u8 {
        match self {
            Consent::Named => 0,
            Consent::Pseudonym => 1,
            Consent::Anonymous => 2,
        }
    }
    /// The level with this wire code.
    pub fn from_code(c: u8) -> Option<Consent> {
        Consent::ALL.into_iter().find(|x| x.code() == c)
    }
    /// The level's name.
    pub fn name(self) -> &'static str {
        match self {
            Consent::Named => "named",
            Consent::Pseudonym => "pseudonym",
            Consent::Anonymous => "anonymous",
        }
    }
}

/// What happened to an idea, as the convening organisation says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// Adopted as given (code 0).
    Adopted,
    /// Adopted in a changed form (code 1).
    Adapted,
    /// Still being considered (code 2).
    UnderConsideration,
    /// Not adopted; the response must give the reason (code 3).
    NotAdopted,
    /// Done: what was adopted or adapted has been carried out; the response says what was
    /// done (a reason or a link). Only after adopted or adapted (code 4).
    Delivered,
}

impl Outcome {
    /// The wire code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Adopted => 0,
            Outcome::Adapted => 1,
            Outcome::UnderConsideration => 2,
            Outcome::NotAdopted => 3,
            Outcome::Delivered => 4,
        }
    }
    /// The outcome with this wire code.
    pub fn from_code(c: u8) -> Option<Outcome> {
        [Outcome::Adopted, Outcome::Adapted, Outcome::UnderConsideration, Outcome::NotAdopted, Outcome::Delivered]
            .into_iter()
            .find(|x| x.code() == c)
    }
    /// The outcome in plain words.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::Adapted => "adapted",
            Outcome::UnderConsideration => "under consideration",
            Outcome::NotAdopted => "not adopted",
            Outcome::Delivered => "delivered",
        }
    }
}

/// How a report used an idea.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Usage {
    /// Quoted (code 0).
    Quoted,
    /// Paraphrased (code 1).
    Paraphrased,
    /// Informed the report (code 2).
    Informed,
}

impl Usage {
    /// The wire code.
    pub fn code(self) -> u8 {
        match self {
            Usage::Quoted => 0,
            Usage::Paraphrased => 1,
            Usage::Informed => 2,
        }
    }
    /// The usage with this wire code.
    pub fn from_code(c: u8) -> Option<Usage> {
        [Usage::Quoted, Usage::Paraphrased, Usage::Informed].into_iter().find(|x| x.code() == c)
    }
    /// The usage in plain words.
    pub fn name(self) -> &'static str {
        match self {
            Usage::Quoted => "quoted",
            Usage::Paraphrased => "paraphrased",
            Usage::Informed => "informed",
        }
    }
}

/// Kinds of recognition an `acknowledge` statement records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Recognition {
    /// Money paid (code 0).
    Payment,
    /// A voucher (code 1).
    Voucher,
    /// A gift (code 2).
    Gift,
    /// A certificate or letter of credit (code 3).
    Certificate,
    /// Something else, described in the note (code 4).
    Other,
}

impl Recognition {
    /// The wire code.
    pub fn code(self) -> u8 {
        match self {
            Recognition::Payment => 0,
            Recognition::Voucher => 1,
            Recognition::Gift => 2,
            Recognition::Certificate => 3,
            Recognition::Other => 4,
        }
    }
    /// The recognition with this wire code.
    pub fn from_code(c: u8) -> Option<Recognition> {
        [Recognition::Payment, Recognition::Voucher, Recognition::Gift, Recognition::Certificate, Recognition::Other]
            .into_iter()
            .find(|x| x.code() == c)
    }
    /// In plain words.
    pub fn name(self) -> &'static str {
        match self {
            Recognition::Payment => "payment",
            Recognition::Voucher => "voucher",
            Recognition::Gift => "gift",
            Recognition::Certificate => "certificate",
            Recognition::Other => "other recognition",
        }
    }
}

/// `enrol` (kind 1): the operator enrols a key in a role, or revokes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolBody {
    /// 0: the key enrolled or revoked.
    pub key: Id,
    /// 1: its role ([`Role`] code).
    pub role: u8,
    /// 2: the party's display name ("Riverside Council").
    pub name: String,
    /// 3: 0 enrol, 1 revoke.
    pub action: u8,
}

/// `enrol` action code: enrol the key.
pub const ACTION_ENROL: u8 = 0;
/// `enrol` action code: revoke the key.
pub const ACTION_REVOKE: u8 = 1;

/// `consultation` (kind 2): a consultation exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationBody {
    /// 0: title.
    pub title: String,
    /// 1: date, ISO 8601 `YYYY-MM-DD`.
    pub date: String,
    /// 2: place.
    pub place: String,
    /// 3: topic.
    pub topic: String,
    /// 4: the convening organisation's key.
    pub convenor: Id,
    /// 5: facilitator keys who may record ideas in it (a facilitator author is always one).
    pub recorders: Vec<Id>,
    /// 6: after this log time (ms since the Unix epoch) no more ideas are accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes: Option<u64>,
    /// 7: the consultation's language, `en` or `cy`: its claim cards print in it. Absent, it
    /// is English (consultations written before this field never carry it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The languages a consultation may be held in (field 7 of `consultation`).
pub const CONSULTATION_LANGS: [&str; 2] = ["en", "cy"];

/// `idea` (kind 3): an idea was contributed in a consultation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaBody {
    /// 0: the consultation's statement hash.
    pub consultation: Id,
    /// 1: SHA-256(salt ‖ text); the text and salt live beside the log.
    pub digest: Id,
    /// 2: topic tags (public, not personal).
    pub tags: Vec<String>,
    /// 3: co-contributors' keys; each counts once it endorses the idea.
    pub co_contributors: Vec<Id>,
    /// 4: statement hashes of earlier ideas this one builds on.
    pub builds_on: Vec<Id>,
    /// 5: consent level ([`Consent`] code).
    pub consent: u8,
    /// 6: display name or pseudonym, as the consent level allows (absent when anonymous).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 7: when recorded on someone's behalf: the claim hash of their claim card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_hash: Option<Id>,
    /// 8: the day the idea was given, `YYYY-MM-DD` in the consultation's local reckoning
    /// (checked by the policy: `bad_given_date`). Absent, the idea was given on the UTC day
    /// of the statement's author time; ideas written before this field never carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
}

/// `claim` (kind 4): with a secret, takes ownership of the ideas on a claim card; without,
/// changes the consent level (and name) of ideas the author already owns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimBody {
    /// 0: the ideas concerned (with a secret: any one idea on the card binds every idea on it).
    pub ideas: Vec<Id>,
    /// 1: new consent level ([`Consent`] code).
    pub consent: u8,
    /// 2: display name or pseudonym (absent when anonymous).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 3: the claim secret from the card (16 bytes), revealed once.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_bytes")]
    pub secret: Option<Vec<u8>>,
}

/// `endorse` (kind 5): a second signature on an idea.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndorseBody {
    /// 0: the idea's statement hash.
    pub idea: Id,
}

/// The report a `cite` statement is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRef {
    /// 0: title.
    pub title: String,
    /// 1: version ("v1").
    pub version: String,
    /// 2: where it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// 3: SHA-256 of the published document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<Id>,
}

/// One use of an idea in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitationUse {
    /// 0: the idea's statement hash.
    pub idea: Id,
    /// 1: where in the report ("recommendation 3, page 12").
    pub locator: String,
    /// 2: how it was used ([`Usage`] code).
    pub how: u8,
}

/// `cite` (kind 6): report R uses ideas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiteBody {
    /// 0: the report.
    pub report: ReportRef,
    /// 1: the uses (at least one).
    pub uses: Vec<CitationUse>,
}

/// `respond` (kind 7): what happened to an idea.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RespondBody {
    /// 0: the idea's statement hash.
    pub idea: Id,
    /// 1: outcome ([`Outcome`] code).
    pub outcome: u8,
    /// 2: why (required when not adopted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// 3: links to where the action is described.
    pub links: Vec<String>,
    /// 4: more ideas the same answer covers (a theme answered once); absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Id>,
}

/// Most further ideas (`also`) one grouped answer may name.
pub const MAX_GROUPED: usize = 499;

/// `withdraw` (kind 8): consent withdrawn for an idea.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawBody {
    /// 0: the idea's statement hash.
    pub idea: Id,
}

/// `rotate` (kind 9): the author's key is replaced by a new key for the same party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotateBody {
    /// 0: the new key.
    pub new_key: Id,
}

/// `acknowledge` (kind 10): a recognition or payment record linked to contributions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcknowledgeBody {
    /// 0: the ideas recognised.
    pub ideas: Vec<Id>,
    /// 1: kind of recognition ([`Recognition`] code).
    pub recognition: u8,
    /// 2: 0 given, 1 declined by the contributor.
    pub status: u8,
    /// 3: amount in minor units (pence, cents); only when given. The older, public form:
    /// read in logs, refused for new appends (`public_amount`; `payment` replaces it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    /// 4: ISO 4217 currency code, with `amount` (the older form too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// 5: a note in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 6: the salted digest of the amount and currency kept beside the log
    /// ([`super::payment::Payment::digest`]); only when given, never with `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<Id>,
}

/// `close` (kind 11): the consultation is closed; no more ideas are accepted in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseBody {
    /// 0: the consultation's statement hash.
    pub consultation: Id,
}

/// `acknowledge` status: recognition given.
pub const ACK_GIVEN: u8 = 0;
/// `acknowledge` status: the contributor declined it.
pub const ACK_DECLINED: u8 = 1;

mod opt_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_bytes(b),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Ok(Option::<serde_bytes::ByteBuf>::deserialize(d)?.map(|b| b.into_vec()))
    }
}

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

/// A decoded body, by kind.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body {
    /// `enrol`.
    Enrol(EnrolBody),
    /// `consultation`.
    Consultation(ConsultationBody),
    /// `idea`.
    Idea(IdeaBody),
    /// `claim`.
    Claim(ClaimBody),
    /// `endorse`.
    Endorse(EndorseBody),
    /// `cite`.
    Cite(CiteBody),
    /// `respond`.
    Respond(RespondBody),
    /// `withdraw`.
    Withdraw(WithdrawBody),
    /// `rotate`.
    Rotate(RotateBody),
    /// `acknowledge`.
    Acknowledge(AcknowledgeBody),
    /// `close`.
    Close(CloseBody),
    /// `recover` (see [`super::recovery`]).
    Recover(RecoverBody),
    /// `cancel_recovery`.
    CancelRecovery(CancelRecoveryBody),
}

fn dec<T: Serialize + serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, AttributionError> {
    cbor::decode_canonical(bytes).map_err(|e| match e {
        CborError::NonCanonical => AttributionError::NonCanonical,
        other => AttributionError::MalformedBody(other.to_string()),
    })
}

fn bad(why: impl Into<String>) -> AttributionError {
    AttributionError::MalformedBody(why.into())
}

fn check_code<T>(v: u8, parse: fn(u8) -> Option<T>, what: &str) -> Result<(), AttributionError> {
    parse(v).map(|_| ()).ok_or_else(|| bad(format!("{what} code {v} is not defined")))
}

impl Body {
    /// Decodes `bytes` as the body of a statement of `kind`, checking canonical form and
    /// the value ranges the CDDL states.
    pub fn decode(kind: Kind, bytes: &[u8]) -> Result<Body, AttributionError> {
        let body = match kind {
            Kind::Enrol => Body::Enrol(dec(bytes)?),
            Kind::Consultation => Body::Consultation(dec(bytes)?),
            Kind::Idea => Body::Idea(dec(bytes)?),
            Kind::Claim => Body::Claim(dec(bytes)?),
            Kind::Endorse => Body::Endorse(dec(bytes)?),
            Kind::Cite => Body::Cite(dec(bytes)?),
            Kind::Respond => Body::Respond(dec(bytes)?),
            Kind::Withdraw => Body::Withdraw(dec(bytes)?),
            Kind::Rotate => Body::Rotate(dec(bytes)?),
            Kind::Acknowledge => Body::Acknowledge(dec(bytes)?),
            Kind::Close => Body::Close(dec(bytes)?),
            Kind::Recover => Body::Recover(dec(bytes)?),
            Kind::CancelRecovery => Body::CancelRecovery(dec(bytes)?),
            #[allow(unreachable_patterns)]
            _ => return Err(bad(format!("kind {} has no body definition", kind.name()))),
        };
        body.check()?;
        Ok(body)
    }

    /// The body's canonical bytes.
    pub fn encode(&self) -> Result<Vec<u8>, AttributionError> {
        let r = match self {
            Body::Enrol(b) => cbor::encode(b),
            Body::Consultation(b) => cbor::encode(b),
            Body::Idea(b) => cbor::encode(b),
            Body::Claim(b) => cbor::encode(b),
            Body::Endorse(b) => cbor::encode(b),
            Body::Cite(b) => cbor::encode(b),
            Body::Respond(b) => cbor::encode(b),
            Body::Withdraw(b) => cbor::encode(b),
            Body::Rotate(b) => cbor::encode(b),
            Body::Acknowledge(b) => cbor::encode(b),
            Body::Close(b) => cbor::encode(b),
            Body::Recover(b) => cbor::encode(b),
            Body::CancelRecovery(b) => cbor::encode(b),
        };
        r.map_err(|e| bad(e.to_string()))
    }

    /// The statement kind this body belongs to.
    pub fn kind(&self) -> Kind {
        match self {
            Body::Enrol(_) => Kind::Enrol,
            Body::Consultation(_) => Kind::Consultation,
            Body::Idea(_) => Kind::Idea,
            Body::Claim(_) => Kind::Claim,
            Body::Endorse(_) => Kind::Endorse,
            Body::Cite(_) => Kind::Cite,
            Body::Respond(_) => Kind::Respond,
            Body::Withdraw(_) => Kind::Withdraw,
            Body::Rotate(_) => Kind::Rotate,
            Body::Acknowledge(_) => Kind::Acknowledge,
            Body::Close(_) => Kind::Close,
            Body::Recover(_) => Kind::Recover,
            Body::CancelRecovery(_) => Kind::CancelRecovery,
        }
    }

    fn check(&self) -> Result<(), AttributionError> {
        match self {
            Body::Enrol(b) => {
                check_code(b.role, Role::from_code, "role")?;
                if b.action > ACTION_REVOKE {
                    return Err(bad(format!("enrol action code {} is not defined", b.action)));
                }
            }
            Body::Consultation(b) => {
                if b.title.is_empty() {
                    return Err(bad("a consultation needs a title"));
                }
                let d = b.date.as_bytes();
                let shape = d.len() == 10
                    && d.iter()
                        .enumerate()
                        .all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
                if !shape {
                    return Err(bad("the consultation date is written YYYY-MM-DD"));
                }
                if let Some(l) = &b.lang
                    && !CONSULTATION_LANGS.contains(&l.as_str())
                {
                    return Err(bad(format!(
                        "a consultation's language is \"en\" or \"cy\" (got \"{}\")",
                        l.chars().take(20).collect::<String>().escape_default()
                    )));
                }
            }
            Body::Idea(b) => {
                check_code(b.consent, Consent::from_code, "consent")?;
                check_name(b.consent, &b.name)?;
            }
            Body::Claim(b) => {
                check_code(b.consent, Consent::from_code, "consent")?;
                check_name(b.consent, &b.name)?;
                if b.ideas.is_empty() {
                    return Err(bad("a claim names at least one idea"));
                }
                if let Some(s) = &b.secret
                    && s.len() != super::claim::SECRET_BYTES
                {
                    return Err(bad(format!("a claim secret is {} bytes", super::claim::SECRET_BYTES)));
                }
            }
            Body::Cite(b) => {
                if b.uses.is_empty() {
                    return Err(bad("a citation uses at least one idea"));
                }
                for u in &b.uses {
                    check_code(u.how, Usage::from_code, "usage")?;
                }
            }
            Body::Respond(b) => {
                check_code(b.outcome, Outcome::from_code, "outcome")?;
                if b.outcome == Outcome::NotAdopted.code() && b.reason.as_deref().is_none_or(str::is_empty) {
                    return Err(bad("a response that does not adopt an idea must give the reason"));
                }
                if b.outcome == Outcome::Delivered.code()
                    && b.reason.as_deref().is_none_or(|r| r.trim().is_empty())
                    && b.links.is_empty()
                {
                    return Err(bad("a delivered answer says what was done: a short note or a link"));
                }
                if b.also.len() > MAX_GROUPED {
                    return Err(bad(format!("one answer covers at most {} ideas", MAX_GROUPED + 1)));
                }
                let mut seen = std::collections::BTreeSet::from([b.idea]);
                if !b.also.iter().all(|i| seen.insert(*i)) {
                    return Err(bad("an answer names each idea once"));
                }
            }
            Body::Acknowledge(b) => {
                check_code(b.recognition, Recognition::from_code, "recognition")?;
                if b.ideas.is_empty() {
                    return Err(bad("an acknowledgement names at least one idea"));
                }
                if b.status > ACK_DECLINED {
                    return Err(bad(format!("acknowledgement status {} is not defined", b.status)));
                }
                if b.status == ACK_DECLINED && (b.amount.is_some() || b.currency.is_some() || b.payment.is_some()) {
                    return Err(bad("a declined acknowledgement carries no amount"));
                }
                if b.payment.is_some() && (b.amount.is_some() || b.currency.is_some()) {
                    return Err(bad(
                        "an acknowledgement carries its amount as a payment digest or in the open, not both",
                    ));
                }
                if b.amount.is_some() != b.currency.is_some() {
                    return Err(bad("an amount needs its currency and a currency its amount"));
                }
                if let Some(c) = &b.currency
                    && (c.len() != 3 || !c.bytes().all(|x| x.is_ascii_uppercase()))
                {
                    return Err(bad("the currency is a three-letter ISO 4217 code"));
                }
            }
            Body::Recover(b) => {
                if b.binding.len() != 64 {
                    return Err(bad("a recovery's binding is a 64-byte signature"));
                }
                if b.wait_days > super::recovery::MAX_WAIT_DAYS {
                    return Err(bad(format!("a recovery waits at most {} days", super::recovery::MAX_WAIT_DAYS)));
                }
            }
            Body::Endorse(_) | Body::Withdraw(_) | Body::Rotate(_) | Body::Close(_) | Body::CancelRecovery(_) => {}
        }
        Ok(())
    }
}

fn check_name(consent: u8, name: &Option<String>) -> Result<(), AttributionError> {
    let anonymous = consent == Consent::Anonymous.code();
    match name {
        Some(n) if anonymous => Err(bad(format!("an anonymous contribution carries no name (got {} bytes)", n.len()))),
        Some(n) if n.trim().is_empty() => Err(bad("a name is not empty")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_and_refuse_other_kinds() {
        let b = Body::Endorse(EndorseBody { idea: Id([7; 32]) });
        let bytes = b.encode().unwrap();
        assert_eq!(Body::decode(Kind::Endorse, &bytes).unwrap(), b);
        // {0: h'07..'} is not a rotate... it is (same shape); but not an idea.
        assert_eq!(Body::decode(Kind::Idea, &bytes).unwrap_err().code(), "malformed_body");
    }

    #[test]
    fn a_consultation_has_an_optional_language() {
        let with = |lang: Option<&str>| {
            Body::Consultation(ConsultationBody {
                title: "Drop-in".into(),
                date: "2026-03-14".into(),
                place: "Aberystwyth".into(),
                topic: "iechyd".into(),
                convenor: Id([1; 32]),
                recorders: vec![],
                closes: None,
                lang: lang.map(String::from),
            })
        };
        for ok in [None, Some("en"), Some("cy")] {
            let bytes = with(ok).encode().unwrap();
            assert_eq!(Body::decode(Kind::Consultation, &bytes).unwrap(), with(ok));
        }
        // Absent, the body is byte for byte what it was before the field existed.
        assert!(!with(None).encode().unwrap().windows(2).any(|w| w == [0x07, 0x62]));
        for bad in ["fr", "CY", "cy-GB", ""] {
            let r = with(Some(bad)).encode().and_then(|b| Body::decode(Kind::Consultation, &b));
            assert_eq!(r.unwrap_err().code(), "malformed_body", "{bad}");
        }
    }

    #[test]
    fn non_canonical_body_is_named() {
        // {0: h'..'} with a two-byte length head for the byte string.
        let mut bytes = vec![0xa1, 0x00, 0x59, 0x00, 0x20];
        bytes.extend_from_slice(&[1; 32]);
        assert_eq!(Body::decode(Kind::Withdraw, &bytes).unwrap_err().code(), "non_canonical");
    }

    proptest::proptest! {
        #[test]
        fn idea_bodies_round_trip(
            tags in proptest::collection::vec("[a-z-]{0,12}", 0..4),
            consent in 0u8..3,
            name in proptest::option::of("[A-Za-z ]{1,20}"),
            card in proptest::option::of(proptest::array::uniform32(0u8..)),
            builds_on in proptest::collection::vec(proptest::array::uniform32(0u8..), 0..3),
            given in proptest::option::of("[0-9]{4}-[0-9]{2}-[0-9]{2}"),
        ) {
            let name = if consent == 2 { None } else { name.filter(|n| !n.trim().is_empty()) };
            let b = Body::Idea(IdeaBody {
                consultation: Id([1; 32]),
                digest: Id([2; 32]),
                tags,
                co_contributors: vec![],
                builds_on: builds_on.into_iter().map(Id).collect(),
                consent,
                name,
                claim_hash: card.map(Id),
                given,
            });
            let bytes = b.encode().unwrap();
            proptest::prop_assert_eq!(Body::decode(Kind::Idea, &bytes).unwrap(), b);
        }

        #[test]
        fn any_accepted_body_is_its_own_encoding(bytes in proptest::collection::vec(0u8.., 0..80), kind in 1u64..=13) {
            let kind = Kind::from_code(kind).unwrap();
            if let Ok(body) = Body::decode(kind, &bytes) {
                proptest::prop_assert_eq!(body.encode().unwrap(), bytes);
            }
        }
    }

    /// An idea without `given` is the same bytes as before the field existed, so older logs
    /// keep their statement hashes; with it, key 8 follows key 7.
    #[test]
    fn an_idea_without_a_given_date_encodes_as_before() {
        let mut b = IdeaBody {
            consultation: Id([1; 32]),
            digest: Id([2; 32]),
            tags: vec![],
            co_contributors: vec![],
            builds_on: vec![],
            consent: 2,
            name: None,
            claim_hash: None,
            given: None,
        };
        // {0: h'01..', 1: h'02..', 2: [], 3: [], 4: [], 5: 2}
        let mut old = vec![0xa6, 0x00, 0x58, 0x20];
        old.extend_from_slice(&[1; 32]);
        old.extend_from_slice(&[0x01, 0x58, 0x20]);
        old.extend_from_slice(&[2; 32]);
        old.extend_from_slice(&[0x02, 0x80, 0x03, 0x80, 0x04, 0x80, 0x05, 0x02]);
        assert_eq!(cbor::encode(&b).unwrap(), old);
        b.given = Some("2026-03-14".into());
        let mut new = old.clone();
        new[0] = 0xa7;
        new.extend_from_slice(&[0x08, 0x6a]);
        new.extend_from_slice(b"2026-03-14");
        assert_eq!(cbor::encode(&b).unwrap(), new);
        assert_eq!(Body::decode(Kind::Idea, &new).unwrap(), Body::Idea(b));
    }

    #[test]
    fn ranges_are_checked() {
        let b = RespondBody { idea: Id([1; 32]), outcome: 3, reason: None, links: vec![], also: vec![] };
        assert_eq!(Body::decode(Kind::Respond, &cbor::encode(&b).unwrap()).unwrap_err().code(), "malformed_body");
        let b = WithdrawBody { idea: Id([1; 32]) };
        assert!(Body::decode(Kind::Withdraw, &cbor::encode(&b).unwrap()).is_ok());
    }
}

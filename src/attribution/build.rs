//! Building and signing statements from plain arguments.
//!
//! The one way the CLI client, the demo and the tests make statements: each function builds
//! its kind's body (docs/PROTOCOL.md §13), checks it exactly as the log will (canonical
//! form and value ranges, by decoding its own encoding), and signs it. No I/O: the caller
//! chooses the author time, and for an idea the caller supplies its text and salt
//! ([`IdeaText::new`] draws a fresh salt).

use ed25519_dalek::SigningKey;

use super::AttributionError;
use super::content::IdeaText;
use super::kinds::{
    ACK_DECLINED, ACK_GIVEN, ACTION_ENROL, ACTION_REVOKE, AcknowledgeBody, Body, CitationUse, CiteBody, ClaimBody,
    CloseBody, Consent, ConsultationBody, EndorseBody, EnrolBody, Id, IdeaBody, Outcome, Recognition, ReportRef,
    RespondBody, Role, RotateBody, Usage, WithdrawBody,
};
use super::payment::Payment;
use crate::protocol::statement::{Statement, statement_hash};

/// A signed statement, ready to submit.
#[derive(Clone, Debug)]
pub struct Signed {
    /// The statement's canonical bytes.
    pub statement: Vec<u8>,
    /// The author's Ed25519 signature.
    pub signature: [u8; 64],
    /// The statement hash: the id other statements use to name it.
    pub id: Id,
    /// For an idea: its text and salt, submitted beside the statement.
    pub content: Option<IdeaText>,
    /// For an acknowledgement of a payment: its amount, currency and salt, submitted beside
    /// the statement (docs/PROTOCOL.md §21).
    pub payment: Option<Payment>,
}

/// How a contributor is shown: the consent level with its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attribution {
    /// By their name.
    Named(String),
    /// By a pseudonym they chose.
    Pseudonym(String),
    /// As "a contributor", with no name.
    Anonymous,
}

impl Attribution {
    /// The consent level.
    pub fn consent(&self) -> Consent {
        match self {
            Attribution::Named(_) => Consent::Named,
            Attribution::Pseudonym(_) => Consent::Pseudonym,
            Attribution::Anonymous => Consent::Anonymous,
        }
    }
    /// The name carried in the statement (none when anonymous).
    pub fn name(&self) -> Option<String> {
        match self {
            Attribution::Named(n) | Attribution::Pseudonym(n) => Some(n.clone()),
            Attribution::Anonymous => None,
        }
    }
}

/// Checks `body` as the log will and signs it by `key` at author time `time_ms`.
pub fn sign(key: &SigningKey, time_ms: u64, body: &Body) -> Result<Signed, AttributionError> {
    let bytes = body.encode()?;
    // The log decodes and re-checks; doing it here names a bad argument before any network.
    Body::decode(body.kind(), &bytes)?;
    let st = Statement { kind: body.kind(), time: time_ms, author: key.verifying_key().to_bytes(), body: bytes };
    let (statement, signature) = st.sign(key);
    let id = Id(statement_hash(&statement));
    Ok(Signed { statement, signature, id, content: None, payment: None })
}

/// The public key of a signing key, as an [`Id`].
pub fn key_id(key: &SigningKey) -> Id {
    Id(key.verifying_key().to_bytes())
}

/// `enrol`: the operator enrols `member` in `role` with a display name, or revokes it.
pub fn enrol(
    operator: &SigningKey,
    time_ms: u64,
    member: Id,
    role: Role,
    name: &str,
    revoke: bool,
) -> Result<Signed, AttributionError> {
    let action = if revoke { ACTION_REVOKE } else { ACTION_ENROL };
    sign(operator, time_ms, &Body::Enrol(EnrolBody { key: member, role: role.code(), name: name.into(), action }))
}

/// What a consultation statement says: exactly its body (kind 2).
pub type ConsultationSpec = ConsultationBody;

/// `consultation`: opens a consultation.
pub fn consultation(key: &SigningKey, time_ms: u64, spec: &ConsultationSpec) -> Result<Signed, AttributionError> {
    sign(key, time_ms, &Body::Consultation(spec.clone()))
}

/// `close`: closes a consultation (by its convening organisation or the party that opened it).
pub fn close(key: &SigningKey, time_ms: u64, consultation: Id) -> Result<Signed, AttributionError> {
    sign(key, time_ms, &Body::Close(CloseBody { consultation }))
}

/// What an idea statement says, besides its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdeaSpec {
    /// The consultation's id.
    pub consultation: Id,
    /// Topic tags.
    pub tags: Vec<String>,
    /// Co-contributors' keys.
    pub co_contributors: Vec<Id>,
    /// Ideas this one builds on.
    pub builds_on: Vec<Id>,
    /// How the contributor is shown.
    pub attribution: Attribution,
    /// When recorded on someone's behalf: the claim hash of their card.
    pub claim_hash: Option<Id>,
    /// The day the idea was given, `YYYY-MM-DD`, when it is not the UTC day of the author
    /// time (a session recorded later); `None` leaves the field out.
    pub given: Option<String>,
}

/// `idea`: an idea with its text (the statement carries only the salted digest). A given
/// date is checked against `time_ms` as the log will (`bad_given_date`).
pub fn idea(key: &SigningKey, time_ms: u64, spec: &IdeaSpec, text: IdeaText) -> Result<Signed, AttributionError> {
    if let Some(given) = &spec.given {
        super::dates::check_given(given, time_ms).map_err(AttributionError::BadGivenDate)?;
    }
    let body = Body::Idea(IdeaBody {
        consultation: spec.consultation,
        digest: Id(text.digest()),
        tags: spec.tags.clone(),
        co_contributors: spec.co_contributors.clone(),
        builds_on: spec.builds_on.clone(),
        consent: spec.attribution.consent().code(),
        name: spec.attribution.name(),
        claim_hash: spec.claim_hash,
        given: spec.given.clone(),
    });
    let mut s = sign(key, time_ms, &body)?;
    s.content = Some(text);
    Ok(s)
}

/// `claim`: with `secret`, takes ownership of the card's ideas (listing any one of them is
/// enough); without, changes the consent level of ideas the author already owns.
pub fn claim(
    key: &SigningKey,
    time_ms: u64,
    ideas: Vec<Id>,
    attribution: &Attribution,
    secret: Option<[u8; 16]>,
) -> Result<Signed, AttributionError> {
    sign(
        key,
        time_ms,
        &Body::Claim(ClaimBody {
            ideas,
            consent: attribution.consent().code(),
            name: attribution.name(),
            secret: secret.map(|s| s.to_vec()),
        }),
    )
}

/// `endorse`: a second signature on an idea.
pub fn endorse(key: &SigningKey, time_ms: u64, idea: Id) -> Result<Signed, AttributionError> {
    sign(key, time_ms, &Body::Endorse(EndorseBody { idea }))
}

/// One use of an idea in a report, for [`cite`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Use {
    /// The idea.
    pub idea: Id,
    /// Where in the report ("recommendation 3, page 12").
    pub locator: String,
    /// How it was used.
    pub usage: Usage,
}

/// `cite`: report (title, version, url, document digest) uses ideas.
pub fn cite(
    key: &SigningKey,
    time_ms: u64,
    title: &str,
    version: &str,
    url: Option<String>,
    doc_digest: Option<Id>,
    uses: &[Use],
) -> Result<Signed, AttributionError> {
    sign(
        key,
        time_ms,
        &Body::Cite(CiteBody {
            report: ReportRef { title: title.into(), version: version.into(), url, digest: doc_digest },
            uses: uses
                .iter()
                .map(|u| CitationUse { idea: u.idea, locator: u.locator.clone(), how: u.usage.code() })
                .collect(),
        }),
    )
}

/// `respond`: what happened to an idea (a reason is required when not adopted).
pub fn respond(key: &SigningKey, time_ms: u64, idea: Id, answer: Answer) -> Result<Signed, AttributionError> {
    let Answer { outcome, reason, links, also } = answer;
    sign(key, time_ms, &Body::Respond(RespondBody { idea, outcome: outcome.code(), reason, links, also }))
}

/// What a `respond` says: the stage reached, why or what was done, links, and the further
/// ideas the same answer covers.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The stage.
    pub outcome: Outcome,
    /// Why (required when not adopted), or what was done.
    pub reason: Option<String>,
    /// Links to where the action is described.
    pub links: Vec<String>,
    /// Further ideas the same answer covers.
    pub also: Vec<Id>,
}

impl Answer {
    /// An answer with this outcome and reason, no links, for one idea.
    pub fn new(outcome: Outcome, reason: Option<String>) -> Answer {
        Answer { outcome, reason, links: Vec::new(), also: Vec::new() }
    }
}

/// `withdraw`: consent withdrawn for an idea.
pub fn withdraw(key: &SigningKey, time_ms: u64, idea: Id) -> Result<Signed, AttributionError> {
    sign(key, time_ms, &Body::Withdraw(WithdrawBody { idea }))
}

/// `rotate`: `new_key` replaces the author's key for the same party.
pub fn rotate(key: &SigningKey, time_ms: u64, new_key: Id) -> Result<Signed, AttributionError> {
    sign(key, time_ms, &Body::Rotate(RotateBody { new_key }))
}

/// `recover`: a facilitator starts moving the credit of `old_key` to `new_key` after
/// `wait_days`; `binding` is the new key's signature
/// ([`super::recovery::sign_binding`], made where the new key is).
pub fn recover(
    facilitator: &SigningKey,
    time_ms: u64,
    old_key: Id,
    new_key: Id,
    wait_days: u64,
    binding: [u8; 64],
) -> Result<Signed, AttributionError> {
    sign(
        facilitator,
        time_ms,
        &Body::Recover(super::recovery::RecoverBody { old_key, new_key, wait_days, binding: binding.to_vec() }),
    )
}

/// `cancel_recovery`: the old key stops the recovery `recovery` (its statement hash).
pub fn cancel_recovery(key: &SigningKey, time_ms: u64, recovery: Id) -> Result<Signed, AttributionError> {
    sign(key, time_ms, &Body::CancelRecovery(super::recovery::CancelRecoveryBody { recovery }))
}

/// Whether a recognition was given (with an optional amount) or declined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AckStatus {
    /// Given; with money, the amount in minor units and its ISO 4217 currency (kept beside
    /// the log with a fresh salt; the statement carries only their digest).
    Given(Option<(u64, String)>),
    /// Given, with this amount, currency and salt beside the log.
    Paid(Payment),
    /// Declined by the contributor (no amount).
    Declined,
}

/// `acknowledge`: a recognition or payment record linked to ideas.
pub fn acknowledge(
    key: &SigningKey,
    time_ms: u64,
    ideas: Vec<Id>,
    recognition: Recognition,
    status: &AckStatus,
    note: Option<String>,
) -> Result<Signed, AttributionError> {
    let (status, payment) = match status {
        AckStatus::Given(Some((a, c))) => (ACK_GIVEN, Some(Payment::new(*a, c.clone())?)),
        AckStatus::Paid(p) => {
            p.check().map_err(|e| AttributionError::MalformedBody(e.to_string()))?;
            (ACK_GIVEN, Some(p.clone()))
        }
        AckStatus::Given(None) => (ACK_GIVEN, None),
        AckStatus::Declined => (ACK_DECLINED, None),
    };
    let body = AcknowledgeBody {
        ideas,
        recognition: recognition.code(),
        status,
        amount: None,
        currency: None,
        note,
        payment: payment.as_ref().map(|p| Id(p.digest())),
    };
    let mut s = sign(key, time_ms, &Body::Acknowledge(body))?;
    s.payment = payment;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_checked_before_signing() {
        let k = SigningKey::from_bytes(&[3; 32]);
        let s = respond(&k, 1, Id([1; 32]), Answer::new(Outcome::NotAdopted, None));
        assert_eq!(s.unwrap_err().code(), "malformed_body");
        let s = respond(&k, 1, Id([1; 32]), Answer::new(Outcome::NotAdopted, Some("no budget".into()))).unwrap();
        let st = Statement::decode(&s.statement).unwrap();
        assert_eq!(st.author, k.verifying_key().to_bytes());
        assert_eq!(s.id, Id(statement_hash(&s.statement)));
        let t = IdeaText { salt: vec![0; 32], text: "more benches".into() };
        let spec = IdeaSpec {
            consultation: Id([2; 32]),
            tags: vec![],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: None,
            given: None,
        };
        assert_eq!(idea(&k, 1, &spec, t.clone()).unwrap().content, Some(t.clone()));
        // A given date is checked against the author time before signing.
        let given = |d: &str| IdeaSpec { given: Some(d.into()), ..spec.clone() };
        assert!(idea(&k, 1, &given("1970-01-02"), t.clone()).is_ok());
        for bad in ["1970-01-03", "1899-12-31", "1970-02-30", "1970-1-1"] {
            assert_eq!(idea(&k, 1, &given(bad), t.clone()).unwrap_err().code(), "bad_given_date", "{bad}");
        }
    }
}

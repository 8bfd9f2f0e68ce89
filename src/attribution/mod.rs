//! The attribution domain: what statements mean, who may sign what, and what people ask.
//!
//! Above the log and below the faces: the statement bodies ([`kinds`]), the rules enforced
//! at append time and re-checked by the audit ([`policy`]; the audit's in-memory run:
//! [`replay`]), claim cards ([`claim`]), idea text kept beside the log ([`content`]), the
//! indexes the rules write ([`state`], with the lists that grow as rows of their own in
//! [`rows`]), the queries ([`query`]), knowledge-equity figures ([`equity`]), report
//! exports ([`export`]) and calendar days such as the date an idea was given ([`dates`]).
//!
//! **Architecture Invariant:** this module knows no HTTP and no sled; it reaches storage
//! only through `log::store::Store` (domain rows and the content tree) and the log only
//! through `log::Gate`.

pub mod build;
pub mod claim;
pub mod content;
pub mod dates;
pub mod equity;
pub mod export;
pub mod kinds;
pub mod payment;
pub mod policy;
pub mod query;
pub mod recovery;
pub mod replay;
pub mod rows;
pub mod state;

pub use policy::PolicyGate;
pub use replay::{PolicyAuditFailure, Replay, audit_policy};

use crate::log::store::StoreError;

/// Why a domain operation failed (refusals of appends are [`crate::log::Refusal`]s with
/// the codes listed in [`policy::RULES`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AttributionError {
    /// A body does not have its kind's shape, or a value is out of range.
    #[error("the statement body is malformed: {0}")]
    MalformedBody(String),
    /// A body decodes but is not in canonical form.
    #[error("the statement body is not in canonical CBOR form")]
    NonCanonical,
    /// A claim code as typed cannot be read.
    #[error("the claim code cannot be read: {0}")]
    BadClaimCode(String),
    /// No idea with this id.
    #[error("no idea with this id is in the log")]
    UnknownIdea,
    /// No consultation with this id.
    #[error("no consultation with this id is in the log")]
    UnknownConsultation,
    /// No idea was recorded with this claim card.
    #[error("no idea was recorded with this claim card")]
    UnknownCard,
    /// No report with this id.
    #[error("no report with this id is in the log")]
    UnknownReport,
    /// The key is not an enrolled organisation's.
    #[error("no organisation with this key is enrolled")]
    UnknownOrganisation,
    /// An idea's given date is not a real `YYYY-MM-DD` date in its allowed range.
    #[error("{0}")]
    BadGivenDate(String),
    /// Storage failed or holds something unreadable.
    #[error("storage failure: {0}")]
    Storage(String),
}

impl AttributionError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AttributionError::MalformedBody(_) => "malformed_body",
            AttributionError::NonCanonical => "non_canonical",
            AttributionError::BadClaimCode(_) => "bad_claim_code",
            AttributionError::UnknownIdea => "unknown_idea",
            AttributionError::UnknownConsultation => "unknown_consultation",
            AttributionError::UnknownReport => "unknown_report",
            AttributionError::UnknownCard => "unknown_card",
            AttributionError::UnknownOrganisation => "unknown_organisation",
            AttributionError::BadGivenDate(_) => "bad_given_date",
            AttributionError::Storage(_) => "storage",
        }
    }
}

impl From<StoreError> for AttributionError {
    fn from(e: StoreError) -> Self {
        AttributionError::Storage(e.to_string())
    }
}

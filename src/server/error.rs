//! API errors as RFC 9457 `application/problem+json`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::ledger::LedgerError;
use crate::log::store::StoreError;
use crate::log::{AppendError, CosignError};
use crate::protocol::merkle::ProofError;

/// An error answered to an API client: a status, a stable code and a human sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code (the library's codes).
    pub code: &'static str,
    /// What went wrong, for a person.
    pub detail: String,
}

/// The problem+json body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URN naming the problem type: `urn:heard:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the problem type, in the request's language (docs/PROTOCOL.md §17).
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// Human explanation of this occurrence, in the request's language (docs/PROTOCOL.md
    /// §17): English, or the code's Welsh sentence for a request in Welsh.
    pub detail: String,
    /// Stable machine-readable code (docs/PROTOCOL.md §17 lists them with their statuses):
    /// request and lookup codes `malformed`, `not_found`, `method_not_allowed`,
    /// `unsupported_media_type`, `not_acceptable`, `payload_too_large`, `timeout`,
    /// `overloaded`, `storage`, `rate_limited`, `unknown_entry`, `unknown_consultation`,
    /// `unknown_idea`, `unknown_report`, `unknown_card`, `unknown_organisation`,
    /// `bad_claim_code`, `bad_verify_request`, `too_many_citations`; search `bad_page`,
    /// `bad_date`, `bad_date_range`, `bad_filter`, `query_too_long`, `search_unavailable`; proofs `out_of_range`
    /// (an index or size beyond the tree, or an old size above the new); tiles `bad_tile_path`,
    /// `invalid_tile`, `tile_not_found`; the statement checks of §8 (`truncated`,
    /// `oversized`, `non_canonical`, `unknown_version`, `unknown_kind`, `weak_key`,
    /// `bad_signature`, `duplicate`, `closed`), `malformed_body`, the ledger's content codes
    /// of §15 and the policy codes of §16; cosignatures `unknown_checkpoint`,
    /// `no_cosignature`, `malformed_cosignature` (a cosignature line that is not key ID ‖
    /// 8-byte timestamp ‖ 64-byte signature) and the other note and key codes of §7 and §10
    /// (`malformed_note`, `malformed_checkpoint`, `malformed_verifier_key`, `bad_key_name`,
    /// `wrong_key_type`, `key_id_mismatch`, `invalid_public_key`, `too_many_signatures`,
    /// `text_too_large`, `timestamp_out_of_range`); recovery pairings (§19) `bad_pairing_token`,
    /// `unknown_pairing`, `pairing_expired`, `pairing_used`, `card_not_claimed`,
    /// `too_many_pairings`.
    pub code: String,
}

impl ApiError {
    /// An error with this status, code and detail.
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError { status, code, detail: detail.into() }
    }
    /// 400 with this code.
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }
    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", detail)
    }
    /// 500 `internal_error` for a bug in the server (a store called against its contract):
    /// logged, never leaked.
    pub fn bug(e: impl std::fmt::Display) -> Self {
        tracing::error!(error = %e, "internal error (a bug)");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "the server hit a fault of its own; try again later, and tell its operator if it goes on",
        )
    }
    /// 500/503 for a failure inside the server: logged, never leaked.
    pub fn internal(e: impl std::fmt::Display) -> Self {
        tracing::error!(error = %e, "internal error");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            "the server could not read or write its storage; try again later",
        )
    }
}

/// The status a refusal or lookup code maps to.
///
/// `unknown_idea` and `unknown_consultation` are also append refusals (a statement names
/// something not in the log: 422); as the answer to a lookup (a [`LedgerError::Domain`]
/// from a query) they are 404, see [`lookup_status_of`].
pub fn status_of(code: &str) -> StatusCode {
    match code {
        "unknown_card" | "unknown_report" | "unknown_organisation" | "unknown_entry" | "tile_not_found" => {
            StatusCode::NOT_FOUND
        }
        "bad_claim_code" | "bad_tile_path" | "invalid_tile" => StatusCode::BAD_REQUEST,
        "oversized" | "payload_too_large" | "side_too_large" => StatusCode::PAYLOAD_TOO_LARGE,
        "bad_signature" => StatusCode::UNAUTHORIZED,
        "duplicate" | "already_claimed" | "cosignatures_full" => StatusCode::CONFLICT,
        "not_enrolled"
        | "not_operator"
        | "key_revoked"
        | "not_facilitator_of_consultation"
        | "not_policy_team"
        | "not_convenor"
        | "not_contributor"
        | "wrong_role"
        | "key_rotated_out"
        | "not_facilitator"
        | "not_old_key"
        | "key_recovered"
        | "unknown_witness" => StatusCode::FORBIDDEN,
        "truncated" | "malformed" | "non_canonical" | "unknown_version" | "unknown_kind" | "weak_key"
        | "malformed_body" => StatusCode::BAD_REQUEST,
        "storage"
        | "storage_unavailable"
        | "postgres_unavailable"
        | "closed"
        | "store_corrupt"
        | "overloaded"
        | "embedded_only" => StatusCode::SERVICE_UNAVAILABLE,
        "rate_limited" => StatusCode::TOO_MANY_REQUESTS,
        "internal_error" => StatusCode::INTERNAL_SERVER_ERROR,
        "bad_verify_request" | "too_many_citations" => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The status of a code answered to a lookup (a GET of something by id): every
/// `unknown_*` code is 404; the others as [`status_of`].
pub fn lookup_status_of(code: &str) -> StatusCode {
    if code.starts_with("unknown_") { StatusCode::NOT_FOUND } else { status_of(code) }
}

impl From<AppendError> for ApiError {
    fn from(e: AppendError) -> Self {
        match &e {
            AppendError::Storage(why) => {
                tracing::error!(error = %why, "an append was refused: the log cannot write to its storage");
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable", e.to_string())
            }
            _ => ApiError::new(status_of(e.code()), e.code(), e.to_string()),
        }
    }
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Append(a) => a.into(),
            LedgerError::Cosign(c) => c.into(),
            LedgerError::Domain(d) if lookup_status_of(d.code()) == StatusCode::NOT_FOUND => {
                ApiError::new(StatusCode::NOT_FOUND, d.code(), d.to_string())
            }
            other if status_of(other.code()) == StatusCode::SERVICE_UNAVAILABLE => ApiError::internal(&other),
            other if status_of(other.code()) == StatusCode::INTERNAL_SERVER_ERROR => ApiError::bug(&other),
            other => ApiError::new(status_of(other.code()), other.code(), other.to_string()),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Bug(_) => ApiError::bug(e),
            e => ApiError::internal(e),
        }
    }
}

impl From<CosignError> for ApiError {
    fn from(e: CosignError) -> Self {
        match e {
            CosignError::Store(s) => s.into(),
            CosignError::UnknownEntry(_) => ApiError::new(StatusCode::NOT_FOUND, e.code(), e.to_string()),
            CosignError::Full => ApiError::new(StatusCode::CONFLICT, e.code(), e.to_string()),
            other => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, other.code(), other.to_string()),
        }
    }
}

impl From<ProofError<StoreError>> for ApiError {
    fn from(e: ProofError<StoreError>) -> Self {
        match e {
            ProofError::Store(s) => s.into(),
            ProofError::Merkle(m) => ApiError::bad_request(m.code(), m.to_string()),
        }
    }
}

impl ApiError {
    /// The problem+json body of this error, in English: the status's reason as `title`.
    pub(super) fn problem(&self) -> Problem {
        Problem {
            kind: format!("urn:heard:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("error").to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_string(),
        }
    }
}

/// The answer's media type.
pub(super) const PROBLEM_JSON: &str = "application/problem+json";

impl IntoResponse for ApiError {
    /// The problem+json answer; the error itself rides along in the response's extensions,
    /// so that the language layer (`server::error_lang`) can write it again in the request's
    /// language.
    fn into_response(self) -> Response {
        let bytes = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut r = (self.status, bytes).into_response();
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        r.extensions_mut().insert(self);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bug_is_500_and_damage_or_a_failing_disk_503_and_neither_leaks() {
        let bug = ApiError::from(StoreError::Bug("an append must start at seq 7, not 9".into()));
        assert_eq!((bug.status, bug.code), (StatusCode::INTERNAL_SERVER_ERROR, "internal_error"));
        assert!(!bug.detail.contains("seq 7"), "{}", bug.detail);
        for e in [StoreError::Corrupt("entry 3 is damaged".into()), StoreError::Io(std::io::Error::other("EIO"))] {
            let api = ApiError::from(e);
            assert_eq!((api.status, api.code), (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable"));
            assert!(!api.detail.contains("entry 3") && !api.detail.contains("EIO"), "{}", api.detail);
        }
    }

    #[test]
    fn postgres_out_of_reach_is_503_and_a_value_too_large_413() {
        use crate::scale::service::PgAppendError;
        let down = ApiError::from(LedgerError::from(PgAppendError::Unavailable("connection refused".into())));
        assert_eq!((down.status, down.code), (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable"));
        let read = ApiError::from(StoreError::Remote("connection refused".into()));
        assert_eq!((read.status, read.code), (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable"));
        let big = ApiError::from(LedgerError::from(PgAppendError::SideTooLarge { len: 2 << 20 }));
        assert_eq!((big.status, big.code), (StatusCode::PAYLOAD_TOO_LARGE, "side_too_large"));
    }
}

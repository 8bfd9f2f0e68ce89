//! `POST /v1/payments/contributor` and `POST /v1/payments/organisation`: the amount of one
//! acknowledgement, kept beside the log (docs/PROTOCOL.md §21), shown to the contributor of
//! an acknowledged idea or to the organisation that made it, each asking with a request
//! signed by their own key. The answer carries the salt, so the holder can recompute the
//! `payment` digest of the acknowledgement's entry. Nobody else is shown an amount: the
//! public views say only that recognition was given or declined.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, Problem};
use crate::attribution::kinds::{ACK_DECLINED, Id, Recognition};
use crate::attribution::payment::shown;
use crate::ledger::{LedgerError, PaymentView, Shown};
use crate::staff::invitations::now_secs;

/// The domain-separation prefix of a contributor's payment request (§21).
pub const CONTRIBUTOR_PREFIX: &[u8] = b"heard/v1/payment-contributor\n";
/// The domain-separation prefix of an organisation's payment request (§21).
pub const ORGANISATION_PREFIX: &[u8] = b"heard/v1/payment-organisation\n";

/// How far a request's time may be from the server's clock: 10 minutes.
const REQUEST_SKEW_MS: u64 = 10 * 60 * 1000;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/payments/contributor", post(contributor))
        .route("/v1/payments/organisation", post(organisation))
}

/// A request for the amount of one acknowledgement, signed by the asker's key.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    /// The asker's key, 64 hex digits.
    key: String,
    /// The seq of the `acknowledge` entry.
    seq: u64,
    /// The request's time, ms since the Unix epoch (within 10 minutes of the server's clock).
    time: u64,
    /// Ed25519 signature, hex, over the route's prefix (`"heard/v1/payment-contributor\n"` or
    /// `"heard/v1/payment-organisation\n"`) ‖ key (32) ‖ seq (8, big-endian) ‖ time (8, big-endian).
    signature: String,
}

/// An acknowledgement's amount, as shown to its contributor or its organisation.
#[derive(Serialize, ToSchema)]
pub struct PaymentAnswer {
    /// The `acknowledge` entry's seq.
    seq: u64,
    /// Its entry hash, hex (the amount is kept beside the log under it).
    entry_hash: String,
    /// `payment`, `voucher`, ...
    recognition: String,
    /// `given` or `declined`.
    status: String,
    /// `private`: kept beside the log, the entry holds its digest; `public`: an older entry
    /// that holds the amount itself.
    form: String,
    /// Amount in minor units.
    amount: u64,
    /// ISO 4217 code.
    currency: String,
    /// The amount in figures, e.g. `25.00 GBP`.
    shown: String,
    /// The digest's 32-byte salt, standard base64 (`null` for the public form).
    salt: Option<String>,
    /// The `payment` digest the entry holds, hex (`null` for the public form).
    digest: Option<String>,
}

/// The bytes a payment request's signature covers.
pub fn request_message(prefix: &[u8], key: &[u8; 32], seq: u64, time: u64) -> Vec<u8> {
    let mut msg = prefix.to_vec();
    msg.extend_from_slice(key);
    msg.extend_from_slice(&seq.to_be_bytes());
    msg.extend_from_slice(&time.to_be_bytes());
    msg
}

/// Reads and checks a signed request: the key and seq it asks with.
fn checked(body: &[u8], prefix: &[u8]) -> Result<(Id, u64), ApiError> {
    let r: PaymentRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request("malformed", format!("the JSON body is not valid: {e}")))?;
    let key: [u8; 32] = hex::decode(r.key.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| ApiError::bad_request("malformed", "the key is not 64 hex digits"))?;
    if r.time.abs_diff(now_secs() * 1000) > REQUEST_SKEW_MS {
        return Err(ApiError::bad_request(
            "stale_request",
            "the request's time is more than 10 minutes from the server's clock; check this device's clock",
        ));
    }
    let sig: [u8; 64] = hex::decode(r.signature.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| ApiError::bad_request("malformed", "the signature is not 128 hex digits"))?;
    let vk = VerifyingKey::from_bytes(&key)
        .ok()
        .filter(|k| !k.is_weak())
        .ok_or_else(|| ApiError::bad_request("weak_key", "the key is not a usable Ed25519 public key"))?;
    vk.verify_strict(&request_message(prefix, &key, r.seq, r.time), &Signature::from_bytes(&sig)).map_err(|_| {
        ApiError::new(StatusCode::UNAUTHORIZED, "bad_signature", "the request is not signed by this key")
    })?;
    Ok((Id(key), r.seq))
}

fn refused(e: LedgerError) -> ApiError {
    let status = match e.code() {
        "not_your_payment" | "key_revoked" => StatusCode::FORBIDDEN,
        "unknown_acknowledgement" | "no_payment" => StatusCode::NOT_FOUND,
        _ => return e.into(),
    };
    ApiError::new(status, e.code(), e.to_string())
}

fn answer(v: PaymentView) -> Response {
    let (form, amount, currency, salt, digest) = match &v.amount {
        Shown::Private(p) => {
            ("private", p.amount, p.currency.clone(), Some(B64.encode(&p.salt)), v.ack.payment.map(|d| d.hex()))
        }
        Shown::Public { amount, currency } => ("public", *amount, currency.clone(), None, None),
    };
    let a = PaymentAnswer {
        seq: v.seq,
        entry_hash: hex::encode(v.entry_hash),
        recognition: Recognition::from_code(v.ack.recognition).map(Recognition::name).unwrap_or("recognition").into(),
        status: if v.ack.status == ACK_DECLINED { "declined" } else { "given" }.into(),
        form: form.into(),
        shown: shown(amount, &currency),
        amount,
        currency,
        salt,
        digest,
    };
    ([(header::CACHE_CONTROL, "no-store")], axum::Json(a)).into_response()
}

/// The amount of an acknowledgement of one of the asker's ideas (their portfolio's).
#[utoipa::path(post, path = "/v1/payments/contributor", request_body = PaymentRequest,
    responses((status = 200, body = PaymentAnswer), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn contributor(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let (key, seq) = checked(&body, CONTRIBUTOR_PREFIX)?;
    let ledger = state.ledger().clone();
    let v = tokio::task::spawn_blocking(move || ledger.payment_for_contributor(&key, seq))
        .await
        .map_err(ApiError::internal)?
        .map_err(refused)?;
    Ok(answer(v))
}

/// The amount of an acknowledgement the asker's organisation made.
#[utoipa::path(post, path = "/v1/payments/organisation", request_body = PaymentRequest,
    responses((status = 200, body = PaymentAnswer), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem)))]
pub(super) async fn organisation(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let (key, seq) = checked(&body, ORGANISATION_PREFIX)?;
    let ledger = state.ledger().clone();
    let v = tokio::task::spawn_blocking(move || ledger.payment_for_organisation(&key, seq))
        .await
        .map_err(ApiError::internal)?
        .map_err(refused)?;
    Ok(answer(v))
}

//! The hand-over of a new key for a recovery (docs/PROTOCOL.md §19, "Recovery pairing"): a
//! facilitator's browser starts a pairing for the person whose key is lost, the person's
//! browser hands its new public key and the binding in under the pairing's one-time token,
//! and the facilitator's browser picks them up to sign the `recover` statement.
//!
//! Pairings live in memory only: short-lived ([`LIFETIME_MS`]), single use (one key per
//! token), and bounded in count ([`MAX_PENDING`] waiting at once). The token only joins two
//! browsers in a room; nothing it carries is secret once the `recover` entry is logged, and
//! the facilitator and the person compare the new key's first 8 hex digits on both screens
//! before anything is signed.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, Problem};
use super::negotiate::Format;
use crate::attribution::kinds::{Id, Role};
use crate::attribution::recovery::{binding_verifies, effective_at};
use crate::attribution::state::STATUS_ACTIVE;
use crate::staff::invitations::now_secs;

/// The domain-separation prefix of a facilitator's request to start a pairing (26 bytes).
pub const PAIRING_REQUEST_PREFIX: &[u8] = b"heard/v1/recovery-pairing\n";

/// How long a pairing waits for the person's key and the facilitator's `recover`: 15 minutes.
pub const LIFETIME_MS: u64 = 15 * 60 * 1000;

/// Most pairings waiting at once (not yet expired); more are refused, 503 `too_many_pairings`.
pub const MAX_PENDING: usize = 64;

/// How long an expired pairing is still known (to answer `pairing_expired`, not
/// `unknown_pairing`): one hour after it expired.
const REMEMBER_MS: u64 = 60 * 60 * 1000;

/// How far a signed request's time may be from the server's clock: 10 minutes.
const REQUEST_SKEW_MS: u64 = 10 * 60 * 1000;

/// Crockford's base32 alphabet (as claim codes, §14).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A token: 10 random bytes as 16 Crockford base32 symbols.
const TOKEN_SYMBOLS: usize = 16;

struct Pairing {
    old_key: Id,
    facilitator: Id,
    facilitator_name: String,
    wait_days: u64,
    expires: u64,
    handed: Option<(Id, [u8; 64])>,
}

/// The pairings this server holds, in memory.
#[derive(Default)]
pub struct Pairings {
    inner: Mutex<HashMap<String, Pairing>>,
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/recovery/pairings", post(start))
        .route("/v1/recovery/pairings/{token}", get(read))
        .route("/v1/recovery/pairings/{token}/key", post(hand_in))
}

fn encode_token(bytes: &[u8; 10]) -> String {
    let mut n: u128 = 0;
    for b in bytes {
        n = (n << 8) | u128::from(*b);
    }
    (0..TOKEN_SYMBOLS).rev().map(|i| char::from(ALPHABET[((n >> (5 * i)) & 31) as usize])).collect()
}

/// A token as typed or taken from a link: case, `-` and spaces do not matter, `I`/`L` read
/// as `1` and `O` as `0` (400 `bad_pairing_token` for anything else than 16 symbols).
pub(crate) fn read_token(text: &str) -> Result<String, ApiError> {
    let mut out = String::with_capacity(TOKEN_SYMBOLS);
    for c in text.chars().filter(|c| *c != '-' && !c.is_whitespace()) {
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) || out.len() == TOKEN_SYMBOLS {
            return Err(bad_token());
        }
        out.push(c);
    }
    if out.len() != TOKEN_SYMBOLS {
        return Err(bad_token());
    }
    Ok(out)
}

fn bad_token() -> ApiError {
    ApiError::bad_request(
        "bad_pairing_token",
        "a pairing code is 16 letters and digits, as the facilitator's screen shows it",
    )
}

/// The token in groups of four, as the pages show it for typing.
fn grouped(token: &str) -> String {
    token.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// The link the person opens: the token in the fragment, never sent in a request line.
pub fn pairing_link(public_url: &str, token: &str) -> String {
    format!("{}/recover#{token}", public_url.trim_end_matches('/'))
}

fn hex_bytes<const N: usize>(text: &str, what: &str) -> Result<[u8; N], ApiError> {
    hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| ApiError::bad_request("malformed", format!("the {what} is not {} hex digits", 2 * N)))
}

fn public_key(text: &str, what: &str) -> Result<Id, ApiError> {
    let bytes: [u8; 32] = hex_bytes(text, what)?;
    VerifyingKey::from_bytes(&bytes)
        .ok()
        .filter(|k| !k.is_weak())
        .ok_or_else(|| ApiError::bad_request("weak_key", format!("the {what} is not a usable Ed25519 public key")))?;
    Ok(Id(bytes))
}

fn json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request("malformed", format!("the JSON body is not valid: {e}")))
}

/// A facilitator's request to start a pairing for a person, signed by their staff key.
#[derive(Deserialize, ToSchema)]
pub struct PairingRequest {
    /// The facilitator's key, 64 hex digits.
    key: String,
    /// Who the person is, as the facilitator typed it: a claim code of one of their cards, a
    /// link to their portfolio page (`…/contributors/<64 hex>`), or their key (64 hex).
    person: String,
    /// The request's time, ms since the Unix epoch (within 10 minutes of the server's clock).
    time: u64,
    /// Ed25519 signature, hex, over `"heard/v1/recovery-pairing\n" ‖ key (32) ‖ time (8,
    /// big-endian) ‖ person (UTF-8, as sent)`.
    signature: String,
}

/// A pairing the facilitator's page shows as a link, a code and a QR code.
#[derive(Serialize, ToSchema)]
pub struct PairingStarted {
    /// The one-time token: 16 Crockford base32 symbols.
    token: String,
    /// The token in groups of four, for typing.
    code: String,
    /// The link the person opens (`<public URL>/recover#<token>`).
    link: String,
    /// When it stops working, ms of the log's clock.
    expires: u64,
    /// The waiting period this server asks of a recovery, days (`heard serve --recovery-wait-days`).
    wait_days: u64,
    /// The key whose credit the recovery would move, hex.
    old_key: String,
    /// How many ideas that key's portfolio holds.
    ideas: usize,
}

/// The bytes a pairing request's signature covers.
pub fn request_message(key: &[u8; 32], time: u64, person: &str) -> Vec<u8> {
    let mut m = PAIRING_REQUEST_PREFIX.to_vec();
    m.extend_from_slice(key);
    m.extend_from_slice(&time.to_be_bytes());
    m.extend_from_slice(person.as_bytes());
    m
}

/// The old key a person's identification names: a portfolio link, a key, or a claimed
/// card's owner; followed through recoveries already in effect (the key that holds the
/// credit now).
fn resolve_person(state: &AppState, person: &str) -> Result<Id, ApiError> {
    let text = person.trim();
    let hex_part = match text.find("/contributors/") {
        Some(i) => Some(text[i + "/contributors/".len()..].split(['/', '?', '#']).next().unwrap_or("")),
        None if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) => Some(text),
        None => None,
    };
    let mut key = match hex_part {
        Some(h) => public_key(h, "person's key")?,
        None => state.ledger().card_owner(text)?.ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "card_not_claimed",
                "this card was never claimed, so no key holds its ideas: the person can claim it with its code instead",
            )
        })?,
    };
    let now = state.log().now_ms();
    for _ in 0..16 {
        match state.ledger().recoveries(&key)?.from_this_key {
            Some(r) if r.in_effect_at(now) => key = r.new_key,
            _ => break,
        }
    }
    Ok(key)
}

/// Starts a pairing: checks the facilitator's signed request, finds the person's key and
/// its credit, and keeps a one-time token for the person's browser.
#[utoipa::path(post, path = "/v1/recovery/pairings", request_body = PairingRequest,
    responses((status = 201, body = PairingStarted), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 406, body = Problem), (status = 422, body = Problem), (status = 503, body = Problem)))]
pub(super) async fn start(State(state): State<AppState>, fmt: Format, body: Bytes) -> Result<Response, ApiError> {
    let r: PairingRequest = json(&body)?;
    let key = public_key(&r.key, "key")?;
    if r.time.abs_diff(now_secs() * 1000) > REQUEST_SKEW_MS {
        return Err(ApiError::bad_request(
            "stale_request",
            "the request's time is more than 10 minutes from the server's clock; check this device's clock",
        ));
    }
    let sig: [u8; 64] = hex_bytes(&r.signature, "signature")?;
    let vk = VerifyingKey::from_bytes(&key.0).map_err(|_| ApiError::bad_request("weak_key", "not a key"))?;
    vk.verify_strict(&request_message(&key.0, r.time, &r.person), &Signature::from_bytes(&sig)).map_err(|_| {
        ApiError::new(StatusCode::UNAUTHORIZED, "bad_signature", "the request is not signed by this key")
    })?;
    let rec = state.ledger().key_rec(&key)?;
    let Some(rec) = rec.filter(|k| k.status == STATUS_ACTIVE && k.role == Some(Role::Facilitator.code())) else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "not_facilitator",
            "only an active facilitator's key may start a recovery",
        ));
    };
    let facilitator_name = state.ledger().party_name(&rec.party)?.or(rec.name).unwrap_or_default();
    let old_key = resolve_person(&state, &r.person)?;
    let ideas = state.ledger().portfolio(&old_key)?.items.len();
    if ideas == 0 {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "nothing_to_recover",
            "no ideas are linked to this key, so there is no credit to recover",
        ));
    }
    let now = state.log().now_ms();
    if let Some(open) = state.ledger().recoveries(&old_key)?.from_this_key.filter(|x| x.open_at(now)) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "recovery_open",
            format!(
                "a recovery of this key started at entry {} is still waiting; it must end or be cancelled first",
                open.seq
            ),
        ));
    }
    let mut random = [0u8; 10];
    getrandom::fill(&mut random).map_err(ApiError::internal)?;
    let token = encode_token(&random);
    let wait_days = state.config.recovery_wait_days;
    let expires = now + LIFETIME_MS;
    {
        let mut map = state.pairings.inner.lock().map_err(|_| ApiError::internal("the pairings lock is poisoned"))?;
        map.retain(|_, p| p.expires.saturating_add(REMEMBER_MS) > now);
        if map.values().filter(|p| p.expires > now).count() >= MAX_PENDING {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "too_many_pairings",
                "too many recoveries are being set up at once; try again in a few minutes",
            ));
        }
        map.insert(
            token.clone(),
            Pairing { old_key, facilitator: key, facilitator_name, wait_days, expires, handed: None },
        );
    }
    let started = PairingStarted {
        link: pairing_link(&state.config.public_url, &token),
        code: grouped(&token),
        token,
        expires,
        wait_days,
        old_key: old_key.hex(),
        ideas,
    };
    let mut resp = fmt.ok(&started);
    *resp.status_mut() = StatusCode::CREATED;
    Ok(resp)
}

/// A pairing as both pages see it.
#[derive(Serialize, ToSchema)]
pub struct PairingView {
    /// `waiting` (for the person's key), `handed` (the key is here; the facilitator signs
    /// next) or `started` (the log holds the `recover` statement for this key).
    state: &'static str,
    /// The key whose credit would move, hex.
    old_key: String,
    /// The facilitator's enrolled name.
    facilitator: String,
    /// The facilitator's key, hex.
    facilitator_key: String,
    /// The waiting period the recovery will carry, days.
    wait_days: u64,
    /// When the pairing stops working, ms of the log's clock.
    expires: u64,
    /// The new key, hex, once handed in.
    new_key: Option<String>,
    /// The new key's first 8 hex digits, which both screens show to compare.
    check: Option<String>,
    /// The binding (§13), 128 hex digits, once handed in.
    binding: Option<String>,
    /// Once started: the `recover` statement's hash, hex.
    recovery: Option<String>,
    /// Once started: the seq of its entry.
    seq: Option<u64>,
    /// Once started: when it takes effect, ms of log time.
    effective_at: Option<u64>,
}

fn take_live<'a>(map: &'a mut HashMap<String, Pairing>, token: &str, now: u64) -> Result<&'a mut Pairing, ApiError> {
    let p = map.get_mut(token).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_pairing",
            "there is no pairing with this code; check it, or ask the facilitator to start again",
        )
    })?;
    if p.expires <= now {
        return Err(ApiError::new(
            StatusCode::GONE,
            "pairing_expired",
            "this pairing code has expired (they work for 15 minutes); ask the facilitator to start again",
        ));
    }
    Ok(p)
}

/// What a pairing holds now: for the person's page (whose credit, which facilitator) and the
/// facilitator's (the new key and binding once handed in; the recovery once logged).
#[utoipa::path(get, path = "/v1/recovery/pairings/{token}", params(("token" = String, Path, description = "the pairing token, 16 letters and digits")),
    responses((status = 200, body = PairingView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 406, body = Problem), (status = 410, body = Problem)))]
pub(super) async fn read(
    State(state): State<AppState>,
    fmt: Format,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let token = read_token(&token)?;
    let now = state.log().now_ms();
    let (old_key, facilitator, facilitator_key, wait_days, expires, handed) = {
        let mut map = state.pairings.inner.lock().map_err(|_| ApiError::internal("the pairings lock is poisoned"))?;
        let p = take_live(&mut map, &token, now)?;
        (p.old_key, p.facilitator_name.clone(), p.facilitator, p.wait_days, p.expires, p.handed)
    };
    let mut view = PairingView {
        state: "waiting",
        old_key: old_key.hex(),
        facilitator,
        facilitator_key: facilitator_key.hex(),
        wait_days,
        expires,
        new_key: None,
        check: None,
        binding: None,
        recovery: None,
        seq: None,
        effective_at: None,
    };
    if let Some((new_key, binding)) = handed {
        view.state = "handed";
        view.check = Some(new_key.hex()[..8].to_string());
        view.new_key = Some(new_key.hex());
        view.binding = Some(hex::encode(binding));
        if let Some(r) = state.ledger().recoveries(&old_key)?.from_this_key.filter(|r| r.new_key == new_key) {
            view.state = "started";
            view.recovery = Some(r.id.hex());
            view.seq = Some(r.seq);
            view.effective_at = Some(effective_at(r.log_time, r.wait_days));
        }
    }
    Ok(fmt.ok(&view))
}

/// The person's new key and its binding, handed in from their browser.
#[derive(Deserialize, ToSchema)]
pub struct HandIn {
    /// The new Ed25519 public key, 64 hex digits (made in the person's browser).
    new_key: String,
    /// The binding (§13), 128 hex digits: the new key's signature over
    /// `"heard/v1/recovery-key\n" ‖ old key ‖ new key`.
    binding: String,
}

/// What the person's screen shows once their key is handed in.
#[derive(Serialize, ToSchema)]
pub struct HandedIn {
    /// The new key, hex.
    new_key: String,
    /// Its first 8 hex digits, to compare with the facilitator's screen.
    check: String,
}

/// Hands in the person's new key under the pairing's token: once per token.
#[utoipa::path(post, path = "/v1/recovery/pairings/{token}/key", params(("token" = String, Path, description = "the pairing token, 16 letters and digits")), request_body = HandIn,
    responses((status = 201, body = HandedIn), (status = 400, body = Problem), (status = 404, body = Problem), (status = 406, body = Problem), (status = 409, body = Problem), (status = 410, body = Problem), (status = 422, body = Problem)))]
pub(super) async fn hand_in(
    State(state): State<AppState>,
    fmt: Format,
    Path(token): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let token = read_token(&token)?;
    let h: HandIn = json(&body)?;
    let new_key = public_key(&h.new_key, "new key")?;
    let binding: [u8; 64] = hex_bytes(&h.binding, "binding")?;
    let now = state.log().now_ms();
    {
        let mut map = state.pairings.inner.lock().map_err(|_| ApiError::internal("the pairings lock is poisoned"))?;
        let p = take_live(&mut map, &token, now)?;
        if p.handed.is_some() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "pairing_used",
                "a key was already handed in with this pairing code; ask the facilitator to start again",
            ));
        }
        if new_key == p.old_key {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "recovery_same_key",
                "the new key is the lost key itself",
            ));
        }
        if !binding_verifies(&p.old_key, &new_key, &binding) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad_recovery_binding",
                "the binding is not the new key's signature over the old and new keys",
            ));
        }
        p.handed = Some((new_key, binding));
    }
    let mut resp = fmt.ok(&HandedIn { check: new_key.hex()[..8].to_string(), new_key: new_key.hex() });
    *resp.status_mut() = StatusCode::CREATED;
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_16_symbols_read_back_as_typed() {
        let t = encode_token(&[0xff; 10]);
        assert_eq!(t, "ZZZZZZZZZZZZZZZZ");
        let t = encode_token(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(t.len(), 16);
        assert_eq!(read_token(&grouped(&t).to_lowercase()).unwrap(), t);
        assert_eq!(read_token("o1il-0000-0000-0000").unwrap(), "0111000000000000");
        for bad in ["", "ABCD", "ABCD-EFGH-JKMN-PQRST", "ABCD-EFGH-JKMN-PQRU", "ÄBCD-EFGH-JKMN-PQRS"] {
            assert_eq!(read_token(bad).unwrap_err().code, "bad_pairing_token", "{bad}");
        }
    }

    #[test]
    fn the_request_message_is_prefix_key_time_person() {
        assert_eq!(PAIRING_REQUEST_PREFIX.len(), 26);
        let m = request_message(&[7; 32], 258, "ab");
        assert_eq!(&m[26..58], &[7; 32]);
        assert_eq!(&m[58..66], &[0, 0, 0, 0, 0, 0, 1, 2]);
        assert_eq!(&m[66..], b"ab");
    }
}

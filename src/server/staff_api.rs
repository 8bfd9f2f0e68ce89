//! The staff routes under `/v1/staff/`: reading and redeeming an invitation (the server
//! signs the `enrol` statement with the operator key it holds), what the log says of a staff
//! key, the consultations it records in, and a new invitation for another device of the same
//! person (a request signed by the key the browser holds). docs/PROTOCOL.md §19.
//!
//! **Architecture Invariant:** no private key of a member of staff ever reaches the server:
//! these routes take public keys and signatures only.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::domain_api::HexPath;
use super::error::{ApiError, Problem};
use super::negotiate::Format;
use crate::attribution::build;
use crate::attribution::kinds::{Id, Role};
use crate::attribution::state::{STATUS_ACTIVE, STATUS_REVOKED};
use crate::staff::invitations::{self, DEFAULT_DAYS, Invitation, Invitations, StaffError, now_secs};

/// What the server needs to enrol staff: the invitations and the operator's key.
pub struct StaffDesk {
    /// The data folder's invitations.
    pub invitations: Invitations,
    /// The operator's statement key (signs the `enrol` statements).
    pub operator: SigningKey,
}

/// The domain-separation prefix of a device-invitation request (§19).
pub const DEVICE_REQUEST_PREFIX: &[u8] = b"heard/v1/staff-device\n";

/// How far a signed request's time may be from the server's clock: 10 minutes.
const REQUEST_SKEW_MS: u64 = 10 * 60 * 1000;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/staff/invitation", post(invitation))
        .route("/v1/staff/join", post(join))
        .route("/v1/staff/devices", post(device))
        .route("/v1/staff/directory", get(directory))
        .route("/v1/staff/{key}", get(member))
        .route("/v1/staff/{key}/consultations", get(consultations))
}

impl From<StaffError> for ApiError {
    fn from(e: StaffError) -> Self {
        let status = match e {
            StaffError::BadInvitation | StaffError::BadRequest(_) => StatusCode::BAD_REQUEST,
            StaffError::UnknownInvitation => StatusCode::NOT_FOUND,
            StaffError::Expired => StatusCode::GONE,
            StaffError::Used => StatusCode::CONFLICT,
            StaffError::Io { .. } | StaffError::Damaged(_) => return ApiError::internal(e),
        };
        ApiError::new(status, e.code(), e.to_string())
    }
}

fn desk(state: &AppState) -> Result<Arc<StaffDesk>, ApiError> {
    state.staff.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "staff_disabled",
            "this server does not take staff invitations (it was started without its data folder's operator key)",
        )
    })
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Organisation => "organisation",
        Role::Facilitator => "facilitator",
        Role::PolicyTeam => "policy-team",
        Role::Witness => "witness",
    }
}

/// An invitation's secret, as the page read it from the link.
#[derive(Deserialize, ToSchema)]
pub struct InvitationRequest {
    /// The invitation secret: 43 characters of unpadded base64url.
    secret: String,
}

/// What an invitation offers.
#[derive(Serialize, ToSchema)]
pub struct InvitationView {
    /// `facilitator`, `organisation` or `policy-team`.
    role: &'static str,
    /// The person's name.
    name: String,
    /// Their organisation, as the operator wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<String>,
    /// When it stops working, Unix seconds.
    expires: u64,
    /// Whether it adds another device of someone already enrolled.
    another_device: bool,
}

fn view_of(inv: &Invitation) -> InvitationView {
    InvitationView {
        role: inv.role().map(role_name).unwrap_or("facilitator"),
        name: inv.name.clone(),
        organisation: inv.organisation.clone(),
        expires: inv.expires,
        another_device: inv.device_of.is_some(),
    }
}

fn json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request("malformed", format!("the JSON body is not valid: {e}")))
}

/// What an invitation is for, without using it.
#[utoipa::path(post, path = "/v1/staff/invitation", request_body = InvitationRequest,
    responses((status = 200, body = InvitationView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 406, body = Problem), (status = 409, body = Problem), (status = 410, body = Problem)))]
pub(super) async fn invitation(State(state): State<AppState>, fmt: Format, body: Bytes) -> Result<Response, ApiError> {
    let desk = desk(&state)?;
    let r: InvitationRequest = json(&body)?;
    let inv = desk.invitations.open(&r.secret, now_secs())?;
    Ok(fmt.ok(&view_of(&inv)))
}

/// A browser's public key offered with an invitation's secret.
#[derive(Deserialize, ToSchema)]
pub struct JoinRequest {
    /// The invitation secret.
    secret: String,
    /// The Ed25519 public key the browser made: 64 hex digits.
    key: String,
}

/// A member of staff as the log knows them.
#[derive(Serialize, ToSchema)]
pub struct StaffView {
    /// Public key, hex.
    key: String,
    /// `facilitator`, `organisation` or `policy-team`.
    role: &'static str,
    /// Enrolled name.
    name: String,
    /// `active`, `revoked` or `rotated`.
    status: &'static str,
    /// Their organisation, as the operator wrote it on the invitation.
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<String>,
    /// The seq of the enrolment, when this answer made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    seq: Option<u64>,
}

fn parse_key(hex_key: &str) -> Result<Id, ApiError> {
    let bytes: [u8; 32] = hex::decode(hex_key.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| ApiError::bad_request("malformed", "the key is not 64 hex digits"))?;
    VerifyingKey::from_bytes(&bytes)
        .ok()
        .filter(|k| !k.is_weak())
        .ok_or_else(|| ApiError::bad_request("weak_key", "the key is not a usable Ed25519 public key"))?;
    Ok(Id(bytes))
}

/// Redeems an invitation: enrols the browser's public key with the invitation's role and
/// name (the server signs the `enrol` with the operator key). Exactly one of any concurrent
/// redemptions of one invitation succeeds.
#[utoipa::path(post, path = "/v1/staff/join", request_body = JoinRequest,
    responses((status = 201, body = StaffView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 406, body = Problem), (status = 409, body = Problem), (status = 410, body = Problem), (status = 422, body = Problem)))]
pub(super) async fn join(State(state): State<AppState>, fmt: Format, body: Bytes) -> Result<Response, ApiError> {
    let desk = desk(&state)?;
    let r: JoinRequest = json(&body)?;
    let key = parse_key(&r.key)?;
    let ledger = state.ledger().clone();
    let (inv, seq) = tokio::task::spawn_blocking(move || {
        desk.invitations.redeem(&r.secret, &key, now_secs(), |inv| {
            let role = inv.role().ok_or_else(|| ApiError::from(StaffError::BadInvitation))?;
            let s = build::enrol(&desk.operator, now_secs() * 1000, key, role, &inv.name, false)
                .map_err(ApiError::internal)?;
            let a = ledger.submit(&s.statement, &s.signature, None)?;
            Ok::<_, ApiError>((inv.clone(), a.seq))
        })
    })
    .await
    .map_err(ApiError::internal)??;
    let view = StaffView {
        key: key.hex(),
        role: inv.role().map(role_name).unwrap_or("facilitator"),
        name: inv.name,
        status: "active",
        organisation: inv.organisation,
        seq: Some(seq),
    };
    let mut resp = fmt.ok(&view);
    *resp.status_mut() = StatusCode::CREATED;
    Ok(resp)
}

/// The member of staff a key belongs to (`unknown_staff` when the log has no staff role for it).
#[utoipa::path(get, path = "/v1/staff/{key}", params(("key" = String, Path, description = "the staff key, 64 hex digits")),
    responses((status = 200, body = StaffView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 406, body = Problem)))]
pub(super) async fn member(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(key): HexPath,
) -> Result<Response, ApiError> {
    Ok(fmt.ok(&staff_view(&state, &key)?.0))
}

fn staff_view(state: &AppState, key: &Id) -> Result<(StaffView, Role), ApiError> {
    let unknown =
        || ApiError::new(StatusCode::NOT_FOUND, "unknown_staff", "this key is not one of this service's staff");
    let rec = state.ledger().key_rec(key)?.ok_or_else(unknown)?;
    let role = rec.role.and_then(Role::from_code).filter(|r| *r != Role::Witness).ok_or_else(unknown)?;
    let organisation = match &state.staff {
        Some(d) => d.invitations.of_key(&key.hex())?.and_then(|(_, i, _)| i.organisation),
        None => None,
    };
    let name = state.ledger().party_name(&rec.party)?.or(rec.name).unwrap_or_default();
    let status = match rec.status {
        STATUS_ACTIVE => "active",
        STATUS_REVOKED => "revoked",
        _ => "rotated",
    };
    Ok((StaffView { key: key.hex(), role: role_name(role), name, status, organisation, seq: None }, role))
}

/// A consultation a member of staff records in.
#[derive(Serialize, ToSchema)]
pub struct StaffConsultation {
    /// Its id (statement hash), hex.
    id: String,
    /// Title.
    title: String,
    /// Date, `YYYY-MM-DD`.
    date: String,
    /// Place.
    place: String,
    /// Topic.
    topic: String,
    /// Whether it no longer takes ideas.
    closed: bool,
    /// Whether this key may record ideas in it (a convenor who is not a recorder may not).
    may_record: bool,
}

/// The consultations of a member of staff.
#[derive(Serialize, ToSchema)]
pub struct StaffConsultations {
    /// Newest first.
    consultations: Vec<StaffConsultation>,
}

/// The consultations a staff key records in or convenes, newest first.
#[utoipa::path(get, path = "/v1/staff/{key}/consultations", params(("key" = String, Path, description = "the staff key, 64 hex digits")),
    responses((status = 200, body = StaffConsultations), (status = 400, body = Problem), (status = 404, body = Problem), (status = 406, body = Problem)))]
pub(super) async fn consultations(
    State(state): State<AppState>,
    fmt: Format,
    HexPath(key): HexPath,
) -> Result<Response, ApiError> {
    staff_view(&state, &key)?;
    let party = state.ledger().key_rec(&key)?.map(|r| r.party).unwrap_or(key);
    let now = now_secs() * 1000;
    let list = state
        .ledger()
        .consultations_for_staff(&party)?
        .into_iter()
        .map(|(id, c)| StaffConsultation {
            id: id.hex(),
            may_record: c.recorders.contains(&party),
            closed: c.closed.is_some() || c.closes.is_some_and(|t| t <= now),
            title: c.title,
            date: c.date,
            place: c.place,
            topic: c.topic,
        })
        .collect();
    Ok(fmt.ok(&StaffConsultations { consultations: list }))
}

/// A request, signed by a staff key, for an invitation for another device of the same person.
#[derive(Deserialize, ToSchema)]
pub struct DeviceRequest {
    /// The staff key, 64 hex digits.
    key: String,
    /// The request's time, ms since the Unix epoch (within 10 minutes of the server's clock).
    time: u64,
    /// Ed25519 signature, hex, over `"heard/v1/staff-device\n" ‖ key (32) ‖ time (8, big-endian)`.
    signature: String,
}

/// A new invitation link.
#[derive(Serialize, ToSchema)]
pub struct DeviceInvitation {
    /// The link to open on the other device.
    link: String,
    /// When it stops working, Unix seconds.
    expires: u64,
}

/// Makes a one-time invitation for another device of the member of staff whose key signed
/// the request (same role and name; the new device makes and enrols its own key).
#[utoipa::path(post, path = "/v1/staff/devices", request_body = DeviceRequest,
    responses((status = 201, body = DeviceInvitation), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 406, body = Problem)))]
pub(super) async fn device(State(state): State<AppState>, fmt: Format, body: Bytes) -> Result<Response, ApiError> {
    let desk = desk(&state)?;
    let r: DeviceRequest = json(&body)?;
    let key = parse_key(&r.key)?;
    let now_ms = now_secs() * 1000;
    if r.time.abs_diff(now_ms) > REQUEST_SKEW_MS {
        return Err(ApiError::bad_request(
            "stale_request",
            "the request's time is more than 10 minutes from the server's clock; check this device's clock",
        ));
    }
    let sig: [u8; 64] = hex::decode(r.signature.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| ApiError::bad_request("malformed", "the signature is not 128 hex digits"))?;
    let mut msg = DEVICE_REQUEST_PREFIX.to_vec();
    msg.extend_from_slice(&key.0);
    msg.extend_from_slice(&r.time.to_be_bytes());
    let vk = VerifyingKey::from_bytes(&key.0).map_err(|_| ApiError::bad_request("weak_key", "not a key"))?;
    vk.verify_strict(&msg, &Signature::from_bytes(&sig)).map_err(|_| {
        ApiError::new(StatusCode::UNAUTHORIZED, "bad_signature", "the request is not signed by this key")
    })?;
    let (who, role) = staff_view(&state, &key)?;
    if who.status != "active" {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "key_revoked",
            "this key no longer works here; ask the service's operator for a new invitation",
        ));
    }
    let now = now_secs();
    let inv = Invitation {
        role: role.code(),
        name: who.name,
        organisation: who.organisation,
        issued: now,
        expires: now + DEFAULT_DAYS * 86_400,
        device_of: Some(key.hex()),
    };
    let secret = desk.invitations.issue(&inv)?;
    let link = join_link(&state.config.public_url, &secret);
    let mut resp = fmt.ok(&DeviceInvitation { link, expires: inv.expires });
    *resp.status_mut() = StatusCode::CREATED;
    Ok(resp)
}

/// An organisation or facilitator a consultation may name.
#[derive(Serialize, ToSchema)]
pub struct DirectoryEntry {
    /// A key of theirs, hex.
    key: String,
    /// Enrolled name.
    name: String,
}

/// Who a new consultation may name: organisations as convenor, facilitators as recorders.
#[derive(Serialize, ToSchema)]
pub struct Directory {
    /// Organisations: those that joined by invitation, and the convenors of consultations.
    organisations: Vec<DirectoryEntry>,
    /// Facilitators that joined by invitation and are still active.
    facilitators: Vec<DirectoryEntry>,
}

/// The organisations and facilitators a new consultation may name (all public in the log).
#[utoipa::path(get, path = "/v1/staff/directory", responses((status = 200, body = Directory), (status = 406, body = Problem)))]
pub(super) async fn directory(State(state): State<AppState>, fmt: Format) -> Result<Response, ApiError> {
    let mut organisations: Vec<DirectoryEntry> = Vec::new();
    let mut facilitators: Vec<DirectoryEntry> = Vec::new();
    let add = |list: &mut Vec<DirectoryEntry>, key: Id, want: Role| -> Result<(), ApiError> {
        if list.iter().any(|e| e.key == key.hex()) {
            return Ok(());
        }
        if let Ok((v, role)) = staff_view(&state, &key)
            && role == want
            && v.status == "active"
        {
            list.push(DirectoryEntry { key: v.key, name: v.name });
        }
        Ok(())
    };
    if let Some(d) = &state.staff {
        for (_, inv, redeemed) in d.invitations.list()? {
            let (Some(r), Some(role)) = (redeemed, inv.role()) else { continue };
            let Ok(key) = parse_key(&r.key) else { continue };
            match role {
                Role::Organisation => add(&mut organisations, key, Role::Organisation)?,
                Role::Facilitator => add(&mut facilitators, key, Role::Facilitator)?,
                _ => {}
            }
        }
    }
    for c in state.ledger().recent_consultations(1000, None)? {
        add(&mut organisations, c.rec.convenor, Role::Organisation)?;
    }
    Ok(fmt.ok(&Directory { organisations, facilitators }))
}

/// The link an invitation is opened with: the secret in the fragment, never sent in a request.
pub fn join_link(public_url: &str, secret: &[u8; 32]) -> String {
    format!("{}/staff/join#{}", public_url.trim_end_matches('/'), invitations::secret_text(secret))
}

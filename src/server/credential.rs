//! `POST /v1/credentials`: an Open Badges 3.0 `OpenBadgeCredential` (W3C VC Data Model 2.0)
//! for one idea, asked for by the contributor with a request signed by their own key and
//! issued by the service, signed with the data folder's operator key as a `did:key`
//! (Data Integrity `eddsa-jcs-2022`, `protocol::integrity`). docs/PROTOCOL.md §20 gives
//! every field.
//!
//! Who signs, and why: an organisation's private key lives only in its staff's browsers
//! (§19), so the server cannot sign as the organisation; asking a member of staff to sign each
//! badge would leave a contributor waiting on the organisation for credit the log already
//! proves. So the issuer is the operator of the record (the key that enrols every
//! organisation in the log), and the organisation that convened the consultation is named as
//! the achievement's `source` with the `did:key` of its enrolled key. The credential states
//! only facts the log holds (the consultation, its convenor, the idea's day, the claim by this
//! key and the consented name, citations and answers), and links the receipts that prove each.
//!
//! Who may ask: only the key the idea is linked to (its claim or its own author), by a
//! signature; the credential names the person by their consented name only if they ask for
//! it, and otherwise names no one: its subject is then the `did:key` of their key alone.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, Problem};
use crate::attribution::dates;
use crate::attribution::kinds::{Id, Outcome};
use crate::attribution::query::{Attribution, IdeaView, PortfolioItem};
use crate::attribution::state::STATUS_ACTIVE;
use crate::protocol::integrity;
use crate::protocol::statement::Kind;
use crate::staff::invitations::now_secs;

/// The domain-separation prefix of a credential request for one idea (§20).
pub const CREDENTIAL_REQUEST_PREFIX: &[u8] = b"heard/v1/credential\n";
/// The domain-separation prefix of a credential request for a consultation (§20).
pub const CONSULTATION_REQUEST_PREFIX: &[u8] = b"heard/v1/credential-consultation\n";

/// How far a request's time may be from the server's clock: 10 minutes.
const REQUEST_SKEW_MS: u64 = 10 * 60 * 1000;

/// The `@context` of every credential: VC Data Model 2.0, then Open Badges 3.0.
pub const CONTEXTS: [&str; 2] =
    ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/v1/credentials", post(issue))
}

/// A contributor's request for a credential for one of their ideas, or for their ideas in
/// one consultation, signed by their key.
#[derive(Deserialize, ToSchema)]
pub struct CredentialRequest {
    /// The contributor's key, 64 hex digits: the idea's claim (or its author) must be by it.
    key: String,
    /// The idea (its statement hash), 64 hex digits; or give `consultation` instead.
    #[serde(default)]
    idea: Option<String>,
    /// The consultation (its statement hash), 64 hex digits: a credential for every idea of
    /// this key's own in it; or give `idea` instead.
    #[serde(default)]
    consultation: Option<String>,
    /// `consented`: name the contributor as the idea shows them (refused when they chose not
    /// to be named); `none`: name no one.
    name: String,
    /// The request's time, ms since the Unix epoch (within 10 minutes of the server's clock).
    time: u64,
    /// Ed25519 signature, hex, over `"heard/v1/credential\n" ‖ key (32) ‖ idea (32) ‖ name
    /// (1 byte: 1 consented, 0 none) ‖ time (8, big-endian)`; for a consultation, over
    /// `"heard/v1/credential-consultation\n" ‖ key (32) ‖ consultation (32) ‖ name ‖ time`.
    signature: String,
}

/// What a credential is for.
#[derive(Clone, Copy)]
enum Scope {
    Idea(Id),
    Consultation(Id),
}

fn hex32(text: &str, what: &str) -> Result<[u8; 32], ApiError> {
    hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| ApiError::bad_request("malformed", format!("the {what} is not 64 hex digits")))
}

/// The bytes a credential request's signature covers (§20).
pub fn request_message(key: &[u8; 32], idea: &[u8; 32], named: bool, time: u64) -> Vec<u8> {
    message(CREDENTIAL_REQUEST_PREFIX, key, idea, named, time)
}

/// The bytes a consultation credential request's signature covers (§20).
pub fn consultation_request_message(key: &[u8; 32], consultation: &[u8; 32], named: bool, time: u64) -> Vec<u8> {
    message(CONSULTATION_REQUEST_PREFIX, key, consultation, named, time)
}

fn message(prefix: &[u8], key: &[u8; 32], subject: &[u8; 32], named: bool, time: u64) -> Vec<u8> {
    let mut msg = prefix.to_vec();
    msg.extend_from_slice(key);
    msg.extend_from_slice(subject);
    msg.push(u8::from(named));
    msg.extend_from_slice(&time.to_be_bytes());
    msg
}

/// Issues an Open Badges 3.0 credential for an idea to the key it is linked to.
#[utoipa::path(post, path = "/v1/credentials", request_body = CredentialRequest,
    responses((status = 200, description = "The signed credential (docs/PROTOCOL.md §20)", content_type = "application/vc", body = Object),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 410, body = Problem), (status = 422, body = Problem)))]
pub(super) async fn issue(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let operator = state.staff.as_ref().map(|d| d.operator.clone()).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "credentials_disabled",
            "this server cannot issue credentials (it was started without its data folder's operator key)",
        )
    })?;
    let r: CredentialRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request("malformed", format!("the JSON body is not valid: {e}")))?;
    let key = hex32(&r.key, "key")?;
    let scope = match (&r.idea, &r.consultation) {
        (Some(i), None) => Scope::Idea(Id(hex32(i, "idea")?)),
        (None, Some(c)) => Scope::Consultation(Id(hex32(c, "consultation")?)),
        _ => return Err(ApiError::bad_request("malformed", "give either `idea` or `consultation`, not both")),
    };
    let named = match r.name.as_str() {
        "consented" => true,
        "none" => false,
        _ => return Err(ApiError::bad_request("malformed", "name is `consented` or `none`")),
    };
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
    let vk = VerifyingKey::from_bytes(&key)
        .ok()
        .filter(|k| !k.is_weak())
        .ok_or_else(|| ApiError::bad_request("weak_key", "the key is not a usable Ed25519 public key"))?;
    let signed = match scope {
        Scope::Idea(idea) => request_message(&key, &idea.0, named, r.time),
        Scope::Consultation(c) => consultation_request_message(&key, &c.0, named, r.time),
    };
    vk.verify_strict(&signed, &Signature::from_bytes(&sig)).map_err(|_| {
        ApiError::new(StatusCode::UNAUTHORIZED, "bad_signature", "the request is not signed by this key")
    })?;
    let origin = state.config.public_url.trim_end_matches('/').to_string();
    let ledger = state.ledger().clone();
    let credential = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        if ledger.key_rec(&Id(key))?.is_some_and(|k| k.status != STATUS_ACTIVE) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "key_revoked",
                "this key was replaced or revoked; ask with your current key",
            ));
        }
        let recoveries = ledger.recoveries(&Id(key))?;
        if let Some(r) = recoveries.from_this_key.filter(|r| r.in_effect_at(recoveries.now)) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "key_recovered",
                format!(
                    "the credit of this key moved to key {} by the recovery at entry {}; ask with that key",
                    r.new_key.hex(),
                    r.seq
                ),
            ));
        }
        let portfolio = ledger.portfolio(&Id(key))?;
        let items: Vec<PortfolioItem> = match scope {
            Scope::Idea(idea) => {
                let view = ledger.idea(&idea)?;
                let item =
                    portfolio.items.into_iter().find(|i| i.idea.id == idea && !i.as_co_contributor).ok_or_else(|| {
                        ApiError::new(StatusCode::FORBIDDEN, "not_contributor", "this key is not the key this idea is linked to")
                    })?;
                if view.withdrawn {
                    return Err(ApiError::new(
                        StatusCode::GONE,
                        "idea_withdrawn",
                        "this idea was withdrawn: its words were erased, and no credential is issued for it",
                    ));
                }
                vec![item]
            }
            Scope::Consultation(c) => {
                ledger.consultation(&c)?;
                let items: Vec<PortfolioItem> = portfolio
                    .items
                    .into_iter()
                    .filter(|i| i.idea.consultation == c && !i.as_co_contributor && !i.idea.withdrawn)
                    .collect();
                if items.is_empty() {
                    return Err(ApiError::new(
                        StatusCode::FORBIDDEN,
                        "not_contributor",
                        "this key has no ideas of its own in this consultation (withdrawn ones do not count)",
                    ));
                }
                items
            }
        };
        let name = if named {
            let names: std::collections::BTreeSet<&str> = items
                .iter()
                .filter_map(|i| match &i.idea.contributor {
                    Attribution::Named(n) | Attribution::Pseudonym(n) => Some(n.as_str()),
                    _ => None,
                })
                .collect();
            let all_named = items.iter().all(|i| matches!(i.idea.contributor, Attribution::Named(_) | Attribution::Pseudonym(_)));
            match (all_named, names.len()) {
                (true, 1) => names.into_iter().next().map(str::to_string),
                _ => {
                    return Err(ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "no_consented_name",
                        "you chose not to be named (or chose different names) on these ideas, so a credential cannot name you; ask for one that names no one",
                    ));
                }
            }
        } else {
            None
        };
        let facts = items.iter().map(|i| Facts::gather(&ledger, i, &origin)).collect::<Result<Vec<_>, _>>()?;
        let id = uuid_v4().map_err(ApiError::internal)?;
        let unsigned = credential(&facts, scope, &id, &key, name.as_deref(), &operator.verifying_key(), now_secs());
        integrity::sign(&unsigned, &operator, &datetime(now_secs())).map_err(ApiError::internal)
    })
    .await
    .map_err(ApiError::internal)??;
    let body = serde_json::to_vec_pretty(&credential).map_err(ApiError::internal)?;
    let subject = match scope {
        Scope::Idea(i) | Scope::Consultation(i) => i,
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/vc".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"heard-badge-{}.json\"", &subject.hex()[..8])),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

/// `YYYY-MM-DDThh:mm:ssZ` (an XML Schema dateTimeStamp in UTC).
pub fn datetime(unix_secs: u64) -> String {
    let (y, m, d) = dates::utc_civil(unix_secs * 1000);
    let s = unix_secs % 86_400;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// What the log says about an idea, as the credential states it.
struct Facts {
    origin: String,
    view: IdeaView,
    place: String,
    convenor: Id,
    convenor_name: String,
    cited_in: Vec<String>,
    answers: Vec<&'static str>,
    receipts: Vec<(u64, String)>,
}

impl Facts {
    fn gather(ledger: &crate::ledger::Ledger, item: &PortfolioItem, origin: &str) -> Result<Facts, ApiError> {
        let view = item.idea.clone();
        let consultation = ledger.consultation(&view.consultation)?;
        let convenor_name =
            ledger.party_name(&consultation.convenor)?.unwrap_or_else(|| "the convening organisation".into());
        let cited_in = item.cited_in.iter().map(|c| format!("{} ({}), {}", c.title, c.version, c.locator)).collect();
        let answers =
            view.responses.iter().map(|r| Outcome::from_code(r.outcome).map_or("answered", Outcome::name)).collect();
        let receipts = ledger
            .history(&view.id)?
            .into_iter()
            .map(|e| (e.seq, format!("{} ({})", e.what, Kind::from_code(e.kind).map_or("statement", Kind::name))))
            .collect();
        Ok(Facts {
            origin: origin.to_string(),
            place: consultation.place,
            convenor: consultation.convenor,
            convenor_name,
            cited_in,
            answers,
            receipts,
            view,
        })
    }
}

/// The unsigned credential (§20): for one idea, or for `ideas` (at least one) of one
/// consultation.
fn credential(
    ideas: &[Facts],
    scope: Scope,
    id: &str,
    key: &[u8; 32],
    name: Option<&str>,
    issuer: &VerifyingKey,
    now: u64,
) -> Value {
    let f = &ideas[0];
    let title = &f.view.consultation_title;
    let cited: usize = ideas.iter().map(|i| i.cited_in.len()).sum();
    let cited_words = match cited {
        0 => String::new(),
        1 => "; cited in a report".to_string(),
        n => format!("; cited in {n} reports"),
    };
    let (achievement_id, achievement_name, credential_name, mut description) = match scope {
        Scope::Idea(_) => (
            format!("{}/ideas/{}#achievement", f.origin, f.view.id.hex()),
            format!("Contributed to {title}{cited_words}"),
            format!("Idea given in {title}"),
            format!(
                "Gave an idea in “{title}” ({}, {}), a consultation convened by {}.",
                dates::long_day(&f.view.given),
                f.place,
                f.convenor_name
            ),
        ),
        Scope::Consultation(c) => (
            format!("{}/consultations/{}#achievement", f.origin, c.hex()),
            match ideas.len() {
                1 => format!("Contributed an idea to {title}{cited_words}"),
                n => format!("Contributed {n} ideas to {title}{cited_words}"),
            },
            format!("Ideas given in {title}"),
            format!(
                "Gave {} in “{title}” ({}), a consultation convened by {}.",
                match ideas.len() {
                    1 => "an idea".to_string(),
                    n => format!("{n} ideas"),
                },
                f.place,
                f.convenor_name
            ),
        ),
    };
    let mut evidence = Vec::new();
    for (n, i) in ideas.iter().enumerate() {
        if matches!(scope, Scope::Consultation(_)) {
            description.push_str(&format!(" Idea {} given on {}.", n + 1, dates::long_day(&i.view.given)));
        }
        for c in &i.cited_in {
            description.push_str(&format!(" Cited in {c}."));
        }
        for a in &i.answers {
            description.push_str(&format!(" The organisation’s answer: {a}."));
        }
        evidence.extend(idea_evidence(i));
    }
    let mut subject = json!({
        "id": integrity::did_key(key),
        "type": ["AchievementSubject"],
        "source": {
            "id": integrity::did_key(&f.convenor.0),
            "type": ["Profile"],
            "name": f.convenor_name,
        },
        "achievement": {
            "id": achievement_id,
            "type": ["Achievement"],
            "name": achievement_name,
            "description": description,
            "criteria": {
                "narrative": "Issued to the person whose idea is recorded in this public record, a signed append-only log, \
                    and who claimed it with their own key (the subject's did:key). Every fact here is an entry of the log; \
                    the evidence links each entry's receipt, which anyone can check with the log's public key."
            },
        },
    });
    if let Some(n) = name {
        subject["identifier"] = json!([{
            "type": "IdentityObject",
            "identityHash": n,
            "identityType": "name",
            "hashed": false,
        }]);
    }
    json!({
        "@context": CONTEXTS,
        "id": format!("urn:uuid:{id}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": credential_name,
        "issuer": {
            "id": integrity::did_key(issuer.as_bytes()),
            "type": ["Profile"],
            "name": format!("Heard, the public record at {}", f.origin),
            "url": f.origin,
        },
        "validFrom": datetime(now),
        "credentialSubject": subject,
        "evidence": evidence,
    })
}

/// The evidence for one idea: its page, then one receipt per entry of its history.
fn idea_evidence(f: &Facts) -> Vec<Value> {
    let idea_page = format!("{}/ideas/{}", f.origin, f.view.id.hex());
    let mut evidence = vec![json!({
        "id": idea_page,
        "type": ["Evidence"],
        "name": "The idea in the public record",
        "description": "The idea’s page: its words (unless withdrawn), where it was given, how its contributor is shown, citations and answers.",
    })];
    for (seq, what) in &f.receipts {
        evidence.push(json!({
            "id": format!("{}/v1/receipts/{seq}", f.origin),
            "type": ["Evidence"],
            "name": format!("Receipt for entry {seq}: {what}"),
            "description": format!(
                "A C2SP tlog-proof receipt: entry {seq} of the log, its inclusion proof and the signed checkpoint. Check it at {}/verify or with `heard verify receipt`.",
                f.origin
            ),
        }));
    }
    evidence
}

/// A random (version 4) UUID, RFC 9562 §5.4.
fn uuid_v4() -> anyhow::Result<String> {
    let mut b = crate::keys::random_seed()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(&b[..16]);
    Ok(format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_and_uuids_have_their_forms() {
        assert_eq!(datetime(0), "1970-01-01T00:00:00Z");
        assert_eq!(datetime(1_773_482_461), "2026-03-14T10:01:01Z");
        let u = uuid_v4().unwrap();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"), "{u}");
    }
}

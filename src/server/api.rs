//! The `/v1/` handlers and their OpenAPI description.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::AppState;
use super::domain_api;
use super::error::{ApiError, Problem};
use super::negotiate::{CBOR, Format};
use super::search_api;
use super::staff_api;
use crate::attribution::payment::Payment;
use crate::ledger::{Beside, IdeaText};
use crate::log::Appended;
use crate::protocol::cbor;
use crate::protocol::entry::Entry;
use crate::protocol::note::NoteVerifier;
use crate::protocol::receipt;
use crate::protocol::statement::{Statement, statement_hash};

/// The OpenAPI description of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Heard API",
        description = "Idea-attribution ledger: submit signed statements, read entries, checkpoints, proofs and receipts; consultations, ideas, portfolios, claim cards, reports with their exports, equity figures, verification, and the log as C2SP tlog-tiles."
    ),
    paths(
        submit,
        entry_by_seq,
        entry_by_hash,
        entries,
        checkpoint,
        inclusion,
        consistency,
        receipt_of,
        cosign,
        keys,
        well_known_log_key,
        healthz,
        metrics,
        domain_api::list_consultations,
        domain_api::consultation,
        domain_api::consultation_figures,
        domain_api::organisation_figures,
        domain_api::idea,
        domain_api::contributor,
        domain_api::card,
        domain_api::resolve_report,
        domain_api::report,
        domain_api::report_figures,
        domain_api::acknowledgements_md,
        domain_api::acknowledgements_txt,
        domain_api::citations_csl,
        domain_api::citations_bib,
        domain_api::verify_entry,
        domain_api::verify_post,
        domain_api::tiles_checkpoint,
        domain_api::tile,
        search_api::search,
        staff_api::invitation,
        staff_api::join,
        staff_api::member,
        staff_api::consultations,
        staff_api::device,
        staff_api::directory,
        super::credential::issue,
        super::pairing::start,
        super::pairing::read,
        super::pairing::hand_in,
        super::payments::contributor,
        super::payments::organisation
    ),
    components(schemas(
        SubmitRequest,
        Submitted,
        EntryView,
        EntryPage,
        ProofView,
        CosignRequest,
        CosignAccepted,
        KeysView,
        CborBytes,
        Problem,
        domain_api::ConsultationList,
        domain_api::ConsultationDetail,
        domain_api::FiguresView,
        domain_api::IdeaDetail,
        domain_api::PortfolioJson,
        domain_api::CardJson,
        domain_api::ReportIdJson,
        domain_api::ReportJson,
        domain_api::VerifyRequest,
        domain_api::VerifyResult,
        domain_api::VerifyResults,
        search_api::SearchPage,
        staff_api::InvitationRequest,
        staff_api::InvitationView,
        staff_api::JoinRequest,
        staff_api::StaffView,
        staff_api::StaffConsultation,
        staff_api::StaffConsultations,
        staff_api::DeviceRequest,
        staff_api::DeviceInvitation,
        staff_api::DirectoryEntry,
        staff_api::Directory,
        super::credential::CredentialRequest,
        super::pairing::PairingRequest,
        super::pairing::PairingStarted,
        super::pairing::PairingView,
        super::pairing::HandIn,
        super::pairing::HandedIn,
        super::payments::PaymentRequest,
        super::payments::PaymentAnswer
    )),
    modifiers(&Refusals)
)]
pub struct ApiDoc;

/// Makes the description say exactly what the server does: errors are
/// `application/problem+json` (not the `application/json` utoipa assumes for a body); the
/// refusals the shared limits give on any route are listed on every operation (408 `timeout`,
/// 503 `overloaded`/`storage`; on writes also 413 `payload_too_large` and 429 `rate_limited`);
/// and every id, key or hash parameter is 64 hex digits, as the handlers require.
struct Refusals;

/// Parameters that are a statement hash, entry hash or public key: 64 hex digits.
const HEX_PARAMS: &[&str] = &["id", "key", "hash", "entry", "team"];

impl utoipa::Modify for Refusals {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        let problem = |why: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(why)
                    .content(PROBLEM, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
                    .build(),
            )
        };
        for item in doc.paths.paths.values_mut() {
            let ops = [(&mut item.get, false), (&mut item.post, true)];
            for (op, write) in ops {
                let Some(op) = op.as_mut() else { continue };
                for p in op.parameters.iter_mut().flatten() {
                    if HEX_PARAMS.contains(&p.name.as_str()) {
                        let hex = utoipa::openapi::ObjectBuilder::new()
                            .schema_type(utoipa::openapi::Type::String)
                            .pattern(Some("^[0-9a-fA-F]{64}$"))
                            .build();
                        p.schema = Some(RefOr::T(hex.into()));
                    }
                }
                let responses = &mut op.responses.responses;
                for (status, r) in responses.iter_mut() {
                    if let (false, RefOr::T(r)) = (status.starts_with('2'), r)
                        && let Some(c) = r.content.shift_remove("application/json")
                    {
                        r.content.insert(PROBLEM.into(), c);
                    }
                }
                let mut shared = vec![
                    ("408", "the request took longer than the server allows (`timeout`)"),
                    (
                        "503",
                        "the server is at its concurrency limit (`overloaded`) or its storage failed (`storage_unavailable`)",
                    ),
                ];
                if write {
                    shared.push(("413", "the body is larger than the server accepts (`payload_too_large`)"));
                    shared.push(("429", "too many writes from this address (`rate_limited`)"));
                }
                for (status, why) in shared {
                    responses.entry(status.into()).or_insert_with(|| problem(why));
                }
            }
        }
    }
}

const PROBLEM: &str = "application/problem+json";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/statements", post(submit))
        .route("/v1/entries", get(entries))
        .route("/v1/entries/{seq}", get(entry_by_seq))
        .route("/v1/entries/by-hash/{hash}", get(entry_by_hash))
        .route("/v1/checkpoint", get(checkpoint))
        .route("/v1/proofs/inclusion", get(inclusion))
        .route("/v1/proofs/consistency", get(consistency))
        .route("/v1/receipts/{seq}", get(receipt_of))
        .route("/v1/cosignatures", post(cosign))
        .route("/v1/keys", get(keys))
        .route("/.well-known/heard/log-key", get(well_known_log_key))
        .route("/v1/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .merge(super::domain_api::routes())
        .fallback(not_found)
}

/// An unknown path: a plain-language HTML page for a browser asking for a page outside the
/// API's prefixes, problem+json `not_found` for everyone else.
async fn not_found(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let api = ["/v1/", "/tiles/", "/.well-known/", "/healthz", "/metrics"].iter().any(|p| uri.path().starts_with(p));
    let mut r = if !api && super::negotiate::wants_html(&headers) {
        super::pages::not_found_page(&headers)
    } else {
        ApiError::not_found("there is nothing at this path").into_response()
    };
    r.headers_mut().insert(header::VARY, axum::http::HeaderValue::from_static("accept"));
    r
}

fn sends_cbor(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(CBOR))
}

fn b64(field: &'static str, s: &str) -> Result<Vec<u8>, ApiError> {
    B64.decode(s.trim())
        .map_err(|e| ApiError::bad_request("malformed", format!("`{field}` is not standard base64: {e}")))
}

fn json_body<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request("malformed", format!("the JSON body is not valid: {e}")))
}

/// Bytes of canonical CBOR served as they are (an entry, a submission's CBOR answer).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct CborBytes(#[allow(dead_code)] Vec<u8>);

/// A signed statement to append.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    /// The statement's canonical CBOR bytes, standard base64.
    statement: String,
    /// The author's Ed25519 signature (64 bytes), standard base64.
    signature: String,
    /// For an `idea`: its text and salt, stored beside the log (required for ideas, refused otherwise).
    #[serde(default)]
    content: Option<ContentJson>,
    /// For an `acknowledge` with a `payment` digest: its amount, currency and salt, kept
    /// beside the log and shown only to the contributor and the organisation (docs/PROTOCOL.md §21).
    #[serde(default)]
    payment: Option<PaymentJson>,
}

/// An acknowledgement's amount with the salt of its digest.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentJson {
    /// Amount in minor units (pence, cents).
    amount: u64,
    /// ISO 4217 code, three capital letters.
    currency: String,
    /// The 32-byte salt, standard base64.
    salt: String,
}

/// An idea's words and the salt of its digest.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentJson {
    /// The idea's text, UTF-8.
    text: String,
    /// The 32-byte salt, standard base64.
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct SubmitWire {
    #[serde(with = "serde_bytes")]
    statement: Vec<u8>,
    #[serde(with = "serde_bytes")]
    signature: Vec<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<IdeaText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    payment: Option<Payment>,
}

/// A submission read from a `POST /v1/statements` body, before any check of the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The statement bytes, as sent.
    pub statement: Vec<u8>,
    /// The signature bytes, as sent (not yet checked to be 64 bytes).
    pub signature: Vec<u8>,
    /// An idea's text and salt, if sent.
    pub content: Option<IdeaText>,
    /// An acknowledgement's amount, currency and salt, if sent.
    pub payment: Option<Payment>,
}

impl Submission {
    /// What the submission carries beside its statement (`malformed` when both text and payment).
    pub fn beside(&self) -> Result<Beside, ApiError> {
        match (&self.content, &self.payment) {
            (Some(_), Some(_)) => {
                Err(ApiError::bad_request("malformed", "a submission carries text or a payment, not both"))
            }
            (Some(t), None) => Ok(Beside::Text(t.clone())),
            (None, Some(p)) => Ok(Beside::Payment(p.clone())),
            (None, None) => Ok(Beside::Nothing),
        }
    }
}

/// Reads a `POST /v1/statements` body: the JSON `SubmitRequest` (`{statement, signature, content?, payment?}`), or with
/// `cbor` the canonical CBOR `{0: statement, 1: signature, ?2: content, ?3: payment}`. This is exactly what the handler
/// does before handing the submission to the ledger; it is public so the fuzz target
/// `json_bodies` exercises the real code.
pub fn parse_submission(body: &[u8], cbor: bool) -> Result<Submission, ApiError> {
    if cbor {
        let w: SubmitWire = cbor::decode_canonical(body)
            .map_err(|e| ApiError::bad_request("malformed", format!("the CBOR body is not a submission: {e}")))?;
        return Ok(Submission {
            statement: w.statement,
            signature: w.signature,
            content: w.content,
            payment: w.payment,
        });
    }
    let r: SubmitRequest = json_body(body)?;
    let content = match r.content {
        Some(c) => Some(IdeaText { salt: b64("content.salt", &c.salt)?, text: c.text }),
        None => None,
    };
    let payment = match r.payment {
        Some(p) => Some(Payment { salt: b64("payment.salt", &p.salt)?, amount: p.amount, currency: p.currency }),
        None => None,
    };
    Ok(Submission {
        statement: b64("statement", &r.statement)?,
        signature: b64("signature", &r.signature)?,
        content,
        payment,
    })
}

/// The durable entry and its receipt.
#[derive(Serialize, ToSchema)]
pub struct Submitted {
    /// The entry's seq.
    seq: u64,
    /// Entry hash, hex.
    entry_hash: String,
    /// The entry's canonical bytes, base64.
    entry: String,
    /// The signed checkpoint that first includes the entry.
    checkpoint: String,
    /// The receipt (C2SP tlog-proof with the entry).
    receipt: String,
    /// The receipt's compact base64url form.
    receipt_compact: String,
}

#[derive(Serialize)]
struct SubmittedWire {
    seq: u64,
    #[serde(with = "serde_bytes")]
    entry_hash: Vec<u8>,
    #[serde(with = "serde_bytes")]
    entry: Vec<u8>,
    checkpoint: String,
    receipt: String,
}

fn receipt_for(state: &AppState, a: &Appended) -> Result<String, ApiError> {
    let proof = match &a.proof {
        Some(p) => p.clone(),
        None => state.log().inclusion_proof(a.seq, a.checkpoint.size)?,
    };
    Ok(receipt::receipt_text(&a.entry, a.seq, &proof, &a.checkpoint.note))
}

/// Append a signed statement. Answers once the entry is durable, with its receipt.
#[utoipa::path(post, path = "/v1/statements", request_body(content = SubmitRequest, description = "JSON, or the same fields as canonical CBOR {0: statement, 1: signature} with Content-Type application/cbor"),
    responses((status = 201, description = "JSON, or with Accept: application/cbor the canonical CBOR {0: seq, 1: entry hash (bstr), 2: entry (bstr), 3: checkpoint, 4: receipt} (docs/PROTOCOL.md §17)", content((Submitted = "application/json"), (CborBytes = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem), (status = 503, body = Problem)))]
async fn submit(
    State(state): State<AppState>,
    fmt: Format,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let sub = parse_submission(&body, sends_cbor(&headers))?;
    super::key_recovery::check_wait(&state, &sub.statement)?;
    let beside = sub.beside()?;
    let appended = state.ledger().submit_with_async(&sub.statement, &sub.signature, beside).await;
    state.metrics.append(appended.is_ok());
    let a = appended?;
    let receipt = receipt_for(&state, &a)?;
    let json = Submitted {
        seq: a.seq,
        entry_hash: hex::encode(a.entry_hash),
        entry: B64.encode(&a.entry),
        checkpoint: a.checkpoint.note.clone(),
        receipt_compact: receipt::to_compact(&receipt),
        receipt: receipt.clone(),
    };
    Ok(match fmt {
        Format::Json => fmt.answer(StatusCode::CREATED, &json),
        Format::Cbor => fmt.answer(
            StatusCode::CREATED,
            &SubmittedWire {
                seq: a.seq,
                entry_hash: a.entry_hash.to_vec(),
                entry: a.entry.clone(),
                checkpoint: a.checkpoint.note.clone(),
                receipt,
            },
        ),
    })
}

/// One entry, decoded.
#[derive(Serialize, ToSchema)]
pub struct EntryView {
    /// Seq.
    seq: u64,
    /// Entry hash, hex.
    entry_hash: String,
    /// Previous entry's hash, hex.
    prev: String,
    /// Log time, ms since the Unix epoch.
    log_time: u64,
    /// Statement hash, hex.
    statement_hash: String,
    /// Statement kind.
    kind: String,
    /// Author key, hex.
    author: String,
    /// Author time, ms since the Unix epoch.
    author_time: u64,
    /// The entry's canonical bytes: standard base64 in JSON, a byte string in CBOR.
    #[serde(serialize_with = "cbor::base64_or_bytes")]
    #[schema(value_type = String)]
    entry: Vec<u8>,
}

fn view(bytes: &[u8]) -> Result<EntryView, ApiError> {
    let e = Entry::decode(bytes).map_err(ApiError::internal)?;
    let s = Statement::decode(&e.statement).map_err(ApiError::internal)?;
    Ok(EntryView {
        seq: e.seq,
        entry_hash: hex::encode(crate::protocol::entry::entry_hash(bytes)),
        prev: hex::encode(e.prev),
        log_time: e.log_time,
        statement_hash: hex::encode(statement_hash(&e.statement)),
        kind: s.kind.name().to_string(),
        author: hex::encode(s.author),
        author_time: s.time,
        entry: bytes.to_vec(),
    })
}

fn entry_response(state: &AppState, fmt: Format, seq: u64) -> Result<Response, ApiError> {
    let bytes = state.log().entry(seq)?.ok_or_else(|| ApiError::not_found(format!("the log has no entry {seq}")))?;
    let v = view(&bytes)?;
    if fmt == Format::Cbor {
        // The entry itself is canonical CBOR: served as stored, byte for byte.
        return Ok(([(header::CONTENT_TYPE, CBOR), (header::VARY, "accept")], bytes).into_response());
    }
    Ok(fmt.ok(&v))
}

/// An entry by seq (JSON view; `Accept: application/cbor` gives the entry's canonical bytes).
#[utoipa::path(get, path = "/v1/entries/{seq}", params(("seq" = u64, Path, description = "entry seq")),
    responses((status = 200, description = "the entry view as JSON, or with Accept: application/cbor the entry's own canonical CBOR bytes", content((EntryView = "application/json"), (CborBytes = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn entry_by_seq(
    State(state): State<AppState>,
    fmt: Format,
    Path(seq): Path<String>,
) -> Result<Response, ApiError> {
    let seq: u64 =
        seq.parse().map_err(|_| ApiError::bad_request("malformed", "the seq must be a non-negative integer"))?;
    entry_response(&state, fmt, seq)
}

fn parse_hash(s: &str) -> Result<[u8; 32], ApiError> {
    let b = hex::decode(s).map_err(|_| ApiError::bad_request("malformed", "the hash must be 64 hex digits"))?;
    b.try_into().map_err(|_| ApiError::bad_request("malformed", "the hash must be 64 hex digits"))
}

/// An entry by entry hash or statement hash (hex).
#[utoipa::path(get, path = "/v1/entries/by-hash/{hash}", params(("hash" = String, Path, description = "entry hash or statement hash, 64 hex digits")),
    responses((status = 200, description = "the entry view as JSON, or with Accept: application/cbor the entry's own canonical CBOR bytes", content((EntryView = "application/json"), (CborBytes = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn entry_by_hash(
    State(state): State<AppState>,
    fmt: Format,
    Path(hash): Path<String>,
) -> Result<Response, ApiError> {
    let h = parse_hash(&hash)?;
    let store = state.log();
    let seq = match store.seq_of_entry(&h)? {
        Some(s) => Some(s),
        None => store.seq_of_statement(&h)?,
    };
    let seq = seq.ok_or_else(|| ApiError::not_found("no entry or statement has this hash"))?;
    entry_response(&state, fmt, seq)
}

/// Paging parameters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// First seq (default 0).
    from: Option<u64>,
    /// Entries per page (default 100, at most 1000).
    limit: Option<u64>,
}

/// A page of entries.
#[derive(Serialize, ToSchema)]
pub struct EntryPage {
    /// The entries.
    entries: Vec<EntryView>,
    /// The seq to ask for next, if there are more.
    next: Option<u64>,
    /// The log's size when the page was read.
    size: u64,
}

/// Page through entries in seq order.
#[utoipa::path(get, path = "/v1/entries", params(PageQuery), responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((EntryPage = "application/json"), (EntryPage = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem)))]
async fn entries(
    State(state): State<AppState>,
    fmt: Format,
    q: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request("malformed", e.body_text()))?;
    let size = state.log().latest().size;
    let from = q.from.unwrap_or(0);
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let end = from.saturating_add(limit).min(size);
    let mut out = Vec::new();
    for seq in from..end {
        if let Some(b) = state.log().entry(seq)? {
            out.push(view(&b)?);
        }
    }
    Ok(fmt.ok(&EntryPage { entries: out, next: (end < size).then_some(end), size }))
}

/// The latest checkpoint, a C2SP signed note (with any witness cosignatures).
#[utoipa::path(get, path = "/v1/checkpoint", responses((status = 200, content_type = "text/plain", body = String)))]
async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    // Not signed again on every read, which was a third of this route's CPU.
    let note = state.log().latest_cosigned()?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note).into_response())
}

/// Proof query parameters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// Entry seq.
    index: u64,
    /// Tree size (default: the latest).
    size: Option<u64>,
}

/// A Merkle proof.
#[derive(Serialize, ToSchema)]
pub struct ProofView {
    /// The proof hashes in RFC 9162 order: standard base64 in JSON, byte strings in CBOR.
    #[serde(serialize_with = "cbor::base64_or_bytes_list")]
    #[schema(value_type = Vec<String>)]
    hashes: Vec<Vec<u8>>,
    /// Tree size the proof is for.
    size: u64,
}

/// An RFC 9162 inclusion proof.
#[utoipa::path(get, path = "/v1/proofs/inclusion", params(InclusionQuery), responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((ProofView = "application/json"), (ProofView = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem)))]
async fn inclusion(
    State(state): State<AppState>,
    fmt: Format,
    q: Result<Query<InclusionQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request("malformed", e.body_text()))?;
    let size = q.size.unwrap_or(state.log().latest().size);
    let p = state.log().inclusion_proof(q.index, size)?;
    Ok(fmt.ok(&ProofView { hashes: p.iter().map(|h| h.to_vec()).collect(), size }))
}

/// Consistency query parameters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// Older tree size.
    old: u64,
    /// Newer tree size (default: the latest).
    new: Option<u64>,
}

/// An RFC 9162 consistency proof.
#[utoipa::path(get, path = "/v1/proofs/consistency", params(ConsistencyQuery), responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((ProofView = "application/json"), (ProofView = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem)))]
async fn consistency(
    State(state): State<AppState>,
    fmt: Format,
    q: Result<Query<ConsistencyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request("malformed", e.body_text()))?;
    let new = q.new.unwrap_or(state.log().latest().size);
    let p = state.log().consistency_proof(q.old, new)?;
    Ok(fmt.ok(&ProofView { hashes: p.iter().map(|h| h.to_vec()).collect(), size: new }))
}

/// Receipt format.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceiptQuery {
    /// `text` (default) or `compact`.
    format: Option<String>,
}

/// The receipt of an entry (C2SP tlog-proof text with the entry), or its compact form.
#[utoipa::path(get, path = "/v1/receipts/{seq}", params(("seq" = u64, Path, description = "entry seq"), ReceiptQuery),
    responses((status = 200, content_type = "text/plain", body = String), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn receipt_of(
    State(state): State<AppState>,
    Path(seq): Path<String>,
    q: Result<Query<ReceiptQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::bad_request("malformed", e.body_text()))?;
    let seq: u64 =
        seq.parse().map_err(|_| ApiError::bad_request("malformed", "the seq must be a non-negative integer"))?;
    let r = state.log().receipt(seq)?;
    let body = match q.format.as_deref() {
        None | Some("text") => r,
        Some("compact") => receipt::to_compact(&r),
        Some(other) => {
            return Err(ApiError::bad_request(
                "malformed",
                format!("unknown receipt format {other:?}: use text or compact"),
            ));
        }
    };
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response())
}

/// A witness's cosignature.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CosignRequest {
    /// The witness's cosignature verifier key (`name+hexid+base64(0x04 ‖ key)`).
    witness_key: String,
    /// The checkpoint note carrying the witness's `cosignature/v1` line.
    note: String,
}

/// Reads a `POST /v1/cosignatures` JSON body `{witness_key, note}`: the witness's verifier key,
/// parsed, and the note text, not yet checked. This is exactly what the handler does before
/// handing the cosignature to the log; it is public so the fuzz target `json_bodies` exercises
/// the real code.
pub fn parse_cosignature(body: &[u8]) -> Result<(NoteVerifier, String), ApiError> {
    let r: CosignRequest = json_body(body)?;
    let key =
        NoteVerifier::from_text(r.witness_key.trim()).map_err(|e| ApiError::bad_request(e.code(), e.to_string()))?;
    Ok((key, r.note))
}

/// An accepted cosignature.
#[derive(Serialize, ToSchema)]
pub struct CosignAccepted {
    /// The cosigned checkpoint's tree size.
    size: u64,
}

/// Add a witness cosignature to a checkpoint this log signed.
#[utoipa::path(post, path = "/v1/cosignatures", request_body = CosignRequest,
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((CosignAccepted = "application/json"), (CosignAccepted = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 403, description = "`unknown_witness`: the key is not one of the log's witnesses", body = Problem), (status = 409, description = "`cosignatures_full`: the checkpoint carries the most cosignatures kept", body = Problem), (status = 422, body = Problem)))]
async fn cosign(State(state): State<AppState>, fmt: Format, body: Bytes) -> Result<Response, ApiError> {
    let (key, note) = parse_cosignature(&body)?;
    let ledger = state.ledger().clone();
    let size = tokio::task::spawn_blocking(move || ledger.add_cosignature(&key, &note))
        .await
        .map_err(ApiError::internal)??;
    Ok(fmt.ok(&CosignAccepted { size }))
}

/// The log's verifier keys.
#[derive(Serialize, ToSchema)]
pub struct KeysView {
    /// The checkpoint verifier key (signed-note text form).
    log: String,
    /// The checkpoint origin.
    origin: String,
}

/// The log's verifier key and origin.
#[utoipa::path(get, path = "/v1/keys", responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((KeysView = "application/json"), (KeysView = "application/cbor"))), (status = 406, body = Problem)))]
async fn keys(State(state): State<AppState>, fmt: Format) -> Response {
    let v = state.log().verifier();
    fmt.ok(&KeysView { log: v.to_text(), origin: v.name().to_string() })
}

/// The log's verifier key alone, as one line of text (docs/PROTOCOL.md §7): the same key as
/// `/v1/keys`, at a well-known path an auditor can fetch with any tool and compare with the key
/// printed on receipt pages and in a tiles export's README.txt.
#[utoipa::path(get, path = "/.well-known/heard/log-key", responses((status = 200, content_type = "text/plain", body = String, description = "`<name>+<hex key ID>+<base64(0x01 ‖ public key)>` and a newline")))]
async fn well_known_log_key(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("{}\n", state.log().verifier().to_text()))
        .into_response()
}

/// Health: 200 `ok <size>` while the log takes appends; once its writer failed (a full disk,
/// an I/O error), 503 `storage_unavailable` with the reason, until storage works again.
#[utoipa::path(get, path = "/healthz", responses(
    (status = 200, content_type = "text/plain", body = String, description = "`ok <log size>`"),
    (status = 503, body = Problem, description = "`storage_unavailable`: the log cannot write to its storage; the detail says why")))]
async fn healthz(State(state): State<AppState>) -> Response {
    match state.log().failure() {
        None => format!("ok {}\n", state.log().latest().size).into_response(),
        Some(why) => {
            let mut r = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage_unavailable",
                format!("the log cannot write to its storage: {why}"),
            )
            .into_response();
            r.headers_mut().insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("5"));
            r
        }
    }
}

/// Metrics in Prometheus text format.
#[utoipa::path(get, path = "/metrics", responses((status = 200, content_type = "text/plain", body = String)))]
async fn metrics(State(state): State<AppState>) -> Response {
    let integrating = state.ledger().postgres().map(|pg| pg.pg_log().is_leader());
    let text = state.metrics.render(&**state.log(), integrating);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi_json()).into_response()
}

/// The OpenAPI description as pretty JSON (what `schemas/openapi.json` holds).
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default() + "\n"
}

/// The JSON Schema (2020-12) of every JSON body in the OpenAPI description, one document per
/// component, as (file name, pretty JSON). References between them become relative file
/// references (`Other.schema.json`), so each file stands alone beside the others.
pub fn json_schemas() -> Vec<(String, String)> {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let Some(schemas) = doc.pointer("/components/schemas").and_then(|s| s.as_object()) else {
        return Vec::new();
    };
    schemas
        .iter()
        .map(|(name, schema)| {
            let mut s = schema.clone();
            if let Some(o) = s.as_object_mut() {
                o.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
                o.insert("$id".into(), format!("{name}.schema.json").into());
                o.insert("title".into(), name.clone().into());
            }
            let text = serde_json::to_string_pretty(&s).unwrap_or_default();
            let text = text.replace("\"#/components/schemas/", "\"");
            (format!("{name}.schema.json"), fix_refs(&text) + "\n")
        })
        .collect()
}

/// `"$ref": "Name"` (after the components prefix was cut) → `"$ref": "Name.schema.json"`.
fn fix_refs(text: &str) -> String {
    text.lines()
        .map(|l| match l.trim_start().strip_prefix("\"$ref\": \"") {
            Some(rest) if !rest.starts_with("http") && !rest.contains(".schema.json") => {
                let indent = &l[..l.len() - l.trim_start().len()];
                let (name, tail) = rest.split_once('"').unwrap_or((rest, ""));
                format!("{indent}\"$ref\": \"{name}.schema.json\"{tail}")
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

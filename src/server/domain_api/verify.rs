//! The verify link printed in exports: a receipt, an entry hash or a statement id checked
//! against the log, with the facts it proves.

use super::*;

/// One check of a verification.
#[derive(Serialize, ToSchema)]
pub struct CheckJson {
    /// Stable name: `receipt_format`, `checkpoint_signature`, `witnesses`,
    /// `checkpoint_format`, `entry_format`, `inclusion`, `statement_signature`, or
    /// `entry_in_log` (a citation naming no entry of this log).
    name: String,
    /// Whether it passed.
    passed: bool,
    /// What was checked and found.
    detail: String,
}

/// What a valid receipt proves.
#[derive(Serialize, ToSchema)]
pub struct FactsJson {
    /// Statement kind.
    kind: String,
    /// Log time, ms since the Unix epoch.
    log_time: u64,
    /// Tree size of the checkpoint the receipt proves inclusion in.
    tree_size: u64,
    /// Witnesses whose cosignatures verified.
    witnesses: Vec<String>,
}

/// The server's verdict on one entry or receipt, using only the log's key.
#[derive(Serialize, ToSchema)]
pub struct VerifyResult {
    /// Entry hash, hex (absent when the receipt carries no readable entry).
    entry_hash: Option<String>,
    /// Entry seq (absent when unknown).
    seq: Option<u64>,
    /// Whether every check passed.
    valid: bool,
    /// The checks made, in order; verification stops at the first failure.
    checks: Vec<CheckJson>,
    /// The receipt verified (C2SP tlog-proof text with the entry).
    receipt: Option<String>,
    /// Its compact base64url form.
    receipt_compact: Option<String>,
    /// What the receipt proves, when valid.
    facts: Option<FactsJson>,
    /// What the receipt proves in plain words (who said what, where, under which name, cited
    /// where, answered how), from this server's record, when valid and of this log.
    proves: Option<crate::server::proves::ProvesJson>,
}

/// Verifies a receipt with the log's own key; `input` is receipt text or its compact form.
fn verdict(state: &AppState, input: &str, lang: crate::i18n::Lang) -> VerifyResult {
    // The log's witnesses are named so that their cosignatures are listed; none is required
    // (a receipt made before its checkpoint was witnessed is still valid).
    let witnesses = state.ledger().witness_policy().verifiers();
    let report = verify_receipt(input, state.log().verifier(), &witnesses, 0);
    let text = receipt::from_either(input).ok();
    let parsed = text.as_deref().and_then(|t| TlogProof::parse(t).ok());
    let (entry_hash, seq) = match (&report.facts, &parsed) {
        (Some(f), _) => (Some(hex::encode(f.entry_hash)), Some(f.seq)),
        (None, Some(p)) => (p.extra.as_deref().map(|e| hex::encode(entry_hash(e))), Some(p.index)),
        (None, None) => (None, None),
    };
    let proves = match (&report.facts, &parsed) {
        (Some(f), Some(p)) => {
            p.extra.as_deref().and_then(|e| crate::server::proves::proves_in(state.ledger(), lang, f.seq, e))
        }
        _ => None,
    };
    VerifyResult {
        entry_hash,
        seq,
        proves,
        valid: report.ok(),
        checks: report
            .checks
            .iter()
            .map(|c| CheckJson { name: c.name.into(), passed: c.passed, detail: c.detail.clone() })
            .collect(),
        receipt_compact: text.as_deref().map(receipt::to_compact),
        receipt: text,
        facts: report.facts.map(|f| FactsJson {
            kind: f.kind.name().into(),
            log_time: f.log_time,
            tree_size: f.tree_size,
            witnesses: f.witnesses,
        }),
    }
}

/// The seq of the entry with this entry hash (or, failing that, statement hash).
fn seq_of(state: &AppState, hash: &Id) -> Result<Option<u64>, ApiError> {
    let store = state.log();
    let seq = match store.seq_of_entry(&hash.0)? {
        Some(s) => Some(s),
        None => store.seq_of_statement(&hash.0)?,
    };
    Ok(seq.filter(|s| *s < state.log().latest().size))
}

fn verify_known(state: &AppState, seq: u64) -> Result<VerifyResult, ApiError> {
    let r = state.log().receipt(seq)?;
    Ok(verdict(state, &r, crate::i18n::Lang::EnGb))
}

/// Which entry to verify.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// Entry hash (or statement hash), 64 hex digits.
    entry: String,
}

/// The verify link printed in exports: builds the entry's receipt and verifies it with the
/// log's own key.
#[utoipa::path(get, tag = "domain_api", path = "/v1/verify", params(VerifyQuery),
    responses((status = 200, description = "JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((VerifyResult = "application/json"), (VerifyResult = "application/cbor"))), (status = 406, body = Problem), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn verify_entry(
    State(state): State<AppState>,
    fmt: Format,
    q: Result<Query<VerifyQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query(q)?;
    let hash = parse_id(&q.entry)?;
    let seq = seq_of(&state, &hash)?.ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "unknown_entry", "no entry with this hash is in the log")
    })?;
    Ok(fmt.ok(&verify_known(&state, seq)?))
}

/// A receipt to verify, or the entry hashes of citations: exactly one of the two.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// A receipt: C2SP tlog-proof text with the entry, or its compact base64url form.
    #[serde(default)]
    receipt: Option<String>,
    /// Entry hashes (hex) of cited ideas, as printed in exports; at most 1000.
    #[serde(default)]
    citations: Option<Vec<String>>,
}

/// One verdict per citation.
#[derive(Serialize, ToSchema)]
pub struct VerifyResults {
    /// In the order asked.
    results: Vec<VerifyResult>,
}

/// Verifies an uploaded receipt (the server's verdict, using only the log's key), or each of a
/// list of cited entry hashes (a citation naming no entry fails the `entry_in_log` check).
#[utoipa::path(post, tag = "domain_api", path = "/v1/verify", request_body = VerifyRequest,
    responses((status = 200, description = "a VerifyResult for a receipt, VerifyResults for citations; JSON, or canonical CBOR keyed by field position with Accept: application/cbor (docs/PROTOCOL.md §17)", content((VerifyResult = "application/json"), (VerifyResult = "application/cbor"))), (status = 406, body = Problem),
        (status = 400, body = Problem), (status = 422, body = Problem)))]
pub(in crate::server) async fn verify_post(
    State(state): State<AppState>,
    fmt: Format,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    // `proves` in the language the client prefers (the verify page asks in its own).
    let lang = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::i18n::Lang::from_accept_language)
        .unwrap_or_default();
    let r: VerifyRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request("malformed", format!("the JSON body is not valid: {e}")))?;
    let bad = |detail: &str| ApiError::new(status_of("bad_verify_request"), "bad_verify_request", detail);
    match (r.receipt, r.citations) {
        (Some(receipt), None) => {
            if receipt.trim().is_empty() {
                return Err(bad("the receipt is empty"));
            }
            Ok(fmt.ok(&verdict(&state, &receipt, lang)))
        }
        (None, Some(citations)) => {
            if citations.is_empty() {
                return Err(bad("list at least one citation"));
            }
            if citations.len() > MAX_CITATIONS {
                return Err(ApiError::new(
                    status_of("too_many_citations"),
                    "too_many_citations",
                    format!("at most {MAX_CITATIONS} citations are verified at once"),
                ));
            }
            let hashes = citations.iter().map(|c| parse_id(c.trim())).collect::<Result<Vec<_>, _>>()?;
            let results = tokio::task::spawn_blocking(move || {
                hashes
                    .iter()
                    .map(|h| match seq_of(&state, h)? {
                        Some(seq) => verify_known(&state, seq),
                        None => Ok(VerifyResult {
                            entry_hash: Some(h.hex()),
                            seq: None,
                            valid: false,
                            checks: vec![CheckJson {
                                name: "entry_in_log".into(),
                                passed: false,
                                detail: "no entry with this hash is in this log".into(),
                            }],
                            receipt: None,
                            receipt_compact: None,
                            facts: None,
                            proves: None,
                        }),
                    })
                    .collect::<Result<Vec<_>, ApiError>>()
            })
            .await
            .map_err(ApiError::internal)??;
            Ok(fmt.ok(&VerifyResults { results }))
        }
        _ => Err(bad("send exactly one of `receipt` and `citations`")),
    }
}

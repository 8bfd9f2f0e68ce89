//! The HTTP API, driven with `oneshot` (no socket) and over a real socket on 127.0.0.1:0.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use common::*;
use heard::protocol::receipt::verify_receipt;
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn state(dir: &std::path::Path, config: ServerConfig) -> AppState {
    AppState::new(open_ledger(dir), config)
}

async fn call(router: axum::Router, req: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let r = router.oneshot(req).await.unwrap();
    let status = r.status();
    let ct = r.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, ct, body)
}

fn submit_json(statement: &[u8], sig: &[u8]) -> Request<Body> {
    let body = serde_json::json!({"statement": B64.encode(statement), "signature": B64.encode(sig)});
    Request::post("/v1/statements")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn problem(body: &[u8]) -> (String, String) {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    (v["code"].as_str().unwrap().to_string(), v["detail"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn submit_returns_a_verifiable_receipt_and_entries_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let st = state(dir.path(), ServerConfig::default());
    let key = st.log().verifier().clone();
    let router = app(st);
    let (b, s) = enrolment(1);
    let (status, ct, body) = call(router.clone(), submit_json(&b, &s)).await;
    assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    assert_eq!(ct, "application/json");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["seq"], 0);
    assert!(verify_receipt(v["receipt"].as_str().unwrap(), &key, &[], 0).ok());
    assert!(verify_receipt(v["receipt_compact"].as_str().unwrap(), &key, &[], 0).ok());

    let (status, _, body) = call(router.clone(), Request::get("/v1/entries/0").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let e: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(e["entry_hash"], v["entry_hash"]);
    assert_eq!(e["kind"], "enrol");
    let by_hash = format!("/v1/entries/by-hash/{}", e["statement_hash"].as_str().unwrap());
    let (status, _, _) = call(router.clone(), Request::get(by_hash).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);

    let (status, ct, body) = call(router.clone(), Request::get("/v1/checkpoint").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("text/plain"));
    assert!(String::from_utf8(body).unwrap().starts_with(&format!("{ORIGIN}\n1\n")));

    // CBOR in and out.
    let (b2, s2) = enrolment(2);
    #[derive(serde::Serialize)]
    struct Wire {
        #[serde(with = "serde_bytes")]
        statement: Vec<u8>,
        #[serde(with = "serde_bytes")]
        signature: Vec<u8>,
    }
    let cbor = heard::protocol::cbor::encode(&Wire { statement: b2, signature: s2.to_vec() }).unwrap();
    let req = Request::post("/v1/statements")
        .header(header::CONTENT_TYPE, "application/cbor")
        .header(header::ACCEPT, "application/cbor")
        .body(Body::from(cbor))
        .unwrap();
    let (status, ct, _) = call(router.clone(), req).await;
    assert_eq!((status, ct.as_str()), (StatusCode::CREATED, "application/cbor"));
}

#[tokio::test]
async fn every_error_has_its_status_and_code_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let st = state(dir.path(), ServerConfig { max_body: 4096, ..Default::default() });
    let log = st.log().clone();
    let router = app(st);
    let (b, s) = enrolment(1);
    assert_eq!(call(router.clone(), submit_json(&b, &s)).await.0, StatusCode::CREATED);
    let before = log.latest();

    let stranger_enrol = {
        use heard::attribution::kinds::{ACTION_ENROL, Body, EnrolBody, Id, Role};
        let k = author(9);
        let body = Body::Enrol(EnrolBody {
            key: Id([5; 32]),
            role: Role::Witness.code(),
            name: "x".into(),
            action: ACTION_ENROL,
        });
        heard::protocol::statement::Statement {
            kind: heard::protocol::statement::Kind::Enrol,
            time: 1,
            author: k.verifying_key().to_bytes(),
            body: body.encode().unwrap(),
        }
        .sign(&k)
    };
    let mut bad_sig = s;
    bad_sig[3] ^= 1;
    let (b2, s2) = enrolment(2);
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (submit_json(&b2, &bad_sig), StatusCode::UNAUTHORIZED, "bad_signature"),
        (submit_json(&b, &s), StatusCode::CONFLICT, "duplicate"),
        (submit_json(&b2[..10], &s2), StatusCode::BAD_REQUEST, "truncated"),
        (Request::post("/v1/statements").body(Body::from("{not json")).unwrap(), StatusCode::BAD_REQUEST, "malformed"),
        (
            Request::post("/v1/statements").body(Body::from(r#"{"statement":"!!","signature":"AA=="}"#)).unwrap(),
            StatusCode::BAD_REQUEST,
            "malformed",
        ),
        (
            Request::post("/v1/statements").body(Body::from(vec![b'x'; 10_000])).unwrap(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            Request::post("/v1/statements")
                .header(header::CONTENT_TYPE, "application/cbor")
                .body(Body::from(vec![0x81; 2000]))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "malformed",
        ),
        (Request::get("/v1/entries/99").body(Body::empty()).unwrap(), StatusCode::NOT_FOUND, "not_found"),
        (Request::get("/v1/entries/x").body(Body::empty()).unwrap(), StatusCode::BAD_REQUEST, "malformed"),
        (Request::get("/v1/receipts/5").body(Body::empty()).unwrap(), StatusCode::NOT_FOUND, "unknown_entry"),
        (
            Request::get("/v1/proofs/inclusion?index=3&size=1").body(Body::empty()).unwrap(),
            StatusCode::BAD_REQUEST,
            "out_of_range",
        ),
        (Request::get("/nowhere").body(Body::empty()).unwrap(), StatusCode::NOT_FOUND, "not_found"),
        // Well-formed and well-signed, but the policy refuses it: a stranger cannot enrol keys.
        (submit_json(&stranger_enrol.0, &stranger_enrol.1), StatusCode::FORBIDDEN, "not_operator"),
    ];
    for (req, status, code) in cases {
        let (got, ct, body) = call(router.clone(), req).await;
        assert_eq!(got, status, "{code}: {}", String::from_utf8_lossy(&body));
        assert_eq!(ct, "application/problem+json", "{code}");
        assert_eq!(problem(&body).0, code);
        assert_eq!(log.latest(), before, "{code} changed the log");
    }
}

#[tokio::test]
async fn writes_over_the_rate_limit_get_429() {
    let dir = tempfile::tempdir().unwrap();
    let st = state(dir.path(), ServerConfig { write_burst: 3, writes_per_second: 0.001, ..Default::default() });
    let log = st.log().clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(heard::server::run(listener, st, async {
        let _ = rx.await;
    }));
    let client = reqwest_like::Client::new(addr);
    let mut statuses = Vec::new();
    for i in 0..5 {
        let (b, s) = enrolment(100 + i);
        statuses.push(client.submit(&b, &s).await);
    }
    assert_eq!(statuses[..3], [201, 201, 201]);
    assert_eq!(statuses[3..], [429, 429]);
    assert_eq!(log.latest().size, 3);
    let _ = tx.send(());
    server.await.unwrap().unwrap();
}

/// A minimal HTTP client over a real socket (hyper's client via axum's dependencies would do
/// too; raw HTTP/1.1 keeps the test free of another dependency).
mod reqwest_like {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    pub struct Client(std::net::SocketAddr);
    impl Client {
        pub fn new(addr: std::net::SocketAddr) -> Self {
            Client(addr)
        }
        pub async fn submit(&self, statement: &[u8], sig: &[u8]) -> u16 {
            let body =
                serde_json::json!({"statement": B64.encode(statement), "signature": B64.encode(sig)}).to_string();
            let mut s = tokio::net::TcpStream::connect(self.0).await.unwrap();
            let req = format!(
                "POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            s.write_all(req.as_bytes()).await.unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).await.unwrap();
            out.split(' ').nth(1).unwrap().parse().unwrap()
        }
    }
}

#[test]
fn the_committed_openapi_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/openapi.json")).unwrap();
    assert!(
        committed == heard::server::openapi_json(),
        "schemas/openapi.json is stale: run `cargo run -- openapi > schemas/openapi.json`"
    );
}

fn hanging_submit() -> Request<Body> {
    // A body that never arrives.
    let stream = futures_util::stream::pending::<Result<axum::body::Bytes, std::io::Error>>();
    Request::post("/v1/statements").body(Body::from_stream(stream)).unwrap()
}

#[tokio::test]
async fn a_body_that_never_arrives_gets_408_at_the_body_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig { body_timeout: std::time::Duration::from_millis(200), ..Default::default() };
    let st = state(dir.path(), config);
    let (status, ct, body) = call(app(st), hanging_submit()).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(ct, "application/problem+json");
    assert_eq!(problem(&body).0, "body_timeout");
}

#[tokio::test]
async fn requests_over_the_concurrency_limit_get_503() {
    let dir = tempfile::tempdir().unwrap();
    let st = state(dir.path(), ServerConfig { concurrency: 1, ..Default::default() });
    let router = app(st);
    let mut svc = router.clone().into_service::<Body>();
    // Hold the only slot with an append polled once: it waits for its entry to be durable
    // and, not polled again, keeps the slot. (Bodies are read before a request takes a slot,
    // so a body that never arrives no longer holds one.) Should an append be answered within
    // its first poll, it has let the slot go, and another is tried.
    let mut held = None;
    for i in 0..100 {
        use tower::Service;
        std::future::poll_fn(|cx| svc.poll_ready(cx)).await.unwrap();
        let (b, s) = enrolment(1000 + i);
        let mut fut = Box::pin(svc.call(submit_json(&b, &s)));
        if futures_util::poll!(fut.as_mut()).is_pending() {
            held = Some(fut);
            break;
        }
    }
    let held = held.expect("an append still waiting after its first poll");
    let (status, _, body) = call(router.clone(), Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(problem(&body).0, "overloaded");
    drop(held);
    let (status, _, _) = call(router, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_same_statement_submitted_concurrently_over_http_is_logged_once() {
    let dir = tempfile::tempdir().unwrap();
    let st = state(dir.path(), ServerConfig::default());
    let log = st.log().clone();
    let router = app(st);
    let (b, s) = enrolment(77);
    let calls: Vec<_> = (0..8).map(|_| tokio::spawn(call(router.clone(), submit_json(&b, &s)))).collect();
    let mut statuses = Vec::new();
    for c in calls {
        statuses.push(c.await.unwrap().0);
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 7, "{statuses:?}");
    assert_eq!(log.latest().size, 1);
}

#[test]
fn the_committed_json_schemas_match_the_code_and_their_references_resolve() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/json"));
    let generated = heard::server::json_schemas();
    assert!(generated.iter().any(|(n, _)| n == "SubmitRequest.schema.json"));
    let mut committed: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    committed.sort();
    let mut names: Vec<String> = generated.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(committed, names, "schemas/json is stale: run `cargo run -- openapi --json-schemas schemas/json`");
    for (name, text) in &generated {
        assert_eq!(&std::fs::read_to_string(dir.join(name)).unwrap(), text, "{name} is stale");
        for r in text.split("\"$ref\": \"").skip(1) {
            let target = r.split('"').next().unwrap();
            assert!(dir.join(target).is_file(), "{name} refers to missing {target}");
        }
    }
}

/// The served checkpoint is the log's own checkpoint at its latest size, byte for byte: when
/// empty, after appends, with a witness's cosignature, and after a restart (when the latest
/// note comes from the store, not from the writer).
#[tokio::test]
async fn the_served_checkpoint_is_the_logs_checkpoint_at_its_size() {
    async fn served(router: &axum::Router) -> String {
        let (status, ct, body) =
            call(router.clone(), Request::get("/v1/checkpoint").body(Body::empty()).unwrap()).await;
        assert_eq!((status, ct.as_str()), (StatusCode::OK, "text/plain; charset=utf-8"));
        String::from_utf8(body).unwrap()
    }
    let dir = tempfile::tempdir().unwrap();
    let cosigner = heard::protocol::note::Cosigner::new("witness.test", [5; 32]).unwrap();
    let with_witness = |dir: &std::path::Path| {
        let ledger = open_ledger(dir).with_witnesses(vec![cosigner.verifier()]).unwrap();
        AppState::new(ledger, ServerConfig::default())
    };
    let st = with_witness(dir.path());
    let router = app(st.clone());
    assert_eq!(served(&router).await, st.log().checkpoint_at(0).unwrap());

    for i in 0..3 {
        let (b, s) = enrolment(i);
        let (status, _, body) = call(router.clone(), submit_json(&b, &s)).await;
        assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    }
    let plain = served(&router).await;
    assert_eq!(plain, st.log().checkpoint_at(3).unwrap());
    assert!(plain.starts_with(&format!("{ORIGIN}\n3\n")), "{plain}");

    let witness_state = tempfile::tempdir().unwrap();
    let witness = heard::witness::Witness::new(cosigner.clone(), st.log().verifier().clone(), witness_state.path());
    let line = witness.add_checkpoint(&plain, &[], 1_700_000_000).unwrap();
    let body = serde_json::json!({ "witness_key": cosigner.verifier().to_text(), "note": format!("{plain}{line}") });
    let req = Request::post("/v1/cosignatures")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, _, body) = call(router.clone(), req).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let cosigned = served(&router).await;
    assert_eq!(cosigned, format!("{plain}{line}"), "the cosignature is served after the log's signature");
    assert_eq!(cosigned, st.log().checkpoint_at(3).unwrap());

    st.ledger().close().expect("closed cleanly");
    drop((router, st));
    let st = with_witness(dir.path());
    let router = app(st.clone());
    assert_eq!(served(&router).await, cosigned, "the same bytes after a restart");
    assert_eq!(served(&router).await, st.log().checkpoint_at(3).unwrap());
}

/// Regression: `GET /v1/proofs/consistency?old=0` answered 400 `out_of_range`, although
/// PROTOCOL §5 (and RFC 9162's empty tree, a prefix of every tree) makes it an empty proof.
#[tokio::test]
async fn a_consistency_proof_from_size_0_is_empty_not_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    let st = state(dir.path(), ServerConfig::default());
    let router = app(st);
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    // Size 0 to size 0, on the empty log.
    let (status, _, body) = call(router.clone(), get("/v1/proofs/consistency?old=0&new=0")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    for i in 1..=3 {
        let (b, s) = enrolment(i);
        assert_eq!(call(router.clone(), submit_json(&b, &s)).await.0, StatusCode::CREATED);
    }
    for (uri, size) in [("/v1/proofs/consistency?old=0&new=3", 3), ("/v1/proofs/consistency?old=0", 3)] {
        let (status, _, body) = call(router.clone(), get(uri)).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {}", String::from_utf8_lossy(&body));
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v, serde_json::json!({"hashes": [], "size": size}), "{uri}");
    }
    // Bad inputs still get their codes: beyond the tree, backwards, not a number.
    for (uri, code) in [
        ("/v1/proofs/consistency?old=0&new=4", "out_of_range"),
        ("/v1/proofs/consistency?old=3&new=2", "out_of_range"),
        ("/v1/proofs/consistency?old=-1&new=2", "malformed"),
    ] {
        let (status, ct, body) = call(router.clone(), get(uri)).await;
        assert_eq!((status, ct.as_str()), (StatusCode::BAD_REQUEST, "application/problem+json"), "{uri}");
        assert_eq!(problem(&body).0, code, "{uri}");
    }
}

/// Regression: the served OpenAPI description declared 13 query parameters (`from`, `limit`,
/// `old`, `new`, `index`, `size`, `format`, `entry`, …) as `"in": "path"`, and its list of
/// error codes left out `out_of_range` and `malformed_cosignature`.
#[tokio::test]
async fn openapi_declared_query_parameters_as_path_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let router = app(state(dir.path(), ServerConfig::default()));
    let (status, _, body) = call(router, Request::get("/v1/openapi.json").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let mut query = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let (name, place) = (p["name"].as_str().unwrap(), p["in"].as_str().unwrap());
                match place {
                    // A path parameter is one the path template names.
                    "path" => {
                        assert!(path.contains(&format!("{{{name}}}")), "{method} {path}: `{name}` is not in the path")
                    }
                    "query" => {
                        query.insert(format!("{method} {path} {name}"));
                    }
                    other => panic!("{method} {path}: `{name}` is in {other}"),
                }
            }
        }
    }
    let want = [
        "get /v1/entries from",
        "get /v1/entries limit",
        "get /v1/proofs/inclusion index",
        "get /v1/proofs/inclusion size",
        "get /v1/proofs/consistency old",
        "get /v1/proofs/consistency new",
        "get /v1/receipts/{seq} format",
        "get /v1/consultations limit",
        "get /v1/consultations before",
        "get /v1/reports team",
        "get /v1/reports title",
        "get /v1/reports version",
        "get /v1/verify entry",
        "get /v1/search q",
        "get /v1/search consultation",
        "get /v1/search tag",
        "get /v1/search contributor",
        "get /v1/search from",
        "get /v1/search to",
        "get /v1/search cited",
        "get /v1/search answered",
        "get /v1/search page",
    ];
    let want: std::collections::BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
    assert_eq!(query, want);
    let codes = doc["components"]["schemas"]["Problem"]["properties"]["code"]["description"].as_str().unwrap();
    for code in ["out_of_range", "malformed_cosignature", "malformed", "unknown_entry", "bad_tile_path"] {
        assert!(codes.contains(&format!("`{code}`")), "`{code}` is not among the documented codes: {codes}");
    }
}

/// Regression: the log's key could be had only from `/v1/keys`; it is also served as one line
/// of text at a well-known path, the same key.
#[tokio::test]
async fn the_log_key_had_no_well_known_path() {
    let dir = tempfile::tempdir().unwrap();
    let st = state(dir.path(), ServerConfig::default());
    let key = st.log().verifier().to_text();
    let router = app(st);
    let (status, ct, body) =
        call(router.clone(), Request::get("/.well-known/heard/log-key").body(Body::empty()).unwrap()).await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "text/plain; charset=utf-8"));
    assert_eq!(String::from_utf8(body).unwrap(), format!("{key}\n"));
    let (_, _, keys) = call(router, Request::get("/v1/keys").body(Body::empty()).unwrap()).await;
    let v: serde_json::Value = serde_json::from_slice(&keys).unwrap();
    assert_eq!(v["log"], key.as_str());
    // The served key verifies the served checkpoint.
    heard::protocol::note::NoteVerifier::from_text(&key).unwrap();
}

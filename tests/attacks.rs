//! Regressions for the holes an independent audit found in the live API (issue 21, section 1),
//! each named after what broke:
//!
//! - anyone could spoil every receipt by posting cosignatures from fresh keys (101 strangers
//!   made the checkpoint carry 102 signature lines, which Go's `note.Open` and Heard's own
//!   verifier refuse);
//! - one address could take the API down for everyone by announcing bodies it never sent;
//! - an oversized `POST /verify` form answered 400 instead of 413.

use crate::world;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use heard::attribution::kinds::Role;
use heard::ledger::Ledger;
use heard::log::MAX_COSIGNATURES;
use heard::protocol::note::{Cosigner, Note};
use heard::protocol::receipt::verify_receipt;
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;
use world::*;

/// A witness key that nobody configured or enrolled.
fn stranger(n: u32) -> Cosigner {
    let mut seed = [9u8; 32];
    seed[..4].copy_from_slice(&n.to_be_bytes());
    Cosigner::new(&format!("stranger{n}.example"), seed).expect("cosigner")
}

/// `who`'s cosignature over the log's latest checkpoint, as `POST /v1/cosignatures` takes it.
fn cosignature_request(ledger: &Ledger, who: &Cosigner) -> Request<HttpBody> {
    let note = ledger.log().latest().note;
    let text = Note::parse(&note).expect("note").text;
    let line = who.cosign(&text, 1_700_000_000).expect("cosign");
    let body = serde_json::json!({ "witness_key": who.verifier().to_text(), "note": format!("{note}{line}") });
    Request::post("/v1/cosignatures")
        .header(header::CONTENT_TYPE, "application/json")
        .body(HttpBody::from(body.to_string()))
        .expect("request")
}

async fn send(router: &axum::Router, req: Request<HttpBody>) -> (StatusCode, String, String) {
    let r = router.clone().oneshot(req).await.expect("answer");
    let status = r.status();
    let ct = r.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let body = r.into_body().collect().await.expect("body").to_bytes();
    (status, ct, String::from_utf8_lossy(&body).into_owned())
}

fn code_of(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["code"].as_str().map(str::to_string))
        .unwrap_or_default()
}

async fn checkpoint(router: &axum::Router) -> String {
    let (status, _, body) = send(router, Request::get("/v1/checkpoint").body(HttpBody::empty()).expect("req")).await;
    assert_eq!(status, StatusCode::OK);
    body
}

fn signature_lines(note: &str) -> usize {
    note.lines().filter(|l| l.starts_with('\u{2014}')).count()
}

#[test]
fn strangers_cosignatures_cannot_spoil_receipts() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let w = World::new();
    let enrolled = Cosigner::new("enrolled.witness.example", [61; 32]).expect("cosigner");
    let configured = Cosigner::new("configured.witness.example", [62; 32]).expect("cosigner");
    w.enrol(&key(1), Role::Facilitator, "Amara");
    w.enrol(&ed25519_dalek::SigningKey::from_bytes(&[61; 32]), Role::Witness, "The library's witness");
    let ledger = w.ledger.clone().with_witnesses(vec![configured.verifier()]).expect("witnesses");
    let router = app(AppState::new(ledger.clone(), ServerConfig::default()));
    let size = ledger.log().latest().size;

    // 101 fresh keys: every one refused, nothing stored.
    for n in 0..101 {
        let (status, _, body) = rt.block_on(send(&router, cosignature_request(&ledger, &stranger(n))));
        assert_eq!((status, code_of(&body).as_str()), (StatusCode::FORBIDDEN, "unknown_witness"), "{body}");
    }
    let note = rt.block_on(checkpoint(&router));
    assert_eq!(signature_lines(&note), 1, "only the log's own signature:\n{note}");
    let receipt = ledger.log().receipt(0).expect("receipt");
    assert!(verify_receipt(&receipt, ledger.log().verifier(), &[], 0).ok(), "{receipt}");

    // The configured and the enrolled witness are accepted, one line each however often
    // they post; a witness key of the wrong type is not a witness.
    for who in [&configured, &enrolled, &configured, &enrolled] {
        let (status, _, body) = rt.block_on(send(&router, cosignature_request(&ledger, who)));
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let note = rt.block_on(checkpoint(&router));
    assert_eq!(signature_lines(&note), 3, "the log and two witnesses, once each:\n{note}");
    assert!(
        note.contains("\u{2014} configured.witness.example ") && note.contains("\u{2014} enrolled.witness.example ")
    );
    let receipt = ledger.log().receipt(0).expect("receipt");
    let both = [configured.verifier(), enrolled.verifier()];
    assert!(verify_receipt(&receipt, ledger.log().verifier(), &both, 2).ok(), "{receipt}");

    // A revoked witness's line is dropped when the ledger next opens with its witnesses.
    let stored_by_hand = stranger(500);
    let text = Note::parse(&ledger.log().latest().note).expect("note").text;
    let line = stored_by_hand.cosign(&text, 1).expect("cosign");
    ledger
        .store()
        .unwrap()
        .put_cosignature(size, stored_by_hand.verifier().public_key(), &line, MAX_COSIGNATURES)
        .expect("put");
    assert_eq!(signature_lines(&rt.block_on(checkpoint(&router))), 4, "the line stored past the door is served");
    let reopened = ledger.clone().with_witnesses(vec![configured.verifier()]).expect("witnesses");
    assert_eq!(signature_lines(&reopened.log().checkpoint_at(size).expect("note")), 3, "the stranger's line is gone");
}

#[test]
fn a_checkpoint_carries_at_most_the_cap_of_cosignatures() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let w = World::new();
    // More enrolled witnesses than a checkpoint keeps cosignatures from.
    let witnesses: Vec<Cosigner> = (0..MAX_COSIGNATURES as u8 + 3)
        .map(|n| {
            let seed = [100 + n; 32];
            w.enrol(&ed25519_dalek::SigningKey::from_bytes(&seed), Role::Witness, &format!("witness {n}"));
            Cosigner::new(&format!("w{n}.example"), seed).expect("cosigner")
        })
        .collect();
    let router = app(AppState::new(w.ledger.clone(), ServerConfig::default()));
    for (i, who) in witnesses.iter().enumerate() {
        let (status, _, body) = rt.block_on(send(&router, cosignature_request(&w.ledger, who)));
        if i < MAX_COSIGNATURES {
            assert_eq!(status, StatusCode::OK, "{body}");
        } else {
            assert_eq!((status, code_of(&body).as_str()), (StatusCode::CONFLICT, "cosignatures_full"), "{body}");
        }
    }
    // A witness already counted may still replace its own line.
    let (status, _, body) = rt.block_on(send(&router, cosignature_request(&w.ledger, &witnesses[0])));
    assert_eq!(status, StatusCode::OK, "{body}");
    let note = rt.block_on(checkpoint(&router));
    assert_eq!(signature_lines(&note), 1 + MAX_COSIGNATURES);
    let receipt = w.ledger.log().receipt(0).expect("receipt");
    assert!(verify_receipt(&receipt, w.ledger.log().verifier(), &[], 0).ok(), "{receipt}");
}

#[tokio::test]
async fn an_oversized_verify_form_is_refused_with_413() {
    let w = World::new();
    let router = app(AppState::new(w.ledger.clone(), ServerConfig::default()));
    let form = format!("receipt={}", "A".repeat(300 * 1024));
    for announce_length in [true, false] {
        let mut req = Request::post("/verify")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml");
        if announce_length {
            req = req.header(header::CONTENT_LENGTH, form.len());
        }
        // Without a length, the body arrives as a stream of chunks of unknown total size.
        let body = if announce_length {
            HttpBody::from(form.clone())
        } else {
            let chunks = form.as_bytes().chunks(8192).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>();
            HttpBody::from_stream(futures_util::stream::iter(chunks))
        };
        let (status, ct, page) = send(&router, req.body(body).expect("req")).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{page}");
        assert!(ct.starts_with("text/html"), "a browser gets a page: {ct}");
        assert!(page.contains("larger than this service accepts"), "{page}");
    }
    // An API client gets the problem document.
    let req = Request::post("/verify")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(HttpBody::from(form))
        .expect("req");
    let (status, ct, body) = send(&router, req).await;
    assert_eq!((status, code_of(&body).as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    assert!(ct.starts_with("application/problem+json"), "{ct}");
}

/// A fresh facilitator key for each `n`.
fn facilitator(n: u64) -> ed25519_dalek::SigningKey {
    let mut seed = [3u8; 32];
    seed[..8].copy_from_slice(&n.to_be_bytes());
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

/// One HTTP/1.1 exchange from `source` (an address of the loopback network), with a
/// deadline; the status, or `None` when no answer came in time.
async fn exchange(server: SocketAddr, source: &str, request: &[u8], within: Duration) -> Option<(u16, String)> {
    let go = async {
        let socket = tokio::net::TcpSocket::new_v4().ok()?;
        socket.bind(format!("{source}:0").parse().ok()?).ok()?;
        let mut s = socket.connect(server).await.ok()?;
        s.write_all(request).await.ok()?;
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).await.ok()?;
        let answer = String::from_utf8_lossy(&answer).into_owned();
        Some((answer.split(' ').nth(1)?.parse().ok()?, answer))
    };
    tokio::time::timeout(within, go).await.ok().flatten()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_announced_and_never_sent_do_not_take_the_api_down() {
    let w = World::new();
    // The write limit is set high, so that only the new guards stand between the attacker
    // and the server's 1,024 concurrency slots.
    let config = ServerConfig {
        write_burst: 100_000,
        writes_per_second: 100_000.0,
        body_timeout: Duration::from_secs(2),
        ..ServerConfig::default()
    };
    let (open_cap, concurrency) = (config.open_per_address, config.concurrency);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let server = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(heard::server::run(listener, AppState::new(w.ledger.clone(), config), async {
        let _ = stopped.await;
    }));

    // From 127.0.0.1: more requests than the server has slots, each announcing a body it
    // never sends.
    let announce = b"POST /v1/statements HTTP/1.1\r\nHost: heard\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    let mut attackers = Vec::new();
    for _ in 0..concurrency + 100 {
        let mut s = tokio::net::TcpStream::connect(server).await.expect("connect");
        s.write_all(announce).await.expect("write");
        attackers.push(s);
    }

    // From 127.0.0.2, throughout: /healthz and an append each answer within a second.
    let started = Instant::now();
    let mut appended = 0u64;
    while started.elapsed() < Duration::from_millis(1500) {
        let health = exchange(
            server,
            "127.0.0.2",
            b"GET /healthz HTTP/1.1\r\nHost: heard\r\nConnection: close\r\n\r\n",
            Duration::from_secs(1),
        )
        .await;
        assert_eq!(
            health.as_ref().map(|h| h.0),
            Some(200),
            "/healthz from another address during the attack: {health:?}"
        );
        let (statement, signature) = w.sign(
            &w.operator,
            &heard::attribution::kinds::Body::Enrol(heard::attribution::kinds::EnrolBody {
                key: pk(&facilitator(appended)),
                role: Role::Facilitator.code(),
                name: format!("Facilitator {appended}"),
                action: heard::attribution::kinds::ACTION_ENROL,
            }),
        );
        let body =
            serde_json::json!({ "statement": B64.encode(&statement), "signature": B64.encode(signature) }).to_string();
        let req = format!(
            "POST /v1/statements HTTP/1.1\r\nHost: heard\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let status = exchange(server, "127.0.0.2", req.as_bytes(), Duration::from_secs(1)).await;
        assert_eq!(
            status.as_ref().map(|s| s.0),
            Some(201),
            "an append from another address during the attack: {status:?}"
        );
        appended += 1;
    }
    assert!(appended > 0);

    // The attacker's own requests: those over its address's cap were refused at once (429),
    // the others end at the body deadline (408); none is left holding the server.
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for mut s in attackers {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "an attacker's request was still open 10 s later");
        let status = String::from_utf8_lossy(&answer).split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        *statuses.entry(status).or_default() += 1;
    }
    assert_eq!(statuses.get(&408).copied(), Some(open_cap), "{statuses:?}");
    assert_eq!(statuses.get(&429).copied(), Some(concurrency + 100 - open_cap), "{statuses:?}");
    let _ = stop.send(());
    served.await.expect("join").expect("served");
}

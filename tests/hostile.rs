//! Hostile input over HTTP, written by hand: each request gets its documented status and
//! stable code as problem+json, and nothing is written (log size, root, checkpoint and every
//! domain row unchanged; an idea's stored text unchanged).
//!
//! What `tests/http_api.rs` already covers exactly is not repeated here: a body over the
//! server's limit (413 `payload_too_large`), a CBOR envelope nested 2000 deep, a replayed
//! enrolment (409 `duplicate`), sequential writes over the rate limit (429). This file adds
//! the cases inside a body that fits: an oversized statement, deep nesting inside the
//! statement, its body and JSON, invalid UTF-8 everywhere text is read, huge base64, replays
//! of an idea with other words and in the CBOR form, statements signed by revoked and
//! rotated-out keys, claims with a wrong and a reused code, and a concurrent burst over the
//! rate limit.

use crate::world;

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use heard::attribution::claim::ClaimCard;
use heard::attribution::kinds::*;
use heard::ledger::IdeaText;
use heard::protocol::cbor;
use heard::protocol::statement::{Kind, Statement};
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use serde::Serialize;
use tower::ServiceExt;
use world::*;

struct Got {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

impl Got {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }
}

async fn send(router: &axum::Router, req: Request<HttpBody>) -> Got {
    let r = router.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let content_type =
        r.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    Got { status, content_type, body }
}

fn post(path: &str, content_type: &str, body: impl Into<HttpBody>) -> Request<HttpBody> {
    Request::post(path).header(header::CONTENT_TYPE, content_type).body(body.into()).unwrap()
}

fn submit_json(statement: &[u8], sig: &[u8], content: Option<&IdeaText>) -> Request<HttpBody> {
    let mut v = serde_json::json!({"statement": B64.encode(statement), "signature": B64.encode(sig)});
    if let Some(c) = content {
        v["content"] = serde_json::json!({"text": c.text, "salt": B64.encode(&c.salt)});
    }
    post("/v1/statements", "application/json", v.to_string())
}

/// The CBOR form of a submission: `{0: statement, 1: signature, 2: content}`.
#[derive(Serialize)]
struct Wire {
    #[serde(with = "serde_bytes")]
    statement: Vec<u8>,
    #[serde(with = "serde_bytes")]
    signature: Vec<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<IdeaText>,
}

fn submit_cbor(statement: &[u8], sig: &[u8], content: Option<IdeaText>) -> Vec<u8> {
    cbor::encode(&Wire { statement: statement.to_vec(), signature: sig.to_vec(), content }).unwrap()
}

/// A world with a council, a facilitator and a consultation, served by the router.
struct Setup {
    w: World,
    router: axum::Router,
    council: SigningKey,
    facilitator: SigningKey,
    c: Id,
}

fn setup() -> Setup {
    let w = World::new();
    let (council, facilitator) = (key(1), key(3));
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Drop-in", &council, None);
    let router = app(AppState::new(w.ledger.clone(), ServerConfig::default()));
    Setup { w, router, council, facilitator, c }
}

impl Setup {
    /// Sends `req`, asserts the status and code as problem+json, and that nothing changed.
    async fn refused(&self, req: Request<HttpBody>, status: StatusCode, code: &str) -> String {
        let before = self.w.snapshot();
        let checkpoint = self.w.ledger.log().latest().note;
        let got = send(&self.router, req).await;
        let text = String::from_utf8_lossy(&got.body).to_string();
        assert_eq!(got.status, status, "{code}: {text}");
        assert_eq!(got.content_type, "application/problem+json", "{code}: {text}");
        let p = got.json();
        assert_eq!(p["code"], code, "{text}");
        assert_eq!(p["status"], status.as_u16());
        assert_eq!(p["type"], format!("urn:heard:problem:{code}"));
        assert!(!p["detail"].as_str().unwrap_or_default().is_empty(), "{code}: a refusal says why");
        assert_eq!(self.w.snapshot(), before, "{code}: a refusal wrote something");
        assert_eq!(self.w.ledger.log().latest().note, checkpoint, "{code}: the checkpoint changed");
        text
    }

    /// Signs `body` by `who`, submits it over HTTP and expects 201.
    async fn ok(&self, who: &SigningKey, body: &Body) {
        let (st, sig) = self.signed(who, body);
        let got = send(&self.router, submit_json(&st, &sig, None)).await;
        assert_eq!(got.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&got.body));
    }

    /// Signs `body` by `who` (the next author time).
    fn signed(&self, who: &SigningKey, body: &Body) -> (Vec<u8>, [u8; 64]) {
        self.w.sign(who, body)
    }

    /// An idea recorded by the facilitator, optionally on a card, submitted over HTTP: its id.
    async fn idea(&self, text: &str, card: Option<&ClaimCard>) -> (Id, (Vec<u8>, [u8; 64]), IdeaText) {
        let t = IdeaText { salt: vec![9; 32], text: text.into() };
        let mut b = idea_body(self.c, Consent::Anonymous, None, card.map(|c| c.hash));
        b.digest = Id(t.digest());
        let s = self.signed(&self.facilitator, &Body::Idea(b));
        let got = send(&self.router, submit_json(&s.0, &s.1, Some(&t))).await;
        assert_eq!(got.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&got.body));
        (Id(heard::protocol::statement::statement_hash(&s.0)), s, t)
    }
}

/// An enrolment (or revocation) of `k` as a facilitator.
fn enrol(k: &SigningKey, action: u8) -> Body {
    Body::Enrol(EnrolBody { key: pk(k), role: Role::Facilitator.code(), name: "A facilitator".into(), action })
}

/// Runs an async test body on a runtime, after the synchronous set-up.
fn run<F: std::future::Future<Output = ()>>(s: Setup, f: impl FnOnce(Setup) -> F) {
    tokio::runtime::Runtime::new().unwrap().block_on(f(s));
}

/// A statement whose body bytes are `body`, signed by `who`: it passes every envelope check.
fn raw_statement(who: &SigningKey, kind: Kind, body: Vec<u8>) -> (Vec<u8>, [u8; 64]) {
    Statement { kind, time: 1_800_000_000_000, author: who.verifying_key().to_bytes(), body }.sign(who)
}

/// `n` nested one-element CBOR arrays around an integer.
fn nested_cbor(n: usize) -> Vec<u8> {
    let mut v = vec![0x81; n];
    v.push(0x01);
    v
}

#[test]
fn deep_nesting_in_the_statement_its_body_and_the_json_is_malformed() {
    run(setup(), |s| async move {
        // The statement bytes themselves: a CBOR value nested 60,000 deep (a stack-overflow
        // attempt; the decoder's depth limit refuses it).
        let deep = nested_cbor(60_000);
        s.refused(submit_json(&deep, &[0; 64], None), StatusCode::BAD_REQUEST, "malformed").await;
        // A well-formed, well-signed envelope whose body is nested 10,000 deep.
        let (b, sig) = raw_statement(&s.facilitator, Kind::Consultation, nested_cbor(10_000));
        s.refused(submit_json(&b, &sig, None), StatusCode::BAD_REQUEST, "malformed_body").await;
        // The same through the CBOR request form.
        s.refused(
            post("/v1/statements", "application/cbor", submit_cbor(&b, &sig, None)),
            StatusCode::BAD_REQUEST,
            "malformed_body",
        )
        .await;
        // JSON nested 50,000 deep.
        let json = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
        s.refused(post("/v1/statements", "application/json", json.clone()), StatusCode::BAD_REQUEST, "malformed").await;
        s.refused(post("/v1/verify", "application/json", json), StatusCode::BAD_REQUEST, "malformed").await;
        let cosign = format!("{{\"witness_key\": {}1{}, \"note\": \"\"}}", "[".repeat(50_000), "]".repeat(50_000));
        s.refused(post("/v1/cosignatures", "application/json", cosign), StatusCode::BAD_REQUEST, "malformed").await;
    });
}

#[test]
fn invalid_utf8_anywhere_text_is_read_is_refused() {
    run(setup(), |s| async move {
        // In the JSON request body.
        let mut body = br#"{"statement":"AAAA","signature":"AAAA","content":{"text":"#.to_vec();
        body.extend_from_slice(b"\"\xff\xfe\xfd\",\"salt\":\"AAAA\"}}");
        s.refused(post("/v1/statements", "application/json", body), StatusCode::BAD_REQUEST, "malformed").await;

        // In an idea's text, sent as a CBOR text string (major type 3) holding invalid UTF-8.
        let t = IdeaText { salt: vec![1; 32], text: "QQQQ".into() };
        let mut b = idea_body(s.c, Consent::Anonymous, None, None);
        b.digest = Id(t.digest());
        let (st, sig) = s.signed(&s.facilitator, &Body::Idea(b));
        let mut wire = submit_cbor(&st, &sig, Some(t));
        let at = wire.windows(4).position(|w| w == b"QQQQ").unwrap();
        wire[at..at + 4].copy_from_slice(b"\xff\xfeQQ");
        s.refused(post("/v1/statements", "application/cbor", wire), StatusCode::BAD_REQUEST, "malformed").await;

        // Inside a signed statement's body: the consultation title's bytes are not UTF-8.
        let mut body = Body::Consultation(ConsultationBody {
            title: "TTTT".into(),
            date: "2026-03-14".into(),
            place: "p".into(),
            topic: "t".into(),
            convenor: pk(&s.council),
            recorders: vec![],
            closes: None,
            lang: None,
        })
        .encode()
        .unwrap();
        let at = body.windows(4).position(|w| w == b"TTTT").unwrap();
        body[at..at + 4].copy_from_slice(b"\xc3\x28\xa0\xa1");
        let (st, sig) = raw_statement(&s.facilitator, Kind::Consultation, body);
        s.refused(submit_json(&st, &sig, None), StatusCode::BAD_REQUEST, "malformed_body").await;

        // In a path: percent-encoded bytes that are not UTF-8.
        for path in ["/v1/ideas/%FF%FE", "/v1/consultations/%C3%28", "/v1/entries/by-hash/%FF"] {
            s.refused(Request::get(path).body(HttpBody::empty()).unwrap(), StatusCode::BAD_REQUEST, "malformed").await;
        }
        s.refused(
            Request::get("/v1/cards/%FF%FE").body(HttpBody::empty()).unwrap(),
            StatusCode::BAD_REQUEST,
            "bad_claim_code",
        )
        .await;
    });
}

#[test]
fn huge_base64_inside_a_body_that_fits_is_refused() {
    run(setup(), |s| async move {
        // A statement of 150,000 bytes (200 KB of base64, under the 256 KiB body limit): over the
        // 61,440-byte statement limit.
        let big = vec![0xa0; 150_000];
        s.refused(submit_json(&big, &[0; 64], None), StatusCode::PAYLOAD_TOO_LARGE, "oversized").await;
        // A valid statement with a 150,000-byte "signature".
        let (st, _) = s.signed(&s.facilitator, &consultation_body("Big", &s.council, None));
        s.refused(submit_json(&st, &vec![7; 150_000], None), StatusCode::BAD_REQUEST, "malformed").await;
        // 200 KB of text that is not base64.
        let junk = format!(r#"{{"statement":"{}","signature":"AA=="}}"#, "!".repeat(200_000));
        s.refused(post("/v1/statements", "application/json", junk), StatusCode::BAD_REQUEST, "malformed").await;
        // An idea whose salt is 150,000 bytes: the digest cannot match, and nothing is kept.
        let t = IdeaText { salt: vec![1; 150_000], text: "x".into() };
        let mut b = idea_body(s.c, Consent::Anonymous, None, None);
        b.digest = Id([0; 32]);
        let (st, sig) = s.signed(&s.facilitator, &Body::Idea(b));
        s.refused(submit_json(&st, &sig, Some(&t)), StatusCode::UNPROCESSABLE_ENTITY, "content_mismatch").await;
    });
}

#[test]
fn a_replayed_idea_is_a_duplicate_and_keeps_its_words() {
    run(setup(), |s| async move {
        let (id, (st, sig), t) = s.idea("More youth workers in the evenings", None).await;
        // The same statement again with other words: they do not match its digest (checked
        // before anything else), and as it was: a duplicate. Either way the stored words stay.
        let other = IdeaText { salt: vec![8; 32], text: "Something the contributor never said".into() };
        s.refused(submit_json(&st, &sig, Some(&other)), StatusCode::UNPROCESSABLE_ENTITY, "content_mismatch").await;
        s.refused(submit_json(&st, &sig, Some(&t)), StatusCode::CONFLICT, "duplicate").await;
        s.refused(
            post("/v1/statements", "application/cbor", submit_cbor(&st, &sig, Some(t.clone()))),
            StatusCode::CONFLICT,
            "duplicate",
        )
        .await;
        let v = send(&s.router, Request::get(format!("/v1/ideas/{}", id.hex())).body(HttpBody::empty()).unwrap()).await;
        assert_eq!(v.status, StatusCode::OK);
        assert_eq!(v.json()["idea"]["text"], "More youth workers in the evenings");
    });
}

#[test]
fn statements_signed_by_revoked_or_rotated_out_keys_are_forbidden() {
    run(setup(), |s| async move {
        // The operator revokes a second facilitator; what it signs afterwards is refused.
        let gone = key(20);
        s.ok(&s.w.operator, &enrol(&gone, ACTION_ENROL)).await;
        s.ok(&s.w.operator, &enrol(&gone, ACTION_REVOKE)).await;
        let (st, sig) = s.signed(&gone, &consultation_body("After revocation", &s.council, None));
        let text = s.refused(submit_json(&st, &sig, None), StatusCode::FORBIDDEN, "key_revoked").await;
        assert!(text.contains("revoked"), "{text}");

        // A facilitator rotates to a new key: the old key signs nothing more, the new one does.
        let (old, new) = (key(21), key(22));
        s.ok(&s.w.operator, &enrol(&old, ACTION_ENROL)).await;
        s.ok(&old, &Body::Rotate(RotateBody { new_key: pk(&new) })).await;
        let (st, sig) = s.signed(&old, &consultation_body("Old key", &s.council, None));
        s.refused(submit_json(&st, &sig, None), StatusCode::FORBIDDEN, "key_rotated_out").await;
        s.ok(&new, &consultation_body("New key", &s.council, None)).await;
    });
}

#[test]
fn a_claim_with_a_wrong_code_or_a_used_code_is_refused() {
    run(setup(), |s| async move {
        let card = ClaimCard::from_secret([0x5a; 16]);
        let (idea, _, _) = s.idea("A quiet room at the drop-in", Some(&card)).await;
        let claim = |secret: [u8; 16]| {
            Body::Claim(ClaimBody {
                ideas: vec![idea],
                consent: Consent::Pseudonym.code(),
                name: Some("RiverWalker".into()),
                secret: Some(secret.to_vec()),
            })
        };
        let me = key(40);
        // A wrong code: another card's secret.
        let wrong = ClaimCard::from_secret([0x5b; 16]);
        let (st, sig) = s.signed(&me, &claim(wrong.secret));
        s.refused(submit_json(&st, &sig, None), StatusCode::UNPROCESSABLE_ENTITY, "bad_claim_secret").await;
        // The card's lookup by a mistyped code (check symbol wrong) and by the wrong card's code.
        let mut typo = card.code.clone();
        let last = typo.pop().unwrap();
        typo.push(if last == '0' { '1' } else { '0' });
        s.refused(
            Request::get(format!("/v1/cards/{typo}")).body(HttpBody::empty()).unwrap(),
            StatusCode::BAD_REQUEST,
            "bad_claim_code",
        )
        .await;
        s.refused(
            Request::get(format!("/v1/cards/{}", wrong.code)).body(HttpBody::empty()).unwrap(),
            StatusCode::NOT_FOUND,
            "unknown_card",
        )
        .await;
        // The right code: accepted once.
        let (st, sig) = s.signed(&me, &claim(card.secret));
        assert_eq!(send(&s.router, submit_json(&st, &sig, None)).await.status, StatusCode::CREATED);
        // The same code again, by someone else who saw the card: already claimed.
        let (st2, sig2) = s.signed(&key(41), &claim(card.secret));
        s.refused(submit_json(&st2, &sig2, None), StatusCode::CONFLICT, "already_claimed").await;
        // And the accepted claim replayed as it was: a duplicate.
        s.refused(submit_json(&st, &sig, None), StatusCode::CONFLICT, "duplicate").await;
        let c =
            send(&s.router, Request::get(format!("/v1/cards/{}", card.code)).body(HttpBody::empty()).unwrap()).await;
        assert_eq!(c.json()["claimed"], true);
    });
}

#[test]
fn a_concurrent_burst_over_the_rate_limit_gets_429_and_writes_only_what_was_allowed() {
    let w = World::new();
    let burst = 10u32;
    let config = ServerConfig { write_burst: burst, writes_per_second: 0.001, ..Default::default() };
    let state = AppState::new(w.ledger.clone(), config);
    let size = w.ledger.log().latest().size;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(heard::server::run(listener, state, async {
        let _ = rx.await;
    }));
    // 40 different, valid enrolments, all sent at once from 40 threads.
    let bodies: Vec<String> = (0..40u8)
        .map(|i| {
            let (st, sig) = w.sign(
                &w.operator,
                &Body::Enrol(EnrolBody {
                    key: pk(&key(100 + i)),
                    role: Role::Witness.code(),
                    name: format!("w{i}"),
                    action: ACTION_ENROL,
                }),
            );
            serde_json::json!({"statement": B64.encode(st), "signature": B64.encode(sig)}).to_string()
        })
        .collect();
    let start = std::sync::Barrier::new(bodies.len());
    let answers: Vec<(u16, serde_json::Value)> = std::thread::scope(|sc| {
        let hs: Vec<_> = bodies
            .iter()
            .map(|b| {
                let (url, start) = (&url, &start);
                sc.spawn(move || {
                    let a = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
                    start.wait();
                    let mut r = a
                        .post(format!("{url}/v1/statements"))
                        .header("Content-Type", "application/json")
                        .send(b.as_str())
                        .unwrap();
                    let status = r.status().as_u16();
                    (status, serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap())
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ok = answers.iter().filter(|(s, _)| *s == 201).count();
    let limited: Vec<_> = answers.iter().filter(|(s, _)| *s == 429).collect();
    assert_eq!(ok, burst as usize, "{answers:?}");
    assert_eq!(limited.len(), 40 - burst as usize, "{answers:?}");
    assert!(limited.iter().all(|(_, p)| p["code"] == "rate_limited"));
    // Only the allowed writes are in the log, and reads are not limited.
    assert_eq!(w.ledger.log().latest().size, size + burst as u64);
    let a = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
    assert_eq!(a.get(format!("{url}/healthz")).call().unwrap().status().as_u16(), 200);
    let metrics = a.get(format!("{url}/metrics")).call().unwrap().body_mut().read_to_string().unwrap();
    assert!(metrics.contains(&format!("heard_rate_limited_total {}", 40 - burst)), "{metrics}");
    let _ = tx.send(());
    rt.block_on(server).unwrap().unwrap();
}

#[test]
fn a_method_a_route_does_not_take_is_405_as_problem_json() {
    run(setup(), |s| async move {
        let req = Request::delete("/v1/statements").body(HttpBody::empty()).unwrap();
        s.refused(req, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
        let r =
            s.router.clone().oneshot(Request::put("/v1/checkpoint").body(HttpBody::empty()).unwrap()).await.unwrap();
        assert_eq!(r.headers().get(header::ALLOW).map(|v| v.to_str().unwrap()), Some("GET,HEAD"));
    });
}

//! The hand-over of a new key for a recovery (issue 25 §1, docs/PROTOCOL.md §19 "Recovery
//! pairing") through the router with `oneshot`: a facilitator starts a pairing for the person
//! who claimed a card, the person's browser hands in a new key and its binding, the
//! facilitator picks them up and logs the `recover`; every bad input has its code and changes
//! nothing. Also: a key whose recovery is in effect gets no credential (`key_recovered`).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer as _, SigningKey};
use heard::attribution::build::{self, Attribution, IdeaSpec, Signed};
use heard::attribution::claim::ClaimCard;
use heard::attribution::kinds::{ConsultationBody, Id, Role};
use heard::attribution::recovery::{DAY_MS, sign_binding};
use heard::ledger::{IdeaText, Ledger};
use heard::log::LogConfig;
use heard::log::clock::Clock;
use heard::protocol::note::NoteSigner;
use heard::server::pairing::{MAX_PENDING, request_message};
use heard::server::{AppState, ServerConfig, StaffDesk, app, credential_request_message};
use heard::staff::Invitations;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const ORIGIN: &str = "heard.test/log";
const BASE: &str = "https://heard.example";

fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

fn id(k: &SigningKey) -> Id {
    Id(k.verifying_key().to_bytes())
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

async fn call(router: &axum::Router, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let req = Request::builder().method(method).uri(path).header(header::ACCEPT, "application/json");
    let req = match body {
        Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .expect("request");
    let r = router.clone().oneshot(req).await.expect("answer");
    let status = r.status();
    let bytes = r.into_body().collect().await.expect("body").to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn submit(router: &axum::Router, s: &Signed) -> (StatusCode, Value) {
    let mut body = json!({ "statement": B64.encode(&s.statement), "signature": B64.encode(s.signature) });
    if let Some(c) = &s.content {
        body["content"] = json!({ "text": c.text, "salt": B64.encode(&c.salt) });
    }
    call(router, "POST", "/v1/statements", Some(body)).await
}

/// A facilitator's signed request to start a pairing for `person`.
fn start_request(by: &SigningKey, person: &str, time: u64) -> Value {
    let sig = by.sign(&request_message(&id(by).0, time, person));
    json!({"key": id(by).hex(), "person": person, "time": time, "signature": hex::encode(sig.to_bytes())})
}

fn code_of(v: &(StatusCode, Value)) -> (StatusCode, &str) {
    (v.0, v.1["code"].as_str().unwrap_or(""))
}

struct World {
    _dir: tempfile::TempDir,
    clock: Clock,
    ledger: Ledger,
    router: axum::Router,
    facilitator: SigningKey,
    council: SigningKey,
    /// The person who claimed card 7 (key A) and their idea.
    a: SigningKey,
    idea: Id,
    card_a: String,
    /// A second person (key B, card 8) and an unclaimed card (9).
    b: SigningKey,
    unclaimed: String,
}

async fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Clock::system();
    let operator = key(200);
    let config = LogConfig { clock: clock.clone(), ..LogConfig::new(ORIGIN) };
    let ledger = Ledger::open(
        &dir.path().join("db"),
        NoteSigner::new(ORIGIN, [42; 32]).expect("signer"),
        config,
        id(&operator).0,
    )
    .expect("ledger");
    let desk = StaffDesk { invitations: Invitations::new(dir.path()), operator: operator.clone() };
    let config = ServerConfig { public_url: BASE.into(), ..Default::default() };
    let router = app(AppState::new(ledger.clone(), config).with_staff(desk));
    let ok = |(s, v): (StatusCode, Value)| assert_eq!(s, StatusCode::CREATED, "{v}");
    let (council, facilitator) = (key(1), key(3));
    ok(submit(&router, &build::enrol(&operator, now(), id(&council), Role::Organisation, "Council", false).unwrap())
        .await);
    ok(submit(&router, &build::enrol(&operator, now(), id(&facilitator), Role::Facilitator, "Sam", false).unwrap())
        .await);
    let spec = ConsultationBody {
        title: "Drop-in".into(),
        date: "2026-03-14".into(),
        place: "Riverside".into(),
        topic: "support".into(),
        convenor: id(&council),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    let c = build::consultation(&facilitator, now(), &spec).unwrap();
    ok(submit(&router, &c).await);
    let mut ideas = Vec::new();
    let mut codes = Vec::new();
    for (n, words) in [(7u8, "A quiet room at the library"), (8, "Buses after nine"), (9, "Free tea")] {
        let card = ClaimCard::from_secret([n; 16]);
        let idea_spec = IdeaSpec {
            consultation: c.id,
            tags: vec![],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: Some(Id(card.hash)),
            given: None,
        };
        let idea = build::idea(&facilitator, now(), &idea_spec, IdeaText::new(words).unwrap()).unwrap();
        ok(submit(&router, &idea).await);
        ideas.push(idea.id);
        codes.push(card.code.clone());
    }
    let (a, b) = (key(11), key(21));
    let claim = |k: &SigningKey, idea: Id, n: u8| {
        build::claim(k, now(), vec![idea], &Attribution::Pseudonym("RiverWalker".into()), Some([n; 16])).unwrap()
    };
    ok(submit(&router, &claim(&a, ideas[0], 7)).await);
    ok(submit(&router, &claim(&b, ideas[1], 8)).await);
    World {
        _dir: dir,
        clock,
        ledger,
        router,
        facilitator,
        council,
        a,
        idea: ideas[0],
        card_a: codes[0].clone(),
        b,
        unclaimed: codes[2].clone(),
    }
}

async fn start(w: &World, person: &str) -> (StatusCode, Value) {
    call(&w.router, "POST", "/v1/recovery/pairings", Some(start_request(&w.facilitator, person, now()))).await
}

fn hand_in_body(old: &Id, new: &SigningKey) -> Value {
    json!({"new_key": id(new).hex(), "binding": hex::encode(sign_binding(new, old))})
}

#[tokio::test]
async fn a_pairing_hands_the_new_key_to_the_facilitator_once() {
    let w = world().await;
    let a = id(&w.a);

    // The person is found by a card's code, a portfolio link or the key itself.
    let (s, by_card) = start(&w, &w.card_a.to_lowercase()).await;
    assert_eq!(s, StatusCode::CREATED, "{by_card}");
    assert_eq!(by_card["old_key"], a.hex());
    assert_eq!((by_card["wait_days"].as_u64(), by_card["ideas"].as_u64()), (Some(14), Some(1)));
    let token = by_card["token"].as_str().expect("token").to_string();
    assert_eq!(token.len(), 16);
    assert_eq!(by_card["link"], format!("{BASE}/recover#{token}"));
    assert_eq!(by_card["code"].as_str().map(|c| c.replace('-', "")), Some(token.clone()));
    let link = format!("{BASE}/contributors/{}?lang=cy", a.hex());
    let (s, by_link) = start(&w, &link).await;
    assert_eq!((s, by_link["old_key"].as_str()), (StatusCode::CREATED, Some(a.hex().as_str())), "{by_link}");
    let (s, by_key) = start(&w, &a.hex()).await;
    assert_eq!((s, by_key["old_key"].as_str()), (StatusCode::CREATED, Some(a.hex().as_str())), "{by_key}");
    let other_token = by_key["token"].as_str().expect("token").to_string();

    // The person's page reads it; the facilitator's name is shown to them.
    let path = format!("/v1/recovery/pairings/{token}");
    let (s, v) = call(&w.router, "GET", &path, None).await;
    assert_eq!((s, v["state"].as_str(), v["facilitator"].as_str()), (StatusCode::OK, Some("waiting"), Some("Sam")));
    assert_eq!(v["old_key"], a.hex());
    assert!(v["new_key"].is_null() && v["binding"].is_null());

    // Bad hand-ins change nothing.
    let new = key(12);
    let key_path = format!("{path}/key");
    let wrong_binding = hand_in_body(&id(&w.b), &new);
    let r = call(&w.router, "POST", &key_path, Some(wrong_binding)).await;
    assert_eq!(code_of(&r), (StatusCode::UNPROCESSABLE_ENTITY, "bad_recovery_binding"), "{}", r.1);
    let r = call(&w.router, "POST", &key_path, Some(hand_in_body(&a, &w.a))).await;
    assert_eq!(code_of(&r), (StatusCode::UNPROCESSABLE_ENTITY, "recovery_same_key"), "{}", r.1);
    let r = call(&w.router, "POST", &key_path, Some(json!({"new_key": id(&new).hex(), "binding": "00"}))).await;
    assert_eq!(code_of(&r), (StatusCode::BAD_REQUEST, "malformed"), "{}", r.1);
    let r = call(
        &w.router,
        "POST",
        &key_path,
        Some(json!({"new_key": hex::encode([0u8; 32]), "binding": hex::encode([0u8; 64])})),
    )
    .await;
    assert_eq!(code_of(&r), (StatusCode::BAD_REQUEST, "weak_key"), "{}", r.1);
    let r = call(&w.router, "GET", "/v1/recovery/pairings/ABCD-EFGH-JKMN-PQRS", None).await;
    assert_eq!(code_of(&r), (StatusCode::NOT_FOUND, "unknown_pairing"), "{}", r.1);
    let r = call(&w.router, "POST", "/v1/recovery/pairings/ABCDEFGHJKMNPQRS/key", Some(hand_in_body(&a, &new))).await;
    assert_eq!(code_of(&r), (StatusCode::NOT_FOUND, "unknown_pairing"), "{}", r.1);
    let r = call(&w.router, "GET", "/v1/recovery/pairings/not-a-code", None).await;
    assert_eq!(code_of(&r), (StatusCode::BAD_REQUEST, "bad_pairing_token"), "{}", r.1);
    let (_, v) = call(&w.router, "GET", &path, None).await;
    assert_eq!(v["state"], "waiting", "nothing was handed in: {v}");

    // The good hand-in, once.
    let r = call(&w.router, "POST", &key_path, Some(hand_in_body(&a, &new))).await;
    assert_eq!(r.0, StatusCode::CREATED, "{}", r.1);
    assert_eq!(r.1["check"].as_str(), Some(&id(&new).hex()[..8]));
    let again = call(&w.router, "POST", &key_path, Some(hand_in_body(&a, &key(13)))).await;
    assert_eq!(code_of(&again), (StatusCode::CONFLICT, "pairing_used"), "{}", again.1);

    // The facilitator picks them up and logs the recover with the server's period.
    let (s, v) = call(&w.router, "GET", &path, None).await;
    assert_eq!((s, v["state"].as_str()), (StatusCode::OK, Some("handed")), "{v}");
    assert_eq!(v["new_key"], id(&new).hex());
    assert_eq!(v["check"].as_str(), Some(&id(&new).hex()[..8]));
    let binding: [u8; 64] = hex::decode(v["binding"].as_str().expect("binding")).unwrap().try_into().unwrap();
    let rec = build::recover(&w.facilitator, now(), a, id(&new), v["wait_days"].as_u64().unwrap(), binding).unwrap();
    let (s, answer) = submit(&w.router, &rec).await;
    assert_eq!(s, StatusCode::CREATED, "{answer}");
    let (_, v) = call(&w.router, "GET", &path, None).await;
    assert_eq!((v["state"].as_str(), v["recovery"].as_str()), (Some("started"), Some(rec.id.hex().as_str())), "{v}");
    let entry = w.ledger.log().entry(answer["seq"].as_u64().unwrap()).unwrap().unwrap();
    let log_time = heard::protocol::entry::Entry::decode(&entry).unwrap().log_time;
    assert_eq!(v["effective_at"].as_u64(), Some(log_time + 14 * DAY_MS));

    // A second pairing for a key whose recovery waits is refused; an old pairing expires.
    let r = start(&w, &a.hex()).await;
    assert_eq!(code_of(&r), (StatusCode::UNPROCESSABLE_ENTITY, "recovery_open"), "{}", r.1);
    w.clock.advance(16 * 60 * 1000);
    let other = format!("/v1/recovery/pairings/{other_token}");
    let r = call(&w.router, "GET", &other, None).await;
    assert_eq!(code_of(&r), (StatusCode::GONE, "pairing_expired"), "{}", r.1);
    let r = call(&w.router, "POST", &format!("{other}/key"), Some(hand_in_body(&a, &key(14)))).await;
    assert_eq!(code_of(&r), (StatusCode::GONE, "pairing_expired"), "{}", r.1);
    w.ledger.audit_policy().expect("audit");
}

#[tokio::test]
async fn who_may_start_a_pairing_and_for_whom() {
    let w = world().await;
    let b = id(&w.b).hex();
    let post = |body: Value| {
        let router = w.router.clone();
        async move { call(&router, "POST", "/v1/recovery/pairings", Some(body)).await }
    };
    let mut forged = start_request(&w.facilitator, &b, now());
    forged["person"] = json!(id(&w.a).hex());
    assert_eq!(code_of(&post(forged).await), (StatusCode::UNAUTHORIZED, "bad_signature"));
    let r = post(start_request(&w.council, &b, now())).await;
    assert_eq!(code_of(&r), (StatusCode::FORBIDDEN, "not_facilitator"), "{}", r.1);
    let r = post(start_request(&w.a, &b, now())).await;
    assert_eq!(code_of(&r), (StatusCode::FORBIDDEN, "not_facilitator"), "{}", r.1);
    let r = post(start_request(&w.facilitator, &b, now() - 11 * 60 * 1000)).await;
    assert_eq!(code_of(&r), (StatusCode::BAD_REQUEST, "stale_request"), "{}", r.1);
    let r = post(start_request(&w.facilitator, &w.unclaimed, now())).await;
    assert_eq!(code_of(&r), (StatusCode::UNPROCESSABLE_ENTITY, "card_not_claimed"), "{}", r.1);
    let unknown = ClaimCard::from_secret([99; 16]).code;
    let r = post(start_request(&w.facilitator, &unknown, now())).await;
    assert_eq!(code_of(&r), (StatusCode::NOT_FOUND, "unknown_card"), "{}", r.1);
    let r = post(start_request(&w.facilitator, "7Q2M-NOT-A-CODE", now())).await;
    assert_eq!(code_of(&r), (StatusCode::BAD_REQUEST, "bad_claim_code"), "{}", r.1);
    let r = post(start_request(&w.facilitator, &id(&key(77)).hex(), now())).await;
    assert_eq!(code_of(&r), (StatusCode::UNPROCESSABLE_ENTITY, "nothing_to_recover"), "{}", r.1);
    let r = post(json!({"key": id(&w.facilitator).hex(), "person": b})).await;
    assert_eq!(code_of(&r), (StatusCode::BAD_REQUEST, "malformed"), "{}", r.1);

    // At most MAX_PENDING wait at once; expired ones make room again.
    for i in 0..MAX_PENDING {
        let r = post(start_request(&w.facilitator, &b, now())).await;
        assert_eq!(r.0, StatusCode::CREATED, "pairing {i}: {}", r.1);
    }
    let r = post(start_request(&w.facilitator, &b, now())).await;
    assert_eq!(code_of(&r), (StatusCode::SERVICE_UNAVAILABLE, "too_many_pairings"), "{}", r.1);
    w.clock.advance(15 * 60 * 1000 + 1);
    let r = post(start_request(&w.facilitator, &b, now())).await;
    assert_eq!(r.0, StatusCode::CREATED, "{}", r.1);
}

fn credential_request(k: &SigningKey, idea: Id) -> Value {
    let key = id(k).0;
    let time = now();
    let sig = k.sign(&credential_request_message(&key, &idea.0, false, time));
    json!({"key": hex::encode(key), "idea": idea.hex(), "name": "none", "time": time, "signature": hex::encode(sig.to_bytes())})
}

#[tokio::test]
async fn a_key_whose_recovery_is_in_effect_gets_no_credential() {
    let w = world().await;
    let a = id(&w.a);
    let new = key(12);
    let rec = build::recover(&w.facilitator, now(), a, id(&new), 14, sign_binding(&new, &a)).unwrap();
    let (s, v) = submit(&w.router, &rec).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    // While the recovery waits, the old key still holds the credit.
    let (s, _) = call(&w.router, "POST", "/v1/credentials", Some(credential_request(&w.a, w.idea))).await;
    assert_eq!(s, StatusCode::OK);
    w.clock.advance(14 * DAY_MS + 1_000);
    let r = call(&w.router, "POST", "/v1/credentials", Some(credential_request(&w.a, w.idea))).await;
    assert_eq!(code_of(&r), (StatusCode::FORBIDDEN, "key_recovered"), "{}", r.1);
    let (s, _) = call(&w.router, "POST", "/v1/credentials", Some(credential_request(&new, w.idea))).await;
    assert_eq!(s, StatusCode::OK, "the new key asks for it");
}

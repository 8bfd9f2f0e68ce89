//! Staff invitations over HTTP (issue 22, section 1): an invitation read and redeemed with a
//! public key the browser made, the server enrolling it with the operator key; every bad
//! invitation refused with its code and nothing written; two redemptions at once, exactly one
//! enrolled; a revoked key refused; another device's invitation asked for with a signed
//! request. The browser's side is `tests/staff_browser.rs`.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ed25519_dalek::{Signer, SigningKey};
use heard::attribution::build;
use heard::attribution::kinds::{Id, Role};
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::server::{AppState, DEVICE_REQUEST_PREFIX, ServerConfig, StaffDesk, app};
use heard::staff::invitations::{Invitation, Invitations, now_secs, secret_text};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

struct Office {
    _dir: tempfile::TempDir,
    data: std::path::PathBuf,
    ledger: Ledger,
    router: axum::Router,
    operator: SigningKey,
}

fn office() -> Office {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "heard.test/log").expect("ledger");
    let (keys, _) = DataDir::new(&data).init_keys("heard.test/log").expect("keys");
    let operator = statement_key(&keys.operator);
    let desk = StaffDesk { invitations: Invitations::new(&data), operator: operator.clone() };
    let config = ServerConfig { public_url: "https://heard.example.org".into(), ..Default::default() };
    let router = app(AppState::new(ledger.clone(), config).with_staff(desk));
    Office { _dir: dir, data, ledger, router, operator }
}

fn invite(o: &Office, role: Role, name: &str, expires_in: i64) -> String {
    let expires = now_secs().saturating_add_signed(expires_in);
    let inv = Invitation {
        role: role.code(),
        name: name.into(),
        organisation: Some("Riverside Council".into()),
        issued: expires - 7 * 86_400,
        expires,
        device_of: None,
    };
    secret_text(&Invitations::new(&o.data).issue(&inv).expect("issue"))
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

fn browser_key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

fn hex_key(k: &SigningKey) -> String {
    hex::encode(k.verifying_key().to_bytes())
}

#[tokio::test]
async fn an_invitation_enrols_the_browsers_key_once() {
    let o = office();
    let secret = invite(&o, Role::Facilitator, "Amara Okafor", 3600);
    let (s, v) = call(&o.router, "POST", "/v1/staff/invitation", Some(json!({ "secret": secret }))).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!((v["role"].as_str(), v["name"].as_str()), (Some("facilitator"), Some("Amara Okafor")));
    assert_eq!(o.ledger.log().latest().size, 0, "reading an invitation writes nothing");

    let amara = browser_key(1);
    let (s, v) =
        call(&o.router, "POST", "/v1/staff/join", Some(json!({ "secret": secret, "key": hex_key(&amara) }))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["organisation"].as_str(), Some("Riverside Council"));
    let size = o.ledger.log().latest().size;
    assert_eq!(size, 1, "one enrolment");
    let rec = o.ledger.key_rec(&Id(amara.verifying_key().to_bytes())).expect("read").expect("enrolled");
    assert_eq!((rec.role, rec.name.as_deref()), (Some(Role::Facilitator.code()), Some("Amara Okafor")));
    let (s, v) = call(&o.router, "GET", &format!("/v1/staff/{}", hex_key(&amara)), None).await;
    assert_eq!((s, v["status"].as_str(), v["role"].as_str()), (StatusCode::OK, Some("active"), Some("facilitator")));

    // Used, it is refused with its own code, and nothing is written.
    let (s, v) =
        call(&o.router, "POST", "/v1/staff/join", Some(json!({ "secret": secret, "key": hex_key(&browser_key(2)) })))
            .await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::CONFLICT, Some("invitation_used")), "{v}");
    assert_eq!(o.ledger.log().latest().size, size);
}

#[tokio::test]
async fn bad_invitations_are_refused_and_write_nothing() {
    let o = office();
    let good = invite(&o, Role::Facilitator, "Amara Okafor", 3600);
    let expired = invite(&o, Role::Facilitator, "Ben Ade", -1);
    let mut altered: Vec<char> = good.chars().collect();
    altered[10] = if altered[10] == 'x' { 'y' } else { 'x' };
    let altered: String = altered.into_iter().collect();
    let key = hex_key(&browser_key(3));
    let cases = [
        (json!({ "secret": expired, "key": key }), StatusCode::GONE, "invitation_expired"),
        (json!({ "secret": altered, "key": key }), StatusCode::NOT_FOUND, "unknown_invitation"),
        (json!({ "secret": "not-a-link", "key": key }), StatusCode::BAD_REQUEST, "bad_invitation"),
        (json!({ "secret": good, "key": "12" }), StatusCode::BAD_REQUEST, "malformed"),
        (json!({ "secret": good, "key": "00".repeat(32) }), StatusCode::BAD_REQUEST, "weak_key"),
        (json!({ "secret": good }), StatusCode::BAD_REQUEST, "malformed"),
    ];
    for (body, status, code) in cases {
        let (s, v) = call(&o.router, "POST", "/v1/staff/join", Some(body.clone())).await;
        assert_eq!((s, v["code"].as_str()), (status, Some(code)), "{body}: {v}");
        assert!(v["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    assert_eq!(o.ledger.log().latest().size, 0, "nothing written");
    // A key the log already knows (here: the operator's) cannot be enrolled; the invitation stays open.
    let op = hex::encode(o.operator.verifying_key().to_bytes());
    let (s, v) = call(&o.router, "POST", "/v1/staff/join", Some(json!({ "secret": good, "key": op }))).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("key_in_use")), "{v}");
    assert_eq!(o.ledger.log().latest().size, 0);
    let (s, _) = call(&o.router, "POST", "/v1/staff/join", Some(json!({ "secret": good, "key": key }))).await;
    assert_eq!(s, StatusCode::CREATED, "the invitation still works after a refused enrolment");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_invitation_redeemed_twice_at_once_enrols_exactly_one_key() {
    let o = office();
    let secret = invite(&o, Role::PolicyTeam, "Housing Team", 3600);
    let calls: Vec<_> = (10..18u8)
        .map(|n| {
            let (router, body) = (o.router.clone(), json!({ "secret": secret, "key": hex_key(&browser_key(n)) }));
            tokio::spawn(async move { call(&router, "POST", "/v1/staff/join", Some(body)).await.0 })
        })
        .collect();
    let mut statuses = Vec::new();
    for c in calls {
        statuses.push(c.await.expect("join"));
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 7, "{statuses:?}");
    assert_eq!(o.ledger.log().latest().size, 1);
}

fn device_request(k: &SigningKey, time: u64) -> Value {
    let mut msg = DEVICE_REQUEST_PREFIX.to_vec();
    msg.extend_from_slice(&k.verifying_key().to_bytes());
    msg.extend_from_slice(&time.to_be_bytes());
    json!({ "key": hex_key(k), "time": time, "signature": hex::encode(k.sign(&msg).to_bytes()) })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_device_gets_its_own_invitation_and_a_revoked_key_nothing() {
    let o = office();
    let secret = invite(&o, Role::Facilitator, "Amara Okafor", 3600);
    let amara = browser_key(1);
    call(&o.router, "POST", "/v1/staff/join", Some(json!({ "secret": secret, "key": hex_key(&amara) }))).await;
    let now = now_secs() * 1000;

    let (s, v) = call(&o.router, "POST", "/v1/staff/devices", Some(device_request(&amara, now))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let link = v["link"].as_str().expect("link").to_string();
    assert!(link.starts_with("https://heard.example.org/staff/join#"), "{link}");
    let second = link.rsplit('#').next().expect("secret");
    let tablet = browser_key(4);
    let (s, v) =
        call(&o.router, "POST", "/v1/staff/join", Some(json!({ "secret": second, "key": hex_key(&tablet) }))).await;
    assert_eq!(
        (s, v["name"].as_str(), v["role"].as_str()),
        (StatusCode::CREATED, Some("Amara Okafor"), Some("facilitator"))
    );

    // A request not signed by the key, or from a stale clock, is refused.
    let mut forged = device_request(&browser_key(9), now);
    forged["key"] = json!(hex_key(&amara));
    let (s, v) = call(&o.router, "POST", "/v1/staff/devices", Some(forged)).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("bad_signature")));
    let (s, v) = call(&o.router, "POST", "/v1/staff/devices", Some(device_request(&amara, now - 3_600_000))).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::BAD_REQUEST, Some("stale_request")));

    // Revoked by the operator: the key's statements and its device requests are refused.
    let revoke =
        build::enrol(&o.operator, now, Id(amara.verifying_key().to_bytes()), Role::Facilitator, "Amara Okafor", true)
            .expect("revoke");
    tokio::task::block_in_place(|| o.ledger.submit(&revoke.statement, &revoke.signature, None)).expect("revoked");
    let size = o.ledger.log().latest().size;
    let (s, v) = call(&o.router, "POST", "/v1/staff/devices", Some(device_request(&amara, now))).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::FORBIDDEN, Some("key_revoked")), "{v}");
    let (_, v) = call(&o.router, "GET", &format!("/v1/staff/{}", hex_key(&amara)), None).await;
    assert_eq!(v["status"].as_str(), Some("revoked"));
    let council = browser_key(7);
    let spec = heard::attribution::build::ConsultationSpec {
        title: "Damp".into(),
        date: "2026-03-14".into(),
        place: "Hall".into(),
        topic: "housing".into(),
        convenor: Id(council.verifying_key().to_bytes()),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    let s = build::consultation(&amara, now, &spec).expect("statement");
    let refused = tokio::task::block_in_place(|| o.ledger.submit(&s.statement, &s.signature, None)).unwrap_err();
    assert_eq!(refused.code(), "key_revoked");
    assert_eq!(o.ledger.log().latest().size, size, "nothing written");
}

#[tokio::test]
async fn a_server_without_the_operator_key_takes_no_invitations() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = Ledger::open_data_folder(&dir.path().join("data"), "heard.test/log").expect("ledger");
    let router = app(AppState::new(ledger, ServerConfig::default()));
    let (s, v) = call(&router, "POST", "/v1/staff/join", Some(json!({ "secret": "x", "key": "y" }))).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::NOT_FOUND, Some("staff_disabled")));
}

//! Recovery of a lost key over HTTP (issue 25 §1), through the router with `oneshot`: a card
//! claimed with key A; a facilitator starts a recovery to key B; A cancels it; the server's
//! own waiting period refuses a shorter one; a second recovery to key C, with the log's clock
//! moved past the wait, puts A's credit in C's portfolio, on the API and on the page.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, IdeaSpec, Signed};
use heard::attribution::claim::ClaimCard;
use heard::attribution::kinds::{ConsultationBody, Id, Role};
use heard::attribution::recovery::{DAY_MS, sign_binding};
use heard::ledger::{IdeaText, Ledger};
use heard::log::LogConfig;
use heard::log::clock::Clock;
use heard::protocol::note::NoteSigner;
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const ORIGIN: &str = "heard.test/log";

fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

fn id(k: &SigningKey) -> Id {
    Id(k.verifying_key().to_bytes())
}

async fn call(router: &axum::Router, method: &str, path: &str, body: Option<Value>) -> (StatusCode, String) {
    let req = Request::builder().method(method).uri(path).header(header::ACCEPT, "application/json, text/html");
    let req = match body {
        Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .expect("request");
    let r = router.clone().oneshot(req).await.expect("answer");
    let status = r.status();
    let bytes = r.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn submit(router: &axum::Router, s: &Signed) -> (StatusCode, Value) {
    let mut body = json!({ "statement": B64.encode(&s.statement), "signature": B64.encode(s.signature) });
    if let Some(c) = &s.content {
        body["content"] = json!({ "text": c.text, "salt": B64.encode(&c.salt) });
    }
    let (status, text) = call(router, "POST", "/v1/statements", Some(body)).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn portfolio_ideas(router: &axum::Router, k: &SigningKey) -> Vec<String> {
    let (s, text) = call(router, "GET", &format!("/v1/contributors/{}", id(k).hex()), None).await;
    assert_eq!(s, StatusCode::OK, "{text}");
    let v: Value = serde_json::from_str(&text).expect("json");
    v["items"].as_array().expect("items").iter().map(|i| i["idea"]["id"].as_str().unwrap_or("").to_string()).collect()
}

/// The portfolio page's recovery section: its `data-state`s, and whether the cancel form shows.
async fn page(router: &axum::Router, k: &SigningKey) -> String {
    let (s, html) = call(router, "GET", &format!("/contributors/{}", id(k).hex()), None).await;
    assert_eq!(s, StatusCode::OK);
    html
}

#[tokio::test]
async fn a_lost_key_is_recovered_after_the_wait_unless_the_old_key_cancels() {
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
    let router = app(AppState::new(ledger.clone(), ServerConfig::default()));
    let t = || clock.now_ms();
    let ok = |(s, v): (StatusCode, Value)| {
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v
    };

    // A council, a facilitator, a consultation, and an idea recorded on a card.
    let (council, facilitator) = (key(1), key(3));
    ok(submit(&router, &build::enrol(&operator, t(), id(&council), Role::Organisation, "Council", false).unwrap())
        .await);
    ok(submit(&router, &build::enrol(&operator, t(), id(&facilitator), Role::Facilitator, "Sam", false).unwrap())
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
    let c = build::consultation(&facilitator, t(), &spec).unwrap();
    ok(submit(&router, &c).await);
    let card = ClaimCard::from_secret([7; 16]);
    let idea_spec = IdeaSpec {
        consultation: c.id,
        tags: vec![],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: Attribution::Anonymous,
        claim_hash: Some(Id(card.hash)),
        given: None,
    };
    let text = IdeaText { salt: vec![1; 32], text: "A quiet room at the library".into() };
    let idea = build::idea(&facilitator, t(), &idea_spec, text).unwrap();
    ok(submit(&router, &idea).await);

    // Claimed with key A.
    let a = key(11);
    let claim = build::claim(&a, t(), vec![idea.id], &Attribution::Pseudonym("RiverWalker".into()), Some(card.secret));
    ok(submit(&router, &claim.unwrap()).await);
    assert_eq!(portfolio_ideas(&router, &a).await, vec![idea.id.hex()]);

    // The facilitator starts a recovery to key B, made (here) by the person.
    let b = key(12);
    let start = |new: &SigningKey, wait| {
        build::recover(&facilitator, t(), id(&a), id(new), wait, sign_binding(new, &id(&a))).unwrap()
    };
    // The server's period (14 days by default) refuses 10, which the protocol allows.
    let (s, v) = submit(&router, &start(&b, 10)).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("recovery_wait_too_short")), "{v}");
    let first = start(&b, 14);
    ok(submit(&router, &first).await);
    let html = page(&router, &a).await;
    assert!(html.contains(&format!("data-recovery=\"{}\" data-state=\"waiting\"", first.id.hex())), "{html}");
    assert!(html.contains("A facilitator started moving the credit of this key to a new key on "), "{html}");
    assert!(html.contains("Takes effect on ") && html.contains("id=\"cancel-recovery-form\""), "{html}");
    assert!(html.contains("/static/recovery.js"));
    let seq = ledger.recoveries(&id(&a)).unwrap().from_this_key.unwrap().seq;
    assert!(
        html.contains(&format!("<li data-receipt=\"{seq}\" data-kind=\"recover\"><a href=\"/v1/receipts/{seq}\"")),
        "{html}"
    );
    let (s, credit) = call(&router, "GET", &format!("/contributors/{}/credit.html", id(&a).hex()), None).await;
    assert_eq!(s, StatusCode::OK);
    let article = format!("<article class=\"key-recovery\" data-key=\"{}\">", id(&a).hex());
    assert!(
        credit.contains(&article) && credit.contains(&format!("<li data-seq=\"{seq}\" data-kind=\"recover\">")),
        "{credit}"
    );
    let html = page(&router, &b).await;
    assert!(html.contains("This key was made to recover the credit of") && html.contains("data-state=\"waiting\""));
    // Someone other than the old key cannot cancel it; A can.
    let (s, v) = submit(&router, &build::cancel_recovery(&facilitator, t(), first.id).unwrap()).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::FORBIDDEN, Some("not_old_key")), "{v}");
    ok(submit(&router, &build::cancel_recovery(&a, t(), first.id).unwrap()).await);
    let html = page(&router, &a).await;
    assert!(html.contains("data-state=\"cancelled\"") && html.contains("Cancelled by the old key on "), "{html}");
    assert!(!html.contains("cancel-recovery-form"));
    clock.advance(15 * DAY_MS);
    assert_eq!(portfolio_ideas(&router, &b).await, Vec::<String>::new());
    assert_eq!(portfolio_ideas(&router, &a).await, vec![idea.id.hex()]);

    // A second recovery, to key C; the log's clock moves past the wait.
    let c_key = key(13);
    let second = start(&c_key, 14);
    ok(submit(&router, &second).await);
    assert_eq!(portfolio_ideas(&router, &c_key).await, Vec::<String>::new());
    clock.advance(14 * DAY_MS + 1_000);
    assert_eq!(portfolio_ideas(&router, &c_key).await, vec![idea.id.hex()]);
    let html = page(&router, &c_key).await;
    assert!(html.contains("data-state=\"in-effect\"") && html.contains("A quiet room at the library"), "{html}");
    let html = page(&router, &a).await;
    assert!(html.contains("This credit has moved: the new key holds it now"), "{html}");
    assert!(!html.contains("cancel-recovery-form"));
    // Too late to cancel, and the old key signs nothing more; the new key acts for A.
    let (s, v) = submit(&router, &build::cancel_recovery(&a, t(), second.id).unwrap()).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("recovery_in_effect")), "{v}");
    let change = |k: &SigningKey| build::claim(k, t(), vec![idea.id], &Attribution::Anonymous, None).unwrap();
    let (s, v) = submit(&router, &change(&a)).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::FORBIDDEN, Some("key_recovered")), "{v}");
    ok(submit(&router, &change(&c_key)).await);
    ledger.audit_policy().expect("the policy audit replays the recoveries");
}

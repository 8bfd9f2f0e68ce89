//! Payments that stay private (docs/PROTOCOL.md §21): an acknowledgement's amount is kept
//! beside the log, committed with its entry, never in the entry or a public view; only the
//! contributor (by a request signed with their key) and the organisation that paid are shown
//! it, with the salt that recomputes the digest in the entry.

use crate::world;

use std::path::Path;

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer as _, SigningKey};
use heard::attribution::kinds::*;
use heard::attribution::payment::{PAYMENT_PREFIX, Payment};
use heard::ledger::{Beside, Ledger, Shown};
use heard::log::LogConfig;
use heard::protocol::entry::Entry;
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::Statement;
use heard::server::payments::{CONTRIBUTOR_PREFIX, ORGANISATION_PREFIX, request_message};
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use world::*;

/// An amount and currency whose bytes cannot turn up in an entry by chance.
const AMOUNT: u64 = 0x0123_4567_89ab;
const CURRENCY: &str = "XTS";

fn payment() -> Payment {
    Payment { salt: vec![7; 32], amount: AMOUNT, currency: CURRENCY.into() }
}

fn ack(ideas: Vec<Id>) -> AcknowledgeBody {
    AcknowledgeBody {
        ideas,
        recognition: Recognition::Payment.code(),
        status: ACK_GIVEN,
        amount: None,
        currency: None,
        note: Some("Thank you for the workshop".into()),
        payment: None,
    }
}

struct Scene {
    w: World,
    council: SigningKey,
    other_org: SigningKey,
    amara: SigningKey,
    dev: SigningKey,
    idea: Id,
}

fn scene() -> Scene {
    let w = World::new();
    let (council, other_org, facilitator, amara, dev) = (key(1), key(2), key(3), key(11), key(12));
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&other_org, Role::Organisation, "Hillside Council");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Drop-in", &council, None);
    let idea = w.idea(&amara, idea_body(c, Consent::Named, Some("Amara Okafor"), None), "Evening opening.").unwrap();
    w.idea(&dev, idea_body(c, Consent::Named, Some("Dev Patel"), None), "Bus passes.").unwrap();
    Scene { w, council, other_org, amara, dev, idea }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn texts_len(w: &World) -> u64 {
    std::fs::metadata(w.dir.path().join("db").join("texts.dat")).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_new_acknowledgement_holds_a_digest_and_its_amount_is_kept_beside_it() {
    let s = scene();
    let (_, a) = s.w.paid(&s.council, ack(vec![s.idea]), payment()).expect("accepted");
    let entry = Entry::decode(&a.entry).unwrap();
    let st = Statement::decode(&entry.statement).unwrap();
    let Body::Acknowledge(b) = Body::decode(st.kind, &st.body).unwrap() else { panic!("not an acknowledgement") };
    assert_eq!((b.amount, b.currency.as_deref()), (None, None));
    assert_eq!(b.payment, Some(Id(payment().digest())));
    // Neither the amount (in any width CBOR could give it) nor the currency is in the entry.
    assert!(!contains(&a.entry, CURRENCY.as_bytes()));
    assert!(!contains(&a.entry, &AMOUNT.to_be_bytes()[2..]));
    // Beside the log under the entry hash: {0: salt, 1: amount, 2: currency}.
    let kept = s.w.ledger.store().unwrap().content_get(&a.entry_hash).unwrap().expect("kept beside the entry");
    assert_eq!(kept, heard::attribution::payment::encode(&payment()).unwrap());
    // The record holds the digest, not the amount; the audit's replay agrees.
    let p = s.w.ledger.portfolio(&pk(&s.amara)).unwrap();
    let rec = &p.items[0].acknowledgements[0];
    assert_eq!((rec.amount, rec.payment), (None, Some(Id(payment().digest()))));
    s.w.ledger.audit_policy().expect("audit");
}

#[test]
fn an_amount_in_the_open_is_refused_and_nothing_is_written() {
    let s = scene();
    let before = s.w.snapshot();
    let open = AcknowledgeBody { amount: Some(2500), currency: Some("GBP".into()), ..ack(vec![s.idea]) };
    assert_eq!(s.w.refused(&s.council, Body::Acknowledge(open)), "public_amount");
    assert_eq!(s.w.snapshot(), before);
}

#[test]
fn an_amount_that_does_not_match_or_is_missing_or_unasked_is_refused() {
    let s = scene();
    let before = (s.w.snapshot(), texts_len(&s.w));
    let w = &s.w;
    // Digest of one amount, another amount beside it.
    let body = Body::Acknowledge(AcknowledgeBody { payment: Some(Id(payment().digest())), ..ack(vec![s.idea]) });
    let (bytes, sig) = w.sign(&s.council, &body);
    let other = Payment { amount: AMOUNT + 1, ..payment() };
    let code = |b: Beside| w.ledger.submit_with(&bytes, &sig, b).unwrap_err().code();
    assert_eq!(code(Beside::Payment(other)), "payment_mismatch");
    assert_eq!(code(Beside::Nothing), "payment_required");
    let short = Payment { salt: vec![7; 31], ..payment() };
    assert_eq!(code(Beside::Payment(short)), "malformed_payment");
    // An amount beside an acknowledgement without a digest, or beside another kind.
    let (bytes, sig) = w.sign(&s.council, &Body::Acknowledge(ack(vec![s.idea])));
    assert_eq!(
        w.ledger.submit_with(&bytes, &sig, Beside::Payment(payment())).unwrap_err().code(),
        "unexpected_payment"
    );
    let (bytes, sig) = w.sign(&s.amara, &Body::Endorse(EndorseBody { idea: s.idea }));
    assert_eq!(
        w.ledger.submit_with(&bytes, &sig, Beside::Payment(payment())).unwrap_err().code(),
        "unexpected_payment"
    );
    // A payment the policy refuses (another organisation's) leaves no amount behind.
    assert_eq!(w.paid(&s.other_org, ack(vec![s.idea]), payment()).unwrap_err().code(), "not_convenor");
    assert_eq!((w.snapshot(), texts_len(w)), before);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The amount is committed with its entry: a copy of the folder taken the moment the append
/// returned (as a power cut would leave it, the ledger still open) has both.
#[test]
fn the_amount_is_committed_with_its_entry() {
    let s = scene();
    let (_, a) = s.w.paid(&s.council, ack(vec![s.idea]), payment()).expect("accepted");
    let cut = tempfile::tempdir().unwrap();
    copy_dir(&s.w.dir.path().join("db"), cut.path());
    let signer = NoteSigner::new(ORIGIN, [42; 32]).unwrap();
    let l = Ledger::open(cut.path(), signer, LogConfig::new(ORIGIN), s.w.operator.verifying_key().to_bytes()).unwrap();
    let v = l.payment_for_contributor(&pk(&s.amara), a.seq).expect("the amount survived");
    assert_eq!(v.amount, Shown::Private(payment()));
    assert_eq!(v.entry_hash, a.entry_hash);
}

struct Got {
    status: StatusCode,
    body: Vec<u8>,
}

impl Got {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
    fn problem(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{code}: {}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.json()["code"], code);
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(router: &axum::Router, method: &str, path: &str, accept: &str, body: Option<String>) -> Got {
    let req = Request::builder().method(method).uri(path).header(header::ACCEPT, accept);
    let req = match body {
        Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(HttpBody::from(b)),
        None => req.body(HttpBody::empty()),
    }
    .unwrap();
    let r = router.clone().oneshot(req).await.unwrap();
    let status = r.status();
    Got { status, body: r.into_body().collect().await.unwrap().to_bytes().to_vec() }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
}

/// A payment request for `seq` by `signer` claiming to be `key`.
fn request(prefix: &[u8], key: &SigningKey, signer: &SigningKey, seq: u64) -> String {
    let k = key.verifying_key().to_bytes();
    let time = now_ms();
    let sig = signer.sign(&request_message(prefix, &k, seq, time));
    serde_json::json!({ "key": hex::encode(k), "seq": seq, "time": time, "signature": hex::encode(sig.to_bytes()) })
        .to_string()
}

/// Every way an amount might be written on a page or in JSON.
fn shows_amount(text: &str) -> bool {
    let minor = AMOUNT.to_string();
    let major = format!("{}.{:02}", AMOUNT / 100, AMOUNT % 100);
    text.contains(&minor) || text.contains(&major) || text.contains(CURRENCY)
}

#[tokio::test]
async fn only_the_contributor_and_the_organisation_are_shown_the_amount() {
    let (s, seq) = tokio::task::spawn_blocking(|| {
        let s = scene();
        let (_, a) = s.w.paid(&s.council, ack(vec![s.idea]), payment()).expect("accepted");
        (s, a.seq)
    })
    .await
    .unwrap();
    let r = app(AppState::new(s.w.ledger.clone(), ServerConfig::default()));
    let amara = pk(&s.amara).hex();

    // Public: the facts, never the amount.
    let portfolio = send(&r, "GET", &format!("/v1/contributors/{amara}"), "application/json", None).await;
    assert_eq!(portfolio.status, StatusCode::OK);
    let a = &portfolio.json()["items"][0]["acknowledgements"][0];
    assert_eq!(
        (a["recognition"].as_str(), a["status"].as_str(), a["has_amount"].as_bool()),
        (Some("payment"), Some("given"), Some(true))
    );
    assert!(a.get("amount").is_none() && a.get("currency").is_none(), "{a}");
    for (path, accept) in [
        (format!("/v1/contributors/{amara}"), "application/json"),
        (format!("/v1/ideas/{}", s.idea.hex()), "application/json"),
        (format!("/contributors/{amara}"), "text/html"),
        (format!("/ideas/{}", s.idea.hex()), "text/html"),
        (format!("/contributors/{amara}/credit.html"), "text/html"),
        (format!("/staff/ideas/{}/recognise", s.idea.hex()), "text/html"),
    ] {
        let got = send(&r, "GET", &path, accept, None).await;
        assert_eq!(got.status, StatusCode::OK, "{path}");
        assert!(!shows_amount(&got.text()), "{path} shows the amount");
    }
    let page = send(&r, "GET", &format!("/contributors/{amara}"), "text/html", None).await.text();
    assert!(page.contains("Recognised: paid") && page.contains("the amount is private"), "{page}");

    // The contributor, with their key: the amount and the salt that gives the entry's digest.
    let got = send(
        &r,
        "POST",
        "/v1/payments/contributor",
        "application/json",
        Some(request(CONTRIBUTOR_PREFIX, &s.amara, &s.amara, seq)),
    )
    .await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text());
    let v = got.json();
    assert_eq!(
        (v["amount"].as_u64(), v["currency"].as_str(), v["form"].as_str()),
        (Some(AMOUNT), Some(CURRENCY), Some("private"))
    );
    let salt = B64.decode(v["salt"].as_str().unwrap()).unwrap();
    let mut h = Sha256::new();
    h.update(PAYMENT_PREFIX);
    h.update(&salt);
    h.update(AMOUNT.to_be_bytes());
    h.update(CURRENCY.as_bytes());
    let recomputed = hex::encode(h.finalize());
    // ... against the digest in the entry the log serves, not only the answer's own.
    let entry = send(&r, "GET", &format!("/v1/entries/{seq}"), "application/cbor", None).await;
    let e = Entry::decode(&entry.body).expect("entry bytes");
    let st = Statement::decode(&e.statement).unwrap();
    let Body::Acknowledge(b) = Body::decode(st.kind, &st.body).unwrap() else { panic!("not an acknowledgement") };
    assert_eq!(b.payment.map(|d| d.hex()), Some(recomputed.clone()));
    assert_eq!(v["digest"].as_str(), Some(recomputed.as_str()));

    // Wrong key: a request signed by another key than the one it names.
    let forged = request(CONTRIBUTOR_PREFIX, &s.amara, &s.dev, seq);
    send(&r, "POST", "/v1/payments/contributor", "application/json", Some(forged))
        .await
        .problem(StatusCode::UNAUTHORIZED, "bad_signature");
    // Signed for the other route.
    let crossed = request(ORGANISATION_PREFIX, &s.amara, &s.amara, seq);
    send(&r, "POST", "/v1/payments/contributor", "application/json", Some(crossed))
        .await
        .problem(StatusCode::UNAUTHORIZED, "bad_signature");
    // Not theirs: another contributor's own key.
    let dev = request(CONTRIBUTOR_PREFIX, &s.dev, &s.dev, seq);
    send(&r, "POST", "/v1/payments/contributor", "application/json", Some(dev))
        .await
        .problem(StatusCode::FORBIDDEN, "not_your_payment");
    // No acknowledgement at that seq.
    let none = request(CONTRIBUTOR_PREFIX, &s.amara, &s.amara, 1);
    send(&r, "POST", "/v1/payments/contributor", "application/json", Some(none))
        .await
        .problem(StatusCode::NOT_FOUND, "unknown_acknowledgement");

    // The organisation that paid sees it; another organisation and the contributor do not.
    let got = send(
        &r,
        "POST",
        "/v1/payments/organisation",
        "application/json",
        Some(request(ORGANISATION_PREFIX, &s.council, &s.council, seq)),
    )
    .await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text());
    assert_eq!(
        (got.json()["amount"].as_u64(), got.json()["salt"].as_str()),
        (Some(AMOUNT), Some(B64.encode(&salt).as_str()))
    );
    let other = request(ORGANISATION_PREFIX, &s.other_org, &s.other_org, seq);
    send(&r, "POST", "/v1/payments/organisation", "application/json", Some(other))
        .await
        .problem(StatusCode::FORBIDDEN, "not_your_payment");
    let contributor = request(ORGANISATION_PREFIX, &s.amara, &s.amara, seq);
    send(&r, "POST", "/v1/payments/organisation", "application/json", Some(contributor))
        .await
        .problem(StatusCode::FORBIDDEN, "not_your_payment");
}

/// The staff page that records a payment: shown for an idea (saying how many records of
/// recognition it has, and listing them in the page's language with a place for each amount
/// but no amount), a plain 404 page for an unknown idea, 400 for a link that is no id.
#[tokio::test]
async fn the_staff_payment_page_answers_for_ideas_only() {
    let (s, seq) = tokio::task::spawn_blocking(|| {
        let s = scene();
        let (_, a) = s.w.paid(&s.council, ack(vec![s.idea]), payment()).expect("accepted");
        (s, a.seq)
    })
    .await
    .unwrap();
    let r = app(AppState::new(s.w.ledger.clone(), ServerConfig::default()));
    let page = send(&r, "GET", &format!("/staff/ideas/{}/recognise", s.idea.hex()), "text/html", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("Evening opening.") && text.contains("already has 1 record of recognition"), "{text}");
    assert!(text.contains("/static/recognise.js") && text.contains("js-pay-amount-bad"), "the script and its words");
    // What was recorded: listed, with a place for its amount that the script fills, no amount.
    assert!(text.contains("Recorded for this idea") && text.contains("<strong>Paid</strong>"), "{text}");
    assert!(text.contains(&format!(r#"<span class="pay-amount" data-seq="{seq}">amount not shown</span>"#)), "{text}");
    assert!(text.contains("Thank you for the workshop") && !shows_amount(&text), "{text}");
    assert!(text.contains("js-pay-recorded-shown") && text.contains("js-pay-recorded-not-yours"), "its words");
    let req = Request::builder()
        .uri(format!("/staff/ideas/{}/recognise", s.idea.hex()))
        .header(header::COOKIE, "heard_lang=cy")
        .body(HttpBody::empty())
        .unwrap();
    let cy = r.clone().oneshot(req).await.unwrap().into_body().collect().await.unwrap().to_bytes();
    let cy = String::from_utf8_lossy(&cy);
    assert!(
        cy.contains("Wedi&#39;i gofnodi ar gyfer y syniad hwn") || cy.contains("Wedi'i gofnodi ar gyfer y syniad hwn"),
        "{cy}"
    );
    assert!(cy.contains("<strong>Talwyd</strong>") && cy.contains("swm heb ei ddangos") && !shows_amount(&cy), "{cy}");
    assert!(!cy.contains("Recorded for this idea") && !cy.contains("amount not shown"), "no English left: {cy}");
    let unknown = send(&r, "GET", &format!("/staff/ideas/{}/recognise", "ab".repeat(32)), "text/html", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text().contains("<h1>"), "a page, not a bare error");
    let bad = send(&r, "GET", "/staff/ideas/not-an-id/recognise", "text/html", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// Bad requests for an amount, on the organisation's route: each refused with a stable code
/// and a sentence, and nothing written.
#[tokio::test]
async fn a_bad_request_for_an_amount_is_refused_in_words_and_changes_nothing() {
    let (s, seq) = tokio::task::spawn_blocking(|| {
        let s = scene();
        let (_, a) = s.w.paid(&s.council, ack(vec![s.idea]), payment()).expect("accepted");
        (s, a.seq)
    })
    .await
    .unwrap();
    let before = s.w.snapshot();
    let r = app(AppState::new(s.w.ledger.clone(), ServerConfig::default()));
    let council = s.council.verifying_key().to_bytes();
    let signed = |time: u64, seq: u64| {
        hex::encode(s.council.sign(&request_message(ORGANISATION_PREFIX, &council, seq, time)).to_bytes())
    };
    let body = |key: &str, seq: u64, time: u64, sig: &str| {
        serde_json::json!({ "key": key, "seq": seq, "time": time, "signature": sig }).to_string()
    };
    let k = hex::encode(council);
    let now = now_ms();
    let hour = 60 * 60 * 1000;
    let bad: Vec<(String, StatusCode, &str)> = vec![
        ("not json".into(), StatusCode::BAD_REQUEST, "malformed"),
        (r#"{"key":"00","seq":1}"#.into(), StatusCode::BAD_REQUEST, "malformed"),
        (body("zz", seq, now, &signed(now, seq)), StatusCode::BAD_REQUEST, "malformed"),
        (body(&k, seq, now, "abcd"), StatusCode::BAD_REQUEST, "malformed"),
        (body(&k, seq, now - hour, &signed(now - hour, seq)), StatusCode::BAD_REQUEST, "stale_request"),
        (body(&k, seq, now + hour, &signed(now + hour, seq)), StatusCode::BAD_REQUEST, "stale_request"),
        (body(&k, seq, now, &signed(now, seq + 1)), StatusCode::UNAUTHORIZED, "bad_signature"),
        (request(ORGANISATION_PREFIX, &s.council, &s.other_org, seq), StatusCode::UNAUTHORIZED, "bad_signature"),
        (request(ORGANISATION_PREFIX, &s.council, &s.council, 1), StatusCode::NOT_FOUND, "unknown_acknowledgement"),
        (
            request(ORGANISATION_PREFIX, &s.council, &s.council, 1 << 40),
            StatusCode::NOT_FOUND,
            "unknown_acknowledgement",
        ),
        (request(ORGANISATION_PREFIX, &s.other_org, &s.other_org, seq), StatusCode::FORBIDDEN, "not_your_payment"),
    ];
    for (b, status, code) in bad {
        let got = send(&r, "POST", "/v1/payments/organisation", "application/json", Some(b.clone())).await;
        got.problem(status, code);
        let detail = got.json()["detail"].as_str().unwrap_or_default().to_string();
        assert!(detail.len() > 10 && detail.contains(' '), "{code}: a sentence: {detail}");
        assert!(!shows_amount(&got.text()), "{code}: no amount in a refusal");
    }
    assert_eq!(s.w.snapshot(), before, "a refused request wrote something");
    // The same request, well made, is answered.
    let got = send(
        &r,
        "POST",
        "/v1/payments/organisation",
        "application/json",
        Some(request(ORGANISATION_PREFIX, &s.council, &s.council, seq)),
    )
    .await;
    assert_eq!((got.status, got.json()["amount"].as_u64()), (StatusCode::OK, Some(AMOUNT)));
}

/// An older log whose acknowledgement holds its amount in the open (the demo folder of
/// 78ac871, £25.00 to Margaret) still audits; the public views no longer repeat the amount;
/// the organisation is shown it as the public form.
#[tokio::test]
async fn an_older_log_with_an_amount_in_the_open_audits_and_is_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(Path::new("tests/old-data/demo-78ac871"), &data);
    for k in ["log.key", "operator.key"] {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(data.join(k), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let l = tokio::task::spawn_blocking({
        let data = data.clone();
        move || Ledger::open_data_folder(&data, "demo.heard.example").unwrap()
    })
    .await
    .unwrap();
    l.audit_policy().expect("the older log audits");
    // The acknowledgement with its amount in the open.
    let (ack_seq, idea) = l
        .store()
        .unwrap()
        .domain_scan(b"A")
        .map(|r| r.unwrap())
        .find_map(|(_, v)| {
            let a: heard::attribution::state::AckRec = heard::protocol::cbor::decode_canonical(&v).unwrap();
            (a.amount == Some(2500)).then(|| (a.seq, a.ideas[0]))
        })
        .expect("the old demo's payment");
    let council = pk(&heard::demo::demo_key("council"));
    let v = l.payment_for_organisation(&council, ack_seq).expect("shown to the organisation");
    assert_eq!(v.amount, Shown::Public { amount: 2500, currency: "GBP".into() });
    let owner = l.idea(&idea).unwrap();
    let r = app(AppState::new(l.clone(), ServerConfig::default()));
    let who = owner
        .contributors
        .iter()
        .find_map(|c| match c {
            heard::attribution::query::ContributorId::Party(p) => Some(*p),
            _ => None,
        })
        .expect("a contributor with a key");
    for (path, accept) in [
        (format!("/v1/contributors/{}", who.hex()), "application/json"),
        (format!("/contributors/{}", who.hex()), "text/html"),
    ] {
        let got = send(&r, "GET", &path, accept, None).await;
        assert_eq!(got.status, StatusCode::OK, "{path}");
        let text = got.text();
        assert!(text.contains("has_amount") || text.contains("the amount is private"), "{path}: {text}");
        assert!(
            !text.contains("25.00") && !text.contains("\"amount\"") && !text.contains("GBP"),
            "{path} repeats the amount"
        );
    }
    tokio::task::spawn_blocking(move || l.close().unwrap()).await.unwrap();
}

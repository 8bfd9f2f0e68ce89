//! Secrets never leave: a full scenario against a real `heard serve` logging at `trace` (its
//! most verbose level), then the server's stdout and stderr, every error body and `/metrics`
//! are searched for the private key material of the log key, the operator key and the
//! clients' keys (in every encoding it exists in), for the claim cards' secrets and codes,
//! and for the ideas' words. None may appear.

use crate::common;

use std::process::Stdio;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use common::process::{self, agent};
use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec};
use heard::attribution::claim::ClaimCard;
use heard::attribution::kinds::{Id, Role};
use heard::ledger::IdeaText;
use heard::protocol::note::NoteSigner;

/// Every form a key's secret takes: the key file's text, the base64 of its `0x01 ‖ seed`
/// part, the seed in standard and URL-safe base64 and in hex, the 64-byte keypair (seed ‖
/// public key) in base64 and hex.
fn key_forms(k: &NoteSigner) -> Vec<String> {
    let seed = k.signing_key().to_bytes();
    let text = k.to_text();
    // `PRIVATE+KEY+<name>+<id>+<base64>`: the base64 may itself hold `+`, so split only four times.
    let material = text.splitn(5, '+').nth(4).unwrap().to_string();
    assert!(material.len() >= 44, "key material {material:?}");
    let pair = k.signing_key().to_keypair_bytes();
    vec![
        text,
        material,
        B64.encode(seed),
        B64URL.encode(seed),
        hex::encode(seed),
        hex::encode_upper(seed),
        B64.encode(pair),
        hex::encode(pair),
        debug_bytes(&seed),
    ]
}

/// Bytes as Rust's `Debug` prints them inside a byte vector (`81, 117, 111`): how a
/// library's trace logging would show a stored value.
fn debug_bytes(b: &[u8]) -> String {
    b.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")
}

/// Every form of a card's secret: the code as printed, without dashes, lower case; the
/// secret in hex and base64.
fn card_forms(c: &ClaimCard) -> Vec<String> {
    let bare = c.code.replace('-', "");
    vec![
        c.code.clone(),
        bare.clone(),
        bare.to_lowercase(),
        hex::encode(c.secret),
        B64.encode(c.secret),
        debug_bytes(&c.secret),
    ]
}

struct Client {
    a: ureq::Agent,
    url: String,
    /// Every refusal body answered (status, body).
    errors: Vec<(u16, String)>,
}

impl Client {
    fn request(&mut self, method: &str, path: &str, body: Option<String>) -> (u16, String) {
        let url = format!("{}{path}", self.url);
        let mut r = match body {
            Some(b) => self.a.post(&url).header("Content-Type", "application/json").send(b.as_str()).expect("POST"),
            None if method == "GET" => self.a.get(&url).call().expect("GET"),
            None => self.a.delete(&url).call().expect("DELETE"),
        };
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().expect("body");
        if status >= 400 {
            self.errors.push((status, text.clone()));
        }
        (status, text)
    }
    fn submit(&mut self, s: &build::Signed) -> (u16, String) {
        self.submit_raw(&s.statement, &s.signature, s.content.as_ref())
    }
    fn submit_raw(&mut self, st: &[u8], sig: &[u8], content: Option<&IdeaText>) -> (u16, String) {
        let mut v = serde_json::json!({"statement": B64.encode(st), "signature": B64.encode(sig)});
        if let Some(c) = content {
            v["content"] = serde_json::json!({"text": c.text, "salt": B64.encode(&c.salt)});
        }
        self.request("POST", "/v1/statements", Some(v.to_string()))
    }
    fn ok(&mut self, s: &build::Signed) {
        let (status, body) = self.submit(s);
        assert_eq!(status, 201, "{body}");
    }
}

fn new_key(dir: &std::path::Path, name: &str) -> NoteSigner {
    let k = heard::keys::generate(name).unwrap();
    heard::keys::write_key_file(&dir.join(format!("{name}.key")), &k).unwrap();
    heard::keys::read_key_file(&dir.join(format!("{name}.key"))).unwrap()
}

fn sk(k: &NoteSigner) -> SigningKey {
    heard::keys::statement_key(k)
}

#[test]
fn no_key_claim_secret_or_idea_text_appears_in_logs_errors_or_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let err_path = dir.path().join("server.err");
    let stderr = std::fs::File::create(&err_path).unwrap();
    let mut server = process::serve(
        &data,
        &["--write-burst", "1000", "--writes-per-second", "1000"],
        // The most verbose level, and sled's too (whose trace records print stored pages).
        &[("RUST_LOG", "trace,sled=trace")],
        Stdio::from(stderr),
    );
    let log_key = heard::keys::read_key_file(&data.join("log.key")).unwrap();
    let operator = heard::keys::read_key_file(&data.join("operator.key")).unwrap();
    let council = new_key(dir.path(), "council");
    let facilitator = new_key(dir.path(), "facilitator");
    let team = new_key(dir.path(), "team");
    let contributor = new_key(dir.path(), "contributor");
    let mut c = Client { a: agent(), url: server.url.clone(), errors: Vec::new() };
    let mut t = 1_800_000_000_000u64;
    let mut now = || {
        t += 1000;
        t
    };

    // Enrolments, a consultation, ideas on two cards and one of the facilitator's own.
    let op = sk(&operator);
    for (k, role, name) in [
        (&council, Role::Organisation, "Riverside Council"),
        (&facilitator, Role::Facilitator, "Sam Reed"),
        (&team, Role::PolicyTeam, "Policy Unit"),
    ] {
        c.ok(&build::enrol(&op, now(), build::key_id(&sk(k)), role, name, false).unwrap());
    }
    let spec = ConsultationSpec {
        title: "Drop-in".into(),
        date: "2026-03-14".into(),
        place: "Canal Street".into(),
        topic: "mental health".into(),
        convenor: build::key_id(&sk(&council)),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    let consultation = build::consultation(&sk(&facilitator), now(), &spec).unwrap();
    c.ok(&consultation);
    let (claimed, unclaimed) = (ClaimCard::generate().unwrap(), ClaimCard::generate().unwrap());
    let words = [
        "Quokka lanterns by the canal would make the walk home feel safe",
        "Zephyr counselling rooms should open on Sunday evenings",
        "Marmalade vouchers for carers who wait at the clinic",
    ];
    let mut ideas = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let card = [Some(&claimed), Some(&unclaimed), None][i];
        let spec = IdeaSpec {
            consultation: consultation.id,
            tags: vec!["support".into()],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: card.map(|c| Id(c.hash)),
            given: None,
        };
        let idea = build::idea(&sk(&facilitator), now(), &spec, IdeaText::new(*w).unwrap()).unwrap();
        c.ok(&idea);
        ideas.push(idea);
    }

    // Card lookups (the code is in the URL), a claim, and refusals of every sort.
    assert_eq!(c.request("GET", &format!("/v1/cards/{}", unclaimed.code), None).0, 200);
    assert_eq!(c.request("GET", &format!("/v1/cards/{}", claimed.code), None).0, 200);
    let me = sk(&contributor);
    let named = Attribution::Pseudonym("RiverWalker".into());
    let wrong = ClaimCard::generate().unwrap();
    let claim = |secret: [u8; 16], time| build::claim(&me, time, vec![ideas[0].id], &named, Some(secret)).unwrap();
    assert_eq!(c.submit(&claim(wrong.secret, now())).0, 422);
    c.ok(&claim(claimed.secret, now()));
    let again = build::claim(&sk(&team), now(), vec![ideas[0].id], &named, Some(claimed.secret)).unwrap();
    assert_eq!(c.submit(&again).0, 409);
    let mut typo = unclaimed.code.clone();
    let last = typo.pop().unwrap();
    typo.push(if last == '0' { '1' } else { '0' });
    assert_eq!(c.request("GET", &format!("/v1/cards/{typo}"), None).0, 400);
    assert_eq!(c.request("GET", &format!("/v1/cards/{}", wrong.code), None).0, 404);
    // An idea replayed with other words, and as it was.
    let mut other = ideas[1].clone();
    other.content = Some(IdeaText { salt: vec![1; 32], text: words[2].into() });
    assert_eq!(c.submit(&other).0, 422);
    assert_eq!(c.submit(&ideas[1]).0, 409);
    // A bad signature, a stranger's enrolment, a statement signed by a client's key but sent
    // with the key file's text in place of the signature, and a body that is a key file.
    let mut bad = build::endorse(&sk(&council), now(), ideas[2].id).unwrap();
    bad.signature[0] ^= 1;
    assert_eq!(c.submit(&bad).0, 401);
    let stranger = build::enrol(&sk(&council), now(), Id([3; 32]), Role::Witness, "x", false).unwrap();
    assert_eq!(c.submit(&stranger).0, 403);
    let endorse = build::endorse(&sk(&council), now(), ideas[2].id).unwrap();
    assert_eq!(c.submit_raw(&endorse.statement, facilitator.to_text().as_bytes(), None).0, 400);
    for body in [
        facilitator.to_text(),
        serde_json::json!({"statement": facilitator.to_text(), "signature": council.to_text()}).to_string(),
        serde_json::json!({"statement": B64.encode(sk(&team).to_bytes()), "signature": hex::encode(sk(&team).to_bytes())})
            .to_string(),
        serde_json::json!({"witness_key": log_key.to_text(), "note": operator.to_text()}).to_string(),
    ] {
        let (status, _) = c.request("POST", "/v1/statements", Some(body.clone()));
        assert_eq!(status, 400);
        let (status, _) = c.request("POST", "/v1/cosignatures", Some(body));
        assert_eq!(status, 400);
    }
    assert_eq!(c.request("DELETE", "/v1/statements", None).0, 405);
    let (status, metrics) = c.request("GET", "/metrics", None);
    assert_eq!(status, 200);
    assert!(metrics.contains("heard_appends_refused_total"), "{metrics}");

    assert!(server.terminate(), "the server did not stop cleanly");
    let stdout = server.stdout.lock().unwrap().join("\n");
    let stderr = std::fs::read_to_string(&err_path).unwrap();
    // The logs were really at trace level (the server's web stack logs there).
    assert!(stderr.contains("TRACE"), "RUST_LOG=trace was not honoured:\n{stderr}");
    assert!(c.errors.len() >= 14, "{:?}", c.errors);

    let mut places: Vec<(String, &str)> = vec![
        ("the server's stdout".into(), &stdout),
        ("the server's stderr".into(), &stderr),
        ("/metrics".into(), &metrics),
    ];
    for (i, (status, body)) in c.errors.iter().enumerate() {
        places.push((format!("error body {i} ({status})"), body));
    }
    let mut secrets: Vec<(String, String)> = Vec::new();
    for (who, k) in [
        ("log key", &log_key),
        ("operator key", &operator),
        ("council key", &council),
        ("facilitator key", &facilitator),
        ("team key", &team),
        ("contributor key", &contributor),
    ] {
        secrets.extend(key_forms(k).into_iter().map(|f| (who.to_string(), f)));
    }
    for (what, card) in [("claimed card", &claimed), ("unclaimed card", &unclaimed), ("wrong card", &wrong)] {
        secrets.extend(card_forms(card).into_iter().map(|f| (what.to_string(), f)));
    }
    for w in words {
        secrets.push(("idea text".into(), w.to_string()));
        // Any distinctive part of it, too.
        secrets.push(("idea text".into(), w.split(' ').next().unwrap().to_string()));
        secrets.push(("idea text".into(), debug_bytes(&w.as_bytes()[..12])));
    }
    for (where_, text) in &places {
        for (what, secret) in &secrets {
            assert!(!text.contains(secret.as_str()), "the {what} ({secret}) appears in {where_}");
        }
    }
}

//! Recovering a lost key in a real browser (issue 25 §1): a Heard server on 127.0.0.1 with
//! its data folder, a card claimed by a key that is now "lost", and a facilitator invited
//! with `heard invite`; driven by Debian's headless Chromium through
//! `tests/browser/recover.mjs` (playwright-core, axe-core) in two browser contexts at 360 px.
//!
//! The facilitator joins, opens "Recover someone's credit" from the staff home and finds the
//! person by their card's code; the person, on their own "phone", types the code shown (a
//! wrong code first), makes and saves a new key file and sends the new key with the keyboard
//! alone; both screens show the same 8 digits; the facilitator starts the recovery and both
//! pages say when it takes effect; the old key's credit file checks the recovery's receipt
//! offline; the person's page in Welsh. axe-core on both pages, no page wider than 360 px,
//! screenshots in `<target>/recovery-browser-artifacts/`.
//!
//! This test then checks the server's side: the log holds a `recover` of the lost key to the
//! key in the downloaded key file, signed by the facilitator's browser key with this
//! server's waiting period; no request carried a private key; the audit passes.
//!
//! Needs `chromium`, `node` and `npm`: `bash .ci/run` installs them. Without them it fails.

use crate::common;

use common::browser::{self, Browser};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec};
use heard::attribution::claim::ClaimCard;
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Role};
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::protocol::note::NoteSigner;
use heard::server::{AppState, ServerConfig, StaffDesk};
use heard::staff::invitations::Invitations;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(200);

fn heard(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_heard")).args(args).output().expect("run heard");
    assert!(o.status.success(), "heard {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_facilitator_and_a_person_recover_a_lost_key_in_two_browsers() {
    let Browser { chromium, script_dir, artifacts } = browser::setup("recovery-browser-artifacts");

    // A council's consultation; an idea on a card, claimed by a key the person has lost.
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "heard.localhost/log").expect("ledger");
    let (keys, _) = DataDir::new(&data).init_keys("heard.localhost/log").expect("keys");
    let operator = statement_key(&keys.operator);
    let council = SigningKey::from_bytes(&[21; 32]);
    let council_id = Id(council.verifying_key().to_bytes());
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() as u64;
    let submit = |s: build::Signed| ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append").seq;
    submit(build::enrol(&operator, t, council_id, Role::Organisation, "Riverside Council", false).expect("enrol"));
    let recorder = SigningKey::from_bytes(&[23; 32]);
    let recorder_id = Id(recorder.verifying_key().to_bytes());
    submit(build::enrol(&operator, t, recorder_id, Role::Facilitator, "Jo", false).expect("enrol"));
    let c = build::consultation(
        &council,
        t + 1,
        &ConsultationSpec {
            title: "Library hours".into(),
            date: "2026-02-01".into(),
            place: "Central Library".into(),
            topic: "libraries".into(),
            convenor: council_id,
            recorders: vec![recorder_id],
            closes: None,
            lang: None,
        },
    )
    .expect("consultation");
    let cid = c.id;
    submit(c);
    let card = ClaimCard::from_secret([61; 16]);
    let spec = IdeaSpec {
        consultation: cid,
        tags: vec![],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: Attribution::Anonymous,
        claim_hash: Some(Id(card.hash)),
        given: None,
    };
    let idea = build::idea(&recorder, t + 2, &spec, IdeaText::new("Open on Sunday afternoons").expect("text"));
    let idea = idea.expect("idea");
    let idea_id = idea.id;
    submit(idea);
    let lost = SigningKey::from_bytes(&[62; 32]);
    let lost_id = Id(lost.verifying_key().to_bytes());
    submit(
        build::claim(&lost, t + 3, vec![idea_id], &Attribution::Pseudonym("Reader".into()), Some(card.secret))
            .expect("claim"),
    );

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let d = data.to_str().expect("utf-8 path");
    let out = heard(&["invite", "--data", d, "--role", "facilitator", "--name", "Amara Okafor", "--public-url", &base]);
    let invite = out.lines().find_map(|l| l.strip_prefix("link ")).expect("a link line").to_string();
    let desk = StaffDesk { invitations: Invitations::new(&data), operator: operator.clone() };
    let state =
        AppState::new(ledger.clone(), ServerConfig { public_url: base.clone(), ..Default::default() }).with_staff(desk);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        rt.block_on(heard::server::run(listener, state, async {
            let _ = stopped.await;
        }))
    });

    let started = Instant::now();
    let child = Command::new("node")
        .arg("recover.mjs")
        .current_dir(&script_dir)
        .env("HEARD_URL", &base)
        .env("HEARD_CHROMIUM", &chromium)
        .env("HEARD_ARTIFACTS", &artifacts)
        .env("HEARD_BROWSER_SECONDS", (LIMIT.as_secs() - 20).to_string())
        .env("HEARD_INVITE", &invite)
        .env("HEARD_CARD", &card.code)
        .env("HEARD_OLD_KEY", lost_id.hex())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let (status, out, err) = browser::finish(child, started, LIMIT, "recovery browser run", &artifacts);
    let status = status.unwrap_or_else(|| panic!("the browser run took longer than {LIMIT:?}"));
    assert!(status.success(), "the browser scenarios failed ({status}):\n{out}{err}");
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("results.json")).expect("results")).expect("json");

    // The log holds the recovery of the lost key to the key in the downloaded file, signed by
    // the facilitator's browser key, with this server's period.
    let key_file = std::fs::read_to_string(results["keyFile"].as_str().expect("key file")).expect("read key file");
    let new_key = NoteSigner::from_text(key_file.trim()).expect("a key file heard reads");
    let new_id = Id(new_key.signing_key().verifying_key().to_bytes());
    let rec = ledger.recoveries(&lost_id).expect("recoveries").from_this_key.expect("a recovery of the lost key");
    assert_eq!(rec.new_key, new_id, "the credit moves to the key in the person's file");
    assert_eq!(rec.wait_days, 14);
    assert!(rec.cancelled.is_none());
    let facilitator =
        Id(hex::decode(results["facilitatorKey"].as_str().expect("key")).expect("hex").try_into().expect("32"));
    assert_eq!(rec.by, ledger.key_rec(&facilitator).expect("read").expect("enrolled").party);
    assert_eq!(results["check"].as_str(), Some(&new_id.hex()[..8]), "the digits both screens showed");
    ledger.audit_policy().expect("the policy audit passes");

    // No request body held a private key; the person's page sent only the public key and binding.
    for p in results["posts"].as_array().expect("posts") {
        let body = p["body"].as_str().unwrap_or_default();
        assert!(!body.contains("PRIVATE+KEY") && !body.contains("\"d\":"), "a request carried a private key: {body}");
        if p["url"].as_str().is_some_and(|u| u.ends_with("/key")) {
            let v: Value = serde_json::from_str(body).expect("json");
            let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
            assert_eq!(keys, ["binding", "new_key"]);
        }
    }

    let _ = stop.send(());
    server.join().expect("server thread").expect("server");
}

//! A facilitator's day in a real browser (issue 22, section 4): a Heard server on 127.0.0.1
//! with its data folder (so it holds the operator key and takes invitations), driven by
//! Debian's headless Chromium through `tests/browser/staff.mjs` (playwright-core, axe-core).
//!
//! The script joins with an invitation made by `heard invite`, opens a consultation, records
//! nine ideas at 360 px (co-contributors, builds-on, one while offline, one with the keyboard
//! alone), prints the cards to PDF, lets a contributor claim one, and tries the refusals.
//! This test then checks the server's side: every idea is signed by the browser's key, the
//! fields are what the page was given, the PDF holds 8 cards on one A4 page with every code,
//! every idea's words and every QR decoding to its own claim link (`pdftotext`, `pdftoppm`,
//! `zbarimg`), the claim is in the ledger, no request carried a private key, and the audit
//! passes.
//!
//! Needs `chromium`, `node`, `npm`, `pdftotext`/`pdftoppm` (poppler-utils) and `zbarimg`
//! (zbar-tools): `bash .ci/run` installs them when missing. Without them this test fails.

use crate::common;

use common::browser::{self, Browser};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec};
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Body, Id, Role};
use heard::keys::{DataDir, statement_key, write_key_file};
use heard::ledger::Ledger;
use heard::protocol::entry::Entry;
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::{Kind, Statement};
use heard::server::{AppState, ServerConfig, StaffDesk};
use heard::staff::Invitations;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(240);
const PARKS_IDEA: &str = "Keep one park gate open until 10 pm in summer";

fn tool(name: &str, arg: &str) {
    let ok = Command::new(name)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    assert!(ok, "`{name}` is missing: run `bash .ci/run`, which installs it");
}

fn heard(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_heard")).args(args).output().expect("run heard");
    assert!(o.status.success(), "heard {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn link_of(invite_output: &str) -> String {
    invite_output.lines().find_map(|l| l.strip_prefix("link ")).expect("a link line").to_string()
}

/// The statement of the entry that logged idea `id`.
fn statement_of(ledger: &Ledger, id: &Id) -> Statement {
    let seq = ledger.idea(id).expect("idea").seq;
    let entry = Entry::decode(&ledger.log().entry(seq).expect("read").expect("entry")).expect("entry");
    Statement::decode(&entry.statement).expect("statement")
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_facilitator_records_ideas_in_the_browser_and_prints_claim_cards() {
    let Browser { chromium, script_dir, artifacts } = browser::setup("staff-browser-artifacts");
    // Besides the browser: poppler's PDF tools and zbar, to read the printed cards.
    for (t, a) in [("pdftotext", "-v"), ("pdftoppm", "-v"), ("zbarimg", "--version")] {
        tool(t, a);
    }

    // The data folder: a council (enrolled by the operator) convening one consultation that
    // has no recorders, so the facilitator may not record in it.
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "heard.localhost/log").expect("ledger");
    let (keys, _) = DataDir::new(&data).init_keys("heard.localhost/log").expect("keys");
    let operator = statement_key(&keys.operator);
    let council_signer = NoteSigner::new("council", [21; 32]).expect("council");
    let council_key_file = dir.path().join("council.key");
    write_key_file(&council_key_file, &council_signer).expect("council key file");
    let council = council_signer.signing_key().clone();
    let council_id = Id(council.verifying_key().to_bytes());
    let submit = |s: build::Signed| ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append").seq;
    submit(
        build::enrol(&operator, 1_765_000_000_000, council_id, Role::Organisation, "Riverside Council", false)
            .expect("enrol"),
    );
    let other = build::consultation(
        &council,
        1_765_000_000_001,
        &ConsultationSpec {
            title: "Parks survey".into(),
            date: "2026-02-01".into(),
            place: "Online".into(),
            topic: "parks".into(),
            convenor: council_id,
            recorders: vec![],
            closes: None,
            lang: None,
        },
    )
    .expect("consultation");
    let other_id = other.id;
    submit(other);
    // An idea a resident gave in the parks survey with their own key (for the report builder).
    let resident = SigningKey::from_bytes(&[34; 32]);
    let parks_spec = IdeaSpec {
        consultation: other_id,
        tags: vec!["parks".into()],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: Attribution::Pseudonym("Dog walker".into()),
        claim_hash: None,
        given: None,
    };
    let parks =
        build::idea(&resident, 1_765_000_000_002, &parks_spec, IdeaText::new(PARKS_IDEA).expect("text")).expect("idea");
    let parks_id = parks.id;
    submit(parks);
    let co = SigningKey::from_bytes(&[33; 32]);

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let d = data.to_str().expect("utf-8 path");
    let invite = link_of(&heard(&[
        "invite",
        "--data",
        d,
        "--role",
        "facilitator",
        "--name",
        "Amara Okafor",
        "--organisation",
        "Riverside Council",
        "--public-url",
        &base,
    ]));
    let invite_revoked =
        link_of(&heard(&["invite", "--data", d, "--role", "facilitator", "--name", "Ben Ade", "--public-url", &base]));
    let invite_team = link_of(&heard(&[
        "invite",
        "--data",
        d,
        "--role",
        "policy-team",
        "--name",
        "Housing Team",
        "--public-url",
        &base,
    ]));
    let invite_org = link_of(&heard(&[
        "invite",
        "--data",
        d,
        "--role",
        "organisation",
        "--name",
        "Riverside Housing",
        "--public-url",
        &base,
    ]));
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
        .arg("staff.mjs")
        .current_dir(&script_dir)
        .env("HEARD_URL", &base)
        .env("HEARD_CHROMIUM", &chromium)
        .env("HEARD_ARTIFACTS", &artifacts)
        .env("HEARD_BROWSER_SECONDS", (LIMIT.as_secs() - 20).to_string())
        .env("HEARD_INVITE", &invite)
        .env("HEARD_INVITE_REVOKED", &invite_revoked)
        .env("HEARD_INVITE_TEAM", &invite_team)
        .env("HEARD_INVITE_ORG", &invite_org)
        .env("HEARD_PARKS_IDEA", parks_id.hex())
        .env("HEARD_OTHER_CONSULTATION", other_id.hex())
        .env("HEARD_BIN", env!("CARGO_BIN_EXE_heard"))
        .env("HEARD_DATA", d)
        .env("HEARD_COUNCIL_KEY", &council_key_file)
        .env("HEARD_CO_KEY", hex::encode(co.verifying_key().to_bytes()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let (status, out, err) = browser::finish(child, started, LIMIT, "staff browser run", &artifacts);
    let status = status.unwrap_or_else(|| panic!("the browser run took longer than {LIMIT:?}"));
    assert!(status.success(), "the browser scenarios failed ({status}):\n{out}{err}");
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("results.json")).expect("results")).expect("json");

    // Every idea is signed by the key the browser made, and says what the page was given.
    let facilitator = results["facilitatorKey"].as_str().expect("key").to_string();
    let ideas = results["ideas"].as_array().expect("ideas");
    assert_eq!(ideas.len(), 9);
    let by_words = |w: &str| {
        let v = ideas.iter().find(|i| i["words"].as_str() == Some(w)).expect("idea by words");
        Id(hex::decode(v["id"].as_str().expect("id")).expect("hex").try_into().expect("32 bytes"))
    };
    let body_of = |id: &Id| {
        let st = statement_of(&ledger, id);
        assert_eq!(hex::encode(st.author), facilitator, "signed by the facilitator's browser key");
        assert_eq!(st.kind, Kind::Idea);
        match Body::decode(Kind::Idea, &st.body).expect("body") {
            Body::Idea(b) => b,
            other => panic!("not an idea body: {other:?}"),
        }
    };
    for i in ideas {
        let id = Id(hex::decode(i["id"].as_str().expect("id")).expect("hex").try_into().expect("32"));
        body_of(&id);
        let view = ledger.idea(&id).expect("idea");
        assert_eq!(view.text.as_deref(), i["words"].as_str(), "the words are stored beside the log");
    }
    let first = by_words("Text people the day before a repair visit");
    let b1 = body_of(&first);
    assert_eq!(b1.co_contributors, vec![Id(co.verifying_key().to_bytes())]);
    assert_eq!(b1.tags, ["repairs", "damp"]);
    assert_eq!(b1.name.as_deref(), Some("River"));
    let b2 = body_of(&by_words("And let them choose the time slot by text"));
    assert_eq!(b2.builds_on, vec![first]);
    let b3 = body_of(&by_words("Fix the lifts before the winter"));
    assert_eq!(b3.claim_hash, b1.claim_hash, "the same person's ideas share a card");

    // The print sheet: 8 cards on one A4 page, every code and idea readable, every QR its card's link.
    let pdf = PathBuf::from(results["pdf"].as_str().expect("pdf"));
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")), "one page: {info}");
    assert!(info.contains("(A4)"), "A4: {info}");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let compact: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let codes: std::collections::BTreeSet<String> =
        ideas.iter().map(|i| i["code"].as_str().expect("code").to_string()).collect();
    assert_eq!(codes.len(), 8);
    for c in &codes {
        assert!(compact.contains(&c.replace('-', "")), "the sheet shows code {c}:\n{text}");
    }
    // Each card shows the words of an idea on it (a card holding two shows the first).
    for c in &codes {
        let on_card: Vec<&str> = ideas
            .iter()
            .filter(|i| i["code"].as_str() == Some(c.as_str()))
            .filter_map(|i| i["words"].as_str())
            .collect();
        assert!(on_card.iter().any(|w| squeeze(&text).contains(w)), "card {c} shows one of {on_card:?}:\n{text}");
    }
    let png = artifacts.join("cards-page");
    let o = Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .output()
        .expect("pdftoppm");
    assert!(o.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new("zbarimg").args(["-q", "--raw"]).arg(png.with_extension("png")).output().expect("zbarimg");
    let decoded: std::collections::BTreeSet<String> =
        String::from_utf8_lossy(&o.stdout).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    assert_eq!(decoded.len(), 8, "eight QR codes decode: {decoded:?}");
    for url in &decoded {
        assert!(url.starts_with(&base), "{url} points at this server");
        let code = codes.iter().find(|c| url.contains(c.as_str()) || url.contains(&c.replace('-', "")));
        let code = code.unwrap_or_else(|| panic!("{url} is no card's link"));
        let answer = ureq::get(url).call().expect("the QR's link opens").body_mut().read_to_string().expect("page");
        assert!(answer.contains(code.as_str()) || answer.contains("Claim your ideas"), "the claim page for {code}");
    }

    // The contributor's claim, the refusals, and the audit.
    let claimed = results["claimed"].as_str().expect("claimed");
    assert!(ledger.card(claimed).expect("card").claimed, "the card is claimed");
    let revoked = Id(hex::decode(results["revokedKey"].as_str().expect("key")).expect("hex").try_into().expect("32"));
    assert_eq!(
        ledger.key_rec(&revoked).expect("read").expect("enrolled").status,
        heard::attribution::state::STATUS_REVOKED
    );
    let session = Id(hex::decode(results["session"].as_str().expect("session")).expect("hex").try_into().expect("32"));
    assert_eq!(ledger.ideas_of_consultation(&session).expect("ideas").len(), 9, "nothing after the close");
    let parks_ideas = ledger.ideas_of_consultation(&other_id).expect("ideas");
    assert_eq!(parks_ideas.iter().map(|v| v.id).collect::<Vec<_>>(), [parks_id], "nothing where she may not record");
    // The report the policy team published from the browser: three ideas from three
    // consultations, each with its locator and usage.
    let report = Id(hex::decode(results["report"].as_str().expect("report")).expect("hex").try_into().expect("32"));
    let rec = ledger.report(&report).expect("report");
    let lift =
        Id(hex::decode(results["answered"][0]["id"].as_str().expect("id")).expect("hex").try_into().expect("32"));
    assert_eq!((rec.title.as_str(), rec.version.as_str()), ("Housing Plan", "v2"));
    let uses: Vec<(Id, &str, u8)> = rec.uses.iter().map(|u| (u.idea, u.locator.as_str(), u.how)).collect();
    assert_eq!(uses, vec![(first, "recommendation 3, page 12", 0), (parks_id, "page 20", 1), (lift, "annex B", 2)]);
    // The organisation's answers: stages kept in order, one answer shared by two ideas.
    let follow_up =
        Id(hex::decode(results["followUp"].as_str().expect("followUp")).expect("hex").try_into().expect("32"));
    let answered = ledger.ideas_of_consultation(&follow_up).expect("ideas");
    let outcomes: Vec<Vec<u8>> = answered.iter().map(|v| v.responses.iter().map(|r| r.outcome).collect()).collect();
    assert_eq!(outcomes, vec![vec![0, 4], vec![3], vec![3]], "adopted then delivered; one not-adopted answer for two");
    assert_eq!(answered[1].responses[0].seq, answered[2].responses[0].seq, "the two share one statement");
    // The contributor who claimed the delivered idea's card owns it now.
    assert!(ledger.card(results["answered"][0]["code"].as_str().expect("code")).expect("card").claimed);
    ledger.audit_policy().expect("the policy audit passes");

    // No request body ever held a private key; joining sends the secret and the public key only.
    let posts = results["posts"].as_array().expect("posts");
    for p in posts {
        let body = p["body"].as_str().unwrap_or_default();
        assert!(!body.contains("PRIVATE+KEY") && !body.contains("\"d\":"), "a request carried a private key: {body}");
        if p["url"].as_str().is_some_and(|u| u.ends_with("/v1/staff/join")) {
            let v: Value = serde_json::from_str(body).expect("json");
            let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
            assert_eq!(keys, ["key", "secret"]);
        }
        if p["url"].as_str().is_some_and(|u| u.ends_with("/v1/statements")) {
            let v: Value = serde_json::from_str(body).expect("json");
            assert!(
                v.as_object()
                    .expect("object")
                    .keys()
                    .all(|k| ["statement", "signature", "content"].contains(&k.as_str()))
            );
        }
    }

    let _ = stop.send(());
    server.join().expect("server thread").expect("server");
    ledger.close().expect("closed cleanly");
    drop(ledger);
    let store = heard::log::store::Store::open(&DataDir::new(&data).db()).expect("store");
    heard::log::audit::audit(&store, &keys.log.verifier()).expect("heard audit passes");
}

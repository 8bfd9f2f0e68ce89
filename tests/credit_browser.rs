//! A contributor's credit that travels and lasts, in a real browser (issue 25, §1 and the
//! first half of §2): a Heard server on 127.0.0.1 with two sessions, each with an unclaimed
//! card, the first card's idea cited in a report and answered; driven by Debian's headless
//! Chromium through `tests/browser/credit.mjs` (playwright-core, axe-core).
//!
//! The script claims the first card with a new key (saved before the claim is sent; the
//! first POST is aborted, the page reloaded, and the retry uses the same key), claims the
//! second card in a new browser session with "I already have a key file" (after a file that
//! is not a key file is refused), then checks the portfolio's receipts and opens "Download
//! my credit" in a fresh context with every request blocked: every receipt verifies, and a
//! copy with one tampered receipt reports exactly that one as failing. axe-core at 360 and
//! 1280 px on the claim page, the portfolio and the credit file. On the portfolio it also asks
//! for an Open Badges credential for the first idea (issue 25 §3), signed with the key file.
//!
//! This test then checks the server's side: both cards are claimed by the one key in the
//! key file, one portfolio holds both ideas, both claim attempts of the first card were
//! signed by that key, no request carried the private key, and the audit passes.
//!
//! Needs `chromium`, `node` and `npm`: `bash .ci/run` installs them. Without them it fails.

use crate::common;

use common::browser::{self, Browser, id_of};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Answer, Attribution, ConsultationSpec, IdeaSpec, Use, key_id};
use heard::attribution::claim::ClaimCard;
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Outcome, Role, Usage};
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::protocol::integrity;
use heard::protocol::note::NoteSigner;
use heard::server::{AppState, ServerConfig, StaffDesk};
use heard::staff::invitations::Invitations;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(240);
const IDEA_ONE: &str = "Put the bus times on a board at the surgery, not only on an app";
const IDEA_TWO: &str = "Hold the next meeting in the evening so people who work can come";

#[test]
fn one_key_file_gathers_two_cards_and_the_credit_file_verifies_offline() {
    let Browser { chromium, script_dir, artifacts } = browser::setup("credit-browser-artifacts");

    // Two sessions of one council, recorded by one facilitator, one card each; the first
    // card's idea is cited by a policy team and answered by the council before it is claimed.
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "heard.localhost/log").expect("ledger");
    let (keys, _) = DataDir::new(&data).init_keys("heard.localhost/log").expect("keys");
    let operator = statement_key(&keys.operator);
    let council = SigningKey::from_bytes(&[41; 32]);
    let facilitator = SigningKey::from_bytes(&[42; 32]);
    let team = SigningKey::from_bytes(&[43; 32]);
    let submit = |s: build::Signed| {
        ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append");
        s.id
    };
    let t = 1_765_000_000_000;
    for (i, (k, role, name)) in [
        (&council, Role::Organisation, "Riverside Council"),
        (&facilitator, Role::Facilitator, "Amara Okafor"),
        (&team, Role::PolicyTeam, "Transport Team"),
    ]
    .into_iter()
    .enumerate()
    {
        submit(build::enrol(&operator, t + i as u64, key_id(k), role, name, false).expect("enrol"));
    }
    let session = |title: &str, date: &str, at: u64| {
        let spec = ConsultationSpec {
            title: title.into(),
            date: date.into(),
            place: "Riverside Library".into(),
            topic: "transport".into(),
            convenor: key_id(&council),
            recorders: vec![key_id(&facilitator)],
            closes: None,
            lang: None,
        };
        submit(build::consultation(&council, at, &spec).expect("consultation"))
    };
    let first = session("Getting to the surgery", "2026-01-12", t + 10);
    let second = session("Buses after dark", "2026-02-09", t + 11);
    let card_one = ClaimCard::from_secret([51; 16]);
    let card_two = ClaimCard::from_secret([52; 16]);
    let record = |consultation: Id, card: &ClaimCard, words: &str, at: u64| {
        let spec = IdeaSpec {
            consultation,
            tags: vec!["transport".into()],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: Some(Id(card.hash)),
            given: None,
        };
        submit(build::idea(&facilitator, at, &spec, IdeaText::new(words).expect("text")).expect("idea"))
    };
    let idea_one = record(first, &card_one, IDEA_ONE, t + 20);
    let idea_two = record(second, &card_two, IDEA_TWO, t + 21);
    let uses = [Use { idea: idea_one, locator: "recommendation 2".into(), usage: Usage::Paraphrased }];
    submit(build::cite(&team, t + 30, "Riverside Transport Plan", "v1", None, None, &uses).expect("cite"));
    submit(
        build::respond(&council, t + 31, idea_one, Answer::new(Outcome::Adopted, Some("Boards go up in May.".into())))
            .expect("respond"),
    );

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
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
        .arg("credit.mjs")
        .current_dir(&script_dir)
        .env("HEARD_URL", &base)
        .env("HEARD_CHROMIUM", &chromium)
        .env("HEARD_ARTIFACTS", &artifacts)
        .env("HEARD_BROWSER_SECONDS", (LIMIT.as_secs() - 20).to_string())
        .env("HEARD_CODE_ONE", &card_one.code)
        .env("HEARD_CODE_TWO", &card_two.code)
        .env("HEARD_IDEA_ONE", idea_one.hex())
        .env("HEARD_IDEA_TWO", idea_two.hex())
        .env("HEARD_LOG_KEY", ledger.log().verifier().to_text())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let (status, out, err) = browser::finish(child, started, LIMIT, "credit browser run", &artifacts);
    let status = status.unwrap_or_else(|| panic!("the browser run took longer than {LIMIT:?}"));
    assert!(status.success(), "the browser scenarios failed ({status}):\n{out}{err}");
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("results.json")).expect("results")).expect("json");

    // One key file, made before the first claim was sent, claimed both cards.
    let key_text = results["keyFile"].as_str().expect("key file");
    let key = NoteSigner::from_text(key_text.trim_end()).expect("the CLI reads the browser's key file");
    let public = Id(key.signing_key().verifying_key().to_bytes());
    assert!(ledger.card(&card_one.code).expect("card").claimed && ledger.card(&card_two.code).expect("card").claimed);
    let portfolio = ledger.portfolio(&public).expect("portfolio");
    let mine: Vec<Id> = portfolio.items.iter().map(|i| i.idea.id).collect();
    assert_eq!(mine, [idea_one, idea_two], "one portfolio holds both cards' ideas");
    assert_eq!(portfolio.party, public);
    // Every claim attempt (the aborted one, its retry after a reload, the second card) was
    // signed by that key.
    let authors = results["claimAuthors"].as_array().expect("authors");
    assert_eq!(authors.len(), 3, "three claim requests: {authors:?}");
    for a in authors {
        assert_eq!(id_of(a), public, "every claim request carries the key file's public key");
    }
    assert_eq!(id_of(&results["portfolioKey"]), public);

    // The badge asked for on the portfolio: issued by the operator key to the key file's
    // key, naming the pseudonym the idea shows, for the first idea (docs/PROTOCOL.md §20).
    let badge = &results["badge"];
    assert_eq!(integrity::verify(badge), Ok(operator.verifying_key().to_bytes()), "{badge}");
    assert_eq!(badge["credentialSubject"]["id"], integrity::did_key(&public.0));
    assert_eq!(badge["credentialSubject"]["identifier"][0]["identityHash"], "Bus rider");
    assert_eq!(badge["credentialSubject"]["achievement"]["id"], format!("{base}/ideas/{}#achievement", idea_one.hex()));
    // And one for every idea of theirs in the first idea's consultation, naming no one.
    let whole = &results["consultationBadge"];
    assert_eq!(integrity::verify(whole), Ok(operator.verifying_key().to_bytes()), "{whole}");
    let consultation = ledger.idea(&idea_one).expect("idea").consultation;
    assert_eq!(
        whole["credentialSubject"]["achievement"]["id"],
        format!("{base}/consultations/{}#achievement", consultation.hex())
    );
    assert!(
        whole["credentialSubject"]["achievement"]["name"].as_str().unwrap().starts_with("Contributed an idea to "),
        "{whole}"
    );
    assert!(whole["credentialSubject"].get("identifier").is_none(), "{whole}");

    // No request carried the private key.
    let material = key_text.trim_end().splitn(5, '+').nth(4).expect("material").to_string();
    let seed = key.signing_key().to_bytes();
    for p in results["posts"].as_array().expect("posts") {
        let body = p["body"].as_str().unwrap_or_default();
        assert!(!body.contains(&material) && !body.contains(&hex::encode(seed)), "a request carried the key: {body}");
    }
    ledger.audit_policy().expect("the policy audit passes");
    let _ = stop.send(());
    server.join().expect("server thread").expect("server");
}

//! Payments a person can see (issue 25, A), in a real browser: a Heard server on 127.0.0.1
//! with its data folder, driven by Debian's headless Chromium through
//! `tests/browser/payments.mjs` (playwright-core, axe-core).
//!
//! An organisation joins with an invitation (its key made in the browser), opens a
//! consultation; a contributor gives two ideas there with her own key file (the CLI). On the
//! staff pages the organisation records a payment of 25.50 GBP for one idea (by keyboard,
//! after a bad amount and currency are stopped) and "said no to payment" for the other; an
//! idea of another organisation's consultation is refused with the server's sentence. The
//! payment page then lists what was recorded for each idea, with the amount (asked for with
//! the organisation's key, so the page as served holds none) for the organisation that paid,
//! and "not shown" in plain words for another organisation's payment, in both languages. The
//! contributor's portfolio shows the amount only after she opens her key file (another key
//! file gets the server's refusal); the public idea page and JSON views never show it.
//!
//! This test then checks the server's side: both acknowledgements are signed by the key the
//! browser made, the payment's entry holds a digest and no amount, the amount kept beside the
//! log is 2550 GBP and matches the digest, nothing was written for the refused one, no
//! request carried a private key, and the policy audit passes.
//!
//! Needs `chromium`, `node` and `npm`: `bash .ci/run` installs them. Without them it fails.

use crate::common;

use common::browser::{self, Browser, id_of};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, key_id};
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{ACK_DECLINED, ACK_GIVEN, Body, Id, Recognition, Role};
use heard::attribution::payment::Payment;
use heard::keys::{DataDir, statement_key, write_key_file};
use heard::ledger::{Beside, Ledger, Shown};
use heard::protocol::entry::Entry;
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::{Kind, Statement};
use heard::server::{AppState, ServerConfig, StaffDesk};
use heard::staff::invitations::Invitations;
use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(200);
const PAID: &str = "Open the library on Saturday afternoons";
const DECLINED: &str = "A quiet room for homework after school";

fn heard(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_heard")).args(args).output().expect("run heard");
    assert!(o.status.success(), "heard {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn staff_record_a_payment_and_only_the_contributor_sees_its_amount() {
    let Browser { chromium, script_dir, artifacts } = browser::setup("payments-browser-artifacts");

    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "heard.localhost/log").expect("ledger");
    let (keys, _) = DataDir::new(&data).init_keys("heard.localhost/log").expect("keys");
    let operator = statement_key(&keys.operator);
    // The contributor's key file, and someone else's.
    let amara_signer = NoteSigner::new("amara", [61; 32]).expect("key");
    let amara_file = dir.path().join("amara.key");
    write_key_file(&amara_file, &amara_signer).expect("key file");
    let amara = key_id(amara_signer.signing_key());
    let other_file = dir.path().join("other.key");
    write_key_file(&other_file, &NoteSigner::new("other", [62; 32]).expect("key")).expect("key file");
    // Another organisation's consultation, with an idea of hers in it.
    let hillside = ed25519_dalek::SigningKey::from_bytes(&[63; 32]);
    let submit = |s: build::Signed| {
        ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append");
        s.id
    };
    let t = 1_765_000_000_000;
    submit(
        build::enrol(&operator, t, key_id(&hillside), Role::Organisation, "Hillside Council", false).expect("enrol"),
    );
    let spec = ConsultationSpec {
        title: "Hillside parks".into(),
        date: "2026-04-01".into(),
        place: "Online".into(),
        topic: "parks".into(),
        convenor: key_id(&hillside),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    let hillside_c = submit(build::consultation(&hillside, t + 1, &spec).expect("consultation"));
    let idea = IdeaSpec {
        consultation: hillside_c,
        tags: vec![],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: Attribution::Named("Bryn Hughes".into()),
        claim_hash: None,
        given: None,
    };
    let foreign = submit(
        build::idea(
            &ed25519_dalek::SigningKey::from_bytes(&[64; 32]),
            t + 2,
            &idea,
            IdeaText::new("Benches by the pond").expect("text"),
        )
        .expect("idea"),
    );
    // Hillside paid for it: its amount is Hillside's to see, not Riverside's.
    let hillside_paid = build::acknowledge(
        &hillside,
        t + 3,
        vec![foreign],
        Recognition::Payment,
        &build::AckStatus::Given(Some((4000, "GBP".into()))),
        None,
    )
    .expect("acknowledge");
    let hillside_ack = ledger
        .submit_with(&hillside_paid.statement, &hillside_paid.signature, Beside::of(&hillside_paid))
        .expect("paid")
        .seq;

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let d = data.to_str().expect("utf-8 path");
    let invite = heard(&[
        "invite",
        "--data",
        d,
        "--role",
        "organisation",
        "--name",
        "Riverside Libraries",
        "--public-url",
        &base,
    ]);
    let invite = invite.lines().find_map(|l| l.strip_prefix("link ")).expect("a link line").to_string();
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
        .arg("payments.mjs")
        .current_dir(&script_dir)
        .env("HEARD_URL", &base)
        .env("HEARD_CHROMIUM", &chromium)
        .env("HEARD_ARTIFACTS", &artifacts)
        .env("HEARD_BROWSER_SECONDS", (LIMIT.as_secs() - 20).to_string())
        .env("HEARD_INVITE_ORG", &invite)
        .env("HEARD_BIN", env!("CARGO_BIN_EXE_heard"))
        .env("HEARD_AMARA_KEY_FILE", &amara_file)
        .env("HEARD_AMARA", amara.hex())
        .env("HEARD_OTHER_KEY_FILE", &other_file)
        .env("HEARD_FOREIGN_IDEA", foreign.hex())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let (status, out, err) = browser::finish(child, started, LIMIT, "payments browser run", &artifacts);
    let status = status.unwrap_or_else(|| panic!("the browser run took longer than {LIMIT:?}"));
    assert!(status.success(), "the browser scenarios failed ({status}):\n{out}{err}");
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("results.json")).expect("results")).expect("json");

    // Both acknowledgements: signed by the browser's key; the payment as a digest, the amount
    // beside the log.
    let org = id_of(&results["orgKey"]);
    let portfolio = ledger.portfolio(&amara).expect("portfolio");
    let acks_of = |words: &str| {
        let id = id_of(&results["ideas"][words]);
        portfolio.items.iter().find(|i| i.idea.id == id).expect("her idea").acknowledgements.clone()
    };
    let paid = acks_of(PAID);
    assert_eq!(paid.len(), 1, "one acknowledgement of the paid idea");
    let ack = &paid[0];
    assert_eq!((ack.status, ack.amount, ack.currency.as_deref()), (ACK_GIVEN, None, None), "no amount in the open");
    assert_eq!(ack.note.as_deref(), Some("Thank you for the workshop"));
    let entry = Entry::decode(&ledger.log().entry(ack.seq).expect("read").expect("entry")).expect("entry");
    let st = Statement::decode(&entry.statement).expect("statement");
    assert_eq!((st.kind, Id(st.author)), (Kind::Acknowledge, org), "signed by the key the browser made");
    let Body::Acknowledge(body) = Body::decode(Kind::Acknowledge, &st.body).expect("body") else {
        panic!("not an acknowledgement")
    };
    assert!(body.payment.is_some() && body.amount.is_none(), "a digest, never the amount: {body:?}");
    let view = ledger.payment_for_contributor(&amara, ack.seq).expect("her payment");
    let Shown::Private(p) = &view.amount else { panic!("kept beside the log: {:?}", view.amount) };
    assert_eq!((p.amount, p.currency.as_str()), (2550, "GBP"));
    let again = Payment { salt: p.salt.clone(), amount: p.amount, currency: p.currency.clone() };
    assert_eq!(body.payment, Some(Id(again.digest())), "the digest the browser made matches the amount kept");
    let declined = acks_of(DECLINED);
    assert_eq!(declined.len(), 1);
    assert_eq!((declined[0].status, declined[0].payment), (ACK_DECLINED, None));
    let foreign_acks = ledger.idea(&foreign).expect("idea").acks;
    assert_eq!(foreign_acks, vec![hillside_ack], "nothing was written for the refused one");

    // The amount travelled only to /v1/statements (beside it) and back to her; no request
    // carried a private key.
    for (file, signer) in [(&amara_file, &amara_signer)] {
        let text = std::fs::read_to_string(file).expect("key file");
        let material = text.trim_end().splitn(5, '+').nth(4).expect("material").to_string();
        let seed = hex::encode(signer.signing_key().to_bytes());
        for p in results["posts"].as_array().expect("posts") {
            let b = p["body"].as_str().unwrap_or_default();
            assert!(!b.contains(&material) && !b.contains(&seed), "a request carried a key: {b}");
            assert!(!b.contains("PRIVATE+KEY") && !b.contains("\"d\":"), "a request carried a key: {b}");
        }
    }
    ledger.audit_policy().expect("the policy audit passes");
    let _ = stop.send(());
    server.join().expect("server thread").expect("server");
}

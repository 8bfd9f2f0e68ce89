//! `heard serve --postgres … --bucket …` (#26): three server processes on one PostgreSQL
//! database and one bucket take appends from concurrent clients over HTTP; the process that
//! integrates the log is killed with SIGKILL mid-load and another takes over. Every entry
//! whose 201 reached a client is then served by the survivors (each idea with its words),
//! every checkpoint PostgreSQL recorded is consistent with the newest, and `heard audit`
//! over PostgreSQL and the bucket passes. The same processes answer a duplicate, a policy
//! refusal and a withdrawal (whose words are erased in PostgreSQL) as the embedded server does.

use crate::common;
use crate::server_process::{
    Acked, agent, check_all_present, checkpoint, consistent, get, load, open_consultation, post,
};

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use common::migrate as migrating;
use common::process::{Served, serve};
use common::services::{connect, fresh_bucket, fresh_database, s3_endpoint};
use heard::attribution::build;
use heard::attribution::kinds::*;
use heard::ledger::IdeaText;
use heard::protocol::note::{Checkpoint, Note};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// Starts one `heard serve` on the shared database and bucket.
fn start(data: &std::path::Path, url: &str, bucket: &str) -> Served {
    let s3 = s3_endpoint();
    let env = [
        ("AWS_ENDPOINT_URL", s3),
        ("AWS_ACCESS_KEY_ID", "heard"),
        ("AWS_SECRET_ACCESS_KEY", "heard"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ALLOW_HTTP", "true"),
    ];
    let args = ["--postgres", url, "--bucket", bucket, "--write-burst", "100000", "--writes-per-second", "100000"];
    serve(data, &args, &env, Stdio::null())
}

/// Whether the server says it integrates the log (its `/metrics`).
fn integrates(url: &str) -> bool {
    get(&agent(), &format!("{url}/metrics")).lines().any(|l| l == "heard_integrating 1")
}

fn submit_json(st: &build::Signed) -> String {
    let mut v = serde_json::json!({"statement": B64.encode(&st.statement), "signature": B64.encode(st.signature)});
    if let Some(t) = &st.content {
        v["content"] = serde_json::json!({"text": t.text, "salt": B64.encode(&t.salt)});
    }
    v.to_string()
}

#[test]
fn three_servers_share_one_log_and_lose_nothing_when_the_integrator_is_killed() {
    let dir = common::folder();
    let data = dir.path().join("data");
    let rt = runtime();
    let url = rt.block_on(fresh_database());
    let (name, _) = fresh_bucket();
    let bucket = format!("s3://{name}");
    let mut servers: Vec<Served> = (0..3).map(|_| start(&data, &url, &bucket)).collect();
    let a = agent();
    let consultation = open_consultation(&a, &servers[1].url);
    let before = checkpoint(&a, &servers[2].url);

    // Load every server from two clients each; kill the integrating one mid-load.
    let stop = AtomicBool::new(false);
    let urls: Vec<String> = servers.iter().map(|s| s.url.clone()).collect();
    let (acked, killed) = std::thread::scope(|s| {
        let loads: Vec<_> = urls
            .iter()
            .enumerate()
            .map(|(k, u)| {
                let stop = &stop;
                s.spawn(move || load(u, 2, 10_000_000 * (k as u64 + 1), consultation, stop))
            })
            .collect();
        std::thread::sleep(Duration::from_secs(3));
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let leader = loop {
            if let Some(k) = urls.iter().position(|u| integrates(u)) {
                break k;
            }
            assert!(std::time::Instant::now() < deadline, "no server says it integrates the log");
            std::thread::sleep(Duration::from_millis(100));
        };
        servers[leader].child.kill().expect("SIGKILL the integrating server");
        servers[leader].child.wait().expect("reap it");
        std::thread::sleep(Duration::from_secs(4));
        stop.store(true, Ordering::Relaxed);
        let acked: Vec<Vec<Acked>> = loads.into_iter().map(|h| h.join().expect("a load thread")).collect();
        (acked, leader)
    });
    let survivors: Vec<&Served> = servers.iter().enumerate().filter(|(k, _)| *k != killed).map(|(_, s)| s).collect();
    for (k, got) in acked.iter().enumerate() {
        eprintln!("server {k}{}: {} appends acknowledged", if k == killed { " (killed)" } else { "" }, got.len());
        assert!(!got.is_empty(), "server {k} acknowledged nothing");
    }
    // The survivors took appends after the kill: another server integrates now.
    assert!(survivors.iter().any(|s| integrates(&s.url)), "nobody took over the integration");
    let all: Vec<Acked> = acked.into_iter().flatten().collect();
    let mut seqs: Vec<u64> = all.iter().map(|(seq, _, _)| *seq).collect();
    seqs.sort_unstable();
    seqs.dedup();
    assert_eq!(seqs.len(), all.len(), "two appends acknowledged with one seq");
    for s in &survivors {
        check_all_present(&a, &s.url, &all);
    }

    // Every checkpoint PostgreSQL recorded is consistent with the newest one: no fork.
    let newest = checkpoint(&a, &survivors[0].url);
    assert!(newest.size > *seqs.last().unwrap(), "the newest checkpoint covers every acknowledged entry");
    consistent(&a, &survivors[1].url, &before, &newest);
    let recorded = rt.block_on(async {
        let c = connect(&url).await;
        c.query("SELECT size, note FROM heard_checkpoints ORDER BY size", &[]).await.expect("checkpoints")
    });
    assert!(recorded.len() > 2, "several integration steps");
    for row in recorded {
        let note: String = row.get(1);
        let n = Note::parse(&note).expect("a note");
        n.verify(&[common::log_signer().verifier()]).expect("signed by the log key");
        let cp = Checkpoint::parse_text(&n.text).expect("a checkpoint");
        assert_eq!(cp.size as i64, row.get::<_, i64>(0));
        consistent(&a, &survivors[0].url, &cp, &newest);
    }

    // The audit over PostgreSQL and the bucket, trusting neither.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heard"));
    cmd.args(["audit", "--postgres", &url, "--bucket", &bucket, "--data"]).arg(&data);
    migrating::s3_env(&mut cmd);
    let out = cmd.output().expect("run heard audit");
    let said = migrating::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("policy audit passed"), "{said}");
}

#[test]
fn a_server_on_postgres_refuses_and_erases_as_the_embedded_one_does() {
    let dir = common::folder();
    let data = dir.path().join("data");
    let rt = runtime();
    let url = rt.block_on(fresh_database());
    let (name, _) = fresh_bucket();
    let bucket = format!("s3://{name}");
    let server = start(&data, &url, &bucket);
    let other = start(&data, &url, &bucket);
    let a = agent();
    let consultation = open_consultation(&a, &server.url);

    let amara = common::author(11);
    let spec = build::IdeaSpec {
        consultation,
        tags: vec!["housing".into()],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: build::Attribution::Named("Amara Okafor".into()),
        claim_hash: None,
        given: None,
    };
    let words = IdeaText { salt: vec![3; 32], text: "Repair the lifts in the tower blocks first.".into() };
    let idea = build::idea(&amara, 1_800_000_000_000, &spec, words.clone()).expect("an idea");
    let (status, v) = post(&a, &server.url, submit_json(&idea)).expect("an answer");
    assert_eq!(status, 201, "{v}");
    assert!(v["receipt"].as_str().is_some_and(|r| r.starts_with("c2sp.org/tlog-proof@v1")), "{v}");

    // The same statement again, through the other process: a duplicate naming its seq.
    let (status, v) = post(&a, &other.url, submit_json(&idea)).expect("an answer");
    assert_eq!((status, v["code"].as_str()), (409, Some("duplicate")), "{v}");
    // Words that do not match the digest: refused before anything is written.
    let mut wrong = idea.clone();
    wrong.content = Some(IdeaText { salt: vec![3; 32], text: "Something else.".into() });
    let (status, v) = post(&a, &other.url, submit_json(&wrong)).expect("an answer");
    assert_eq!((status, v["code"].as_str()), (422, Some("content_mismatch")), "{v}");
    // A policy refusal: a stranger may not enrol anyone.
    let stranger = common::author(77);
    let e = build::enrol(&stranger, 1_800_000_000_001, build::key_id(&common::author(78)), Role::Witness, "w", false)
        .expect("an enrolment");
    let (status, v) = post(&a, &server.url, submit_json(&e)).expect("an answer");
    assert_eq!((status, v["code"].as_str()), (403, Some("not_operator")), "{v}");
    // A bad signature.
    let mut forged = idea.clone();
    forged.signature[0] ^= 1;
    let (status, v) = post(&a, &server.url, submit_json(&forged)).expect("an answer");
    assert_eq!((status, v["code"].as_str()), (401, Some("bad_signature")), "{v}");

    let shown = |u: &str| -> serde_json::Value {
        serde_json::from_str(&get(&a, &format!("{u}/v1/ideas/{}", idea.id.hex()))).expect("JSON")
    };
    assert_eq!(shown(&other.url)["idea"]["text"].as_str(), Some(words.text.as_str()));

    // Withdrawn: both processes show it withdrawn without its words, and PostgreSQL keeps
    // NULL in their place.
    let w = build::withdraw(&amara, 1_800_000_000_002, idea.id).expect("a withdrawal");
    let (status, v) = post(&a, &other.url, submit_json(&w)).expect("an answer");
    assert_eq!(status, 201, "{v}");
    for u in [&server.url, &other.url] {
        let v = shown(u);
        assert_eq!(v["idea"]["status"].as_str(), Some("withdrawn"), "{v}");
        assert!(v["idea"]["text"].is_null(), "{v}");
    }
    let kept: Option<Vec<u8>> = rt.block_on(async {
        let c = connect(&url).await;
        c.query_one(
            "SELECT s.value FROM heard_side s JOIN heard_entries e ON e.seq = s.seq WHERE e.statement_hash = $1",
            &[&idea.id.0.as_slice()],
        )
        .await
        .expect("the idea's side row")
        .get(0)
    });
    assert_eq!(kept, None, "the words are erased in PostgreSQL");
}

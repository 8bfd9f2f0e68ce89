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
pub(crate) fn start(data: &std::path::Path, url: &str, bucket: &str) -> Served {
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

pub(crate) fn submit_json(st: &build::Signed) -> String {
    let mut v = serde_json::json!({"statement": B64.encode(&st.statement), "signature": B64.encode(st.signature)});
    if let Some(t) = &st.content {
        v["content"] = serde_json::json!({"text": t.text, "salt": B64.encode(&t.salt)});
    }
    v.to_string()
}

/// What the servers of a test share: a data folder's keys, a new database and a new bucket.
struct Shared {
    dir: tempfile::TempDir,
    data: std::path::PathBuf,
    rt: tokio::runtime::Runtime,
    url: String,
    bucket: String,
}

impl Shared {
    fn new() -> Shared {
        let dir = common::folder();
        let data = dir.path().join("data");
        let rt = runtime();
        let url = rt.block_on(fresh_database());
        let (name, _) = fresh_bucket();
        Shared { dir, data, rt, url, bucket: format!("s3://{name}") }
    }
}

#[test]
fn three_servers_share_one_log_and_lose_nothing_when_the_integrator_is_killed() {
    let Shared { dir: _dir, data, rt, url, bucket } = Shared::new();
    let mut servers: Vec<Served> = (0..3).map(|_| start(&data, &url, &bucket)).collect();
    let a = agent();
    let consultation = open_consultation(&a, &servers[1].url);
    let before = checkpoint(&a, &servers[2].url);
    let before_note = get(&a, &format!("{}/v1/checkpoint", servers[2].url));

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

    // The bucket, as a public client reads it, passes the Go reference checker.
    go_checks_the_bucket(&bucket, &survivors[0].url, &before_note);
}

#[test]
fn a_server_on_postgres_refuses_and_erases_as_the_embedded_one_does() {
    let Shared { dir: _dir, data, rt, url, bucket } = Shared::new();
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

/// The bucket as a public client reads it, checked by the Go reference code
/// (`tests/interop/heardcheck`): its checkpoint, a consistency proof from `old`, inclusion
/// proofs of a few entries (from the server at `url`), and every tile and entry bundle.
fn go_checks_the_bucket(bucket: &str, url: &str, old: &str) {
    use heard::log::tiles::tiles_for_size;
    use object_store::ObjectStoreExt as _;
    use object_store::path::Path as ObjPath;

    let store = common::services::bucket_store(bucket.trim_start_matches("s3://"));
    let rt = runtime();
    let get_object = |rel: &str| -> Vec<u8> {
        rt.block_on(async { store.get(&ObjPath::from(rel)).await.unwrap().bytes().await.unwrap().to_vec() })
    };
    let note = String::from_utf8(get_object("checkpoint")).expect("a text checkpoint");
    let cp = Checkpoint::parse_text(&Note::parse(&note).expect("a note").text).expect("a checkpoint");
    let old_cp = Checkpoint::parse_text(&Note::parse(old).expect("a note").text).expect("a checkpoint");
    let a = agent();
    let hashes = |path: String| -> String {
        let v: serde_json::Value = serde_json::from_str(&get(&a, &format!("{url}{path}"))).expect("JSON");
        v["hashes"].as_array().expect("hashes").iter().map(|h| format!("{}\n", h.as_str().unwrap())).collect()
    };
    let dir = tempfile::tempdir().unwrap();
    let put = |rel: &str, bytes: &[u8]| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    put("vkey", format!("{}\n", common::log_signer().verifier().to_text()).as_bytes());
    put("checkpoint", note.as_bytes());
    put("old_checkpoint", old.as_bytes());
    put("consistency", hashes(format!("/v1/proofs/consistency?old={}&new={}", old_cp.size, cp.size)).as_bytes());
    for idx in [0, cp.size / 2, cp.size - 1] {
        let base = format!("inclusion/leaf-{idx:03}");
        let mut r = a.get(format!("{url}/v1/entries/{idx}")).header("Accept", "application/cbor").call().unwrap();
        put(&format!("{base}/index"), format!("{idx}\n").as_bytes());
        put(&format!("{base}/entry"), &r.body_mut().read_to_vec().unwrap());
        put(&format!("{base}/proof"), hashes(format!("/v1/proofs/inclusion?index={idx}&size={}", cp.size)).as_bytes());
    }
    put("tiles/checkpoint", note.as_bytes());
    for tile in tiles_for_size(cp.size) {
        put(&format!("tiles/{}", tile.path()), &get_object(&tile.path()));
    }
    let out = Command::new(common::go::heardcheck()).arg(dir.path()).output().expect("run heardcheck");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Go checker refused the bucket:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for check in ["checkpoint", "consistency", "tiles/checkpoint", "tiles/hashes", "tiles/entries"] {
        assert!(report.lines().any(|l| l == format!("ok {check}")), "{check} was checked:\n{report}");
    }
}

/// A PostgreSQL cluster of the test's own (`.ci/postgres` with `HEARD_PG_DIR`), which it may
/// stop and start again; stopped when dropped.
struct OwnPostgres {
    dir: std::path::PathBuf,
    url: String,
}

impl OwnPostgres {
    fn script(dir: &std::path::Path, arg: Option<&str>) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut cmd = Command::new("bash");
        cmd.arg(root.join(".ci/postgres")).env("HEARD_PG_DIR", dir);
        if let Some(a) = arg {
            cmd.arg(a);
        }
        let out = cmd.output().expect("run .ci/postgres");
        assert!(out.status.success(), ".ci/postgres {arg:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }
    fn start() -> OwnPostgres {
        let dir =
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("postgres-restart-{}", std::process::id()));
        let url = Self::script(&dir, None);
        OwnPostgres { dir, url }
    }
    fn stop(&self) {
        Self::script(&self.dir, Some("stop"));
    }
    fn resume(&self) {
        Self::script(&self.dir, Some("resume"));
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        Self::script(&self.dir, Some("stop"));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a client saw while PostgreSQL was stopped and started again.
#[derive(Default)]
struct Seen {
    acked: Vec<Acked>,
    unavailable: u64,
    acked_after: u64,
}

#[test]
fn postgres_stopped_under_load_gives_503s_loses_nothing_and_service_resumes() {
    let pg = OwnPostgres::start();
    let dir = common::folder();
    let data = dir.path().join("data");
    let (name, _) = fresh_bucket();
    let bucket = format!("s3://{name}");
    let servers: Vec<Served> = (0..2).map(|_| start(&data, &pg.url, &bucket)).collect();
    let a = agent();
    let consultation = open_consultation(&a, &servers[0].url);
    let amara = common::author(11);
    let resumed = AtomicBool::new(false);
    let stop = AtomicBool::new(false);
    let seen = std::thread::scope(|s| {
        let clients: Vec<_> = (0..4u64)
            .map(|c| {
                let (url, resumed, stop) = (servers[(c % 2) as usize].url.clone(), &resumed, &stop);
                let amara = amara.clone();
                s.spawn(move || {
                    let a = agent();
                    let mut seen = Seen::default();
                    let mut i = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        let spec = build::IdeaSpec {
                            consultation,
                            tags: vec![],
                            co_contributors: vec![],
                            builds_on: vec![],
                            attribution: build::Attribution::Anonymous,
                            claim_hash: None,
                            given: None,
                        };
                        let text = format!("Idea {i} of client {c}: more benches on the high street.");
                        let words = IdeaText { salt: vec![c as u8; 32], text: text.clone() };
                        let idea =
                            build::idea(&amara, 1_800_000_000_000 + c * 1_000_000 + i, &spec, words).expect("an idea");
                        // Sent until it is answered 201 or duplicate (a 503 leaves it unknown).
                        loop {
                            let after = resumed.load(Ordering::Relaxed);
                            match post(&a, &url, submit_json(&idea)) {
                                Some((201, v)) => {
                                    let seq = v["seq"].as_u64().unwrap();
                                    let hash = v["entry_hash"].as_str().unwrap().to_owned();
                                    seen.acked.push((seq, hash, Some((idea.id, text.clone()))));
                                    seen.acked_after += u64::from(after);
                                    break;
                                }
                                Some((409, v)) if v["code"] == "duplicate" => break,
                                Some((503, _)) => {
                                    seen.unavailable += 1;
                                    std::thread::sleep(Duration::from_millis(50));
                                }
                                other => panic!("unexpected answer: {other:?}"),
                            }
                            if stop.load(Ordering::Relaxed) {
                                break;
                            }
                        }
                        i += 1;
                    }
                    seen
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(2));
        pg.stop();
        // While it is down, a new statement cannot be sequenced: each server says so at once.
        // (A client whose statement was sequenced just before waits for its receipt instead.)
        for (k, s) in servers.iter().enumerate() {
            let e = build::enrol(
                &common::operator(),
                1_800_000_000_000 + k as u64,
                build::key_id(&common::author(90 + k as u8)),
                Role::Witness,
                "probe",
                false,
            )
            .expect("an enrolment");
            let answer = post(&agent(), &s.url, submit_json(&e));
            assert!(matches!(answer, Some((503, _))), "server {k} while PostgreSQL is down: {answer:?}");
        }
        std::thread::sleep(Duration::from_secs(3));
        pg.resume();
        resumed.store(true, Ordering::Relaxed);
        // Service resumes: each client has appends acknowledged again, within a bound.
        std::thread::sleep(Duration::from_secs(8));
        stop.store(true, Ordering::Relaxed);
        clients.into_iter().map(|h| h.join().expect("a client")).collect::<Vec<Seen>>()
    });
    let unavailable: u64 = seen.iter().map(|s| s.unavailable).sum();
    eprintln!(
        "acknowledged {} ({} after PostgreSQL came back), answered 503 {unavailable} times",
        seen.iter().map(|s| s.acked.len()).sum::<usize>(),
        seen.iter().map(|s| s.acked_after).sum::<u64>()
    );
    for (c, s) in seen.iter().enumerate() {
        assert!(s.acked_after > 0, "client {c} had nothing acknowledged after PostgreSQL came back");
    }
    let acked: Vec<Acked> = seen.into_iter().flat_map(|s| s.acked).collect();
    for s in &servers {
        check_all_present(&a, &s.url, &acked);
        assert!(get(&a, &format!("{}/healthz", s.url)).starts_with("ok "), "healthy again");
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heard"));
    cmd.args(["audit", "--postgres", &pg.url, "--bucket", &bucket, "--data"]).arg(&data);
    migrating::s3_env(&mut cmd);
    let out = cmd.output().expect("run heard audit");
    assert!(out.status.success(), "{}", migrating::said(&out));
}

/// An append whose receipt did not come in time is answered as unavailable, yet it is in the
/// log: sending it again is answered `duplicate` with its seq, and once a checkpoint covers it
/// any process serves its receipt by that seq.
#[test]
fn an_append_whose_receipt_timed_out_is_found_again_by_its_retry() {
    use heard::ledger::{Ledger, LedgerError};
    use heard::log::AppendError;
    use heard::scale::backend::PgBackend;
    use heard::scale::integrate::LEADER_LOCK;
    use heard::scale::service::PgConfig;

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let url = rt.block_on(fresh_database());
    let (_, bucket) = fresh_bucket();
    // The test holds the integration lock: nothing is integrated, so no receipt can come.
    let holder = rt.block_on(connect(&url));
    rt.block_on(holder.execute("SELECT pg_advisory_lock($1)", &[&LEADER_LOCK])).expect("the lock");
    let config = PgConfig { receipt_wait: Duration::from_secs(1), ..PgConfig::default() };
    let operator = common::operator().verifying_key().to_bytes();
    let backend = rt
        .block_on(PgBackend::open(&url, bucket, "", common::log_signer(), operator, config))
        .expect("open the log on PostgreSQL");
    let ledger = Ledger::on_postgres(std::sync::Arc::new(backend), operator);

    let (st, sig) = common::enrolment(1);
    let first = ledger.submit(&st, &sig, None).expect_err("no receipt can come");
    assert_eq!(first.code(), "postgres_unavailable", "{first}");
    let seq = match ledger.submit(&st, &sig, None) {
        Err(LedgerError::Append(AppendError::Duplicate { seq })) => seq,
        other => panic!("the retry should be a duplicate naming its seq: {other:?}"),
    };
    assert!(ledger.log().receipt(seq).is_err(), "no checkpoint covers it yet");

    // The lock released, this process integrates; the receipt is then served by its seq.
    rt.block_on(holder.execute("SELECT pg_advisory_unlock($1)", &[&LEADER_LOCK])).expect("unlock");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while ledger.log().latest().size <= seq {
        assert!(std::time::Instant::now() < deadline, "no checkpoint came after the lock was released");
        std::thread::sleep(Duration::from_millis(50));
    }
    let receipt = ledger.log().receipt(seq).expect("its receipt");
    let report = heard::protocol::receipt::verify_receipt(&receipt, &common::log_signer().verifier(), &[], 0);
    assert!(report.ok(), "{receipt}");
    ledger.close().expect("close");
}

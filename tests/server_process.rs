//! The whole process over a real socket: start `heard serve` on 127.0.0.1:0, load it, stop
//! it with SIGTERM (graceful) or SIGKILL (crash), restart it on the same folder, and check
//! that every acknowledged entry is there and the checkpoints stay consistent.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use common::*;
use heard::attribution::kinds::*;
use heard::ledger::IdeaText;
use heard::protocol::merkle::verify_consistency;
use heard::protocol::note::{Checkpoint, Note};

struct Server {
    child: Child,
    url: String,
}

fn start(data: &Path) -> Server {
    // The test's operator key must be the folder's: write it before the first start.
    let mut child = Command::new(env!("CARGO_BIN_EXE_heard"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--write-burst",
            "100000",
            "--writes-per-second",
            "100000",
            "--data",
        ])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start heard serve");
    let stdout = child.stdout.take();
    // From here on the child is killed and reaped if anything fails (see Drop).
    let mut server = Server { child, url: String::new() };
    let stdout = stdout.expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("server printed its URL");
        if let Some(rest) = line.split(" at ").nth(1) {
            server.url = rest.split('/').take(3).collect::<Vec<_>>().join("/");
            return server;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().new_agent()
}

pub(crate) fn post(a: &ureq::Agent, url: &str, body: String) -> Option<(u16, serde_json::Value)> {
    let mut r = a.post(format!("{url}/v1/statements")).header("Content-Type", "application/json").send(body).ok()?;
    let status = r.status().as_u16();
    let v = serde_json::from_str(&r.body_mut().read_to_string().ok()?).ok()?;
    Some((status, v))
}

pub(crate) fn submit(a: &ureq::Agent, url: &str, i: u64) -> Option<(u16, serde_json::Value)> {
    let (b, s) = enrolment(i);
    post(a, url, serde_json::json!({"statement": B64.encode(b), "signature": B64.encode(s)}).to_string())
}

/// The contributor key of load thread `t`.
fn contributor(t: u64) -> ed25519_dalek::SigningKey {
    let mut seed = [9u8; 32];
    seed[..8].copy_from_slice(&t.to_be_bytes());
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

/// The consultation the load's ideas go to, opened by an enrolled organisation (key 201).
pub(crate) fn open_consultation(a: &ureq::Agent, url: &str) -> Id {
    let org = author(201);
    let op = operator();
    let enrol = Body::Enrol(EnrolBody {
        key: Id(org.verifying_key().to_bytes()),
        role: Role::Organisation.code(),
        name: "Riverside Council".into(),
        action: ACTION_ENROL,
    });
    let c = Body::Consultation(ConsultationBody {
        title: "Crash test".into(),
        date: "2026-03-14".into(),
        place: "Riverside".into(),
        topic: "durability".into(),
        convenor: Id(org.verifying_key().to_bytes()),
        recorders: vec![],
        closes: None,
        lang: None,
    });
    let mut id = Id([0; 32]);
    for (who, body) in [(&op, enrol), (&org, c)] {
        let st = heard::attribution::build::sign(who, 1_700_000_000_000, &body).expect("sign");
        id = st.id;
        let r = post(
            a,
            url,
            serde_json::json!({"statement": B64.encode(&st.statement), "signature": B64.encode(st.signature)})
                .to_string(),
        );
        assert!(matches!(r, Some((201, _))), "set-up statement refused: {r:?}");
    }
    id
}

/// Submits idea `i` of thread `t` with its words; returns the answer and (idea id, words).
pub(crate) fn submit_idea(
    a: &ureq::Agent,
    url: &str,
    consultation: Id,
    t: u64,
    i: u64,
) -> Option<(u16, serde_json::Value, Id, String)> {
    let text = format!("Idea {i} from load thread {t}: open the library on Sundays.");
    let words = IdeaText { salt: i.to_be_bytes().repeat(4), text: text.clone() };
    let body = Body::Idea(IdeaBody {
        consultation,
        digest: Id(words.digest()),
        tags: vec!["durability".into()],
        co_contributors: vec![],
        builds_on: vec![],
        consent: Consent::Named.code(),
        name: Some(format!("Thread {t}")),
        claim_hash: None,
        given: None,
    });
    let key = contributor(t);
    let st = heard::attribution::build::sign(&key, 1_700_000_000_000 + i, &body).expect("sign");
    let id = st.id;
    let req = serde_json::json!({
        "statement": B64.encode(&st.statement),
        "signature": B64.encode(st.signature),
        "content": {"text": text, "salt": B64.encode(&words.salt)},
    });
    let (status, v) = post(a, url, req.to_string())?;
    Some((status, v, id, text))
}

pub(crate) fn get(a: &ureq::Agent, url: &str) -> String {
    a.get(url).call().expect("GET").body_mut().read_to_string().expect("body")
}

pub(crate) fn checkpoint(a: &ureq::Agent, url: &str) -> Checkpoint {
    let note = get(a, &format!("{url}/v1/checkpoint"));
    let n = Note::parse(&note).unwrap();
    n.verify(&[log_signer().verifier()]).unwrap();
    Checkpoint::parse_text(&n.text).unwrap()
}

pub(crate) fn consistent(a: &ureq::Agent, url: &str, old: &Checkpoint, new: &Checkpoint) {
    if old.size == 0 {
        return;
    }
    let v: serde_json::Value =
        serde_json::from_str(&get(a, &format!("{url}/v1/proofs/consistency?old={}&new={}", old.size, new.size)))
            .unwrap();
    let proof: Vec<[u8; 32]> = v["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| B64.decode(h.as_str().unwrap()).unwrap().try_into().unwrap())
        .collect();
    verify_consistency(old.size, new.size, &old.root, &new.root, &proof).expect("checkpoints are consistent");
}

/// What a 201 acknowledged: seq, entry hash, and for an idea its id and words.
pub(crate) type Acked = (u64, String, Option<(Id, String)>);

/// Submits from `threads` clients until `stop` is set (even threads enrol witnesses, odd ones
/// send ideas with their words); returns every 201.
pub(crate) fn load(
    url: &str,
    threads: u64,
    start: u64,
    consultation: Id,
    stop: &std::sync::atomic::AtomicBool,
) -> Vec<Acked> {
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let a = agent();
                    let mut acked = Vec::new();
                    let mut i = start + t * 1_000_000;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let (answer, idea) = if t % 2 == 0 {
                            (submit(&a, url, i), None)
                        } else {
                            match submit_idea(&a, url, consultation, t, i) {
                                Some((status, v, id, text)) => (Some((status, v)), Some((id, text))),
                                None => (None, None),
                            }
                        };
                        match answer {
                            Some((201, v)) => acked.push((
                                v["seq"].as_u64().unwrap(),
                                v["entry_hash"].as_str().unwrap().to_string(),
                                idea,
                            )),
                            Some((status, v)) => panic!("unexpected {status}: {v}"),
                            None => break, // the server is gone
                        }
                        i += 1;
                    }
                    acked
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

/// Every acknowledged entry is there, and every acknowledged idea with its words.
pub(crate) fn check_all_present(a: &ureq::Agent, url: &str, acked: &[Acked]) {
    for (seq, hash, idea) in acked {
        let v: serde_json::Value = serde_json::from_str(&get(a, &format!("{url}/v1/entries/{seq}"))).unwrap();
        assert_eq!(v["entry_hash"].as_str(), Some(hash.as_str()), "acknowledged entry {seq} lost or changed");
        if let Some((id, text)) = idea {
            let v: serde_json::Value = serde_json::from_str(&get(a, &format!("{url}/v1/ideas/{}", id.hex()))).unwrap();
            assert_eq!(v["idea"]["status"].as_str(), Some("verified"), "acknowledged idea at {seq}: {v}");
            assert_eq!(v["idea"]["text"].as_str(), Some(text.as_str()), "acknowledged idea at {seq} lost its words");
        }
    }
}

#[test]
fn sigkill_under_load_loses_no_acknowledged_entry_and_sigterm_is_graceful() {
    let dir = folder();
    let data = dir.path().join("data");
    let a = agent();
    let mut acked = Vec::new();
    let mut seen: Vec<Checkpoint> = Vec::new();
    let mut rng = 0x2545_f491_4f6c_dd1du64 ^ std::process::id() as u64;
    eprintln!("kill timings from seed {rng:#x}");
    let mut consultation = None;
    for round in 0..12u64 {
        let mut server = start(&data);
        let consultation = *consultation.get_or_insert_with(|| open_consultation(&a, &server.url));
        let before = checkpoint(&a, &server.url);
        for old in &seen {
            consistent(&a, &server.url, old, &before);
        }
        check_all_present(&a, &server.url, &acked);
        seen.push(before);
        let stop = std::sync::atomic::AtomicBool::new(false);
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let graceful = round == 11;
        let got = std::thread::scope(|s| {
            let h = s.spawn(|| load(&server.url, 8, round * 10_000_000, consultation, &stop));
            // Let the load run until some entries are acknowledged, plus a random while.
            let deadline = Instant::now() + Duration::from_secs(30);
            while checkpoint(&a, &server.url).size < seen.last().unwrap().size + 20 {
                assert!(Instant::now() < deadline, "no progress under load");
            }
            std::thread::sleep(Duration::from_millis(rng % 300));
            if graceful {
                let pid = server.child.id().to_string();
                assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            } else {
                server.child.kill().unwrap(); // SIGKILL
            }
            let status = server.child.wait().unwrap();
            if graceful {
                assert!(status.success(), "SIGTERM: exit {status:?}");
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            h.join().unwrap()
        });
        eprintln!("round {round}: {} acknowledged ({})", got.len(), if graceful { "SIGTERM" } else { "SIGKILL" });
        acked.extend(got);
    }
    // Restart once more: everything acknowledged is there, the audit passes.
    let mut server = start(&data);
    let last = checkpoint(&a, &server.url);
    for old in &seen {
        consistent(&a, &server.url, old, &last);
    }
    check_all_present(&a, &server.url, &acked);
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_heard")).args(["audit", "--data"]).arg(&data).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("policy audit passed"), "{text}");
    assert!(acked.len() > 100, "too little load to mean anything: {}", acked.len());
    let ideas = acked.iter().filter(|a| a.2.is_some()).count();
    assert!(ideas > 50, "too few ideas with words to mean anything: {ideas}");
}

/// Regression: `heard serve` installed its SIGTERM handler only when the server loop first
/// polled it, after printing "serving"; a SIGTERM sent at once (as `heard-bench --http` does
/// after a phase with no requests) killed the process (exit by signal 15) instead of
/// stopping it. Raced, so tried several times.
#[test]
fn sigterm_right_after_serving_is_printed_stops_the_server_cleanly() {
    let dir = folder();
    let data = dir.path().join("data");
    for round in 0..8 {
        let mut server = start(&data);
        let pid = server.child.id().to_string();
        assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
        let status = server.child.wait().unwrap();
        assert!(status.success(), "round {round}: SIGTERM at once: exit {status:?}");
    }
}

//! When storage fails, say so (issue 24 §6): a `heard serve` whose files cannot grow (a
//! file-size limit standing in for a full disk) answers appends 503 `storage_unavailable`
//! with the reason and `/healthz` 503, keeps serving reads, loses nothing it acknowledged,
//! and takes appends again by itself once the limit is lifted.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use common::process::{agent, get, spawn};
use common::*;

/// Posts enrolment `i`: (status, problem or answer), or `None` when the server is not there.
fn submit(a: &ureq::Agent, url: &str, i: u64) -> Option<(u16, serde_json::Value)> {
    let (b, s) = enrolment(i);
    let body = serde_json::json!({"statement": B64.encode(b), "signature": B64.encode(s)}).to_string();
    let mut r = a.post(format!("{url}/v1/statements")).header("Content-Type", "application/json").send(body).ok()?;
    let status = r.status().as_u16();
    let v = serde_json::from_str(&r.body_mut().read_to_string().ok()?).ok()?;
    Some((status, v))
}

fn healthz(a: &ureq::Agent, url: &str) -> Option<(u16, String)> {
    let mut r = a.get(format!("{url}/healthz")).call().ok()?;
    Some((r.status().as_u16(), r.body_mut().read_to_string().ok()?))
}

/// `heard serve` on `data` whose files may not grow past 2 MiB once it is serving;
/// SIGXFSZ ignored, so a write past it fails with EFBIG as a write to a full disk fails with
/// ENOSPC (the ignored signal survives exec, and the server's restart in place).
fn serve_limited(data: &Path, stderr: &Path) -> common::process::Served {
    let mut cmd = Command::new("bash");
    cmd.args([
        "-c",
        "trap '' XFSZ; exec \"$0\" serve --listen 127.0.0.1:0 --data \"$1\" \
         --write-burst 100000 --writes-per-second 100000",
        env!("CARGO_BIN_EXE_heard"),
    ])
    .arg(data);
    let served = spawn(cmd, Stdio::from(std::fs::File::create(stderr).unwrap()));
    // The limit once the server is up: the followers' database (fjall) makes its journal
    // file 64 MiB long (sparse) when it opens, which a limit set before would refuse.
    let pid = served.child.id().to_string();
    let limited = Command::new("prlimit").args(["--pid", &pid, "--fsize=2097152:unlimited"]).status().unwrap();
    assert!(limited.success(), "prlimit failed");
    served
}

/// Appends from 8 clients until the files cannot grow: every 201's (seq, entry hash,
/// checkpoint), and the 503 answers (the first one stops every client).
fn fill(url: &str) -> (Vec<(u64, String, String)>, Vec<serde_json::Value>) {
    let full = AtomicBool::new(false);
    let deadline = Instant::now() + Duration::from_secs(180);
    std::thread::scope(|s| {
        let hs: Vec<_> = (0..8u64)
            .map(|t| {
                let full = &full;
                s.spawn(move || {
                    let a = agent();
                    let (mut acked, mut refused) = (Vec::new(), Vec::new());
                    let mut i = t * 1_000_000;
                    while !full.load(Ordering::Relaxed) && Instant::now() < deadline {
                        match submit(&a, url, i) {
                            Some((201, v)) => acked.push((
                                v["seq"].as_u64().unwrap(),
                                v["entry_hash"].as_str().unwrap().to_string(),
                                v["checkpoint"].as_str().unwrap().to_string(),
                            )),
                            Some((503, v)) => {
                                full.store(true, Ordering::Relaxed);
                                refused.push(v);
                            }
                            other => panic!("unexpected answer {other:?}"),
                        }
                        i += 1;
                    }
                    (acked, refused)
                })
            })
            .collect();
        let all: Vec<_> = hs.into_iter().map(|h| h.join().unwrap()).collect();
        (all.iter().flat_map(|x| x.0.clone()).collect(), all.into_iter().flat_map(|x| x.1).collect())
    })
}

#[test]
fn a_full_disk_is_said_nothing_acknowledged_is_lost_and_appends_resume() {
    let dir = folder();
    let data = dir.path().join("data");
    let mut server = serve_limited(&data, &dir.path().join("stderr"));
    let url = server.url.clone();
    let a = agent();
    let log = || std::fs::read_to_string(dir.path().join("stderr")).unwrap_or_default();
    let (acked, refusals) = fill(&url);
    assert!(!refusals.is_empty(), "the files never filled up; server log:\n{}", log());
    assert!(!acked.is_empty(), "nothing was acknowledged before the files filled up");
    for p in &refusals {
        assert_eq!(p["code"], "storage_unavailable", "{p}");
        let detail = p["detail"].as_str().unwrap();
        assert!(detail.contains("cannot write to its storage") && detail.contains("File too large"), "{detail}");
    }

    // The server says why, keeps serving what its own files hold (sled may have failed too,
    // so reads of the domain's rows may not), and writes nothing.
    let (status, body) = healthz(&a, &url).unwrap();
    assert_eq!(status, 503, "{body}");
    let p: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(p["code"], "storage_unavailable", "{p}");
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.starts_with("the log cannot write to its storage: ") && detail.contains("File too large"), "{p}");
    let last = acked.iter().max_by_key(|a| a.0).unwrap();
    let (status, body) = get(&a, &format!("{url}/v1/entries/{}", last.0));
    assert_eq!(status, 200, "entries can still be read: {body}");
    let before = last.2.clone();
    let (status, p) = submit(&a, &url, 99_000_000).unwrap();
    assert_eq!((status, p["code"].as_str()), (503, Some("storage_unavailable")), "{p}");

    // Room again: lift the limit; the server restarts itself in place on the same address.
    let pid = server.child.id().to_string();
    let lifted = Command::new("prlimit").args(["--pid", &pid, "--fsize=unlimited"]).status().unwrap();
    assert!(lifted.success(), "prlimit failed");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some((200, body)) = healthz(&a, &url) {
            assert!(body.starts_with("ok "), "{body}");
            break;
        }
        assert!(Instant::now() < deadline, "appends never resumed; server log:\n{}", log());
        std::thread::sleep(Duration::from_millis(200));
    }
    for i in 0..20 {
        let (status, v) = submit(&a, &url, 98_000_000 + i).unwrap();
        assert_eq!(status, 201, "after the limit was lifted: {v}");
    }
    // The append refused while the disk was full was not written: it is new now.
    let (status, v) = submit(&a, &url, 99_000_000).unwrap();
    assert_eq!(status, 201, "the refused append was written after all: {v}");

    // Nothing acknowledged was lost, and the new tree extends the one served before.
    for (seq, hash, _) in &acked {
        let (status, body) = get(&a, &format!("{url}/v1/entries/{seq}"));
        assert_eq!(status, 200, "acknowledged entry {seq} lost: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["entry_hash"].as_str(), Some(hash.as_str()), "acknowledged entry {seq} changed");
    }
    let old = heard::protocol::note::Note::parse(&before).unwrap();
    let old = heard::protocol::note::Checkpoint::parse_text(&old.text).unwrap();
    let (_, now) = get(&a, &format!("{url}/v1/checkpoint"));
    let new =
        heard::protocol::note::Checkpoint::parse_text(&heard::protocol::note::Note::parse(&now).unwrap().text).unwrap();
    let (_, proof) = get(&a, &format!("{url}/v1/proofs/consistency?old={}&new={}", old.size, new.size));
    let proof: Vec<[u8; 32]> = serde_json::from_str::<serde_json::Value>(&proof).unwrap()["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| B64.decode(h.as_str().unwrap()).unwrap().try_into().unwrap())
        .collect();
    heard::protocol::merkle::verify_consistency(old.size, new.size, &old.root, &new.root, &proof)
        .expect("the tree after the restart extends the one served before");

    assert!(server.terminate(), "SIGTERM after recovery: not a clean stop; server log:\n{}", log());
    audit_passes(&data);
}

fn audit_passes(data: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_heard")).args(["audit", "--data"]).arg(data).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("policy audit passed"), "{text}");
}

/// A stop after a storage failure never claims the log was flushed: the process says the
/// log did not close cleanly and exits non-zero; the next start recovers what was committed.
#[test]
fn stopping_after_a_storage_failure_does_not_claim_a_clean_close() {
    let dir = folder();
    let data = dir.path().join("data");
    let mut server = serve_limited(&data, &dir.path().join("stderr"));
    let (acked, refusals) = fill(&server.url);
    assert!(!refusals.is_empty(), "the files never filled up");
    assert!(!server.terminate(), "SIGTERM after a storage failure exited 0");
    let log = std::fs::read_to_string(dir.path().join("stderr")).unwrap();
    assert!(!log.contains("the log is flushed"), "{log}");
    assert!(log.contains("did not close cleanly"), "{log}");
    // Without the limit, the folder opens with everything acknowledged.
    let server = common::process::serve(&data, &[], &[], Stdio::null());
    let a = agent();
    for (seq, hash, _) in &acked {
        let (status, body) = get(&a, &format!("{}/v1/entries/{seq}", server.url));
        assert_eq!(status, 200, "acknowledged entry {seq} lost: {body}");
        assert!(body.contains(hash.as_str()), "acknowledged entry {seq} changed: {body}");
    }
}

//! `heard-bench` runs end to end on a small log, in both modes, and prints every figure.
//!
//! The figures themselves are not checked (they are measurements, printed for people); what
//! is checked is that each phase ran and that every answer the HTTP load generator read was
//! the one expected (a wrong status or body makes the command fail).
//!
//! `--http` serves with the `heard` executable beside `heard-bench` in the target folder.
//! Cargo builds it when it builds the workspace (`cargo test --workspace`, as `.ci/run`
//! does); `cargo test -p heard-bench` alone does not, so build it first there
//! (`cargo build -p heard`). The test says so when it is missing rather than building it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BENCH: &str = env!("CARGO_BIN_EXE_heard-bench");

/// The `heard` executable `heard-bench --http` uses by default: beside `heard-bench`.
fn heard_exe() -> PathBuf {
    let p = PathBuf::from(BENCH).with_file_name(format!("heard{}", std::env::consts::EXE_SUFFIX));
    assert!(p.is_file(), "no {}: build the workspace (cargo build --workspace) before this test", p.display());
    p
}

fn run_bench(args: &[&str]) -> std::process::Output {
    Command::new(BENCH).args(args).output().expect("running heard-bench")
}

fn bench(args: &[&str]) -> String {
    let out = run_bench(args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "heard-bench {args:?} failed: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn has_line(out: &str, start: &str) {
    assert!(out.lines().any(|l| l.trim_start().starts_with(start)), "no line starting {start:?} in:\n{out}");
}

#[test]
fn the_library_benchmark_prints_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("b");
    let out = bench(&["--dir", d.to_str().unwrap(), "--entries", "1500", "--appends", "200"]);
    for start in [
        "raw verify_strict, 1 core:",
        "raw verify_batch, 2 cores:",
        "raw SHA-256",
        "raw statement decode + canonical check, 1 core:",
        "raw fsync",
        "statement checks, 1 core:",
        "durable appends,  1 submitters:",
        "durable appends,  8 submitters:",
        "durable appends, 64 submitters:",
        "built a log of 1500 entries",
        "inclusion proofs at 1500:",
        "raw verify_batch, 2 cores, again just before the audit:",
        "audit:",
        "disk:",
    ] {
        has_line(&out, start.replace("2 cores", &format!("{} cores", cores())).as_str());
    }
}

#[test]
fn the_http_benchmark_reads_every_answer_it_counts() {
    heard_exe();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("h");
    let args = ["--http", "--dir", d.to_str().unwrap(), "--entries", "600", "--appends", "300", "--reads", "400"];
    let out = bench(&[&args[..], &["--clients", "8"]].concat());
    for start in [
        "HTTP durable appends,  8 clients:",
        "HTTP floor, read + verify_strict + 201, no log:",
        "HTTP floor, read + 201, no check, no log:",
        "grew the log to 600 entries",
        "HTTP inclusion proofs at 600:",
        "HTTP checkpoint reads at 600:",
        "CPU per request:",
        "server peak RSS:",
        "raw verify_batch, 2 cores, again just before the audit:",
        "audit of 600 entries:",
        "disk:",
    ] {
        has_line(&out, start.replace("2 cores", &format!("{} cores", cores())).as_str());
    }
    // A second run grows the same log: the appends continue its enrolment numbers.
    let again = bench(&[&args[..], &["--clients", "8"]].concat());
    has_line(&again, "HTTP durable appends,  8 clients:");
    has_line(&again, "grew the log to 900 entries");
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// `--http` without a `heard` executable at the path it names is refused before anything
/// is measured, with the path in the message.
#[test]
fn the_http_benchmark_refuses_a_missing_heard_executable() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-heard");
    let d = dir.path().join("h");
    let out = run_bench(&["--http", "--heard", missing.to_str().unwrap(), "--dir", d.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no heard executable at") && stderr.contains("no-such-heard"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing measured: {}", String::from_utf8_lossy(&out.stdout));
    assert!(!d.exists(), "no log made");
}

/// The floor `heard-bench --http` measures its appends against really reads and checks each
/// statement (with `verify_strict`), answers the asked size, and keeps nothing; without
/// the check it answers 201 to a statement whose signature is wrong.
#[test]
fn the_bench_floor_checks_each_statement_unless_told_not_to() {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD as B64;

    let (statement, signature) = signed(3, 1);
    let mut forged = signature;
    forged[10] ^= 1;
    let body =
        |sig: &[u8]| format!(r#"{{"statement":"{}","signature":"{}"}}"#, B64.encode(&statement), B64.encode(sig));
    let agent = ureq::Agent::config_builder().http_status_as_error(false).build().new_agent();
    for verify in [true, false] {
        let mut args = vec!["floor", "--listen", "127.0.0.1:0", "--answer-bytes", "300"];
        if !verify {
            args.push("--no-verify");
        }
        let mut cmd = Command::new(BENCH);
        cmd.args(&args);
        let (mut floor, url) = spawn_floor(cmd);
        let post = |b: String| {
            let mut r = agent
                .post(&format!("{url}/v1/statements"))
                .header("content-type", "application/json")
                .send(b)
                .expect("posting to the floor");
            (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
        };
        let (status, answer) = post(body(&signature));
        assert_eq!((status, answer.len()), (201, 300), "{answer}");
        assert!(serde_json::from_str::<serde_json::Value>(&answer).is_ok(), "the padding is JSON: {answer}");
        let (status, answer) = post(body(&forged));
        if verify {
            assert_eq!(status, 401, "{answer}");
            assert!(answer.contains("bad_signature"), "{answer}");
        } else {
            assert_eq!(status, 201, "{answer}");
        }
        let (status, answer) = post("{\"statement\": 1}".to_string());
        assert_eq!(status, 400, "{answer}");
        assert!(answer.contains("malformed"), "{answer}");
        assert!(terminate(&mut floor), "the floor stops cleanly on SIGTERM");
    }
}

/// A signed statement, unique for (author, i) (as in the `heard` package's tests/common).
fn signed(author_n: u8, i: u64) -> (Vec<u8>, [u8; 64]) {
    use heard::protocol::statement::{Kind, Statement};
    let k = ed25519_dalek::SigningKey::from_bytes(&[author_n; 32]);
    Statement {
        kind: Kind::Idea,
        time: 1_700_000_000_000 + i,
        author: k.verifying_key().to_bytes(),
        body: heard::protocol::cbor::encode(&format!("statement {i} by {author_n}")).expect("body"),
    }
    .sign(&k)
}

/// A running floor; killed and reaped when dropped.
struct Floor(Child);

impl Drop for Floor {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `cmd` (a command that serves HTTP); returns it with its URL once it printed it.
fn spawn_floor(mut cmd: Command) -> (Floor, String) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().expect("start heard-bench floor");
    let out = child.stdout.take().expect("stdout");
    let child = Floor(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let line = match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => line,
            Err(e) => panic!("the floor did not print the URL it serves: {e}"),
        };
        if let Some(rest) = line.strip_prefix("heard: serving ").and_then(|l| l.split(" at ").nth(1)) {
            return (child, rest.split('/').take(3).collect::<Vec<_>>().join("/"));
        }
    }
}

/// Stops `child` with SIGTERM and waits for it; true when it exited cleanly.
fn terminate(floor: &mut Floor) -> bool {
    let pid = floor.0.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().map(|s| s.success()).unwrap_or(false);
    sent && floor.0.wait().map(|s| s.success()).unwrap_or(false)
}

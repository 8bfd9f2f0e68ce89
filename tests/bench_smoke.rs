//! `heard bench` runs end to end on a small log, in both modes, and prints every figure.
//!
//! The figures themselves are not checked (they are measurements, printed for people); what
//! is checked is that each phase ran and that every answer the HTTP load generator read was
//! the one expected (a wrong status or body makes the command fail).

mod common;

use std::process::Command;

fn bench(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_heard")).arg("bench").args(args).output().expect("running heard bench");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "heard bench {args:?} failed: {}\n{stdout}\n{}",
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

/// The floor `heard bench --http` measures its appends against really reads and checks each
/// statement (with `verify_strict`), answers the asked size, and keeps nothing; without
/// the check it answers 201 to a statement whose signature is wrong.
#[test]
fn the_bench_floor_checks_each_statement_unless_told_not_to() {
    use std::process::Stdio;

    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD as B64;

    let (statement, signature) = common::signed(3, 1);
    let mut forged = signature;
    forged[10] ^= 1;
    let body =
        |sig: &[u8]| format!(r#"{{"statement":"{}","signature":"{}"}}"#, B64.encode(&statement), B64.encode(sig));
    let agent = common::process::agent();
    for verify in [true, false] {
        let mut args = vec!["bench-floor", "--listen", "127.0.0.1:0", "--answer-bytes", "300"];
        if !verify {
            args.push("--no-verify");
        }
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_heard"));
        cmd.args(&args);
        let mut floor = common::process::spawn(cmd, Stdio::inherit());
        let url = floor.url.clone();
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
        assert!(floor.terminate(), "the floor stops cleanly on SIGTERM");
    }
}

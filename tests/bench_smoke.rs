//! `heard bench` runs end to end on a small log, in both modes, and prints every figure.
//!
//! The figures themselves are not checked (they are measurements, printed for people); what
//! is checked is that each phase ran and that every answer the HTTP load generator read was
//! the one expected (a wrong status or body makes the command fail).

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

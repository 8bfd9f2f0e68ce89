//! Schemathesis (property-based API testing, from PyPI) against `schemas/openapi.json` on a
//! real `heard serve --demo` process: no answer may be a 5xx, and every answer's status,
//! content type, headers and body must be the ones the description documents.
//!
//! Schemathesis is installed by `.ci/schemathesis` (a pinned version in a virtualenv under
//! `target/`) when it is missing; if it cannot be installed or run, this test fails.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::process::{self, agent, get_json, log_size};

/// The `schemathesis` executable, installed when missing.
fn schemathesis() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash")
        .arg(root.join(".ci/schemathesis"))
        .stderr(Stdio::inherit())
        .output()
        .expect("run .ci/schemathesis");
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(out.status.success() && Path::new(&path).is_file(), "schemathesis could not be installed: {path}");
    PathBuf::from(path)
}

/// Real ids, keys and hashes from the demo, so the fuzzing reaches past the 404s.
struct Known {
    consultations: BTreeSet<String>,
    ideas: BTreeSet<String>,
    reports: BTreeSet<String>,
    keys: BTreeSet<String>,
    entries: BTreeSet<String>,
    titles: BTreeSet<String>,
    versions: BTreeSet<String>,
}

fn known(url: &str) -> Known {
    let a = agent();
    let mut k = Known {
        consultations: BTreeSet::new(),
        ideas: BTreeSet::new(),
        reports: BTreeSet::new(),
        keys: BTreeSet::new(),
        entries: BTreeSet::new(),
        titles: BTreeSet::new(),
        versions: BTreeSet::new(),
    };
    let s = |v: &serde_json::Value| v.as_str().expect("string").to_string();
    for c in get_json(&a, &format!("{url}/v1/consultations"))["consultations"].as_array().expect("list") {
        k.consultations.insert(s(&c["id"]));
        k.keys.insert(s(&c["convenor"]));
        let detail = get_json(&a, &format!("{url}/v1/consultations/{}", s(&c["id"])));
        for i in detail["ideas"].as_array().expect("ideas") {
            k.ideas.insert(s(&i["id"]));
            k.entries.insert(s(&i["entry_hash"]));
            for c in i["citations"].as_array().expect("citations") {
                k.reports.insert(s(&c["report"]));
            }
        }
    }
    for r in k.reports.clone() {
        let report = get_json(&a, &format!("{url}/v1/reports/{r}"));
        k.keys.insert(s(&report["team"]));
        k.titles.insert(s(&report["title"]));
        k.versions.insert(s(&report["version"]));
    }
    for e in get_json(&a, &format!("{url}/v1/entries?limit=1000"))["entries"].as_array().expect("entries") {
        k.keys.insert(s(&e["author"]));
        k.entries.insert(s(&e["entry_hash"]));
    }
    assert!(!k.consultations.is_empty() && !k.ideas.is_empty() && !k.reports.is_empty(), "the demo has data");
    k
}

fn toml_list(set: &BTreeSet<String>) -> String {
    let items: Vec<String> = set.iter().map(|v| format!("{:?}", v)).collect();
    format!("[{}]", items.join(", "))
}

/// A schemathesis.toml that draws path and query values from the demo's real ones half of
/// the time (the other half stays random, so refusals are exercised too).
fn config(k: &Known) -> String {
    let mut t = String::new();
    for (name, set) in [
        ("consultations", &k.consultations),
        ("ideas", &k.ideas),
        ("reports", &k.reports),
        ("keys", &k.keys),
        ("entries", &k.entries),
        ("titles", &k.titles),
        ("versions", &k.versions),
    ] {
        t += &format!("[dictionaries.{name}]\nvalues = {}\n\n", toml_list(set));
    }
    let bind = |regex: &str, params: &[(&str, &str)]| {
        let ps: Vec<String> =
            params.iter().map(|(p, d)| format!("{p:?} = {{ dictionary = {d:?}, probability = 0.5 }}")).collect();
        format!("[[operations]]\ninclude-path-regex = {regex:?}\nparameters = {{ {} }}\n\n", ps.join(", "))
    };
    t += &bind("^/v1/consultations/", &[("path.id", "consultations")]);
    t += &bind("^/v1/ideas/", &[("path.id", "ideas")]);
    t += &bind("^/v1/reports/", &[("path.id", "reports")]);
    t += &bind("^/v1/reports$", &[("query.team", "keys"), ("query.title", "titles"), ("query.version", "versions")]);
    t += &bind("^/v1/(contributors|organisations)/", &[("path.key", "keys")]);
    t += &bind("^/v1/entries/by-hash/", &[("path.hash", "entries")]);
    t += &bind("^/v1/verify$", &[("query.entry", "entries")]);
    t
}

#[test]
fn schemathesis_finds_no_server_error_and_every_answer_matches_the_openapi() {
    let exe = schemathesis();
    let dir = tempfile::tempdir().unwrap();
    let stderr = std::fs::File::create(dir.path().join("server.err")).unwrap();
    // Writes are not rate limited here: the fuzzing should reach the statement checks.
    let mut server = process::serve(
        &dir.path().join("data"),
        &["--demo", "--write-burst", "1000000", "--writes-per-second", "1000000"],
        &[],
        Stdio::from(stderr),
    );
    let a = agent();
    let size = log_size(&a, &server.url);
    std::fs::write(dir.path().join("schemathesis.toml"), config(&known(&server.url))).unwrap();

    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/openapi.json");
    let mut run = Command::new(&exe)
        .current_dir(dir.path())
        .args(["--no-color", "--config-file", "schemathesis.toml", "run"])
        .arg(&spec)
        .args(["--url", &server.url])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance",
            // Bounded: a few examples per operation, a fixed seed (reproducible), and a
            // time budget that the stateful phase spends.
            "--max-examples",
            "25",
            "--seed",
            "7",
            "--max-time",
            "100",
            "--request-timeout",
            "10",
            "--generation-database",
            "none",
            "--no-shrink",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start schemathesis");
    let deadline = Instant::now() + Duration::from_secs(240);
    let out_pipe = run.stdout.take().unwrap();
    let err_pipe = run.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(out_pipe).unwrap_or_default());
    let err_reader = std::thread::spawn(move || std::io::read_to_string(err_pipe).unwrap_or_default());
    let status = loop {
        if let Some(s) = run.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = run.kill();
            let _ = run.wait();
            panic!("schemathesis ran past its deadline");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let out = reader.join().unwrap();
    let err = err_reader.join().unwrap();
    let summary: Vec<&str> = out.lines().filter(|l| l.contains("generated") || l.contains("Failures")).collect();
    eprintln!("schemathesis: {}", summary.join(" | "));
    assert!(status.success(), "schemathesis found failures ({status}):\n{out}\n{err}");
    assert!(out.contains("passed"), "schemathesis ran no test case:\n{out}");

    // Nothing the fuzzer sent was a validly signed statement or cosignature: nothing written.
    assert_eq!(log_size(&a, &server.url), size, "fuzzed requests changed the log");
    assert!(server.child.try_wait().unwrap().is_none(), "the server died under schemathesis");
    assert!(server.terminate(), "the server did not stop cleanly after schemathesis");
    let log = std::fs::read_to_string(dir.path().join("server.err")).unwrap();
    assert!(!log.contains("panicked"), "the server panicked:\n{log}");
}

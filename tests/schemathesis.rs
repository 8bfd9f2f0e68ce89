//! Schemathesis (property-based API testing, from PyPI) against `schemas/openapi.json` on a
//! real `heard serve --demo` process: no answer may be a 5xx, and every answer's status,
//! content type, headers and body must be the ones the description documents.
//!
//! Schemathesis is installed by `.ci/schemathesis` (a pinned version in a virtualenv under
//! `target/`) when it is missing; if it cannot be installed or run, this test fails.

use crate::common;

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
    /// Seqs and tree sizes around the log's edges (0, 1, the middle, size − 1, size).
    sizes: BTreeSet<u64>,
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
        sizes: BTreeSet::new(),
    };
    let size = log_size(&a, url);
    k.sizes.extend([0, 1, size / 2, size.saturating_sub(1), size]);
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
    let sizes: Vec<String> = k.sizes.iter().map(u64::to_string).collect();
    t += &format!("[dictionaries.sizes]\nvalues = [{}]\n\n", sizes.join(", "));
    t += "[dictionaries.formats]\nvalues = [\"text\", \"compact\"]\n\n";
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
    // Query parameters, as the description now declares them: sizes and seqs inside the tree
    // half of the time, so the proofs, pages and receipts are answered and not only refused.
    t += &bind("^/v1/proofs/inclusion$", &[("query.index", "sizes"), ("query.size", "sizes")]);
    t += &bind("^/v1/proofs/consistency$", &[("query.old", "sizes"), ("query.new", "sizes")]);
    t += &bind("^/v1/entries$", &[("query.from", "sizes")]);
    t += &bind("^/v1/consultations$", &[("query.before", "sizes")]);
    t += &bind("^/v1/receipts/", &[("path.seq", "sizes"), ("query.format", "formats")]);
    t
}

/// The query parameters of every request in a HAR file, as `path name` pairs.
fn queried(har: &str) -> BTreeSet<String> {
    let v: serde_json::Value = serde_json::from_str(har).expect("the HAR report is JSON");
    let mut out = BTreeSet::new();
    for e in v["log"]["entries"].as_array().expect("HAR entries") {
        let url = e["request"]["url"].as_str().unwrap_or_default();
        let Some((path, query)) = url.split_once('?') else { continue };
        let path = path.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_default();
        for pair in query.split('&') {
            let name = pair.split('=').next().unwrap_or_default();
            out.insert(format!("{path} {name}"));
        }
    }
    out
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
            "--report",
            "har",
            "--report-har-path",
            "requests.har",
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

    // Regression: the description declared query parameters as path parameters, so
    // schemathesis never sent them. Every query parameter must have been sent.
    let har = std::fs::read_to_string(dir.path().join("requests.har")).expect("schemathesis wrote its HAR report");
    let sent = queried(&har);
    for want in [
        "/v1/entries from",
        "/v1/entries limit",
        "/v1/proofs/inclusion index",
        "/v1/proofs/inclusion size",
        "/v1/proofs/consistency old",
        "/v1/proofs/consistency new",
        "/v1/consultations limit",
        "/v1/consultations before",
        "/v1/reports team",
        "/v1/reports title",
        "/v1/reports version",
        "/v1/verify entry",
    ] {
        assert!(sent.contains(want), "schemathesis never sent {want}; it sent {sent:?}");
    }
    assert!(sent.iter().any(|q| q.starts_with("/v1/receipts/") && q.ends_with(" format")), "{sent:?}");

    // Nothing the fuzzer sent was a validly signed statement or cosignature: nothing written.
    assert_eq!(log_size(&a, &server.url), size, "fuzzed requests changed the log");
    assert!(server.child.try_wait().unwrap().is_none(), "the server died under schemathesis");
    assert!(server.terminate(), "the server did not stop cleanly after schemathesis");
    let log = std::fs::read_to_string(dir.path().join("server.err")).unwrap();
    assert!(!log.contains("panicked"), "the server panicked:\n{log}");
}

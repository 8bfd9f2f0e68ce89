//! Search on `heard serve --postgres` (#26): two server processes share one log in
//! PostgreSQL and one bucket, each with a search index of its own. Ideas added through one
//! are found through the other's search once its indexer has applied them (polled within a
//! bound, no timing asserted); a withdrawal is gone from the search of the process that took
//! it as soon as it is acknowledged, and from the other's within the bound; bad parameters get
//! their 400 codes as on the embedded server. Each process's index is in a folder of its own,
//! removed when it stops; a folder left by a killed process is removed by the next start.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::common;
use crate::scale_serve::{start, submit_json};
use crate::server_process::{agent, open_consultation, post};
use common::process::get;
use common::services::{fresh_bucket, fresh_database};
use heard::attribution::build;
use heard::ledger::IdeaText;

/// How long one process's indexer may take to apply what another appended (it looks every
/// second): a bound for a busy 2-core machine, not a figure.
const BOUND: Duration = Duration::from_secs(60);

/// The ideas `GET /v1/search?<q>` on `url` finds (one page's worth here), requiring a 200
/// whose total agrees.
fn found(a: &ureq::Agent, url: &str, q: &str) -> BTreeSet<String> {
    let (status, body) = get(a, &format!("{url}/v1/search?{q}"));
    assert_eq!(status, 200, "{url} /v1/search?{q}: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let ids: BTreeSet<String> =
        v["results"].as_array().expect("results").iter().map(|h| h["id"].as_str().expect("an id").to_owned()).collect();
    assert_eq!(v["total"].as_u64(), Some(ids.len() as u64), "{v}");
    ids
}

/// Waits, within [`BOUND`], until the search `q` on `url` finds exactly `want`.
fn finds_within(a: &ureq::Agent, url: &str, q: &str, want: &[&build::Signed]) {
    let want: BTreeSet<String> = want.iter().map(|s| s.id.hex()).collect();
    let deadline = Instant::now() + BOUND;
    loop {
        let got = found(a, url, q);
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{url} finds {got:?} for {q}, not {want:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The names of the index folders (and their lock files) under `<data>/search-postgres`.
fn index_folders(data: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(data.join("search-postgres"))
        .expect("the folder of the processes' indexes")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("index-"))
        .collect();
    v.sort();
    v
}

#[test]
fn two_servers_on_postgres_find_each_others_ideas_and_drop_withdrawn_ones() {
    let dir = common::folder();
    let data = dir.path().join("data");
    // What a killed process leaves: its index folder and a lock file nobody holds.
    let left = data.join("search-postgres").join("index-left");
    std::fs::create_dir_all(left.join("segments")).unwrap();
    let lock = std::fs::File::create(data.join("search-postgres").join("index-left.lock")).unwrap();
    lock.set_modified(SystemTime::now() - Duration::from_secs(3600)).unwrap();
    drop(lock);

    let url =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(fresh_database());
    let (name, _) = fresh_bucket();
    let bucket = format!("s3://{name}");
    let mut one = start(&data, &url, &bucket);
    let mut other = start(&data, &url, &bucket);
    assert!(!left.exists(), "the folder a killed process left is removed");
    let folders = index_folders(&data);
    assert_eq!(folders.len(), 4, "a folder and a lock file for each process: {folders:?}");

    let a = agent();
    let consultation = open_consultation(&a, &one.url);
    let spec = |who: &str| build::IdeaSpec {
        consultation,
        tags: vec!["canal".into()],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: build::Attribution::Named(who.into()),
        claim_hash: None,
        given: None,
    };
    let idea = |n: u8, who: &str, text: &str| {
        let words = IdeaText { salt: vec![n; 32], text: text.into() };
        build::idea(&common::author(n), 1_800_000_000_000 + u64::from(n), &spec(who), words).expect("an idea")
    };
    let trees = idea(11, "Amara Okafor", "Plant marrowbine trees along the towpath.");
    let lights = idea(12, "Bryn Hughes", "Light the marrowbine underpass at night.");
    let benches = idea(13, "Ceri Jones", "Repaint the quillard benches by the river.");
    for s in [&trees, &lights, &benches] {
        let (status, v) = post(&a, &one.url, submit_json(s)).expect("an answer");
        assert_eq!(status, 201, "{v}");
    }

    // Appended through one process, found through the other: words, a stemmed word, a filter.
    finds_within(&a, &other.url, "q=marrowbine", &[&trees, &lights]);
    finds_within(&a, &other.url, "q=quillard", &[&benches]);
    finds_within(&a, &other.url, "q=tree", &[&trees]);
    finds_within(&a, &other.url, "q=marrowbine&contributor=bryn%20hughes", &[&lights]);
    let (status, page) = get(&a, &format!("{}/search?q=quillard", other.url));
    assert_eq!(status, 200, "the search page answers: {page}");
    assert!(page.contains(&benches.id.hex()), "the page lists the idea");
    // And the other way round.
    let bridge = idea(14, "Dai Evans", "A quillard footbridge to the allotments.");
    let (status, v) = post(&a, &other.url, submit_json(&bridge)).expect("an answer");
    assert_eq!(status, 201, "{v}");
    finds_within(&a, &one.url, "q=quillard", &[&benches, &bridge]);
    finds_within(&a, &one.url, "q=marrowbine", &[&trees, &lights]);

    // Withdrawn through one process: gone from its search as soon as that is acknowledged,
    // from the other's once its indexer applied it.
    let w = build::withdraw(&common::author(11), 1_800_000_001_000, trees.id).expect("a withdrawal");
    let (status, v) = post(&a, &one.url, submit_json(&w)).expect("an answer");
    assert_eq!(status, 201, "{v}");
    assert_eq!(found(&a, &one.url, "q=marrowbine"), BTreeSet::from([lights.id.hex()]), "gone at once");
    assert_eq!(found(&a, &one.url, "q=tree"), BTreeSet::new(), "gone at once");
    finds_within(&a, &other.url, "q=marrowbine", &[&lights]);
    finds_within(&a, &other.url, "q=tree", &[]);

    // Bad parameters: the embedded server's 400s and codes.
    let long = format!("q={}", "a".repeat(201));
    for (q, code) in [
        ("page=0", "bad_page"),
        ("page=501", "bad_page"),
        ("from=2026-02-30", "bad_date"),
        ("from=2026-03-02&to=2026-03-01", "bad_date_range"),
        ("cited=maybe", "bad_filter"),
        ("consultation=zz", "malformed"),
        ("page=1&page=2", "malformed"),
        (long.as_str(), "query_too_long"),
    ] {
        for u in [&one.url, &other.url] {
            let (status, body) = get(&a, &format!("{u}/v1/search?{q}"));
            assert_eq!(status, 400, "{q}: {body}");
            let v: serde_json::Value = serde_json::from_str(&body).expect("a problem");
            assert_eq!(v["code"], code, "{q}: {v}");
        }
    }

    // Each process removes its own index when it stops.
    assert!(one.terminate(), "the first server stopped cleanly");
    assert_eq!(index_folders(&data).len(), 2, "the first server's index is removed");
    assert!(other.terminate(), "the second server stopped cleanly");
    assert_eq!(index_folders(&data), Vec::<String>::new(), "no index is left");
}

//! Finding ideas: the search index over the demo and added ideas, through the ledger, the
//! JSON API and the page. Expected answers are computed from the ledger's own views, never
//! written down.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, Use, key_id};
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Outcome, Usage};
use heard::attribution::query::IdeaView;
use heard::demo::demo_key;
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::log::LogConfig;
use heard::search::{SearchOptions, SearchParams, SearchQuery};
use heard::server::{AppState, ServerConfig, app};

const ORIGIN: &str = "heard.localhost/log";

fn open(data: &Path, delay: Duration) -> Ledger {
    let (keys, _) = DataDir::new(data).init_keys(ORIGIN).expect("keys");
    let operator = keys.operator.signing_key().verifying_key().to_bytes();
    let config = LogConfig::new(keys.log.name().to_string());
    Ledger::open(&DataDir::new(data).db(), keys.log, config, operator)
        .expect("ledger")
        .with_search(&data.join("search"), SearchOptions { delay, ..SearchOptions::default() })
        .expect("search")
}

/// The demo in a new data folder, its index caught up.
fn demo(delay: Duration) -> (tempfile::TempDir, PathBuf, Ledger) {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = open(&data, delay);
    let (keys, _) = DataDir::new(&data).init_keys(ORIGIN).expect("keys");
    heard::demo::fill(&ledger, &statement_key(&keys.operator)).expect("demo");
    ledger.search_index().expect("index").refresh().expect("refresh");
    (dir, data, ledger)
}

fn query(pairs: &[(&str, &str)]) -> SearchQuery {
    let mut p = SearchParams::default();
    for (k, v) in pairs {
        let slot = match *k {
            "q" => &mut p.q,
            "consultation" => &mut p.consultation,
            "tag" => &mut p.tag,
            "contributor" => &mut p.contributor,
            "from" => &mut p.from,
            "to" => &mut p.to,
            "cited" => &mut p.cited,
            "answered" => &mut p.answered,
            "page" => &mut p.page,
            other => panic!("no parameter {other}"),
        };
        *slot = Some(v.to_string());
    }
    SearchQuery::parse(&p).expect("a good query")
}

/// Every idea the search finds, over every page.
fn found(ledger: &Ledger, pairs: &[(&str, &str)]) -> BTreeSet<Id> {
    let mut out = BTreeSet::new();
    let mut page = 1;
    loop {
        let mut q = query(pairs);
        q.page = page;
        let r = ledger.search(&q).expect("search");
        out.extend(r.ideas.iter().map(|v| v.id));
        if page >= r.pages {
            assert_eq!(out.len() as u64, r.total, "every page together holds the total");
            return out;
        }
        page += 1;
    }
}

/// Every idea of every consultation, as people see it.
fn all_ideas(ledger: &Ledger) -> Vec<IdeaView> {
    let mut out = Vec::new();
    for c in ledger.recent_consultations(1000, None).expect("consultations") {
        out.extend(ledger.ideas_of_consultation(&c.id).expect("ideas"));
    }
    out
}

fn ids(ideas: &[IdeaView], keep: impl Fn(&IdeaView) -> bool) -> BTreeSet<Id> {
    ideas.iter().filter(|v| !v.withdrawn && keep(v)).map(|v| v.id).collect()
}

fn submit(ledger: &Ledger, s: build::Signed) -> Id {
    ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append");
    s.id
}

/// A consultation of the demo council, and an idea in it by `who` with `words`.
fn consultation(ledger: &Ledger, t: u64) -> Id {
    let council = demo_key("council");
    let spec = ConsultationSpec {
        title: "Search test session".into(),
        date: "2026-03-01".into(),
        place: "Library".into(),
        topic: "transport".into(),
        convenor: key_id(&council),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    submit(ledger, build::consultation(&council, t, &spec).expect("consultation"))
}

fn idea(who: &SigningKey, t: u64, c: Id, attribution: Attribution, words: &str) -> build::Signed {
    let spec = IdeaSpec {
        consultation: c,
        tags: vec!["Transport".into()],
        co_contributors: vec![],
        builds_on: vec![],
        attribution,
        claim_hash: None,
        given: None,
    };
    build::idea(who, t, &spec, IdeaText::new(words).expect("text")).expect("idea")
}

/// Waits until `cond` holds, failing after 30 seconds.
fn eventually(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

struct Got {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn send(router: &axum::Router, req: Request<HttpBody>) -> Got {
    block(send_async(router, req))
}

async fn send_async(router: &axum::Router, req: Request<HttpBody>) -> Got {
    let r = router.clone().oneshot(req).await.expect("infallible");
    let status = r.status();
    let content_type =
        r.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let body = r.into_body().collect().await.expect("body").to_bytes().to_vec();
    Got { status, content_type, body }
}

fn get(router: &axum::Router, path: &str) -> Got {
    send(router, Request::get(path).body(HttpBody::empty()).expect("request"))
}

fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}

fn router(ledger: &Ledger) -> axum::Router {
    app(AppState::new(ledger.clone(), ServerConfig::default()))
}

#[test]
fn a_stemmed_word_finds_its_other_forms() {
    let (_dir, _data, ledger) = demo(Duration::from_millis(50));
    let ideas = all_ideas(&ledger);
    // Ideas that say "repair" (or "repaired") but never "repairs".
    let other_forms = ids(&ideas, |v| {
        v.text.as_deref().is_some_and(|t| {
            let words: Vec<String> = t.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
            words.iter().any(|w| w == "repair" || w == "repaired") && !words.iter().any(|w| w == "repairs")
        })
    });
    assert!(!other_forms.is_empty(), "the demo has ideas saying \"repair\"");
    let repairs = found(&ledger, &[("q", "repairs")]);
    assert!(other_forms.is_subset(&repairs), "\"repairs\" finds {other_forms:?} (found {repairs:?})");
    assert_eq!(found(&ledger, &[("q", "REPAIR")]), repairs, "case and word form do not matter");
    // Every word must match.
    let two = found(&ledger, &[("q", "repairs evening")]);
    assert!(!two.is_empty() && two.is_subset(&repairs) && two.len() < repairs.len());
    ledger.close().expect("closed cleanly");
}

#[test]
fn each_filter_finds_exactly_the_ideas_it_names() {
    let (_dir, _data, ledger) = demo(Duration::from_millis(50));
    let ideas = all_ideas(&ledger);
    let every = ids(&ideas, |_| true);
    assert_eq!(found(&ledger, &[]), every, "no words, no filter: every idea not withdrawn");

    let c = ideas[0].consultation;
    assert_eq!(found(&ledger, &[("consultation", &c.hex())]), ids(&ideas, |v| v.consultation == c));

    let tag = ideas.iter().flat_map(|v| v.tags.iter()).next().expect("a tag").clone();
    let tagged = ids(&ideas, |v| v.tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)));
    assert_eq!(found(&ledger, &[("tag", &tag.to_uppercase())]), tagged);

    let named = ideas
        .iter()
        .find_map(|v| match &v.contributor {
            heard::attribution::query::Attribution::Named(n) => Some(n.clone()),
            _ => None,
        })
        .expect("a named contributor");
    let theirs = ids(&ideas, |v| v.contributor.to_string() == named);
    assert_eq!(found(&ledger, &[("contributor", &named.to_lowercase())]), theirs);

    let days: Vec<&str> = ideas.iter().map(|v| v.given.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    assert!(days.len() >= 2, "ideas given on several days: {days:?}");
    let (lo, hi) = if days.len() >= 3 { (days[1], days[days.len() - 2]) } else { (days[0], days[0]) };
    let between = ids(&ideas, |v| v.given.as_str() >= lo && v.given.as_str() <= hi);
    assert!(between.len() < every.len(), "the range leaves some out");
    assert_eq!(found(&ledger, &[("from", lo), ("to", hi)]), between);
    assert_eq!(found(&ledger, &[("from", hi)]), ids(&ideas, |v| v.given.as_str() >= hi));
    assert_eq!(found(&ledger, &[("to", lo)]), ids(&ideas, |v| v.given.as_str() <= lo));

    let cited = ids(&ideas, |v| !v.citations.is_empty());
    assert!(!cited.is_empty() && cited.len() < every.len());
    assert_eq!(found(&ledger, &[("cited", "yes")]), cited);
    assert_eq!(found(&ledger, &[("cited", "no")]), ids(&ideas, |v| v.citations.is_empty()));
    let answered = ids(&ideas, |v| !v.responses.is_empty());
    assert!(!answered.is_empty() && answered.len() < every.len());
    assert_eq!(found(&ledger, &[("answered", "yes")]), answered);
    assert_eq!(found(&ledger, &[("answered", "no")]), ids(&ideas, |v| v.responses.is_empty()));

    // Filters combine with words.
    let words = found(&ledger, &[("q", "repairs"), ("cited", "no")]);
    assert_eq!(words, &found(&ledger, &[("q", "repairs")]) - &cited);
    ledger.close().expect("closed cleanly");
}

#[test]
fn results_come_twenty_a_page_newest_first_without_words() {
    let (_dir, _data, ledger) = demo(Duration::from_millis(50));
    let every = ids(&all_ideas(&ledger), |_| true);
    assert!(every.len() > 20, "the demo fills more than one page");
    let one = ledger.search(&query(&[])).expect("page 1");
    let two = ledger.search(&query(&[("page", "2")])).expect("page 2");
    assert_eq!(one.ideas.len(), 20);
    assert_eq!(one.total, every.len() as u64);
    assert_eq!(one.pages as usize, every.len().div_ceil(20));
    let seqs: Vec<u64> = one.ideas.iter().chain(&two.ideas).map(|v| v.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] > w[1]), "newest first across pages: {seqs:?}");
    let past = ledger.search(&query(&[("page", &(one.pages + 1).to_string())])).expect("past the end");
    assert!(past.ideas.is_empty());
    ledger.close().expect("closed cleanly");
}

#[test]
fn pages_and_api_answer_with_next_and_previous_links() {
    let (_dir, _data, ledger) = demo(Duration::from_millis(50));
    let r = router(&ledger);
    let api = get(&r, "/v1/search?page=2");
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    let j = api.json();
    assert_eq!(j["page"], 2);
    let first = j["results"][0]["id"].as_str().expect("an id").to_string();
    assert_eq!(j["results"][0]["page"], format!("/ideas/{first}"));
    let page = get(&r, "/search?page=2");
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains(&format!("href=\"/ideas/{first}\"")), "the page links each idea");
    assert!(html.contains("href=\"/search?page=1\"") && html.contains("rel=\"prev\""), "a previous link");
    let c = get(&r, &format!("/consultations/{}", ledger.idea(&Id(hex32(&first))).expect("idea").consultation.hex()));
    assert!(c.text().contains("/not-yet-heard"), "the consultation page links its not-yet-heard view");
    ledger.close().expect("closed cleanly");
}

fn hex32(s: &str) -> [u8; 32] {
    hex::decode(s).expect("hex").try_into().expect("32 bytes")
}

#[test]
fn bad_parameters_are_refused_in_plain_words() {
    let (_dir, _data, ledger) = demo(Duration::from_millis(50));
    let r = router(&ledger);
    for (q, code) in [
        ("page=0", "bad_page"),
        ("page=two", "bad_page"),
        ("page=501", "bad_page"),
        ("from=2026-02-30", "bad_date"),
        ("to=14%2F03%2F2026", "bad_date"),
        ("from=2026-03-02&to=2026-03-01", "bad_date_range"),
        ("cited=maybe", "bad_filter"),
        ("answered=2", "bad_filter"),
        ("consultation=zz", "malformed"),
        ("page=1&page=2", "malformed"),
    ] {
        let got = get(&r, &format!("/v1/search?{q}"));
        assert_eq!(got.status, StatusCode::BAD_REQUEST, "{q}: {}", got.text());
        assert_eq!(got.content_type, "application/problem+json", "{q}");
        assert_eq!(got.json()["code"], code, "{q}");
        assert!(got.json()["detail"].as_str().is_some_and(|d| d.len() > 20), "{q}: a sentence");
    }
    let long = format!("/v1/search?q={}", "a".repeat(201));
    assert_eq!(get(&r, &long).json()["code"], "query_too_long");
    let page = get(&r, "/search?from=2026-03-02&to=2026-03-01");
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let html = page.text();
    assert!(html.contains("There is a problem") && html.contains("href=\"#from\""), "an error summary");
    assert!(html.contains("The first date must be the same as or before the last date"));
    ledger.close().expect("closed cleanly");
}

#[test]
fn a_withdrawn_idea_is_not_found_once_its_withdrawal_is_acknowledged() {
    // The indexer waits an hour: only the withdrawal path itself can hide the idea.
    let (_dir, _data, ledger) = demo(Duration::from_secs(3600));
    let c = consultation(&ledger, 1_800_000_000_000);
    let me = SigningKey::from_bytes(&[91; 32]);
    let id = submit(
        &ledger,
        idea(&me, 1_800_000_000_001, c, Attribution::Named("Ola".into()), "Zanzibarquux lamps on the towpath"),
    );
    ledger.search_index().expect("index").refresh().expect("refresh");
    let r = router(&ledger);
    let before = get(&r, "/v1/search?q=zanzibarquux").json();
    assert_eq!(before["total"], 1, "found before the withdrawal");

    let w = build::withdraw(&me, 1_800_000_000_002, id).expect("withdraw");
    let body = serde_json::json!({"statement": B64.encode(&w.statement), "signature": B64.encode(w.signature)});
    let req = Request::post("/v1/statements")
        .header(header::CONTENT_TYPE, "application/json")
        .body(HttpBody::from(body.to_string()))
        .expect("request");
    let posted = send(&r, req);
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text());

    let after = get(&r, "/v1/search?q=zanzibarquux").json();
    assert_eq!(after["total"], 0, "not found right after the 201: {after}");
    assert!(!get(&r, "/search?q=zanzibarquux").text().contains(&id.hex()));
    assert!(!get(&r, "/v1/search?q=lamps%20towpath").text().contains(&id.hex()));
    let index = ledger.search_index().expect("index");
    assert!(
        index.documents_with_term("zanzibarquux").expect("count") > 0,
        "still in the index files until the indexer runs"
    );
    // Once the indexer applied the withdrawal, the word leaves the index files too.
    index.refresh().expect("refresh");
    eventually("the withdrawn word left the index files", || {
        index.documents_with_term("zanzibarquux").expect("count") == 0
    });
    assert_eq!(get(&r, "/v1/search?q=zanzibarquux").json()["total"], 0);
    ledger.close().expect("closed cleanly");
}

#[test]
fn new_ideas_citations_and_consent_changes_reach_the_index_in_the_background() {
    let (_dir, _data, ledger) = demo(Duration::from_millis(100));
    let c = consultation(&ledger, 1_800_000_000_000);
    let me = SigningKey::from_bytes(&[92; 32]);
    let id = submit(
        &ledger,
        idea(&me, 1_800_000_000_001, c, Attribution::Named("Zed Quill".into()), "Quorvex benches at every bus stop"),
    );
    let by = |pairs: &[(&str, &str)]| found(&ledger, pairs);
    eventually("the new idea is found", || by(&[("q", "quorvex")]).contains(&id));
    assert!(by(&[("contributor", "zed quill")]).contains(&id), "found by the name shown");
    assert!(by(&[("q", "quorvex"), ("cited", "no")]).contains(&id));

    let team = demo_key("housing strategy team");
    let uses = [Use { idea: id, locator: "page 2".into(), usage: Usage::Quoted }];
    submit(&ledger, build::cite(&team, 1_800_000_000_002, "Bench plan", "v1", None, None, &uses).expect("cite"));
    eventually("the citation is in the index", || by(&[("q", "quorvex"), ("cited", "yes")]).contains(&id));
    let council = demo_key("council");
    submit(
        &ledger,
        build::respond(&council, 1_800_000_000_003, id, build::Answer::new(Outcome::Adopted, None)).expect("respond"),
    );
    eventually("the answer is in the index", || by(&[("q", "quorvex"), ("answered", "yes")]).contains(&id));

    // The contributor chooses not to be named: the name is no longer a way to find them,
    // and no answer carries it.
    submit(&ledger, build::claim(&me, 1_800_000_000_004, vec![id], &Attribution::Anonymous, None).expect("consent"));
    eventually("the name left the index", || by(&[("contributor", "Zed Quill")]).is_empty());
    let r = ledger.search(&query(&[("q", "quorvex")])).expect("search");
    assert_eq!(r.ideas.iter().map(|v| v.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(r.ideas[0].contributor.to_string(), "a contributor");
    ledger.close().expect("closed cleanly");
}

#[test]
fn an_anonymous_contributors_name_never_appears_in_results() {
    let (_dir, _data, ledger) = demo(Duration::from_millis(50));
    let c = consultation(&ledger, 1_800_000_000_000);
    let me = SigningKey::from_bytes(&[93; 32]);
    let id = submit(
        &ledger,
        idea(&me, 1_800_000_000_001, c, Attribution::Named("Yara Vent".into()), "Plinthor shelters for the market"),
    );
    submit(&ledger, build::claim(&me, 1_800_000_000_002, vec![id], &Attribution::Anonymous, None).expect("consent"));
    ledger.search_index().expect("index").refresh().expect("refresh");
    let r = router(&ledger);
    for path in [
        "/v1/search?q=plinthor",
        "/search?q=plinthor",
        "/v1/search?contributor=yara%20vent",
        "/search?contributor=Yara+Vent",
    ] {
        let got = get(&r, path);
        assert_eq!(got.status, StatusCode::OK, "{path}");
        let text = got.text();
        assert!(!text.contains("Yara Vent") || path.contains("contributor"), "{path} shows the name");
        if path.contains("contributor") {
            assert!(!text.contains(&id.hex()), "{path} finds the idea by a name not shown");
        } else {
            assert!(text.contains(&id.hex()), "{path} finds the idea by its words");
        }
    }
    ledger.close().expect("closed cleanly");
}

/// Answers to a fixed set of searches, to compare an index with a rebuilt one.
fn answers(ledger: &Ledger) -> Vec<(u64, Vec<Id>)> {
    let qs: [&[(&str, &str)]; 5] =
        [&[], &[("q", "repairs")], &[("q", "bus")], &[("cited", "yes")], &[("q", "safe"), ("answered", "no")]];
    qs.iter()
        .map(|q| {
            let r = ledger.search(&query(q)).expect("search");
            let mut ids: Vec<Id> = r.ideas.iter().map(|v| v.id).collect();
            // Ranks by words depend on statistics that deleted documents still count in
            // until a merge; the ideas found must be the same.
            if q.iter().any(|(k, _)| *k == "q") {
                ids.sort();
            }
            (r.total, ids)
        })
        .collect()
}

#[test]
fn a_deleted_or_damaged_index_is_rebuilt_on_open_with_the_same_answers() {
    let (_dir, data, ledger) = demo(Duration::from_millis(50));
    let want = answers(&ledger);
    assert!(want.iter().all(|(n, _)| *n > 0), "every search finds something: {want:?}");
    ledger.close().expect("closed cleanly");
    drop(ledger);
    let index = data.join("search");

    std::fs::remove_dir_all(&index).expect("delete the index");
    let ledger = open(&data, Duration::from_millis(50));
    assert!(index.exists());
    assert_eq!(answers(&ledger), want, "rebuilt after deletion");
    ledger.close().expect("closed cleanly");
    drop(ledger);

    // Garbage in the middle of the largest file.
    let largest = std::fs::read_dir(&index)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e != "json" && e != "lock"))
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("a segment file");
    let mut bytes = std::fs::read(&largest).expect("read");
    let mid = bytes.len() / 2;
    let end = (mid + 16).min(bytes.len());
    for b in &mut bytes[mid..end] {
        *b ^= 0x5a;
    }
    std::fs::write(&largest, bytes).expect("write garbage");
    let ledger = open(&data, Duration::from_millis(50));
    assert_eq!(answers(&ledger), want, "rebuilt after damage to {}", largest.display());
    ledger.close().expect("closed cleanly");
    drop(ledger);

    std::fs::write(index.join("meta.json"), b"{ not json").expect("garbage meta");
    let ledger = open(&data, Duration::from_millis(50));
    assert_eq!(answers(&ledger), want, "rebuilt after damage to meta.json");
    ledger.close().expect("closed cleanly");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("list") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

#[test]
fn an_index_ahead_of_a_restored_log_is_rebuilt() {
    let (dir, data, ledger) = demo(Duration::from_millis(50));
    let want = answers(&ledger);
    ledger.close().expect("closed cleanly");
    drop(ledger);
    let backup = dir.path().join("db-backup");
    copy_dir(&DataDir::new(&data).db(), &backup);

    let ledger = open(&data, Duration::from_millis(50));
    let c = consultation(&ledger, 1_800_000_000_000);
    let me = SigningKey::from_bytes(&[94; 32]);
    let id = submit(
        &ledger,
        idea(&me, 1_800_000_000_001, c, Attribution::Anonymous, "Vrellish lights for the repairs depot"),
    );
    ledger.search_index().expect("index").refresh().expect("refresh");
    assert!(found(&ledger, &[("q", "vrellish")]).contains(&id));
    ledger.close().expect("closed cleanly");
    drop(ledger);

    // The log goes back to the backup; the index stays ahead of it.
    let db = DataDir::new(&data).db();
    std::fs::remove_dir_all(&db).expect("remove db");
    copy_dir(&backup, &db);
    let ledger = open(&data, Duration::from_millis(50));
    assert!(found(&ledger, &[("q", "vrellish")]).is_empty(), "nothing the restored log does not hold");
    assert_eq!(answers(&ledger), want);
    ledger.close().expect("closed cleanly");
}

#[test]
fn heard_rebuild_search_rebuilds_the_index_of_a_data_folder() {
    let (_dir, data, ledger) = demo(Duration::from_millis(50));
    let ideas = ids(&all_ideas(&ledger), |_| true).len();
    let want = answers(&ledger);
    ledger.close().expect("closed cleanly");
    drop(ledger);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_heard"))
        .args(["rebuild", "search", "--data"])
        .arg(&data)
        .output()
        .expect("run heard");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.starts_with(&format!("rebuilt the search index: {ideas} ideas from ")), "{stdout}");
    let ledger = open(&data, Duration::from_millis(50));
    assert_eq!(answers(&ledger), want);
    ledger.close().expect("closed cleanly");
}

#[test]
fn not_yet_heard_puts_people_with_nothing_cited_first() {
    let (_dir, _data, ledger) = demo(Duration::from_millis(50));
    let c = ledger
        .recent_consultations(10, None)
        .expect("list")
        .into_iter()
        .find(|c| c.rec.title.starts_with("Damp, mould"))
        .expect("the housing workshop")
        .id;
    let ideas = ledger.ideas_of_consultation(&c).expect("ideas");
    let n = ledger.not_yet_heard(&c).expect("view");
    let cited_people: BTreeSet<_> =
        ideas.iter().filter(|v| !v.citations.is_empty()).flat_map(|v| v.contributors.clone()).collect();
    assert!(!cited_people.is_empty() && !n.unheard_people.is_empty(), "the demo has both");
    for v in &n.unheard_people {
        assert!(v.citations.is_empty() && !v.withdrawn);
        assert!(v.contributors.iter().all(|p| !cited_people.contains(p)), "nobody cited");
    }
    for v in &n.others {
        assert!(v.citations.is_empty() && v.contributors.iter().any(|p| cited_people.contains(p)));
    }
    let listed = n.unheard_people.len() + n.others.len();
    assert_eq!(listed, ideas.iter().filter(|v| v.citations.is_empty() && !v.withdrawn).count());
    let page = get(&router(&ledger), &format!("/consultations/{}/not-yet-heard", c.hex()));
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    let first = html.find(&n.unheard_people[0].id.hex()).expect("listed");
    if let Some(o) = n.others.first() {
        assert!(first < html.find(&o.id.hex()).expect("listed"), "people with nothing cited come first");
    }
    assert!(html.contains("How unevenly credit is spread"), "beside the concentration figures");
    ledger.close().expect("closed cleanly");
}

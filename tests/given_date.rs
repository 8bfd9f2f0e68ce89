//! The date an idea was given (docs/PROTOCOL.md §13, idea field 8): the views, the pages and
//! the citations of a report show it, never the log time, which appears only as "recorded
//! on" when it is another day. An idea without it shows the day of its author time and
//! still audits; a Pol.is import gives each comment its own day. The refusals
//! (`bad_given_date`) are in tests/policy.rs.
//!
//! The world's author times fall on 2023-11-14 (UTC) while the log records at the real
//! clock, so a date from the log time can never pass for the given date here.

use crate::world;

use std::collections::BTreeMap;
use std::path::Path;

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode, header};
use ciborium::Value as Cbor;
use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, IdeaSpec};
use heard::attribution::content::IdeaText;
use heard::attribution::dates;
use heard::attribution::kinds::*;
use heard::import::{ensure_enrolled, polis};
use heard::protocol::entry::Entry;
use heard::protocol::statement::{Kind, Statement};
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use tower::ServiceExt;
use world::*;

const BASE: &str = "https://heard.example.org";

/// GETs `path` from the app over `w`'s ledger with `accept`; the status and body.
fn get(w: &World, path: &str, accept: &str) -> (StatusCode, Vec<u8>) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let config = ServerConfig { public_url: BASE.into(), ..Default::default() };
        let req = Request::get(path).header(header::ACCEPT, accept).body(HttpBody::empty()).expect("request");
        let r = app(AppState::new(w.ledger.clone(), config)).oneshot(req).await.expect("infallible");
        let status = r.status();
        (status, r.into_body().collect().await.expect("body").to_bytes().to_vec())
    })
}

fn page(w: &World, path: &str) -> String {
    let (status, body) = get(w, path, "text/html");
    assert_eq!(status, StatusCode::OK, "{path}");
    String::from_utf8(body).expect("utf-8")
}

fn json(w: &World, path: &str) -> serde_json::Value {
    let (status, body) = get(w, path, "application/json");
    assert_eq!(status, StatusCode::OK, "{path}");
    serde_json::from_slice(&body).expect("JSON")
}

/// The idea body as the log holds it (the entry at the idea's seq).
fn logged_body(w: &World, id: &Id) -> IdeaBody {
    let seq = w.ledger.idea(id).expect("idea").seq;
    let bytes = w.ledger.store().unwrap().entry(seq).expect("read").expect("entry");
    let st = Statement::decode(&Entry::decode(&bytes).expect("entry").statement).expect("statement");
    match Body::decode(Kind::Idea, &st.body).expect("body") {
        Body::Idea(b) => b,
        other => panic!("not an idea: {other:?}"),
    }
}

/// `<time datetime="2023-10-30">30 October 2023</time>`, as the pages write a day.
fn time(day: &str) -> String {
    format!("<time datetime=\"{day}\">{}</time>", dates::long_day(day))
}

struct Scenario {
    w: World,
    consultation: Id,
    /// Given on 2023-10-30, signed on 2023-11-14.
    dated: Id,
    /// No given date (as every idea written before the field): given on its author time's day.
    undated: Id,
    report: Id,
}

fn scenario() -> Scenario {
    let w = World::new();
    let (council, policy) = (key(1), key(2));
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&policy, Role::PolicyTeam, "Riverside Policy Unit");
    let consultation = w.consultation(&council, "Drop-in", &council, None);
    let mut b = idea_body(consultation, Consent::Named, Some("Amara Okafor"), None);
    b.given = Some("2023-10-30".into());
    let dated = w.idea(&key(11), b, "Benches at the bus stop").expect("dated idea");
    let undated =
        w.idea(&key(12), idea_body(consultation, Consent::Anonymous, None, None), "Later buses").expect("undated idea");
    let uses = [dated, undated].map(|idea| CitationUse { idea, locator: "page 1".into(), how: Usage::Quoted.code() });
    let report = ReportRef { title: "Plan".into(), version: "v1".into(), url: None, digest: None };
    w.ok(&policy, Body::Cite(CiteBody { report, uses: uses.to_vec() }));
    let report = w.ledger.report_id(&pk(&policy), "Plan", "v1").expect("report id");
    Scenario { w, consultation, dated, undated, report }
}

#[test]
fn an_idea_with_a_given_date_round_trips_and_every_view_shows_it() {
    let s = scenario();
    let w = &s.w;
    assert_eq!(logged_body(w, &s.dated).given.as_deref(), Some("2023-10-30"));
    let v = w.ledger.idea(&s.dated).expect("idea");
    assert_eq!(v.given, "2023-10-30");
    let recorded = dates::utc_day(v.log_time);
    assert_ne!(recorded, v.given, "the log records at the real clock, not in 2023");

    // JSON: `given` and `recorded` (the log time's day).
    let j = json(w, &format!("/v1/ideas/{}", s.dated.hex()));
    assert_eq!(j["idea"]["given"], "2023-10-30");
    assert_eq!(j["idea"]["recorded"], recorded.as_str());
    let j = json(w, &format!("/v1/consultations/{}", s.consultation.hex()));
    let listed: Vec<&str> =
        j["ideas"].as_array().expect("ideas").iter().map(|i| i["given"].as_str().unwrap()).collect();
    assert_eq!(listed, ["2023-10-30", "2023-11-14"]);

    // CBOR: the two new fields come last, so every earlier field keeps its position.
    let (status, body) = get(w, &format!("/v1/ideas/{}", s.dated.hex()), "application/cbor");
    assert_eq!(status, StatusCode::OK);
    let detail: Cbor = ciborium::from_reader(body.as_slice()).expect("CBOR");
    let field = |m: &Cbor, k: u64| -> Cbor {
        m.as_map().expect("map").iter().find(|(key, _)| key.as_integer() == Some(k.into())).expect("field").1.clone()
    };
    let idea = field(&detail, 0);
    assert_eq!(idea.as_map().expect("map").len(), 22, "…, given (19), recorded (20), salt (21)");
    assert_eq!(field(&idea, 0), Cbor::Text(s.dated.hex()));
    assert_eq!(field(&idea, 2), Cbor::Integer(v.log_time.into()));
    assert_eq!(field(&idea, 19), Cbor::Text("2023-10-30".into()));
    assert_eq!(field(&idea, 20), Cbor::Text(recorded.clone()));
    assert!(matches!(field(&idea, 21), Cbor::Bytes(b) if b.len() == 32), "the salt comes last");

    // Pages: "Given on 30 October 2023", and "recorded on" the log's day, which differs.
    let p = page(w, &format!("/ideas/{}", s.dated.hex()));
    assert!(p.contains(&format!("<dt>Given on</dt><dd class=\"given\">{}</dd>", time("2023-10-30"))), "{p}");
    assert!(p.contains(&format!("<dt>Recorded on</dt><dd class=\"recorded\">{}</dd>", time(&recorded))), "{p}");
    let sentence = format!(
        "<span class=\"given\">Given on {}</span><span class=\"recorded\">, recorded on {}</span>",
        time("2023-10-30"),
        time(&recorded)
    );
    let p = page(w, &format!("/consultations/{}", s.consultation.hex()));
    assert!(p.contains(&sentence), "consultation page: {p}");
    let p = page(w, &format!("/reports/{}", s.report.hex()));
    assert!(p.contains(&sentence), "report page: {p}");
    let p = page(w, &format!("/contributors/{}", pk(&key(11)).hex()));
    assert!(p.contains(&format!("<dt>Given on</dt><dd class=\"given\">{}</dd>", time("2023-10-30"))), "{p}");
    assert!(p.contains(&format!("<dt>Recorded on</dt><dd class=\"recorded\">{}</dd>", time(&recorded))), "{p}");
}

#[test]
fn an_idea_without_a_given_date_shows_its_author_time_and_the_log_still_audits() {
    let s = scenario();
    let w = &s.w;
    assert_eq!(logged_body(w, &s.undated).given, None);
    let v = w.ledger.idea(&s.undated).expect("idea");
    assert_eq!(v.given, "2023-11-14", "the UTC day of the author time");
    let j = json(w, &format!("/v1/ideas/{}", s.undated.hex()));
    assert_eq!(j["idea"]["given"], "2023-11-14");
    assert_eq!(j["idea"]["recorded"], dates::utc_day(v.log_time).as_str());
    let p = page(w, &format!("/ideas/{}", s.undated.hex()));
    assert!(p.contains(&format!("<dt>Given on</dt><dd class=\"given\">{}</dd>", time("2023-11-14"))), "{p}");
    let audit = w.ledger.audit_policy().expect("the policy audit passes");
    assert_eq!(audit.entries, w.ledger.log().latest().size);
}

#[test]
fn recorded_on_is_shown_only_when_the_log_recorded_on_another_day() {
    let s = scenario();
    let w = &s.w;
    let spec = |given: String| IdeaSpec {
        consultation: s.consultation,
        tags: vec![],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: Attribution::Anonymous,
        claim_hash: None,
        given: Some(given),
    };
    // Given today, signed now: the log records it on the same day, unless midnight (UTC)
    // passed between the two, which cannot happen twice in a row.
    let mut same_day = None;
    for attempt in 0..2 {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() as u64;
        let text = IdeaText::new(format!("Said today ({attempt})")).expect("text");
        let signed = build::idea(&key(13), now, &spec(dates::utc_day(now)), text).expect("idea");
        w.ledger.submit(&signed.statement, &signed.signature, signed.content.clone()).expect("append");
        let v = w.ledger.idea(&signed.id).expect("view");
        if dates::utc_day(v.log_time) == v.given {
            same_day = Some(signed.id);
            break;
        }
    }
    let id = same_day.expect("recorded on the day it was given");
    let p = page(w, &format!("/ideas/{}", id.hex()));
    assert!(p.contains("<dt>Given on</dt>"), "{p}");
    assert!(!p.contains("Recorded on"), "{p}");
    let p = page(w, &format!("/consultations/{}", s.consultation.hex()));
    assert_eq!(p.matches("<span class=\"given\">").count(), 3, "three ideas, each with its given day");
    assert_eq!(p.matches("<span class=\"recorded\">").count(), 2, "only the two recorded on another day: {p}");
}

#[test]
fn citations_are_dated_by_the_given_date() {
    let s = scenario();
    let csl = s.w.ledger.csl_json(&s.report, BASE).expect("CSL-JSON");
    let items: serde_json::Value = serde_json::from_str(&csl).expect("JSON");
    let issued: Vec<&serde_json::Value> = items.as_array().expect("array").iter().map(|i| &i["issued"]).collect();
    assert_eq!(issued[0], &serde_json::json!({ "date-parts": [[2023, 10, 30]] }));
    assert_eq!(issued[1], &serde_json::json!({ "date-parts": [[2023, 11, 14]] }));
    let bib = s.w.ledger.bibtex(&s.report, BASE).expect("BibTeX");
    let dated: Vec<&str> = bib.split("@misc").filter(|e| !e.is_empty()).collect();
    assert_eq!(dated.len(), 2);
    assert!(dated[0].contains("  year = {2023},\n  month = oct,\n"), "{}", dated[0]);
    assert!(dated[1].contains("  year = {2023},\n  month = nov,\n"), "{}", dated[1]);
}

#[test]
fn a_polis_import_gives_each_comment_its_own_day() {
    let w = World::new();
    let (org, fac) = (SigningKey::from_bytes(&[31; 32]), SigningKey::from_bytes(&[32; 32]));
    ensure_enrolled(&w.ledger, &w.operator, &org, Role::Organisation, "Importer org", 1).expect("enrol");
    ensure_enrolled(&w.ledger, &w.operator, &fac, Role::Facilitator, "Importer", 2).expect("enrol");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/polis/london.youth.policing");
    let export = polis::read_dir(&dir).expect("read export");
    let opts = polis::Options { title: "London".into(), seed: polis::SeedRule::default(), base_url: BASE.into() };
    let report = polis::import(&w.ledger, &polis::Signers { organisation: &org, facilitator: &fac }, &export, &opts)
        .expect("import");

    // Each comment's timestamp, read from the file here with the csv crate.
    let mut r = csv::Reader::from_path(dir.join("comments.csv")).expect("comments.csv");
    let stamps: BTreeMap<String, u64> =
        r.records().map(|x| x.expect("row")).map(|row| (row[2].to_string(), row[0].parse().expect("ms"))).collect();
    let ideas = w.ledger.ideas_of_consultation(&report.consultation).expect("ideas");
    assert!(ideas.len() > 10);
    for v in &ideas {
        let comment = v.tags.iter().find_map(|t| t.strip_prefix("polis:comment=")).expect("comment tag");
        let day = dates::utc_day(stamps[comment]);
        assert_eq!(v.given, day, "comment {comment}");
        assert_eq!(logged_body(&w, &v.id).given, Some(day), "comment {comment}: the statement says so");
    }
    let first = &ideas[0];
    let p = page(&w, &format!("/ideas/{}", first.id.hex()));
    assert!(p.contains(&format!("<dt>Given on</dt><dd class=\"given\">{}</dd>", time(&first.given))), "{p}");
    assert!(first.given.starts_with("2022-"), "London's comments are from 2022");
    w.ledger.audit_policy().expect("the policy audit passes");
}

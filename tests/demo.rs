//! `heard demo`: fills a fresh folder, prints counts that match the log, passes the audit,
//! and refuses a folder that already has entries.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use heard::protocol::entry::Entry;
use heard::protocol::statement::Statement;

fn heard(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_heard")).args(args).current_dir(cwd).output().expect("run heard")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn demo_fills_an_empty_folder_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = heard(&["demo", "--data", "demo-data"], d);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let out = text(&o.stdout);
    let mut printed = BTreeMap::new();
    for line in out.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["demo:", n, "entries"] => printed.insert("entries".to_string(), n.parse::<u64>().unwrap()),
            [name, n] => printed.insert(name.to_string(), n.parse::<u64>().unwrap()),
            _ => panic!("unexpected summary line {line:?}"),
        };
    }

    // Count the log's entries by kind.
    let ledger = heard::ledger::Ledger::open_data_folder(&d.join("demo-data"), "heard.localhost/log").unwrap();
    let size = ledger.log().latest().size;
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    for seq in 0..size {
        let e = Entry::decode(&ledger.log().entry(seq).unwrap().unwrap()).unwrap();
        let st = Statement::decode(&e.statement).unwrap();
        *kinds.entry(st.kind.name().to_string()).or_default() += 1;
    }
    ledger.close().expect("closed cleanly");
    drop(ledger);
    let k = |name: &str| kinds.get(name).copied().unwrap_or(0);
    assert_eq!(printed["entries"], size);
    assert_eq!(printed["enrolments"], k("enrol"));
    assert_eq!(printed["consultations"], k("consultation"));
    assert_eq!(printed["ideas"], k("idea"));
    assert_eq!(printed["claims"], k("claim"));
    assert_eq!(printed["endorsements"], k("endorse"));
    assert_eq!(printed["citations"], k("cite"));
    assert_eq!(printed["responses"], k("respond"));
    assert_eq!(printed["withdrawals"], k("withdraw"));
    assert_eq!(printed["acknowledgements"], k("acknowledge"));
    assert_eq!(size, kinds.values().sum::<u64>());
    // What the brief promises a newcomer.
    assert_eq!(k("enrol"), 9);
    assert_eq!(k("consultation"), 3);
    // Two stock sessions (29 ideas) and the real London Pol.is consultation (24 ideas, 15 people).
    assert_eq!(k("idea"), 53);
    assert_eq!(printed["contributors"], 28);
    assert_eq!(printed["reports"], 3);
    assert_eq!(k("withdraw"), 1);
    assert_eq!(k("acknowledge"), 2);

    let o = heard(&["audit", "--data", "demo-data"], d);
    let audit = text(&o.stdout);
    assert!(o.status.success(), "{audit}{}", text(&o.stderr));
    assert!(audit.contains(&format!("audit passed: {size} entries")), "{audit}");
    assert!(audit.contains("policy audit passed"), "{audit}");

    let o = heard(&["demo", "--data", "demo-data"], d);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("the demo fills only an empty data folder"), "{}", text(&o.stderr));
}

/// The London consultation's "vocal few" shows in the figures the API serves: the share of
/// ideas given by the top 10% of contributors equals the value computed here straight from the
/// shipped CSV with the importer's documented rule (accepted comments, seed author excluded).
#[tokio::test]
async fn the_london_figures_show_the_vocal_few_over_http() {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = heard(&["demo", "--data", "demo-data"], d);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let ledger = heard::ledger::Ledger::open_data_folder(&d.join("demo-data"), "heard.localhost/log").unwrap();
    let app = heard::server::app(heard::server::AppState::new(ledger, Default::default()));
    let get = |path: String| {
        let app = app.clone();
        async move {
            let r = app.oneshot(axum::http::Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
            assert_eq!(r.status(), 200);
            serde_json::from_slice::<serde_json::Value>(&r.into_body().collect().await.unwrap().to_bytes()).unwrap()
        }
    };
    let list = get("/v1/consultations".into()).await;
    let items = list.as_object().and_then(|o| o.values().find_map(|v| v.as_array())).expect("a list").clone();
    let london = items
        .iter()
        .find(|c| c.to_string().to_lowercase().contains("policing"))
        .unwrap_or_else(|| panic!("no London consultation in {list}"));
    let id = london["id"].as_str().unwrap();
    let f = get(format!("/v1/consultations/{id}/figures")).await["figures"].clone();

    // Independently from the CSV: timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body
    let csv =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/polis/london.youth.policing/comments.csv"))
            .unwrap();
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let seed = rows.iter().min_by_key(|r| r[0].parse::<u64>().unwrap()).unwrap()[3].clone();
    let mut per: BTreeMap<String, u64> = BTreeMap::new();
    for r in rows.iter().filter(|r| r[6] == "1" && r[3] != seed) {
        *per.entry(r[3].clone()).or_default() += 1;
    }
    let mut counts: Vec<u64> = per.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top = counts.len().div_ceil(10);
    let expected = counts[..top].iter().sum::<u64>() as f64 / counts.iter().sum::<u64>() as f64;
    assert_eq!(f["ideas"].as_u64(), Some(counts.iter().sum::<u64>()), "{f}");
    assert_eq!(f["contributors"].as_u64(), Some(counts.len() as u64), "{f}");
    let got = f["ideas_top_decile_share"].as_f64().unwrap();
    assert!((got - expected).abs() < 1e-9, "top-decile share {got} vs {expected} from the CSV");
    // The vocal few: 10% of the people gave well over 10% of the ideas.
    assert!(got > 0.3, "{got}");
}

/// The demo's London session goes through the Pol.is importer, as `heard import polis` would
/// record it: every idea by "Participant <author-id>" with the import's tags, and the key
/// that recorded it is left in the folder so `heard cards` prints one card per participant.
#[test]
fn the_demo_records_london_through_the_polis_importer_and_prints_its_cards() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = heard(&["demo", "--data", "demo-data"], d);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));

    let ledger = heard::ledger::Ledger::open_data_folder(&d.join("demo-data"), "heard.localhost/log").unwrap();
    let council = heard::attribution::build::key_id(&heard::demo::demo_key("council"));
    let mut london = None;
    for id in ledger.consultations_of(&council).unwrap() {
        if ledger.consultation(&id).unwrap().title.contains("scrutiny of policing") {
            london = Some(id);
        }
    }
    let london = london.expect("the London consultation");
    let ideas = ledger.ideas_of_consultation(&london).unwrap();
    let mut participants = std::collections::BTreeSet::new();
    for idea in &ideas {
        let n = idea
            .tags
            .iter()
            .find_map(|t| t.strip_prefix("polis:participant="))
            .unwrap_or_else(|| panic!("no participant tag on {:?}", idea.tags));
        assert!(idea.tags.iter().any(|t| t.starts_with("polis:comment=")), "{:?}", idea.tags);
        let shown = format!("{:?}", idea.contributor);
        assert!(shown.contains(&format!("Participant {n}")), "idea by {shown}, tags {:?}", idea.tags);
        participants.insert(n.to_string());
    }
    // The counts the shipped CSV gives (recomputed in tests/import.rs and tests/demo.rs above).
    assert_eq!(ideas.len(), 24);
    assert_eq!(participants.len(), 15);
    ledger.close().expect("closed cleanly");
    drop(ledger);

    let o = heard(&["cards", "--data", "demo-data", "--consultation", &london.hex()], d);
    let html = text(&o.stdout);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(html.matches("<section class=\"card\">").count(), participants.len(), "{}", text(&o.stderr));
    for n in &participants {
        assert!(
            html.contains(&format!("<span class=\"for\">For Participant {n}</span>")),
            "no card for participant {n}"
        );
    }
    // Each printed code is a card the ledger knows and nobody has claimed yet.
    let ledger = heard::ledger::Ledger::open_data_folder(&d.join("demo-data"), "heard.localhost/log").unwrap();
    let codes: Vec<&str> = html.split("<span class=\"code\">").skip(1).filter_map(|s| s.split('<').next()).collect();
    assert_eq!(codes.len(), participants.len());
    for code in codes {
        let card = ledger.card(code).unwrap_or_else(|e| panic!("card {code}: {e}"));
        assert!(!card.claimed);
    }
    ledger.close().expect("closed cleanly");
}

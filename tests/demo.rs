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
    ledger.close();
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

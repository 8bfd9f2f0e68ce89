//! Every page the server serves, in a real browser, at 360 and 1280 px, in English and in
//! Welsh (issue 25's proof list: "axe-core clean on every page at 360 and 1280 px in both
//! languages"; "every visible string translated"). A Heard server on 127.0.0.1 with the demo
//! and the hostile statements of `tests/site` in its data folder (so it takes staff
//! invitations), driven by Debian's headless Chromium through `tests/browser/every_page.mjs`
//! (playwright-core, axe-core).
//!
//! The script gives the staff area real data (a facilitator, an organisation and a policy
//! team join; a consultation is opened, ideas recorded, a payment recorded, a report draft
//! begun), then visits each public and staff page in each language and at each width: no
//! serious or critical axe-core violation, no sideways scrolling, `<html lang>` right, no
//! English message of the catalogue left on a Welsh page, and a screenshot of each in
//! `<target>/every-page-browser-artifacts/`.
//!
//! This test gives the script the English words to look for (every literal piece of
//! `en-GB.ftl` that the Welsh catalogue does not also hold) and, afterwards, checks that every
//! page route of the router (`src/server/pages/mod.rs`) was visited in both languages at both
//! widths, so a new page cannot be left out.
//!
//! Needs `chromium`, `node` and `npm`: `bash .ci/run` installs them. Without them it fails.

use crate::common;
use crate::site;

use common::browser::{self, Browser};
use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use fluent_syntax::ast::{Entry, Expression, Pattern, PatternElement};
use heard::attribution::build::{self, Attribution, IdeaSpec, key_id};
use heard::attribution::content::IdeaText;
use heard::attribution::recovery::sign_binding;
use heard::demo::demo_key;
use heard::i18n::{CY_FTL, EN_GB_FTL};
use heard::keys::{DataDir, statement_key, write_key_file};
use heard::protocol::note::NoteSigner;
use heard::server::{AppState, ServerConfig, StaffDesk};
use heard::staff::invitations::Invitations;
use serde_json::Value;
use site::site;

const LIMIT: Duration = Duration::from_secs(560);
const FACILITATOR: &str = "Dylan Hughes";

fn heard(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_heard")).args(args).output().expect("run heard");
    assert!(o.status.success(), "heard {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn link_of(invite_output: &str) -> String {
    invite_output.lines().find_map(|l| l.strip_prefix("link ")).expect("a link line").to_string()
}

/// The literal text of a pattern, split where a placeable (`{ $x }`, a choice) stands; the
/// variants of a choice are walked too.
fn pieces(p: &Pattern<&str>, out: &mut Vec<String>) {
    let mut current = String::new();
    for e in &p.elements {
        match e {
            PatternElement::TextElement { value } => current.push_str(value),
            PatternElement::Placeable { expression } => {
                out.push(std::mem::take(&mut current));
                if let Expression::Select { variants, .. } = expression {
                    for v in variants {
                        pieces(&v.value, out);
                    }
                }
            }
        }
    }
    out.push(current);
}

/// The English words a Welsh page must not show: each literal piece of an English message
/// (at least two words and ten letters, so a single shared word or a name is not one) that
/// the Welsh catalogue does not hold anywhere.
fn english_words() -> Vec<String> {
    let en = fluent_syntax::parser::parse(EN_GB_FTL).expect("en-GB.ftl parses");
    let mut all = Vec::new();
    for entry in &en.body {
        if let Entry::Message(m) = entry {
            if let Some(v) = &m.value {
                pieces(v, &mut all);
            }
            for a in &m.attributes {
                pieces(&a.value, &mut all);
            }
        }
    }
    let welsh = CY_FTL.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = BTreeSet::new();
    for piece in all {
        // One line of a message at a time: the page may break lines differently.
        for line in piece.lines() {
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            let line = line.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
            if line.split(' ').count() >= 2
                && line.chars().filter(|c| c.is_alphabetic()).count() >= 10
                && !welsh.contains(line)
            {
                out.insert(line.to_string());
            }
        }
    }
    out.into_iter().collect()
}

/// The page routes of the router: each `GET` path in `src/server/pages/mod.rs` that answers
/// with an HTML page (not a feed, a receipt file or a static file), and the print sheet's
/// `POST`.
fn page_routes() -> Vec<String> {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/server/pages/mod.rs")).expect("mod.rs");
    let mut out = Vec::new();
    for line in src.lines().map(str::trim).filter(|l| l.starts_with(".route(\"")) {
        let path = line[8..].split('"').next().expect("a path").to_string();
        let html = !path.ends_with(".atom") && !path.contains("/receipt.") && !path.starts_with("/static/");
        let page = line.contains("get(") || path == "/staff/cards/sheet";
        if html && page {
            out.push(path);
        }
    }
    out
}

/// Whether a visited address's path is the route `route` (`{x}` stands for one segment).
fn matches(route: &str, url: &str) -> bool {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let (r, p): (Vec<_>, Vec<_>) = (route.split('/').collect(), path.split('/').collect());
    r.len() == p.len() && r.iter().zip(&p).all(|(a, b)| a.starts_with('{') || a == b)
}

#[test]
fn every_page_in_both_languages_at_both_widths_is_accessible_and_translated() {
    let Browser { chromium, script_dir, artifacts } = browser::setup("every-page-browser-artifacts");
    let s = site();
    let data = s.dir.path().join("data");
    let (keys, _) = DataDir::new(&data).init_keys("heard.localhost/log").expect("keys");
    let operator = statement_key(&keys.operator);
    let amara_file = s.dir.path().join("amara.key");
    write_key_file(&amara_file, &NoteSigner::new("amara", [61; 32]).expect("key")).expect("key file");
    // A contributor whose key a facilitator is moving to a new one (the portfolio's "Key
    // recovery" section, on both keys' pages and in the credit file).
    let (lost, new) = (SigningKey::from_bytes(&[71; 32]), SigningKey::from_bytes(&[72; 32]));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_millis() as u64;
    let spec = IdeaSpec {
        consultation: s.consultation,
        tags: vec![],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: Attribution::Named("Gwen Davies".into()),
        claim_hash: None,
        given: None,
    };
    for signed in [
        build::idea(&lost, now, &spec, IdeaText::new("A bench at every bus stop").expect("text")).expect("idea"),
        build::recover(
            &demo_key("facilitator amara"),
            now + 1,
            key_id(&lost),
            key_id(&new),
            14,
            sign_binding(&new, &key_id(&lost)),
        )
        .expect("recover"),
    ] {
        s.ledger.submit(&signed.statement, &signed.signature, signed.content.clone()).expect("append");
    }
    let english = english_words();
    assert!(english.len() > 300, "the English catalogue's words: {}", english.len());
    let english_file = artifacts.join("english-words.json");
    std::fs::write(&english_file, serde_json::to_string_pretty(&english).expect("json")).expect("write");

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let d = data.to_str().expect("utf-8 path");
    let invite = |role: &str, name: &str, organisation: Option<&str>| {
        let mut args = vec!["invite", "--data", d, "--role", role, "--name", name, "--public-url", &base];
        if let Some(o) = organisation {
            args.extend(["--organisation", o]);
        }
        link_of(&heard(&args))
    };
    let invite_fac = invite("facilitator", FACILITATOR, Some("Riverside Borough Council"));
    let invite_org = invite("organisation", "Riverside Libraries", None);
    let invite_team = invite("policy-team", "Libraries Policy Team", None);
    let invite_spare = invite("facilitator", "Siân Morgan", Some("Riverside Borough Council"));
    let desk = StaffDesk { invitations: Invitations::new(&data), operator };
    let state = AppState::new(s.ledger.clone(), ServerConfig { public_url: base.clone(), ..Default::default() })
        .with_staff(desk);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        rt.block_on(heard::server::run(listener, state, async {
            let _ = stopped.await;
        }))
    });

    let entry = hex::encode(s.ledger.idea(&s.idea).expect("idea").verification.entry_hash);
    let started = Instant::now();
    let child = Command::new("node")
        .arg("every_page.mjs")
        .current_dir(&script_dir)
        .env("HEARD_URL", &base)
        .env("HEARD_CHROMIUM", &chromium)
        .env("HEARD_ARTIFACTS", &artifacts)
        .env("HEARD_BROWSER_SECONDS", (LIMIT.as_secs() - 20).to_string())
        .env("HEARD_BIN", env!("CARGO_BIN_EXE_heard"))
        .env("HEARD_INVITE_FAC", &invite_fac)
        .env("HEARD_INVITE_ORG", &invite_org)
        .env("HEARD_INVITE_TEAM", &invite_team)
        .env("HEARD_INVITE_SPARE", &invite_spare)
        .env("HEARD_FACILITATOR_NAME", FACILITATOR)
        .env("HEARD_AMARA_KEY_FILE", &amara_file)
        .env("HEARD_CONSULTATION", s.consultation.hex())
        .env("HEARD_IDEA", s.idea.hex())
        .env("HEARD_IDEA_ENTRY", &entry)
        .env("HEARD_HOSTILE_IDEA", s.hostile_idea.hex())
        .env("HEARD_HOSTILE_REPORT", s.hostile_report.hex())
        .env("HEARD_CONTRIBUTOR", s.contributor.hex())
        .env("HEARD_REPORT", s.report.hex())
        .env("HEARD_CLAIM_CODE", &s.card.code)
        .env("HEARD_ENGLISH_FILE", &english_file)
        .env("HEARD_LOST_KEY", key_id(&lost).hex())
        .env("HEARD_NEW_KEY", key_id(&new).hex())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let (status, out, err) = browser::finish(child, started, LIMIT, "every-page browser run", &artifacts);
    let _ = stop.send(());
    let _ = server.join();
    let status = status.unwrap_or_else(|| panic!("the browser run took longer than {LIMIT:?}"));
    assert!(status.success(), "the browser run found problems ({status}):\n{out}{err}");

    // Every check passed and left its screenshot; every page route was among them, in both
    // languages at both widths.
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("results.json")).expect("results")).expect("json");
    let pages = results["pages"].as_array().expect("pages");
    for p in pages {
        assert!(p["problems"].as_array().is_some_and(Vec::is_empty) && p["error"].is_null(), "{p}");
        let png = std::fs::read(p["screenshot"].as_str().expect("a screenshot")).expect("screenshot");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{} is a PNG", p["key"]);
    }
    let routes = page_routes();
    assert!(routes.len() >= 25, "the router's page routes: {routes:?}");
    for route in &routes {
        for lang in ["en", "cy"] {
            for width in [360, 1280] {
                let seen = pages.iter().any(|p| {
                    p["lang"] == lang && p["width"] == width && p["url"].as_str().is_some_and(|u| matches(route, u))
                });
                assert!(seen, "{route} was not checked in {lang} at {width} px");
            }
        }
    }
}

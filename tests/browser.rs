//! The web pages in a real browser: a Heard server on 127.0.0.1 with the demo data (and
//! hostile text), driven by Debian's headless Chromium through `tests/browser/pages.mjs`
//! (playwright-core and axe-core from npm, pinned in `tests/browser/package-lock.json`).
//!
//! The script claims an idea with a card's code (key made in the browser), changes consent
//! and withdraws with the downloaded key file, verifies good and tampered receipts, copies a
//! report's BibTeX, screenshots the idea page at 360 px and runs axe-core on every page.
//! This test then checks the server's side: the ledger holds the claim by the key in the
//! downloaded file, no request carried the private key, the copied BibTeX is the export.
//!
//! Needs `chromium`, `node` and `npm`: `bash .ci/run` installs them when missing. Without
//! them this test fails; it never skips.

use crate::common;
use crate::site;

use common::browser::{self, Browser};
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use heard::attribution::query::Attribution;
use heard::protocol::note::NoteSigner;
use heard::server::{AppState, ServerConfig};
use serde_json::Value;
use site::*;

const PSEUDONYM: &str = "Tenant at Block C";
const NEW_NAME: &str = "Pat Okoro";
/// The whole browser run must finish within this (the script also stops itself a little earlier).
const LIMIT: Duration = Duration::from_secs(180);

/// The PNG's width and height from its IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG file");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn the_pages_work_in_a_real_browser() {
    let Browser { chromium, script_dir, artifacts } = browser::setup("browser-artifacts");

    let s = site();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let state = AppState::new(s.ledger.clone(), ServerConfig { public_url: base.clone(), ..Default::default() });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        rt.block_on(heard::server::run(listener, state, async {
            let _ = stopped.await;
        }))
    });

    let idea = s.ledger.idea(&s.idea).expect("idea");
    let ids = |v: &[heard::attribution::kinds::Id]| v.iter().map(|i| i.hex()).collect::<Vec<_>>().join(",");
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg("pages.mjs")
        .current_dir(&script_dir)
        .env("HEARD_URL", &base)
        .env("HEARD_CHROMIUM", &chromium)
        .env("HEARD_ARTIFACTS", &artifacts)
        .env("HEARD_BROWSER_SECONDS", (LIMIT.as_secs() - 20).to_string())
        .env("HEARD_CLAIM_CODE", &s.card.code)
        .env("HEARD_CARD_IDEAS", ids(&s.card_ideas))
        .env("HEARD_IDEA", s.idea.hex())
        .env("HEARD_IDEA_ENTRY", hex::encode(idea.verification.entry_hash))
        .env("HEARD_CONSULTATION", s.consultation.hex())
        .env("HEARD_REPORT", s.report.hex())
        .env("HEARD_HOSTILE_IDEA", s.hostile_idea.hex())
        .env("HEARD_HOSTILE_TEXT", HOSTILE_TEXT)
        .env("HEARD_HOSTILE_NAME", HOSTILE_NAME)
        .env("HEARD_PSEUDONYM", PSEUDONYM)
        .env("HEARD_NEW_NAME", NEW_NAME)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let status = browser::wait_for(&mut child, started, LIMIT);
    let (out, err) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
    println!("{out}{err}");
    println!("browser run took {:.1} s; artifacts in {}", started.elapsed().as_secs_f64(), artifacts.display());
    let status = status.unwrap_or_else(|| panic!("the browser run took longer than {LIMIT:?}\n{out}{err}"));
    assert!(status.success(), "the browser scenarios failed ({status}):\n{out}{err}");

    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("results.json")).expect("results.json"))
            .expect("json");

    // The key file the browser made is a Heard key file, and its key is the one that claimed.
    let key_text = results["keyFile"].as_str().expect("key file");
    let key = NoteSigner::from_text(key_text.trim_end()).expect("the CLI reads the browser's key file");
    assert_eq!(key.name(), "heard-contributor");
    let public = heard::attribution::kinds::Id(key.signing_key().verifying_key().to_bytes());
    assert!(s.ledger.card(&s.card.code).expect("card").claimed, "the card is claimed");
    let portfolio = s.ledger.portfolio(&public).expect("portfolio");
    let mine: Vec<_> = portfolio.items.iter().map(|i| i.idea.id).collect();
    assert_eq!(mine, s.card_ideas, "the card's ideas belong to the browser's key");
    assert_eq!(s.ledger.idea(&s.card_ideas[0]).expect("idea").contributor, Attribution::Named(NEW_NAME.into()));
    assert!(s.ledger.idea(&s.card_ideas[1]).expect("idea").withdrawn, "withdrawn from the portfolio page");
    assert_eq!(results["portfolioUrl"].as_str(), Some(format!("{base}/contributors/{}", public.hex()).as_str()));

    // No request carried the private key, in any encoding.
    let seed = &key.signing_key().to_bytes();
    let forms = [
        hex::encode(seed),
        base64::engine::general_purpose::STANDARD.encode(seed),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(seed),
        // PRIVATE+KEY+<name>+<key ID>+<base64>: the base64 itself may hold '+', so split only
        // four times (splitting at the last '+' gave a fragment of a few characters, which a
        // request body can hold by chance).
        key_text.trim_end().splitn(5, '+').nth(4).expect("material").to_string(),
    ];
    let posts = results["posts"].as_array().expect("posts");
    let statements: Vec<&Value> =
        posts.iter().filter(|p| p["url"].as_str().is_some_and(|u| u.ends_with("/v1/statements"))).collect();
    assert_eq!(statements.len(), 3, "claim, consent change, withdrawal: {posts:?}");
    for p in posts {
        let body = p["body"].as_str().expect("body");
        for f in &forms {
            assert!(!body.contains(f.as_str()), "a request carried the private key: {body}");
        }
    }
    for p in &statements {
        let body: Value = serde_json::from_str(p["body"].as_str().expect("body")).expect("json body");
        let keys: Vec<&String> = body.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["signature", "statement"], "only the statement and its signature are sent");
    }

    // The copied BibTeX is the report's export.
    let bib = s.ledger.bibtex(&s.report, &base).expect("bibtex");
    assert_eq!(results["bibtexCopied"].as_str(), Some(bib.as_str()));

    // The narrow screenshot.
    let shot = PathBuf::from(results["screenshot"].as_str().expect("screenshot"));
    let (w, h) = png_size(&std::fs::read(&shot).expect("screenshot file"));
    assert_eq!(w, 360, "the screenshot is 360 px wide");
    assert!(h >= 780, "a full-page screenshot");
    println!("idea page at 360 px: {}", shot.display());

    let _ = stop.send(());
    server.join().expect("server thread").expect("server");
}

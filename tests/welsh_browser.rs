//! The pages in Welsh in a real browser (issue #25 §5): a server on 127.0.0.1 with the test
//! site, and Debian's headless Chromium driven by `tests/browser/welsh.mjs` (playwright-core,
//! axe-core, pinned by `tests/browser/package-lock.json`). From the English home page the
//! keyboard alone switches to Cymraeg; the claim and verify pages are then Welsh at 360 and
//! 1280 px, their scripts' words too, with no axe-core violation at all, no sideways
//! scrolling and no script error; so are the other public pages (a consultation with its
//! chart, "you said, we did", "not yet heard", a search, the reports, a report and its copy
//! button, an idea, the two notices), with no serious or critical axe-core violation. A
//! receipt too large for the server, checked on the Welsh verify page, is refused in Welsh:
//! the page's sentence and the server's `detail` both Welsh, no English sentence.
//! Screenshots go to `<target>/welsh-browser-artifacts/`.
//!
//! Needs `chromium`, `node` and `npm`: `bash .ci/run` installs them. Without them it fails.

use crate::common;
use crate::site;

use common::browser::{self, Browser};
use std::process::Command;
use std::time::{Duration, Instant};

use heard::server::{AppState, ServerConfig};
use site::*;

const LIMIT: Duration = Duration::from_secs(150);

#[test]
fn welsh_by_keyboard_then_claim_and_verify_in_welsh_at_two_widths() {
    let Browser { chromium, script_dir, artifacts } = browser::setup("welsh-browser-artifacts");

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

    let entry = hex::encode(s.ledger.idea(&s.idea).expect("idea").verification.entry_hash);
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg("welsh.mjs")
        .current_dir(&script_dir)
        .env("HEARD_URL", &base)
        .env("HEARD_CHROMIUM", &chromium)
        .env("HEARD_ARTIFACTS", &artifacts)
        .env("HEARD_BROWSER_SECONDS", (LIMIT.as_secs() - 20).to_string())
        .env("HEARD_CLAIM_CODE", &s.card.code)
        .env("HEARD_IDEA_ENTRY", &entry)
        .env("HEARD_CONSULTATION", s.consultation.hex())
        .env("HEARD_REPORT", s.report.hex())
        .env("HEARD_IDEA", s.idea.hex())
        .spawn()
        .expect("start node");
    let status = browser::wait_for(&mut child, started, LIMIT);
    let _ = stop.send(());
    let _ = server.join();
    let results = std::fs::read_to_string(artifacts.join("results.json")).unwrap_or_default();
    let status = status.unwrap_or_else(|| panic!("the browser run took longer than {LIMIT:?}\n{results}"));
    assert!(status.success(), "the Welsh browser run failed ({status}):\n{results}");

    let results: serde_json::Value = serde_json::from_str(&results).expect("results.json");
    let shots = results["screenshots"].as_array().expect("screenshots");
    let public =
        ["consultation", "said-did", "unheard", "search", "reports", "report", "idea", "privacy", "accessibility"];
    assert_eq!(shots.len(), 5 + 2 * public.len(), "every page at 360 and 1280 px, and the refusal: {shots:?}");
    let steps = results["steps"].as_array().expect("steps");
    assert!(steps.iter().any(|s| s == "a refusal on a Welsh page is shown in Welsh"), "{steps:?}");
    let png = std::fs::read(artifacts.join("verify-refused-cy-1280.png")).expect("the refusal's screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "the refusal's screenshot is a PNG");
    for name in ["claim-cy-360", "claim-cy-1280", "verify-cy-360", "verify-cy-1280"] {
        let png = std::fs::read(artifacts.join(format!("{name}.png"))).expect("screenshot");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
        assert!(results["axe"][name]["violations"].as_array().is_some_and(Vec::is_empty), "{name}: {results}");
    }
    // The other public pages: no serious or critical violation.
    for page in public {
        for width in [360, 1280] {
            let name = format!("{page}-cy-{width}");
            let png = std::fs::read(artifacts.join(format!("{name}.png"))).expect("screenshot");
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
            let violations = results["axe"][&name]["violations"].as_array().expect("axe ran");
            let worst: Vec<_> =
                violations.iter().filter(|v| v["impact"] == "serious" || v["impact"] == "critical").collect();
            assert!(worst.is_empty(), "{name}: {worst:?}");
        }
    }
}

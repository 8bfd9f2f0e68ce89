//! Server time of the claim-card print sheet (issue 22 §5: a 500-idea consultation's sheet
//! rendered by the server in under 200 ms).
//!
//! Builds a temporary ledger with one consultation of 500 ideas on 500 claim cards (one
//! idea each, recorded by a facilitator), then sends `POST /staff/cards/sheet` with all 500
//! codes through the real router (`heard::server::app`, every layer, `oneshot`: no socket, so
//! the time is the server's alone) and times each answer until its last body byte. Prints the
//! median, p99 (nearest rank) and maximum over the renders next to the limit, and, to say what
//! bounds it, the time of the sheet's parts done alone: the 500 card look-ups
//! (`Ledger::card`), the 500 QR codes' modules (`sheet::qr::encode`, beside
//! `qrcode::QrCode::new` that it replaced), the same drawn as SVG (`sheet::qr_svg`), and the
//! cards' whole markup (`Sheet::cards_markup`).
//!
//! Run: `cargo bench --bench print_sheet` (the bench profile: release with fat LTO), or in the
//! dev profile `cargo bench --profile dev --bench print_sheet`. Renders:
//! `HEARD_SHEET_RENDERS` (default 20).

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, key_id};
use heard::attribution::claim::ClaimCard;
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Role};
use heard::ledger::Ledger;
use heard::log::LogConfig;
use heard::protocol::note::NoteSigner;
use heard::server::{AppState, ServerConfig, app};
use heard::sheet::{Sheet, SheetCard};
use http_body_util::BodyExt;
use tower::ServiceExt;

const CARDS: usize = 500;
const LIMIT_MS: f64 = 200.0;
const ORIGIN: &str = "bench.heard/log";
const BASE: &str = "https://heard.example.org";

fn submit(ledger: &Ledger, s: build::Signed) -> anyhow::Result<Id> {
    ledger.submit(&s.statement, &s.signature, s.content.clone()).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
    Ok(s.id)
}

/// An idea's words, about the length of a spoken idea written down (120-200 characters).
fn idea_text(i: usize) -> String {
    format!(
        "Idea {i}: turn the empty shop units on the high street into a rotating market for local makers, \
         with free stalls for the first month and a bus stop outside."
    )
}

/// A ledger in `dir` with one consultation of [`CARDS`] ideas, each on its own card.
fn build(dir: &std::path::Path) -> anyhow::Result<(Ledger, Id, Vec<ClaimCard>)> {
    let operator = SigningKey::from_bytes(&[200; 32]);
    let ledger = Ledger::open(
        dir,
        NoteSigner::new(ORIGIN, [42; 32])?,
        LogConfig::new(ORIGIN),
        operator.verifying_key().to_bytes(),
    )?;
    let council = SigningKey::from_bytes(&[60; 32]);
    let fac = SigningKey::from_bytes(&[61; 32]);
    let mut t = 1_800_000_000_000u64;
    let mut tick = || {
        t += 1000;
        t
    };
    submit(&ledger, build::enrol(&operator, tick(), key_id(&council), Role::Organisation, "Council", false)?)?;
    submit(&ledger, build::enrol(&operator, tick(), key_id(&fac), Role::Facilitator, "Facilitator", false)?)?;
    let spec = ConsultationSpec {
        title: "Citizens' assembly on the future of the high street".into(),
        date: "2026-03-14".into(),
        place: "Town hall".into(),
        topic: "regeneration".into(),
        convenor: key_id(&council),
        recorders: vec![key_id(&fac)],
        closes: None,
        lang: None,
    };
    let consultation = submit(&ledger, build::consultation(&council, tick(), &spec)?)?;
    let mut cards = Vec::with_capacity(CARDS);
    for i in 0..CARDS {
        let mut secret = [0u8; 16];
        secret[..8].copy_from_slice(&(i as u64 + 1).to_be_bytes());
        secret[8] = 0x5a;
        let card = ClaimCard::from_secret(secret);
        let spec = IdeaSpec {
            consultation,
            tags: vec!["high street".into()],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: Some(Id(card.hash)),
            given: None,
        };
        submit(&ledger, build::idea(&fac, tick(), &spec, IdeaText::new(idea_text(i))?)?)?;
        cards.push(card);
    }
    Ok((ledger, consultation, cards))
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this once as a smoke
    // test (one counted render), without it.
    let bench = std::env::args().any(|a| a == "--bench");
    let default = if bench { 20 } else { 1 };
    let renders: usize =
        std::env::var("HEARD_SHEET_RENDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(default).max(1);
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let (ledger, consultation, cards) = build(dir.path())?;
    println!(
        "print sheet: {CARDS} ideas on {CARDS} cards in one consultation, built in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut body = format!("consultation={}", consultation.hex());
    for c in &cards {
        body.push_str("&card=");
        body.push_str(&enc(&c.code));
    }
    let config = ServerConfig { public_url: BASE.into(), public_url_explicit: true, ..Default::default() };
    let router = app(AppState::new(ledger.clone(), config));
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut times = Vec::with_capacity(renders);
    let mut size = 0;
    // One render first, not counted (first-touch of the store's pages and the allocator).
    for i in 0..=renders {
        let req = Request::post("/staff/cards/sheet")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.clone()))?;
        let t0 = Instant::now();
        let (status, page) = rt.block_on(async {
            let r = router.clone().oneshot(req).await?;
            let status = r.status();
            let bytes = r.into_body().collect().await?.to_bytes();
            anyhow::Ok((status, bytes))
        })?;
        let took = t0.elapsed();
        anyhow::ensure!(status == StatusCode::OK, "the sheet answered {status}");
        let printed = page.windows(22).filter(|w| w == b"<section class=\"card\">").count();
        anyhow::ensure!(printed == CARDS, "the sheet held {printed} cards, not {CARDS}");
        size = page.len();
        if i > 0 {
            times.push(took);
        }
    }
    times.sort();
    let median = times[times.len() / 2];
    let p99 = times[(times.len() * 99).div_ceil(100).saturating_sub(1)];
    let max = times[times.len() - 1];
    println!(
        "  POST /staff/cards/sheet, {CARDS} codes ({:.0} KiB of HTML), {renders} renders: median {:.1} ms, p99 {:.1} ms, max {:.1} ms (limit {LIMIT_MS:.0} ms: {})",
        size as f64 / 1024.0,
        ms(median),
        ms(p99),
        ms(max),
        if ms(p99) < LIMIT_MS { "within" } else { "OVER" }
    );

    // What bounds it: the parts of the work, each done alone (medians of 5).
    let part = |f: &dyn Fn() -> anyhow::Result<()>| -> anyhow::Result<Duration> {
        let mut t = Vec::new();
        for _ in 0..5 {
            let t0 = Instant::now();
            f()?;
            t.push(t0.elapsed());
        }
        t.sort();
        Ok(t[2])
    };
    let lookups = part(&|| {
        for c in &cards {
            ledger.card(&c.code).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
        }
        Ok(())
    })?;
    let modules = part(&|| {
        for c in &cards {
            heard::sheet::qr::encode(c.url(BASE).as_bytes())?;
        }
        Ok(())
    })?;
    let crate_new = part(&|| {
        for c in &cards {
            qrcode::QrCode::new(c.url(BASE).as_bytes())?;
        }
        Ok(())
    })?;
    let svgs = part(&|| {
        for c in &cards {
            heard::sheet::qr_svg(&c.url(BASE))?;
        }
        Ok(())
    })?;
    let sheet = Sheet {
        title: "Citizens' assembly on the future of the high street".into(),
        date: "2026-03-14".into(),
        public_url: BASE.into(),
        public_url_explicit: true,
        cards: cards
            .iter()
            .enumerate()
            .map(|(i, c)| SheetCard { for_whom: None, code: c.code.clone(), ideas: vec![Some(idea_text(i))] })
            .collect(),
        claimed_left_out: 0,
        repeated: 0,
        lang: heard::i18n::Lang::EnGb,
    };
    let markup = part(&|| {
        sheet.cards_markup()?.into_string();
        Ok(())
    })?;
    println!(
        "  of which, done alone on one core: {CARDS} card look-ups {:.1} ms; {CARDS} QR codes' modules (sheet::qr) {:.1} ms \
         (qrcode::QrCode::new {:.1} ms); the same drawn as SVG {:.1} ms",
        ms(lookups),
        ms(modules),
        ms(crate_new),
        ms(svgs)
    );
    println!("  the cards' markup (Sheet::cards_markup, QR codes on every core, to a String): {:.1} ms", ms(markup));
    ledger.close().expect("closed cleanly");
    Ok(())
}

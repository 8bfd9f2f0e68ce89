//! What a citation costs when the idea was cited many times before (issue 24 §5: cite p99
//! for an idea with 10,000 citations within 2× of an uncited one).
//!
//! Builds a temporary ledger with one idea cited 10,000 times (in cite statements of 500
//! uses each) and as many uncited ideas as there are measured rounds. Each round then
//! appends, through `Ledger::submit` (signature check, policy, the log's write and sync),
//! one cite of the much-cited idea and one first cite of a fresh uncited idea, alternating
//! which goes first, each in a report of its own so that only the idea's past differs.
//! Statements are signed before the clock starts. Prints p50 and p99 (nearest rank) of
//! each kind and the ratio of the p99s beside the 2× limit.
//!
//! Run: `cargo bench --profile dev --bench cite_cost` (the dev profile, as the tests build;
//! `cargo bench --bench cite_cost` builds the bench profile). Rounds: `HEARD_CITE_ROUNDS`
//! (default 1,000); earlier citations: `HEARD_CITE_PRIOR` (default 10,000).

use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, Use, key_id};
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Role, Usage};
use heard::ledger::Ledger;
use heard::log::LogConfig;
use heard::protocol::note::NoteSigner;

const LIMIT: f64 = 2.0;
const ORIGIN: &str = "bench.heard/log";
/// Uses per cite statement while the much-cited idea is built (about 30 KiB a statement,
/// under the 60 KiB limit).
const USES_PER_STATEMENT: usize = 500;

fn submit(ledger: &Ledger, s: &build::Signed) -> anyhow::Result<Id> {
    ledger.submit(&s.statement, &s.signature, s.content.clone()).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
    Ok(s.id)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Nearest-rank percentile of sorted times.
fn pct(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p).div_ceil(100).saturating_sub(1)]
}

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this once as a smoke
    // test on a small ledger, without it.
    let bench = std::env::args().any(|a| a == "--bench");
    let env = |name: &str, default: usize| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let rounds = env("HEARD_CITE_ROUNDS", if bench { 1000 } else { 5 }).max(1);
    let prior = env("HEARD_CITE_PRIOR", if bench { 10_000 } else { 600 });

    let dir = tempfile::tempdir()?;
    let operator = SigningKey::from_bytes(&[200; 32]);
    let ledger = Ledger::open(
        dir.path(),
        NoteSigner::new(ORIGIN, [42; 32])?,
        LogConfig::new(ORIGIN),
        operator.verifying_key().to_bytes(),
    )?;
    let council = SigningKey::from_bytes(&[60; 32]);
    let team = SigningKey::from_bytes(&[62; 32]);
    let person = SigningKey::from_bytes(&[63; 32]);
    let mut t = 1_800_000_000_000u64;
    let mut tick = || {
        t += 1000;
        t
    };
    let started = Instant::now();
    submit(&ledger, &build::enrol(&operator, tick(), key_id(&council), Role::Organisation, "Council", false)?)?;
    submit(&ledger, &build::enrol(&operator, tick(), key_id(&team), Role::PolicyTeam, "Policy team", false)?)?;
    let spec = ConsultationSpec {
        title: "Citizens' assembly on the future of the high street".into(),
        date: "2026-03-14".into(),
        place: "Town hall".into(),
        topic: "regeneration".into(),
        convenor: key_id(&council),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    let consultation = submit(&ledger, &build::consultation(&council, tick(), &spec)?)?;
    let idea_spec = IdeaSpec {
        consultation,
        tags: vec!["high street".into()],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: Attribution::Anonymous,
        claim_hash: None,
        given: None,
    };
    let idea = |i: usize, time: u64| -> anyhow::Result<Id> {
        let text = format!("Idea {i}: turn the empty shop units into a rotating market for local makers.");
        submit(&ledger, &build::idea(&person, time, &idea_spec, IdeaText::new(&text)?)?)
    };
    let cited = idea(0, tick())?;
    let mut fresh = Vec::with_capacity(rounds);
    for i in 0..rounds {
        fresh.push(idea(i + 1, tick())?);
    }
    let mut done = 0;
    let mut statement = 0;
    while done < prior {
        let n = USES_PER_STATEMENT.min(prior - done);
        let uses: Vec<Use> = (0..n)
            .map(|j| Use { idea: cited, locator: format!("page {}", done + j + 1), usage: Usage::Informed })
            .collect();
        let s = build::cite(&team, tick(), "Earlier reports", &format!("{statement}"), None, None, &uses)?;
        submit(&ledger, &s)?;
        done += n;
        statement += 1;
    }
    println!(
        "cite cost: one idea cited {prior} times, {rounds} uncited ideas, built in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Signed before the clock starts: round i's cite of the much-cited idea and first cite of
    // fresh idea i, each in its own report.
    let one = |idea: Id, report: String, time: u64| -> anyhow::Result<build::Signed> {
        let uses = [Use { idea, locator: "recommendation 1".into(), usage: Usage::Quoted }];
        Ok(build::cite(&team, time, "High street plan", &report, None, None, &uses)?)
    };
    let mut pairs = Vec::with_capacity(rounds);
    for (i, f) in fresh.iter().enumerate() {
        pairs.push((one(cited, format!("cited {i}"), tick())?, one(*f, format!("fresh {i}"), tick())?));
    }
    let (mut on_cited, mut on_fresh) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    let time = |s: &build::Signed| -> anyhow::Result<Duration> {
        let t0 = Instant::now();
        submit(&ledger, s)?;
        Ok(t0.elapsed())
    };
    for (i, (c, f)) in pairs.iter().enumerate() {
        if i % 2 == 0 {
            on_cited.push(time(c)?);
            on_fresh.push(time(f)?);
        } else {
            on_fresh.push(time(f)?);
            on_cited.push(time(c)?);
        }
    }
    on_cited.sort();
    on_fresh.sort();
    let (c50, c99, f50, f99) = (pct(&on_cited, 50), pct(&on_cited, 99), pct(&on_fresh, 50), pct(&on_fresh, 99));
    let ratio = c99.as_secs_f64() / f99.as_secs_f64().max(1e-9);
    println!("  cite of an idea cited {prior} times: p50 {:.2} ms, p99 {:.2} ms ({rounds} cites)", ms(c50), ms(c99));
    println!("  first cite of an uncited idea:   p50 {:.2} ms, p99 {:.2} ms ({rounds} cites)", ms(f50), ms(f99));
    println!(
        "  p99 ratio {ratio:.2} (limit {LIMIT:.0}: {}); p50 ratio {:.2}",
        if ratio <= LIMIT { "within" } else { "OVER" },
        c50.as_secs_f64() / f50.as_secs_f64().max(1e-9)
    );
    // What was measured is what was meant: the much-cited idea holds every citation.
    let held = ledger.idea(&cited).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?.citations.len();
    anyhow::ensure!(held == prior + rounds, "the much-cited idea holds {held} citations, not {}", prior + rounds);
    ledger.close().expect("closed cleanly");
    Ok(())
}

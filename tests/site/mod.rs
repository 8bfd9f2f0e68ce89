//! The data the page tests look at: the demo (as `heard serve --demo` fills it), plus a
//! consultation, idea, report and response whose every text is hostile HTML.
#![allow(dead_code)]

use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, Use, key_id};
use heard::attribution::claim::ClaimCard;
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Outcome, Usage};
use heard::demo::{demo_card, demo_key};
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;

/// An idea text that runs script if a page fails to escape it.
pub const HOSTILE_TEXT: &str = "<script>window.__heardXss=1</script><img src=x onerror=\"window.__heardXss=2\">";
/// A contributor name that does the same.
pub const HOSTILE_NAME: &str = "<b>Eve</b><script>window.__heardXss=3</script>";
/// A consultation title, report title, locator and response reason that do the same.
pub const HOSTILE_TITLE: &str = "<script>window.__heardXss=4</script>Night buses";
pub const HOSTILE_REPORT: &str = "<i>Plan</i><script>window.__heardXss=5</script>";
pub const HOSTILE_LOCATOR: &str = "<script>window.__heardXss=6</script>page 1";
pub const HOSTILE_REASON: &str = "<script>window.__heardXss=7</script>Too costly";
pub const HOSTILE_LINK: &str = "javascript:window.__heardXss=8";

pub struct Site {
    pub dir: tempfile::TempDir,
    pub ledger: Ledger,
    /// The housing workshop.
    pub consultation: Id,
    /// Margaret's first housing idea: claimed by name, cited, built on, responded to.
    pub idea: Id,
    /// Margaret's key: a portfolio with claimed ideas.
    pub contributor: Id,
    /// The housing plan.
    pub report: Id,
    /// An unclaimed card (housing/p03) and the ideas on it.
    pub card: ClaimCard,
    pub card_ideas: Vec<Id>,
    /// The hostile consultation, idea (by Eve, named), and report.
    pub hostile_consultation: Id,
    pub hostile_idea: Id,
    pub hostile_report: Id,
    pub eve: SigningKey,
}

fn submit(ledger: &Ledger, s: build::Signed) -> Id {
    ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append");
    s.id
}

/// The demo in a fresh data folder, plus the hostile statements.
pub fn site() -> Site {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "heard.localhost/log").expect("ledger");
    let (keys, _) = DataDir::new(&data).init_keys("heard.localhost/log").expect("keys");
    heard::demo::fill(&ledger, &statement_key(&keys.operator)).expect("demo");

    let housing = ledger
        .recent_consultations(10, None)
        .expect("list")
        .into_iter()
        .find(|c| c.rec.title.starts_with("Damp, mould"))
        .expect("the housing workshop")
        .id;
    let ideas = ledger.ideas_of_consultation(&housing).expect("ideas");
    let idea = ideas
        .iter()
        .find(|v| v.text.as_deref().is_some_and(|t| t.starts_with("Send a text the day before")))
        .expect("Margaret's idea")
        .id;
    let card = demo_card("housing/p03");
    let card_view = ledger.card(&card.code).expect("the p03 card");
    assert!(!card_view.claimed, "the demo leaves p03's card unclaimed");
    let card_ideas = card_view.ideas.iter().map(|v| v.id).collect();
    let team = demo_key("housing strategy team");
    let report =
        ledger.report_id(&key_id(&team), "Riverside Housing and Neighbourhoods Plan 2026", "v1").expect("report id");

    // Hostile content, through the same door as everything else.
    let council = demo_key("council");
    let eve = SigningKey::from_bytes(&[77; 32]);
    let t = 1_800_000_000_000;
    let spec = ConsultationSpec {
        title: HOSTILE_TITLE.into(),
        date: "2026-03-01".into(),
        place: "<u>Depot</u>".into(),
        topic: "<em>transport</em>".into(),
        convenor: key_id(&council),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    let hostile_consultation = submit(&ledger, build::consultation(&council, t, &spec).expect("consultation"));
    let spec = IdeaSpec {
        consultation: hostile_consultation,
        tags: vec!["<tag>".into()],
        co_contributors: vec![],
        builds_on: vec![idea],
        attribution: Attribution::Named(HOSTILE_NAME.into()),
        claim_hash: None,
        given: None,
    };
    let hostile_idea =
        submit(&ledger, build::idea(&eve, t + 1, &spec, IdeaText::new(HOSTILE_TEXT).expect("text")).expect("idea"));
    let uses = [Use { idea: hostile_idea, locator: HOSTILE_LOCATOR.into(), usage: Usage::Quoted }];
    submit(
        &ledger,
        build::cite(&team, t + 2, HOSTILE_REPORT, "v1", Some(HOSTILE_LINK.into()), None, &uses).expect("cite"),
    );
    let hostile_report = ledger.report_id(&key_id(&team), HOSTILE_REPORT, "v1").expect("report id");
    submit(
        &ledger,
        build::respond(
            &council,
            t + 3,
            hostile_idea,
            build::Answer {
                links: vec![HOSTILE_LINK.into()],
                ..build::Answer::new(Outcome::NotAdopted, Some(HOSTILE_REASON.into()))
            },
        )
        .expect("respond"),
    );
    Site {
        dir,
        ledger,
        consultation: housing,
        idea,
        contributor: key_id(&demo_key("margaret")),
        report,
        card,
        card_ideas,
        hostile_consultation,
        hostile_idea,
        hostile_report,
        eve,
    }
}

//! The demo's people, sessions and words: three stock sessions, and the real London
//! youth-policing Pol.is conversation read from the export shipped in the binary.

use super::{Contribution, Convenor, DEMO_BASE_URL, LONDON, Session};

fn c(person: &str, own_key: bool, name: &str, ideas: &[&str]) -> Contribution {
    Contribution {
        person: person.into(),
        own_key,
        name: name.into(),
        ideas: ideas.iter().map(|s| s.to_string()).collect(),
    }
}

/// The three demo sessions. The third ("safety") is the one a real data import replaces.
pub fn sessions() -> Vec<Session> {
    vec![
        Session {
            label: "housing".into(),
            title: "Damp, mould and repairs: tenants' workshop".into(),
            date: "2026-02-10".into(),
            place: "Riverside Community Centre".into(),
            topic: "housing".into(),
            tags: vec!["housing".into(), "repairs".into()],
            convenor: Convenor::Council,
            facilitator: 0,
            contributions: vec![
                c(
                    "margaret",
                    false,
                    "Margaret Doyle",
                    &[
                        "Send a text the day before a repairs visit so people don't lose a day's pay waiting in.",
                        "Let tenants send photos of damp so a surveyor can judge how urgent it is before visiting.",
                    ],
                ),
                c(
                    "weaver",
                    false,
                    "",
                    &[
                        "Make the repairs line freephone: people on pay-as-you-go run out of credit on hold.",
                        "Give each block a named repairs officer instead of a different person every time.",
                        "Let a neighbour or relative let the repairs team in if you can't be there.",
                    ],
                ),
                c(
                    "p03",
                    false,
                    "",
                    &[
                        "Check on older tenants in winter when a heating repair is still outstanding.",
                        "Print the repair timeline on the letter, not just online.",
                    ],
                ),
                c(
                    "p04",
                    false,
                    "",
                    &[
                        "Lend dehumidifiers as a stopgap while mould treatment is waiting.",
                        "Mould treatment should fix the cause, not just paint over it.",
                        "Explain tenants' rights on disrepair in plain English, and in Polish, Urdu and Somali.",
                    ],
                ),
                c(
                    "derek",
                    true,
                    "Derek Mensah",
                    &["The tenants' forum should see the monthly repairs backlog figures."],
                ),
                c(
                    "p06",
                    false,
                    "",
                    &[
                        "Offer evening and Saturday repair appointments.",
                        "Stop charging tenants for damage from repairs that were reported but left to get worse.",
                    ],
                ),
            ],
            polis: None,
        },
        Session {
            label: "mental-health".into(),
            title: "Getting mental health support: listening session".into(),
            date: "2026-02-24".into(),
            place: "Mindful Together drop-in, Canal Street".into(),
            topic: "mental health".into(),
            tags: vec!["mental-health".into()],
            convenor: Convenor::Charity,
            facilitator: 1,
            contributions: vec![
                c(
                    "river",
                    false,
                    "",
                    &[
                        "A call back the same day instead of a six-week wait for a first assessment.",
                        "Have a peer supporter who has been through it at the first appointment.",
                    ],
                ),
                c(
                    "sam",
                    false,
                    "Sam Kowalski",
                    &[
                        "Don't make people retell their story to every new worker; share notes with consent.",
                        "Keep the drop-in open past 5pm for people who work.",
                    ],
                ),
                c(
                    "p10",
                    false,
                    "",
                    &[
                        "A quiet room at the GP surgery for people who find waiting rooms hard.",
                        "Text reminders that don't say 'mental health' on the lock screen.",
                        "Print crisis numbers on the back of bus tickets.",
                    ],
                ),
                c(
                    "p11",
                    false,
                    "",
                    &[
                        "Support in Bengali and Sylheti from someone from the community.",
                        "Groups for men that meet while doing something, like walking or fixing bikes.",
                    ],
                ),
                c(
                    "joy",
                    true,
                    "Joy Adeyemi",
                    &[
                        "Let young people bring a friend to appointments.",
                        "Ask carers what helps too; they often hold everything together.",
                        "Waiting-list letters should say how long the wait really is.",
                    ],
                ),
                c(
                    "p13",
                    false,
                    "",
                    &["Put information about support in food banks.", "Free bus travel to regular appointments."],
                ),
            ],
            polis: None,
        },
        Session {
            label: "safety".into(),
            title: "Safer streets after dark: community walk".into(),
            date: "2026-03-09".into(),
            place: "Eastfield Library".into(),
            topic: "community safety".into(),
            tags: vec!["safety".into(), "transport".into()],
            convenor: Convenor::Council,
            facilitator: 2,
            contributions: vec![
                c(
                    "hassan",
                    false,
                    "Hassan Ali",
                    &[
                        "Fix the broken lights on the canal towpath first; that's where people feel least safe.",
                        "Keep the library open as a safe place until 8pm.",
                        "Publish where lights are reported broken and when they get fixed.",
                    ],
                ),
                c(
                    "p15",
                    false,
                    "",
                    &[
                        "Night buses that stop on request between stops for people travelling alone.",
                        "Cut back the bushes by the Station Road underpass.",
                        "Train bar staff to spot and help someone who is being followed.",
                    ],
                ),
                c(
                    "margaret",
                    false,
                    "Margaret Doyle",
                    &["Lit benches at bus stops for older people waiting at night."],
                ),
                c(
                    "leah",
                    true,
                    "Leah Brooks",
                    &["A street-lighting audit walked by residents with a council officer."],
                ),
                c(
                    "p16",
                    false,
                    "",
                    &[
                        "Local shops as safe havens, with a sticker in the window.",
                        "A number you can text if you feel unsafe, answered all night.",
                    ],
                ),
                c(
                    "sam",
                    false,
                    "Sam Kowalski",
                    &["A volunteer walking-buddy scheme for getting home from late shifts."],
                ),
            ],
            polis: None,
        },
    ]
}

/// The London youth-policing consultation (real Pol.is open data, CC BY 4.0, The Computational
/// Democracy Project; see data/polis/NOTICE.md), shipped in the binary and read with the Pol.is
/// importer's rules ([`crate::import::polis::plan`], the seed author from the export): one person
/// per participant, their accepted comments as ideas in timestamp order, recorded with claim
/// cards. Person labels are `polis-<author-id>`.
pub fn london_session() -> anyhow::Result<Session> {
    use crate::import::polis;
    let export = polis::parse(
        include_bytes!("../../data/polis/london.youth.policing/comments.csv"),
        include_bytes!("../../data/polis/london.youth.policing/summary.csv"),
        include_bytes!("../../data/polis/london.youth.policing/participants-votes.csv"),
    )
    .map_err(|e| anyhow::anyhow!("the shipped London export: {}: {e}", e.code()))?;
    let title = "Young people and the scrutiny of policing (Pol.is conversation)";
    let opts =
        polis::Options { title: title.into(), seed: polis::SeedRule::FromExport, base_url: DEMO_BASE_URL.into() };
    let plan =
        polis::plan(&export, &opts).map_err(|e| anyhow::anyhow!("the shipped London export: {}: {e}", e.code()))?;
    let mut contributions: Vec<Contribution> = Vec::new();
    for c in &plan.chosen {
        let person = format!("polis-{}", c.author);
        match contributions.iter_mut().find(|p| p.person == person) {
            Some(p) => p.ideas.push(c.body.clone()),
            None => contributions.push(Contribution {
                person,
                own_key: false,
                name: format!("Participant {}", c.author),
                ideas: vec![c.body.clone()],
            }),
        }
    }
    Ok(Session {
        label: LONDON.into(),
        title: title.into(),
        date: polis::utc_date(plan.first_ms),
        place: format!("Online, London (Pol.is {})", export.url),
        topic: export.topic.clone(),
        tags: vec!["policing".into(), "youth".into(), "polis".into()],
        convenor: Convenor::Council,
        facilitator: 2,
        contributions,
        polis: Some(export),
    })
}

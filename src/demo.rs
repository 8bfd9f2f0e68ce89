//! The demo: a realistic sample so a newcomer sees Heard work (`heard demo`, `heard serve --demo`).
//!
//! Fills an **empty** ledger directly (no HTTP), through the same statement builders as the
//! client ([`crate::attribution::build`]) and the same policy as any append: the operator
//! enrols two organisations (a council and a health charity), three facilitators, three policy
//! teams and a witness; three consultations on different topics, one of them real: the London
//! youth-policing Pol.is conversation ([`london_session`], shipped in `data/polis/`, CC BY 4.0,
//! recorded by the Pol.is importer exactly as `heard import polis` records it);
//! fifty-three ideas from twenty-eight contributors (recorded with claim cards, or by
//! contributors with their own keys, one co-authored, one building on another); claims by
//! name, pseudonym and anonymously; endorsements; three reports citing ideas with locators
//! (one citing four London ideas); responses; one withdrawal; and acknowledgements (a payment
//! in pence, a declined voucher).
//!
//! **Demo only:** every key, claim secret and salt here is derived from a fixed public seed
//! ([`demo_key`]), so anyone can recompute them and sign as any demo party. Never enrol a
//! demo key in a real log. Author times are fixed too, so every demo has the same statement
//! hashes (log times and entry hashes differ).
//!
//! The sessions are data ([`sessions`]); [`demo_sessions`] puts the real London consultation
//! in place of the stock "safety" session.

mod sessions;
pub use sessions::{london_session, sessions};

use std::collections::BTreeSet;
use std::fmt;

use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

use crate::attribution::build::{self, AckStatus, Attribution, ConsultationSpec, IdeaSpec, Signed, Use, key_id};
use crate::attribution::claim::ClaimCard;
use crate::attribution::content::IdeaText;
use crate::attribution::kinds::{Id, Outcome, Recognition, Role, Usage};
use crate::ledger::Ledger;

/// What the demo wrote, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// Entries in the log afterwards.
    pub entries: u64,
    /// `enrol` statements.
    pub enrolments: u64,
    /// `consultation` statements.
    pub consultations: u64,
    /// `idea` statements.
    pub ideas: u64,
    /// Distinct people who gave ideas.
    pub contributors: u64,
    /// `claim` statements.
    pub claims: u64,
    /// `endorse` statements.
    pub endorsements: u64,
    /// Distinct reports cited.
    pub reports: u64,
    /// `cite` statements.
    pub citations: u64,
    /// `respond` statements.
    pub responses: u64,
    /// `withdraw` statements.
    pub withdrawals: u64,
    /// `acknowledge` statements.
    pub acknowledgements: u64,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "demo: {} entries", self.entries)?;
        writeln!(f, "  enrolments       {}", self.enrolments)?;
        writeln!(f, "  consultations    {}", self.consultations)?;
        writeln!(f, "  ideas            {}", self.ideas)?;
        writeln!(f, "  contributors     {}", self.contributors)?;
        writeln!(f, "  claims           {}", self.claims)?;
        writeln!(f, "  endorsements     {}", self.endorsements)?;
        writeln!(f, "  reports          {}", self.reports)?;
        writeln!(f, "  citations        {}", self.citations)?;
        writeln!(f, "  responses        {}", self.responses)?;
        writeln!(f, "  withdrawals      {}", self.withdrawals)?;
        write!(f, "  acknowledgements {}", self.acknowledgements)
    }
}

/// A demo-only key derived from a public label. Anyone can recompute it.
pub fn demo_key(label: &str) -> SigningKey {
    SigningKey::from_bytes(&seed("key", label))
}

fn seed(what: &str, label: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"heard demo only, never for real use\n");
    h.update(what.as_bytes());
    h.update(b"\n");
    h.update(label.as_bytes());
    h.finalize().into()
}

/// The demo's claim card for `label` = `<session label>/<person>` (e.g. `housing/p03`, whose
/// card nobody claims in the demo). Demo only: derived from a public seed, like every demo
/// key, so the claim page can be tried, and tested, with a real card.
pub fn demo_card(label: &str) -> ClaimCard {
    let s = seed("card", label);
    let mut secret = [0u8; 16];
    secret.copy_from_slice(&s[..16]);
    ClaimCard::from_secret(secret)
}

fn demo_text(label: &str, text: &str) -> IdeaText {
    IdeaText { salt: seed("salt", label).to_vec(), text: text.to_string() }
}

/// Who convenes a session and who records in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Convenor {
    /// Riverside Borough Council.
    Council,
    /// Mindful Together, a health charity.
    Charity,
}

/// One person's contributions in a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    /// A stable label for the person (also the seed of their keys and cards).
    pub person: String,
    /// `true`: they hold a key and record their own ideas by name; `false`: a facilitator
    /// records them with a claim card.
    pub own_key: bool,
    /// Their name (used when `own_key`; recorded ideas start anonymous until claimed).
    pub name: String,
    /// Their ideas, in order.
    pub ideas: Vec<String>,
}

/// A consultation session and what was said in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// A stable label.
    pub label: String,
    /// Title.
    pub title: String,
    /// Date, `YYYY-MM-DD`.
    pub date: String,
    /// Place.
    pub place: String,
    /// Topic.
    pub topic: String,
    /// Tags given to its ideas.
    pub tags: Vec<String>,
    /// Convenor.
    pub convenor: Convenor,
    /// Index into the facilitators (0 Amara, 1 Tom, 2 Priya) who records.
    pub facilitator: usize,
    /// What people said.
    pub contributions: Vec<Contribution>,
    /// The Pol.is export this session comes from. When set, [`fill_with`] records the session
    /// with the Pol.is importer ([`crate::import::polis::import`], convenor and facilitator as
    /// signers), exactly as `heard import polis` would: pseudonyms `Participant <n>`, the
    /// original times, one derived claim card per participant; `contributions` then only
    /// describes what the import records (persons `polis-<author-id>`, ideas in order).
    pub polis: Option<crate::import::polis::Export>,
}

/// The public URL the demo's claim cards point at (`heard serve`'s default address).
pub const DEMO_BASE_URL: &str = "http://127.0.0.1:8080";

/// The key that records the demo's Pol.is session (facilitator Priya Shah). `heard demo`
/// leaves it in the data folder as `imports/facilitator.key`, so `heard cards` can print
/// that session's claim cards (a demo key anyone can recompute: never for real use).
pub fn polis_facilitator_key() -> SigningKey {
    demo_key("facilitator priya")
}

/// The label of the London session.
pub const LONDON: &str = "london-youth-policing";

/// The sessions `heard demo` uses: the stock ones with the "safety" session replaced by the
/// real London youth-policing consultation ([`london_session`]).
pub fn demo_sessions() -> anyhow::Result<Vec<Session>> {
    let london = london_session()?;
    Ok(sessions().into_iter().map(|s| if s.label == "safety" { london.clone() } else { s }).collect())
}

/// The demo's parties.
struct Parties {
    operator: SigningKey,
    council: SigningKey,
    charity: SigningKey,
    facilitators: [SigningKey; 3],
    housing_team: SigningKey,
    charity_team: SigningKey,
    safety_team: SigningKey,
}

struct Writer<'a> {
    ledger: &'a Ledger,
    time: u64,
    summary: DemoSummary,
    reports: BTreeSet<Id>,
}

impl Writer<'_> {
    fn tick(&mut self) -> u64 {
        self.time += 60_000;
        self.time
    }

    fn put(&mut self, s: anyhow::Result<Signed>) -> anyhow::Result<Id> {
        let s = s?;
        let kind = crate::protocol::statement::Statement::decode(&s.statement)
            .map_err(|e| anyhow::anyhow!("demo statement: {e}"))?
            .kind;
        self.ledger
            .submit_with(&s.statement, &s.signature, crate::ledger::Beside::of(&s))
            .map_err(|e| anyhow::anyhow!("the demo's {} statement was refused: {}: {e}", kind.name(), e.code()))?;
        use crate::protocol::statement::Kind;
        let c = &mut self.summary;
        match kind {
            Kind::Enrol => c.enrolments += 1,
            Kind::Consultation => c.consultations += 1,
            Kind::Idea => c.ideas += 1,
            Kind::Claim => c.claims += 1,
            Kind::Endorse => c.endorsements += 1,
            Kind::Cite => c.citations += 1,
            Kind::Respond => c.responses += 1,
            Kind::Withdraw => c.withdrawals += 1,
            Kind::Acknowledge => c.acknowledgements += 1,
            _ => {}
        }
        Ok(s.id)
    }
}

fn b<T>(r: Result<T, crate::attribution::AttributionError>) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("building a demo statement: {}: {e}", e.code()))
}

/// A planned response: organisation, (session, person, idea index), outcome, reason, link.
type Response<'a> = (&'a SigningKey, &'a str, &'a str, usize, Outcome, Option<&'a str>, Option<&'a str>);

/// Ideas recorded, by (session label, person label, index of the idea).
type Recorded = std::collections::BTreeMap<(String, String, usize), Id>;

/// Fills an empty ledger with the demo, signing enrolments with `operator` (the data
/// folder's operator key). Refuses a ledger that already has entries.
pub fn fill(ledger: &Ledger, operator: &SigningKey) -> anyhow::Result<DemoSummary> {
    fill_with(ledger, operator, demo_sessions()?)
}

/// As [`fill`], with the given sessions (the seam for real consultation data). The
/// citations, responses and acknowledgements after the sessions name ideas of the stock
/// sessions and are left out when those ideas are not there.
pub fn fill_with(ledger: &Ledger, operator: &SigningKey, sessions: Vec<Session>) -> anyhow::Result<DemoSummary> {
    let size = ledger.log().latest().size;
    if size > 0 {
        anyhow::bail!("the log already has {size} entries; the demo fills only an empty data folder");
    }
    let p = Parties {
        operator: operator.clone(),
        council: demo_key("council"),
        charity: demo_key("charity"),
        facilitators: [demo_key("facilitator amara"), demo_key("facilitator tom"), polis_facilitator_key()],
        housing_team: demo_key("housing strategy team"),
        charity_team: demo_key("charity policy unit"),
        safety_team: demo_key("community safety partnership"),
    };
    // 2026-02-01T09:00:00Z; each statement is a minute after the one before.
    let mut w = Writer { ledger, time: 1_769_936_400_000, summary: DemoSummary::default(), reports: BTreeSet::new() };

    // Enrolments.
    let enrolments: [(&SigningKey, Role, &str); 8] = [
        (&p.council, Role::Organisation, "Riverside Borough Council"),
        (&p.charity, Role::Organisation, "Mindful Together (mental health charity)"),
        (&p.facilitators[0], Role::Facilitator, "Amara Okafor, Riverside engagement team"),
        (&p.facilitators[1], Role::Facilitator, "Tom Reilly, Mindful Together"),
        (&p.facilitators[2], Role::Facilitator, "Priya Shah, community facilitator"),
        (&p.housing_team, Role::PolicyTeam, "Riverside Housing Strategy Team"),
        (&p.charity_team, Role::PolicyTeam, "Mindful Together Policy Unit"),
        (&p.safety_team, Role::PolicyTeam, "Riverside Community Safety Partnership"),
    ];
    for (k, role, name) in enrolments {
        let t = w.tick();
        w.put(b(build::enrol(&p.operator, t, key_id(k), role, name, false)))?;
    }
    let witness = demo_key("witness northgate library");
    let t = w.tick();
    w.put(b(build::enrol(&p.operator, t, key_id(&witness), Role::Witness, "Northgate Library (witness)", false)))?;

    // Sessions: consultations and ideas.
    let mut recorded = Recorded::new();
    let mut cards: std::collections::BTreeMap<(String, String), ClaimCard> = Default::default();
    let mut people = BTreeSet::new();
    for s in &sessions {
        let (org, opener) = match s.convenor {
            Convenor::Council => (&p.council, &p.council),
            Convenor::Charity => (&p.charity, &p.facilitators[s.facilitator.min(2)]),
        };
        let fac = &p.facilitators[s.facilitator.min(2)];
        if let Some(export) = &s.polis {
            use crate::import::polis;
            let signers = polis::Signers { organisation: org, facilitator: fac };
            let opts = polis::Options {
                title: s.title.clone(),
                seed: polis::SeedRule::FromExport,
                base_url: DEMO_BASE_URL.into(),
            };
            let r = polis::import(ledger, &signers, export, &opts)
                .map_err(|e| anyhow::anyhow!("importing the demo's Pol.is session: {}: {e}", e.code()))?;
            w.summary.consultations += u64::from(r.consultation_new);
            w.summary.ideas += r.ideas_new;
            let mut seen: std::collections::BTreeMap<u64, usize> = Default::default();
            for (author, _, id) in &r.ideas {
                let n = seen.entry(*author).or_insert(0);
                recorded.insert((s.label.clone(), format!("polis-{author}"), *n), *id);
                *n += 1;
                people.insert(format!("polis-{author}"));
            }
            continue;
        }
        let spec = ConsultationSpec {
            title: s.title.clone(),
            date: s.date.clone(),
            place: s.place.clone(),
            topic: s.topic.clone(),
            convenor: key_id(org),
            recorders: if std::ptr::eq(opener, fac) { vec![] } else { vec![key_id(fac)] },
            closes: None,
            lang: None,
        };
        let t = w.tick();
        let consultation = w.put(b(build::consultation(opener, t, &spec)))?;
        for person in &s.contributions {
            people.insert(person.person.clone());
            let card = (!person.own_key).then(|| demo_card(&format!("{}/{}", s.label, person.person)));
            for (i, text) in person.ideas.iter().enumerate() {
                let attribution =
                    if person.own_key { Attribution::Named(person.name.clone()) } else { Attribution::Anonymous };
                let spec = IdeaSpec {
                    consultation,
                    tags: s.tags.clone(),
                    co_contributors: vec![],
                    builds_on: vec![],
                    attribution,
                    claim_hash: card.as_ref().map(|c| Id(c.hash)),
                    given: None,
                };
                let by = if person.own_key { demo_key(&person.person) } else { fac.clone() };
                let text = demo_text(&format!("{}/{}/{i}", s.label, person.person), text);
                let t = w.tick();
                let id = w.put(b(build::idea(&by, t, &spec, text)))?;
                recorded.insert((s.label.clone(), person.person.clone(), i), id);
            }
            if let Some(card) = card {
                cards.insert((s.label.clone(), person.person.clone()), card);
            }
        }
        // Housing only: a co-authored idea and one that builds on an earlier idea.
        if s.label == "housing" {
            let derek = demo_key("derek");
            let leah = demo_key("leah");
            people.insert("leah".to_string());
            let spec = IdeaSpec {
                consultation,
                tags: s.tags.clone(),
                co_contributors: vec![key_id(&leah)],
                builds_on: vec![],
                attribution: Attribution::Named("Derek Mensah".into()),
                claim_hash: None,
                given: None,
            };
            let text = demo_text(
                "housing/derek/co",
                "Set up a paid tenant inspection team to sign off major repairs before the job is closed.",
            );
            let t = w.tick();
            let co = w.put(b(build::idea(&derek, t, &spec, text)))?;
            recorded.insert(("housing".into(), "derek".into(), 100), co);
            let t = w.tick();
            w.put(b(build::endorse(&leah, t, co)))?;
            if let (Some(base), Some(card)) = (
                recorded.get(&("housing".into(), "margaret".into(), 0)).copied(),
                cards.get(&("housing".to_string(), "p06".to_string())),
            ) {
                let spec = IdeaSpec {
                    consultation,
                    tags: s.tags.clone(),
                    co_contributors: vec![],
                    builds_on: vec![base],
                    attribution: Attribution::Anonymous,
                    claim_hash: Some(Id(card.hash)),
                    given: None,
                };
                let text = demo_text(
                    "housing/p06/derived",
                    "Building on the day-before text: give a one-hour arrival window on the morning.",
                );
                let t = w.tick();
                let id = w.put(b(build::idea(fac, t, &spec, text)))?;
                recorded.insert(("housing".into(), "p06".into(), 100), id);
            }
        }
    }
    w.summary.contributors = people.len() as u64;
    let idea = |s: &str, who: &str, i: usize| recorded.get(&(s.to_string(), who.to_string(), i)).copied();

    // Claims: by name, by pseudonym, anonymously. Margaret claims both her cards with one key.
    let claims: [(&str, &str, &str, Attribution); 8] = [
        ("housing", "margaret", "margaret", Attribution::Named("Margaret Doyle".into())),
        ("safety", "margaret", "margaret", Attribution::Named("Margaret Doyle".into())),
        ("housing", "weaver", "weaver", Attribution::Pseudonym("Tenant at Weaver House".into())),
        ("housing", "p04", "p04", Attribution::Anonymous),
        ("mental-health", "river", "river", Attribution::Pseudonym("River".into())),
        ("mental-health", "sam", "sam", Attribution::Named("Sam Kowalski".into())),
        ("mental-health", "p11", "p11", Attribution::Anonymous),
        ("safety", "hassan", "hassan", Attribution::Named("Hassan Ali".into())),
    ];
    for (session, person, key, who) in claims {
        let (Some(card), Some(first)) =
            (cards.get(&(session.to_string(), person.to_string())), idea(session, person, 0))
        else {
            continue;
        };
        let t = w.tick();
        w.put(b(build::claim(&demo_key(key), t, vec![first], &who, Some(card.secret))))?;
    }

    // Endorsements by the recording facilitators.
    for (s, who, i, f) in [
        ("housing", "weaver", 0, 0),
        ("housing", "p04", 1, 0),
        ("mental-health", "river", 0, 1),
        ("mental-health", "p10", 0, 1),
        ("safety", "hassan", 0, 2),
    ] {
        if let Some(id) = idea(s, who, i) {
            let t = w.tick();
            w.put(b(build::endorse(&p.facilitators[f], t, id)))?;
        }
    }

    // Reports.
    let housing_uses: Vec<Use> = [
        ("housing", "weaver", 0, "Recommendation 1, page 6", Usage::Quoted),
        ("housing", "margaret", 0, "Recommendation 2, page 8", Usage::Paraphrased),
        ("housing", "p06", 100, "Recommendation 2, page 8", Usage::Informed),
        ("housing", "margaret", 1, "Recommendation 4, page 11", Usage::Informed),
        ("housing", "p04", 1, "Recommendation 5, page 12", Usage::Paraphrased),
        ("housing", "p04", 0, "Recommendation 5, page 12", Usage::Informed),
        ("housing", "derek", 100, "Recommendation 7, page 15", Usage::Paraphrased),
        ("housing", "derek", 0, "Annex B, page 30", Usage::Informed),
        ("safety", "hassan", 0, "Section 6, page 21", Usage::Quoted),
    ]
    .into_iter()
    .filter_map(|(s, who, i, locator, usage)| idea(s, who, i).map(|idea| Use { idea, locator: locator.into(), usage }))
    .collect();
    let report_digest = Id(seed("report", "housing plan v1"));
    if !housing_uses.is_empty() {
        let t = w.tick();
        let title = "Riverside Housing and Neighbourhoods Plan 2026";
        w.put(b(build::cite(
            &p.housing_team,
            t,
            title,
            "v1",
            Some("https://riverside.example.gov.uk/housing-plan-2026-v1.pdf".into()),
            Some(report_digest),
            &housing_uses,
        )))?;
        w.reports.insert(crate::attribution::state::report_id(&key_id(&p.housing_team), title, "v1"));
    }
    let charity_uses: Vec<Use> = [
        ("mental-health", "river", 0, "Priority 1, page 3", Usage::Quoted),
        ("mental-health", "river", 1, "Priority 2, page 4", Usage::Paraphrased),
        ("mental-health", "sam", 0, "Priority 3, page 5", Usage::Paraphrased),
        ("mental-health", "p11", 0, "Priority 4, page 6", Usage::Paraphrased),
        ("mental-health", "p10", 0, "Page 7", Usage::Informed),
    ]
    .into_iter()
    .filter_map(|(s, who, i, locator, usage)| idea(s, who, i).map(|idea| Use { idea, locator: locator.into(), usage }))
    .collect();
    if !charity_uses.is_empty() {
        let t = w.tick();
        let title = "What you told us: mental health support 2026";
        w.put(b(build::cite(
            &p.charity_team,
            t,
            title,
            "v1",
            Some("https://mindfultogether.example.org/what-you-told-us-2026".into()),
            None,
            &charity_uses,
        )))?;
        w.reports.insert(crate::attribution::state::report_id(&key_id(&p.charity_team), title, "v1"));
    }

    // The London youth-policing consultation (real data): a report citing four of its ideas.
    let london_uses: Vec<Use> = [
        ("polis-2", 0, "Principle 1, page 4", Usage::Quoted),
        ("polis-7", 0, "Recommendation 2, page 9", Usage::Paraphrased),
        ("polis-11", 3, "Recommendation 3, page 10", Usage::Paraphrased),
        ("polis-21", 0, "Recommendation 5, page 13", Usage::Informed),
    ]
    .into_iter()
    .filter_map(|(who, i, locator, usage)| {
        idea(LONDON, who, i).map(|idea| Use { idea, locator: locator.into(), usage })
    })
    .collect();
    if !london_uses.is_empty() {
        let t = w.tick();
        let title = "Young people and police scrutiny: what we heard";
        w.put(b(build::cite(&p.safety_team, t, title, "v1", None, None, &london_uses)))?;
        w.reports.insert(crate::attribution::state::report_id(&key_id(&p.safety_team), title, "v1"));
    }
    let london_responses: [(&str, usize, Outcome, Option<&str>); 3] = [
        (
            "polis-7",
            0,
            Outcome::Adapted,
            Some("Officers now record a short reason after each stop, shared with the youth panel."),
        ),
        ("polis-11", 3, Outcome::Adopted, None),
        ("polis-21", 0, Outcome::UnderConsideration, None),
    ];
    for (who, i, outcome, reason) in london_responses {
        if let Some(id) = idea(LONDON, who, i) {
            let t = w.tick();
            w.put(b(build::respond(&p.council, t, id, build::Answer::new(outcome, reason.map(String::from)))))?;
        }
    }

    // Responses ("you said, we did").
    let responses: [Response<'_>; 8] = [
        (
            &p.council,
            "housing",
            "margaret",
            0,
            Outcome::Adopted,
            None,
            Some("https://riverside.example.gov.uk/repairs/texts"),
        ),
        (
            &p.council,
            "housing",
            "weaver",
            0,
            Outcome::Adapted,
            Some("Freephone from mobiles from April; the landline number was already free."),
            None,
        ),
        (
            &p.council,
            "housing",
            "p04",
            0,
            Outcome::NotAdopted,
            Some(
                "Dehumidifiers cost more to run than many tenants can afford; instead we now treat the cause of mould within 10 working days.",
            ),
            None,
        ),
        (&p.council, "housing", "derek", 100, Outcome::UnderConsideration, None, None),
        (
            &p.council,
            "safety",
            "hassan",
            0,
            Outcome::Adopted,
            None,
            Some("https://riverside.example.gov.uk/streetlights"),
        ),
        (
            &p.charity,
            "mental-health",
            "river",
            0,
            Outcome::Adapted,
            Some("We call back within two working days; same-day for anyone in crisis."),
            None,
        ),
        (
            &p.charity,
            "mental-health",
            "p10",
            2,
            Outcome::NotAdopted,
            Some("The bus company would not print on tickets; the numbers are now on posters at every bus stop."),
            None,
        ),
        (&p.charity, "mental-health", "sam", 0, Outcome::Adopted, None, None),
    ];
    for (org, s, who, i, outcome, reason, link) in responses {
        if let Some(id) = idea(s, who, i) {
            let t = w.tick();
            let links = link.map(|l| vec![l.to_string()]).unwrap_or_default();
            w.put(b(build::respond(
                org,
                t,
                id,
                build::Answer { links, ..build::Answer::new(outcome, reason.map(String::from)) },
            )))?;
        }
    }

    // A withdrawal: Joy withdraws one of her own ideas.
    if let Some(id) = idea("mental-health", "joy", 2) {
        let t = w.tick();
        w.put(b(build::withdraw(&demo_key("joy"), t, id)))?;
    }

    // Acknowledgements: a payment of £25.00 (in pence) and a declined voucher.
    let margaret: Vec<Id> =
        [idea("housing", "margaret", 0), idea("housing", "margaret", 1)].into_iter().flatten().collect();
    if !margaret.is_empty() {
        let t = w.tick();
        w.put(b(build::acknowledge(
            &p.council,
            t,
            margaret,
            Recognition::Payment,
            // A fixed salt keeps the demo's statements the same from run to run (the amount
            // of a real payment gets a random one: `AckStatus::Given`).
            &AckStatus::Paid(crate::attribution::payment::Payment {
                salt: Sha256::digest(b"heard demo payment salt").to_vec(),
                amount: 2500,
                currency: "GBP".into(),
            }),
            Some("Thank-you payment for the tenants' workshop".into()),
        )))?;
    }
    if let Some(id) = idea("mental-health", "p11", 0) {
        let t = w.tick();
        w.put(b(build::acknowledge(
            &p.charity,
            t,
            vec![id],
            Recognition::Voucher,
            &AckStatus::Declined,
            Some("Offered a shopping voucher; declined with thanks".into()),
        )))?;
    }

    w.summary.reports = w.reports.len() as u64;
    w.summary.entries = ledger.log().latest().size;
    Ok(w.summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_forty_ideas_from_fifteen_people() {
        let s = sessions();
        let ideas: usize = s.iter().flat_map(|s| &s.contributions).map(|c| c.ideas.len()).sum();
        // Plus the co-authored and the derived idea.
        assert_eq!(ideas + 2, 40);
        let mut people: BTreeSet<&str> = s.iter().flat_map(|s| &s.contributions).map(|c| c.person.as_str()).collect();
        people.insert("leah");
        assert_eq!(people.len(), 16);
    }

    #[test]
    fn the_demo_replaces_the_safety_session_with_london() {
        let s = demo_sessions().expect("sessions");
        assert_eq!(s.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["housing", "mental-health", LONDON]);
        let london = &s[2];
        assert_eq!(london.contributions.len(), 15);
        assert_eq!(london.contributions.iter().map(|c| c.ideas.len()).sum::<usize>(), 24);
        assert_eq!(london.date, "2022-07-26");
    }
}

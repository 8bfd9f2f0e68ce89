//! From a checked export to the log: which comments become ideas, the plan, the claim cards
//! and the import itself.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

use super::{COMMENTS, Comment, Export};
use crate::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, Signed, key_id};
use crate::attribution::claim::{ClaimCard, SECRET_BYTES};
use crate::attribution::content::IdeaText;
use crate::attribution::kinds::Id;
use crate::import::ImportError;
use crate::ledger::Ledger;

/// Who wrote the seed statements, as the caller asks it to be decided.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SeedRule {
    /// From the export: participant 0 when they wrote comment 0; otherwise refused
    /// (`import_seed_guess`) if the earliest comment's author has an accepted comment.
    #[default]
    FromExport,
    /// The author of the earliest comment, even when the export does not confirm it
    /// (`--accept-seed-guess`).
    AcceptGuess,
    /// This `author-id` (`--seed-author N`); refused if no comment is theirs.
    Author(u64),
    /// No seed statements: every accepted comment is credited (`--seed-author none`).
    Nobody,
}

/// Import settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The consultation's title.
    pub title: String,
    /// How the seed author is decided.
    pub seed: SeedRule,
    /// Public base URL of the Heard server, for the claim URLs on the cards.
    pub base_url: String,
}

/// Who signs: the convening organisation and the facilitator who records (both enrolled).
pub struct Signers<'a> {
    /// Opens the consultation as its convenor.
    pub organisation: &'a SigningKey,
    /// Records the ideas on the participants' behalf.
    pub facilitator: &'a SigningKey,
}

/// Why a comment was not imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    /// `moderated` = -1.
    Rejected,
    /// `moderated` = 0.
    Unmoderated,
    /// Written by the seed author.
    Seed,
    /// Empty `comment-body`.
    Empty,
}

impl Skip {
    /// Every reason, in the order the report prints them.
    pub const ALL: [Skip; 4] = [Skip::Rejected, Skip::Unmoderated, Skip::Seed, Skip::Empty];

    /// How the summary names it.
    pub fn name(self) -> &'static str {
        match self {
            Skip::Rejected => "rejected by moderation (-1)",
            Skip::Unmoderated => "not moderated (0)",
            Skip::Seed => "seed statement",
            Skip::Empty => "empty",
        }
    }
}

/// The rule: whether a comment is imported, or why not (`seed_author`: `None` when there are
/// no seed statements).
pub fn skip_reason(c: &Comment, seed_author: Option<u64>) -> Option<Skip> {
    match c.moderated {
        -1 => Some(Skip::Rejected),
        0 => Some(Skip::Unmoderated),
        _ if Some(c.author) == seed_author => Some(Skip::Seed),
        _ if c.body.trim().is_empty() => Some(Skip::Empty),
        _ => None,
    }
}

/// The earliest comment (by timestamp, then id).
pub fn earliest(export: &Export) -> Option<&Comment> {
    export.comments.iter().min_by_key(|c| (c.timestamp_ms, c.id))
}

/// The seed author an import used, and on what ground.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    /// Participant 0 wrote comment 0: the export's first participant wrote its first
    /// statement, as the owner who seeds a conversation does.
    FromExport(u64),
    /// Given by the caller (`--seed-author N`).
    Given(u64),
    /// The earliest comment's author, a guess the caller accepted (`--accept-seed-guess`).
    Guessed(u64),
    /// None, as the caller asked (`--seed-author none`).
    NoneGiven,
    /// None: comment 0 is not by participant 0, and its author has no accepted comment, so
    /// no comment would be skipped as theirs.
    NoneFound,
}

impl Seed {
    /// The seed author, if there is one.
    pub fn author(self) -> Option<u64> {
        match self {
            Seed::FromExport(n) | Seed::Given(n) | Seed::Guessed(n) => Some(n),
            Seed::NoneGiven | Seed::NoneFound => None,
        }
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seed::FromExport(n) => write!(f, "{n} (comment 0 is by participant {n}: the conversation's owner)"),
            Seed::Given(n) => write!(f, "{n} (--seed-author)"),
            Seed::Guessed(n) => write!(f, "{n} (the earliest comment's author: a guess, --accept-seed-guess)"),
            Seed::NoneGiven => f.write_str("none (--seed-author none)"),
            Seed::NoneFound => f.write_str("none (comment 0's author has no accepted comment to skip)"),
        }
    }
}

/// What an import of an export will do, decided before anything is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The seed author and why.
    pub seed: Seed,
    /// The comments that become ideas, in the order they are recorded (timestamp, id).
    pub chosen: Vec<Comment>,
    /// Comments skipped, by reason (every reason, zero or not).
    pub skipped: BTreeMap<Skip, u64>,
    /// The earliest comment's time, ms: the consultation's author time and date.
    pub first_ms: u64,
}

/// Checks the arguments against the export and decides the seed author and the comments to
/// import. Pure: [`import`] calls it first, and a caller can call it before opening anything.
pub fn plan(export: &Export, opts: &Options) -> Result<Plan, ImportError> {
    if opts.title.trim().is_empty() {
        return Err(ImportError::Invalid("the consultation needs a title (--consultation-title)".into()));
    }
    let first = earliest(export)
        .ok_or_else(|| ImportError::NoRows { file: COMMENTS.into(), why: "there are no comments to import".into() })?;
    let accepted_of = |author: u64| {
        export.comments.iter().filter(|c| skip_reason(c, Some(author)) == Some(Skip::Seed)).count() as u64
    };
    let confirmed = first.id == 0 && first.author == 0;
    let seed = match opts.seed {
        SeedRule::Author(n) => {
            if !export.comments.iter().any(|c| c.author == n) {
                return Err(ImportError::Invalid(format!(
                    "--seed-author {n}: no comment in comments.csv has author-id {n}; nothing was written"
                )));
            }
            Seed::Given(n)
        }
        SeedRule::Nobody => Seed::NoneGiven,
        SeedRule::AcceptGuess | SeedRule::FromExport if confirmed => Seed::FromExport(first.author),
        SeedRule::AcceptGuess => Seed::Guessed(first.author),
        SeedRule::FromExport => {
            let comments = accepted_of(first.author);
            if comments > 0 {
                let a = first.author;
                return Err(ImportError::SeedGuess {
                    author: a,
                    comments,
                    why: format!(
                        "comments.csv: line {}: the earliest comment (comment {}) is by participant {a}, not by \
                         participant 0, so the export does not show who the conversation's owner is; taking \
                         participant {a} as the seed author would skip their {comments} accepted comment{s}. \
                         Nothing was written: say --seed-author {a} if those are the organiser's seed statements, \
                         --seed-author none to credit every accepted comment, or --accept-seed-guess",
                        first.line,
                        first.id,
                        s = if comments == 1 { "" } else { "s" },
                    ),
                });
            }
            Seed::NoneFound
        }
    };
    let mut skipped: BTreeMap<Skip, u64> = Skip::ALL.into_iter().map(|s| (s, 0)).collect();
    let mut chosen: Vec<Comment> = Vec::new();
    for c in &export.comments {
        match skip_reason(c, seed.author()) {
            Some(why) => *skipped.entry(why).or_insert(0) += 1,
            None => chosen.push(c.clone()),
        }
    }
    chosen.sort_by_key(|c| (c.timestamp_ms, c.id));
    Ok(Plan { seed, chosen, skipped, first_ms: first.timestamp_ms })
}

/// Whether a consultation's place names the conversation at `url` (`Pol.is <url>`, the URL
/// compared without its scheme, case or a trailing `/`).
pub fn is_from_conversation(place: &str, url: &str) -> bool {
    fn norm(u: &str) -> String {
        let u = u.trim();
        let u = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://")).unwrap_or(u);
        u.trim_end_matches('/').to_ascii_lowercase()
    }
    place.strip_prefix("Pol.is ").is_some_and(|p| !p.trim().is_empty() && norm(p) == norm(url))
}

/// Refuses (`import_imported_before`) when the log holds a consultation imported from the
/// export's conversation other than `would_open` (the consultation this import would open,
/// when known; `None`: any such consultation is another one).
pub fn check_not_imported_before(ledger: &Ledger, export: &Export, would_open: Option<&Id>) -> Result<(), ImportError> {
    let earlier = ledger.consultations_where(|rec| is_from_conversation(&rec.place, &export.url))?;
    match earlier.into_iter().find(|(id, _)| Some(id) != would_open) {
        Some((consultation, rec)) => {
            Err(ImportError::ImportedBefore { url: export.url.clone(), consultation, title: rec.title })
        }
        None => Ok(()),
    }
}

/// The consultation statement an import of `export` opens (deterministic: the same export,
/// title and keys give the same statement and id).
pub fn opening(signers: &Signers<'_>, export: &Export, opts: &Options, plan: &Plan) -> Result<Signed, ImportError> {
    let spec = ConsultationSpec {
        title: opts.title.clone(),
        date: utc_date(plan.first_ms),
        place: format!("Pol.is {}", export.url),
        topic: export.topic.clone(),
        convenor: key_id(signers.organisation),
        recorders: vec![key_id(signers.facilitator)],
        closes: None,
        lang: None,
    };
    Ok(build::consultation(signers.organisation, plan.first_ms, &spec)?)
}

/// One participant's claim card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardRow {
    /// Pol.is `author-id`.
    pub participant: u64,
    /// The pseudonym on their ideas (`Participant <n>`).
    pub name: String,
    /// The code to type.
    pub code: String,
    /// The claim URL (for a QR code).
    pub url: String,
    /// Ideas on the card.
    pub ideas: usize,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReport {
    /// The consultation's id.
    pub consultation: Id,
    /// Whether the consultation statement was logged now (false: it was there already).
    pub consultation_new: bool,
    /// Ideas logged now.
    pub ideas_new: u64,
    /// Ideas that were already in the consultation.
    pub ideas_existing: u64,
    /// Participants credited (one card each).
    pub contributors: u64,
    /// Rows of `comments.csv`: every one is an idea (logged now or before) or skipped.
    pub comments_read: u64,
    /// The seed author used, and why.
    pub seed: Seed,
    /// Comments skipped, by reason (every reason, zero or not).
    pub skipped: BTreeMap<Skip, u64>,
    /// The cards, by participant.
    pub cards: Vec<CardRow>,
    /// Every imported idea (logged now or before), in the order recorded: the participant's
    /// `author-id`, the Pol.is `comment-id`, and the idea's id.
    pub ideas: Vec<(u64, u64, Id)>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.consultation_new { "opened" } else { "already in the log" };
        writeln!(f, "consultation {} ({state})", self.consultation.hex())?;
        writeln!(f, "  comments read                        {}", self.comments_read)?;
        writeln!(f, "  ideas logged now                     {}", self.ideas_new)?;
        writeln!(f, "  ideas already logged                 {}", self.ideas_existing)?;
        writeln!(f, "  contributors (cards)                 {}", self.contributors)?;
        write!(f, "  seed author                          {}", self.seed)?;
        for (why, n) in &self.skipped {
            write!(f, "\n  skipped: {:<27} {n}", why.name())?;
        }
        Ok(())
    }
}

/// Writes the cards as CSV (`participant,name,code,url,ideas`) for a mail merge.
pub fn write_cards_csv<W: std::io::Write>(cards: &[CardRow], out: W) -> Result<(), ImportError> {
    let io = |e: csv::Error| ImportError::Io { path: "cards CSV".into(), why: e.to_string() };
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["participant", "name", "code", "url", "ideas"]).map_err(io)?;
    for c in cards {
        w.write_record([c.participant.to_string(), c.name.clone(), c.code.clone(), c.url.clone(), c.ideas.to_string()])
            .map_err(io)?;
    }
    w.flush().map_err(|e| ImportError::Io { path: "cards CSV".into(), why: e.to_string() })
}

/// `YYYY-MM-DD` (UTC) of a Unix time in ms.
pub fn utc_date(ms: u64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = (ms / 86_400_000) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn derive(facilitator: &SigningKey, what: &str, consultation: &Id, n: u64) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"heard/v1/import/polis\n");
    h.update(facilitator.to_bytes());
    h.update(what.as_bytes());
    h.update(b"\n");
    h.update(consultation.0);
    h.update(n.to_be_bytes());
    h.finalize().into()
}

/// The claim card of participant `author` in `consultation` (recomputable by the facilitator).
pub fn card_for(facilitator: &SigningKey, consultation: &Id, author: u64) -> ClaimCard {
    let d = derive(facilitator, "card", consultation, author);
    let mut secret = [0u8; SECRET_BYTES];
    secret.copy_from_slice(&d[..SECRET_BYTES]);
    ClaimCard::from_secret(secret)
}

fn submit(ledger: &Ledger, s: &Signed) -> Result<bool, ImportError> {
    match ledger.submit(&s.statement, &s.signature, s.content.clone()) {
        Ok(_) => Ok(true),
        Err(e) if e.code() == "duplicate" => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Imports `export` into `ledger`. The signers must already be enrolled (organisation and
/// facilitator). Everything is decided before the first statement is submitted: the
/// arguments and the seed author ([`plan`]), and that the conversation was not imported
/// before as another consultation ([`check_not_imported_before`]); a refusal writes
/// nothing. Idempotent (see the module docs).
pub fn import(
    ledger: &Ledger,
    signers: &Signers<'_>,
    export: &Export,
    opts: &Options,
) -> Result<ImportReport, ImportError> {
    let plan = plan(export, opts)?;
    let opened = opening(signers, export, opts, &plan)?;
    check_not_imported_before(ledger, export, Some(&opened.id))?;
    let consultation = opened.id;
    let consultation_new = submit(ledger, &opened)?;

    let mut known: BTreeSet<String> = BTreeSet::new();
    if !consultation_new {
        for idea in ledger.ideas_of_consultation(&consultation)? {
            known.extend(idea.tags.into_iter().filter(|t| t.starts_with("polis:comment=")));
        }
    }
    let mut cards: BTreeMap<u64, CardRow> = BTreeMap::new();
    let (mut ideas_new, mut ideas_existing) = (0, 0);
    let mut ideas = Vec::new();
    for c in &plan.chosen {
        let card = card_for(signers.facilitator, &consultation, c.author);
        let name = format!("Participant {}", c.author);
        let row = cards.entry(c.author).or_insert_with(|| CardRow {
            participant: c.author,
            name: name.clone(),
            code: card.code.clone(),
            url: card.url(&opts.base_url),
            ideas: 0,
        });
        row.ideas += 1;
        let tag = format!("polis:comment={}", c.id);
        let already = known.contains(&tag);
        let spec = IdeaSpec {
            consultation,
            tags: vec![
                "polis".into(),
                tag,
                format!("polis:participant={}", c.author),
                format!("polis:agrees={}", c.agrees),
                format!("polis:disagrees={}", c.disagrees),
            ],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Pseudonym(name),
            claim_hash: Some(Id(card.hash)),
            given: Some(utc_date(c.timestamp_ms)),
        };
        let salt = derive(signers.facilitator, "salt", &consultation, c.id).to_vec();
        let text = IdeaText { salt, text: c.body.clone() };
        // Deterministic: the same comment always makes the same statement, hence the same id.
        let s = build::idea(signers.facilitator, c.timestamp_ms, &spec, text)?;
        ideas.push((c.author, c.id, s.id));
        if already {
            ideas_existing += 1;
        } else if submit(ledger, &s)? {
            ideas_new += 1;
        } else {
            ideas_existing += 1;
        }
    }
    Ok(ImportReport {
        consultation,
        consultation_new,
        ideas_new,
        ideas_existing,
        contributors: cards.len() as u64,
        comments_read: export.comments.len() as u64,
        seed: plan.seed,
        skipped: plan.skipped,
        cards: cards.into_values().collect(),
        ideas,
    })
}

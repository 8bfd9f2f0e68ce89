//! Importing a Pol.is open-data export (`comments.csv` and `summary.csv`).
//!
//! **What is recorded.** One `consultation` statement, signed by the convening organisation
//! with the import facilitator as recorder: the title given, the date (UTC) of the earliest
//! comment, place `Pol.is <url>`, and the topic from `summary.csv`'s `topic` row. Then one
//! `idea` per accepted comment (`moderated` = 1) that is not a seed statement, in timestamp
//! order, signed by the facilitator on its author's behalf: author time = the comment's
//! `timestamp` (ms), text = `comment-body`, pseudonym `Participant <author-id>`, and tags
//! `polis`, `polis:comment=<id>`, `polis:participant=<author-id>`, `polis:agrees=<n>`,
//! `polis:disagrees=<n>` (the idea body has no field for public votes, so they travel as
//! tags; the participant tag lets `heard cards` recompute the cards). Every idea of one participant carries
//! the claim hash of the same card: one claim takes them all.
//!
//! **Seed rule.** Comments whose `author-id` equals the seed author are the organiser's seed
//! statements (Pol.is conversations start with statements written by their owner: in the
//! shipped London data these are demographic questions, in the Scoop data the organisers'
//! prompts). They are skipped, not credited to anyone. The seed author is given
//! ([`Options::seed_author`]) or, by default, the author of the earliest comment (author 0 in
//! both shipped exports, which is their owner). Rejected (-1) and unmoderated (0) comments
//! are skipped too; the report counts each reason. Moderation is looked at first: a rejected
//! seed statement counts as rejected.
//!
//! **Idempotency.** Every statement is deterministic: author times come from the data, and
//! the claim secrets and text salts are derived from the facilitator's *secret* key, the
//! consultation id and the Pol.is ids (SHA-256 with a domain-separation label), so they can
//! be recomputed only by whoever holds that key. Running the same import again builds the
//! same statements; the consultation comes back as a `duplicate`, comments already in the
//! consultation (by their `polis:comment=` tag) are not submitted again, and any that are
//! come back as `duplicate`. Nothing new is logged, and the same cards are printed again.
//!
//! Everything is read and checked before the first statement is submitted: a malformed file
//! writes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

use super::ImportError;
use crate::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, Signed, key_id};
use crate::attribution::claim::{ClaimCard, SECRET_BYTES};
use crate::attribution::content::IdeaText;
use crate::attribution::kinds::Id;
use crate::ledger::Ledger;

/// One row of `comments.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The line of the file where the row starts (1-based; the header is line 1).
    pub line: u64,
    /// `timestamp`: ms since the Unix epoch.
    pub timestamp_ms: u64,
    /// `comment-id`.
    pub id: u64,
    /// `author-id`: the per-conversation participant number.
    pub author: u64,
    /// `agrees`.
    pub agrees: u64,
    /// `disagrees`.
    pub disagrees: u64,
    /// `moderated`: 1 accepted, 0 unmoderated, -1 rejected.
    pub moderated: i8,
    /// `comment-body`.
    pub body: String,
}

/// A parsed export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// `summary.csv`'s `topic`.
    pub topic: String,
    /// `summary.csv`'s `url` (empty when absent).
    pub url: String,
    /// The comments, in file order.
    pub comments: Vec<Comment>,
}

/// The columns `comments.csv` must have.
pub const COMMENT_COLUMNS: [&str; 7] =
    ["timestamp", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"];

fn bad(file: &str, line: u64, column: usize, why: impl Into<String>) -> ImportError {
    ImportError::BadCell { file: file.into(), line, column, why: why.into() }
}

fn csv_error(file: &str, e: &csv::Error) -> ImportError {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            bad(file, line, 0, format!("the row has {len} fields, the header {expected_len}"))
        }
        _ => bad(file, line, 0, e.to_string()),
    }
}

/// Reads `comments.csv` and `summary.csv` from an export folder.
pub fn read_dir(dir: &Path) -> Result<Export, ImportError> {
    let read = |name: &str| {
        let p = dir.join(name);
        std::fs::read(&p).map_err(|e| ImportError::Io { path: p.display().to_string(), why: e.to_string() })
    };
    parse(&read("comments.csv")?, &read("summary.csv")?)
}

/// Parses the two files' bytes (`include_bytes!` works too). Every cell is checked: invalid
/// UTF-8, a number that does not parse, a moderation value other than -1/0/1, a missing
/// column or a short row is an error naming the line and column.
pub fn parse(comments_csv: &[u8], summary_csv: &[u8]) -> Result<Export, ImportError> {
    let (topic, url) = parse_summary(summary_csv)?;
    let file = "comments.csv";
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(comments_csv);
    let header = r.byte_headers().map_err(|e| csv_error(file, &e))?.clone();
    let mut cols = [0usize; 7];
    for (slot, want) in cols.iter_mut().zip(COMMENT_COLUMNS) {
        *slot = header
            .iter()
            .position(|h| h == want.as_bytes())
            .ok_or_else(|| ImportError::MissingColumn { file: file.into(), column: want.into() })?;
    }
    let mut comments = Vec::new();
    for rec in r.byte_records() {
        let rec = rec.map_err(|e| csv_error(file, &e))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let cell = |i: usize| -> Result<&str, ImportError> {
            let bytes = rec.get(cols[i]).ok_or_else(|| bad(file, line, cols[i] + 1, "missing field"))?;
            std::str::from_utf8(bytes).map_err(|e| bad(file, line, cols[i] + 1, format!("not UTF-8 text: {e}")))
        };
        let number = |i: usize| -> Result<u64, ImportError> {
            let s = cell(i)?;
            s.trim().parse::<u64>().map_err(|_| {
                bad(file, line, cols[i] + 1, format!("{}: expected a whole number, got {s:?}", COMMENT_COLUMNS[i]))
            })
        };
        let moderated = match cell(5)?.trim() {
            "1" => 1,
            "0" => 0,
            "-1" => -1,
            other => {
                return Err(bad(file, line, cols[5] + 1, format!("moderated: expected 1, 0 or -1, got {other:?}")));
            }
        };
        comments.push(Comment {
            line,
            timestamp_ms: number(0)?,
            id: number(1)?,
            author: number(2)?,
            agrees: number(3)?,
            disagrees: number(4)?,
            moderated,
            body: cell(6)?.to_string(),
        });
    }
    Ok(Export { topic, url, comments })
}

fn parse_summary(bytes: &[u8]) -> Result<(String, String), ImportError> {
    let file = "summary.csv";
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let (mut topic, mut url) = (None, String::new());
    for rec in r.byte_records() {
        let rec = rec.map_err(|e| csv_error(file, &e))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let value = |col: usize| {
            std::str::from_utf8(rec.get(col).unwrap_or_default())
                .map(str::to_string)
                .map_err(|e| bad(file, line, col + 1, format!("not UTF-8 text: {e}")))
        };
        match rec.get(0) {
            Some(b"topic") => topic = Some(value(1)?),
            Some(b"url") => url = value(1)?,
            _ => {}
        }
    }
    let topic = topic.ok_or_else(|| ImportError::MissingColumn { file: file.into(), column: "topic".into() })?;
    Ok((topic, url))
}

/// Import settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The consultation's title.
    pub title: String,
    /// The seed author (`None`: the author of the earliest comment).
    pub seed_author: Option<u64>,
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

/// The rule: whether a comment is imported, or why not.
pub fn skip_reason(c: &Comment, seed_author: u64) -> Option<Skip> {
    match c.moderated {
        -1 => Some(Skip::Rejected),
        0 => Some(Skip::Unmoderated),
        _ if c.author == seed_author => Some(Skip::Seed),
        _ if c.body.trim().is_empty() => Some(Skip::Empty),
        _ => None,
    }
}

/// The default seed author: the author of the earliest comment.
pub fn default_seed_author(export: &Export) -> Option<u64> {
    export.comments.iter().min_by_key(|c| (c.timestamp_ms, c.id)).map(|c| c.author)
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
    /// The seed author used.
    pub seed_author: u64,
    /// Comments skipped, by reason.
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
        writeln!(f, "  ideas logged now                     {}", self.ideas_new)?;
        writeln!(f, "  ideas already logged                 {}", self.ideas_existing)?;
        writeln!(f, "  contributors (cards)                 {}", self.contributors)?;
        write!(f, "  seed author                          {}", self.seed_author)?;
        for (why, n) in &self.skipped {
            write!(f, "\n  skipped: {:<28} {n}", why.name())?;
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
/// facilitator). Idempotent (see the module docs).
pub fn import(
    ledger: &Ledger,
    signers: &Signers<'_>,
    export: &Export,
    opts: &Options,
) -> Result<ImportReport, ImportError> {
    if opts.title.trim().is_empty() {
        return Err(ImportError::Invalid("the consultation needs a title".into()));
    }
    let first = export
        .comments
        .iter()
        .map(|c| c.timestamp_ms)
        .min()
        .ok_or_else(|| ImportError::Invalid("comments.csv has no comments".into()))?;
    let seed_author = opts.seed_author.or_else(|| default_seed_author(export)).unwrap_or(0);
    let mut skipped: BTreeMap<Skip, u64> = BTreeMap::new();
    let mut chosen: Vec<&Comment> = Vec::new();
    for c in &export.comments {
        match skip_reason(c, seed_author) {
            Some(why) => *skipped.entry(why).or_insert(0) += 1,
            None => chosen.push(c),
        }
    }
    chosen.sort_by_key(|c| (c.timestamp_ms, c.id));

    let place = if export.url.is_empty() { "Pol.is".to_string() } else { format!("Pol.is {}", export.url) };
    let spec = ConsultationSpec {
        title: opts.title.clone(),
        date: utc_date(first),
        place,
        topic: export.topic.clone(),
        convenor: key_id(signers.organisation),
        recorders: vec![key_id(signers.facilitator)],
        closes: None,
    };
    let opened = build::consultation(signers.organisation, first, &spec)?;
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
    for c in chosen {
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
        seed_author,
        skipped,
        cards: cards.into_values().collect(),
        ideas,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_658_827_822_012), "2022-07-26");
        assert_eq!(utc_date(951_782_400_000), "2000-02-29");
    }
}

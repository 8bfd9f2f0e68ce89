//! Importing a Pol.is export (`comments.csv`, `summary.csv` and `participants-votes.csv`).
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
//! **The export is checked against itself before anything is written.** A signed idea
//! cannot be taken back, so an export that disagrees with itself is refused whole
//! ([`read_dir`], [`parse`]), with a stable code and the file, line and count at fault.
//! What Pol.is writes gives these rules: its `server/src/routes/export.ts` (how each count is
//! made), its schema's `tid_auto` trigger (comment ids per conversation from 0, one more each
//! time), and the exports in compdemocracy/openData at 0bc2ce0, where every rule below holds
//! for all 21 `comments.csv` and the 18 `participants-votes.csv` beside them that were checked:
//!
//! - `comments.csv` and `participants-votes.csv` end every row with a line break, and no
//!   file ends inside a quoted field; otherwise the file was cut short (`import_cut_short`).
//! - Comment ids are unique (`import_duplicate_id`) and run 0, 1, 2, … with no gap, in the
//!   order the comments were written, so the timestamps never go back as the ids go up
//!   (`import_inconsistent`). Rows lost to a cut, a dropped owner's rows, a swapped
//!   `author-id`/`comment-id` pair or a repeated row all break one of these.
//! - `summary.csv` must have every row Pol.is writes (`topic`, `url`, `voters`,
//!   `voters-in-conv`, `commenters`, `comments`, `groups`, `conversation-description`;
//!   `import_missing_row`), and the counts it states must agree (`import_count_mismatch`):
//!   `commenters` (Pol.is counts the distinct authors of every comment) equals the distinct
//!   `author-id`s in `comments.csv`; `comments` (the comments in Pol.is's last computation,
//!   which may leave out moderated ones: London states 36 for its 39 rows) is at most the
//!   rows of `comments.csv` and at most the comment columns of `participants-votes.csv`;
//!   `voters` (participants in that computation) is at most the rows of
//!   `participants-votes.csv`. In the openData exports the last two are equalities; a
//!   newer Pol.is lists every comment and every voter there, hence "at most".
//! - `participants-votes.csv` (or `participant-votes.csv`, its name in newer exports):
//!   each participant once (`import_duplicate_id`), each comment column a comment of
//!   `comments.csv`, and each participant's `n-comments` equal to their rows in
//!   `comments.csv` (`import_inconsistent`). Not every author is listed (Pol.is lists
//!   those who voted; scoop-hivemind.taxes has a commenter who never voted), so an author
//!   who is absent is not refused, but one who is listed must match.
//! - A header-only `comments.csv` is refused (`import_no_rows`).
//!
//! `summary.csv` has no conversation-id row; the conversation is known by its `url`.
//!
//! **Seed rule.** Pol.is conversations start with statements written by their owner (in
//! the shipped London data these are demographic questions, in the Scoop data the
//! organisers' prompts); they are skipped, not credited to anyone. The export never names
//! the owner, so by default ([`SeedRule::FromExport`]) the seed author is taken from what
//! the numbering says: Pol.is numbers participants, like comments, 0, 1, 2, … as they
//! join, and the owner who seeds the conversation joins first, so when comment 0 is by
//! participant 0 that participant is the seed author (both shipped exports). When comment 0
//! is by anyone else, taking its author as the seed author is only a guess, and one that
//! would drop a real participant's comments if the owner wrote none: the import is refused
//! (`import_seed_guess`) unless the caller says `--seed-author N`, `--seed-author none` or
//! `--accept-seed-guess` ([`SeedRule`]). A guess that would skip no accepted comment skips
//! nothing instead. What this cannot tell apart: a conversation whose owner wrote no seed
//! statement and whose first participant wrote comment 0; the report names the seed author
//! and how many comments were skipped as theirs, so it is never silent. Rejected (-1),
//! unmoderated (0) and empty comments are skipped too; moderation is looked at first (a
//! rejected seed statement counts as rejected), and the report prints every reason's count.
//!
//! **Imported before.** The consultation's place, `Pol.is <url>`, is the fact that
//! recognises the conversation: before writing, the import looks for a consultation in the
//! log with that place (the URL compared without its scheme, case or a trailing `/`), and when one
//! exists that is not the consultation this import would open, it refuses
//! (`import_imported_before`), naming it. No new signed field was needed.
//!
//! **Idempotency.** Every statement is deterministic: author times come from the data, and
//! the claim secrets and text salts are derived from the facilitator's *secret* key, the
//! consultation id and the Pol.is ids (SHA-256 with a domain-separation label), so they can
//! be recomputed only by whoever holds that key. Running the same import again (same title,
//! same keys) builds the same statements; the consultation comes back as a `duplicate`,
//! comments already in the consultation (by their `polis:comment=` tag) are not submitted
//! again, and any that are come back as `duplicate`. Nothing new is logged, and the same
//! cards are printed again.

mod plan;
pub use plan::*;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::ImportError;

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

/// A count `summary.csv` states, with the line that states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stated {
    /// The number.
    pub value: u64,
    /// Its line in `summary.csv`.
    pub line: u64,
}

/// The counts `summary.csv` states that the import checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// `voters`: participants who voted, in Pol.is's last computation.
    pub voters: Stated,
    /// `commenters`: distinct authors of comments.
    pub commenters: Stated,
    /// `comments`: comments in Pol.is's last computation.
    pub comments: Stated,
}

/// One row of `participants-votes.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Participant {
    /// Its line.
    pub line: u64,
    /// `participant`: the same number as `author-id`.
    pub id: u64,
    /// `n-comments`: how many comments they wrote.
    pub comments: u64,
}

/// A parsed export, checked against itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// `summary.csv`'s `topic`.
    pub topic: String,
    /// `summary.csv`'s `url`: the conversation (never empty).
    pub url: String,
    /// The counts `summary.csv` states.
    pub counts: Counts,
    /// The comments, in file order.
    pub comments: Vec<Comment>,
    /// The participants `participants-votes.csv` lists, in file order.
    pub participants: Vec<Participant>,
    /// The comment ids heading `participants-votes.csv`'s vote columns.
    pub voted_on: Vec<u64>,
}

/// The columns `comments.csv` must have.
pub const COMMENT_COLUMNS: [&str; 7] =
    ["timestamp", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"];

/// The rows every Pol.is `summary.csv` has (the import reads `topic`, `url`, `voters`,
/// `commenters` and `comments`; a file without the others was cut short).
pub const SUMMARY_ROWS: [&str; 8] =
    ["topic", "url", "voters", "voters-in-conv", "commenters", "comments", "groups", "conversation-description"];

/// The names `participants-votes.csv` goes by: compdemocracy/openData's, then Pol.is's own
/// report export's.
pub const PARTICIPANT_FILES: [&str; 2] = ["participants-votes.csv", "participant-votes.csv"];

const COMMENTS: &str = "comments.csv";
const SUMMARY: &str = "summary.csv";

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

/// Refuses a file that was cut short: one that ends inside a quoted field (an odd number of
/// `"`: every quoted field opens and closes, and a quote inside one is doubled) or, when
/// `rows_end_with_newline`, one whose last row has no line break after it.
fn check_not_cut(file: &str, bytes: &[u8], rows_end_with_newline: bool) -> Result<(), ImportError> {
    let line = bytes.iter().filter(|&&b| b == b'\n').count() as u64 + u64::from(!bytes.ends_with(b"\n"));
    let cut = |why: &str| ImportError::CutShort { file: file.into(), line, why: why.into() };
    if bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
        return Err(cut("the file ends inside a quoted field: it was cut short"));
    }
    if rows_end_with_newline && !bytes.is_empty() && !bytes.ends_with(b"\n") {
        return Err(cut(
            "the last row has no line break after it (a Pol.is export ends every row with one): the file was cut short",
        ));
    }
    Ok(())
}

/// Reads `comments.csv`, `summary.csv` and `participants-votes.csv` (or
/// `participant-votes.csv`) from an export folder and checks them ([`parse`]).
pub fn read_dir(dir: &Path) -> Result<Export, ImportError> {
    let read = |name: &str| {
        let p = dir.join(name);
        std::fs::read(&p).map_err(|e| ImportError::Io { path: p.display().to_string(), why: e.to_string() })
    };
    let comments = read(COMMENTS)?;
    let summary = read(SUMMARY)?;
    let Some(name) = PARTICIPANT_FILES.into_iter().find(|n| dir.join(n).exists()) else {
        return Err(ImportError::Io {
            path: dir.join(PARTICIPANT_FILES[0]).display().to_string(),
            why: "missing (nor is there a participant-votes.csv): the import checks comments.csv against the \
                  participants it lists and how many comments each wrote"
                .into(),
        });
    };
    parse_named(&comments, &summary, &read(name)?, name)
}

/// Parses and checks the three files' bytes (`include_bytes!` works too). Every cell the
/// import reads is checked (invalid UTF-8, a number that does not parse, a moderation value
/// other than -1/0/1, a missing column or a short row is an error naming the line and
/// column), then the files are checked against each other as the module docs say.
pub fn parse(comments_csv: &[u8], summary_csv: &[u8], participants_votes_csv: &[u8]) -> Result<Export, ImportError> {
    parse_named(comments_csv, summary_csv, participants_votes_csv, PARTICIPANT_FILES[0])
}

fn parse_named(
    comments_csv: &[u8],
    summary_csv: &[u8],
    participants_csv: &[u8],
    participants_file: &str,
) -> Result<Export, ImportError> {
    let comments = parse_comments(comments_csv)?;
    let (topic, url, counts) = parse_summary(summary_csv)?;
    let (voted_on, participants) = parse_participants(participants_file, participants_csv)?;
    let export = Export { topic, url, counts, comments, participants, voted_on };
    check_counts(&export, participants_file)?;
    check_structure(&export)?;
    check_participants(&export, participants_file)?;
    Ok(export)
}

fn parse_comments(bytes: &[u8]) -> Result<Vec<Comment>, ImportError> {
    let file = COMMENTS;
    check_not_cut(file, bytes, true)?;
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
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
    if comments.is_empty() {
        return Err(ImportError::NoRows {
            file: file.into(),
            why: "the file has a header but no comments: there is nothing to import".into(),
        });
    }
    Ok(comments)
}

fn parse_summary(bytes: &[u8]) -> Result<(String, String, Counts), ImportError> {
    let file = SUMMARY;
    // Pol.is's own report export writes no line break after the last row, so only a quote
    // left open says this file was cut; a missing row below says the rest.
    check_not_cut(file, bytes, false)?;
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut rows: BTreeMap<&str, (u64, String)> = BTreeMap::new();
    for rec in r.byte_records() {
        let rec = rec.map_err(|e| csv_error(file, &e))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let Some(name) = rec.get(0).and_then(|n| SUMMARY_ROWS.into_iter().find(|r| r.as_bytes() == n)) else {
            continue;
        };
        let value = std::str::from_utf8(rec.get(1).unwrap_or_default())
            .map_err(|e| bad(file, line, 2, format!("not UTF-8 text: {e}")))?;
        if let Some((first, _)) = rows.get(name) {
            return Err(ImportError::DuplicateId {
                file: file.into(),
                line,
                first_line: *first,
                what: format!("a \"{name}\" row"),
            });
        }
        rows.insert(name, (line, value.to_string()));
    }
    for name in SUMMARY_ROWS {
        if !rows.contains_key(name) {
            return Err(ImportError::MissingRow {
                file: file.into(),
                row: name.into(),
                why: "every Pol.is summary.csv has one; without it the file was cut short or is not a Pol.is export"
                    .into(),
            });
        }
    }
    let text = |name: &str| rows.get(name).map(|(_, v)| v.clone()).unwrap_or_default();
    let count = |name: &str| -> Result<Stated, ImportError> {
        let (line, v) = rows.get(name).cloned().unwrap_or_default();
        let value = v
            .trim()
            .parse::<u64>()
            .map_err(|_| bad(file, line, 2, format!("{name}: expected a whole number, got {v:?}")))?;
        Ok(Stated { value, line })
    };
    let url = text("url").trim().to_string();
    if url.is_empty() {
        let line = rows.get("url").map(|(l, _)| *l).unwrap_or(0);
        return Err(bad(file, line, 2, "url: empty; the import knows a conversation by its URL"));
    }
    let counts = Counts { voters: count("voters")?, commenters: count("commenters")?, comments: count("comments")? };
    Ok((text("topic"), url, counts))
}

fn parse_participants(file: &str, bytes: &[u8]) -> Result<(Vec<u64>, Vec<Participant>), ImportError> {
    check_not_cut(file, bytes, true)?;
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let header = r.byte_headers().map_err(|e| csv_error(file, &e))?.clone();
    let col = |want: &str| {
        header
            .iter()
            .position(|h| h == want.as_bytes())
            .ok_or_else(|| ImportError::MissingColumn { file: file.into(), column: want.into() })
    };
    let (cp, cn) = (col("participant")?, col("n-comments")?);
    // The vote columns are headed by comment ids; every other column has a name.
    let mut voted_on = Vec::new();
    let mut seen = BTreeSet::new();
    for h in header.iter() {
        if let Some(id) = std::str::from_utf8(h).ok().and_then(|s| s.trim().parse::<u64>().ok()) {
            if !seen.insert(id) {
                return Err(ImportError::DuplicateId {
                    file: file.into(),
                    line: 1,
                    first_line: 1,
                    what: format!("a column for comment {id}"),
                });
            }
            voted_on.push(id);
        }
    }
    let mut participants: Vec<Participant> = Vec::new();
    let mut lines: BTreeMap<u64, u64> = BTreeMap::new();
    for rec in r.byte_records() {
        let rec = rec.map_err(|e| csv_error(file, &e))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let number = |c: usize, name: &str| -> Result<u64, ImportError> {
            let s = std::str::from_utf8(rec.get(c).unwrap_or_default())
                .map_err(|e| bad(file, line, c + 1, format!("not UTF-8 text: {e}")))?;
            s.trim()
                .parse::<u64>()
                .map_err(|_| bad(file, line, c + 1, format!("{name}: expected a whole number, got {s:?}")))
        };
        let p = Participant { line, id: number(cp, "participant")?, comments: number(cn, "n-comments")? };
        if let Some(first) = lines.insert(p.id, line) {
            return Err(ImportError::DuplicateId {
                file: file.into(),
                line,
                first_line: first,
                what: format!("participant {}", p.id),
            });
        }
        participants.push(p);
    }
    Ok((voted_on, participants))
}

/// Comment ids: unique, 0, 1, 2, … with no gap, and never dated before a lower id.
fn check_structure(export: &Export) -> Result<(), ImportError> {
    let file = COMMENTS;
    let mut by_id: BTreeMap<u64, &Comment> = BTreeMap::new();
    for c in &export.comments {
        if let Some(first) = by_id.insert(c.id, c) {
            return Err(ImportError::DuplicateId {
                file: file.into(),
                line: c.line,
                first_line: first.line,
                what: format!("comment-id {}", c.id),
            });
        }
    }
    let n = by_id.len() as u64;
    if let Some((&last, _)) = by_id.last_key_value()
        && last + 1 != n
    {
        let missing: Vec<u64> = (0..=last).filter(|i| !by_id.contains_key(i)).collect();
        let shown: Vec<String> = missing.iter().take(5).map(u64::to_string).collect();
        let more = if missing.len() > 5 { ", …" } else { "" };
        return Err(ImportError::Inconsistent {
            file: file.into(),
            why: format!(
                "the comment ids run from 0 to {last}, but {} of them are not in the file ({}{more}); Pol.is numbers \
                 a conversation's comments 0, 1, 2, … so rows are missing",
                missing.len(),
                shown.join(", ")
            ),
        });
    }
    for (a, b) in by_id.values().zip(by_id.values().skip(1)) {
        if b.timestamp_ms < a.timestamp_ms {
            return Err(ImportError::Inconsistent {
                file: file.into(),
                why: format!(
                    "line {}: comment {} is dated {}, before comment {} on line {} ({}); Pol.is numbers comments in \
                     the order they are written, so the comment-id column does not hold comment ids",
                    b.line, b.id, b.timestamp_ms, a.id, a.line, a.timestamp_ms
                ),
            });
        }
    }
    Ok(())
}

/// The counts `summary.csv` states, against the other two files.
fn check_counts(export: &Export, participants_file: &str) -> Result<(), ImportError> {
    let c = &export.counts;
    let mismatch = |line: u64, why: String| Err(ImportError::CountMismatch { file: SUMMARY.into(), line, why });
    let authors: BTreeSet<u64> = export.comments.iter().map(|c| c.author).collect();
    if c.commenters.value != authors.len() as u64 {
        return mismatch(
            c.commenters.line,
            format!(
                "states {} commenters, but comments.csv has comments by {} different author-ids",
                c.commenters.value,
                authors.len()
            ),
        );
    }
    let rows = export.comments.len() as u64;
    if c.comments.value > rows {
        return mismatch(
            c.comments.line,
            format!("states {} comments, but comments.csv has {rows} rows", c.comments.value),
        );
    }
    let columns = export.voted_on.len() as u64;
    if c.comments.value > columns {
        return mismatch(
            c.comments.line,
            format!("states {} comments, but {participants_file} has vote columns for {columns}", c.comments.value),
        );
    }
    let listed = export.participants.len() as u64;
    if c.voters.value > listed {
        return mismatch(
            c.voters.line,
            format!("states {} voters, but {participants_file} lists {listed} participants", c.voters.value),
        );
    }
    Ok(())
}

/// Every vote column is a comment of `comments.csv`; every listed participant wrote as many
/// comments there as their `n-comments` says.
fn check_participants(export: &Export, file: &str) -> Result<(), ImportError> {
    let ids: BTreeSet<u64> = export.comments.iter().map(|c| c.id).collect();
    if let Some(id) = export.voted_on.iter().find(|id| !ids.contains(id)) {
        return Err(ImportError::Inconsistent {
            file: file.into(),
            why: format!("line 1: has a vote column for comment {id}, which comments.csv does not have"),
        });
    }
    let mut written: BTreeMap<u64, u64> = BTreeMap::new();
    for c in &export.comments {
        *written.entry(c.author).or_insert(0) += 1;
    }
    for p in &export.participants {
        let found = written.get(&p.id).copied().unwrap_or(0);
        if found != p.comments {
            return Err(ImportError::Inconsistent {
                file: file.into(),
                why: format!(
                    "line {}: participant {} wrote {} comments (n-comments), but comments.csv has {found} by \
                     author-id {}",
                    p.line, p.id, p.comments, p.id
                ),
            });
        }
    }
    Ok(())
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

    #[test]
    fn a_conversation_is_known_by_its_url_in_the_place() {
        let url = "https://pol.is/9xxwa9jpkm";
        assert!(is_from_conversation("Pol.is https://pol.is/9xxwa9jpkm", url));
        assert!(is_from_conversation("Pol.is http://POL.IS/9xxwa9jpkm/", url));
        assert!(!is_from_conversation("Pol.is https://pol.is/9xxwa9jpkmx", url));
        assert!(!is_from_conversation("Online, London (Pol.is https://pol.is/9xxwa9jpkm)", url));
        assert!(!is_from_conversation("Pol.is ", ""));
        assert!(!is_from_conversation("Pol.is", ""));
    }

    #[test]
    fn a_cut_file_is_told_by_its_end() {
        assert!(check_not_cut("f", b"a,b\n1,2\n", true).is_ok());
        assert!(check_not_cut("f", b"a,b\n1,\"x\n\"\"y\"\n", true).is_ok());
        let line = |bytes: &[u8], newline: bool| match check_not_cut("f", bytes, newline) {
            Err(ImportError::CutShort { line, .. }) => line,
            other => panic!("expected cut short, got {other:?}"),
        };
        assert_eq!(line(b"a,b\n1,2", true), 2);
        assert_eq!(line(b"a,b\n1,\"x\ny", false), 3);
        assert!(check_not_cut("f", b"a,b\n1,2", false).is_ok(), "summary.csv may end without a line break");
    }
}

//! Importing ideas from any CSV file into an existing consultation (`heard import csv`).
//!
//! A [`Mapping`] names the columns holding the idea's text, its contributor and its date
//! (`YYYY-MM-DD`, UTC midnight, or whole milliseconds since the Unix epoch), and optionally
//! its tags (separated by `;`). Every row is checked before anything is written: by default
//! the first bad row stops the import with `line L, column C: why` and nothing is logged;
//! with `skip_bad`, every bad row is reported and the good ones are imported.
//!
//! Each idea is recorded by the facilitator on its contributor's behalf, **anonymously**
//! (a contributor column may hold real names, which do not go into the public log without
//! the person's consent; they choose how to be shown when they claim), with one claim card
//! per distinct contributor value. As for Pol.is, salts and card secrets are derived from the
//! facilitator's secret key, so running the same file again logs nothing new.

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

use super::ImportError;
use super::polis::CardRow;
use crate::attribution::build::{self, Attribution, IdeaSpec, key_id};
use crate::attribution::claim::{ClaimCard, SECRET_BYTES};
use crate::attribution::content::IdeaText;
use crate::attribution::kinds::Id;
use crate::ledger::Ledger;

/// Which column holds what (header names).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// The idea's text.
    pub text: String,
    /// Who said it (a name or any stable label).
    pub contributor: String,
    /// When (`YYYY-MM-DD` or ms since the epoch).
    pub date: String,
    /// Tags, `;`-separated (optional).
    pub tags: Option<String>,
}

impl Mapping {
    /// Parses `text=COL,contributor=COL,date=COL[,tags=COL]`.
    pub fn parse(s: &str) -> Result<Mapping, ImportError> {
        let mut m: BTreeMap<&str, &str> = BTreeMap::new();
        for part in s.split(',') {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| ImportError::Invalid(format!("--map: expected FIELD=COLUMN, got {part:?}")))?;
            if !matches!(k, "text" | "contributor" | "date" | "tags") {
                return Err(ImportError::Invalid(format!(
                    "--map: unknown field {k:?} (text, contributor, date, tags)"
                )));
            }
            m.insert(k, v);
        }
        let need = |k: &str| {
            m.get(k)
                .map(|v| v.to_string())
                .ok_or_else(|| ImportError::Invalid(format!("--map: {k}=COLUMN is required")))
        };
        Ok(Mapping {
            text: need("text")?,
            contributor: need("contributor")?,
            date: need("date")?,
            tags: m.get("tags").map(|v| v.to_string()),
        })
    }
}

/// One checked row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Line where the record starts.
    pub line: u64,
    /// Text.
    pub text: String,
    /// Contributor label.
    pub contributor: String,
    /// Author time, ms.
    pub time_ms: u64,
    /// Tags.
    pub tags: Vec<String>,
}

/// A row that failed its checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// Line where the record starts.
    pub line: u64,
    /// 1-based column (0: the whole row).
    pub column: usize,
    /// Why.
    pub why: String,
}

/// Milliseconds since the epoch of `YYYY-MM-DD` (UTC midnight) or of a whole number of ms.
pub fn parse_time(s: &str) -> Option<u64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[..4].parse().ok()?;
    let m: i64 = s[5..7].parse().ok()?;
    let d: i64 = s[8..].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d < 1 || d > days_in[(m - 1) as usize] || y < 1970 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days).ok().map(|d| d * 86_400_000)
}

/// Reads and checks every row: the good rows and every bad one, in file order. A missing
/// mapped column is an error for the whole file.
pub fn read(bytes: &[u8], map: &Mapping) -> Result<(Vec<Row>, Vec<BadRow>), ImportError> {
    let file = "CSV";
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let header = r
        .byte_headers()
        .map_err(|e| ImportError::BadCell { file: file.into(), line: 1, column: 0, why: e.to_string() })?
        .clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name.as_bytes())
            .ok_or_else(|| ImportError::MissingColumn { file: file.into(), column: name.into() })
    };
    let (ct, cc, cd) = (col(&map.text)?, col(&map.contributor)?, col(&map.date)?);
    let cg = map.tags.as_deref().map(col).transpose()?;
    let (mut rows, mut bad) = (Vec::new(), Vec::new());
    for rec in r.byte_records() {
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                let why = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("the row has {len} fields, the header {expected_len}")
                    }
                    _ => e.to_string(),
                };
                bad.push(BadRow { line, column: 0, why });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let cell = |c: usize| -> Result<String, BadRow> {
            let b = rec.get(c).unwrap_or_default();
            std::str::from_utf8(b).map(str::to_string).map_err(|e| BadRow {
                line,
                column: c + 1,
                why: format!("not UTF-8 text: {e}"),
            })
        };
        let row = (|| -> Result<Row, BadRow> {
            // Encoding first, left to right, so the first bad cell is the one named.
            let mut mapped: Vec<usize> = [Some(ct), Some(cc), Some(cd), cg].into_iter().flatten().collect();
            mapped.sort_unstable();
            for c in mapped {
                cell(c)?;
            }
            let text = cell(ct)?;
            if text.trim().is_empty() {
                return Err(BadRow { line, column: ct + 1, why: "the idea's text is empty".into() });
            }
            let contributor = cell(cc)?;
            if contributor.trim().is_empty() {
                return Err(BadRow { line, column: cc + 1, why: "the contributor is empty".into() });
            }
            let d = cell(cd)?;
            let time_ms = parse_time(&d).ok_or_else(|| BadRow {
                line,
                column: cd + 1,
                why: format!("expected a date YYYY-MM-DD or milliseconds, got {d:?}"),
            })?;
            let tags = match cg {
                Some(c) => cell(c)?.split(';').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect(),
                None => Vec::new(),
            };
            Ok(Row { line, text, contributor: contributor.trim().to_string(), time_ms, tags })
        })();
        match row {
            Ok(r) => rows.push(r),
            Err(b) => bad.push(b),
        }
    }
    Ok((rows, bad))
}

/// What a CSV import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableReport {
    /// Ideas logged now.
    pub ideas_new: u64,
    /// Ideas already in the log.
    pub ideas_existing: u64,
    /// Rows skipped (with `skip_bad`).
    pub skipped: Vec<BadRow>,
    /// One card per contributor (`participant` is the card's number in order of appearance).
    pub cards: Vec<CardRow>,
}

fn derive(facilitator: &SigningKey, what: &str, consultation: &Id, data: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"heard/v1/import/csv\n");
    h.update(facilitator.to_bytes());
    h.update(what.as_bytes());
    h.update(b"\n");
    h.update(consultation.0);
    for d in data {
        h.update((d.len() as u64).to_be_bytes());
        h.update(d);
    }
    h.finalize().into()
}

/// The claim card of one contributor value of a CSV import (derived from the facilitator's
/// secret key, the consultation and the value, so the same file always gives the same card).
pub fn card_for(facilitator: &SigningKey, consultation: &Id, contributor: &str) -> ClaimCard {
    let d = derive(facilitator, "card", consultation, &[contributor.as_bytes()]);
    let mut secret = [0u8; SECRET_BYTES];
    secret.copy_from_slice(&d[..SECRET_BYTES]);
    ClaimCard::from_secret(secret)
}

/// Imports `bytes` into `consultation`, recorded by `facilitator` (one of its recorders).
/// All or nothing unless `skip_bad`.
pub fn import(
    ledger: &Ledger,
    facilitator: &SigningKey,
    consultation: &Id,
    bytes: &[u8],
    map: &Mapping,
    skip_bad: bool,
    base_url: &str,
) -> Result<TableReport, ImportError> {
    let (rows, bad) = read(bytes, map)?;
    if let (false, Some(b)) = (skip_bad, bad.first()) {
        return Err(ImportError::BadCell { file: "CSV".into(), line: b.line, column: b.column, why: b.why.clone() });
    }
    let c = ledger.consultation(consultation)?;
    if !c.recorders.contains(&key_id(facilitator)) {
        return Err(ImportError::Invalid(format!(
            "the facilitator key is not a recorder of consultation \"{}\"; nothing was written",
            c.title
        )));
    }
    let mut cards: BTreeMap<String, (ClaimCard, CardRow)> = BTreeMap::new();
    let (mut ideas_new, mut ideas_existing) = (0, 0);
    for row in &rows {
        let n = cards.len() as u64 + 1;
        let (card, cr) = cards.entry(row.contributor.clone()).or_insert_with(|| {
            let card = card_for(facilitator, consultation, &row.contributor);
            let cr = CardRow {
                participant: n,
                name: row.contributor.clone(),
                code: card.code.clone(),
                url: card.url(base_url),
                ideas: 0,
            };
            (card, cr)
        });
        cr.ideas += 1;
        let spec = IdeaSpec {
            consultation: *consultation,
            tags: row.tags.clone(),
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: Some(Id(card.hash)),
            given: None,
        };
        let salt = derive(
            facilitator,
            "salt",
            consultation,
            &[row.contributor.as_bytes(), row.text.as_bytes(), &row.time_ms.to_be_bytes()],
        );
        let s = build::idea(facilitator, row.time_ms, &spec, IdeaText { salt: salt.to_vec(), text: row.text.clone() })?;
        match ledger.submit(&s.statement, &s.signature, s.content.clone()) {
            Ok(_) => ideas_new += 1,
            Err(e) if e.code() == "duplicate" => ideas_existing += 1,
            Err(e) => return Err(e.into()),
        }
    }
    let mut cards: Vec<CardRow> = cards.into_values().map(|(_, r)| r).collect();
    cards.sort_by_key(|c| c.participant);
    Ok(TableReport { ideas_new, ideas_existing, skipped: bad, cards })
}

//! Bringing real consultations in: importers that append through [`crate::ledger::Ledger`]
//! with the same statement builders as the demo and the client.
//!
//! - [`polis`]: a Pol.is export folder (`comments.csv`, `summary.csv`, `participants-votes.csv`),
//!   checked against the counts and numbering it states.
//! - [`table`]: any CSV file, with a column mapping, into an existing consultation.
//! - [`cards`]: printable HTML claim cards with QR codes for an imported consultation.
//!
//! Reading is strict and happens before anything is written: a file that does not parse, or
//! an export that disagrees with itself, gives an [`ImportError`] with a stable code naming
//! the file and the line, column or count at fault, and the log is left untouched.

pub mod cards;
pub mod polis;
pub mod table;

use ed25519_dalek::SigningKey;

use crate::attribution::AttributionError;
use crate::attribution::build;
use crate::attribution::kinds::{Id, Role};
use crate::ledger::{Ledger, LedgerError};

/// Why an import failed. Every variant has a stable [`ImportError::code`].
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file could not be read.
    #[error("{path}: {why}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        why: String,
    },
    /// A required column is missing from a CSV header.
    #[error("{file}: line 1: missing column \"{column}\"")]
    MissingColumn {
        /// The file.
        file: String,
        /// The column's name.
        column: String,
    },
    /// A CSV cell (or the row around it) is malformed.
    #[error("{file}: line {line}, column {column}: {why}")]
    BadCell {
        /// The file.
        file: String,
        /// 1-based line where the record starts.
        line: u64,
        /// 1-based column (0 when the whole row is at fault).
        column: usize,
        /// What is wrong.
        why: String,
    },
    /// A file ends part-way through a row or a quoted field: it was cut short.
    #[error("{file}: line {line}: {why}")]
    CutShort {
        /// The file.
        file: String,
        /// The line the file ends on.
        line: u64,
        /// What gave it away.
        why: String,
    },
    /// A row the file must have (a `summary.csv` row such as `comments`) is absent.
    #[error("{file}: no \"{row}\" row ({why})")]
    MissingRow {
        /// The file.
        file: String,
        /// The row's name (its first cell).
        row: String,
        /// Why the import needs it.
        why: String,
    },
    /// A file has rows but none to import (a header-only `comments.csv`).
    #[error("{file}: {why}")]
    NoRows {
        /// The file.
        file: String,
        /// What was expected.
        why: String,
    },
    /// An id the export numbers once appears twice (a comment id, a participant, ...).
    #[error("{file}: line {line}: {what} again (first on line {first_line}); a Pol.is export has each once")]
    DuplicateId {
        /// The file.
        file: String,
        /// The line of the second one.
        line: u64,
        /// The line of the first one.
        first_line: u64,
        /// What repeats (`comment-id 7`).
        what: String,
    },
    /// A count the export states (in `summary.csv` or `participants-votes.csv`) disagrees
    /// with what its other files hold.
    #[error("{file}: line {line}: {why}")]
    CountMismatch {
        /// The file that states the count.
        file: String,
        /// The line that states it.
        line: u64,
        /// The count stated and the count found.
        why: String,
    },
    /// Something the export's own structure rules out (a gap in the comment ids, a
    /// participant's comments that are not there, ...).
    #[error("{file}: {why}")]
    Inconsistent {
        /// The file at fault.
        file: String,
        /// What is wrong, with the line where there is one.
        why: String,
    },
    /// The default seed rule would skip the comments of someone the export does not show
    /// as the conversation's owner; the caller has to say who the seed author is.
    #[error("{why}")]
    SeedGuess {
        /// The author-id the guess would take as the seed author.
        author: u64,
        /// Accepted comments of theirs that would not be credited.
        comments: u64,
        /// The whole explanation.
        why: String,
    },
    /// The log already holds a consultation imported from this conversation, other than
    /// the one this import would open (the same conversation under another title).
    #[error(
        "the Pol.is conversation {url} was imported before, as consultation {} \"{title}\"; importing it again under another title would make a second consultation with new cards (re-run with --consultation-title \"{title}\" to bring that one up to date)",
        consultation.hex()
    )]
    ImportedBefore {
        /// The conversation's URL (`summary.csv`'s `url`).
        url: String,
        /// The consultation already in the log.
        consultation: Id,
        /// Its title.
        title: String,
    },
    /// The import's arguments are unusable (empty title, an unknown seed author, ...).
    #[error("{0}")]
    Invalid(String),
    /// A statement could not be built.
    #[error(transparent)]
    Build(#[from] AttributionError),
    /// The ledger refused a statement (other than as a duplicate) or failed.
    #[error("the ledger refused the import: {code}: {detail}")]
    Ledger {
        /// The ledger's code.
        code: &'static str,
        /// Its message.
        detail: String,
    },
}

impl ImportError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Io { .. } => "import_io",
            ImportError::MissingColumn { .. } => "import_missing_column",
            ImportError::BadCell { .. } => "import_bad_cell",
            ImportError::CutShort { .. } => "import_cut_short",
            ImportError::MissingRow { .. } => "import_missing_row",
            ImportError::NoRows { .. } => "import_no_rows",
            ImportError::DuplicateId { .. } => "import_duplicate_id",
            ImportError::CountMismatch { .. } => "import_count_mismatch",
            ImportError::Inconsistent { .. } => "import_inconsistent",
            ImportError::SeedGuess { .. } => "import_seed_guess",
            ImportError::ImportedBefore { .. } => "import_imported_before",
            ImportError::Invalid(_) => "import_invalid",
            ImportError::Build(e) => e.code(),
            ImportError::Ledger { code, .. } => code,
        }
    }
}

impl From<LedgerError> for ImportError {
    fn from(e: LedgerError) -> Self {
        ImportError::Ledger { code: e.code(), detail: e.to_string() }
    }
}

/// Enrols `member` in `role` with `name`, signed by `operator`, unless the log already knows
/// it; returns whether it was enrolled now. For the import commands' own keys on a fresh
/// data folder.
pub fn ensure_enrolled(
    ledger: &Ledger,
    operator: &SigningKey,
    member: &SigningKey,
    role: Role,
    name: &str,
    time_ms: u64,
) -> Result<bool, ImportError> {
    let id = build::key_id(member);
    if ledger.party_name(&id)?.is_some() {
        return Ok(false);
    }
    let s = build::enrol(operator, time_ms, id, role, name, false)?;
    ledger.submit(&s.statement, &s.signature, None)?;
    Ok(true)
}

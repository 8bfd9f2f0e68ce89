//! Bringing real consultations in: importers that append through [`crate::ledger::Ledger`]
//! with the same statement builders as the demo and the client.
//!
//! - [`polis`]: a Pol.is open-data export folder (`comments.csv`, `summary.csv`).
//! - [`table`]: any CSV file, with a column mapping, into an existing consultation.
//! - [`cards`]: printable HTML claim cards with QR codes for an imported consultation.
//!
//! Reading is strict and happens before anything is written: a file that does not parse
//! gives an [`ImportError`] naming the line and column, and the log is left untouched.

pub mod cards;
pub mod polis;
pub mod table;

use ed25519_dalek::SigningKey;

use crate::attribution::AttributionError;
use crate::attribution::build;
use crate::attribution::kinds::Role;
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
    /// The import's arguments are unusable (empty title, no comments, ...).
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

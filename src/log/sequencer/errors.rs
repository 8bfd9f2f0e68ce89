//! Why an append or an open was refused.

use super::*;

/// Why an append was refused. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppendError {
    /// The statement failed a check of its own (see [`StatementError`]).
    #[error(transparent)]
    Statement(#[from] StatementError),
    /// The same statement (same statement hash) is already logged.
    #[error("this statement is already in the log as entry {seq}")]
    Duplicate {
        /// The existing entry's seq.
        seq: u64,
    },
    /// The domain's policy refused it.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The store failed (the reason: a full disk, an I/O error); the log stops accepting
    /// appends until it is reopened.
    #[error("the log cannot write to its storage ({0}), so nothing was written; try again later")]
    Storage(String),
    /// The log is shut down.
    #[error("the log is shut down")]
    Closed,
}

impl AppendError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppendError::Statement(e) => e.code(),
            AppendError::Duplicate { .. } => "duplicate",
            AppendError::Refused(r) => r.code,
            AppendError::Storage(_) => "storage_unavailable",
            AppendError::Closed => "closed",
        }
    }
}

/// Why a log could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// The store failed or is corrupt.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored state disagrees with the last signed checkpoint; the log refuses to start.
    #[error("refusing to start: {0}")]
    Inconsistent(String),
    /// The checkpoint origin is not valid for a signed note key name.
    #[error("invalid origin {0:?}: {1}")]
    Origin(String, String),
}

impl OpenError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::Store(e) => e.code(),
            OpenError::Inconsistent(_) => "inconsistent_store",
            OpenError::Origin(..) => "bad_origin",
        }
    }
}

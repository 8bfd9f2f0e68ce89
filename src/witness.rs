//! A witness: follows a log, checks it only grows, and cosigns its checkpoints.
//!
//! The witness keeps the last checkpoint it cosigned for the log in a state file. Given a
//! newer checkpoint and a consistency proof from the old size, it verifies the log's
//! signature, refuses a smaller tree (rollback) or a proof that does not link the two roots
//! (fork), persists the new checkpoint (write, fsync, rename) and only then returns its
//! C2SP `cosignature/v1` line.

pub mod add;
pub mod policy;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::protocol::Hash;
use crate::protocol::merkle::verify_consistency;
use crate::protocol::note::{Checkpoint, Cosigner, Note, NoteError, NoteVerifier};

/// Why the witness refused to cosign.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WitnessError {
    /// The checkpoint is malformed or not signed by the log.
    #[error("the checkpoint does not verify: {0}")]
    Note(#[from] NoteError),
    /// The checkpoint is for another log.
    #[error("the checkpoint's origin {found:?} is not the followed log {expected:?}")]
    WrongOrigin {
        /// The followed log's origin.
        expected: String,
        /// The checkpoint's origin.
        found: String,
    },
    /// The new tree is smaller than one already cosigned.
    #[error("rollback: the log shows size {new} after the witness saw size {old}")]
    Rollback {
        /// Size already seen.
        old: u64,
        /// Size offered.
        new: u64,
    },
    /// The new checkpoint does not extend the old one.
    #[error("fork: the checkpoint at size {new} is not consistent with the one at size {old} the witness saw ({why})")]
    Fork {
        /// Size already seen.
        old: u64,
        /// Size offered.
        new: u64,
        /// Why the proof fails.
        why: String,
    },
    /// Reading or writing the state file failed.
    #[error("witness state {path}: {source}")]
    State {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl WitnessError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            WitnessError::Note(e) => e.code(),
            WitnessError::WrongOrigin { .. } => "wrong_origin",
            WitnessError::Rollback { .. } => "rollback",
            WitnessError::Fork { .. } => "fork",
            WitnessError::State { .. } => "witness_state",
        }
    }
}

/// A witness for one log.
pub struct Witness {
    cosigner: Cosigner,
    log_key: NoteVerifier,
    state: PathBuf,
}

fn state_err(path: &Path) -> impl FnOnce(std::io::Error) -> WitnessError + '_ {
    move |source| WitnessError::State { path: path.to_path_buf(), source }
}

impl Witness {
    /// A witness with key `cosigner` following the log with verifier `log_key`, keeping its
    /// state in `state_dir`.
    pub fn new(cosigner: Cosigner, log_key: NoteVerifier, state_dir: &Path) -> Self {
        let file = format!("{}.checkpoint", log_key.name().replace(['/', '\\'], "_"));
        Witness { cosigner, log_key, state: state_dir.join(file) }
    }

    /// The last checkpoint cosigned: (size, root), or None if none yet.
    pub fn last_seen(&self) -> Result<Option<(u64, Hash)>, WitnessError> {
        match fs::read_to_string(&self.state) {
            Ok(text) => {
                let cp = self.open(&text)?;
                Ok(Some((cp.size, cp.root)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(state_err(&self.state)(e)),
        }
    }

    fn open(&self, note: &str) -> Result<Checkpoint, WitnessError> {
        let n = Note::parse(note)?;
        n.verify(std::slice::from_ref(&self.log_key))?;
        let cp = Checkpoint::parse_text(&n.text)?;
        if cp.origin != self.log_key.name() {
            return Err(WitnessError::WrongOrigin { expected: self.log_key.name().to_string(), found: cp.origin });
        }
        Ok(cp)
    }

    /// Checks `note` (a checkpoint signed by the log) against the last one seen using
    /// `proof` (an RFC 9162 consistency proof from the last seen size), persists it, and
    /// returns the cosignature line. `now` is the cosignature timestamp (Unix seconds).
    pub fn add_checkpoint(&self, note: &str, proof: &[Hash], now: u64) -> Result<String, WitnessError> {
        let cp = self.open(note)?;
        if let Some((old, old_root)) = self.last_seen()? {
            if cp.size < old {
                return Err(WitnessError::Rollback { old, new: cp.size });
            }
            // From size 0 too: the proof must be empty and the old root the empty tree's.
            verify_consistency(old, cp.size, &old_root, &cp.root, proof).map_err(|e| WitnessError::Fork {
                old,
                new: cp.size,
                why: e.to_string(),
            })?;
        }
        // Cosign the exact signed text, extension lines included.
        let line = self.cosigner.cosign(&Note::parse(note)?.text, now)?;
        self.persist(note)?;
        Ok(line)
    }

    fn persist(&self, note: &str) -> Result<(), WitnessError> {
        let dir = self.state.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(state_err(dir))?;
        let tmp = self.state.with_extension("tmp");
        let mut f = fs::File::create(&tmp).map_err(state_err(&tmp))?;
        f.write_all(note.as_bytes()).map_err(state_err(&tmp))?;
        f.sync_all().map_err(state_err(&tmp))?;
        fs::rename(&tmp, &self.state).map_err(state_err(&self.state))?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

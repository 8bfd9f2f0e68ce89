//! C2SP tlog-witness `add-checkpoint` (c2sp.org/tlog-witness), without the HTTP: the request
//! body's format (which the log writes and the witness reads), and a witness for several logs
//! that answers each request with the spec's status.
//!
//! The body is `old <size>\n`, the consistency proof from that size (base64, one hash a
//! line, at most 63), an empty line, then the signed checkpoint note. The witness checks and
//! persists under one lock per log, so two requests can never roll its state back (the race
//! the spec describes).

use std::path::Path;
use std::sync::Mutex;

use base64::Engine as _;

use super::{Witness, WitnessError};
use crate::protocol::Hash;
use crate::protocol::merkle::{empty_root, verify_consistency};
use crate::protocol::note::{Checkpoint, Cosigner, Note, NoteError, NoteVerifier};

/// The most consistency proof lines a request may carry (the spec's limit).
pub const MAX_PROOF_LINES: usize = 63;

/// The largest request body a witness reads: a checkpoint note with many signatures and a
/// full proof fit well within it.
pub const MAX_BODY: usize = 64 * 1024;

/// The media type of a 409 answer's body: the witness's own size and a newline.
pub const SIZE_CONTENT_TYPE: &str = "text/x.tlog.size";

/// An `add-checkpoint` request, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddCheckpoint {
    /// The size of the checkpoint the client believes the witness holds.
    pub old: u64,
    /// The consistency proof from `old` to the checkpoint's size.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note.
    pub note: String,
}

impl AddCheckpoint {
    /// The request body.
    pub fn to_body(&self) -> String {
        let mut body = format!("old {}\n", self.old);
        for h in &self.proof {
            body.push_str(&base64::engine::general_purpose::STANDARD.encode(h));
            body.push('\n');
        }
        body.push('\n');
        body.push_str(&self.note);
        body
    }

    /// Reads a request body (400 `malformed` for anything that is not one).
    pub fn parse(body: &[u8]) -> Result<AddCheckpoint, Refusal> {
        let bad = |why: &str| Refusal::Malformed(why.to_string());
        if body.len() > MAX_BODY {
            return Err(Refusal::TooLarge);
        }
        let text = std::str::from_utf8(body).map_err(|_| bad("the body is not UTF-8"))?;
        let (head, note) = text.split_once("\n\n").ok_or_else(|| bad("no empty line before the checkpoint"))?;
        let mut lines = head.split('\n');
        let old = lines
            .next()
            .and_then(|l| l.strip_prefix("old "))
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && (*d == "0" || !d.starts_with('0')))
            .and_then(|d| d.parse::<u64>().ok())
            .ok_or_else(|| bad("the first line is not `old <size>` (decimal, no leading zeros)"))?;
        let mut proof = Vec::new();
        for (i, line) in lines.enumerate() {
            let hash = base64::engine::general_purpose::STANDARD
                .decode(line)
                .ok()
                .and_then(|b| <Hash>::try_from(b.as_slice()).ok())
                .ok_or_else(|| Refusal::Malformed(format!("proof line {} is not a base64 32-byte hash", i + 1)))?;
            proof.push(hash);
        }
        if proof.len() > MAX_PROOF_LINES {
            return Err(bad("more than 63 consistency proof lines"));
        }
        Ok(AddCheckpoint { old, proof, note: note.to_string() })
    }
}

/// Why a witness did not cosign, with the status the spec gives it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The body is not an `add-checkpoint` request, or its note is not a checkpoint.
    #[error("{0}")]
    Malformed(String),
    /// The body is larger than [`MAX_BODY`].
    #[error("the request body is larger than {MAX_BODY} bytes")]
    TooLarge,
    /// The witness follows no log with this origin.
    #[error("this witness follows no log with origin {0:?}")]
    UnknownLog(String),
    /// No signature on the checkpoint verifies under the key the witness trusts for its origin.
    #[error("no signature on the checkpoint verifies under the log key this witness trusts ({0})")]
    NotSigned(NoteError),
    /// `old` is larger than the checkpoint's size.
    #[error("old size {old} is larger than the checkpoint's size {size}")]
    OldTooLarge {
        /// The request's old size.
        old: u64,
        /// The checkpoint's size.
        size: u64,
    },
    /// `old` is not the size of the witness's latest cosigned checkpoint.
    #[error("the witness's latest cosigned checkpoint for this log has size {0}")]
    Conflict(u64),
    /// Same size as the witness's latest checkpoint but another root: a fork.
    #[error("fork: the witness cosigned another root at size {0}")]
    RootMismatch(u64),
    /// The consistency proof does not link the witness's checkpoint to the new one: a fork.
    #[error("the consistency proof from size {old} to size {size} does not verify: {why}")]
    BadProof {
        /// The witness's size.
        old: u64,
        /// The checkpoint's size.
        size: u64,
        /// Why.
        why: String,
    },
    /// The witness's state could not be read or written; nothing was cosigned.
    #[error("{0}")]
    State(WitnessError),
}

impl Refusal {
    /// The HTTP status c2sp.org/tlog-witness gives this refusal.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Malformed(_) | Refusal::OldTooLarge { .. } => 400,
            Refusal::TooLarge => 413,
            Refusal::UnknownLog(_) => 404,
            Refusal::NotSigned(_) => 403,
            Refusal::Conflict(_) | Refusal::RootMismatch(_) => 409,
            Refusal::BadProof { .. } => 422,
            Refusal::State(_) => 500,
        }
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Malformed(_) => "malformed",
            Refusal::TooLarge => "payload_too_large",
            Refusal::UnknownLog(_) => "unknown_log",
            Refusal::NotSigned(_) => "not_signed_by_log",
            Refusal::OldTooLarge { .. } => "old_size_too_large",
            Refusal::Conflict(_) => "old_size_mismatch",
            Refusal::RootMismatch(_) => "fork",
            Refusal::BadProof { .. } => "bad_consistency_proof",
            Refusal::State(_) => "witness_state",
        }
    }
}

impl Witness {
    /// Answers an `add-checkpoint` request for this witness's log: checks `req` against the
    /// last checkpoint cosigned (size 0 and the empty tree if none) as c2sp.org/tlog-witness
    /// says, persists the checkpoint (write, fsync, rename) and returns the cosignature line.
    /// The caller serialises calls for one log.
    pub fn add_request(&self, req: &AddCheckpoint, now: u64) -> Result<String, Refusal> {
        let note = Note::parse(&req.note).map_err(|e| Refusal::Malformed(format!("the checkpoint: {e}")))?;
        note.verify(std::slice::from_ref(&self.log_key)).map_err(Refusal::NotSigned)?;
        let cp = Checkpoint::parse_text(&note.text).map_err(|e| Refusal::Malformed(format!("the checkpoint: {e}")))?;
        if cp.origin != self.log_key.name() {
            return Err(Refusal::UnknownLog(cp.origin));
        }
        if req.old > cp.size {
            return Err(Refusal::OldTooLarge { old: req.old, size: cp.size });
        }
        let (size, root) = self.last_seen().map_err(Refusal::State)?.unwrap_or((0, empty_root()));
        if req.old != size {
            return Err(Refusal::Conflict(size));
        }
        if size == cp.size {
            if root != cp.root {
                return Err(Refusal::RootMismatch(size));
            }
        } else {
            verify_consistency(size, cp.size, &root, &cp.root, &req.proof).map_err(|e| Refusal::BadProof {
                old: size,
                size: cp.size,
                why: e.to_string(),
            })?;
        }
        let line = self.cosigner.cosign(&note.text, now).map_err(|e| Refusal::State(WitnessError::Note(e)))?;
        self.persist(&req.note).map_err(Refusal::State)?;
        Ok(line)
    }
}

/// A witness for several logs, each known by its origin (the name of its verifier key).
pub struct WitnessService {
    logs: Vec<(String, Mutex<Witness>)>,
    verifier: NoteVerifier,
}

impl WitnessService {
    /// A witness with key `cosigner` following the logs with verifier keys `log_keys`, its
    /// state (one file per log) in `state_dir`. Two keys for one origin are refused.
    pub fn new(cosigner: Cosigner, log_keys: Vec<NoteVerifier>, state_dir: &Path) -> Result<Self, String> {
        let verifier = cosigner.verifier();
        let mut logs: Vec<(String, Mutex<Witness>)> = Vec::new();
        for key in log_keys {
            let origin = key.name().to_string();
            if logs.iter().any(|(o, _)| *o == origin) {
                return Err(format!("two log keys for the origin {origin:?}: a witness trusts one key per log"));
            }
            logs.push((origin, Mutex::new(Witness::new(cosigner.clone(), key, state_dir))));
        }
        Ok(WitnessService { logs, verifier })
    }

    /// The witness's cosignature verifier key.
    pub fn verifier(&self) -> &NoteVerifier {
        &self.verifier
    }

    /// Answers the body of an `add-checkpoint` request at time `now` (Unix seconds): the
    /// cosignature line(s) to send back with 200, or the refusal.
    pub fn add_checkpoint(&self, body: &[u8], now: u64) -> Result<String, Refusal> {
        let req = AddCheckpoint::parse(body)?;
        let origin = req.note.split('\n').next().unwrap_or_default();
        let Some((_, witness)) = self.logs.iter().find(|(o, _)| o == origin) else {
            return Err(Refusal::UnknownLog(origin.to_string()));
        };
        // Check and persist under the log's lock: no two requests interleave (the spec's race).
        let w = witness.lock().unwrap_or_else(|p| p.into_inner());
        w.add_request(&req, now)
    }
}

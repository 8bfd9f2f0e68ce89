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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::merkle::{Frontier, consistency_proof, leaf_hash};
    use crate::protocol::note::NoteSigner;

    /// A log of `n` leaves (`tag` makes another tree): its signed checkpoint and node getter.
    struct TestLog {
        signer: NoteSigner,
        leaves: Vec<Hash>,
    }

    impl TestLog {
        fn new(origin: &str, seed: u8, n: u64, tag: u8) -> TestLog {
            let signer = NoteSigner::new(origin, [seed; 32]).expect("signer");
            TestLog { signer, leaves: (0..n).map(|i| leaf_hash(&[tag, i as u8])).collect() }
        }

        fn root(&self, size: u64) -> Hash {
            let mut f = Frontier::new();
            for l in &self.leaves[..size as usize] {
                f.append(*l);
            }
            f.root()
        }

        fn note(&self, size: u64) -> String {
            let cp = Checkpoint { origin: self.signer.name().into(), size, root: self.root(size), extensions: vec![] };
            self.signer.sign(&cp.to_text()).expect("sign")
        }

        fn proof(&self, old: u64, new: u64) -> Vec<Hash> {
            let all: Vec<Vec<Hash>> = {
                // Every stored node: level 0 the leaves, each level above the pairs below.
                let mut levels = vec![self.leaves.clone()];
                while levels.last().is_some_and(|l| l.len() > 1) {
                    let below = levels.last().cloned().unwrap_or_default();
                    levels.push(below.chunks(2).filter(|c| c.len() == 2).map(|c| node(&c[0], &c[1])).collect());
                }
                levels
            };
            consistency_proof(old, new, |l, i| all.get(l as usize).and_then(|v| v.get(i as usize)).copied().ok_or(()))
                .expect("proof")
        }

        fn body(&self, old: u64, proof: Vec<Hash>, size: u64) -> Vec<u8> {
            AddCheckpoint { old, proof, note: self.note(size) }.to_body().into_bytes()
        }
    }

    fn node(l: &Hash, r: &Hash) -> Hash {
        crate::protocol::merkle::node_hash(l, r)
    }

    fn service(dir: &Path, log: &TestLog) -> WitnessService {
        let cosigner = Cosigner::new("w.test", [7; 32]).expect("cosigner");
        WitnessService::new(cosigner, vec![log.signer.verifier()], dir).expect("service")
    }

    fn state(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok).map(|e| (e.path(), std::fs::read(e.path()).unwrap_or_default())).collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    #[test]
    fn a_request_body_reads_back() {
        let log = TestLog::new("log.test", 1, 5, 0);
        let req = AddCheckpoint { old: 3, proof: log.proof(3, 5), note: log.note(5) };
        assert_eq!(AddCheckpoint::parse(req.to_body().as_bytes()).expect("reads"), req);
    }

    #[test]
    fn the_witness_cosigns_then_follows_and_answers_409_with_its_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = TestLog::new("log.test", 1, 9, 0);
        let w = service(dir.path(), &log);
        let line = w.add_checkpoint(&log.body(0, vec![], 4), 100).expect("first checkpoint");
        let note = Note::parse(&format!("{}{line}", log.note(4))).expect("note");
        assert_eq!(note.verify(&[w.verifier().clone()]).expect("cosignature").len(), 1);
        match w.add_checkpoint(&log.body(0, vec![], 9), 100) {
            Err(e @ Refusal::Conflict(4)) => assert_eq!(e.status(), 409),
            other => panic!("{other:?}"),
        }
        w.add_checkpoint(&log.body(4, log.proof(4, 9), 9), 101).expect("extends");
        w.add_checkpoint(&log.body(9, vec![], 9), 102).expect("the same checkpoint again");
    }

    /// Each bad request: its status and code, and the witness's state file unchanged.
    #[test]
    fn bad_requests_are_refused_with_their_status_and_change_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = TestLog::new("log.test", 1, 9, 0);
        let w = service(dir.path(), &log);
        w.add_checkpoint(&log.body(0, vec![], 5), 100).expect("size 5");
        let before = state(dir.path());
        let fork = TestLog::new("log.test", 1, 9, 1);
        let impostor = TestLog::new("log.test", 2, 9, 0);
        let stranger = TestLog::new("other.test", 1, 9, 0);
        let mut bad_proof = log.proof(5, 7);
        bad_proof[0][0] ^= 1;
        let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
            ("no old line", format!("\n\n{}", log.note(7)).into_bytes(), 400, "malformed"),
            ("old with a leading zero", format!("old 05\n\n{}", log.note(7)).into_bytes(), 400, "malformed"),
            ("no blank line", b"old 5\n".to_vec(), 400, "malformed"),
            ("proof line not base64", format!("old 5\n!!\n\n{}", log.note(7)).into_bytes(), 400, "malformed"),
            ("not UTF-8", vec![0xff, b'\n', b'\n'], 400, "malformed"),
            ("not a note", b"old 5\n\nlog.test\n7\n".to_vec(), 400, "malformed"),
            ("unknown origin", stranger.body(5, vec![], 7), 404, "unknown_log"),
            ("another key", impostor.body(5, log.proof(5, 7), 7), 403, "not_signed_by_log"),
            ("old beyond the checkpoint", log.body(6, vec![], 5), 400, "old_size_too_large"),
            ("rollback", log.body(3, log.proof(3, 4), 4), 409, "old_size_mismatch"),
            ("rollback as old", log.body(5, vec![], 4), 400, "old_size_too_large"),
            ("bad proof", log.body(5, bad_proof, 7), 422, "bad_consistency_proof"),
            ("fork at a larger size", fork.body(5, fork.proof(5, 7), 7), 422, "bad_consistency_proof"),
            ("fork at the same size", fork.body(5, vec![], 5), 409, "fork"),
            ("a proof from 0", log.body(0, log.proof(3, 7), 7), 409, "old_size_mismatch"),
            ("too large", vec![b'a'; MAX_BODY + 1], 413, "payload_too_large"),
        ];
        for (what, body, status, code) in cases {
            match w.add_checkpoint(&body, 100) {
                Err(e) => assert_eq!((e.status(), e.code()), (status, code), "{what}: {e}"),
                Ok(line) => panic!("{what}: cosigned {line}"),
            }
            assert_eq!(state(dir.path()), before, "{what}: the state changed");
        }
        let many: Vec<Hash> = vec![[0; 32]; MAX_PROOF_LINES + 1];
        assert_eq!(w.add_checkpoint(&log.body(5, many, 7), 100).map_err(|e| e.code()).err(), Some("malformed"));
    }

    #[test]
    fn a_nonempty_proof_from_size_0_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = TestLog::new("log.test", 1, 9, 0);
        let w = service(dir.path(), &log);
        let e = w.add_checkpoint(&log.body(0, log.proof(3, 7), 7), 100).err().map(|e| (e.status(), e.code()));
        assert_eq!(e, Some((422, "bad_consistency_proof")));
        assert!(state(dir.path()).is_empty(), "nothing persisted");
    }

    #[test]
    fn two_keys_for_one_origin_are_refused() {
        let a = TestLog::new("log.test", 1, 1, 0);
        let b = TestLog::new("log.test", 2, 1, 0);
        let cosigner = Cosigner::new("w.test", [7; 32]).expect("cosigner");
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(WitnessService::new(cosigner, vec![a.signer.verifier(), b.signer.verifier()], dir.path()).is_err());
    }
}

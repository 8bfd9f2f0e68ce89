//! The audit: walk the whole log from genesis and check everything that can be checked.
//!
//! For each entry: it is stored under its own seq, decodes canonically, links to the
//! previous entry's hash, holds a canonical statement of a known version and kind by a
//! non-weak key, and its signature verifies. The Merkle tree is rebuilt from the entries
//! and every stored node it completes is compared; the final root must equal the root of
//! the last signed checkpoint, whose signature must verify under the log key.
//!
//! Signatures are checked with `verify_batch` (after the weak-key check) in chunks spread
//! over every core; a chunk that fails is re-checked one by one with `verify_strict` to name
//! the first bad seq.

use std::sync::mpsc;

use ed25519_dalek::{Signature, VerifyingKey};

use super::store::{Store, StoreError};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash, genesis};
use crate::protocol::merkle::Frontier;
use crate::protocol::note::{Checkpoint, Note, NoteVerifier};
use crate::protocol::statement::{Statement, author_key, signing_message};

/// Entries per signature-verification chunk.
const CHUNK: usize = 2048;

/// What a passing audit saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditReport {
    /// Entries checked.
    pub entries: u64,
    /// The recomputed Merkle root, equal to the signed checkpoint's.
    pub root: Hash,
}

/// The first thing found wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", match .seq { Some(s) => format!("seq {s}: {}", .reason), None => .reason.clone() })]
pub struct AuditFailure {
    /// The first bad entry, when the failure is about one entry.
    pub seq: Option<u64>,
    /// What is wrong, in words.
    pub reason: String,
}

fn at(seq: u64, reason: impl Into<String>) -> AuditFailure {
    AuditFailure { seq: Some(seq), reason: reason.into() }
}

fn whole(reason: impl Into<String>) -> AuditFailure {
    AuditFailure { seq: None, reason: reason.into() }
}

fn storage(e: StoreError) -> AuditFailure {
    whole(format!("storage: {e}"))
}

struct Chunk {
    first_seq: u64,
    messages: Vec<Vec<u8>>,
    signatures: Vec<Signature>,
    keys: Vec<VerifyingKey>,
}

/// Verifies a chunk; returns the first seq whose signature fails, if any.
fn verify_chunk(c: &Chunk) -> Option<u64> {
    let msgs: Vec<&[u8]> = c.messages.iter().map(Vec::as_slice).collect();
    if ed25519_dalek::verify_batch(&msgs, &c.signatures, &c.keys).is_ok() {
        return None;
    }
    (0..c.messages.len())
        .find(|&i| c.keys[i].verify_strict(&c.messages[i], &c.signatures[i]).is_err())
        .map(|i| c.first_seq + i as u64)
        // A batch can fail where every signature verifies alone only if the batch
        // equation itself misbehaves; report the chunk's start rather than pass it.
        .or(Some(c.first_seq))
}

/// Audits the log in `store` against its last signed checkpoint under `log_key`.
pub fn audit(store: &Store, log_key: &NoteVerifier) -> Result<AuditReport, AuditFailure> {
    let head = store.head().map_err(storage)?;
    let note = head.checkpoint.ok_or_else(|| whole("the log has no signed checkpoint"))?;
    let parsed = Note::parse(&note).map_err(|e| whole(format!("the checkpoint is unreadable: {e}")))?;
    parsed
        .verify(std::slice::from_ref(log_key))
        .map_err(|e| whole(format!("the checkpoint's signature does not verify: {e}")))?;
    let cp = Checkpoint::parse_text(&parsed.text).map_err(|e| whole(format!("the checkpoint is malformed: {e}")))?;

    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).max(1);
    let (job_tx, job_rx) = mpsc::sync_channel::<Chunk>(workers * 2);
    let job_rx = std::sync::Mutex::new(job_rx);
    let (bad_tx, bad_rx) = mpsc::channel::<u64>();

    let walked = std::thread::scope(|scope| {
        for _ in 0..workers {
            let bad_tx = bad_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || {
                loop {
                    let next = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = next else { return };
                    if let Some(seq) = verify_chunk(&chunk) {
                        let _ = bad_tx.send(seq);
                    }
                }
            });
        }
        drop(bad_tx);
        let r = walk(store, cp.size, &job_tx);
        drop(job_tx);
        r
    });
    let first_bad_sig = bad_rx.iter().min();

    // Report whichever failure comes first in the log.
    match (walked, first_bad_sig) {
        (Err(f), Some(s)) if f.seq.is_none_or(|fs| s < fs) => Err(at(s, "signature does not verify")),
        (Err(f), _) => Err(f),
        (Ok(_), Some(s)) => Err(at(s, "signature does not verify")),
        (Ok(frontier), None) => {
            if frontier.root() != cp.root {
                return Err(whole(format!(
                    "the Merkle root recomputed from the {} entries differs from the signed checkpoint's root",
                    cp.size
                )));
            }
            Ok(AuditReport { entries: cp.size, root: cp.root })
        }
    }
}

/// Walks entries 0..size checking structure and chain, sending signature chunks to `jobs`.
fn walk(store: &Store, size: u64, jobs: &mpsc::SyncSender<Chunk>) -> Result<Frontier, AuditFailure> {
    let mut frontier = Frontier::new();
    let mut prev = genesis();
    let mut chunk = Chunk { first_seq: 0, messages: Vec::new(), signatures: Vec::new(), keys: Vec::new() };
    let mut expected = 0u64;
    for row in store.entries(0) {
        let (key_seq, bytes) = row.map_err(storage)?;
        if key_seq != expected {
            return Err(at(expected, format!("entry is missing (the next stored entry is seq {key_seq})")));
        }
        if expected >= size {
            return Err(at(expected, format!("entry exists beyond the signed checkpoint size {size}")));
        }
        let seq = expected;
        let entry = Entry::decode(&bytes).map_err(|e| at(seq, format!("entry does not decode: {e}")))?;
        if entry.seq != seq {
            return Err(at(seq, format!("entry says it is seq {} (entries reordered or moved)", entry.seq)));
        }
        if entry.prev != prev {
            return Err(at(seq, "prev hash mismatch"));
        }
        let statement = Statement::decode(&entry.statement).map_err(|e| at(seq, format!("statement: {e}")))?;
        let key = author_key(&statement.author).map_err(|e| at(seq, format!("statement: {e}")))?;
        let h = entry_hash(&bytes);
        for (level, index, node) in frontier.append(h) {
            let stored = store.node(level, index).map_err(|e| at(seq, format!("Merkle tree: {e}")))?;
            if stored != node {
                return Err(at(seq, format!("stored Merkle node ({level}, {index}) differs from the recomputed one")));
            }
        }
        chunk.messages.push(signing_message(&entry.statement));
        chunk.signatures.push(Signature::from_bytes(&entry.signature));
        chunk.keys.push(key);
        if chunk.messages.len() == CHUNK {
            let next = Chunk { first_seq: seq + 1, messages: Vec::new(), signatures: Vec::new(), keys: Vec::new() };
            // A closed channel means every worker died; the missing verdicts then fail below.
            if jobs.send(std::mem::replace(&mut chunk, next)).is_err() {
                return Err(whole("signature workers stopped"));
            }
        }
        prev = h;
        expected += 1;
    }
    if expected < size {
        return Err(at(expected, format!("entry is missing (the signed checkpoint has size {size})")));
    }
    if !chunk.messages.is_empty() && jobs.send(chunk).is_err() {
        return Err(whole("signature workers stopped"));
    }
    Ok(frontier)
}

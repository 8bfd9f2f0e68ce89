//! The audit: walk the whole log from genesis and check everything that can be checked.
//!
//! For each entry: it is stored under its own seq, decodes canonically, links to the
//! previous entry's hash, holds a canonical statement of a known version and kind by a
//! non-weak key, and its signature verifies. The Merkle tree is rebuilt from the entries
//! and every stored node is compared with the rebuilt one; the final root must equal the root
//! of the last signed checkpoint, whose signature must verify under the log key.
//!
//! One thread walks the store in order (entries and, level by level, the Merkle nodes, all as
//! sequential scans) checking the chain and the tree; the statement checks and signatures run
//! on every core in chunks, with `verify_batch` (after the weak-key check). A chunk that fails
//! is re-checked one by one with `verify_strict` to name the first bad seq.

use std::collections::HashMap;
use std::sync::mpsc;

use ed25519_dalek::{Signature, VerifyingKey};

use super::store::{Store, StoreError};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash, genesis};
use crate::protocol::merkle::Frontier;
use crate::protocol::note::{Checkpoint, Note, NoteVerifier};
use crate::protocol::statement::{Statement, author_key, signing_message};

/// Entries per signature-verification chunk.
const CHUNK: usize = 1024;

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

/// Statements and signatures of consecutive entries, from `first_seq` on.
struct Chunk {
    first_seq: u64,
    statements: Vec<(Vec<u8>, [u8; 64])>,
}

/// Checks a chunk's statements and signatures; returns the first failure in it.
fn check_chunk(c: &Chunk, keys: &mut HashMap<[u8; 32], VerifyingKey>) -> Option<AuditFailure> {
    let mut messages = Vec::with_capacity(c.statements.len());
    let mut signatures = Vec::with_capacity(c.statements.len());
    let mut vks = Vec::with_capacity(c.statements.len());
    for (i, (bytes, sig)) in c.statements.iter().enumerate() {
        let seq = c.first_seq + i as u64;
        let statement = match Statement::decode(bytes) {
            Ok(s) => s,
            Err(e) => return Some(at(seq, format!("statement: {e}"))),
        };
        let key = match keys.get(&statement.author) {
            Some(k) => *k,
            None => match author_key(&statement.author) {
                Ok(k) => {
                    keys.insert(statement.author, k);
                    k
                }
                Err(e) => return Some(at(seq, format!("statement: {e}"))),
            },
        };
        messages.push(signing_message(bytes));
        signatures.push(Signature::from_bytes(sig));
        vks.push(key);
    }
    let msgs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
    if ed25519_dalek::verify_batch(&msgs, &signatures, &vks).is_ok() {
        return None;
    }
    let bad = (0..messages.len()).find(|&i| vks[i].verify_strict(&messages[i], &signatures[i]).is_err());
    // A batch can fail where every signature verifies alone only if the batch equation
    // itself misbehaves; report the chunk's start rather than pass it.
    Some(at(c.first_seq + bad.unwrap_or(0) as u64, "signature does not verify"))
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
    let (job_tx, job_rx) = mpsc::sync_channel::<Chunk>(workers * 4);
    let job_rx = std::sync::Mutex::new(job_rx);
    let (bad_tx, bad_rx) = mpsc::channel::<AuditFailure>();

    let walked = std::thread::scope(|scope| {
        for _ in 0..workers {
            let bad_tx = bad_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || {
                let mut keys = HashMap::new();
                loop {
                    let next = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = next else { return };
                    if let Some(f) = check_chunk(&chunk, &mut keys) {
                        let _ = bad_tx.send(f);
                    }
                }
            });
        }
        drop(bad_tx);
        let r = walk(store, cp.size, &job_tx);
        drop(job_tx);
        r
    });
    let first_bad = bad_rx.iter().min_by_key(|f| f.seq);

    // Report whichever failure comes first in the log.
    match (walked, first_bad) {
        (Err(f), Some(b)) if f.seq.is_none_or(|fs| b.seq.is_some_and(|bs| bs < fs)) => Err(b),
        (Err(f), _) => Err(f),
        (Ok(_), Some(b)) => Err(b),
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

/// Walks entries 0..size checking structure, chain and tree, sending statement chunks to `jobs`.
fn walk(store: &Store, size: u64, jobs: &mpsc::SyncSender<Chunk>) -> Result<Frontier, AuditFailure> {
    let mut frontier = Frontier::new();
    let mut prev = genesis();
    let mut chunk = Chunk { first_seq: 0, statements: Vec::with_capacity(CHUNK) };
    // The stored nodes come in storage order, which is the order the frontier completes them.
    let mut nodes = store.node_scan();
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
        let h = entry_hash(&bytes);
        for (level, index, node) in frontier.append(h) {
            let stored = match nodes.next() {
                Some(Ok((l, i, stored))) if (l, i) == (level, index) => stored,
                Some(Err(e)) => return Err(at(seq, format!("Merkle tree: {e}"))),
                _ => return Err(at(seq, format!("stored Merkle node ({level}, {index}) is missing"))),
            };
            if stored != node {
                return Err(at(seq, format!("stored Merkle node ({level}, {index}) differs from the recomputed one")));
            }
        }
        chunk.statements.push((entry.statement, entry.signature));
        if chunk.statements.len() == CHUNK {
            let next = Chunk { first_seq: seq + 1, statements: Vec::with_capacity(CHUNK) };
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
    if !chunk.statements.is_empty() && jobs.send(chunk).is_err() {
        return Err(whole("signature workers stopped"));
    }
    Ok(frontier)
}

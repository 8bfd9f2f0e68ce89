//! On open, before the writer starts: what follows the journal is brought up to it.
//!
//! The store has read the journal (every whole entry in `entries.dat`, see
//! `store::journal`) and caught the hash indexes up; the domain's rows (in fjall, with their
//! watermark) and sled's head may be behind it, after a power loss between the sync that
//! acknowledged a group and their own, or after they were rolled back or deleted. Here the
//! checkpoint file is checked against the tree, the gate applies again each entry from the
//! domain's watermark on (so the rows come out exactly as when the entries were appended),
//! and the head of the journal is signed and stored. A checkpoint note has no timestamp, so the
//! note signed again for a size signed before is the same bytes.

use ed25519_dalek::Signature;

use super::*;
use crate::protocol::statement::{author_key, first_bad_signature, signing_message, statement_hash};

/// Entries applied again per batch of domain rows.
const CHUNK: u64 = 4096;

pub(super) fn follow_journal(
    store: &Store,
    signer: &NoteSigner,
    verifier: &NoteVerifier,
    origin: &str,
    gate: &mut dyn Gate,
) -> Result<(), OpenError> {
    let bad = OpenError::Inconsistent;
    let size = store.size();
    let root_at = |n: u64| -> Result<Hash, OpenError> { Ok(Frontier::from_store(n, |l, i| store.node(l, i))?.root()) };
    let file = store.checkpoint_file_note()?;
    if let Some(note) = &file {
        let cp = Note::parse(note)
            .ok()
            .filter(|n| n.verify(std::slice::from_ref(verifier)).is_ok())
            .and_then(|n| Checkpoint::parse_text(&n.text).ok())
            .ok_or_else(|| bad("the checkpoint file is unreadable or not signed by this log key".into()))?;
        if cp.origin != origin {
            return Err(bad(format!("the checkpoint file is for origin {:?}, not {origin:?}", cp.origin)));
        }
        if root_at(cp.size)? != cp.root {
            return Err(bad(format!(
                "the Merkle root of the stored tree at size {} differs from the checkpoint file's",
                cp.size
            )));
        }
    }
    let mut changed = false;
    let from = store.domain_applied();
    if from < size {
        tracing::info!(from, to = size, "the domain's rows are behind the journal: applying its entries again");
    }
    let mut next = from;
    while next < size {
        let to = size.min(next + CHUNK);
        let mut w = WriteSet::default();
        let mut expect = next;
        let mut chunk = Vec::with_capacity((to - next) as usize);
        for item in store.entries(next).take((to - next) as usize) {
            let (seq, bytes) = item?;
            if seq != expect {
                return Err(bad(format!("entry {expect} is missing from the journal")));
            }
            chunk.push(Entry::decode(&bytes).map_err(|e| bad(format!("entry {seq} is unreadable: {e}")))?);
            expect += 1;
        }
        if expect != to {
            return Err(bad(format!("entry {expect} is missing from the journal")));
        }
        let verified = verified_chunk(next, &chunk)?;
        for (i, (e, st)) in chunk.iter().zip(&verified).enumerate() {
            let seq = next + i as u64;
            let writes = gate.readmit(seq, e.log_time, st).map_err(|r| {
                bad(format!(
                    "the domain refuses entry {seq}, which the journal holds ({}: {}); nothing was changed for it",
                    r.code, r.detail
                ))
            })?;
            for wr in writes {
                w.domain(&wr.key, wr.value.as_deref());
            }
        }
        store.replayed(next, to - next, w)?;
        gate.commit(to);
        if (to - from).is_multiple_of(16 * CHUNK) {
            tracing::info!(done = to - from, of = size - from, "applying the journal's entries to the domain's rows");
        }
        next = to;
        changed = true;
    }
    let head = store.head()?;
    let mut note = head.checkpoint.clone();
    if size > 0 && (head.size != size || head.checkpoint.is_none() || head.origin.is_none()) {
        let last = store.entry(size - 1)?.ok_or_else(|| bad(format!("the last entry {} is missing", size - 1)))?;
        let signed = sign_checkpoint(signer, origin, size, root_at(size)?)?;
        let mut w = WriteSet::default();
        if head.origin.is_none() {
            w.origin(origin);
        }
        w.head(size, &entry_hash(&last), &signed.note);
        store.commit(w)?;
        tracing::info!(size, was = head.size, "the head follows the journal again");
        note = Some(signed.note);
        changed = true;
    }
    if changed {
        store.flush()?;
    }
    if let Some(note) = note.filter(|n| size > 0 && file.as_deref() != Some(n.as_str())) {
        // Everything up to `size` is synced now: the next open reads the journal from here.
        store.checkpoint_file(&note)?;
    }
    Ok(())
}

/// The statements of consecutive journal entries from `first`, decoded and checked as an
/// append checks them (size, canonical form, version, kind, author key), with their
/// signatures checked together the way the audit checks them
/// ([`first_bad_signature`] per half of the chunk, the halves on two threads).
fn verified_chunk(first: u64, entries: &[Entry]) -> Result<Vec<VerifiedStatement>, OpenError> {
    let bad =
        |seq: u64, e: StatementError| OpenError::Inconsistent(format!("entry {seq}'s statement does not verify: {e}"));
    let mut out = Vec::with_capacity(entries.len());
    let mut keys = Vec::with_capacity(entries.len());
    let mut messages = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let seq = first + i as u64;
        let statement = Statement::decode(&e.statement).map_err(|err| bad(seq, err))?;
        keys.push(author_key(&statement.author).map_err(|err| bad(seq, err))?);
        messages.push(signing_message(&e.statement));
        out.push(VerifiedStatement {
            statement,
            bytes: e.statement.clone(),
            signature: e.signature,
            hash: statement_hash(&e.statement),
        });
    }
    let signatures: Vec<Signature> = entries.iter().map(|e| Signature::from_bytes(&e.signature)).collect();
    let half = entries.len().div_ceil(2).max(1);
    let check = |from: usize| -> Option<usize> {
        let to = (from + half).min(entries.len());
        let msgs: Vec<&[u8]> = messages[from..to].iter().map(Vec::as_slice).collect();
        first_bad_signature(&msgs, &signatures[from..to], &keys[from..to]).map(|i| from + i)
    };
    let failed = std::thread::scope(|s| {
        let second = (half < entries.len()).then(|| s.spawn(|| check(half)));
        let a = check(0);
        let b = second.and_then(|h| h.join().unwrap_or(Some(half)));
        a.or(b)
    });
    match failed {
        Some(i) => Err(bad(first + i as u64, StatementError::BadSignature)),
        None => Ok(out),
    }
}

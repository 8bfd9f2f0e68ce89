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

use super::*;

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
        for item in store.entries(next).take((to - next) as usize) {
            let (seq, bytes) = item?;
            if seq != expect {
                return Err(bad(format!("entry {expect} is missing from the journal")));
            }
            let e = Entry::decode(&bytes).map_err(|e| bad(format!("entry {seq} is unreadable: {e}")))?;
            let st = verify_submission(&e.statement, &e.signature)
                .map_err(|e| bad(format!("entry {seq}'s statement does not verify: {e}")))?;
            let writes = gate.readmit(seq, e.log_time, &st).map_err(|r| {
                bad(format!(
                    "the domain refuses entry {seq}, which the journal holds ({}: {}); nothing was changed for it",
                    r.code, r.detail
                ))
            })?;
            for wr in writes {
                w.domain(&wr.key, wr.value.as_deref());
            }
            expect += 1;
        }
        if expect != to {
            return Err(bad(format!("entry {expect} is missing from the journal")));
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

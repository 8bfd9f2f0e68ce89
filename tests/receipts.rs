//! Receipts, witnesses and consistency: what an auditor checks offline.

use crate::common;

use common::*;
use heard::protocol::note::{Cosigner, NoteSigner, NoteVerifier, TlogProof};
use heard::protocol::receipt::{to_compact, verify_receipt};
use heard::witness::Witness;

fn witness_key(n: u8) -> Cosigner {
    Cosigner::new(&format!("witness{n}.example"), [100 + n; 32]).unwrap()
}

#[test]
fn a_receipt_verifies_offline_and_explains_its_checks() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    fill(&log, 37);
    let key = log.verifier().clone();
    let r = log.receipt(20).unwrap();
    let report = verify_receipt(&r, &key, &[], 0);
    assert!(report.ok(), "{:?}", report.failure());
    let names: Vec<_> = report.checks.iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "receipt_format",
            "checkpoint_signature",
            "checkpoint_format",
            "entry_format",
            "inclusion",
            "statement_signature"
        ]
    );
    let facts = report.facts.unwrap();
    assert_eq!((facts.seq, facts.tree_size), (20, 37));
    // The compact form carries the same receipt.
    assert!(verify_receipt(&to_compact(&r), &key, &[], 0).ok());
}

fn failed_check(r: &str, key: &NoteVerifier) -> (&'static str, String) {
    let report = verify_receipt(r, key, &[], 0);
    let f = report.failure().expect("a bad receipt passed").clone();
    (f.name, f.detail)
}

#[test]
fn each_damaged_receipt_fails_at_its_own_check() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    fill(&log, 10);
    let key = log.verifier().clone();
    let good = log.receipt(4).unwrap();
    let parsed = TlogProof::parse(&good).unwrap();

    // Signed by a key the verifier does not know.
    let stranger = NoteSigner::new(ORIGIN, [9; 32]).unwrap().verifier();
    let (name, detail) = failed_check(&good, &stranger);
    assert_eq!(name, "checkpoint_signature", "{detail}");

    // The checkpoint's root changed: its signature no longer covers it.
    let mut p = parsed.clone();
    let lines: Vec<&str> = p.checkpoint.lines().collect();
    let mut root = lines[2].to_string();
    root.replace_range(0..1, if root.starts_with('A') { "B" } else { "A" });
    p.checkpoint = p.checkpoint.replacen(lines[2], &root, 1);
    assert_eq!(failed_check(&p.to_text(), &key).0, "checkpoint_signature");

    // The proof is for another index.
    let mut p = parsed.clone();
    p.index = 5;
    assert_eq!(failed_check(&p.to_text(), &key).0, "entry_format");

    // The entry was altered (its body bytes changed): it is no longer the proven leaf.
    let mut p = parsed.clone();
    let extra = p.extra.as_mut().unwrap();
    let last = extra.len() - 70;
    extra[last] ^= 1;
    assert_eq!(failed_check(&p.to_text(), &key).0, "inclusion");

    // Another entry's proof.
    let other = TlogProof::parse(&log.receipt(5).unwrap()).unwrap();
    let mut p = parsed.clone();
    p.proof = other.proof;
    assert_eq!(failed_check(&p.to_text(), &key).0, "inclusion");

    // Not a receipt at all.
    assert_eq!(failed_check("hello", &key).0, "receipt_format");
}

#[test]
fn witnesses_cosign_and_receipts_carry_their_cosignatures() {
    let dir = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    let key = log.verifier().clone();
    let (w1, w2) = (witness_key(1), witness_key(2));
    let witness = Witness::new(w1.clone(), key.clone(), state.path());

    fill(&log, 5);
    let first = log.latest();
    let line = witness.add_checkpoint(&first.note, &[], 1_700_000_000).unwrap();
    assert_eq!(log.add_cosignature(&w1.verifier(), &format!("{}{line}", first.note)).unwrap(), 5);

    let r = log.receipt(2).unwrap();
    assert!(verify_receipt(&r, &key, &[w1.verifier()], 1).ok());
    let report = verify_receipt(&r, &key, &[w1.verifier(), w2.verifier()], 2);
    assert_eq!(report.failure().unwrap().name, "witnesses");

    // The witness moves on only with a consistency proof from what it saw.
    for i in 100..110 {
        let (b, s) = signed(3, i);
        log.append(&b, &s).unwrap();
    }
    let next = log.latest();
    let proof = log.consistency_proof(first.size, next.size).unwrap();
    witness.add_checkpoint(&next.note, &proof, 1_700_000_100).unwrap();
    assert_eq!(witness.last_seen().unwrap().unwrap().0, 15);

    // A rollback to the smaller checkpoint is refused.
    let err = witness.add_checkpoint(&first.note, &[], 1_700_000_200).unwrap_err();
    assert_eq!(err.code(), "rollback", "{err}");

    // A cosignature over a different checkpoint is not accepted by the log.
    let line_for_first = w2.cosign(&heard::protocol::note::Note::parse(&first.note).unwrap().text, 5).unwrap();
    let err = log.add_cosignature(&w2.verifier(), &format!("{}{line_for_first}", next.note)).unwrap_err();
    assert_eq!(err.code(), "bad_signature", "{err}");
}

#[test]
fn a_forked_log_is_detected_by_the_witness() {
    let state = tempfile::tempdir().unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let log_a = open(a.path());
    let log_b = open(b.path());
    // Same key, same first 5 entries; then one entry differs.
    fill(&log_a, 5);
    fill(&log_b, 5);
    let (x, xs) = signed(4, 1);
    let (y, ys) = signed(4, 2);
    log_a.append(&x, &xs).unwrap();
    log_b.append(&y, &ys).unwrap();
    fill_more(&log_a);
    fill_more(&log_b);

    let witness = Witness::new(witness_key(1), log_a.verifier().clone(), state.path());
    let seen = log_a.latest();
    witness.add_checkpoint(&seen.note, &[], 1).unwrap();
    let forked = log_b.latest();
    let proof = log_b.consistency_proof(seen.size.min(forked.size), forked.size).unwrap();
    let err = witness.add_checkpoint(&forked.note, &proof, 2).unwrap_err();
    assert!(matches!(err.code(), "fork" | "rollback"), "{err}");

    // Same size, different roots: a fork by definition.
    assert_eq!(seen.size, forked.size);
    assert_ne!(seen.root, forked.root);
    assert_eq!(err.code(), "fork", "{err}");
}

fn fill_more(log: &heard::log::Log) {
    for i in 50..53 {
        let (b, s) = signed(5, i);
        log.append(&b, &s).unwrap();
    }
}

/// Regression: a witness whose last cosigned checkpoint had size 0 took any later checkpoint
/// without a check, so a log that signed a size-0 checkpoint with a root other than the empty
/// tree's (a tree that is not the empty tree) was followed as if nothing were wrong.
#[test]
fn a_witness_that_saw_size_0_checks_the_empty_root() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    fill(&log, 4);
    let signer = log_signer();
    let zero = |root: [u8; 32]| {
        let cp = heard::protocol::note::Checkpoint { origin: ORIGIN.into(), size: 0, root, extensions: vec![] };
        signer.sign(&cp.to_text()).unwrap()
    };
    let latest = log.latest();

    // The true empty tree: the later checkpoint follows with an empty proof.
    let good = tempfile::tempdir().unwrap();
    let w = Witness::new(witness_key(1), log.verifier().clone(), good.path());
    w.add_checkpoint(&zero(heard::protocol::merkle::empty_root()), &[], 1).unwrap();
    w.add_checkpoint(&latest.note, &[], 2).unwrap();

    // A size-0 checkpoint with another root, or a proof from size 0 that is not empty: a fork.
    let bad = tempfile::tempdir().unwrap();
    let w = Witness::new(witness_key(2), log.verifier().clone(), bad.path());
    w.add_checkpoint(&zero([7; 32]), &[], 1).unwrap();
    let e = w.add_checkpoint(&latest.note, &[], 2).unwrap_err();
    assert_eq!(e.code(), "fork", "{e}");
    let other = tempfile::tempdir().unwrap();
    let w = Witness::new(witness_key(3), log.verifier().clone(), other.path());
    w.add_checkpoint(&zero(heard::protocol::merkle::empty_root()), &[], 1).unwrap();
    let e = w.add_checkpoint(&latest.note, &[[1; 32]], 2).unwrap_err();
    assert_eq!(e.code(), "fork", "{e}");
    // Nothing was persisted by the refusals: the witness still holds size 0.
    assert_eq!(w.last_seen().unwrap().map(|(s, _)| s), Some(0));
}

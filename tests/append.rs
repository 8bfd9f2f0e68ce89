//! Appends: bad inputs change nothing, duplicates are refused, concurrency leaves no gaps.

use crate::common;

use common::*;
use heard::log::audit::audit;
use heard::protocol::cbor;
use heard::protocol::entry::{Entry, entry_hash, genesis};
use heard::protocol::merkle::{leaf_hash, verify_inclusion};
use heard::protocol::statement::{Kind, MAX_STATEMENT_BYTES, Statement};

fn state(log: &heard::log::Log) -> (u64, [u8; 32], String) {
    let s = log.latest();
    (s.size, s.root, s.note)
}

#[test]
fn appended_entries_chain_and_prove() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    let mut prev = genesis();
    for i in 0..20 {
        let (b, s) = signed(1, i);
        let a = log.append(&b, &s).unwrap();
        assert_eq!(a.seq, i);
        let e = Entry::decode(&a.entry).unwrap();
        assert_eq!(e.prev, prev);
        assert_eq!(e.statement, b);
        assert_eq!(entry_hash(&a.entry), a.entry_hash);
        assert_eq!(a.entry_hash, leaf_hash(&a.entry));
        prev = a.entry_hash;
        let proof = log.inclusion_proof(a.seq, a.checkpoint.size).unwrap();
        verify_inclusion(&a.entry_hash, a.seq, a.checkpoint.size, &proof, &a.checkpoint.root).unwrap();
    }
    assert_eq!(audit(log.store(), log.verifier()).unwrap().entries, 20);
}

#[test]
fn each_bad_input_has_its_code_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    fill(&log, 3);
    let before = state(&log);
    let disk_entries = log.store().entries(0).count();

    let (good, sig) = signed(2, 100);
    let mut bad_sig = sig;
    bad_sig[10] ^= 0x40;
    let k = author(2);
    let st = |version_kind: Option<u64>| Statement {
        kind: Kind::Idea,
        time: 5,
        author: k.verifying_key().to_bytes(),
        body: cbor::encode(&version_kind.unwrap_or(0)).unwrap(),
    };
    let (base, base_sig) = st(None).sign(&k);
    // Patch the version (first value in the map, key 0) to 2, and the kind (key 1) to 77.
    assert_eq!(&base[..3], &[0xa5, 0x00, 0x01]);
    let mut version2 = base.clone();
    version2[2] = 0x02;
    let mut kind77 = base.clone();
    assert_eq!(&kind77[3..5], &[0x01, 0x03]);
    kind77.splice(4..5, [0x18, 77]);
    let mut noncanonical = base.clone();
    noncanonical.splice(4..5, [0x18, 0x03]); // kind 3 in a two-byte head
    let mut weak = base.clone();
    let at = weak.windows(2).position(|w| w == [0x58, 0x20]).unwrap() + 2;
    weak[at..at + 32].copy_from_slice(&{
        let mut id = [0u8; 32];
        id[0] = 1;
        id
    });
    let big = vec![0u8; MAX_STATEMENT_BYTES + 1];

    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        ("truncated", good[..good.len() / 2].to_vec(), sig.to_vec()),
        ("oversized", big, sig.to_vec()),
        ("malformed", vec![0xff, 0xff, 0xff], sig.to_vec()),
        ("malformed", good.clone(), sig[..10].to_vec()),
        ("unknown_version", version2, base_sig.to_vec()),
        ("unknown_kind", kind77, base_sig.to_vec()),
        ("non_canonical", noncanonical, base_sig.to_vec()),
        ("weak_key", weak, base_sig.to_vec()),
        ("bad_signature", good.clone(), bad_sig.to_vec()),
    ];
    for (code, bytes, sig) in cases {
        let err = log.append(&bytes, &sig).expect_err(code);
        assert_eq!(err.code(), code, "{err}");
        assert_eq!(state(&log), before, "{code} changed the log");
        assert_eq!(log.store().entries(0).count(), disk_entries);
    }

    // Duplicate: the statement is logged once; the second attempt names the first seq.
    let (b, s) = signed(1, 1);
    match log.append(&b, &s) {
        Err(heard::log::AppendError::Duplicate { seq }) => assert_eq!(seq, 1),
        other => panic!("expected duplicate, got {other:?}"),
    }
    assert_eq!(state(&log), before);
    assert_eq!(audit(log.store(), log.verifier()).unwrap().entries, 3);
}

#[test]
fn concurrent_appenders_leave_no_gap_and_no_fork() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    let per = 200u64;
    let seqs = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for t in 0..8u8 {
            let log = &log;
            let seqs = &seqs;
            s.spawn(move || {
                for i in 0..per {
                    let (b, sig) = signed(t + 10, i);
                    let a = log.append(&b, &sig).unwrap();
                    seqs.lock().unwrap().push(a.seq);
                }
            });
        }
    });
    let mut seqs = seqs.into_inner().unwrap();
    seqs.sort();
    assert_eq!(seqs, (0..8 * per).collect::<Vec<_>>());
    assert_eq!(log.latest().size, 8 * per);
    assert_eq!(audit(log.store(), log.verifier()).unwrap().entries, 8 * per);
}

#[test]
fn same_statement_submitted_concurrently_is_logged_once() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    let (b, s) = signed(3, 7);
    let results: Vec<_> = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..8).map(|_| sc.spawn(|| log.append(&b, &s))).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| e.code() == "duplicate"));
    assert_eq!(log.latest().size, 1);
}

#[test]
fn reopening_keeps_everything_and_the_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let before = {
        let log = open(dir.path());
        fill(&log, 50);
        let s = log.latest();
        log.close().expect("closed cleanly");
        s
    };
    let log = open(dir.path());
    assert_eq!(log.latest(), before);
    let (b, s) = signed(9, 0);
    assert_eq!(log.append(&b, &s).unwrap().seq, 50);
    let proof = log.consistency_proof(50, 51).unwrap();
    heard::protocol::merkle::verify_consistency(50, 51, &before.root, &log.latest().root, &proof).unwrap();
}

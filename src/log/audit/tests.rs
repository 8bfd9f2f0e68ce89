//! The audit's tests: crafted logs with one thing spoiled each.

use ed25519_dalek::SigningKey;

use super::*;
use crate::log::store::WriteSet;
use crate::protocol::cbor;
use crate::protocol::note::NoteSigner;
use crate::protocol::statement::{Kind, statement_hash};

const ORIGIN: &str = "audit.test/log";

type NodeRow = Result<(u8, u64, Hash), StoreError>;

/// What to spoil in a crafted log. Everything else is written consistently with it (the
/// hashes, the nodes, the signed root), so only the spoiled check can fail.
#[derive(Default)]
struct Spoil {
    signature: Vec<u64>,
    statement: Vec<u64>,
    prev: Vec<u64>,
    node: Vec<(u8, u64)>,
    /// (later, earlier): entry `later` holds entry `earlier`'s statement and signature.
    repeat: Vec<(u64, u64)>,
}

/// A log of `n` entries by three authors, written straight into a store.
fn craft(n: u64, spoil: &Spoil) -> (tempfile::TempDir, Store, NoteVerifier) {
    let keys: Vec<SigningKey> = (1..=3u8).map(|i| SigningKey::from_bytes(&[i; 32])).collect();
    let mut w = WriteSet::default();
    let mut tree = Frontier::new();
    let mut prev = genesis();
    let mut signed: Vec<(Vec<u8>, [u8; 64])> = Vec::new();
    for seq in 0..n {
        let k = &keys[(seq % 3) as usize];
        let body = cbor::encode(&format!("idea {seq}")).unwrap();
        let (mut statement, mut signature) =
            Statement { kind: Kind::Idea, time: seq, author: k.verifying_key().to_bytes(), body }.sign(k);
        if let Some(&(_, earlier)) = spoil.repeat.iter().find(|r| r.0 == seq) {
            (statement, signature) = signed[earlier as usize].clone();
        }
        if spoil.signature.contains(&seq) {
            signature[0] ^= 1;
        }
        if spoil.statement.contains(&seq) {
            statement = b"not a statement".to_vec();
        }
        signed.push((statement.clone(), signature));
        let link = if spoil.prev.contains(&seq) { [7; 32] } else { prev };
        let bytes = Entry { seq, prev: link, log_time: seq, statement: statement.clone(), signature }.encode();
        let h = entry_hash(&bytes);
        w.entry(seq, bytes.clone(), &h, &statement_hash(&statement));
        for (level, index, mut node) in tree.append(h) {
            if spoil.node.contains(&(level, index)) {
                node[0] ^= 1;
            }
            w.node(level, index, &node);
        }
        prev = h;
    }
    let signer = NoteSigner::new(ORIGIN, [9; 32]).unwrap();
    let text = Checkpoint { origin: ORIGIN.into(), size: n, root: tree.root(), extensions: Vec::new() }.to_text();
    w.head(n, &prev, &signer.sign(&text).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.commit(w).unwrap();
    (dir, store, signer.verifier())
}

/// Chunk levels and worker counts the audit is run with: one-entry chunks, chunks smaller
/// and larger than the logs, more workers than chunks, and the real setting.
const SETTINGS: [(u8, usize); 6] = [(0, 1), (1, 3), (2, 2), (3, 4), (5, 1), (CHUNK_LEVEL, 2)];

/// The audit of a crafted log, the same under every setting.
fn audited(n: u64, spoil: &Spoil) -> Result<AuditReport, AuditFailure> {
    let (_dir, store, key) = craft(n, spoil);
    let answer = audit(&store, &key);
    for (level, workers) in SETTINGS {
        assert_eq!(run(&store, &key, level, workers), answer, "chunks of 2^{level}, {workers} workers");
    }
    answer
}

fn failure(n: u64, spoil: Spoil) -> String {
    audited(n, &spoil).expect_err("a spoiled log passed the audit").to_string()
}

#[test]
fn a_sound_log_passes_with_any_chunk_size() {
    for n in [0u64, 1, 2, 3, 4, 5, 8, 31, 32, 33, 37] {
        let (_dir, store, key) = craft(n, &Spoil::default());
        let root = Checkpoint::parse_text(&Note::parse(&store.head().unwrap().checkpoint.unwrap()).unwrap().text)
            .unwrap()
            .root;
        let report = audited(n, &Spoil::default()).unwrap_or_else(|f| panic!("{n} entries: {f}"));
        assert_eq!(report, AuditReport { entries: n, root, unsigned: 0 }, "{n} entries");
        assert!(audit(&store, &key).is_ok());
    }
}

#[test]
fn each_check_names_its_seq() {
    for seq in [0, 3, 17, 36] {
        let f = failure(37, Spoil { signature: vec![seq], ..Spoil::default() });
        assert_eq!(f, format!("seq {seq}: signature does not verify"));
    }
    let f = failure(37, Spoil { statement: vec![5], ..Spoil::default() });
    assert!(f.starts_with("seq 5: statement: "), "{f}");
    for seq in [0, 4, 8, 20, 36] {
        assert_eq!(
            failure(37, Spoil { prev: vec![seq], ..Spoil::default() }),
            format!("seq {seq}: prev hash mismatch")
        );
    }
    // A node is named at the leaf that completes it: (l, i) at leaf (i + 1)·2^l - 1.
    for (level, index, seq) in [(0u8, 9u64, 9u64), (1, 0, 1), (3, 1, 15), (5, 0, 31), (2, 8, 35)] {
        let f = failure(37, Spoil { node: vec![(level, index)], ..Spoil::default() });
        assert_eq!(f, format!("seq {seq}: stored Merkle node ({level}, {index}) differs from the recomputed one"));
    }
}

/// A statement logged a second time (a replay the sequencer would refuse as `duplicate`)
/// is named at its second seq, within a chunk or across chunks, and ranks after that
/// entry's own statement checks.
#[test]
fn a_statement_logged_twice_is_named_at_its_second_seq() {
    for (later, earlier) in [(1, 0), (36, 35), (36, 2), (20, 19)] {
        let f = failure(37, Spoil { repeat: vec![(later, earlier)], ..Spoil::default() });
        assert_eq!(f, format!("seq {later}: statement already logged at seq {earlier} (a replay)"));
    }
    let f = failure(1100, Spoil { repeat: vec![(1090, 3), (1095, 1094)], ..Spoil::default() });
    assert_eq!(f, "seq 1090: statement already logged at seq 3 (a replay)");
    let f = failure(37, Spoil { repeat: vec![(30, 4)], signature: vec![30], ..Spoil::default() });
    assert_eq!(f, "seq 30: signature does not verify");
}

/// The walker's findings (the link between chunks, the tree above them) and the workers'
/// (entries, nodes inside a chunk, statements, signatures) are merged by seq, whatever
/// order they were found in: the lowest bad seq is reported, and for one seq the check
/// that comes first (structure, link, nodes from the lowest level, statement).
#[test]
fn the_lowest_bad_seq_is_reported_whoever_finds_it() {
    let n = 1100;
    let cases: [(Spoil, &str); 8] = [
        (Spoil { prev: vec![10], signature: vec![900], ..Spoil::default() }, "seq 10: prev hash mismatch"),
        (Spoil { prev: vec![900], signature: vec![10], ..Spoil::default() }, "seq 10: signature does not verify"),
        (Spoil { prev: vec![1030], statement: vec![1029], ..Spoil::default() }, "seq 1029: statement: "),
        (
            Spoil { node: vec![(10, 0)], signature: vec![1000], ..Spoil::default() },
            "seq 1000: signature does not verify",
        ),
        (
            Spoil { node: vec![(0, 5)], signature: vec![3, 1050], ..Spoil::default() },
            "seq 3: signature does not verify",
        ),
        // Ties: the link before the nodes, the nodes before the statement.
        (Spoil { prev: vec![12], signature: vec![12], ..Spoil::default() }, "seq 12: prev hash mismatch"),
        (Spoil { node: vec![(0, 64), (6, 1)], prev: vec![64], ..Spoil::default() }, "seq 64: prev hash mismatch"),
        (
            Spoil { node: vec![(10, 0), (4, 63)], signature: vec![1023], ..Spoil::default() },
            "seq 1023: stored Merkle node (4, 63) differs from the recomputed one",
        ),
    ];
    for (spoil, want) in cases {
        let f = failure(n, spoil);
        assert!(f.starts_with(want), "{f} (expected {want})");
    }
    // A node above the chunks (but in the real setting) against a signature on the leaf
    // that completes it.
    let f = failure(n, Spoil { node: vec![(10, 0)], signature: vec![1023], ..Spoil::default() });
    assert_eq!(f, "seq 1023: stored Merkle node (10, 0) differs from the recomputed one");
}

/// What the walker finds while reading (a missing node, an unreadable store) is merged
/// with what the workers find in the chunks read before it.
#[test]
fn reading_failures_are_ordered_with_the_workers_findings() {
    // Audits a crafted log whose node scan is `edit`ed.
    let with_nodes = |spoil: Spoil, level: u8, edit: &dyn Fn(Vec<(u8, u64, Hash)>) -> Vec<NodeRow>| {
        let (_dir, store, _key) = craft(40, &spoil);
        let rows: Vec<_> = store.entries(0).collect();
        let nodes = edit(store.node_scan().map(Result::unwrap).collect());
        let reader = Reader::new(rows.into_iter(), nodes.into_iter(), 40, level);
        check_log(reader, 2).map(|_| ()).map_err(|f| f.failure.to_string())
    };
    let without = |gone: (u8, u64)| {
        move |all: Vec<(u8, u64, Hash)>| -> Vec<NodeRow> {
            all.into_iter().filter(|(l, i, _)| (*l, *i) != gone).map(Ok).collect()
        }
    };
    let broken = |all: Vec<(u8, u64, Hash)>| -> Vec<NodeRow> {
        let mut v: Vec<NodeRow> = all.into_iter().take(31).map(Ok).collect();
        v.push(Err(StoreError::Corrupt("test".into())));
        v
    };
    for level in [0u8, 2, 3, 10] {
        let missing = "seq 23: stored Merkle node (2, 5) is missing";
        assert_eq!(with_nodes(Spoil::default(), level, &without((2, 5))), Err(missing.into()));
        let bad = Spoil { signature: vec![22], ..Spoil::default() };
        assert_eq!(with_nodes(bad, level, &without((2, 5))), Err("seq 22: signature does not verify".into()));
        // On the same leaf, a missing node comes before the signature.
        for seq in [23, 24] {
            let bad = Spoil { signature: vec![seq], ..Spoil::default() };
            assert_eq!(with_nodes(bad, level, &without((2, 5))), Err(missing.into()));
        }
        let bad = Spoil { prev: vec![23], ..Spoil::default() };
        assert_eq!(with_nodes(bad, level, &without((2, 5))), Err("seq 23: prev hash mismatch".into()));
        // Node 31 in storage order is (0, 16): 2·16 - popcount(16).
        let f = with_nodes(Spoil::default(), level, &broken).unwrap_err();
        assert_eq!(f, "seq 16: Merkle tree: the store is corrupt: test");
        let bad = Spoil { statement: vec![15], ..Spoil::default() };
        assert!(with_nodes(bad, level, &broken).unwrap_err().starts_with("seq 15: statement: "));
    }
}

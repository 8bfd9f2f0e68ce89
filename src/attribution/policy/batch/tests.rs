use super::*;
use crate::attribution::Replay;
use crate::keys::{DataDir, statement_key};
use crate::ledger::Ledger;
use crate::protocol::entry::Entry;
use crate::protocol::statement::VerifiedStatement;
use crate::protocol::statement::verify_submission;

/// The demo's statements with their log times, in an order the rules refuse in many ways:
/// every fifth statement is also sent first, before what it depends on (unknown keys,
/// consultations, ideas…), and every third one is sent twice (a key enrolled twice, a card
/// claimed twice…); and the operator key.
fn demo_with_repeats() -> (Vec<(VerifiedStatement, u64)>, [u8; 32]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path());
    let ledger = Ledger::open_data_folder(tmp.path(), "batch.test").unwrap();
    let (keys, _) = dir.init_keys("").unwrap();
    crate::demo::fill(&ledger, &statement_key(&keys.operator)).unwrap();
    let (mut early, mut out) = (Vec::new(), Vec::new());
    for (i, e) in ledger.store().unwrap().entries(0).enumerate() {
        let e = Entry::decode(&e.unwrap().1).unwrap();
        let v = || verify_submission(&e.statement, &e.signature).unwrap();
        if i % 5 == 4 {
            early.push((v(), e.log_time));
        }
        out.push((v(), e.log_time));
        if i % 3 == 2 {
            out.push((v(), e.log_time));
        }
    }
    early.reverse();
    early.extend(out);
    (early, ledger.operator())
}

/// Each statement's seq and rows, or its refusal's code.
type Outcomes = Vec<Result<(u64, Vec<IndexWrite>), &'static str>>;

/// What the embedded replay decides for each statement in turn: seq and rows, or the code.
fn reference(operator: [u8; 32], all: &[(VerifiedStatement, u64)]) -> (Outcomes, Replay) {
    let mut replay = Replay::new(operator);
    let mut seq = 0;
    let out = all
        .iter()
        .map(|(v, t)| match replay.apply(seq, *t, v.hash, &v.statement) {
            Ok(w) => {
                seq += 1;
                Ok((seq - 1, w))
            }
            Err(r) => Err(r.code),
        })
        .collect();
    (out, replay)
}

/// Decides `all` in batches of `size` the way a store reached by round trips does: rows
/// fetched from `store` (the committed rows) only when a run names them. Returns the outcomes,
/// the final rows and how many round trips it took.
fn by_rounds(
    operator: [u8; 32],
    all: &[(VerifiedStatement, u64)],
    size: usize,
) -> (Outcomes, BTreeMap<Vec<u8>, Vec<u8>>, usize) {
    let mut store: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    let (mut out, mut seq, mut trips) = (Vec::new(), 0, 0);
    for chunk in all.chunks(size) {
        let batch: Vec<Pending> = chunk.iter().map(|(v, t)| Pending { statement: v, log_time: *t }).collect();
        let mut fetched = Fetched::default();
        let decided = loop {
            match decide(operator, &fetched, seq, &batch, true) {
                Ok(d) => break d,
                Err(wanted) => {
                    trips += 1;
                    for k in wanted.keys {
                        let v = store.get(&k).cloned();
                        fetched.rows.insert(k, v);
                    }
                    for p in wanted.prefixes {
                        let any = store.range(p.clone()..).next().is_some_and(|(k, _)| k.starts_with(&p));
                        fetched.prefixes.insert(p, any);
                    }
                }
            }
        };
        for d in decided {
            if let Ok((s, rows)) = &d {
                assert_eq!(*s, seq, "admitted statements take consecutive seqs");
                seq += 1;
                for w in rows {
                    match &w.value {
                        Some(v) => store.insert(w.key.clone(), v.clone()),
                        None => store.remove(&w.key),
                    };
                }
            }
            out.push(d.map_err(|r| r.code));
        }
    }
    (out, store, trips)
}

#[test]
fn batches_decided_by_rounds_equal_the_replay() {
    let (all, operator) = demo_with_repeats();
    let (want, replay) = reference(operator, &all);
    let refused = want.iter().filter(|r| r.is_err()).count();
    let codes: std::collections::BTreeSet<_> = want.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(refused > 20 && codes.len() >= 4, "refused {refused} of {}: {codes:?}", all.len());
    assert!(want.iter().filter(|r| r.is_ok()).count() > 50);
    for size in [1, 7, 64, all.len()] {
        let (got, rows, trips) = by_rounds(operator, &all, size);
        assert_eq!(got.len(), want.len());
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "statement {i} in batches of {size}");
        }
        assert_eq!(&rows, replay.rows(), "the rows after batches of {size}");
        let batches = all.len().div_ceil(size);
        // A round trip per row read would be hundreds; a batch here takes one to five.
        assert!((batches..=5 * batches).contains(&trips), "batches of {size}: {trips} round trips for {batches}");
    }
}

#[test]
fn a_run_missing_rows_names_them_and_decides_nothing() {
    let (all, operator) = demo_with_repeats();
    let batch: Vec<Pending> = all[..5].iter().map(|(v, t)| Pending { statement: v, log_time: *t }).collect();
    // The first statement enrols a key with the operator's: deciding it reads the rows of the
    // operator key and of the new key, which an empty fetch does not hold.
    let wanted = decide(operator, &Fetched::default(), 0, &batch, true).unwrap_err();
    assert!(!wanted.keys.is_empty());
    // Told that those rows do not exist, it asks for nothing it was already given.
    let mut fetched = Fetched::default();
    for k in &wanted.keys {
        fetched.rows.insert(k.clone(), None);
    }
    for p in &wanted.prefixes {
        fetched.prefixes.insert(p.clone(), false);
    }
    if let Err(again) = decide(operator, &fetched, 0, &batch, true) {
        assert!(again.keys.is_disjoint(&wanted.keys), "{again:?} asks again for {wanted:?}");
    }
}

/// An acknowledgement with its amount in the open is refused as a new append
/// (`public_amount`, before any row is read) but decided by the rules as an entry already in
/// a log ([`BatchGate::redecide`]): there, deciding it reads rows.
#[test]
fn redecide_leaves_out_the_check_only_new_appends_meet() {
    use crate::attribution::kinds::{ACK_GIVEN, AcknowledgeBody, Body, Recognition};
    let council = crate::demo::demo_key("council");
    let open = AcknowledgeBody {
        ideas: vec![Id([5; 32])],
        recognition: Recognition::Payment.code(),
        status: ACK_GIVEN,
        amount: Some(2500),
        currency: Some("GBP".into()),
        note: None,
        payment: None,
    };
    let s = crate::attribution::build::sign(&council, 1_000, &Body::Acknowledge(open)).unwrap();
    let v = verify_submission(&s.statement, &s.signature).unwrap();
    let batch = [Pending { statement: &v, log_time: 2_000 }];
    let gate = BatchPolicy::new([9; 32]);
    let new = gate.decide(&Fetched::default(), 0, &batch).unwrap();
    assert!(matches!(&new[..], [Err(r)] if r.code == "public_amount"), "{new:?}");
    let wanted = gate.redecide(&Fetched::default(), 0, &batch).unwrap_err();
    assert!(!wanted.is_empty());
}

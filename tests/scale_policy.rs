//! The policy over the domain's rows in PostgreSQL (#26): the demo's statements, some sent
//! again or too early (which the rules refuse), decided in batches inside a transaction holding
//! the head row's lock (`heard::scale::rows::admit`) give the same decisions as the embedded
//! policy's replay, and leave PostgreSQL's `heard_rows` equal to the replay's rows (which the
//! policy audit checks equal to an embedded store's).

use crate::common;

use common::services::{connect, fresh_database};
use heard::attribution::Replay;
use heard::attribution::build;
use heard::attribution::kinds::Role;
use heard::attribution::policy::batch::BatchPolicy;
use heard::attribution::recovery::sign_binding;
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::log::batch_gate::Pending;
use heard::protocol::entry::Entry;
use heard::protocol::statement::{VerifiedStatement, verify_submission};
use heard::scale::pg::{Sequenced, Submission};
use heard::scale::{pg, rows};

/// The demo's statements with their log times, in an order the rules refuse in many ways:
/// every fifth statement is also sent first, before what it depends on, and every third one
/// twice; and the operator key.
fn demo() -> (Vec<(VerifiedStatement, u64)>, [u8; 32]) {
    let tmp = tempfile::tempdir().unwrap();
    let ledger = Ledger::open_data_folder(tmp.path(), "scale-policy.test").unwrap();
    let (keys, _) = DataDir::new(tmp.path()).init_keys("").unwrap();
    heard::demo::fill(&ledger, &statement_key(&keys.operator)).unwrap();
    let (mut early, mut all) = (Vec::new(), Vec::new());
    for (i, e) in ledger.store().unwrap().entries(0).enumerate() {
        let e = Entry::decode(&e.unwrap().1).unwrap();
        let v = || (verify_submission(&e.statement, &e.signature).unwrap(), e.log_time);
        if i % 5 == 4 {
            early.push(v());
        }
        all.push(v());
        if i % 3 == 2 {
            all.push(v());
        }
    }
    // Recoveries, whose rules ask whether any row starts with a prefix (`P`: the old key's
    // credit): two with credit to move (one of them twice), one without.
    let t = all.last().map(|(_, t)| *t).unwrap_or(0) + 1_000;
    let facilitator = heard::demo::demo_key("facilitator amara");
    for (n, old) in ["derek", "leah", "derek", "nobody"].into_iter().enumerate() {
        let (old, new) = (heard::demo::demo_key(old), heard::demo::demo_key(&format!("new key {n}")));
        let old = build::key_id(&old);
        let binding = sign_binding(&new, &old);
        let s = build::recover(&facilitator, t, old, build::key_id(&new), 14, binding).unwrap();
        all.push((verify_submission(&s.statement, &s.signature).unwrap(), t));
    }
    early.reverse();
    early.extend(all);
    (early, ledger.operator())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_decided_in_postgres_equal_the_embedded_policy() {
    let (all, operator) = tokio::task::spawn_blocking(demo).await.unwrap();
    // What the embedded rules decide, one statement after another.
    let mut replay = Replay::new(operator);
    let mut want = Vec::new();
    for (v, t) in &all {
        let seq = want.iter().filter(|w: &&Result<u64, &str>| w.is_ok()).count() as u64;
        want.push(replay.apply(seq, *t, v.hash, &v.statement).map(|_| seq).map_err(|r| r.code));
    }
    let codes: std::collections::BTreeSet<_> = want.iter().filter_map(|w| w.as_ref().err()).collect();
    assert!(codes.len() >= 4, "the rules refuse in several ways: {codes:?}");
    let recoveries = &want[want.len() - 4..];
    assert!(recoveries[0].is_ok() && recoveries[1].is_ok(), "{recoveries:?}");
    assert_eq!(recoveries[2..], [Err("recovery_open"), Err("nothing_to_recover")]);
    let replayed: Vec<(Vec<u8>, Vec<u8>)> = replay.rows().clone().into_iter().collect();

    for size in [1, 37, all.len()] {
        let url = fresh_database().await;
        let mut client = connect(&url).await;
        pg::migrate(&client).await.unwrap();
        let mut got = Vec::new();
        let mut seq = 0;
        for chunk in all.chunks(size) {
            let batch: Vec<Pending> = chunk.iter().map(|(v, t)| Pending { statement: v, log_time: *t }).collect();
            let tx = client.transaction().await.unwrap();
            tx.query_one("SELECT size FROM heard_head WHERE id = 0 FOR UPDATE", &[]).await.unwrap();
            let decided = rows::admit(&tx, &BatchPolicy::new(operator), seq, &batch).await.unwrap();
            let writes: Vec<_> = decided.iter().filter_map(|d| d.as_ref().ok()).flat_map(|(_, w)| w).collect();
            rows::write(&tx, writes).await.unwrap();
            tx.commit().await.unwrap();
            for d in decided {
                got.push(d.map(|(s, _)| s).map_err(|r| r.code));
                seq += u64::from(got.last().is_some_and(Result::is_ok));
            }
        }
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "statement {i} in batches of {size}");
        }
        assert_eq!(got.len(), want.len());
        let in_pg = rows::all(&client).await.unwrap();
        assert_eq!(in_pg.len(), replayed.len(), "rows in PostgreSQL after batches of {size}");
        assert!(in_pg == replayed, "PostgreSQL's rows differ from the embedded policy's (batches of {size})");
    }
}

/// A submission of a signed statement, with nothing beside it.
fn submission(v: &VerifiedStatement) -> Submission {
    Submission { statement_hash: v.hash, statement: v.bytes.clone(), signature: v.signature, side: None }
}

/// `pg::append` de-duplicates by statement hash first, as the embedded log does, then applies
/// the rules in the same transaction: the answers equal the embedded order of checks, the
/// entries are exactly the admitted statements in order, and the rows those of the replay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn append_checks_duplicates_then_the_rules_in_one_transaction() {
    let (all, operator) = tokio::task::spawn_blocking(demo).await.unwrap();
    // Each batch of 23 is sent at its last statement's log time, which every entry of the
    // batch gets (log times never go back).
    const BATCH: usize = 23;
    let times: Vec<u64> = all
        .chunks(BATCH)
        .scan(0, |last, c| {
            *last = c.iter().map(|(_, t)| *t).max().unwrap().max(*last);
            Some(*last)
        })
        .collect();
    let mut replay = Replay::new(operator);
    let (mut want, mut admitted) = (Vec::new(), std::collections::HashMap::new());
    for (i, (v, _)) in all.iter().enumerate() {
        want.push(match admitted.get(&v.hash) {
            Some(&seq) => Sequenced::Duplicate { seq },
            None => {
                let seq = admitted.len() as u64;
                match replay.apply(seq, times[i / BATCH], v.hash, &v.statement) {
                    Ok(_) => {
                        admitted.insert(v.hash, seq);
                        Sequenced::New { seq, entry_hash: [0; 32] }
                    }
                    Err(r) => Sequenced::Refused(r),
                }
            }
        });
    }
    assert!(want.iter().any(|w| matches!(w, Sequenced::Duplicate { .. })));
    assert!(want.iter().any(|w| matches!(w, Sequenced::Refused(_))));

    let url = fresh_database().await;
    let mut client = connect(&url).await;
    pg::migrate(&client).await.unwrap();
    let gate = BatchPolicy::new(operator);
    let mut got = Vec::new();
    for (chunk, now) in all.chunks(BATCH).zip(times) {
        let subs: Vec<Submission> = chunk.iter().map(|(v, _)| submission(v)).collect();
        got.extend(pg::append(&mut client, &gate, &subs, now).await.unwrap());
    }
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        match (g, w) {
            (Sequenced::New { seq: a, .. }, Sequenced::New { seq: b, .. }) => assert_eq!(a, b, "statement {i}"),
            _ => assert_eq!(g, w, "statement {i}"),
        }
    }
    let entries = pg::entries(&client, 0, admitted.len() as u64).await.unwrap();
    assert_eq!(entries.len(), admitted.len());
    for (seq, bytes) in entries.iter().enumerate() {
        let e = Entry::decode(bytes).unwrap();
        assert_eq!(admitted[&heard::protocol::statement::statement_hash(&e.statement)], seq as u64);
    }
    let replayed: Vec<(Vec<u8>, Vec<u8>)> = replay.rows().clone().into_iter().collect();
    assert!(rows::all(&client).await.unwrap() == replayed, "PostgreSQL's rows differ from the replay's");
}

/// Two processes' worth of connections race to enrol the same key, each with a statement of
/// its own (different author times, so no duplicate): the head row's lock orders them, the
/// second sees the first's rows, and exactly one enrolment is admitted each time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_writers_see_each_others_rows() {
    let operator = heard::demo::demo_key("racing operator");
    let op_id = build::key_id(&operator).0;
    let url = fresh_database().await;
    pg::migrate(&connect(&url).await).await.unwrap();
    let gate = std::sync::Arc::new(BatchPolicy::new(op_id));
    let rounds = 40u64;
    let mut tasks = Vec::new();
    for writer in 0..3u64 {
        let (url, gate, operator) = (url.clone(), gate.clone(), operator.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = connect(&url).await;
            let mut answers = Vec::new();
            for round in 0..rounds {
                let member = build::key_id(&heard::demo::demo_key(&format!("member {round}")));
                let s = build::enrol(&operator, 1_000 + writer, member, Role::Facilitator, "F", false).unwrap();
                let v = verify_submission(&s.statement, &s.signature).unwrap();
                answers.push(pg::append(&mut client, gate.as_ref(), &[submission(&v)], 2_000).await.unwrap());
            }
            answers
        }));
    }
    let mut per_round = vec![(0, 0); rounds as usize];
    for t in tasks {
        for (round, a) in t.await.unwrap().into_iter().enumerate() {
            match &a[..] {
                [Sequenced::New { .. }] => per_round[round].0 += 1,
                [Sequenced::Refused(r)] if r.code == "key_in_use" => per_round[round].1 += 1,
                other => panic!("round {round}: {other:?}"),
            }
        }
    }
    assert!(per_round.iter().all(|&r| r == (1, 2)), "one enrolment admitted and two refused a key: {per_round:?}");
    let client = connect(&url).await;
    assert_eq!(pg::head(&client).await.unwrap().0, rounds, "one entry a key");
}

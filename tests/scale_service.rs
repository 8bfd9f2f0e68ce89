//! `heard::scale::service::PgLog` (#26): several "processes" (each a `PgLog` with its own
//! connections and tasks) on one PostgreSQL database and one bucket take appends of real
//! signed statements under the domain's rules; each acknowledged append carries a receipt
//! that verifies against a checkpoint signed by the log. The integrating process is killed
//! mid-load and another takes over; PostgreSQL connections are terminated under waiting
//! appends, which are answered (a receipt or `Unavailable`), never left hanging.

use crate::common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use common::services::{connect, fresh_bucket, fresh_database};
use ed25519_dalek::SigningKey;
use heard::attribution::build;
use heard::attribution::kinds::Role;
use heard::attribution::policy::batch::BatchPolicy;
use heard::protocol::Hash;
use heard::protocol::entry::{Entry, entry_hash, genesis};
use heard::protocol::merkle::{Frontier, verify_consistency};
use heard::protocol::note::{Checkpoint, Note, NoteSigner};
use heard::protocol::receipt::verify_receipt;
use heard::scale::pg;
use heard::scale::service::{PgAppendError, PgAppended, PgConfig, PgLog, proofs};
use object_store::path::Path as ObjPath;
use object_store::{ObjectStore, ObjectStoreExt as _};
use tokio::time::timeout;

const ORIGIN: &str = "service.test.heard/log";
/// The bound on every wait in these tests: a hang fails the test instead of stalling it.
const BOUND: Duration = Duration::from_secs(90);

fn signer() -> NoteSigner {
    NoteSigner::new(ORIGIN, [9; 32]).expect("signer")
}

fn operator() -> SigningKey {
    SigningKey::from_bytes(&[0x5a; 32])
}

/// The `i`-th enrolment of a fresh witness key by `by`: valid, distinct statements, which the
/// rules admit when `by` is the operator.
fn enrolment(by: &SigningKey, i: u64) -> (Vec<u8>, [u8; 64]) {
    let mut seed = [0x42u8; 32];
    seed[..8].copy_from_slice(&i.to_be_bytes());
    let member = build::key_id(&SigningKey::from_bytes(&seed));
    let name = format!("service witness {i}");
    let s = build::enrol(by, 1_700_000_000_000 + i, member, Role::Witness, &name, false).expect("an enrolment");
    (s.statement, s.signature)
}

fn config() -> PgConfig {
    PgConfig { receipt_wait: Duration::from_secs(30), ..PgConfig::default() }
}

async fn open(url: &str, bucket: &Arc<dyn ObjectStore>) -> PgLog {
    let gate = Arc::new(BatchPolicy::new(operator().verifying_key().to_bytes()));
    PgLog::open(url, bucket.clone(), "", signer(), gate, config()).await.expect("open a PgLog")
}

/// Checks an acknowledged append's receipt as a client would, with the log key alone.
fn check_receipt(a: &PgAppended) {
    let report = verify_receipt(&a.receipt(), &signer().verifier(), &[], 0);
    let facts =
        report.facts.clone().unwrap_or_else(|| panic!("entry {}'s receipt fails: {:?}", a.seq, report.failure()));
    assert_eq!((facts.seq, facts.entry_hash), (a.seq, a.entry_hash));
    assert_eq!(facts.tree_size, a.checkpoint.size);
    assert_eq!(entry_hash(&a.entry), a.entry_hash);
}

/// Every acknowledged entry is in PostgreSQL with its hash; the entries make one chain; every
/// checkpoint PostgreSQL recorded is signed by the log, has the root the entries give at its
/// size, and is consistent with the next (a consistency proof from `heard_nodes`); the
/// bucket's checkpoint is one of them. Returns the log's size.
async fn check_log(url: &str, bucket: &Arc<dyn ObjectStore>, acked: &HashMap<u64, Hash>) -> u64 {
    let client = connect(url).await;
    let (size, integrated) = pg::head(&client).await.unwrap();
    let entries = pg::entries(&client, 0, size).await.unwrap();
    let mut prev = genesis();
    let mut frontier = Frontier::new();
    let mut roots = vec![frontier.root()];
    for (seq, bytes) in entries.iter().enumerate() {
        let e = Entry::decode(bytes).expect("a canonical entry");
        assert_eq!((e.seq, e.prev), (seq as u64, prev), "entry {seq} continues the chain");
        prev = entry_hash(bytes);
        frontier.append(prev);
        roots.push(frontier.root());
    }
    for (seq, h) in acked {
        assert!(*seq < size, "acknowledged entry {seq} is in PostgreSQL");
        assert_eq!(entry_hash(&entries[*seq as usize]), *h, "entry {seq} is the one acknowledged");
    }
    let rows = client.query("SELECT size, root, note FROM heard_checkpoints ORDER BY size", &[]).await.unwrap();
    assert!(!rows.is_empty());
    let mut last: Option<(u64, Hash)> = None;
    let mut by_size = HashMap::new();
    for r in rows {
        let (n, root, note): (i64, Vec<u8>, String) = (r.get(0), r.get(1), r.get(2));
        let n = n as u64;
        let root: Hash = root.try_into().unwrap();
        assert!(n <= integrated);
        assert_eq!(root, roots[n as usize], "the checkpoint of size {n} has the entries' root");
        let parsed = Note::parse(&note).unwrap();
        parsed.verify(&[signer().verifier()]).expect("signed by the log");
        assert_eq!(Checkpoint::parse_text(&parsed.text).unwrap().root, root);
        if let Some((old, old_root)) = last {
            let proof = proofs::consistency(&client, old, n).await.unwrap();
            verify_consistency(old, n, &old_root, &root, &proof).expect("each checkpoint extends the one before");
        }
        by_size.insert(n, note);
        last = Some((n, root));
    }
    let text = bucket.get(&ObjPath::from("checkpoint")).await.expect("a checkpoint").bytes().await.unwrap();
    let text = std::str::from_utf8(&text).unwrap();
    let cp = Checkpoint::parse_text(&Note::parse(text).unwrap().text).unwrap();
    assert_eq!(by_size.get(&cp.size).map(String::as_str), Some(text), "the bucket holds a recorded checkpoint");
    size
}

/// Appends `ids` through `log`, answering each with its receipt checked; returns seq → hash.
async fn append_all(log: Arc<PgLog>, ids: Vec<u64>, done: Arc<AtomicU64>) -> HashMap<u64, Hash> {
    let op = operator();
    let mut acked = HashMap::new();
    for i in ids {
        let (st, sig) = enrolment(&op, i);
        let a = timeout(BOUND, log.append(&st, &sig, None))
            .await
            .unwrap_or_else(|_| panic!("append {i} hung"))
            .unwrap_or_else(|e| panic!("append {i}: {e} ({})", e.code()));
        check_receipt(&a);
        acked.insert(a.seq, a.entry_hash);
        done.fetch_add(1, Ordering::SeqCst);
    }
    acked
}

/// Waits (bounded) until one of `logs` integrates; returns its index.
async fn leader_of(logs: &[Arc<PgLog>]) -> usize {
    timeout(BOUND, async {
        loop {
            if let Some(i) = logs.iter().position(|l| l.is_leader()) {
                return i;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("some process takes the integration lock")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_processes_give_receipts_and_survive_the_leaders_death() {
    let url = fresh_database().await;
    let (_, bucket) = fresh_bucket();
    let logs: Vec<Arc<PgLog>> = vec![
        Arc::new(open(&url, &bucket).await),
        Arc::new(open(&url, &bucket).await),
        Arc::new(open(&url, &bucket).await),
    ];
    let done = Arc::new(AtomicU64::new(0));

    // 3 × 8 clients, 10 appends each, spread over the three processes.
    let mut tasks = Vec::new();
    for c in 0..24u64 {
        let ids = (0..10).map(|k| c * 10 + k).collect();
        tasks.push(tokio::spawn(append_all(logs[(c % 3) as usize].clone(), ids, done.clone())));
    }
    let mut acked = HashMap::new();
    for t in tasks {
        acked.extend(t.await.unwrap());
    }
    assert_eq!(acked.len(), 240);

    // The leader dies mid-load: its integration session is terminated (what PostgreSQL sees
    // of a SIGKILL) and all its tasks stop. The other two keep taking appends.
    let leader = leader_of(&logs).await;
    let others: Vec<Arc<PgLog>> = (0..3).filter(|&i| i != leader).map(|i| logs[i].clone()).collect();
    let before = done.load(Ordering::SeqCst);
    let mut tasks = Vec::new();
    for c in 0..16u64 {
        let ids = (0..10).map(|k| 1_000 + c * 10 + k).collect();
        tasks.push(tokio::spawn(append_all(others[(c % 2) as usize].clone(), ids, done.clone())));
    }
    timeout(BOUND, async {
        while done.load(Ordering::SeqCst) < before + 40 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("appends go on before the kill");
    let pid = logs[leader].integration_pid().expect("the leader is connected");
    let admin = connect(&url).await;
    admin.query_one("SELECT pg_terminate_backend($1)", &[&pid]).await.unwrap();
    logs[leader].stop();
    let killed_at = pg::head(&admin).await.unwrap().1;
    for t in tasks {
        acked.extend(t.await.unwrap());
    }
    assert_eq!(acked.len(), 240 + 160);
    let new_leader = leader_of(&others).await;
    assert!(others[new_leader].is_leader() && !logs[leader].is_leader());
    // Appends after the kill were integrated by the new leader.
    let (_, integrated) = pg::head(&admin).await.unwrap();
    assert!(integrated > killed_at, "integration went on after the kill ({killed_at} → {integrated})");
    let size = check_log(&url, &bucket, &acked).await;
    assert_eq!(size, 400, "exactly the acknowledged entries are in the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_duplicates_and_bad_statements_are_answered_as_such() {
    let url = fresh_database().await;
    let (_, bucket) = fresh_bucket();
    let log = open(&url, &bucket).await;
    let op = operator();
    let (st, sig) = enrolment(&op, 1);
    let first = timeout(BOUND, log.append(&st, &sig, None)).await.unwrap().expect("appended");
    check_receipt(&first);
    match timeout(BOUND, log.append(&st, &sig, None)).await.unwrap() {
        Err(PgAppendError::Duplicate { seq }) => assert_eq!(seq, first.seq),
        other => panic!("a duplicate: {other:?}"),
    }
    // Someone who is not the operator enrols a key: the rules refuse it.
    let (st, sig) = enrolment(&SigningKey::from_bytes(&[3; 32]), 2);
    match timeout(BOUND, log.append(&st, &sig, None)).await.unwrap() {
        Err(e @ PgAppendError::Refused(_)) => assert_eq!(e.code(), "not_operator", "{e}"),
        other => panic!("a refusal: {other:?}"),
    }
    // Not a statement at all, and a statement with another's signature: refused by their
    // own checks, before they reach PostgreSQL.
    let bad = timeout(BOUND, log.append(b"not a statement", &[0; 64], None)).await.unwrap().unwrap_err();
    assert!(matches!(bad, PgAppendError::Statement(_)), "{bad:?}");
    let (st, mut sig) = enrolment(&op, 3);
    sig[0] ^= 1;
    let bad = timeout(BOUND, log.append(&st, &sig, None)).await.unwrap().unwrap_err();
    assert!(matches!(bad, PgAppendError::Statement(_)), "{bad:?}");
    assert_eq!(bad.code(), "bad_signature");
    let big = vec![0; pg::MAX_SIDE + 1];
    let bad = timeout(BOUND, log.append(&st, &enrolment(&op, 3).1, Some(big))).await.unwrap().unwrap_err();
    assert_eq!(bad.code(), "side_too_large");
    let client = connect(&url).await;
    assert_eq!(pg::head(&client).await.unwrap().0, 1, "only the first statement is in the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn terminated_connections_answer_waiting_appends_and_lose_nothing() {
    let url = fresh_database().await;
    let (_, bucket) = fresh_bucket();
    let logs = [Arc::new(open(&url, &bucket).await), Arc::new(open(&url, &bucket).await)];
    let op = Arc::new(operator());
    let admin = connect(&url).await;
    let answered = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for c in 0..12u64 {
        let (log, op, answered) = (logs[(c % 2) as usize].clone(), op.clone(), answered.clone());
        tasks.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            for k in 0..10 {
                let i = 5_000 + c * 10 + k;
                let (st, sig) = enrolment(&op, i);
                let got = timeout(BOUND, log.append(&st, &sig, None)).await.expect("an answer, not a hang");
                answered.fetch_add(1, Ordering::SeqCst);
                answers.push((i, got));
            }
            answers
        }));
    }
    // Every connection of both processes is cut, three times, while appends wait: after 20,
    // 50 and 80 of the 120 are answered.
    for at in [20, 50, 80] {
        timeout(BOUND, async {
            while answered.load(Ordering::SeqCst) < at {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
        .await
        .expect("appends are answered between the cuts");
        admin
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .await
            .unwrap();
    }
    let mut acked = HashMap::new();
    let mut again = Vec::new();
    for t in tasks {
        for (i, got) in t.await.unwrap() {
            match got {
                Ok(a) => {
                    check_receipt(&a);
                    acked.insert(a.seq, a.entry_hash);
                }
                Err(PgAppendError::Unavailable(_)) => again.push(i),
                Err(e) => panic!("append {i}: {e} ({})", e.code()),
            }
        }
    }
    // Sent again, each is appended or found already there: nothing is lost, service resumes.
    eprintln!("{} of 120 appends answered Unavailable under the cuts", again.len());
    for i in again {
        let (st, sig) = enrolment(&op, i);
        let mut tries = 0;
        loop {
            tries += 1;
            match timeout(BOUND, logs[0].append(&st, &sig, None)).await.expect("an answer") {
                Ok(a) => {
                    check_receipt(&a);
                    acked.insert(a.seq, a.entry_hash);
                    break;
                }
                Err(PgAppendError::Duplicate { .. }) => break,
                Err(PgAppendError::Unavailable(e)) if tries < 50 => {
                    eprintln!("retry {i}: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("append {i} sent again: {e} ({})", e.code()),
            }
        }
    }
    let size = check_log(&url, &bucket, &acked).await;
    assert_eq!(size, 120, "each of the 120 statements is in the log once");
}

//! `heard audit --postgres … --bucket …` (#26) over the tables the walk of `heard_entries`
//! must agree with: `heard_nodes`, `heard_checkpoints`, `heard_cosignatures` and `heard_side`.
//! A migrated log passes, with its counts; each tampering of one table is named by its code
//! (and the entry's seq when it is about one), and the log passes again once it is undone.

use std::path::Path;

use crate::common;
use crate::scale_audit::{audit, says};
use crate::scale_side::folder_with_side_data;

use common::migrate as migrating;
use common::services::{connect, fresh_bucket, fresh_database};
use heard::attribution::payment::{self, Payment};
use heard::protocol::Hash;
use heard::protocol::entry::entry_hash;
use heard::protocol::merkle::Frontier;
use heard::protocol::note::{Checkpoint, Cosigner, Note};

/// Migrates the folder in `data` to a fresh database and bucket; returns the database's URL
/// and `heard audit`'s arguments (keys from the folder).
async fn migrated(data: &Path) -> (String, Vec<String>) {
    let url = fresh_database().await;
    let (name, _bucket) = fresh_bucket();
    let s3 = format!("s3://{name}");
    let out = migrating::migrate(data, &url, &s3, None);
    assert!(out.status.success(), "{}", migrating::said(&out));
    let args = ["--postgres", &url, "--bucket", &s3, "--data", data.to_str().unwrap()];
    (url.clone(), args.map(str::to_owned).to_vec())
}

/// Runs the audit with `args` and asserts its exit code and a piece of what it said.
fn check(args: &[String], code: i32, text: &str) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    says(&audit(&args), code, text);
}

/// The Merkle root of the first `size` entries of `entries`.
fn root_of(entries: &[Vec<u8>], size: usize) -> Hash {
    let mut tree = Frontier::new();
    for e in &entries[..size] {
        tree.append(entry_hash(e));
    }
    tree.root()
}

/// The side-data folder (ideas, a withdrawal, a payment, cosignatures), migrated: the folder,
/// a connection to its database and `heard audit`'s arguments. The folder is made on a
/// thread of its own: the ledger's appends block, which the test's runtime forbids.
async fn side_data_migrated() -> (tempfile::TempDir, tokio_postgres::Client, Vec<String>) {
    let dir = std::thread::spawn(folder_with_side_data).join().expect("the folder was made");
    let (url, args) = migrated(dir.path()).await;
    (dir, connect(&url).await, args)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_nodes_must_be_the_entries_nodes() {
    let dir = migrating::embedded(1, 0..300);
    let (url, args) = migrated(&dir.path().join("data")).await;
    let c = connect(&url).await;
    // 300 entries: 300 + 150 + 75 + 37 + 18 + 9 + 4 + 2 + 1 nodes.
    check(&args, 0, "PostgreSQL's 596 Merkle nodes are the entries' nodes");

    // A node's hash changed: named by the first entry under it (5 · 2³).
    let flip = "UPDATE heard_nodes SET hash = set_byte(hash, 0, get_byte(hash, 0) # 1) WHERE level = 3 AND idx = 5";
    c.execute(flip, &[]).await.unwrap();
    check(&args, 1, "audit FAILED: node_mismatch: seq 40: heard_nodes' node (level 3, index 5)");
    c.execute(flip, &[]).await.unwrap();
    check(&args, 0, "policy audit passed");

    // A node missing.
    let row = c.query_one("SELECT hash FROM heard_nodes WHERE level = 0 AND idx = 77", &[]).await.unwrap();
    let hash: Vec<u8> = row.get(0);
    c.execute("DELETE FROM heard_nodes WHERE level = 0 AND idx = 77", &[]).await.unwrap();
    check(&args, 1, "audit FAILED: node_missing: seq 77: heard_nodes has no node (level 0, index 77)");
    c.execute("INSERT INTO heard_nodes VALUES (0, 77, $1)", &[&hash]).await.unwrap();
    check(&args, 0, "policy audit passed");

    // Nodes the 300 integrated entries do not give: past the integrated size, at a level
    // above the tree's, at a negative index.
    for (level, idx) in [(0i16, 300i64), (2, 75), (9, 0), (0, -1)] {
        c.execute("INSERT INTO heard_nodes VALUES ($1, $2, $3)", &[&level, &idx, &hash]).await.unwrap();
        let named = format!("audit FAILED: node_extra: heard_nodes holds a node (level {level}, index {idx})");
        check(&args, 1, &named);
        c.execute("DELETE FROM heard_nodes WHERE level = $1 AND idx = $2", &[&level, &idx]).await.unwrap();
    }
    check(&args, 0, "PostgreSQL's 596 Merkle nodes are the entries' nodes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_checkpoints_must_verify_and_hold_the_entries_roots() {
    let dir = migrating::embedded(1, 0..300);
    let data = dir.path().join("data");
    let (url, args) = migrated(&data).await;
    let c = connect(&url).await;
    check(&args, 0, "its 1 checkpoints verify with the log key and hold the entries' roots");
    let (entries, _) = migrating::embedded_log(&data);
    let signer = common::log_signer();
    let note = |size: u64, root: Hash| {
        let text = Checkpoint { origin: common::ORIGIN.into(), size, root, extensions: Vec::new() }.to_text();
        signer.sign(&text).unwrap()
    };
    let insert = "INSERT INTO heard_checkpoints (size, root, note) VALUES ($1, $2, $3)";

    // A checkpoint of the first 100 entries, signed by the log key over their root: it passes.
    let r100 = root_of(&entries, 100);
    c.execute(insert, &[&100i64, &r100.as_slice(), &note(100, r100)]).await.unwrap();
    check(&args, 0, "its 2 checkpoints verify with the log key and hold the entries' roots");

    // A checkpoint of 200 entries, signed by the log key, over another root: a fork.
    let other = root_of(&entries, 199);
    c.execute(insert, &[&200i64, &other.as_slice(), &note(200, other)]).await.unwrap();
    check(
        &args,
        1,
        "audit FAILED: checkpoint_fork: heard_checkpoints' checkpoint of 200 entries, signed by the log key",
    );
    c.execute("DELETE FROM heard_checkpoints WHERE size = 200", &[]).await.unwrap();

    // The integrator's checkpoint: its signature, then its root column, changed.
    let row = c.query_one("SELECT root, note FROM heard_checkpoints WHERE size = 300", &[]).await.unwrap();
    let (root, kept): (Vec<u8>, String) = (row.get(0), row.get(1));
    let parsed = Note::parse(&kept).unwrap();
    let mut forged = parsed.clone();
    forged.signatures[0].sig[0] ^= 1;
    c.execute("UPDATE heard_checkpoints SET note = $1 WHERE size = 300", &[&forged.to_string()]).await.unwrap();
    check(&args, 1, "audit FAILED: checkpoint_signature: heard_checkpoints' checkpoint of 300 entries does not verify");
    c.execute("UPDATE heard_checkpoints SET note = $1 WHERE size = 300", &[&kept]).await.unwrap();
    c.execute("UPDATE heard_checkpoints SET root = $1 WHERE size = 300", &[&r100.as_slice()]).await.unwrap();
    check(&args, 1, "audit FAILED: checkpoint_row_mismatch: heard_checkpoints' checkpoint of 300 entries");
    c.execute("UPDATE heard_checkpoints SET root = $1 WHERE size = 300", &[&root]).await.unwrap();
    check(&args, 0, "policy audit passed");

    // A checkpoint of more entries than the log holds.
    c.execute(insert, &[&301i64, &r100.as_slice(), &note(301, r100)]).await.unwrap();
    check(&args, 1, "audit FAILED: checkpoint_unknown_size: heard_checkpoints holds a checkpoint of 301 entries");
    c.execute("DELETE FROM heard_checkpoints WHERE size = 301", &[]).await.unwrap();
    check(&args, 0, "its 2 checkpoints verify");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_beside_entries_must_match_their_digests() {
    let (_dir, c, args) = side_data_migrated().await;
    check(&args, 0, "its 3 values beside entries match their digests, and its 1 erased values are of withdrawn ideas");
    let seq_of = |q: &'static str| {
        let c = &c;
        async move { c.query_one(q, &[]).await.unwrap().get::<_, i64>(0) }
    };
    let payment_seq = seq_of("SELECT seq FROM heard_side WHERE position('XTS'::bytea in value) > 0").await;
    let text_seq = seq_of(
        "SELECT seq FROM heard_side WHERE value IS NOT NULL AND position('XTS'::bytea in value) = 0 ORDER BY seq LIMIT 1",
    )
    .await;
    let other_text = seq_of(
        "SELECT seq FROM heard_side WHERE value IS NOT NULL AND position('XTS'::bytea in value) = 0 ORDER BY seq \
         DESC LIMIT 1",
    )
    .await;
    let bare = seq_of("SELECT min(seq) FROM heard_entries WHERE seq NOT IN (SELECT seq FROM heard_side)").await;
    let value = |seq: i64| {
        let c = &c;
        async move { c.query_one("SELECT value FROM heard_side WHERE seq = $1", &[&seq]).await.unwrap().get(0) }
    };
    let (text, paid): (Option<Vec<u8>>, Option<Vec<u8>>) = (value(text_seq).await, value(payment_seq).await);
    let set = "UPDATE heard_side SET value = $2 WHERE seq = $1";

    // An idea's text replaced by another idea's (its own salt and words): not its digest.
    let another: Option<Vec<u8>> = value(other_text).await;
    c.execute(set, &[&text_seq, &another]).await.unwrap();
    check(&args, 1, &format!("audit FAILED: side_mismatch: seq {text_seq}: the value beside it in heard_side: "));
    // Erased, but the idea was never withdrawn.
    c.execute(set, &[&text_seq, &None::<Vec<u8>>]).await.unwrap();
    check(
        &args,
        1,
        &format!("audit FAILED: side_erased: seq {text_seq}: heard_side's value beside this idea is erased"),
    );
    c.execute(set, &[&text_seq, &text]).await.unwrap();

    // The payment's amount changed (a well-formed payment with the same salt).
    let mut p: Payment = payment::decode(paid.as_deref().unwrap()).unwrap();
    p.amount += 1;
    c.execute(set, &[&payment_seq, &payment::encode(&p).unwrap()]).await.unwrap();
    let named =
        format!("audit FAILED: side_mismatch: seq {payment_seq}: the value beside it in heard_side: the amount");
    check(&args, 1, &named);
    // Bytes that are no payment at all.
    c.execute(set, &[&payment_seq, &b"forged".to_vec()]).await.unwrap();
    check(&args, 1, &format!("audit FAILED: side_unreadable: seq {payment_seq}: "));
    c.execute(set, &[&payment_seq, &paid]).await.unwrap();
    check(&args, 0, "policy audit passed");

    // A value, or an erasure, beside an entry that carries none.
    let insert = "INSERT INTO heard_side (seq, value) VALUES ($1, $2)";
    c.execute(insert, &[&bare, &text]).await.unwrap();
    check(&args, 1, &format!("audit FAILED: side_unexpected: seq {bare}: the value beside it in heard_side: "));
    c.execute(set, &[&bare, &None::<Vec<u8>>]).await.unwrap();
    check(
        &args,
        1,
        &format!(
            "audit FAILED: side_erased: seq {bare}: heard_side holds an erased value beside an entry of kind enrol"
        ),
    );
    c.execute("DELETE FROM heard_side WHERE seq = $1", &[&bare]).await.unwrap();
    check(&args, 0, "its 3 values beside entries match their digests");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cosignatures_must_verify_over_their_checkpoints() {
    let (_dir, c, args) = side_data_migrated().await;
    // The folder's four lines, of checkpoints the embedded log signed (no row of theirs in
    // heard_checkpoints: they are checked over the checkpoints the entries give).
    check(&args, 0, "its 4 witness cosignatures verify");

    // A witness's line over the integrator's checkpoint (stored in heard_checkpoints).
    let row = c.query_one("SELECT size, note FROM heard_checkpoints ORDER BY size DESC LIMIT 1", &[]).await.unwrap();
    let (size, note): (i64, String) = (row.get(0), row.get(1));
    let witness = Cosigner::new("w3.example", [103; 32]).unwrap();
    let line = witness.cosign(&Note::parse(&note).unwrap().text, 1_700_000_100).unwrap();
    let key = witness.verifier().public_key();
    let insert = "INSERT INTO heard_cosignatures (size, witness, line) VALUES ($1, $2, $3)";
    c.execute(insert, &[&size, &key.as_slice(), &line]).await.unwrap();
    check(&args, 0, "its 5 witness cosignatures verify");
    let w3 = hex::encode(key);

    // Its signature changed; then its line under another witness's key; then moved to
    // another checkpoint (one entry fewer).
    let mut forged = Note::parse(&format!("{}{line}", note)).unwrap();
    forged.signatures[1].sig[20] ^= 1;
    let forged_line = forged.to_string().lines().last().unwrap().to_owned() + "\n";
    let set = "UPDATE heard_cosignatures SET line = $2 WHERE witness = $1";
    c.execute(set, &[&key.as_slice(), &forged_line]).await.unwrap();
    let named =
        format!("audit FAILED: cosignature_invalid: witness {w3}'s cosignature of the checkpoint of {size} entries");
    check(&args, 1, &named);
    c.execute(set, &[&key.as_slice(), &line]).await.unwrap();
    let other = [104u8; 32];
    c.execute("UPDATE heard_cosignatures SET witness = $2 WHERE witness = $1", &[&key.as_slice(), &other.as_slice()])
        .await
        .unwrap();
    check(&args, 1, &format!("audit FAILED: cosignature_invalid: witness {}'s", hex::encode(other)));
    c.execute(
        "UPDATE heard_cosignatures SET witness = $1, size = size - 1 WHERE witness = $2",
        &[&key.as_slice(), &other.as_slice()],
    )
    .await
    .unwrap();
    let named =
        format!("audit FAILED: cosignature_invalid: witness {w3}'s cosignature of the checkpoint of {}", size - 1);
    check(&args, 1, &named);

    // A cosignature of a checkpoint larger than the log.
    c.execute("UPDATE heard_cosignatures SET size = $2 WHERE witness = $1", &[&key.as_slice(), &(size + 5)])
        .await
        .unwrap();
    check(&args, 1, "audit FAILED: cosignature_unknown_checkpoint: heard_cosignatures holds witness");
    c.execute("UPDATE heard_cosignatures SET size = $2 WHERE witness = $1", &[&key.as_slice(), &size]).await.unwrap();
    check(&args, 0, "its 5 witness cosignatures verify");
}

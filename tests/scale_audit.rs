//! `heard audit --postgres … --bucket …` (#26): the audit of a log kept in PostgreSQL and
//! published to a bucket passes on what `heard migrate` leaves, and names the code and the
//! lowest bad seq of each kind of tampering: an entry's bytes, a tile, a domain row, the
//! checkpoint's signer. Bad input exits 2 with its code.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use crate::common;

use common::migrate as migrating;
use common::services::{connect, fresh_bucket, fresh_database};
use heard::attribution::Replay;
use heard::protocol::entry::{Entry, entry_hash};
use heard::protocol::note::{Checkpoint, Note, NoteSigner};
use heard::protocol::statement::{Statement, statement_hash};
use object_store::path::Path as ObjPath;
use object_store::{ObjectStoreExt as _, PutPayload};

/// Runs `heard audit ARGS` with the test S3 server in the AWS environment variables.
pub(crate) fn audit(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heard"));
    cmd.arg("audit").args(args);
    migrating::s3_env(&mut cmd);
    cmd.output().expect("run heard audit")
}

/// Asserts that `out` exited with `code` and said `text`.
pub(crate) fn says(out: &Output, code: i32, text: &str) {
    let said = migrating::said(out);
    assert_eq!(out.status.code(), Some(code), "{said}");
    assert!(said.contains(text), "expected {text:?} in\n{said}");
}

/// The seq of the entry that last wrote each domain row, replaying the folder's log.
fn writers(data: &Path) -> BTreeMap<Vec<u8>, u64> {
    let (entries, _) = migrating::embedded_log(data);
    let mut replay = Replay::new(common::operator().verifying_key().to_bytes());
    let mut out = BTreeMap::new();
    for (seq, bytes) in entries.iter().enumerate() {
        let e = Entry::decode(bytes).unwrap();
        let st = Statement::decode(&e.statement).unwrap();
        for w in replay.apply(seq as u64, e.log_time, statement_hash(&e.statement), &st).unwrap() {
            out.insert(w.key, seq as u64);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_passes_then_names_each_tampering() {
    let dir = migrating::embedded(1, 0..300);
    let data = dir.path().join("data");
    let url = fresh_database().await;
    let (name, bucket) = fresh_bucket();
    let s3 = format!("s3://{name}");
    let out = migrating::migrate(&data, &url, &s3, None);
    assert!(out.status.success(), "{}", migrating::said(&out));
    let c = connect(&url).await;

    let data_s = data.to_str().unwrap();
    let by_folder = ["--postgres", &url, "--bucket", &s3, "--data", data_s];
    says(&audit(&by_folder), 0, "audit passed: 300 entries");
    says(&audit(&by_folder), 0, "policy audit passed: every entry admitted");
    // The keys given as text, as `heard keys` prints them.
    let log_key = common::log_signer().verifier().to_text();
    let operator = NoteSigner::new("operator", common::operator().to_bytes()).unwrap().verifier().to_text();
    let by_keys = ["--postgres", &url, "--bucket", &s3, "--log-key", &log_key, "--operator-key", &operator];
    says(&audit(&by_keys), 0, "hash tiles and ");
    says(&audit(&["--postgres", &url, "--bucket", &s3, "--log-key", &log_key, "--log-only"]), 0, "audit passed");

    // An entry's bytes changed (its signature): the entry_hash column no longer matches; and
    // with the column changed too, its signature fails (and the tiles, after it).
    let (entries, note) = migrating::embedded_log(&data);
    let mut e = Entry::decode(&entries[100]).unwrap();
    e.signature[0] ^= 1;
    let forged = e.encode();
    c.execute("UPDATE heard_entries SET entry = $1 WHERE seq = 100", &[&forged]).await.unwrap();
    says(&audit(&by_folder), 1, "audit FAILED: entry_hash_column: seq 100: ");
    c.execute("UPDATE heard_entries SET entry_hash = $1 WHERE seq = 100", &[&entry_hash(&forged).as_slice()])
        .await
        .unwrap();
    says(&audit(&by_folder), 1, "audit FAILED: bad_statement: seq 100: ");
    let (original, hash) = (&entries[100], entry_hash(&entries[100]));
    c.execute("UPDATE heard_entries SET entry = $1, entry_hash = $2 WHERE seq = 100", &[original, &hash.as_slice()])
        .await
        .unwrap();
    says(&audit(&by_folder), 0, "policy audit passed");

    // A tile's hash 7 replaced in the bucket.
    let tile = ObjPath::from("tile/0/000");
    let good = bucket.get(&tile).await.unwrap().bytes().await.unwrap().to_vec();
    let mut bad = good.clone();
    bad[7 * 32 + 3] ^= 1;
    bucket.put(&tile, PutPayload::from(bad)).await.unwrap();
    says(&audit(&by_folder), 1, "audit FAILED: tile_mismatch: seq 7: ");
    bucket.put(&tile, PutPayload::from(good)).await.unwrap();
    says(&audit(&by_folder), 0, "policy audit passed");

    // A domain row changed: named by the entry that wrote it; the log alone still passes.
    let key: Vec<u8> =
        c.query_one("SELECT key FROM heard_rows ORDER BY key OFFSET 10 LIMIT 1", &[]).await.unwrap().get(0);
    let writer = writers(&data)[&key];
    c.execute("UPDATE heard_rows SET value = value || '\\x00'::bytea WHERE key = $1", &[&key]).await.unwrap();
    says(&audit(&by_folder), 1, &format!("policy audit FAILED: rows_mismatch: seq {writer}: "));
    let mut log_only = by_folder.to_vec();
    log_only.push("--log-only");
    says(&audit(&log_only), 0, "audit passed: 300 entries");
    c.execute("UPDATE heard_rows SET value = substring(value from 1 for length(value) - 1) WHERE key = $1", &[&key])
        .await
        .unwrap();
    says(&audit(&by_folder), 0, "policy audit passed");

    // The checkpoint replaced by the same checkpoint signed with another key of the same name.
    let cp = Checkpoint::parse_text(&Note::parse(&note).unwrap().text).unwrap();
    let other = NoteSigner::new(common::ORIGIN, [7; 32]).unwrap().sign(&cp.to_text()).unwrap();
    let path = ObjPath::from("checkpoint");
    let published = bucket.get(&path).await.unwrap().bytes().await.unwrap().to_vec();
    bucket.put(&path, PutPayload::from(other.into_bytes())).await.unwrap();
    says(&audit(&by_folder), 1, "audit FAILED: checkpoint_signature: ");
    bucket.put(&path, PutPayload::from(published)).await.unwrap();
    says(&audit(&by_folder), 0, "policy audit passed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_exits_2_with_its_code() {
    let dir = common::folder();
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    let url = fresh_database().await;
    let (name, _bucket) = fresh_bucket();
    let s3 = format!("s3://{name}");
    for bad in ["http://example.org/heard", "s3://Heard_Log", "s3://heard-log/logs"] {
        says(&audit(&["--postgres", &url, "--bucket", bad, "--data", data_s]), 2, "heard: bad_bucket_url: ");
    }
    says(&audit(&["--postgres", "not a url", "--bucket", &s3, "--data", data_s]), 2, "heard: bad_postgres_url: ");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let down = format!("postgres://heard@127.0.0.1:{port}/heard");
    says(&audit(&["--postgres", &down, "--bucket", &s3, "--data", data_s]), 2, "heard: postgres_unavailable: ");
    says(&audit(&["--postgres", &url, "--bucket", &s3]), 2, "heard: missing_key: ");
    says(&audit(&["--postgres", &url, "--bucket", &s3, "--log-key", "not a key"]), 2, "heard: bad_key: ");
}

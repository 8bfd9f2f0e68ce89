//! Scale-out, first slice (#26): sequencing in PostgreSQL from several connections at once,
//! and one integrator at a time publishing tiles and the checkpoint to an S3-compatible
//! bucket. Real services: PostgreSQL from Debian's packages (`.ci/postgres`) and moto's S3
//! server (`.ci/s3`, which first checks that its conditional puts refuse). And `heard migrate`,
//! which copies an embedded data folder's log into both and proves the checkpoint is the same.

use crate::common;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use common::migrate as migrating;
use common::services::{connect, fresh_bucket, fresh_database};
use heard::log::tiles::{TileKind, tiles_for_size};
use heard::protocol::Hash;
use heard::protocol::entry::{Entry, entry_hash, genesis};
use heard::protocol::merkle::{Frontier, node_hash};
use heard::protocol::note::{Checkpoint, Note, NoteSigner, NoteVerifier};
use heard::scale::ScaleError;
use heard::scale::integrate::Integrator;
use heard::scale::pg::{self, Sequenced, Submission};
use object_store::path::Path as ObjPath;
use object_store::{ObjectStore, ObjectStoreExt as _, PutPayload};
use sha2::{Digest, Sha256};

const ORIGIN: &str = "scale.test.heard/log";

fn signer() -> NoteSigner {
    NoteSigner::new(ORIGIN, [7; 32]).expect("signer")
}

/// A distinct submission per `n` (the bytes need not be a real statement here: the sequencer
/// and the integrator never look inside; the policy gate is not in this slice).
fn submission(n: u64) -> Submission {
    let statement = format!("statement {n}").into_bytes();
    Submission { statement_hash: Sha256::digest(&statement).into(), statement, signature: [n as u8; 64], side: None }
}

async fn new_log() -> String {
    let url = fresh_database().await;
    let client = connect(&url).await;
    pg::migrate(&client).await.expect("migrate");
    url
}

/// Every stored node of the tree over `leaves`, as the integrator must compute them.
fn nodes_of(leaves: &[Hash]) -> (HashMap<(u8, u64), Hash>, Hash) {
    let mut f = Frontier::new();
    let mut nodes = HashMap::new();
    for l in leaves {
        for (level, idx, h) in f.append(*l) {
            nodes.insert((level, idx), h);
        }
    }
    (nodes, f.root())
}

/// Checks the bucket against the entries: the checkpoint is signed by the log and has the
/// tree's root, and every tile and entry bundle of that size has exactly the bytes the tree
/// gives. Returns the checkpoint.
async fn check_bucket(bucket: &Arc<dyn ObjectStore>, entries: &[Vec<u8>]) -> Checkpoint {
    check_bucket_of(bucket, entries, &signer().verifier()).await
}

/// [`check_bucket`] for a log signed with `key`.
async fn check_bucket_of(bucket: &Arc<dyn ObjectStore>, entries: &[Vec<u8>], key: &NoteVerifier) -> Checkpoint {
    let text = bucket.get(&ObjPath::from("checkpoint")).await.expect("a checkpoint").bytes().await.unwrap();
    let note = Note::parse(std::str::from_utf8(&text).unwrap()).unwrap();
    note.verify(std::slice::from_ref(key)).expect("signed by the log");
    let cp = Checkpoint::parse_text(&note.text).unwrap();
    let size = cp.size as usize;
    let leaves: Vec<Hash> = entries[..size].iter().map(|e| entry_hash(e)).collect();
    let (nodes, root) = nodes_of(&leaves);
    assert_eq!(cp.root, root, "the checkpoint's root is the tree's");
    for tile in tiles_for_size(cp.size) {
        let got = bucket.get(&ObjPath::from(tile.path())).await.unwrap_or_else(|e| panic!("{}: {e}", tile.path()));
        let got = got.bytes().await.unwrap();
        let mut want = Vec::new();
        let start = tile.index * 256;
        match tile.kind {
            TileKind::Hashes(level) => {
                for i in start..start + tile.width {
                    want.extend_from_slice(&nodes[&(level * 8, i)]);
                }
            }
            TileKind::Entries => {
                for e in &entries[start as usize..(start + tile.width) as usize] {
                    want.extend_from_slice(&(e.len() as u16).to_be_bytes());
                    want.extend_from_slice(e);
                }
            }
        }
        assert!(got.as_ref() == want.as_slice(), "{} has the tree's bytes", tile.path());
    }
    cp
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_sequencers_make_one_chain_and_refuse_duplicates() {
    let url = new_log().await;
    // Three "processes" (connections) append at once; every fourth statement is sent by all
    // three, so each of those must be appended once and answered as a duplicate twice.
    let mut tasks = Vec::new();
    for p in 0..3u64 {
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let mut client = connect(&url).await;
            let mut answers = Vec::new();
            for batch in 0..40u64 {
                let subs: Vec<Submission> = (0..5u64)
                    .map(|i| {
                        let n = batch * 5 + i;
                        if n % 4 == 0 { submission(n) } else { submission(1_000_000 * (p + 1) + n) }
                    })
                    .collect();
                let out = pg::sequence(&mut client, &subs, 1_700_000_000_000 + batch).await.expect("sequence");
                answers.extend(subs.into_iter().zip(out));
            }
            answers
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.extend(t.await.unwrap());
    }
    let client = connect(&url).await;
    let (size, integrated) = pg::head(&client).await.unwrap();
    assert_eq!(integrated, 0);
    // 3 × 200 submissions; the 50 shared ones count once.
    assert_eq!(size, 3 * 150 + 50);
    let entries = pg::entries(&client, 0, size).await.unwrap();
    let mut prev = genesis();
    let mut last_time = 0;
    let mut by_statement = HashMap::new();
    for (seq, bytes) in entries.iter().enumerate() {
        let e = Entry::decode(bytes).expect("a canonical entry");
        assert_eq!(e.seq, seq as u64);
        assert_eq!(e.prev, prev, "entry {seq} continues the chain");
        assert!(e.log_time >= last_time, "log times never decrease");
        let sh: Hash = Sha256::digest(&e.statement).into();
        assert!(by_statement.insert(sh, seq as u64).is_none(), "statement at {seq} appended twice");
        prev = entry_hash(bytes);
        last_time = e.log_time;
    }
    let mut new_count = 0;
    for (sub, got) in &answers {
        match got {
            Sequenced::New { seq, entry_hash: h } => {
                new_count += 1;
                assert_eq!(by_statement[&sub.statement_hash], *seq);
                assert_eq!(entry_hash(&entries[*seq as usize]), *h);
            }
            Sequenced::Duplicate { seq } => assert_eq!(by_statement[&sub.statement_hash], *seq),
            Sequenced::Refused(r) => panic!("no rules apply in `sequence`, yet {r:?}"),
        }
    }
    assert_eq!(new_count, size, "each entry was answered New exactly once");
    // A repeat after the fact is a duplicate too, and changes nothing.
    let mut c = connect(&url).await;
    let again = pg::sequence(&mut c, &[submission(0)], 1).await.unwrap();
    assert_eq!(again, vec![Sequenced::Duplicate { seq: by_statement[&submission(0).statement_hash] }]);
    assert_eq!(pg::head(&c).await.unwrap().0, size);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_integrator_at_a_time_publishes_tiles_the_tree_gives() {
    let url = new_log().await;
    let (_, bucket) = fresh_bucket();
    let mut c = connect(&url).await;
    let subs: Vec<Submission> = (0..700).map(submission).collect();
    for chunk in subs.chunks(100) {
        pg::sequence(&mut c, chunk, 1_700_000_000_000).await.unwrap();
    }
    let entries = pg::entries(&c, 0, 700).await.unwrap();

    let mut first = Integrator::new(connect(&url).await, bucket.clone(), "", signer());
    let mut second = Integrator::new(connect(&url).await, bucket.clone(), "", signer());
    assert!(first.try_lead().await.unwrap());
    assert!(!second.try_lead().await.unwrap(), "only one process integrates");
    let refused = second.step(100).await.unwrap_err();
    assert_eq!(refused.code(), "store_corrupt", "{refused}");

    let p1 = first.step(300).await.unwrap().expect("a checkpoint");
    assert_eq!(p1.size, 300);
    let cp = check_bucket(&bucket, &entries).await;
    assert_eq!(cp.size, 300);

    // The integrating process dies (its connection closes): the next one takes over and
    // finishes, writing the partial tiles again where they are (same bytes, accepted).
    drop(first);
    let mut taken = false;
    for _ in 0..100 {
        if second.try_lead().await.unwrap() {
            taken = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(taken, "the lock was handed over when the holder's connection closed");
    let p2 = second.step(1000).await.unwrap().expect("a checkpoint");
    assert_eq!(p2.size, 700);
    let cp = check_bucket(&bucket, &entries).await;
    assert_eq!(cp.size, 700);
    assert_eq!(second.step(1000).await.unwrap(), None, "nothing left to integrate");

    // Every checkpoint recorded has one root per size, and the same tree as the entries.
    let rows = c.query("SELECT size, root FROM heard_checkpoints ORDER BY size", &[]).await.unwrap();
    let recorded: BTreeMap<i64, Vec<u8>> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(recorded.keys().copied().collect::<Vec<_>>(), vec![300, 700]);
    let leaves: Vec<Hash> = entries.iter().map(|e| entry_hash(e)).collect();
    assert_eq!(recorded[&300], nodes_of(&leaves[..300]).1.to_vec());
    assert_eq!(recorded[&700], nodes_of(&leaves).1.to_vec());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tile_with_other_bytes_is_an_alarm_and_nothing_moves() {
    let url = new_log().await;
    let (_, bucket) = fresh_bucket();
    let mut c = connect(&url).await;
    let subs: Vec<Submission> = (0..10).map(submission).collect();
    pg::sequence(&mut c, &subs, 1).await.unwrap();
    // Someone put other bytes where the first entry bundle goes.
    let planted = ObjPath::from("tile/entries/000.p/10");
    bucket.put(&planted, PutPayload::from(b"not the log's".to_vec())).await.unwrap();

    let mut i = Integrator::new(connect(&url).await, bucket.clone(), "", signer());
    assert!(i.try_lead().await.unwrap());
    let err = i.step(100).await.unwrap_err();
    assert!(matches!(err, ScaleError::Conflict { .. }), "{err}");
    assert_eq!(err.code(), "bucket_conflict");
    assert_eq!(
        bucket.get(&planted).await.unwrap().bytes().await.unwrap().as_ref(),
        b"not the log's",
        "never overwritten"
    );
    assert_eq!(pg::head(&c).await.unwrap(), (10, 0), "nothing integrated");
    assert!(c.query("SELECT 1 FROM heard_nodes", &[]).await.unwrap().is_empty(), "the nodes were rolled back");
    assert!(bucket.get(&ObjPath::from("checkpoint")).await.is_err(), "no checkpoint published");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_root_for_a_size_is_a_fork_and_is_refused() {
    let url = new_log().await;
    let (_, bucket) = fresh_bucket();
    let mut c = connect(&url).await;
    let subs: Vec<Submission> = (0..5).map(submission).collect();
    pg::sequence(&mut c, &subs, 1).await.unwrap();
    // A checkpoint of size 5 with another root was already signed (say, by a tampered
    // process): the integrator must not sign a second one.
    let other = node_hash(&[1; 32], &[2; 32]);
    c.execute("INSERT INTO heard_checkpoints (size, root, note) VALUES (5, $1, 'forged')", &[&other.as_slice()])
        .await
        .unwrap();
    let mut i = Integrator::new(connect(&url).await, bucket.clone(), "", signer());
    assert!(i.try_lead().await.unwrap());
    let err = i.step(100).await.unwrap_err();
    assert!(matches!(err, ScaleError::Fork { size: 5 }), "{err}");
    assert_eq!(pg::head(&c).await.unwrap(), (5, 0), "nothing integrated");
    assert!(bucket.get(&ObjPath::from("checkpoint")).await.is_err(), "no checkpoint published");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bucket_checkpoint_never_goes_back() {
    let url = new_log().await;
    let (_, bucket) = fresh_bucket();
    let mut c = connect(&url).await;
    let subs: Vec<Submission> = (0..20).map(submission).collect();
    pg::sequence(&mut c, &subs[..10], 1).await.unwrap();
    let mut i = Integrator::new(connect(&url).await, bucket.clone(), "", signer());
    assert!(i.try_lead().await.unwrap());
    i.step(100).await.unwrap();
    pg::sequence(&mut c, &subs[10..], 2).await.unwrap();
    let p = i.step(100).await.unwrap().unwrap();
    assert_eq!(p.size, 20);
    // Publishing an older recorded checkpoint again leaves the newer one in place.
    c.execute("DELETE FROM heard_checkpoints WHERE size = 20", &[]).await.unwrap();
    i.publish_latest().await.unwrap();
    let text = bucket.get(&ObjPath::from("checkpoint")).await.unwrap().bytes().await.unwrap();
    assert_eq!(std::str::from_utf8(&text).unwrap(), p.note);
}

/// The bucket as a public client reads it, checked by the Go reference code: the checkpoint
/// (note signature), a consistency proof from the first step's checkpoint, inclusion proofs,
/// and the tiles and entry bundles (`tlog.TileHashReader`, `tlog.TreeHash`, each bundle
/// against the level-0 hashes).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_buckets_tiles_verify_with_the_go_checker() {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD as B64;
    use heard::protocol::merkle::{consistency_proof, inclusion_proof};

    let url = new_log().await;
    let (_, bucket) = fresh_bucket();
    let mut c = connect(&url).await;
    let subs: Vec<Submission> = (0..300).map(submission).collect();
    pg::sequence(&mut c, &subs, 1_700_000_000_000).await.unwrap();
    let mut i = Integrator::new(connect(&url).await, bucket.clone(), "", signer());
    assert!(i.try_lead().await.unwrap());
    let old = i.step(100).await.unwrap().expect("the first checkpoint");
    let cur = i.step(1000).await.unwrap().expect("the second checkpoint");
    assert_eq!((old.size, cur.size), (100, 300));

    let entries = pg::entries(&c, 0, 300).await.unwrap();
    let leaves: Vec<Hash> = entries.iter().map(|e| entry_hash(e)).collect();
    let (nodes, _) = nodes_of(&leaves);
    let get = |l: u8, i: u64| nodes.get(&(l, i)).copied().ok_or("no such node");
    let lines = |hs: &[Hash]| hs.iter().map(|h| format!("{}\n", B64.encode(h))).collect::<String>();

    let dir = tempfile::tempdir().unwrap();
    let put = |rel: &str, bytes: &[u8]| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    put("vkey", format!("{}\n", signer().verifier().to_text()).as_bytes());
    put("checkpoint", cur.note.as_bytes());
    put("old_checkpoint", old.note.as_bytes());
    put("consistency", lines(&consistency_proof(100, 300, get).unwrap()).as_bytes());
    for idx in [0u64, 99, 255, 256, 299] {
        let base = format!("inclusion/leaf-{idx:03}");
        put(&format!("{base}/index"), format!("{idx}\n").as_bytes());
        put(&format!("{base}/entry"), &entries[idx as usize]);
        put(&format!("{base}/proof"), lines(&inclusion_proof(idx, 300, get).unwrap()).as_bytes());
    }
    // The tiles exactly as the bucket serves them.
    let from_bucket = |rel: String| {
        let bucket = bucket.clone();
        async move { bucket.get(&ObjPath::from(rel.as_str())).await.unwrap().bytes().await.unwrap() }
    };
    put("tiles/checkpoint", &from_bucket("checkpoint".into()).await);
    for tile in tiles_for_size(300) {
        put(&format!("tiles/{}", tile.path()), &from_bucket(tile.path()).await);
    }

    let out = std::process::Command::new(common::go::heardcheck()).arg(dir.path()).output().expect("run heardcheck");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Go checker refused the bucket:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for check in
        ["checkpoint", "consistency", "inclusion/leaf-256", "tiles/checkpoint", "tiles/hashes", "tiles/entries"]
    {
        assert!(report.lines().any(|l| l == format!("ok {check}")), "{check} was checked:\n{report}");
    }
}

/// Whether the bucket holds nothing at all.
async fn bucket_is_empty(bucket: &Arc<dyn ObjectStore>) -> bool {
    let list = bucket.list_with_delimiter(None).await.expect("list the bucket");
    list.objects.is_empty() && list.common_prefixes.is_empty()
}

async fn bucket_note(bucket: &Arc<dyn ObjectStore>) -> String {
    let bytes = bucket.get(&ObjPath::from("checkpoint")).await.expect("a checkpoint").bytes().await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// `heard migrate` copies an embedded log into PostgreSQL and a bucket: the same entry bytes,
/// tiles the tree gives, and the embedded log's own signed checkpoint. Run again, it changes
/// nothing; and a bucket checkpoint that is not the embedded log's fails the proof.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_copies_an_embedded_log_with_the_same_checkpoint() {
    let dir = migrating::embedded(1, 0..300);
    let data = dir.path().join("data");
    let (entries, note) = migrating::embedded_log(&data);
    let url = fresh_database().await;
    let (name, bucket) = fresh_bucket();
    let s3 = format!("s3://{name}");
    let out = migrating::migrate(&data, &url, &s3, None);
    let said = migrating::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("copied 300 entries into PostgreSQL (0 were already there"), "{said}");
    assert!(said.contains("migrate passed"), "{said}");

    let c = connect(&url).await;
    assert_eq!(pg::head(&c).await.unwrap(), (300, 300));
    assert!(pg::entries(&c, 0, 300).await.unwrap() == entries, "PostgreSQL holds the embedded entries byte for byte");
    for row in c.query("SELECT statement_hash, entry_hash, entry FROM heard_entries", &[]).await.unwrap() {
        let bytes: Vec<u8> = row.get(2);
        let statement = Entry::decode(&bytes).unwrap().statement;
        assert_eq!(row.get::<_, Vec<u8>>(0), Sha256::digest(&statement).to_vec(), "the statement hash");
        assert_eq!(row.get::<_, Vec<u8>>(1), entry_hash(&bytes).to_vec(), "the entry hash");
    }
    let head = c.query_one("SELECT last_hash, last_time FROM heard_head", &[]).await.unwrap();
    assert_eq!(head.get::<_, Vec<u8>>(0), entry_hash(&entries[299]).to_vec());
    assert_eq!(head.get::<_, i64>(1) as u64, Entry::decode(&entries[299]).unwrap().log_time);

    let key = common::log_signer().verifier();
    let cp = check_bucket_of(&bucket, &entries, &key).await;
    let ours = Checkpoint::parse_text(&Note::parse(&note).unwrap().text).unwrap();
    assert_eq!((&cp.origin, cp.size, cp.root), (&ours.origin, 300, ours.root));
    assert_eq!(bucket_note(&bucket).await, note, "the same key signed the same text: the same note");

    // Again: nothing to copy, and nothing changes.
    let before = migrating::tables(&c).await;
    let out = migrating::migrate(&data, &url, &s3, None);
    let said = migrating::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("copied 0 entries into PostgreSQL (300 were already there"), "{said}");
    assert_eq!(migrating::tables(&c).await, before, "the second run changed PostgreSQL");
    assert_eq!(bucket_note(&bucket).await, note);

    // A checkpoint in the bucket for a tree the embedded log never had (signed with its key,
    // so it is taken as this log's newest) fails the proof.
    let forged = Checkpoint { origin: common::ORIGIN.into(), size: 301, root: [9; 32], extensions: Vec::new() };
    let forged = common::log_signer().sign(&forged.to_text()).unwrap();
    bucket.put(&ObjPath::from("checkpoint"), PutPayload::from(forged.into_bytes())).await.unwrap();
    let out = migrating::migrate(&data, &url, &s3, None);
    let said = migrating::said(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("migrate FAILED") && said.contains("the sizes differ"), "{said}");
}

/// Entries appended to the folder after a migration are copied by the next one, which starts
/// where PostgreSQL stopped; the log goes under --prefix in the bucket, and nowhere else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_resumes_where_postgres_stopped() {
    let dir = migrating::embedded(1, 0..200);
    let data = dir.path().join("data");
    let url = fresh_database().await;
    let (name, bucket) = fresh_bucket();
    let s3 = format!("s3://{name}");
    let out = migrating::migrate(&data, &url, &s3, Some("logs/heard"));
    assert!(out.status.success(), "{}", migrating::said(&out));

    migrating::append(&data, 1, 200..300);
    let (entries, note) = migrating::embedded_log(&data);
    assert_eq!(entries.len(), 300);
    let out = migrating::migrate(&data, &url, &s3, Some("logs/heard"));
    let said = migrating::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("copied 100 entries into PostgreSQL (200 were already there"), "{said}");

    let c = connect(&url).await;
    assert_eq!(pg::head(&c).await.unwrap(), (300, 300));
    assert!(pg::entries(&c, 0, 300).await.unwrap() == entries, "PostgreSQL holds the embedded entries byte for byte");
    let sizes: Vec<i64> = c
        .query("SELECT size FROM heard_checkpoints ORDER BY size", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(sizes, vec![200, 300], "the second run integrated from where the first stopped");
    let under: Arc<dyn ObjectStore> = Arc::new(object_store::prefix::PrefixStore::new(bucket.clone(), "logs/heard"));
    let cp = check_bucket_of(&under, &entries, &common::log_signer().verifier()).await;
    assert_eq!(cp.size, 300);
    assert_eq!(bucket_note(&under).await, note);
    let top = bucket.list_with_delimiter(None).await.unwrap();
    assert!(top.objects.is_empty(), "nothing outside the prefix: {:?}", top.objects);
    assert_eq!(top.common_prefixes, vec![ObjPath::from("logs")]);
}

/// PostgreSQL holding another log is refused, with its code, and neither PostgreSQL nor the
/// bucket is changed: when its entries differ from the folder's, and when it holds more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_refuses_postgres_holding_another_log() {
    let ours = migrating::embedded(1, 0..80);
    let ours = ours.path().join("data");
    let other = migrating::embedded(2, 0..60);
    // A copy of our folder taken at 80 entries, before 40 more were appended.
    let older = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("cp").arg("-a").arg(&ours).arg(older.path()).status().unwrap();
    assert!(status.success());
    migrating::append(&ours, 1, 80..120);

    for (held, refused, why) in [
        (other.path().join("data"), ours.clone(), "entry 0 in PostgreSQL differs from the embedded log's"),
        (ours.clone(), older.path().join("data"), "PostgreSQL holds 120 entries, more than the 80"),
    ] {
        let url = fresh_database().await;
        let (first, _) = fresh_bucket();
        let out = migrating::migrate(&held, &url, &format!("s3://{first}"), None);
        assert!(out.status.success(), "{}", migrating::said(&out));
        let c = connect(&url).await;
        let before = migrating::tables(&c).await;

        let (second, bucket) = fresh_bucket();
        let out = migrating::migrate(&refused, &url, &format!("s3://{second}"), None);
        let said = migrating::said(&out);
        assert!(!out.status.success(), "{said}");
        assert!(said.contains("migrate_other_log") && said.contains(why), "{said}");
        assert_eq!(migrating::tables(&c).await, before, "PostgreSQL was changed");
        assert!(bucket_is_empty(&bucket).await, "the bucket was written to");
    }
}

/// Bad input is refused with its code before anything is touched: a folder that is not a
/// Heard data folder, a malformed bucket URL or prefix, a PostgreSQL that cannot be reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_refuses_bad_input_and_changes_nothing() {
    let url = fresh_database().await;
    let c = connect(&url).await;
    let (name, bucket) = fresh_bucket();
    let s3 = format!("s3://{name}");
    let dir = migrating::embedded(1, 0..10);
    let data = dir.path().join("data");
    let refused = |out: std::process::Output, code: &str| {
        let said = migrating::said(&out);
        assert!(!out.status.success(), "{said}");
        assert!(said.contains(&format!("heard: {code}: ")), "{code}: {said}");
    };

    let empty = tempfile::tempdir().unwrap();
    refused(migrating::migrate(empty.path(), &url, &s3, None), "not_a_data_folder");
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0, "the folder was written to");
    let keys_only = common::folder();
    refused(migrating::migrate(&keys_only.path().join("data"), &url, &s3, None), "not_a_data_folder");
    assert!(!keys_only.path().join("data/db").exists(), "a log was created");

    for bad in ["http://example.org/heard", "s3://Heard_Log", "s3://heard-log/logs", "file:///tmp/heard", "s3://"] {
        refused(migrating::migrate(&data, &url, bad, None), "bad_bucket_url");
    }
    refused(migrating::migrate(&data, &url, &s3, Some("logs/../heard")), "bad_bucket_url");
    refused(migrating::migrate(&data, &url, &format!("s3://{name}-missing"), None), "bucket_unavailable");

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    refused(
        migrating::migrate(&data, &format!("postgres://heard@127.0.0.1:{port}/heard"), &s3, None),
        "postgres_unavailable",
    );

    assert!(!migrating::has_tables(&c).await, "PostgreSQL was changed");
    assert!(bucket_is_empty(&bucket).await, "the bucket was written to");
}

/// A chain of `n` entries from `first` on, continuing `prev`, with statements marked `tag`.
fn chain(first: u64, n: u64, mut prev: Hash, tag: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for seq in first..first + n {
        let statement = format!("{tag} {seq}").into_bytes();
        let bytes = Entry { seq, prev, log_time: 1_700_000_000_000 + seq, statement, signature: [1; 64] }.encode();
        prev = entry_hash(&bytes);
        out.push(bytes);
    }
    out
}

/// `pg::import` takes entries sequenced elsewhere only where they continue PostgreSQL's
/// chain: another log's entries, or entries for another position, are refused whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_refuses_entries_that_do_not_continue_the_chain() {
    let url = new_log().await;
    let mut c = connect(&url).await;
    let ours = chain(0, 20, genesis(), "ours");
    pg::import(&mut c, 0, &ours[..10]).await.expect("import");
    let before = common::migrate::tables(&c).await;

    // Another log's entries 10.. (a splice), a batch whose second entry breaks the chain, a
    // batch for a position other than the log's size, and one that goes back in time.
    let theirs = chain(10, 5, [3; 32], "theirs");
    let mut broken = ours[10..13].to_vec();
    broken[1] = theirs[1].clone();
    let mut earlier = chain(10, 2, entry_hash(&ours[9]), "ours");
    earlier[0] = Entry { log_time: 1, ..Entry::decode(&earlier[0]).unwrap() }.encode();
    for (first, batch, code) in [
        (10, &theirs, "migrate_other_log"),
        (10, &broken, "migrate_other_log"),
        (11, &ours[11..].to_vec(), "migrate_other_log"),
        (10, &earlier, "store_corrupt"),
    ] {
        let err = pg::import(&mut c, first, batch).await.unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert_eq!(common::migrate::tables(&c).await, before, "a refused batch changed PostgreSQL: {err}");
    }
    pg::import(&mut c, 10, &ours[10..]).await.expect("the log's own next entries");
    assert!(pg::entries(&c, 0, 20).await.unwrap() == ours);
}

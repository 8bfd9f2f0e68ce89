//! The store's tests: files, the followers (hash indexes, domain rows) and their watermarks,
//! settling, restarts, damage and migration.

use super::*;

#[test]
fn node_positions_follow_the_append_order() {
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let mut next = 0u64;
    for n in 0..1000u64 {
        for (level, index, _) in frontier.append([n as u8; 32]) {
            assert_eq!(node_position(level, index), Some(next), "node ({level}, {index})");
            next += 1;
        }
        assert_eq!(stored_nodes(n + 1), next);
    }
    assert_eq!(node_position(63, 1), None);
}

type Node = (u8, u64, Hash);

/// Appends `n` entries made by `make(seq)` (bytes, statement hash) in one commit with the
/// domain writes `rows`, and returns the nodes it stored and each entry's (entry hash,
/// statement hash).
fn commit_entries(
    store: &Store,
    frontier: &mut crate::protocol::merkle::Frontier,
    n: u64,
    make: impl Fn(u64, Hash) -> (Vec<u8>, Option<Hash>),
    rows: &[Row],
) -> (Vec<Node>, Vec<(Hash, Hash)>) {
    let mut w = WriteSet::default();
    let (mut nodes, mut keys) = (Vec::new(), Vec::new());
    let first = store.size();
    let mut prev = prev_of(store, first);
    for seq in first..first + n {
        let (bytes, statement) = make(seq, prev);
        let leaf = crate::protocol::merkle::leaf_hash(&bytes);
        prev = leaf;
        for (l, i, h) in frontier.append(leaf) {
            w.node(l, i, &h);
            nodes.push((l, i, h));
        }
        let statement = statement.unwrap_or(leaf);
        w.entry(seq, bytes, &leaf, &statement);
        keys.push((leaf, statement));
    }
    for (k, v) in rows {
        w.domain(k, v.as_deref());
    }
    w.head(first + n, &prev, &note(first + n, frontier.root()));
    store.commit(w).unwrap();
    (nodes, keys)
}

/// The `prev` of entry `seq` of `store` (its entries up to `seq` committed).
pub(super) fn prev_of(store: &Store, seq: u64) -> Hash {
    match seq {
        0 => crate::protocol::entry::genesis(),
        _ => store.node(0, seq - 1).unwrap(),
    }
}

/// Entry `seq` (after `prev`) of a test log, holding the statement `entry {seq}` (which does
/// not decode as a statement), and that statement's hash.
pub(super) fn test_entry(seq: u64, prev: Hash) -> (Vec<u8>, Hash) {
    let statement = format!("entry {seq}").into_bytes();
    let h = crate::protocol::statement::statement_hash(&statement);
    (crate::protocol::entry::Entry { seq, prev, log_time: seq, statement, signature: [1; 64] }.encode(), h)
}

/// The statement test entry `seq` holds.
fn statement_of(store: &Store, seq: u64) -> Option<Vec<u8>> {
    store.entry(seq).unwrap().map(|b| crate::protocol::entry::Entry::decode(&b).unwrap().statement)
}

/// A checkpoint note of a test log (origin `test.example/log`) for `size` and `root`.
pub(super) fn note(size: u64, root: Hash) -> String {
    let signer = crate::protocol::note::NoteSigner::new("test.example/log", [7; 32]).unwrap();
    let text =
        crate::protocol::note::Checkpoint { origin: "test.example/log".into(), size, root, extensions: Vec::new() }
            .to_text();
    signer.sign(&text).unwrap()
}

/// Appends `n` test entries ([`test_entry`]) in one commit and returns the nodes it stored.
fn append(store: &Store, frontier: &mut crate::protocol::merkle::Frontier, n: u64) -> Vec<(u8, u64, Hash)> {
    commit_entries(
        store,
        frontier,
        n,
        |seq, prev| {
            let (e, s) = test_entry(seq, prev);
            (e, Some(s))
        },
        &[],
    )
    .0
}

/// Appends `n` entries that decode (with made-up statements and signatures) in one commit
/// and returns their (entry hash, statement hash).
fn append_decodable(store: &Store, frontier: &mut crate::protocol::merkle::Frontier, n: u64) -> Vec<(Hash, Hash)> {
    use crate::protocol::entry::Entry;
    commit_entries(
        store,
        frontier,
        n,
        |seq, prev| {
            let statement = format!("statement {seq}").into_bytes();
            let s = crate::protocol::statement::statement_hash(&statement);
            (Entry { seq, prev, log_time: seq, statement, signature: [1; 64] }.encode(), Some(s))
        },
        &[],
    )
    .1
}

/// Every entry is found by both its hashes, and a hash not in the log by neither.
fn assert_indexed(store: &Store, keys: &[(Hash, Hash)], when: &str) {
    for (seq, (h, s)) in keys.iter().enumerate() {
        assert_eq!(store.seq_of_entry(h).unwrap(), Some(seq as u64), "{when}: entry hash of {seq}");
        assert_eq!(store.seq_of_statement(s).unwrap(), Some(seq as u64), "{when}: statement hash of {seq}");
    }
    for probe in [[0u8; 32], [0xff; 32], [0x80; 32]] {
        assert_eq!(store.seq_of_entry(&probe).unwrap(), None, "{when}");
        assert_eq!(store.seq_of_statement(&probe).unwrap(), None, "{when}");
    }
}

/// The names in `dir` starting with `prefix`, sorted.
fn files_named(dir: &Path, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// Commits `n` entries in one batch together with the domain writes `rows`, and applies
/// them to `model` as well.
fn commit_with_rows(
    store: &Store,
    frontier: &mut crate::protocol::merkle::Frontier,
    n: u64,
    rows: Vec<Row>,
    model: &mut std::collections::BTreeMap<Vec<u8>, Vec<u8>>,
) {
    commit_entries(
        store,
        frontier,
        n,
        |seq, prev| {
            let (e, s) = test_entry(seq, prev);
            (e, Some(s))
        },
        &rows,
    );
    for (k, v) in rows {
        match v {
            Some(v) => model.insert(k, v),
            None => model.remove(&k),
        };
    }
}

/// The store's rows are exactly the model's: every key read, absent keys, and scans.
fn assert_rows(store: &Store, model: &std::collections::BTreeMap<Vec<u8>, Vec<u8>>, when: &str) {
    for (k, v) in model {
        assert_eq!(store.domain_get(k).unwrap().as_ref(), Some(v), "{when}: {k:?}");
    }
    for i in 0..500u32 {
        assert_eq!(store.domain_get(format!("absent {i}").as_bytes()).unwrap(), None, "{when}");
    }
    for prefix in [&b""[..], b"K", b"K1", b"K12", b"R", b"Z"] {
        let got: Vec<_> = store.domain_scan(prefix).collect::<Result<_, _>>().unwrap();
        let want: Vec<_> =
            model.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(k, v)| (k.clone(), v.clone())).collect();
        assert_eq!(got.len(), want.len(), "{when}: scan {prefix:?}");
        assert!(got == want, "{when}: scan {prefix:?}");
        let rev: Vec<_> = store.domain_scan(prefix).rev().collect::<Result<_, _>>().unwrap();
        assert!(rev.iter().eq(want.iter().rev()), "{when}: reverse scan {prefix:?}");
    }
}

/// Domain rows are read back exactly (gets, absent keys, prefix scans in both directions),
/// overwritten and removed by later batches, across restarts with and without a clean close.
#[test]
fn domain_rows_are_read_back_with_removals_and_scans_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let mut model = std::collections::BTreeMap::new();
    let store = Store::open(dir.path()).unwrap();
    for i in 0..12u32 {
        commit_with_rows(&store, &mut frontier, 50, batch_rows(i), &mut model);
    }
    assert!(model.keys().any(|k| k.starts_with(b"K1")) && model.len() > 300);
    assert_rows(&store, &model, "written");
    assert_eq!(store.domain_applied(), 600);
    store.settle().unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_rows(&store, &model, "reopened after a clean close");
    for i in 12..15u32 {
        commit_with_rows(&store, &mut frontier, 50, batch_rows(i), &mut model);
    }
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_rows(&store, &model, "reopened without a settle");
    assert_eq!(store.domain_applied(), 750);
}

/// Batch `i` of [`domain_rows_are_read_back_with_removals_and_scans_both_ways`]: 30 new
/// rows, one rewritten from three batches before, one removed from five before.
fn batch_rows(i: u32) -> Vec<Row> {
    let mut rows: Vec<Row> = (0..30).map(|j| (format!("K{i}-{j}").into_bytes(), Some(vec![i as u8; j]))).collect();
    if i >= 3 {
        rows.push((format!("K{}-7", i - 3).into_bytes(), Some(b"rewritten".to_vec())));
    }
    if i >= 5 {
        rows.push((format!("K{}-9", i - 5).into_bytes(), None));
    }
    rows.push((b"R".to_vec(), Some(i.to_be_bytes().to_vec())));
    rows
}

/// Both hash indexes find every entry and nothing else, across restarts; a key the index
/// holds for a seq at or past the committed size is not answered.
#[test]
fn hash_indexes_find_every_entry_and_nothing_past_the_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(dir.path()).unwrap();
    let mut keys = append_decodable(&store, &mut frontier, 300);
    keys.extend(append_decodable(&store, &mut frontier, 20));
    assert_indexed(&store, &keys, "written");
    assert_eq!(store.followers.indexed(), 320);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_indexed(&store, &keys, "reopened");

    // Keys for seqs 320 and 400 (as a publish in progress would leave them for a moment).
    let ahead = [(320, [0xa1; 32], Some([0xa2; 32])), (400, [0xa3; 32], None)];
    store.followers.write(&ahead, &[], None, None).unwrap();
    for (_, h, s) in ahead {
        assert_eq!(store.seq_of_entry(&h).unwrap(), None);
        assert_eq!(store.seq_of_statement(&s.unwrap_or([0xa4; 32])).unwrap(), None);
    }
    assert_eq!(store.followers.seq_of(b'E', &[0xa1; 32]).unwrap(), Some(320), "the key is there");
}

/// Writes `n` entries with decodable statements and one domain row each (`row {seq}`), in
/// batches of 100, and returns their keys.
fn append_with_rows(store: &Store, frontier: &mut crate::protocol::merkle::Frontier, n: u64) -> Vec<(Hash, Hash)> {
    let mut keys = Vec::new();
    for _ in 0..n / 100 {
        let first = store.size();
        let rows: Vec<Row> = (first..first + 100).map(|s| (format!("row {s}").into_bytes(), Some(vec![1]))).collect();
        keys.extend(
            commit_entries(
                store,
                frontier,
                100,
                |seq, prev| {
                    let statement = format!("statement {seq}").into_bytes();
                    let s = crate::protocol::statement::statement_hash(&statement);
                    (
                        crate::protocol::entry::Entry { seq, prev, log_time: seq, statement, signature: [1; 64] }
                            .encode(),
                        Some(s),
                    )
                },
                &rows,
            )
            .1,
        );
    }
    keys
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// The domain rows of entries `from..to` as [`append_with_rows`] wrote them, applied again
/// as the log's open does (`Store::replayed`).
fn replay_rows(store: &Store, from: u64, to: u64) {
    let mut w = WriteSet::default();
    for s in from..to {
        w.domain(format!("row {s}").as_bytes(), Some(&[1]));
    }
    store.replayed(from, to - from, w).unwrap();
}

/// The followers' database rolled back to an earlier copy (its last writes lost): the hash
/// indexes are caught up from the journal on open, and the domain's rows report the
/// watermark they reach, for the log to apply the rest again; entries both before and
/// after the checkpoint file's size.
#[test]
fn followers_behind_the_journal_are_caught_up_from_their_watermarks() {
    let dir = tempfile::tempdir().unwrap();
    let followers_dir = dir.path().join(followers::DIR);
    let saved = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(dir.path()).unwrap();
    let mut keys = append_with_rows(&store, &mut frontier, 300);
    drop(store);
    copy_tree(&followers_dir, saved.path());
    let store = Store::open(dir.path()).unwrap();
    // Past SETTLE_EVERY: the checkpoint file moves past the saved watermark, so the catch-up
    // reads entries before it from the files and after it from the journal scan.
    keys.extend(append_with_rows(&store, &mut frontier, SETTLE_EVERY + 200));
    let size = store.size();
    assert!(journal::read_checkpoint(dir.path()).unwrap().unwrap().size > 300);
    drop(store);
    std::fs::remove_dir_all(&followers_dir).unwrap();
    copy_tree(saved.path(), &followers_dir);

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.size(), size);
    assert_eq!(store.followers.indexed(), size);
    assert_indexed(&store, &keys, "caught up");
    assert_eq!(store.domain_applied(), 300, "the domain's rows are left for the log to apply");
    assert_eq!(store.domain_get(b"row 299").unwrap(), Some(vec![1]));
    assert_eq!(store.domain_get(b"row 300").unwrap(), None);
    replay_rows(&store, 300, size);
    assert_eq!(store.domain_scan(b"row ").count() as u64, size);
}

/// A deleted or damaged followers' folder is made again and both followers rebuilt: the
/// hash indexes from the entries, the domain's rows from entry 0.
#[test]
fn followers_are_rebuilt_after_their_folder_is_deleted_or_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let followers_dir = dir.path().join(followers::DIR);
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(dir.path()).unwrap();
    let keys = append_with_rows(&store, &mut frontier, 500);
    drop(store);
    std::fs::remove_dir_all(&followers_dir).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_indexed(&store, &keys, "after the folder was deleted");
    assert_eq!(store.domain_applied(), 0);
    assert_eq!(store.domain_get(b"row 0").unwrap(), None);
    replay_rows(&store, 0, 500);
    assert_eq!(store.domain_get(b"row 499").unwrap(), Some(vec![1]));
    drop(store);

    // fjall's version marker overwritten: it refuses the folder, which is made again.
    std::fs::write(followers_dir.join("version"), b"not a version").unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_indexed(&store, &keys, "after the folder was damaged");
    assert_eq!(store.domain_applied(), 0);
}

/// A followers' database made with other settings than this build's (an older build's:
/// its `meta` has no layout mark, or another one) is deleted on open and rebuilt from the
/// journal, since fjall keeps a keyspace's settings for good; one made with these is kept.
#[test]
fn followers_made_with_older_settings_are_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(dir.path()).unwrap();
    let keys = append_with_rows(&store, &mut frontier, 300);
    assert_eq!(store.domain_applied(), 300);
    store.flush().unwrap();
    drop(store);
    let layout = |set: Option<&[u8]>| {
        let db = fjall::Database::builder(dir.path().join(followers::DIR)).open().unwrap();
        let meta = db.keyspace("meta", fjall::KeyspaceCreateOptions::default).unwrap();
        let found = meta.get(&b"layout"[..]).unwrap().map(|v| v.to_vec());
        match set {
            Some(v) => meta.insert(&b"layout"[..], v).unwrap(),
            None => meta.remove(&b"layout"[..]).unwrap(),
        }
        db.persist(fjall::PersistMode::SyncAll).unwrap();
        found
    };
    let mark = layout(None).expect("a database this build made carries its layout mark");

    // Without the mark (as an older build left it): rebuilt, and marked.
    let store = Store::open(dir.path()).unwrap();
    assert_indexed(&store, &keys, "after a rebuild for older settings");
    assert_eq!(store.domain_applied(), 0, "the domain's rows are rebuilt from entry 0");
    assert_eq!(store.domain_get(b"row 0").unwrap(), None);
    replay_rows(&store, 0, 300);
    store.flush().unwrap();
    drop(store);
    assert_eq!(layout(Some(b"1: other settings")).as_ref(), Some(&mark));

    // Another mark: rebuilt as well.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.domain_applied(), 0);
    replay_rows(&store, 0, 300);
    store.flush().unwrap();
    drop(store);

    // This build's mark: kept as it is.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.domain_applied(), 300, "a database with this build's settings is kept");
    assert_eq!(store.domain_get(b"row 299").unwrap(), Some(vec![1]));
    assert_indexed(&store, &keys, "kept");
}

/// Followers whose watermarks are past the journal (a folder from a longer log put back
/// beside a shorter one): both are cleared and rebuilt, so no stale hash or row of the
/// entries the journal does not hold is answered once new entries take their seqs.
#[test]
fn followers_past_the_journal_are_cleared_and_rebuilt() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(a.path()).unwrap();
    append_with_rows(&store, &mut frontier, 200);
    drop(store);
    copy_tree(a.path(), b.path());
    let store = Store::open(a.path()).unwrap();
    let mut longer = frontier.clone();
    let stale = append_with_rows(&store, &mut longer, 100);
    drop(store);
    std::fs::remove_dir_all(b.path().join(followers::DIR)).unwrap();
    copy_tree(&a.path().join(followers::DIR), &b.path().join(followers::DIR));

    let store = Store::open(b.path()).unwrap();
    assert_eq!(store.size(), 200);
    assert_eq!(store.followers.indexed(), 200);
    assert_eq!(store.domain_applied(), 0, "the domain's rows are rebuilt from entry 0");
    assert_eq!(store.domain_get(b"row 250").unwrap(), None);
    replay_rows(&store, 0, 200);
    // Other entries take seqs 200..300.
    let fresh = commit_entries(
        &store,
        &mut frontier,
        100,
        |seq, prev| {
            let (e, s) = test_entry(seq, prev);
            (e, Some(s))
        },
        &[],
    )
    .1;
    for (i, ((h, s), (fh, fs))) in stale.iter().zip(&fresh).enumerate() {
        assert_eq!(store.seq_of_entry(h).unwrap(), None, "stale entry hash of {}", 200 + i);
        assert_eq!(store.seq_of_statement(s).unwrap(), None, "stale statement hash of {}", 200 + i);
        assert_eq!(store.seq_of_entry(fh).unwrap(), Some(200 + i as u64));
        assert_eq!(store.seq_of_statement(fs).unwrap(), Some(200 + i as u64));
    }
    assert_eq!(store.domain_get(b"row 250").unwrap(), None);
}

/// A folder an older build wrote (hash index and domain run files, its rows in sled) loses
/// them on open, and the followers are rebuilt from the journal; `discard_followers` clears
/// one follower's keyspace or, for all, sled and the whole database.
#[test]
fn older_followers_are_removed_and_discard_clears_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(dir.path()).unwrap();
    let keys = append_with_rows(&store, &mut frontier, 300);
    for &tag in LEGACY_ROWS {
        store.tree.insert(key(tag, b"old row"), &b"x"[..]).unwrap();
    }
    store.flush().unwrap();
    drop(store);
    std::fs::remove_dir_all(dir.path().join(followers::DIR)).unwrap();
    let old = ["hidx-0000000000000000-0000000000000100", "hidx.tmp.1.open", "drun-0000000000000000-0000000000000100"];
    for name in old.iter().chain(&["domain-keys.bloom"]) {
        std::fs::write(dir.path().join(name), b"old").unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert!(files_named(dir.path(), "hidx").is_empty() && files_named(dir.path(), "drun").is_empty());
    assert!(files_named(dir.path(), "domain-keys").is_empty());
    for &tag in LEGACY_ROWS {
        assert_eq!(store.tree.scan_prefix([tag]).count(), 0, "{}", tag as char);
    }
    assert_indexed(&store, &keys, "an older folder");
    assert_eq!(store.domain_applied(), 0);
    replay_rows(&store, 0, 300);
    drop(store);

    assert_eq!(discard_followers(dir.path(), Follower::Index).unwrap(), ["followers/index"]);
    let followers = Followers::open(dir.path()).unwrap();
    assert_eq!((followers.indexed(), followers.applied()), (0, 300));
    assert_eq!(followers.seq_of(b'E', &keys[0].0).unwrap(), None, "the index is cleared");
    drop(followers);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.domain_applied(), 300, "the domain's rows are kept");
    assert_indexed(&store, &keys, "the index rebuilt");
    drop(store);
    assert_eq!(discard_followers(dir.path(), Follower::Domain).unwrap(), ["followers/domain"]);
    let followers = Followers::open(dir.path()).unwrap();
    assert_eq!((followers.indexed(), followers.applied(), followers.get(b"row 1").unwrap()), (300, 0, None));
    drop(followers);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!((store.domain_applied(), store.domain_get(b"row 1").unwrap()), (0, None));
    assert_eq!(store.followers.indexed(), 300);
    replay_rows(&store, 0, 300);
    drop(store);
    let removed = discard_followers(dir.path(), Follower::All).unwrap();
    assert!(removed.iter().any(|n| n == "followers") && removed.iter().any(|n| n == "db"), "{removed:?}");
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.size(), 300);
    assert_indexed(&store, &keys, "all rebuilt");
    assert_eq!(store.domain_applied(), 0);
}

/// Offsets and nodes written since the last settle are not synced: open finds them again
/// from the journal's entries (as after a crash before their pages reached disk), reading
/// from the checkpoint file's size; every SETTLE_EVERY entries all three files are synced
/// and the checkpoint file moves on.
#[test]
fn offsets_and_nodes_lost_from_the_files_are_found_again_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let mut nodes = Vec::new();
    let store = Store::open(dir.path()).unwrap();
    for n in [10, 1, 19] {
        nodes.extend(append(&store, &mut frontier, n));
    }
    assert!(store.checkpoint_file_note().unwrap().is_none());
    drop(store);
    for f in ["entries.idx", "hashes.dat"] {
        OpenOptions::new().write(true).open(dir.path().join(f)).unwrap().set_len(0).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.size(), 30);
    for seq in 0..30 {
        assert_eq!(statement_of(&store, seq), Some(format!("entry {seq}").into_bytes()), "entry {seq}");
    }
    assert_eq!(store.node_scan().collect::<Result<Vec<_>, _>>().unwrap(), nodes);

    // Crossing SETTLE_EVERY syncs the files and records the size in the checkpoint file.
    nodes.extend(append(&store, &mut frontier, SETTLE_EVERY - 31));
    assert!(store.checkpoint_file_note().unwrap().is_none());
    nodes.extend(append(&store, &mut frontier, 2));
    let settled = journal::read_checkpoint(dir.path()).unwrap().unwrap().size;
    assert_eq!(settled, SETTLE_EVERY + 1);
    nodes.extend(append(&store, &mut frontier, 5));
    let size = store.size();
    drop(store);

    // The tail past the checkpoint file's size is found again; a file cut short of that
    // size is refused, naming it.
    let idx = OpenOptions::new().write(true).open(dir.path().join("entries.idx")).unwrap();
    idx.set_len(8 * settled).unwrap();
    let hashes = OpenOptions::new().write(true).open(dir.path().join("hashes.dat")).unwrap();
    hashes.set_len(32 * stored_nodes(settled)).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.size(), size);
    assert_eq!(store.node_scan().collect::<Result<Vec<_>, _>>().unwrap(), nodes);
    assert_eq!(statement_of(&store, size - 1), Some(format!("entry {}", size - 1).into_bytes()));
    drop(store);
    idx.set_len(8 * (settled - 1)).unwrap();
    let err = Store::open(dir.path()).err().expect("opened a store whose settled offsets were cut");
    assert_eq!(err.code(), "store_corrupt");
    assert!(err.to_string().contains("entries.idx"), "{err}");
}

/// sled coming back behind the journal (sled losing flushed writes: seen once, after a
/// clean close under HTTP load) loses nothing: the store's size is the journal's. A
/// journal that ends before the checkpoint file's size is refused before anything is cut,
/// naming the first entry missing; a torn tail after the last whole entry is cut.
#[test]
fn the_journal_not_sled_says_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(dir.path()).unwrap();
    append(&store, &mut frontier, SETTLE_EVERY + 35);
    append(&store, &mut frontier, 5);
    store.settle().unwrap();
    let size = SETTLE_EVERY + 40;
    assert_eq!(journal::read_checkpoint(dir.path()).unwrap().unwrap().size, size, "a settle records the size");
    append(&store, &mut frontier, 7);

    // sled's head goes back to 20 entries, as if its last writes were lost.
    store.tree.insert(key(b'M', b"size"), &20u64.to_be_bytes()).unwrap();
    store.db.flush().unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.size(), size + 7);
    assert_eq!(store.head().unwrap().size, 20, "sled's head is left for the log to bring up to date");
    assert_eq!(statement_of(&store, size + 6), Some(format!("entry {}", size + 6).into_bytes()));
    drop(store);

    // A torn tail: half an entry and some zeros after the last whole one are cut.
    let dat_path = dir.path().join("entries.dat");
    let whole = std::fs::metadata(&dat_path).unwrap().len();
    let (next, _) = test_entry(size + 7, [3; 32]);
    let dat = OpenOptions::new().write(true).open(&dat_path).unwrap();
    dat.write_all_at(&next[..next.len() / 2], whole).unwrap();
    dat.write_all_at(&[0; 100], whole + next.len() as u64).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.size(), size + 7);
    assert_eq!(std::fs::metadata(&dat_path).unwrap().len(), whole);
    drop(store);

    // Entry 10 damaged: the journal ends there, before the checkpoint file's size.
    let lens =
        || ["entries.dat", "entries.idx", "hashes.dat"].map(|f| std::fs::metadata(dir.path().join(f)).unwrap().len());
    std::fs::remove_file(dir.path().join(journal::CHECKPOINT_FILE)).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.size(), size + 7, "without the checkpoint file the whole journal is read");
    store.settle().unwrap();
    drop(store);
    let at = {
        let idx = std::fs::read(dir.path().join("entries.idx")).unwrap();
        u64::from_be_bytes(idx[9 * 8..10 * 8].try_into().unwrap())
    };
    let before = lens();
    dat.write_all_at(b"X", at + 3).unwrap();
    let _ = std::fs::remove_file(dir.path().join(journal::CHECKPOINT_FILE));
    write_checkpoint_mark(dir.path(), size);
    let err = Store::open(dir.path()).err().expect("opened a journal damaged before what was committed");
    assert_eq!(err.code(), "store_corrupt");
    assert!(err.to_string().contains(&format!("entry 10 of the journal (byte {at} of entries.dat)")), "{err}");
    assert_eq!(lens(), before, "nothing was cut");
}

/// An older build's `committed` mark, which open still honours as a lower bound.
fn write_checkpoint_mark(dir: &Path, size: u64) {
    std::fs::write(dir.join(COMMITTED_MARK), format!("heard committed {size}\n")).unwrap();
}

/// sled's head rows follow the journal lazily: a commit of entries alone writes no sled
/// batch and leaves them where they were while [`Store::head`] answers from memory; a commit
/// that carries other sled rows (a value kept beside an entry), or one that takes the log
/// SETTLE_EVERY entries past them, writes them; a flush or settle brings them up to date,
/// and a store opened again reads them.
#[test]
fn sleds_head_rows_follow_lazily_while_the_head_answers_from_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(dir.path()).unwrap();
    let in_sled = |s: &Store| match s.tree.get(key(b'M', b"size")).unwrap() {
        Some(v) => be_u64(&v, "size").unwrap(),
        None => 0,
    };
    append(&store, &mut frontier, 10);
    let head = store.head().unwrap();
    assert_eq!((head.size, head.checkpoint), (10, Some(note(10, frontier.root()))));
    assert_eq!(in_sled(&store), 0, "entries alone write no sled row");
    store.flush().unwrap();
    assert_eq!(in_sled(&store), 10, "a flush writes the head");

    append(&store, &mut frontier, 5);
    assert_eq!((store.head().unwrap().size, in_sled(&store)), (15, 10));
    // A value kept beside an entry is a sled row: the head goes with it.
    let prev = prev_of(&store, 15);
    let (bytes, statement) = test_entry(15, prev);
    let leaf = crate::protocol::merkle::leaf_hash(&bytes);
    let mut w = WriteSet::default();
    for (l, i, h) in frontier.append(leaf) {
        w.node(l, i, &h);
    }
    w.entry(15, bytes, &leaf, &statement);
    w.text(&leaf, b"kept beside".to_vec());
    w.head(16, &leaf, &note(16, frontier.root()));
    store.commit(w).unwrap();
    assert_eq!(in_sled(&store), 16, "the head goes with other sled rows");

    append(&store, &mut frontier, SETTLE_EVERY - 1);
    assert_eq!(in_sled(&store), 16);
    append(&store, &mut frontier, 1);
    assert_eq!(in_sled(&store), 16 + SETTLE_EVERY, "SETTLE_EVERY entries on, the head is written");
    append(&store, &mut frontier, 3);
    let size = 19 + SETTLE_EVERY;
    assert_eq!((store.head().unwrap().size, in_sled(&store)), (size, size - 3));
    store.settle().unwrap();
    assert_eq!(in_sled(&store), size, "a settle writes the head");
    drop(store);

    let store = Store::open(dir.path()).unwrap();
    let head = store.head().unwrap();
    assert_eq!((head.size, head.checkpoint), (size, Some(note(size, frontier.root()))));
}

//! The store's tests: files, indexes, domain rows, settling, restarts, damage and migration.

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
    rows: &[RunRow],
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
    rows: Vec<RunRow>,
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

/// Domain rows are read back exactly, whether they sit in memory, in a frozen table, in a
/// run or in a merged run, are overwritten or removed later, across restarts without a
/// clean close; a run left by a settle whose `U` rows were not yet removed is used and the
/// rows dropped; a damaged run or a missing batch row is refused by name; and an older
/// build's `D` rows are moved into a run, and a move interrupted while removing them or
/// while writing the run is finished or redone.
#[test]
fn domain_rows_survive_settling_merging_restarts_damage_and_migration() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let mut model = std::collections::BTreeMap::new();
    let store = Store::open(dir.path()).unwrap();
    let mut i = 0u32;
    // Batches of 700 entries writing 50 new rows each, rewriting a row written three
    // batches before and removing one written five batches before.
    let mut batch = |store: &Store, frontier: &mut _, model: &mut _| {
        let mut rows: Vec<_> = (0..50).map(|j| (format!("K{i}-{j}").into_bytes(), Some(vec![i as u8; j]))).collect();
        if i >= 3 {
            rows.push((format!("K{}-7", i - 3).into_bytes(), Some(b"rewritten".to_vec())));
        }
        if i >= 5 {
            rows.push((format!("K{}-9", i - 5).into_bytes(), None));
        }
        rows.push((b"R".to_vec(), Some(i.to_be_bytes().to_vec())));
        commit_with_rows(store, frontier, 700, rows, model);
        i += 1;
    };
    for _ in 0..5 {
        batch(&store, &mut frontier, &mut model);
    }
    assert_rows(&store, &model, "in memory");
    assert!(store.domain.runs().is_empty());
    for _ in 0..20 {
        batch(&store, &mut frontier, &mut model);
    }
    store.domain.wait_idle();
    // 17,500 entries: settled at 8,400 and 16,800 (the first batch at or past 8,192
    // entries each time), and the two runs of equal span merged.
    assert_eq!(store.domain.runs(), [(0, 16800)]);
    assert_eq!(files_named(dir.path(), "drun"), ["drun-0000000000000000-00000000000041a0"]);
    assert_eq!(store.tree.scan_prefix([b'U']).count(), 1, "the settled batches' rows are removed");
    assert_rows(&store, &model, "a merged run and memory");
    drop(store);

    // Not settled at close (as after a crash): the batch rows are replayed.
    let store = Store::open(dir.path()).unwrap();
    assert_rows(&store, &model, "reopened");
    for _ in 0..12 {
        batch(&store, &mut frontier, &mut model);
    }
    store.domain.wait_idle();
    // Settled at 25,200: a run half the span of the one before it is merged into it.
    assert_eq!(store.domain.runs(), [(0, 25200)]);
    assert_rows(&store, &model, "a run merged again, and memory");
    drop(store);

    // A settle interrupted after its run was written: the run is taken, the rows it
    // covers removed.
    let (start, end) = (25200, 25900);
    let rows: Vec<(Vec<u8>, Option<Vec<u8>>)> = store_batch_rows(dir.path(), start);
    domainrun::DomainRun::write(dir.path(), start, end, rows.iter().map(|(k, v)| (k.as_slice(), v.as_deref())))
        .unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.domain.runs(), [(0, 25200), (25200, 25900)]);
    assert!(store.tree.get(domain::batch_key(start)).unwrap().is_none());
    assert_rows(&store, &model, "after an interrupted settle");
    drop(store);

    // A damaged run is refused by name.
    let run = dir.path().join("drun-0000000000006270-000000000000652c");
    let good = std::fs::read(&run).unwrap();
    let mut bad = good.clone();
    bad[40] ^= 1;
    std::fs::write(&run, &bad).unwrap();
    let err = Store::open(dir.path()).err().expect("opened with a damaged domain run");
    assert_eq!(err.code(), "store_corrupt");
    assert!(err.to_string().contains("drun-0000000000006270-000000000000652c"), "{err}");
    std::fs::write(&run, &good).unwrap();

    // A missing batch row (sled losing its last writes): the rows end before it, and the
    // domain is left to apply those entries again.
    let store = Store::open(dir.path()).unwrap();
    assert_rows(&store, &model, "the run restored");
    batch(&store, &mut frontier, &mut model);
    let last = store.tree.scan_prefix([b'U']).keys().last().unwrap().unwrap();
    store.tree.remove(&last).unwrap();
    store.db.flush().unwrap();
    let size = store.size();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.size(), size, "the entries stay");
    assert_eq!(store.domain_applied(), be_u64(&last[1..], "key").unwrap());
    assert!(store.domain_applied() < size);
    drop(store);

    // An older build's store: every domain row in sled as `D` ‖ key.
    let old = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(old.path()).unwrap();
    let mut unused = std::collections::BTreeMap::new();
    commit_with_rows(&store, &mut frontier, 30, Vec::new(), &mut unused);
    for (k, v) in &model {
        store.tree.insert(key(b'D', k), v.as_slice()).unwrap();
    }
    store.db.flush().unwrap();
    drop(store);
    let store = Store::open(old.path()).unwrap();
    assert_eq!(store.tree.scan_prefix([b'D']).count(), 0);
    assert_eq!(files_named(old.path(), "drun"), ["drun-0000000000000000-000000000000001e"]);
    assert_rows(&store, &model, "moved out of sled");
    drop(store);
    let store = Store::open(old.path()).unwrap();
    assert_rows(&store, &model, "moved out of sled, reopened");

    // A move interrupted while removing the `D` rows (the run over exactly `0..size` is
    // whole): the run is kept and the removal finished.
    let run = old.path().join("drun-0000000000000000-000000000000001e");
    let before = std::fs::metadata(&run).unwrap().modified().unwrap();
    for (k, v) in model.iter().take(100) {
        store.tree.insert(key(b'D', k), v.as_slice()).unwrap();
    }
    store.db.flush().unwrap();
    drop(store);
    let store = Store::open(old.path()).unwrap();
    assert_eq!(store.tree.scan_prefix([b'D']).count(), 0);
    assert_eq!(std::fs::metadata(&run).unwrap().modified().unwrap(), before, "the whole run was rewritten");
    assert_rows(&store, &model, "an interrupted removal finished");

    // A move interrupted while writing: the `D` rows are the truth, and a run that does not
    // cover exactly `0..size` goes (here one from another size, holding a stale row).
    let truth: std::collections::BTreeMap<Vec<u8>, Vec<u8>> =
        model.iter().take(300).map(|(k, v)| (k.clone(), v.clone())).collect();
    for (k, v) in &truth {
        store.tree.insert(key(b'D', k), v.as_slice()).unwrap();
    }
    store.db.flush().unwrap();
    drop(store);
    std::fs::remove_file(&run).unwrap();
    domainrun::DomainRun::write(old.path(), 0, 29, [(&b"stale"[..], Some(&b"row"[..]))]).unwrap();
    let store = Store::open(old.path()).unwrap();
    assert_eq!(files_named(old.path(), "drun"), ["drun-0000000000000000-000000000000001e"]);
    assert_rows(&store, &truth, "an interrupted write redone from the rows");
}

/// The writes of the `U` row for the batch starting at `first`, read from sled directly.
fn store_batch_rows(dir: &Path, first: u64) -> Vec<(Vec<u8>, Option<Vec<u8>>)> {
    let db = sled::Config::new().path(dir).open().unwrap();
    let tree = db.open_tree("log").unwrap();
    let v = tree.get(domain::batch_key(first)).unwrap().expect("the batch row");
    let (count, rows) = domain::decode_batch(&v).unwrap();
    assert_eq!(count, 700);
    let mut sorted = std::collections::BTreeMap::new();
    sorted.extend(rows);
    sorted.into_iter().collect()
}

/// The hash indexes live in memory until the files settle, then in run files that are
/// merged as they accumulate; a restart finds them again, a damaged or missing run is
/// rebuilt from the entries, and the rows an older build kept in sled are moved out.
#[test]
fn hash_indexes_survive_settling_merging_restarts_damage_and_migration() {
    let dir = tempfile::tempdir().unwrap();
    let mut frontier = crate::protocol::merkle::Frontier::new();
    let store = Store::open(dir.path()).unwrap();
    let mut keys = append_decodable(&store, &mut frontier, 5000);
    assert!(store.index.runs().is_empty());
    assert_indexed(&store, &keys, "in memory");
    keys.extend(append_decodable(&store, &mut frontier, 4000));
    assert_eq!(store.index.runs(), [(0, 9000)]);
    keys.extend(append_decodable(&store, &mut frontier, 10));
    assert_indexed(&store, &keys, "one run and memory");
    store.settle().unwrap();
    store.index.settle_merges();
    assert_eq!(store.index.runs(), [(0, 9000), (9000, 9010)], "a small run is not merged into a large one");
    keys.extend(append_decodable(&store, &mut frontier, 8200));
    store.index.settle_merges();
    assert_eq!(store.index.runs(), [(0, 17210)], "runs of similar size are merged");
    assert_eq!(files_named(dir.path(), "hidx"), ["hidx-0000000000000000-000000000000433a"]);
    keys.extend(append_decodable(&store, &mut frontier, 30));
    assert_indexed(&store, &keys, "merged run and memory");
    drop(store);

    // Not settled at close (as after a crash): the tail is indexed again from its entries.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.index.runs(), [(0, 17210)]);
    assert_indexed(&store, &keys, "reopened");
    drop(store);

    // A run written by a settle whose sled batch never committed (a crash between the
    // two) covers entries still in `T` rows: it is deleted, and they come from memory.
    let tail: Vec<Keys> = (17210..17240).map(|seq| (seq, keys[seq as usize].0, Some(keys[seq as usize].1))).collect();
    hashindex::write_keys(dir.path(), "hidx.tmp.test", 17210, 17240, &tail).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.index.runs(), [(0, 17210)]);
    assert_eq!(files_named(dir.path(), "hidx"), ["hidx-0000000000000000-000000000000433a"]);
    assert_indexed(&store, &keys, "after an uncommitted settle");
    drop(store);

    // A damaged run, then a missing one: deleted and rebuilt from the entries.
    let run = dir.path().join("hidx-0000000000000000-000000000000433a");
    let mut bytes = std::fs::read(&run).unwrap();
    bytes[1000] ^= 1;
    std::fs::write(&run, &bytes).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.index.runs(), [(0, 17210)]);
    assert_ne!(std::fs::read(&run).unwrap(), bytes);
    assert_indexed(&store, &keys, "after a damaged run");
    drop(store);
    std::fs::remove_file(&run).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_indexed(&store, &keys, "after a missing run");

    // An older build's store: index rows in sled, no run files.
    for (seq, (h, s)) in keys.iter().enumerate() {
        store.tree.insert(key(b'H', h), &(seq as u64).to_be_bytes()).unwrap();
        store.tree.insert(key(b'S', s), &(seq as u64).to_be_bytes()).unwrap();
    }
    store.db.flush().unwrap();
    drop(store);
    for f in files_named(dir.path(), "hidx") {
        std::fs::remove_file(dir.path().join(f)).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.tree.scan_prefix([b'H']).count() + store.tree.scan_prefix([b'S']).count(), 0);
    assert!(!files_named(dir.path(), "hidx").is_empty());
    assert_indexed(&store, &keys, "after the move out of sled");
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

//! The journal is the commit point (issue 24 §1, §3): sled holds only what can be rebuilt
//! from the log's own files. A data folder whose sled was deleted, or rolled back to an
//! earlier copy, opens with every entry, the same checkpoint (byte for byte), the same
//! domain rows and the same idea words, and passes the audit.

use std::path::{Path, PathBuf};
use std::process::Command;

use heard::attribution::build;
use heard::attribution::kinds::Role;
use heard::keys::DataDir;
use heard::ledger::Ledger;
use heard::protocol::entry::entry_hash;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
            if target.extension().is_some_and(|x| x == "key") {
                use std::os::unix::fs::PermissionsExt as _;
                std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
        }
    }
}

/// sled's own files in the store's folder (everything else there is the log's).
fn sled_files(db: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(db)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n == "conf" || n == "db" || n == "blobs" || n.starts_with("snap.")
        })
        .collect();
    out.sort();
    assert!(out.iter().any(|p| p.ends_with("db")), "no sled files in {}", db.display());
    out
}

fn remove(paths: &[PathBuf]) {
    for p in paths {
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        } else {
            std::fs::remove_file(p).unwrap();
        }
    }
}

/// Everything a reader can see: the checkpoint note, every domain row, and each entry's
/// value kept beside it (an idea's words and salt).
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    checkpoint: String,
    rows: Vec<(Vec<u8>, Vec<u8>)>,
    texts: Vec<Option<Vec<u8>>>,
}

fn seen(ledger: &Ledger) -> Seen {
    let store = ledger.store().unwrap();
    let rows = store.domain_scan(b"").collect::<Result<Vec<_>, _>>().unwrap();
    let texts = store.entries(0).map(|r| store.content_get(&entry_hash(&r.unwrap().1)).unwrap()).collect();
    Seen { checkpoint: ledger.log().latest().note, rows, texts }
}

/// Asserts `after` is `before`, naming the first difference (the values are long).
fn same(after: &Seen, before: &Seen, what: &str) {
    assert_eq!(after.checkpoint, before.checkpoint, "{what}: checkpoint");
    let a: std::collections::BTreeMap<_, _> = after.rows.iter().cloned().collect();
    let b: std::collections::BTreeMap<_, _> = before.rows.iter().cloned().collect();
    let missing: Vec<_> =
        b.keys().filter(|k| a.get(*k) != b.get(*k)).map(|k| String::from_utf8_lossy(&k[..1]).into_owned()).collect();
    let extra: Vec<_> =
        a.keys().filter(|k| !b.contains_key(*k)).map(|k| String::from_utf8_lossy(&k[..1]).into_owned()).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: rows differ (tags of rows lost or changed {missing:?}, added {extra:?})"
    );
    let texts: Vec<usize> =
        (0..before.texts.len().max(after.texts.len())).filter(|&i| before.texts.get(i) != after.texts.get(i)).collect();
    assert!(texts.is_empty(), "{what}: the words beside entries {texts:?} differ");
    assert_eq!(after, before, "{what}");
}

fn open(data: &Path) -> Ledger {
    Ledger::open_data_folder(data, "unused").unwrap()
}

fn audit(data: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_heard")).args(["audit", "--data"]).arg(data).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "audit failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("policy audit passed"), "{text}");
}

/// Appends statements that change the domain's rows: enrolments by the operator.
fn append_more(data: &Path, ledger: &Ledger, n: usize) {
    let operator = heard::keys::statement_key(&heard::keys::read_key_file(&DataDir::new(data).operator_key()).unwrap());
    let time = ledger.log().latest().size;
    for i in 0..n {
        let someone = heard::demo::demo_key(&format!("journal test person {time} {i}"));
        let s = build::enrol(
            &operator,
            1_800_000_000_000 + time * 1000 + i as u64,
            build::key_id(&someone),
            Role::Facilitator,
            &format!("Person {i}"),
            false,
        )
        .unwrap();
        ledger.submit(&s.statement, &s.signature, None).unwrap();
    }
}

/// A data folder with the demo's content, written by this build.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "journal.test/log").unwrap();
    let operator =
        heard::keys::statement_key(&heard::keys::read_key_file(&DataDir::new(&data).operator_key()).unwrap());
    heard::demo::fill(&ledger, &operator).unwrap();
    ledger.close().unwrap();
    drop(ledger);
    (dir, data)
}

#[test]
fn deleting_sled_loses_nothing() {
    let (_dir, data) = folder();
    let ledger = open(&data);
    append_more(&data, &ledger, 5);
    let before = seen(&ledger);
    assert!(before.texts.iter().filter(|t| t.is_some()).count() >= 40, "the demo's words are there");
    ledger.close().unwrap();
    drop(ledger);

    remove(&sled_files(&DataDir::new(&data).db()));
    let ledger = open(&data);
    same(&seen(&ledger), &before, "sled deleted");
    // And it goes on appending on top of what it rebuilt.
    append_more(&data, &ledger, 1);
    ledger.close().unwrap();
    drop(ledger);
    audit(&data);
}

/// The followers' database (hash indexes and domain rows in fjall) deleted, or rolled back
/// to a copy from before the last appends: rebuilt or caught up from the journal on open,
/// through the gate, with the same rows; every entry found by its hash.
#[test]
fn deleting_or_rolling_back_the_followers_database_loses_nothing() {
    let (_dir, data) = folder();
    let followers = DataDir::new(&data).db().join("followers");
    let saved = tempfile::tempdir().unwrap();
    let ledger = open(&data);
    ledger.close().unwrap();
    drop(ledger);
    copy_dir(&followers, saved.path());
    let ledger = open(&data);
    append_more(&data, &ledger, 5);
    let before = seen(&ledger);
    ledger.close().unwrap();
    drop(ledger);

    for (how, restore) in [("rolled back", Some(saved.path())), ("deleted", None)] {
        std::fs::remove_dir_all(&followers).unwrap();
        if let Some(copy) = restore {
            copy_dir(copy, &followers);
        }
        let ledger = open(&data);
        same(&seen(&ledger), &before, how);
        let store = ledger.store().unwrap();
        for seq in 0..store.size() {
            let bytes = store.entry(seq).unwrap().unwrap();
            assert_eq!(store.seq_of_entry(&entry_hash(&bytes)).unwrap(), Some(seq), "{how}: entry {seq}");
        }
        ledger.close().unwrap();
        drop(ledger);
    }
    audit(&data);
}

#[test]
fn a_rolled_back_sled_catches_up_with_the_journal() {
    let (_dir, data) = folder();
    let db = DataDir::new(&data).db();
    let ledger = open(&data);
    ledger.close().unwrap();
    drop(ledger);
    // A copy of sled as it was after the demo.
    let old = tempfile::tempdir().unwrap();
    for p in sled_files(&db) {
        let to = old.path().join(p.file_name().unwrap());
        if p.is_dir() { copy_dir(&p, &to) } else { std::fs::copy(&p, &to).map(|_| ()).unwrap() }
    }

    let ledger = open(&data);
    append_more(&data, &ledger, 7);
    let before = seen(&ledger);
    ledger.close().unwrap();
    drop(ledger);

    remove(&sled_files(&db));
    copy_dir(old.path(), &db);
    let ledger = open(&data);
    same(&seen(&ledger), &before, "sled rolled back");
    ledger.close().unwrap();
    drop(ledger);
    audit(&data);
}

fn heard(args: &[&str], data: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_heard")).args(args).arg("--data").arg(data).output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn heard_rebuild_rebuilds_each_follower_from_the_journal() {
    let (_dir, data) = folder();
    let ledger = open(&data);
    let before = seen(&ledger);
    let (size, root) = (ledger.log().latest().size, hex::encode(ledger.log().latest().root));

    // Refused while the folder is open, and nothing removed.
    let (ok, out) = heard(&["rebuild", "all"], &data);
    assert!(!ok && out.contains("is in use"), "{out}");
    ledger.close().unwrap();
    drop(ledger);

    for what in ["all", "domain", "index"] {
        let (ok, out) = heard(&["rebuild", what], &data);
        assert!(ok, "{out}");
        assert!(out.contains(&format!("rebuilt {what} from the journal: {size} entries, root {root}")), "{out}");
        let ledger = open(&data);
        same(&seen(&ledger), &before, what);
        ledger.close().unwrap();
    }
    let (ok, out) = heard(&["rebuild", "everything"], &data);
    assert!(!ok && out.contains("invalid value 'everything'"), "{out}");
    audit(&data);
}

/// A folder an older build wrote (its acknowledgement with an amount in the open, which new
/// appends may no longer hold) rebuilds from its journal: the entries are applied under the
/// rules they were appended under.
#[test]
fn an_older_folder_rebuilds_from_its_journal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(Path::new("tests/old-data/demo-78ac871"), &data);
    let (ok, out) = heard(&["rebuild", "all"], &data);
    assert!(ok, "{out}");
    assert!(out.contains("rebuilt all from the journal: 92 entries"), "{out}");
    audit(&data);
}

/// The domain's rows are rebuilt from the journal with every statement's signature checked
/// again (in batches): an entry whose signature was changed in `entries.dat` stops the open,
/// naming the entry.
#[test]
fn a_rebuild_refuses_an_entry_whose_signature_was_changed() {
    let (_dir, data) = folder();
    let db = DataDir::new(&data).db();
    let size = {
        let ledger = open(&data);
        let size = ledger.log().latest().size;
        ledger.close().unwrap();
        size
    };
    // Without the checkpoint file nothing signed covers the journal, so the open reads it
    // all again; without the followers, every entry goes through the gate again.
    std::fs::remove_file(db.join("checkpoint")).unwrap();
    std::fs::remove_dir_all(db.join("followers")).unwrap();
    // An entry's last 64 bytes are its signature; the last entry ends the file.
    let journal = db.join("entries.dat");
    let mut bytes = std::fs::read(&journal).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&journal, &bytes).unwrap();

    let err = format!("{:#}", Ledger::open_data_folder(&data, "unused").err().expect("the open is refused"));
    assert!(err.contains(&format!("entry {}'s statement does not verify", size - 1)), "{err}");
}

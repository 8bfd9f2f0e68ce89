//! Tampering with the store's files is found by the audit and stops the log opening; a torn
//! tail past the commit point is cut on open.

use crate::common;

use common::*;
use heard::log::audit::audit;
use heard::log::store::Store;
use heard::log::{Log, LogConfig};

fn build(n: u64) -> (tempfile::TempDir, Vec<Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    fill(&log, n);
    let entries = (0..n).map(|i| log.entry(i).unwrap().unwrap()).collect();
    log.close().expect("closed cleanly");
    (dir, entries)
}

#[test]
fn a_flipped_byte_anywhere_in_an_entry_is_named_by_seq() {
    let (dir, entries) = build(12);
    let store = Store::open(dir.path()).unwrap();
    let key = log_signer().verifier();
    assert!(audit(&store, &key).is_ok());
    for seq in [0u64, 5, 11] {
        let original = &entries[seq as usize];
        for pos in [0, 3, original.len() / 2, original.len() - 1] {
            let mut bad = original.clone();
            bad[pos] ^= 0x01;
            store.tamper_entry(seq, Some(&bad)).unwrap();
            let f = audit(&store, &key).expect_err("tampered log passed the audit");
            assert_eq!(f.seq, Some(seq), "byte {pos} of seq {seq}: {f}");
            store.tamper_entry(seq, Some(original)).unwrap();
        }
    }
    assert!(audit(&store, &key).is_ok());
}

#[test]
fn a_changed_prev_link_is_reported_as_such() {
    let (dir, entries) = build(6);
    let store = Store::open(dir.path()).unwrap();
    let mut e = heard::protocol::entry::Entry::decode(&entries[4]).unwrap();
    e.prev[0] ^= 1;
    store.tamper_entry(4, Some(&e.encode())).unwrap();
    let f = audit(&store, &log_signer().verifier()).unwrap_err();
    assert_eq!(f.to_string(), "seq 4: prev hash mismatch");
}

#[test]
fn reordered_entries_fail_the_audit() {
    let (dir, entries) = build(8);
    let store = Store::open(dir.path()).unwrap();
    store.tamper_entry(3, Some(&entries[5])).unwrap();
    store.tamper_entry(5, Some(&entries[3])).unwrap();
    let f = audit(&store, &log_signer().verifier()).unwrap_err();
    assert_eq!(f.seq, Some(3), "{f}");
}

#[test]
fn a_deleted_entry_fails_the_audit() {
    let (dir, _) = build(8);
    let store = Store::open(dir.path()).unwrap();
    store.tamper_entry(2, None).unwrap();
    let f = audit(&store, &log_signer().verifier()).unwrap_err();
    assert_eq!(f.seq, Some(2), "{f}");
    assert!(f.reason.contains("missing"), "{f}");
}

#[test]
fn the_log_refuses_to_open_when_the_tail_disagrees_with_the_checkpoint() {
    let (dir, entries) = build(5);
    {
        let store = Store::open(dir.path()).unwrap();
        let mut bad = entries[4].clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        store.tamper_entry(4, Some(&bad)).unwrap();
    }
    let err = Log::open(dir.path(), log_signer(), LogConfig::new(ORIGIN)).err().expect("opened a tampered log");
    assert_eq!(err.code(), "inconsistent_store", "{err}");
}

/// Bytes past the committed size (a batch written to the files whose sled commit never
/// happened, as after a crash between the two syncs) are cut on open; a file shorter than the
/// committed size is refused.
#[test]
fn an_uncommitted_tail_is_cut_and_a_short_file_is_refused() {
    use std::io::Write;
    let (dir, entries) = build(5);
    let lens = |d: &std::path::Path| {
        ["entries.dat", "entries.idx", "hashes.dat"].map(|f| std::fs::metadata(d.join(f)).unwrap().len())
    };
    let committed = lens(dir.path());
    assert_eq!(committed[0], entries.iter().map(|e| e.len() as u64).sum::<u64>());
    assert_eq!((committed[1], committed[2]), (5 * 8, (2 * 5 - 2) * 32));
    for (f, junk) in [("entries.dat", &entries[4][..]), ("entries.idx", &[0xff; 8][..]), ("hashes.dat", &[7; 96][..])] {
        std::fs::OpenOptions::new().append(true).open(dir.path().join(f)).unwrap().write_all(junk).unwrap();
    }
    let log = Log::open(dir.path(), log_signer(), LogConfig::new(ORIGIN)).expect("a torn tail is not corruption");
    assert_eq!(log.latest().size, 5);
    assert_eq!(log.entry(5).unwrap(), None);
    log.close().expect("closed cleanly");
    drop(log);
    assert_eq!(lens(dir.path()), committed, "cut back to the committed lengths");
    let store = Store::open(dir.path()).unwrap();
    assert!(audit(&store, &log_signer().verifier()).is_ok());
    drop(store);

    let hashes = std::fs::OpenOptions::new().write(true).open(dir.path().join("hashes.dat")).unwrap();
    hashes.set_len(committed[2] - 32).unwrap();
    drop(hashes);
    let err = Log::open(dir.path(), log_signer(), LogConfig::new(ORIGIN)).err().expect("opened a truncated log");
    assert_eq!(err.code(), "store_corrupt", "{err}");
    assert!(err.to_string().contains("hashes.dat"), "{err}");
}

#[test]
fn a_different_log_key_is_refused() {
    let (dir, _) = build(2);
    let other = heard::protocol::note::NoteSigner::new(ORIGIN, [43; 32]).unwrap();
    let err = Log::open(dir.path(), other, LogConfig::new(ORIGIN)).err().expect("opened with a foreign key");
    assert!(err.to_string().contains("not signed by this log key"), "{err}");
}

//! C2SP tlog-tiles export: paths, immutability of full tiles across exports, and tile
//! contents recomputed independently from the entry bundles.

use crate::common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use common::*;
use heard::log::Log;
use heard::log::tiles::{
    Tile, TileKind, entry_bundle_path, export_tiles, index_path, read_entry_bundle, read_tile, tile_path,
    tiles_for_size,
};
use heard::protocol::Hash;
use heard::protocol::merkle::{self, leaf_hash, node_hash};
use heard::protocol::note::{Checkpoint, Note};

/// Appends statements `from..to` of author 1 from four threads, so the writer batches them.
fn fill_range(log: &Log, from: u64, to: u64) {
    std::thread::scope(|s| {
        for t in 0..4 {
            s.spawn(move || {
                for i in (from + t..to).step_by(4) {
                    let (b, sig) = signed(1, i);
                    log.append(&b, &sig).expect("append");
                }
            });
        }
    });
    assert_eq!(log.latest().size, to);
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn split_bundle(mut b: &[u8]) -> Vec<Vec<u8>> {
    let mut entries = Vec::new();
    while !b.is_empty() {
        let len = u16::from_be_bytes([b[0], b[1]]) as usize;
        entries.push(b[2..2 + len].to_vec());
        b = &b[2 + len..];
    }
    entries
}

fn hashes(tile: &[u8]) -> Vec<Hash> {
    assert_eq!(tile.len() % 32, 0);
    tile.chunks(32).map(|c| c.try_into().unwrap()).collect()
}

/// Checks the folder as a client would: the checkpoint verifies, every entry in the bundles
/// hashes to the level-0 tile hash, every level-1 hash is the root of its level-0 tile, and the
/// root computed from the tiles alone is the checkpoint's root.
fn check_folder(dir: &Path) -> u64 {
    let note = Note::parse(&std::fs::read_to_string(dir.join("checkpoint")).unwrap()).unwrap();
    note.verify(&[log_signer().verifier()]).unwrap();
    let cp = Checkpoint::parse_text(&note.text).unwrap();
    let size = cp.size;
    let mut stored: HashMap<(u8, u64), Hash> = HashMap::new();
    for t in tiles_for_size(size) {
        let bytes = std::fs::read(dir.join(t.path())).unwrap_or_else(|e| panic!("{}: {e}", t.path()));
        let first = t.index * 256;
        match t.kind {
            TileKind::Entries => {
                let entries = split_bundle(&bytes);
                assert_eq!(entries.len() as u64, t.width, "{}", t.path());
                for (i, e) in entries.iter().enumerate() {
                    let seq = first + i as u64;
                    assert_eq!(heard::protocol::entry::Entry::decode(e).unwrap().seq, seq);
                    let prev = stored.insert((0, seq), leaf_hash(e));
                    assert!(prev.is_none_or(|h| h == leaf_hash(e)), "entry {seq} differs from its leaf hash");
                }
            }
            TileKind::Hashes(level) => {
                let hs = hashes(&bytes);
                assert_eq!(hs.len() as u64, t.width, "{}", t.path());
                for (i, h) in hs.into_iter().enumerate() {
                    let prev = stored.insert((level * 8, first + i as u64), h);
                    assert!(prev.is_none_or(|p| p == h), "{} disagrees with the entry bundles", t.path());
                }
            }
        }
    }
    // Every stored hash at level 8·(L+1) is the root of the 256 hashes below it at level 8·L.
    fn node(stored: &HashMap<(u8, u64), Hash>, level: u8, index: u64) -> Hash {
        if level.is_multiple_of(8) {
            return stored[&(level, index)];
        }
        node_hash(&node(stored, level - 1, 2 * index), &node(stored, level - 1, 2 * index + 1))
    }
    for (&(level, index), h) in &stored {
        if level >= 8 {
            let below = node_hash(&node(&stored, level - 1, 2 * index), &node(&stored, level - 1, 2 * index + 1));
            assert_eq!(&below, h, "tile hash at level {level} index {index}");
        }
    }
    let root = merkle::root_at(size, |l, i| Ok::<_, ()>(node(&stored, l, i))).unwrap();
    assert_eq!(root, cp.root, "root from the tiles differs from the checkpoint");
    size
}

#[test]
fn paths_follow_the_spec_examples() {
    assert_eq!(index_path(1234067), "x001/x234/067");
    assert_eq!(tile_path(0, 1234067, 256), "tile/0/x001/x234/067");
    assert_eq!(tile_path(0, 1234067, 7), "tile/0/x001/x234/067.p/7");
    assert_eq!(tile_path(2, 0, 1), "tile/2/000.p/1");
    assert_eq!(entry_bundle_path(1234067, 256), "tile/entries/x001/x234/067");
    assert_eq!(entry_bundle_path(0, 112), "tile/entries/000.p/112");
    let t = Tile::parse("tile/entries/x001/x234/067.p/9").unwrap();
    assert_eq!((t.kind, t.index, t.width), (TileKind::Entries, 1234067, 9));
    assert_eq!(Tile::parse("tile/1/x001/234").unwrap().kind, TileKind::Hashes(1));
}

#[test]
fn growing_log_keeps_full_tiles_and_extends_partial_ones() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let log = open(data.path());
    fill_range(&log, 0, 700);

    let first = export_tiles(&log, out.path()).unwrap();
    assert_eq!(first.size, 700);
    // 700 = 2 full level-0 tiles + a partial of 188; level 1 partial of 2; bundles alike.
    assert_eq!(first.written, 3 + 1 + 3);
    let before = files(out.path());
    for p in ["tile/0/000", "tile/0/001", "tile/0/002.p/188", "tile/1/000.p/2", "tile/entries/002.p/188"] {
        assert!(before.contains_key(p), "missing {p}");
    }
    assert_eq!(check_folder(out.path()), 700);

    // Exporting again changes nothing.
    let again = export_tiles(&log, out.path()).unwrap();
    assert_eq!((again.written, again.unchanged), (0, 7));
    assert_eq!(files(out.path()), before);

    fill_range(&log, 700, 1000);
    let second = export_tiles(&log, out.path()).unwrap();
    assert_eq!(second.size, 1000);
    // Unchanged: the 4 full tiles/bundles 000 and 001. New: tile/0/002, 003.p/232, tile/1/000.p/3,
    // entries/002, entries/003.p/232.
    assert_eq!((second.written, second.unchanged), (5, 4));
    let after = files(out.path());
    assert!(!after.keys().any(|p| p.contains(".tmp")), "temporary files left: {:?}", after.keys());
    for (path, bytes) in &before {
        if path == "checkpoint" {
            assert_ne!(&after[path], bytes, "the checkpoint was not replaced");
            continue;
        }
        if path == "README.txt" {
            continue;
        }
        // Every earlier tile is still there, byte for byte (full tiles never change; old
        // partial tiles remain right for the smaller tree).
        assert_eq!(&after[path], bytes, "{path} changed");
        let t = Tile::parse(path).unwrap();
        if !t.is_full() {
            // The larger tile at the same index starts with the same bytes.
            let bigger = tiles_for_size(1000).into_iter().find(|n| n.kind == t.kind && n.index == t.index).unwrap();
            assert!(bigger.width > t.width);
            assert!(after[&bigger.path()].starts_with(bytes), "{} does not extend {path}", bigger.path());
        }
    }
    assert!(after.contains_key("tile/0/002") && after.contains_key("tile/entries/002"));
    assert!(after.contains_key("tile/0/003.p/232") && after.contains_key("tile/1/000.p/3"));
    assert_eq!(check_folder(out.path()), 1000);
    assert_eq!(hashes(&after["tile/1/000.p/3"]), (0..3).map(|i| log.store().node(8, i).unwrap()).collect::<Vec<_>>());
    log.close().expect("closed cleanly");
}

#[test]
fn a_changed_full_tile_stops_the_export_and_is_not_overwritten() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let log = open(data.path());
    fill_range(&log, 0, 300);
    export_tiles(&log, out.path()).unwrap();
    let path = out.path().join("tile/0/000");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let old_checkpoint = std::fs::read(out.path().join("checkpoint")).unwrap();
    fill_range(&log, 300, 310);
    let e = export_tiles(&log, out.path()).unwrap_err();
    assert_eq!(e.code(), "tile_changed", "{e}");
    assert!(e.to_string().contains("tile/0/000"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the changed tile was overwritten");
    assert_eq!(std::fs::read(out.path().join("checkpoint")).unwrap(), old_checkpoint, "checkpoint moved on");
    log.close().expect("closed cleanly");
}

#[test]
fn a_smaller_log_cannot_be_exported_over_a_larger_one() {
    let out = tempfile::tempdir().unwrap();
    let big = tempfile::tempdir().unwrap();
    let log = open(big.path());
    fill_range(&log, 0, 20);
    export_tiles(&log, out.path()).unwrap();
    log.close().expect("closed cleanly");
    let small = tempfile::tempdir().unwrap();
    let log = open(small.path());
    fill_range(&log, 0, 5);
    let e = export_tiles(&log, out.path()).unwrap_err();
    assert_eq!(e.code(), "checkpoint_regressed", "{e}");
    log.close().expect("closed cleanly");
}

#[test]
fn reading_tiles_beyond_the_tree_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let log = open(data.path());
    fill_range(&log, 0, 10);
    assert_eq!(read_tile(&log, 0, 0, 10).unwrap().len(), 320);
    assert_eq!(read_tile(&log, 0, 0, 4).unwrap(), read_tile(&log, 0, 0, 10).unwrap()[..128]);
    for (level, index, width, code) in [
        (0, 0, 11, "tile_not_found"),
        (0, 1, 1, "tile_not_found"),
        (1, 0, 1, "tile_not_found"),
        (0, 0, 0, "invalid_tile"),
        (64, 0, 1, "invalid_tile"),
        (0, u64::MAX, 1, "tile_not_found"),
    ] {
        assert_eq!(read_tile(&log, level, index, width).unwrap_err().code(), code, "{level}/{index}/{width}");
    }
    assert_eq!(read_entry_bundle(&log, 0, 11).unwrap_err().code(), "tile_not_found");
    let bundle = read_entry_bundle(&log, 0, 10).unwrap();
    assert_eq!(split_bundle(&bundle).len(), 10);
    log.close().expect("closed cleanly");
}

/// Regression: an export folder did not say which key its checkpoint and receipts verify
/// under; its README.txt now carries the log's verifier key as a line of its own.
#[test]
fn an_export_did_not_carry_the_log_key() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let log = open(data.path());
    fill_range(&log, 0, 3);
    export_tiles(&log, out.path()).unwrap();
    let readme = std::fs::read_to_string(out.path().join("README.txt")).expect("the export has a README.txt");
    let key = log.verifier().to_text();
    assert!(readme.lines().any(|l| l == key), "README.txt lacks the key line {key}:\n{readme}");
    // It is the key the folder's checkpoint verifies under.
    let note = Note::parse(&std::fs::read_to_string(out.path().join("checkpoint")).unwrap()).unwrap();
    note.verify(&[heard::protocol::note::NoteVerifier::from_text(&key).unwrap()]).unwrap();
    // A second export leaves it as it was.
    export_tiles(&log, out.path()).unwrap();
    assert_eq!(std::fs::read_to_string(out.path().join("README.txt")).unwrap(), readme);
    log.close().expect("closed cleanly");
}

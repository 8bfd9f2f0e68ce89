//! Interoperability with the Go reference code: a Heard log's checkpoints, inclusion and
//! consistency proofs and tlog-tiles export are checked by `tests/interop/heardcheck` (Go's
//! `golang.org/x/mod/sumdb/note` and `sumdb/tlog`) and by Heard's own Rust verifiers, which
//! must agree: everything passes for the real log, and each forged folder is rejected by both
//! at the same check.
//!
//! Needs `go` and the Debian package golang-golang-x-mod-dev; `bash .ci/run` installs them.
//! Without them these tests fail (they never skip).

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use common::go::heardcheck;
use common::*;
use heard::log::Log;
use heard::log::tiles::{TileKind, export_tiles, tiles_for_size};
use heard::protocol::Hash;
use heard::protocol::entry::Entry;
use heard::protocol::merkle::{self, Frontier, leaf_hash};
use heard::protocol::note::{Checkpoint, Note, NoteSigner, NoteVerifier};

const OLD_SIZE: u64 = 100;
const SIZE: u64 = 300;

/// One inclusion case: the entry at `index` with its proof in the tree of `checkpoint`.
#[derive(Clone)]
struct Inclusion {
    name: String,
    index: u64,
    entry: Vec<u8>,
    proof: Vec<Hash>,
}

/// Everything the folder holds, in memory, so each case can change one thing.
#[derive(Clone)]
struct Case {
    vkey: String,
    checkpoint: String,
    old_checkpoint: String,
    consistency: Vec<Hash>,
    inclusions: Vec<Inclusion>,
    tiles: BTreeMap<PathBuf, Vec<u8>>,
}

/// The real log, built once: 300 entries, checkpoints at 100 and 300.
struct Fixture {
    case: Case,
    entries: Vec<Vec<u8>>,
}

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

fn read_tree(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            read_tree(&p, base, out);
        } else {
            out.insert(p.strip_prefix(base).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
        }
    }
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let data = tempfile::tempdir().unwrap();
        let log = open(data.path());
        fill_range(&log, 0, OLD_SIZE);
        let old = log.latest();
        assert_eq!(old.size, OLD_SIZE);
        fill_range(&log, OLD_SIZE, SIZE);
        let cur = log.latest();
        let entries: Vec<Vec<u8>> = (0..SIZE).map(|i| log.entry(i).unwrap().unwrap()).collect();
        let inclusions = [0, 1, 99, 150, 255, 256, 299]
            .into_iter()
            .map(|i| Inclusion {
                name: format!("leaf-{i:03}"),
                index: i,
                entry: entries[i as usize].clone(),
                proof: log.inclusion_proof(i, SIZE).unwrap(),
            })
            .collect();
        let tiles_dir = tempfile::tempdir().unwrap();
        export_tiles(&log, tiles_dir.path()).unwrap();
        let mut tiles = BTreeMap::new();
        read_tree(tiles_dir.path(), tiles_dir.path(), &mut tiles);
        // The export's README.txt (the log's key in words) is not a tile.
        tiles.remove(Path::new("README.txt"));
        let case = Case {
            vkey: log.verifier().to_text(),
            checkpoint: cur.note,
            old_checkpoint: old.note,
            consistency: log.consistency_proof(OLD_SIZE, SIZE).unwrap(),
            inclusions,
            tiles,
        };
        log.close().expect("closed cleanly");
        Fixture { case, entries }
    })
}

fn b64_lines(hashes: &[Hash]) -> String {
    hashes.iter().map(|h| format!("{}\n", B64.encode(h))).collect()
}

fn write_case(case: &Case) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let put = |rel: &Path, bytes: &[u8]| {
        let p = d.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    put(Path::new("vkey"), format!("{}\n", case.vkey).as_bytes());
    put(Path::new("checkpoint"), case.checkpoint.as_bytes());
    put(Path::new("old_checkpoint"), case.old_checkpoint.as_bytes());
    put(Path::new("consistency"), b64_lines(&case.consistency).as_bytes());
    for inc in &case.inclusions {
        let base = Path::new("inclusion").join(&inc.name);
        put(&base.join("index"), format!("{}\n", inc.index).as_bytes());
        put(&base.join("entry"), &inc.entry);
        put(&base.join("proof"), b64_lines(&inc.proof).as_bytes());
    }
    for (rel, bytes) in &case.tiles {
        put(&Path::new("tiles").join(rel), bytes);
    }
    dir
}

type Verdicts = BTreeMap<String, Result<(), String>>;

/// Runs the Go checker; returns its exit code, its verdicts and its whole output.
fn go_check(dir: &Path) -> (i32, Verdicts, String) {
    let out = Command::new(heardcheck()).arg(dir).output().expect("running heardcheck");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut verdicts = Verdicts::new();
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("ok ") {
            verdicts.insert(name.to_string(), Ok(()));
        } else if let Some(rest) = line.strip_prefix("FAIL ") {
            let (name, reason) = rest.split_once(": ").unwrap_or((rest, ""));
            verdicts.insert(name.to_string(), Err(reason.to_string()));
        } else {
            panic!("unexpected heardcheck line {line:?}\nstderr: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    (out.status.code().unwrap_or(-1), verdicts, stdout)
}

/// The same checks with Heard's Rust verifiers, reading the same folder; errors are
/// `<code>: <message>`.
fn rust_check(dir: &Path) -> Verdicts {
    let err = |code: &str, e: &dyn std::fmt::Display| format!("{code}: {e}");
    let read = |rel: &str| std::fs::read(dir.join(rel)).unwrap();
    let hashes = |rel: &str| -> Vec<Hash> {
        String::from_utf8(read(rel)).unwrap().lines().map(|l| B64.decode(l).unwrap().try_into().unwrap()).collect()
    };
    let mut v = Verdicts::new();
    let vkey = NoteVerifier::from_text(String::from_utf8(read("vkey")).unwrap().trim());
    v.insert("vkey".into(), vkey.as_ref().map(|_| ()).map_err(|e| err(e.code(), e)));
    let open_cp = |rel: &str| -> Result<Checkpoint, String> {
        let key = vkey.as_ref().map_err(|_| "needs the verifier key".to_string())?;
        let text = String::from_utf8(read(rel)).map_err(|e| err("utf8", &e))?;
        let note = Note::parse(&text).map_err(|e| err(e.code(), &e))?;
        note.verify(std::slice::from_ref(key)).map_err(|e| err(e.code(), &e))?;
        let cp = Checkpoint::parse_text(&note.text).map_err(|e| err(e.code(), &e))?;
        if cp.origin != key.name() {
            return Err(format!("bad_origin: {} is not {}", cp.origin, key.name()));
        }
        Ok(cp)
    };
    let cur = open_cp("checkpoint");
    let old = open_cp("old_checkpoint");
    v.insert("checkpoint".into(), cur.as_ref().map(|_| ()).map_err(Clone::clone));
    v.insert("old_checkpoint".into(), old.as_ref().map(|_| ()).map_err(Clone::clone));
    let consistency = match (&old, &cur) {
        (Ok(o), Ok(c)) => merkle::verify_consistency(o.size, c.size, &o.root, &c.root, &hashes("consistency"))
            .map_err(|e| err(e.code(), &e)),
        _ => Err("needs both checkpoints".into()),
    };
    v.insert("consistency".into(), consistency);
    let mut names: Vec<String> = std::fs::read_dir(dir.join("inclusion"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let base = format!("inclusion/{name}");
        let r = match &cur {
            Ok(c) => {
                let index: u64 = String::from_utf8(read(&format!("{base}/index"))).unwrap().trim().parse().unwrap();
                let leaf = leaf_hash(&read(&format!("{base}/entry")));
                merkle::verify_inclusion(&leaf, index, c.size, &hashes(&format!("{base}/proof")), &c.root)
                    .map_err(|e| err(e.code(), &e))
            }
            Err(_) => Err("needs the checkpoint".into()),
        };
        v.insert(base, r);
    }
    let tiles_cp = open_cp("tiles/checkpoint");
    v.insert("tiles/checkpoint".into(), tiles_cp.as_ref().map(|_| ()).map_err(Clone::clone));
    let (hashes_ok, entries_ok) = match &tiles_cp {
        Ok(cp) => rust_check_tiles(&dir.join("tiles"), cp),
        Err(_) => (Err("needs tiles/checkpoint".into()), Err("needs tiles/hashes".into())),
    };
    v.insert("tiles/hashes".into(), hashes_ok);
    v.insert("tiles/entries".into(), entries_ok);
    v
}

/// Tiles with Heard's code: the level-0 tiles give the checkpoint root, each level-1 hash is
/// the root of its level-0 tile, and each bundled entry hashes to its leaf.
fn rust_check_tiles(dir: &Path, cp: &Checkpoint) -> (Result<(), String>, Result<(), String>) {
    let mut leaves: Vec<Hash> = Vec::new();
    let mut level1: Vec<Hash> = Vec::new();
    let mut bundles: Vec<u8> = Vec::new();
    for t in tiles_for_size(cp.size) {
        let Ok(bytes) = std::fs::read(dir.join(t.path())) else {
            return (Err(format!("missing {}", t.path())), Err("needs tiles/hashes".into()));
        };
        match t.kind {
            TileKind::Hashes(0) => leaves.extend(bytes.chunks(32).map(|c| <Hash>::try_from(c).unwrap_or_default())),
            TileKind::Hashes(1) => level1.extend(bytes.chunks(32).map(|c| <Hash>::try_from(c).unwrap_or_default())),
            TileKind::Hashes(_) => {}
            TileKind::Entries => bundles.extend(bytes),
        }
    }
    let root = |hs: &[Hash]| {
        let mut f = Frontier::new();
        hs.iter().for_each(|h| drop(f.append(*h)));
        f.root()
    };
    if leaves.len() as u64 != cp.size || root(&leaves) != cp.root {
        return (
            Err("root_mismatch: the level-0 tiles do not give the checkpoint root".into()),
            Err("needs tiles/hashes".into()),
        );
    }
    if level1.iter().enumerate().any(|(k, h)| *h != root(&leaves[k * 256..(k + 1) * 256])) {
        return (
            Err("root_mismatch: a level-1 tile hash is not the root of its level-0 tile".into()),
            Err("needs tiles/hashes".into()),
        );
    }
    let mut rest = &bundles[..];
    for (seq, leaf) in leaves.iter().enumerate() {
        let Some(len) = rest.get(..2).map(|l| usize::from(u16::from_be_bytes([l[0], l[1]]))) else {
            return (Ok(()), Err(format!("truncated: the bundles end before entry {seq}")));
        };
        match rest.get(2..2 + len) {
            Some(entry) if leaf_hash(entry) == *leaf => rest = &rest[2 + len..],
            _ => return (Ok(()), Err(format!("leaf_mismatch: entry {seq} does not hash to its leaf"))),
        }
    }
    (Ok(()), if rest.is_empty() { Ok(()) } else { Err("trailing: bytes after the last entry".into()) })
}

fn all_names(case: &Case) -> Vec<String> {
    let mut names: Vec<String> = ["vkey", "checkpoint", "old_checkpoint", "consistency"].map(String::from).into();
    names.extend(case.inclusions.iter().map(|i| format!("inclusion/{}", i.name)));
    names.extend(["tiles/checkpoint", "tiles/hashes", "tiles/entries"].map(String::from));
    names.sort();
    names
}

#[test]
fn go_reference_code_accepts_heard_checkpoints_proofs_and_tiles() {
    let case = &fixture().case;
    let dir = write_case(case);
    let (code, go, output) = go_check(dir.path());
    println!("heardcheck output:\n{output}");
    let mut names: Vec<String> = go.keys().cloned().collect();
    names.sort();
    assert_eq!(names, all_names(case), "heardcheck did not run every check");
    for (name, r) in &go {
        assert_eq!(r, &Ok(()), "Go rejected {name}");
    }
    assert_eq!(code, 0, "heardcheck exit code\n{output}");
    for (name, r) in rust_check(dir.path()) {
        assert_eq!(r, Ok(()), "Rust rejected {name}");
    }
}

/// Checks that a forged folder is rejected by both checkers at `check` (the Go reason
/// containing `go_reason`, the Rust error having code `rust_code`), and that every other
/// check passes or fails only because it needs the rejected one.
fn assert_rejected(case: &Case, check: &str, go_reason: &str, rust_code: &str) {
    let dir = write_case(case);
    let (code, go, output) = go_check(dir.path());
    assert_eq!(code, 1, "heardcheck should exit 1 for a forged {check}\n{output}");
    let reason = go[check].as_ref().expect_err(&format!("Go accepted the forged {check}\n{output}"));
    assert!(reason.contains(go_reason), "Go's reason for {check}: {reason:?}, expected {go_reason:?}");
    let rust = rust_check(dir.path());
    let r = rust[check].as_ref().expect_err(&format!("Rust accepted the forged {check}"));
    assert!(r.starts_with(&format!("{rust_code}: ")), "Rust's reason for {check}: {r:?}, expected {rust_code}");
    for (verdicts, who) in [(&go, "Go"), (&rust, "Rust")] {
        for (name, r) in verdicts {
            if let Err(e) = r {
                assert!(name == check || e.starts_with("needs "), "{who} also rejected {name}: {e}\n{output}");
            }
        }
    }
    println!("{check}: Go: {reason} | Rust: {r}");
}

#[test]
fn a_checkpoint_signed_by_an_unknown_key_is_rejected() {
    let mut case = fixture().case.clone();
    let text = Note::parse(&case.checkpoint).unwrap().text;
    let impostor = NoteSigner::new(ORIGIN, [7; 32]).unwrap();
    case.checkpoint = impostor.sign(&text).unwrap();
    assert_rejected(&case, "checkpoint", "note has no verifiable signatures", "unknown_key");
}

#[test]
fn a_checkpoint_with_a_tampered_root_is_rejected() {
    let mut case = fixture().case.clone();
    let note = Note::parse(&case.checkpoint).unwrap();
    let mut cp = Checkpoint::parse_text(&note.text).unwrap();
    cp.root[0] ^= 1;
    let forged = Note { text: cp.to_text(), signatures: note.signatures }.to_string();
    assert_ne!(forged, case.checkpoint);
    case.checkpoint = forged;
    assert_rejected(&case, "checkpoint", "invalid signature for key test.heard/log+", "bad_signature");
}

#[test]
fn an_inclusion_proof_for_another_index_is_rejected() {
    let mut case = fixture().case.clone();
    let inc = case.inclusions.iter_mut().find(|i| i.index == 150).unwrap();
    inc.index = 151;
    assert_rejected(
        &case,
        "inclusion/leaf-150",
        "entry is not leaf 151 of the tree of size 300: invalid transparency proof",
        "root_mismatch",
    );
}

#[test]
fn an_altered_entry_is_rejected() {
    let mut case = fixture().case.clone();
    let inc = case.inclusions.iter_mut().find(|i| i.index == 99).unwrap();
    let last = inc.entry.len() - 1;
    inc.entry[last] ^= 0x01;
    assert_rejected(
        &case,
        "inclusion/leaf-099",
        "entry is not leaf 99 of the tree of size 300: invalid transparency proof",
        "root_mismatch",
    );
}

#[test]
fn a_consistency_proof_to_a_forked_log_is_rejected() {
    // The fork: the same log key signs a tree of 100 whose entry 50 was rewritten.
    let f = fixture();
    let mut fork: Vec<Vec<u8>> = f.entries[..OLD_SIZE as usize].to_vec();
    let mut e = Entry::decode(&fork[50]).unwrap();
    let (statement, signature) = signed(2, 50);
    e.statement = statement;
    e.signature = signature;
    fork[50] = e.encode();
    let mut frontier = Frontier::new();
    for entry in &fork {
        frontier.append(leaf_hash(entry));
    }
    let text =
        Checkpoint { origin: ORIGIN.into(), size: OLD_SIZE, root: frontier.root(), extensions: vec![] }.to_text();
    let mut case = f.case.clone();
    case.old_checkpoint = log_signer().sign(&text).unwrap();
    assert_rejected(
        &case,
        "consistency",
        "trees of size 100 and 300 are not consistent: invalid transparency proof",
        "root_mismatch",
    );
}

#[test]
fn a_tampered_hash_tile_is_rejected() {
    let mut case = fixture().case.clone();
    let tile = case.tiles.get_mut(Path::new("tile/0/000")).unwrap();
    tile[32 * 7] ^= 1;
    assert_rejected(
        &case,
        "tiles/hashes",
        "the tree hash of the level-0 tiles differs from the checkpoint root",
        "root_mismatch",
    );
}

#[test]
fn a_tampered_entry_bundle_is_rejected() {
    let mut case = fixture().case.clone();
    let bundle = case.tiles.get_mut(Path::new("tile/entries/000")).unwrap();
    let last = bundle.len() - 1;
    bundle[last] ^= 1;
    assert_rejected(
        &case,
        "tiles/entries",
        "tile/entries/000: entry 255 does not hash to leaf 255 of the tiles",
        "leaf_mismatch",
    );
}

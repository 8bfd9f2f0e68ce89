//! `cosignatures.log`: the witnesses' cosignatures, kept in a file of their own and synced
//! before a cosignature is acknowledged; sled's `W` rows follow it.
//!
//! One change a line, appended:
//!
//! - `+ <size> <witness public key, 64 hex> <cosignature line>`: the witness's signature
//!   line for the checkpoint of `size` entries (its own newline ends the change), replacing
//!   an earlier one of the same witness;
//! - `- <size> <witness public key, 64 hex>`: that line removed;
//! - `- <size> unkeyed`: every row an older build stored by key ID alone at `size` removed.
//!
//! sled's `M cosigs` is the length of the file its `W` rows reflect, written in the same
//! batch as the rows; on open the lines after it are applied again. A last line without its
//! newline (a write a crash cut short) is cut; any other line that does not parse is refused
//! with its byte offset.

use std::fs::File;
use std::os::unix::fs::FileExt;

use super::StoreError;

/// The file's name in the data folder.
pub(super) const FILE: &str = "cosignatures.log";

/// One change the file records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// A witness's signature line (ending in its newline) for a checkpoint size.
    Put { size: u64, witness: [u8; 32], line: String },
    /// A witness's line removed (`None`: the unkeyed rows of an older build).
    Remove { size: u64, witness: Option<[u8; 32]> },
}

impl Change {
    /// The change as one line of the file, with its newline. `None` when a signature line
    /// does not end in exactly one newline (so that the file stays one change a line).
    pub(super) fn to_line(&self) -> Option<String> {
        match self {
            Change::Put { size, witness, line } => {
                let text = line.strip_suffix('\n').filter(|t| !t.contains('\n'))?;
                Some(format!("+ {size} {} {text}\n", hex::encode(witness)))
            }
            Change::Remove { size, witness: Some(w) } => Some(format!("- {size} {}\n", hex::encode(w))),
            Change::Remove { size, witness: None } => Some(format!("- {size} unkeyed\n")),
        }
    }

    fn parse(line: &str) -> Option<Change> {
        let (op, rest) = line.split_once(' ')?;
        let (size, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        let size: u64 = size.parse().ok()?;
        let key = |hex_key: &str| -> Option<[u8; 32]> { hex::decode(hex_key).ok()?.try_into().ok() };
        match op {
            "+" => {
                let (w, text) = rest.split_once(' ')?;
                Some(Change::Put { size, witness: key(w)?, line: format!("{text}\n") })
            }
            "-" if rest == "unkeyed" => Some(Change::Remove { size, witness: None }),
            "-" => Some(Change::Remove { size, witness: Some(key(rest)?) }),
            _ => None,
        }
    }
}

/// Reads the changes from byte `from` to the end: them, and where the last whole line ends
/// (a last line with no newline is left out, for the caller to cut).
pub(super) fn read_from(f: &File, from: u64) -> Result<(Vec<Change>, u64), StoreError> {
    let len = f.metadata()?.len();
    if len < from {
        return Err(StoreError::Corrupt(format!(
            "{FILE} holds {len} bytes but {from} were recorded: the file was truncated, deleted or replaced"
        )));
    }
    let mut bytes = vec![0u8; (len - from) as usize];
    f.read_exact_at(&mut bytes, from)?;
    let mut changes = Vec::new();
    let mut at = 0usize;
    while let Some(n) = bytes[at..].iter().position(|&b| b == b'\n') {
        let line = std::str::from_utf8(&bytes[at..at + n]).ok().and_then(Change::parse).ok_or_else(|| {
            StoreError::Corrupt(format!("{FILE} has a damaged line at byte {}; nothing was changed", from + at as u64))
        })?;
        changes.push(line);
        at += n + 1;
    }
    Ok((changes, from + at as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_round_trip_and_a_cut_last_line_is_left_out() {
        let changes = [
            Change::Put { size: 7, witness: [3; 32], line: "— w1 AAAA bbbb\n".into() },
            Change::Remove { size: 7, witness: Some([3; 32]) },
            Change::Remove { size: 9, witness: None },
        ];
        let f = tempfile::NamedTempFile::new().unwrap();
        let text: String = changes.iter().map(|c| c.to_line().unwrap()).collect();
        f.as_file().write_all_at(text.as_bytes(), 0).unwrap();
        f.as_file().write_all_at(b"+ 10 0303", text.len() as u64).unwrap();
        let (read, end) = read_from(f.as_file(), 0).unwrap();
        assert_eq!(read, changes);
        assert_eq!(end, text.len() as u64);
        let first = changes[0].to_line().unwrap().len() as u64;
        assert_eq!(read_from(f.as_file(), first).unwrap().0, changes[1..]);
        for bad in ["a\nb\n", "no newline", "two\n\n"] {
            assert!(Change::Put { size: 1, witness: [0; 32], line: bad.into() }.to_line().is_none(), "{bad:?}");
        }
    }

    #[test]
    fn a_damaged_whole_line_is_refused_with_its_offset() {
        let f = tempfile::NamedTempFile::new().unwrap();
        let good = Change::Remove { size: 1, witness: None }.to_line().unwrap();
        f.as_file().write_all_at(format!("{good}? 2 x\n{good}").as_bytes(), 0).unwrap();
        let e = read_from(f.as_file(), 0).unwrap_err();
        assert!(e.to_string().contains(&format!("damaged line at byte {}", good.len())), "{e}");
    }

    #[test]
    fn the_file_is_the_truth_and_sleds_rows_follow_it() {
        use super::super::{Store, cosig_key, key};
        let dir = tempfile::tempdir().unwrap();
        let (w1, w2) = ([1u8; 32], [2u8; 32]);
        let store = Store::open(dir.path()).unwrap();
        store.put_cosignature(5, w1, "line a\n", 32).unwrap();
        store.put_cosignature(5, w2, "line b\n", 32).unwrap();
        store.put_cosignature(6, w1, "line c\n", 32).unwrap();
        store.remove_cosignatures(5, Some(w2)).unwrap();
        let check = |store: &Store, when: &str| {
            assert_eq!(store.cosignatures(5).unwrap(), ["line a\n"], "{when}");
            assert_eq!(store.cosignatures(6).unwrap(), ["line c\n"], "{when}");
            assert_eq!(store.latest_cosigned_size().unwrap(), Some(6), "{when}");
        };
        check(&store, "stored");
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        check(&store, "reopened");
        // sled loses its rows (a rollback, a deleted tree): the file brings them back.
        for k in store.tree.scan_prefix([b'W']).keys() {
            store.tree.remove(k.unwrap()).unwrap();
        }
        store.tree.remove(key(b'M', b"cosigs")).unwrap();
        store.db.flush().unwrap();
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        check(&store, "rows lost, file replayed");
        // A last line a crash cut short is cut; what came before stays.
        let path = dir.path().join(FILE);
        let len = std::fs::metadata(&path).unwrap().len();
        drop(store);
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all_at(b"+ 7 0101", len).unwrap();
        let store = Store::open(dir.path()).unwrap();
        check(&store, "torn line cut");
        assert_eq!(std::fs::metadata(&path).unwrap().len(), len);
        // The file gone while sled says what it held: refused, nothing changed.
        drop(store);
        let kept = std::fs::read(&path).unwrap();
        std::fs::write(&path, b"").unwrap();
        let e = Store::open(dir.path()).err().expect("a missing file is refused");
        assert!(e.to_string().contains("truncated, deleted or replaced"), "{e}");
        std::fs::write(&path, &kept).unwrap();
        // An older build's store: keyed rows in sled, no file.
        let store = Store::open(dir.path()).unwrap();
        store.tree.remove(key(b'M', b"cosigs")).unwrap();
        store.tree.insert(cosig_key(9, &w2), "old line\n".as_bytes()).unwrap();
        store.db.flush().unwrap();
        drop(store);
        std::fs::write(&path, b"").unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.cosignatures(9).unwrap(), ["old line\n"]);
        assert!(std::fs::read_to_string(&path).unwrap().contains("old line"), "moved into the file");
    }
}

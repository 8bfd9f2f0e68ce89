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

use super::{CosignaturePut, CosignatureRow, Store, StoreError, be_u64, cosig_key, key};

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

impl Store {
    /// Brings sled's `W` rows in line with `cosignatures.log`: applies the lines after `M
    /// cosigs` again and cuts a last line a crash left without its newline. A store an older
    /// build wrote (rows in sled, no file) has its keyed rows written to the file first.
    pub(super) fn recover_cosigs(&self) -> Result<(), StoreError> {
        let mut guard =
            self.cosigs.lock().map_err(|_| StoreError::Bug("the cosignature file lock is poisoned".into()))?;
        let file = &guard.0;
        let recorded = match self.tree.get(key(b'M', b"cosigs"))? {
            Some(v) => Some(be_u64(&v, "cosignatures length")?),
            None => None,
        };
        if recorded.is_none() && file.metadata()?.len() == 0 {
            let mut text = String::new();
            for (size, witness, line) in self.cosignature_rows()? {
                if let Some(l) = witness.and_then(|witness| Change::Put { size, witness, line }.to_line()) {
                    text.push_str(&l);
                }
            }
            file.write_all_at(text.as_bytes(), 0)?;
            file.sync_all()?;
        }
        let from = recorded.unwrap_or(0);
        let (changes, end) = read_from(file, from)?;
        if file.metadata()?.len() > end {
            file.set_len(end)?;
            file.sync_all()?;
        }
        if !changes.is_empty() || recorded != Some(end) {
            let mut batch = sled::Batch::default();
            for c in &changes {
                self.apply_cosig(c, &mut batch)?;
            }
            batch.insert(key(b'M', b"cosigs"), &end.to_be_bytes());
            self.tree.apply_batch(batch)?;
            self.db.flush()?;
        }
        guard.1 = end;
        Ok(())
    }

    /// Adds the `W` row changes of `c` to `batch`.
    fn apply_cosig(&self, c: &Change, batch: &mut sled::Batch) -> Result<(), StoreError> {
        match c {
            Change::Put { size, witness, line } => batch.insert(&cosig_key(*size, witness)[..], line.as_bytes()),
            Change::Remove { size, witness: Some(w) } => batch.remove(&cosig_key(*size, w)[..]),
            Change::Remove { size, witness: None } => {
                let mut prefix = vec![b'W'];
                prefix.extend_from_slice(&size.to_be_bytes());
                for r in self.tree.scan_prefix(&prefix) {
                    let (k, _) = r?;
                    if k.len() != 41 {
                        batch.remove(k);
                    }
                }
            }
        }
        Ok(())
    }

    /// Records `c` in `cosignatures.log` (synced: durable when this returns), then applies it
    /// to the `W` rows with the file's new length in one sled batch.
    fn record_cosig(&self, c: Change) -> Result<(), StoreError> {
        let line =
            c.to_line().ok_or_else(|| StoreError::Bug("a cosignature line must end in exactly one newline".into()))?;
        let mut guard =
            self.cosigs.lock().map_err(|_| StoreError::Bug("the cosignature file lock is poisoned".into()))?;
        let at = guard.1;
        guard.0.write_all_at(line.as_bytes(), at)?;
        guard.0.sync_data()?;
        guard.1 = at + line.len() as u64;
        let mut batch = sled::Batch::default();
        self.apply_cosig(&c, &mut batch)?;
        batch.insert(key(b'M', b"cosigs"), &guard.1.to_be_bytes());
        self.tree.apply_batch(batch)?;
        Ok(())
    }

    /// Stores `witness`'s cosignature line for the checkpoint of `size` entries (durable in
    /// `cosignatures.log` when this returns), replacing the witness's earlier line for it,
    /// unless the checkpoint already has `cap` rows of other witnesses. The caller serialises
    /// calls (count, then write).
    pub fn put_cosignature(
        &self,
        size: u64,
        witness: [u8; 32],
        line: &str,
        cap: usize,
    ) -> Result<CosignaturePut, StoreError> {
        let key = cosig_key(size, &witness);
        if self.tree.get(key)?.is_none() && self.tree.scan_prefix(&key[..9]).take(cap).count() >= cap {
            return Ok(CosignaturePut::Full);
        }
        self.record_cosig(Change::Put { size, witness, line: line.to_string() })?;
        Ok(CosignaturePut::Stored)
    }

    /// Every stored cosignature row as (size, witness public key if the row names it,
    /// line), in key order; rows from before witnesses were keyed by public key give `None`.
    pub fn cosignature_rows(&self) -> Result<Vec<CosignatureRow>, StoreError> {
        self.tree
            .scan_prefix([b'W'])
            .map(|r| {
                let (k, v) = r?;
                let size = be_u64(k.get(1..9).unwrap_or_default(), "cosignature key")?;
                let witness = k.get(9..).and_then(|w| <[u8; 32]>::try_from(w).ok());
                let line = String::from_utf8(v.to_vec())
                    .map_err(|_| StoreError::Corrupt("cosignature is not UTF-8".into()))?;
                Ok((size, witness, line))
            })
            .collect()
    }

    /// Removes the cosignature row of `witness` (or, for `None`, every row from before
    /// witnesses were keyed by public key) at `size`, durably.
    pub fn remove_cosignatures(&self, size: u64, witness: Option<[u8; 32]>) -> Result<(), StoreError> {
        self.record_cosig(Change::Remove { size, witness })
    }

    /// The cosignature lines stored for the checkpoint of `size` entries.
    pub fn cosignatures(&self, size: u64) -> Result<Vec<String>, StoreError> {
        let mut prefix = vec![b'W'];
        prefix.extend_from_slice(&size.to_be_bytes());
        self.tree
            .scan_prefix(prefix)
            .map(|r| {
                let (_, v) = r?;
                String::from_utf8(v.to_vec()).map_err(|_| StoreError::Corrupt("cosignature is not UTF-8".into()))
            })
            .collect()
    }

    /// The largest tree size that has a cosignature, if any.
    pub fn latest_cosigned_size(&self) -> Result<Option<u64>, StoreError> {
        match self.tree.scan_prefix([b'W']).next_back() {
            Some(r) => {
                let (k, _) = r?;
                Ok(Some(be_u64(k.get(1..9).unwrap_or_default(), "cosignature key")?))
            }
            None => Ok(None),
        }
    }
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

//! The journal: `entries.dat` read as the log's own record of what was committed, and the
//! `checkpoint` file beside it.
//!
//! An append is acknowledged once its entry bytes are synced in `entries.dat`; nothing about
//! whether an entry exists depends on sled. Entries are canonical CBOR items laid end to
//! end, so the file frames itself: each item says where it ends, and each entry names its
//! seq and the hash of the one before (`prev`). On open, [`scan`] reads the file from the
//! last point known synced in all three files (the `checkpoint` file's size) and takes every
//! entry that continues the chain; it stops at the first bytes that do not (a torn tail, or
//! the zeros a file is extended with ahead of need), which open then cuts.
//!
//! `checkpoint` holds the log's signed checkpoint note for a size at which `entries.idx` and
//! `hashes.dat` were synced too (written beside, synced and renamed into place every
//! SETTLE_EVERY entries and at a clean close). It is the lower bound of what the journal
//! must hold: a journal that ends before it has lost committed entries, and open refuses it
//! naming the first entry missing. It also spares open from reading the whole file.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::{StoreError, sync_dir};
use crate::protocol::Hash;
use crate::protocol::entry::{Entry, entry_hash};
use crate::protocol::note::{Checkpoint, Note};

/// The checkpoint file's name in the data folder.
pub(super) const CHECKPOINT_FILE: &str = "checkpoint";

/// The checkpoint file as read: its note and the size the note states.
pub(super) struct CheckpointFile {
    pub(super) note: String,
    pub(super) size: u64,
}

/// Reads the checkpoint file, if there is one. A file that is there but does not hold a
/// checkpoint note is refused: it is written only by renaming a synced whole file.
pub(super) fn read_checkpoint(dir: &Path) -> Result<Option<CheckpointFile>, StoreError> {
    let note = match std::fs::read_to_string(dir.join(CHECKPOINT_FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let size =
        Note::parse(&note).ok().and_then(|n| Checkpoint::parse_text(&n.text).ok()).map(|c| c.size).ok_or_else(
            || StoreError::Corrupt(format!("the file `{CHECKPOINT_FILE}` does not hold a checkpoint note")),
        )?;
    Ok(Some(CheckpointFile { note, size }))
}

/// Writes `note` as the checkpoint file: beside it first, synced, renamed over the old one,
/// and the folder synced.
pub(super) fn write_checkpoint(dir: &Path, note: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let tmp = dir.join(format!("{CHECKPOINT_FILE}.tmp"));
    let mut f = File::create(&tmp)?;
    f.write_all(note.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, dir.join(CHECKPOINT_FILE))?;
    sync_dir(dir)
}

/// An entry found by [`scan`]: its seq, where its bytes end in `entries.dat`, its entry
/// hash and its statement's hash.
pub(super) struct Scanned {
    pub(super) seq: u64,
    pub(super) end: u64,
    pub(super) entry_hash: Hash,
    pub(super) statement_hash: Hash,
}

/// Where a scan stopped: after `entries` (in seq order), at byte `end`.
pub(super) struct Scan {
    pub(super) entries: Vec<Scanned>,
    pub(super) end: u64,
}

/// The largest entry a scan reads whole: well above the largest statement the log accepts.
const MAX_ENTRY: usize = 4 << 20;
/// How much of the file a scan reads at a time.
const WINDOW: usize = 4 << 20;

/// Reads `dat` from byte `at`, where entry `seq` (whose `prev` must be `prev`) should start,
/// taking every whole canonical entry that continues the chain, up to `len` bytes of file.
/// Calls `progress` with the number of entries taken every 65,536 entries.
pub(super) fn scan(
    dat: &File,
    mut at: u64,
    mut seq: u64,
    mut prev: Hash,
    len: u64,
    mut progress: impl FnMut(u64),
) -> Result<Scan, StoreError> {
    let mut entries = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    let mut buf_at = at;
    loop {
        let offset = (at - buf_at) as usize;
        let rest = &buf[offset.min(buf.len())..];
        match decode_prefix(rest) {
            Some((entry, n)) if entry.seq == seq && entry.prev == prev => {
                let bytes = &rest[..n];
                let h = entry_hash(bytes);
                entries.push(Scanned {
                    seq,
                    end: at + n as u64,
                    entry_hash: h,
                    statement_hash: crate::protocol::statement::statement_hash(&entry.statement),
                });
                (at, seq, prev) = (at + n as u64, seq + 1, h);
                if entries.len().is_multiple_of(1 << 16) {
                    progress(entries.len() as u64);
                }
            }
            Some(_) => break,
            None => {
                // Truncated in the buffer: read on, unless the file ends or the item would be
                // larger than any entry.
                let have = rest.len();
                if at + have as u64 >= len || have >= MAX_ENTRY {
                    break;
                }
                let want = (WINDOW.max(2 * have)).min((len - at) as usize);
                buf = vec![0u8; want];
                dat.read_exact_at(&mut buf, at)?;
                buf_at = at;
                if want == have {
                    break;
                }
            }
        }
    }
    Ok(Scan { entries, end: at })
}

/// The entry at the start of `bytes` and its length, if whole and canonical.
fn decode_prefix(bytes: &[u8]) -> Option<(Entry, usize)> {
    // A map of five items: anything else (the zeros ahead of need included) is not an entry.
    if bytes.first() != Some(&0xa5) {
        return None;
    }
    let n = crate::protocol::cbor::item_len(bytes)?;
    Entry::decode(&bytes[..n]).ok().map(|e| (e, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::entry::genesis;

    fn entry(seq: u64, prev: Hash) -> Vec<u8> {
        Entry { seq, prev, log_time: 1000 + seq, statement: vec![seq as u8; 40 + seq as usize], signature: [7; 64] }
            .encode()
    }

    fn chain(n: u64) -> (Vec<u8>, Vec<u64>) {
        let (mut bytes, mut ends, mut prev) = (Vec::new(), Vec::new(), genesis());
        for s in 0..n {
            let e = entry(s, prev);
            prev = entry_hash(&e);
            bytes.extend_from_slice(&e);
            ends.push(bytes.len() as u64);
        }
        (bytes, ends)
    }

    fn file(bytes: &[u8]) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        f.as_file().write_all_at(bytes, 0).unwrap();
        f
    }

    fn scan_all(f: &File, len: u64) -> Scan {
        scan(f, 0, 0, genesis(), len, |_| {}).unwrap()
    }

    #[test]
    fn every_whole_entry_is_found_and_the_zeros_after_them_end_the_scan() {
        let (mut bytes, ends) = chain(50);
        bytes.extend_from_slice(&[0u8; 4096]);
        let f = file(&bytes);
        let s = scan_all(f.as_file(), bytes.len() as u64);
        assert_eq!(s.entries.len(), 50);
        assert_eq!(s.end, ends[49]);
        assert_eq!(s.entries.iter().map(|e| e.end).collect::<Vec<_>>(), ends);
    }

    #[test]
    fn a_torn_last_entry_is_left_out() {
        let (bytes, ends) = chain(10);
        for cut in [ends[8] + 1, ends[9] - 1, ends[8] + 20] {
            let f = file(&bytes[..cut as usize]);
            let s = scan_all(f.as_file(), cut);
            assert_eq!((s.entries.len(), s.end), (9, ends[8]), "cut at {cut}");
        }
    }

    #[test]
    fn an_entry_that_breaks_the_chain_ends_the_scan() {
        let (mut bytes, ends) = chain(10);
        // Entry 6 replaced by one with the wrong prev (same length).
        let bad = entry(6, [9; 32]);
        bytes.splice(ends[5] as usize..ends[6] as usize, bad);
        let f = file(&bytes);
        let s = scan_all(f.as_file(), bytes.len() as u64);
        assert_eq!((s.entries.len(), s.end), (6, ends[5]));
        // A flipped byte inside entry 3's statement.
        let (mut bytes, ends) = chain(10);
        bytes[ends[2] as usize + 60] ^= 1;
        let f = file(&bytes);
        let s = scan_all(f.as_file(), bytes.len() as u64);
        assert_eq!(s.entries.len(), 4, "entry 3 still decodes; entry 4's prev no longer matches");
    }

    #[test]
    fn a_scan_reads_across_its_window_and_starts_mid_file() {
        // More than one window of entries.
        let (bytes, ends) = chain(40_000);
        assert!(bytes.len() > WINDOW);
        let f = file(&bytes);
        let s = scan_all(f.as_file(), bytes.len() as u64);
        assert_eq!(s.entries.len(), 40_000);
        let prev = s.entries[29_999].entry_hash;
        let s = scan(f.as_file(), ends[29_999], 30_000, prev, bytes.len() as u64, |_| {}).unwrap();
        assert_eq!((s.entries.len(), s.entries[0].seq), (10_000, 30_000));
    }

    #[test]
    fn a_damaged_checkpoint_file_is_refused_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_checkpoint(dir.path()).unwrap().is_none());
        std::fs::write(dir.path().join(CHECKPOINT_FILE), "not a note").unwrap();
        assert!(matches!(read_checkpoint(dir.path()), Err(StoreError::Corrupt(_))));
    }
}

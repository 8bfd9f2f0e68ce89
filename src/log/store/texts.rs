//! `texts.dat`: what the domain keeps beside the log for an entry (an idea's words and salt),
//! made durable in the same group as the entry and erasable in place.
//!
//! Records follow one another, each
//!
//! | bytes | field |
//! | --- | --- |
//! | 1 | state: 1 live, 0 erased |
//! | 4 | value length `n`, big-endian |
//! | 32 | key: the entry hash the value belongs to |
//! | `n` | value (opaque to the store) |
//! | 8 | check: the first 8 bytes of SHA-256(key ‖ value) |
//!
//! Erasing a record zeroes its state, value and check in place (its length and key stay, so
//! the file can still be walked) and syncs before returning. sled holds a follower index of
//! live records, `X` ‖ key → offset, and `M texts`, a length of the file up to which every
//! committed record is indexed; [`walk`] reads the file from there on open.

use std::fs::File;
use std::os::unix::fs::FileExt;

use sha2::{Digest, Sha256};

use super::{Store, StoreError, be_u64, key};
use crate::protocol::Hash;

/// The file's name in the data folder.
pub(super) const FILE: &str = "texts.dat";

/// State, length and key.
const HEAD: usize = 1 + 4 + 32;
const CHECK: usize = 8;

/// The largest value a record may hold (an idea's words are far smaller).
const MAX_VALUE: usize = 1 << 20;

const LIVE: u8 = 1;
const ERASED: u8 = 0;

fn check(key: &Hash, value: &[u8]) -> [u8; CHECK] {
    let mut h = Sha256::new();
    h.update(key);
    h.update(value);
    let d = h.finalize();
    let mut c = [0u8; CHECK];
    c.copy_from_slice(&d[..CHECK]);
    c
}

/// Appends the record of `key` → `value` to `out`.
pub(super) fn encode(key: &Hash, value: &[u8], out: &mut Vec<u8>) {
    out.push(LIVE);
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(value);
    out.extend_from_slice(&check(key, value));
}

/// A record's header as read: state, value length, key.
fn head_at(f: &File, at: u64) -> std::io::Result<Option<(u8, usize, Hash)>> {
    let mut head = [0u8; HEAD];
    match f.read_exact_at(&mut head, at) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
    let mut key = [0u8; 32];
    key.copy_from_slice(&head[5..]);
    Ok(Some((head[0], len, key)))
}

/// What a record holds.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Record {
    /// The value.
    Live(Vec<u8>),
    /// Erased.
    Erased,
}

/// Reads the record at `at`, which the index says is `key`'s.
pub(super) fn read_at(f: &File, at: u64, key: &Hash) -> Result<Record, StoreError> {
    let bad = |why: &str| StoreError::Corrupt(format!("{FILE} at byte {at}: {why}"));
    let Some((state, len, k)) = head_at(f, at)? else {
        return Err(bad("the index points past the end of the file"));
    };
    if k != *key || len > MAX_VALUE {
        return Err(bad("the record there is not the one the index names"));
    }
    match state {
        ERASED => Ok(Record::Erased),
        LIVE => {
            let mut rest = vec![0u8; len + CHECK];
            f.read_exact_at(&mut rest, at + HEAD as u64)?;
            let (value, c) = rest.split_at(len);
            if c != check(key, value) {
                return Err(bad("the record is damaged (its check does not match)"));
            }
            rest.truncate(len);
            Ok(Record::Live(rest))
        }
        _ => Err(bad("the record's state byte is damaged")),
    }
}

/// Erases `key`'s record at `at` in place and syncs the file.
pub(super) fn erase_at(f: &File, at: u64, key: &Hash) -> Result<(), StoreError> {
    let Some((_, len, k)) = head_at(f, at)? else {
        return Err(StoreError::Corrupt(format!("{FILE} at byte {at}: the index points past the end of the file")));
    };
    if k != *key || len > MAX_VALUE {
        return Err(StoreError::Corrupt(format!("{FILE} at byte {at}: the record there is not the one to erase")));
    }
    f.write_all_at(&[ERASED], at)?;
    f.write_all_at(&vec![0u8; len + CHECK], at + HEAD as u64)?;
    f.sync_data()?;
    Ok(())
}

/// A record found by [`walk`]: its offset, key, and whether it is live.
pub(super) type Found = (u64, Hash, bool);

/// Reads the records from `from` to the end of the file. Returns them and where the last
/// whole one ends. A record that is torn or damaged ends the walk when nothing whole follows
/// it (the tail of a group that was never synced, which the caller cuts); one followed by a
/// whole record is damage in the middle, refused with its offset.
pub(super) fn walk(f: &File, from: u64) -> Result<(Vec<Found>, u64), StoreError> {
    let len = f.metadata()?.len();
    let mut at = from;
    let mut found = Vec::new();
    while at < len {
        match whole_at(f, at, len)? {
            Some((next, key, live)) => {
                found.push((at, key, live));
                at = next;
            }
            None => {
                // Torn, unless a whole record follows where this one's length says it ends.
                if let Some((_, n, _)) = head_at(f, at)?
                    && n <= MAX_VALUE
                {
                    let after = at + (HEAD + n + CHECK) as u64;
                    if after < len && whole_at(f, after, len)?.is_some() {
                        return Err(StoreError::Corrupt(format!(
                            "{FILE} is damaged at byte {at}, before records that are whole; nothing was changed"
                        )));
                    }
                }
                break;
            }
        }
    }
    Ok((found, at))
}

/// The record at `at` if it is whole and sound: where it ends, its key, whether it is live.
fn whole_at(f: &File, at: u64, len: u64) -> Result<Option<(u64, Hash, bool)>, StoreError> {
    let Some((state, n, key)) = head_at(f, at)? else { return Ok(None) };
    if n > MAX_VALUE || !(state == LIVE || state == ERASED) {
        return Ok(None);
    }
    let end = at + (HEAD + n + CHECK) as u64;
    if end > len {
        return Ok(None);
    }
    if state == ERASED {
        // An erased record keeps only its length and key; it may have been any length.
        return Ok(Some((end, key, false)));
    }
    let mut rest = vec![0u8; n + CHECK];
    f.read_exact_at(&mut rest, at + HEAD as u64)?;
    let (value, c) = rest.split_at(n);
    Ok((c == check(&key, value)).then_some((end, key, true)))
}

impl Store {
    /// Brings `texts.dat` and its index in line with the committed entries, before anything
    /// reads them: walks the file from where the index is known to be complete (`M texts`),
    /// indexes each live record whose entry is committed, erases in place each one whose
    /// entry never was (its group failed or crashed before its commit), and cuts a torn tail.
    /// Then moves the values an older build kept in sled's `content` tree into the file.
    pub(super) fn recover_texts(&self) -> Result<(), StoreError> {
        let f = &self.files;
        let from = match self.tree.get(key(b'M', b"texts"))? {
            Some(v) => be_u64(&v, "texts length")?,
            None => 0,
        };
        let have = f.texts.metadata()?.len();
        if have < from {
            return Err(StoreError::Corrupt(format!(
                "{} holds {have} bytes but {from} were committed: the file was truncated, deleted or replaced",
                FILE
            )));
        }
        let (found, end) = walk(&f.texts, from)?;
        let mut batch = sled::Batch::default();
        let mut changed = false;
        for (at, k, live) in found {
            if !live {
                continue;
            }
            if self.seq_of_entry(&k)?.is_some() {
                batch.insert(key(b'X', &k), &at.to_be_bytes());
            } else {
                erase_at(&f.texts, at, &k)?;
            }
            changed = true;
        }
        if end < have {
            f.texts.set_len(end)?;
            f.texts.sync_all()?;
        }
        let mut len = end;
        // An older build's values, in sled: into the file, then out of sled.
        let old: Vec<(sled::IVec, sled::IVec)> = self.content.iter().collect::<Result<_, _>>()?;
        if !old.is_empty() {
            let mut bytes = Vec::new();
            for (k, v) in &old {
                let k: Hash =
                    k[..].try_into().map_err(|_| StoreError::Corrupt("a content key is not 32 bytes".into()))?;
                batch.insert(key(b'X', &k), &(len + bytes.len() as u64).to_be_bytes());
                encode(&k, v, &mut bytes);
            }
            f.texts.write_all_at(&bytes, len)?;
            f.texts.sync_data()?;
            len += bytes.len() as u64;
            changed = true;
        }
        if changed || end != from {
            batch.insert(key(b'M', b"texts"), &len.to_be_bytes());
            self.tree.apply_batch(batch)?;
            self.db.flush()?;
        }
        if !old.is_empty() {
            self.content.clear()?;
            self.db.flush()?;
        }
        if let Ok(mut staged) = f.staged.lock() {
            staged.texts_len = len;
        }
        Ok(())
    }

    /// Keeps `value` beside the committed entry with hash `k` in `texts.dat` (synced, and
    /// its index row flushed) — for a value that missed its entry's group (an entry an older
    /// build committed before its text). An earlier value under `k` is erased first.
    pub fn content_put(&self, k: &Hash, value: &[u8]) -> Result<(), StoreError> {
        self.content_remove(k)?;
        let f = &self.files;
        let mut bytes = Vec::new();
        encode(k, value, &mut bytes);
        let at = {
            let mut staged = f.staged.lock().map_err(|_| StoreError::Bug("the file writer panicked".into()))?;
            let at = staged.texts_len;
            f.texts.write_all_at(&bytes, at)?;
            f.texts.sync_data()?;
            staged.texts_len += bytes.len() as u64;
            at
        };
        // Past `M texts` until a later batch moves it on; the walk on open indexes it again
        // if this row were lost.
        self.tree.insert(key(b'X', k), &at.to_be_bytes())?;
        self.db.flush()?;
        Ok(())
    }

    /// The value kept beside the entry with hash `k`, if any (not after it was erased).
    pub fn content_get(&self, k: &Hash) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(at) = self.tree.get(key(b'X', k))? else { return Ok(None) };
        match read_at(&self.files.texts, be_u64(&at, "text offset")?, k)? {
            Record::Live(v) => Ok(Some(v)),
            Record::Erased => Ok(None),
        }
    }

    /// The committed entries whose value in `texts.dat` was erased (a withdrawal) and not
    /// kept again since: the entry hashes that [`Store::content_get`] answers `None` for
    /// although a value was once kept. Reads the whole file (for `heard migrate`, which copies
    /// the erasures too).
    pub fn content_erased(&self) -> Result<std::collections::HashSet<Hash>, StoreError> {
        let (found, _) = walk(&self.files.texts, 0)?;
        let mut out = std::collections::HashSet::new();
        for (_, k, live) in found {
            if !live && !out.contains(&k) && self.seq_of_entry(&k)?.is_some() && self.content_get(&k)?.is_none() {
                out.insert(k);
            }
        }
        Ok(out)
    }

    /// Erases the value kept beside the entry with hash `k` (if any): its bytes are
    /// overwritten in `texts.dat` and synced, then its index row removed (flushed).
    pub fn content_remove(&self, k: &Hash) -> Result<(), StoreError> {
        let row = key(b'X', k);
        let Some(at) = self.tree.get(&row)? else { return Ok(()) };
        erase_at(&self.files.texts, be_u64(&at, "text offset")?, k)?;
        self.tree.remove(&row)?;
        self.db.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_with(records: &[(Hash, &[u8])]) -> (tempfile::NamedTempFile, Vec<u64>) {
        let f = tempfile::NamedTempFile::new().unwrap();
        let mut bytes = Vec::new();
        let mut offsets = Vec::new();
        for (k, v) in records {
            offsets.push(bytes.len() as u64);
            encode(k, v, &mut bytes);
        }
        f.as_file().write_all_at(&bytes, 0).unwrap();
        (f, offsets)
    }

    #[test]
    fn records_are_read_erased_in_place_and_walked() {
        let (f, at) = file_with(&[([1; 32], b"first words"), ([2; 32], b"second"), ([3; 32], b"")]);
        let file = f.as_file();
        assert_eq!(read_at(file, at[1], &[2; 32]).unwrap(), Record::Live(b"second".to_vec()));
        assert!(read_at(file, at[1], &[9; 32]).is_err(), "another key's record is refused");
        erase_at(file, at[0], &[1; 32]).unwrap();
        assert_eq!(read_at(file, at[0], &[1; 32]).unwrap(), Record::Erased);
        let all = std::fs::read(f.path()).unwrap();
        assert!(!all.windows(11).any(|w| w == b"first words"), "the words are gone from the file");
        let (found, end) = walk(file, 0).unwrap();
        assert_eq!(found, vec![(at[0], [1; 32], false), (at[1], [2; 32], true), (at[2], [3; 32], true)]);
        assert_eq!(end, all.len() as u64);
    }

    #[test]
    fn a_torn_tail_ends_the_walk_and_damage_in_the_middle_is_refused() {
        let (f, at) = file_with(&[([1; 32], b"one"), ([2; 32], b"two"), ([3; 32], b"three")]);
        let file = f.as_file();
        let len = file.metadata().unwrap().len();
        // Torn: the last record cut short.
        file.set_len(len - 3).unwrap();
        assert_eq!(walk(file, 0).unwrap(), (vec![(at[0], [1; 32], true), (at[1], [2; 32], true)], at[2]));
        // Damaged in the middle: a flipped byte in the first record's words.
        file.set_len(len).unwrap();
        let (g, _) = file_with(&[([1; 32], b"one"), ([2; 32], b"two"), ([3; 32], b"three")]);
        g.as_file().write_all_at(b"X", at[0] + HEAD as u64).unwrap();
        let e = walk(g.as_file(), 0).unwrap_err();
        assert!(e.to_string().contains(&format!("damaged at byte {}", at[0])), "{e}");
    }

    /// A set of `n` test entries starting at the store's size, each
    /// with a text `words <seq>`, written but not published.
    fn written(
        store: &super::super::Store,
        frontier: &mut crate::protocol::merkle::Frontier,
        n: u64,
    ) -> (super::super::WriteSet, Vec<Hash>) {
        let mut w = super::super::WriteSet::default();
        let first = store.size();
        let mut hashes = Vec::new();
        let mut prev = super::super::tests::prev_of(store, first);
        for seq in first..first + n {
            let (bytes, statement) = super::super::tests::test_entry(seq, prev);
            let leaf = crate::protocol::merkle::leaf_hash(&bytes);
            for (l, i, h) in frontier.append(leaf) {
                w.node(l, i, &h);
            }
            w.entry(seq, bytes, &leaf, &statement);
            w.text(&leaf, format!("words {seq}").into_bytes());
            hashes.push(leaf);
            prev = leaf;
        }
        w.head(first + n, &prev, &super::super::tests::note(first + n, frontier.root()));
        store.write_files(&mut w).unwrap();
        (w, hashes)
    }

    fn folder_holds(dir: &std::path::Path, needle: &[u8]) -> bool {
        std::fs::read_dir(dir).unwrap().any(|e| {
            let p = e.unwrap().path();
            p.is_file() && std::fs::read(&p).unwrap().windows(needle.len()).any(|w| w == needle)
        })
    }

    #[test]
    fn texts_commit_with_their_entries_and_nothing_else_keeps_them() {
        use super::super::Store;
        let dir = tempfile::tempdir().unwrap();
        let mut frontier = crate::protocol::merkle::Frontier::new();
        let store = Store::open(dir.path()).unwrap();
        let (w, kept) = written(&store, &mut frontier, 3);
        store.publish(w).unwrap();
        // Written but never published (a crash before the commit): never acknowledged.
        let (_lost_set, lost) = written(&store, &mut frontier, 2);
        assert!(folder_holds(dir.path(), b"words 4"));
        drop(_lost_set);
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        for (i, k) in kept.iter().enumerate() {
            assert_eq!(store.content_get(k).unwrap(), Some(format!("words {i}").into_bytes()));
        }
        for k in &lost {
            assert_eq!(store.content_get(k).unwrap(), None);
        }
        assert!(
            !folder_holds(dir.path(), b"words 3") && !folder_holds(dir.path(), b"words 4"),
            "uncommitted words stay on disk"
        );
        // Erased in place: gone from every file; the others stay, and so after a reopen.
        store.content_remove(&kept[1]).unwrap();
        assert_eq!(store.content_get(&kept[1]).unwrap(), None);
        assert!(!folder_holds(dir.path(), b"words 1"), "erased words stay on disk");
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.content_get(&kept[1]).unwrap(), None);
        assert_eq!(store.content_get(&kept[2]).unwrap(), Some(b"words 2".to_vec()));
        // A value put after its entry's commit (an older build's repair path) is kept too.
        store.content_put(&kept[1], b"words again").unwrap();
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.content_get(&kept[1]).unwrap(), Some(b"words again".to_vec()));
    }
}

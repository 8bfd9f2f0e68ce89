//! Reads of what is committed: the head, entries by seq or in sequential chunks, the hash
//! indexes, Merkle nodes, the domain's rows, and the space on disk.

use super::*;

impl Store {
    /// Entries committed so far (the head's size).
    pub fn size(&self) -> u64 {
        self.files.size.load(Ordering::Acquire)
    }

    /// The stored head: the newest this store published, or else sled's head rows, which
    /// lag behind it (see `Heads`).
    pub fn head(&self) -> Result<StoredHead, StoreError> {
        let text = |name: &[u8]| -> Result<Option<String>, StoreError> {
            match self.tree.get(key(b'M', name))? {
                Some(v) => String::from_utf8(v.to_vec())
                    .map(Some)
                    .map_err(|_| StoreError::Corrupt("metadata is not UTF-8".into())),
                None => Ok(None),
            }
        };
        let live = self.files.head.lock().map_err(|_| StoreError::Bug("a head writer panicked".into()))?.live.clone();
        if let Some(live) = live {
            return Ok(StoredHead {
                size: live.size,
                head: Some(live.hash),
                checkpoint: Some(live.note),
                origin: text(b"origin")?,
            });
        }
        let size = match self.tree.get(key(b'M', b"size"))? {
            Some(v) => be_u64(&v, "size")?,
            None => 0,
        };
        let head = match self.tree.get(key(b'M', b"head"))? {
            Some(v) => {
                Some(v.as_ref().try_into().map_err(|_| StoreError::Corrupt("head hash is not 32 bytes".into()))?)
            }
            None => None,
        };
        Ok(StoredHead { size, head, checkpoint: text(b"checkpoint")?, origin: text(b"origin")? })
    }

    /// The canonical bytes of entry `seq`, if stored.
    pub fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let f = &self.files;
        if seq >= f.size.load(Ordering::Acquire) {
            return Ok(None);
        }
        let (start, end) = if seq == 0 {
            (0, be_u64(&read_exact_at(&f.idx, 8, 0)?, "entry offset")?)
        } else {
            let b = read_exact_at(&f.idx, 16, (seq - 1) * 8)?;
            (be_u64(&b[..8], "entry offset")?, be_u64(&b[8..], "entry offset")?)
        };
        if end < start || end > f.dat_len.load(Ordering::Acquire) {
            return Err(StoreError::Corrupt(format!("the offsets of entry {seq} are out of order")));
        }
        if end == start {
            return Ok(None);
        }
        Ok(Some(read_exact_at(&f.dat, (end - start) as usize, start)?))
    }

    /// Entries from `from` on, in order, as (seq, bytes), read in large sequential chunks.
    /// An empty record (an entry removed by tampering) is skipped, so a reader sees the gap.
    pub fn entries(&self, from: u64) -> impl Iterator<Item = Result<(u64, Vec<u8>), StoreError>> + '_ {
        const CHUNK: u64 = 4096;
        let size = self.files.size.load(Ordering::Acquire);
        let mut next = from;
        let mut buffered: std::vec::IntoIter<(u64, Vec<u8>)> = Vec::new().into_iter();
        let mut failed = false;
        std::iter::from_fn(move || {
            loop {
                if let Some(item) = buffered.next() {
                    return Some(Ok(item));
                }
                if failed || next >= size {
                    return None;
                }
                let to = size.min(next + CHUNK);
                match self.entry_chunk(next, to) {
                    Ok(v) => buffered = v.into_iter(),
                    Err(e) => {
                        failed = true;
                        return Some(Err(e));
                    }
                }
                next = to;
            }
        })
    }

    /// Entries `from..to` (all committed), skipping empty records.
    fn entry_chunk(&self, from: u64, to: u64) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        let f = &self.files;
        read_entries(&f.idx, &f.dat, f.dat_len.load(Ordering::Acquire), from, to)
    }

    /// The seq of the entry with this entry hash.
    pub fn seq_of_entry(&self, entry_hash: &Hash) -> Result<Option<u64>, StoreError> {
        self.find(b'E', entry_hash)
    }

    /// The seq of the entry holding the statement with this hash.
    pub fn seq_of_statement(&self, statement_hash: &Hash) -> Result<Option<u64>, StoreError> {
        self.find(b'S', statement_hash)
    }

    fn find(&self, tag: u8, h: &Hash) -> Result<Option<u64>, StoreError> {
        // The size first: a key published after it was read names a seq at or past it.
        let size = self.size();
        Ok(self.followers.seq_of(tag, h)?.filter(|&s| s < size))
    }

    /// The stored Merkle node at (level, index).
    pub fn node(&self, level: u8, index: u64) -> Result<Hash, StoreError> {
        let stored = stored_nodes(self.files.size.load(Ordering::Acquire));
        match node_position(level, index) {
            Some(p) if p < stored => Ok(self
                .read_hashes(32, p * 32)?
                .try_into()
                .map_err(|_| StoreError::Corrupt("a Merkle node read short".into()))?),
            _ => Err(StoreError::Corrupt(format!("Merkle node ({level}, {index}) is missing"))),
        }
    }

    /// Every committed node that the leaves `from..to` and their parents add to the tree, in
    /// one read of `hashes.dat` (nodes a proof needs below a level lie together: see
    /// [`NodeSpan`]). Leaves past the committed size are left out.
    pub fn node_span(&self, from: u64, to: u64) -> Result<NodeSpan, StoreError> {
        let size = self.files.size.load(Ordering::Acquire);
        let (first, end) = (stored_nodes(from.min(size)), stored_nodes(to.min(size)));
        let bytes = self.read_hashes(((end - first) * 32) as usize, first * 32)?;
        Ok(NodeSpan { first, bytes })
    }

    /// `len` bytes of `hashes.dat` from byte `at`, counted in [`Store::hashes_bytes_read`].
    fn read_hashes(&self, len: usize, at: u64) -> std::io::Result<Vec<u8>> {
        self.files.hashes_read.fetch_add(len as u64, Ordering::Relaxed);
        read_exact_at(&self.files.hashes, len, at)
    }

    /// Bytes read from `hashes.dat` (the Merkle nodes) since this store was opened, its open
    /// included: how much of the tree start-up and proofs read from the file.
    #[doc(hidden)]
    pub fn hashes_bytes_read(&self) -> u64 {
        self.files.hashes_read.load(Ordering::Relaxed)
    }

    /// Every stored node in storage order, as (level, index, hash), read in large chunks.
    pub fn node_scan(&self) -> impl Iterator<Item = Result<(u8, u64, Hash), StoreError>> + '_ {
        const CHUNK: u64 = 8192;
        let total = stored_nodes(self.files.size.load(Ordering::Acquire));
        let (mut pos, mut leaf, mut level, mut failed) = (0u64, 0u64, 0u8, false);
        let mut buf: Vec<u8> = Vec::new();
        let mut buf_at = 0u64;
        std::iter::from_fn(move || {
            if failed || pos >= total {
                return None;
            }
            if pos >= buf_at + (buf.len() / 32) as u64 {
                let n = CHUNK.min(total - pos);
                match self.read_hashes((n * 32) as usize, pos * 32) {
                    Ok(b) => (buf, buf_at) = (b, pos),
                    Err(e) => {
                        failed = true;
                        return Some(Err(e.into()));
                    }
                }
            }
            let o = ((pos - buf_at) * 32) as usize;
            let mut h = [0u8; 32];
            h.copy_from_slice(&buf[o..o + 32]);
            // Leaf `leaf` is followed by the parents it completes: as many as the trailing
            // ones of `leaf`.
            let item = if level == 0 { (0, leaf, h) } else { (level, ((leaf + 1) >> level) - 1, h) };
            if u32::from(level) < leaf.trailing_ones() {
                level += 1;
            } else {
                level = 0;
                leaf += 1;
            }
            pos += 1;
            Some(Ok(item))
        })
    }

    /// A row of the domain's indexes.
    pub fn domain_get(&self, k: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.followers.get(k)
    }

    /// Domain rows whose key starts with `prefix`, in key order (`.rev()` for the reverse), as
    /// (key, value).
    pub fn domain_scan(
        &self,
        prefix: &[u8],
    ) -> impl DoubleEndedIterator<Item = Result<(Vec<u8>, Vec<u8>), StoreError>> + '_ {
        self.followers.scan(prefix)
    }

    /// Bytes the database and the log's files occupy on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        let f = &self.files;
        let files = f.dat.metadata()?.len()
            + f.idx.metadata()?.len()
            + f.hashes.metadata()?.len()
            + f.texts.metadata()?.len()
            + self.cosigs.lock().map(|g| g.1).unwrap_or(0);
        Ok(self.db.size_on_disk()? + files + self.followers.disk_space()?)
    }
}

/// Consecutive stored Merkle nodes, as [`Store::node_span`] read them.
pub struct NodeSpan {
    /// Position of the first (in 32-byte records).
    first: u64,
    bytes: Vec<u8>,
}

impl NodeSpan {
    /// Node (`level`, `index`), if it is in the span.
    pub fn get(&self, level: u8, index: u64) -> Option<Hash> {
        let at = node_position(level, index)?.checked_sub(self.first)?;
        let at = usize::try_from(at.checked_mul(32)?).ok()?;
        self.bytes.get(at..at.checked_add(32)?)?.try_into().ok()
    }
}

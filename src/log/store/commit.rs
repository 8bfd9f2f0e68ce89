//! The commit of a group: [`Store::write_files`] (entries and nodes after everything written
//! before, then the journal's sync: the commit point) and [`Store::publish`] (the followers'
//! fjall batch and sled's, unsynced); the settle that syncs the rest, and the domain's rows
//! applied again on open.

use super::*;

impl Store {
    /// Writes `w`: its entries and nodes to the files (the journal synced), then its
    /// followers' rows and the new head, unsynced. The same as [`Store::write_files`]
    /// followed by [`Store::publish`].
    pub fn commit(&self, mut w: WriteSet) -> Result<(), StoreError> {
        self.write_files(&mut w)?;
        self.publish(w)
    }

    /// First step of a commit: writes `w`'s entries and Merkle nodes to the files, after
    /// everything written before, and its values beside them to `texts.dat`, then syncs
    /// `entries.dat` and `texts.dat`: the commit point (all three log files and the checkpoint
    /// file once SETTLE_EVERY entries have gone by since the last settle; otherwise open finds
    /// the offsets and nodes again from the journal). Readers see these entries only once
    /// [`Store::publish`] returns.
    pub fn write_files(&self, w: &mut WriteSet) -> Result<(), StoreError> {
        let f = &self.files;
        let mut staged = f.staged.lock().map_err(|_| StoreError::Bug("the file writer panicked".into()))?;
        let (size, dat_len) = (staged.size, staged.dat_len);
        let Some(first) = w.first else {
            if !w.nodes.is_empty() {
                return Err(StoreError::Bug("Merkle nodes came without their entries".into()));
            }
            w.staged = Some((size, dat_len));
            return Ok(());
        };
        if first != size {
            return Err(StoreError::Bug(format!("an append must start at seq {size}, not {first}")));
        }
        let new_size = size + w.entries.len() as u64;
        let mut dat = Vec::with_capacity(w.entries.iter().map(Vec::len).sum());
        let mut idx = Vec::with_capacity(8 * w.entries.len());
        for e in &w.entries {
            dat.extend_from_slice(e);
            idx.extend_from_slice(&(dat_len + dat.len() as u64).to_be_bytes());
        }
        let mut next = stored_nodes(size);
        let mut buf = Vec::with_capacity(32 * w.nodes.len());
        for (level, index, hash) in &w.nodes {
            if node_position(*level, *index) != Some(next) {
                return Err(StoreError::Bug(format!(
                    "Merkle node ({level}, {index}) is out of storage order (expected position {next})"
                )));
            }
            buf.extend_from_slice(hash);
            next += 1;
        }
        if next != stored_nodes(new_size) {
            return Err(StoreError::Bug(format!("a batch of {} entries needs all its Merkle nodes", new_size - size)));
        }
        // A write into a file's existing bytes changes no metadata, so its fdatasync need not
        // commit the file system's journal (on ext4 that makes it several times cheaper): each
        // file is extended with zeros well ahead of what it holds, and the zeros are synced
        // with the write that needed them. Readers never look past the committed size, and
        // open cuts whatever lies past it.
        let writes = [(&f.dat, &dat, dat_len), (&f.idx, &idx, size * 8), (&f.hashes, &buf, stored_nodes(size) * 32)];
        for (i, (file, bytes, at)) in writes.into_iter().enumerate() {
            let end = at + bytes.len() as u64;
            if end > staged.room[i] {
                let room = room_after(end);
                let zeros = vec![0u8; (room - end) as usize];
                file.write_all_at(&zeros, end)?;
                staged.room[i] = room;
            }
            file.write_all_at(bytes, at)?;
        }
        // Values beside the entries go to `texts.dat`, synced with `entries.dat`, indexed by
        // rows in the same sled batch (see `texts`).
        let texts_end = if w.texts.is_empty() {
            None
        } else {
            let mut bytes = Vec::new();
            for (k, v) in &w.texts {
                w.rows.push((key(b'X', k), Some((staged.texts_len + bytes.len() as u64).to_be_bytes().to_vec())));
                texts::encode(k, v, &mut bytes);
            }
            f.texts.write_all_at(&bytes, staged.texts_len)?;
            let end = staged.texts_len + bytes.len() as u64;
            w.rows.push((key(b'M', b"texts"), Some(end.to_be_bytes().to_vec())));
            Some(end)
        };
        // Only `entries.dat` (and `texts.dat`) is synced with every batch: that is the commit
        // point (see `journal`), and open finds the batch's offsets and nodes again from the
        // entries. Every SETTLE_EVERY entries the two other files are synced as well, and the
        // checkpoint file records the size up to which all three are.
        if new_size - staged.settled < SETTLE_EVERY {
            if texts_end.is_some() {
                std::thread::scope(|scope| {
                    let texts = scope.spawn(|| f.texts.sync_data());
                    let dat = f.dat.sync_data();
                    texts.join().map_err(|_| std::io::Error::other("a file sync thread panicked"))?.and(dat)
                })?;
            } else {
                f.dat.sync_data()?;
            }
        } else {
            // The three syncs are independent: let the disk take them together.
            std::thread::scope(|scope| -> std::io::Result<()> {
                let dat = scope.spawn(|| f.dat.sync_data().and_then(|()| f.texts.sync_data()));
                let idx = scope.spawn(|| f.idx.sync_data());
                f.hashes.sync_data()?;
                for t in [dat, idx] {
                    t.join().map_err(|_| std::io::Error::other("a file sync thread panicked"))??;
                }
                Ok(())
            })?;
            if let Some(head) = &w.head {
                self.checkpoint_file(&head.note)?;
            }
            staged.settled = new_size;
        }
        let end = (new_size, dat_len + dat.len() as u64);
        (staged.size, staged.dat_len) = end;
        if let Some(t) = texts_end {
            staged.texts_len = t;
        }
        w.staged = Some(end);
        Ok(())
    }

    /// Second step of a commit: writes `w`'s hash keys, domain rows and both followers'
    /// watermarks in one fjall batch, then its sled rows (text index) in one sled batch,
    /// neither synced; the new size becomes visible to readers only then. Its head is kept
    /// in memory and goes to sled's head rows only with other sled rows, without entries, or
    /// once SETTLE_EVERY entries have gone by (see `Heads`). `w` must have been through
    /// [`Store::write_files`], and every earlier set published.
    pub fn publish(&self, w: WriteSet) -> Result<(), StoreError> {
        let f = &self.files;
        let Some((new_size, new_dat_len)) = w.staged else {
            return Err(StoreError::Bug("a batch was published before its files were written".into()));
        };
        let size = f.size.load(Ordering::Acquire);
        if let Some(first) = w.first
            && first != size
        {
            return Err(StoreError::Bug(format!("a commit must start at seq {size}, not {first}")));
        }
        let mut batch = sled::Batch::default();
        let mut sled_rows = w.rows.len();
        for (k, v) in w.rows {
            match v {
                Some(v) => batch.insert(k, v),
                None => batch.remove(k),
            }
        }
        match w.first {
            // The followers before the size: a reader that sees the new size finds the new
            // hashes and rows. Not synced: the journal is the commit point, and open brings
            // each follower up to it from its watermark.
            Some(first) => {
                let (indexed, applied) = (self.followers.indexed(), self.followers.applied());
                if indexed != first || applied != first {
                    return Err(StoreError::Bug(format!(
                        "entries from {first} cannot be published while the hash indexes reach {indexed} and the \
                         domain's rows {applied}"
                    )));
                }
                let end = first + w.entries.len() as u64;
                self.followers.write(&w.keys, &w.domain, Some(end), Some(end))?;
            }
            None if !w.domain.is_empty() => {
                return Err(StoreError::Bug("domain rows came without their entries".into()));
            }
            None => {}
        }
        let mut heads = f.head.lock().map_err(|_| StoreError::Bug("a head writer panicked".into()))?;
        // sled's head rows go with other rows, in a set without entries (open's catching
        // up), or once SETTLE_EVERY entries have gone by; otherwise they wait for a settle or
        // flush.
        let to_sled =
            w.head.as_ref().filter(|h| sled_rows > 0 || w.first.is_none() || h.size >= heads.in_sled + SETTLE_EVERY);
        if let Some(head) = to_sled {
            sled_rows += head_rows(&mut batch, head);
        }
        let in_sled = to_sled.map(|h| h.size);
        // Not flushed: sled follows the journal too.
        if sled_rows > 0 {
            self.tree.apply_batch(batch)?;
        }
        // Readers see the new head only once everything before it is written, as the size.
        if let Some(s) = in_sled {
            heads.in_sled = s;
        }
        if let Some(head) = w.head {
            heads.live = Some(head);
        }
        drop(heads);
        if new_size >= size {
            f.dat_len.store(new_dat_len, Ordering::Release);
            f.size.store(new_size, Ordering::Release);
        }
        Ok(())
    }

    /// Writes the newest head published to sled's head rows, if they lag behind it.
    fn head_to_sled(&self) -> Result<(), StoreError> {
        let mut heads = self.files.head.lock().map_err(|_| StoreError::Bug("a head writer panicked".into()))?;
        let Some(head) = heads.live.clone() else { return Ok(()) };
        if head.size != heads.in_sled {
            let mut batch = sled::Batch::default();
            head_rows(&mut batch, &head);
            self.tree.apply_batch(batch)?;
            heads.in_sled = head.size;
        }
        Ok(())
    }

    /// Syncs `entries.idx` and `hashes.dat`, flushes sled, syncs the followers' database and
    /// records the committed head in the checkpoint file,
    /// so that the files at rest hold every committed entry's offsets and nodes and the next
    /// open reads nothing of the journal again. For a clean close, once the writer has
    /// stopped; bytes written past the committed size are left to be cut.
    pub fn settle(&self) -> Result<(), StoreError> {
        let f = &self.files;
        let mut staged = f.staged.lock().map_err(|_| StoreError::Bug("the file writer panicked".into()))?;
        let size = f.size.load(Ordering::Acquire);
        f.idx.sync_data()?;
        f.hashes.sync_data()?;
        self.head_to_sled()?;
        self.db.flush()?;
        self.followers.persist()?;
        staged.settled = size;
        let head = self.head()?;
        if let (true, Some(note)) = (head.size == size, head.checkpoint) {
            self.checkpoint_file(&note)?;
        }
        Ok(())
    }

    /// Records `note` (the signed checkpoint of a size whose entries, offsets and nodes are
    /// all synced) as the checkpoint file (see `journal`), which replaces an older build's
    /// `committed` mark.
    pub fn checkpoint_file(&self, note: &str) -> Result<(), StoreError> {
        journal::write_checkpoint(&self.files.dir, note)?;
        match std::fs::remove_file(self.files.dir.join(COMMITTED_MARK)) {
            Ok(()) => sync_dir(&self.files.dir)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }

    /// The note in the checkpoint file, if there is one.
    pub fn checkpoint_file_note(&self) -> Result<Option<String>, StoreError> {
        Ok(journal::read_checkpoint(&self.files.dir)?.map(|c| c.note))
    }

    /// Makes everything applied to sled and the followers' database durable (sled also
    /// flushes by itself every half second): after open's catching up, and in tests.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.head_to_sled()?;
        self.db.flush()?;
        self.followers.persist()?;
        Ok(())
    }

    /// How far the domain's rows go: every entry below this seq has its rows applied. Open
    /// leaves the entries from here to [`Store::size`] for the domain to apply again
    /// ([`Store::replayed`]).
    pub fn domain_applied(&self) -> u64 {
        self.followers.applied()
    }

    /// Applies the domain rows of entries `first..first + count`, which the domain worked
    /// out again from the journal (after a crash lost them from sled, or sled was deleted).
    pub fn replayed(&self, first: u64, count: u64, w: WriteSet) -> Result<(), StoreError> {
        if w.first.is_some() || !w.rows.is_empty() {
            return Err(StoreError::Bug("a replay carries domain rows only".into()));
        }
        let applied = self.followers.applied();
        if first != applied || first + count > self.size() {
            return Err(StoreError::Bug(format!(
                "domain rows for entries {first}..{} do not follow those applied ({applied})",
                first + count,
            )));
        }
        self.followers.write(&[], &w.domain, None, Some(first + count))
    }
}

/// Adds sled's head rows for `head` to `batch`; returns how many.
fn head_rows(batch: &mut sled::Batch, head: &writeset::Head) -> usize {
    batch.insert(key(b'M', b"size"), &head.size.to_be_bytes());
    batch.insert(key(b'M', b"head"), &head.hash);
    batch.insert(key(b'M', b"checkpoint"), head.note.as_bytes());
    3
}

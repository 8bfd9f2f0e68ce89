//! The second stage: proves, signs and writes a group to the store's files.

use super::*;

/// The second stage: merges the batches sequenced while it was busy, proves the new tree
/// extends the last signed one, signs its checkpoint, writes the entries and nodes to the
/// files and syncs them ([`Store::write_files`]), then hands the result to the [`Publisher`].
pub(super) struct Filer {
    pub(super) store: Store,
    pub(super) signer: NoteSigner,
    pub(super) origin: String,
    pub(super) failed: Failed,
    /// The last tree signed: size and root.
    pub(super) signed: (u64, Hash),
    /// Nodes written to the files but perhaps not yet committed (the store reads only
    /// committed ones).
    pub(super) recent: HashMap<(u8, u64), Hash>,
    /// For the committed nodes kept in memory ([`Shared::nodes`]).
    pub(super) shared: std::sync::Weak<Shared>,
    pub(super) out: mpsc::Sender<Written>,
}

/// Batches whose files are written and synced, with the checkpoint that covers them.
pub(super) struct Written {
    pub(super) writes: WriteSet,
    pub(super) signed: Signed,
    pub(super) nodes: Vec<(u8, u64, Hash)>,
    pub(super) replies: Vec<Pending>,
    pub(super) file_nanos: u64,
}

impl Filer {
    pub(super) fn run(mut self, hopper: Arc<Hopper>) {
        /// Tells the sequencer the file stage is gone however it ends, a panic included.
        struct Leaving(Arc<Hopper>);
        impl Drop for Leaving {
            fn drop(&mut self) {
                self.0.leave();
            }
        }
        let leaving = Leaving(hopper);
        while let Some(group) = leaving.0.take(GROUP_WAIT) {
            self.write(group);
        }
    }

    pub(super) fn write(&mut self, group: Vec<Sequenced>) {
        let started = std::time::Instant::now();
        let mut it = group.into_iter();
        let Some(first) = it.next() else { return };
        let Sequenced { writes: mut w, mut size, mut root, mut last_hash, mut nodes, mut replies } = first;
        let mut merged = Ok(());
        for b in it {
            if merged.is_ok() {
                merged = w.extend(b.writes);
            }
            (size, root, last_hash) = (b.size, b.root, b.last_hash);
            nodes.extend(b.nodes);
            replies.extend(b.replies);
        }
        if self.failed.load(Ordering::Acquire) {
            refuse_all(&self.failed.reason().unwrap_or_default(), replies.into_iter().map(|p| p.reply));
            return;
        }
        if let Err(e) = merged {
            return self.fail(&e.to_string(), replies);
        }
        let committed = stored_nodes(self.store.size());
        self.recent.retain(|&(l, i), _| node_position(l, i).is_some_and(|p| p >= committed));
        // Never sign a checkpoint inconsistent with the last one signed: prove it, from the
        // stored tree plus the nodes not yet committed, before signing.
        if let Err(why) = self.check_extends(size, &root, &nodes) {
            tracing::error!(%why, "refusing to sign a checkpoint that does not extend the last one");
            return self.fail(&why, replies);
        }
        let Ok(signed) = sign_checkpoint(&self.signer, &self.origin, size, root) else {
            // The origin was validated at open; signing cannot fail afterwards.
            return self.fail("the checkpoint could not be signed", replies);
        };
        w.head(size, &last_hash, &signed.note);
        if let Err(e) = self.store.write_files(&mut w) {
            tracing_storage_error(&e);
            return self.fail(&e.to_string(), replies);
        }
        self.recent.extend(nodes.iter().map(|&(l, i, h)| ((l, i), h)));
        self.signed = (size, root);
        let file_nanos = started.elapsed().as_nanos() as u64;
        if let Err(mpsc::SendError(b)) = self.out.send(Written { writes: w, signed, nodes, replies, file_nanos }) {
            self.fail("the commit stage stopped", b.replies);
        }
    }

    /// Proves that the tree of `size` leaves with `root` extends the last signed tree.
    pub(super) fn check_extends(&self, size: u64, root: &Hash, new: &[(u8, u64, Hash)]) -> Result<(), String> {
        let (old_size, old_root) = self.signed;
        if old_size == 0 {
            return Ok(());
        }
        let new: HashMap<(u8, u64), Hash> = new.iter().map(|&(l, i, h)| ((l, i), h)).collect();
        // New and recent nodes first, then the committed ones in memory; the store's files
        // only for a committed node not yet (or no longer) in memory.
        let shared = self.shared.upgrade();
        let mem = shared.as_ref().and_then(|s| s.nodes.read().ok());
        let get = |l: u8, i: u64| match new.get(&(l, i)).or_else(|| self.recent.get(&(l, i))) {
            Some(h) => Ok(*h),
            None => match mem.as_ref().and_then(|m| m.get(l, i)) {
                Some(h) => Ok(h),
                None => self.store.node(l, i),
            },
        };
        let proof = merkle::consistency_proof(old_size, size, get).map_err(|e| e.to_string())?;
        merkle::verify_consistency(old_size, size, &old_root, root, &proof).map_err(|e| e.to_string())
    }

    pub(super) fn fail(&mut self, why: &str, replies: Vec<Pending>) {
        tracing::error!(why, "the writer stops: appends are refused until the log is reopened");
        self.failed.fail(why);
        refuse_all(why, replies.into_iter().map(|p| p.reply));
    }
}

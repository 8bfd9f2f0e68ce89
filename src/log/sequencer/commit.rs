//! The last stage: writes a written group's followers (fjall, sled), then answers its submitters.

use super::*;

/// The last stage: writes the followers of everything written ([`Store::publish`]: hash keys,
/// domain rows and watermarks in fjall, the text index and the new head in sled), unsynced,
/// since the journal's sync was the commit point; then publishes the new checkpoint to
/// readers and answers each submitter.
pub(super) struct Publisher {
    pub(super) store: Store,
    pub(super) failed: Failed,
    pub(super) shared: std::sync::Weak<Shared>,
}

impl Publisher {
    pub(super) fn run(self, rx: mpsc::Receiver<Written>) {
        while let Some(group) = next_group(&rx, usize::MAX) {
            self.publish(group);
        }
    }

    pub(super) fn publish(&self, group: Vec<Written>) {
        if self.failed.load(Ordering::Acquire) {
            let why = self.failed.reason().unwrap_or_default();
            refuse_all(&why, group.into_iter().flat_map(|g| g.replies).map(|p| p.reply));
            return;
        }
        let started = std::time::Instant::now();
        let mut w = WriteSet::default();
        let mut merged = Ok(());
        let mut parts = Vec::with_capacity(group.len());
        let mut file_nanos = 0;
        for g in group {
            if merged.is_ok() {
                merged = w.extend(g.writes);
            }
            file_nanos += g.file_nanos;
            parts.push(Part { signed: g.signed, nodes: g.nodes, replies: g.replies });
        }
        if let Err(e) = merged.and_then(|()| self.store.publish(w)) {
            tracing_storage_error(&e);
            self.failed.fail(&e.to_string());
            refuse_all(&e.to_string(), parts.into_iter().flat_map(|p| p.replies).map(|p| p.reply));
            return;
        }
        let entries: usize = parts.iter().map(|p| p.replies.len()).sum();
        let commit_nanos = file_nanos + started.elapsed().as_nanos() as u64;
        if let Some(shared) = self.shared.upgrade() {
            shared.stats.record_batch(entries as u64, commit_nanos);
            if let Ok(mut mem) = shared.nodes.write() {
                for &(level, index, node) in parts.iter().flat_map(|p| p.nodes.iter()) {
                    mem.push(level, index, node);
                }
            }
            if let Some(last) = parts.last()
                && let Ok(mut latest) = shared.latest.write()
            {
                *latest = last.signed.clone();
            }
        }
        for part in parts {
            for Pending { seq, entry_hash, entry, reply } in part.replies {
                let _ =
                    reply.send(Ok(Appended { seq, entry_hash, entry, checkpoint: part.signed.clone(), proof: None }));
            }
        }
    }
}

pub(super) fn tracing_storage_error(e: &StoreError) {
    tracing::error!(error = %e, "storage error in the writer; appends stop until restart");
}

/// One written group's share of a commit: its checkpoint, its new nodes, its submitters.
struct Part {
    signed: Signed,
    nodes: Vec<(u8, u64, Hash)>,
    replies: Vec<Pending>,
}

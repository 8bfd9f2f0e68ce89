//! The first stage: duplicates, the gate, seqs, entries and the Merkle frontier.

use super::*;

/// The first stage of the writer: checks duplicates, asks the gate, sequences, hashes and
/// extends the Merkle frontier. Cheap: it runs on each submitter's thread in turn, under
/// [`Shared::sequencer`]'s lock, and hands each entry to the [`Filer`] through the [`Hopper`].
pub(super) struct Sequencer {
    pub(super) clock: crate::log::clock::Clock,
    pub(super) store: Store,
    pub(super) frontier: Frontier,
    pub(super) last_hash: Hash,
    pub(super) last_time: u64,
    pub(super) gate: Box<dyn Gate>,
    pub(super) failed: Failed,
    /// Statements sequenced but perhaps not yet committed (statement hash → seq); the
    /// store's index answers for the rest.
    pub(super) in_flight: HashMap<Hash, u64>,
    /// The committed size last told to the gate.
    pub(super) durable: Option<u64>,
    pub(super) out: Arc<Hopper>,
}

impl Drop for Sequencer {
    fn drop(&mut self) {
        self.out.close();
    }
}

/// A batch as the sequencer made it.
pub(super) struct Sequenced {
    pub(super) writes: WriteSet,
    pub(super) size: u64,
    pub(super) root: Hash,
    pub(super) last_hash: Hash,
    /// The new Merkle nodes, in storage order.
    pub(super) nodes: Vec<(u8, u64, Hash)>,
    pub(super) replies: Vec<Pending>,
}

impl Sequencer {
    pub(super) fn sequence(&mut self, job: Job) {
        if self.failed.load(Ordering::Acquire) {
            refuse_all(&self.failed.reason().unwrap_or_default(), [job.reply]);
            return;
        }
        // What is committed no longer needs remembering here: the store answers for it.
        let durable = self.store.size();
        if self.durable != Some(durable) {
            self.durable = Some(durable);
            self.in_flight.retain(|_, seq| *seq >= durable);
            self.gate.commit(durable);
        }
        let hash = job.statement.hash;
        let dup = match self.in_flight.get(&hash) {
            Some(seq) => Ok(Some(*seq)),
            None => self.store.seq_of_statement(&hash),
        };
        match dup {
            Ok(Some(seq)) => {
                let _ = job.reply.send(Err(AppendError::Duplicate { seq }));
                return;
            }
            Ok(None) => {}
            Err(e) => {
                tracing_storage_error(&e);
                let _ = job.reply.send(Err(AppendError::Storage(e.to_string())));
                return;
            }
        }
        let now = self.clock.now_ms().max(self.last_time);
        let seq = self.frontier.size();
        let index_writes = match self.gate.admit(seq, now, &job.statement) {
            Ok(w) => w,
            Err(r) => {
                let _ = job.reply.send(Err(AppendError::Refused(r)));
                return;
            }
        };
        let entry = Entry {
            seq,
            prev: self.last_hash,
            log_time: now,
            statement: job.statement.bytes,
            signature: job.statement.signature,
        };
        let bytes = entry.encode();
        let h = entry_hash(&bytes);
        let mut w = WriteSet::default();
        w.entry(seq, bytes.clone(), &h, &hash);
        if let Some(t) = job.text {
            w.text(&h, t);
        }
        let mut nodes = Vec::new();
        for (level, index, node) in self.frontier.append(h) {
            w.node(level, index, &node);
            nodes.push((level, index, node));
        }
        for iw in index_writes {
            w.domain(&iw.key, iw.value.as_deref());
        }
        self.in_flight.insert(hash, seq);
        self.last_hash = h;
        let replies = vec![Pending { seq, entry_hash: h, entry: bytes, reply: job.reply }];
        self.last_time = now;
        let batch = Sequenced {
            writes: w,
            size: self.frontier.size(),
            root: self.frontier.root(),
            last_hash: self.last_hash,
            nodes,
            replies,
        };
        if let Err(batch) = self.out.push(batch) {
            // The next stage is gone (it panicked): nothing after this can be written.
            self.failed.fail("the file stage stopped");
            self.gate.abort();
            refuse_all("the file stage stopped", batch.replies.into_iter().map(|p| p.reply));
        }
    }
}

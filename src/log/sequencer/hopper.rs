//! The hand-off between the sequencer and the file stage, and how a group is let grow.

use super::*;

/// Waits for the next item, then takes up to `max` in all of what is already queued; `None`
/// once the stage before has hung up and everything it sent was taken (the commit stage's
/// grouping).
pub(super) fn next_group<T>(rx: &mpsc::Receiver<T>, max: usize) -> Option<Vec<T>> {
    let mut group = vec![rx.recv().ok()?];
    while group.len() < max {
        match rx.try_recv() {
            Ok(item) => group.push(item),
            Err(_) => break,
        }
    }
    Some(group)
}

/// The file stage's group is worth syncing at once when it holds this many entries.
pub(super) const GROUP_TARGET: usize = 64;
/// The longest the file stage waits for a group to fill while more submissions are on
/// their way; measured in docs/PERFORMANCE.md.
pub(super) const GROUP_WAIT: Duration = Duration::from_millis(2);
/// How often a waiting file stage looks again whether anything is still on its way. At
/// 250 µs, groups under load held 11–17 entries and the stage woke about 3,700 times a
/// second; at 1 ms they grow, and fewer groups cost less (docs/PERFORMANCE.md). A lone
/// submitter is not slowed: with nothing on its way the stage writes without waiting.
pub(super) const GROUP_WAIT_SLICE: Duration = Duration::from_millis(1);

/// What the sequencer hands to the file stage, and the count of submissions on their way.
///
/// Once it holds something, the file stage waits until the group is worth writing: it
/// holds [`GROUP_TARGET`] entries, or nothing more is on its way (no submission is being
/// checked; looked at every [`GROUP_WAIT_SLICE`]), or [`GROUP_WAIT`] has passed since the
/// stage first saw it, or the sequencer is gone. Each group costs a sync, a signed
/// checkpoint and a fjall batch however small it is, so under load fewer, larger groups leave more of the cores to
/// checking signatures; a lone submitter never waits, as nothing else is on its way. A
/// submitter wakes the file stage only for a group's first entry and when the group is
/// full, never for every submission.
pub(super) struct Hopper {
    /// Entries that make a group worth writing at once.
    pub(super) target: usize,
    /// Submissions being checked right now ([`Arriving`]).
    pub(super) arriving: AtomicUsize,
    pub(super) held: Mutex<Held>,
    pub(super) ready: Condvar,
}

#[derive(Default)]
pub(super) struct Held {
    pub(super) batches: Vec<Sequenced>,
    pub(super) entries: usize,
    /// The file stage is asleep on `ready`.
    pub(super) waiting: bool,
    /// The sequencer is gone: nothing more comes.
    pub(super) closed: bool,
    /// The file stage is gone: nothing more is taken.
    pub(super) gone: bool,
}

impl Hopper {
    pub(super) fn new(target: usize) -> Hopper {
        Hopper { target, arriving: AtomicUsize::new(0), held: Mutex::default(), ready: Condvar::new() }
    }

    pub(super) fn held(&self) -> std::sync::MutexGuard<'_, Held> {
        // A panic elsewhere while holding the lock leaves the queue itself intact.
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Hands a batch on; gives it back if the file stage is gone.
    pub(super) fn push(&self, batch: Sequenced) -> Result<(), Box<Sequenced>> {
        let mut h = self.held();
        if h.gone {
            return Err(Box::new(batch));
        }
        let first = h.entries == 0;
        h.entries += batch.replies.len();
        h.batches.push(batch);
        // The file stage wakes for the first entry of a group (its wait for more is timed
        // from then) and when the group is full; not for every entry in between.
        if h.waiting && (first || h.entries >= self.target) {
            self.ready.notify_one();
        }
        Ok(())
    }

    /// The sequencer is gone.
    pub(super) fn close(&self) {
        self.held().closed = true;
        self.ready.notify_one();
    }

    /// The file stage is gone (called as it ends, also by a panic's unwinding).
    pub(super) fn leave(&self) {
        let mut h = self.held();
        h.gone = true;
        h.entries = 0;
        refuse_all(
            "the file stage stopped",
            std::mem::take(&mut h.batches).into_iter().flat_map(|b| b.replies).map(|p| p.reply),
        );
    }

    /// Waits for the next group worth writing (see [`Hopper`]): everything held when it is;
    /// `None` once the sequencer is gone and everything it handed on was taken.
    pub(super) fn take(&self, cap: Duration) -> Option<Vec<Sequenced>> {
        let mut h = self.held();
        let mut deadline: Option<Instant> = None;
        loop {
            if h.entries == 0 {
                if h.closed {
                    return None;
                }
                h.waiting = true;
                h = self.ready.wait(h).unwrap_or_else(|p| p.into_inner());
                h.waiting = false;
                continue;
            }
            let now = Instant::now();
            let until = *deadline.get_or_insert(now + cap);
            if h.entries >= self.target || h.closed || self.arriving.load(Ordering::Acquire) == 0 || now >= until {
                h.entries = 0;
                return Some(std::mem::take(&mut h.batches));
            }
            // Looks again every slice whether anything is still on its way: a submitter does
            // not wake the file stage for that, as with two cores the count touches zero
            // between most submissions even under full load.
            h.waiting = true;
            let slice = (until - now).min(GROUP_WAIT_SLICE);
            h = self.ready.wait_timeout(h, slice).map(|(g, _)| g).unwrap_or_else(|p| p.into_inner().0);
            h.waiting = false;
        }
    }
}

/// A submission being checked, counted in [`Hopper::arriving`] until dropped.
pub(super) struct Arriving<'a>(&'a Hopper);

impl<'a> Arriving<'a> {
    pub(super) fn enter(hopper: &'a Hopper) -> Self {
        hopper.arriving.fetch_add(1, Ordering::AcqRel);
        Arriving(hopper)
    }
}

impl Drop for Arriving<'_> {
    fn drop(&mut self) {
        self.0.arriving.fetch_sub(1, Ordering::AcqRel);
    }
}

//! A writer that failed: the first reason, and the refusal every later append gets.

use super::*;

/// Set when a stage of the writer fails: from then on every append is refused with
/// [`AppendError::Storage`] until the log is reopened (which re-checks the tail).
pub(super) type Failed = Arc<Failure>;

/// Whether the writer failed, and the first reason it gave.
#[derive(Default)]
pub(super) struct Failure {
    pub(super) set: AtomicBool,
    pub(super) why: Mutex<Option<String>>,
}

impl Failure {
    pub(super) fn load(&self, order: Ordering) -> bool {
        self.set.load(order)
    }

    /// Marks the writer failed, keeping the first reason given.
    pub(super) fn fail(&self, why: &str) {
        if let Ok(mut w) = self.why.lock()
            && w.is_none()
        {
            *w = Some(why.to_string());
        }
        self.set.store(true, Ordering::Release);
    }

    pub(super) fn reason(&self) -> Option<String> {
        if !self.load(Ordering::Acquire) {
            return None;
        }
        Some(self.why.lock().ok().and_then(|w| w.clone()).unwrap_or_else(|| "the writer stopped".into()))
    }
}

/// Answers every reply with [`AppendError::Storage`] for `why`.
pub(super) fn refuse_all(why: &str, replies: impl IntoIterator<Item = Reply>) {
    for r in replies {
        let _ = r.send(Err(AppendError::Storage(why.to_string())));
    }
}

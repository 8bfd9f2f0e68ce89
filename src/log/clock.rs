//! The time the log stamps on entries (`log_time`, docs/PROTOCOL.md §4).
//!
//! The system clock, which a test may move forward ([`Clock::advance`]) to see what a log
//! does days later (a recovery's waiting period) without waiting. Log time never goes
//! back along the log whatever the clock says (the sequencer keeps the larger).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The log's clock: the system clock plus a forward offset shared by every clone.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    ahead_ms: Arc<AtomicU64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }
    /// Moves this clock (and every clone of it) `ms` milliseconds ahead.
    pub fn advance(&self, ms: u64) {
        self.ahead_ms.fetch_add(ms, Ordering::Relaxed);
    }
    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> u64 {
        let system = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
        system.saturating_add(self.ahead_ms.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advanced_clock_runs_ahead_in_every_clone() {
        let c = Clock::system();
        let other = c.clone();
        let before = c.now_ms();
        c.advance(10 * 86_400_000);
        assert!(other.now_ms() >= before + 10 * 86_400_000);
    }
}

//! Prometheus text-format metrics: request counts and latencies, appends, batches, fsync time.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::log::view::LogView;
use crate::log::{BATCH_SIZE_BOUNDS, WriterStats};

/// Latency bucket upper bounds, seconds.
const LATENCY_BOUNDS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: AtomicU64,
    errors_4xx: AtomicU64,
    errors_5xx: AtomicU64,
    latency_buckets: [AtomicU64; 11],
    latency_micros_sum: AtomicU64,
    appends_ok: AtomicU64,
    appends_refused: AtomicU64,
    rate_limited: AtomicU64,
}

impl Metrics {
    /// Records one request's status and duration.
    pub fn request(&self, status: u16, micros: u64) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if (400..500).contains(&status) {
            self.errors_4xx.fetch_add(1, Ordering::Relaxed);
        } else if status >= 500 {
            self.errors_5xx.fetch_add(1, Ordering::Relaxed);
        }
        let secs = micros as f64 / 1e6;
        let i = LATENCY_BOUNDS.iter().position(|b| secs <= *b).unwrap_or(LATENCY_BOUNDS.len());
        self.latency_buckets[i].fetch_add(1, Ordering::Relaxed);
        self.latency_micros_sum.fetch_add(micros, Ordering::Relaxed);
    }
    /// Records an append's outcome.
    pub fn append(&self, ok: bool) {
        if ok { &self.appends_ok } else { &self.appends_refused }.fetch_add(1, Ordering::Relaxed);
    }
    /// Records a request refused by the rate limit.
    pub fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    /// The metrics in Prometheus text exposition format; `integrating` says, for a log kept
    /// in PostgreSQL, whether this process integrates it.
    pub fn render(&self, log: &dyn LogView, integrating: Option<bool>) -> String {
        let g = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let mut out = String::new();
        let mut counter = |name: &str, help: &str, v: u64| {
            let _ = write!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}\n");
        };
        counter("heard_http_requests_total", "HTTP requests answered.", g(&self.requests));
        counter("heard_http_client_errors_total", "Requests answered with a 4xx status.", g(&self.errors_4xx));
        counter("heard_http_server_errors_total", "Requests answered with a 5xx status.", g(&self.errors_5xx));
        counter("heard_appends_total", "Statements appended to the log through the API.", g(&self.appends_ok));
        counter("heard_appends_refused_total", "Submitted statements refused.", g(&self.appends_refused));
        counter(
            "heard_rate_limited_total",
            "Write requests refused by the per-address rate limit.",
            g(&self.rate_limited),
        );
        // A log on PostgreSQL has no embedded writer: its batches are PostgreSQL's.
        let none = WriterStats::default();
        let st = log.writer_stats().unwrap_or(&none);
        counter("heard_batches_total", "Batches the writer made durable.", g(&st.batches));
        counter("heard_batched_entries_total", "Entries the writer made durable.", g(&st.entries));
        let _ = write!(
            out,
            "# HELP heard_commit_seconds_total Time in the atomic write and flush (fsync).\n# TYPE heard_commit_seconds_total counter\nheard_commit_seconds_total {:.6}\n",
            g(&st.commit_nanos) as f64 / 1e9
        );
        let _ = writeln!(out, "# HELP heard_batch_size Entries per durable batch.\n# TYPE heard_batch_size histogram");
        let mut cum = 0;
        for (i, b) in st.batch_size_buckets.iter().enumerate() {
            cum += g(b);
            let le = BATCH_SIZE_BOUNDS.get(i).map(|v| v.to_string()).unwrap_or_else(|| "+Inf".into());
            let _ = writeln!(out, "heard_batch_size_bucket{{le=\"{le}\"}} {cum}");
        }
        let _ = writeln!(out, "heard_batch_size_sum {}\nheard_batch_size_count {}", g(&st.entries), g(&st.batches));
        let _ = writeln!(
            out,
            "# HELP heard_http_request_duration_seconds Request latency.\n# TYPE heard_http_request_duration_seconds histogram"
        );
        let mut cum = 0;
        for (i, b) in self.latency_buckets.iter().enumerate() {
            cum += g(b);
            let le = LATENCY_BOUNDS.get(i).map(|v| v.to_string()).unwrap_or_else(|| "+Inf".into());
            let _ = writeln!(out, "heard_http_request_duration_seconds_bucket{{le=\"{le}\"}} {cum}");
        }
        let _ = writeln!(
            out,
            "heard_http_request_duration_seconds_sum {:.6}\nheard_http_request_duration_seconds_count {}",
            g(&self.latency_micros_sum) as f64 / 1e6,
            g(&self.requests)
        );
        let _ = write!(
            out,
            "# HELP heard_log_size Entries in the log.\n# TYPE heard_log_size gauge\nheard_log_size {}\n",
            log.latest().size
        );
        if let Some(leads) = integrating {
            let _ = write!(
                out,
                "# HELP heard_integrating Whether this process integrates the log kept in PostgreSQL.\n\
                 # TYPE heard_integrating gauge\nheard_integrating {}\n",
                u8::from(leads)
            );
        }
        out
    }
}

//! After a storage failure (a full disk, an I/O error): keep answering, wait until the data
//! folder takes writes again, then restart the process in place so that the log reopens.
//!
//! Once the log's writer fails it refuses every append (503 `storage_unavailable`) and
//! `/healthz` answers 503 with the reason, while reads of the log's own files go on. Reopening the log is what
//! recovers it — the same path as after a crash: the files are checked against the last
//! signed checkpoint and whatever was never committed is cut — so once a probe write of
//! [`PROBE_BYTES`] succeeds, [`watch`] replaces the process with a fresh `heard serve` (the
//! same arguments, the same address). No supervisor is needed; under one (systemd, a
//! container runtime) the process id stays the same.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::log::Log;

/// How much a probe writes and syncs: as much as the log's files grow by at a time, so that
/// a disk with less room than that still counts as full.
pub const PROBE_BYTES: usize = 16 << 20;

/// How often the writer's state is looked at, and how often a probe is tried once it failed.
const LOOK_EVERY: Duration = Duration::from_millis(500);
const PROBE_EVERY: Duration = Duration::from_secs(2);

/// The environment variable a restart passes the address it was serving on in, so that the
/// new process listens on the same one even when `--listen` asked for port 0.
pub const RESTART_LISTEN: &str = "HEARD_RESTART_LISTEN";

/// Writes [`PROBE_BYTES`] to a file in `dir`, syncs it and removes it.
pub fn probe(dir: &Path) -> std::io::Result<()> {
    use std::io::Write as _;
    let path = dir.join(".heard-probe");
    let result = (|| {
        let mut f = std::fs::File::create(&path)?;
        let chunk = vec![0x5a_u8; 1 << 20];
        for _ in 0..PROBE_BYTES / chunk.len() {
            f.write_all(&chunk)?;
        }
        f.sync_all()
    })();
    let removed = std::fs::remove_file(&path);
    result?;
    removed
}

/// Watches `log`; after its writer failed, probes `dir` until it takes writes, then restarts
/// the process in place on `addr`. Returns only if the restart could not be made (the caller
/// then exits non-zero, so that a supervisor can restart it).
pub async fn watch(log: Log, dir: PathBuf, addr: SocketAddr) -> std::io::Error {
    let why = loop {
        tokio::time::sleep(LOOK_EVERY).await;
        if let Some(why) = log.failure() {
            break why;
        }
    };
    tracing::error!(
        %why,
        "the log cannot write to its storage: appends and /healthz answer 503 until {} takes writes again",
        dir.display()
    );
    loop {
        tokio::time::sleep(PROBE_EVERY).await;
        let d = dir.clone();
        match tokio::task::spawn_blocking(move || probe(&d)).await {
            Ok(Ok(())) => break,
            Ok(Err(e)) => tracing::debug!(error = %e, "the data folder still refuses writes"),
            Err(e) => return std::io::Error::other(e),
        }
    }
    tracing::warn!("the data folder takes writes again: restarting in place so that the log recovers");
    restart_in_place(addr)
}

/// Replaces this process with the same program and arguments, listening on `addr`.
/// Returns only on failure.
fn restart_in_place(addr: SocketAddr) -> std::io::Error {
    use std::os::unix::process::CommandExt as _;
    let exe = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => return e,
    };
    // Every file this process opened is closed on exec (Rust opens them close-on-exec), the
    // listening socket and sled's lock included; the new process opens the log as after a
    // crash.
    std::process::Command::new(exe).args(std::env::args_os().skip(1)).env(RESTART_LISTEN, addr.to_string()).exec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_leaves_nothing_behind_and_names_what_failed() {
        let dir = tempfile::tempdir().unwrap();
        probe(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let missing = dir.path().join("gone");
        let e = probe(&missing).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    }
}

//! `heard serve`: the server's arguments, its logging, and a graceful stop.

use std::path::PathBuf;

use anyhow::Context;

use super::{DEFAULT_ORIGIN, open_ledger_with};
use crate::keys::{DataDir, statement_key};
use crate::ledger::Ledger;

#[derive(clap::Args)]
pub(super) struct ServeArgs {
    /// Data folder.
    #[arg(long, default_value = "heard-data")]
    data: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Checkpoint origin (and log key name), used when the folder is created.
    #[arg(long)]
    origin: Option<String>,
    /// Public base URL for links and claim cards (default: http://<listen address>, and the
    /// print sheet of claim cards then warns that they point at this computer only).
    #[arg(long, env = "HEARD_PUBLIC_URL")]
    public_url: Option<String>,
    /// Write requests a client address may burst.
    #[arg(long, default_value_t = 200)]
    write_burst: u32,
    /// Write requests per second a client address may sustain.
    #[arg(long, default_value_t = 100.0)]
    writes_per_second: f64,
    /// Largest request body, bytes.
    #[arg(long, default_value_t = 256 * 1024)]
    max_body: usize,
    /// Most requests handled at once.
    #[arg(long, default_value_t = 1024)]
    concurrency: usize,
    /// Most requests one client address may have open at once (raise it when many people
    /// reach the server through one address, as in an office).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=65536))]
    open_requests_per_address: u64,
    /// Seconds a request's body may take to arrive.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    body_timeout: u64,
    /// sled's page cache, MiB. While writing, sled holds about three times this (see
    /// docs/PERFORMANCE.md for what more or less did to memory and append rate).
    #[arg(long, env = "HEARD_SLED_CACHE_MIB", default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=65536))]
    sled_cache_mib: u64,
    /// Fill the data folder with the demo sample first, if its log is empty.
    #[arg(long)]
    demo: bool,
    /// Seconds between two rounds of asking the witnesses that have a URL in the data
    /// folder's `witnesses` file to cosign the latest checkpoint (C2SP tlog-witness).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=86400))]
    witness_interval: u64,
    /// Days a recovery of a lost key waits before it takes effect, during which the old
    /// key can cancel it; shorter recoveries are refused (the protocol's minimum is 7).
    #[arg(long, default_value_t = crate::attribution::recovery::DEFAULT_WAIT_DAYS,
          value_parser = clap::value_parser!(u64).range(7..=365))]
    recovery_wait_days: u64,
    /// Keep the log in PostgreSQL, shared with any other `heard serve` given the same
    /// database, bucket and data folder keys, e.g. postgres://heard@db.example.org/heard
    /// (tables are created when missing). The data folder then holds only the keys and
    /// files such as `witnesses`. Needs --bucket.
    #[arg(long, env = "HEARD_POSTGRES", hide_env_values = true, requires = "bucket")]
    postgres: Option<String>,
    /// With --postgres: the bucket the tiles and checkpoint are published to, s3://NAME, with
    /// the endpoint and credentials from the usual AWS environment variables
    /// (AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY;
    /// AWS_ALLOW_HTTP=true for a local emulator).
    #[arg(long, env = "HEARD_BUCKET", requires = "postgres")]
    bucket: Option<String>,
    /// With --postgres: the folder inside the bucket the log goes under (default: its root).
    #[arg(long, env = "HEARD_BUCKET_PREFIX", requires = "postgres")]
    prefix: Option<String>,
}

/// Fills an empty ledger with the demo, then leaves the key that recorded its Pol.is session
/// in `imports/facilitator.key` (when there is none yet) so `heard cards` prints its cards.
pub(super) fn fill_demo(ledger: &Ledger, dir: &DataDir) -> anyhow::Result<crate::demo::DemoSummary> {
    let (keys, _) = dir.init_keys("")?;
    let summary = crate::demo::fill(ledger, &statement_key(&keys.operator))?;
    let path = dir.root.join("imports").join("facilitator.key");
    if !path.exists() {
        std::fs::create_dir_all(dir.root.join("imports"))?;
        let seed = crate::demo::polis_facilitator_key().to_bytes();
        crate::keys::write_key_file(&path, &crate::protocol::note::NoteSigner::new("facilitator", seed)?)?;
    }
    Ok(summary)
}

/// Logs to stderr at the level `RUST_LOG` asks (default `info`), except that sled's debug and
/// trace records never pass, whatever `RUST_LOG` says: they print stored pages, whose values
/// hold entries (claim secrets revealed by claims), idea text and salts. The one exception is
/// the debug records of sled's log iterator (SLED_RECOVERY), which say where and why sled's
/// replay of its log stopped when it opened (an LSN reached, a tear, a torn batch) and carry
/// only log positions; they are on by default, so that a sled that comes back without
/// flushed writes leaves the reason in the server's log (docs/PERFORMANCE.md, eleventh
/// session).
pub(super) fn init_logging() {
    use tracing_subscriber::prelude::*;
    let asked = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("info,{SLED_RECOVERY}=debug")));
    // The hint keeps the `log` crate's static level at what was asked, so sled's trace
    // records are cut at the call site instead of being converted and then dropped.
    let hint = tracing_subscriber::layer::Filter::<tracing_subscriber::Registry>::max_level_hint(&asked)
        .unwrap_or(tracing::level_filters::LevelFilter::TRACE);
    let no_pages =
        tracing_subscriber::filter::filter_fn(|m| sled_record_passes(m.target(), *m.level())).with_max_level_hint(hint);
    let layer = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(asked).with_filter(no_pages);
    let _ = tracing_subscriber::registry().with(layer).try_init();
}

/// The target of sled's log iterator, whose debug records say why a replay stopped.
pub(super) const SLED_RECOVERY: &str = "sled::pagecache::iterator";

/// Whether a record may be logged as far as sled's page dumps go (see [`init_logging`]).
pub(super) fn sled_record_passes(target: &str, level: tracing::Level) -> bool {
    if !target.starts_with("sled") || level <= tracing::Level::INFO {
        return true;
    }
    target == SLED_RECOVERY && level == tracing::Level::DEBUG
}

/// Closes a ledger a command opened, saying so when what it committed could not be settled.
pub(super) fn close(ledger: &Ledger) -> anyhow::Result<()> {
    ledger.close().map_err(|why| {
        anyhow::anyhow!("the log did not close cleanly ({why}); the next start recovers what was committed")
    })
}

pub(super) fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    let (ledger, dir) = match (&args.postgres, &args.bucket) {
        (Some(url), Some(bucket)) => {
            rt.block_on(super::serve_pg::open(&args.data, args.origin.as_deref(), url, bucket, args.prefix.as_deref()))?
        }
        _ => open_ledger_with(&args.data, args.origin.as_deref(), args.sled_cache_mib << 20)?,
    };
    let demo_filled = args.demo && ledger.log().latest().size == 0;
    if demo_filled {
        let summary = rt.block_on(async { tokio::task::block_in_place(|| fill_demo(&ledger, &dir)) })?;
        println!("{summary}");
    }
    let log = ledger.log().clone();
    rt.block_on(async move {
        // After a restart in place (server::recovery), the address the process was serving on.
        let listen = std::env::var(crate::server::recovery::RESTART_LISTEN).unwrap_or(args.listen);
        let listener =
            tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("listening on {listen}"))?;
        let addr = listener.local_addr()?;
        // Before "serving" is printed: from then on a SIGTERM stops the server gracefully.
        let shutdown = shutdown_signal();
        let public_url_explicit = args.public_url.is_some();
        let public_url = args.public_url.unwrap_or_else(|| format!("http://{addr}"));
        println!("heard: log key {}", log.verifier().to_text());
        if let Ok((keys, _)) = DataDir::new(&args.data).init_keys(DEFAULT_ORIGIN) {
            println!("heard: operator key {}", keys.operator.verifier().to_text());
        }
        let witnesses = ledger.configured_witnesses().len();
        if witnesses > 0 {
            println!(
                "heard: {witnesses} witness(es) named in {}",
                args.data.join(crate::witness::policy::FILE).display()
            );
        }
        println!("heard: listening on http://{addr}");
        if !public_url_explicit {
            println!("heard: no --public-url, so claim cards name {public_url}, which may work on this computer only");
        }
        println!("heard: serving {} entries at {public_url}/ (API under {public_url}/v1/)", log.latest().size);
        if demo_filled {
            // A demo card nobody has claimed: the claim page can be tried at once.
            println!("heard: try claiming a demo card at {}", crate::demo::demo_card("housing/p03").url(&public_url));
        }
        let config = crate::server::ServerConfig {
            max_body: args.max_body,
            concurrency: args.concurrency,
            open_per_address: args.open_requests_per_address as usize,
            body_timeout: std::time::Duration::from_secs(args.body_timeout),
            write_burst: args.write_burst,
            writes_per_second: args.writes_per_second,
            public_url,
            public_url_explicit,
            notices: Some(args.data.join("notices")),
            recovery_wait_days: args.recovery_wait_days,
            ..Default::default()
        };
        let staff = crate::server::StaffDesk {
            invitations: crate::staff::Invitations::new(&args.data),
            operator: statement_key(&crate::keys::read_key_file(&DataDir::new(&args.data).operator_key())?),
        };
        let interval = std::time::Duration::from_secs(args.witness_interval);
        let asking = crate::server::witnessing::start(ledger.clone(), interval).context("starting to ask witnesses")?;
        let stopper = asking.as_ref().map(|a| a.stopper());
        // After a storage failure, restart in place once the data folder takes writes again.
        // (A log on PostgreSQL recovers by itself: appends answer 503 until it answers again.)
        let watcher = ledger.embedded().cloned().map(|embedded| {
            let recovering = tokio::spawn(crate::server::recovery::watch(embedded, args.data.clone(), addr));
            let watcher = recovering.abort_handle();
            tokio::spawn(async move {
                if let Ok(e) = recovering.await {
                    tracing::error!(error = %e, "could not restart in place; exiting so that a supervisor can");
                    std::process::exit(75);
                }
            });
            watcher
        });
        let shutdown = async move {
            shutdown.await;
            if let Some(w) = watcher {
                w.abort();
            }
            stopper.map(|s| s.send(()));
        };
        let state = crate::server::AppState::new(ledger, config).with_staff(staff);
        crate::server::run(listener, state, shutdown).await.context("serving")?;
        if let Some(a) = asking {
            tokio::task::spawn_blocking(move || a.stop()).await.ok();
        }
        tracing::info!("stopped; the log is flushed");
        anyhow::Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM. On Unix the handlers are installed when this is called, not
/// when the future is first polled: a SIGTERM sent as soon as "serving" is printed (before
/// the server loop polls this) would otherwise kill the process instead of stopping it.
/// Public for `heard-bench floor`, which stops as `heard serve` does.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (int, term) = {
        use tokio::signal::unix::{SignalKind, signal};
        (signal(SignalKind::interrupt()).ok(), signal(SignalKind::terminate()).ok())
    };
    async move {
        #[cfg(unix)]
        let (ctrl_c, term) = {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            (wait(int), wait(term))
        };
        #[cfg(not(unix))]
        let (ctrl_c, term) = (
            async {
                let _ = tokio::signal::ctrl_c().await;
            },
            std::future::pending::<()>(),
        );
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
        tracing::info!("shutting down: finishing in-flight appends");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    /// sled's debug and trace records (page dumps) never pass, except the log iterator's
    /// debug records, which carry only log positions; everything else and sled's warnings
    /// pass to the level filter.
    #[test]
    fn only_sleds_recovery_records_pass_below_info() {
        assert!(sled_record_passes("heard::server", Level::DEBUG));
        assert!(sled_record_passes("heard::server", Level::TRACE));
        assert!(sled_record_passes("sled::tree", Level::INFO));
        assert!(sled_record_passes("sled::pagecache::segment", Level::WARN));
        assert!(sled_record_passes(SLED_RECOVERY, Level::DEBUG));
        assert!(!sled_record_passes(SLED_RECOVERY, Level::TRACE));
        assert!(!sled_record_passes("sled::pagecache", Level::DEBUG));
        assert!(!sled_record_passes("sled::pagecache::snapshot", Level::DEBUG));
        assert!(!sled_record_passes("sled::tree", Level::TRACE));
    }
}

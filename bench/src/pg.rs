//! `heard-bench pg`: appends with a receipt in each answer through `PgLog` (issue 26), with
//! 1 to N `PgLog`s on one PostgreSQL and one bucket, beside the limits measured in the same
//! run: PostgreSQL's commit rate (one-row transactions from one connection, as the server is
//! configured: fsync on in the tests' cluster), 4 KiB `fdatasync`s, and `verify_strict` on
//! one core. Each `PgLog` has its own connections, batcher and integration task, as a
//! `heard serve` process would, but they share this process and its runtime.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use ed25519_dalek::SigningKey;
use heard::attribution::policy::batch::BatchPolicy;
use heard::protocol::note::NoteSigner;
use heard::scale::bucket;
use heard::scale::service::{PgConfig, PgLog};
use tokio_postgres::NoTls;

use crate::library::rate;

/// `heard-bench pg`'s options.
#[derive(clap::Args)]
pub struct PgArgs {
    /// The PostgreSQL server (`postgres://…`); each run makes a database of its own on it.
    #[arg(long, env = "HEARD_POSTGRES")]
    postgres: String,
    /// The bucket (`s3://NAME`, endpoint and credentials from the AWS environment
    /// variables); each run writes under a prefix of its own.
    #[arg(long, env = "HEARD_BUCKET")]
    bucket: String,
    /// Concurrent clients, shared out between the `PgLog`s.
    #[arg(long, default_value_t = 32)]
    clients: u64,
    /// Appends per run.
    #[arg(long, default_value_t = 1216)]
    appends: u64,
    /// Runs with 1, 2, … up to this many `PgLog`s.
    #[arg(long, default_value_t = 3)]
    processes: usize,
    /// Also run the appends over HTTP through this `heard` executable: one `heard serve` on
    /// the embedded store, then 1, 2, … up to --processes `heard serve --postgres`.
    #[arg(long)]
    heard: Option<std::path::PathBuf>,
}

/// Runs the PostgreSQL benchmark and prints its figures.
pub fn run(a: PgArgs) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let commits = rt.block_on(run_async(&a))?;
    if let Some(heard) = &a.heard {
        let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis();
        let database = |n: usize| rt.block_on(fresh_database(&a.postgres, &format!("heard_bench_{tag}_serve_{n}")));
        crate::pg_serve::run(heard, database, &a.bucket, a.clients as usize, a.appends, a.processes, commits)?;
    }
    Ok(())
}

/// The `PgLog` runs; returns PostgreSQL's commit rate measured.
async fn run_async(a: &PgArgs) -> anyhow::Result<f64> {
    let store = bucket::open(&a.bucket).map_err(|e| anyhow::anyhow!("{e}"))?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("# heard-bench pg — {cores} cores, {} clients, {} appends a run", a.clients, a.appends);
    let op = SigningKey::from_bytes(&[0x0b; 32]);
    let signer = NoteSigner::new("bench.heard/pg", [0x0c; 32])?;
    let commits = commit_rate(&a.postgres).await?;
    println!("raw PostgreSQL commits (one-row INSERT, one connection): {commits:>9.0} /s");
    let tmp = tempfile::tempdir()?;
    let fsync = crate::library::fsync_rate(tmp.path())?;
    println!("raw fsync (4 KiB write + fdatasync):                      {fsync:>9.0} /s");
    let verify = verify_rate(&op)?;
    println!("raw verify_strict, 1 core:                                {verify:>9.0} /s");
    let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis();
    for n in 1..=a.processes.max(1) {
        let url = fresh_database(&a.postgres, &format!("heard_bench_{tag}_{n}")).await?;
        let prefix = format!("bench-{tag}-{n}");
        let gate = Arc::new(BatchPolicy::new(op.verifying_key().to_bytes()));
        let mut logs = Vec::new();
        for _ in 0..n {
            let log =
                PgLog::open(&url, store.clone(), &prefix, signer.clone(), gate.clone(), PgConfig::default()).await;
            logs.push(Arc::new(log.map_err(|e| anyhow::anyhow!("opening a PgLog: {e}"))?));
        }
        let from = 1_000_000 * n as u64;
        let work = crate::http::enrolments(&op, from, a.appends)?;
        let per = a.appends.div_ceil(a.clients.max(1)) as usize;
        let start = Instant::now();
        let mut tasks = Vec::new();
        for (c, mine) in work.chunks(per.max(1)).enumerate() {
            let (log, mine) = (logs[c % n].clone(), mine.to_vec());
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::with_capacity(mine.len());
                for (st, sig) in mine {
                    let t = Instant::now();
                    let r = tokio::time::timeout(Duration::from_secs(60), log.append(&st, &sig, None)).await;
                    r.context("an append waited over 60 s")?.map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
                    lat.push(t.elapsed());
                }
                anyhow::Ok(lat)
            }));
        }
        let mut lat = Vec::new();
        for t in tasks {
            lat.extend(t.await??);
        }
        let wall = start.elapsed();
        for log in &logs {
            log.stop();
        }
        lat.sort();
        let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)].as_secs_f64() * 1e3;
        let r = rate(lat.len() as u64, wall);
        println!(
            "{n} PgLog(s): {r:>6.0} appends/s with a receipt each = {:5.1}% of PostgreSQL's commits/s  (p50 {:.1} ms, p99 {:.1} ms, {} appends)",
            100.0 * r / commits,
            pct(0.50),
            pct(0.99),
            lat.len()
        );
    }
    Ok(commits)
}

/// One-row INSERT transactions per second from one connection, for one second, in a
/// database of their own.
async fn commit_rate(server: &str) -> anyhow::Result<f64> {
    let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis();
    let url = fresh_database(server, &format!("heard_bench_{tag}_commits")).await?;
    let (client, conn) = tokio_postgres::connect(&url, NoTls).await?;
    tokio::spawn(conn);
    client.batch_execute("CREATE TABLE probe (n BIGINT NOT NULL)").await?;
    let t = Instant::now();
    let mut n = 0i64;
    while t.elapsed() < Duration::from_secs(1) {
        client.execute("INSERT INTO probe (n) VALUES ($1)", &[&n]).await?;
        n += 1;
    }
    Ok(rate(n as u64, t.elapsed()))
}

/// `verify_strict` per second on this thread, for one second, over enrolment statements.
fn verify_rate(op: &SigningKey) -> anyhow::Result<f64> {
    let sample = crate::http::enrolments(op, 0, 256)?;
    let t = Instant::now();
    let mut n = 0u64;
    while t.elapsed() < Duration::from_secs(1) {
        for (st, sig) in &sample {
            heard::protocol::statement::verify_submission(st, sig).map_err(|e| anyhow::anyhow!("{e}"))?;
            n += 1;
        }
    }
    Ok(rate(n, t.elapsed()))
}

/// A new database named `name` on `server`; returns its URL.
async fn fresh_database(server: &str, name: &str) -> anyhow::Result<String> {
    let (client, conn) = tokio_postgres::connect(server, NoTls).await.context("connecting to PostgreSQL")?;
    tokio::spawn(conn);
    client.batch_execute(&format!("CREATE DATABASE {name}")).await?;
    let (head, _) =
        server.rsplit_once('/').context("a PostgreSQL URL ends with its database: postgres://…/postgres")?;
    Ok(format!("{head}/{name}"))
}

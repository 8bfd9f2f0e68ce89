//! The `heard` command line.
//!
//! **Architecture Invariant:** the CLI parses arguments, opens things, prints; every
//! decision is made by the library below it.

mod bench;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::keys::{DataDir, statement_key};
use crate::log::{Log, LogConfig, audit};
use crate::protocol::cbor;
use crate::protocol::statement::{Kind, Statement};

/// Heard: an idea-attribution and knowledge-equity ledger.
#[derive(Parser)]
#[command(name = "heard", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a data folder with a new log key and operator key (done by any command on first run).
    ///
    /// Example: heard init --data ./heard-data --origin heard.example.org/log
    Init {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// Checkpoint origin (and log key name), used when the folder is created.
        #[arg(long, default_value = "heard.localhost/log")]
        origin: String,
    },
    /// Print the log's and the operator's verifier keys.
    ///
    /// Example: heard keys --data ./heard-data
    Keys {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
    },
    /// Append sample statements signed by the operator key, printing each acknowledged seq.
    ///
    /// Each line `acked <seq> <entry hash hex>` is printed only after the entry is on disk.
    /// Example: heard append --data ./heard-data --count 100 --writers 4
    Append {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// Statements to append (0 = until killed).
        #[arg(long, default_value_t = 10)]
        count: u64,
        /// Concurrent submitting threads.
        #[arg(long, default_value_t = 1)]
        writers: u64,
    },
    /// Walk the whole log from genesis and check every signature, chain link and the Merkle root.
    ///
    /// Then replays every entry through the attribution policy (who may sign what) and checks
    /// the domain's indexes against the replay.
    /// Exit status 0 when the log is intact, 1 with the first bad seq and why otherwise.
    /// Example: heard audit --data ./heard-data
    Audit {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// Check only the log (chain, signatures, Merkle tree), not the attribution policy;
        /// for folders filled by `heard append`, whose sample statements are not domain statements.
        #[arg(long)]
        log_only: bool,
    },
    /// Measure the machine's limits and the log's throughput; prints figures and ratios.
    ///
    /// Example: heard bench --entries 1000000
    Bench(bench::BenchArgs),
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("heard: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Opens the log of a data folder, creating it (and its keys) on first run.
pub fn open_log(data: &Path, origin: Option<&str>) -> anyhow::Result<(Log, DataDir)> {
    let dir = DataDir::new(data);
    let (keys, created) = dir.init_keys(origin.unwrap_or("heard.localhost/log"))?;
    if created {
        eprintln!("heard: created {} with a new log key and operator key", data.display());
    }
    let origin = keys.log.name().to_string();
    let log = Log::open(&dir.db(), keys.log, LogConfig::new(origin))
        .with_context(|| format!("opening the log in {}", data.display()))?;
    Ok((log, dir))
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init { data, origin } => {
            let (log, _) = open_log(&data, Some(&origin))?;
            println!("log key: {}", log.verifier().to_text());
            log.close();
        }
        Command::Keys { data } => {
            let dir = DataDir::new(&data);
            let (keys, _) = dir.init_keys("heard.localhost/log")?;
            println!("log      {}", keys.log.verifier().to_text());
            println!("operator {}", keys.operator.verifier().to_text());
        }
        Command::Append { data, count, writers } => {
            let (log, dir) = open_log(&data, None)?;
            let (keys, _) = dir.init_keys("")?;
            let key = statement_key(&keys.operator);
            let start = log.latest().size;
            let next = std::sync::atomic::AtomicU64::new(0);
            let out = std::sync::Mutex::new(std::io::stdout());
            let results: Vec<anyhow::Result<()>> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..writers.max(1))
                    .map(|_| {
                        s.spawn(|| -> anyhow::Result<()> {
                            loop {
                                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                if count != 0 && n >= count {
                                    return Ok(());
                                }
                                let st = Statement {
                                    kind: Kind::Idea,
                                    time: start + n,
                                    author: key.verifying_key().to_bytes(),
                                    body: cbor::encode(&format!("sample statement {} of run from size {start}", n))?,
                                };
                                let (bytes, sig) = st.sign(&key);
                                let a = log.append(&bytes, &sig)?;
                                let mut o = out.lock().map_err(|_| anyhow::anyhow!("stdout lock"))?;
                                writeln!(o, "acked {} {}", a.seq, hex::encode(a.entry_hash))?;
                                o.flush()?;
                            }
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("a writer thread panicked"))))
                    .collect()
            });
            for r in results {
                r?;
            }
            log.close();
        }
        Command::Audit { data, log_only } => {
            // Audit reads the store directly: a damaged log must still be examined, even
            // though it may not open for appends.
            let dir = DataDir::new(&data);
            if !dir.log_key().exists() {
                anyhow::bail!("{} has no log key: is it a Heard data folder?", data.display());
            }
            let (keys, _) = dir.init_keys("")?;
            let store = crate::log::store::Store::open(&dir.db())
                .with_context(|| format!("opening the store in {}", data.display()))?;
            let started = std::time::Instant::now();
            let result = audit::audit(&store, &keys.log.verifier());
            match result {
                Ok(r) => {
                    println!(
                        "audit passed: {} entries, root {}, {:.2} s",
                        r.entries,
                        hex::encode(r.root),
                        started.elapsed().as_secs_f64()
                    );
                }
                Err(f) => {
                    println!("audit FAILED: {f}");
                    return Ok(ExitCode::from(1));
                }
            }
            if !log_only {
                let operator = statement_key(&keys.operator).verifying_key().to_bytes();
                match crate::attribution::audit_policy(&store, operator) {
                    Ok(r) => println!("policy audit passed: {} entries, {} index rows", r.entries, r.rows),
                    Err(f) => {
                        println!("policy audit FAILED: {f}");
                        return Ok(ExitCode::from(1));
                    }
                }
            }
        }
        Command::Bench(args) => bench::run(args)?,
    }
    Ok(ExitCode::SUCCESS)
}

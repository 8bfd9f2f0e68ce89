//! `heard bench --http`: Heard's figures over loopback HTTP, against a `heard serve` child
//! process on 127.0.0.1:0, each printed with its ratio to the physical limit measured in the
//! same run.
//!
//! 1. Durable appends: pre-signed, pre-encoded statements (the operator enrolling fresh keys,
//!    which the policy admits) from CLIENTS concurrent clients, each a thread with its own
//!    keep-alive connection (`ureq`); latency is from sending the request to reading the
//!    receipt.
//! 2. The log is grown to ENTRIES through the library (`Ledger::submit`, the same gate and
//!    writer the server uses, without HTTP), the server restarted on it, and inclusion proofs
//!    (random index, tree size ENTRIES) and checkpoints are read over HTTP by CLIENTS clients.
//! 3. The server's peak RSS (`VmHWM` of the child), the audit of the whole log in this process,
//!    and bytes on disk per entry.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;

use super::bench::{Limits, dir_size, rate};
use crate::attribution::kinds::{ACTION_ENROL, Body, EnrolBody, Id, Role};
use crate::keys::{DataDir, statement_key};
use crate::ledger::Ledger;
use crate::log::audit;
use crate::log::store::Store;
use crate::protocol::statement::{Kind, Statement};

const ORIGIN: &str = "bench.heard/log";

/// What `--http` measures.
pub(super) struct HttpArgs {
    /// Entries in the log for the read, audit, memory and disk figures.
    pub entries: u64,
    /// Appends over HTTP.
    pub appends: u64,
    /// Concurrent clients.
    pub clients: usize,
    /// Requests of each read kind.
    pub reads: u64,
}

/// The `i`-th enrolment of a fresh witness key by the operator: valid, distinct statements.
fn enrolment(op: &SigningKey, i: u64) -> anyhow::Result<(Vec<u8>, [u8; 64])> {
    let mut seed = [0x42u8; 32];
    seed[..8].copy_from_slice(&i.to_be_bytes());
    let member = SigningKey::from_bytes(&seed);
    let body = Body::Enrol(EnrolBody {
        key: Id(member.verifying_key().to_bytes()),
        role: Role::Witness.code(),
        name: format!("bench witness {i}"),
        action: ACTION_ENROL,
    });
    let st = Statement {
        kind: Kind::Enrol,
        time: 1_700_000_000_000 + i,
        author: op.verifying_key().to_bytes(),
        body: body.encode()?,
    };
    Ok(st.sign(op))
}

/// Enrolments `from..from + n`, made on two threads.
fn enrolments(op: &SigningKey, from: u64, n: u64) -> anyhow::Result<Vec<(Vec<u8>, [u8; 64])>> {
    let mid = from + n / 2;
    let make = |r: std::ops::Range<u64>| r.map(|i| enrolment(op, i)).collect::<anyhow::Result<Vec<_>>>();
    std::thread::scope(|s| {
        let a = s.spawn(|| make(from..mid));
        let b = make(mid..from + n)?;
        let mut v = a.join().map_err(|_| anyhow::anyhow!("a signing thread panicked"))??;
        v.extend(b);
        Ok(v)
    })
}

/// A `heard serve` child on 127.0.0.1:0; stopped with SIGTERM, killed if dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(data: &Path) -> anyhow::Result<Server> {
        let exe = std::env::current_exe().context("finding the heard executable")?;
        let mut child = Command::new(exe)
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(["--write-burst", "1000000000", "--writes-per-second", "1000000000", "--concurrency", "4096"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting heard serve")?;
        let out = child.stdout.take().context("the server's stdout")?;
        let mut server = Server { child, url: String::new() };
        for line in BufReader::new(out).lines() {
            let line = line.context("reading the server's stdout")?;
            if let Some(rest) = line.strip_prefix("heard: serving ").and_then(|l| l.split(" at ").nth(1)) {
                server.url = rest.split('/').take(3).collect::<Vec<_>>().join("/");
                return Ok(server);
            }
        }
        bail!("the server stopped before it served")
    }

    /// Peak resident memory of the server so far (`VmHWM`), bytes.
    fn peak_rss(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .context("reading the server's /proc status")?;
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .context("no VmHWM in the server's /proc status")?;
        Ok(kb * 1024)
    }

    fn stop(mut self) -> anyhow::Result<()> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().context("sending SIGTERM")?;
        let status = self.child.wait().context("waiting for the server")?;
        if !sent.success() || !status.success() {
            bail!("the server did not stop cleanly ({status})");
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

/// Runs `work(agent, i)` for `i` in `0..n` from `clients` threads; returns the elapsed time
/// and every request's latency. A request that fails or answers the wrong status is an error.
fn load(
    clients: usize,
    n: u64,
    work: impl Fn(&ureq::Agent, u64) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<(Duration, Vec<Duration>)> {
    let next = AtomicU64::new(0);
    let lat = Mutex::new(Vec::with_capacity(n as usize));
    let failed: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..clients {
            s.spawn(|| {
                let a = agent();
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let t0 = Instant::now();
                    if let Err(e) = work(&a, i) {
                        if let Ok(mut f) = failed.lock() {
                            f.get_or_insert(e);
                        }
                        next.store(n, Ordering::Relaxed);
                        break;
                    }
                    mine.push(t0.elapsed());
                }
                if let Ok(mut l) = lat.lock() {
                    l.extend(mine);
                }
            });
        }
    });
    let elapsed = t.elapsed();
    if let Some(e) = failed.into_inner().ok().flatten() {
        return Err(e);
    }
    let mut lat = lat.into_inner().unwrap_or_default();
    lat.sort();
    Ok((elapsed, lat))
}

fn pct(lat: &[Duration], p: f64) -> f64 {
    lat.get(((lat.len() as f64 - 1.0) * p) as usize).copied().unwrap_or_default().as_secs_f64() * 1e3
}

fn get(a: &ureq::Agent, url: &str) -> anyhow::Result<String> {
    let mut r = a.get(url).call().with_context(|| format!("GET {url}"))?;
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().with_context(|| format!("reading GET {url}"))?;
    if status != 200 {
        bail!("GET {url}: {status} {body}");
    }
    Ok(body)
}

/// Grows the log in `data` to `target` entries through the library, `step` statements at a
/// time from 64 submitting threads.
fn grow(data: &Path, op: &SigningKey, target: u64) -> anyhow::Result<u64> {
    let ledger = Ledger::open_data_folder(data, ORIGIN)?;
    let grown = (|| -> anyhow::Result<u64> {
        let mut size = ledger.log().latest().size;
        // Enrolment numbers above any the HTTP phase used.
        let mut next_i = 1u64 << 40;
        while size < target {
            let n = (target - size).min(50_000);
            let work = enrolments(op, next_i, n)?;
            next_i += n;
            let next = AtomicU64::new(0);
            let failed = Mutex::new(None);
            std::thread::scope(|s| {
                for _ in 0..64 {
                    s.spawn(|| {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                            let Some((b, sig)) = work.get(i) else { break };
                            if let Err(e) = ledger.submit(b, sig, None)
                                && let Ok(mut f) = failed.lock()
                            {
                                f.get_or_insert(e);
                            }
                        }
                    });
                }
            });
            if let Some(e) = failed.into_inner().ok().flatten() {
                bail!("growing the log: {}: {e}", e.code());
            }
            size = ledger.log().latest().size;
        }
        Ok(size)
    })();
    ledger.close();
    grown
}

/// Runs the HTTP benchmark and prints its figures.
pub(super) fn run(a: &HttpArgs, limits: &Limits, root: &Path) -> anyhow::Result<()> {
    let data: PathBuf = root.join("http");
    let dir = DataDir::new(&data);
    let (keys, _) = dir.init_keys(ORIGIN)?;
    let op = statement_key(&keys.operator);
    let pct_of = |x: f64, of: f64| 100.0 * x / of.max(1e-9);

    // 1. Durable appends over HTTP.
    let bodies: Vec<String> = enrolments(&op, 0, a.appends)?
        .into_iter()
        .map(|(b, s)| serde_json::json!({"statement": B64.encode(b), "signature": B64.encode(s)}).to_string())
        .collect();
    let server = Server::start(&data)?;
    let url = format!("{}/v1/statements", server.url);
    let (el, lat) = load(a.clients, a.appends, |ag, i| {
        let body = bodies.get(i as usize).context("no such statement")?;
        let mut r = ag.post(&url).header("Content-Type", "application/json").send(body.as_str())?;
        let status = r.status().as_u16();
        let receipt = r.body_mut().read_to_string()?;
        if status != 201 {
            bail!("append {i}: {status} {receipt}");
        }
        Ok(())
    })?;
    let appends = rate(lat.len() as u64, el);
    println!(
        "HTTP durable appends, {:>2} clients: {appends:>9.0} /s = {:>5.1}% of raw verify_strict, {:>6.1}% of fsync/s  (p50 {:.2} ms, p99 {:.2} ms, {} appends)",
        a.clients,
        pct_of(appends, limits.raw_verify),
        pct_of(appends, limits.fsync),
        pct(&lat, 0.5),
        pct(&lat, 0.99),
        lat.len()
    );
    let rss_appends = server.peak_rss()?;
    server.stop()?;

    // 2. A large log, built through the library.
    let t = Instant::now();
    let size = grow(&data, &op, a.entries)?;
    println!("grew the log to {size} entries through the library in {:.1} s", t.elapsed().as_secs_f64());

    // 3. Reads over HTTP at that size.
    let server = Server::start(&data)?;
    let base = server.url.clone();
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let indexes: Vec<u64> = (0..a.reads)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % size.max(1)
        })
        .collect();
    let (el, lat) = load(a.clients, a.reads, |ag, i| {
        let index = indexes.get(i as usize).copied().unwrap_or(0);
        let body = get(ag, &format!("{base}/v1/proofs/inclusion?index={index}&size={size}"))?;
        if !body.contains("\"hashes\"") {
            bail!("not a proof: {body}");
        }
        Ok(())
    })?;
    let proofs = rate(lat.len() as u64, el);
    println!(
        "HTTP inclusion proofs at {size}: {proofs:>9.0} /s  (p50 {:.2} ms, p99 {:.2} ms)",
        pct(&lat, 0.5),
        pct(&lat, 0.99)
    );
    let (el, lat) = load(a.clients, a.reads, |ag, _| {
        let body = get(ag, &format!("{base}/v1/checkpoint"))?;
        if !body.starts_with(ORIGIN) {
            bail!("not a checkpoint: {body}");
        }
        Ok(())
    })?;
    let checkpoints = rate(lat.len() as u64, el);
    println!(
        "HTTP checkpoint reads at {size}:  {checkpoints:>9.0} /s  (p50 {:.2} ms, p99 {:.2} ms)",
        pct(&lat, 0.5),
        pct(&lat, 0.99)
    );
    let rss = server.peak_rss()?;
    server.stop()?;
    println!(
        "server peak RSS: {:.1} MiB at {size} entries after the reads ({:.1} MiB during the appends at {})",
        rss as f64 / 1048576.0,
        rss_appends as f64 / 1048576.0,
        a.appends
    );

    // 4. Audit and disk.
    let store = Store::open(&dir.db()).context("opening the store for the audit")?;
    let t = Instant::now();
    let report = audit::audit(&store, &keys.log.verifier()).map_err(|e| anyhow::anyhow!("audit failed: {e}"))?;
    let ar = rate(report.entries, t.elapsed());
    println!(
        "audit of {} entries: {ar:>12.0} entries/s = {:>5.1}% of raw verify_batch on {} cores",
        report.entries,
        pct_of(ar, limits.raw_batch_all),
        limits.cores
    );
    drop(store);
    let on_disk = dir_size(&dir.db())?;
    println!(
        "disk: {:.0} bytes per entry ({:.1} MiB in all)",
        on_disk as f64 / size.max(1) as f64,
        on_disk as f64 / 1048576.0
    );
    Ok(())
}

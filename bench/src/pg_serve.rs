//! `heard-bench pg --heard BIN`: the same appends over loopback HTTP, each 201 carrying its
//! receipt, first from one `heard serve` on the embedded store, then from 1, 2, … `heard
//! serve --postgres` processes sharing one new database and one bucket prefix, in the same
//! run as the limits `heard-bench pg` prints. The load generator is `heard-bench --http`'s,
//! one client thread per server, the clients shared out between the servers.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Bytes;
use axum::http::{Method, StatusCode};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use heard::protocol::note::NoteSigner;

use crate::http::{Load, Req, Server, enrolments, load, pct};
use crate::library::rate;

/// Rate limits and concurrency lifted, as `heard-bench --http` starts its server.
const OPEN: [&str; 6] = ["--write-burst", "1000000000", "--writes-per-second", "1000000000", "--concurrency", "4096"];

/// What one phase measured.
struct Phase {
    rate: f64,
    p50: f64,
    p99: f64,
    appends: usize,
}

/// `appends` enrolments by `op`, numbered from `from`, as JSON request bodies.
fn bodies(op: &SigningKey, from: u64, appends: u64) -> anyhow::Result<Arc<Vec<Bytes>>> {
    let b = enrolments(op, from, appends)?
        .into_iter()
        .map(|(b, s)| {
            Bytes::from(serde_json::json!({"statement": B64.encode(b), "signature": B64.encode(s)}).to_string())
        })
        .collect();
    Ok(Arc::new(b))
}

/// Appends `bodies` through `servers` at once, `clients` connections shared out between
/// them; every answer must be a 201 with a receipt.
fn phase(servers: &[Server], clients: usize, bodies: Vec<Arc<Vec<Bytes>>>) -> anyhow::Result<Phase> {
    let per = (clients / servers.len()).max(1);
    let start = Instant::now();
    let lats = std::thread::scope(|s| {
        let runs: Vec<_> = servers
            .iter()
            .zip(bodies)
            .map(|(server, mine)| {
                s.spawn(move || {
                    let n = mine.len() as u64;
                    let work = Load {
                        request: move |i: u64| {
                            let body = mine.get(i as usize).context("no such statement")?.clone();
                            Ok(Req { method: Method::POST, path: "/v1/statements".into(), body })
                        },
                        status: StatusCode::CREATED,
                        check: |_, body: &[u8]| {
                            anyhow::ensure!(
                                body.windows(22).any(|w| w == b"c2sp.org/tlog-proof@v1"),
                                "a 201 without its receipt"
                            );
                            Ok(())
                        },
                    };
                    load(server.addr()?, per, n, work)
                })
            })
            .collect();
        runs.into_iter()
            .map(|h| h.join().map_err(|_| anyhow::anyhow!("a load thread panicked"))?)
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    let wall = start.elapsed();
    let mut lat: Vec<Duration> = lats.into_iter().flat_map(|(_, l)| l).collect();
    lat.sort();
    Ok(Phase { rate: rate(lat.len() as u64, wall), p50: pct(&lat, 0.5), p99: pct(&lat, 0.99), appends: lat.len() })
}

/// Runs the phases; `database(n)` makes the empty database of the run with `n` servers.
pub(crate) fn run(
    heard: &Path,
    database: impl Fn(usize) -> anyhow::Result<String>,
    bucket: &str,
    clients: usize,
    appends: u64,
    processes: usize,
    commits: f64,
) -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let op = SigningKey::from_bytes(&[0x0b; 32]);
    let data = tmp.path().join("keys");
    std::fs::create_dir_all(&data)?;
    heard::keys::write_key_file(&data.join("log.key"), &NoteSigner::new("bench.heard/serve", [0x0d; 32])?)?;
    heard::keys::write_key_file(&data.join("operator.key"), &NoteSigner::new("operator", op.to_bytes())?)?;
    let show = |label: &str, p: &Phase| {
        println!(
            "{label}: {:>6.0} appends/s with a receipt in each 201 = {:5.1}% of PostgreSQL's commits/s  (p50 {:.1} ms, p99 {:.1} ms, {} appends)",
            p.rate,
            100.0 * p.rate / commits.max(1e-9),
            p.p50,
            p.p99,
            p.appends
        );
    };

    // The embedded store, on a copy of the keys.
    let embedded = tmp.path().join("embedded");
    std::fs::create_dir_all(&embedded)?;
    for f in ["log.key", "operator.key"] {
        std::fs::copy(data.join(f), embedded.join(f))?;
    }
    let server = Server::spawn(heard, "serve", |c| {
        c.args(["--listen", "127.0.0.1:0", "--data"]).arg(&embedded).args(OPEN);
    })?;
    let p = phase(std::slice::from_ref(&server), clients, vec![bodies(&op, 0, appends)?])?;
    server.stop()?;
    show("HTTP, 1 heard serve, embedded store  ", &p);

    let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis();
    for n in 1..=processes.max(1) {
        let url = database(n)?;
        let prefix = format!("serve-{tag}-{n}");
        let servers = (0..n)
            .map(|_| {
                Server::spawn(heard, "serve", |c| {
                    c.args(["--listen", "127.0.0.1:0", "--data"]).arg(&data).args(OPEN).args([
                        "--postgres",
                        &url,
                        "--bucket",
                        bucket,
                        "--prefix",
                        &prefix,
                    ]);
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let per = appends.div_ceil(n as u64);
        let work = (0..n as u64)
            .map(|k| bodies(&op, 1_000_000 * (n as u64) + k * per, per))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let p = phase(&servers, clients, work)?;
        for s in servers {
            s.stop()?;
        }
        show(&format!("HTTP, {n} heard serve --postgres       "), &p);
    }
    Ok(())
}

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
const OPEN: [&str; 8] = [
    "--write-burst",
    "1000000000",
    "--writes-per-second",
    "1000000000",
    "--concurrency",
    "4096",
    "--open-requests-per-address",
    "65536",
];

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
        show(&format!("HTTP, {n} heard serve --postgres       "), &p);
        if n == 1 {
            reads(&servers[0], bucket, &prefix, clients, appends)?;
        }
        for s in servers {
            s.stop()?;
        }
    }
    Ok(())
}

/// Inclusion proofs over HTTP from a `heard serve --postgres` (read from `heard_nodes`), and
/// full hash tiles read straight from the bucket as a public client would, `n` of each.
fn reads(server: &Server, bucket: &str, prefix: &str, clients: usize, n: u64) -> anyhow::Result<()> {
    let body = ureq_like_get(server, "/healthz")?;
    let size =
        body.trim().strip_prefix("ok ").and_then(|s| s.parse::<u64>().ok()).context("the log's size from /healthz")?;
    anyhow::ensure!(size >= 256, "the log has {size} entries: too few for a full tile");
    let work = Load {
        request: move |i: u64| {
            let index = (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 11) % size;
            Ok(Req {
                method: Method::GET,
                path: format!("/v1/proofs/inclusion?index={index}&size={size}"),
                body: Bytes::new(),
            })
        },
        status: StatusCode::OK,
        check: |_, body: &[u8]| {
            anyhow::ensure!(body.windows(8).any(|w| w == b"\"hashes\""), "an answer without its proof");
            Ok(())
        },
    };
    let (el, lat) = load(server.addr()?, clients, n, work)?;
    println!(
        "HTTP inclusion proofs at {size}, 1 heard serve --postgres: {:>6.0} /s  (p50 {:.1} ms, p99 {:.1} ms)",
        rate(lat.len() as u64, el),
        pct(&lat, 0.5),
        pct(&lat, 0.99)
    );

    let store = heard::scale::bucket::open(bucket).map_err(|e| anyhow::anyhow!("{e}"))?;
    let full = size / 256;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (el, mut lat) = rt.block_on(async move {
        let next = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let start = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..clients.min(64) {
            let (store, next, prefix) = (store.clone(), next.clone(), prefix.to_owned());
            tasks.spawn(async move {
                let mut lat = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= n {
                        return anyhow::Ok(lat);
                    }
                    let rel = heard::log::tiles::tile_path(0, i % full, 256);
                    let path = object_store::path::Path::from(format!("{prefix}/{rel}"));
                    let t = Instant::now();
                    let bytes = object_store::ObjectStoreExt::get(&*store, &path).await?.bytes().await?;
                    anyhow::ensure!(bytes.len() == 256 * 32, "tile {rel} is {} bytes", bytes.len());
                    lat.push(t.elapsed());
                }
            });
        }
        let mut lat = Vec::new();
        while let Some(r) = tasks.join_next().await {
            lat.extend(r??);
        }
        anyhow::Ok((start.elapsed(), lat))
    })?;
    lat.sort();
    println!(
        "full hash tiles read from the bucket:                 {:>6.0} /s  (p50 {:.1} ms, p99 {:.1} ms, {} clients)",
        rate(lat.len() as u64, el),
        pct(&lat, 0.5),
        pct(&lat, 0.99),
        clients.min(64)
    );
    Ok(())
}

/// The body of `GET path` from `server`.
fn ureq_like_get(server: &Server, path: &str) -> anyhow::Result<String> {
    use std::io::{Read as _, Write as _};
    let mut tcp = std::net::TcpStream::connect(server.addr()?)?;
    write!(tcp, "GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    tcp.read_to_string(&mut answer)?;
    let (_, body) = answer.split_once("\r\n\r\n").context("an HTTP answer")?;
    Ok(body.to_owned())
}

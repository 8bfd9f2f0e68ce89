//! `heard-bench`: the machine's physical limits and the log's figures, as ratios to them.
//!
//! Everything is measured in the same run on the same machine. Nothing here asserts a
//! figure; it prints them.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use heard::keys::random_seed;
use heard::log::{Log, LogConfig, audit};
use heard::protocol::cbor;
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::{Kind, Statement, signing_message, verify_submission};

/// Options of `heard-bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Entries in the log for the proof, audit and disk figures.
    #[arg(long, default_value_t = 1_000_000)]
    entries: u64,
    /// Appends per submitter-count run.
    #[arg(long, default_value_t = 20_000)]
    appends: u64,
    /// Folder for the benchmark's logs (a temporary folder by default). The library
    /// benchmark makes its logs anew there on every run (each run signs with a new key);
    /// with --http the log there is reused and grown.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Measure over HTTP against a `heard serve` child on 127.0.0.1:0 instead of the library:
    /// appends from CLIENTS concurrent clients, proofs and checkpoint reads at ENTRIES,
    /// the server's peak RSS (see `http`).
    #[arg(long)]
    http: bool,
    /// With --http: concurrent HTTP clients (each with its own keep-alive connection).
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// With --http: requests of each read kind (inclusion proofs, checkpoints).
    #[arg(long, default_value_t = 40_000)]
    reads: u64,
    /// With --http: the `heard` executable to serve with (default: the `heard` beside this
    /// executable, as a cargo build of the workspace leaves it).
    #[arg(long)]
    heard: Option<PathBuf>,
    /// Measure search instead (see `search`): an index of IDEAS ideas, its
    /// query latency, build rate and size, and the rebuild of a ledger of LEDGER_IDEAS.
    #[arg(long)]
    search: bool,
    /// With --search: ideas in the index.
    #[arg(long, default_value_t = 1_000_000)]
    ideas: u64,
    /// With --search: ideas appended to a ledger whose index is then rebuilt (0: skip).
    #[arg(long, default_value_t = 20_000)]
    ledger_ideas: u64,
    /// With --search: queries measured.
    #[arg(long, default_value_t = 3_000)]
    queries: u64,
}

impl BenchArgs {
    /// The `--http` options; refused when there is no `heard` executable to serve with.
    fn http_args(&self) -> anyhow::Result<crate::http::HttpArgs> {
        let heard = heard_beside(self.heard.as_deref())?;
        Ok(crate::http::HttpArgs {
            entries: self.entries,
            appends: self.appends,
            clients: self.clients.max(1),
            reads: self.reads,
            heard,
        })
    }
}

/// The `heard` executable: `given`, or the one beside this executable (as a cargo build of
/// the workspace leaves it); refused when there is none.
pub(crate) fn heard_beside(given: Option<&std::path::Path>) -> anyhow::Result<PathBuf> {
    let heard = match given {
        Some(p) => p.to_path_buf(),
        None => std::env::current_exe()
            .context("finding the heard-bench executable")?
            .with_file_name(format!("heard{}", std::env::consts::EXE_SUFFIX)),
    };
    if !heard.is_file() {
        anyhow::bail!(
            "no heard executable at {} (build it with `cargo build --workspace`, or name it with --heard)",
            heard.display()
        );
    }
    Ok(heard)
}

pub(crate) fn rate(n: u64, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

fn statements(n: u64, tag: &str) -> Vec<(Vec<u8>, [u8; 64])> {
    let keys: Vec<SigningKey> = (0..16u8).map(|i| SigningKey::from_bytes(&[i + 1; 32])).collect();
    let per = n.div_ceil(2).max(1);
    let make = |range: std::ops::Range<u64>| -> Vec<(Vec<u8>, [u8; 64])> {
        range
            .map(|i| {
                let k = &keys[(i % 16) as usize];
                // About the size of a real idea statement: ~200 bytes of body.
                let body = format!("{tag} {i}: {}", "x".repeat(180));
                Statement {
                    kind: Kind::Idea,
                    time: i,
                    author: k.verifying_key().to_bytes(),
                    body: cbor::encode(&body).unwrap_or_default(),
                }
                .sign(k)
            })
            .collect()
    };
    std::thread::scope(|s| {
        let a = s.spawn(|| make(0..per.min(n)));
        let b = make(per.min(n)..n);
        let mut v = a.join().unwrap_or_default();
        v.extend(b);
        v
    })
}

/// The machine's physical limits, measured in this run.
pub(crate) struct Limits {
    /// Cores available.
    pub cores: usize,
    /// `verify_strict` per second on one core.
    pub raw_verify: f64,
    /// Batch-verified signatures per second on every core.
    pub raw_batch_all: f64,
    /// fsync (`fdatasync` of a 4 KiB write) per second in the benchmark's folder.
    pub fsync: f64,
    /// The signatures the raw rates were measured on, kept to measure them again.
    raw: RawSignatures,
}

/// `dir`, emptied of what an earlier run left there (a log signed with another key).
fn fresh(dir: PathBuf) -> anyhow::Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("removing the earlier run's {}", dir.display()))?;
    }
    Ok(dir)
}

/// Runs the benchmark and prints its figures.
pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    let tmp;
    let root = match args.dir.clone() {
        Some(d) => d,
        None => {
            tmp = tempfile::tempdir().context("making a temporary folder")?;
            tmp.path().to_path_buf()
        }
    };
    if args.search {
        return crate::search::run(args.ideas, args.ledger_ideas, args.queries, &root);
    }
    // Before any measurement: a missing `heard` executable is refused at once.
    let http = if args.http { Some(args.http_args()?) } else { None };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("# heard-bench{} — {} cores, {} entries", if args.http { " --http" } else { "" }, cores, args.entries);
    let limits = limits(&root)?;
    if let Some(http) = http {
        return crate::http::run(&http, &limits, &root);
    }
    let Limits { raw_verify, raw_batch_all, .. } = limits;
    let raw = &limits.raw;
    // What a submitter's thread does per append before queueing it, against the bare check,
    // in alternating quarter seconds so that the machine's drift cancels out of the ratio.
    let checks = statements(4096, "checks");
    let (mut n, mut busy, mut raw_rates) = (0u64, Duration::ZERO, 0.0);
    for _ in 0..8 {
        raw_rates += raw_verify_strict(raw, Duration::from_millis(250))?;
        let t = Instant::now();
        while t.elapsed() < Duration::from_millis(250) {
            for (b, sig) in checks.iter().take(64) {
                std::hint::black_box(verify_submission(b, sig).context("statement check")?);
                n += 1;
            }
        }
        busy += t.elapsed();
    }
    let r = rate(n, busy);
    println!(
        "statement checks, 1 core:         {r:>12.0} /s  = {:>5.1}% of raw verify_strict in the quarter seconds between (decode, canonical check, key of one of 16 authors, signature)",
        100.0 * r / (raw_rates / 8.0)
    );
    // Durable appends through the group-commit writer.
    let runs: &[u64] = if args.appends == 0 { &[] } else { &[1, 8, 64] };
    for &submitters in runs {
        let dir = fresh(root.join(format!("appends-{submitters}")))?;
        let signer = NoteSigner::new("bench.heard/log", random_seed()?)?;
        let log = Log::open(&dir, signer, LogConfig::new("bench.heard/log"))?;
        let work = statements(args.appends, &format!("s{submitters}"));
        // This machine's speed drifts by up to a fifth within a minute (a VM): the raw figure
        // is measured again right before and after the phase too, and the ratio to their mean
        // printed beside the one to the run's first measurement.
        let raw_before = raw_verify_strict(raw, Duration::from_secs(1))?;
        let next = AtomicU64::new(0);
        let lat = std::sync::Mutex::new(Vec::with_capacity(work.len()));
        let t = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..submitters {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                        let Some((b, sig)) = work.get(i) else { break };
                        let t0 = Instant::now();
                        if log.append(b, sig).is_ok() {
                            mine.push(t0.elapsed());
                        }
                    }
                    if let Ok(mut l) = lat.lock() {
                        l.extend(mine);
                    }
                });
            }
        });
        let elapsed = t.elapsed();
        let raw_after = raw_verify_strict(raw, Duration::from_secs(1))?;
        let mut lat = lat.into_inner().unwrap_or_default();
        lat.sort();
        let pct = |p: f64| lat.get(((lat.len() as f64 - 1.0) * p) as usize).copied().unwrap_or_default();
        let r = rate(lat.len() as u64, elapsed);
        let st = log.stats();
        let batches = st.batches.load(Ordering::Relaxed).max(1) as f64;
        println!(
            "durable appends, {submitters:>2} submitters:  {r:>12.0} /s  = {:>5.1}% of raw verify_strict  (p50 {:.2} ms, p99 {:.2} ms; {:.1} entries and {:.2} ms of storage commit per batch)",
            100.0 * r / raw_verify,
            pct(0.5).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3,
            st.entries.load(Ordering::Relaxed) as f64 / batches,
            st.commit_nanos.load(Ordering::Relaxed) as f64 / batches / 1e6,
        );
        let around = (raw_before + raw_after) / 2.0;
        println!(
            "  raw verify_strict around it: {raw_before:.0} /s before, {raw_after:.0} /s after: the appends are {:.1}% of their mean",
            100.0 * r / around
        );
        log.close().map_err(anyhow::Error::msg)?;
    }

    // A large log for proofs, audit and disk use.
    let dir = fresh(root.join("large"))?;
    let signer = NoteSigner::new("bench.heard/log", random_seed()?)?;
    let verifier = signer.verifier();
    let log = Log::open(&dir, signer, LogConfig::new("bench.heard/log"))?;
    let mut raw_bytes = 0u64;
    let t = Instant::now();
    let step = 50_000u64;
    let mut done = 0u64;
    while done < args.entries {
        let n = step.min(args.entries - done);
        let work = statements(n, &format!("large{done}"));
        let next = AtomicU64::new(0);
        let bytes = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..64 {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                        let Some((b, sig)) = work.get(i) else { break };
                        if let Ok(a) = log.append(b, sig) {
                            bytes.fetch_add(a.entry.len() as u64, Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        raw_bytes += bytes.load(Ordering::Relaxed);
        done += n;
    }
    let size = log.latest().size;
    println!("built a log of {size} entries in {:.1} s (signing included)", t.elapsed().as_secs_f64());

    let mut lat = Vec::new();
    let t = Instant::now();
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let i = x % size.max(1);
        let t0 = Instant::now();
        let p = log.inclusion_proof(i, size).map_err(|e| anyhow::anyhow!("proof: {e}"))?;
        std::hint::black_box(p);
        lat.push(t0.elapsed());
    }
    let el = t.elapsed();
    lat.sort();
    let med = lat.get(lat.len() / 2).copied().unwrap_or_default();
    println!(
        "inclusion proofs at {size}:     {:>12.0} /s on 1 thread, median {:.1} µs",
        rate(lat.len() as u64, el),
        med.as_secs_f64() * 1e6
    );

    let raw_batch_now = raw_batch_again(&limits);
    let t = Instant::now();
    let report = audit::audit(log.store(), &verifier).map_err(|e| anyhow::anyhow!("audit failed: {e}"))?;
    let ar = rate(report.entries, t.elapsed());
    println!(
        "audit:                            {ar:>12.0} entries/s = {:>5.1}% of raw verify_batch on {cores} cores (just before), {:.1}% of it at the start",
        100.0 * ar / raw_batch_now,
        100.0 * ar / raw_batch_all
    );

    log.close().map_err(anyhow::Error::msg)?;
    drop(log);
    let on_disk = dir_size(&dir)?;
    println!(
        "disk: {:.0} bytes per entry on disk, {:.0} raw entry bytes per entry, ratio {:.2}",
        on_disk as f64 / size.max(1) as f64,
        raw_bytes as f64 / size.max(1) as f64,
        on_disk as f64 / raw_bytes.max(1) as f64
    );
    Ok(())
}

/// Measures the machine's limits and prints them.
fn limits(root: &std::path::Path) -> anyhow::Result<Limits> {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let raw = raw_signatures();
    let raw_verify = raw_verify_strict(&raw, Duration::from_secs(2))?;
    println!("raw verify_strict, 1 core:        {raw_verify:>12.0} /s");
    let batch_rate = |threads| raw_batch_rate(&raw, threads, Duration::from_secs(2));

    let raw_batch_1 = batch_rate(1);
    let raw_batch_all = batch_rate(cores);
    println!("raw verify_batch, 1 core:         {raw_batch_1:>12.0} /s");
    println!("raw verify_batch, {cores} cores:        {raw_batch_all:>12.0} /s");

    let buf = vec![0x5au8; 1 << 20];
    let t = Instant::now();
    let mut mb = 0u64;
    while t.elapsed() < Duration::from_secs(1) {
        std::hint::black_box(Sha256::digest(&buf));
        mb += 1;
    }
    println!("raw SHA-256, 1 core:              {:>12.0} MB/s", rate(mb, t.elapsed()) * 1.048576);

    // What decoding a statement once per append instead of three times saves (issue 24): two
    // of these, against the append's whole cost.
    let sample = statements(256, "decode");
    let t = Instant::now();
    let mut n = 0u64;
    while t.elapsed() < Duration::from_secs(1) {
        for (st, _) in &sample {
            std::hint::black_box(Statement::decode(st).context("decoding a sample statement")?);
            n += 1;
        }
    }
    let decode = rate(n, t.elapsed());
    println!("raw statement decode + canonical check, 1 core: {decode:>9.0} /s ({:.2} µs each)", 1e6 / decode);

    let fsync = fsync_rate(root)?;
    println!("raw fsync (4 KiB write + fdatasync): {fsync:>9.0} /s");
    Ok(Limits { cores, raw_verify, raw_batch_all, fsync, raw })
}

/// The signatures the raw limits are measured on: 4,096 messages of about a statement's
/// size, signed by one key.
struct RawSignatures {
    vk: VerifyingKey,
    msgs: Vec<Vec<u8>>,
    sigs: Vec<Signature>,
}

fn raw_signatures() -> RawSignatures {
    let key = SigningKey::from_bytes(&[7; 32]);
    let msgs: Vec<Vec<u8>> = (0..4096u32).map(|i| signing_message(&i.to_be_bytes().repeat(60))).collect();
    let sigs = msgs.iter().map(|m| key.sign(m)).collect();
    RawSignatures { vk: key.verifying_key(), msgs, sigs }
}

/// Batch-verified signatures per second on `threads` threads, over `d`.
fn raw_batch_rate(raw: &RawSignatures, threads: usize, d: Duration) -> f64 {
    let RawSignatures { vk, msgs, sigs } = raw;
    let done = AtomicU64::new(0);
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let m: Vec<&[u8]> = msgs.iter().map(Vec::as_slice).collect();
                let keys = vec![*vk; m.len()];
                while t.elapsed() < d {
                    if ed25519_dalek::verify_batch(&m, sigs, &keys).is_ok() {
                        done.fetch_add(m.len() as u64, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    rate(done.load(Ordering::Relaxed), t.elapsed())
}

/// Measures raw `verify_batch` on every core again and prints it: an audit's ratio is taken
/// against this, measured just before it, because on a VM the rate can move by a tenth or
/// more between the start of a run and its audit minutes later.
pub(crate) fn raw_batch_again(limits: &Limits) -> f64 {
    let cores = limits.cores;
    let r = raw_batch_rate(&limits.raw, cores, Duration::from_secs(2));
    println!("raw verify_batch, {cores} cores, again just before the audit: {r:>9.0} /s");
    r
}

/// `verify_strict` per second on this thread, over `d`.
fn raw_verify_strict(raw: &RawSignatures, d: Duration) -> anyhow::Result<f64> {
    let RawSignatures { vk, msgs, sigs } = raw;
    let t = Instant::now();
    let mut n = 0u64;
    while t.elapsed() < d {
        for (m, s) in msgs.iter().zip(sigs).take(512) {
            vk.verify_strict(m, s).context("raw verify")?;
            n += 1;
        }
    }
    Ok(rate(n, t.elapsed()))
}

/// 4 KiB writes, each followed by `fdatasync`, for one second in `root`.
pub(crate) fn fsync_rate(root: &std::path::Path) -> anyhow::Result<f64> {
    use std::io::{Seek, Write};
    std::fs::create_dir_all(root)?;
    let path = root.join("fsync-probe");
    let mut f = std::fs::File::create(&path).context("creating the fsync probe file")?;
    let page = [0x5au8; 4096];
    let t = Instant::now();
    let mut n = 0u64;
    while t.elapsed() < Duration::from_secs(1) {
        f.seek(std::io::SeekFrom::Start(0))?;
        f.write_all(&page)?;
        f.sync_data()?;
        n += 1;
    }
    let r = rate(n, t.elapsed());
    drop(f);
    std::fs::remove_file(&path)?;
    Ok(r)
}

/// The folder's size on disk, bytes.
pub(crate) fn dir_size(p: &std::path::Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for e in std::fs::read_dir(p)? {
        let e = e?;
        let m = e.metadata()?;
        total += if m.is_dir() { dir_size(&e.path())? } else { m.len() };
    }
    Ok(total)
}

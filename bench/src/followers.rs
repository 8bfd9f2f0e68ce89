//! `heard-bench followers`: the store's followers' workload on sled and on fjall, side by
//! side (issue 24): per entry an entry hash and a statement hash (→ seq) and five domain
//! rows (random 33-byte keys, 100-byte values), written in groups of 64 entries with a
//! watermark, then random lookups of statement hashes that are there and that are not.
//!
//! Each engine runs in a child process of its own (so its RSS and peak RSS are its own),
//! with the settings the store uses: sled in `HighThroughput` mode with the store's page
//! cache (`heard::log::store::DEFAULT_CACHE_BYTES`), unflushed; fjall with the store's cache,
//! memtable and journal sizes, its batches unsynced. The disk's raw 4 KiB write + fdatasync
//! rate is measured in the same run, in the same folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use sha2::{Digest, Sha256};

use crate::library::{fsync_rate, rate};

/// Entries per write group (the store publishes a group of appends in one batch).
const GROUP: u64 = 64;
/// Lookups of each kind (hit, miss).
const LOOKUPS: u64 = 100_000;

#[derive(Args)]
pub(crate) struct FollowersArgs {
    /// Entries to write (7 rows each).
    #[arg(long, default_value_t = 1_000_000)]
    entries: u64,
    /// The engines to run, in order (a sled run at 1M entries takes about 25 minutes).
    #[arg(long, value_delimiter = ',', default_values_t = ["sled".to_string(), "fjall".to_string()])]
    engines: Vec<String>,
    /// Folder for the databases (default: a temporary folder).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// fjall's memtable size per keyspace, MiB (default: the store's setting).
    #[arg(long)]
    memtable_mib: Option<u64>,
    /// fjall's block cache, MiB (default: the store's setting).
    #[arg(long)]
    cache_mib: Option<u64>,
    /// Internal: run one engine in this process and print its figures as one line.
    #[arg(long, hide = true)]
    engine: Option<String>,
}

trait Kv {
    /// Writes a group: its index keys, its domain rows and the watermark, in one batch.
    fn put(&self, index: &[([u8; 33], u64)], rows: &[([u8; 33], [u8; 100])], watermark: u64) -> anyhow::Result<()>;
    fn has(&self, k: &[u8; 33]) -> anyhow::Result<bool>;
}

struct Sled(sled::Tree, #[allow(dead_code)] sled::Db);

impl Kv for Sled {
    fn put(&self, index: &[([u8; 33], u64)], rows: &[([u8; 33], [u8; 100])], watermark: u64) -> anyhow::Result<()> {
        let mut b = sled::Batch::default();
        for (k, v) in index {
            b.insert(&k[..], &v.to_be_bytes()[..]);
        }
        for (k, v) in rows {
            b.insert(&k[..], &v[..]);
        }
        b.insert(&b"Mwatermark"[..], &watermark.to_be_bytes()[..]);
        Ok(self.0.apply_batch(b)?)
    }
    fn has(&self, k: &[u8; 33]) -> anyhow::Result<bool> {
        Ok(self.0.get(k)?.is_some())
    }
}

struct Fjall {
    db: fjall::Database,
    index: fjall::Keyspace,
    domain: fjall::Keyspace,
    meta: fjall::Keyspace,
}

impl Kv for Fjall {
    fn put(&self, index: &[([u8; 33], u64)], rows: &[([u8; 33], [u8; 100])], watermark: u64) -> anyhow::Result<()> {
        let mut b = self.db.batch();
        for (k, v) in index {
            b.insert(&self.index, k.as_slice(), v.to_be_bytes().as_slice());
        }
        for (k, v) in rows {
            b.insert(&self.domain, k.as_slice(), v.as_slice());
        }
        b.insert(&self.meta, "indexed", watermark.to_be_bytes().as_slice());
        b.insert(&self.meta, "applied", watermark.to_be_bytes().as_slice());
        Ok(b.commit()?)
    }
    fn has(&self, k: &[u8; 33]) -> anyhow::Result<bool> {
        Ok(self.index.get(k)?.is_some())
    }
}

fn key(tag: u8, i: u64, j: u8) -> [u8; 33] {
    let mut k = [0u8; 33];
    k[0] = tag;
    k[1..].copy_from_slice(&Sha256::new().chain_update([tag, j]).chain_update(i.to_be_bytes()).finalize());
    k
}

/// Bytes allocated on disk under `p` (fjall's journal file is 64 MiB long but sparse).
fn allocated(p: &Path) -> anyhow::Result<u64> {
    use std::os::unix::fs::MetadataExt as _;
    let mut total = 0;
    for e in std::fs::read_dir(p)? {
        let e = e?;
        let m = e.metadata()?;
        total += if m.is_dir() { allocated(&e.path())? } else { m.blocks() * 512 };
    }
    Ok(total)
}

/// VmRSS and VmHWM of this process, MiB.
fn rss() -> (u64, u64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let f = |k: &str| {
        s.lines().find(|l| l.starts_with(k)).and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok()).unwrap_or(0)
            / 1024
    };
    (f("VmRSS:"), f("VmHWM:"))
}

fn open(engine: &str, dir: &Path, args: &FollowersArgs) -> anyhow::Result<Box<dyn Kv>> {
    Ok(match engine {
        "sled" => {
            let db = sled::Config::new()
                .path(dir)
                .mode(sled::Mode::HighThroughput)
                .cache_capacity(heard::log::store::DEFAULT_CACHE_BYTES)
                .open()?;
            Box::new(Sled(db.open_tree("log")?, db))
        }
        "fjall" => {
            use heard::log::store::{FOLLOWERS_CACHE_BYTES, FOLLOWERS_JOURNAL_BYTES, FOLLOWERS_MEMTABLE_BYTES};
            let db = fjall::Database::builder(dir)
                .cache_size(args.cache_mib.map_or(FOLLOWERS_CACHE_BYTES, |m| m << 20))
                .max_journaling_size(FOLLOWERS_JOURNAL_BYTES)
                .open()?;
            let memtable = args.memtable_mib.map_or(FOLLOWERS_MEMTABLE_BYTES, |m| m << 20);
            let opts = || fjall::KeyspaceCreateOptions::default().max_memtable_size(memtable);
            let (index, domain) = (db.keyspace("index", opts)?, db.keyspace("domain", opts)?);
            let meta = db.keyspace("meta", || fjall::KeyspaceCreateOptions::default().max_memtable_size(1 << 20))?;
            Box::new(Fjall { db, index, domain, meta })
        }
        other => anyhow::bail!("no engine {other:?}"),
    })
}

/// One engine's run, printed as `engine inserts hit miss rss hwm disk`.
fn one(engine: &str, entries: u64, dir: &Path, args: &FollowersArgs) -> anyhow::Result<()> {
    let kv = open(engine, dir, args)?;
    let t = Instant::now();
    let mut seq = 0;
    while seq < entries {
        let end = entries.min(seq + GROUP);
        let index: Vec<_> = (seq..end).flat_map(|s| [(key(b'E', s, 0), s), (key(b'S', s, 0), s)]).collect();
        let rows: Vec<_> = (seq..end).flat_map(|s| (0..5u8).map(move |j| (key(b'D', s, j), [j; 100]))).collect();
        kv.put(&index, &rows, end)?;
        seq = end;
    }
    let inserts = rate(entries, t.elapsed());
    let t = Instant::now();
    let mut found = 0u64;
    for i in 0..LOOKUPS {
        found += u64::from(kv.has(&key(b'S', (i * 7919) % entries, 0))?);
    }
    let hit = rate(LOOKUPS, t.elapsed());
    anyhow::ensure!(found == LOOKUPS, "{engine}: only {found} of {LOOKUPS} keys found");
    let t = Instant::now();
    for i in 0..LOOKUPS {
        anyhow::ensure!(!kv.has(&key(b'S', entries + i, 0))?, "{engine}: found a key never written");
    }
    let miss = rate(LOOKUPS, t.elapsed());
    let (now, peak) = rss();
    let disk = allocated(dir)?;
    println!("{engine} {inserts:.0} {hit:.0} {miss:.0} {now} {peak} {disk}");
    Ok(())
}

pub(crate) fn run(args: FollowersArgs) -> anyhow::Result<()> {
    let tmp;
    let root = match &args.dir {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().to_owned()
        }
    };
    anyhow::ensure!(args.entries > 0, "--entries must be at least 1");
    if let Some(engine) = &args.engine {
        return one(engine, args.entries, &root, &args);
    }
    std::fs::create_dir_all(&root)?;
    let fsync = fsync_rate(&root)?;
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "followers' workload: {} entries, 7 rows each (2 hash keys → seq, 5 domain rows of 100 bytes), groups of {GROUP}",
        args.entries
    );
    println!("load average at the start: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    println!("raw fsync (4 KiB write + fdatasync): {fsync:>9.0} /s");
    println!(
        "{:<6} {:>14} {:>14} {:>14} {:>9} {:>9} {:>9}",
        "engine", "entries/s", "hits/s", "misses/s", "RSS MiB", "peak MiB", "disk MiB"
    );
    for engine in &args.engines {
        anyhow::ensure!(engine == "sled" || engine == "fjall", "no engine {engine:?}: choose sled or fjall");
        let dir = root.join(engine);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        // This very executable, even if a build replaced the file since it started.
        let mut cmd = std::process::Command::new("/proc/self/exe");
        cmd.args(["followers", "--entries", &args.entries.to_string(), "--engine", engine.as_str(), "--dir"]).arg(&dir);
        for (flag, v) in [("--memtable-mib", args.memtable_mib), ("--cache-mib", args.cache_mib)] {
            if let Some(v) = v {
                cmd.args([flag, &v.to_string()]);
            }
        }
        let out = cmd.output().with_context(|| format!("running the {engine} child"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        anyhow::ensure!(out.status.success(), "{engine}: {}{}", text, String::from_utf8_lossy(&out.stderr));
        let f: Vec<f64> = text.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
        anyhow::ensure!(f.len() == 6, "{engine}: unexpected output {text:?}");
        println!(
            "{engine:<6} {:>14.0} {:>14.0} {:>14.0} {:>9.0} {:>9.0} {:>9.0}",
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            f[5] / 1048576.0
        );
        std::fs::remove_dir_all(&dir)?;
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average at the end: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    println!(
        "({} rows per group of {GROUP} entries in one batch, never synced; a durable append syncs the journal, \
         {fsync:.0} /s here)",
        7 * GROUP
    );
    Ok(())
}

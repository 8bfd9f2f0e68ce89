//! `heard-bench open`: how long `heard serve` takes to open a data folder, and how many bytes
//! it reads doing so, beside the size of the folder's files and the time to read them all
//! once in the same run (what an open that re-read every file would at least cost).
//!
//! Each run starts `heard serve` on the folder (as `--http` does), waits for the line it
//! prints once it serves, reads the child's `/proc/PID/io` (`rchar`: bytes its `read`
//! calls returned, from the page cache or not; `read_bytes`: bytes it made the disk read) and
//! stops it with SIGTERM. Bytes the process reads through memory maps are in neither.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use crate::http::Server;
use crate::library::dir_size;

/// Options of `heard-bench open`.
#[derive(clap::Args)]
pub struct OpenArgs {
    /// The data folder to open (for one made by `heard-bench --http --dir DIR`: DIR/http).
    #[arg(long)]
    data: PathBuf,
    /// Times to open it, one after another.
    #[arg(long, default_value_t = 3)]
    runs: u32,
    /// The `heard` executable (default: the one beside this executable).
    #[arg(long)]
    heard: Option<PathBuf>,
}

/// The load average (1, 5, 15 minutes) as `/proc/loadavg` gives it.
pub(crate) fn load_average() -> String {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// A counter of `/proc/PID/io`, bytes.
fn io_counter(pid: u32, name: &str) -> anyhow::Result<u64> {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).context("reading the server's /proc io")?;
    io.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .and_then(|v| v.trim().parse().ok())
        .with_context(|| format!("no {name} in the server's /proc io"))
}

/// Reads every file under `p` once, to the end; returns the bytes read.
fn read_all(p: &Path, buf: &mut [u8]) -> anyhow::Result<u64> {
    let mut total = 0;
    for e in std::fs::read_dir(p)? {
        let e = e?;
        if e.metadata()?.is_dir() {
            total += read_all(&e.path(), buf)?;
            continue;
        }
        let mut f = std::fs::File::open(e.path())?;
        loop {
            let n = f.read(buf)?;
            if n == 0 {
                break;
            }
            total += n as u64;
        }
    }
    Ok(total)
}

fn mib(b: u64) -> f64 {
    b as f64 / 1048576.0
}

/// Runs `heard-bench open` and prints its figures.
pub(crate) fn run(a: OpenArgs) -> anyhow::Result<()> {
    let heard = crate::library::heard_beside(a.heard.as_deref())?;
    let db = a.data.join("db");
    if !db.is_dir() {
        anyhow::bail!("{} has no db folder: is it a Heard data folder?", a.data.display());
    }
    println!("load average at the start: {}", load_average());
    let file = |name: &str| std::fs::metadata(db.join(name)).map(|m| m.len()).unwrap_or(0);
    let followers = dir_size(&db.join("followers")).unwrap_or(0);
    let all = dir_size(&db)?;
    println!(
        "folder: {:.1} MiB in db/ (entries.dat {:.1}, entries.idx {:.1}, hashes.dat {:.1}, texts.dat {:.1}, followers/ {:.1} MiB)",
        mib(all),
        mib(file("entries.dat")),
        mib(file("entries.idx")),
        mib(file("hashes.dat")),
        mib(file("texts.dat")),
        mib(followers),
    );
    for run in 1..=a.runs.max(1) {
        let t = Instant::now();
        let server = Server::start(&heard, &a.data)?;
        let opened = t.elapsed();
        let pid = server.pid();
        let (rchar, read_bytes) = (io_counter(pid, "rchar")?, io_counter(pid, "read_bytes")?);
        let rss = server.peak_rss()?;
        let entries = server.entries;
        server.stop()?;
        println!(
            "open {run}: {:>8.1} ms to serving {} entries; read {:.1} MiB by read calls (rchar), {:.1} MiB from the disk (read_bytes); peak RSS {:.1} MiB",
            opened.as_secs_f64() * 1e3,
            entries,
            mib(rchar),
            mib(read_bytes),
            mib(rss),
        );
    }
    let mut buf = vec![0u8; 1 << 20];
    let t = Instant::now();
    let read = read_all(&db, &mut buf)?;
    println!(
        "limit: reading every file of db/ once ({:.1} MiB, page cache as it is): {:.1} ms",
        mib(read),
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("load average at the end: {}", load_average());
    Ok(())
}

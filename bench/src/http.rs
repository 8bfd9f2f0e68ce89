//! `heard-bench --http`: Heard's figures over loopback HTTP, against a `heard serve` child
//! process on 127.0.0.1:0, each printed with its ratio to the physical limit measured in the
//! same run.
//!
//! The load generator is lean so that it leaves the server most of the two cores: one tokio
//! thread drives CLIENTS concurrent keep-alive HTTP/1.1 connections, writing each request's
//! bytes and reading each answer by its `Content-Length` itself (no HTTP library, no
//! connection pool, no per-client OS thread). Every answer's status is checked; a
//! wrong one stops the bench with an error instead of counting as throughput. Latency is from
//! sending a request to reading its whole answer.
//!
//! 1. Durable appends: pre-signed, pre-encoded statements (the operator enrolling fresh keys,
//!    which the policy admits), each POSTed once by CLIENTS concurrent clients; each answer
//!    must be 201 with the receipt.
//!
//!    Then the floor under that figure, measured the same way: the same requests from the
//!    same load generator against `heard-bench floor`, an axum server on the same runtime that
//!    reads each body (`parse_submission`), checks the statement (`verify_submission`: decode,
//!    canonical form, author key, `verify_strict`) and answers 201 with a prebuilt body the
//!    size of Heard's answers, keeping nothing. Once more without the check, which leaves
//!    HTTP alone. No durable log on this machine can take appends faster than the first
//!    floor; the appends are printed as a ratio to it.
//! 2. The log is grown to ENTRIES through the library (`Ledger::submit`, the same gate and
//!    writer the server uses, without HTTP), the server restarted on it, and inclusion proofs
//!    (random index, tree size ENTRIES) and checkpoints are read over HTTP by CLIENTS clients,
//!    each answer 200.
//! 3. The server's peak RSS (`VmHWM` of the child), the audit of the whole log in this process,
//!    and bytes on disk per entry.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use axum::body::Bytes;
use axum::http::{Method, StatusCode};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::library::{Limits, dir_size, rate};
use heard::attribution::kinds::{ACTION_ENROL, Body, EnrolBody, Id, Role};
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::log::audit;
use heard::log::store::Store;
use heard::protocol::statement::{Kind, Statement};

const ORIGIN: &str = "bench.heard/log";

/// What `--http` measures.
pub(crate) struct HttpArgs {
    /// Entries in the log for the read, audit, memory and disk figures.
    pub entries: u64,
    /// Appends over HTTP.
    pub appends: u64,
    /// Concurrent clients.
    pub clients: usize,
    /// Requests of each read kind.
    pub reads: u64,
    /// The `heard` executable to run as `heard serve`.
    pub heard: PathBuf,
}

/// Options of the hidden `heard-bench floor` command (started by `heard-bench --http`).
#[derive(clap::Args)]
pub struct FloorArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: String,
    /// Length of the body of every 201 answer, bytes.
    #[arg(long, default_value_t = 1024)]
    answer_bytes: usize,
    /// Answer without checking the statement (HTTP and body parsing alone).
    #[arg(long)]
    no_verify: bool,
}

/// A JSON object of exactly `len` bytes (at least `{"pad":""}`).
fn padded_json(len: usize) -> Vec<u8> {
    let mut out = b"{\"pad\":\"".to_vec();
    out.resize(len.max(10) - 2, b'x');
    out.extend_from_slice(b"\"}");
    out
}

/// What the floor server answers to one `POST /v1/statements` body: the body read as the
/// real handler reads it, the statement checked as the log checks it (unless `verify` is
/// off), then 201 with `answer`; a body or statement the real server refuses is refused
/// with the same code.
fn floor_answer(body: &[u8], verify: bool, answer: Bytes) -> axum::response::Response {
    use axum::response::IntoResponse as _;
    let checked = heard::server::parse_submission(body, false).and_then(|s| {
        if verify {
            // Refused as the real server refuses it: a statement error is an append error.
            heard::protocol::statement::verify_submission(&s.statement, &s.signature)
                .map_err(heard::log::AppendError::from)?;
        }
        Ok(())
    });
    match checked {
        Ok(()) => {
            (StatusCode::CREATED, [(axum::http::header::CONTENT_TYPE, "application/json")], answer).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `heard-bench floor`: serves `POST /v1/statements` with [`floor_answer`] on a tokio
/// runtime built as `heard serve` builds its own, until SIGTERM or Ctrl-C. Prints the line
/// `heard serve` prints once it serves, so that the bench starts either the same way.
pub(crate) fn floor_serve(a: &FloorArgs) -> anyhow::Result<()> {
    let answer = Bytes::from(padded_json(a.answer_bytes));
    let verify = !a.no_verify;
    let app = axum::Router::new().route(
        "/v1/statements",
        axum::routing::post(move |body: Bytes| {
            let answer = answer.clone();
            async move { floor_answer(&body, verify, answer) }
        }),
    );
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(&a.listen).await.with_context(|| format!("listening on {}", a.listen))?;
        let addr = listener.local_addr()?;
        let shutdown = heard::cli::shutdown_signal();
        println!("heard: serving 0 entries at http://{addr}/ (a floor for the bench: no log)");
        axum::serve(listener, app).with_graceful_shutdown(shutdown).await.context("serving")?;
        anyhow::Ok(())
    })
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
pub(crate) fn enrolments(op: &SigningKey, from: u64, n: u64) -> anyhow::Result<Vec<(Vec<u8>, [u8; 64])>> {
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
pub(crate) struct Server {
    child: Child,
    url: String,
    /// Entries in the log when it started serving.
    pub(crate) entries: u64,
}

impl Server {
    pub(crate) fn start(heard: &Path, data: &Path) -> anyhow::Result<Server> {
        Server::spawn(heard, "serve", |c| {
            c.args(["--listen", "127.0.0.1:0", "--data"]).arg(data).args([
                "--write-burst",
                "1000000000",
                "--writes-per-second",
                "1000000000",
                "--concurrency",
                "4096",
            ]);
        })
    }

    /// A `heard-bench floor` child (this executable) answering `answer_bytes` bytes,
    /// checking each statement if `verify`.
    fn start_floor(answer_bytes: usize, verify: bool) -> anyhow::Result<Server> {
        let exe = std::env::current_exe().context("finding the heard-bench executable")?;
        Server::spawn(&exe, "floor", |c| {
            c.args(["--listen", "127.0.0.1:0", "--answer-bytes", &answer_bytes.to_string()]);
            if !verify {
                c.arg("--no-verify");
            }
        })
    }

    /// `EXE COMMAND` with the arguments `args` adds, as a child, once it prints that it
    /// serves.
    pub(crate) fn spawn(exe: &Path, command: &str, args: impl FnOnce(&mut Command)) -> anyhow::Result<Server> {
        let mut cmd = Command::new(exe);
        cmd.arg(command);
        args(&mut cmd);
        let mut child = cmd
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {} {command}", exe.display()))?;
        let out = child.stdout.take().context("the server's stdout")?;
        let mut server = Server { child, url: String::new(), entries: 0 };
        for line in BufReader::new(out).lines() {
            let line = line.context("reading the server's stdout")?;
            // "heard: serving N entries at http://127.0.0.1:PORT/ (API under …)"
            if let Some((n, rest)) = line.strip_prefix("heard: serving ").and_then(|l| l.split_once(" entries at ")) {
                server.entries = n.parse().with_context(|| format!("the entry count in {line:?}"))?;
                server.url = rest.split('/').take(3).collect::<Vec<_>>().join("/");
                return Ok(server);
            }
        }
        bail!("the server stopped before it served")
    }

    /// Peak resident memory of the server so far (`VmHWM`), bytes.
    pub(crate) fn peak_rss(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .context("reading the server's /proc status")?;
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .context("no VmHWM in the server's /proc status")?;
        Ok(kb * 1024)
    }

    /// The server's socket address.
    pub(crate) fn addr(&self) -> anyhow::Result<SocketAddr> {
        let hostport = self.url.strip_prefix("http://").unwrap_or(&self.url);
        hostport.parse().with_context(|| format!("the server's address {hostport}"))
    }

    /// The child's process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn stop(mut self) -> anyhow::Result<()> {
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

/// One request of a load: method, path (origin form), body.
pub(crate) struct Req {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) body: Bytes,
}

/// What a load sends and expects: the `i`-th request, the status every answer must have, and
/// a check of the `i`-th answer's body.
pub(crate) struct Load<R, C> {
    pub(crate) request: R,
    pub(crate) status: StatusCode,
    pub(crate) check: C,
}

/// One read phase: `a.reads` requests of `work` from `a.clients` clients against `server`,
/// printed as a rate with p50 / p99 latency under `label`, then the CPU per request.
fn read_phase<R, C>(server: &Server, a: &HttpArgs, label: &str, work: Load<R, C>) -> anyhow::Result<()>
where
    R: Fn(u64) -> anyhow::Result<Req> + Send + Sync + 'static,
    C: Fn(u64, &[u8]) -> anyhow::Result<()> + Send + Sync + 'static,
{
    let cpu = CpuMeter::start(server)?;
    let (el, lat) = load(server.addr()?, a.clients, a.reads, work)?;
    println!(
        "HTTP {label} {:>9.0} /s  (p50 {:.2} ms, p99 {:.2} ms)",
        rate(lat.len() as u64, el),
        pct(&lat, 0.5),
        pct(&lat, 0.99)
    );
    cpu.print(lat.len(), el)
}

/// Runs requests `0..n` from `clients` concurrent keep-alive HTTP/1.1 connections to `addr`,
/// all driven by one tokio thread, and returns the elapsed time and every request's latency
/// (from sending it to reading the whole answer). An answer with another status, or whose
/// body fails the check, is an error: the load stops and the error (status and body) is
/// returned.
///
/// Each client writes its request's bytes and reads the answer on its own socket, with no
/// HTTP library between: the generator shares the two cores with the server, so every
/// microsecond it spends is one the server does not get. It reads only what it needs (the
/// status, `Content-Length`, the body) and refuses any answer it cannot frame that way.
pub(crate) fn load<R, C>(
    addr: SocketAddr,
    clients: usize,
    n: u64,
    work: Load<R, C>,
) -> anyhow::Result<(Duration, Vec<Duration>)>
where
    R: Fn(u64) -> anyhow::Result<Req> + Send + Sync + 'static,
    C: Fn(u64, &[u8]) -> anyhow::Result<()> + Send + Sync + 'static,
{
    let rt =
        tokio::runtime::Builder::new_current_thread().enable_all().build().context("starting the client runtime")?;
    let work = Arc::new(work);
    let next = Arc::new(AtomicU64::new(0));
    rt.block_on(async move {
        // Connect everyone first, so the timing does not include the handshakes.
        let mut streams = Vec::with_capacity(clients);
        for _ in 0..clients {
            let tcp = TcpStream::connect(addr).await.with_context(|| format!("connecting to {addr}"))?;
            tcp.set_nodelay(true).context("setting TCP_NODELAY")?;
            streams.push(tcp);
        }
        let t = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for mut tcp in streams {
            let (work, next) = (work.clone(), next.clone());
            tasks.spawn(async move {
                let mut lat = Vec::with_capacity((n as usize / clients) + 1);
                let mut out = Vec::with_capacity(1024);
                let mut answer = Answer::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return Ok(lat);
                    }
                    let one = async {
                        let r = (work.request)(i)?;
                        request_bytes(&mut out, &r, addr);
                        let t0 = Instant::now();
                        tcp.write_all(&out).await.with_context(|| format!("sending {} {}", r.method, r.path))?;
                        let (status, body) =
                            answer.read(&mut tcp).await.with_context(|| format!("reading {} {}", r.method, r.path))?;
                        let took = t0.elapsed();
                        if status != work.status.as_u16() {
                            bail!(
                                "{} {}: {status} (expected {}) {}",
                                r.method,
                                r.path,
                                work.status,
                                String::from_utf8_lossy(body)
                            );
                        }
                        (work.check)(i, body).with_context(|| format!("{} {}", r.method, r.path))?;
                        Ok(took)
                    };
                    match one.await {
                        Ok(took) => lat.push(took),
                        Err(e) => {
                            // Stop every client: a wrong answer is never counted as throughput.
                            next.store(n, Ordering::Relaxed);
                            return Err(e);
                        }
                    }
                }
            });
        }
        let mut lat = Vec::with_capacity(n as usize);
        let mut failed = None;
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(Ok(mine)) => lat.extend(mine),
                Ok(Err(e)) => {
                    failed.get_or_insert(e);
                }
                Err(e) => {
                    failed.get_or_insert(anyhow::anyhow!("a client task failed: {e}"));
                }
            }
        }
        let elapsed = t.elapsed();
        if let Some(e) = failed {
            return Err(e);
        }
        lat.sort();
        Ok((elapsed, lat))
    })
}

/// `r` as HTTP/1.1 request bytes in `out` (a JSON body when there is one).
fn request_bytes(out: &mut Vec<u8>, r: &Req, addr: SocketAddr) {
    use std::io::Write as _;
    out.clear();
    // Writing into a Vec cannot fail.
    let _ = write!(out, "{} {} HTTP/1.1\r\nHost: {addr}\r\n", r.method, r.path);
    if !r.body.is_empty() {
        let _ = write!(out, "Content-Type: application/json\r\nContent-Length: {}\r\n", r.body.len());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&r.body);
}

/// A connection's read buffer: the answers read from it, one at a time.
#[derive(Default)]
struct Answer {
    buf: Vec<u8>,
    /// Bytes at the front of `buf` that belong to the answer returned last.
    used: usize,
}

impl Answer {
    /// Reads the next answer: its status and body. The framing must be `Content-Length`;
    /// anything else (chunked, a closed connection, a malformed head) is an error.
    async fn read(&mut self, tcp: &mut TcpStream) -> anyhow::Result<(u16, &[u8])> {
        self.buf.drain(..self.used);
        self.used = 0;
        let head_end = loop {
            if let Some(p) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p + 4;
            }
            self.fill(tcp).await?;
        };
        let head = std::str::from_utf8(&self.buf[..head_end]).context("an answer head that is not UTF-8")?;
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|r| r.get(..3))
            .and_then(|c| c.parse::<u16>().ok())
            .with_context(|| format!("an answer that does not start with an HTTP/1.1 status: {status_line:?}"))?;
        let mut length = None;
        for line in lines {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse::<usize>().with_context(|| format!("Content-Length {value:?}"))?);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                bail!("an answer framed with Transfer-Encoding {value:?}, which this client does not read");
            }
        }
        let length = length.context("an answer without Content-Length")?;
        while self.buf.len() < head_end + length {
            self.fill(tcp).await?;
        }
        self.used = head_end + length;
        Ok((status, &self.buf[head_end..self.used]))
    }

    async fn fill(&mut self, tcp: &mut TcpStream) -> anyhow::Result<()> {
        if self.buf.capacity() - self.buf.len() < 4096 {
            self.buf.reserve(16 * 1024);
        }
        if tcp.read_buf(&mut self.buf).await.context("reading the answer")? == 0 {
            bail!("the server closed the connection");
        }
        Ok(())
    }
}

/// CPU time (user + system, every thread) a process has used so far, seconds, from
/// `/proc/<pid>/stat` (`pid` may be `self`).
fn cpu_seconds(pid: &str) -> anyhow::Result<f64> {
    let stat =
        std::fs::read_to_string(format!("/proc/{pid}/stat")).with_context(|| format!("reading /proc/{pid}/stat"))?;
    // After the command name in parentheses: state is field 3, utime 14 and stime 15.
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, f)| f.split_whitespace().collect()).unwrap_or_default();
    let ticks = |i: usize| fields.get(i - 3).and_then(|v| v.parse::<u64>().ok());
    let (Some(user), Some(system)) = (ticks(14), ticks(15)) else { bail!("no CPU times in /proc/{pid}/stat") };
    // In USER_HZ ticks, which Linux fixes at 100 on x86 and ARM.
    Ok((user + system) as f64 / 100.0)
}

/// The machine's CPU time so far, in ticks, from the `cpu` line of `/proc/stat`: (idle and
/// waiting for I/O, stolen by the hypervisor, all).
fn machine_ticks(stat: &str) -> anyhow::Result<(u64, u64, u64)> {
    let line = stat.lines().find(|l| l.starts_with("cpu ")).context("no cpu line in /proc/stat")?;
    let t: Vec<u64> = line.split_whitespace().skip(1).map(|v| v.parse().unwrap_or(0)).collect();
    // user nice system idle iowait irq softirq steal (guest time is counted in user).
    let Some(&[_, _, _, idle, iowait, _, _, steal]) = t.get(..8).and_then(|s| <&[u64; 8]>::try_from(s).ok()) else {
        bail!("the cpu line of /proc/stat has fewer than 8 fields: {line}");
    };
    Ok((idle + iowait, steal, t[..8].iter().sum()))
}

fn machine_now() -> anyhow::Result<(u64, u64, u64)> {
    machine_ticks(&std::fs::read_to_string("/proc/stat").context("reading /proc/stat")?)
}

/// The context switches in a `/proc/<pid>/task/<tid>/status` text: voluntary (the thread
/// slept) plus involuntary (it was preempted).
fn switches_in(status: &str) -> u64 {
    status
        .lines()
        .filter_map(|l| l.strip_prefix("voluntary_ctxt_switches:").or(l.strip_prefix("nonvoluntary_ctxt_switches:")))
        .filter_map(|v| v.trim().parse::<u64>().ok())
        .sum()
}

/// Context switches of every live thread of process `pid` so far (a thread that ended is no
/// longer counted).
fn context_switches(pid: &str) -> anyhow::Result<u64> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).with_context(|| format!("listing /proc/{pid}/task"))?;
    let mut n = 0;
    for task in tasks.flatten() {
        // A thread may end between the listing and the read.
        if let Ok(status) = std::fs::read_to_string(task.path().join("status")) {
            n += switches_in(&status);
        }
    }
    Ok(n)
}

/// The writer's counters in a `/metrics` text: (groups made durable, entries in them).
fn groups_in(metrics: &str) -> Option<(u64, u64)> {
    let value =
        |name: &str| metrics.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse::<u64>().ok());
    Some((value("heard_batches_total")?, value("heard_batched_entries_total")?))
}

/// The writer's counters of the server at `addr`, read from its `/metrics`.
fn writer_groups(addr: SocketAddr) -> anyhow::Result<(u64, u64)> {
    use std::io::{Read as _, Write as _};
    let mut tcp = std::net::TcpStream::connect(addr).with_context(|| format!("connecting to {addr}"))?;
    write!(tcp, "GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).context("reading /metrics")?;
    groups_in(&answer).context("no writer counters in /metrics")
}

/// The server's and this process's (the load generator's) CPU time over a load, the server's
/// context switches, and the machine's idle and stolen time (a VM's hypervisor running
/// something else on its cores).
struct CpuMeter {
    server: String,
    start: (f64, f64),
    switches: u64,
    machine: (u64, u64, u64),
}

impl CpuMeter {
    fn start(server: &Server) -> anyhow::Result<CpuMeter> {
        let server = server.child.id().to_string();
        Ok(CpuMeter {
            start: (cpu_seconds(&server)?, cpu_seconds("self")?),
            switches: context_switches(&server)?,
            server,
            machine: machine_now()?,
        })
    }

    /// Prints "CPU per request: …" for `n` requests made in `elapsed` (nothing if none).
    fn print(&self, n: usize, elapsed: Duration) -> anyhow::Result<()> {
        if n == 0 {
            return Ok(());
        }
        let server = cpu_seconds(&self.server)? - self.start.0;
        let client = cpu_seconds("self")? - self.start.1;
        let switches = context_switches(&self.server)?.saturating_sub(self.switches);
        let (idle, steal, all) = machine_now()?;
        let of_all = |x: u64, from: u64| {
            100.0 * x.saturating_sub(from) as f64 / all.saturating_sub(self.machine.2).max(1) as f64
        };
        let per = |cpu: f64| cpu / n as f64 * 1e6;
        let cores = |cpu: f64| 100.0 * cpu / elapsed.as_secs_f64().max(1e-9);
        println!(
            "  CPU per request: server {:.0} µs, load generator {:.0} µs  (server {:.0}%, load generator {:.0}% of one core; machine idle {:.0}%, stolen by the hypervisor {:.0}%); server context switches per request {:.2}",
            per(server),
            per(client),
            cores(server),
            cores(client),
            of_all(idle, self.machine.0),
            of_all(steal, self.machine.1),
            switches as f64 / n as f64
        );
        Ok(())
    }
}

pub(crate) fn pct(lat: &[Duration], p: f64) -> f64 {
    lat.get(((lat.len() as f64 - 1.0) * p) as usize).copied().unwrap_or_default().as_secs_f64() * 1e3
}

/// Grows the log in `data` to `target` entries through the library, `step` statements at a
/// time from 64 submitting threads.
fn grow(data: &Path, op: &SigningKey, target: u64) -> anyhow::Result<u64> {
    let ledger = Ledger::open_data_folder(data, ORIGIN)?;
    let grown = (|| -> anyhow::Result<u64> {
        let mut size = ledger.log().latest().size;
        // Enrolment numbers above any the HTTP phase used, and above any an earlier run on the
        // same folder used (each run starts at the log's size then).
        let mut next_i = (1u64 << 40) + size;
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
    ledger.close().map_err(anyhow::Error::msg)?;
    grown
}

/// Runs the HTTP benchmark and prints its figures.
pub(crate) fn run(a: &HttpArgs, limits: &Limits, root: &Path) -> anyhow::Result<()> {
    let data: PathBuf = root.join("http");
    let dir = DataDir::new(&data);
    let (keys, _) = dir.init_keys(ORIGIN)?;
    let op = statement_key(&keys.operator);
    let pct_of = |x: f64, of: f64| 100.0 * x / of.max(1e-9);
    println!("load average before the appends: {}", crate::startup::load_average());

    // 1. Durable appends over HTTP.
    let server = Server::start(&a.heard, &data)?;
    // Enrolment numbers from the log's size: a folder reused from an earlier run (`--dir`)
    // already holds the lower ones.
    let bodies: Vec<Bytes> = enrolments(&op, server.entries, a.appends)?
        .into_iter()
        .map(|(b, s)| {
            Bytes::from(serde_json::json!({"statement": B64.encode(b), "signature": B64.encode(s)}).to_string())
        })
        .collect();
    let bodies = Arc::new(bodies);
    let submit = |bodies: Arc<Vec<Bytes>>| {
        move |i: u64| {
            let body = bodies.get(i as usize).context("no such statement")?;
            Ok(Req { method: Method::POST, path: "/v1/statements".into(), body: body.clone() })
        }
    };
    // The answers' total length, for the floor's answers.
    let answered = Arc::new(AtomicU64::new(0));
    let cpu = CpuMeter::start(&server)?;
    let groups_before = writer_groups(server.addr()?)?;
    let (el, lat) = load(
        server.addr()?,
        a.clients,
        a.appends,
        Load {
            request: submit(bodies.clone()),
            status: StatusCode::CREATED,
            check: {
                let answered = answered.clone();
                move |_, body: &[u8]| {
                    answered.fetch_add(body.len() as u64, Ordering::Relaxed);
                    Ok(())
                }
            },
        },
    )?;
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
    cpu.print(lat.len(), el)?;
    let groups_after = writer_groups(server.addr()?)?;
    let (groups, grouped) = (groups_after.0 - groups_before.0, groups_after.1 - groups_before.1);
    println!(
        "  writer: {groups} groups made durable, {:.1} entries a group on average",
        grouped as f64 / groups.max(1) as f64
    );
    println!("load average after the appends: {}", crate::startup::load_average());
    let rss_appends = server.peak_rss()?;
    let appended_onto = server.entries;
    server.stop()?;

    // 1b. The floor under the appends: the same requests, checked and answered with as many
    // bytes, with no log; then without the check.
    let answer_bytes = (answered.load(Ordering::Relaxed) / (lat.len() as u64).max(1)) as usize;
    for (verify, label) in
        [(true, "read + verify_strict + 201, no log:"), (false, "read + 201, no check, no log:       ")]
    {
        let floor = Server::start_floor(answer_bytes, verify)?;
        let cpu = CpuMeter::start(&floor)?;
        let work = Load { request: submit(bodies.clone()), status: StatusCode::CREATED, check: |_, _: &[u8]| Ok(()) };
        let (el, lat) = load(floor.addr()?, a.clients, a.appends, work)?;
        let r = rate(lat.len() as u64, el);
        println!(
            "HTTP floor, {label} {r:>9.0} /s; the durable appends are {:>5.1}% of it  (p50 {:.2} ms, p99 {:.2} ms, {answer_bytes}-byte answers)",
            pct_of(appends, r),
            pct(&lat, 0.5),
            pct(&lat, 0.99),
        );
        cpu.print(lat.len(), el)?;
        floor.stop()?;
    }

    // 2. A large log, built through the library.
    let t = Instant::now();
    let size = grow(&data, &op, a.entries)?;
    println!("grew the log to {size} entries through the library in {:.1} s", t.elapsed().as_secs_f64());

    // 3. Reads over HTTP at that size.
    let server = Server::start(&a.heard, &data)?;
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let indexes: Arc<Vec<u64>> = Arc::new(
        (0..a.reads)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % size.max(1)
            })
            .collect(),
    );
    read_phase(
        &server,
        a,
        &format!("inclusion proofs at {size}:"),
        Load {
            request: move |i| {
                let index = indexes.get(i as usize).copied().unwrap_or(0);
                Ok(Req {
                    method: Method::GET,
                    path: format!("/v1/proofs/inclusion?index={index}&size={size}"),
                    body: Bytes::new(),
                })
            },
            status: StatusCode::OK,
            check: |_, body: &[u8]| {
                if !body.windows(8).any(|w| w == b"\"hashes\"") {
                    bail!("not a proof: {}", String::from_utf8_lossy(body));
                }
                Ok(())
            },
        },
    )?;
    read_phase(
        &server,
        a,
        &format!("checkpoint reads at {size}: "),
        Load {
            request: |_| Ok(Req { method: Method::GET, path: "/v1/checkpoint".into(), body: Bytes::new() }),
            status: StatusCode::OK,
            check: |_, body: &[u8]| {
                if !body.starts_with(ORIGIN.as_bytes()) {
                    bail!("not a checkpoint: {}", String::from_utf8_lossy(body));
                }
                Ok(())
            },
        },
    )?;
    let rss = server.peak_rss()?;
    server.stop()?;
    println!(
        "server peak RSS: {:.1} MiB at {size} entries after the reads ({:.1} MiB during the {} appends onto {} entries)",
        rss as f64 / 1048576.0,
        rss_appends as f64 / 1048576.0,
        a.appends,
        appended_onto
    );

    // 4. Audit and disk.
    let store = Store::open(&dir.db()).context("opening the store for the audit")?;
    let raw_batch_now = crate::library::raw_batch_again(limits);
    let t = Instant::now();
    let report = audit::audit(&store, &keys.log.verifier()).map_err(|e| anyhow::anyhow!("audit failed: {e}"))?;
    let ar = rate(report.entries, t.elapsed());
    println!(
        "audit of {} entries: {ar:>12.0} entries/s = {:>5.1}% of raw verify_batch on {} cores (just before), {:.1}% of it at the start",
        report.entries,
        pct_of(ar, raw_batch_now),
        limits.cores,
        pct_of(ar, limits.raw_batch_all)
    );
    drop(store);
    println!("load average at the end: {}", crate::startup::load_average());
    let on_disk = dir_size(&dir.db())?;
    println!(
        "disk: {:.0} bytes per entry ({:.1} MiB in all)",
        on_disk as f64 / size.max(1) as f64,
        on_disk as f64 / 1048576.0
    );
    Ok(())
}

#[cfg(test)]
mod tests;

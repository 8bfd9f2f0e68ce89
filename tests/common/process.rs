//! A `heard serve` child process on 127.0.0.1:0, for the tests that need the whole process.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `heard serve`; killed and reaped when dropped.
pub struct Served {
    pub child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// Every line the server printed on stdout so far.
    pub stdout: Arc<Mutex<Vec<String>>>,
}

/// Starts `heard serve --listen 127.0.0.1:0 --data DATA <extra>` with `env` set and stderr
/// going to `stderr`; returns once the server printed the URL it serves.
pub fn serve(data: &Path, extra: &[&str], env: &[(&str, &str)], stderr: Stdio) -> Served {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heard"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"]).arg(data).args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    spawn(cmd, stderr)
}

/// Starts `cmd` (a `heard` command that serves HTTP) with stderr going to `stderr`; returns
/// once it printed the URL it serves.
pub fn spawn(mut cmd: Command, stderr: Stdio) -> Served {
    let mut child = cmd.stdout(Stdio::piped()).stderr(stderr).spawn().expect("start heard");
    let out = child.stdout.take().expect("stdout");
    let mut served = Served { child, url: String::new(), stdout: Arc::new(Mutex::new(Vec::new())) };
    let (tx, rx) = mpsc::channel();
    let lines = served.stdout.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            lines.lock().unwrap().push(line.clone());
            let _ = tx.send(line);
        }
    });
    // A debug build filling the demo takes a few seconds on a busy machine.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server printed the URL it serves");
        if let Some(rest) = line.strip_prefix("heard: serving ").and_then(|l| l.split(" at ").nth(1)) {
            served.url = rest.split('/').take(3).collect::<Vec<_>>().join("/");
            return served;
        }
    }
}

impl Served {
    /// Stops the server with SIGTERM (graceful) and waits for it; true when it exited cleanly.
    pub fn terminate(&mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().map(|s| s.success()).unwrap_or(false);
        sent && self.child.wait().map(|s| s.success()).unwrap_or(false)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that returns 4xx/5xx answers instead of failing on them.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().new_agent()
}

/// GET `url`: (status, body).
pub fn get(a: &ureq::Agent, url: &str) -> (u16, String) {
    let mut r = a.get(url).call().expect("GET");
    (r.status().as_u16(), r.body_mut().read_to_string().expect("body"))
}

/// GET `url` as JSON, requiring 200.
pub fn get_json(a: &ureq::Agent, url: &str) -> serde_json::Value {
    let (status, body) = get(a, url);
    assert_eq!(status, 200, "GET {url}: {body}");
    serde_json::from_str(&body).expect("JSON")
}

/// The log's size as `/healthz` reports it.
pub fn log_size(a: &ureq::Agent, url: &str) -> u64 {
    let (_, body) = get(a, &format!("{url}/healthz"));
    body.trim().strip_prefix("ok ").and_then(|n| n.parse().ok()).expect("healthz: ok <size>")
}

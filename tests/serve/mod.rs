//! A `heard serve` process on 127.0.0.1:0 and the `heard` binary as a user types it, for
//! the tests that drive the client commands over a real socket.
#![allow(dead_code)]

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `heard serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The log's verifier key, as printed.
    pub log_key: String,
    /// The lines `heard serve` prints after its URL.
    pub output: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_server(data: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_heard"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start heard serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let (mut url, mut log_key) = (None, None);
    while url.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx.recv_timeout(left).expect("heard serve printed its URL before the deadline");
        if let Some(k) = line.strip_prefix("heard: log key ") {
            log_key = Some(k.trim().to_string());
        }
        if let Some(rest) = line.split_once(" at ").map(|x| x.1) {
            url = rest.split('/').take(3).collect::<Vec<_>>().join("/").into();
        }
    }
    Server { child, url: url.expect("url"), log_key: log_key.expect("log key line"), output: rx }
}

pub fn heard(args: &[&str], server: &str, cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_heard"))
        .args(args)
        .env("HEARD_SERVER", server)
        .current_dir(cwd)
        .output()
        .expect("run heard")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn ok(args: &[&str], server: &str, cwd: &Path) -> String {
    let o = heard(args, server, cwd);
    assert!(o.status.success(), "heard {args:?} failed: {}{}", text(&o.stdout), text(&o.stderr));
    text(&o.stdout)
}

/// Runs a command expected to be refused; returns its stderr.
pub fn refused(args: &[&str], server: &str, cwd: &Path) -> String {
    let o = heard(args, server, cwd);
    assert_eq!(o.status.code(), Some(1), "heard {args:?}: {}{}", text(&o.stdout), text(&o.stderr));
    text(&o.stderr)
}

/// The value of the `name value` line of a command's output.
pub fn field(out: &str, name: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no `{name}` line in {out}"))
        .trim()
        .to_string()
}

impl Server {
    /// Stops the server gracefully (SIGTERM: in-flight appends finish, the log is flushed
    /// and closed) and waits for it to exit.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("run kill");
        assert!(sent.success(), "kill -TERM {pid}");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "heard serve exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "heard serve did not stop within a minute");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

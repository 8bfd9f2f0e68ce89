//! The README's walk-through, run verbatim against a real server so it never goes stale.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[test]
fn the_readme_walkthrough_works() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = readme
        .split("<!-- walkthrough -->")
        .nth(1)
        .and_then(|r| r.split("<!-- /walkthrough -->").next())
        .expect("README has a walkthrough block");
    let script = block.trim().trim_start_matches("```sh").trim_end_matches("```");

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // `heard` on PATH, as the README assumes.
    let bin = d.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_heard"), bin.join("heard")).unwrap();

    let mut server = Command::new(env!("CARGO_BIN_EXE_heard"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .current_dir(d)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = server.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = loop {
        let l = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("server URL");
        if let Some(rest) = l.split(" at ").nth(1) {
            break rest.split('/').take(3).collect::<Vec<_>>().join("/");
        }
    };

    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(d)
        .env("PATH", path)
        .env("HEARD_SERVER", &url)
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "walkthrough failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("receipt valid"), "{stdout}");
    assert!(stdout.contains("River"), "{stdout}");
    assert!(stdout.contains("adopted"), "{stdout}");
}

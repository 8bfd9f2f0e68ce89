//! The README's walk-through, run verbatim against a real server so it never goes stale.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The one line the test changes: the README's own setting of the server URL. Everything
/// else runs as written, in a shell that gets no variable the README does not set.
const SERVER_LINE: &str = "export HEARD_SERVER=http://127.0.0.1:8080";

/// Regression: the walk-through used `$HEARD_SERVER`, which only this test set, so it failed in
/// a fresh shell. The README now sets it itself; the test replaces only that line's URL (the
/// server here listens on a free port) and removes any `HEARD_SERVER` it inherited.
#[test]
fn the_readme_walkthrough_used_a_variable_only_the_test_set() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = readme
        .split("<!-- walkthrough -->")
        .nth(1)
        .and_then(|r| r.split("<!-- /walkthrough -->").next())
        .expect("README has a walkthrough block");
    let script = block.trim().trim_start_matches("```sh").trim_end_matches("```");
    assert_eq!(
        script.lines().filter(|l| l.trim() == SERVER_LINE).count(),
        1,
        "the walk-through sets the server URL itself, once: `{SERVER_LINE}`"
    );
    let vars_used: Vec<&str> = script.split('$').skip(1).map(|v| v.trim_start_matches('{')).collect();
    for v in vars_used {
        let name: String = v.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        // `$1` in an awk program and `$(…)` are not shell variables.
        if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') || ["PATH", "HOME"].contains(&name.as_str())
        {
            continue;
        }
        let set = script.lines().any(|l| {
            let l = l.trim_start().trim_start_matches("export ");
            l.starts_with(&format!("{name}=")) || l.starts_with(&format!("for {name} in"))
        });
        assert!(set, "the walk-through uses ${name} but never sets it");
    }

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

    let script = script.replacen(SERVER_LINE, &format!("export HEARD_SERVER={url}"), 1);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script])
        .current_dir(d)
        .env("PATH", path)
        .env_remove("HEARD_SERVER")
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

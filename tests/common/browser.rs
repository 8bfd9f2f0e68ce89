//! What every Chromium test needs before it starts: Chromium, Node and npm, the pinned npm
//! packages of `tests/browser` (playwright-core, axe-core), and an empty folder for its
//! screenshots. Missing tools fail the test with what to run; they never skip it.

use std::path::{Path, PathBuf};
use std::process::Command;

use heard::attribution::kinds::Id;
use serde_json::Value;

/// Where a browser test finds Chromium and its scripts, and where it leaves its screenshots.
pub struct Browser {
    pub chromium: PathBuf,
    pub script_dir: PathBuf,
    pub artifacts: PathBuf,
}

fn tool(name: &str) {
    let ok = Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(ok, "`{name}` is missing: run `bash .ci/run`, which installs it");
}

fn node_modules(dir: &Path) {
    if dir.join("node_modules/playwright-core").exists() && dir.join("node_modules/axe-core").exists() {
        return;
    }
    let o = Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir).output().expect("npm ci");
    assert!(o.status.success(), "npm ci failed: {}", String::from_utf8_lossy(&o.stderr));
}

/// Checks the tools, installs the npm packages when missing, and empties
/// `<target>/<artifacts>` for this test's screenshots.
pub fn setup(artifacts: &str) -> Browser {
    let chromium = PathBuf::from(std::env::var("HEARD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    assert!(chromium.exists(), "{} is missing: run `bash .ci/run`", chromium.display());
    tool("node");
    tool("npm");
    let script_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    node_modules(&script_dir);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("..").join(artifacts);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("artifacts");
    Browser { chromium, script_dir, artifacts: dir.canonicalize().expect("artifacts path") }
}

/// A statement id from its JSON form (64 hex digits).
pub fn id_of(v: &Value) -> Id {
    Id(hex::decode(v.as_str().expect("hex")).expect("hex").try_into().expect("32 bytes"))
}

/// Waits for a browser script started at `started`, killing it once `limit` has passed, and
/// prints its output and how long it took (`what`, e.g. "payments browser run"). Returns its
/// exit status (`None` when it was killed) and its stdout and stderr.
pub fn finish(
    mut child: std::process::Child,
    started: std::time::Instant,
    limit: std::time::Duration,
    what: &str,
    artifacts: &Path,
) -> (Option<std::process::ExitStatus>, String, String) {
    let status = wait_for(&mut child, started, limit);
    let o = child.wait_with_output().expect("output");
    let (out, err) = (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned());
    println!("{out}{err}");
    println!("{what} took {:.1} s; artifacts in {}", started.elapsed().as_secs_f64(), artifacts.display());
    (status, out, err)
}

/// Waits for a browser script started at `started`; kills it once `limit` has passed and
/// returns `None`.
pub fn wait_for(
    child: &mut std::process::Child,
    started: std::time::Instant,
    limit: std::time::Duration,
) -> Option<std::process::ExitStatus> {
    loop {
        if let Some(st) = child.try_wait().expect("wait for node") {
            return Some(st);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

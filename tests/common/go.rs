//! The Go reference checker, `tests/interop/heardcheck` (golang.org/x/mod `sumdb/note` and
//! `sumdb/tlog`), built once per test binary. Needs `go` and the Debian package
//! golang-golang-x-mod-dev (`bash .ci/run` installs them); without them the tests fail.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const GO_X_MOD: &str = "/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog";

/// Builds the Go checker once per test run into Cargo's temporary folder.
pub fn heardcheck() -> &'static Path {
    static BIN: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = BIN.get_or_init(|| {
        let missing = "run `bash .ci/run`, which installs golang-go and golang-golang-x-mod-dev";
        match Command::new("go").arg("version").output() {
            Ok(o) if o.status.success() => {}
            _ => return Err(format!("the Go toolchain (`go`) is not installed: {missing}")),
        }
        if !Path::new(GO_X_MOD).is_dir() {
            return Err(format!("golang.org/x/mod is not installed at {GO_X_MOD}: {missing}"));
        }
        let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let bin = tmp.join("heardcheck");
        let out = Command::new("go")
            .args(["build", "-o"])
            .arg(&bin)
            .arg(".")
            .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/heardcheck"))
            .env("GOPATH", "/usr/share/gocode")
            .env("GO111MODULE", "off")
            .env("GOFLAGS", "")
            .env("GOCACHE", tmp.join("go-build-cache"))
            .output()
            .map_err(|e| format!("running go build: {e}"))?;
        if !out.status.success() {
            return Err(format!("go build of heardcheck failed:\n{}", String::from_utf8_lossy(&out.stderr)));
        }
        Ok(bin)
    });
    match built {
        Ok(bin) => bin,
        Err(e) => panic!("{e}"),
    }
}

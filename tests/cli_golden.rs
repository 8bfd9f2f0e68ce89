//! Golden tests for the commands a user types: tests/cmd/*.md are run as written (trycmd),
//! each in its `<name>.in/` folder (a sandbox copy when `<name>.out/` exists), and their
//! output must match. Client commands reach a `heard serve` on 127.0.0.1:0 with an empty log,
//! started here, through `HEARD_SERVER`. `TRYCMD=overwrite` rewrites the expected output.

use crate::serve;

#[test]
fn cli_golden() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = serve::start_server(&dir.path().join("data"), &[]);
    trycmd::TestCases::new()
        .register_bin("heard", trycmd::cargo::cargo_bin!("heard"))
        .env("HEARD_SERVER", server.url.clone())
        .case("tests/cmd/*.md")
        .run();
}

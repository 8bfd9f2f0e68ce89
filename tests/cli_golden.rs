//! Golden tests for the commands a user types: tests/cmd/*.md are run as written (trycmd),
//! each in its `<name>.in/` folder, and their output must match.

#[test]
fn cli_golden() {
    trycmd::TestCases::new().register_bin("heard", trycmd::cargo::cargo_bin!("heard")).case("tests/cmd/*.md");
}

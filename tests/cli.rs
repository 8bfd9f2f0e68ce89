//! The commands a user types: append, audit, receipt, verify, witness, keys.

use std::path::Path;
use std::process::{Command, Output};

fn heard(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_heard")).args(args).current_dir(cwd).output().expect("run heard")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn ok(args: &[&str], cwd: &Path) -> String {
    let o = heard(args, cwd);
    assert!(o.status.success(), "heard {args:?} failed: {}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
    stdout(&o)
}

fn log_key(cwd: &Path, data: &str) -> String {
    let keys = ok(&["keys", "--data", data], cwd);
    keys.lines().find_map(|l| l.strip_prefix("log      ")).expect("log key line").trim().to_string()
}

#[test]
fn append_audit_receipt_verify() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = ok(&["append", "--count", "12", "--writers", "3"], d);
    assert_eq!(out.lines().filter(|l| l.starts_with("acked ")).count(), 12);
    assert!(ok(&["audit"], d).starts_with("audit passed: 12 entries"));

    let key = log_key(d, "heard-data");
    let receipt = ok(&["receipt", "7"], d);
    std::fs::write(d.join("r.txt"), &receipt).unwrap();
    let v = ok(&["verify", "receipt", "r.txt", "--key", &key], d);
    assert!(v.contains("ok   inclusion"), "{v}");
    assert!(v.contains("receipt valid: entry 7"), "{v}");

    let compact = ok(&["receipt", "7", "--compact"], d);
    std::fs::write(d.join("c.txt"), compact).unwrap();
    assert!(ok(&["verify", "receipt", "c.txt", "--key", &key], d).contains("receipt valid"));

    // A receipt whose entry was altered fails, naming the failed step, with exit status 1.
    let tampered = receipt.replacen("index 7", "index 6", 1);
    std::fs::write(d.join("bad.txt"), tampered).unwrap();
    let o = heard(&["verify", "receipt", "bad.txt", "--key", &key], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("FAIL entry_format"), "{}", stdout(&o));
}

#[test]
fn consistency_and_fork_detection() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["append", "--count", "5"], d);
    let key = log_key(d, "heard-data");
    let old = ok(&["receipt", "0"], d);
    let old_cp = old.split_once("\n\n").unwrap().1;
    std::fs::write(d.join("old.cp"), old_cp).unwrap();
    ok(&["append", "--count", "4"], d);
    let new = ok(&["receipt", "0"], d);
    std::fs::write(d.join("new.cp"), new.split_once("\n\n").unwrap().1).unwrap();

    let v =
        ok(&["verify", "consistency", "--old", "old.cp", "--new", "new.cp", "--key", &key, "--data", "heard-data"], d);
    assert_eq!(v.trim(), "consistent: the log only grew from size 5 to size 9");

    // Rollback: old and new swapped.
    let o = heard(
        &["verify", "consistency", "--old", "new.cp", "--new", "old.cp", "--key", &key, "--data", "heard-data"],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("ROLLBACK"), "{}", stdout(&o));

    // A fork: a second log with the same keys whose history differs after the first entries.
    let fork = d.join("fork");
    std::fs::create_dir_all(fork.join("heard-data")).unwrap();
    for f in ["log.key", "operator.key"] {
        std::fs::copy(d.join("heard-data").join(f), fork.join("heard-data").join(f)).unwrap();
    }
    ok(&["append", "--count", "3"], &fork);
    ok(&["append", "--count", "6"], &fork);
    let forked = ok(&["receipt", "0"], &fork);
    std::fs::write(d.join("forked.cp"), forked.split_once("\n\n").unwrap().1).unwrap();
    let o = heard(
        &["verify", "consistency", "--old", "old.cp", "--new", "forked.cp", "--key", &key, "--data", "fork/heard-data"],
        d,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("FORK"), "{}", stdout(&o));
}

/// Regression: `heard verify consistency` from a size-0 checkpoint said "consistent" without
/// looking at the proof or the old root, so a proof file of any hashes, or a size-0 checkpoint
/// of a tree that is not the empty tree, passed. From size 0 the proof must be empty and the
/// root the empty tree's (PROTOCOL §5, §12).
#[test]
fn verify_consistency_from_size_0_checks_the_proof_and_the_empty_root() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["append", "--count", "3"], d);
    let key = log_key(d, "heard-data");
    let new = ok(&["receipt", "0"], d);
    std::fs::write(d.join("new.cp"), new.split_once("\n\n").unwrap().1).unwrap();
    let signer = heard::protocol::note::NoteSigner::from_text(
        std::fs::read_to_string(d.join("heard-data/log.key")).unwrap().trim_end(),
    )
    .unwrap();
    let zero = |root: [u8; 32]| {
        let cp = heard::protocol::note::Checkpoint { origin: signer.name().into(), size: 0, root, extensions: vec![] };
        signer.sign(&cp.to_text()).unwrap()
    };
    std::fs::write(d.join("zero.cp"), zero(heard::protocol::merkle::empty_root())).unwrap();
    std::fs::write(d.join("notzero.cp"), zero([7; 32])).unwrap();
    std::fs::write(d.join("empty.proof"), "").unwrap();
    std::fs::write(d.join("one.proof"), format!("{}\n", "A".repeat(43) + "=")).unwrap();
    let verify = |old: &str, proof: &str| {
        heard(&["verify", "consistency", "--old", old, "--new", "new.cp", "--key", &key, "--proof", proof], d)
    };

    let o = verify("zero.cp", "empty.proof");
    assert!(o.status.success(), "{}", stdout(&o));
    assert_eq!(stdout(&o).trim(), "consistent: the log only grew from size 0 to size 3");
    for (old, proof) in [("zero.cp", "one.proof"), ("notzero.cp", "empty.proof")] {
        let o = verify(old, proof);
        assert_eq!(o.status.code(), Some(1), "{old} {proof}: {}", stdout(&o));
        assert!(stdout(&o).starts_with("FORK"), "{old} {proof}: {}", stdout(&o));
    }
}

#[test]
fn witness_cosigns_and_receipts_show_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["append", "--count", "3"], d);
    let key = log_key(d, "heard-data");
    let wkey = ok(&["keygen", "--name", "witness.test", "--witness", "--out", "w.key"], d).trim().to_string();
    // Not yet one of the log's witnesses: refused, with what to do about it.
    let o = heard(&["witness", "--key", "w.key", "--log-key", &key], d);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("`witnesses` file"), "{o:?}");
    // The operator names it in the data folder's witnesses file.
    std::fs::write(d.join("heard-data/witnesses"), format!("# the test's witness\nwitness {wkey}\n")).unwrap();
    assert!(ok(&["witness", "--key", "w.key", "--log-key", &key], d).starts_with("cosigned"));
    ok(&["append", "--count", "2"], d);
    assert!(ok(&["witness", "--key", "w.key", "--log-key", &key], d).contains("at size 5"));
    std::fs::write(d.join("r.txt"), ok(&["receipt", "1"], d)).unwrap();
    let v = ok(&["verify", "receipt", "r.txt", "--key", &key, "--witness", &wkey, "--witnesses-required", "1"], d);
    assert!(v.contains("cosigned by 1 known witness(es): witness.test"), "{v}");
}

#[test]
fn audit_names_a_damaged_seq() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["append", "--count", "6"], d);
    {
        let store = heard::log::store::Store::open(&d.join("heard-data/db")).unwrap();
        let mut e = store.entry(3).unwrap().unwrap();
        let n = e.len() - 80;
        e[n] ^= 0x02;
        store.tamper_entry(3, Some(&e)).unwrap();
    }
    let o = heard(&["audit"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("audit FAILED: seq 3:"), "{}", stdout(&o));
}

#[test]
fn world_readable_key_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(&["append", "--count", "1"], d);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let k = d.join("heard-data/log.key");
        assert_eq!(std::fs::metadata(&k).unwrap().permissions().mode() & 0o777, 0o600);
        std::fs::set_permissions(&k, std::fs::Permissions::from_mode(0o644)).unwrap();
        let o = heard(&["audit"], d);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("can be read by other users"));
    }
}

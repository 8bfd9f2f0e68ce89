//! Data folders written by earlier builds (`tests/old-data/`) open, serve and audit with
//! today's build, losing nothing (issue 24: "keep an old data folder readable").

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::process::{agent, get, get_json, serve};

/// The demo folder written at commit 78ac871, as tests/old-data/README.md describes it.
const DEMO_78AC871: &str = "tests/old-data/demo-78ac871";
const DEMO_ENTRIES: u64 = 92;
const DEMO_ROOT: &str = "cad2c899e1e9af76e4ac3286085c59b4db867b970212e00ab999e17685061da4";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
            // Git keeps no file modes but the executable bit; Heard refuses a key file that
            // others can read, as a fresh clone's would be.
            if target.extension().is_some_and(|x| x == "key") {
                use std::os::unix::fs::PermissionsExt as _;
                std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
        }
    }
}

fn audit(data: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_heard")).args(["audit", "--data"]).arg(data).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "audit failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    text
}

#[test]
fn the_demo_folder_of_78ac871_opens_serves_and_audits() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(Path::new(DEMO_78AC871), &data);

    let first = audit(&data);
    assert!(first.contains(&format!("audit passed: {DEMO_ENTRIES} entries, root {DEMO_ROOT}")), "{first}");
    assert!(first.contains("policy audit passed"), "{first}");

    let mut server = serve(&data, &[], &[], Stdio::null());
    let a = agent();
    let (status, health) = get(&a, &format!("{}/healthz", server.url));
    assert_eq!((status, health.trim()), (200, format!("ok {DEMO_ENTRIES}").as_str()));
    let (_, note) = get(&a, &format!("{}/v1/checkpoint", server.url));
    let root = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, hex::decode(DEMO_ROOT).unwrap());
    assert!(note.contains(&format!("\n{DEMO_ENTRIES}\n{root}\n")), "checkpoint changed: {note}");

    // Every idea is there with its words (or withdrawn, its words erased).
    let list = get_json(&a, &format!("{}/v1/consultations", server.url));
    let (mut verified, mut withdrawn) = (0, 0);
    for c in list["consultations"].as_array().unwrap() {
        let v = get_json(&a, &format!("{}/v1/consultations/{}", server.url, c["id"].as_str().unwrap()));
        for idea in v["ideas"].as_array().unwrap() {
            let one = get_json(&a, &format!("{}/v1/ideas/{}", server.url, idea["id"].as_str().unwrap()));
            match one["idea"]["status"].as_str() {
                Some("verified") => {
                    assert!(one["idea"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{one}");
                    verified += 1;
                }
                Some("withdrawn") => withdrawn += 1,
                other => panic!("idea {} is {other:?}: {one}", idea["id"]),
            }
        }
    }
    assert!(verified >= 40, "only {verified} ideas with their words");
    assert_eq!(withdrawn, 1, "the demo withdraws exactly one idea");
    assert!(server.terminate(), "SIGTERM: the server did not stop cleanly");

    // Once opened by today's build, the folder still audits to the same tree.
    let again = audit(&data);
    assert!(again.contains(&format!("audit passed: {DEMO_ENTRIES} entries, root {DEMO_ROOT}")), "{again}");
}

//! Witnesses the C2SP way (c2sp.org/tlog-witness): a `heard serve` log asks two
//! `heard witness serve` processes and one independent witness written in Go from the spec
//! (`tests/interop/gowitness`, Go's `sumdb/note` and `sumdb/tlog`) to cosign, with a quorum
//! of 2 of 3 in the data folder's `witnesses` file: all up, one down, one answering 409
//! after the log restarts, and a forked log refused by every witness.
//!
//! Needs `go` and golang.org/x/mod (Debian golang-golang-x-mod-dev); `bash .ci/run`
//! installs them. Without them the test fails (it never skips).

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::process::{Served, agent, serve};
use ed25519_dalek::SigningKey;
use heard::protocol::note::{Checkpoint, Cosigner, Note, NoteSigner};

const GO_X_MOD: &str = "/usr/share/gocode/src/golang.org/x/mod/sumdb/note";
const ORIGIN: &str = "witness.test/log";

fn heard(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_heard")).args(args).output().expect("run heard")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Builds the Go witness into Cargo's temporary folder.
fn gowitness() -> PathBuf {
    let missing = "run `bash .ci/run`, which installs golang-go and golang-golang-x-mod-dev";
    assert!(Path::new(GO_X_MOD).is_dir(), "golang.org/x/mod is not installed at {GO_X_MOD}: {missing}");
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let bin = tmp.join("gowitness");
    let out = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg(".")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/gowitness"))
        .env("GOPATH", "/usr/share/gocode")
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "")
        .env("GOCACHE", tmp.join("go-build-cache"))
        .output()
        .unwrap_or_else(|e| panic!("running go build ({missing}): {e}"));
    assert!(out.status.success(), "go build of gowitness failed:\n{}", text(&out.stderr));
    bin
}

/// A witness process; killed when dropped.
struct WitnessProc {
    child: Child,
    url: String,
}

impl Drop for WitnessProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `cmd` and waits for the `http://…` URL it prints.
fn start_witness(mut cmd: Command) -> WitnessProc {
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("start witness");
    let mut w = WitnessProc { child, url: String::new() };
    let out = w.child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line =
            rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("the witness printed its URL");
        if let Some(at) = line.find("http://") {
            w.url = line[at..].split_whitespace().next().unwrap_or_default().to_string();
            return w;
        }
    }
}

fn heard_witness(key: &Path, log_key: &str, state: &Path) -> WitnessProc {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heard"));
    cmd.args(["witness", "serve", "--listen", "127.0.0.1:0", "--key"])
        .arg(key)
        .args(["--log-key", log_key, "--state"])
        .arg(state);
    start_witness(cmd)
}

fn go_witness(bin: &Path, seed: [u8; 32], log_key: &str) -> WitnessProc {
    let mut cmd = Command::new(bin);
    cmd.args(["-name", "w3.test", "-seed", &hex::encode(seed), "-log-key", log_key]);
    start_witness(cmd)
}

/// Appends one `enrol` of a fresh organisation key through the client, as a user would.
fn append(server: &str, data: &Path, n: u8, tag: &str) {
    let member = hex::encode(SigningKey::from_bytes(&[n; 32]).verifying_key().to_bytes());
    let key = data.join("operator.key");
    let out = heard(&[
        "enrol",
        "--key",
        key.to_str().expect("path"),
        "--role",
        "organisation",
        "--name",
        &format!("{tag} {n}"),
        "--member-key",
        &member,
        "--server",
        server,
    ]);
    assert!(out.status.success(), "heard enrol: {}{}", text(&out.stdout), text(&out.stderr));
}

/// The log's latest checkpoint: its size and the names of the witnesses whose lines it carries.
fn checkpoint(url: &str) -> (u64, Vec<String>, String) {
    let (status, note) = common::process::get(&agent(), &format!("{url}/v1/checkpoint"));
    assert_eq!(status, 200, "{note}");
    let n = Note::parse(&note).expect("note");
    let size = Checkpoint::parse_text(&n.text).expect("checkpoint").size;
    let mut names: Vec<String> = n.signatures.iter().skip(1).map(|s| s.name.clone()).collect();
    names.sort();
    (size, names, note)
}

/// Waits until the latest checkpoint has `size` entries and carries lines from `names`.
fn wait_cosigned(url: &str, size: u64, names: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (s, got, note) = checkpoint(url);
        if s == size && got == names {
            return note;
        }
        assert!(Instant::now() < deadline, "checkpoint at {s} carries {got:?}, waited for {names:?} at {size}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `heard verify receipt` of entry `seq` of the log at `url` with `--policy policy`.
fn verify_receipt(url: &str, seq: u64, log_key: &str, policy: &Path, dir: &Path) -> (bool, String) {
    let (status, receipt) = common::process::get(&agent(), &format!("{url}/v1/receipts/{seq}"));
    assert_eq!(status, 200, "{receipt}");
    let file = dir.join(format!("receipt-{seq}.txt"));
    std::fs::write(&file, &receipt).expect("write receipt");
    let out = heard(&[
        "verify",
        "receipt",
        file.to_str().expect("path"),
        "--key",
        log_key,
        "--policy",
        policy.to_str().expect("path"),
    ]);
    (out.status.success(), text(&out.stdout))
}

/// POSTs a raw add-checkpoint body: (status, content type, body).
fn post(url: &str, body: &str) -> (u16, String, String) {
    let mut r = agent().post(&format!("{url}/add-checkpoint")).send(body.as_bytes()).expect("POST");
    let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (r.status().as_u16(), ct, r.body_mut().read_to_string().unwrap_or_default())
}

fn serve_log(data: &Path, stderr: Stdio) -> Served {
    serve(data, &["--witness-interval", "1"], &[("RUST_LOG", "info")], stderr)
}

#[test]
fn a_log_asks_three_witnesses_with_a_quorum_of_two() {
    let go = gowitness();
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("log");
    let init = heard(&["init", "--data", data.to_str().expect("path"), "--origin", ORIGIN]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    let log_key = heard::keys::read_key_file(&data.join("log.key")).expect("log key").verifier().to_text();

    let mut keys = Vec::new();
    for n in 1..=2 {
        let file = dir.path().join(format!("w{n}.key"));
        let out = heard(&["keygen", "--name", &format!("w{n}.test"), "--witness", "--out", file.to_str().expect("p")]);
        assert!(out.status.success());
        keys.push((file, text(&out.stdout).trim().to_string()));
    }
    let go_seed = [3u8; 32];
    let go_key = Cosigner::new("w3.test", go_seed).expect("cosigner").verifier().to_text();
    let (s1, s2) = (dir.path().join("state1"), dir.path().join("state2"));
    let w1 = heard_witness(&keys[0].0, &log_key, &s1);
    let mut w2 = Some(heard_witness(&keys[1].0, &log_key, &s2));
    let w3 = go_witness(&go, go_seed, &log_key);
    let w2_url = w2.as_ref().map(|w| w.url.clone()).unwrap_or_default();
    let policy = format!(
        "# the log's witnesses\nwitness w1 {} {}\nwitness w2 {} {}\nwitness w3 {} {}/\nquorum 2\n",
        keys[0].1, w1.url, keys[1].1, w2_url, go_key, w3.url
    );
    std::fs::write(data.join("witnesses"), &policy).expect("policy");
    let all = ["w1.test", "w2.test", "w3.test"];

    // (a) All up: the checkpoint is cosigned by all three; a receipt carries them and
    // passes `verify receipt --policy`.
    let mut log = serve_log(&data, Stdio::null());
    for n in 1..=3 {
        append(&log.url, &data, n, "Org");
    }
    wait_cosigned(&log.url, 3, &all);
    let (ok, out) = verify_receipt(&log.url, 0, &log_key, &data.join("witnesses"), dir.path());
    assert!(ok, "{out}");
    assert!(out.contains("cosigned by 3 known witness(es)"), "{out}");

    // (b) One witness down: still witnessed by the other two; a policy asking for three
    // refuses the receipt.
    drop(w2.take());
    append(&log.url, &data, 4, "Org");
    append(&log.url, &data, 5, "Org");
    wait_cosigned(&log.url, 5, &["w1.test", "w3.test"]);
    let (ok, out) = verify_receipt(&log.url, 4, &log_key, &data.join("witnesses"), dir.path());
    assert!(ok, "{out}");
    assert!(out.contains("cosigned by 2 known witness(es)"), "{out}");
    let strict = dir.path().join("strict");
    std::fs::write(&strict, policy.replace("quorum 2", "quorum 3")).expect("policy");
    let (ok, out) = verify_receipt(&log.url, 4, &log_key, &strict, dir.path());
    assert!(!ok && out.contains("2 of the 3 required"), "{out}");

    // (c) The log restarts (it believes every witness holds size 0) and w2 comes back with
    // its state at size 3: every witness answers 409 with its own size, and the log asks
    // again with a proof from that size.
    assert!(log.terminate(), "the log stopped cleanly");
    let w2 = heard_witness(&keys[1].0, &log_key, &s2);
    std::fs::write(data.join("witnesses"), policy.replace(&w2_url, &w2.url)).expect("policy");
    let (status, ct, body) = post(&w2.url, &format!("old 0\n\n{}", checkpoint_note_of(&data)));
    assert_eq!((status, ct.as_str(), body.as_str()), (409, "text/x.tlog.size", "3\n"), "w2 holds size 3");
    let log = serve_log(&data, Stdio::null());
    append(&log.url, &data, 6, "Org");
    wait_cosigned(&log.url, 6, &all);
    let (status, ct, body) = post(&w3.url, &format!("old 0\n\n{}", checkpoint(&log.url).2));
    assert_eq!((status, ct.as_str(), body.as_str()), (409, "text/x.tlog.size", "6\n"), "the Go witness's 409");

    // (d) A fork: the same log key and origin over another tree of 8 entries. Every witness
    // refuses it (its 409 names size 6, then the proof from 6 does not verify: 422), and it
    // is never cosigned.
    let fork = dir.path().join("fork");
    std::fs::create_dir_all(&fork).expect("fork dir");
    for f in ["log.key", "operator.key", "witnesses"] {
        std::fs::copy(data.join(f), fork.join(f)).expect("copy");
    }
    let mut forked = serve(&fork, &["--witness-interval", "1"], &[("RUST_LOG", "info")], Stdio::piped());
    let stderr = forked.child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    for n in 1..=8 {
        append(&forked.url, &fork, n, "Forked org");
    }
    let mut refused = std::collections::BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while refused.len() < 3 {
        let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("three refusals");
        if line.contains("inconsistent with what it saw (status 422)") {
            for name in all {
                if line.contains(&format!("witness {name} refused")) {
                    refused.insert(name);
                }
            }
        }
    }
    let (size, names, fork_note) = checkpoint(&forked.url);
    assert_eq!((size, names), (8, Vec::<String>::new()), "the fork carries no cosignature");
    let (_, proof) = common::process::get(&agent(), &format!("{}/v1/proofs/consistency?old=6&new=8", forked.url));
    let proof: serde_json::Value = serde_json::from_str(&proof).expect("proof");
    let lines: Vec<&str> = proof["hashes"].as_array().expect("hashes").iter().filter_map(|h| h.as_str()).collect();
    let body = format!("old 6\n{}\n\n{fork_note}", lines.join("\n"));
    for w in [&w1.url, &w2.url, &w3.url] {
        assert_eq!(post(w, &body).0, 422, "{w} refuses the forked tree");
    }
    // Another key under the same origin is not the log: 403; another origin: 404.
    let (impostor, stranger) = (NoteSigner::new(ORIGIN, [9; 32]), NoteSigner::new("other.test/log", [9; 32]));
    for (signer, status) in [(impostor, 403), (stranger, 404)] {
        let signer = signer.expect("signer");
        let cp = Checkpoint { origin: signer.name().to_string(), size: 6, root: [1; 32], extensions: Vec::new() };
        let note = signer.sign(&cp.to_text()).expect("sign");
        for w in [&w1.url, &w2.url, &w3.url] {
            assert_eq!(post(w, &format!("old 6\n\n{note}")).0, status, "{w}: {note}");
        }
    }
    // The witnesses still follow the real log.
    append(&log.url, &data, 7, "Org");
    wait_cosigned(&log.url, 7, &all);
}

/// The latest checkpoint note of a stopped log's data folder.
fn checkpoint_note_of(data: &Path) -> String {
    let out = heard(&["receipt", "0", "--data", data.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let receipt = text(&out.stdout);
    let (_, note) = receipt.split_once("\n\n").expect("receipt");
    note.to_string()
}

/// Receipts are built on the newest checkpoint the quorum cosigned that covers the entry:
/// a checkpoint one witness of a quorum of two cosigned is not witnessed.
#[test]
fn receipts_use_the_newest_checkpoint_the_quorum_cosigned() {
    use heard::witness::policy::parse;
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (Cosigner::new("a.test", [21; 32]).expect("a"), Cosigner::new("b.test", [22; 32]).expect("b"));
    let policy = parse(
        &format!("witness {}\nwitness {}\nquorum 2\n", a.verifier().to_text(), b.verifier().to_text()),
        "witnesses",
    )
    .expect("policy");
    let ledger = common::open_ledger(dir.path()).with_witness_policy(policy).expect("policy");
    let submit = |i: u64| {
        let (st, sig) = common::enrolment(i);
        ledger.submit(&st, &sig, None).expect("append");
    };
    let cosign = |w: &Cosigner, size: u64| {
        let note = ledger.log().checkpoint_at(size).expect("note");
        let text = Note::parse(&note).expect("note").text;
        let line = w.cosign(&text, 1_700_000_000).expect("cosign");
        ledger.add_cosignature(&w.verifier(), &format!("{note}{line}")).expect("stored");
    };
    let size_of = |receipt: String| {
        let (_, note) = receipt.split_once("\n\n").expect("receipt");
        let n = Note::parse(note).expect("note");
        (Checkpoint::parse_text(&n.text).expect("checkpoint").size, n.signatures.len() - 1)
    };
    for i in 0..5 {
        submit(i);
    }
    cosign(&a, 5);
    for i in 5..8 {
        submit(i);
    }
    assert_eq!(ledger.latest_witnessed_size().expect("size"), None);
    assert_eq!(size_of(ledger.log().receipt(0).expect("receipt")), (8, 0), "one of two is not witnessed: the latest");
    cosign(&b, 5);
    assert_eq!(ledger.latest_witnessed_size().expect("size"), Some(5));
    assert_eq!(size_of(ledger.log().receipt(0).expect("receipt")), (5, 2), "witnessed by two");
    assert_eq!(size_of(ledger.log().receipt(6).expect("receipt")), (8, 0), "size 5 does not cover entry 6");
    // Reopened, the same quorum gives the same answer from the stored cosignatures.
    let again = ledger.clone().with_witness_policy(parse("quorum none\n", "w").expect("p")).expect("reopen");
    assert_eq!(again.latest_witnessed_size().expect("size"), Some(8), "quorum none: every checkpoint");
}

/// The verify page and `POST /v1/verify` name the log's witnesses whose cosignatures verify
/// on a receipt (none is required: a receipt made before its checkpoint was witnessed stays
/// valid), the page says how many witnesses the log has and how many make a quorum, and the
/// browser's own check (`receipt.js`, run here under Node) finds the same witnesses.
#[test]
fn the_verify_page_and_api_name_the_witnesses_that_cosigned() {
    use axum::body::Body;
    use axum::http::{Request, header};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let dir = tempfile::tempdir().expect("tempdir");
    let w1 = heard::protocol::note::Cosigner::new("w1.example", [71; 32]).expect("cosigner");
    let w2 = heard::protocol::note::Cosigner::new("w2.example", [72; 32]).expect("cosigner");
    let policy = heard::witness::policy::parse(
        &format!("witness {}\nwitness {}\nquorum 2\n", w1.verifier().to_text(), w2.verifier().to_text()),
        "witnesses",
    )
    .expect("policy");
    let ledger = common::open_ledger(&dir.path().join("db")).with_witness_policy(policy).expect("ledger");
    let (b, s) = common::enrolment(1);
    ledger.submit(&b, &s, None).expect("append");
    let note = ledger.log().latest().note;
    let text = heard::protocol::note::Note::parse(&note).expect("note").text;
    let line = w1.cosign(&text, 1_765_000_000).expect("cosign");
    ledger.add_cosignature(&w1.verifier(), &format!("{note}{line}")).expect("stored");
    let receipt = ledger.log().receipt(0).expect("receipt");

    let router = heard::server::app(heard::server::AppState::new(ledger.clone(), Default::default()));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let call = |req: Request<Body>| {
        rt.block_on(async {
            let r = router.clone().oneshot(req).await.expect("answer");
            String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8")
        })
    };
    let body = serde_json::json!({ "receipt": receipt }).to_string();
    let api: serde_json::Value = serde_json::from_str(&call(
        Request::post("/v1/verify")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("req"),
    ))
    .expect("json");
    assert_eq!(api["valid"], true, "{api}");
    let witnesses =
        api["checks"].as_array().expect("checks").iter().find(|c| c["name"] == "witnesses").expect("a witnesses check");
    assert!(witnesses["detail"].as_str().expect("detail").contains("w1.example"), "{witnesses}");
    assert!(!witnesses["detail"].as_str().expect("detail").contains("w2.example"), "{witnesses}");
    let page = call(Request::get("/verify").body(Body::empty()).expect("req"));
    assert!(
        page.contains("This record has 2 independent witnesses; a checkpoint counts as witnessed when 2"),
        "{page}"
    );
    assert!(page.contains(&w2.verifier().to_text()), "the page carries the witnesses' keys for the browser's check");

    let dir_js = concat!(env!("CARGO_MANIFEST_DIR"), "/src/server/pages/static");
    let script = format!(
        "import {{ verifyReceipt }} from 'file://{dir_js}/receipt.js';\n\
         const r = await verifyReceipt({receipt}, {key}, [{k1}, {k2}]);\n\
         console.log(JSON.stringify([r.facts !== null, r.facts?.witnesses]));\n",
        receipt = serde_json::to_string(&receipt).expect("json"),
        key = serde_json::to_string(&ledger.log().verifier().to_text()).expect("json"),
        k1 = serde_json::to_string(&w1.verifier().to_text()).expect("json"),
        k2 = serde_json::to_string(&w2.verifier().to_text()).expect("json"),
    );
    let out = std::process::Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("node (installed by .ci/run for the browser tests)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), r#"[true,["w1.example"]]"#);
}

//! kill -9 durability: every acknowledged entry survives, and the log stays intact.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use heard::keys::DataDir;
use heard::log::audit::audit;
use heard::log::store::Store;
use heard::protocol::entry::entry_hash;

#[test]
fn kill_9_never_loses_an_acknowledged_entry() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("random seed {seed}");
    let mut acked: Vec<(u64, String)> = Vec::new();
    for round in 0..6 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = Command::new(env!("CARGO_BIN_EXE_heard"))
            .args(["append", "--count", "0", "--writers", "4", "--data"])
            .arg(&data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Wait for the first acknowledgement (a condition, with a deadline), then let it
        // run a random while longer before killing it.
        let deadline = Instant::now() + Duration::from_secs(60);
        let first = rx.recv_timeout(deadline - Instant::now()).expect("no acknowledgement within 60 s");
        let mut lines = vec![first];
        std::thread::sleep(Duration::from_millis(20 + seed % 400));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        let before = acked.len();
        for l in lines {
            let mut parts = l.split(' ');
            assert_eq!(parts.next(), Some("acked"), "unexpected line {l:?}");
            let seq: u64 = parts.next().unwrap().parse().unwrap();
            acked.push((seq, parts.next().unwrap().to_string()));
        }
        eprintln!("round {round}: {} acknowledged before the kill", acked.len() - before);

        let dd = DataDir::new(&data);
        let (keys, _) = dd.init_keys("").unwrap();
        let store = Store::open(&dd.db()).unwrap();
        let report = audit(&store, &keys.log.verifier()).unwrap_or_else(|f| panic!("round {round}: {f}"));
        for (seq, hash) in &acked {
            assert!(*seq < report.entries, "acknowledged seq {seq} lost (log has {})", report.entries);
            let bytes = store.entry(*seq).unwrap().unwrap();
            assert_eq!(&hex::encode(entry_hash(&bytes)), hash, "seq {seq} changed");
        }
    }
    assert!(acked.len() > 6, "too few appends to mean anything");
}

//! kill -9 durability: every acknowledged entry survives, and the log stays intact.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use heard::keys::DataDir;
use heard::log::audit::audit;
use heard::log::store::Store;
use heard::protocol::entry::{Entry, entry_hash};
use heard::protocol::statement::statement_hash;

/// An `heard append --count 0 --writers N` child appending until killed, and the lines it
/// prints (`acked <seq> <entry hash>`), read on a thread.
struct Appender {
    child: Child,
    lines: mpsc::Receiver<String>,
    reader: std::thread::JoinHandle<()>,
}

impl Appender {
    fn start(data: &Path, writers: &str) -> Appender {
        let mut child = Command::new(env!("CARGO_BIN_EXE_heard"))
            .args(["append", "--count", "0", "--writers", writers, "--data"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Appender { child, lines, reader }
    }

    /// Kills the child with SIGKILL and returns every (seq, entry hash) it acknowledged,
    /// `seen` (lines already taken) first.
    fn kill(mut self, seen: Vec<String>) -> Vec<(u64, String)> {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
        self.reader.join().unwrap();
        seen.into_iter()
            .chain(self.lines.try_iter())
            .map(|l| {
                let mut parts = l.split(' ');
                assert_eq!(parts.next(), Some("acked"), "unexpected line {l:?}");
                (parts.next().unwrap().parse().unwrap(), parts.next().unwrap().to_string())
            })
            .collect()
    }
}

/// Reopens the store in `data`, audits it, and checks that every acknowledged entry is there
/// unchanged and found by both hash indexes, then runs `heard audit` (the log and the
/// policy's replay); returns the log's size.
fn check(data: &Path, acked: &[(u64, String)], when: &str) -> u64 {
    let dd = DataDir::new(data);
    let (keys, _) = dd.init_keys("").unwrap();
    let store = Store::open(&dd.db()).unwrap();
    let report = audit(&store, &keys.log.verifier()).unwrap_or_else(|f| panic!("{when}: {f}"));
    // The journal's entries: those under the stored checkpoint, and those after it that the
    // log signs a checkpoint over when it next opens (sled's head need not have them).
    let size = report.entries + report.unsigned;
    assert_eq!(size, store.size(), "{when}: the audit checked every entry of the journal");
    for (seq, hash) in acked {
        assert!(*seq < size, "{when}: acknowledged seq {seq} lost (log has {size})");
        let bytes = store.entry(*seq).unwrap().unwrap();
        assert_eq!(&hex::encode(entry_hash(&bytes)), hash, "{when}: seq {seq} changed");
        // The hash indexes find it too (caught up from the journal on open after the kill).
        let statement = Entry::decode(&bytes).unwrap().statement;
        assert_eq!(store.seq_of_entry(&entry_hash(&bytes)).unwrap(), Some(*seq), "{when}: entry hash of {seq}");
        assert_eq!(store.seq_of_statement(&statement_hash(&statement)).unwrap(), Some(*seq), "{when}: statement {seq}");
    }
    drop(store);
    // The domain's rows (in the followers' database, unsynced per append) are exactly
    // what replaying every entry through the policy gives.
    let out = Command::new(env!("CARGO_BIN_EXE_heard")).args(["audit", "--data"]).arg(data).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("policy audit passed"), "{when}: {text}");
    size
}

fn next_random(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn kill_9_never_loses_an_acknowledged_entry() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("random seed {seed}");
    let mut acked: Vec<(u64, String)> = Vec::new();
    for round in 0..6 {
        let r = next_random(&mut seed);
        let appender = Appender::start(&data, "4");
        // Wait for the first acknowledgement (a condition, with a deadline), then let it
        // run a random while longer before killing it.
        let first = appender.lines.recv_timeout(Duration::from_secs(60)).expect("no acknowledgement within 60 s");
        std::thread::sleep(Duration::from_millis(20 + r % 400));
        let before = acked.len();
        acked.extend(appender.kill(vec![first]));
        eprintln!("round {round}: {} acknowledged before the kill", acked.len() - before);
        check(&data, &acked, &format!("round {round}"));
    }
    assert!(acked.len() > 6, "too few appends to mean anything");
}

/// The store settles its files every 8,192 entries (syncing the offsets and nodes, writing the
/// checkpoint file): killed with SIGKILL within a few hundred entries of that point, a log
/// loses nothing and its indexes find everything; the domain's rows replay exactly.
#[test]
fn kill_9_around_a_settle_loses_nothing_and_the_indexes_hold() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let target = 8192 - 200 + next_random(&mut seed) % 400;
    eprintln!("random seed {seed}: kill once seq {target} is acknowledged");
    let appender = Appender::start(&data, "8");
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut seen = Vec::new();
    while let Ok(line) = appender.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        let seq: u64 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        seen.push(line);
        if seq >= target {
            break;
        }
    }
    let acked = appender.kill(seen);
    assert!(acked.iter().any(|(seq, _)| *seq >= target), "seq {target} was not reached within 300 s");
    let size = check(&data, &acked, "after the kill");
    eprintln!("{} acknowledged, {size} in the log", acked.len());
    // And once more after a restart that appends past the point and is killed again.
    let appender = Appender::start(&data, "8");
    let first = appender.lines.recv_timeout(Duration::from_secs(60)).expect("no acknowledgement after the restart");
    std::thread::sleep(Duration::from_millis(50 + next_random(&mut seed) % 200));
    let mut all = acked;
    all.extend(appender.kill(vec![first]));
    let size = check(&data, &all, "after the second kill");
    // Past 8,192 entries the files settle (all three synced, the checkpoint file written):
    // a clean run that takes the log at least 100 past that point (the kills may have
    // stopped it short of it), after which the hash indexes and the domain's rows in the
    // followers' database still agree with the policy's replay.
    let count = (8192 + 100u64).saturating_sub(size).max(50);
    let out = Command::new(env!("CARGO_BIN_EXE_heard"))
        .args(["append", "--count", &count.to_string(), "--writers", "4", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    all.extend(String::from_utf8_lossy(&out.stdout).lines().map(|l| {
        let mut parts = l.split(' ');
        assert_eq!(parts.next(), Some("acked"), "unexpected line {l:?}");
        (parts.next().unwrap().parse().unwrap(), parts.next().unwrap().to_string())
    }));
    assert!(DataDir::new(&data).db().join("followers").is_dir(), "no followers' database");
    let size = check(&data, &all, "after a clean close past the first settle");
    assert!(size >= 8192, "only {size} entries");
}

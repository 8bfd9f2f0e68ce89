use super::*;
use crate::protocol::cbor;
use crate::protocol::statement::{Kind, Statement};
use ed25519_dalek::SigningKey;

/// Records, for each batch, what was committed when it started and its first seq.
struct Recorder {
    durable: u64,
    starts: Arc<Mutex<Vec<(u64, u64)>>>,
    fresh: bool,
}

impl Gate for Recorder {
    fn admit(&mut self, seq: u64, _: u64, _: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
        if self.fresh {
            self.fresh = false;
            if let Ok(mut s) = self.starts.lock() {
                s.push((self.durable, seq));
            }
        }
        Ok(Vec::new())
    }
    fn commit(&mut self, durable: u64) {
        assert!(durable >= self.durable, "the committed size went backwards");
        self.durable = durable;
        self.fresh = true;
    }
    fn abort(&mut self) {}
}

const ORIGIN: &str = "test.heard/log";

fn test_signer() -> NoteSigner {
    NoteSigner::new(ORIGIN, [7; 32]).expect("signer")
}

/// The test author's idea statement number `i`, signed: (bytes, signature).
fn idea(key: &SigningKey, i: u64) -> (Vec<u8>, [u8; 64]) {
    let body = cbor::encode(&format!("statement {i}")).expect("body");
    Statement { kind: Kind::Idea, time: i, author: key.verifying_key().to_bytes(), body }.sign(key)
}

#[test]
fn batches_are_sequenced_while_earlier_ones_are_still_being_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let starts = Arc::new(Mutex::new(Vec::new()));
    let gate = Recorder { durable: 0, starts: starts.clone(), fresh: true };
    let log = Log::open_with_gate(dir.path(), test_signer(), LogConfig::new(ORIGIN), Box::new(gate)).expect("open");
    let key = SigningKey::from_bytes(&[9; 32]);
    let work: Vec<_> = (0..1500u64).map(|i| idea(&key, i)).collect();
    let next = AtomicU64::new(0);
    std::thread::scope(|s| {
        for _ in 0..32 {
            s.spawn(|| {
                while let Some((b, sig)) = work.get(next.fetch_add(1, Ordering::Relaxed) as usize) {
                    let a = log.append(b, sig).expect("append");
                    // Answered only once committed: the checkpoint it carries covers it
                    // and the store already holds it.
                    assert!(a.checkpoint.size > a.seq);
                    assert!(log.store().size() > a.seq);
                    assert_eq!(log.store().entry(a.seq).expect("read").as_deref(), Some(&a.entry[..]));
                }
            });
        }
    });
    assert_eq!(log.latest().size, 1500);
    let starts = starts.lock().expect("lock").clone();
    // Some batch was sequenced on top of entries not yet committed: the stages overlapped.
    let overlapped = starts.iter().filter(|(durable, first)| first > durable).count();
    assert!(overlapped > 0, "no batch started before the one before it was committed: {starts:?}");
    log.close().expect("closed cleanly");
    let report = crate::log::audit::audit(log.store(), log.verifier()).expect("audit");
    assert_eq!(report.entries, 1500);
}

/// A sequenced batch of `n` entries (nobody listens for their answers).
fn batch(n: usize) -> Sequenced {
    let replies = (0..n)
        .map(|i| Pending { seq: i as u64, entry_hash: [0; 32], entry: Vec::new(), reply: oneshot::channel().0 })
        .collect();
    Sequenced { writes: WriteSet::default(), size: 0, root: [0; 32], last_hash: [0; 32], nodes: Vec::new(), replies }
}

fn weights(group: &[Sequenced]) -> Vec<usize> {
    group.iter().map(|b| b.replies.len()).collect()
}

#[test]
fn a_group_grows_only_while_more_is_on_its_way() {
    // Every wait below that must end early ends long before this cap, or the test fails.
    let long = Duration::from_secs(10);
    let hopper = Arc::new(Hopper::new(GROUP_TARGET));
    // A take on another thread, so a wait that never ends fails the test instead of
    // hanging it.
    let take = |cap: Duration| {
        let (tx, rx) = mpsc::channel();
        let h = hopper.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let group = h.take(cap).map(|g| weights(&g));
            let _ = tx.send((group, started.elapsed()));
        });
        rx.recv_timeout(Duration::from_secs(20)).expect("the file stage was never woken")
    };
    let early = |took: Duration| assert!(took < Duration::from_secs(5), "waited {took:?}");

    // Nothing on its way: the group goes as it is.
    assert!(hopper.push(batch(1)).is_ok());
    let (group, took) = take(long);
    assert_eq!(group, Some(vec![1]));
    early(took);

    // Something on its way: the group takes what comes until it weighs the target; what
    // comes after waits for the next group.
    let on_its_way = Arriving::enter(&hopper);
    let pusher = {
        let hopper = hopper.clone();
        std::thread::spawn(move || {
            for w in [1, 10, 20, 40, 7] {
                std::thread::sleep(Duration::from_millis(5));
                assert!(hopper.push(batch(w)).is_ok());
                if w == 40 {
                    // Let the file stage take its full group before the 7 comes.
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        })
    };
    let (group, took) = take(long);
    assert_eq!(group, Some(vec![1, 10, 20, 40]));
    early(took);

    // The first entry of a group wakes the file stage (which slept on nothing held), and
    // with more on its way that never comes, the wait ends at the cap.
    let (group, took) = take(Duration::from_millis(30));
    assert_eq!(group, Some(vec![7]));
    assert!(took >= Duration::from_millis(30));
    pusher.join().expect("pusher");

    // The last submission on its way leaves without handing anything on (refused): the
    // waiting file stage sees it at its next look, long before the cap.
    assert!(hopper.push(batch(2)).is_ok());
    std::thread::scope(|s| {
        s.spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            drop(on_its_way);
        });
        let (group, took) = take(long);
        assert_eq!(group, Some(vec![2]));
        early(took);
    });
    assert_eq!(hopper.arriving.load(Ordering::Acquire), 0);

    // The sequencer goes: what is held is taken at once, then nothing more.
    let _more = Arriving::enter(&hopper);
    assert!(hopper.push(batch(3)).is_ok());
    hopper.close();
    let (group, took) = take(long);
    assert_eq!(group, Some(vec![3]));
    early(took);
    assert_eq!(take(long).0, None);
}

#[test]
fn nothing_is_handed_on_once_the_file_stage_is_gone() {
    let hopper = Hopper::new(GROUP_TARGET);
    let (reply, answer) = oneshot::channel();
    let mut held = batch(0);
    held.replies.push(Pending { seq: 0, entry_hash: [0; 32], entry: Vec::new(), reply });
    assert!(hopper.push(held).is_ok());
    // Leaving refuses what it held and every later hand-off is given back.
    hopper.leave();
    assert!(matches!(answer.blocking_recv(), Ok(Err(AppendError::Storage(_)))));
    assert!(hopper.push(batch(1)).is_err());
}

#[test]
fn a_submission_is_counted_as_arriving_only_while_it_is_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = Log::open(dir.path(), test_signer(), LogConfig::new(ORIGIN)).expect("open");
    let (st, sig) = idea(&SigningKey::from_bytes(&[9; 32]), 1);
    assert_eq!(log.shared.hopper.arriving.load(Ordering::Acquire), 0);
    log.append(&st, &sig).expect("append");
    // A refused one is uncounted too.
    assert!(log.append(&st, &[0u8; 64]).is_err());
    assert_eq!(log.shared.hopper.arriving.load(Ordering::Acquire), 0);
    log.close().expect("closed cleanly");
}

#[test]
fn memory_starts_with_the_frontier_and_keeps_the_high_levels_and_recent_nodes() {
    let leaf = |i: u64| {
        let mut x = [0u8; 32];
        x[..8].copy_from_slice(&i.to_be_bytes());
        x
    };
    let mut tree = Frontier::new();
    let mut all = HashMap::new();
    let grow = |tree: &mut Frontier, all: &mut HashMap<(u8, u64), Hash>, i: u64| {
        let made = tree.append(leaf(i));
        all.extend(made.iter().map(|&(l, j, n)| ((l, j), n)));
        made
    };
    for i in 0..1000 {
        grow(&mut tree, &mut all, i);
    }
    // Opened at 1,000 = 512 + 256 + 128 + 64 + 32 + 8 entries: its frontier alone.
    let mut mem = MemNodes::new(1000, tree.nodes());
    for (l, i) in [(9, 0), (8, 2), (7, 6), (6, 14), (5, 30), (3, 124)] {
        assert_eq!(mem.get(l, i), Some(all[&(l, i)]), "frontier node ({l}, {i})");
    }
    assert_eq!((mem.get(0, 999), mem.get(8, 1), mem.get(7, 5)), (None, None, None));
    assert_eq!(mem.kept_count(), 2);
    // A node read from the store is kept at the high levels only.
    mem.keep(8, 1, all[&(8, 1)]);
    mem.keep(7, 5, all[&(7, 5)]);
    assert_eq!((mem.get(8, 1), mem.get(7, 5)), (Some(all[&(8, 1)]), None));
    let leaves = 1000 + RECENT_LEAVES as u64 + 100;
    for i in 1000..leaves {
        for (l, j, n) in grow(&mut tree, &mut all, i) {
            mem.push(l, j, n);
        }
    }
    // Below the kept levels, the newest nodes of each level.
    for l in 0..KEPT_LEVEL {
        let count = leaves >> l;
        let oldest = count - (RECENT_LEAVES as u64 >> l);
        assert_eq!(mem.get(l, oldest - 1), None, "level {l}");
        for i in [oldest, count - 1] {
            assert_eq!(mem.get(l, i), Some(all[&(l, i)]), "({l}, {i})");
        }
        assert_eq!(mem.get(l, count), None, "level {l}");
    }
    // At and above them, every node made since open beside those read or in the frontier.
    for l in KEPT_LEVEL..17 {
        for i in (1000 >> l)..(leaves >> l) {
            assert_eq!(mem.get(l, i), Some(all[&(l, i)]), "({l}, {i})");
        }
        assert_eq!(mem.get(l, leaves >> l), None, "level {l}");
    }
    assert_eq!((mem.get(8, 0), mem.get(8, 1), mem.get(9, 0)), (None, Some(all[&(8, 1)]), Some(all[&(9, 0)])));
}

#[test]
fn proofs_from_memory_match_the_stored_tree_before_and_after_a_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let open = || Log::open(dir.path(), test_signer(), LogConfig::new(ORIGIN)).expect("open");
    let key = SigningKey::from_bytes(&[9; 32]);
    let mut next = 0u64;
    let mut append = |log: &Log, n: u64| {
        for _ in 0..n {
            let (st, sig) = idea(&key, next);
            log.append(&st, &sig).expect("append");
            next += 1;
        }
    };
    let check = |log: &Log| {
        let size = log.latest().size;
        for size in [size / 3, size - 1, size] {
            for i in 0..size {
                let stored = merkle::inclusion_proof(i, size, |l, j| log.store().node(l, j)).expect("stored proof");
                assert_eq!(log.inclusion_proof(i, size).expect("proof"), stored, "entry {i} at size {size}");
            }
        }
    };
    let log = open();
    append(&log, 37);
    check(&log);
    log.close().expect("closed cleanly");
    drop(log);
    // Reopened, the lower levels' memory starts empty and fills from the new entries.
    let log = open();
    check(&log);
    append(&log, 29);
    check(&log);
    log.close().expect("closed cleanly");
}

/// A new log in `dir` with `n` ideas appended from 16 threads, still open.
fn grow(dir: &Path, n: u64) -> Log {
    let log = Log::open(dir, test_signer(), LogConfig::new(ORIGIN)).expect("open");
    let key = SigningKey::from_bytes(&[9; 32]);
    let next = AtomicU64::new(0);
    std::thread::scope(|s| {
        for _ in 0..16 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let (st, sig) = idea(&key, i);
                    log.append(&st, &sig).expect("append");
                }
            });
        }
    });
    assert_eq!(log.latest().size, n);
    log
}

#[test]
fn open_reads_as_little_of_the_tree_for_a_log_ten_times_larger() {
    let read_at_open = |n: u64| {
        let dir = tempfile::tempdir().expect("tempdir");
        grow(dir.path(), n).close().expect("closed cleanly");
        let log = Log::open(dir.path(), test_signer(), LogConfig::new(ORIGIN)).expect("reopen");
        let read = log.store().hashes_bytes_read();
        let file = std::fs::metadata(dir.path().join("hashes.dat")).expect("hashes.dat").len();
        // The tree still serves its proofs and takes appends after such an open.
        let root = log.root_at(n).expect("root");
        assert_eq!(root, log.latest().root);
        let (st, sig) = idea(&SigningKey::from_bytes(&[9; 32]), n);
        assert_eq!(log.append(&st, &sig).expect("append").seq, n);
        log.close().expect("closed cleanly");
        (read, file)
    };
    let (small, small_file) = read_at_open(3_000);
    let (large, large_file) = read_at_open(30_000);
    assert!(large_file >= 10 * small_file && large_file > 1 << 20, "hashes.dat: {small_file}, {large_file}");
    // O(log n) nodes (the frontier, twice, and the last leaf): about a kilobyte.
    for (n, read) in [(3_000, small), (30_000, large)] {
        assert!(read <= 4096, "open read {read} bytes of hashes.dat at {n} entries");
    }
}

#[test]
fn proofs_after_a_reopen_equal_those_before_and_high_nodes_are_read_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 3_000u64;
    let log = grow(dir.path(), n);
    let open = || Log::open(dir.path(), test_signer(), LogConfig::new(ORIGIN)).expect("open");
    let sizes = [1, 2, 3, 255, 256, 257, 1023, 1024, 1025, 1500, 2047, 2048, 2049, 2731, 2999, 3000];
    let proofs = |log: &Log| {
        let mut out = Vec::new();
        for &size in &sizes {
            out.push(log.root_at(size).expect("root").to_vec());
            for i in (0..size).step_by(97).chain([size - 1]) {
                out.push(log.inclusion_proof(i, size).expect("inclusion").concat());
            }
            for &old in sizes.iter().filter(|&&o| o <= size) {
                out.push(log.consistency_proof(old, size).expect("consistency").concat());
            }
        }
        out
    };
    // Before any close: the log that appended them, with every node they need in memory.
    let read = log.store().hashes_bytes_read();
    let before = proofs(&log);
    assert_eq!(log.store().hashes_bytes_read(), read, "every node from memory");
    log.close().expect("closed");
    drop(log);
    let log = open();
    // The consistency proof from 256 to 1024 needs nodes (8, 1) and (9, 1) only: read from
    // the file the first time, from memory the second.
    let read = log.store().hashes_bytes_read();
    let first = log.consistency_proof(256, 1024).expect("consistency");
    assert_eq!(log.store().hashes_bytes_read(), read + 64);
    assert_eq!(log.consistency_proof(256, 1024).expect("consistency"), first);
    assert_eq!(log.store().hashes_bytes_read(), read + 64);
    let read = log.store().hashes_bytes_read();
    let after = proofs(&log);
    assert_eq!(after, before);
    let first_pass = log.store().hashes_bytes_read() - read;
    // Asked again, the nodes at the kept levels come from memory: less is read.
    let read = log.store().hashes_bytes_read();
    assert_eq!(proofs(&log), before);
    let second = log.store().hashes_bytes_read() - read;
    assert!(second > 0 && second < first_pass, "{second} bytes read the second time, {first_pass} the first");
    log.close().expect("closed");
}

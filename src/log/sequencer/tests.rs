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
fn memory_keeps_every_upper_node_and_the_most_recent_lower_ones() {
    let h = |level: u8, index: u64| {
        let mut x = [0u8; 32];
        x[0] = level;
        x[1..9].copy_from_slice(&index.to_be_bytes());
        x
    };
    // A log that already had 10 entries: its levels 0 and 1 start at 10 and 5.
    let mut mem = MemNodes::new(vec![vec![h(2, 0), h(2, 1)]], 10);
    assert_eq!(mem.get(0, 9), None);
    let leaves = 10 + RECENT_LEAVES as u64 + 100;
    for i in 10..leaves {
        mem.push(0, i, h(0, i));
        if i % 2 == 1 {
            mem.push(1, i / 2, h(1, i / 2));
        }
        if i % 4 == 3 {
            mem.push(2, i / 4, h(2, i / 4));
        }
    }
    let oldest0 = leaves - RECENT_LEAVES as u64;
    assert_eq!(mem.get(0, oldest0 - 1), None);
    assert_eq!(mem.get(0, oldest0), Some(h(0, oldest0)));
    assert_eq!(mem.get(0, leaves - 1), Some(h(0, leaves - 1)));
    assert_eq!(mem.get(0, leaves), None);
    let level1 = leaves / 2;
    let oldest1 = level1 - (RECENT_LEAVES as u64 >> 1);
    assert_eq!(mem.get(1, oldest1 - 1), None);
    assert_eq!(mem.get(1, oldest1), Some(h(1, oldest1)));
    assert_eq!(mem.get(1, level1 - 1), Some(h(1, level1 - 1)));
    for i in 0..leaves / 4 {
        assert_eq!(mem.get(2, i), Some(h(2, i)));
    }
    assert_eq!(mem.get(2, leaves / 4), None);
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

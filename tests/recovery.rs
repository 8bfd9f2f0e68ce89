//! Recovery when a key file is lost (issue 25 §1): one test per refusal rule of `recover`
//! and `cancel_recovery` (nothing written), the effect rule at the gate (before the wait,
//! after it, cancelled in time) with the log's clock moved forward, and the audit's replay
//! deciding exactly as the gate did.

use crate::world;

use ed25519_dalek::SigningKey;
use heard::attribution::Replay;
use heard::attribution::kinds::*;
use heard::attribution::recovery::{DAY_MS, sign_binding};
use heard::log::clock::Clock;
use heard::protocol::statement::{Statement, statement_hash};
use world::*;

struct Setup {
    w: World,
    clock: Clock,
    council: SigningKey,
    facilitator: SigningKey,
    /// The contributor's lost key, with one idea of their own.
    old: SigningKey,
    idea: Id,
}

fn setup() -> Setup {
    let clock = Clock::system();
    let w = World::with_clock(clock.clone());
    let (council, facilitator) = (key(1), key(3));
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Drop-in", &council, None);
    let old = key(11);
    let idea = w.idea(&old, idea_body(c, Consent::Named, Some("Amara Okafor"), None), "more benches").expect("idea");
    Setup { w, clock, council, facilitator, old, idea }
}

fn recover(old: &SigningKey, new: &SigningKey, wait_days: u64) -> Body {
    Body::Recover(RecoverBody {
        old_key: pk(old),
        new_key: pk(new),
        wait_days,
        binding: sign_binding(new, &pk(old)).to_vec(),
    })
}

fn cancel(recovery: Id) -> Body {
    Body::CancelRecovery(CancelRecoveryBody { recovery })
}

fn consent_change(idea: Id) -> Body {
    Body::Claim(ClaimBody { ideas: vec![idea], consent: Consent::Anonymous.code(), name: None, secret: None })
}

impl Setup {
    fn refuse(&self, who: &SigningKey, body: Body, code: &str) {
        let before = self.w.snapshot();
        assert_eq!(self.w.refused(who, body), code);
        assert_eq!(self.w.snapshot(), before, "a refusal wrote something");
    }
    /// A recovery of the old key's credit to `new`, waiting 14 days.
    fn start(&self, new: &SigningKey) -> Id {
        self.w.ok(&self.facilitator, recover(&self.old, new, 14))
    }
    fn days_pass(&self, days: u64) {
        self.clock.advance(days * DAY_MS);
    }
    fn ideas_of(&self, k: &SigningKey) -> Vec<Id> {
        self.w.ledger.portfolio(&pk(k)).expect("portfolio").items.iter().map(|i| i.idea.id).collect()
    }
}

#[test]
fn not_facilitator() {
    let s = setup();
    s.refuse(&s.council, recover(&s.old, &key(12), 14), "not_facilitator");
    s.refuse(&key(60), recover(&s.old, &key(12), 14), "not_facilitator");
    s.refuse(&s.old, recover(&s.old, &key(12), 14), "not_facilitator");
}

#[test]
fn recovery_same_key() {
    let s = setup();
    s.refuse(&s.facilitator, recover(&s.old, &s.old, 14), "recovery_same_key");
}

#[test]
fn recovery_wait_too_short() {
    let s = setup();
    s.refuse(&s.facilitator, recover(&s.old, &key(12), 6), "recovery_wait_too_short");
    s.refuse(&s.facilitator, recover(&s.old, &key(12), 0), "recovery_wait_too_short");
    // The protocol's minimum itself is accepted.
    s.w.ok(&s.facilitator, recover(&s.old, &key(12), 7));
}

#[test]
fn a_wait_over_a_year_is_malformed() {
    let s = setup();
    s.refuse(&s.facilitator, recover(&s.old, &key(12), 366), "malformed_body");
}

#[test]
fn bad_recovery_binding() {
    let s = setup();
    let new = key(12);
    // Signed by another key than the new one.
    let mut b = RecoverBody {
        old_key: pk(&s.old),
        new_key: pk(&new),
        wait_days: 14,
        binding: sign_binding(&key(13), &pk(&s.old)).to_vec(),
    };
    s.refuse(&s.facilitator, Body::Recover(b.clone()), "bad_recovery_binding");
    // The new key's signature, but for another old key: it cannot be moved to this one.
    b.binding = sign_binding(&new, &pk(&key(14))).to_vec();
    s.refuse(&s.facilitator, Body::Recover(b.clone()), "bad_recovery_binding");
    b.binding = vec![0; 63];
    s.refuse(&s.facilitator, Body::Recover(b), "malformed_body");
}

#[test]
fn nothing_to_recover() {
    let s = setup();
    // A key the log never saw, and one that signed nothing that gives credit.
    s.refuse(&s.facilitator, recover(&key(50), &key(12), 14), "nothing_to_recover");
    // A member of staff's key.
    s.refuse(&s.facilitator, recover(&s.council, &key(12), 14), "nothing_to_recover");
    // A key whose credit already moved.
    s.start(&key(12));
    s.days_pass(15);
    s.refuse(&s.facilitator, recover(&s.old, &key(13), 14), "nothing_to_recover");
}

#[test]
fn recovery_open() {
    let s = setup();
    s.start(&key(12));
    s.refuse(&s.facilitator, recover(&s.old, &key(13), 14), "recovery_open");
}

#[test]
fn a_recovery_needs_a_fresh_new_key() {
    let s = setup();
    // An enrolled key, and a key with credit of its own.
    s.refuse(&s.facilitator, recover(&s.old, &s.council, 14), "key_in_use");
    let c = s.w.consultation(&s.facilitator, "Second", &s.council, None);
    s.w.idea(&key(13), idea_body(c, Consent::Anonymous, None, None), "own").expect("idea");
    s.refuse(&s.facilitator, recover(&s.old, &key(13), 14), "key_in_use");
    // A key already named by a recovery, even a cancelled one.
    let r = s.start(&key(12));
    s.w.ok(&s.old, cancel(r));
    s.refuse(&s.facilitator, recover(&s.old, &key(12), 14), "key_in_use");
}

#[test]
fn unknown_recovery() {
    let s = setup();
    s.refuse(&s.old, cancel(Id([9; 32])), "unknown_recovery");
    // The idea's id is a statement in the log, but not a recovery.
    s.refuse(&s.old, cancel(s.idea), "unknown_recovery");
}

#[test]
fn not_old_key() {
    let s = setup();
    let new = key(12);
    let r = s.start(&new);
    s.refuse(&s.facilitator, cancel(r), "not_old_key");
    s.refuse(&new, cancel(r), "not_old_key");
    s.refuse(&key(70), cancel(r), "not_old_key");
}

#[test]
fn already_cancelled() {
    let s = setup();
    let r = s.start(&key(12));
    s.w.ok(&s.old, cancel(r));
    s.refuse(&s.old, cancel(r), "already_cancelled");
    // After another recovery of the same key started, the first stays cancelled.
    s.start(&key(13));
    s.refuse(&s.old, cancel(r), "already_cancelled");
}

#[test]
fn recovery_in_effect() {
    let s = setup();
    let r = s.start(&key(12));
    s.days_pass(15);
    s.refuse(&s.old, cancel(r), "recovery_in_effect");
}

#[test]
fn key_recovered() {
    let s = setup();
    s.start(&key(12));
    s.days_pass(15);
    s.refuse(&s.old, consent_change(s.idea), "key_recovered");
    s.refuse(&s.old, Body::Withdraw(WithdrawBody { idea: s.idea }), "key_recovered");
}

/// Before the wait is over nothing moves: the new key has no credit and cannot act for the
/// old key, which still can.
#[test]
fn before_the_wait_a_recovery_is_not_in_effect() {
    let s = setup();
    let new = key(12);
    s.start(&new);
    // A minute short of the 14 days (the test itself takes far less than a minute).
    s.clock.advance(14 * DAY_MS - 60_000);
    assert_eq!(s.ideas_of(&new), Vec::<Id>::new());
    assert_eq!(s.ideas_of(&s.old), vec![s.idea]);
    s.refuse(&new, consent_change(s.idea), "not_contributor");
    s.w.ok(&s.old, consent_change(s.idea));
    let r = s.w.ledger.recoveries(&pk(&s.old)).expect("recoveries");
    let rec = r.from_this_key.expect("a recovery of the old key");
    assert!(!rec.in_effect_at(r.now) && rec.open_at(r.now));
}

/// After the wait the new key's portfolio holds the old key's credit and the new key acts for
/// it; the old key signs nothing more; the audit replays all of it.
#[test]
fn after_the_wait_the_new_key_holds_the_credit() {
    let s = setup();
    let new = key(12);
    s.start(&new);
    s.days_pass(14);
    s.clock.advance(1_000);
    assert_eq!(s.ideas_of(&new), vec![s.idea]);
    let r = s.w.ledger.recoveries(&pk(&new)).expect("recoveries");
    assert!(r.to_this_key.expect("made by a recovery").in_effect_at(r.now));
    s.w.ok(&new, consent_change(s.idea));
    s.refuse(&s.old, consent_change(s.idea), "key_recovered");
    // The new key can be recovered in turn, and the credit follows.
    let newer = key(13);
    s.w.ok(&s.facilitator, recover(&new, &newer, 7));
    s.days_pass(8);
    assert_eq!(s.ideas_of(&newer), vec![s.idea]);
    s.w.ok(&newer, Body::Withdraw(WithdrawBody { idea: s.idea }));
    s.w.ledger.audit_policy().expect("policy audit");
}

/// A recovery the old key cancelled in time never takes effect, however long one waits.
#[test]
fn a_recovery_cancelled_in_time_never_takes_effect() {
    let s = setup();
    let new = key(12);
    let r = s.start(&new);
    s.days_pass(13);
    s.w.ok(&s.old, cancel(r));
    s.days_pass(60);
    assert_eq!(s.ideas_of(&new), Vec::<Id>::new());
    s.refuse(&new, consent_change(s.idea), "not_contributor");
    s.w.ok(&s.old, consent_change(s.idea));
    // The key is free for another recovery.
    s.w.ok(&s.facilitator, recover(&s.old, &key(13), 14));
    s.w.ledger.audit_policy().expect("policy audit");
}

fn signed(who: &SigningKey, time: u64, body: &Body) -> (Statement, [u8; 32]) {
    let st = Statement { kind: body.kind(), time, author: pk(who).0, body: body.encode().expect("body") };
    let hash = statement_hash(&st.encode());
    (st, hash)
}

/// The audit's replay decides by log times exactly as the gate: the same cancel is admitted
/// a moment before the recovery takes effect and refused at that moment.
#[test]
fn the_replay_follows_the_effect_rule_by_log_time() {
    let op = key(200);
    let (fac, council, old, new) = (key(3), key(1), key(11), key(12));
    let t0 = 1_700_000_000_000u64;
    let steps = [
        (&op, Body::Enrol(EnrolBody { key: pk(&council), role: 0, name: "Council".into(), action: ACTION_ENROL })),
        (&op, Body::Enrol(EnrolBody { key: pk(&fac), role: 1, name: "Sam".into(), action: ACTION_ENROL })),
        (&fac, consultation_body("Drop-in", &council, None)),
    ];
    let run = |cancel_at: u64| -> Result<(), &'static str> {
        let mut r = Replay::new(pk(&op).0);
        let mut seq = 0;
        let mut apply = |r: &mut Replay, who: &SigningKey, body: &Body, t: u64| {
            let (st, h) = signed(who, t, body);
            seq += 1;
            r.apply(seq - 1, t, h, &st).map(|_| h).map_err(|e| e.code)
        };
        let mut c = Id([0; 32]);
        for (who, body) in &steps {
            c = Id(apply(&mut r, who, body, t0)?);
        }
        apply(&mut r, &old, &Body::Idea(idea_body(c, Consent::Anonymous, None, None)), t0)?;
        let rec = apply(&mut r, &fac, &recover(&old, &new, 14), t0 + 10)?;
        apply(&mut r, &old, &cancel(Id(rec)), cancel_at)?;
        Ok(())
    };
    assert_eq!(run(t0 + 10 + 14 * DAY_MS - 1), Ok(()));
    assert_eq!(run(t0 + 10 + 14 * DAY_MS), Err("recovery_in_effect"));
}

/// A log written without the policy (a tampering operator, or a gate with a weaker rule)
/// holding a recovery shorter than the protocol's minimum fails `heard audit` at that entry.
#[test]
fn the_audit_names_a_recovery_the_gate_would_have_refused() {
    use heard::attribution::audit_policy;
    use heard::log::{Log, LogConfig};
    use heard::protocol::note::NoteSigner;
    let s = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let log = Log::open(dir.path(), NoteSigner::new(ORIGIN, [42; 32]).expect("signer"), LogConfig::new(ORIGIN))
        .expect("open");
    // Copy the world's log (every entry passed the gate), then add a 2-day recovery.
    let size = s.w.ledger.log().latest().size;
    for seq in 0..size {
        let bytes = s.w.ledger.log().entry(seq).expect("read").expect("entry");
        let e = heard::protocol::entry::Entry::decode(&bytes).expect("entry");
        log.append(&e.statement, &e.signature).expect("append");
    }
    let (b, sig) = s.w.sign(&s.facilitator, &recover(&s.old, &key(12), 2));
    log.append(&b, &sig).expect("append");
    let f = audit_policy(log.store(), pk(&s.w.operator).0).unwrap_err();
    assert_eq!((f.seq, f.code), (Some(size), "recovery_wait_too_short"));
    log.close().expect("closed cleanly");
}

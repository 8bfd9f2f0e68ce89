//! One test per refusal rule: the refusal names the rule and nothing is written (log size,
//! root and the domain's rows are unchanged) — on the embedded store and on PostgreSQL and a
//! bucket alike (`<rule>::embedded`, `<rule>::postgres`). The tests of the embedded writer's
//! gate and batches, and of the audit of an embedded log, run on the embedded store only.

use crate::world;

use std::sync::{Arc, OnceLock};

use ed25519_dalek::SigningKey;
use heard::attribution::PolicyGate;
use heard::attribution::claim::ClaimCard;
use heard::attribution::kinds::*;
use heard::ledger::IdeaText;
use heard::log::Gate;
use heard::log::store::Store;
use heard::protocol::statement::verify_submission;
use world::*;

/// A world with a council, a policy team, a facilitator and one consultation.
struct Setup {
    w: World,
    council: SigningKey,
    policy: SigningKey,
    facilitator: SigningKey,
    c: Id,
}

fn setup(on: On) -> Setup {
    let w = World::on(on);
    let (council, policy, facilitator) = (key(1), key(2), key(3));
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&policy, Role::PolicyTeam, "Riverside Policy Unit");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Drop-in", &council, None);
    Setup { w, council, policy, facilitator, c }
}

impl Setup {
    /// Submits `body` signed by `who`, asserts it is refused with `code`, and that nothing changed.
    fn refuse(&self, who: &SigningKey, body: Body, code: &str) {
        let before = self.w.snapshot();
        assert_eq!(self.w.refused(who, body), code);
        assert_eq!(self.w.snapshot(), before, "a refusal wrote something");
    }
    fn own_idea(&self, who: &SigningKey, text: &str) -> Id {
        self.w.idea(who, idea_body(self.c, Consent::Named, Some("Amara Okafor"), None), text).expect("idea")
    }
    fn card_idea(&self, card: &ClaimCard, text: &str) -> Id {
        self.w
            .idea(&self.facilitator, idea_body(self.c, Consent::Anonymous, None, Some(card.hash)), text)
            .expect("idea")
    }
}

fn claim(ideas: Vec<Id>, secret: Option<&[u8]>) -> Body {
    Body::Claim(ClaimBody {
        ideas,
        consent: Consent::Pseudonym.code(),
        name: Some("RiverWalker".into()),
        secret: secret.map(<[u8]>::to_vec),
    })
}

fn enrol(k: &SigningKey, role: Role, action: u8) -> Body {
    Body::Enrol(EnrolBody { key: pk(k), role: role.code(), name: "X".into(), action })
}

fn malformed_body(on: On) {
    let s = setup(on);
    let mut b = idea_body(s.c, Consent::Named, None, None);
    b.consent = 7;
    s.refuse(&key(11), Body::Idea(b), "malformed_body");
}

fn non_canonical(on: On) {
    let s = setup(on);
    // A withdraw body {0: h'..'} whose byte-string length is written in two bytes.
    let mut body = vec![0xa1, 0x00, 0x59, 0x00, 0x20];
    body.extend_from_slice(&[5; 32]);
    let st = heard::protocol::statement::Statement {
        kind: heard::protocol::statement::Kind::Withdraw,
        time: 1,
        author: pk(&key(11)).0,
        body,
    };
    let (bytes, sig) = st.sign(&key(11));
    let before = s.w.snapshot();
    assert_eq!(s.w.ledger.submit(&bytes, &sig, None).unwrap_err().code(), "non_canonical");
    assert_eq!(s.w.snapshot(), before);
}

fn key_revoked(on: On) {
    let s = setup(on);
    s.w.ok(&s.w.operator, enrol(&s.facilitator, Role::Facilitator, ACTION_REVOKE));
    s.refuse(&s.facilitator, consultation_body("Again", &s.council, None), "key_revoked");
}

fn key_rotated_out(on: On) {
    let s = setup(on);
    s.w.ok(&s.facilitator, Body::Rotate(RotateBody { new_key: pk(&key(30)) }));
    s.refuse(&s.facilitator, consultation_body("Again", &s.council, None), "key_rotated_out");
    // The new key acts for the same facilitator.
    s.w.consultation(&key(30), "Again", &s.council, None);
}

fn not_operator(on: On) {
    let s = setup(on);
    s.refuse(&s.council, enrol(&key(40), Role::Facilitator, ACTION_ENROL), "not_operator");
}

fn key_in_use(on: On) {
    let s = setup(on);
    let op = key(200);
    s.refuse(&op, enrol(&s.council, Role::PolicyTeam, ACTION_ENROL), "key_in_use");
}

fn unknown_key(on: On) {
    let s = setup(on);
    let op = key(200);
    s.refuse(&op, enrol(&key(41), Role::Facilitator, ACTION_REVOKE), "unknown_key");
}

fn not_enrolled(on: On) {
    let s = setup(on);
    s.refuse(&key(42), consultation_body("Mine", &s.council, None), "not_enrolled");
}

fn wrong_role(on: On) {
    let s = setup(on);
    s.refuse(&s.policy, consultation_body("Ours", &s.council, None), "wrong_role");
    // The convenor must be an organisation.
    s.refuse(&s.facilitator, consultation_body("Ours", &s.policy, None), "wrong_role");
}

fn not_convenor(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "An idea.");
    s.refuse(
        &s.policy,
        Body::Respond(RespondBody { idea: i, outcome: 0, reason: None, links: vec![], also: vec![] }),
        "not_convenor",
    );
}

fn unknown_consultation(on: On) {
    let s = setup(on);
    let before = s.w.snapshot();
    let e = s.w.idea(&key(11), idea_body(Id([77; 32]), Consent::Anonymous, None, None), "x").unwrap_err();
    assert_eq!(e.code(), "unknown_consultation");
    assert_eq!(s.w.snapshot(), before);
}

/// An idea's given date is a real date written YYYY-MM-DD, from 1900-01-01 to the day after
/// its author time (UTC). The world's author times fall on 2023-11-14.
fn bad_given_date(on: On) {
    let s = setup(on);
    let dated = |given: &str| {
        let mut b = idea_body(s.c, Consent::Anonymous, None, None);
        b.given = Some(given.into());
        b
    };
    for (given, why) in [
        ("14/11/2023", "a real calendar date written YYYY-MM-DD"),
        ("2023-11-1", "a real calendar date written YYYY-MM-DD"),
        ("2026-02-30", "a real calendar date written YYYY-MM-DD"),
        ("2023-02-29", "a real calendar date written YYYY-MM-DD"),
        ("2023-11-16", "later than the day after the statement was signed (2023-11-15 at the latest)"),
        ("1899-12-31", "is before 1900-01-01"),
    ] {
        let before = s.w.snapshot();
        let e = s.w.idea(&key(11), dated(given), "said on another day").unwrap_err();
        assert_eq!(e.code(), "bad_given_date", "{given}");
        assert!(e.to_string().contains(why), "{given}: {e}");
        assert_eq!(s.w.snapshot(), before, "{given}: a refusal wrote something");
    }
    // Accepted: the day after the author time (time zones ahead of UTC), 1900-01-01, a leap day.
    for given in ["2023-11-15", "1900-01-01", "2020-02-29"] {
        s.w.idea(&key(11), dated(given), &format!("said on {given}")).unwrap_or_else(|e| panic!("{given}: {e}"));
    }
}

fn consultation_closed(on: On) {
    let s = setup(on);
    let closed = s.w.consultation(&s.facilitator, "Closed", &s.council, Some(1));
    let before = s.w.snapshot();
    let e = s.w.idea(&key(11), idea_body(closed, Consent::Anonymous, None, None), "late").unwrap_err();
    assert_eq!(e.code(), "consultation_closed");
    assert_eq!(s.w.snapshot(), before);
}

/// After a `close` statement, ideas for the consultation are refused with
/// `consultation_closed`; other kinds (claims, citations, responses) still work.
fn an_idea_after_a_close_statement_is_refused(on: On) {
    let s = setup(on);
    let card = ClaimCard::from_secret([6; 16]);
    let before_close = s.card_idea(&card, "said before the close");
    s.w.ok(&s.council, Body::Close(CloseBody { consultation: s.c }));
    let before = s.w.snapshot();
    let e = s.w.idea(&key(11), idea_body(s.c, Consent::Anonymous, None, None), "late").unwrap_err();
    assert_eq!(e.code(), "consultation_closed");
    let e = s.w.idea(&s.facilitator, idea_body(s.c, Consent::Anonymous, None, Some(card.hash)), "late").unwrap_err();
    assert_eq!(e.code(), "consultation_closed");
    assert_eq!(s.w.snapshot(), before);
    s.w.ok(&key(12), claim(vec![before_close], Some(&card.secret)));
    let summary = s.w.ledger.consultation_summary(&s.c).expect("summary");
    let closed = summary.rec.closed.expect("closed");
    assert_eq!(closed.by, pk(&s.council));
    // Another consultation is not affected.
    let c2 = s.w.consultation(&s.facilitator, "Still open", &s.council, None);
    s.w.idea(&key(11), idea_body(c2, Consent::Anonymous, None, None), "fine").expect("idea");
    s.w.audit();
}

/// The party that opened a consultation (here its facilitator) may close it too.
fn the_facilitator_who_opened_a_consultation_closes_it(on: On) {
    let s = setup(on);
    s.w.ok(&s.facilitator, Body::Close(CloseBody { consultation: s.c }));
    s.w.audit();
}

/// `already_closed`: closed twice, or after its `closes` time passed.
fn already_closed(on: On) {
    let s = setup(on);
    s.w.ok(&s.council, Body::Close(CloseBody { consultation: s.c }));
    s.refuse(&s.council, Body::Close(CloseBody { consultation: s.c }), "already_closed");
    s.refuse(&s.facilitator, Body::Close(CloseBody { consultation: s.c }), "already_closed");
    let timed = s.w.consultation(&s.facilitator, "Timed", &s.council, Some(1));
    s.refuse(&s.council, Body::Close(CloseBody { consultation: timed }), "already_closed");
}

/// Closing: only the convenor or the opener (`not_convenor`), only a consultation in the log
/// (`unknown_consultation`).
fn close_by_anyone_else_or_of_an_unknown_consultation_is_refused(on: On) {
    let s = setup(on);
    let other_org = key(45);
    s.w.enrol(&other_org, Role::Organisation, "Other Council");
    let other_fac = key(46);
    s.w.enrol(&other_fac, Role::Facilitator, "Other facilitator");
    for who in [&other_org, &other_fac, &s.policy, &key(11)] {
        s.refuse(who, Body::Close(CloseBody { consultation: s.c }), "not_convenor");
    }
    s.refuse(&s.council, Body::Close(CloseBody { consultation: Id([9; 32]) }), "unknown_consultation");
}

fn not_facilitator_of_consultation(on: On) {
    let s = setup(on);
    let other = key(43);
    s.w.enrol(&other, Role::Facilitator, "Other");
    let card = ClaimCard::from_secret([1; 16]);
    let before = s.w.snapshot();
    let e = s.w.idea(&other, idea_body(s.c, Consent::Anonymous, None, Some(card.hash)), "x").unwrap_err();
    assert_eq!(e.code(), "not_facilitator_of_consultation");
    assert_eq!(s.w.snapshot(), before);
}

fn claim_card_reused(on: On) {
    let s = setup(on);
    let card = ClaimCard::from_secret([2; 16]);
    s.card_idea(&card, "first");
    let c2 = s.w.consultation(&s.facilitator, "Second session", &s.council, None);
    let before = s.w.snapshot();
    let e = s.w.idea(&s.facilitator, idea_body(c2, Consent::Anonymous, None, Some(card.hash)), "again").unwrap_err();
    assert_eq!(e.code(), "claim_card_reused");
    assert_eq!(s.w.snapshot(), before);
}

fn unknown_idea(on: On) {
    let s = setup(on);
    s.refuse(&s.facilitator, Body::Endorse(EndorseBody { idea: Id([78; 32]) }), "unknown_idea");
}

fn not_claimable(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "mine");
    s.refuse(&key(12), claim(vec![i], Some(&[3; 16])), "not_claimable");
}

fn bad_claim_secret(on: On) {
    let s = setup(on);
    let card = ClaimCard::from_secret([4; 16]);
    let i = s.card_idea(&card, "said in the session");
    s.refuse(&key(12), claim(vec![i], Some(&[5; 16])), "bad_claim_secret");
}

fn already_claimed(on: On) {
    let s = setup(on);
    let card = ClaimCard::from_secret([6; 16]);
    let i = s.card_idea(&card, "said");
    let j = s.card_idea(&card, "said too");
    s.w.ok(&key(12), claim(vec![i], Some(&card.secret)));
    // Binding one idea bound every idea on the card; a second claim of the card fails.
    assert_eq!(s.w.ledger.portfolio(&pk(&key(12))).expect("portfolio").items.len(), 2);
    s.refuse(&key(13), claim(vec![j], Some(&card.secret)), "already_claimed");
}

fn not_contributor(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "mine");
    s.refuse(&key(12), Body::Withdraw(WithdrawBody { idea: i }), "not_contributor");
    // Consent changes are the contributor's too.
    s.refuse(&key(12), claim(vec![i], None), "not_contributor");
    // The contributor may change it.
    s.w.ok(&key(11), claim(vec![i], None));
    assert_eq!(s.w.ledger.idea(&i).expect("idea").contributor.to_string(), "RiverWalker");
}

fn idea_withdrawn(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "mine");
    s.w.ok(&key(11), Body::Withdraw(WithdrawBody { idea: i }));
    let uses = vec![CitationUse { idea: i, locator: "p. 3".into(), how: 0 }];
    let report = ReportRef { title: "R".into(), version: "v1".into(), url: None, digest: None };
    s.refuse(&s.policy, Body::Cite(CiteBody { report, uses }), "idea_withdrawn");
}

fn already_withdrawn(on: On) {
    let s = setup(on);
    let card = ClaimCard::from_secret([7; 16]);
    let i = s.card_idea(&card, "said");
    // The recording facilitator may withdraw it, once.
    s.w.ok(&s.facilitator, Body::Withdraw(WithdrawBody { idea: i }));
    s.refuse(&s.facilitator, Body::Withdraw(WithdrawBody { idea: i }), "already_withdrawn");
}

fn already_endorsed(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "mine");
    s.w.ok(&s.facilitator, Body::Endorse(EndorseBody { idea: i }));
    s.refuse(&s.facilitator, Body::Endorse(EndorseBody { idea: i }), "already_endorsed");
    // Someone neither enrolled nor a listed co-contributor cannot endorse.
    s.refuse(&key(12), Body::Endorse(EndorseBody { idea: i }), "not_enrolled");
}

fn not_policy_team(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "mine");
    let uses = vec![CitationUse { idea: i, locator: "p. 3".into(), how: 0 }];
    let report = ReportRef { title: "R".into(), version: "v1".into(), url: None, digest: None };
    s.refuse(&s.council, Body::Cite(CiteBody { report, uses }), "not_policy_team");
}

fn content_rules_write_nothing(on: On) {
    let s = setup(on);
    let before = s.w.snapshot();
    let b = idea_body(s.c, Consent::Anonymous, None, None);
    assert_eq!(s.w.submit(&key(11), Body::Idea(b.clone()), None).unwrap_err().code(), "content_required");
    let t = IdeaText { salt: vec![1; 32], text: "x".into() };
    assert_eq!(s.w.submit(&key(11), Body::Idea(b), Some(t.clone())).unwrap_err().code(), "content_mismatch");
    let e = s.w.submit(&key(11), Body::Endorse(EndorseBody { idea: Id([1; 32]) }), Some(t)).unwrap_err();
    assert_eq!(e.code(), "unexpected_content");
    assert_eq!(s.w.snapshot(), before);
}

fn refused_idea_leaves_no_text(on: On) {
    let s = setup(on);
    let t = IdeaText { salt: vec![9; 32], text: "late words".into() };
    let mut b = idea_body(Id([77; 32]), Consent::Anonymous, None, None);
    b.digest = Id(t.digest());
    assert_eq!(s.w.submit(&key(11), Body::Idea(b), Some(t)).unwrap_err().code(), "unknown_consultation");
    // Text is only written after a durable entry, and no entry was made.
    assert_eq!(s.w.ledger.log().latest().size, 4);
}

/// Statement k+1 of a batch sees what statement k did; an aborted batch is forgotten.
#[test]
fn gate_overlay_sees_the_uncommitted_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let cell = Arc::new(OnceLock::new());
    let _ = cell.set(store);
    let op = key(200);
    let mut gate = PolicyGate::new(pk(&op).0, cell);
    let w = World::new();
    let council = key(1);
    let (e, es) = w.sign(&op, &enrol(&council, Role::Organisation, ACTION_ENROL));
    let (c, cs) = w.sign(&council, &consultation_body("C", &council, None));
    let enrol_st = verify_submission(&e, &es).expect("valid");
    let cons_st = verify_submission(&c, &cs).expect("valid");
    assert!(gate.admit(0, 1, &enrol_st).is_ok());
    assert!(gate.admit(1, 1, &cons_st).is_ok(), "the consultation sees the enrolment of the same batch");
    gate.abort();
    assert_eq!(gate.admit(0, 1, &cons_st).unwrap_err().code, "not_enrolled");
}

/// The audit replays the log through the rules and names the first entry that breaks one,
/// even when the log was written without the policy.
#[test]
fn audit_names_the_first_entry_that_breaks_a_rule() {
    use heard::attribution::audit_policy;
    use heard::log::{Log, LogConfig};
    use heard::protocol::note::NoteSigner;
    let dir = tempfile::tempdir().expect("tempdir");
    let signer = NoteSigner::new(ORIGIN, [42; 32]).expect("signer");
    let log = Log::open(dir.path(), signer, LogConfig::new(ORIGIN)).expect("open");
    let w = World::new();
    let op = key(200);
    let (b, s) = w.sign(&op, &enrol(&key(1), Role::Organisation, ACTION_ENROL));
    log.append(&b, &s).expect("append");
    // Valid statements, but the log kept no domain indexes: the replay's indexes differ.
    let f = audit_policy(log.store(), pk(&op).0).unwrap_err();
    assert_eq!((f.seq, f.code), (None, "index_mismatch"));
    // An enrolment signed by the council breaks `not_operator` at seq 1.
    let (b, s) = w.sign(&key(1), &enrol(&key(2), Role::PolicyTeam, ACTION_ENROL));
    log.append(&b, &s).expect("append");
    let (b, s) = w.sign(&op, &enrol(&key(3), Role::PolicyTeam, ACTION_ENROL));
    log.append(&b, &s).expect("append");
    let f = audit_policy(log.store(), pk(&op).0).unwrap_err();
    assert_eq!((f.seq, f.code), (Some(1), "not_operator"));
    log.close().expect("closed cleanly");
}

fn operator_rotation_moves_the_right_to_enrol(on: On) {
    let s = setup(on);
    let op = key(200);
    let new_op = key(201);
    s.w.ok(&op, Body::Rotate(RotateBody { new_key: pk(&new_op) }));
    s.refuse(&op, enrol(&key(44), Role::Witness, ACTION_ENROL), "key_rotated_out");
    s.w.ok(&new_op, enrol(&key(44), Role::Witness, ACTION_ENROL));
    s.w.audit();
}

fn a_contributor_keeps_their_ideas_across_a_rotation(on: On) {
    let s = setup(on);
    let old = key(11);
    let new = key(31);
    let i = s.own_idea(&old, "mine");
    s.w.ok(&old, Body::Rotate(RotateBody { new_key: pk(&new) }));
    assert_eq!(s.w.ledger.portfolio(&pk(&new)).expect("portfolio").items.len(), 1);
    s.refuse(&old, Body::Withdraw(WithdrawBody { idea: i }), "key_rotated_out");
    s.w.ok(&new, Body::Withdraw(WithdrawBody { idea: i }));
    s.w.audit();
}

/// `public_amount`: a new acknowledgement may not carry its amount in the open; with the
/// amount's digest (the amount beside the log) it is accepted. Older entries with an amount
/// still audit (`tests/payments.rs`, the demo folder of 78ac871).
fn public_amount(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "Evening opening.");
    let open = AcknowledgeBody {
        ideas: vec![i],
        recognition: Recognition::Payment.code(),
        status: ACK_GIVEN,
        amount: Some(2500),
        currency: Some("GBP".into()),
        note: None,
        payment: None,
    };
    s.refuse(&s.council, Body::Acknowledge(open.clone()), "public_amount");
    let p = heard::attribution::payment::Payment { salt: vec![3; 32], amount: 2500, currency: "GBP".into() };
    s.w.paid(&s.council, AcknowledgeBody { amount: None, currency: None, ..open }, p).expect("accepted");
    s.w.audit();
}

/// `storage`: a gate that cannot read the domain's state refuses everything.
#[test]
fn storage() {
    let op = key(200);
    let mut gate = PolicyGate::new(pk(&op).0, Arc::new(OnceLock::new()));
    let w = World::new();
    let (e, es) = w.sign(&op, &enrol(&key(1), Role::Organisation, ACTION_ENROL));
    let st = verify_submission(&e, &es).expect("valid");
    assert_eq!(gate.admit(0, 1, &st).unwrap_err().code, "storage");
}

/// Every rule the policy can refuse with has its test in this file (those of recovery in
/// `tests/recovery.rs`).
#[test]
fn every_rule_has_a_test() {
    let this_file = include_str!("policy.rs");
    let recovery = include_str!("recovery.rs");
    for (code, _) in heard::attribution::policy::RULES {
        let test = format!("fn {code}(");
        assert!(this_file.contains(&test) || recovery.contains(&test), "no test named {code}");
    }
}

/// A future polled once (which queues its statement with the writer), or its output if that
/// one poll finished it.
enum Started<F: std::future::Future> {
    Pending(F),
    Done(F::Output),
}

async fn start<F: std::future::Future + Unpin>(mut fut: F) -> Started<F> {
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(std::pin::Pin::new(&mut fut).poll(cx))).await;
    match first {
        std::task::Poll::Ready(out) => Started::Done(out),
        std::task::Poll::Pending => Started::Pending(fut),
    }
}

impl<F: std::future::Future + Unpin> Started<F> {
    async fn finish(self) -> F::Output {
        match self {
            Started::Pending(f) => f.await,
            Started::Done(out) => out,
        }
    }
}

/// The writer sequences a batch while the batch before it is still being written, so a
/// statement can depend on one that is not yet durable: a facilitator opening a consultation
/// right behind their own enrolment must see the enrolment, and a statement sent twice must
/// be logged once, whichever batches they fall in.
#[test]
fn statements_that_depend_on_ones_still_in_flight_are_admitted() {
    let w = World::new();
    let council = key(1);
    w.enrol(&council, Role::Organisation, "Riverside Council");
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().expect("runtime");
    let mut work = Vec::new();
    for n in 20..120u8 {
        let f = key(n);
        let enrolment = w.sign(
            &w.operator,
            &Body::Enrol(EnrolBody {
                key: pk(&f),
                role: Role::Facilitator.code(),
                name: format!("F{n}"),
                action: ACTION_ENROL,
            }),
        );
        let opening = w.sign(&f, &consultation_body(&format!("Drop-in {n}"), &council, None));
        work.push((enrolment, opening));
    }
    let log = w.ledger.embedded().unwrap().clone();
    let before = log.latest().size;
    let results = rt.block_on(async {
        let tasks: Vec<_> = work
            .into_iter()
            .map(|((eb, es), (cb, cs))| {
                let log = log.clone();
                tokio::spawn(async move {
                    let first = start(Box::pin(log.append_async(&eb, &es))).await;
                    let again = start(Box::pin(log.append_async(&eb, &es))).await;
                    let second = log.append_async(&cb, &cs).await;
                    (first.finish().await, again.finish().await, second)
                })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.expect("task"));
        }
        out
    });
    for (first, again, second) in results {
        let first = first.unwrap_or_else(|e| panic!("enrolment refused: {} ({e})", e.code()));
        match again {
            Err(heard::log::AppendError::Duplicate { seq }) => assert_eq!(seq, first.seq),
            other => panic!("the second copy of an enrolment was not refused as a duplicate: {other:?}"),
        }
        let second = second.unwrap_or_else(|e| panic!("consultation refused: {} ({e})", e.code()));
        assert!(second.seq > first.seq);
    }
    assert_eq!(w.ledger.log().latest().size, before + 200);
    w.ledger.audit_policy().expect("policy audit");
}

fn answer(idea: Id, outcome: Outcome, reason: Option<&str>, links: &[&str], also: Vec<Id>) -> Body {
    Body::Respond(RespondBody {
        idea,
        outcome: outcome.code(),
        reason: reason.map(str::to_string),
        links: links.iter().map(|l| l.to_string()).collect(),
        also,
    })
}

/// An answer moves through stages: under consideration, then a decision, then delivered.
/// Delivered before adopted or adapted (or after not adopted) is out of order; after
/// delivered only another delivered note may follow.
fn stage_out_of_order(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "Text people the day before a repair visit.");
    s.refuse(&s.council, answer(i, Outcome::Delivered, Some("done"), &[], vec![]), "stage_out_of_order");
    s.w.ok(&s.council, answer(i, Outcome::UnderConsideration, None, &[], vec![]));
    s.refuse(&s.council, answer(i, Outcome::Delivered, Some("done"), &[], vec![]), "stage_out_of_order");
    s.w.ok(&s.council, answer(i, Outcome::NotAdopted, Some("cost"), &[], vec![]));
    s.refuse(&s.council, answer(i, Outcome::Delivered, Some("done"), &[], vec![]), "stage_out_of_order");
    s.w.ok(&s.council, answer(i, Outcome::Adopted, None, &[], vec![]));
    s.w.ok(&s.council, answer(i, Outcome::Delivered, None, &["https://riverside.example/repairs"], vec![]));
    s.refuse(&s.council, answer(i, Outcome::UnderConsideration, None, &[], vec![]), "stage_out_of_order");
    s.w.ok(&s.council, answer(i, Outcome::Delivered, Some("Texts now go out at 6 pm"), &[], vec![]));
    let history = s.w.ledger.history(&i).expect("history");
    assert_eq!(history.iter().filter(|e| e.what.contains("response")).count(), 5, "every stage is kept with its date");
}

/// A delivered answer says what was done; one answer names each idea once.
fn a_delivered_answer_without_a_note_or_link_is_malformed(on: On) {
    let s = setup(on);
    let i = s.own_idea(&key(11), "An idea.");
    s.w.ok(&s.council, answer(i, Outcome::Adopted, None, &[], vec![]));
    s.refuse(&s.council, answer(i, Outcome::Delivered, Some("  "), &[], vec![]), "malformed_body");
    s.refuse(&s.council, answer(i, Outcome::Adopted, None, &[], vec![i]), "malformed_body");
}

/// One answer for a theme covers every idea it names, or none: an idea that does not exist
/// or belongs to another organisation's consultation refuses the whole answer.
fn a_grouped_answer_is_all_or_nothing(on: On) {
    let s = setup(on);
    let (a, b) = (s.own_idea(&key(11), "Idea A."), s.own_idea(&key(12), "Idea B."));
    s.refuse(&s.council, answer(a, Outcome::Adopted, None, &[], vec![b, Id([99; 32])]), "unknown_idea");
    let other_council = key(4);
    s.w.enrol(&other_council, Role::Organisation, "Hillside Council");
    let elsewhere = s.w.consultation(&s.facilitator, "Hillside drop-in", &other_council, None);
    let theirs = s.w.idea(&key(13), idea_body(elsewhere, Consent::Anonymous, None, None), "Theirs.").expect("idea");
    s.refuse(&s.council, answer(a, Outcome::Adopted, None, &[], vec![theirs]), "not_convenor");
    s.w.ok(&s.council, answer(a, Outcome::Adapted, Some("As part of the repairs contract"), &[], vec![b]));
    for i in [a, b] {
        let v = s.w.ledger.idea(&i).expect("idea");
        assert_eq!(v.responses.len(), 1, "each idea shows the shared answer");
        assert_eq!(v.responses[0].reason.as_deref(), Some("As part of the repairs contract"));
    }
}

on_both!(
    malformed_body,
    non_canonical,
    key_revoked,
    key_rotated_out,
    not_operator,
    key_in_use,
    unknown_key,
    not_enrolled,
    wrong_role,
    not_convenor,
    unknown_consultation,
    bad_given_date,
    consultation_closed,
    an_idea_after_a_close_statement_is_refused,
    the_facilitator_who_opened_a_consultation_closes_it,
    already_closed,
    close_by_anyone_else_or_of_an_unknown_consultation_is_refused,
    not_facilitator_of_consultation,
    claim_card_reused,
    unknown_idea,
    not_claimable,
    bad_claim_secret,
    already_claimed,
    not_contributor,
    idea_withdrawn,
    already_withdrawn,
    already_endorsed,
    not_policy_team,
    content_rules_write_nothing,
    refused_idea_leaves_no_text,
    operator_rotation_moves_the_right_to_enrol,
    a_contributor_keeps_their_ideas_across_a_rotation,
    public_amount,
    stage_out_of_order,
    a_delivered_answer_without_a_note_or_link_is_malformed,
    a_grouped_answer_is_all_or_nothing,
);

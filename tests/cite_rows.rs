//! What a later statement writes about an idea: rows of its own, never the idea's whole
//! record again (issue 24 §5); and a data folder whose records hold their lists (as an older
//! build wrote them) reads, audits and upgrades one record at a time.

use crate::world;

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use ed25519_dalek::SigningKey;
use heard::attribution::kinds::*;
use heard::attribution::rows::{self, StoredIdea, StoredReport};
use heard::attribution::state::{self, CardRec, IdeaRec, ReportRec, enc};
use heard::attribution::{PolicyGate, Replay};
use heard::ledger::Ledger;
use heard::log::store::Store;
use heard::log::{Gate, IndexWrite, Log, LogConfig, Refusal};
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::{VerifiedStatement, verify_submission};
use world::*;

/// A key from a number (more keys than `world::key`'s 256).
fn party(i: u32) -> SigningKey {
    let mut seed = [9u8; 32];
    seed[..4].copy_from_slice(&i.to_be_bytes());
    SigningKey::from_bytes(&seed)
}

/// The policy gate over an empty store: what each statement writes, nothing committed.
struct Gated {
    w: World,
    gate: PolicyGate,
    seq: u64,
    _dir: tempfile::TempDir,
}

/// What one admitted statement wrote.
#[derive(Debug)]
struct Written {
    id: Id,
    rows: usize,
    bytes: usize,
}

impl Gated {
    fn new() -> Gated {
        let dir = tempfile::tempdir().expect("tempdir");
        let cell = Arc::new(OnceLock::new());
        let _ = cell.set(Store::open(dir.path()).expect("store"));
        Gated { w: World::new(), gate: PolicyGate::new(pk(&key(200)).0, cell), seq: 0, _dir: dir }
    }

    fn admit(&mut self, who: &SigningKey, body: Body) -> Written {
        let (b, s) = self.w.sign(who, &body);
        let st = verify_submission(&b, &s).expect("valid");
        let writes = self
            .gate
            .admit(self.seq, 1_800_000_000_000 + self.seq, &st)
            .unwrap_or_else(|r| panic!("refused: {} ({})", r.code, r.detail));
        self.seq += 1;
        let bytes = writes.iter().map(|w| w.key.len() + w.value.as_ref().map_or(0, Vec::len)).sum();
        Written { id: Id(st.hash), rows: writes.len(), bytes }
    }
}

/// An idea recorded with claim card `card`, its tag numbered `i`.
fn carded(c: Id, card: [u8; 32], i: u32) -> IdeaBody {
    let mut body = idea_body(c, Consent::Anonymous, None, Some(card));
    body.tags = vec![format!("tag {i:04}")];
    body
}

fn enrolment(k: &SigningKey, role: Role, name: &str) -> Body {
    Body::Enrol(EnrolBody { key: pk(k), role: role.code(), name: name.into(), action: ACTION_ENROL })
}

fn cite(version: &str, uses: Vec<(Id, String)>) -> Body {
    Body::Cite(CiteBody {
        report: ReportRef { title: "Mental health plan".into(), version: version.into(), url: None, digest: None },
        uses: uses
            .into_iter()
            .map(|(idea, locator)| CitationUse { idea, locator, how: Usage::Quoted.code() })
            .collect(),
    })
}

fn answer(idea: Id, outcome: Outcome, reason: &str) -> Body {
    Body::Respond(RespondBody {
        idea,
        outcome: outcome.code(),
        reason: Some(reason.into()),
        links: vec![],
        also: vec![],
    })
}

fn ack(ideas: Vec<Id>) -> Body {
    Body::Acknowledge(AcknowledgeBody {
        ideas,
        recognition: Recognition::Voucher.code(),
        status: ACK_GIVEN,
        amount: None,
        currency: None,
        note: None,
        payment: None,
    })
}

/// A cite, an answer, an endorsement and an acknowledgement of an idea that already has 200
/// of each write as many rows, and within a few bytes as much (the counts in its record
/// grow by a byte), as the same statements about an idea that has none; so does an idea
/// recorded with a claim card that already has 200 ideas, against a new card.
#[test]
fn a_statement_about_an_idea_with_200_of_each_writes_what_one_about_a_new_idea_does() {
    const PRIOR: u32 = 200;
    let mut g = Gated::new();
    let (op, council, team, person, fac) = (key(200), key(1), key(2), key(10), key(3));
    g.admit(&op, enrolment(&council, Role::Organisation, "Riverside Council"));
    g.admit(&op, enrolment(&team, Role::PolicyTeam, "Riverside Policy Unit"));
    g.admit(&op, enrolment(&fac, Role::Facilitator, "Sam Reed"));
    let mut cb = consultation_body("Drop-in", &council, None);
    if let Body::Consultation(c) = &mut cb {
        c.recorders = vec![pk(&fac)];
    }
    let c = g.admit(&council, cb).id;
    let fresh = g.admit(&person, Body::Idea(idea_body(c, Consent::Anonymous, None, None))).id;
    let mut busy_body = idea_body(c, Consent::Anonymous, None, None);
    busy_body.tags = vec!["housing".into()];
    let busy = g.admit(&person, Body::Idea(busy_body)).id;
    for batch in 0..PRIOR / 50 {
        let uses = (0..50).map(|i| (busy, format!("page {:03}", batch * 50 + i))).collect();
        g.admit(&team, cite(&format!("earlier {batch}"), uses));
    }
    for i in 0..PRIOR {
        g.admit(&council, answer(busy, Outcome::UnderConsideration, &format!("meeting {i:03}")));
        let endorser = party(i);
        g.admit(&op, enrolment(&endorser, Role::Facilitator, &format!("Facilitator {i:03}")));
        g.admit(&endorser, Body::Endorse(EndorseBody { idea: busy }));
        g.admit(&council, ack(vec![busy]));
        g.admit(&fac, Body::Idea(carded(c, [2; 32], i)));
    }
    let (e1, e2) = (party(1000), party(1001));
    g.admit(&op, enrolment(&e1, Role::Facilitator, "Facilitator 1000"));
    g.admit(&op, enrolment(&e2, Role::Facilitator, "Facilitator 1001"));

    let pairs = [
        (
            "cite",
            g.admit(&team, cite("now a", vec![(fresh, "page 1".into())])),
            g.admit(&team, cite("now b", vec![(busy, "page 1".into())])),
        ),
        (
            "respond",
            g.admit(&council, answer(fresh, Outcome::Adopted, "in the plan")),
            g.admit(&council, answer(busy, Outcome::Adopted, "in the plan")),
        ),
        (
            "endorse",
            g.admit(&e1, Body::Endorse(EndorseBody { idea: fresh })),
            g.admit(&e2, Body::Endorse(EndorseBody { idea: busy })),
        ),
        ("acknowledge", g.admit(&council, ack(vec![fresh])), g.admit(&council, ack(vec![busy]))),
        (
            "idea on a claim card",
            g.admit(&fac, Body::Idea(carded(c, [1; 32], 1000))),
            g.admit(&fac, Body::Idea(carded(c, [2; 32], 1000))),
        ),
    ];
    for (kind, new, old) in pairs {
        println!(
            "{kind}: new idea {} rows {} bytes; idea with {PRIOR} before {} rows {} bytes",
            new.rows, new.bytes, old.rows, old.bytes
        );
        assert_eq!(old.rows, new.rows, "{kind}: as many rows");
        assert!(
            old.bytes.abs_diff(new.bytes) <= 8,
            "{kind} writes {} bytes for an idea with {PRIOR} before, {} for a new one",
            old.bytes,
            new.bytes
        );
    }
}

/// A gate that writes each idea, report and claim card record whole, lists inside, as builds before
/// the lists became rows did: the rules' own writes, with every idea or report they touch
/// written as the whole record (`IdeaRec`, `ReportRec`, `CardRec`) and no list rows.
struct WholeRecords(Replay);

impl Gate for WholeRecords {
    fn admit(&mut self, seq: u64, log_time: u64, st: &VerifiedStatement) -> Result<Vec<IndexWrite>, Refusal> {
        let writes = self.0.apply(seq, log_time, st.hash, &st.statement)?;
        let (mut ideas, mut reports, mut cards, mut out) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), Vec::new());
        for w in writes {
            let owner = || Id(w.key[1..33].try_into().expect("an id in the key"));
            match w.key[0] {
                b'I' | b'X' | b'S' | b'Y' | b'H' | b'E' => {
                    ideas.insert(owner());
                }
                b'R' | b'V' => {
                    reports.insert(owner());
                }
                b'Q' | b'G' => {
                    cards.insert(owner());
                }
                _ => out.push(w),
            }
        }
        let state = self.0.rows();
        let scan = |p: &[u8]| {
            Ok(state
                .range(p.to_vec()..)
                .take_while(|(k, _)| k.starts_with(p))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect())
        };
        for id in ideas {
            let k = state::key(b'I', &[&id.0]);
            let stored = rows::decode_idea(&state[&k]).expect("record");
            let whole: IdeaRec = rows::assemble_idea(&id, stored, &scan).expect("assembled");
            out.push(IndexWrite { key: k, value: Some(enc(&whole).expect("encoded")) });
        }
        for id in reports {
            let k = state::key(b'R', &[&id.0]);
            let stored = rows::decode_report(&state[&k]).expect("record");
            let whole: ReportRec = rows::assemble_report(&id, stored, &scan).expect("assembled");
            out.push(IndexWrite { key: k, value: Some(enc(&whole).expect("encoded")) });
        }
        for id in cards {
            let k = state::key(b'Q', &[&id.0]);
            let stored = rows::decode_card(&state[&k]).expect("record");
            let whole: CardRec = rows::assemble_card(&id, stored, &scan).expect("assembled");
            out.push(IndexWrite { key: k, value: Some(enc(&whole).expect("encoded")) });
        }
        Ok(out)
    }
    fn commit(&mut self, _: u64) {}
    fn abort(&mut self) {}
}

fn signer() -> NoteSigner {
    NoteSigner::new(ORIGIN, [42; 32]).expect("signer")
}

fn stored_idea(l: &Ledger, id: &Id) -> StoredIdea {
    rows::decode_idea(&l.store().unwrap().domain_get(&state::key(b'I', &[&id.0])).expect("read").expect("row"))
        .expect("shape")
}

fn is_whole(l: &Ledger, id: &Id) -> bool {
    matches!(stored_idea(l, id), StoredIdea::Whole(_))
}

fn rows_under(l: &Ledger, tag: u8) -> usize {
    l.store().unwrap().domain_scan(&[tag]).count()
}

/// A data folder written with whole records: every query answers from them, the audit
/// passes, the rules read their lists (a delivered idea is still refused a new adoption),
/// and each record a statement changes becomes its record and rows, with the same answers
/// plus the new statement's, while the others stay whole; the audit passes again.
#[test]
fn a_data_folder_with_whole_records_reads_audits_and_upgrades() {
    let w = World::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let (op, council, team, fac) = (key(200), key(1), key(2), key(3));
    let (amara, ben, cai, dee) = (key(10), key(11), key(12), key(13));
    let card = heard::attribution::claim::ClaimCard::from_secret([5; 16]);
    let card2 = heard::attribution::claim::ClaimCard::from_secret([6; 16]);
    let log = Log::open_with_gate(
        dir.path(),
        signer(),
        LogConfig::new(ORIGIN),
        Box::new(WholeRecords(Replay::new(pk(&op).0))),
    )
    .expect("open");
    let ok = |who: &SigningKey, body: Body| -> Id {
        let (b, s) = w.sign(who, &body);
        log.append(&b, &s).unwrap_or_else(|e| panic!("{e}"));
        Id(heard::protocol::statement::statement_hash(&b))
    };
    ok(&op, enrolment(&council, Role::Organisation, "Riverside Council"));
    ok(&op, enrolment(&team, Role::PolicyTeam, "Riverside Policy Unit"));
    ok(&op, enrolment(&fac, Role::Facilitator, "Sam Reed"));
    let mut cb = consultation_body("Drop-in", &council, None);
    if let Body::Consultation(c) = &mut cb {
        c.recorders = vec![pk(&fac)];
    }
    let c = ok(&council, cb);
    let mut a_body = idea_body(c, Consent::Named, Some("Amara Okafor"), None);
    a_body.co_contributors = vec![pk(&ben)];
    let a = ok(&amara, Body::Idea(a_body));
    let b = ok(&fac, Body::Idea(idea_body(c, Consent::Anonymous, None, Some(card.hash))));
    let mut c_body = idea_body(c, Consent::Anonymous, None, None);
    c_body.builds_on = vec![a];
    let ci = ok(&cai, Body::Idea(c_body));
    let d = ok(&fac, Body::Idea(idea_body(c, Consent::Anonymous, None, Some(card2.hash))));
    ok(
        &dee,
        Body::Claim(ClaimBody {
            ideas: vec![b],
            consent: Consent::Pseudonym.code(),
            name: Some("RiverWalker".into()),
            secret: Some(card.secret.to_vec()),
        }),
    );
    ok(&ben, Body::Endorse(EndorseBody { idea: a }));
    ok(&fac, Body::Endorse(EndorseBody { idea: a }));
    ok(&team, cite("1", vec![(a, "page 1".into()), (b, "page 2".into()), (a, "page 3".into())]));
    ok(&team, cite("2", vec![(a, "recommendation 4".into())]));
    ok(&council, answer(a, Outcome::UnderConsideration, "at the next meeting"));
    ok(&council, answer(a, Outcome::Adopted, "in the plan"));
    ok(&council, answer(a, Outcome::Delivered, "the drop-in opens on Saturdays"));
    ok(
        &council,
        Body::Respond(RespondBody {
            idea: b,
            outcome: Outcome::NotAdopted.code(),
            reason: Some("no budget".into()),
            links: vec![],
            also: vec![ci],
        }),
    );
    ok(&council, ack(vec![a, b]));
    ok(&cai, Body::Withdraw(WithdrawBody { idea: ci }));
    ok(
        &amara,
        Body::Claim(ClaimBody {
            ideas: vec![a],
            consent: Consent::Pseudonym.code(),
            name: Some("A.O.".into()),
            secret: None,
        }),
    );
    log.close().expect("closed cleanly");
    drop(log);

    let l = Ledger::open(dir.path(), signer(), LogConfig::new(ORIGIN), pk(&op).0).expect("open ledger");
    for id in [a, b, ci, d] {
        assert!(is_whole(&l, &id), "written whole");
    }
    for tag in [b'X', b'S', b'Y', b'H', b'E', b'V', b'G'] {
        assert_eq!(rows_under(&l, tag), 0, "no '{}' rows in the old shape", tag as char);
    }
    l.audit_policy().unwrap_or_else(|e| panic!("audit of whole records: {e}"));

    // Answers from the whole records.
    let r1 = l.report_id(&pk(&team), "Mental health plan", "1").expect("report id");
    let r2 = l.report_id(&pk(&team), "Mental health plan", "2").expect("report id");
    let before = (l.idea(&a).expect("a"), l.history(&a).expect("history"), l.report(&r1).expect("r1"));
    assert_eq!(before.0.citations.len(), 3);
    assert_eq!(before.0.responses.len(), 3);
    assert_eq!(before.0.acks.len(), 1);
    assert_eq!(before.0.confirmed_co_contributors, 1);
    assert_eq!(
        before.1.len(),
        11,
        "recorded, 2 endorsements, 3 uses, 3 answers, acknowledged, consent: {:?}",
        before.1
    );
    assert_eq!(before.2.uses.len(), 3);
    let b_before = l.idea(&b).expect("b");
    let c_before = l.idea(&ci).expect("c");
    let figures = l.figures_for_consultation(&c).expect("figures");
    let attribution = l.report_attribution(&r1).expect("attribution");
    let portfolio = l.portfolio(&pk(&amara)).expect("portfolio");
    let reports = l.reports().expect("reports");
    assert_eq!(reports.iter().map(|r| r.id).collect::<Vec<_>>(), vec![r2, r1], "newest first");

    // The rules read the whole record's lists: A was delivered, so it cannot be adopted again.
    let (bytes, sig) = w.sign(&council, &answer(a, Outcome::Adopted, "again"));
    let refused = l.submit(&bytes, &sig, None).expect_err("refused");
    assert_eq!(refused.code(), "stage_out_of_order");
    assert!(is_whole(&l, &a), "a refusal rewrites nothing");

    // A cite of A in report 1 rewrites A and report 1 as records and rows; B and C stay whole.
    let (bytes, sig) = w.sign(&team, &cite("1", vec![(a, "page 9".into())]));
    l.submit(&bytes, &sig, None).expect("cite");
    assert!(matches!(stored_idea(&l, &a), StoredIdea::Head(h) if h.cited == 4 && h.events == 12));
    assert!(is_whole(&l, &b) && is_whole(&l, &ci));
    let r1_row = l.store().unwrap().domain_get(&state::key(b'R', &[&r1.0])).expect("read").expect("row");
    assert!(matches!(rows::decode_report(&r1_row).expect("shape"), StoredReport::Head(h) if h.used == 4));
    assert_eq!(rows_under(&l, b'X'), 4);
    assert_eq!(rows_under(&l, b'V'), 4);

    let after = (l.idea(&a).expect("a"), l.history(&a).expect("history"), l.report(&r1).expect("r1"));
    assert_eq!(after.0.citations[..3], before.0.citations[..]);
    assert_eq!(after.0.citations[3].locator, "page 9");
    assert_eq!(after.0.responses, before.0.responses);
    assert_eq!(after.0.acks, before.0.acks);
    assert_eq!(after.0.contributors, before.0.contributors);
    assert_eq!(after.0.confirmed_co_contributors, 1);
    assert_eq!(after.1[..11], before.1[..]);
    assert_eq!(after.1.len(), 12);
    assert_eq!(after.2.uses[..3], before.2.uses[..]);
    assert_eq!(after.2.uses[3].locator, "page 9");
    assert_eq!(l.idea(&b).expect("b"), b_before);
    assert_eq!(l.idea(&ci).expect("c"), c_before);
    let figures_after = l.figures_for_consultation(&c).expect("figures");
    assert_eq!(figures_after, figures, "a second citation in the same report counts once");
    let attribution_after = l.report_attribution(&r1).expect("attribution");
    assert_eq!(attribution_after.direct, attribution.direct);
    assert_eq!(attribution_after.items.len(), attribution.items.len());
    assert_eq!(attribution_after.items[0].uses.len(), 3);
    let portfolio_after = l.portfolio(&pk(&amara)).expect("portfolio");
    assert_eq!(portfolio_after.items[0].cited_in[..3], portfolio.items[0].cited_in[..]);
    assert_eq!(l.reports().expect("reports").iter().map(|r| r.id).collect::<Vec<_>>(), vec![r1, r2]);

    // The record's summaries came from the whole record: still refused, now from the rows.
    let (bytes, sig) = w.sign(&council, &answer(a, Outcome::Adopted, "once more"));
    assert_eq!(l.submit(&bytes, &sig, None).expect_err("refused").code(), "stage_out_of_order");
    // An endorsement the whole record lists is still known: the facilitator endorsed once.
    let (bytes, sig) = w.sign(&fac, &Body::Endorse(EndorseBody { idea: a }));
    assert_eq!(l.submit(&bytes, &sig, None).expect_err("refused").code(), "already_endorsed");

    // B answered again: rewritten; the audit compares records of both shapes.
    let (bytes, sig) = w.sign(&council, &answer(b, Outcome::Adopted, "found a budget"));
    l.submit(&bytes, &sig, None).expect("answer");
    assert!(!is_whole(&l, &b) && is_whole(&l, &ci));
    assert_eq!(l.idea(&b).expect("b").responses[..1], b_before.responses[..]);
    l.audit_policy().unwrap_or_else(|e| panic!("audit after the upgrade: {e}"));

    // The second card, whole with one idea: one more idea rewrites it as its record and
    // rows, and its claim takes both ideas.
    let card_row = |l: &Ledger| {
        let raw = l.store().unwrap().domain_get(&state::key(b'Q', &[&card2.hash])).expect("read").expect("row");
        rows::decode_card(&raw).expect("shape")
    };
    assert!(matches!(card_row(&l), rows::StoredCard::Whole(r) if r.ideas == vec![d]));
    let mut e_body = idea_body(c, Consent::Anonymous, None, Some(card2.hash));
    e_body.tags = vec!["second".into()];
    let (bytes, sig) = w.sign(&fac, &Body::Idea(e_body));
    let e = Id(heard::protocol::statement::statement_hash(&bytes));
    // Through the log: the ledger's door wants the idea's words, which this test does not keep.
    l.embedded().unwrap().append(&bytes, &sig).expect("idea");
    assert!(matches!(card_row(&l), rows::StoredCard::Head(h) if h.recorded == 2));
    assert_eq!(rows_under(&l, b'G'), 2);
    let ideas_on = |l: &Ledger| l.card(&card2.code).expect("card").ideas.iter().map(|v| v.id).collect::<Vec<_>>();
    assert_eq!(ideas_on(&l), vec![d, e]);
    let claim = Body::Claim(ClaimBody {
        ideas: vec![d],
        consent: Consent::Named.code(),
        name: Some("Eve".into()),
        secret: Some(card2.secret.to_vec()),
    });
    let (bytes, sig) = w.sign(&key(14), &claim);
    l.submit(&bytes, &sig, None).expect("claim");
    for id in [d, e] {
        assert_eq!(l.idea(&id).expect("idea").contributor, heard::attribution::query::Attribution::Named("Eve".into()));
    }
    assert!(l.card(&card2.code).expect("card").claimed);
    l.audit_policy().unwrap_or_else(|e| panic!("audit after the cards: {e}"));
    l.close().expect("closed cleanly");
}

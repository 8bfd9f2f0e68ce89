//! The full scenario: a consultation from enrolment to a report's acknowledgements, with
//! exact expected queries and figures, and a passing audit — on the embedded store and on
//! PostgreSQL and a bucket alike (`<test>::embedded`, `<test>::postgres`).

use crate::world;

use heard::attribution::claim::{ClaimCard, decode_code};
use heard::attribution::kinds::*;
use heard::attribution::query::{Attribution, ContributorId, TextStatus};
use heard::ledger::AckFormat;
use heard::log::audit::audit;
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::Statement;
use world::*;

const BASE: &str = "https://heard.example.org";

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn full_scenario(on: On) {
    let w = World::on(on);
    let council = key(1);
    let policy = key(2);
    let facilitator = key(3);
    let amara = key(11); // own key, named
    let dev = key(12); // own key, named
    let p3 = key(13); // claim card A → pseudonym
    let p4 = key(14); // claim card B → anonymous

    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&policy, Role::PolicyTeam, "Riverside Policy Unit");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Mental health drop-in, Riverside", &council, None);

    let card_a = ClaimCard::generate().expect("card");
    let card_b = ClaimCard::generate().expect("card");
    let card_c = ClaimCard::generate().expect("card");
    assert!(card_a.url(BASE).starts_with("https://heard.example.org/claim?code="));

    let named = |n: &str| Some(n.to_string());
    let mk = |who: &ed25519_dalek::SigningKey, body: IdeaBody, text: &str| w.idea(who, body, text).expect("idea");
    // Amara: i1, i2, i3 (i3 co-authored with Dev).
    let i1 =
        mk(&amara, idea_body(c, Consent::Named, Some("Amara Okafor"), None), "Peer support workers in GP surgeries.");
    let i2 =
        mk(&amara, idea_body(c, Consent::Named, Some("Amara Okafor"), None), "Evening opening for the crisis cafe.");
    let mut b3 = idea_body(c, Consent::Named, Some("Amara Okafor"), None);
    b3.co_contributors = vec![pk(&dev)];
    let i3 = mk(&amara, b3, "A single phone number for every mental health service.");
    // Dev: i4, i5 (i5 is derived: built on i10, by the person with card B).
    let i4 = mk(&dev, idea_body(c, Consent::Named, named("Dev Patel").as_deref(), None), "Waiting-room text updates.");
    // Facilitator records for three people without keys.
    let rec =
        |card: &ClaimCard, text: &str| mk(&facilitator, idea_body(c, Consent::Anonymous, None, Some(card.hash)), text);
    let i6 = rec(&card_a, "Train receptionists in mental health first aid.");
    let i7 = rec(&card_a, "Let people bring a friend to assessments.");
    let i8 = rec(&card_a, "Write letters in plain English.");
    let i9 = rec(&card_b, "Free bus passes to get to appointments.");
    let i10 = rec(&card_b, "A quiet room at the job centre.");
    let i11 = rec(&card_c, "Ask us before changing the service again.");
    let i12 = rec(&card_c, "Pay people for their time at consultations.");
    let mut b5 = idea_body(c, Consent::Named, Some("Dev Patel"), None);
    b5.builds_on = vec![i10];
    let i5 = mk(&dev, b5, "A quiet room in every GP surgery and job centre.");
    let all = [i1, i2, i3, i4, i6, i7, i8, i9, i10, i11, i12, i5];

    // The claim page: the code from the card shows its ideas.
    let page = w.ledger.card(&card_a.code).expect("card");
    assert_eq!((page.ideas.iter().map(|v| v.id).collect::<Vec<_>>(), page.claimed), (vec![i6, i7, i8], false));
    assert_eq!(w.ledger.card("0000-0000").unwrap_err().code(), "bad_claim_code");
    assert_eq!(w.ledger.consultations_of(&pk(&council)).expect("list"), vec![c]);
    // Two people claim; one chooses a pseudonym, one stays anonymous. Card C is never claimed.
    let secret_a = decode_code(&card_a.code.to_lowercase()).expect("code");
    w.ok(
        &p3,
        Body::Claim(ClaimBody {
            ideas: vec![i7],
            consent: Consent::Pseudonym.code(),
            name: named("RiverWalker"),
            secret: Some(secret_a.to_vec()),
        }),
    );
    w.ok(
        &p4,
        Body::Claim(ClaimBody {
            ideas: vec![i9],
            consent: Consent::Anonymous.code(),
            name: None,
            secret: Some(card_b.secret.to_vec()),
        }),
    );
    // Dev co-signs the co-authored idea.
    w.ok(&dev, Body::Endorse(EndorseBody { idea: i3 }));
    // The facilitator confirms an idea was said in the session.
    w.ok(&facilitator, Body::Endorse(EndorseBody { idea: i11 }));

    // The policy team cites six ideas.
    let cited = [i3, i5, i6, i7, i8, i11];
    let uses = cited
        .iter()
        .enumerate()
        .map(|(n, i)| CitationUse { idea: *i, locator: format!("Recommendation {}", n + 1), how: (n % 3) as u8 })
        .collect();
    let report = ReportRef {
        title: "Better Mental Health Support".into(),
        version: "v1".into(),
        url: Some("https://riverside.example.gov.uk/reports/bmhs-v1.pdf".into()),
        digest: Some(Id([9; 32])),
    };
    w.ok(&policy, Body::Cite(CiteBody { report, uses }));
    // The council responds to every cited idea.
    let outcomes = [0u8, 1, 2, 3, 0, 0];
    for (i, o) in cited.iter().zip(outcomes) {
        let reason = (o == Outcome::NotAdopted.code()).then(|| "Assessments are already one to one by law".to_string());
        w.ok(&council, Body::Respond(RespondBody { idea: *i, outcome: o, reason, links: vec![], also: vec![] }));
    }
    // Recognition: a payment for one person; another declines (to protect their benefits).
    let paid = heard::attribution::payment::Payment { salt: vec![5; 32], amount: 2500, currency: "GBP".into() };
    let (_, paid_at) = w
        .paid(
            &council,
            AcknowledgeBody {
                ideas: vec![i6, i7, i8],
                recognition: Recognition::Payment.code(),
                status: ACK_GIVEN,
                amount: None,
                currency: None,
                note: None,
                payment: None,
            },
            paid.clone(),
        )
        .expect("payment");
    w.ok(
        &council,
        Body::Acknowledge(AcknowledgeBody {
            ideas: vec![i9, i10],
            recognition: Recognition::Payment.code(),
            status: ACK_DECLINED,
            amount: None,
            currency: None,
            note: Some("declined to protect benefits".into()),
            payment: None,
        }),
    );
    // Amara withdraws an uncited idea.
    assert!(w.beside(&i2).is_some(), "the words are kept beside the entry");
    w.ok(&amara, Body::Withdraw(WithdrawBody { idea: i2 }));

    let l = &w.ledger;
    assert!(l.card(&card_a.code).expect("card").claimed);
    assert!(!l.card(&card_c.code).expect("card").claimed);

    // Ideas of the consultation.
    let ideas = l.ideas_of_consultation(&c).expect("ideas");
    assert_eq!(ideas.iter().map(|v| v.id).collect::<Vec<_>>(), all.to_vec());
    let shown: Vec<String> = ideas.iter().map(|v| v.contributor.to_string()).collect();
    assert_eq!(
        shown,
        [
            "Amara Okafor",
            "withdrawn by the contributor",
            "Amara Okafor",
            "Dev Patel",
            "RiverWalker",
            "RiverWalker",
            "RiverWalker",
            "a contributor",
            "a contributor",
            "a contributor",
            "a contributor",
            "Dev Patel"
        ]
    );
    let v2 = &ideas[1];
    assert_eq!((v2.text.as_deref(), v2.verification.text), (None, TextStatus::Withdrawn));
    assert_eq!(w.beside(&i2), None, "text and salt erased");
    assert_eq!(ideas[0].text.as_deref(), Some("Peer support workers in GP surgeries."));
    assert!(ideas.iter().filter(|v| !v.withdrawn).all(|v| v.verification.status() == "verified"));

    // Portfolios.
    let dev_p = l.portfolio(&pk(&dev)).expect("portfolio");
    assert_eq!(
        dev_p.items.iter().map(|i| (i.idea.id, i.as_co_contributor)).collect::<Vec<_>>(),
        vec![(i3, true), (i4, false), (i5, false)]
    );
    assert_eq!(dev_p.items[2].cited_in.len(), 1);
    assert_eq!(dev_p.items[2].cited_in[0].locator, "Recommendation 2");
    assert_eq!(dev_p.items[2].idea.responses[0].outcome, Outcome::Adapted.code());
    let p3_p = l.portfolio(&pk(&p3)).expect("portfolio");
    assert_eq!(p3_p.items.iter().map(|i| i.idea.id).collect::<Vec<_>>(), vec![i6, i7, i8]);
    assert!(p3_p.items.iter().all(|i| i.cited_in.len() == 1 && i.acknowledgements.len() == 1));
    // The amount is beside the log: the record holds its digest, the contributor is shown it.
    assert_eq!(p3_p.items[0].acknowledgements[0].amount, None);
    assert_eq!(p3_p.items[0].acknowledgements[0].payment, Some(Id(paid.digest())));
    let shown = l.payment_for_contributor(&pk(&p3), paid_at.seq).expect("shown to the contributor");
    assert_eq!(shown.amount, heard::ledger::Shown::Private(paid.clone()));
    let p4_p = l.portfolio(&pk(&p4)).expect("portfolio");
    assert_eq!(p4_p.items.len(), 2);
    assert!(p4_p.items.iter().all(|i| i.cited_in.is_empty() && i.acknowledgements[0].status == ACK_DECLINED));
    let amara_p = l.portfolio(&pk(&amara)).expect("portfolio");
    assert_eq!(amara_p.items.iter().map(|i| i.idea.id).collect::<Vec<_>>(), vec![i1, i2, i3]);

    // The report's attribution.
    let rid = l.report_id(&pk(&policy), "Better Mental Health Support", "v1").expect("report id");
    let ra = l.report_attribution(&rid).expect("attribution");
    assert_eq!(ra.items.iter().map(|i| i.idea.id).collect::<Vec<_>>(), cited.to_vec());
    assert_eq!(
        ra.items.iter().map(|i| i.idea.contributor.clone()).collect::<Vec<_>>(),
        vec![
            Attribution::Named("Amara Okafor".into()),
            Attribution::Named("Dev Patel".into()),
            Attribution::Pseudonym("RiverWalker".into()),
            Attribution::Pseudonym("RiverWalker".into()),
            Attribution::Pseudonym("RiverWalker".into()),
            Attribution::Contributor,
        ]
    );
    assert_eq!(ra.items[0].idea.confirmed_co_contributors, 1);
    assert_eq!(ra.items[1].lineage.len(), 1);
    assert_eq!((ra.items[1].lineage[0].idea, ra.items[1].lineage[0].depth), (i10, 1));
    assert_eq!(ra.items[1].lineage[0].contributor, Attribution::Contributor);
    assert_eq!(
        ra.direct,
        vec![
            ContributorId::Party(pk(&amara)),
            ContributorId::Party(pk(&dev)),
            ContributorId::Party(pk(&p3)),
            ContributorId::Card(Id(card_c.hash))
        ]
    );
    assert_eq!(ra.indirect, vec![ContributorId::Party(pk(&p4))]);
    let responses: Vec<Outcome> = ra.items.iter().map(|i| i.response.as_ref().expect("response").0).collect();
    assert_eq!(
        responses,
        [
            Outcome::Adopted,
            Outcome::Adapted,
            Outcome::UnderConsideration,
            Outcome::NotAdopted,
            Outcome::Adopted,
            Outcome::Adopted
        ]
    );
    assert!(ra.items.iter().all(|i| i.idea.verification.status() == "verified"));
    assert_eq!(ra.items[0].uses, vec![("Recommendation 1".to_string(), Usage::Quoted)]);

    // What happened to an idea.
    let h: Vec<u64> = l.history(&i6).expect("history").iter().map(|e| e.kind).collect();
    assert_eq!(h, vec![3, 4, 6, 7, 10]);
    assert!(l.history(&i6).expect("history")[1].what.contains("pseudonym"));

    // Knowledge-equity figures.
    let f = l.figures_for_consultation(&c).expect("figures");
    assert_eq!((f.ideas, f.contributors, f.cited_ideas, f.responded_ideas), (12, 5, 6, 6));
    assert!(close(f.share_cited, 0.5) && close(f.share_responded, 0.5));
    // Days to an answer count from the day each idea was given (its author time's day here,
    // 2023-11-14 in this world), not from when the log recorded it.
    let mut waited: Vec<u64> = l
        .ideas_of_consultation(&c)
        .expect("ideas")
        .iter()
        .filter_map(|v| {
            assert_eq!(v.given, "2023-11-14");
            v.responses.first().map(|r| (r.log_time - 1_699_920_000_000) / 86_400_000)
        })
        .collect();
    waited.sort_unstable();
    assert_eq!(waited.len(), 6);
    assert!(waited[0] > 1000, "from 2023, not from the log time: {waited:?}");
    assert_eq!(f.median_days_to_response, Some((waited[2] + waited[3]) as f64 / 2.0));
    assert_eq!(f.ideas_by_consent, [5, 3, 4]);
    assert_eq!(f.citations_by_consent, [2, 3, 1]);
    assert_eq!((f.citations, f.credits), (6, 7));
    assert!(close(f.credit_share_by_consent[1], 0.5));
    // Credits per contributor: Amara 1, Dev 2, RiverWalker 3, card-B person 0, card-C person 1.
    assert!(close(f.top_decile_share, 3.0 / 7.0));
    assert!(close(f.gini, 0.4), "gini {}", f.gini);
    let org = l.figures_for_organisation(&pk(&council)).expect("figures");
    assert_eq!(org, f);
    let r = l.figures_for_report(&rid).expect("figures");
    assert_eq!((r.ideas, r.contributors, r.cited_ideas, r.responded_ideas), (6, 4, 6, 6));
    assert!(close(r.share_cited, 1.0) && close(r.share_responded, 1.0));
    assert_eq!((r.ideas_by_consent, r.citations_by_consent, r.citations, r.credits), ([2, 3, 1], [2, 3, 1], 6, 7));
    assert!(close(r.top_decile_share, 3.0 / 7.0));
    assert!(close(r.gini, 0.25), "gini {}", r.gini);

    // Exports.
    let i3_hash = hex::encode(ra.items[0].idea.verification.entry_hash);
    // The "check it" link: a page for people, JSON for clients that ask (tests/said_did.rs).
    let verify = format!("{BASE}/verify?entry={i3_hash}");
    let text = l.acknowledgements(&rid, AckFormat::Text, BASE).expect("text");
    if std::env::var_os("HEARD_SHOW_EXPORTS").is_some() {
        println!(
            "{text}\n{}\n{}\n{}",
            l.acknowledgements(&rid, AckFormat::Markdown, BASE).expect("md"),
            l.csl_json(&rid, BASE).expect("csl"),
            l.bibtex(&rid, BASE).expect("bib")
        );
    }
    assert!(text.contains("Amara Okafor") && text.contains("RiverWalker") && text.contains(&verify), "{text}");
    assert!(text.contains("A contributor who chose not to be named"));
    assert!(!text.contains("Evening opening"), "withdrawn words never appear");
    let md = l.acknowledgements(&rid, AckFormat::Markdown, BASE).expect("md");
    assert!(md.starts_with("## Acknowledgements") && md.contains(&format!("[check it]({verify})")));
    let csl: serde_json::Value = serde_json::from_str(&l.csl_json(&rid, BASE).expect("csl")).expect("json");
    let items = csl.as_array().expect("array");
    assert_eq!(items.len(), 6);
    assert_eq!(items[2]["author"][0]["literal"], "RiverWalker");
    assert_eq!(items[0]["URL"], verify.as_str());
    assert!(items[0]["note"].as_str().expect("note").contains(&i3_hash));
    // An idea, not a letter: the words in full as the title, the day it was given as the date.
    for (item, a) in items.iter().zip(&ra.items) {
        assert_eq!(
            (item["type"].as_str(), item["genre"].as_str()),
            (Some("speech"), Some("Idea given in a consultation"))
        );
        let (y, m, d) = heard::attribution::dates::parse_day(&a.idea.given).expect("a given day");
        assert_eq!(item["issued"]["date-parts"], serde_json::json!([[y, m, d]]));
        match &a.idea.text {
            // In full, less one final full stop (the style adds its own).
            Some(t) if !a.idea.withdrawn => assert_eq!(item["title"].as_str(), Some(t.trim().trim_end_matches('.'))),
            _ => assert!(item["title"].as_str().expect("title").starts_with("An idea given in “")),
        }
    }
    let bib = l.bibtex(&rid, BASE).expect("bibtex");
    assert_eq!(bib.matches("@misc{heard_").count(), 6);
    assert!(bib.contains(&format!("url = {{{verify}}}")) && bib.contains(&i3_hash));

    // Audit: the log, then the policy replay (on PostgreSQL, `heard audit --postgres`'s
    // audit of both).
    let log_key = NoteSigner::new(ORIGIN, [42; 32]).expect("signer").verifier();
    let size = l.log().latest().size;
    if let Some(store) = l.store() {
        assert_eq!(audit(store, &log_key).expect("log audit").entries, size);
    }
    assert_eq!(w.audit(), size);
}

/// A crash between an idea's entry and its text is repaired by submitting both again; a crash
/// between a withdrawal and the erasure is repaired when the ledger opens (on PostgreSQL, when
/// `heard serve` starts).
fn text_beside_the_log_survives_crashes_between_the_two_writes(on: On) {
    use heard::ledger::IdeaText;
    let w = World::on(on);
    let council = key(1);
    let facilitator = key(3);
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Drop-in", &council, None);
    let text = IdeaText { salt: vec![3; 32], text: "Longer opening hours.".into() };
    let (bytes, sig) = w.sign_idea(&key(11), idea_body(c, Consent::Anonymous, None, None), &text);
    let a = w.ledger.submit(&bytes, &sig, Some(text.clone())).expect("idea");
    // Simulate the crash: the entry is durable but the text never arrived.
    w.set_beside(&a, None);
    let id = Id(heard::protocol::statement::statement_hash(&bytes));
    assert_eq!(w.ledger.idea(&id).expect("idea").verification.status(), "text_missing");
    assert_eq!(w.ledger.submit(&bytes, &sig, Some(text.clone())).unwrap_err().code(), "duplicate");
    assert_eq!(w.ledger.idea(&id).expect("idea").verification.status(), "verified");

    w.ok(&key(11), Body::Withdraw(WithdrawBody { idea: id }));
    assert_eq!(w.beside(&id), None, "the withdrawal erased the text");
    // Simulate the crash: the withdrawal is durable but the text is still there.
    let stored = heard::protocol::cbor::encode(&text).expect("encode");
    w.set_beside(&a, Some(&stored));
    assert_eq!(w.beside(&id), Some(stored));
    let w = w.restart();
    assert_eq!(w.beside(&id), None, "erased on open");
    assert_eq!(w.ledger.idea(&id).expect("idea").verification.status(), "withdrawn");
    w.audit();
}

/// Embedded only: a data folder holds an embedded log (a ledger on PostgreSQL takes only its
/// keys and witnesses file from the folder).
#[test]
fn a_data_folder_opens_with_its_operator_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("heard-data");
    let ledger = heard::ledger::Ledger::open_data_folder(&data, "test.heard/log").expect("open");
    let (keys, created) = heard::keys::DataDir::new(&data).init_keys("unused").expect("keys");
    assert!(!created);
    assert_eq!(ledger.operator(), keys.operator.signing_key().verifying_key().to_bytes());
    let operator = heard::keys::statement_key(&keys.operator);
    let (b, s) = Statement {
        kind: heard::protocol::statement::Kind::Enrol,
        time: 1,
        author: operator.verifying_key().to_bytes(),
        body: Body::Enrol(EnrolBody { key: pk(&key(1)), role: 0, name: "Council".into(), action: ACTION_ENROL })
            .encode()
            .expect("body"),
    }
    .sign(&operator);
    ledger.submit(&b, &s, None).expect("the operator enrols");
    ledger.audit_policy().expect("policy audit");
    ledger.close().expect("closed cleanly");
}

/// Many submitters at once: statements of one batch see each other (the same claim card
/// grows across a batch), and the stored indexes equal the audit's replay.
fn concurrent_submissions_keep_the_indexes_exact(on: On) {
    let w = World::on(on);
    let council = key(1);
    let facilitator = key(3);
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Drop-in", &council, None);
    let card = ClaimCard::from_secret([8; 16]);
    let signed: Vec<_> = (0..40u32)
        .map(|n| {
            let text = heard::ledger::IdeaText { salt: vec![n as u8; 32], text: format!("idea number {n}") };
            let mut b = idea_body(c, Consent::Anonymous, None, Some(card.hash));
            b.digest = Id(text.digest());
            let (bytes, sig) = w.sign(&facilitator, &Body::Idea(b));
            (bytes, sig, text)
        })
        .collect();
    std::thread::scope(|s| {
        for chunk in signed.chunks(5) {
            let l = &w.ledger;
            s.spawn(move || {
                for (bytes, sig, text) in chunk {
                    l.submit(bytes, sig, Some(text.clone())).expect("idea");
                }
            });
        }
    });
    assert_eq!(w.ledger.ideas_of_consultation(&c).expect("ideas").len(), 40);
    let first = w.ledger.ideas_of_consultation(&c).expect("ideas")[0].id;
    w.ok(
        &key(20),
        Body::Claim(ClaimBody { ideas: vec![first], consent: 2, name: None, secret: Some(card.secret.to_vec()) }),
    );
    let p = w.ledger.portfolio(&pk(&key(20))).expect("portfolio");
    assert_eq!(p.items.len(), 40, "the claim bound every idea on the card");
    assert!(p.items.iter().all(|i| i.idea.verification.status() == "verified"));
    w.audit();
}

/// A statement sent twice is logged once: the second copy, with or without the first's
/// words, is refused as a duplicate naming the first's seq and changes nothing. Each entry's
/// receipt verifies with the log key alone, and each append's inclusion proof gives the root
/// of the checkpoint it came with.
fn a_statement_sent_twice_is_logged_once_and_every_entry_has_a_receipt(on: On) {
    use heard::ledger::{IdeaText, LedgerError};
    use heard::log::AppendError;
    use heard::protocol::receipt::verify_receipt;
    let w = World::on(on);
    let (council, facilitator) = (key(1), key(3));
    let (eb, es) = w.sign(
        &w.operator,
        &Body::Enrol(EnrolBody {
            key: pk(&council),
            role: Role::Organisation.code(),
            name: "Riverside Council".into(),
            action: ACTION_ENROL,
        }),
    );
    let enrolled = w.ledger.submit(&eb, &es, None).expect("enrol");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Drop-in", &council, None);
    let text = IdeaText { salt: vec![4; 32], text: "A bench at the bus stop.".into() };
    let (ib, is) = w.sign_idea(&key(11), idea_body(c, Consent::Anonymous, None, None), &text);
    let idea = w.ledger.submit(&ib, &is, Some(text.clone())).expect("idea");
    let before = w.snapshot();
    for (what, sent, first) in [
        ("the enrolment", w.ledger.submit(&eb, &es, None), &enrolled),
        ("the idea", w.ledger.submit(&ib, &is, Some(text.clone())), &idea),
    ] {
        match sent {
            Err(LedgerError::Append(AppendError::Duplicate { seq })) => assert_eq!(seq, first.seq, "{what}"),
            other => panic!("{what} sent again was not refused as a duplicate: {other:?}"),
        }
    }
    assert_eq!(w.snapshot(), before, "a duplicate wrote something");
    assert_eq!(before.size, 4);
    let id = Id(heard::protocol::statement::statement_hash(&ib));
    assert_eq!(w.ledger.idea(&id).expect("idea").text.as_deref(), Some("A bench at the bus stop."));

    let log_key = w.ledger.log().verifier().clone();
    for seq in 0..before.size {
        let receipt = w.ledger.log().receipt(seq).expect("a receipt");
        let report = verify_receipt(&receipt, &log_key, &[], 0);
        let facts = report.facts.unwrap_or_else(|| panic!("entry {seq}'s receipt: {:?}", report.checks));
        assert_eq!((facts.seq, facts.tree_size), (seq, before.size));
    }
    for a in [&enrolled, &idea] {
        let size = a.checkpoint.size;
        let proof = match &a.proof {
            Some(p) => p.clone(),
            None => w.ledger.log().inclusion_proof(a.seq, size).expect("a proof"),
        };
        heard::protocol::merkle::verify_inclusion(&a.entry_hash, a.seq, size, &proof, &a.checkpoint.root)
            .unwrap_or_else(|e| panic!("entry {}: {e:?}", a.seq));
    }
}

on_both!(
    full_scenario,
    text_beside_the_log_survives_crashes_between_the_two_writes,
    concurrent_submissions_keep_the_indexes_exact,
    a_statement_sent_twice_is_logged_once_and_every_entry_has_a_receipt,
);

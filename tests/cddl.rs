//! Example bodies of every kind, encoded by the library, validate against
//! schemas/statements.cddl (with the `cddl` crate); broken ones do not.

use heard::attribution::kinds::*;
use heard::protocol::cbor;
use heard::protocol::statement::{Kind, Statement};

const SCHEMA: &str = include_str!("../schemas/statements.cddl");

fn validates(rule: &str, bytes: &[u8]) -> Result<(), String> {
    let cddl = format!("root = {rule}\n{SCHEMA}");
    cddl::validate_cbor_from_slice(&cddl, bytes, None).map_err(|e| e.to_string())
}

fn id(n: u8) -> Id {
    Id([n; 32])
}

fn examples() -> Vec<(&'static str, Body)> {
    vec![
        ("enrol-body", Body::Enrol(EnrolBody { key: id(1), role: 0, name: "Riverside Council".into(), action: 0 })),
        (
            "consultation-body",
            Body::Consultation(ConsultationBody {
                title: "Drop-in".into(),
                date: "2026-03-14".into(),
                place: "Riverside".into(),
                topic: "mental health".into(),
                convenor: id(1),
                recorders: vec![id(2)],
                closes: Some(1_800_000_000_000),
                lang: Some("cy".into()),
            }),
        ),
        (
            "idea-body",
            Body::Idea(IdeaBody {
                consultation: id(3),
                digest: id(4),
                tags: vec!["housing".into()],
                co_contributors: vec![id(5)],
                builds_on: vec![id(6)],
                consent: 1,
                name: Some("RiverWalker".into()),
                claim_hash: Some(id(7)),
                given: Some("2026-03-14".into()),
            }),
        ),
        (
            "idea-body",
            Body::Idea(IdeaBody {
                consultation: id(3),
                digest: id(4),
                tags: vec![],
                co_contributors: vec![],
                builds_on: vec![],
                consent: 2,
                name: None,
                claim_hash: None,
                given: None,
            }),
        ),
        (
            "claim-body",
            Body::Claim(ClaimBody { ideas: vec![id(8)], consent: 2, name: None, secret: Some(vec![9; 16]) }),
        ),
        (
            "claim-body",
            Body::Claim(ClaimBody { ideas: vec![id(8)], consent: 0, name: Some("Amara".into()), secret: None }),
        ),
        ("endorse-body", Body::Endorse(EndorseBody { idea: id(10) })),
        (
            "cite-body",
            Body::Cite(CiteBody {
                report: ReportRef {
                    title: "Better Mental Health Support".into(),
                    version: "v1".into(),
                    url: Some("https://example.org/r.pdf".into()),
                    digest: Some(id(11)),
                },
                uses: vec![CitationUse { idea: id(12), locator: "Recommendation 3, page 12".into(), how: 1 }],
            }),
        ),
        (
            "respond-body",
            Body::Respond(RespondBody {
                idea: id(13),
                outcome: 3,
                reason: Some("cost".into()),
                links: vec!["https://x".into()],
                also: vec![],
            }),
        ),
        (
            "respond-body",
            Body::Respond(RespondBody {
                idea: id(13),
                outcome: 4,
                reason: None,
                links: vec!["https://example.org/done".into()],
                also: vec![id(18), id(19)],
            }),
        ),
        ("withdraw-body", Body::Withdraw(WithdrawBody { idea: id(14) })),
        ("rotate-body", Body::Rotate(RotateBody { new_key: id(15) })),
        ("close-body", Body::Close(CloseBody { consultation: id(17) })),
        (
            "recover-body",
            Body::Recover(RecoverBody { old_key: id(20), new_key: id(21), wait_days: 14, binding: vec![22; 64] }),
        ),
        ("cancel-recovery-body", Body::CancelRecovery(CancelRecoveryBody { recovery: id(23) })),
        (
            "acknowledge-body",
            Body::Acknowledge(AcknowledgeBody {
                ideas: vec![id(16)],
                recognition: 0,
                status: 0,
                amount: Some(2500),
                currency: Some("GBP".into()),
                note: None,
                payment: None,
            }),
        ),
        (
            "acknowledge-body",
            Body::Acknowledge(AcknowledgeBody {
                ideas: vec![id(16)],
                recognition: 0,
                status: 0,
                amount: None,
                currency: None,
                note: None,
                payment: Some(id(20)),
            }),
        ),
        (
            "acknowledge-body",
            Body::Acknowledge(AcknowledgeBody {
                ideas: vec![id(16)],
                recognition: 0,
                status: 1,
                amount: None,
                currency: None,
                note: Some("declined".into()),
                payment: None,
            }),
        ),
    ]
}

#[test]
fn every_kind_validates() {
    let mut kinds = std::collections::BTreeSet::new();
    for (rule, body) in examples() {
        let bytes = body.encode().expect("encode");
        validates(rule, &bytes).unwrap_or_else(|e| panic!("{rule}: {e}"));
        // And the library reads back exactly what the schema accepts.
        assert_eq!(Body::decode(body.kind(), &bytes).expect("decode"), body);
        kinds.insert(body.kind());
        let st = Statement { kind: body.kind(), time: 5, author: [1; 32], body: bytes };
        validates("statement", &st.encode()).unwrap_or_else(|e| panic!("statement of {rule}: {e}"));
    }
    assert_eq!(kinds.len(), Kind::ALL.len(), "an example for every kind");
}

#[derive(serde::Serialize)]
struct WrongTypes {
    key: String, // a text string where a 32-byte key belongs
    role: u8,
    name: String,
    action: u8,
}

#[derive(serde::Serialize)]
struct MissingField {
    #[serde(with = "serde_bytes")]
    idea: Vec<u8>,
    outcome: u8,
}

#[test]
fn broken_bodies_do_not_validate() {
    // Wrong type.
    let b = cbor::encode(&WrongTypes { key: "k".into(), role: 0, name: "n".into(), action: 0 }).expect("encode");
    assert!(validates("enrol-body", &b).is_err());
    // Out-of-range code.
    let b = Body::Enrol(EnrolBody { key: id(1), role: 9, name: "n".into(), action: 0 }).encode().expect("encode");
    assert!(validates("enrol-body", &b).is_err());
    // Missing required field (links).
    let b = cbor::encode(&MissingField { idea: vec![1; 32], outcome: 0 }).expect("encode");
    assert!(validates("respond-body", &b).is_err());
    // Wrong length of a hash.
    let b = cbor::encode(&MissingField { idea: vec![1; 31], outcome: 0 }).expect("encode");
    assert!(validates("withdraw-body", &b).is_err());
    // An empty list where one item is required.
    let b = Body::Claim(ClaimBody { ideas: vec![], consent: 0, name: None, secret: None }).encode().expect("encode");
    assert!(validates("claim-body", &b).is_err());
    // A given date that is not written YYYY-MM-DD, or is not text. (RFC 8610 anchors
    // `.regexp`; the `cddl` crate does not, so only a wholly different form is tested.)
    let idea = |given: Option<&str>| {
        Body::Idea(IdeaBody {
            consultation: id(3),
            digest: id(4),
            tags: vec![],
            co_contributors: vec![],
            builds_on: vec![],
            consent: 2,
            name: None,
            claim_hash: None,
            given: given.map(String::from),
        })
        .encode()
        .expect("encode")
    };
    assert!(validates("idea-body", &idea(Some("2026-03-14"))).is_ok());
    assert!(validates("idea-body", &idea(Some("14/03/2026"))).is_err());
    let mut as_uint = idea(None);
    as_uint[0] += 1;
    as_uint.extend_from_slice(&[0x08, 0x01]);
    assert!(validates("idea-body", &as_uint).is_err());
    // A body of one kind is not a body of another.
    let b = Body::Rotate(RotateBody { new_key: id(1) }).encode().expect("encode");
    assert!(validates("idea-body", &b).is_err());
}

/// What an acknowledgement keeps beside the log (docs/PROTOCOL.md §21) validates as
/// `payment-beside`; a short salt does not.
#[test]
fn a_payment_kept_beside_the_log_validates() {
    use heard::attribution::payment::{Payment, encode};
    let p = Payment { salt: vec![1; 32], amount: 2500, currency: "GBP".into() };
    validates("payment-beside", &encode(&p).expect("encode")).expect("valid");
    let short = Payment { salt: vec![1; 31], ..p };
    assert!(validates("payment-beside", &encode(&short).expect("encode")).is_err());
}

//! CBOR answers (`Accept: application/cbor`): every JSON read route answers canonical CBOR
//! that an independent decoder (ciborium) reads, whose re-encoding is byte-identical, with no
//! floats or tags, and that carries the same values as the JSON answer field by field
//! (docs/PROTOCOL.md §17). Also: how `Accept` is read, and that errors stay problem+json.

use crate::world;

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ciborium::Value as Cbor;
use heard::attribution::claim::ClaimCard;
use heard::attribution::kinds::*;
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use tower::ServiceExt;
use world::*;

/// A JSON value that keeps its object members in document order (serde_json's own `Value`
/// sorts them), so the n-th member can be matched with CBOR key n.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Int(u64),
    Neg(i64),
    Float(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
                Ok(Json::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
                Ok(Json::Int(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
                Ok(Json::Neg(n))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
                Ok(Json::Float(n))
            }
            fn visit_str<E>(self, s: &str) -> Result<Json, E> {
                Ok(Json::Str(s.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Json::Arr(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
                let mut v = Vec::new();
                while let Some(kv) = a.next_entry()? {
                    v.push(kv);
                }
                Ok(Json::Obj(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Checks that `cbor` is `json` in the form PROTOCOL.md §17 gives; returns how many numbers
/// with fractions were compared as millionths.
fn same(json: &Json, cbor: &Cbor, at: &str) -> usize {
    let int = |c: &Cbor| -> Option<u64> {
        match c {
            Cbor::Integer(i) => u64::try_from(i128::from(*i)).ok(),
            _ => None,
        }
    };
    match (json, cbor) {
        (Json::Null, Cbor::Null) => 0,
        (Json::Bool(a), Cbor::Bool(b)) if a == b => 0,
        (Json::Int(a), c) if int(c) == Some(*a) => 0,
        (Json::Float(x), c) => {
            let want = (x * 1_000_000.0).round() as u64;
            assert_eq!(int(c), Some(want), "{at}: {x} in millionths");
            1
        }
        (Json::Str(a), Cbor::Text(b)) if a == b => 0,
        (Json::Str(a), Cbor::Bytes(b)) => {
            assert_eq!(*a, B64.encode(b), "{at}: base64 text in JSON, the same bytes in CBOR");
            0
        }
        (Json::Arr(a), Cbor::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: array length");
            a.iter().zip(b).enumerate().map(|(i, (x, y))| same(x, y, &format!("{at}[{i}]"))).sum()
        }
        (Json::Obj(fields), Cbor::Map(entries)) => {
            assert_eq!(fields.len(), entries.len(), "{at}: every field is in both forms");
            let mut n = 0;
            for (i, ((name, j), (k, c))) in fields.iter().zip(entries).enumerate() {
                assert_eq!(int(k), Some(i as u64), "{at}.{name}: CBOR key is the field position");
                n += same(j, c, &format!("{at}.{name}"));
            }
            n
        }
        (j, c) => panic!("{at}: JSON {j:?} but CBOR {c:?}"),
    }
}

struct Got {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

async fn send(router: &axum::Router, method: &str, path: &str, accept: Option<&str>, body: Option<String>) -> Got {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(a) = accept {
        req = req.header(header::ACCEPT, a);
    }
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let req = req.body(body.map(HttpBody::from).unwrap_or_else(HttpBody::empty)).expect("request");
    let r = router.clone().oneshot(req).await.expect("infallible");
    let content_type =
        r.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().expect("ascii").to_string()).unwrap_or_default();
    let status = r.status();
    let body = r.into_body().collect().await.expect("body").to_bytes().to_vec();
    Got { status, content_type, body }
}

impl Got {
    fn problem(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{code}: {}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.content_type, "application/problem+json", "{code}");
        let v: serde_json::Value = serde_json::from_slice(&self.body).expect("problem JSON");
        assert_eq!(v["code"], code);
    }
}

/// Asks for `path` as JSON and as CBOR; checks the CBOR answer and returns it with the
/// number of fractions it carried.
async fn both(router: &axum::Router, method: &str, path: &str, body: Option<&str>) -> (Cbor, usize) {
    let j = send(router, method, path, Some("application/json"), body.map(String::from)).await;
    assert_eq!((j.status, j.content_type.as_str()), (StatusCode::OK, "application/json"), "{path}");
    let c = send(router, method, path, Some("application/cbor"), body.map(String::from)).await;
    assert_eq!(
        (c.status, c.content_type.as_str()),
        (StatusCode::OK, "application/cbor"),
        "{path}: {}",
        String::from_utf8_lossy(&c.body)
    );
    let again = send(router, method, path, Some("application/cbor"), body.map(String::from)).await;
    assert_eq!(c.body, again.body, "{path}: the same answer twice is the same bytes");
    let value: Cbor = ciborium::from_reader(&c.body[..]).expect("CBOR");
    let mut re = Vec::new();
    ciborium::into_writer(&value, &mut re).expect("re-encode");
    assert_eq!(re, c.body, "{path}: shortest integers, definite lengths: re-encoding is byte-identical");
    let json: Json = serde_json::from_slice(&j.body).expect("JSON");
    let fractions = same(&json, &value, path);
    (value, fractions)
}

/// The CBOR value at a path of field positions.
fn at<'a>(v: &'a Cbor, path: &[usize]) -> &'a Cbor {
    path.iter().fold(v, |v, i| match v {
        Cbor::Map(m) => &m[*i].1,
        Cbor::Array(a) => &a[*i],
        other => panic!("no field {i} in {other:?}"),
    })
}

fn uint(v: &Cbor) -> u64 {
    match v {
        Cbor::Integer(i) => u64::try_from(i128::from(*i)).expect("uint"),
        other => panic!("not an integer: {other:?}"),
    }
}

struct Scenario {
    w: World,
    router: axum::Router,
    c1: Id,
    i1: Id,
    card: ClaimCard,
    report: Id,
    council: Id,
    claimant: Id,
    eh1: String,
}

fn build() -> Scenario {
    let w = World::new();
    let (council, policy, facilitator, amara, claimant) = (key(1), key(2), key(3), key(11), key(12));
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&policy, Role::PolicyTeam, "Riverside Policy Unit");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c1 = w.consultation(&facilitator, "Mental health drop-in, Riverside", &council, None);
    let named = idea_body(c1, Consent::Named, Some("Amara Okafor"), None);
    let i1 = w.idea(&amara, named.clone(), "Peer support workers in GP surgeries.").expect("i1");
    let card = ClaimCard::from_secret([7; 16]);
    let i2 =
        w.idea(&facilitator, idea_body(c1, Consent::Anonymous, None, Some(card.hash)), "Evening opening.").expect("i2");
    let i3 = w.idea(&amara, named, "A quiet room at the job centre.").expect("i3");
    w.ok(
        &claimant,
        Body::Claim(ClaimBody {
            ideas: vec![i2],
            consent: Consent::Pseudonym.code(),
            name: Some("RiverWalker".into()),
            secret: Some(card.secret.to_vec()),
        }),
    );
    let report = ReportRef {
        title: "Better Mental Health Support".into(),
        version: "v1".into(),
        url: Some("https://example.org/r.pdf".into()),
        digest: Some(Id([9; 32])),
    };
    let uses = vec![
        CitationUse { idea: i1, locator: "Recommendation 3".into(), how: Usage::Quoted.code() },
        CitationUse { idea: i2, locator: "Page 12".into(), how: Usage::Paraphrased.code() },
    ];
    w.ok(&policy, Body::Cite(CiteBody { report, uses }));
    w.ok(
        &council,
        Body::Respond(RespondBody {
            idea: i1,
            outcome: Outcome::Adopted.code(),
            reason: None,
            links: vec!["https://x".into()],
            also: vec![],
        }),
    );
    w.paid(
        &council,
        AcknowledgeBody {
            ideas: vec![i2],
            recognition: Recognition::Payment.code(),
            status: ACK_GIVEN,
            amount: None,
            currency: None,
            note: None,
            payment: None,
        },
        heard::attribution::payment::Payment { salt: vec![1; 32], amount: 2500, currency: "GBP".into() },
    )
    .expect("payment");
    w.ok(&amara, Body::Withdraw(WithdrawBody { idea: i3 }));
    w.ok(&council, Body::Close(CloseBody { consultation: c1 }));
    w.consultation(&facilitator, "Youth services listening day", &council, None);
    let report = w.ledger.report_id(&pk(&policy), "Better Mental Health Support", "v1").expect("report id");
    let eh1 = hex::encode(w.ledger.idea(&i1).expect("idea").verification.entry_hash);
    // The witness whose cosignature the API answers in CBOR below is one the operator named.
    let witness = heard::protocol::note::Cosigner::new("witness.test", [5; 32]).expect("cosigner");
    let state = AppState::new(
        w.ledger.clone().with_witnesses(vec![witness.verifier()]).expect("witnesses"),
        ServerConfig { public_url: "https://heard.example.org".into(), ..Default::default() },
    );
    Scenario { w, router: app(state), c1, i1, card, report, council: pk(&council), claimant: pk(&claimant), eh1 }
}

#[tokio::test]
async fn every_json_read_route_answers_the_same_values_in_cbor() {
    let s = tokio::task::spawn_blocking(build).await.expect("build");
    let r = &s.router;
    let (c, rid, org) = (s.c1.hex(), s.report.hex(), s.council.hex());

    let (list, _) = both(r, "GET", "/v1/consultations", None).await;
    // The closed consultation is the older one: its closed_seq (field 11) is set.
    assert!(matches!(at(&list, &[0, 1, 11]), Cbor::Integer(_)), "{list:?}");
    assert_eq!(at(&list, &[0, 0, 11]), &Cbor::Null);

    let (detail, fractions) = both(r, "GET", &format!("/v1/consultations/{c}"), None).await;
    assert!(fractions >= 9, "the figures' fractions are integers in CBOR ({fractions})");
    // figures (field 2): share_cited (3) = 2/3, share_responded (5) = 1/3, median (6) = the
    // whole days from the day the answered idea was given to its answer, in millionths.
    assert_eq!(uint(at(&detail, &[2, 3])), 666_667);
    assert_eq!(uint(at(&detail, &[2, 5])), 333_333);
    let answered = s.w.ledger.ideas_of_consultation(&s.c1).expect("ideas");
    let answered = answered.iter().find(|v| !v.responses.is_empty()).expect("an answered idea");
    let given_at = heard::attribution::dates::day_start_ms(&answered.given).expect("given day");
    let days = (answered.responses[0].log_time - given_at) / 86_400_000;
    assert_eq!(uint(at(&detail, &[2, 6])), days * 1_000_000);
    // The first idea's text (ideas: field 1, text: field 10).
    assert_eq!(at(&detail, &[1, 0, 10]), &Cbor::Text("Peer support workers in GP surgeries.".into()));

    let (f, fractions) = both(r, "GET", &format!("/v1/consultations/{c}/figures"), None).await;
    assert_eq!((fractions, uint(at(&f, &[3, 0]))), (10, 3), "ten fractions; three ideas");
    both(r, "GET", &format!("/v1/organisations/{org}/figures"), None).await;
    let (idea, _) = both(r, "GET", &format!("/v1/ideas/{}", s.i1.hex()), None).await;
    assert_eq!(at(&idea, &[0, 3]), &Cbor::Text(s.eh1.clone()), "ids stay hex text");
    let (portfolio, _) = both(r, "GET", &format!("/v1/contributors/{}", s.claimant.hex()), None).await;
    // The claimed idea's acknowledgement says an amount was recorded, never which (items: 3,
    // acknowledgements: 2, has_amount: 4).
    assert_eq!(at(&portfolio, &[3, 0, 2, 0, 4]), &Cbor::Bool(true));
    both(r, "GET", &format!("/v1/cards/{}", s.card.code), None).await;
    let team = pk(&key(2)).hex();
    let query = format!("/v1/reports?team={team}&title=Better%20Mental%20Health%20Support&version=v1");
    both(r, "GET", &query, None).await;
    both(r, "GET", &format!("/v1/reports/{rid}"), None).await;
    both(r, "GET", &format!("/v1/reports/{rid}/figures"), None).await;
    let (verdict, _) = both(r, "GET", &format!("/v1/verify?entry={}", s.eh1), None).await;
    assert_eq!(at(&verdict, &[2]), &Cbor::Bool(true), "valid");
    let receipt = send(r, "GET", "/v1/receipts/4", None, None).await;
    let body = serde_json::json!({ "receipt": String::from_utf8(receipt.body).expect("text") }).to_string();
    both(r, "POST", "/v1/verify", Some(&body)).await;
    let body = serde_json::json!({ "citations": [s.eh1, "ab".repeat(32)] }).to_string();
    both(r, "POST", "/v1/verify", Some(&body)).await;

    // The log's routes.
    let (page, _) = both(r, "GET", "/v1/entries?from=0&limit=5", None).await;
    let Cbor::Bytes(first_entry) = at(&page, &[0, 0, 8]) else { panic!("entry bytes: {page:?}") };
    let raw = send(r, "GET", "/v1/entries/0", Some("application/cbor"), None).await;
    assert_eq!((raw.content_type.as_str(), &raw.body), ("application/cbor", first_entry), "an entry is its own bytes");
    let (proof, _) = both(r, "GET", "/v1/proofs/inclusion?index=1", None).await;
    assert!(matches!(at(&proof, &[0, 0]), Cbor::Bytes(b) if b.len() == 32), "proof hashes are byte strings");
    both(r, "GET", "/v1/proofs/consistency?old=3", None).await;
    both(r, "GET", "/v1/keys", None).await;

    // An accepted cosignature, answered in CBOR: {0: size}.
    let (note, size, log_key) =
        (s.w.ledger.log().latest().note, s.w.ledger.log().latest().size, s.w.ledger.log().verifier().clone());
    let cosigner = heard::protocol::note::Cosigner::new("witness.test", [5; 32]).expect("cosigner");
    let state = tempfile::tempdir().expect("tempdir");
    let witness = heard::witness::Witness::new(cosigner.clone(), log_key, state.path());
    let line = witness.add_checkpoint(&note, &[], 1_700_000_000).expect("cosign");
    let body = serde_json::json!({ "witness_key": cosigner.verifier().to_text(), "note": format!("{note}{line}") });
    let g = send(r, "POST", "/v1/cosignatures", Some("application/cbor"), Some(body.to_string())).await;
    assert_eq!(
        (g.status, g.content_type.as_str()),
        (StatusCode::OK, "application/cbor"),
        "{}",
        String::from_utf8_lossy(&g.body)
    );
    let v: Cbor = ciborium::from_reader(&g.body[..]).expect("CBOR");
    assert_eq!(v, Cbor::Map(vec![(Cbor::Integer(0.into()), Cbor::Integer(size.into()))]));
}

#[tokio::test]
async fn accept_is_read_sanely_and_errors_stay_problem_json() {
    let s = tokio::task::spawn_blocking(build).await.expect("build");
    let r = &s.router;
    let path = format!("/v1/consultations/{}", s.c1.hex());
    for (accept, want) in [
        (None, "application/json"),
        (Some("*/*"), "application/json"),
        (Some("text/html,application/xhtml+xml,*/*;q=0.8"), "application/json"),
        (Some("application/cbor;q=0.5, application/json"), "application/json"),
        (Some("application/json;q=0.5, application/cbor"), "application/cbor"),
        (Some("application/*, application/cbor;q=0.9"), "application/json"),
        (Some("not a media type"), "application/json"),
    ] {
        let g = send(r, "GET", &path, accept, None).await;
        assert_eq!((g.status, g.content_type.as_str()), (StatusCode::OK, want), "Accept: {accept:?}");
    }
    for accept in ["text/html", "application/xml, text/*", "application/cbor;q=0, application/json;q=0"] {
        send(r, "GET", &path, Some(accept), None).await.problem(StatusCode::NOT_ACCEPTABLE, "not_acceptable");
        send(r, "GET", "/v1/entries", Some(accept), None).await.problem(StatusCode::NOT_ACCEPTABLE, "not_acceptable");
    }
    // Errors are problem+json whatever was asked for.
    let cbor = Some("application/cbor");
    send(r, "GET", &format!("/v1/consultations/{}", "ab".repeat(32)), cbor, None)
        .await
        .problem(StatusCode::NOT_FOUND, "unknown_consultation");
    send(r, "GET", "/v1/ideas/xyz", cbor, None).await.problem(StatusCode::BAD_REQUEST, "malformed");
    send(r, "GET", "/v1/reports?team=ab", cbor, None).await.problem(StatusCode::BAD_REQUEST, "malformed");
    send(r, "GET", "/v1/entries/999", cbor, None).await.problem(StatusCode::NOT_FOUND, "not_found");
    send(r, "POST", "/v1/verify", cbor, Some("{}".into()))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "bad_verify_request");
    // Text and export routes are not negotiated.
    let g = send(r, "GET", "/v1/checkpoint", cbor, None).await;
    assert_eq!((g.status, g.content_type.as_str()), (StatusCode::OK, "text/plain; charset=utf-8"));
    let g = send(r, "GET", &format!("/v1/reports/{}/citations.bib", s.report.hex()), cbor, None).await;
    assert_eq!((g.status, g.content_type.as_str()), (StatusCode::OK, "application/x-bibtex; charset=utf-8"));
}

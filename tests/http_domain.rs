//! The domain half of the HTTP API, driven with `oneshot`: consultations, ideas, portfolios,
//! claim cards, reports and their exports, figures, verification and tiles — on the embedded
//! store and on PostgreSQL and a bucket alike (`<test>::embedded`, `<test>::postgres`).

use crate::common;
use crate::world;

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode, header};
use heard::attribution::claim::ClaimCard;
use heard::attribution::kinds::*;
use heard::protocol::note::TlogProof;
use heard::protocol::receipt::verify_receipt;
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use world::*;

const BASE: &str = "https://heard.example.org";

struct Got {
    status: StatusCode,
    content_type: String,
    cache: String,
    body: Vec<u8>,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8")
    }
    /// Asserts a problem+json answer with this status and code.
    fn problem(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{code}: {}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.content_type, "application/problem+json", "{code}");
        assert_eq!(self.json()["code"], code);
    }
}

async fn send(router: &axum::Router, req: Request<HttpBody>) -> Got {
    let r = router.clone().oneshot(req).await.expect("infallible");
    let header_of = |h| r.headers().get(h).map(|v: &header::HeaderValue| v.to_str().expect("ascii").to_string());
    let content_type = header_of(header::CONTENT_TYPE).unwrap_or_default();
    let cache = header_of(header::CACHE_CONTROL).unwrap_or_default();
    let status = r.status();
    let body = r.into_body().collect().await.expect("body").to_bytes().to_vec();
    Got { status, content_type, cache, body }
}

async fn get(router: &axum::Router, path: &str) -> Got {
    send(router, Request::get(path).body(HttpBody::empty()).expect("request")).await
}

async fn post_json(router: &axum::Router, path: &str, body: &str) -> Got {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(HttpBody::from(body.to_string()))
        .expect("request");
    send(router, req).await
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-12)
}

/// Two consultations; in the second, a named idea, a card idea and a withdrawn idea; a report
/// citing the first two; a response to the first.
struct Scenario {
    w: World,
    router: axum::Router,
    c1: Id,
    c2: Id,
    i1: Id,
    i2: Id,
    i3: Id,
    card: ClaimCard,
    report: Id,
    council: Id,
    policy: Id,
    amara: Id,
    eh1: String,
}

/// Built on a blocking thread: `Ledger::submit` waits for the writer.
async fn scenario(on: On) -> Scenario {
    tokio::task::spawn_blocking(move || build(on)).await.expect("build")
}

fn build(on: On) -> Scenario {
    let w = World::on(on);
    let (council, policy, facilitator, amara) = (key(1), key(2), key(3), key(11));
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&policy, Role::PolicyTeam, "Riverside Policy Unit");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c1 = w.consultation(&facilitator, "Youth services listening day", &council, None);
    let c2 = w.consultation(&facilitator, "Mental health drop-in, Riverside", &council, None);
    let named = idea_body(c2, Consent::Named, Some("Amara Okafor"), None);
    let i1 = w.idea(&amara, named.clone(), "Peer support workers in GP surgeries.").expect("i1");
    let card = ClaimCard::from_secret([7; 16]);
    let i2 = w
        .idea(
            &facilitator,
            idea_body(c2, Consent::Anonymous, None, Some(card.hash)),
            "Evening opening for the crisis cafe.",
        )
        .expect("i2");
    let i3 = w.idea(&amara, named, "A quiet room at the job centre.").expect("i3");
    let report =
        ReportRef { title: "Better Mental Health Support".into(), version: "v1".into(), url: None, digest: None };
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
            links: vec![],
            also: vec![],
        }),
    );
    w.ok(&amara, Body::Withdraw(WithdrawBody { idea: i3 }));
    let report = w.ledger.report_id(&pk(&policy), "Better Mental Health Support", "v1").expect("report id");
    let eh1 = hex::encode(w.ledger.idea(&i1).expect("idea").verification.entry_hash);
    let state = AppState::new(w.ledger.clone(), ServerConfig { public_url: format!("{BASE}/"), ..Default::default() });
    Scenario {
        router: app(state),
        c1,
        c2,
        i1,
        i2,
        i3,
        card,
        report,
        council: pk(&council),
        policy: pk(&policy),
        amara: pk(&amara),
        eh1,
        w,
    }
}

async fn consultations_list_newest_first_with_counts_and_pages(on: On) {
    let s = scenario(on).await;
    let g = get(&s.router, "/v1/consultations").await;
    assert_eq!((g.status, g.content_type.as_str()), (StatusCode::OK, "application/json"));
    let v = g.json();
    let list = v["consultations"].as_array().expect("list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], s.c2.hex());
    assert_eq!(list[0]["title"], "Mental health drop-in, Riverside");
    assert_eq!(list[0]["date"], "2026-03-14");
    assert_eq!(list[0]["place"], "Riverside Community Centre");
    assert_eq!(list[0]["topic"], "mental health support");
    assert_eq!(list[0]["convenor"], s.council.hex());
    assert_eq!(list[0]["convenor_name"], "Riverside Council");
    assert_eq!(list[0]["ideas"], 3);
    assert_eq!(list[1]["id"], s.c1.hex());
    assert_eq!(list[1]["ideas"], 0);
    assert_eq!(v["next_before"], Value::Null);

    let page1 = get(&s.router, "/v1/consultations?limit=1").await.json();
    assert_eq!(page1["consultations"][0]["id"], s.c2.hex());
    let before = page1["next_before"].as_u64().expect("cursor");
    assert_eq!(before, page1["consultations"][0]["seq"].as_u64().expect("seq"));
    let page2 = get(&s.router, &format!("/v1/consultations?limit=1&before={before}")).await.json();
    assert_eq!(page2["consultations"][0]["id"], s.c1.hex());
    get(&s.router, "/v1/consultations?limit=x").await.problem(StatusCode::BAD_REQUEST, "malformed");
}

async fn a_consultation_shows_its_public_ideas_and_figures(on: On) {
    let s = scenario(on).await;
    let v = get(&s.router, &format!("/v1/consultations/{}", s.c2.hex())).await.json();
    assert_eq!(v["consultation"]["ideas"], 3);
    let ideas = v["ideas"].as_array().expect("ideas");
    assert_eq!(ideas.iter().map(|i| i["id"].clone()).collect::<Vec<_>>(), [s.i1.hex(), s.i2.hex(), s.i3.hex()]);
    let i1 = &ideas[0];
    assert_eq!(i1["text"], "Peer support workers in GP surgeries.");
    assert_eq!(i1["contributor"]["shown_as"], "named");
    assert_eq!(i1["contributor"]["name"], "Amara Okafor");
    assert_eq!(i1["status"], "verified");
    assert_eq!(i1["entry_hash"], s.eh1);
    assert_eq!(i1["verify_url"], format!("{BASE}/v1/verify?entry={}", s.eh1));
    assert_eq!(i1["citations"][0]["locator"], "Recommendation 3");
    assert_eq!(i1["citations"][0]["how"], "quoted");
    assert_eq!(i1["citations"][0]["report"], s.report.hex());
    assert_eq!(i1["citations"][0]["report_title"], "Better Mental Health Support");
    assert_eq!(i1["responses"][0]["outcome"], "adopted");
    // Recorded with a card nobody claimed: "a contributor", no key or card hash anywhere.
    let i2 = &ideas[1];
    assert_eq!(i2["contributor"]["shown_as"], "contributor");
    assert_eq!(i2["contributor"]["display"], "a contributor");
    assert_eq!(i2["citations"][0]["locator"], "Page 12");
    assert!(!String::from_utf8_lossy(&serde_json::to_vec(i2).expect("json")).contains(&hex::encode(s.card.hash)));
    // Withdrawn: the fact stays, the words are gone.
    let i3 = &ideas[2];
    assert_eq!(i3["withdrawn"], true);
    assert_eq!(i3["text"], Value::Null);
    assert_eq!(i3["status"], "withdrawn");
    assert_eq!(i3["contributor"]["shown_as"], "withdrawn");

    let f = &v["figures"];
    assert_eq!(f["ideas"], 3);
    assert_eq!(f["contributors"], 2); // Amara and the unclaimed card
    assert_eq!(f["cited_ideas"], 2);
    assert!(close(&f["share_cited"], 2.0 / 3.0));
    assert_eq!(f["responded_ideas"], 1);
    // Counted from the day the idea was given (its author time's day, 2023-11-14 in this
    // world) to its response's log time.
    let answered = ideas.iter().find(|i| !i["responses"].as_array().expect("responses").is_empty()).expect("answered");
    assert_eq!(answered["given"], "2023-11-14");
    let waited = (answered["responses"][0]["log_time"].as_u64().expect("log time") - 1_699_920_000_000) / 86_400_000;
    assert!(close(&f["median_days_to_response"], waited as f64), "{waited} days");
    assert_eq!(f["ideas_by_consent"], serde_json::json!({"named": 2, "pseudonym": 0, "anonymous": 1}));
    assert_eq!(f["citations"], 2);
    assert_eq!(f["credits"], 2);
    assert!(close(&f["top_decile_share"], 0.5));
    assert!(close(&f["gini"], 0.0));

    let g = get(&s.router, &format!("/v1/consultations/{}/figures", s.c1.hex())).await.json();
    assert_eq!(
        (g["scope"].as_str(), g["name"].as_str(), g["figures"]["ideas"].as_u64()),
        (Some("consultation"), Some("Youth services listening day"), Some(0))
    );
    let o = get(&s.router, &format!("/v1/organisations/{}/figures", s.council.hex())).await.json();
    assert_eq!(
        (o["name"].as_str(), o["figures"]["ideas"].as_u64(), o["figures"]["citations"].as_u64()),
        (Some("Riverside Council"), Some(3), Some(2))
    );
    let r = get(&s.router, &format!("/v1/reports/{}/figures", s.report.hex())).await.json();
    assert_eq!(
        (r["name"].as_str(), r["figures"]["ideas"].as_u64(), r["figures"]["contributors"].as_u64()),
        (Some("Better Mental Health Support v1"), Some(2), Some(2))
    );
}

async fn an_idea_its_history_a_portfolio_and_a_card(on: On) {
    let s = scenario(on).await;
    let v = get(&s.router, &format!("/v1/ideas/{}", s.i1.hex())).await.json();
    assert_eq!(v["idea"]["consultation_title"], "Mental health drop-in, Riverside");
    let kinds: Vec<&str> =
        v["history"].as_array().expect("history").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(kinds, ["idea", "cite", "respond"]);
    assert_eq!(v["history"][1]["what"], "quoted in report \"Better Mental Health Support v1\" at Recommendation 3");

    let p = get(&s.router, &format!("/v1/contributors/{}", s.amara.hex())).await.json();
    assert_eq!(p["party"], s.amara.hex());
    assert_eq!((p["ideas"].as_u64(), p["cited"].as_u64()), (Some(2), Some(1)));
    assert_eq!(p["items"][0]["idea"]["id"], s.i1.hex());
    assert_eq!(p["items"][1]["idea"]["withdrawn"], true);
    let empty = get(&s.router, &format!("/v1/contributors/{}", "cd".repeat(32))).await.json();
    assert_eq!(empty["items"], serde_json::json!([]));

    for code in [s.card.code.clone(), s.card.code.to_lowercase()] {
        let c = get(&s.router, &format!("/v1/cards/{code}")).await.json();
        assert_eq!(c["claimed"], false);
        assert_eq!(c["consultation"], s.c2.hex());
        assert_eq!(c["consultation_title"], "Mental health drop-in, Riverside");
        assert_eq!(c["ideas"].as_array().map(|a| a.len()), Some(1));
        assert_eq!(c["ideas"][0]["text"], "Evening opening for the crisis cafe.");
    }
    get(&s.router, "/v1/cards/0000-0000").await.problem(StatusCode::BAD_REQUEST, "bad_claim_code");
    let stranger = ClaimCard::from_secret([9; 16]);
    get(&s.router, &format!("/v1/cards/{}", stranger.code)).await.problem(StatusCode::NOT_FOUND, "unknown_card");
}

async fn reports_resolve_attribute_and_export_with_verify_links(on: On) {
    let s = scenario(on).await;
    let q = format!("/v1/reports?team={}&title=Better%20Mental%20Health%20Support&version=v1", s.policy.hex());
    let v = get(&s.router, &q).await.json();
    assert_eq!(v["id"], s.report.hex());
    assert_eq!(v["team"], s.policy.hex());
    let other = format!("/v1/reports?team={}&title=Nothing&version=v1", s.policy.hex());
    get(&s.router, &other).await.problem(StatusCode::NOT_FOUND, "unknown_report");
    get(&s.router, "/v1/reports?title=x").await.problem(StatusCode::BAD_REQUEST, "malformed");
    get(&s.router, "/v1/reports?team=zz&title=x&version=v").await.problem(StatusCode::BAD_REQUEST, "malformed");

    let a = get(&s.router, &format!("/v1/reports/{}", s.report.hex())).await.json();
    assert_eq!(a["title"], "Better Mental Health Support");
    assert_eq!(a["team_name"], "Riverside Policy Unit");
    assert_eq!(a["items"].as_array().map(|i| i.len()), Some(2));
    assert_eq!(a["items"][0]["uses"], serde_json::json!([{"locator": "Recommendation 3", "how": "quoted"}]));
    assert_eq!(a["items"][0]["response"]["outcome"], "adopted");
    assert_eq!(a["items"][1]["response"], Value::Null);
    assert_eq!((a["direct_contributors"].as_u64(), a["indirect_contributors"].as_u64()), (Some(2), Some(0)));

    // The "check it" link every export prints: the page, which answers JSON to clients that
    // ask for it (tests/said_did.rs).
    let verify = format!("{BASE}/verify?entry={}", s.eh1);
    for (suffix, ct) in [
        ("acknowledgements.md", "text/markdown; charset=utf-8"),
        ("acknowledgements.txt", "text/plain; charset=utf-8"),
        ("citations.csl.json", "application/vnd.citationstyles.csl+json"),
        ("citations.bib", "application/x-bibtex; charset=utf-8"),
    ] {
        let g = get(&s.router, &format!("/v1/reports/{}/{suffix}", s.report.hex())).await;
        assert_eq!((g.status, g.content_type.as_str()), (StatusCode::OK, ct), "{suffix}");
        let body = g.text();
        assert!(body.contains(&s.eh1), "{suffix} lacks the entry hash");
        assert!(body.contains(&verify), "{suffix} lacks the verify URL");
        assert!(!body.contains(&format!("{BASE}//")), "{suffix}: the base's trailing slash leaked");
    }
    let csl: Value = serde_json::from_slice(
        &get(&s.router, &format!("/v1/reports/{}/citations.csl.json", s.report.hex())).await.body,
    )
    .expect("CSL-JSON");
    assert_eq!(csl[0]["URL"], verify);
}

async fn lookups_answer_400_for_malformed_and_404_for_unknown_ids(on: On) {
    let s = scenario(on).await;
    let unknown = "ef".repeat(32);
    for prefix in ["/v1/ideas", "/v1/consultations", "/v1/reports", "/v1/contributors"] {
        get(&s.router, &format!("{prefix}/abc")).await.problem(StatusCode::BAD_REQUEST, "malformed");
        get(&s.router, &format!("{prefix}/{}", "g".repeat(64))).await.problem(StatusCode::BAD_REQUEST, "malformed");
    }
    get(&s.router, &format!("/v1/ideas/{unknown}")).await.problem(StatusCode::NOT_FOUND, "unknown_idea");
    get(&s.router, &format!("/v1/consultations/{unknown}"))
        .await
        .problem(StatusCode::NOT_FOUND, "unknown_consultation");
    get(&s.router, &format!("/v1/consultations/{unknown}/figures"))
        .await
        .problem(StatusCode::NOT_FOUND, "unknown_consultation");
    get(&s.router, &format!("/v1/reports/{unknown}")).await.problem(StatusCode::NOT_FOUND, "unknown_report");
    get(&s.router, &format!("/v1/reports/{unknown}/figures")).await.problem(StatusCode::NOT_FOUND, "unknown_report");
    for suffix in ["acknowledgements.md", "acknowledgements.txt", "citations.csl.json", "citations.bib"] {
        get(&s.router, &format!("/v1/reports/{unknown}/{suffix}"))
            .await
            .problem(StatusCode::NOT_FOUND, "unknown_report");
    }
    // Not an organisation: a contributor's key, and a key nobody enrolled.
    for k in [s.amara.hex(), unknown.clone()] {
        get(&s.router, &format!("/v1/organisations/{k}/figures"))
            .await
            .problem(StatusCode::NOT_FOUND, "unknown_organisation");
    }
    get(&s.router, "/v1/organisations/12/figures").await.problem(StatusCode::BAD_REQUEST, "malformed");
    get(&s.router, &format!("/v1/verify?entry={unknown}")).await.problem(StatusCode::NOT_FOUND, "unknown_entry");
    get(&s.router, "/v1/verify?entry=zz").await.problem(StatusCode::BAD_REQUEST, "malformed");
    get(&s.router, "/v1/verify").await.problem(StatusCode::BAD_REQUEST, "malformed");
}

async fn verify_a_link_a_receipt_a_tampered_receipt_and_citations(on: On) {
    let s = scenario(on).await;
    let key = s.w.ledger.log().verifier().clone();
    let v = get(&s.router, &format!("/v1/verify?entry={}", s.eh1)).await.json();
    assert_eq!(v["valid"], true);
    assert_eq!(v["entry_hash"], s.eh1);
    assert_eq!(v["seq"].as_u64(), Some(s.w.ledger.idea(&s.i1).expect("idea").seq));
    assert_eq!(v["facts"]["kind"], "idea");
    let names: Vec<&str> = v["checks"].as_array().expect("checks").iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "receipt_format",
            "checkpoint_signature",
            "checkpoint_format",
            "entry_format",
            "inclusion",
            "statement_signature"
        ]
    );
    assert!(v["checks"].as_array().expect("checks").iter().all(|c| c["passed"] == true));
    let receipt = v["receipt"].as_str().expect("receipt").to_string();
    assert!(verify_receipt(&receipt, &key, &[], 0).ok());
    // What it proves, in plain words, as the record and the contributor's consent say.
    let idea = s.w.ledger.idea(&s.i1).expect("idea");
    let proves = &v["proves"];
    assert_eq!(proves["idea"], s.i1.hex());
    assert_eq!(proves["words"].as_str(), idea.text.as_deref());
    assert_eq!(proves["consultation"].as_str(), Some(idea.consultation_title.as_str()));
    assert_eq!(proves["shown_as"].as_str(), Some(idea.contributor.to_string().as_str()));
    assert!(proves["what"].as_str().is_some_and(|w| w.contains(&idea.consultation_title)), "{proves}");
    assert_eq!(proves["cited_in"].as_array().map(Vec::len), Some(idea.citations.len()));

    // The same receipt uploaded, in its compact form.
    let compact = v["receipt_compact"].as_str().expect("compact");
    let up = post_json(&s.router, "/v1/verify", &serde_json::json!({ "receipt": compact }).to_string()).await;
    assert_eq!(up.status, StatusCode::OK);
    assert_eq!(up.json()["valid"], true);
    assert_eq!(up.json()["entry_hash"], s.eh1);

    // Tampered: one proof hash changed. The server names the failing check.
    let mut p = TlogProof::parse(&receipt).expect("parse");
    p.proof[0][0] ^= 1;
    let bad =
        post_json(&s.router, "/v1/verify", &serde_json::json!({ "receipt": p.to_text() }).to_string()).await.json();
    assert_eq!(bad["valid"], false);
    let last = bad["checks"].as_array().and_then(|c| c.last()).expect("a check").clone();
    assert_eq!((last["name"].as_str(), last["passed"].as_bool()), (Some("inclusion"), Some(false)));
    assert_eq!(bad["entry_hash"], s.eh1);
    assert!(bad["proves"].is_null(), "a failed receipt proves nothing: {bad}");
    let junk = post_json(&s.router, "/v1/verify", r#"{"receipt":"hello"}"#).await.json();
    assert_eq!((junk["valid"].as_bool(), junk["checks"][0]["name"].as_str()), (Some(false), Some("receipt_format")));

    // Citations: one in the log, one not.
    let unknown = "ef".repeat(32);
    let body = serde_json::json!({ "citations": [s.eh1, unknown] }).to_string();
    let r = post_json(&s.router, "/v1/verify", &body).await.json();
    assert_eq!(r["results"][0]["valid"], true);
    assert_eq!(r["results"][1]["valid"], false);
    assert_eq!(r["results"][1]["entry_hash"], unknown);
    assert_eq!(r["results"][1]["checks"][0]["name"], "entry_in_log");

    post_json(&s.router, "/v1/verify", "{not json").await.problem(StatusCode::BAD_REQUEST, "malformed");
    post_json(&s.router, "/v1/verify", r#"{"citations":["xyz"]}"#).await.problem(StatusCode::BAD_REQUEST, "malformed");
    post_json(&s.router, "/v1/verify", r#"{"other":1}"#).await.problem(StatusCode::BAD_REQUEST, "malformed");
    for body in
        ["{}", r#"{"citations":[]}"#, r#"{"receipt":"  "}"#, &format!(r#"{{"receipt":"x","citations":["{unknown}"]}}"#)]
    {
        post_json(&s.router, "/v1/verify", body).await.problem(StatusCode::UNPROCESSABLE_ENTITY, "bad_verify_request");
    }
}

/// Embedded only: it compares what is served with `export_tiles`, which writes an embedded
/// log's tiles (a log on PostgreSQL publishes its tiles to its bucket as it integrates, and
/// its 300 appends would be a load, not a check of the domain).
#[tokio::test]
async fn tiles_are_served_as_export_tiles_writes_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = common::open_ledger(&dir.path().join("db"));
    // 300 enrolments from four threads, so the writer batches them: one full tile of
    // entries and level-0 hashes, and partial ones.
    std::thread::scope(|sc| {
        for t in 0..4u64 {
            let ledger = &ledger;
            sc.spawn(move || {
                for i in (t..300).step_by(4) {
                    let (b, sig) = common::enrolment(i);
                    ledger.submit(&b, &sig, None).expect("enrol");
                }
            });
        }
    });
    let out = tempfile::tempdir().expect("tempdir");
    heard::log::tiles::export_tiles(ledger.embedded().unwrap(), out.path()).expect("export");
    let router = app(AppState::new(ledger.clone(), ServerConfig::default()));

    let cp = get(&router, "/tiles/checkpoint").await;
    assert_eq!(
        (cp.status, cp.content_type.as_str(), cp.cache.as_str()),
        (StatusCode::OK, "text/plain; charset=utf-8", "no-cache")
    );
    assert_eq!(cp.body, std::fs::read(out.path().join("checkpoint")).expect("checkpoint"));
    for (path, cache) in [
        ("tile/0/000", "public, max-age=31536000, immutable"),
        ("tile/0/001.p/44", "no-cache"),
        ("tile/1/000.p/1", "no-cache"),
        ("tile/entries/000", "public, max-age=31536000, immutable"),
        ("tile/entries/001.p/44", "no-cache"),
    ] {
        let g = get(&router, &format!("/tiles/{path}")).await;
        assert_eq!(g.status, StatusCode::OK, "{path}: {}", String::from_utf8_lossy(&g.body));
        assert_eq!((g.content_type.as_str(), g.cache.as_str()), ("application/octet-stream", cache), "{path}");
        assert_eq!(g.body, std::fs::read(out.path().join(path)).expect("exported tile"), "{path}");
    }
    for beyond in ["tile/0/002", "tile/0/001", "tile/entries/001", "tile/0/001.p/45", "tile/2/000.p/1"] {
        let g = get(&router, &format!("/tiles/{beyond}")).await;
        g.problem(StatusCode::NOT_FOUND, "tile_not_found");
        assert_eq!(g.cache, "no-cache", "{beyond}");
    }
    get(&router, "/tiles/tile/0/1").await.problem(StatusCode::BAD_REQUEST, "bad_tile_path");
    get(&router, "/tiles/tile/0/000.p/0").await.problem(StatusCode::BAD_REQUEST, "bad_tile_path");
}

/// Regression: `/tiles/checkpoint` served the log's bare checkpoint while `/v1/checkpoint`
/// carried the witnesses' cosignatures, so a tlog-tiles client never saw them. Both now serve
/// the same bytes, and an export's `checkpoint` file is those bytes too.
async fn tiles_checkpoint_lacked_the_witness_cosignatures(on: On) {
    let w = World::on(on);
    let ledger = &w.ledger;
    // Appends block: made on a thread of their own, outside the test's runtime.
    std::thread::scope(|sc| {
        sc.spawn(|| {
            for i in 0..3 {
                let (b, sig) = common::enrolment(i);
                ledger.submit(&b, &sig, None).expect("enrol");
            }
        });
    });
    let latest = ledger.log().latest();
    let cosigner = heard::protocol::note::Cosigner::new("witness.test", [5; 32]).expect("cosigner");
    let state = tempfile::tempdir().expect("tempdir");
    let witness = heard::witness::Witness::new(cosigner.clone(), ledger.log().verifier().clone(), state.path());
    let line = witness.add_checkpoint(&latest.note, &[], 1_700_000_000).expect("cosign");
    ledger.log().add_cosignature(&cosigner.verifier(), &format!("{}{line}", latest.note)).expect("stored");
    let router = app(AppState::new(ledger.clone(), ServerConfig::default()));

    let v1 = get(&router, "/v1/checkpoint").await;
    let tiles = get(&router, "/tiles/checkpoint").await;
    assert_eq!((tiles.status, tiles.content_type.as_str()), (StatusCode::OK, "text/plain; charset=utf-8"));
    assert_eq!(String::from_utf8_lossy(&v1.body), format!("{}{line}", latest.note));
    assert_eq!(tiles.body, v1.body, "/tiles/checkpoint differs from /v1/checkpoint");
    let note = heard::protocol::note::Note::parse(std::str::from_utf8(&tiles.body).expect("utf-8")).expect("note");
    let signers = note.verify(&[ledger.log().verifier().clone(), cosigner.verifier()]).expect("verifies");
    assert_eq!(signers.len(), 2, "the log's signature and the witness's cosignature");

    // An embedded log's export writes those bytes too (a log on PostgreSQL has no export).
    if let Some(log) = ledger.embedded() {
        let out = tempfile::tempdir().expect("tempdir");
        heard::log::tiles::export_tiles(log, out.path()).expect("export");
        assert_eq!(std::fs::read(out.path().join("checkpoint")).expect("checkpoint"), tiles.body);
    }
}

/// Regression: entry bundles were served uncompressed even to clients that accept gzip. They
/// are now gzip-encoded for those clients (the bytes decompress to the bundle), and unchanged
/// for the others; hash tiles, random bytes, are never compressed.
async fn entry_bundles_were_not_compressed_for_clients_that_accept_gzip(on: On) {
    use std::io::Read as _;
    let w = World::on(on);
    let ledger = &w.ledger;
    std::thread::scope(|sc| {
        sc.spawn(|| {
            for i in 0..20 {
                let (b, sig) = common::enrolment(i);
                ledger.submit(&b, &sig, None).expect("enrol");
            }
        });
    });
    let router = app(AppState::new(ledger.clone(), ServerConfig::default()));
    let fetch = |path: &'static str, gzip: bool| {
        let router = router.clone();
        async move {
            let mut req = Request::get(path);
            if gzip {
                req = req.header(header::ACCEPT_ENCODING, "gzip");
            }
            let r = router.oneshot(req.body(HttpBody::empty()).expect("request")).await.expect("infallible");
            let h = |n| r.headers().get(n).map(|v: &header::HeaderValue| v.to_str().expect("ascii").to_string());
            let (status, encoding, vary) = (r.status(), h(header::CONTENT_ENCODING), h(header::VARY));
            let body = r.into_body().collect().await.expect("body").to_bytes().to_vec();
            (status, encoding, vary, body)
        }
    };
    let plain = fetch("/tiles/tile/entries/000.p/20", false).await;
    assert_eq!((plain.0, plain.1.as_deref()), (StatusCode::OK, None));
    // The bundle as the log keeps it (the embedded files, or the bucket), read on a
    // blocking thread.
    let log = ledger.log().clone();
    let bundle = tokio::task::spawn_blocking(move || {
        log.tile(&heard::log::tiles::Tile::parse("tile/entries/000.p/20").expect("path")).expect("bundle")
    })
    .await
    .expect("read");
    assert_eq!(plain.3, bundle);

    let gz = fetch("/tiles/tile/entries/000.p/20", true).await;
    assert_eq!((gz.0, gz.1.as_deref()), (StatusCode::OK, Some("gzip")));
    assert!(gz.2.unwrap_or_default().to_ascii_lowercase().contains("accept-encoding"));
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&gz.3[..]).read_to_end(&mut unzipped).expect("gzip");
    assert_eq!(unzipped, bundle);
    assert!(gz.3.len() < bundle.len(), "{} compressed bytes for {}", gz.3.len(), bundle.len());

    let hashes = fetch("/tiles/tile/0/000.p/20", true).await;
    assert_eq!((hashes.0, hashes.1.as_deref()), (StatusCode::OK, None), "hash tiles are not compressed");
    let bad = fetch("/tiles/tile/entries/000.p/0", false).await;
    assert_eq!(bad.0, StatusCode::BAD_REQUEST);
    let beyond = fetch("/tiles/tile/entries/001", false).await;
    assert_eq!(beyond.0, StatusCode::NOT_FOUND);
}

/// Regression: an idea's salt was never served, so "verified: its words match" was the
/// server's word alone. While the idea is not withdrawn its view (JSON and page) carries the
/// salt with the text, and SHA-256(salt ‖ text) recomputed here equals the digest in the
/// logged entry read on its own; after withdrawal neither text nor salt is served.
async fn an_ideas_words_could_not_be_checked_without_its_salt(on: On) {
    use base64::Engine as _;
    use sha2::Digest as _;
    let s = scenario(on).await;
    let v = get(&s.router, &format!("/v1/ideas/{}", s.i1.hex())).await.json();
    let idea = &v["idea"];
    let text = idea["text"].as_str().expect("text");
    let salt = base64::engine::general_purpose::STANDARD.decode(idea["salt"].as_str().expect("salt")).expect("base64");
    assert_eq!(salt.len(), 32);
    // The digest as the log holds it: the entry by its hash, decoded here.
    let e = get(&s.router, &format!("/v1/entries/by-hash/{}", idea["entry_hash"].as_str().expect("hash"))).await.json();
    let entry = base64::engine::general_purpose::STANDARD.decode(e["entry"].as_str().expect("entry")).expect("base64");
    let entry = heard::protocol::entry::Entry::decode(&entry).expect("entry");
    let st = heard::protocol::statement::Statement::decode(&entry.statement).expect("statement");
    let Body::Idea(body) = Body::decode(heard::protocol::statement::Kind::Idea, &st.body).expect("body") else {
        panic!("not an idea")
    };
    let recomputed: [u8; 32] = sha2::Sha256::new().chain_update(&salt).chain_update(text.as_bytes()).finalize().into();
    assert_eq!(recomputed, body.digest.0, "the served salt and text do not give the logged digest");
    let page = get(&s.router, &format!("/ideas/{}", s.i1.hex())).await.text();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&salt);
    assert!(page.contains(&format!("<code id=\"idea-salt\">{b64}</code>")), "the page prints the salt");
    assert!(page.contains("src=\"/static/idea.js\""));

    // Withdrawn: no text, no salt, in the JSON view and on the page.
    let v = get(&s.router, &format!("/v1/ideas/{}", s.i3.hex())).await.json();
    assert_eq!((v["idea"]["withdrawn"].clone(), v["idea"]["text"].clone()), (Value::Bool(true), Value::Null));
    assert_eq!(v["idea"]["salt"], Value::Null);
    let page = get(&s.router, &format!("/ideas/{}", s.i3.hex())).await.text();
    assert!(!page.contains("idea-salt") && !page.contains("words-check"), "a withdrawn idea's page shows a salt");
    assert!(!page.contains("A quiet room at the job centre."));
}

on_both!(
    async: consultations_list_newest_first_with_counts_and_pages,
    a_consultation_shows_its_public_ideas_and_figures,
    an_idea_its_history_a_portfolio_and_a_card,
    reports_resolve_attribute_and_export_with_verify_links,
    lookups_answer_400_for_malformed_and_404_for_unknown_ids,
    verify_a_link_a_receipt_a_tampered_receipt_and_citations,
    tiles_checkpoint_lacked_the_witness_cosignatures,
    entry_bundles_were_not_compressed_for_clients_that_accept_gzip,
    an_ideas_words_could_not_be_checked_without_its_salt,
);

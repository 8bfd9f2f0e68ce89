//! The full scenario of tests/attribution.rs — enrolment, a consultation, twelve ideas (own,
//! co-authored, derived, recorded on three claim cards), claims, endorsements, a report
//! citing six ideas, responses, recognition, a withdrawal — driven entirely through HTTP by
//! the `heard` client commands against a real `heard serve` on 127.0.0.1:0, and read back
//! with `heard show` and `heard export` with the same exact values. Then the server stops
//! gracefully and `heard audit` checks the log and replays the policy.

use crate::serve;

use serde_json::Value;
use serve::*;

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-12)
}

fn ids(items: &Value, at: &str) -> Vec<String> {
    items
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i.pointer(at).and_then(Value::as_str).expect("id").to_string())
        .collect()
}

#[test]
fn the_attribution_scenario_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = d.join("data");
    let server = start_server(&data, &[]);
    let url = server.url.clone();
    let run = |args: &[&str]| ok(args, &url, d);
    let operator = data.join("operator.key");
    let operator = operator.to_str().unwrap();

    for name in ["council", "policy", "facilitator", "amara", "dev", "p3", "p4"] {
        run(&["keygen", "--name", name, "--out", &format!("{name}.key")]);
    }
    for (role, name, key) in [
        ("organisation", "Riverside Council", "council.key"),
        ("policy-team", "Riverside Policy Unit", "policy.key"),
        ("facilitator", "Sam Reed", "facilitator.key"),
    ] {
        run(&["enrol", "--key", operator, "--role", role, "--name", name, "--member-key", key]);
    }
    let out = run(&[
        "consultation",
        "open",
        "--key",
        "facilitator.key",
        "--title",
        "Mental health drop-in, Riverside",
        "--date",
        "2026-03-14",
        "--place",
        "Riverside Community Centre",
        "--topic",
        "mental health support",
        "--convenor",
        "council.key",
    ]);
    let c = field(&out, "id");

    // Ideas with their own keys: Amara i1, i2, i3 (i3 co-authored with Dev); Dev i4.
    let own = |key: &str, name: &str, text: &str, extra: &[&str]| {
        let mut args =
            vec!["idea", "record", "--own", "--key", key, "--consultation", &c, "--name", name, "--text", text];
        args.extend_from_slice(extra);
        field(&run(&args), "id")
    };
    let i1 = own("amara.key", "Amara Okafor", "Peer support workers in GP surgeries.", &[]);
    let i2 = own("amara.key", "Amara Okafor", "Evening opening for the crisis cafe.", &[]);
    let i3 = own(
        "amara.key",
        "Amara Okafor",
        "A single phone number for every mental health service.",
        &["--co-contributor", "dev.key"],
    );
    let i4 = own("dev.key", "Dev Patel", "Waiting-room text updates.", &[]);
    // The facilitator records for three people without keys, one claim card each.
    let record = |card: &str, text: &str| {
        let out =
            run(&["idea", "record", "--key", "facilitator.key", "--consultation", &c, "--card", card, "--text", text]);
        (field(&out, "id"), field(&out, "code"))
    };
    let (i6, card_a) = record("new", "Train receptionists in mental health first aid.");
    let (i7, _) = record(&card_a, "Let people bring a friend to assessments.");
    let (i8, _) = record(&card_a, "Write letters in plain English.");
    let (i9, card_b) = record("new", "Free bus passes to get to appointments.");
    let (i10, _) = record(&card_b, "A quiet room at the job centre.");
    let (i11, card_c) = record("new", "Ask us before changing the service again.");
    let (i12, _) = record(&card_c, "Pay people for their time at consultations.");
    // Dev's derived idea builds on the card-B person's idea.
    let i5 = own("dev.key", "Dev Patel", "A quiet room in every GP surgery and job centre.", &["--builds-on", &i10]);
    let all = [&i1, &i2, &i3, &i4, &i6, &i7, &i8, &i9, &i10, &i11, &i12, &i5];

    // The claim page: the code shows its ideas.
    let card = json(&run(&["show", "card", &card_a]));
    assert_eq!(
        (ids(&card["ideas"], "/id"), &card["claimed"]),
        (vec![i6.clone(), i7.clone(), i8.clone()], &false.into())
    );
    let err = refused(&["show", "card", "0000-0000"], &url, d);
    assert!(err.starts_with("heard: bad_claim_code: "), "{err}");
    // Two people claim (codes typed in lower case); card C is never claimed.
    run(&["claim", "--key", "p3.key", "--code", &card_a.to_lowercase(), "--idea", &i7, "--pseudonym", "RiverWalker"]);
    run(&["claim", "--key", "p4.key", "--code", &card_b, "--idea", &i9, "--anonymous"]);
    run(&["endorse", "--key", "dev.key", "--idea", &i3]);
    run(&["endorse", "--key", "facilitator.key", "--idea", &i11]);

    // The policy team cites six ideas.
    let cited = [&i3, &i5, &i6, &i7, &i8, &i11];
    let usages = ["quoted", "paraphrased", "informed"];
    let uses: Vec<String> =
        cited.iter().enumerate().map(|(n, i)| format!("{i}:Recommendation {}:{}", n + 1, usages[n % 3])).collect();
    let mut args = vec![
        "cite",
        "--key",
        "policy.key",
        "--title",
        "Better Mental Health Support",
        "--version",
        "v1",
        "--url",
        "https://riverside.example.gov.uk/reports/bmhs-v1.pdf",
        "--doc-digest",
        "0909090909090909090909090909090909090909090909090909090909090909",
    ];
    for u in &uses {
        args.extend(["--idea", u.as_str()]);
    }
    let rid = field(&run(&args), "report");
    // The council responds to every cited idea.
    for (i, outcome) in cited.iter().zip(["adopted", "adapted", "considering", "not-adopted", "adopted", "adopted"]) {
        let mut args = vec!["respond", "--key", "council.key", "--idea", i, "--outcome", outcome];
        if outcome == "not-adopted" {
            args.extend(["--reason", "Assessments are already one to one by law"]);
        }
        run(&args);
    }
    // Recognition: a payment for one person; another declines it (to protect their benefits).
    run(&[
        "acknowledge",
        "--key",
        "council.key",
        "--idea",
        &i6,
        "--idea",
        &i7,
        "--idea",
        &i8,
        "--recognition",
        "payment",
        "--amount",
        "2500",
        "--currency",
        "GBP",
    ]);
    run(&[
        "acknowledge",
        "--key",
        "council.key",
        "--idea",
        &i9,
        "--idea",
        &i10,
        "--recognition",
        "payment",
        "--declined",
        "--note",
        "declined to protect benefits",
    ]);
    // Amara withdraws an uncited idea.
    let out = run(&["withdraw", "--key", "amara.key", "--idea", &i2, "--receipt-dir", "receipts"]);
    let withdraw_receipt = field(&out, "receipt");

    // ---- Read everything back over HTTP ----
    assert_eq!(json(&run(&["show", "card", &card_a]))["claimed"], true);
    assert_eq!(json(&run(&["show", "card", &card_c]))["claimed"], false);

    // Ideas of the consultation.
    let v = json(&run(&["show", "consultation", &c]));
    assert_eq!(v["consultation"]["ideas"], 12);
    assert_eq!(v["consultation"]["convenor_name"], "Riverside Council");
    let ideas = &v["ideas"];
    assert_eq!(ids(ideas, "/id"), all.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let shown: Vec<&str> =
        ideas.as_array().unwrap().iter().map(|i| i["contributor"]["display"].as_str().unwrap()).collect();
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
    assert_eq!((&ideas[1]["text"], &ideas[1]["status"]), (&Value::Null, &Value::from("withdrawn")));
    assert_eq!(ideas[0]["text"], "Peer support workers in GP surgeries.");
    for i in ideas.as_array().unwrap().iter().filter(|i| i["withdrawn"] == false) {
        assert_eq!(i["status"], "verified", "{i}");
    }
    let base = ideas[0]["verify_url"].as_str().unwrap().split("/v1/verify").next().unwrap().to_string();
    assert_eq!(base, url, "verify links name the server's public URL");

    // Portfolios.
    let dev = json(&run(&["show", "contributor", "dev.key"]));
    let items = dev["items"].as_array().unwrap();
    let got: Vec<(String, bool)> = items
        .iter()
        .map(|i| (i["idea"]["id"].as_str().unwrap().to_string(), i["as_co_contributor"].as_bool().unwrap()))
        .collect();
    assert_eq!(got, vec![(i3.clone(), true), (i4.clone(), false), (i5.clone(), false)]);
    assert_eq!(items[2]["idea"]["citations"].as_array().unwrap().len(), 1);
    assert_eq!(items[2]["idea"]["citations"][0]["locator"], "Recommendation 2");
    assert_eq!(items[2]["idea"]["responses"][0]["outcome"], "adapted");
    let p3 = json(&run(&["show", "contributor", "p3.key"]));
    assert_eq!(ids(&p3["items"], "/idea/id"), vec![i6.clone(), i7.clone(), i8.clone()]);
    for i in p3["items"].as_array().unwrap() {
        assert_eq!(i["idea"]["citations"].as_array().unwrap().len(), 1);
        assert_eq!(i["acknowledgements"].as_array().unwrap().len(), 1);
    }
    // Paid, and the amount is not in the public view (docs/PROTOCOL.md §21).
    assert_eq!(p3["items"][0]["acknowledgements"][0]["has_amount"], true);
    assert!(p3["items"][0]["acknowledgements"][0].get("amount").is_none());
    assert_eq!((&p3["ideas"], &p3["cited"]), (&Value::from(3), &Value::from(3)));
    let p4 = json(&run(&["show", "contributor", "p4.key"]));
    assert_eq!(p4["items"].as_array().unwrap().len(), 2);
    for i in p4["items"].as_array().unwrap() {
        assert!(i["idea"]["citations"].as_array().unwrap().is_empty());
        assert_eq!(i["acknowledgements"][0]["status"], "declined");
    }
    let amara = json(&run(&["show", "contributor", "amara.key"]));
    assert_eq!(ids(&amara["items"], "/idea/id"), vec![i1.clone(), i2.clone(), i3.clone()]);

    // The report's attribution, found by team, title and version.
    let found = json(&run(&[
        "show",
        "report",
        "--team",
        "policy.key",
        "--title",
        "Better Mental Health Support",
        "--version",
        "v1",
    ]));
    assert_eq!(found["id"], rid.as_str());
    let r = json(&run(&["show", "report", &rid]));
    let items = r["items"].as_array().unwrap();
    assert_eq!(ids(&r["items"], "/idea/id"), cited.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let who: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i["idea"]["contributor"]["shown_as"].as_str().unwrap(), i["idea"]["contributor"]["name"].as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("named", Some("Amara Okafor")),
            ("named", Some("Dev Patel")),
            ("pseudonym", Some("RiverWalker")),
            ("pseudonym", Some("RiverWalker")),
            ("pseudonym", Some("RiverWalker")),
            ("contributor", None),
        ]
    );
    assert_eq!(items[0]["idea"]["confirmed_co_contributors"], 1);
    let lineage = items[1]["lineage"].as_array().unwrap();
    assert_eq!(lineage.len(), 1);
    assert_eq!((&lineage[0]["idea"], &lineage[0]["depth"]), (&Value::from(i10.as_str()), &Value::from(1)));
    assert_eq!(lineage[0]["contributor"]["shown_as"], "contributor");
    assert_eq!((&r["direct_contributors"], &r["indirect_contributors"]), (&Value::from(4), &Value::from(1)));
    let outcomes: Vec<&str> = items.iter().map(|i| i["response"]["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["adopted", "adapted", "under consideration", "not adopted", "adopted", "adopted"]);
    assert!(items.iter().all(|i| i["idea"]["status"] == "verified"));
    assert_eq!(items[0]["uses"], serde_json::json!([{ "locator": "Recommendation 1", "how": "quoted" }]));
    assert_eq!((&r["team_name"], &r["digest"]), (&Value::from("Riverside Policy Unit"), &Value::from("09".repeat(32))));

    // What happened to an idea.
    let h = json(&run(&["show", "idea", &i6]));
    let kinds: Vec<&str> = h["history"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["idea", "claim", "cite", "respond", "acknowledge"]);
    assert!(h["history"][1]["what"].as_str().unwrap().contains("pseudonym"));

    // Knowledge-equity figures: the consultation, its organisation, the report.
    let f = json(&run(&["show", "figures", "--consultation", &c]));
    let cf = &f["figures"];
    let counts = |v: &Value| [v["named"].as_u64(), v["pseudonym"].as_u64(), v["anonymous"].as_u64()];
    assert_eq!(
        [&cf["ideas"], &cf["contributors"], &cf["cited_ideas"], &cf["responded_ideas"]],
        [&Value::from(12), &Value::from(5), &Value::from(6), &Value::from(6)]
    );
    assert!(close(&cf["share_cited"], 0.5) && close(&cf["share_responded"], 0.5));
    assert!(close(&cf["median_days_to_response"], 0.0));
    assert_eq!(counts(&cf["ideas_by_consent"]), [Some(5), Some(3), Some(4)]);
    assert_eq!(counts(&cf["citations_by_consent"]), [Some(2), Some(3), Some(1)]);
    assert_eq!((&cf["citations"], &cf["credits"]), (&Value::from(6), &Value::from(7)));
    assert!(close(&cf["credit_share_by_consent"]["pseudonym"], 0.5));
    // Credits per contributor: Amara 1, Dev 2, RiverWalker 3, card-B person 0, card-C person 1.
    assert!(close(&cf["top_decile_share"], 3.0 / 7.0));
    assert!(close(&cf["gini"], 0.4), "gini {}", cf["gini"]);
    let org = json(&run(&["show", "figures", "--organisation", "council.key"]));
    assert_eq!((&org["scope"], &org["name"]), (&Value::from("organisation"), &Value::from("Riverside Council")));
    assert_eq!(&org["figures"], cf, "the organisation convened only this consultation");
    let rf = json(&run(&["show", "figures", "--report", &rid]));
    let rf = &rf["figures"];
    assert_eq!(
        [&rf["ideas"], &rf["contributors"], &rf["cited_ideas"], &rf["responded_ideas"]],
        [&Value::from(6), &Value::from(4), &Value::from(6), &Value::from(6)]
    );
    assert!(close(&rf["share_cited"], 1.0) && close(&rf["share_responded"], 1.0));
    assert_eq!(counts(&rf["ideas_by_consent"]), [Some(2), Some(3), Some(1)]);
    assert_eq!(counts(&rf["citations_by_consent"]), [Some(2), Some(3), Some(1)]);
    assert_eq!((&rf["citations"], &rf["credits"]), (&Value::from(6), &Value::from(7)));
    assert!(close(&rf["top_decile_share"], 3.0 / 7.0));
    assert!(close(&rf["gini"], 0.25), "gini {}", rf["gini"]);

    // Exports.
    let i3_hash = items[0]["idea"]["entry_hash"].as_str().unwrap().to_string();
    let verify = format!("{url}/verify?entry={i3_hash}");
    let txt = run(&["export", "report", &rid, "--format", "txt"]);
    assert!(txt.contains("Amara Okafor") && txt.contains("RiverWalker") && txt.contains(&verify), "{txt}");
    assert!(txt.contains("A contributor who chose not to be named"));
    assert!(!txt.contains("Evening opening"), "withdrawn words never appear");
    let md = run(&["export", "report", &rid]);
    assert!(md.starts_with("## Acknowledgements") && md.contains(&format!("[check it]({verify})")), "{md}");
    let csl = json(&run(&["export", "report", &rid, "--format", "csl"]));
    let csl = csl.as_array().unwrap();
    assert_eq!(csl.len(), 6);
    assert_eq!(csl[2]["author"][0]["literal"], "RiverWalker");
    assert_eq!(csl[0]["URL"], verify.as_str());
    assert!(csl[0]["note"].as_str().unwrap().contains(&i3_hash));
    let bib = run(&["export", "report", &rid, "--format", "bib"]);
    assert_eq!(bib.matches("@misc{heard_").count(), 6);
    assert!(bib.contains(&format!("url = {{{verify}}}")) && bib.contains(&i3_hash));
    // The verify link works, and the export's words are nowhere in the entries.
    let entries = run(&["export", "entries"]);
    assert_eq!(entries.lines().count(), 3 + 1 + 12 + 2 + 2 + 1 + 6 + 2 + 1);
    assert!(!entries.contains("Evening opening") && !entries.contains("Peer support"));
    let v = run(&["verify", "receipt", &withdraw_receipt, "--key", &server.log_key]);
    assert!(v.contains("(withdraw)"), "{v}");

    // Stop gracefully, then audit the folder: the log, and the policy replayed from seq 0.
    let log_key = server.log_key.clone();
    server.stop();
    let audit = ok(&["audit", "--data", data.to_str().unwrap()], "http://127.0.0.1:9", d);
    let n = entries.lines().count();
    assert!(audit.contains(&format!("audit passed: {n} entries")), "{audit}");
    assert!(audit.contains(&format!("policy audit passed: {n} entries")), "{audit}");
    let keys = ok(&["keys", "--data", data.to_str().unwrap()], "http://127.0.0.1:9", d);
    assert!(keys.contains(&log_key), "{keys}");
}

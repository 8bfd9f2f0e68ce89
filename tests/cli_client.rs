//! The client commands over a real socket: a `heard serve` process on 127.0.0.1:0 and the
//! `heard` binary as a user types it.

use crate::serve;

use std::path::PathBuf;
use std::time::Duration;

use serve::*;

#[test]
fn the_whole_journey_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data: PathBuf = d.join("data");
    let server = start_server(&data, &[]);
    let url = server.url.as_str();
    let operator = data.join("operator.key");
    let operator = operator.to_str().unwrap();

    for name in ["council", "amara", "team", "me", "other"] {
        ok(&["keygen", "--name", name, "--out", &format!("{name}.key")], url, d);
    }
    let out = ok(
        &[
            "enrol",
            "--key",
            operator,
            "--role",
            "organisation",
            "--name",
            "Riverside Council",
            "--member-key",
            "council.key",
        ],
        url,
        d,
    );
    assert_eq!(field(&out, "seq"), "0");
    assert_eq!(field(&out, "entry").len(), 64);
    ok(&["enrol", "--key", operator, "--role", "facilitator", "--name", "Amara", "--member-key", "amara.key"], url, d);
    // --server overrides HEARD_SERVER.
    ok(
        &[
            "enrol",
            "--key",
            operator,
            "--role",
            "policy-team",
            "--name",
            "Housing Strategy Team",
            "--member-key",
            "team.key",
            "--server",
            url,
        ],
        "http://127.0.0.1:9",
        d,
    );

    let out = ok(
        &[
            "consultation",
            "open",
            "--key",
            "council.key",
            "--title",
            "Damp and repairs",
            "--date",
            "2026-03-14",
            "--place",
            "Riverside Community Centre",
            "--topic",
            "housing",
            "--convenor",
            "council.key",
            "--recorder",
            "amara.key",
        ],
        url,
        d,
    );
    let consultation = field(&out, "id");

    let out = ok(
        &[
            "idea",
            "record",
            "--key",
            "amara.key",
            "--consultation",
            &consultation,
            "--text",
            "Text people the day before a repair visit",
            "--tags",
            "housing,repairs",
        ],
        url,
        d,
    );
    let idea = field(&out, "id");
    let code = field(&out, "code");
    assert_eq!(field(&out, "url"), format!("{url}/claim?code={code}"));

    // A well-formed code of another card: the secret does not match.
    let wrong = heard::attribution::claim::ClaimCard::from_secret([9; 16]).code;
    let err = refused(&["claim", "--key", "me.key", "--code", &wrong, "--idea", &idea, "--pseudonym", "River"], url, d);
    assert!(err.starts_with("heard: bad_claim_secret: "), "{err}");
    // A mistyped code is caught before anything is sent.
    let typo = format!("{}X", &code[..code.len() - 1]);
    let typo = if typo == code { format!("{}Y", &code[..code.len() - 1]) } else { typo };
    let err = refused(&["claim", "--key", "me.key", "--code", &typo, "--idea", &idea, "--anonymous"], url, d);
    assert!(err.starts_with("heard: bad_claim_code: "), "{err}");

    let out =
        ok(&["claim", "--key", "me.key", "--code", &code, "--pseudonym", "River", "--receipt-dir", "receipts"], url, d);
    let claim_seq = field(&out, "seq");
    let receipt = d.join("receipts").join(format!("{claim_seq}.txt"));
    assert!(receipt.is_file());
    let err = refused(&["claim", "--key", "other.key", "--code", &code, "--idea", &idea, "--name", "Not Me"], url, d);
    assert!(err.starts_with("heard: already_claimed: "), "{err}");

    let out = ok(
        &[
            "cite",
            "--key",
            "team.key",
            "--title",
            "Housing Plan",
            "--version",
            "v1",
            "--url",
            "https://example.org/plan.pdf",
            "--doc-digest",
            &"ab".repeat(32),
            "--idea",
            &format!("{idea}:recommendation 3, page 12:paraphrased"),
        ],
        url,
        d,
    );
    assert_eq!(field(&out, "report").len(), 64);

    // The reason is required for "not adopted": refused locally, with the log's code.
    let err = refused(&["respond", "--key", "council.key", "--idea", &idea, "--outcome", "not-adopted"], url, d);
    assert!(err.starts_with("heard: malformed_body: "), "{err}");
    // Only the convenor responds.
    let err = refused(&["respond", "--key", "team.key", "--idea", &idea, "--outcome", "adopted"], url, d);
    assert!(err.starts_with("heard: not_convenor: "), "{err}");
    ok(
        &[
            "respond",
            "--key",
            "council.key",
            "--idea",
            &idea,
            "--outcome",
            "not-adopted",
            "--reason",
            "No budget this year",
            "--link",
            "https://example.org/budget",
        ],
        url,
        d,
    );

    ok(&["endorse", "--key", "amara.key", "--idea", &idea], url, d);
    let err = refused(&["endorse", "--key", "amara.key", "--idea", &idea], url, d);
    assert!(err.starts_with("heard: already_endorsed: "), "{err}");
    ok(
        &[
            "acknowledge",
            "--key",
            "council.key",
            "--idea",
            &idea,
            "--recognition",
            "payment",
            "--amount",
            "2500",
            "--currency",
            "GBP",
        ],
        url,
        d,
    );
    ok(&["acknowledge", "--key", "council.key", "--idea", &idea, "--recognition", "voucher", "--declined"], url, d);
    // A contributor with a key records their own idea, said earlier, then withdraws it.
    let out = ok(
        &[
            "idea",
            "record",
            "--own",
            "--key",
            "me.key",
            "--consultation",
            &consultation,
            "--text",
            "Evening appointments",
            "--name",
            "Rae",
            "--given",
            "2024-05-01",
        ],
        url,
        d,
    );
    assert!(!out.contains("code "), "{out}");
    let own = field(&out, "id");
    // The day it was given, not the day it was recorded.
    let v: serde_json::Value = serde_json::from_str(&ok(&["show", "idea", &own], url, d)).unwrap();
    assert_eq!(v["idea"]["given"], "2024-05-01");
    assert_ne!(v["idea"]["recorded"], "2024-05-01");
    ok(&["withdraw", "--key", "me.key", "--idea", &own], url, d);
    let err = refused(&["withdraw", "--key", "me.key", "--idea", &own], url, d);
    assert!(err.starts_with("heard: already_withdrawn: "), "{err}");

    let v = ok(&["verify", "receipt", receipt.to_str().unwrap(), "--key", &server.log_key], url, d);
    assert!(v.contains(&format!("receipt valid: entry {claim_seq} (claim)")), "{v}");

    let e: serde_json::Value = serde_json::from_str(&ok(&["show", "entry", &claim_seq], url, d)).unwrap();
    assert_eq!(e["kind"], "claim");
    let e: serde_json::Value = serde_json::from_str(&ok(&["show", "entry", &idea], url, d)).unwrap();
    assert_eq!(e["kind"], "idea");
    assert_eq!(e["statement_hash"], idea.as_str());

    // The idea's public view shows the pseudonym its contributor chose when claiming it.
    let v: serde_json::Value = serde_json::from_str(&ok(&["show", "idea", &idea], url, d)).unwrap();
    assert!(v.to_string().contains("River"), "{v}");

    // Closing the consultation: only its convenor (or opener), once; then ideas are refused.
    let close = |k: &'static str| ["consultation", "close", "--key", k, "--consultation", consultation.as_str()];
    let err = refused(&close("team.key"), url, d);
    assert!(err.starts_with("heard: not_convenor: "), "{err}");
    let out = ok(&close("council.key"), url, d);
    let close_seq: u64 = field(&out, "seq").parse().unwrap();
    let err = refused(&close("council.key"), url, d);
    assert!(err.starts_with("heard: already_closed: "), "{err}");
    let late = ["idea", "record", "--key", "amara.key", "--consultation", &consultation, "--text", "Too late"];
    let err = refused(&late, url, d);
    assert!(err.starts_with("heard: consultation_closed: "), "{err}");
    let v: serde_json::Value = serde_json::from_str(&ok(&["show", "consultation", &consultation], url, d)).unwrap();
    assert_eq!(v["consultation"]["closed_seq"], close_seq);
    assert!(v["consultation"]["closed_at"].as_u64().unwrap() > 0);
    assert_eq!(v["ideas"].as_array().unwrap().len(), 2, "the late idea was not recorded");

    let lines = ok(&["export", "entries"], url, d);
    let entries: Vec<serde_json::Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(entries.len(), 14);
    assert_eq!(entries[close_seq as usize]["kind"], "close");
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["seq"], i as u64);
    }

    let err = refused(&["show", "entry", "999"], url, d);
    assert!(err.starts_with("heard: not_found: "), "{err}");
}

#[test]
fn serve_demo_fills_an_empty_folder_then_serves_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(&dir.path().join("data"), &["--demo"]);
    let lines = ok(&["export", "entries", "--server", &server.url], "http://127.0.0.1:9", dir.path());
    let kinds: Vec<String> = lines
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "idea").count(), 53);
    assert_eq!(kinds.first().map(String::as_str), Some("enrol"));

    // It prints a link to claim a demo card, which lands on a claim page with a claim form.
    let link = loop {
        let line = server.output.recv_timeout(Duration::from_secs(30)).expect("the demo claim link");
        if let Some(l) = line.strip_prefix("heard: try claiming a demo card at ") {
            break l.trim().to_string();
        }
    };
    assert!(link.starts_with(&format!("{}/claim?code=", server.url)), "{link}");
    let page = text(&heard_get(&server.url, link.strip_prefix(&server.url).unwrap()));
    assert!(page.contains("id=\"claim-form\""), "{page}");
}

/// Every command and command group a user can type has `Example: heard ...` in its --help.
#[test]
fn every_command_has_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let top = ok(&["--help"], "http://127.0.0.1:9", dir.path());
    assert!(top.contains("Example: heard "), "heard --help has no example:\n{top}");
    // Every command listed by `heard --help`, and every subcommand of a group.
    let listed = |help: &str| -> Vec<String> {
        help.split("Commands:\n")
            .nth(1)
            .map(|rest| {
                rest.lines()
                    .take_while(|l| l.starts_with("  "))
                    .filter_map(|l| l.split_whitespace().next())
                    .filter(|c| *c != "help")
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let commands = listed(&top);
    assert!(commands.len() >= 25, "{commands:?}");
    let mut seen = 0;
    for cmd in &commands {
        let help = ok(&[cmd, "--help"], "http://127.0.0.1:9", dir.path());
        assert!(help.contains("Example: heard "), "heard {cmd} --help has no example:\n{help}");
        seen += 1;
        for sub in listed(&help) {
            let help = ok(&[cmd, &sub, "--help"], "http://127.0.0.1:9", dir.path());
            assert!(help.contains("Example: heard "), "heard {cmd} {sub} --help has no example:\n{help}");
            seen += 1;
        }
    }
    assert!(seen >= 40, "checked {seen} helps");
}

#[test]
fn a_witness_follows_a_running_log_and_consistency_is_checked_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = d.join("data");
    let server = start_server(&data, &["--demo"]);
    let url = server.url.as_str();
    let wkey = ok(&["keygen", "--name", "witness.test", "--witness", "--out", "w.key"], url, d).trim().to_string();
    let op = data.join("operator.key");
    // A witness nobody enrolled or configured is refused; the operator enrols it.
    let refused = heard(&["witness", "--key", "w.key", "--log-key", &server.log_key, "--server", url], url, d);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("unknown_witness"), "{refused:?}");
    ok(
        &[
            "enrol",
            "--key",
            op.to_str().unwrap(),
            "--role",
            "witness",
            "--name",
            "Test witness",
            "--member-key",
            "w.key",
        ],
        url,
        d,
    );
    let first = ok(&["witness", "--key", "w.key", "--log-key", &server.log_key, "--server", url], url, d);
    assert!(first.starts_with("cosigned "), "{first}");
    let cp1 = text(&heard_get(url, "/v1/checkpoint"));
    assert!(cp1.contains("— witness.test "), "the served checkpoint carries the cosignature:\n{cp1}");

    ok(&["keygen", "--name", "late", "--out", "late.key"], url, d);
    ok(
        &["enrol", "--key", op.to_str().unwrap(), "--role", "witness", "--name", "Late", "--member-key", "late.key"],
        url,
        d,
    );
    let second = ok(&["witness", "--key", "w.key", "--log-key", &server.log_key, "--server", url], url, d);
    assert_ne!(first, second, "the second round cosigns a larger tree");
    let cp2 = text(&heard_get(url, "/v1/checkpoint"));

    std::fs::write(d.join("cp1"), &cp1).unwrap();
    std::fs::write(d.join("cp2"), &cp2).unwrap();
    let v = ok(
        &["verify", "consistency", "--old", "cp1", "--new", "cp2", "--key", &server.log_key, "--server", url],
        url,
        d,
    );
    assert!(v.starts_with("consistent: the log only grew"), "{v}");

    // Receipts now carry the witness's cosignature, and verify demands it when asked.
    std::fs::write(d.join("r.txt"), heard_get(url, "/v1/receipts/0")).unwrap();
    let v = ok(
        &["verify", "receipt", "r.txt", "--key", &server.log_key, "--witness", &wkey, "--witnesses-required", "1"],
        url,
        d,
    );
    assert!(v.contains("cosigned by 1 known witness(es): witness.test"), "{v}");
}

fn heard_get(url: &str, path: &str) -> Vec<u8> {
    let agent = ureq::Agent::config_builder().http_status_as_error(true).build().new_agent();
    agent.get(format!("{url}{path}")).call().unwrap().body_mut().read_to_vec().unwrap()
}

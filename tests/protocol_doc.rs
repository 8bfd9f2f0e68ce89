//! docs/PROTOCOL.md says what the code does: the places where an independent verifier
//! written from the document alone found it silent or wrong (issue 21, section 3). Each test
//! reads the document and checks its words against the code's behaviour.

use crate::common;

use heard::attribution::kinds::{Body, Consent, Id, IdeaBody};
use heard::protocol::statement::{Kind, verify_submission};

fn protocol() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/PROTOCOL.md")).expect("docs/PROTOCOL.md")
}

/// The text of section `n` (from its `## n.` heading to the next `## `), with its title.
fn section(doc: &str, n: u32) -> (String, String) {
    let start = doc.find(&format!("\n## {n}. ")).unwrap_or_else(|| panic!("no section {n}"));
    let rest = &doc[start + 1..];
    let end = rest[3..].find("\n## ").map(|e| e + 3).unwrap_or(rest.len());
    let body = &rest[..end];
    let title = body.lines().next().unwrap_or_default().split_once(". ").map(|x| x.1).unwrap_or_default();
    (title.to_string(), body.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Regression: §12 sent the reader to §10 (witness cosignatures) for the format of a
/// consistency-proof file; the proof lines are those of a receipt, §11.
#[test]
fn section_12_pointed_to_section_10_for_the_proof_file_format() {
    let doc = protocol();
    let (_, s12) = section(&doc, 12);
    let at = s12.find("one per line, as in").expect("§12 names the proof file's format");
    let cited: u32 = s12[at..]
        .split('§')
        .nth(1)
        .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .expect("§12 cites a section for the proof lines");
    let (title, text) = section(&doc, cited);
    assert_eq!(title, "Receipts", "§12 cites §{cited} ({title})");
    assert!(text.contains("<base64 of each inclusion proof hash, one per line"), "§{cited} has no proof lines");
}

/// Regression: §1 said "no trailing bytes" without naming the code a receiver answers.
#[test]
fn section_1_did_not_name_the_code_for_trailing_bytes() {
    let (statement, signature) = common::enrolment(1);
    assert!(verify_submission(&statement, &signature).is_ok());
    let mut trailing = statement.clone();
    trailing.push(0x00);
    let code = match verify_submission(&trailing, &signature) {
        Ok(_) => panic!("trailing bytes were accepted"),
        Err(e) => e.code(),
    };
    let (_, s1) = section(&protocol(), 1);
    assert!(
        s1.contains(&format!("(trailing bytes) are refused as `{code}`")),
        "§1 does not say trailing bytes are `{code}`: {s1}"
    );
}

fn idea(consent: Consent, name: Option<&str>) -> Result<Body, String> {
    let body = IdeaBody {
        consultation: Id([1; 32]),
        digest: Id([2; 32]),
        tags: vec![],
        co_contributors: vec![],
        builds_on: vec![],
        consent: consent.code(),
        name: name.map(str::to_string),
        claim_hash: None,
        given: None,
    };
    let bytes = heard::protocol::cbor::encode(&body).map_err(|e| e.to_string())?;
    Body::decode(Kind::Idea, &bytes).map_err(|e| e.code().to_string())
}

/// Regression: §13 did not say whether an idea's `name` is required when it is not anonymous.
/// The policy takes a named or pseudonymous idea without a name, refuses a name on an
/// anonymous one and a blank name; the document now says exactly that.
#[test]
fn section_13_did_not_say_whether_a_named_idea_needs_a_name() {
    assert!(idea(Consent::Named, None).is_ok(), "a named idea without a name");
    assert!(idea(Consent::Pseudonym, None).is_ok(), "a pseudonymous idea without a name");
    assert!(idea(Consent::Named, Some("Amara")).is_ok());
    assert_eq!(idea(Consent::Anonymous, Some("Amara")).err().as_deref(), Some("malformed_body"));
    assert_eq!(idea(Consent::Named, Some("  ")).err().as_deref(), Some("malformed_body"));
    assert!(idea(Consent::Anonymous, None).is_ok());
    let (_, s13) = section(&protocol(), 13);
    for words in [
        "`name` is optional for every consent level except anonymous, where it must be absent (`malformed_body`)",
        "must not be empty or only white space (`malformed_body`)",
        "`named` or `pseudonym` **without** a name is accepted",
    ] {
        assert!(s13.contains(words), "§13 does not say: {words}");
    }
}

/// Regression: the document named no way to get the log's key but `/v1/keys`.
#[test]
fn section_7_named_no_source_of_the_log_key_but_v1_keys() {
    let (_, s7) = section(&protocol(), 7);
    for words in ["`GET /.well-known/heard/log-key`", "every idea page", "verify page", "`README.txt`"] {
        assert!(s7.contains(words), "§7 does not mention {words}");
    }
}

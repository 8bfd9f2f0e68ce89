//! Open Badges 3.0 credentials (issue 25 §3, docs/PROTOCOL.md §20).
//!
//! - Heard's `eddsa-jcs-2022` (`heard::protocol::integrity`) against the W3C test vectors of
//!   "Data Integrity EdDSA Cryptosuites v1.0" (github.com/w3c/vc-di-eddsa, `TestVectors/`,
//!   commit abb673eb9df673e24a8eaf939337de74759b5f8d; copied in `tests/vectors/eddsa-jcs-2022/`):
//!   every intermediate value, the signature and the signed document.
//! - A credential issued through `POST /v1/credentials` verified by Heard and by an independent
//!   implementation (Digital Bazaar's `@digitalbazaar/vc`, `data-integrity` and
//!   `eddsa-jcs-2022-cryptosuite` from npm, run by `tests/vc/verify.mjs` with the contexts in
//!   `tests/vc/contexts/` and no network); a tampered copy rejected by both.
//! - What it names: the consented name only when asked, nobody otherwise; refusals (a
//!   withdrawn idea, a key that is not the contributor's, a forged or stale request, an
//!   anonymous contributor asking to be named), each with its code and nothing written.
//!
//! Needs `node` and `npm` (`bash .ci/run` installs them, and `npm ci` in `tests/vc`); without
//! them it fails.

use std::path::Path;
use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ed25519_dalek::{Signer, SigningKey};
use heard::attribution::build::{self, Answer, Attribution, ConsultationSpec, IdeaSpec, Use, key_id};
use heard::attribution::claim::ClaimCard;
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Outcome, Role, Usage};
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::protocol::integrity::{self, IntegrityError};
use heard::server::{
    AppState, ServerConfig, StaffDesk, app, consultation_credential_request_message, credential_request_message,
};
use heard::staff::invitations::{Invitations, now_secs};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

fn vector(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/eddsa-jcs-2022").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn vector_json(name: &str) -> Value {
    serde_json::from_str(&vector(name)).expect("vector JSON")
}

#[test]
fn w3c_eddsa_jcs_2022_test_vectors() {
    // keyPair.json: the private key is multibase base58btc of the multicodec ed25519-priv
    // (0x8026) and the 32-byte seed; the public key is ed25519-pub (0xed01) and the key.
    let pair = vector_json("keyPair.json");
    let private = bs58_decode(pair["privateKeyMultibase"].as_str().unwrap());
    assert_eq!(&private[..2], &[0x80, 0x26]);
    let key = SigningKey::from_bytes(&private[2..].try_into().expect("32-byte seed"));
    let public = key.verifying_key().to_bytes();
    assert_eq!(format!("did:key:{}", pair["publicKeyMultibase"].as_str().unwrap()), integrity::did_key(&public));

    let unsigned = vector_json("unsigned.json");
    let canon_doc = integrity::jcs(&unsigned);
    assert_eq!(String::from_utf8(canon_doc.clone()).unwrap(), vector("canonDocJCS.txt").trim_end());
    assert_eq!(hex::encode(Sha256::digest(&canon_doc)), vector("docHashJCS.txt").trim_end());

    let created = vector_json("proofConfigJCS.json")["created"].as_str().unwrap().to_string();
    let config = integrity::proof_config(&unsigned, &key.verifying_key(), &created);
    assert_eq!(config, vector_json("proofConfigJCS.json"));
    let canon_proof = integrity::jcs(&config);
    assert_eq!(String::from_utf8(canon_proof.clone()).unwrap(), vector("proofCanonJCS.txt").trim_end());
    assert_eq!(hex::encode(Sha256::digest(&canon_proof)), vector("proofHashJCS.txt").trim_end());
    let hash_data = integrity::hash_data(&unsigned, &config);
    assert_eq!(hex::encode(hash_data), vector("combinedHashJCS.txt").trim_end());
    let signature = key.sign(&hash_data).to_bytes();
    assert_eq!(hex::encode(signature), vector("sigHexJCS.txt").trim_end());
    assert_eq!(integrity::multibase_base58btc(&signature), vector("sigBTC58JCS.txt").trim_end());

    let signed = integrity::sign(&unsigned, &key, &created).expect("sign");
    assert_eq!(signed, vector_json("signedJCS.json"));
    assert_eq!(integrity::verify(&vector_json("signedJCS.json")), Ok(public));
    let mut tampered = vector_json("signedJCS.json");
    tampered["credentialSubject"]["alumniOf"] = "Another School".into();
    assert_eq!(integrity::verify(&tampered), Err(IntegrityError::BadSignature));
}

fn bs58_decode(text: &str) -> Vec<u8> {
    // base58btc by hand (the alphabet of the Bitcoin encoding), so the vector's key is read
    // without the code under test.
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let digits = text.strip_prefix('z').expect("base58btc multibase");
    let mut out: Vec<u8> = Vec::new();
    for c in digits.bytes() {
        let mut carry = ALPHABET.iter().position(|a| *a == c).expect("base58 digit") as u32;
        for b in out.iter_mut().rev() {
            carry += u32::from(*b) * 58;
            *b = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            out.insert(0, (carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = digits.bytes().take_while(|c| *c == b'1').count();
    [vec![0; zeros], out].concat()
}

const ORIGIN: &str = "https://heard.example.org";

struct World {
    _dir: tempfile::TempDir,
    ledger: Ledger,
    router: axum::Router,
    operator: SigningKey,
    council: SigningKey,
    dee: SigningKey,
    sam: SigningKey,
    cited: Id,
    withdrawn: Id,
    anonymous: Id,
}

/// A council's consultation; Dee claims two ideas by name (one cited and answered, the other
/// then withdrawn); Sam claims one, not named.
fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "heard.example.org/log").expect("ledger");
    let (keys, _) = DataDir::new(&data).init_keys("heard.example.org/log").expect("keys");
    let operator = statement_key(&keys.operator);
    let council = SigningKey::from_bytes(&[41; 32]);
    let facilitator = SigningKey::from_bytes(&[42; 32]);
    let team = SigningKey::from_bytes(&[43; 32]);
    let dee = SigningKey::from_bytes(&[61; 32]);
    let sam = SigningKey::from_bytes(&[62; 32]);
    let submit = |s: build::Signed| {
        ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append");
        s.id
    };
    let t = now_secs() * 1000 - 60_000;
    for (i, (k, role, name)) in [
        (&council, Role::Organisation, "Riverside Council"),
        (&facilitator, Role::Facilitator, "Amara Okafor"),
        (&team, Role::PolicyTeam, "Transport Team"),
    ]
    .into_iter()
    .enumerate()
    {
        submit(build::enrol(&operator, t + i as u64, key_id(k), role, name, false).expect("enrol"));
    }
    let spec = ConsultationSpec {
        title: "Getting to the surgery".into(),
        date: "2026-01-12".into(),
        place: "Riverside Library".into(),
        topic: "transport".into(),
        convenor: key_id(&council),
        recorders: vec![key_id(&facilitator)],
        closes: None,
        lang: None,
    };
    let consultation = submit(build::consultation(&council, t + 10, &spec).expect("consultation"));
    let card_dee = ClaimCard::from_secret([51; 16]);
    let card_sam = ClaimCard::from_secret([52; 16]);
    let record = |card: &ClaimCard, words: &str, at: u64| {
        let spec = IdeaSpec {
            consultation,
            tags: vec![],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: Some(Id(card.hash)),
            given: None,
        };
        submit(build::idea(&facilitator, at, &spec, IdeaText::new(words).expect("text")).expect("idea"))
    };
    let cited = record(&card_dee, "Put the bus times on a board at the surgery", t + 20);
    let withdrawn = record(&card_dee, "Run a minibus on market days", t + 21);
    let anonymous = record(&card_sam, "Hold the meeting in the evening", t + 22);
    let uses = [Use { idea: cited, locator: "recommendation 2".into(), usage: Usage::Paraphrased }];
    submit(build::cite(&team, t + 30, "Riverside Transport Plan", "v1", None, None, &uses).expect("cite"));
    submit(build::respond(&council, t + 31, cited, Answer::new(Outcome::Adopted, None)).expect("respond"));
    submit(
        build::claim(&dee, t + 40, vec![cited, withdrawn], &Attribution::Named("Dee Ramos".into()), Some([51; 16]))
            .expect("claim"),
    );
    submit(build::claim(&sam, t + 41, vec![anonymous], &Attribution::Anonymous, Some([52; 16])).expect("claim"));
    submit(build::withdraw(&dee, t + 42, withdrawn).expect("withdraw"));
    let desk = StaffDesk { invitations: Invitations::new(&data), operator: operator.clone() };
    let config = ServerConfig { public_url: ORIGIN.into(), ..Default::default() };
    let router = app(AppState::new(ledger.clone(), config).with_staff(desk));
    World { _dir: dir, ledger, router, operator, council, dee, sam, cited, withdrawn, anonymous }
}

fn request(signer: &SigningKey, key: &SigningKey, idea: Id, name: &str, time: u64) -> Value {
    let key = key.verifying_key().to_bytes();
    let sig = signer.sign(&credential_request_message(&key, &idea.0, name == "consented", time));
    json!({"key": hex::encode(key), "idea": idea.hex(), "name": name, "time": time, "signature": hex::encode(sig.to_bytes())})
}

async fn ask(router: &axum::Router, body: &Value) -> (StatusCode, String, Value) {
    let req = Request::builder()
        .method("POST")
        .uri("/v1/credentials")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let r = router.clone().oneshot(req).await.expect("answer");
    let status = r.status();
    let ctype = r.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let bytes = r.into_body().collect().await.expect("body").to_bytes();
    (status, ctype, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// Runs the independent verifier on `credential`: true when it verifies.
fn digital_bazaar_verifies(credential: &Value, name: &str) -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vc");
    for tool in ["node", "npm"] {
        let ok = Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
        assert!(ok, "`{tool}` is missing: run `bash .ci/run`, which installs it");
    }
    if !dir.join("node_modules/@digitalbazaar/eddsa-jcs-2022-cryptosuite").exists() {
        let o = Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir).output().expect("npm");
        assert!(o.status.success(), "npm ci in tests/vc failed: {}", String::from_utf8_lossy(&o.stderr));
    }
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("credential-{name}.json"));
    std::fs::write(&file, serde_json::to_vec_pretty(credential).expect("json")).expect("write");
    let o = Command::new("node").arg("verify.mjs").arg(&file).current_dir(&dir).output().expect("node");
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    let answer: Value = serde_json::from_str(out.trim()).unwrap_or_else(|_| {
        panic!("verify.mjs answered no JSON ({}): {out}{}", o.status, String::from_utf8_lossy(&o.stderr))
    });
    match o.status.code() {
        Some(0) => {
            assert_eq!(answer["verified"], true);
            true
        }
        Some(1) => {
            assert_eq!(answer["verified"], false);
            println!("{name}: rejected by verify.mjs: {}", answer["errors"]);
            false
        }
        other => panic!("verify.mjs failed ({other:?}): {out}{}", String::from_utf8_lossy(&o.stderr)),
    }
}

#[test]
fn an_issued_credential_verifies_in_heard_and_independently_and_a_tampered_one_does_not() {
    let w = world();
    tokio::runtime::Runtime::new().expect("runtime").block_on(async {
    let now = now_secs() * 1000;
    let (status, ctype, vc) = ask(&w.router, &request(&w.dee, &w.dee, w.cited, "consented", now)).await;
    assert_eq!(status, StatusCode::OK, "{vc}");
    assert_eq!(ctype, "application/vc");

    let operator = w.operator.verifying_key().to_bytes();
    let dee = w.dee.verifying_key().to_bytes();
    assert_eq!(vc["@context"], json!(heard::server::CREDENTIAL_CONTEXTS));
    assert_eq!(vc["type"], json!(["VerifiableCredential", "OpenBadgeCredential"]));
    assert!(vc["id"].as_str().unwrap().starts_with("urn:uuid:"));
    assert_eq!(vc["issuer"]["id"], integrity::did_key(&operator));
    assert_eq!(vc["issuer"]["url"], ORIGIN);
    let subject = &vc["credentialSubject"];
    assert_eq!(subject["id"], integrity::did_key(&dee));
    assert_eq!(subject["type"], json!(["AchievementSubject"]));
    assert_eq!(
        subject["identifier"],
        json!([{"type": "IdentityObject", "identityHash": "Dee Ramos", "identityType": "name", "hashed": false}])
    );
    assert_eq!(
        subject["source"],
        json!({"id": integrity::did_key(&w.council.verifying_key().to_bytes()), "type": ["Profile"], "name": "Riverside Council"})
    );
    let achievement = &subject["achievement"];
    assert_eq!(achievement["id"], format!("{ORIGIN}/ideas/{}#achievement", w.cited.hex()));
    assert_eq!(achievement["name"], "Contributed to Getting to the surgery; cited in a report");
    let description = achievement["description"].as_str().unwrap();
    assert!(description.contains("convened by Riverside Council"), "{description}");
    assert!(description.contains("Cited in Riverside Transport Plan (v1), recommendation 2."), "{description}");
    assert!(description.contains("answer: adopted"), "{description}");
    // Evidence: the idea's page, then one receipt per entry of its history.
    let history = w.ledger.history(&w.cited).expect("history");
    let evidence: Vec<&str> = vc["evidence"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    let mut expected = vec![format!("{ORIGIN}/ideas/{}", w.cited.hex())];
    expected.extend(history.iter().map(|e| format!("{ORIGIN}/v1/receipts/{}", e.seq)));
    assert_eq!(evidence, expected);
    assert_eq!(history.len(), 4, "idea, cite, respond, claim");
    let proof = &vc["proof"];
    assert_eq!(proof["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(proof["verificationMethod"], integrity::did_key_method(&operator));
    assert_eq!(proof["@context"], vc["@context"]);
    assert_eq!(vc["validFrom"], proof["created"]);

    // Heard's own check, and Digital Bazaar's.
    assert_eq!(integrity::verify(&vc), Ok(operator));
    assert!(digital_bazaar_verifies(&vc, "issued"), "the independent verifier accepts Heard's credential");

    // Tampered: a claim made bigger, then another issuer's key put in, then the proof moved
    // to another credential.
    let mut bigger = vc.clone();
    bigger["credentialSubject"]["achievement"]["name"] = "Contributed to Getting to the surgery; cited in 9 reports".into();
    assert_eq!(integrity::verify(&bigger), Err(IntegrityError::BadSignature));
    assert!(!digital_bazaar_verifies(&bigger, "tampered-name"));
    let mut other_name = vc.clone();
    other_name["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else".into();
    assert_eq!(integrity::verify(&other_name), Err(IntegrityError::BadSignature));
    assert!(!digital_bazaar_verifies(&other_name, "tampered-subject"));
    let stranger = SigningKey::from_bytes(&[99; 32]).verifying_key().to_bytes();
    let mut reissued = vc.clone();
    reissued["issuer"]["id"] = integrity::did_key(&stranger).into();
    reissued["proof"]["verificationMethod"] = integrity::did_key_method(&stranger).into();
    assert_eq!(integrity::verify(&reissued), Err(IntegrityError::BadSignature));
    assert!(!digital_bazaar_verifies(&reissued, "tampered-issuer"));
    });
}

#[test]
fn a_credential_names_the_contributor_only_as_consented_and_only_when_asked() {
    let w = world();
    tokio::runtime::Runtime::new().expect("runtime").block_on(async {
        let now = now_secs() * 1000;
        let (status, _, vc) = ask(&w.router, &request(&w.dee, &w.dee, w.cited, "none", now)).await;
        assert_eq!(status, StatusCode::OK, "{vc}");
        assert!(vc["credentialSubject"].get("identifier").is_none());
        assert!(!vc.to_string().contains("Dee Ramos"), "a credential that names no one: {vc}");
        assert_eq!(vc["credentialSubject"]["id"], integrity::did_key(&w.dee.verifying_key().to_bytes()));
        assert!(integrity::verify(&vc).is_ok());

        // Sam chose not to be named: a credential naming Sam is refused; one naming no one is not.
        let (status, _, p) = ask(&w.router, &request(&w.sam, &w.sam, w.anonymous, "consented", now)).await;
        assert_eq!((status, p["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("no_consented_name")), "{p}");
        let (status, _, vc) = ask(&w.router, &request(&w.sam, &w.sam, w.anonymous, "none", now)).await;
        assert_eq!(status, StatusCode::OK, "{vc}");
        assert!(vc["credentialSubject"].get("identifier").is_none());
    });
}

#[test]
fn refusals_each_have_their_code_and_write_nothing() {
    let w = world();
    tokio::runtime::Runtime::new().expect("runtime").block_on(async {
        let size = w.ledger.log().latest().size;
        let now = now_secs() * 1000;
        let stranger = SigningKey::from_bytes(&[77; 32]);
        let cases: Vec<(Value, StatusCode, &str)> = vec![
            // A withdrawn idea.
            (request(&w.dee, &w.dee, w.withdrawn, "none", now), StatusCode::GONE, "idea_withdrawn"),
            // Someone else's key, properly signed, asking for Dee's idea with Dee's name.
            (request(&stranger, &stranger, w.cited, "consented", now), StatusCode::FORBIDDEN, "not_contributor"),
            // Sam's own key asking for Dee's idea.
            (request(&w.sam, &w.sam, w.cited, "none", now), StatusCode::FORBIDDEN, "not_contributor"),
            // Dee's key named, signed by someone else.
            (request(&stranger, &w.dee, w.cited, "consented", now), StatusCode::UNAUTHORIZED, "bad_signature"),
            // A stale request (a replay an hour later).
            (request(&w.dee, &w.dee, w.cited, "consented", now - 3_600_000), StatusCode::BAD_REQUEST, "stale_request"),
            // A name choice that is neither.
            (request(&w.dee, &w.dee, w.cited, "everything", now), StatusCode::BAD_REQUEST, "malformed"),
            // No such idea.
            (request(&w.dee, &w.dee, Id([5; 32]), "none", now), StatusCode::NOT_FOUND, "unknown_idea"),
            (json!({"key": "zz"}), StatusCode::BAD_REQUEST, "malformed"),
        ];
        for (body, status, code) in cases {
            let (s, ctype, p) = ask(&w.router, &body).await;
            assert_eq!((s, p["code"].as_str()), (status, Some(code)), "{body}: {p}");
            assert_eq!(ctype, "application/problem+json");
        }
        // The name choice is signed: a request signed for "none" cannot be turned into "consented".
        let mut switched = request(&w.dee, &w.dee, w.cited, "none", now);
        switched["name"] = "consented".into();
        let (s, _, p) = ask(&w.router, &switched).await;
        assert_eq!((s, p["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("bad_signature")));
        // A server without the operator key issues nothing.
        let plain = app(AppState::new(w.ledger.clone(), ServerConfig::default()));
        let (s, _, p) = ask(&plain, &request(&w.dee, &w.dee, w.cited, "none", now)).await;
        assert_eq!((s, p["code"].as_str()), (StatusCode::NOT_FOUND, Some("credentials_disabled")));
        assert_eq!(w.ledger.log().latest().size, size, "nothing was written");
    });
}

/// A request for a credential for `key`'s ideas in `consultation`, signed by `signer`.
fn consultation_request(signer: &SigningKey, key: &SigningKey, consultation: Id, name: &str, time: u64) -> Value {
    let key = key.verifying_key().to_bytes();
    let sig = signer.sign(&consultation_credential_request_message(&key, &consultation.0, name == "consented", time));
    json!({"key": hex::encode(key), "consultation": consultation.hex(), "name": name, "time": time,
        "signature": hex::encode(sig.to_bytes())})
}

#[test]
fn a_consultation_credential_gathers_the_contributors_ideas_there_and_verifies_independently() {
    let w = world();
    // Dee gives one more idea in the same consultation, claimed by the same name.
    let consultation = w.ledger.idea(&w.cited).expect("idea").consultation;
    let facilitator = SigningKey::from_bytes(&[42; 32]);
    let card = ClaimCard::from_secret([53; 16]);
    let t = now_secs() * 1000 - 30_000;
    let spec = IdeaSpec {
        consultation,
        tags: vec![],
        co_contributors: vec![],
        builds_on: vec![],
        attribution: Attribution::Anonymous,
        claim_hash: Some(Id(card.hash)),
        given: None,
    };
    let s = build::idea(&facilitator, t, &spec, IdeaText::new("A bench by the bus stop").expect("text")).expect("idea");
    w.ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("idea");
    let second = s.id;
    let c = build::claim(&w.dee, t + 1, vec![second], &Attribution::Named("Dee Ramos".into()), Some([53; 16]))
        .expect("claim");
    w.ledger.submit(&c.statement, &c.signature, None).expect("claim");

    tokio::runtime::Runtime::new().expect("runtime").block_on(async {
        let now = now_secs() * 1000;
        let (status, ctype, vc) =
            ask(&w.router, &consultation_request(&w.dee, &w.dee, consultation, "consented", now)).await;
        assert_eq!((status, ctype.as_str()), (StatusCode::OK, "application/vc"), "{vc}");
        let achievement = &vc["credentialSubject"]["achievement"];
        assert_eq!(achievement["id"], format!("{ORIGIN}/consultations/{}#achievement", consultation.hex()));
        assert_eq!(achievement["name"], "Contributed 2 ideas to Getting to the surgery; cited in a report");
        assert_eq!(vc["name"], "Ideas given in Getting to the surgery");
        let description = achievement["description"].as_str().unwrap();
        assert!(
            description.starts_with("Gave 2 ideas in “Getting to the surgery” (Riverside Library)"),
            "{description}"
        );
        assert!(description.contains("Cited in Riverside Transport Plan (v1), recommendation 2."), "{description}");
        // Both ideas' pages are evidence; the withdrawn one is not there.
        let evidence: Vec<&str> =
            vc["evidence"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
        for idea in [w.cited, second] {
            assert!(evidence.contains(&format!("{ORIGIN}/ideas/{}", idea.hex()).as_str()), "{evidence:?}");
        }
        assert!(!evidence.iter().any(|e| e.contains(&w.withdrawn.hex())), "{evidence:?}");
        assert_eq!(vc["credentialSubject"]["identifier"][0]["identityHash"], "Dee Ramos");
        let operator = w.operator.verifying_key().to_bytes();
        assert_eq!(integrity::verify(&vc), Ok(operator), "verifies in Heard");
        assert!(digital_bazaar_verifies(&vc, "consultation"), "Digital Bazaar's verifier refused it");
        let mut tampered = vc.clone();
        tampered["credentialSubject"]["achievement"]["name"] = json!("Contributed 9 ideas to Getting to the surgery");
        assert!(!digital_bazaar_verifies(&tampered, "consultation-tampered"));

        // Refusals.
        let both = {
            let mut r = consultation_request(&w.dee, &w.dee, consultation, "none", now);
            r["idea"] = json!(w.cited.hex());
            r
        };
        let idea_signature = {
            // Signed as a request for an idea, sent as one for the consultation.
            let mut r = consultation_request(&w.dee, &w.dee, consultation, "none", now);
            let key = w.dee.verifying_key().to_bytes();
            r["signature"] = json!(hex::encode(
                w.dee.sign(&credential_request_message(&key, &consultation.0, false, now)).to_bytes()
            ));
            r
        };
        let council = SigningKey::from_bytes(&[41; 32]);
        for (body, status, code) in [
            (both, StatusCode::BAD_REQUEST, "malformed"),
            (idea_signature, StatusCode::UNAUTHORIZED, "bad_signature"),
            (
                consultation_request(&council, &council, consultation, "none", now),
                StatusCode::FORBIDDEN,
                "not_contributor",
            ),
            (
                consultation_request(&w.sam, &w.sam, consultation, "consented", now),
                StatusCode::UNPROCESSABLE_ENTITY,
                "no_consented_name",
            ),
            (
                consultation_request(&w.dee, &w.dee, Id([7; 32]), "none", now),
                StatusCode::NOT_FOUND,
                "unknown_consultation",
            ),
        ] {
            let (got, _, problem) = ask(&w.router, &body).await;
            assert_eq!((got, problem["code"].as_str()), (status, Some(code)), "{problem}");
        }
    });
}

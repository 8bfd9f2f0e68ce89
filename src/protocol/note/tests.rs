use super::*;

// --- Vectors -------------------------------------------------------------

// c2sp.org/signed-note, section "Verifier keys" / "Example"
// (C2SP/C2SP signed-note.md). The spec gives no private key.
const C2SP_VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const C2SP_TEXT: &str = "This is an example message.\n";
const C2SP_SIG: &str = "\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

// golang/mod sumdb/note/note.go (package doc) and note_test.go
// (TestNewSigner, TestSign, TestOpen, TestVerifierList).
const PETER_SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                       then you don't know what your problem is.\n";
const PETER_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG: &str =
    "\u{2014} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

// transparency-dev/formats note/note_cosigv1_test.go (TestCoSigV1NewVerifier):
// a real witness key with type byte 0x04.
const REMORA_VKEY: &str = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";

// c2sp.org/tlog-checkpoint example text.
const SPEC_CHECKPOINT: &str = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

fn v(text: &str) -> NoteVerifier {
    NoteVerifier::from_text(text).unwrap()
}

fn code<T: fmt::Debug>(r: Result<T, NoteError>) -> &'static str {
    r.unwrap_err().code()
}

fn log_signer() -> NoteSigner {
    NoteSigner::new("example.com/log", [7u8; 32]).unwrap()
}

fn checkpoint(size: u64) -> Checkpoint {
    Checkpoint { origin: "example.com/log".into(), size, root: [size as u8; 32], extensions: vec![] }
}

// --- Spec vectors ----------------------------------------------------------

#[test]
fn c2sp_vector_verifies() {
    let vk = v(C2SP_VKEY);
    assert_eq!(vk.name(), "example.com/foo");
    assert_eq!(vk.key_id(), 0x530d903a);
    assert_eq!(key_id("example.com/foo", 1, &vk.public_key()), 0x530d903a);
    assert_eq!(vk.to_text(), C2SP_VKEY);
    let msg = format!("{C2SP_TEXT}\n{C2SP_SIG}");
    let note = Note::parse(&msg).unwrap();
    assert_eq!(note.text, C2SP_TEXT);
    assert_eq!(note.signatures.len(), 1);
    assert_eq!(note.signatures[0].key_id, 0x530d903a);
    assert_eq!(note.verify(std::slice::from_ref(&vk)).unwrap(), vec![vk]);
    assert_eq!(note.to_string(), msg);
}

#[test]
fn go_signer_vector_reproduces_signature() {
    let s = NoteSigner::from_text(PETER_SKEY).unwrap();
    assert_eq!(s.name(), "PeterNeumann");
    assert_eq!(s.key_id(), 0xc74f20a3);
    assert_eq!(s.to_text(), PETER_SKEY);
    assert_eq!(s.verifier().to_text(), PETER_VKEY);
    assert_eq!(s.sign(GO_TEXT).unwrap(), format!("{GO_TEXT}\n{PETER_SIG}"));
}

#[test]
fn go_open_vectors() {
    let (peter, enoch) = (v(PETER_VKEY), v(ENOCH_VKEY));
    let msg = format!("{GO_TEXT}\n{PETER_SIG}{ENOCH_SIG}");
    let n = Note::parse(&msg).unwrap();
    assert_eq!(n.text, GO_TEXT);
    assert_eq!(n.to_string(), msg);
    assert_eq!(n.verify(std::slice::from_ref(&peter)).unwrap(), vec![peter.clone()]);
    assert_eq!(n.verify(&[enoch.clone(), peter.clone()]).unwrap(), vec![peter.clone(), enoch.clone()]);
    assert_eq!(n.verify(&[]), Err(NoteError::UnknownKey));
    // Identical duplicates in the known list are harmless.
    assert!(n.verify(&[enoch.clone(), peter.clone(), enoch.clone()]).is_ok());
}

#[test]
fn go_invalid_signature_vector() {
    let bad = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    let n = Note::parse(&format!("{GO_TEXT}\n{bad}")).unwrap();
    assert_eq!(
        n.verify(&[v(PETER_VKEY)]),
        Err(NoteError::BadSignature { name: "PeterNeumann".into(), key_id: 0xc74f20a3 })
    );
}

#[test]
fn go_duplicate_signatures_are_dropped() {
    let enoch_bad = format!("{}ABCD{}", &ENOCH_SIG[..60], &ENOCH_SIG[60..]);
    let msg = format!("{GO_TEXT}\n{PETER_SIG}{PETER_SIG}{ENOCH_SIG}{ENOCH_SIG}{enoch_bad}");
    let n = Note::parse(&msg).unwrap();
    assert_eq!(n.signatures.len(), 5);
    assert_eq!(n.to_string(), msg);
    assert_eq!(n.verify(&[v(PETER_VKEY)]).unwrap(), vec![v(PETER_VKEY)]);
    // Like note.go, only the first line from a known key is checked.
    let bad_peter = format!("{}ABCD{}", &PETER_SIG[..60], &PETER_SIG[60..]);
    let n = Note::parse(&format!("{GO_TEXT}\n{PETER_SIG}{bad_peter}")).unwrap();
    assert_eq!(n.verify(&[v(PETER_VKEY)]).unwrap().len(), 1);
    let n = Note::parse(&format!("{GO_TEXT}\n{bad_peter}{PETER_SIG}")).unwrap();
    assert_eq!(code(n.verify(&[v(PETER_VKEY)])), "bad_signature");
}

#[test]
fn go_too_many_signatures() {
    let ok = format!("{GO_TEXT}\n{}", PETER_SIG.repeat(MAX_SIGNATURES));
    assert!(Note::parse(&ok).unwrap().verify(&[v(PETER_VKEY)]).is_ok());
    let bad = format!("{GO_TEXT}\n{}", PETER_SIG.repeat(MAX_SIGNATURES + 1));
    assert_eq!(code(Note::parse(&bad)), "too_many_signatures");
}

#[test]
fn go_malformed_notes() {
    let cases = [
        GO_TEXT.to_string(),
        format!("{GO_TEXT}\n"),
        format!("{GO_TEXT}\n{}", &PETER_SIG[..PETER_SIG.len() - 1]),
        format!("\x01{GO_TEXT}\n{PETER_SIG}"),
        format!("{GO_TEXT}\n{PETER_SIG}Unexpected line.\n"),
        format!(
            "{GO_TEXT}\n\u{2014} Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
        ),
        format!("{GO_TEXT}\n- PeterNeumann{}", &PETER_SIG[16..]),
        format!("{GO_TEXT}\n\u{2014} PeterNeumann \n"),
        format!("{GO_TEXT}\n\u{2014} PeterNeumann AAAAAA==\n"), // 4 bytes: no signature
        format!("{GO_TEXT}\n\u{2014} PeterNeumann x08go/ZJ!\n"),
        format!(
            "{GO_TEXT}\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n"
        ), // no padding
        format!("{GO_TEXT}\n{}\r\n", &PETER_SIG[..PETER_SIG.len() - 1]),
        String::new(),
    ];
    for msg in &cases {
        let r = Note::parse(msg);
        assert_eq!(code(r), "malformed_note", "{msg:?}");
    }
    // Names with '+' in a signature line.
    let plus = format!("{GO_TEXT}\n\u{2014} Peter+Neumann{}", &PETER_SIG[16..]);
    assert_eq!(code(Note::parse(&plus)), "bad_key_name");
}

#[test]
fn non_canonical_base64_signature_is_rejected() {
    // Last char '=' padding kept but final symbol altered so trailing bits are non-zero.
    let sig = PETER_SIG.replace("nAM=", "nAN=");
    assert_eq!(code(Note::parse(&format!("{GO_TEXT}\n{sig}"))), "malformed_note");
}

#[test]
fn oversized_note_is_rejected() {
    let text = format!("{}\n", "a".repeat(MAX_NOTE_SIZE));
    assert_eq!(code(Note::parse(&format!("{text}\n{PETER_SIG}"))), "text_too_large");
    assert_eq!(code(log_signer().sign(&text)), "text_too_large");
    // Text that fits but whose signed note would not.
    let text = format!("{}\n", "a".repeat(MAX_NOTE_SIZE - 10));
    assert_eq!(code(log_signer().sign(&text)), "text_too_large");
}

// --- Keys --------------------------------------------------------------------

#[test]
fn verifier_key_manglings_are_rejected() {
    // Same approach as golang/mod note_test.go TestNewVerifier.
    let b = PETER_VKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i != 0 || j != b.len() {
                let s = std::str::from_utf8(&b[i..j]).unwrap();
                assert!(NoteVerifier::from_text(s).is_err(), "{s}");
            }
        }
    }
    for i in 0..b.len() {
        let mut m = b.to_vec();
        m[i] += 1;
        let s = String::from_utf8(m).unwrap();
        assert!(NoteVerifier::from_text(&s).is_err(), "{s}");
    }
    // Wrong key length and unknown algorithm, with adjusted key IDs (note_test.go).
    let r = NoteVerifier::from_text("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==");
    assert_eq!(code(r), "malformed_verifier_key");
    let r = NoteVerifier::from_text("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    assert_eq!(r, Err(NoteError::WrongKeyType { found: 0x65 }));
}

#[test]
fn verifier_key_errors() {
    let wrong_id = PETER_VKEY.replace("c74f20a3", "c74f20a4");
    assert_eq!(
        NoteVerifier::from_text(&wrong_id),
        Err(NoteError::KeyIdMismatch { claimed: 0xc74f20a4, computed: 0xc74f20a3 })
    );
    let upper = PETER_VKEY.replace("c74f20a3", "C74F20A3");
    assert_eq!(code(NoteVerifier::from_text(&upper)), "malformed_verifier_key");
    assert_eq!(code(NoteVerifier::from_text("Peter Neumann+c74f20a3+ARpc")), "bad_key_name");
    assert_eq!(code(NoteVerifier::from_text("PeterNeumann")), "malformed_verifier_key");
    assert_eq!(code(NoteVerifier::from_text("PeterNeumann+c74f20a3+not base64")), "malformed_verifier_key");
    // Small-order point (the identity, y = 1) with a correct key ID.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(NoteVerifier::new("weak", 1, &identity), Err(NoteError::WeakKey));
    let mut material = vec![1u8];
    material.extend_from_slice(&identity);
    let text = format!("weak+{:08x}+{}", key_id("weak", 1, &identity), B64.encode(&material));
    assert_eq!(NoteVerifier::from_text(&text), Err(NoteError::WeakKey));
    // A type byte other than 0x01/0x04.
    let pk = log_signer().verifier().public_key();
    assert_eq!(NoteVerifier::new("x", 0x02, &pk), Err(NoteError::WrongKeyType { found: 2 }));
}

#[test]
fn signer_key_manglings_are_rejected() {
    // Same approach as golang/mod note_test.go TestNewSigner.
    let b = PETER_SKEY.as_bytes();
    for i in 0..=b.len() {
        for j in i + 1..=b.len() {
            if i != 0 || j != b.len() {
                let s = std::str::from_utf8(&b[i..j]).unwrap();
                assert!(NoteSigner::from_text(s).is_err(), "{s}");
            }
        }
    }
    for i in 0..b.len() {
        let mut m = b.to_vec();
        m[i] += 1;
        let s = String::from_utf8(m).unwrap();
        assert!(NoteSigner::from_text(&s).is_err(), "{s}");
    }
    let wrong_id = PETER_SKEY.replace("c74f20a3", "00000000");
    assert_eq!(code(NoteSigner::from_text(&wrong_id)), "key_id_mismatch");
}

#[test]
fn bad_key_names() {
    for name in ["", "a+b", "a b", "a\tb", "a\u{a0}b", "a\u{3000}b", "a\u{1}b"] {
        assert_eq!(code(NoteSigner::new(name, [1; 32])), "bad_key_name", "{name:?}");
        assert_eq!(code(Cosigner::new(name, [1; 32])), "bad_key_name", "{name:?}");
    }
}

#[test]
fn verifier_key_text_round_trip() {
    let s = log_signer();
    let vk = s.verifier();
    assert_eq!(vk.key_type(), KEY_TYPE_ED25519);
    assert_eq!(NoteVerifier::from_text(&vk.to_text()).unwrap(), vk);
    let s2 = NoteSigner::from_text(&s.to_text()).unwrap();
    assert_eq!(s2.verifier(), vk);
    let c = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
    let cv = c.verifier();
    assert_eq!(cv.key_type(), KEY_TYPE_COSIGNATURE_V1);
    assert!(cv.to_text().split('+').nth(2).unwrap().starts_with('B')); // 0x04 || key
    assert_eq!(NoteVerifier::from_text(&cv.to_text()).unwrap(), cv);
    // Same seed and name, different type: different key IDs.
    let n = NoteSigner::new("witness.example/w1", [9; 32]).unwrap();
    assert_ne!(n.key_id(), c.key_id());
    assert_eq!(n.verifier().public_key(), cv.public_key());
}

#[test]
fn real_cosigner_vkey_parses() {
    let vk = v(REMORA_VKEY);
    assert_eq!(vk.key_type(), KEY_TYPE_COSIGNATURE_V1);
    assert_eq!(vk.key_id(), 0xda77ade7);
    assert_eq!(vk.to_text(), REMORA_VKEY);
}

// --- Sign / parse / verify --------------------------------------------------

#[test]
fn sign_parse_verify_round_trip() {
    let s = log_signer();
    for text in ["hello\n", "\n", "a\n\nb\n", "ends blank\n\n", "\u{2014} looks like a sig\n"] {
        let signed = s.sign(text).unwrap();
        let n = Note::parse(&signed).unwrap();
        assert_eq!(n.text, text);
        assert_eq!(n.to_string(), signed);
        assert_eq!(n.verify(&[s.verifier()]).unwrap(), vec![s.verifier()]);
    }
}

#[test]
fn sign_rejects_bad_text() {
    let s = log_signer();
    assert_eq!(code(s.sign("no newline")), "malformed_note");
    assert_eq!(code(s.sign("")), "malformed_note");
    assert_eq!(code(s.sign("tab\there\n")), "malformed_note");
}

#[test]
fn unknown_key_only_is_rejected() {
    let signed = log_signer().sign("hello\n").unwrap();
    let other = NoteSigner::new("example.com/other", [8; 32]).unwrap();
    let n = Note::parse(&signed).unwrap();
    assert_eq!(n.verify(&[other.verifier()]), Err(NoteError::UnknownKey));
}

#[test]
fn tampered_text_is_rejected() {
    let s = log_signer();
    let signed = s.sign("hello\n").unwrap().replacen("hello", "jello", 1);
    let n = Note::parse(&signed).unwrap();
    assert_eq!(code(n.verify(&[s.verifier()])), "bad_signature");
}

#[test]
fn wrong_key_id_is_treated_as_unknown() {
    let s = log_signer();
    let mut n = Note::parse(&s.sign("hello\n").unwrap()).unwrap();
    n.signatures[0].key_id ^= 1;
    assert_eq!(n.verify(&[s.verifier()]), Err(NoteError::UnknownKey));
    // Same name and key ID but another key: the signature must verify.
    let impostor = NoteVerifier { key: NoteSigner::new("x", [5; 32]).unwrap().verifier().key, ..s.verifier() };
    let n = Note::parse(&s.sign("hello\n").unwrap()).unwrap();
    assert_eq!(code(n.verify(std::slice::from_ref(&impostor))), "bad_signature");
    assert_eq!(code(n.verify(&[impostor, s.verifier()])), "ambiguous_key");
}

#[test]
fn multi_signed_note() {
    let (a, b) = (log_signer(), NoteSigner::new("b", [3; 32]).unwrap());
    let text = "multi\n";
    let line_b = Note::parse(&b.sign(text).unwrap()).unwrap().signatures;
    let mut n = Note::parse(&a.sign(text).unwrap()).unwrap();
    n.signatures.extend(line_b);
    let n = Note::parse(&n.to_string()).unwrap();
    assert_eq!(n.verify(&[b.verifier(), a.verifier()]).unwrap(), vec![a.verifier(), b.verifier()]);
}

// --- Checkpoints --------------------------------------------------------------

#[test]
fn spec_checkpoint_parses() {
    let c = Checkpoint::parse_text(SPEC_CHECKPOINT).unwrap();
    assert_eq!(c.origin, "example.com/behind-the-sofa");
    assert_eq!(c.size, 20852163);
    assert_eq!(B64.encode(c.root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    assert!(c.extensions.is_empty());
    assert_eq!(c.to_text(), SPEC_CHECKPOINT);
}

#[test]
fn checkpoint_round_trip() {
    let mut c = checkpoint(0);
    assert_eq!(Checkpoint::parse_text(&c.to_text()).unwrap(), c);
    c.size = u64::MAX;
    c.extensions = vec!["ext one".into(), "\u{2014} two".into()];
    assert_eq!(Checkpoint::parse_text(&c.to_text()).unwrap(), c);
    assert!(c.validate().is_ok());
    c.origin = "a\nb".into();
    assert!(c.validate().is_err());
}

#[test]
fn malformed_checkpoints() {
    let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    let cases: &[(String, usize)] = &[
        (format!("o\n012\n{root}\n"), 2),
        (format!("o\n+12\n{root}\n"), 2),
        (format!("o\n-1\n{root}\n"), 2),
        (format!("o\n\n{root}\n"), 2),
        (format!("o\n1 \n{root}\n"), 2),
        (format!("o\n18446744073709551616\n{root}\n"), 2),
        ("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxqw==\n".into(), 3), // 31 bytes
        ("o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n".into(), 3), // non-canonical
        ("o\n1\nnot base64\n".into(), 3),
        (format!("\n1\n{root}\n"), 1),
        (format!("o\n1\n{root}\n\n"), 4),
        (format!("o\n1\n{root}\next\n\n"), 5),
        ("o\n1\n".into(), 3),
        ("o\n".into(), 2),
        (format!("o\n1\n{root}"), 3),
        (format!("o\n1\n{root}\nex\tt\n"), 4),
        (format!("o\u{1}\n1\n{root}\n"), 1),
    ];
    for (text, line) in cases {
        match Checkpoint::parse_text(text) {
            Err(NoteError::MalformedCheckpoint { line: l, .. }) => {
                assert_eq!(l, *line, "{text:?}")
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

// --- Cosignatures -------------------------------------------------------------

#[test]
fn cosignature_round_trip() {
    let log = log_signer();
    let w = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
    let text = checkpoint(5).to_text();
    let mut signed = log.sign(&text).unwrap();
    signed.push_str(&w.cosign(&text, 1_679_315_147).unwrap());
    let n = Note::parse(&signed).unwrap();
    assert_eq!(n.to_string(), signed);
    assert_eq!(verify_cosignature(&w.verifier(), &n.text, &n.signatures[1]), Ok(1_679_315_147));
    assert_eq!(n.verify(&[w.verifier(), log.verifier()]).unwrap(), vec![log.verifier(), w.verifier()]);
    // The cosignature alone also verifies as a note signature.
    assert_eq!(n.verify(&[w.verifier()]).unwrap(), vec![w.verifier()]);
    // The signature covers the cosignature/v1 message, not the bare text.
    let mut msg = format!("cosignature/v1\ntime 1679315147\n{text}");
    let raw = &n.signatures[1].sig;
    let sig = Signature::from_bytes(&raw[8..].try_into().unwrap());
    assert!(w.key.verifying_key().verify_strict(msg.as_bytes(), &sig).is_ok());
    msg.insert(0, 'x');
    assert!(w.key.verifying_key().verify_strict(msg.as_bytes(), &sig).is_err());
    assert_eq!(&raw[..8], &1_679_315_147u64.to_be_bytes());
}

#[test]
fn cosignature_over_other_checkpoint_fails() {
    let w = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
    let (a, b) = (checkpoint(5).to_text(), checkpoint(6).to_text());
    let line = w.cosign(&a, 10).unwrap();
    let n = Note::parse(&format!("{b}\n{line}")).unwrap();
    assert_eq!(
        verify_cosignature(&w.verifier(), &b, &n.signatures[0]),
        Err(NoteError::BadSignature { name: "witness.example/w1".into(), key_id: w.key_id() })
    );
    assert_eq!(code(n.verify(&[w.verifier()])), "bad_signature");
    // Timestamp is covered too.
    let mut sig = Note::parse(&format!("{a}\n{line}")).unwrap().signatures.remove(0);
    sig.sig[7] ^= 1;
    assert_eq!(code(verify_cosignature(&w.verifier(), &a, &sig)), "bad_signature");
}

#[test]
fn cosignature_with_wrong_key_type_fails() {
    let w = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
    let text = checkpoint(5).to_text();
    let line = w.cosign(&text, 10).unwrap();
    let n = Note::parse(&format!("{text}\n{line}")).unwrap();
    // The same key and name as a plain (0x01) note key.
    let plain = NoteSigner::new("witness.example/w1", [9; 32]).unwrap().verifier();
    assert_eq!(verify_cosignature(&plain, &text, &n.signatures[0]), Err(NoteError::WrongKeyType { found: 1 }));
    // Its key ID differs, so as a note key it does not even match the line.
    assert_eq!(n.verify(&[plain]), Err(NoteError::UnknownKey));
    // A 0x04 key claiming a plain note signature's name and ID must fail.
    let log = log_signer();
    let ln = Note::parse(&log.sign(&text).unwrap()).unwrap();
    let forged = NoteVerifier { key_type: KEY_TYPE_COSIGNATURE_V1, ..log.verifier() };
    assert_eq!(code(ln.verify(&[forged])), "malformed_cosignature");
}

#[test]
fn cosignature_errors() {
    let w = Cosigner::new("witness.example/w1", [9; 32]).unwrap();
    let text = checkpoint(5).to_text();
    assert_eq!(w.cosign(&text, u64::MAX), Err(NoteError::TimestampOutOfRange(u64::MAX)));
    assert!(w.cosign(&text, i64::MAX as u64).is_ok());
    assert_eq!(code(w.cosign("not a checkpoint\n", 1)), "malformed_checkpoint");
    let line = w.cosign(&text, 10).unwrap();
    let mut sig = Note::parse(&format!("{text}\n{line}")).unwrap().signatures.remove(0);
    let other = Cosigner::new("witness.example/w2", [9; 32]).unwrap();
    assert_eq!(code(verify_cosignature(&other.verifier(), &text, &sig)), "signature_key_mismatch");
    sig.sig.pop();
    assert_eq!(code(verify_cosignature(&w.verifier(), &text, &sig)), "malformed_cosignature");
    sig.sig.push(0);
    sig.sig[0] = 0x80; // timestamp >= 2^63
    assert_eq!(code(verify_cosignature(&w.verifier(), &text, &sig)), "malformed_cosignature");
}

// --- tlog-proof ---------------------------------------------------------------

fn signed_checkpoint(size: u64) -> String {
    log_signer().sign(&checkpoint(size).to_text()).unwrap()
}

#[test]
fn tlog_proof_round_trip() {
    for extra in [None, Some(vec![]), Some(b"age-v1.2.1-darwin-arm64.tar.gz".to_vec())] {
        for hashes in [0usize, 1, 5] {
            let p = TlogProof {
                extra: extra.clone(),
                index: 73894,
                proof: (0..hashes).map(|i| [i as u8; 32]).collect(),
                checkpoint: signed_checkpoint(109482),
            };
            let text = p.to_text();
            let back = TlogProof::parse(&text).unwrap();
            assert_eq!(back, p);
            assert_eq!(back.to_text(), text);
        }
    }
}

#[test]
fn tlog_proof_spec_layout() {
    // Header lines from the c2sp.org/tlog-proof example; checkpoint signed here
    // (the spec elides its signatures).
    let text = format!(
        "c2sp.org/tlog-proof@v1\n\
         extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n\
         index 73894\n\
         gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n\
         B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n\
         EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n\
         RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n\
         AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n\
         \n{}",
        signed_checkpoint(109482)
    );
    let p = TlogProof::parse(&text).unwrap();
    assert_eq!(p.index, 73894);
    assert_eq!(p.proof.len(), 5);
    assert!(p.extra.unwrap().starts_with(b"age-v1.2.1-darwin-arm64.tar.gz"));
    let n = Note::parse(&p.checkpoint).unwrap();
    assert_eq!(Checkpoint::parse_text(&n.text).unwrap().size, 109482);
}

#[test]
fn malformed_tlog_proofs() {
    let h = "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=";
    let cp = signed_checkpoint(10);
    let cases: &[(String, usize)] = &[
        (format!("c2sp.org/tlog-proof@v2\nindex 1\n\n{cp}"), 1),
        (format!("c2sp.org/tlog-proof@v1\nindex 01\n\n{cp}"), 2),
        (format!("c2sp.org/tlog-proof@v1\nindex -1\n\n{cp}"), 2),
        (format!("c2sp.org/tlog-proof@v1\nindex\n\n{cp}"), 2),
        (format!("c2sp.org/tlog-proof@v1\nindex 1 \n\n{cp}"), 2),
        (format!("c2sp.org/tlog-proof@v1\nindex x\n\n{cp}"), 2),
        (format!("c2sp.org/tlog-proof@v1\n{h}\n\n{cp}"), 2),
        (format!("c2sp.org/tlog-proof@v1\nextra !!\nindex 1\n\n{cp}"), 2),
        (format!("c2sp.org/tlog-proof@v1\nextra AA==\n{h}\n\n{cp}"), 3),
        (format!("c2sp.org/tlog-proof@v1\nindex 1\n{h}\nAAAA\n\n{cp}"), 4),
        (format!("c2sp.org/tlog-proof@v1\nindex 1\n{}\n\n{cp}", &h[..43]), 3),
        (format!("c2sp.org/tlog-proof@v1\nindex 1\n{h}\n"), 4),
        ("c2sp.org/tlog-proof@v1".into(), 1),
        (format!("c2sp.org/tlog-proof@v1\nindex 1\n{}\n{cp}", format!("{h}\n").repeat(65)), 67),
    ];
    for (text, line) in cases {
        match TlogProof::parse(text) {
            Err(NoteError::MalformedProof { line: l, .. }) => assert_eq!(l, *line, "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // Problems in the embedded checkpoint are reported as such.
    let bad_note = format!("c2sp.org/tlog-proof@v1\nindex 1\n\nlog\n1\n{h}\n");
    assert_eq!(code(TlogProof::parse(&bad_note)), "malformed_note");
    let bad_cp = format!("c2sp.org/tlog-proof@v1\nindex 1\n\n{}", log_signer().sign("log\n01\nx\n").unwrap());
    assert_eq!(code(TlogProof::parse(&bad_cp)), "malformed_checkpoint");
}

// --- Properties ---------------------------------------------------------------

mod props {
    use super::*;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        "[^\\x00-\\x1f]{1,40}"
    }

    proptest! {
        #[test]
        fn note_parse_never_panics(s in "\\PC{0,200}(\n\n\u{2014} [a-z]{1,5} [A-Za-z0-9+/=]{0,20}\n)?") {
            if let Ok(n) = Note::parse(&s) {
                prop_assert_eq!(n.to_string(), s);
            }
        }

        #[test]
        fn checkpoint_text_round_trips(
            origin in line(),
            size in any::<u64>(),
            root in any::<[u8; 32]>(),
            extensions in proptest::collection::vec(line(), 0..3),
        ) {
            let c = Checkpoint { origin, size, root, extensions };
            prop_assert_eq!(Checkpoint::parse_text(&c.to_text()).unwrap(), c);
        }

        #[test]
        fn sign_verify_round_trips(body in "[^\\x00-\\x1f]{0,60}(\n[^\\x00-\\x1f]{0,20}){0,4}") {
            let text = format!("{body}\n");
            let s = log_signer();
            let signed = s.sign(&text).unwrap();
            let n = Note::parse(&signed).unwrap();
            prop_assert_eq!(&n.text, &text);
            prop_assert_eq!(n.to_string(), signed);
            prop_assert_eq!(n.verify(&[s.verifier()]).unwrap(), vec![s.verifier()]);
        }

        #[test]
        fn tlog_proof_round_trips(
            extra in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..40)),
            index in any::<u64>(),
            proof in proptest::collection::vec(any::<[u8; 32]>(), 0..8),
        ) {
            let p = TlogProof { extra, index, proof, checkpoint: signed_checkpoint(3) };
            prop_assert_eq!(TlogProof::parse(&p.to_text()).unwrap(), p);
        }
    }
}

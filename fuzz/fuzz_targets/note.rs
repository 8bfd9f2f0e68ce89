//! Signed-note, checkpoint and key-text parsing never panic, and every accepted input is
//! written back byte for byte (`Note` by `to_string`, `Checkpoint` and `NoteVerifier` by
//! `to_text`). Accepted notes are also verified against fixed log and witness keys (the
//! seeds `examples/make_fuzz_corpus.rs` signs with).
#![no_main]

use std::sync::LazyLock;

use heard::protocol::note::{Checkpoint, Cosigner, Note, NoteSigner, NoteVerifier};
use libfuzzer_sys::fuzz_target;

static KEYS: LazyLock<Vec<NoteVerifier>> = LazyLock::new(|| {
    let log = NoteSigner::new("fuzz.heard.example/log", [0x42; 32]).expect("log key");
    let witness = Cosigner::new("fuzz.heard.example/witness", [0x57; 32]).expect("witness key");
    vec![log.verifier(), witness.verifier()]
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(note) = Note::parse(text) {
        assert_eq!(note.to_string(), text, "an accepted note is not written back byte for byte");
        let _ = note.verify(&KEYS);
        if let Ok(cp) = Checkpoint::parse_text(&note.text) {
            assert_eq!(cp.validate(), Ok(()));
        }
    }
    if let Ok(cp) = Checkpoint::parse_text(text) {
        assert_eq!(cp.to_text(), text, "an accepted checkpoint is not written back byte for byte");
    }
    if let Ok(v) = NoteVerifier::from_text(text) {
        assert_eq!(v.to_text(), text, "an accepted verifier key is not written back byte for byte");
    }
    if let Ok(s) = NoteSigner::from_text(text) {
        assert_eq!(s.to_text(), text, "an accepted signer key is not written back byte for byte");
    }
});

//! Receipt (c2sp.org/tlog-proof@v1) parsing and verification never panic, and an accepted
//! proof text is exactly what `to_text` writes back.
//!
//! The log and witness keys are rebuilt from the seeds `examples/make_fuzz_corpus.rs` signs
//! the seed receipts with, so seeds pass every check and mutations start deep.
#![no_main]

use std::sync::LazyLock;

use heard::protocol::note::{Cosigner, NoteSigner, NoteVerifier, TlogProof};
use heard::protocol::receipt::verify_receipt;
use libfuzzer_sys::fuzz_target;

static KEYS: LazyLock<(NoteVerifier, NoteVerifier)> = LazyLock::new(|| {
    let log = NoteSigner::new("fuzz.heard.example/log", [0x42; 32]).expect("log key");
    let witness = Cosigner::new("fuzz.heard.example/witness", [0x57; 32]).expect("witness key");
    (log.verifier(), witness.verifier())
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(proof) = TlogProof::parse(text) {
        let again = proof.to_text();
        assert_eq!(again, text, "an accepted tlog-proof is not written back byte for byte");
        assert_eq!(TlogProof::parse(&again).as_ref(), Ok(&proof), "parse -> to_text -> parse is not stable");
    }
    let (log, witness) = &*KEYS;
    for required in [0, 1] {
        let report = verify_receipt(text, log, std::slice::from_ref(witness), required);
        assert_eq!(report.ok(), report.failure().is_none());
    }
});

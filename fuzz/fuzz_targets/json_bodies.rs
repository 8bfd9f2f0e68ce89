//! The request bodies the HTTP handlers read never panic: every input is tried as a
//! `POST /v1/statements` body in JSON and in CBOR, and as a `POST /v1/cosignatures` body,
//! through the same functions the handlers call.
#![no_main]

use heard::protocol::statement::verify_submission;
use heard::server::{parse_cosignature, parse_submission};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for cbor in [false, true] {
        match parse_submission(data, cbor) {
            Ok(s) => {
                let _ = verify_submission(&s.statement, &s.signature);
            }
            Err(e) => assert!(e.status.is_client_error(), "a bad body is not a 4xx: {e:?}"),
        }
    }
    match parse_cosignature(data) {
        Ok((key, note)) => {
            let _ = (key.to_text(), note.len());
        }
        Err(e) => assert!(e.status.is_client_error(), "a bad body is not a 4xx: {e:?}"),
    }
});

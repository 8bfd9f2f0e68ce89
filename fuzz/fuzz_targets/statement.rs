//! Statement decoding and submission checks never panic, and any accepted statement is
//! the one canonical encoding of what it decodes to.
//!
//! The input is read twice: as statement bytes (`Statement::decode`), and, when at least 64
//! bytes long, as `statement ‖ signature` (`verify_submission`).
#![no_main]

use heard::protocol::statement::{Statement, verify_submission};
use libfuzzer_sys::fuzz_target;

fn round_trips(bytes: &[u8]) {
    if let Ok(st) = Statement::decode(bytes) {
        assert_eq!(st.encode(), bytes, "an accepted statement re-encodes to other bytes");
    }
}

fuzz_target!(|data: &[u8]| {
    round_trips(data);
    if let Some(split) = data.len().checked_sub(64) {
        let (statement, signature) = data.split_at(split);
        round_trips(statement);
        if let Ok(v) = verify_submission(statement, signature) {
            assert_eq!(v.bytes, statement);
            assert_eq!(v.signature, signature);
            assert_eq!(v.statement.encode(), statement);
        }
    }
});

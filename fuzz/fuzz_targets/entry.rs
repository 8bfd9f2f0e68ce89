//! Entry decoding never panics, and any accepted entry (and the statement it carries, when
//! that decodes) is the one canonical encoding of what it decodes to.
#![no_main]

use heard::protocol::entry::Entry;
use heard::protocol::statement::{Statement, verify_submission};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(entry) = Entry::decode(data) else {
        return;
    };
    assert_eq!(entry.encode(), data, "an accepted entry re-encodes to other bytes");
    if let Ok(st) = Statement::decode(&entry.statement) {
        assert_eq!(st.encode(), entry.statement, "an accepted statement re-encodes to other bytes");
    }
    let _ = verify_submission(&entry.statement, &entry.signature);
});

//! Shared set-up for the integration tests.
#![allow(dead_code)]

use std::path::Path;

use ed25519_dalek::SigningKey;
use heard::log::{Log, LogConfig};
use heard::protocol::cbor;
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::{Kind, Statement};

pub const ORIGIN: &str = "test.heard/log";

pub fn log_signer() -> NoteSigner {
    NoteSigner::new(ORIGIN, [42; 32]).expect("signer")
}

pub fn open(dir: &Path) -> Log {
    Log::open(dir, log_signer(), LogConfig::new(ORIGIN)).expect("open log")
}

pub fn author(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

/// A signed statement, unique for (author, i).
pub fn signed(author_n: u8, i: u64) -> (Vec<u8>, [u8; 64]) {
    let k = author(author_n);
    Statement {
        kind: Kind::Idea,
        time: 1_700_000_000_000 + i,
        author: k.verifying_key().to_bytes(),
        body: cbor::encode(&format!("statement {i} by {author_n}")).expect("body"),
    }
    .sign(&k)
}

/// Appends `n` statements from one thread.
pub fn fill(log: &Log, n: u64) {
    for i in 0..n {
        let (b, s) = signed(1, i);
        log.append(&b, &s).expect("append");
    }
}

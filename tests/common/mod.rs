//! Shared set-up for the integration tests.
#![allow(dead_code)]

pub mod browser;
pub mod go;
pub mod migrate;
pub mod process;
pub mod services;

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

/// The operator key of [`open_ledger`] ledgers.
pub fn operator() -> SigningKey {
    author(200)
}

/// A ledger (log + attribution policy) in `dir` with [`operator`] as its operator.
pub fn open_ledger(dir: &Path) -> heard::ledger::Ledger {
    heard::ledger::Ledger::open(dir, log_signer(), LogConfig::new(ORIGIN), operator().verifying_key().to_bytes())
        .expect("open ledger")
}

/// A statement the policy admits: the operator enrols a fresh witness key derived from `i`.
pub fn enrolment(i: u64) -> (Vec<u8>, [u8; 64]) {
    use heard::attribution::kinds::{ACTION_ENROL, Body, EnrolBody, Id, Role};
    let mut seed = [7u8; 32];
    seed[..8].copy_from_slice(&i.to_be_bytes());
    let enrolled = SigningKey::from_bytes(&seed);
    let body = Body::Enrol(EnrolBody {
        key: Id(enrolled.verifying_key().to_bytes()),
        role: Role::Witness.code(),
        name: format!("witness {i}"),
        action: ACTION_ENROL,
    });
    let op = operator();
    Statement {
        kind: Kind::Enrol,
        time: 1_700_000_000_000 + i,
        author: op.verifying_key().to_bytes(),
        body: body.encode().expect("body"),
    }
    .sign(&op)
}

/// A temporary data folder (`<tmp>/data`) whose keys are the tests' fixed log key and
/// [`operator`] key, for tests that run `heard serve` on it.
pub fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("data folder");
    heard::keys::write_key_file(&data.join("log.key"), &log_signer()).expect("log key");
    let op = NoteSigner::new("operator", operator().to_bytes()).expect("operator key");
    heard::keys::write_key_file(&data.join("operator.key"), &op).expect("operator key");
    dir
}

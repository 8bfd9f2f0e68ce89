//! Heard: an idea-attribution and knowledge-equity ledger.
//!
//! Statements signed by their authors are sequenced into an append-only, hash-chained log
//! with a Merkle tree and signed checkpoints over it, so anyone can check who contributed
//! what without trusting the operator. See docs/ARCHITECTURE.md for the map of this crate
//! and docs/PROTOCOL.md for the bytes.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod attribution;
pub mod cli;
pub mod demo;
pub mod i18n;
pub mod import;
pub mod keys;
pub mod ledger;
pub mod log;
pub mod protocol;
pub mod scale;
pub mod search;
pub mod server;
pub mod sheet;
pub mod staff;
pub mod witness;

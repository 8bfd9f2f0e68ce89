//! The protocol core: every byte Heard signs, hashes or serves, and how to check it.
//!
//! **Architecture Invariant:** nothing in this module does I/O or knows about storage,
//! the domain or HTTP. It takes bytes and returns values, so an independent verifier can be
//! built from it (and from docs/PROTOCOL.md) alone.

pub mod cbor;
pub mod entry;
pub mod integrity;
pub mod merkle;
pub mod note;
pub mod receipt;
pub mod statement;

/// A SHA-256 digest.
pub type Hash = [u8; 32];

//! The log service: the durable store, the single-writer sequencer and the audit.
//!
//! **Architecture Invariant:** the log knows statements, entries, the Merkle tree and
//! checkpoints, never what a statement means. Domain rules reach it only through the
//! [`Gate`] trait (and [`batch_gate::BatchGate`] for a store reached by round trips).

pub mod audit;
pub mod batch_gate;
pub mod clock;
pub mod reads;
mod sequencer;
pub mod store;
pub mod tiles;
pub mod view;

pub use sequencer::{
    AppendError, Appended, BATCH_SIZE_BOUNDS, CosignError, Gate, IndexWrite, Log, LogConfig, MAX_COSIGNATURES,
    OpenError, Refusal, Signed, WriterStats, checked_cosignature,
};

//! [`LogView`]: what the faces ask of a log — its checkpoints, entries, proofs, receipts,
//! tiles and witnesses' cosignatures — whichever backend keeps it: the embedded [`Log`] or a
//! log on PostgreSQL and a bucket (`scale::backend`). Blocking: async code calls it from
//! `spawn_blocking` or, for the short reads, directly (the embedded log answers them from
//! memory or one file read).

use super::store::StoreError;
use super::tiles::{self, Tile, TileError};
use super::{CosignError, Log, Signed, WriterStats};
use crate::protocol::Hash;
use crate::protocol::merkle::ProofError;
use crate::protocol::note::NoteVerifier;

/// The read side of a log, and the cosignatures witnesses add to it.
pub trait LogView: Send + Sync {
    /// The log's public key.
    fn verifier(&self) -> &NoteVerifier;
    /// The newest signed checkpoint.
    fn latest(&self) -> Signed;
    /// The log's time now, milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Entry bytes by seq, if the latest checkpoint covers it.
    fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError>;
    /// The seq of the entry with this entry hash.
    fn seq_of_entry(&self, entry_hash: &Hash) -> Result<Option<u64>, StoreError>;
    /// The seq of the entry holding the statement with this statement hash.
    fn seq_of_statement(&self, statement_hash: &Hash) -> Result<Option<u64>, StoreError>;
    /// Inclusion proof for entry `index` in the tree of `size` entries (≤ the latest size).
    fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError<StoreError>>;
    /// Consistency proof between two tree sizes (both ≤ the latest size).
    fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, ProofError<StoreError>>;
    /// The signed checkpoint of `size` entries with the cosignatures kept for it.
    fn checkpoint_at(&self, size: u64) -> Result<String, CosignError>;
    /// The latest checkpoint with the cosignatures kept for it.
    fn latest_cosigned(&self) -> Result<String, CosignError>;
    /// A receipt for entry `seq` (c2sp.org/tlog-proof with the entry).
    fn receipt(&self, seq: u64) -> Result<String, CosignError>;
    /// The size of the newest checkpoint with the quorum of cosignatures, if any.
    fn newest_witnessed(&self) -> Result<Option<u64>, CosignError>;
    /// Keeps a cosignature of a witness the caller has found to be one of the log's.
    fn add_cosignature(&self, witness: &NoteVerifier, cosigned: &str) -> Result<u64, CosignError>;
    /// Why appends fail now, if they do.
    fn failure(&self) -> Option<String>;
    /// A hash tile or entry bundle (c2sp.org/tlog-tiles).
    fn tile(&self, tile: &Tile) -> Result<Vec<u8>, TileError>;
    /// The embedded writer's counters (none for a log on PostgreSQL).
    fn writer_stats(&self) -> Option<&WriterStats>;
}

impl LogView for Log {
    fn verifier(&self) -> &NoteVerifier {
        Log::verifier(self)
    }
    fn latest(&self) -> Signed {
        Log::latest(self)
    }
    fn now_ms(&self) -> u64 {
        Log::now_ms(self)
    }
    fn entry(&self, seq: u64) -> Result<Option<Vec<u8>>, StoreError> {
        Log::entry(self, seq)
    }
    fn seq_of_entry(&self, entry_hash: &Hash) -> Result<Option<u64>, StoreError> {
        self.store().seq_of_entry(entry_hash)
    }
    fn seq_of_statement(&self, statement_hash: &Hash) -> Result<Option<u64>, StoreError> {
        self.store().seq_of_statement(statement_hash)
    }
    fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError<StoreError>> {
        Log::inclusion_proof(self, index, size)
    }
    fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Hash>, ProofError<StoreError>> {
        Log::consistency_proof(self, old, new)
    }
    fn checkpoint_at(&self, size: u64) -> Result<String, CosignError> {
        Log::checkpoint_at(self, size)
    }
    fn latest_cosigned(&self) -> Result<String, CosignError> {
        Log::latest_cosigned(self)
    }
    fn receipt(&self, seq: u64) -> Result<String, CosignError> {
        Log::receipt(self, seq)
    }
    fn newest_witnessed(&self) -> Result<Option<u64>, CosignError> {
        Log::newest_witnessed(self)
    }
    fn add_cosignature(&self, witness: &NoteVerifier, cosigned: &str) -> Result<u64, CosignError> {
        Log::add_cosignature(self, witness, cosigned)
    }
    fn failure(&self) -> Option<String> {
        Log::failure(self)
    }
    fn tile(&self, tile: &Tile) -> Result<Vec<u8>, TileError> {
        tiles::read(self, tile)
    }
    fn writer_stats(&self) -> Option<&WriterStats> {
        Some(self.stats())
    }
}

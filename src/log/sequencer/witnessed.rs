//! What the log adds to its own checkpoints: witnesses' cosignatures, the signed note served
//! for any size, and receipts built on the newest witnessed checkpoint.
//!
//! Whether a witness may cosign at all is not decided here (the log knows no operator
//! configuration and no domain): the caller has already decided that. This module bounds
//! what any accepted witness can add: one line per witness key per checkpoint, at most
//! [`MAX_COSIGNATURES`] lines per checkpoint. The caller also says how many cosignatures
//! make a checkpoint *witnessed* ([`Log::set_witness_quorum`], one unless told); receipts
//! are built on the newest witnessed checkpoint that covers the entry.

use super::{Log, ProofError, sign_checkpoint};
use crate::log::store::{CosignaturePut, StoreError};
use crate::protocol::note::{Checkpoint, Note, NoteVerifier};

/// The most cosignature lines one checkpoint carries. With the log's own signature the note
/// stays far below the 100 signatures Go's `note.Open` accepts (and Heard's own verifier).
pub const MAX_COSIGNATURES: usize = 32;

/// Why a checkpoint, cosignature or receipt request failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CosignError {
    /// The note or cosignature is malformed or does not verify.
    #[error("{0}")]
    Note(crate::protocol::note::NoteError),
    /// The checkpoint is not one this log signed (other origin, size beyond the log, other root).
    #[error("this log never signed that checkpoint")]
    UnknownCheckpoint,
    /// The note carries no cosignature from the given witness.
    #[error("the note carries no cosignature from this witness")]
    NoCosignature,
    /// The checkpoint already carries [`MAX_COSIGNATURES`] cosignatures from other witnesses.
    #[error(
        "this checkpoint already carries {MAX_COSIGNATURES} cosignatures, the most the log keeps for one checkpoint"
    )]
    Full,
    /// No entry with this seq.
    #[error("the log has no entry {0}")]
    UnknownEntry(u64),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CosignError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CosignError::Note(e) => e.code(),
            CosignError::UnknownCheckpoint => "unknown_checkpoint",
            CosignError::NoCosignature => "no_cosignature",
            CosignError::Full => "cosignatures_full",
            CosignError::UnknownEntry(_) => "unknown_entry",
            CosignError::Store(e) => e.code(),
        }
    }
}

/// The quorum and what it gives, kept under the cosigning lock.
pub(super) struct Witnessed {
    /// How many cosignature lines make a checkpoint witnessed (0: every checkpoint is).
    quorum: usize,
    /// The newest witnessed size, once computed (`None`: not yet read from the store).
    newest: Option<Option<u64>>,
}

impl Default for Witnessed {
    fn default() -> Self {
        Witnessed { quorum: 1, newest: None }
    }
}

impl Log {
    /// Sets how many cosignatures (of witnesses the caller accepted) make a checkpoint
    /// witnessed; 0 makes every checkpoint witnessed. Reads the stored cosignatures once.
    pub fn set_witness_quorum(&self, quorum: usize) -> Result<(), CosignError> {
        let mut w = self.shared.cosigning.lock().unwrap_or_else(|p| p.into_inner());
        w.quorum = quorum;
        w.newest = None;
        self.newest_witnessed_locked(&mut w).map(|_| ())
    }

    /// The quorum [`Log::set_witness_quorum`] set (one unless set).
    pub fn witness_quorum(&self) -> usize {
        self.shared.cosigning.lock().unwrap_or_else(|p| p.into_inner()).quorum
    }

    /// The size of the newest checkpoint with at least the quorum of cosignatures, if any
    /// (with a quorum of 0, the latest checkpoint's size).
    pub fn newest_witnessed(&self) -> Result<Option<u64>, CosignError> {
        let mut w = self.shared.cosigning.lock().unwrap_or_else(|p| p.into_inner());
        self.newest_witnessed_locked(&mut w)
    }

    fn newest_witnessed_locked(&self, w: &mut Witnessed) -> Result<Option<u64>, CosignError> {
        if w.quorum == 0 {
            let latest = self.latest().size;
            return Ok((latest > 0).then_some(latest));
        }
        if let Some(n) = w.newest {
            return Ok(n);
        }
        let mut counts = std::collections::BTreeMap::<u64, usize>::new();
        for (size, _, _) in self.shared.store.cosignature_rows()? {
            *counts.entry(size).or_default() += 1;
        }
        let latest = self.latest().size;
        let newest = counts
            .into_iter()
            .rev()
            .find(|(size, n)| *size <= latest && (*n).min(MAX_COSIGNATURES) >= w.quorum)
            .map(|(size, _)| size);
        w.newest = Some(newest);
        Ok(newest)
    }

    /// The signed checkpoint note for the tree of `size` entries (≤ latest size), with every
    /// witness cosignature stored for it (at most [`MAX_COSIGNATURES`]). Ed25519 signing is
    /// deterministic, so this is the same note the log signed when it reached that size.
    pub fn checkpoint_at(&self, size: u64) -> Result<String, CosignError> {
        let root = self.root_at(size).map_err(|e| match e {
            ProofError::Merkle(_) => CosignError::UnknownCheckpoint,
            ProofError::Store(s) => CosignError::Store(s),
        })?;
        let mut note = sign_checkpoint(&self.shared.signer, &self.shared.origin, size, root)
            .map_err(|_| CosignError::UnknownCheckpoint)?
            .note;
        for line in self.cosignatures(size)? {
            note.push_str(&line);
        }
        Ok(note)
    }

    /// The latest checkpoint's note as the writer signed it, followed by the witnesses'
    /// cosignature lines stored for its size: what `/v1/checkpoint` and `/tiles/checkpoint`
    /// serve and `export-tiles` writes. Equal to `checkpoint_at(size)` (Ed25519 signing is
    /// deterministic) without signing the note again on every read.
    pub fn latest_cosigned(&self) -> Result<String, CosignError> {
        let latest = self.latest();
        let mut note = latest.note;
        for line in self.cosignatures(latest.size)? {
            note.push_str(&line);
        }
        Ok(note)
    }

    /// The cosignature lines kept for the checkpoint of `size` entries, at most
    /// [`MAX_COSIGNATURES`] (rows stored before the cap are cut here too).
    pub fn cosignatures(&self, size: u64) -> Result<Vec<String>, CosignError> {
        let mut lines = self.shared.store.cosignatures(size)?;
        lines.truncate(MAX_COSIGNATURES);
        Ok(lines)
    }

    /// Accepts a cosignature from `witness`, whom the caller has already found to be one of
    /// the log's witnesses: `cosigned` is a checkpoint note this log signed, carrying a
    /// `cosignature/v1` line from `witness`. The line is stored (replacing the witness's
    /// earlier line for the same checkpoint, so each witness has one) and attached to the
    /// checkpoint from then on. Returns the checkpoint's tree size.
    pub fn add_cosignature(&self, witness: &NoteVerifier, cosigned: &str) -> Result<u64, CosignError> {
        let latest = self.latest().size;
        let (cp, line) = checked_cosignature(witness, cosigned, &self.shared.origin, |size| {
            if size > latest {
                return Err(CosignError::UnknownCheckpoint);
            }
            self.root_at(size).map_err(|_| CosignError::UnknownCheckpoint)
        })?;
        // One writer at a time, so that the count checked is the count written against.
        let mut w = self.shared.cosigning.lock().unwrap_or_else(|p| p.into_inner());
        match self.shared.store.put_cosignature(cp.size, witness.public_key(), &line, MAX_COSIGNATURES)? {
            CosignaturePut::Stored => {
                if let Some(newest) = w.newest
                    && w.quorum > 0
                    && newest.is_none_or(|n| n < cp.size)
                    && self.cosignatures(cp.size)?.len() >= w.quorum
                {
                    w.newest = Some(Some(cp.size));
                }
                Ok(cp.size)
            }
            CosignaturePut::Full => Err(CosignError::Full),
        }
    }

    /// A receipt for entry `seq`: the entry, its inclusion proof and a signed checkpoint that
    /// covers it — the newest witnessed one (at least the quorum of cosignatures) when it
    /// covers the entry, otherwise the latest.
    pub fn receipt(&self, seq: u64) -> Result<String, CosignError> {
        let latest = self.latest().size;
        if seq >= latest {
            return Err(CosignError::UnknownEntry(seq));
        }
        let size = match self.newest_witnessed()? {
            Some(s) if s > seq && s <= latest => s,
            _ => latest,
        };
        let entry = self.shared.store.entry(seq)?.ok_or(CosignError::UnknownEntry(seq))?;
        let proof = self.inclusion_proof(seq, size).map_err(|e| match e {
            ProofError::Merkle(_) => CosignError::UnknownEntry(seq),
            ProofError::Store(s) => CosignError::Store(s),
        })?;
        Ok(crate::protocol::receipt::receipt_text(&entry, seq, &proof, &self.checkpoint_at(size)?))
    }
}

/// The checkpoint `cosigned` names and `witness`'s cosignature line over it, checked: the
/// checkpoint must be this log's (origin `origin`, and the root `root_at` gives for its size,
/// which answers [`CosignError::UnknownCheckpoint`] for a size the log has not reached) and
/// carry a valid `cosignature/v1` from `witness`. What both backends check before they keep
/// a cosignature.
pub fn checked_cosignature(
    witness: &NoteVerifier,
    cosigned: &str,
    origin: &str,
    root_at: impl FnOnce(u64) -> Result<crate::protocol::Hash, CosignError>,
) -> Result<(Checkpoint, String), CosignError> {
    let note = Note::parse(cosigned).map_err(CosignError::Note)?;
    let cp = Checkpoint::parse_text(&note.text).map_err(CosignError::Note)?;
    if cp.origin != origin || root_at(cp.size)? != cp.root {
        return Err(CosignError::UnknownCheckpoint);
    }
    let sig = note
        .signatures
        .iter()
        .find(|s| s.name == witness.name() && s.key_id == witness.key_id())
        .ok_or(CosignError::NoCosignature)?;
    crate::protocol::note::verify_cosignature(witness, &note.text, sig).map_err(CosignError::Note)?;
    Ok((cp, crate::protocol::note::signature_line(&sig.name, sig.key_id, &sig.sig)))
}

//! Who may cosign the log's checkpoints: the witnesses the operator configured (the data
//! folder's `witnesses` file, [`crate::witness::policy`]) and keys enrolled with the witness
//! role. Cosignatures from anyone else are refused, and any kept from before this rule (or
//! from a witness since revoked) are dropped when the ledger opens, so that no stranger's
//! line can make a checkpoint, or a receipt built on it, unreadable.

use super::{Ledger, LedgerError};
use crate::attribution::kinds::Id;
use crate::attribution::query;
use crate::protocol::note::{KEY_TYPE_COSIGNATURE_V1, Note, NoteVerifier, key_id};
use crate::witness::policy::{PolicyWitness, WitnessPolicy};

impl Ledger {
    /// This ledger with `witnesses` configured by the operator (besides the enrolled ones);
    /// drops stored cosignatures from anyone who is neither.
    pub fn with_witnesses(self, witnesses: Vec<NoteVerifier>) -> Result<Ledger, LedgerError> {
        let witnesses = witnesses.into_iter().map(|key| PolicyWitness { key, url: None }).collect();
        self.with_witness_policy(WitnessPolicy { witnesses, ..WitnessPolicy::default() })
    }

    /// This ledger with the operator's witnesses file `policy`: its witnesses may cosign
    /// (besides the enrolled ones), and a checkpoint is witnessed when its quorum of the
    /// log's witnesses cosigned it. Drops stored cosignatures from anyone else.
    pub fn with_witness_policy(mut self, policy: WitnessPolicy) -> Result<Ledger, LedgerError> {
        self.witnesses = policy.verifiers().into();
        self.drop_strangers_cosignatures()?;
        match &self.backend {
            super::Backend::Embedded(log) => log.set_witness_quorum(policy.quorum())?,
            super::Backend::Postgres(pg) => pg.set_quorum(policy.quorum()),
        }
        self.policy = policy.into();
        Ok(self)
    }

    /// The operator's witnesses file as read (the witnesses to ask, their URLs, the quorum).
    pub fn witness_policy(&self) -> &WitnessPolicy {
        &self.policy
    }

    /// The witnesses the operator configured.
    pub fn configured_witnesses(&self) -> &[NoteVerifier] {
        &self.witnesses
    }

    /// Whether `witness` may cosign: configured exactly so (name and key), or its key is
    /// enrolled with the witness role and active.
    pub fn is_witness(&self, witness: &NoteVerifier) -> Result<bool, LedgerError> {
        if witness.key_type() != KEY_TYPE_COSIGNATURE_V1 {
            return Ok(false);
        }
        if self.witnesses.iter().any(|w| w.to_text() == witness.to_text()) {
            return Ok(true);
        }
        Ok(query::is_active_witness(self.reads(), &Id(witness.public_key()))?)
    }

    /// Accepts a cosignature of one of the log's witnesses (`unknown_witness` for anyone
    /// else; see [`crate::log::Log::add_cosignature`] for the rest). Returns the size.
    pub fn add_cosignature(&self, witness: &NoteVerifier, cosigned: &str) -> Result<u64, LedgerError> {
        if !self.is_witness(witness)? {
            return Err(LedgerError::UnknownWitness);
        }
        Ok(self.view.add_cosignature(witness, cosigned)?)
    }

    /// Removes every stored cosignature whose witness may not cosign now, and re-keys lines
    /// stored by key ID alone (before witnesses were keyed by public key) under their key.
    /// (Embedded logs: a log on PostgreSQL only ever kept cosignatures keyed by public key
    /// and checked on arrival.)
    fn drop_strangers_cosignatures(&self) -> Result<(), LedgerError> {
        let Some(store) = self.store() else { return Ok(()) };
        let rows = store.cosignature_rows()?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut enrolled: Option<Vec<Id>> = None;
        let mut dropped = 0usize;
        for (size, witness, line) in rows {
            // The line's name and key ID, read through the note parser.
            let sig = Note::parse(&format!("-\n\n{line}")).ok().and_then(|n| n.signatures.into_iter().next());
            let keep = match (&sig, witness) {
                (None, _) => None,
                (Some(sig), Some(pk)) => {
                    let configured = self
                        .witnesses
                        .iter()
                        .any(|w| w.public_key() == pk && w.name() == sig.name && w.key_id() == sig.key_id);
                    let ok = configured
                        || (key_id(&sig.name, KEY_TYPE_COSIGNATURE_V1, &pk) == sig.key_id
                            && query::is_active_witness(store, &Id(pk))?);
                    ok.then_some(pk)
                }
                (Some(sig), None) => {
                    let configured = self
                        .witnesses
                        .iter()
                        .find(|w| w.name() == sig.name && w.key_id() == sig.key_id)
                        .map(|w| w.public_key());
                    match configured {
                        Some(pk) => Some(pk),
                        None => {
                            let keys = match &enrolled {
                                Some(k) => k,
                                None => enrolled.insert(query::active_witnesses(store)?),
                            };
                            keys.iter()
                                .find(|k| key_id(&sig.name, KEY_TYPE_COSIGNATURE_V1, &k.0) == sig.key_id)
                                .map(|k| k.0)
                        }
                    }
                }
            };
            match (keep, witness) {
                (Some(_), Some(_)) => {}
                (Some(pk), None) => {
                    store.remove_cosignatures(size, None)?;
                    store.put_cosignature(size, pk, &line, crate::log::MAX_COSIGNATURES)?;
                }
                (None, w) => {
                    dropped += 1;
                    store.remove_cosignatures(size, w)?;
                }
            }
        }
        if dropped > 0 {
            tracing::warn!(dropped, "dropped cosignatures from keys that are not the log's witnesses");
        }
        Ok(())
    }
}

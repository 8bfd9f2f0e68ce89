//! Payments beside the log (docs/PROTOCOL.md §21): what an `acknowledge` submission must
//! carry beside it, and who may be shown an amount — the contributor of an acknowledged idea
//! (by any active key of theirs) and the organisation that made the acknowledgement.

use super::{After, Ledger, LedgerError};
use crate::attribution::AttributionError;
use crate::attribution::kinds::{AcknowledgeBody, Body, Id, Role};
use crate::attribution::payment::{self, Payment, PaymentError};
use crate::attribution::query;
use crate::attribution::state::{AckRec, STATUS_ACTIVE, key, load};
use crate::protocol::Hash;
use crate::protocol::entry::entry_hash;
use crate::protocol::statement::{Kind, Statement};

/// An acknowledgement's amount as its contributor or organisation is shown it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Kept beside the log: amount, currency and the salt that gives the entry's digest.
    Private(Payment),
    /// An older entry's amount, in the open in its statement.
    Public {
        /// Minor units.
        amount: u64,
        /// ISO 4217 code.
        currency: String,
    },
}

/// One acknowledgement with its amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentView {
    /// The `acknowledge` entry's seq.
    pub seq: u64,
    /// Its entry hash (the key of the amount beside the log).
    pub entry_hash: Hash,
    /// The acknowledgement as the log's index holds it.
    pub ack: AckRec,
    /// The amount.
    pub amount: Shown,
}

/// What a submission with an amount beside it needs (an acknowledgement with a matching
/// `payment` digest); bodies that do not decode are left to the policy.
pub(super) fn plan(st: &Statement, p: Payment) -> Result<After, LedgerError> {
    let b = match body(st) {
        Some(b) => b,
        None if st.kind == Kind::Acknowledge => return Ok(After::Nothing),
        None => return Err(PaymentError::Unexpected.into()),
    };
    let Some(digest) = b.payment else { return Err(PaymentError::Unexpected.into()) };
    p.check()?;
    if digest.0 != p.digest() {
        return Err(PaymentError::Mismatch.into());
    }
    Ok(After::Pay(p))
}

/// An acknowledgement sent without an amount beside it: refused when its body has a
/// `payment` digest.
pub(super) fn plan_without(st: &Statement) -> Result<After, LedgerError> {
    match body(st) {
        Some(AcknowledgeBody { payment: Some(_), .. }) => Err(PaymentError::Required.into()),
        _ => Ok(After::Nothing),
    }
}

fn body(st: &Statement) -> Option<AcknowledgeBody> {
    match Body::decode(st.kind, &st.body) {
        Ok(Body::Acknowledge(b)) if st.kind == Kind::Acknowledge => Some(b),
        _ => None,
    }
}

impl Ledger {
    /// The acknowledgement at `seq` with its amount, shown to the contributor holding
    /// `key`: one of the ideas it acknowledges must be in their portfolio.
    pub fn payment_for_contributor(&self, key_: &Id, seq: u64) -> Result<PaymentView, LedgerError> {
        self.active(key_)?;
        let (ack, eh) = self.acknowledgement(seq)?;
        let party = query::party_of(self.reads(), key_)?;
        let mut theirs = false;
        for idea in &ack.ideas {
            let head = query::idea_head(self.reads(), idea)?;
            let row = self.reads().row(&key(b'P', &[&party.0, &head.seq.to_be_bytes()]))?;
            theirs |= row.as_deref() == Some(&idea.0[..]);
        }
        if !theirs {
            return Err(
                PaymentError::NotYours("this acknowledgement is not of an idea of this key's contributor").into()
            );
        }
        self.shown(seq, eh, ack)
    }

    /// The acknowledgement at `seq` with its amount, shown to the organisation that made it
    /// (an active organisation key of the party that signed it).
    pub fn payment_for_organisation(&self, key_: &Id, seq: u64) -> Result<PaymentView, LedgerError> {
        let rec = self.active(key_)?;
        let (ack, eh) = self.acknowledgement(seq)?;
        let org = rec.filter(|r| r.role == Some(Role::Organisation.code())).map(|r| r.party);
        if org != Some(ack.author) {
            return Err(PaymentError::NotYours("this acknowledgement was made by another organisation").into());
        }
        self.shown(seq, eh, ack)
    }

    /// The acknowledgements at these seqs (an idea's `acks`), in the order given, as the log
    /// holds them: an amount kept beside the log is not among them (only
    /// [`Ledger::payment_for_organisation`] and [`Ledger::payment_for_contributor`] show it).
    pub fn acknowledgements_at(&self, seqs: &[u64]) -> Result<Vec<AckRec>, LedgerError> {
        let mut out = Vec::with_capacity(seqs.len());
        for seq in seqs {
            if let Some(a) = load::<AckRec>(self.reads(), &key(b'A', &[&seq.to_be_bytes()]))? {
                out.push(a);
            }
        }
        Ok(out)
    }

    fn active(&self, k: &Id) -> Result<Option<crate::attribution::state::KeyRec>, LedgerError> {
        let rec = query::key_rec(self.reads(), k)?;
        if rec.as_ref().is_some_and(|r| r.status != STATUS_ACTIVE) {
            return Err(PaymentError::KeyInactive.into());
        }
        Ok(rec)
    }

    fn acknowledgement(&self, seq: u64) -> Result<(AckRec, Hash), LedgerError> {
        let ack: AckRec = load(self.reads(), &key(b'A', &[&seq.to_be_bytes()]))?
            .filter(|_| seq < self.view.latest().size)
            .ok_or(PaymentError::UnknownAcknowledgement)?;
        let bytes =
            self.reads().entry(seq)?.ok_or_else(|| AttributionError::Storage(format!("entry {seq} is missing")))?;
        Ok((ack, entry_hash(&bytes)))
    }

    fn shown(&self, seq: u64, eh: Hash, ack: AckRec) -> Result<PaymentView, LedgerError> {
        let amount = match (&ack.payment, ack.amount, &ack.currency) {
            (Some(_), _, _) => Shown::Private(payment::get(self.reads(), &eh)?.ok_or_else(|| {
                AttributionError::Storage(format!("the amount of the acknowledgement at entry {seq} is missing"))
            })?),
            (None, Some(amount), Some(c)) => Shown::Public { amount, currency: c.clone() },
            _ => return Err(PaymentError::NoPayment.into()),
        };
        Ok(PaymentView { seq, entry_hash: eh, ack, amount })
    }
}

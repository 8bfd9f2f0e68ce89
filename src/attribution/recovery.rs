//! Recovery when a contributor's key file is lost (docs/PROTOCOL.md §13, §16): the two
//! statement bodies, the new key's binding, the record the policy keeps, and the rule that
//! says when a recovery is in effect.
//!
//! A facilitator the person meets signs a `recover` (kind 12) naming the old key, a new key
//! made in the person's browser and a waiting period; the new key signs the binding, so the
//! credit can only move to a key the person holds. The old key (or a key of its party) may
//! sign a `cancel_recovery` (kind 13) while the wait runs. **The effect rule:** a recovery
//! that was not cancelled is in effect for every statement whose log time is at least the
//! `recover` entry's log time plus the wait; a cancel is accepted only before that moment.
//! Everything is decided from log times, so the audit's replay decides exactly as the gate.

use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::AttributionError;
use super::kinds::Id;
use super::state::{KeyRec, key, load};
use crate::log::reads::Reads;

/// The 22 ASCII bytes before the old and new keys in the message the new key signs.
pub const BINDING_PREFIX: &[u8] = b"heard/v1/recovery-key\n";

/// The shortest waiting period the protocol accepts, in days (the policy's
/// `recovery_wait_too_short`; the audit checks it too).
pub const MIN_WAIT_DAYS: u64 = 7;

/// The longest waiting period a body may carry, in days (longer is `malformed_body`).
pub const MAX_WAIT_DAYS: u64 = 365;

/// The waiting period a server asks for unless its operator chose another
/// (`heard serve --recovery-wait-days`).
pub const DEFAULT_WAIT_DAYS: u64 = 14;

/// One day in milliseconds of log time.
pub const DAY_MS: u64 = 86_400_000;

/// `recover` (kind 12): an enrolled facilitator starts moving the credit of `old_key` to
/// `new_key` after `wait_days`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoverBody {
    /// 0: the contributor's lost key.
    pub old_key: Id,
    /// 1: the new key, made in the person's browser.
    pub new_key: Id,
    /// 2: the waiting period in days.
    pub wait_days: u64,
    /// 3: the new key's Ed25519 signature over [`binding_message`] (64 bytes).
    #[serde(with = "serde_bytes")]
    pub binding: Vec<u8>,
}

/// `cancel_recovery` (kind 13): the old key stops a recovery before it takes effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelRecoveryBody {
    /// 0: the statement hash of the `recover` statement.
    pub recovery: Id,
}

/// The message the new key signs: [`BINDING_PREFIX`] ‖ old key (32) ‖ new key (32).
pub fn binding_message(old_key: &Id, new_key: &Id) -> Vec<u8> {
    let mut m = Vec::with_capacity(BINDING_PREFIX.len() + 64);
    m.extend_from_slice(BINDING_PREFIX);
    m.extend_from_slice(&old_key.0);
    m.extend_from_slice(&new_key.0);
    m
}

/// The binding signature by `new_key` for moving the credit of `old_key` to it.
pub fn sign_binding(new_key: &SigningKey, old_key: &Id) -> [u8; 64] {
    use ed25519_dalek::Signer;
    let new = Id(new_key.verifying_key().to_bytes());
    new_key.sign(&binding_message(old_key, &new)).to_bytes()
}

/// Whether `binding` is a valid signature by `new_key` (not a weak key; `verify_strict`).
pub fn binding_verifies(old_key: &Id, new_key: &Id, binding: &[u8]) -> bool {
    let Ok(sig) = <[u8; 64]>::try_from(binding) else { return false };
    let Ok(key) = VerifyingKey::from_bytes(&new_key.0) else { return false };
    !key.is_weak() && key.verify_strict(&binding_message(old_key, new_key), &Signature::from_bytes(&sig)).is_ok()
}

/// A cancellation of a recovery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelRec {
    /// Seq of the `cancel_recovery` entry.
    pub seq: u64,
    /// Its log time (always before the recovery's `effective_at`).
    pub log_time: u64,
}

/// A recovery as the policy keeps it (row `J` ‖ old key: the latest recovery of that key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryRec {
    /// Seq of the `recover` entry.
    pub seq: u64,
    /// Its log time.
    pub log_time: u64,
    /// Its statement hash (what a cancel names).
    pub id: Id,
    /// The lost key.
    pub old_key: Id,
    /// The new key.
    pub new_key: Id,
    /// The party whose credit moves (the old key's party when the recovery started).
    pub party: Id,
    /// The facilitator's party that started it.
    pub by: Id,
    /// The waiting period, days.
    pub wait_days: u64,
    /// The first log time at which it is in effect: `log_time + wait_days × DAY_MS`.
    pub effective_at: u64,
    /// Set when the old key cancelled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<CancelRec>,
}

impl RecoveryRec {
    /// The effect rule: in effect for a statement (or a view) at log time `t`.
    pub fn in_effect_at(&self, t: u64) -> bool {
        self.cancelled.is_none() && t >= self.effective_at
    }
    /// Neither cancelled nor yet in effect at `t`.
    pub fn open_at(&self, t: u64) -> bool {
        self.cancelled.is_none() && t < self.effective_at
    }
}

/// When a recovery started at `log_time` with `wait_days` takes effect.
pub fn effective_at(log_time: u64, wait_days: u64) -> u64 {
    log_time.saturating_add(wait_days.saturating_mul(DAY_MS))
}

/// The party a key acts for at log time `now`: its enrolled or rotated party; for a key a
/// recovery made, its old key's party once that recovery is in effect; else itself.
pub fn party_at(store: &dyn Reads, k: &Id, now: u64) -> Result<Id, AttributionError> {
    if let Some(r) = load::<KeyRec>(store, &key(b'K', &[&k.0]))? {
        return Ok(r.party);
    }
    Ok(made_key(store, k)?.filter(|r| r.in_effect_at(now)).map(|r| r.party).unwrap_or(*k))
}

/// The recovery that named `k` as its new key, if any (cancelled or not).
fn made_key(store: &dyn Reads, k: &Id) -> Result<Option<RecoveryRec>, AttributionError> {
    let Some(old) = load::<Id>(store, &key(b'F', &[&k.0]))? else { return Ok(None) };
    Ok(load::<RecoveryRec>(store, &key(b'J', &[&old.0]))?.filter(|r| r.new_key == *k))
}

/// The recoveries that concern one key, for its portfolio.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recoveries {
    /// The log time the states were read at.
    pub now: u64,
    /// The latest recovery of this key's credit to another key (this key is the old key).
    pub from_this_key: Option<RecoveryRec>,
    /// The recovery that made this key (this key is the new key).
    pub to_this_key: Option<RecoveryRec>,
}

/// What the log says about recoveries of and to `k`, at log time `now`.
pub fn recoveries(store: &dyn Reads, k: &Id, now: u64) -> Result<Recoveries, AttributionError> {
    Ok(Recoveries {
        now,
        from_this_key: load::<RecoveryRec>(store, &key(b'J', &[&k.0]))?,
        to_this_key: made_key(store, k)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binding_message_is_prefix_old_new() {
        let m = binding_message(&Id([1; 32]), &Id([2; 32]));
        assert_eq!(BINDING_PREFIX.len(), 22);
        assert_eq!(m.len(), 86);
        assert_eq!(&m[22..54], &[1; 32]);
        assert_eq!(&m[54..], &[2; 32]);
    }

    /// The example of docs/PROTOCOL.md §13, byte for byte.
    #[test]
    fn a_recover_body_encodes_as_the_protocol_says() {
        let b = RecoverBody { old_key: Id([1; 32]), new_key: Id([2; 32]), wait_days: 14, binding: vec![3; 64] };
        let mut want = vec![0xa4, 0x00, 0x58, 0x20];
        want.extend_from_slice(&[1; 32]);
        want.extend_from_slice(&[0x01, 0x58, 0x20]);
        want.extend_from_slice(&[2; 32]);
        want.extend_from_slice(&[0x02, 0x0e, 0x03, 0x58, 0x40]);
        want.extend_from_slice(&[3; 64]);
        assert_eq!(crate::protocol::cbor::encode(&b).unwrap(), want);
    }

    #[test]
    fn a_binding_verifies_only_for_its_own_keys() {
        let new = SigningKey::from_bytes(&[5; 32]);
        let new_id = Id(new.verifying_key().to_bytes());
        let b = sign_binding(&new, &Id([1; 32]));
        assert!(binding_verifies(&Id([1; 32]), &new_id, &b));
        assert!(!binding_verifies(&Id([9; 32]), &new_id, &b));
        assert!(!binding_verifies(&Id([1; 32]), &Id([1; 32]), &b));
        assert!(!binding_verifies(&Id([1; 32]), &new_id, &b[..63]));
    }

    #[test]
    fn the_effect_rule_follows_log_time_and_cancellation() {
        let mut r = RecoveryRec {
            seq: 3,
            log_time: 1_000,
            id: Id([3; 32]),
            old_key: Id([1; 32]),
            new_key: Id([2; 32]),
            party: Id([1; 32]),
            by: Id([4; 32]),
            wait_days: 14,
            effective_at: effective_at(1_000, 14),
            cancelled: None,
        };
        assert_eq!(r.effective_at, 1_000 + 14 * DAY_MS);
        assert!(!r.in_effect_at(r.effective_at - 1));
        assert!(r.open_at(r.effective_at - 1));
        assert!(r.in_effect_at(r.effective_at));
        assert!(!r.open_at(r.effective_at));
        r.cancelled = Some(CancelRec { seq: 4, log_time: 2_000 });
        assert!(!r.in_effect_at(u64::MAX));
        assert!(!r.open_at(2_001));
    }
}

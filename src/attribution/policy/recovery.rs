//! The rules of recovery (`recover`, `cancel_recovery`; see [`crate::attribution::recovery`]),
//! and what a recovery in effect changes for every other statement: the old key signs
//! nothing more (`key_recovered`) and the new key acts for the old key's party.
//!
//! Rows (after the store's `D` tag): `J` ‖ old key → [`RecoveryRec`] (the key's latest
//! recovery; a new one replaces only a cancelled one), `F` ‖ new key → the old key, `B` ‖
//! recovery statement hash → the old key.

use super::{Ctx, Refusal, Tx, refuse, storage};
use crate::attribution::kinds::{Id, RecoverBody, Role};
use crate::attribution::recovery::{
    CancelRec, CancelRecoveryBody, MIN_WAIT_DAYS, RecoveryRec, binding_verifies, effective_at,
};
use crate::attribution::state::{KeyRec, STATUS_ACTIVE, key};
use crate::protocol::statement::Kind;

impl Tx<'_> {
    fn any_under(&self, prefix: &[u8]) -> Result<bool, Refusal> {
        if self.writes.iter().any(|(k, v)| v.is_some() && k.starts_with(prefix)) {
            return Ok(true);
        }
        self.base.any_under(prefix).map_err(storage)
    }
}

fn recovery_of(tx: &Tx<'_>, old_key: &Id) -> Result<Option<RecoveryRec>, Refusal> {
    tx.get(&key(b'J', &[&old_key.0]))
}

/// The recovery that made `k` its new key, when it is in effect at log time `t`.
fn in_effect_for_new_key(tx: &Tx<'_>, k: &Id, t: u64) -> Result<Option<RecoveryRec>, Refusal> {
    let Some(old) = tx.get::<Id>(&key(b'F', &[&k.0]))? else { return Ok(None) };
    Ok(recovery_of(tx, &old)?.filter(|r| r.new_key == *k && r.in_effect_at(t)))
}

/// The author's key record as the rules see it at this statement: an old key whose recovery
/// is in effect is refused (except to cancel, which its own rule refuses with a plainer
/// reason), and a new key whose recovery is in effect acts for the old key's party. Keys
/// of staff (with a role) are never recovered and pass unchanged.
pub(super) fn author(tx: &Tx<'_>, ctx: &Ctx<'_>, rec: Option<KeyRec>) -> Result<Option<KeyRec>, Refusal> {
    if rec.as_ref().is_some_and(|r| r.role.is_some()) {
        return Ok(rec);
    }
    if ctx.st.kind != Kind::CancelRecovery
        && let Some(r) = recovery_of(tx, &ctx.author)?.filter(|r| r.in_effect_at(ctx.log_time))
    {
        return Err(refuse(
            "key_recovered",
            format!(
                "the credit of this key moved to key {} by the recovery at entry {}; that key signs for it now",
                r.new_key.hex(),
                r.seq
            ),
        ));
    }
    if rec.is_some() {
        return Ok(rec);
    }
    Ok(in_effect_for_new_key(tx, &ctx.author, ctx.log_time)?.map(|r| KeyRec {
        party: r.party,
        role: None,
        name: None,
        status: STATUS_ACTIVE,
        since: r.seq,
    }))
}

fn nothing(why: String) -> Refusal {
    refuse("nothing_to_recover", why)
}

pub(super) fn recover(
    tx: &mut Tx<'_>,
    ctx: &Ctx<'_>,
    operator: &Id,
    party: Id,
    role: Option<Role>,
    b: RecoverBody,
) -> Result<(), Refusal> {
    if role != Some(Role::Facilitator) {
        return Err(refuse("not_facilitator", "only an enrolled facilitator starts a recovery"));
    }
    if b.new_key == b.old_key {
        return Err(refuse("recovery_same_key", "the new key must differ from the lost key"));
    }
    if b.wait_days < MIN_WAIT_DAYS {
        return Err(refuse(
            "recovery_wait_too_short",
            format!("a recovery waits at least {MIN_WAIT_DAYS} days; this one waits {}", b.wait_days),
        ));
    }
    if !binding_verifies(&b.old_key, &b.new_key, &b.binding) {
        return Err(refuse(
            "bad_recovery_binding",
            "the binding is not the new key's signature over the old and the new key",
        ));
    }
    let old_rec = tx.key_rec(&b.old_key)?;
    if let Some(r) = &old_rec {
        if r.role.is_some() {
            return Err(nothing(format!(
                "key {} belongs to a member of staff, who gets a new key by invitation",
                b.old_key.hex()
            )));
        }
        if r.status != STATUS_ACTIVE {
            return Err(nothing(format!("key {} was replaced or revoked at entry {}", b.old_key.hex(), r.since)));
        }
    }
    let jk = key(b'J', &[&b.old_key.0]);
    if let Some(r) = recovery_of(tx, &b.old_key)? {
        if r.in_effect_at(ctx.log_time) {
            return Err(nothing(format!(
                "the credit of key {} already moved to key {} (entry {})",
                b.old_key.hex(),
                r.new_key.hex(),
                r.seq
            )));
        }
        if r.open_at(ctx.log_time) {
            return Err(refuse(
                "recovery_open",
                format!("a recovery of this key started at entry {} is still waiting", r.seq),
            ));
        }
    }
    let old_party = match &old_rec {
        Some(r) => r.party,
        None => in_effect_for_new_key(tx, &b.old_key, ctx.log_time)?.map(|r| r.party).unwrap_or(b.old_key),
    };
    if !tx.any_under(&key(b'P', &[&old_party.0]))? {
        return Err(nothing(format!("key {} has no credit in the log", b.old_key.hex())));
    }
    let new = &b.new_key.0;
    if b.new_key == *operator
        || tx.key_rec(&b.new_key)?.is_some()
        || tx.get_raw(&key(b'F', &[new]))?.is_some()
        || tx.get_raw(&key(b'J', &[new]))?.is_some()
        || tx.any_under(&key(b'P', &[new]))?
    {
        return Err(refuse(
            "key_in_use",
            format!("key {} is already known to the log; a recovery needs a fresh key", b.new_key.hex()),
        ));
    }
    let rec = RecoveryRec {
        seq: ctx.seq,
        log_time: ctx.log_time,
        id: ctx.id,
        old_key: b.old_key,
        new_key: b.new_key,
        party: old_party,
        by: party,
        wait_days: b.wait_days,
        effective_at: effective_at(ctx.log_time, b.wait_days),
        cancelled: None,
    };
    tx.put(jk, &rec)?;
    tx.put(key(b'F', &[new]), &b.old_key)?;
    tx.put(key(b'B', &[&ctx.id.0]), &b.old_key)
}

pub(super) fn cancel(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, b: CancelRecoveryBody) -> Result<(), Refusal> {
    let old: Id = tx
        .get(&key(b'B', &[&b.recovery.0]))?
        .ok_or_else(|| refuse("unknown_recovery", format!("no recovery {} is in the log", b.recovery.hex())))?;
    let jk = key(b'J', &[&old.0]);
    let mut r: RecoveryRec = tx.get(&jk)?.ok_or_else(|| refuse("storage", "a recovery's record is missing"))?;
    if r.id != b.recovery || r.cancelled.is_some() {
        return Err(refuse("already_cancelled", "this recovery was already cancelled"));
    }
    if party != r.party || ctx.author == r.new_key {
        return Err(refuse("not_old_key", "only the key whose credit this recovery moves may cancel it"));
    }
    if ctx.log_time >= r.effective_at {
        return Err(refuse(
            "recovery_in_effect",
            format!(
                "this recovery took effect on {}; it can no longer be cancelled",
                crate::attribution::dates::long_utc_day(r.effective_at)
            ),
        ));
    }
    r.cancelled = Some(CancelRec { seq: ctx.seq, log_time: ctx.log_time });
    tx.put(jk, &r)
}

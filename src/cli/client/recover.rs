//! `heard recover` and `heard cancel-recovery`: the two steps of recovering a lost key
//! (docs/PROTOCOL.md §13) from the command line.

use std::path::PathBuf;

use clap::Args;

use super::{SignerArgs, built, now_ms, parse_id, signing_key, submit};
use crate::attribution::build;
use crate::attribution::kinds::Id;
use crate::attribution::recovery::{DEFAULT_WAIT_DAYS, sign_binding};

/// Arguments of `heard recover`.
#[derive(Args)]
pub struct RecoverArgs {
    /// The contributor's lost key (64 hex digits, as their portfolio link shows it).
    #[arg(long, value_parser = parse_id)]
    old_key: Id,
    /// The contributor's new key file (made with `heard keygen`); it signs the binding, so
    /// the credit can only move to a key the contributor holds. --key is the facilitator's.
    #[arg(long)]
    new_key: PathBuf,
    /// Days before the recovery takes effect; the old key may cancel it until then.
    #[arg(long, default_value_t = DEFAULT_WAIT_DAYS)]
    wait_days: u64,
    #[command(flatten)]
    signer: SignerArgs,
}

/// Arguments of `heard cancel-recovery`.
#[derive(Args)]
pub struct CancelRecoveryArgs {
    /// The recovery's id (the `id` `heard recover` printed, 64 hex digits).
    #[arg(long, value_parser = parse_id)]
    recovery: Id,
    /// --key is the key whose credit the recovery would move.
    #[command(flatten)]
    signer: SignerArgs,
}

/// `heard recover`.
pub fn recover(a: RecoverArgs) -> anyhow::Result<()> {
    let facilitator = signing_key(&a.signer.key)?;
    let new = signing_key(&a.new_key)?;
    let binding = sign_binding(&new, &a.old_key);
    let new_id = Id(new.verifying_key().to_bytes());
    submit(&a.signer, &built(build::recover(&facilitator, now_ms(), a.old_key, new_id, a.wait_days, binding))?)?;
    Ok(())
}

/// `heard cancel-recovery`.
pub fn cancel_recovery(a: CancelRecoveryArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    submit(&a.signer, &built(build::cancel_recovery(&key, now_ms(), a.recovery))?)?;
    Ok(())
}

//! The portfolio's "Key recovery" section (docs/PROTOCOL.md §13, §18): what the log says
//! about recoveries of this key's credit to another key, and of another key's credit to
//! this one — "Recovery started on …, takes effect on …", "cancelled", "in effect" — with,
//! while a recovery of this key waits, a form to cancel it signed on this device with the
//! key file (`static/recovery.js`).

use maud::{Markup, html};

use super::date_of;
use super::lang::ta;
use crate::attribution::recovery::{Recoveries, RecoveryRec};

fn state_words(r: &RecoveryRec, now: u64) -> (&'static str, String) {
    if let Some(c) = &r.cancelled {
        ("cancelled", format!("Cancelled by the old key on {}.", date_of(c.log_time)))
    } else if r.in_effect_at(now) {
        ("in-effect", format!("In effect since {}.", date_of(r.effective_at)))
    } else {
        ("waiting", format!("Takes effect on {}, unless the old key cancels it before then.", date_of(r.effective_at)))
    }
}

/// The receipts of a recovery's entries (§18: `li[data-receipt][data-kind]`, as the ideas'),
/// with its cancellation's when `with_cancel`.
fn receipts(r: &RecoveryRec, with_cancel: bool) -> Markup {
    let link = |seq: u64, id: &str| {
        html! { a href=(format!("/v1/receipts/{seq}")) download=(format!("heard-receipt-{seq}.txt")) { (ta(id, &[("seq", seq.into())])) } }
    };
    html! {
        ul.receipts.recovery-receipts {
            li data-receipt=(r.seq) data-kind="recover" { (link(r.seq, "recovery-receipt-recover")) }
            @if let Some(c) = r.cancelled.filter(|_| with_cancel) {
                li data-receipt=(c.seq) data-kind="cancel_recovery" { (link(c.seq, "recovery-receipt-cancel")) }
            }
        }
    }
}

/// The section, or nothing when no recovery concerns the key.
pub(super) fn section(r: &Recoveries) -> Markup {
    if r.from_this_key.is_none() && r.to_this_key.is_none() {
        return html! {};
    }
    html! {
        section #recovery aria-labelledby="recovery-heading" {
            h2 #recovery-heading { "Key recovery" }
            @if let Some(rec) = &r.from_this_key {
                @let (state, words) = state_words(rec, r.now);
                div.recovery data-recovery=(rec.id.hex()) data-state=(state) {
                    p {
                        "A facilitator started moving the credit of this key to a new key on "
                        (date_of(rec.log_time)) " (entry " (rec.seq) "). " (words)
                    }
                    p { "New key: " a href=(format!("/contributors/{}", rec.new_key.hex())) { code.key { (rec.new_key.hex()) } } }
                    (receipts(rec, true))
                    @if state == "in-effect" {
                        p.notice { "This credit has moved: the new key holds it now, and this key can no longer sign." }
                    }
                    @if state == "waiting" {
                        p {
                            "If you did not ask for this, you still have your key file: open it below and cancel. "
                            "Only the key that holds this credit can cancel, and only before the date above."
                        }
                        noscript { p.notice { "Cancelling needs JavaScript, because your key file is used only on this device." } }
                        form #cancel-recovery-form.no-print {
                            label for="cancel-recovery-key" { "Your key file" }
                            p.hint #cancel-recovery-hint { "It is read only on this device, to sign the cancellation. It is not sent." }
                            input #cancel-recovery-key type="file" accept=".txt,.key,text/plain" aria-describedby="cancel-recovery-hint";
                            button type="submit" { "Sign and cancel this recovery" }
                        }
                        div #cancel-recovery-status role="status" aria-live="polite" {}
                    }
                }
            }
            @if let Some(rec) = &r.to_this_key {
                @let (state, words) = state_words(rec, r.now);
                div.recovery data-recovered-from=(rec.old_key.hex()) data-state=(state) {
                    p {
                        "This key was made to recover the credit of "
                        a href=(format!("/contributors/{}", rec.old_key.hex())) { "a lost key" }
                        ". A facilitator started the recovery on " (date_of(rec.log_time)) " (entry " (rec.seq) "). " (words)
                    }
                    (receipts(rec, false))
                }
            }
        }
    }
}

//! The portfolio's "Key recovery" section (docs/PROTOCOL.md §13, §18): what the log says
//! about recoveries of this key's credit to another key, and of another key's credit to
//! this one — "Recovery started on …, takes effect on …", "cancelled", "in effect" — with,
//! while a recovery of this key waits, a form to cancel it signed on this device with the
//! key file (`static/recovery.js`).

use maud::{Markup, html};

use super::date_of;
use super::lang::{t, ta};
use crate::attribution::recovery::{Recoveries, RecoveryRec};

fn state_words(r: &RecoveryRec, now: u64) -> (&'static str, String) {
    let on = |id: &str, ms: u64| ta(id, &[("date", date_of(ms).into())]);
    if let Some(c) = &r.cancelled {
        ("cancelled", on("recovery-state-cancelled", c.log_time))
    } else if r.in_effect_at(now) {
        ("in-effect", on("recovery-state-in-effect", r.effective_at))
    } else {
        ("waiting", on("recovery-state-waiting", r.effective_at))
    }
}

/// "A facilitator started … on <day> (entry <seq>)." in the page's language.
fn started(id: &str, r: &RecoveryRec) -> String {
    ta(id, &[("date", date_of(r.log_time).into()), ("seq", r.seq.into())])
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
            h2 #recovery-heading { (t("credit-recovery-title")) }
            @if let Some(rec) = &r.from_this_key {
                @let (state, words) = state_words(rec, r.now);
                div.recovery data-recovery=(rec.id.hex()) data-state=(state) {
                    p { (started("recovery-from-this-key", rec)) " " (words) }
                    p { (t("recovery-new-key")) " " a href=(format!("/contributors/{}", rec.new_key.hex())) { code.key { (rec.new_key.hex()) } } }
                    (receipts(rec, true))
                    @if state == "in-effect" {
                        p.notice { (t("recovery-moved")) }
                    }
                    @if state == "waiting" {
                        p { (t("recovery-not-you")) }
                        noscript { p.notice { (t("recovery-cancel-needs-script")) } }
                        form #cancel-recovery-form.no-print {
                            label for="cancel-recovery-key" { (t("recovery-key-file")) }
                            p.hint #cancel-recovery-hint { (t("recovery-key-file-hint")) }
                            input #cancel-recovery-key type="file" accept=".txt,.key,text/plain" aria-describedby="cancel-recovery-hint";
                            button type="submit" { (t("recovery-cancel-button")) }
                        }
                        div #cancel-recovery-status role="status" aria-live="polite" {}
                    }
                }
            }
            @if let Some(rec) = &r.to_this_key {
                @let (state, words) = state_words(rec, r.now);
                div.recovery data-recovered-from=(rec.old_key.hex()) data-state=(state) {
                    p {
                        (t("recovery-to-this-key")) " "
                        a href=(format!("/contributors/{}", rec.old_key.hex())) { (t("recovery-lost-key")) }
                        ". " (started("recovery-started", rec)) " " (words)
                    }
                    (receipts(rec, false))
                }
            }
        }
    }
}

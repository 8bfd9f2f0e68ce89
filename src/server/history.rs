//! An idea's history lines in a page's language. The log's domain rows keep each line as the
//! policy wrote it, in English ([`EventRec::what`]: the JSON API and the credential show it
//! as it is); a page in another language writes the line again from what the record holds
//! about the same entry: the consultation's title, the citation or answer with the entry's
//! seq, and the fixed words the policy chose (a consent level, a role, an outcome, a kind of
//! recognition). A line this module does not recognise (an older build's wording) is shown
//! as stored.

use crate::attribution::kinds::{Consent, Id, Outcome, Recognition, Role, Usage};
use crate::attribution::query::IdeaView;
use crate::attribution::state::EventRec;
use crate::i18n::{Arg, Lang, tr, tra};
use crate::ledger::{Ledger, LedgerError};
use crate::protocol::statement::Kind;

/// Every event of the idea's history, oldest first, each with its line in `lang`.
pub fn lines(ledger: &Ledger, lang: Lang, idea: &Id) -> Result<Vec<(EventRec, String)>, LedgerError> {
    let history = ledger.history(idea)?;
    if lang == Lang::EnGb {
        return Ok(history.into_iter().map(|e| (e.clone(), e.what)).collect());
    }
    let view = ledger.idea(idea)?;
    let mut out = Vec::with_capacity(history.len());
    for (i, e) in history.iter().enumerate() {
        // The how-manyth event of this entry (one `cite` may use the idea at several places).
        let nth = history[..i].iter().filter(|p| p.seq == e.seq).count();
        let line = line(ledger, lang, &view, e, nth).unwrap_or_else(|| e.what.clone());
        out.push((e.clone(), line));
    }
    Ok(out)
}

/// One line in `lang`; `None` when the stored line is not one the policy writes today.
fn line(ledger: &Ledger, lang: Lang, v: &IdeaView, e: &EventRec, nth: usize) -> Option<String> {
    let w = e.what.as_str();
    let msg = |id: &str, args: &[(&str, Arg)]| tra(lang, id, args);
    match Kind::from_code(e.kind)? {
        Kind::Idea => {
            let id = if w.starts_with("recorded by a facilitator") {
                "hist-idea-recorded"
            } else if w.starts_with("contributed by its contributor") {
                "hist-idea-contributed"
            } else {
                return None;
            };
            Some(msg(id, &[("consultation", (&v.consultation_title).into())]))
        }
        Kind::Claim => {
            let (id, consent) = if let Some(c) = w.strip_prefix("claimed by its contributor, who chose to be ") {
                ("hist-claimed", c)
            } else if let Some(c) = w.strip_prefix("consent changed by its contributor to ") {
                ("hist-consent-changed", c)
            } else {
                return None;
            };
            let consent =
                [Consent::Named, Consent::Pseudonym, Consent::Anonymous].into_iter().find(|c| c.name() == consent)?;
            let word = tr(
                lang,
                match consent {
                    Consent::Named => "hist-consent-named",
                    Consent::Pseudonym => "hist-consent-pseudonym",
                    _ => "hist-consent-anonymous",
                },
            );
            Some(msg(id, &[("consent", word.into())]))
        }
        Kind::Endorse => {
            if w == "confirmed by a co-contributor" {
                return Some(tr(lang, "hist-confirmed"));
            }
            let role = w.strip_prefix("endorsed by a ")?;
            let role = [Role::Organisation, Role::Facilitator, Role::PolicyTeam, Role::Witness]
                .into_iter()
                .find(|r| r.name() == role)?;
            let word = tr(
                lang,
                match role {
                    Role::Organisation => "hist-role-organisation",
                    Role::Facilitator => "hist-role-facilitator",
                    Role::PolicyTeam => "hist-role-policy-team",
                    _ => "hist-role-witness",
                },
            );
            Some(msg("hist-endorsed", &[("role", word.into())]))
        }
        Kind::Cite => {
            let c = v.citations.iter().filter(|c| c.seq == e.seq).nth(nth)?;
            let r = ledger.report(&c.report).ok()?;
            let how = tr(
                lang,
                match Usage::from_code(c.how) {
                    Some(Usage::Quoted) => "usage-quoted",
                    Some(Usage::Paraphrased) => "usage-paraphrased",
                    _ => "usage-informed",
                },
            );
            Some(msg(
                "hist-cited",
                &[
                    ("how", how.into()),
                    ("report", r.title.into()),
                    ("version", r.version.into()),
                    ("locator", (&c.locator).into()),
                ],
            ))
        }
        Kind::Respond => {
            let r = v.responses.iter().find(|r| r.seq == e.seq)?;
            let outcome = tr(
                lang,
                match Outcome::from_code(r.outcome) {
                    Some(Outcome::Adopted) => "outcome-adopted",
                    Some(Outcome::Adapted) => "outcome-adapted",
                    Some(Outcome::UnderConsideration) => "outcome-under-consideration",
                    Some(Outcome::NotAdopted) => "outcome-not-adopted",
                    Some(Outcome::Delivered) => "outcome-delivered",
                    _ => "outcome-responded",
                },
            );
            // A grouped answer ends " (one answer for N ideas)".
            let group = w
                .strip_suffix(" ideas)")
                .and_then(|s| s.rsplit_once(" (one answer for "))
                .and_then(|(_, n)| n.parse::<u32>().ok());
            Some(match group {
                Some(n) => msg("hist-response-group", &[("outcome", outcome.into()), ("count", n.into())]),
                None => msg("hist-response", &[("outcome", outcome.into())]),
            })
        }
        Kind::Withdraw => Some(tr(lang, "hist-withdrawn")),
        Kind::Acknowledge => {
            let rest = w.strip_prefix("acknowledged: ")?;
            let (kind, id) = if let Some(k) = rest.strip_suffix(" declined") {
                (k, "hist-ack-declined")
            } else {
                (rest.strip_suffix(" given")?, "hist-ack-given")
            };
            let all = [
                Recognition::Payment,
                Recognition::Voucher,
                Recognition::Gift,
                Recognition::Certificate,
                Recognition::Other,
            ];
            let word = tr(
                lang,
                match all.into_iter().find(|r| r.name() == kind) {
                    Some(Recognition::Payment) => "recognition-payment",
                    Some(Recognition::Voucher) => "recognition-voucher",
                    Some(Recognition::Gift) => "recognition-gift",
                    Some(Recognition::Certificate) => "recognition-certificate",
                    _ => "recognition-other",
                },
            );
            Some(msg(id, &[("kind", word.into())]))
        }
        _ => None,
    }
}

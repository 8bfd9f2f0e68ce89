//! A contributor's portfolio ("my contributions"): every idea of a key, where it was cited,
//! the responses and acknowledgements, every receipt of each idea (its own entry, its claim,
//! citations, answers: `/v1/receipts/<seq>`), "Download my credit" (`credit`); printable. Changing consent or
//! withdrawing an idea is signed in the browser with the key file (`static/contributor.js`).
//!
//! "New since your last visit": every citation and answer carries its entry's seq
//! (`data-seq`), and the portfolio its party (`data-portfolio`) and highest such seq
//! (`data-latest`); `static/contributor.js` keeps the highest seq seen per portfolio in the
//! browser's `localStorage` (`heard.seen.<party>`), marks those above it "New", then stores
//! the new highest. Nothing about the visit reaches the server. The same happenings are an
//! Atom feed (`/contributors/<key>/feed.atom`).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

use super::credit::receipts_of;
use super::lang::{t, ta};
use super::{
    Page, PageError, Section, consent_words, date_of, excerpt, given_facts, layout, layout_with_feed, ok,
    outcome_words, parse_id, recognition_words, shown_as, status_words,
};
use crate::attribution::kinds::ACK_DECLINED;
use crate::attribution::kinds::Id;
use crate::attribution::query::{Attribution, PortfolioItem};
use crate::server::AppState;

#[derive(Deserialize)]
pub(super) struct FindQuery {
    key: Option<String>,
}

/// `/contributors`: find a portfolio by public key (typed, or read from the key file by script).
pub(super) async fn find(q: Result<Query<FindQuery>, QueryRejection>) -> Response {
    let key = q.ok().and_then(|Query(q)| q.key).map(|k| k.trim().to_ascii_lowercase()).filter(|k| !k.is_empty());
    let problem = match &key {
        Some(k) if parse_id(k).is_ok() => return Redirect::to(&format!("/contributors/{k}")).into_response(),
        Some(_) => Some(t("contrib-bad-key")),
        None => None,
    };
    let main = html! {
        h1 { (t("nav-contributions")) }
        p.lead { (t("contrib-find-lead")) }
        section aria-labelledby="by-file" {
            h2 #by-file { (t("open-key-file")) }
            p { (t("contrib-file-stays")) }
            label for="key-file" { (t("key-file")) }
            input #key-file type="file" accept=".txt,.key,text/plain";
            div #find-status role="status" aria-live="polite" {}
            noscript { p.notice { (t("contrib-file-noscript")) } }
        }
        section aria-labelledby="by-key" {
            h2 #by-key { (t("contrib-type-key")) }
            form method="get" action="/contributors" {
                label for="key" { (t("contrib-public-key")) }
                p.hint #key-hint { (t("contrib-key-hint")) }
                input #key type="text" name="key" autocomplete="off" spellcheck="false"
                    aria-describedby=(if problem.is_some() { "key-hint key-error" } else { "key-hint" }) aria-invalid=[problem.as_ref().map(|_| "true")];
                @if let Some(p) = &problem { p.error #key-error role="alert" { (p) } }
                button type="submit" { (t("contrib-show")) }
            }
        }
    };
    let status = if problem.is_some() { axum::http::StatusCode::BAD_REQUEST } else { axum::http::StatusCode::OK };
    Page(status, layout(&t("nav-contributions"), Section::Contributions, &["/static/contributor.js"], main))
        .into_response()
}

pub(super) async fn page(State(state): State<AppState>, Path(key): Path<String>) -> Result<Page, PageError> {
    let key = parse_id(&key)?;
    let p = state.ledger().portfolio(&key)?;
    let cited = p.items.iter().filter(|i| !i.cited_in.is_empty()).count();
    let own: Vec<_> = p.items.iter().filter(|i| !i.as_co_contributor && !i.idea.withdrawn).collect();
    let latest = p
        .items
        .iter()
        .flat_map(|i| i.idea.citations.iter().map(|c| c.seq).chain(i.idea.responses.iter().map(|r| r.seq)))
        .max()
        .unwrap_or(0);
    let feed = super::feeds::feed_path(&format!("/contributors/{}/feed.atom", key.hex()), super::lang::lang());
    let receipts = p.items.iter().map(|i| receipts_of(state.ledger(), &i.idea.id)).collect::<Result<Vec<_>, _>>()?;
    let recoveries = super::recovery::section(&state.ledger().recoveries(&key)?);
    let main = html! {
        h1 { (t("contrib-title")) }
        p.lead #summary {
            @if p.items.is_empty() {
                (t("contrib-none"))
            } @else {
                (ta("contrib-summary", &[("count", p.items.len().into()), ("cited", cited.into())]))
            }
        }
        p.key-line { (t("contrib-key")) " " code.key { (key.hex()) } }
        p.no-print { button #print-button type="button" hidden { (t("contrib-print")) } " " (t("contrib-print-hint")) }
        p.no-print {
            (t("contrib-feed-before")) " "
            a href=(feed) type="application/atom+xml" { (t("contrib-feed-link")) } ". " (t("contrib-feed-after"))
        }
        @if !p.items.is_empty() {
            section.no-print #credit aria-labelledby="credit-heading" {
                h2 #credit-heading { (t("contrib-credit")) }
                p { (t("contrib-credit-1")) }
                p { (t("contrib-credit-2")) }
                p { a.button #credit-download href=(format!("/contributors/{}/credit.html", key.hex())) download { (t("contrib-credit-download")) } }
            }
        }
        (recoveries)
        @if !own.is_empty() { (badge_section(&own)) }
        @if p.items.iter().any(|i| i.acknowledgements.iter().any(|a| a.payment.is_some() || a.amount.is_some())) {
            (payments_section())
        }
        p.notice #new-since role="status" hidden {}
        div #portfolio data-portfolio=(p.party.hex()) data-latest=(latest) {
        @for (idx, item) in p.items.iter().enumerate() {
            @let v = &item.idea;
            @let (badge, badge_label, status_text) = status_words(v.verification.status());
            article.idea.portfolio-item {
                h2 { a href=(format!("/ideas/{}", v.id.hex())) { (excerpt(v.text.as_deref().unwrap_or(&t("idea-withdrawn-title")), 70)) } }
                @if v.withdrawn {
                    p.withdrawn { (t("contrib-you-withdrew")) }
                } @else if let Some(words) = &v.text {
                    blockquote { p { (words) } }
                }
                dl.facts {
                    dt { (t("proves-where")) } dd { a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) } }
                    (given_facts(v))
                    dt { (t("proves-shown-as")) }
                    dd { (shown_as(&v.contributor)) @if !v.withdrawn { " (" (consent_words(v.consent)) ")" } @if item.as_co_contributor { " — " (t("contrib-co")) } }
                    dt { (t("cited-in")) }
                    dd {
                        @if item.cited_in.is_empty() { (t("not-yet")) } @else {
                            ul.happened {
                                // `cited_in` is `idea.citations` in the same order, with the reports' titles.
                                @for (c, rec) in item.cited_in.iter().zip(&v.citations) {
                                    li data-seq=(rec.seq) {
                                        a href=(format!("/reports/{}", c.report.hex())) { (c.title) " (" (c.version) ")" } ", " (c.locator)
                                        " · " (date_of(rec.log_time))
                                    }
                                }
                            }
                        }
                    }
                    dt { (t("contrib-response")) }
                    dd {
                        @if v.responses.is_empty() { (t("contrib-none-yet")) } @else {
                            ul.happened {
                                @for r in &v.responses {
                                    li data-seq=(r.seq) {
                                        (outcome_words(r.outcome))
                                        @if let Some(reason) = &r.reason { " — " (reason) }
                                        " · " (date_of(r.log_time))
                                    }
                                }
                            }
                        }
                    }
                    @if !item.acknowledgements.is_empty() {
                        dt { (t("contrib-thanks")) }
                        dd {
                            @for a in &item.acknowledgements {
                                // Never the amount (docs/PROTOCOL.md §21): it is shown only to the contributor and the organisation.
                                @if a.status == ACK_DECLINED { (t("contrib-ack-declined")) ": " (recognition_words(a.recognition)) }
                                @else if crate::attribution::kinds::Recognition::from_code(a.recognition) == Some(crate::attribution::kinds::Recognition::Payment) { (t("contrib-ack-paid")) }
                                @else { (t("contrib-ack-recognised")) ": " (recognition_words(a.recognition)) }
                                @if a.payment.is_some() || a.amount.is_some() {
                                    " (" span.ack-amount data-ack=(a.seq) { (t("contrib-amount-private")) } ")"
                                }
                                @if let Some(n) = &a.note { " — " (n) }
                                " · " (date_of(a.log_time)) " "
                            }
                        }
                    }
                    dt { (t("idea-proof")) }
                    dd {
                        span class=(format!("badge badge-{badge}")) { (badge_label) } " " (status_text)
                        ul.receipts {
                            @for r in &receipts[idx] {
                                li data-receipt=(r.seq) data-kind=(r.kind) {
                                    a href=(format!("/v1/receipts/{}", r.seq)) download=(format!("heard-receipt-{}.txt", r.seq)) {
                                        (t("contrib-receipt")) " " (r.what)
                                    }
                                    " · " (date_of(r.log_time))
                                }
                            }
                        }
                    }
                }
            }
        }
        }
        @if !own.is_empty() {
            section.no-print #manage aria-labelledby="manage-heading"
                data-ideas=(own.iter().map(|i| i.idea.id.hex()).collect::<Vec<_>>().join(",")) {
                h2 #manage-heading { (t("contrib-manage")) }
                p { (t("contrib-manage-lead")) }
                noscript { p.notice { (t("contrib-manage-noscript")) } }
                label for="manage-key" { (t("key-file")) }
                input #manage-key type="file" accept=".txt,.key,text/plain";
                form #consent-form {
                    fieldset {
                        legend { (t("contrib-consent-legend")) }
                        div.choice { input #c-named type="radio" name="consent" value="named"; label for="c-named" { (t("claim-consent-named")) } }
                        div.choice { input #c-pseudonym type="radio" name="consent" value="pseudonym" checked; label for="c-pseudonym" { (t("contrib-consent-pseudonym")) } }
                        div.choice { input #c-anonymous type="radio" name="consent" value="anonymous"; label for="c-anonymous" { (t("contrib-consent-anonymous")) } }
                    }
                    label for="c-name" { (t("contrib-name")) }
                    p.hint #c-name-hint { (t("contrib-name-hint")) }
                    input #c-name type="text" name="name" maxlength="120" aria-describedby="c-name-hint";
                    button type="submit" { (t("contrib-save")) }
                }
                form #withdraw-form {
                    label for="withdraw-idea" { (t("contrib-withdraw-idea")) }
                    select #withdraw-idea name="idea" {
                        @for i in &own {
                            option value=(i.idea.id.hex()) { (excerpt(i.idea.text.as_deref().unwrap_or(&t("contrib-idea")), 60)) }
                        }
                    }
                    div.choice {
                        input #withdraw-sure type="checkbox" name="sure" value="yes";
                        label for="withdraw-sure" { (t("contrib-withdraw-sure")) }
                    }
                    button type="submit" { (t("contrib-withdraw")) }
                }
                div #manage-status role="status" aria-live="polite" {}
            }
        }
    };
    let feed_title = t("contrib-feed-title");
    Ok(ok(layout_with_feed(
        &t("contrib-title"),
        Section::Contributions,
        &["/static/contributor.js", "/static/recovery.js"],
        Some((&feed, &feed_title)),
        main,
    )))
}

/// The consultations of `own`'s ideas that are not withdrawn, in order of first appearance:
/// id, title, how many ideas, and the name they all show (if they all show the same one).
fn consultations_of<'a>(own: &[&'a PortfolioItem]) -> Vec<(Id, &'a str, usize, Option<&'a str>)> {
    let mut out: Vec<(Id, &str, usize, Option<&str>, bool)> = Vec::new();
    for i in own.iter().filter(|i| !i.idea.withdrawn) {
        let name = match &i.idea.contributor {
            Attribution::Named(n) | Attribution::Pseudonym(n) => Some(n.as_str()),
            _ => None,
        };
        match out.iter_mut().find(|c| c.0 == i.idea.consultation) {
            Some(c) => {
                c.2 += 1;
                c.4 &= c.3 == name;
            }
            None => out.push((i.idea.consultation, i.idea.consultation_title.as_str(), 1, name, true)),
        }
    }
    out.into_iter().map(|(id, title, n, name, same)| (id, title, n, name.filter(|_| same))).collect()
}

/// "Get a badge for an idea": an Open Badges 3.0 credential (docs/PROTOCOL.md §20), asked for
/// by a request signed on this device with the key file (`static/contributor.js`). Each
/// idea's option carries the name it shows (`data-name`), if the person chose one.
fn badge_section(own: &[&PortfolioItem]) -> maud::Markup {
    html! {
        section.no-print #badge aria-labelledby="badge-heading" {
            h2 #badge-heading { (t("badge-title")) }
            p { (t("badge-1")) }
            p { (t("badge-2")) }
            noscript { p.notice { (t("badge-noscript")) } }
            form #badge-form {
                label for="badge-idea" { (t("badge-idea")) }
                select #badge-idea name="idea" {
                    optgroup label=(t("badge-one-idea")) {
                        @for i in own {
                            @let name = match &i.idea.contributor { Attribution::Named(n) | Attribution::Pseudonym(n) => Some(n.as_str()), _ => None };
                            option value=(i.idea.id.hex()) data-name=[name] { (excerpt(i.idea.text.as_deref().unwrap_or(&t("contrib-idea")), 60)) }
                        }
                    }
                    optgroup label=(t("badge-whole-consultation")) {
                        @for (id, title, n, name) in consultations_of(own) {
                            option value=(format!("c:{}", id.hex())) data-name=[name] { (ta("badge-consultation-option", &[("title", title.into()), ("count", (n as u64).into())])) }
                        }
                    }
                }
                fieldset aria-describedby="badge-name-hint" {
                    legend { (t("badge-name-legend")) }
                    p.hint #badge-name-hint { (t("badge-name-hint")) }
                    div.choice { input #b-none type="radio" name="bname" value="none" checked; label for="b-none" { (t("badge-no-name")) } }
                    div.choice { input #b-named type="radio" name="bname" value="consented"; label #b-named-label for="b-named" { (t("badge-named")) } }
                }
                label for="badge-key" { (t("key-file")) }
                p.hint #badge-key-hint { (t("badge-key-hint")) }
                input #badge-key type="file" accept=".txt,.key,text/plain" aria-describedby="badge-key-hint";
                button type="submit" { (t("badge-download")) }
            }
            div #badge-status role="status" aria-live="polite" {}
        }
    }
}

/// "See the amounts paid to you": an amount is private (docs/PROTOCOL.md §21), so the page
/// never holds one; with the key file, `static/contributor.js` signs a request for each
/// acknowledgement (`POST /v1/payments/contributor`) and writes the answers into this page
/// only. Nothing is kept.
fn payments_section() -> maud::Markup {
    html! {
        section.no-print #payments aria-labelledby="payments-heading" {
            h2 #payments-heading { (t("contrib-pay-title")) }
            p { (t("contrib-pay-1")) }
            noscript { p.notice { (t("contrib-pay-noscript")) } }
            form #payments-form {
                label for="payments-key" { (t("key-file")) }
                p.hint #payments-key-hint { (t("contrib-pay-key-hint")) }
                input #payments-key type="file" accept=".txt,.key,text/plain" aria-describedby="payments-key-hint";
                button type="submit" { (t("contrib-pay-show")) }
            }
            div #payments-status role="status" aria-live="polite" {}
            ul #payments-list.items hidden {}
        }
    }
}

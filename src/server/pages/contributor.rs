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
use super::{
    Page, PageError, Section, consent_words, date_of, excerpt, given_facts, layout, layout_with_feed, ok, parse_id,
    shown_as, status_words,
};
use crate::attribution::kinds::{ACK_DECLINED, Outcome, Recognition};
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
        Some(_) => Some("A public key is 64 characters: the digits 0 to 9 and the letters a to f."),
        None => None,
    };
    let main = html! {
        h1 { "My contributions" }
        p.lead { "See every idea linked to your key: where it was cited, what the organisation did, and the receipts that prove it." }
        section aria-labelledby="by-file" {
            h2 #by-file { "Open your key file" }
            p { "Your key file stays on this device: the page reads only the public part of it." }
            label for="key-file" { "Your key file" }
            input #key-file type="file" accept=".txt,.key,text/plain";
            div #find-status role="status" aria-live="polite" {}
            noscript { p.notice { "Opening the key file needs JavaScript. You can type your public key below instead." } }
        }
        section aria-labelledby="by-key" {
            h2 #by-key { "Or type your public key" }
            form method="get" action="/contributors" {
                label for="key" { "Public key" }
                p.hint #key-hint { "64 characters, shown after you claimed your ideas." }
                input #key type="text" name="key" autocomplete="off" spellcheck="false"
                    aria-describedby=(if problem.is_some() { "key-hint key-error" } else { "key-hint" }) aria-invalid=[problem.map(|_| "true")];
                @if let Some(p) = problem { p.error #key-error role="alert" { (p) } }
                button type="submit" { "Show my contributions" }
            }
        }
    };
    let status = if problem.is_some() { axum::http::StatusCode::BAD_REQUEST } else { axum::http::StatusCode::OK };
    Page(status, layout("My contributions", Section::Contributions, &["/static/contributor.js"], main)).into_response()
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
    let feed = format!("/contributors/{}/feed.atom", key.hex());
    let receipts = p.items.iter().map(|i| receipts_of(state.ledger(), &i.idea.id)).collect::<Result<Vec<_>, _>>()?;
    let recoveries = super::recovery::section(&state.ledger().recoveries(&key)?);
    let main = html! {
        h1 { "Contributions" }
        p.lead #summary {
            @if p.items.is_empty() {
                "No ideas are linked to this key yet. If you have just claimed a card, your ideas appear here as soon as the claim is recorded."
            } @else {
                (p.items.len()) (if p.items.len() == 1 { " idea" } else { " ideas" }) " given; "
                (cited) " cited in a report."
            }
        }
        p.key-line { "Key " code.key { (key.hex()) } }
        p.no-print { button #print-button type="button" hidden { "Print this page" } " You can also print it with your browser’s Print command." }
        p.no-print {
            "To hear when a report uses these ideas or an organisation answers them, "
            a href=(feed) type="application/atom+xml" { "follow them in a feed reader (Atom feed)" } ". It names no one."
        }
        @if !p.items.is_empty() {
            section.no-print #credit aria-labelledby="credit-heading" {
                h2 #credit-heading { "Keep your credit" }
                p {
                    "Every idea below comes with receipts: proof, signed by the public record, that you gave it, that you claimed it, "
                    "and where it was cited or answered. They stay here for good, and you can download each one."
                }
                p {
                    "You can also download one file with all your ideas and all their receipts. Keep it safe and show it to anyone: "
                    "it opens in any web browser and checks every receipt by itself, with no internet and without this website."
                }
                p { a.button #credit-download href=(format!("/contributors/{}/credit.html", key.hex())) download { "Download my credit" } }
            }
        }
        (recoveries)
        @if !own.is_empty() { (badge_section(&own)) }
        p.notice #new-since role="status" hidden {}
        div #portfolio data-portfolio=(p.party.hex()) data-latest=(latest) {
        @for (idx, item) in p.items.iter().enumerate() {
            @let v = &item.idea;
            @let (badge, status_text) = status_words(v.verification.status());
            article.idea.portfolio-item {
                h2 { a href=(format!("/ideas/{}", v.id.hex())) { (excerpt(v.text.as_deref().unwrap_or("A withdrawn idea"), 70)) } }
                @if v.withdrawn {
                    p.withdrawn { "You withdrew this idea: its words were erased." }
                } @else if let Some(t) = &v.text {
                    blockquote { p { (t) } }
                }
                dl.facts {
                    dt { "Where" } dd { a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) } }
                    (given_facts(v))
                    dt { "Shown as" }
                    dd { (shown_as(&v.contributor)) @if !v.withdrawn { " (" (consent_words(v.consent)) ")" } @if item.as_co_contributor { " — you are a co-contributor" } }
                    dt { "Cited in" }
                    dd {
                        @if item.cited_in.is_empty() { "not yet" } @else {
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
                    dt { "Response" }
                    dd {
                        @if v.responses.is_empty() { "none yet" } @else {
                            ul.happened {
                                @for r in &v.responses {
                                    li data-seq=(r.seq) {
                                        (Outcome::from_code(r.outcome).map(Outcome::name).unwrap_or("responded"))
                                        @if let Some(reason) = &r.reason { " — " (reason) }
                                        " · " (date_of(r.log_time))
                                    }
                                }
                            }
                        }
                    }
                    @if !item.acknowledgements.is_empty() {
                        dt { "Thanks and payments" }
                        dd {
                            @for a in &item.acknowledgements {
                                (Recognition::from_code(a.recognition).map(Recognition::name).unwrap_or("recognition"))
                                @if a.status == ACK_DECLINED { " (declined)" }
                                @if let (Some(amount), Some(cur)) = (a.amount, &a.currency) { " " (format!("{}.{:02}", amount / 100, amount % 100)) " " (cur) }
                                @if let Some(n) = &a.note { " — " (n) }
                                " · " (date_of(a.log_time)) " "
                            }
                        }
                    }
                    dt { "Proof" }
                    dd {
                        span class=(format!("badge badge-{badge}")) { (badge) } " " (status_text)
                        ul.receipts {
                            @for r in &receipts[idx] {
                                li data-receipt=(r.seq) data-kind=(r.kind) {
                                    a href=(format!("/v1/receipts/{}", r.seq)) download=(format!("heard-receipt-{}.txt", r.seq)) {
                                        "Receipt: " (r.what)
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
                h2 #manage-heading { "Change how you are shown, or withdraw an idea" }
                p {
                    "To make a change, open your key file. It is read only on this device; the change is signed here and only the signed change is sent."
                }
                noscript { p.notice { "Making a change needs JavaScript, because your key is used only on this device." } }
                label for="manage-key" { "Your key file" }
                input #manage-key type="file" accept=".txt,.key,text/plain";
                form #consent-form {
                    fieldset {
                        legend { "How should you be shown on all your ideas?" }
                        div.choice { input #c-named type="radio" name="consent" value="named"; label for="c-named" { "By my name" } }
                        div.choice { input #c-pseudonym type="radio" name="consent" value="pseudonym" checked; label for="c-pseudonym" { "By a name I choose" } }
                        div.choice { input #c-anonymous type="radio" name="consent" value="anonymous"; label for="c-anonymous" { "Not named" } }
                    }
                    label for="c-name" { "Name or chosen name" }
                    p.hint #c-name-hint { "Public, and it stays in the record for good." }
                    input #c-name type="text" name="name" maxlength="120" aria-describedby="c-name-hint";
                    button type="submit" { "Sign and save this change" }
                }
                form #withdraw-form {
                    label for="withdraw-idea" { "Idea to withdraw" }
                    select #withdraw-idea name="idea" {
                        @for i in &own {
                            option value=(i.idea.id.hex()) { (excerpt(i.idea.text.as_deref().unwrap_or("idea"), 60)) }
                        }
                    }
                    div.choice {
                        input #withdraw-sure type="checkbox" name="sure" value="yes";
                        label for="withdraw-sure" { "I understand its words will be erased for good; the record keeps only the fact that I gave an idea." }
                    }
                    button type="submit" { "Sign and withdraw this idea" }
                }
                div #manage-status role="status" aria-live="polite" {}
            }
        }
    };
    Ok(ok(layout_with_feed(
        "Contributions",
        Section::Contributions,
        &["/static/contributor.js", "/static/recovery.js"],
        Some((&feed, "What happened to the ideas of one contributor")),
        main,
    )))
}

/// "Get a badge for an idea": an Open Badges 3.0 credential (docs/PROTOCOL.md §20), asked for
/// by a request signed on this device with the key file (`static/contributor.js`). Each
/// idea's option carries the name it shows (`data-name`), if the person chose one.
fn badge_section(own: &[&PortfolioItem]) -> maud::Markup {
    html! {
        section.no-print #badge aria-labelledby="badge-heading" {
            h2 #badge-heading { "Get a badge for an idea" }
            p {
                "A badge is a small file that proves you gave an idea, where, and what came of it. It is signed, "
                "so anyone can check it is genuine, without this website."
            }
            p {
                "Use it in a CV or a job application, attach it to a funding bid, or add it to a digital badge wallet "
                "(an app or website that keeps certificates and badges, such as the ones used for LinkedIn profiles). "
                "It follows the Open Badges 3.0 standard, which those wallets read."
            }
            noscript { p.notice { "Getting a badge needs JavaScript, because your key file is used only on this device." } }
            form #badge-form {
                label for="badge-idea" { "Idea" }
                select #badge-idea name="idea" {
                    @for i in own {
                        @let name = match &i.idea.contributor { Attribution::Named(n) | Attribution::Pseudonym(n) => Some(n.as_str()), _ => None };
                        option value=(i.idea.id.hex()) data-name=[name] { (excerpt(i.idea.text.as_deref().unwrap_or("idea"), 60)) }
                    }
                }
                fieldset aria-describedby="badge-name-hint" {
                    legend { "Should the badge show your name?" }
                    p.hint #badge-name-hint { "It can only show the name you chose for this idea, or no name." }
                    div.choice { input #b-none type="radio" name="bname" value="none" checked; label for="b-none" { "No name. The badge is tied to your key file instead, so only you can show it is yours." } }
                    div.choice { input #b-named type="radio" name="bname" value="consented"; label #b-named-label for="b-named" { "Show the name on this idea" } }
                }
                label for="badge-key" { "Your key file" }
                p.hint #badge-key-hint { "It is read only on this device, to sign your request. It is not sent." }
                input #badge-key type="file" accept=".txt,.key,text/plain" aria-describedby="badge-key-hint";
                button type="submit" { "Download my badge" }
            }
            div #badge-status role="status" aria-live="polite" {}
        }
    }
}

//! "Download my credit": one HTML file holding everything a contributor can show for their
//! ideas — a summary in plain words and every receipt (the idea's own entry, its claim,
//! citations, answers, …) — with a verifier inside it that checks each receipt on the
//! person's device with no network at all (`GET /contributors/<key>/credit.html`).
//!
//! Why one `.html` file: it is one thing to keep, email or put on a USB stick; any browser
//! opens it, years later, with nothing to unpack or install; and the receipts are in it as
//! plain text (`pre.receipt-text`, the exact C2SP tlog-proof bytes of docs/PROTOCOL.md §11),
//! so `heard verify receipt` or any tlog-proof tool can check them too. The page's own
//! modules (`receipt.js` and what it imports, `words.js`, `credit.js`) are inlined as one
//! classic script (`bundle`), because a file opened from disk may not import other files.
//! The file carries its own Content-Security-Policy (`<meta>`): the inline script and style
//! only by their SHA-256 hashes, and `default-src 'none'`, so it can fetch nothing.
//! The server's page CSP (no inline script) never applies: the file is sent as an attachment
//! and runs from disk.
//!
//! Also [`receipts_of`]: the entries a portfolio offers receipts for, one per event of an
//! idea's history.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

use super::lang::{self, t, ta};
use super::{PageError, assets, bundle, date_of, excerpt, given_facts, outcome_words, parse_id, shown_as};
use crate::ledger::Ledger;
use crate::protocol::statement::Kind;
use crate::server::AppState;

/// The modules of the verifier, each after those it imports.
pub(super) const MODULES: &[&str] =
    &["bytes.js", "ui.js", "cbor.js", "keyfile.js", "receipt.js", "words.js", "credit.js"];

/// An entry of an idea's history that a receipt proves.
pub(super) struct ReceiptRef {
    /// The entry's seq (`/v1/receipts/<seq>`).
    pub seq: u64,
    /// The statement kind's name (`idea`, `claim`, `cite`, …).
    pub kind: &'static str,
    /// What happened, in plain words (never a personal name).
    pub what: String,
    /// The log time.
    pub log_time: u64,
}

/// Every entry of the idea's history, oldest first: one receipt each.
pub(super) fn receipts_of(ledger: &Ledger, idea: &crate::attribution::kinds::Id) -> Result<Vec<ReceiptRef>, PageError> {
    Ok(crate::server::history::lines(ledger, lang::lang(), idea)?
        .into_iter()
        .map(|(e, what)| ReceiptRef {
            seq: e.seq,
            kind: Kind::from_code(e.kind).map(Kind::name).unwrap_or("statement"),
            what: capitalised(&what),
            log_time: e.log_time,
        })
        .collect())
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn sha256_source(text: &str) -> String {
    format!("'sha256-{}'", B64.encode(Sha256::digest(text.as_bytes())))
}

/// Extra rules for the file (the site's stylesheet is inlined before them).
const FILE_CSS: &str = "\nmain { padding-top: 1rem; }\nul.receipts { list-style: none; padding: 0; }\n\
ul.receipts li { border-left: 5px solid var(--line); padding: 0.25rem 0.75rem; margin-bottom: 0.75rem; }\n\
ul.receipts li.pass { border-left-color: var(--good); }\nul.receipts li.fail { border-left-color: var(--bad); }\n\
pre.receipt-text { white-space: pre-wrap; word-break: break-all; font-size: 0.8125rem; }\n\
#log-key { font-family: ui-monospace, Consolas, monospace; }\n";

pub(super) async fn file(State(state): State<AppState>, Path(key): Path<String>) -> Result<Response, PageError> {
    let key = parse_id(&key)?;
    let ledger = state.ledger().clone();
    let log_key = state.log().verifier().to_text();
    let origin = state.config.public_url.trim_end_matches('/').to_string();
    let page_lang = lang::lang();
    let html =
        tokio::task::spawn_blocking(move || lang::with_lang(page_lang, || render(&ledger, &key, &log_key, &origin)))
            .await
            .map_err(PageError::internal)??;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"heard-credit-{}.html\"", &key.hex()[..8])),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        html,
    )
        .into_response())
}

fn render(
    ledger: &Ledger,
    key: &crate::attribution::kinds::Id,
    log_key: &str,
    origin: &str,
) -> Result<String, PageError> {
    let p = ledger.portfolio(key)?;
    let script = bundle::bundle(MODULES).map_err(PageError::internal)?;
    if script.contains("</script") || script.contains("<!--") {
        return Err(PageError::internal("the verifier script would end its element early"));
    }
    let (_, site_css) = assets::get("heard.css").ok_or_else(|| PageError::internal("heard.css is not embedded"))?;
    let css = format!("{site_css}{FILE_CSS}");
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        sha256_source(&script),
        sha256_source(&css)
    );
    // A claim or a citation may cover several of the person's ideas: one receipt each, made once.
    let mut made: BTreeMap<u64, String> = BTreeMap::new();
    let mut items = Vec::new();
    for item in &p.items {
        let refs = receipts_of(ledger, &item.idea.id)?;
        for r in &refs {
            if let std::collections::btree_map::Entry::Vacant(slot) = made.entry(r.seq) {
                slot.insert(ledger.log().receipt(r.seq).map_err(PageError::internal)?);
            }
        }
        items.push((item, refs));
    }
    // The key's recovery entries (§13): the recovery of its credit and its cancellation,
    // or the recovery that made it; each checked in the file as being about this key.
    let recs = ledger.recoveries(key)?;
    let mut recovery_refs = Vec::new();
    for (r, with_cancel) in [(&recs.from_this_key, true), (&recs.to_this_key, false)] {
        let Some(r) = r else { continue };
        recovery_refs.push(ReceiptRef {
            seq: r.seq,
            kind: "recover",
            what: t("credit-recovery-recover"),
            log_time: r.log_time,
        });
        if let Some(c) = r.cancelled.filter(|_| with_cancel) {
            recovery_refs.push(ReceiptRef {
                seq: c.seq,
                kind: "cancel_recovery",
                what: t("credit-recovery-cancel"),
                log_time: c.log_time,
            });
        }
    }
    for r in &recovery_refs {
        if let std::collections::btree_map::Entry::Vacant(slot) = made.entry(r.seq) {
            slot.insert(ledger.log().receipt(r.seq).map_err(PageError::internal)?);
        }
    }
    let count = made.len();
    let total: usize = items.iter().map(|(_, r)| r.len()).sum::<usize>() + recovery_refs.len();
    let today =
        date_of(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64));
    let page: Markup = html! {
        (DOCTYPE)
        html lang=(lang::lang().tag()) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (t("credit-file-title")) " · Heard" }
                style { (PreEscaped(&css)) }
            }
            body data-messages=(super::lang::script_messages(MODULES)) {
                main #main {
                    h1 { (t("credit-file-title")) }
                    p.lead {
                        (ta("credit-file-ideas", &[("count", p.items.len().into())])) " "
                        (ta("credit-file-receipts", &[("count", total.into()), ("day", today.as_str().into()), ("origin", origin.into())]))
                    }
                    p { (t("credit-file-proof")) }
                    p #overall role="status" aria-live="polite" { (t("credit-file-unchecked")) }
                    @for (item, refs) in &items {
                        @let v = &item.idea;
                        article.idea data-idea=(v.id.hex()) data-salt=[v.salt.as_ref().filter(|_| !v.withdrawn && v.text.is_some()).map(|s| B64.encode(s))] {
                            h2 { (excerpt(v.text.as_deref().filter(|_| !v.withdrawn).unwrap_or(&t("idea-withdrawn-title")), 70)) }
                            @if v.withdrawn {
                                p.withdrawn { (t("credit-file-withdrawn")) }
                            } @else if let Some(t) = &v.text {
                                blockquote { p.words { (t) } }
                            }
                            dl.facts {
                                dt { (t("proves-where")) } dd { (v.consultation_title) }
                                (given_facts(v))
                                dt { (t("proves-shown-as")) } dd { (shown_as(&v.contributor)) @if item.as_co_contributor { " — " (t("contrib-co")) } }
                                dt { (t("cited-in")) }
                                dd {
                                    @if item.cited_in.is_empty() { (t("not-yet")) } @else {
                                        @for c in &item.cited_in { (c.title) " (" (c.version) "), " (c.locator) ". " }
                                    }
                                }
                                dt { (t("proves-done")) }
                                dd {
                                    @if v.responses.is_empty() { (t("proves-no-answer")) } @else {
                                        @for r in &v.responses {
                                            (outcome_words(r.outcome))
                                            @if let Some(reason) = &r.reason { " — " (reason) }
                                            " (" (date_of(r.log_time)) "). "
                                        }
                                    }
                                }
                                dt { (t("credit-file-page")) } dd { (origin) "/ideas/" (v.id.hex()) }
                            }
                            h3 { (t("credit-file-receipts-heading")) }
                            ul.receipts {
                                @for r in refs {
                                    li data-seq=(r.seq) data-kind=(r.kind) {
                                        strong { (r.what) } " · " (date_of(r.log_time)) " · " (ta("credit-file-entry", &[("seq", r.seq.into())]))
                                        p.result { (t("credit-file-not-checked")) }
                                        details {
                                            summary { (t("credit-file-receipt-itself")) }
                                            pre.receipt-text { (made.get(&r.seq).map(String::as_str).unwrap_or_default()) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !recovery_refs.is_empty() {
                        article.key-recovery data-key=(key.hex()) {
                            h2 { (t("credit-recovery-title")) }
                            p { (t("credit-recovery-lead")) }
                            ul.receipts {
                                @for r in &recovery_refs {
                                    li data-seq=(r.seq) data-kind=(r.kind) {
                                        strong { (r.what) } " · " (date_of(r.log_time)) " · " (ta("credit-file-entry", &[("seq", r.seq.into())]))
                                        p.result { (t("credit-file-not-checked")) }
                                        details {
                                            summary { (t("credit-file-receipt-itself")) }
                                            pre.receipt-text { (made.get(&r.seq).map(String::as_str).unwrap_or_default()) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section aria-labelledby="how" {
                        h2 #how { (t("credit-file-how")) }
                        p { (t("credit-file-how-1")) }
                        p { (t("credit-file-how-2")) }
                        form #key-form {
                            label for="log-key" { (t("credit-file-key")) }
                            input #log-key type="text" name="key" value=(log_key) spellcheck="false" autocomplete="off";
                            button type="submit" { (t("credit-file-check-again")) }
                        }
                        p { (ta("credit-file-distinct", &[("count", count.into())])) " " code { "heard verify receipt" } " " (t("credit-file-distinct-end")) }
                    }
                }
                script { (PreEscaped(&script)) }
            }
        }
    };
    Ok(page.into_string())
}

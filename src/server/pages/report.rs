//! The report attribution page: the acknowledgements, each citation with its idea,
//! contributor and verification status, the citations to copy (Markdown, CSL-JSON, BibTeX:
//! the same text as the `/v1/reports/{id}/…` exports) and the report's equity figures.

use axum::extract::{Path, State};
use maud::{Markup, html};

use super::consultation::figures;
use super::lang::{t, ta};
use super::{
    Page, PageError, Section, english_marker, excerpt, given_sentence, layout, ok, parse_id, safe_url, shown_by,
    status_words, usage_words,
};
use crate::attribution::kinds::Id;
use crate::ledger::AckFormat;
use crate::server::AppState;

fn export_block(id: &str, title: &str, text: &str, download: &str, file: &str) -> Markup {
    html! {
        div.export {
            h3 #(format!("{id}-heading")) { (title) }
            label.visually-hidden for=(format!("export-{id}")) { (ta("report-export-text", &[("format", title.into())])) }
            // The exports are written in English (issue #25 §5: not yet translated), marked so.
            textarea #(format!("export-{id}")) lang=[english_marker()] readonly rows="8" spellcheck="false" { (text) }
            p {
                button.copy type="button" data-copy=(format!("export-{id}")) data-format=(title) hidden { (ta("report-export-copy", &[("format", title.into())])) }
                " "
                a href=(download) download=(file) { (ta("report-export-download", &[("format", title.into())])) }
            }
        }
    }
}

pub(super) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Page, PageError> {
    let id: Id = parse_id(&id)?;
    let ledger = state.ledger();
    let a = ledger.report_attribution(&id)?;
    let team = ledger.party_name(&a.report.author)?;
    let f = ledger.figures_for_report(&id)?;
    let base = &state.config.public_url;
    let md = ledger.acknowledgements(&id, AckFormat::Markdown, base)?;
    let csl = ledger.csl_json(&id, base)?;
    let bib = ledger.bibtex(&id, base)?;
    let hex_id = id.hex();
    // The same report's other versions (same team, same title), newest first.
    let versions: Vec<(String, String)> = ledger
        .reports()?
        .into_iter()
        .filter(|r| r.id != id && r.rec.author == a.report.author && r.rec.title == a.report.title)
        .map(|r| (r.id.hex(), r.rec.version))
        .collect();
    let title = format!("{} ({})", a.report.title, a.report.version);
    let main = html! {
        p.kicker { (t("report-kicker")) }
        h1 { (a.report.title) " " span.version { "(" (a.report.version) ")" } }
        dl.facts {
            dt { (t("report-written-by")) } dd { (team.clone().unwrap_or_else(|| t("report-a-team"))) }
            @if let Some(u) = &a.report.url {
                dt { (t("report-document")) }
                dd { @if let Some(safe) = safe_url(u) { a href=(safe) rel="noopener noreferrer nofollow" { (u) } } @else { (u) } }
            }
            @if let Some(d) = &a.report.digest { dt { (t("report-fingerprint")) } dd { code.hash { (d.hex()) } } }
            dt { (t("report-people-credited")) }
            dd { (ta("report-people-credited-value", &[("direct", a.direct.len().into()), ("indirect", a.indirect.len().into())])) }
            @if !versions.is_empty() {
                dt { (t("report-other-versions")) }
                dd {
                    @for (i, (vid, v)) in versions.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(format!("/reports/{vid}")) { (v) }
                    }
                }
            }
        }
        section aria-labelledby="ack" {
            h2 #ack { (t("report-ack")) }
            p { (ta("report-ack-lead", &[("verified", t("status-verified").into())])) }
            ol.citations #report-items {
                @for item in &a.items {
                    @let v = &item.idea;
                    @let (badge, badge_label, status_text) = status_words(v.verification.status());
                    li {
                        @if v.withdrawn {
                            p.withdrawn { (t("report-withdrawn")) }
                        } @else {
                            blockquote { p { (v.text.clone().unwrap_or_else(|| t("report-not-stored"))) } }
                        }
                        p.meta {
                            (t("given-by")) " " strong { (shown_by(&v.contributor)) } " " (t("search-in")) " "
                            a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) }
                        }
                        p.meta { (given_sentence(v)) }
                        p { (t("report-used-at")) " " @for (i, (l, how)) in item.uses.iter().enumerate() { @if i > 0 { "; " } (l) " (" (usage_words(how.code())) ")" } }
                        @if !item.lineage.is_empty() {
                            p.meta { (t("report-builds-on")) " " (item.lineage.iter().map(|l| shown_by(&l.contributor)).collect::<Vec<_>>().join(", ")) }
                        }
                        @if let Some((outcome, r)) = &item.response {
                            p.response { (t("response-label")) " " strong { (super::outcome_words(outcome.code())) } @if let Some(reason) = &r.reason { " — " (reason) } }
                        }
                        p {
                            span class=(format!("badge badge-{badge}")) title=(status_text) { (badge_label) } " "
                            a href=(format!("/verify?entry={}", hex::encode(v.verification.entry_hash))) { (t("report-check-proof")) span.visually-hidden { " " (ta("report-for", &[("idea", excerpt(&v.text.clone().unwrap_or_else(|| t("idea-withdrawn-short")), 40).into())])) } }
                            " · "
                            a href=(format!("/ideas/{}", v.id.hex())) { (t("report-about-idea")) span.visually-hidden { ": " (excerpt(&v.text.clone().unwrap_or_else(|| t("idea-withdrawn-short")), 40)) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="cite" {
            h2 #cite { (t("report-cite")) }
            p { (t("report-cite-lead")) }
            (export_block("markdown", "Markdown", &md, &format!("/v1/reports/{hex_id}/acknowledgements.md"), "acknowledgements.md"))
            (export_block("csl", "CSL-JSON", &csl, &format!("/v1/reports/{hex_id}/citations.csl.json"), "citations.json"))
            (export_block("bibtex", "BibTeX", &bib, &format!("/v1/reports/{hex_id}/citations.bib"), "citations.bib"))
            div #copy-status role="status" aria-live="polite" {}
        }
        section aria-labelledby="equity" {
            h2 #equity { (t("report-equity")) }
            (figures(&f))
        }
    };
    Ok(ok(layout(&title, Section::Other, &["/static/report.js"], main)))
}

//! The report attribution page: the acknowledgements, each citation with its idea,
//! contributor and verification status, the citations to copy (Markdown, CSL-JSON, BibTeX:
//! the same text as the `/v1/reports/{id}/…` exports) and the report's equity figures.

use axum::extract::{Path, State};
use maud::{Markup, html};

use super::consultation::figures;
use super::{
    Page, PageError, Section, excerpt, given_sentence, layout, ok, parse_id, safe_url, shown_as, status_words,
};
use crate::attribution::kinds::Id;
use crate::ledger::AckFormat;
use crate::server::AppState;

fn export_block(id: &str, title: &str, text: &str, download: &str, file: &str) -> Markup {
    html! {
        div.export {
            h3 #(format!("{id}-heading")) { (title) }
            label.visually-hidden for=(format!("export-{id}")) { (title) " text" }
            textarea #(format!("export-{id}")) readonly rows="8" spellcheck="false" { (text) }
            p {
                button.copy type="button" data-copy=(format!("export-{id}")) hidden { "Copy " (title) }
                " "
                a href=(download) download=(file) { "Download " (title) }
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
        p.kicker { "Report" }
        h1 { (a.report.title) " " span.version { "(" (a.report.version) ")" } }
        dl.facts {
            dt { "Written by" } dd { (team.as_deref().unwrap_or("a policy team")) }
            @if let Some(u) = &a.report.url {
                dt { "Document" }
                dd { @if let Some(safe) = safe_url(u) { a href=(safe) rel="noopener noreferrer nofollow" { (u) } } @else { (u) } }
            }
            @if let Some(d) = &a.report.digest { dt { "Document fingerprint (SHA-256)" } dd { code.hash { (d.hex()) } } }
            dt { "People credited" }
            dd { (a.direct.len()) " directly, " (a.indirect.len()) " through ideas the cited ideas built on" }
            @if !versions.is_empty() {
                dt { "Other versions" }
                dd {
                    @for (i, (vid, v)) in versions.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(format!("/reports/{vid}")) { (v) }
                    }
                }
            }
        }
        section aria-labelledby="ack" {
            h2 #ack { "Acknowledgements" }
            p { "This report used the ideas below. Each is in the public record; “verified” means anyone can check it." }
            ol.citations #report-items {
                @for item in &a.items {
                    @let v = &item.idea;
                    @let (badge, badge_label, status_text) = status_words(v.verification.status());
                    li {
                        @if v.withdrawn {
                            p.withdrawn { "An idea its contributor later withdrew." }
                        } @else {
                            blockquote { p { (v.text.as_deref().unwrap_or("(words not stored on this server)")) } }
                        }
                        p.meta {
                            "Given by " strong { (shown_as(&v.contributor)) } " in "
                            a href=(format!("/consultations/{}", v.consultation.hex())) { (v.consultation_title) }
                        }
                        p.meta { (given_sentence(v)) }
                        p { "Used at: " @for (i, (l, how)) in item.uses.iter().enumerate() { @if i > 0 { "; " } (l) " (" (how.name()) ")" } }
                        @if !item.lineage.is_empty() {
                            p.meta { "Builds on ideas by " (item.lineage.iter().map(|l| shown_as(&l.contributor)).collect::<Vec<_>>().join(", ")) }
                        }
                        @if let Some((outcome, r)) = &item.response {
                            p.response { "Response: " strong { (outcome.name()) } @if let Some(reason) = &r.reason { " — " (reason) } }
                        }
                        p {
                            span class=(format!("badge badge-{badge}")) title=(status_text) { (badge_label) } " "
                            a href=(format!("/verify?entry={}", hex::encode(v.verification.entry_hash))) { "Check the proof" span.visually-hidden { " for: " (excerpt(v.text.as_deref().unwrap_or("withdrawn idea"), 40)) } }
                            " · "
                            a href=(format!("/ideas/{}", v.id.hex())) { "About this idea" span.visually-hidden { ": " (excerpt(v.text.as_deref().unwrap_or("withdrawn idea"), 40)) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="cite" {
            h2 #cite { "Cite these ideas" }
            p { "Copy the acknowledgements or the citations into your document or reference manager. Every item carries a link anyone can use to check it." }
            (export_block("markdown", "Markdown", &md, &format!("/v1/reports/{hex_id}/acknowledgements.md"), "acknowledgements.md"))
            (export_block("csl", "CSL-JSON", &csl, &format!("/v1/reports/{hex_id}/citations.csl.json"), "citations.json"))
            (export_block("bibtex", "BibTeX", &bib, &format!("/v1/reports/{hex_id}/citations.bib"), "citations.bib"))
            div #copy-status role="status" aria-live="polite" {}
        }
        section aria-labelledby="equity" {
            h2 #equity { "Whose ideas this report used" }
            (figures(&f))
        }
    };
    Ok(ok(layout(&title, Section::Other, &["/static/report.js"], main)))
}

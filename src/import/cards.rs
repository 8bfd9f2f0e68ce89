//! Printable claim cards (`heard cards`): one HTML page, one card per contributor, each with
//! the claim URL as a QR code (SVG, from the `qrcode` crate), the code to type, and a
//! plain-language explanation. All text is HTML-escaped.
//!
//! The log holds only each card's hash, so the cards are recomputed from the facilitator's
//! secret key and the consultation id: for a Pol.is import with each idea's
//! `polis:participant=` tag ([`super::polis::card_for`]); for a CSV import with each distinct
//! contributor value of the same file and mapping ([`super::table::card_for`]; the values are
//! not in the public log). A card is kept only when the ledger knows it (its hash was recorded)
//! and it is not yet claimed.

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;

use super::ImportError;
use super::polis::card_for;
use crate::attribution::kinds::Id;
use crate::ledger::Ledger;

/// One card to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintCard {
    /// Who it is for, as printed (`Participant 23`).
    pub name: String,
    /// The code.
    pub code: String,
    /// The claim URL (in the QR code).
    pub url: String,
    /// The texts of the ideas on it.
    pub ideas: Vec<String>,
}

/// The unclaimed cards of a Pol.is-imported consultation, by participant number; also
/// returns how many cards were already claimed.
pub fn polis_cards(
    ledger: &Ledger,
    facilitator: &SigningKey,
    consultation: &Id,
    base_url: &str,
) -> Result<(Vec<PrintCard>, u64), ImportError> {
    let mut participants: BTreeMap<u64, ()> = BTreeMap::new();
    for idea in ledger.ideas_of_consultation(consultation)? {
        for t in &idea.tags {
            if let Some(n) = t.strip_prefix("polis:participant=").and_then(|n| n.parse::<u64>().ok()) {
                participants.insert(n, ());
            }
        }
    }
    let (mut out, mut claimed) = (Vec::new(), 0);
    for n in participants.into_keys() {
        let card = card_for(facilitator, consultation, n);
        let view = match ledger.card(&card.code) {
            Ok(v) => v,
            Err(e) if e.code() == "unknown_card" => continue, // recorded by another facilitator key
            Err(e) => return Err(e.into()),
        };
        if view.claimed {
            claimed += 1;
            continue;
        }
        out.push(PrintCard {
            name: format!("Participant {n}"),
            url: card.url(base_url),
            code: card.code,
            ideas: view.ideas.into_iter().filter_map(|i| i.text).collect(),
        });
    }
    Ok((out, claimed))
}

/// The unclaimed cards of a consultation that `heard import csv` filled from `csv` with
/// `map`, one per distinct contributor value in order of first appearance (printed under that
/// value, which only the organiser's file holds); also returns how many were already claimed.
/// Rows the import would refuse are ignored here (they were never imported).
pub fn csv_cards(
    ledger: &Ledger,
    facilitator: &SigningKey,
    consultation: &Id,
    csv: &[u8],
    map: &super::table::Mapping,
    base_url: &str,
) -> Result<(Vec<PrintCard>, u64), ImportError> {
    let (rows, _) = super::table::read(csv, map)?;
    let mut seen = std::collections::BTreeSet::new();
    let (mut out, mut claimed) = (Vec::new(), 0);
    for row in rows {
        if !seen.insert(row.contributor.clone()) {
            continue;
        }
        let card = super::table::card_for(facilitator, consultation, &row.contributor);
        let view = match ledger.card(&card.code) {
            Ok(v) => v,
            Err(e) if e.code() == "unknown_card" => continue, // not imported with this key here
            Err(e) => return Err(e.into()),
        };
        if view.claimed {
            claimed += 1;
            continue;
        }
        out.push(PrintCard {
            name: row.contributor,
            url: card.url(base_url),
            code: card.code,
            ideas: view.ideas.into_iter().filter_map(|i| i.text).collect(),
        });
    }
    Ok((out, claimed))
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// The QR code of `url` as an inline `<svg>` element.
pub fn qr_svg(url: &str) -> Result<String, ImportError> {
    let code = qrcode::QrCode::new(url.as_bytes())
        .map_err(|e| ImportError::Invalid(format!("the claim URL does not fit a QR code: {e}")))?;
    let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(160, 160).quiet_zone(true).build();
    // Drop the XML declaration: the element is inlined in HTML.
    Ok(svg.find("<svg").map(|i| svg[i..].to_string()).unwrap_or(svg))
}

/// The printable page: `title` names the consultation.
pub fn html(title: &str, cards: &[PrintCard]) -> Result<String, ImportError> {
    let t = escape(title);
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Claim cards: {t}</title>\n\
<style>body{{font-family:sans-serif;margin:0}}.card{{border:2px dashed #333;padding:1em;margin:1em;\
page-break-inside:avoid;break-inside:avoid;max-width:40em}}.code{{font:bold 1.4em monospace;letter-spacing:.05em}}\
@media print{{.card{{margin:.5em}}}}</style>\n</head>\n<body>\n<h1>Claim cards: {t}</h1>\n"
    );
    for c in cards {
        let ideas: String = c.ideas.iter().map(|i| format!("<li>{}</li>", escape(i))).collect();
        o.push_str(&format!(
            "<section class=\"card\">\n<h2>{name}: your ideas in &#8220;{t}&#8221;</h2>\n\
<p>What you said in this consultation is recorded in Heard, so that anyone can check it came from you. \
This card lets you make those ideas yours. Scan the square code with a phone camera, or go to the address \
below on any computer, and type the code. You choose how you are shown: by your name, by a nickname, or \
not at all. You can also take your words back at any time.</p>\n\
<p>Keep this card to yourself: anyone with the code can claim these ideas. It works once.</p>\n\
<div class=\"qr\" role=\"img\" aria-label=\"QR code of the claim address\">{qr}</div>\n\
<p>Address: <a href=\"{url}\">{url}</a></p>\n<p>Your code: <span class=\"code\">{code}</span></p>\n\
<details><summary>The ideas on this card ({n})</summary><ul>{ideas}</ul></details>\n</section>\n",
            name = escape(&c.name),
            qr = qr_svg(&c.url)?,
            url = escape(&c.url),
            code = escape(&c.code),
            n = c.ideas.len(),
        ));
    }
    o.push_str("</body>\n</html>\n");
    Ok(o)
}

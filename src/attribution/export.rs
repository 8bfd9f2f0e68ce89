//! What a policy team pastes into a report: an acknowledgements section (plain text and
//! Markdown), CSL-JSON and BibTeX. Every item carries the idea's entry hash and a "check it"
//! link [`check_url`] (`<base>/verify?entry=<hex entry hash>`: a page a person can read, and
//! the verify result as JSON for a client that asks for JSON), and names the contributor only
//! as they consented. A citation's date (CSL-JSON `issued`, BibTeX `year` and `month`) is the
//! day the idea was given, not the day the log recorded it, and its title is the idea's words
//! in full.
//!
//! CSL-JSON items are of type `speech` with `genre` "Idea given in a consultation" and the
//! consultation as `event-title`: an idea is something a person said at an event, and the
//! common styles then name it for what it is (as citeproc-py renders them, tests/citeproc.rs:
//! APA 7 "Name. (2026, February 1). Words [Idea given in a consultation]. Consultation. URL";
//! Chicago "Name. 2026. “Words”. Idea given in a consultation. Consultation, February 1. URL.").
//! `personal_communication`, the type used before, rendered as "\[Letter\]" in APA and is, by
//! APA's own rule, left out of reference lists: a cited idea is meant to be checked by anyone.
//!
//! Names are one display string chosen by the contributor, so CSL-JSON uses the `literal`
//! name form for every contributor (pseudonyms, groups and real names alike): splitting a
//! name into given and family parts would be a guess that misrenders many names.

use serde_json::json;

use super::dates;
use super::query::{Attribution, AttributionItem, ReportAttribution};
use crate::protocol::Hash;

/// `<base>/v1/verify?entry=<hex entry hash>`: the verify result for API clients (JSON or
/// CBOR), which idea views carry as `verify_url`.
pub fn verify_url(base: &str, entry_hash: &Hash) -> String {
    format!("{}/v1/verify?entry={}", base.trim_end_matches('/'), hex::encode(entry_hash))
}

/// `<base>/verify?entry=<hex entry hash>`: the "check it" link every export prints. A browser
/// gets a page (the idea, who gave it as consented, its consultation, the reports citing it
/// and its proof checked in the browser); a client whose `Accept` prefers JSON (or CBOR) gets
/// what [`verify_url`] answers.
pub fn check_url(base: &str, entry_hash: &Hash) -> String {
    format!("{}/verify?entry={}", base.trim_end_matches('/'), hex::encode(entry_hash))
}

/// (year, month, day) of a time in ms since the Unix epoch (proleptic Gregorian, UTC).
pub fn civil_date(ms: u64) -> (i64, u32, u32) {
    dates::utc_civil(ms)
}

/// (year, month, day) of the day the idea was given (a view's `given` is always a checked
/// date; a broken one falls back to the UTC day it was recorded).
fn given_date(item: &AttributionItem) -> (i64, u32, u32) {
    dates::parse_day(&item.idea.given).unwrap_or_else(|| civil_date(item.idea.log_time))
}

/// What a citation is titled: the idea's words in full, trimmed, without one final full stop
/// (the citation style puts its own punctuation after a title: APA "words [Idea given in a
/// consultation].", not "words. [Idea …]"); or, when they were withdrawn or are not stored,
/// where it was given.
fn title(item: &AttributionItem) -> String {
    match &item.idea.text {
        Some(t) if !t.trim().is_empty() => {
            let t = t.trim();
            match t.strip_suffix('.') {
                Some(rest) if !rest.ends_with('.') && !rest.is_empty() => rest.to_string(),
                _ => t.to_string(),
            }
        }
        _ => format!("An idea given in “{}”", item.idea.consultation_title),
    }
}

/// The first words of an idea, for the acknowledgements' one-line lists (the check-it link
/// beside them leads to the whole).
fn excerpt(item: &AttributionItem) -> String {
    match &item.idea.text {
        Some(t) => {
            let t = t.trim();
            if t.chars().count() <= 80 {
                t.to_string()
            } else {
                let cut: String = t.chars().take(80).collect();
                let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
                format!("{cut}…")
            }
        }
        None => format!("An idea given in “{}”", item.idea.consultation_title),
    }
}

fn uses_text(item: &AttributionItem) -> String {
    item.uses.iter().map(|(loc, how)| format!("{loc} ({})", how.name())).collect::<Vec<_>>().join("; ")
}

fn who(a: &Attribution) -> String {
    match a {
        Attribution::Named(n) | Attribution::Pseudonym(n) => n.clone(),
        Attribution::Contributor => "A contributor who chose not to be named".into(),
        Attribution::Withdrawn => "A contributor who later withdrew this idea".into(),
    }
}

fn lineage_text(item: &AttributionItem) -> Option<String> {
    if item.lineage.is_empty() {
        return None;
    }
    let parts: Vec<String> = item
        .lineage
        .iter()
        .map(|l| match &l.contributor {
            Attribution::Named(n) | Attribution::Pseudonym(n) => n.clone(),
            Attribution::Contributor => "a contributor who chose not to be named".into(),
            Attribution::Withdrawn => "a contributor who later withdrew it".into(),
        })
        .collect();
    let ideas = if parts.len() == 1 { "an earlier idea" } else { "earlier ideas" };
    Some(format!("Builds on {ideas} by {}.", parts.join(", ")))
}

fn co_text(item: &AttributionItem) -> String {
    match item.idea.confirmed_co_contributors {
        1 => "Given together with one co-contributor.".into(),
        n => format!("Given together with {n} co-contributors."),
    }
}

fn response_text(item: &AttributionItem) -> String {
    match &item.response {
        Some((o, r)) => match &r.reason {
            Some(reason) => format!("What happened: {} — {}.", o.name(), reason.trim_end_matches('.')),
            None => format!("What happened: {}.", o.name()),
        },
        None => "What happened: no response recorded yet.".into(),
    }
}

fn intro(a: &ReportAttribution) -> String {
    let n = a.items.len();
    format!(
        "“{} {}” draws on {n} idea{} that people gave in consultations. Each person is credited as they chose: \
         by name, by a pseudonym, or as a contributor who is not named. Every idea below can be checked at its \
         “check it” link. We thank everyone who gave their time and experience.",
        a.report.title,
        a.report.version,
        if n == 1 { "" } else { "s" }
    )
}

/// The acknowledgements section in plain text.
pub fn acknowledgements_text(a: &ReportAttribution, base: &str) -> String {
    let mut out = format!("Acknowledgements\n\n{}\n", intro(a));
    for (i, item) in a.items.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. {} — {} (in “{}”)\n   Used at: {}\n",
            i + 1,
            who(&item.idea.contributor),
            excerpt(item),
            item.idea.consultation_title,
            uses_text(item)
        ));
        if item.idea.confirmed_co_contributors > 0 {
            out.push_str(&format!("   {}\n", co_text(item)));
        }
        if let Some(l) = lineage_text(item) {
            out.push_str(&format!("   {l}\n"));
        }
        out.push_str(&format!("   {}\n", response_text(item)));
        let eh = &item.idea.verification.entry_hash;
        out.push_str(&format!("   Entry {}  Check it: {}\n", hex::encode(eh), check_url(base, eh)));
    }
    out
}

fn md_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        // Only characters with inline meaning: the text never starts a line.
        if "\\`*_[]<>|".contains(c) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// The acknowledgements section in Markdown.
pub fn acknowledgements_markdown(a: &ReportAttribution, base: &str) -> String {
    let mut out = format!("## Acknowledgements\n\n{}\n\n", md_escape(&intro(a)));
    for (i, item) in a.items.iter().enumerate() {
        let eh = &item.idea.verification.entry_hash;
        out.push_str(&format!(
            "{}. **{}** — {} (in “{}”)  \n   Used at: {}  \n",
            i + 1,
            md_escape(&who(&item.idea.contributor)),
            md_escape(&excerpt(item)),
            md_escape(&item.idea.consultation_title),
            md_escape(&uses_text(item))
        ));
        if item.idea.confirmed_co_contributors > 0 {
            out.push_str(&format!("   {}  \n", co_text(item)));
        }
        if let Some(l) = lineage_text(item) {
            out.push_str(&format!("   {}  \n", md_escape(&l)));
        }
        out.push_str(&format!("   {}  \n", md_escape(&response_text(item))));
        out.push_str(&format!("   Entry `{}` · [check it]({})\n", hex::encode(eh), check_url(base, eh)));
    }
    out
}

fn item_key(item: &AttributionItem) -> String {
    format!("heard-{}", &hex::encode(item.idea.verification.entry_hash)[..16])
}

/// CSL-JSON (an array of items, one per cited idea), pretty-printed.
pub fn csl_json(a: &ReportAttribution, base: &str) -> String {
    let items: Vec<serde_json::Value> = a
        .items
        .iter()
        .map(|item| {
            let eh = &item.idea.verification.entry_hash;
            let (y, m, d) = given_date(item);
            json!({
                "id": item_key(item),
                "type": "speech",
                "genre": "Idea given in a consultation",
                "title": title(item),
                "author": [{ "literal": who(&item.idea.contributor) }],
                "issued": { "date-parts": [[y, m, d]] },
                "event-title": item.idea.consultation_title,
                "URL": check_url(base, eh),
                "note": format!("Heard entry hash {}. Used in “{} {}” at: {}.",
                    hex::encode(eh), a.report.title, a.report.version, uses_text(item)),
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

/// Escapes text for a BibTeX field value.
pub fn bibtex_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '%' | '#' | '_' => {
                o.push('\\');
                o.push(c);
            }
            '~' => o.push_str("\\textasciitilde{}"),
            '^' => o.push_str("\\textasciicircum{}"),
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// BibTeX `@misc` entries, one per cited idea.
pub fn bibtex(a: &ReportAttribution, base: &str) -> String {
    let mut out = String::new();
    for item in &a.items {
        let eh = &item.idea.verification.entry_hash;
        let (y, m, _) = given_date(item);
        let url: String = check_url(base, eh).chars().filter(|c| !matches!(c, '{' | '}' | '\\')).collect();
        out.push_str(&format!(
            "@misc{{{key},\n  author = {{{{{author}}}}},\n  title = {{{{{title}}}}},\n  year = {{{y}}},\n  month = {month},\n  \
             howpublished = {{Idea given in the consultation ``{cons}''}},\n  url = {{{url}}},\n  \
             note = {{Heard entry hash {hash}. Used in ``{report}'' at: {uses}.}}\n}}\n\n",
            key = item_key(item).replace('-', "_"),
            author = bibtex_escape(&who(&item.idea.contributor)),
            title = bibtex_escape(&title(item)),
            month = MONTHS.get(m.saturating_sub(1) as usize).copied().unwrap_or("jan"),
            cons = bibtex_escape(&item.idea.consultation_title),
            hash = hex::encode(eh),
            report = bibtex_escape(&format!("{} {}", a.report.title, a.report.version)),
            uses = bibtex_escape(&uses_text(item)),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_escapes() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(1_700_000_000_000), (2023, 11, 14));
        assert_eq!(civil_date(951_782_400_000), (2000, 2, 29));
        assert_eq!(
            bibtex_escape("50% of {x} & y_1 #2 $3 ~ ^ \\"),
            "50\\% of \\{x\\} \\& y\\_1 \\#2 \\$3 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
        );
        assert_eq!(
            verify_url("https://h.example/", &[0xab; 32]),
            format!("https://h.example/v1/verify?entry={}", "ab".repeat(32))
        );
        assert_eq!(
            check_url("https://h.example/", &[0xab; 32]),
            format!("https://h.example/verify?entry={}", "ab".repeat(32))
        );
    }
}

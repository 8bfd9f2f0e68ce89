//! The staff pages in Welsh (issue #25 B): every `/staff…` page, fetched with `?lang=cy`
//! through the router, shows no English in its visible text (tags, scripts and styles
//! stripped; the data it shows — consultation titles, places, people's words — taken out
//! first): no phrase of three words or more of an English message whose Welsh differs, and
//! none of a short list of common English words. The staff-only scripts hold no English
//! sentence of their own: their words come from the catalogue through `msg()`.

use crate::site;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, header};
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use site::*;
use tower::ServiceExt;

fn site_once() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| std::thread::spawn(site).join().expect("the site builds"))
}

async fn send(req: Request<Body>) -> (u16, String) {
    let config = ServerConfig { public_url: "https://heard.example.org".into(), ..Default::default() };
    let r = app(AppState::new(site_once().ledger.clone(), config)).oneshot(req).await.expect("infallible");
    let status = r.status().as_u16();
    let body = String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8");
    (status, body)
}

/// What a person reads: the page without `<script>`, `<style>` and tags, entities decoded.
fn visible(html: &str) -> String {
    let mut h = html.to_string();
    for tag in ["script", "style"] {
        while let Some(a) = h.find(&format!("<{tag}")) {
            let end = h[a..].find(&format!("</{tag}>")).map_or(h.len(), |e| a + e + tag.len() + 3);
            h.replace_range(a..end, " ");
        }
    }
    // What is marked English on purpose: the language switch's link (GOV.UK's pattern names
    // the other language in itself) and the choice of English for a consultation.
    let mut from = h.find("<body").unwrap_or(0);
    while let Some(at) = h[from..].find("lang=\"en-GB\"").map(|a| from + a) {
        let start = h[..at].rfind('<').unwrap_or(at);
        let name: String = h[start + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let end = h[at..].find(&format!("</{name}>")).map_or(h.len(), |e| at + e + name.len() + 3);
        h.replace_range(start..end, " ");
        from = start;
    }
    let mut out = String::with_capacity(h.len());
    let mut in_tag = false;
    for c in h.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace('\u{a0}', " ");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A catalogue's messages by id (a plural's variants as `id[one]`, `id[other]`, …), each
/// value with its `{ … }` placeables as they are written.
fn messages(ftl: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut id = String::new();
    for line in ftl.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some((k, v)) = line.split_once(" = ")
            && !line.starts_with(' ')
        {
            id = k.trim().to_string();
            if !v.trim().ends_with("->") {
                out.insert(id.clone(), v.trim().to_string());
            }
        } else if let Some(rest) = line.trim_start().trim_start_matches('*').strip_prefix('[')
            && let Some((variant, v)) = rest.split_once(']')
        {
            out.insert(format!("{id}[{variant}]"), v.trim().to_string());
        }
    }
    out
}

/// The pieces of English that must not show on a Welsh page: every run of text between
/// placeables, three words or longer, of an English message whose Welsh is different.
fn english_phrases() -> Vec<String> {
    let en = messages(heard::i18n::EN_GB_FTL);
    let cy = messages(heard::i18n::CY_FTL);
    let mut out = Vec::new();
    for (id, value) in &en {
        if cy.get(id) == Some(value) {
            continue;
        }
        let mut rest = value.as_str();
        let mut pieces = Vec::new();
        while let Some(a) = rest.find('{') {
            pieces.push(&rest[..a]);
            rest = rest[a..].find('}').map_or("", |b| &rest[a + b + 1..]);
        }
        pieces.push(rest);
        for p in pieces {
            let p = p.trim().trim_matches(|c: char| !c.is_alphanumeric());
            if p.split_whitespace().count() >= 3 {
                out.push(p.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Common English words that no Welsh page should show as words of its own.
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "your", "you", "this", "that", "with", "for", "from", "what", "who", "when", "ideas", "idea",
    "record", "recorded", "please", "here", "will", "not", "are", "of", "to", "sign", "key", "answer", "report",
    "browser",
];

/// The data a page may show as it was given (titles, places, people's words and names).
fn data_strings(s: &Site) -> Vec<String> {
    let mut out = vec!["Heard".to_string(), "English".to_string()];
    for (id, c) in s.ledger.consultations_where(|_| true).expect("consultations") {
        out.extend([c.title.clone(), c.place.clone(), c.topic.clone()]);
        for i in s.ledger.ideas_of_consultation(&id).expect("ideas") {
            out.extend(i.text.clone());
            out.push(i.contributor.to_string());
            // A payment's note is the organisation's own words, shown as written.
            for a in s.ledger.acknowledgements_at(&i.acks).expect("payments") {
                out.extend(a.note);
            }
        }
    }
    out.retain(|d| !d.is_empty());
    // Longest first, so a title is taken out before a word inside it.
    out.sort_by_key(|d| std::cmp::Reverse(d.len()));
    out
}

fn english_left(text: &str, data: &[String], phrases: &[String]) -> Vec<String> {
    let mut t = text.to_string();
    for d in data {
        t = t.replace(d.as_str(), " ");
    }
    let mut found: Vec<String> = phrases.iter().filter(|p| t.contains(p.as_str())).cloned().collect();
    let lower = t.to_lowercase();
    for w in lower.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        if ENGLISH_WORDS.contains(&w) {
            found.push(format!("the word “{w}”"));
        }
    }
    found.sort();
    found.dedup();
    found
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).header(header::ACCEPT, "text/html").body(Body::empty()).expect("request")
}

fn post(path: &str, form: String) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(form))
        .expect("request")
}

#[tokio::test]
async fn every_staff_page_in_welsh_shows_no_english() {
    let s = site_once();
    let data = data_strings(s);
    let phrases = english_phrases();
    assert!(phrases.len() > 300, "the English catalogue gives phrases to look for: {}", phrases.len());
    let c = s.consultation.hex();
    let pages: Vec<(String, Request<Body>, u16)> = vec![
        ("join".into(), get("/staff/join?lang=cy"), 200),
        ("home".into(), get("/staff?lang=cy"), 200),
        ("open a consultation".into(), get("/staff/consultations/new?lang=cy"), 200),
        ("live session".into(), get(&format!("/staff/consultations/{c}?lang=cy")), 200),
        ("unknown session".into(), get(&format!("/staff/consultations/{}?lang=cy", "ab".repeat(32))), 404),
        ("report builder".into(), get("/staff/reports/new?lang=cy"), 200),
        ("response board".into(), get("/staff/board?lang=cy"), 200),
        ("recover".into(), get("/staff/recover?lang=cy"), 200),
        ("record a payment".into(), get(&format!("/staff/ideas/{}/recognise?lang=cy", s.idea.hex())), 200),
        ("QR of a bad code".into(), post("/staff/qr?lang=cy", "code=nonsense".into()), 400),
        (
            "print sheet".into(),
            post("/staff/cards/sheet?lang=cy", format!("consultation={c}&card={}", s.card.code)),
            200,
        ),
        ("print sheet, no cards".into(), post("/staff/cards/sheet?lang=cy", format!("consultation={c}")), 400),
    ];
    let mut problems = Vec::new();
    for (name, req, want) in pages {
        let (status, body) = send(req).await;
        assert_eq!(status, want, "{name}: {}", &body[..body.len().min(400)]);
        assert!(body.contains("<html lang=\"cy\">"), "{name} is marked Welsh");
        let mut text = visible(&body);
        if name.starts_with("print sheet") && status == 200 {
            // The cards are printed in the consultation's own language; the staff's intro
            // above them is in theirs.
            let intro_end = body.find("class=\"card").unwrap_or(body.len());
            text = visible(&body[..intro_end]);
        }
        let left = english_left(&text, &data, &phrases);
        if !left.is_empty() {
            problems.push(format!("{name}: {left:?}\n    {text}"));
        }
    }
    assert!(problems.is_empty(), "English on Welsh staff pages:\n{}", problems.join("\n"));
}

/// The scripts only staff use: their words are the catalogue's (`msg('js-…')`), never a
/// sentence written in the script.
#[test]
fn staff_scripts_hold_no_english_sentences() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server/pages/static");
    let mut problems = Vec::new();
    for name in [
        "staff.js",
        "join.js",
        "open.js",
        "record.js",
        "board.js",
        "report-builder.js",
        "staffkey.js",
        "recover-staff.js",
        "sheet.js",
        "addto.js",
        "recognise.js",
    ] {
        let src = std::fs::read_to_string(dir.join(name)).expect("script");
        for (n, line) in src.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            // A comment after the code is not shown.
            let code = code.split_once(" // ").map_or(code, |(c, _)| c);
            for q in ['\'', '`'] {
                for (i, lit) in code.split(q).enumerate() {
                    // Odd pieces are inside the quotes.
                    if i % 2 == 1 && lit.split_whitespace().filter(|w| w.chars().all(char::is_alphabetic)).count() >= 3
                    {
                        problems.push(format!("{name}:{}: {lit}", n + 1));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "English written in staff scripts:\n{}", problems.join("\n"));
}

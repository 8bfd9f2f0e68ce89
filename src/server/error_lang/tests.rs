//! Every code the server can answer has a sentence in both catalogues, and every status a title.
//! The codes are read from the source (how refusals are made), from the list documented on
//! `Problem.code`, and from docs/PROTOCOL.md §15–§17, so a new code without a Welsh sentence
//! fails here rather than reaching a Welsh page in English.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::*;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Source the server's answers do not come from: the witness (its own server, answering its
/// refusals as text, C2SP), the importer, the scale-out tool, the command line, the demo,
/// the print sheet and the pages (HTML refusals, with their own messages).
const NOT_ANSWERED: [&str; 8] =
    ["src/witness", "src/scale", "src/import", "src/cli", "src/demo", "src/sheet", "src/server/pages", "src/i18n"];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The `[a-z0-9_]` literal opening `s` (after its quote), if `s` starts with one.
fn code_literal(s: &str) -> Option<&str> {
    let s = s.strip_prefix('"')?;
    let end = s.find('"')?;
    let lit = &s[..end];
    (!lit.is_empty() && lit.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')).then_some(lit)
}

/// Whether the text before `i` ends in an identifier character (so `x(` at `i` is part of a
/// longer name).
fn in_name(src: &str, i: usize) -> bool {
    src[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// The codes one file's source answers with: the first argument of `bad_request(`,
/// `refuse(`, `status_of(`, `lookup_status_of(`; a literal right after a status
/// (`StatusCode::X, "code"`, `S::X => ("code"`); and the arms of a `fn code(&self)`.
fn codes_in(src: &str, server: bool) -> BTreeSet<String> {
    let flat: String = src.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = BTreeSet::new();
    for call in ["bad_request(", "refuse(", "status_of(", "lookup_status_of("] {
        for (i, _) in flat.match_indices(call) {
            if !in_name(&flat, i)
                && let Some(c) = code_literal(flat[i + call.len()..].trim_start())
            {
                out.insert(c.to_string());
            }
        }
    }
    if server {
        for prefix in ["StatusCode::", "S::"] {
            for (i, _) in flat.match_indices(prefix) {
                let rest = &flat[i + prefix.len()..];
                let name_end = rest.find(|c: char| !(c.is_ascii_uppercase() || c == '_')).unwrap_or(rest.len());
                let after = &rest[name_end..];
                let lit = after.strip_prefix(", ").or_else(|| after.strip_prefix(" => (")).and_then(code_literal);
                if let Some(c) = lit {
                    out.insert(c.to_string());
                }
            }
        }
    }
    for (i, _) in src.match_indices("fn code(&self) -> &'static str {") {
        let body = &src[i..];
        let mut depth = 0;
        let mut end = body.len();
        for (j, ch) in body.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
                _ => {}
            }
        }
        for (j, _) in body[..end].match_indices("=> ") {
            if let Some(c) = code_literal(&body[j + 3..]) {
                out.insert(c.to_string());
            }
        }
    }
    out
}

/// Every code the server's source answers with.
fn codes_in_source() -> BTreeSet<String> {
    let mut files = Vec::new();
    walk(&Path::new(ROOT).join("src"), &mut files);
    let mut out = BTreeSet::new();
    for f in files {
        let rel = f.strip_prefix(ROOT).expect("under the crate").to_string_lossy().replace('\\', "/");
        // This file's own examples are not codes.
        if NOT_ANSWERED.iter().any(|n| rel.starts_with(n)) || rel == "src/server/error_lang/tests.rs" {
            continue;
        }
        let src = std::fs::read_to_string(&f).expect("read");
        out.extend(codes_in(&src, rel.starts_with("src/server/")));
    }
    out
}

/// The backquoted words of `text` that can be codes (lower case, digits and `_`).
fn quoted_codes(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
        .map(str::to_string)
        .collect()
}

/// The codes documented on `Problem.code` (error.rs).
fn codes_documented_on_problem() -> Vec<String> {
    let src = std::fs::read_to_string(Path::new(ROOT).join("src/server/error.rs")).expect("read error.rs");
    let start = src.find("/// Stable machine-readable code").expect("Problem.code's doc");
    let end = start + src[start..].find("pub code: String").expect("Problem.code");
    let doc: String = src[start..end].lines().map(|l| l.trim().trim_start_matches("///")).collect::<Vec<_>>().join(" ");
    quoted_codes(&doc)
}

/// The text of docs/PROTOCOL.md from the heading `## <from>. ` to the next `## `, on one line.
fn protocol_section(from: u32) -> String {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/PROTOCOL.md")).expect("read PROTOCOL.md");
    let start = doc.find(&format!("\n## {from}. ")).expect("the section");
    let end = doc[start + 1..].find("\n## ").map_or(doc.len(), |e| start + 1 + e);
    doc[start..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The codes docs/PROTOCOL.md names: the ledger codes listed at the end of §15, the backquoted
/// words of a parenthesis opening with one in §16 (`(`not_enrolled`, `wrong_role`)`), and in
/// §17 a backquoted word right after a 4xx or 5xx status (`422 `bad_verify_request``).
fn codes_in_protocol() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let s15 = protocol_section(15);
    out.extend(quoted_codes(&s15[s15.find("Ledger codes:").expect("§15's ledger codes")..]));
    let s16 = protocol_section(16);
    for (i, _) in s16.match_indices("(`") {
        let end = s16[i..].find(')').map_or(s16.len(), |e| i + e);
        out.extend(quoted_codes(&s16[i + 1..end]));
    }
    let s17 = protocol_section(17);
    for (i, _) in s17.match_indices(" `") {
        let before = s17[..i].rsplit(' ').next().unwrap_or("");
        if before.len() == 3 && before.starts_with(['4', '5']) && before.bytes().all(|b| b.is_ascii_digit()) {
            out.extend(quoted_codes(&s17[i + 1..]).into_iter().take(1));
        }
    }
    out
}

#[test]
fn the_scan_finds_each_way_a_code_is_made() {
    let src = r#"
        fn a() { ApiError::bad_request("one", "x"); refuse("two", "y"); status_of("three");
            ApiError::new(StatusCode::NOT_FOUND,
                "four", "z"); match s { S::REQUEST_TIMEOUT => ("five", "w"), _ => x } }
        pub fn code(&self) -> &'static str {
            match self { E::A => "six", E::B(e) => e.code(), E::C { .. } => "seven" }
        }
        fn other() { let _ = ("not_a_code", "x"); my_refuse("nor_this"); f(StatusCode::OK, "Not code"); }
    "#;
    let found: Vec<String> = codes_in(src, true).into_iter().collect();
    assert_eq!(found, ["five", "four", "one", "seven", "six", "three", "two"]);
    assert!(codes_in(src, false).iter().all(|c| c != "four" && c != "five"), "status literals only in the server");
}

#[test]
fn every_code_the_server_answers_has_a_sentence_in_welsh_and_english() {
    let mut codes = codes_in_source();
    let scanned = codes.len();
    let documented = codes_documented_on_problem();
    let in_protocol = codes_in_protocol();
    // The scan and the documents find what they should, or this test could not fail.
    assert!(scanned > 100, "the source scan found {scanned} codes: {codes:?}");
    assert!(documented.len() > 50, "Problem.code documents {documented:?}");
    assert!(in_protocol.len() > 40, "PROTOCOL §15-§17 names {in_protocol:?}");
    for c in ["not_convenor", "recovery_open", "key_revoked", "malformed", "too_many_open_requests", "timeout"] {
        assert!(codes.contains(c), "the scan finds {c}");
    }
    codes.extend(documented);
    codes.extend(in_protocol);
    let mut missing = Vec::new();
    for code in &codes {
        let id = detail_id(code);
        for lang in Lang::ALL {
            if !i18n::has(lang, &id) {
                missing.push(format!("{id} ({})", lang.tag()));
            }
        }
        if i18n::has(Lang::Cy, &id) && i18n::tr(Lang::Cy, &id) == i18n::tr(Lang::EnGb, &id) {
            missing.push(format!("{id} (cy is the English words)"));
        }
    }
    assert!(missing.is_empty(), "codes the server answers without a sentence in the catalogues: {missing:#?}");
}

#[test]
fn every_status_the_server_answers_has_a_title() {
    let mut files = Vec::new();
    walk(&Path::new(ROOT).join("src/server"), &mut files);
    let mut names = BTreeSet::new();
    for f in files.iter().filter(|f| !f.starts_with(Path::new(ROOT).join("src/server/pages"))) {
        let src = std::fs::read_to_string(f).expect("read");
        for prefix in ["StatusCode::", "S::"] {
            for (i, _) in src.match_indices(prefix) {
                let rest = &src[i + prefix.len()..];
                let end = rest.find(|c: char| !(c.is_ascii_uppercase() || c == '_')).unwrap_or(rest.len());
                names.insert(rest[..end].to_string());
            }
        }
    }
    // A status constant's name is its reason phrase in capitals.
    let statuses: BTreeSet<u16> = (400..600)
        .filter_map(|n| axum::http::StatusCode::from_u16(n).ok())
        .filter(|s| {
            s.canonical_reason().is_some_and(|r| names.contains(&r.to_ascii_uppercase().replace([' ', '-'], "_")))
        })
        .map(|s| s.as_u16())
        .collect();
    assert!(statuses.contains(&404) && statuses.contains(&503) && statuses.len() > 8, "{statuses:?}");
    let missing: Vec<_> =
        statuses.iter().map(|s| title_id(*s)).filter(|id| Lang::ALL.iter().any(|l| !i18n::has(*l, id))).collect();
    assert!(missing.is_empty(), "statuses without a title in both catalogues: {missing:?}");
}

#[test]
fn an_english_refusal_is_left_alone_and_a_welsh_one_keeps_its_code_and_status() {
    let e =
        ApiError::new(axum::http::StatusCode::FORBIDDEN, "not_convenor", "only the convening organisation responds");
    let cy: serde_json::Value = serde_json::from_slice(&in_lang(&e, Lang::Cy).expect("a Welsh body")).expect("JSON");
    assert_eq!(cy["code"], "not_convenor");
    assert_eq!(cy["status"], 403);
    assert_eq!(cy["type"], "urn:heard:problem:not_convenor");
    assert_eq!(cy["detail"], i18n::tr(Lang::Cy, "problem-not-convenor"));
    assert_eq!(cy["title"], i18n::tr(Lang::Cy, "problem-title-403"));
    assert_ne!(cy["detail"], e.detail);
}

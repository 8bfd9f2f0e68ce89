use std::collections::BTreeSet;
use std::path::Path;

use super::*;

#[test]
fn both_catalogues_parse() {
    for (name, src) in [("en-GB.ftl", EN_GB_FTL), ("cy.ftl", CY_FTL)] {
        let errors = parse_errors(src);
        assert!(errors.is_empty(), "{name} has syntax errors: {errors:#?}");
        assert!(!ids(src).is_empty(), "{name} defines messages");
    }
}

#[test]
fn english_and_welsh_have_the_same_messages() {
    let en: BTreeSet<String> = ids(EN_GB_FTL).into_iter().collect();
    let cy: BTreeSet<String> = ids(CY_FTL).into_iter().collect();
    let only_en: Vec<_> = en.difference(&cy).collect();
    let only_cy: Vec<_> = cy.difference(&en).collect();
    assert!(only_en.is_empty(), "in en-GB.ftl but not cy.ftl: {only_en:?}");
    assert!(only_cy.is_empty(), "in cy.ftl but not en-GB.ftl: {only_cy:?}");
    for id in &en {
        assert!(has(Lang::EnGb, id) && has(Lang::Cy, id), "{id} has a value in both");
    }
}

/// The message ids a piece of Rust source asks for: the string literal right after
/// `t(`, `ta(`, `tr(<lang>, ` or `tra(<lang>, ` (a call not preceded by an identifier
/// character, so `format(` or `split(` are not calls of `t`).
fn ids_called(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in src.match_indices('(') {
        let name_start = src[..i].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |p| p + 1);
        let name = &src[name_start..i];
        // A method (`x.t(`) is not a lookup; a path (`lang::t(`) is.
        if src[..name_start].ends_with('.') {
            continue;
        }
        let rest = &src[i + 1..];
        let lit = match name {
            "t" | "ta" => rest.trim_start(),
            "tr" | "tra" => match rest.split_once(',') {
                Some((_, r)) => r.trim_start(),
                None => continue,
            },
            _ => continue,
        };
        if let Some(l) = lit.strip_prefix('"')
            && let Some(end) = l.find('"')
        {
            out.push(l[..end].to_string());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_id_the_code_asks_for_exists() {
    let mut files = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let en: BTreeSet<String> = ids(EN_GB_FTL).into_iter().collect();
    let mut asked = 0;
    let mut missing = Vec::new();
    for f in files {
        let called = match f.extension().and_then(|e| e.to_str()) {
            Some("rs") if !f.ends_with("i18n/tests.rs") => ids_called(&std::fs::read_to_string(&f).expect("read")),
            Some("js") => {
                let ids = script::ids_asked(&std::fs::read_to_string(&f).expect("read"));
                for id in &ids {
                    assert!(id.starts_with("js-"), "{}: a script's message id starts js- ({id})", f.display());
                }
                ids
            }
            _ => continue,
        };
        asked += called.len();
        missing.extend(called.into_iter().filter(|id| !en.contains(id)).map(|id| format!("{}: {id}", f.display())));
    }
    assert!(missing.is_empty(), "ids asked for but not in en-GB.ftl: {missing:#?}");
    assert!(asked > 100, "the scan found the lookups ({asked})");
}

#[test]
fn the_scan_finds_calls_and_only_calls() {
    let src = r#"t("a-b") ta("c", &[]) tr(lang, "d") tra(Lang::Cy, "e", &[]) format("x") s.t("no") msg("no")"#;
    assert_eq!(ids_called(src), ["a-b", "c", "d", "e"]);
    assert_eq!(script::ids_asked("msg('js-a'); x.msg('no'); msg(\"js-b\")"), ["js-a", "js-b"]);
    // Ids kept in a table for a later `msg(table[k])` count too; other strings do not.
    assert_eq!(
        script::ids_asked("const T = { 404: 'js-c', 410: \"js-d\" }; msg(T[s] ?? 'js-a'); 'not-js-e'; 'js-f bad'"),
        ["js-a", "js-c", "js-d"]
    );
}

#[test]
fn lookups_with_arguments_and_plurals() {
    assert_eq!(tra(Lang::EnGb, "ideas-given-count", &[("count", 1usize.into())]), "1 idea given");
    assert_eq!(tra(Lang::EnGb, "ideas-given-count", &[("count", 3usize.into())]), "3 ideas given");
    assert_eq!(tra(Lang::Cy, "ideas-given-count", &[("count", 3usize.into())]), "3 syniad wedi'u rhoi");
    assert_eq!(tr(Lang::Cy, "nav-verify"), "Gwirio derbynneb");
    // No Unicode isolation marks around an argument.
    assert_eq!(tra(Lang::EnGb, "home-convened-by", &[("name", "Riverside".into())]), "convened by Riverside");
}

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "missing")]
fn a_missing_message_is_a_bug_in_a_debug_build() {
    let _ = tr(Lang::Cy, "no-such-message");
}

#[test]
fn languages_from_codes_and_headers() {
    assert_eq!(Lang::from_code("cy"), Some(Lang::Cy));
    assert_eq!(Lang::from_code("CY-gb"), Some(Lang::Cy));
    assert_eq!(Lang::from_code("en"), Some(Lang::EnGb));
    assert_eq!(Lang::from_code("xx"), None);
    assert_eq!(Lang::from_code(""), None);
    assert_eq!(Lang::from_accept_language("cy"), Some(Lang::Cy));
    assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9,cy;q=0.8"), Some(Lang::EnGb));
    assert_eq!(Lang::from_accept_language("fr;q=1, cy;q=0.5, en;q=0.4"), Some(Lang::Cy));
    assert_eq!(Lang::from_accept_language("cy;q=0"), None);
    assert_eq!(Lang::from_accept_language("de, fr"), None);
    assert_eq!(Lang::from_accept_language("cy;q=abc"), None);
}

#[test]
fn welsh_dates() {
    assert_eq!(long_day(Lang::Cy, "2026-03-14"), "14 Mawrth 2026");
    assert_eq!(long_day(Lang::EnGb, "2026-03-14"), "14 March 2026");
    assert_eq!(long_utc_day(Lang::Cy, 1_769_936_400_000), "1 Chwefror 2026");
}

/// The `$name`s a message of `source` uses (in its value and every variant), sorted.
fn variables_of(source: &str) -> std::collections::BTreeMap<String, BTreeSet<String>> {
    let mut out = std::collections::BTreeMap::new();
    let mut id = None;
    for line in source.lines() {
        if let Some((name, _)) = line.split_once(" = ").filter(|(n, _)| !n.starts_with([' ', '#'])) {
            id = Some(name.trim().to_string());
        }
        let Some(id) = &id else { continue };
        let set: &mut BTreeSet<String> = out.entry(id.clone()).or_default();
        for (i, _) in line.match_indices('$') {
            let name: String =
                line[i + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
            set.insert(name);
        }
    }
    out
}

#[test]
fn welsh_messages_use_the_same_arguments_as_english() {
    let en = variables_of(EN_GB_FTL);
    let cy = variables_of(CY_FTL);
    let differ: Vec<_> = en.iter().filter(|(id, vars)| cy.get(*id) != Some(vars)).map(|(id, _)| id).collect();
    assert!(differ.is_empty(), "messages whose arguments differ between en-GB and cy: {differ:?}");
}

#[test]
fn script_messages_are_text_or_a_plural_choice() {
    for lang in Lang::ALL {
        for id in ids(EN_GB_FTL).into_iter().filter(|id| id.starts_with("js-")) {
            match script::for_script(lang, &id) {
                Some(serde_json::Value::String(s)) => assert!(!s.is_empty(), "{id}"),
                Some(serde_json::Value::Object(m)) => {
                    let default = m.get("_default").and_then(|d| d.as_str()).expect("a default variant");
                    assert!(m.contains_key(default) && m.contains_key("other"), "{id}: {m:?}");
                }
                other => panic!("{id} in {lang:?}: {other:?}"),
            }
        }
    }
    // Arguments stay as placeholders for msg() to fill; a plural choice keeps its variants.
    assert_eq!(
        script::for_script(Lang::EnGb, "js-key-unusable"),
        Some(serde_json::json!("This key file cannot be used: { $reason }."))
    );
    let plural = script::for_script(Lang::Cy, "js-contrib-new-count").expect("message");
    assert_eq!(plural["_default"], "other");
    assert!(plural["one"].as_str().is_some_and(|s| s.starts_with("Mae { $count } peth")), "{plural}");
}

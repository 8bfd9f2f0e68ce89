//! Messages for the pages' scripts: which `js-` ids a script asks for ([`ids_asked`]), and a
//! message as a script reads it ([`for_script`]): its text with each `{ $name }` left for
//! `static/ui.js`'s `msg()` to fill, or — for a message that is one plural choice — an
//! object of its variants by CLDR plural category, which `msg()` picks from with
//! `Intl.PluralRules` in the page's language.

use fluent_bundle::{FluentArgs, FluentValue};
use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use serde_json::{Map, Value};

use super::{Lang, bundle};

/// The message ids a script's source asks for: the string literal right after `msg(`
/// (a call not preceded by an identifier character or a dot).
pub fn ids_asked(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in src.match_indices("msg(") {
        if src[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let rest = &src[i + 4..];
        let Some(q) = rest.chars().next().filter(|c| *c == '\'' || *c == '"') else { continue };
        if let Some(end) = rest[1..].find(q) {
            out.push(rest[1..1 + end].to_string());
        }
    }
    // Ids a script keeps in a table and passes to `msg` later (`{ 404: 'js-…' }`): every
    // quoted `js-` literal counts as asked for.
    for q in ['\'', '"'] {
        let pat = format!("{q}js-");
        for (i, _) in src.match_indices(&pat) {
            let rest = &src[i + 1..];
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
            if rest[end..].starts_with(q) {
                out.push(rest[..end].to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn variables<'a>(p: &'a Pattern<&'a str>, out: &mut Vec<&'a str>) {
    for e in &p.elements {
        if let PatternElement::Placeable { expression } = e {
            match expression {
                Expression::Inline(InlineExpression::VariableReference { id }) => out.push(id.name),
                Expression::Select { selector, variants } => {
                    if let InlineExpression::VariableReference { id } = selector {
                        out.push(id.name);
                    }
                    for v in variants {
                        variables(&v.value, out);
                    }
                }
                _ => {}
            }
        }
    }
}

/// The message `id` of `lang` as a script reads it (`None` when the catalogue lacks it): a
/// string, or for a message that is a single choice on a variable, an object of its
/// variants (`"one"`, `"two"`, `"other"`, `"0"`…) with `"_default"` naming the default one.
/// Every `{ $name }` stays as that text for the script to fill.
pub fn for_script(lang: Lang, id: &str) -> Option<Value> {
    let b = bundle(lang);
    let pattern = b.get_message(id)?.value()?;
    let mut names = Vec::new();
    variables(pattern, &mut names);
    let mut args = FluentArgs::new();
    for n in names {
        args.set(n, FluentValue::from(format!("{{ ${n} }}")));
    }
    let mut errors = Vec::new();
    let mut text = |p: &'static Pattern<&'static str>| b.format_pattern(p, Some(&args), &mut errors).into_owned();
    let value = match pattern.elements.as_slice() {
        [PatternElement::Placeable { expression: Expression::Select { variants, .. } }] => {
            let mut m = Map::new();
            for v in variants {
                let key = match v.key {
                    VariantKey::Identifier { name } | VariantKey::NumberLiteral { value: name } => name,
                };
                if v.default {
                    m.insert("_default".into(), Value::String(key.to_string()));
                }
                m.insert(key.to_string(), Value::String(text(&v.value)));
            }
            Value::Object(m)
        }
        _ => Value::String(text(pattern)),
    };
    if !errors.is_empty() {
        tracing::error!(lang = lang.tag(), id, errors = ?errors, "script message formatted with errors");
    }
    Some(value)
}

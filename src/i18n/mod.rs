//! The pages' words in English and Welsh: a message catalogue in Project Fluent
//! (`en-GB.ftl`, `cy.ftl`, compiled into the binary), the [`Lang`] a page is written in,
//! and long-form dates in either language.
//!
//! A message is looked up by its id ([`tr`], [`tra`] with arguments). A missing message is
//! a bug: the tests check that both files parse, hold the same ids, and hold every id the
//! code asks for. Should one still be missing at run time, the English message is shown
//! and the gap logged; in a debug build the lookup panics so a test notices.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::attribution::dates;

/// The English catalogue (the source of truth for ids).
pub const EN_GB_FTL: &str = include_str!("en-GB.ftl");
/// The Welsh catalogue.
pub const CY_FTL: &str = include_str!("cy.ftl");

/// A language the pages are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// British English, the default.
    #[default]
    EnGb,
    /// Welsh.
    Cy,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::EnGb, Lang::Cy];

    /// The BCP 47 tag for `<html lang>` and `hreflang`: `en-GB` or `cy`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::EnGb => "en-GB",
            Lang::Cy => "cy",
        }
    }

    /// The short code in a `?lang=` link, a cookie and a consultation statement: `en` or `cy`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::EnGb => "en",
            Lang::Cy => "cy",
        }
    }

    /// Reads a short code or tag (`en`, `en-GB`, `cy`, `cy-GB`; any case); anything else is
    /// `None`.
    pub fn from_code(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::EnGb),
            "cy" => Some(Lang::Cy),
            _ => None,
        }
    }

    /// The language a browser prefers most among those Heard has, from an `Accept-Language`
    /// header (RFC 9110 §12.5.4: the highest `q` wins, ties by order; `q=0` refuses).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u32)> = None;
        for part in header.split(',') {
            let mut bits = part.split(';');
            let Some(lang) = bits.next().and_then(Lang::from_code) else { continue };
            let mut q = 1000u32;
            for p in bits {
                if let Some(v) = p.trim().strip_prefix("q=") {
                    q = v.trim().parse::<f32>().map(|f| (f.clamp(0.0, 1.0) * 1000.0) as u32).unwrap_or(0);
                }
            }
            if q > 0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }

    /// The other language (the one the language switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::EnGb => Lang::Cy,
            Lang::Cy => Lang::EnGb,
        }
    }

    /// The language's name in itself, as the switch shows it: `English`, `Cymraeg`.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::EnGb => "English",
            Lang::Cy => "Cymraeg",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::EnGb => EN_GB_FTL,
            Lang::Cy => CY_FTL,
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<[Bundle; 2]> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| Lang::ALL.map(build));
    &all[lang as usize]
}

/// Parses a catalogue into a bundle. A syntax error in the shipped files is a bug the tests
/// catch ([`parse_errors`]); here the parts that did parse are kept.
fn build(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Pages are left-to-right only: no Unicode isolation marks around placeables.
    b.set_use_isolating(false);
    let res = match FluentResource::try_new(lang.source().to_string()) {
        Ok(r) => r,
        Err((r, errs)) => {
            tracing::error!(lang = lang.tag(), errors = ?errs, "message catalogue has syntax errors");
            r
        }
    };
    if let Err(errs) = b.add_resource(res) {
        tracing::error!(lang = lang.tag(), errors = ?errs, "message catalogue repeats an id");
    }
    b
}

/// The syntax errors of a catalogue's text, as sentences (empty when it parses).
pub fn parse_errors(source: &str) -> Vec<String> {
    match FluentResource::try_new(source.to_string()) {
        Ok(_) => Vec::new(),
        Err((_, errs)) => errs.iter().map(|e| format!("{e:?}")).collect(),
    }
}

/// The message ids a catalogue's text defines (terms, which start with `-`, excluded).
pub fn ids(source: &str) -> Vec<String> {
    let res = match FluentResource::try_new(source.to_string()) {
        Ok(r) | Err((r, _)) => r,
    };
    res.entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// Whether the catalogue of `lang` has a message `id` with a value.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).get_message(id).is_some_and(|m| m.value().is_some())
}

fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let b = bundle(lang);
    let pattern = b.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let s = b.format_pattern(pattern, args, &mut errors).into_owned();
    if !errors.is_empty() {
        tracing::error!(lang = lang.tag(), id, errors = ?errors, "message formatted with errors");
    }
    Some(s)
}

/// The message `id` in `lang`, with `args` (`$name` in the message). Falls back to English,
/// logging the gap, when `lang` lacks it; a debug build panics so the tests notice.
pub fn tra(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, v.to_fluent());
    }
    let a = (!args.is_empty()).then_some(&fa);
    if let Some(s) = format(lang, id, a) {
        return s;
    }
    tracing::error!(lang = lang.tag(), id, "message missing from the catalogue");
    debug_assert!(false, "message {id} is missing from the {} catalogue", lang.tag());
    format(Lang::EnGb, id, a).unwrap_or_else(|| id.to_string())
}

/// A script's message (`js-…`) in `lang`, its `{ $name }` placeables left for the script
/// to fill (written `{$name}`; `static/ui.js` `msg`). Falls back to English.
pub fn tr_script(lang: Lang, id: &str) -> String {
    let raw = |lang: Lang| {
        let b = bundle(lang);
        let pattern = b.get_message(id)?.value()?;
        // The only errors here are the variables left unset on purpose.
        let mut errors = Vec::new();
        Some(b.format_pattern(pattern, None, &mut errors).into_owned())
    };
    raw(lang).or_else(|| raw(Lang::EnGb)).unwrap_or_else(|| id.to_string())
}

/// The message `id` in `lang` (no arguments).
pub fn tr(lang: Lang, id: &str) -> String {
    tra(lang, id, &[])
}

/// An argument to a message: text, or a number (which selects plural forms, `one`, `two`,
/// `few`… by the language's rules).
#[derive(Clone, Debug)]
pub enum Arg {
    /// Text, shown as is.
    Str(String),
    /// A count.
    Num(f64),
}

impl Arg {
    fn to_fluent(&self) -> FluentValue<'static> {
        match self {
            Arg::Str(s) => FluentValue::from(s.clone()),
            Arg::Num(n) => FluentValue::from(*n),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(n as f64)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Num(n as f64)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Num(f64::from(n))
    }
}

/// A day written `YYYY-MM-DD` as people read it in `lang`: `14 March 2026`,
/// `14 Mawrth 2026` (the text unchanged if it is not a date).
pub fn long_day(lang: Lang, day: &str) -> String {
    match lang {
        Lang::EnGb => dates::long_day(day),
        Lang::Cy => dates::long_day_cy(day),
    }
}

/// The UTC day a time (ms since the Unix epoch) falls on, as people read it in `lang`.
pub fn long_utc_day(lang: Lang, ms: u64) -> String {
    long_day(lang, &dates::utc_day(ms))
}

pub mod script;

#[cfg(test)]
mod tests;

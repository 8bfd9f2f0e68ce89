//! What a person asks the search for, read strictly from the text of a query string
//! (`/search?…` and `GET /v1/search?…` take the same parameters), with a stable code and a
//! plain sentence for each thing that cannot be read.

use super::SearchError;
use crate::attribution::dates;
use crate::attribution::kinds::Id;

/// Results on one page.
pub const PER_PAGE: usize = 20;
/// The last page that may be asked for (so at most 10,000 results are paged through).
pub const MAX_PAGE: u32 = 500;
/// Longest words typed in the search box, in characters.
pub const MAX_WORDS_CHARS: usize = 200;
/// Longest tag or contributor name in a filter, in characters.
pub const MAX_FILTER_CHARS: usize = 100;

/// The parameters as they came, each the text of one query-string parameter (absent or
/// empty means "not asked").
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct SearchParams {
    /// Words to find.
    pub q: Option<String>,
    /// A consultation id, 64 hex digits.
    pub consultation: Option<String>,
    /// A tag, as given with the idea (any case).
    pub tag: Option<String>,
    /// A contributor's name as the public view shows it (named or pseudonym).
    pub contributor: Option<String>,
    /// Given on or after this day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Given on or before this day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// `yes`, `no` or `any`.
    pub cited: Option<String>,
    /// `yes`, `no` or `any`.
    pub answered: Option<String>,
    /// Page number from 1.
    pub page: Option<String>,
}

/// A search, read and checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// The words typed (trimmed; empty for "every idea").
    pub words: String,
    /// Only ideas of this consultation.
    pub consultation: Option<Id>,
    /// Only ideas with this tag (compared without regard to case).
    pub tag: Option<String>,
    /// Only ideas whose contributor is shown by this name (compared without regard to case).
    pub contributor: Option<String>,
    /// Only ideas given on or after this day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Only ideas given on or before this day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Only cited (`Some(true)`) or never cited (`Some(false)`) ideas.
    pub cited: Option<bool>,
    /// Only answered (`Some(true)`) or unanswered (`Some(false)`) ideas.
    pub answered: Option<bool>,
    /// Page number from 1.
    pub page: u32,
}

fn given(p: &Option<String>) -> Option<&str> {
    p.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn day(field: &'static str, s: Option<&str>) -> Result<Option<String>, SearchError> {
    match s {
        None => Ok(None),
        Some(d) if dates::parse_day(d).is_some() => Ok(Some(d.to_string())),
        Some(_) => Err(SearchError::BadDate(field)),
    }
}

fn yes_no(field: &'static str, s: Option<&str>) -> Result<Option<bool>, SearchError> {
    match s.map(str::to_ascii_lowercase).as_deref() {
        None | Some("any") => Ok(None),
        Some("yes" | "true") => Ok(Some(true)),
        Some("no" | "false") => Ok(Some(false)),
        Some(_) => Err(SearchError::BadFilter { field, detail: format!("{field} is yes, no or any") }),
    }
}

fn text(field: &'static str, s: Option<&str>) -> Result<Option<String>, SearchError> {
    match s {
        Some(t) if t.chars().count() > MAX_FILTER_CHARS => {
            Err(SearchError::BadFilter { field, detail: format!("{field} is at most {MAX_FILTER_CHARS} characters") })
        }
        t => Ok(t.map(str::to_string)),
    }
}

impl SearchQuery {
    /// Reads the parameters: `bad_page` (not a whole number from 1 to [`MAX_PAGE`]),
    /// `bad_date` (not a real day written `YYYY-MM-DD`), `bad_date_range` (`from` after
    /// `to`), `bad_filter` (a yes/no filter or a text filter that cannot be read),
    /// `query_too_long`, and `malformed` (a consultation that is not 64 hex digits).
    pub fn parse(p: &SearchParams) -> Result<SearchQuery, SearchError> {
        let words = p.q.as_deref().unwrap_or("").trim().to_string();
        if words.chars().count() > MAX_WORDS_CHARS {
            return Err(SearchError::QueryTooLong);
        }
        let page = match given(&p.page) {
            None => 1,
            Some(s) => match s.parse::<u32>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
                _ => return Err(SearchError::BadPage),
            },
        };
        let consultation = match given(&p.consultation) {
            None => None,
            Some(s) => {
                let b = hex::decode(s).ok().and_then(|b| <[u8; 32]>::try_from(b).ok());
                Some(Id(b.ok_or(SearchError::BadConsultation)?))
            }
        };
        let from = day("from", given(&p.from))?;
        let to = day("to", given(&p.to))?;
        if let (Some(f), Some(t)) = (&from, &to)
            && f > t
        {
            return Err(SearchError::BadDateRange);
        }
        Ok(SearchQuery {
            words,
            consultation,
            tag: text("tag", given(&p.tag))?,
            contributor: text("contributor", given(&p.contributor))?,
            from,
            to,
            cited: yes_no("cited", given(&p.cited))?,
            answered: yes_no("answered", given(&p.answered))?,
            page,
        })
    }

    /// The query string that asks for this search at `page` (for next/previous links),
    /// without the leading `?`.
    pub fn query_string(&self, page: u32) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if !self.words.is_empty() {
            parts.push(("q", self.words.clone()));
        }
        if let Some(c) = &self.consultation {
            parts.push(("consultation", c.hex()));
        }
        for (k, v) in [("tag", &self.tag), ("contributor", &self.contributor), ("from", &self.from), ("to", &self.to)] {
            if let Some(v) = v {
                parts.push((k, v.clone()));
            }
        }
        for (k, v) in [("cited", self.cited), ("answered", self.answered)] {
            if let Some(v) = v {
                parts.push((k, if v { "yes" } else { "no" }.into()));
            }
        }
        parts.push(("page", page.to_string()));
        parts.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters stay).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> SearchParams {
        let mut out = SearchParams::default();
        for (k, v) in pairs {
            let slot = match *k {
                "q" => &mut out.q,
                "consultation" => &mut out.consultation,
                "tag" => &mut out.tag,
                "contributor" => &mut out.contributor,
                "from" => &mut out.from,
                "to" => &mut out.to,
                "cited" => &mut out.cited,
                "answered" => &mut out.answered,
                _ => &mut out.page,
            };
            *slot = Some(v.to_string());
        }
        out
    }

    /// Decodes `k=v&…` as a browser's form would have sent it.
    fn decode(q: &str) -> Vec<(String, String)> {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| {
                let mut bytes = Vec::new();
                let mut it = v.bytes();
                while let Some(b) = it.next() {
                    if b == b'%' {
                        let h: Vec<u8> = it.by_ref().take(2).collect();
                        bytes.push(u8::from_str_radix(std::str::from_utf8(&h).unwrap_or("0"), 16).unwrap_or(0));
                    } else {
                        bytes.push(b);
                    }
                }
                (k.to_string(), String::from_utf8(bytes).unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn bad_parameters_have_their_codes() {
        let code = |pairs: &[(&str, &str)]| SearchQuery::parse(&p(pairs)).map(|_| ()).unwrap_err().code();
        assert_eq!(code(&[("page", "0")]), "bad_page");
        assert_eq!(code(&[("page", "two")]), "bad_page");
        assert_eq!(code(&[("page", "501")]), "bad_page");
        assert_eq!(code(&[("from", "2026-02-30")]), "bad_date");
        assert_eq!(code(&[("to", "14/03/2026")]), "bad_date");
        assert_eq!(code(&[("from", "2026-03-02"), ("to", "2026-03-01")]), "bad_date_range");
        assert_eq!(code(&[("cited", "maybe")]), "bad_filter");
        assert_eq!(code(&[("consultation", "abc")]), "malformed");
        assert_eq!(code(&[("q", &"a".repeat(201))]), "query_too_long");
        assert!(SearchQuery::parse(&p(&[("page", "500"), ("cited", "any"), ("from", "")])).is_ok());
    }

    #[test]
    fn a_query_string_reads_back_as_the_same_search() {
        let hex = "ab".repeat(32);
        let q = SearchQuery::parse(&p(&[
            ("q", "bus stops & lights"),
            ("tag", "Transport"),
            ("from", "2026-01-01"),
            ("to", "2026-12-31"),
            ("cited", "no"),
            ("answered", "yes"),
            ("consultation", &hex),
            ("contributor", "Margaret O'Neill"),
        ]))
        .expect("parse");
        let pairs = decode(&q.query_string(3));
        let again = SearchQuery::parse(&p(&pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()))
            .expect("again");
        assert_eq!(again, SearchQuery { page: 3, ..q });
    }
}

//! Content negotiation of answers: JSON by default, CBOR when the client's `Accept` prefers
//! `application/cbor`.
//!
//! One view struct serves both forms: JSON through serde_json, CBOR through
//! [`crate::protocol::cbor::encode`] (integer keys by field position, shortest integers,
//! definite lengths, no floats: fractions use `cbor::millionths`). The rules are in
//! docs/PROTOCOL.md §17. Errors are always `application/problem+json`, whatever was asked.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::error::ApiError;
use crate::protocol::cbor;

/// The media type of JSON answers.
pub const JSON: &str = "application/json";
/// The media type of CBOR answers.
pub const CBOR: &str = "application/cbor";

/// The form an answer takes, chosen from the request's `Accept` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `application/json` (the default).
    Json,
    /// `application/cbor`.
    Cbor,
}

/// How much a client wants `ty/sub`, from its `Accept` ranges: the `q` of the most specific
/// range that matches (`ty/sub`, then `ty/*`, then `*/*`), or `None` when none matches.
fn quality(ranges: &[(String, String, f32)], ty: &str, sub: &str) -> Option<f32> {
    let exact = ranges.iter().find(|(t, s, _)| t == ty && s == sub);
    let by_type = || ranges.iter().find(|(t, s, _)| t == ty && s == "*");
    let any = || ranges.iter().find(|(t, s, _)| t == "*" && s == "*");
    exact.or_else(by_type).or_else(any).map(|r| r.2)
}

/// One media range `type/subtype;params`, lowercased, with its `q` (default 1); `None` when
/// it is not a media range or its `q` is not a number from 0 to 1.
fn media_range(item: &str) -> Option<(String, String, f32)> {
    let mut parts = item.split(';');
    let range = parts.next()?.trim().to_ascii_lowercase();
    let (ty, sub) = if range == "*" { ("*", "*") } else { range.split_once('/')? };
    if ty.is_empty() || sub.is_empty() || (ty == "*" && sub != "*") {
        return None;
    }
    let mut q = 1.0f32;
    for p in parts {
        if let Some((k, v)) = p.split_once('=')
            && k.trim().eq_ignore_ascii_case("q")
        {
            q = v.trim().parse().ok().filter(|q: &f32| (0.0..=1.0).contains(q))?;
        }
    }
    Some((ty.trim().to_string(), sub.trim().to_string(), q))
}

/// Whether the client is a browser asking for a page: its `Accept` names `text/html` itself
/// with a `q` above that of `application/json` and `application/problem+json` (so `*/*`, a
/// missing `Accept` or an API client's `application/json` get problem+json).
pub fn wants_html(headers: &HeaderMap) -> bool {
    let ranges: Vec<(String, String, f32)> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(media_range)
        .collect();
    let Some(html) = ranges.iter().find(|(t, s, _)| t == "text" && s == "html").map(|r| r.2) else {
        return false;
    };
    let json = quality(&ranges, "application", "json").unwrap_or(0.0);
    let problem = quality(&ranges, "application", "problem+json").unwrap_or(0.0);
    html > 0.0 && html > json && html > problem
}

/// For a URL that is a page first (a "check it" link): the data form a client asked for above
/// HTML, or `None` for the page. JSON or CBOR only when its `q` is higher than that of
/// `text/html` (each the most specific matching range), so a browser (`text/html,…,*/*;q=0.8`),
/// `*/*` and a missing `Accept` get the page, and `Accept: application/json` gets JSON.
pub fn data_over_html(headers: &HeaderMap) -> Option<Format> {
    let ranges: Vec<(String, String, f32)> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(media_range)
        .collect();
    let html = quality(&ranges, "text", "html").unwrap_or(0.0);
    let json = quality(&ranges, "application", "json").unwrap_or(0.0);
    let cbor = quality(&ranges, "application", "cbor").unwrap_or(0.0);
    if json.max(cbor) <= html {
        return None;
    }
    Some(if cbor > json { Format::Cbor } else { Format::Json })
}

impl Format {
    /// Chooses the answer's form from `Accept` (all its header lines together):
    ///
    /// - no `Accept`, or none that can be read as media ranges: JSON;
    /// - otherwise the form whose quality is higher, JSON on a tie;
    /// - neither acceptable (both absent or `q=0`, e.g. `Accept: text/html` alone):
    ///   406 `not_acceptable`.
    pub fn from_headers(headers: &HeaderMap) -> Result<Format, ApiError> {
        let ranges: Vec<(String, String, f32)> = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(media_range)
            .collect();
        if ranges.is_empty() {
            return Ok(Format::Json);
        }
        let json = quality(&ranges, "application", "json").unwrap_or(0.0);
        let cbor = quality(&ranges, "application", "cbor").unwrap_or(0.0);
        if json <= 0.0 && cbor <= 0.0 {
            return Err(ApiError::new(
                StatusCode::NOT_ACCEPTABLE,
                "not_acceptable",
                "this resource is served as application/json or application/cbor, and the Accept header allows neither",
            ));
        }
        Ok(if cbor > json { Format::Cbor } else { Format::Json })
    }

    /// The answer: `value` as JSON or canonical CBOR, with its content type.
    pub fn answer<T: Serialize>(self, status: StatusCode, value: &T) -> Response {
        let (bytes, content_type) = match self {
            Format::Json => (serde_json::to_vec(value).map_err(ApiError::internal), JSON),
            Format::Cbor => (cbor::encode(value).map_err(ApiError::internal), CBOR),
        };
        match bytes {
            Ok(b) => (status, [(header::CONTENT_TYPE, content_type), (header::VARY, "accept")], b).into_response(),
            Err(e) => e.into_response(),
        }
    }

    /// [`Format::answer`] with 200.
    pub fn ok<T: Serialize>(self, value: &T) -> Response {
        self.answer(StatusCode::OK, value)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Format {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Format::from_headers(&parts.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn choose(accept: &[&str]) -> Result<Format, &'static str> {
        let mut h = HeaderMap::new();
        for a in accept {
            h.append(header::ACCEPT, HeaderValue::from_str(a).unwrap());
        }
        Format::from_headers(&h).map_err(|e| e.code)
    }

    #[test]
    fn accept_chooses_the_form() {
        use Format::*;
        assert_eq!(choose(&[]), Ok(Json));
        assert_eq!(choose(&["*/*"]), Ok(Json));
        assert_eq!(choose(&["application/json"]), Ok(Json));
        assert_eq!(choose(&["application/cbor"]), Ok(Cbor));
        assert_eq!(choose(&["Application/CBOR"]), Ok(Cbor));
        assert_eq!(choose(&["application/cbor, application/json;q=0.5"]), Ok(Cbor));
        assert_eq!(choose(&["application/cbor;q=0.5, application/json"]), Ok(Json));
        assert_eq!(choose(&["application/cbor, */*;q=0.1"]), Ok(Cbor));
        assert_eq!(choose(&["application/cbor, application/*"]), Ok(Json), "a tie is JSON");
        assert_eq!(choose(&["text/html", "application/cbor"]), Ok(Cbor), "header lines add up");
        assert_eq!(choose(&["text/html,application/xhtml+xml,*/*;q=0.8"]), Ok(Json), "a browser gets JSON");
        assert_eq!(choose(&["application/json;q=0, application/cbor"]), Ok(Cbor));
        // Unreadable ranges are skipped; a header with nothing readable is disregarded.
        assert_eq!(choose(&["nonsense"]), Ok(Json));
        assert_eq!(choose(&["application/cbor;q=2"]), Ok(Json));
        assert_eq!(choose(&["application/cbor;q=x, application/cbor;q=1"]), Ok(Cbor));
        // Something readable that allows neither form: 406.
        assert_eq!(choose(&["text/html"]), Err("not_acceptable"));
        assert_eq!(choose(&["application/xml, text/*"]), Err("not_acceptable"));
        assert_eq!(choose(&["application/json;q=0, application/cbor;q=0"]), Err("not_acceptable"));
        assert_eq!(choose(&["*/*;q=0"]), Err("not_acceptable"));
    }

    #[test]
    fn a_page_first_url_gives_data_only_when_asked_above_html() {
        let data = |accept: &[&str]| {
            let mut h = HeaderMap::new();
            for a in accept {
                h.append(header::ACCEPT, HeaderValue::from_str(a).unwrap());
            }
            data_over_html(&h)
        };
        assert_eq!(data(&[]), None, "no Accept: the page");
        assert_eq!(data(&["*/*"]), None);
        assert_eq!(data(&["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]), None, "a browser");
        assert_eq!(data(&["text/html"]), None);
        assert_eq!(data(&["application/json"]), Some(Format::Json));
        assert_eq!(data(&["application/json, text/html;q=0.5"]), Some(Format::Json));
        assert_eq!(data(&["text/html, application/json"]), None, "a tie is the page");
        assert_eq!(data(&["application/cbor"]), Some(Format::Cbor));
        assert_eq!(data(&["application/cbor, application/json;q=0.5"]), Some(Format::Cbor));
        assert_eq!(data(&["application/*"]), Some(Format::Json));
    }
}

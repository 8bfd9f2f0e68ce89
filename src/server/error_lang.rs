//! Refusals in the request's language. A page's script shows the server's `detail` to the
//! person using the page, so a request whose language is Welsh (the `heard_lang` cookie, then
//! `Accept-Language`, chosen as the pages choose theirs) gets its problem+json `detail` and
//! `title` from the Welsh catalogue, with `Content-Language: cy`. The `code`, `type` and
//! status never change, and an English answer is exactly the English one: its detail is
//! often more specific (it names the idea, the limit or the entry) than one sentence per code
//! can be. Every problem+json answer carries `Vary: cookie, accept-language`.
//!
//! A code's sentence is the message `problem-<code>` (underscores as hyphens), a status's
//! title `problem-title-<status>`; the tests check that every code the server answers has
//! one. Should one still be missing, the English detail is kept and the gap logged.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::error::{ApiError, PROBLEM_JSON};
use crate::i18n::{self, Lang};

/// The catalogue id of a code's sentence: `problem-` and the code, `_` written `-`.
pub(super) fn detail_id(code: &str) -> String {
    format!("problem-{}", code.replace('_', "-"))
}

/// The catalogue id of a status's title.
pub(super) fn title_id(status: u16) -> String {
    format!("problem-title-{status}")
}

/// The middleware around the whole application: a refusal answered as problem+json to a
/// request in Welsh is written again in Welsh.
pub(super) async fn translate(req: Request, next: Next) -> Response {
    let lang = super::pages::request_lang(req.headers());
    let mut r = next.run(req).await;
    let problem = r.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    let Some(e) = r.extensions_mut().remove::<ApiError>() else { return r };
    if !problem {
        return r;
    }
    // The same request in another language gets another body: a cache must not mix them.
    r.headers_mut().append(header::VARY, HeaderValue::from_static("cookie, accept-language"));
    if lang == Lang::EnGb {
        return r;
    }
    let Some(body) = in_lang(&e, lang) else { return r };
    let h = r.headers_mut();
    h.remove(header::CONTENT_LENGTH);
    h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.tag()));
    *r.body_mut() = Body::from(body);
    r
}

/// The problem+json body of `e` with its detail and title in `lang`; `None` when the
/// catalogue lacks the code's sentence (logged: the tests keep the catalogue complete).
fn in_lang(e: &ApiError, lang: Lang) -> Option<Vec<u8>> {
    let id = detail_id(e.code);
    if !i18n::has(lang, &id) {
        tracing::error!(lang = lang.tag(), code = e.code, "a problem code has no sentence in the catalogue");
        return None;
    }
    let mut p = e.problem();
    p.detail = i18n::tr(lang, &id);
    let title = title_id(p.status);
    if i18n::has(lang, &title) {
        p.title = i18n::tr(lang, &title);
    } else {
        tracing::error!(lang = lang.tag(), status = p.status, "a status has no title in the catalogue");
    }
    serde_json::to_vec(&p).ok()
}

#[cfg(test)]
mod tests;

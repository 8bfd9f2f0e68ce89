//! The language a page is written in, chosen GOV.UK's way: `?lang=cy|en` (which also sets
//! the `heard_lang` cookie), else that cookie, else the browser's `Accept-Language`, else
//! English. [`choose`] runs around every page route and keeps the choice for the request
//! (a task-local), so the pages' helpers [`t`] and [`ta`] look messages up in it without
//! every function taking a language.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use maud::{Markup, html};

use crate::i18n::{self, Arg, Lang};

/// The cookie that remembers a chosen language.
pub const COOKIE: &str = "heard_lang";

/// What a page being rendered knows of its language.
#[derive(Clone, Debug)]
pub(super) struct Ctx {
    /// The page's language.
    pub lang: Lang,
    /// This page's address in the other language (the language switch's link).
    pub switch_href: String,
}

tokio::task_local! {
    static CURRENT: Ctx;
}

/// The language of the page being rendered (English outside a request).
pub(super) fn lang() -> Lang {
    CURRENT.try_with(|c| c.lang).unwrap_or_default()
}

/// The message `id` in the page's language.
pub(super) fn t(id: &str) -> String {
    i18n::tr(lang(), id)
}

/// The message `id` in the page's language, with arguments.
pub(super) fn ta(id: &str, args: &[(&str, Arg)]) -> String {
    i18n::tra(lang(), id, args)
}

/// A day `YYYY-MM-DD` as people read it in the page's language.
pub(super) fn long_day(d: &str) -> String {
    i18n::long_day(lang(), d)
}

/// The UTC day of a log time as people read it in the page's language.
pub(super) fn long_utc_day(ms: u64) -> String {
    i18n::long_utc_day(lang(), ms)
}

/// The `?lang=` of a query, if present: `Some(None)` for a value Heard does not have.
fn query_lang(uri: &Uri) -> Option<Option<Lang>> {
    let q = uri.query()?;
    q.split('&').find_map(|p| p.strip_prefix("lang=")).map(Lang::from_code)
}

fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == COOKIE).then(|| Lang::from_code(v)).flatten()
    })
}

/// The language for a request without a `?lang=` (cookie, then `Accept-Language`, then
/// English).
pub(in crate::server) fn from_headers(headers: &HeaderMap) -> Lang {
    cookie_lang(headers)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// This address with `lang=` set to `to` (other query parameters kept).
fn switch_href(uri: &Uri, to: Lang) -> String {
    // A path is a local one ("/…"); never a protocol-relative link to elsewhere.
    let path = match uri.path() {
        p if p.starts_with('/') && !p.starts_with("//") => p,
        _ => "/",
    };
    let mut q: Vec<&str> =
        uri.query().unwrap_or("").split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
    let l = format!("lang={}", to.code());
    q.push(&l);
    format!("{path}?{}", q.join("&"))
}

/// The middleware around every page: picks the language, renders the page in it, and sets
/// the cookie when `?lang=` chose one. A `lang` value Heard does not have is ignored.
pub(super) async fn choose(req: Request, next: Next) -> Response {
    let chosen = query_lang(req.uri()).flatten();
    let lang = chosen.unwrap_or_else(|| from_headers(req.headers()));
    let ctx = Ctx { lang, switch_href: switch_href(req.uri(), lang.other()) };
    let mut r = CURRENT.scope(ctx, next.run(req)).await;
    let h = r.headers_mut();
    if let Some(l) = chosen
        && let Ok(v) =
            HeaderValue::from_str(&format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly", l.code()))
    {
        h.append(header::SET_COOKIE, v);
    }
    let html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|c| c.starts_with("text/html"));
    if html {
        h.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.tag()));
        h.append(header::VARY, HeaderValue::from_static("cookie, accept-language"));
    }
    r
}

/// Renders `f` in the language a request's headers ask for (pages answered outside the page
/// routes: the fallback's not-found page, refusals before any route).
pub(super) fn render_for<R>(headers: &HeaderMap, f: impl FnOnce() -> R) -> R {
    let lang = from_headers(headers);
    CURRENT.sync_scope(Ctx { lang, switch_href: format!("/?lang={}", lang.other().code()) }, f)
}

/// Runs `f` with `lang` as the page language (work moved off the request's task, such as a
/// file rendered on a blocking thread).
pub(super) fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(Ctx { lang, switch_href: format!("/?lang={}", lang.other().code()) }, f)
}

/// The language switch at the top of every page (GOV.UK's pattern): the other language,
/// named in itself, with `lang` and `hreflang` on the link.
pub(super) fn switch() -> Markup {
    let (lang, href) =
        CURRENT.try_with(|c| (c.lang, c.switch_href.clone())).unwrap_or((Lang::EnGb, "/?lang=cy".to_string()));
    let other = lang.other();
    html! {
        nav.language-switch aria-label=(t("lang-switch-label")) {
            a href=(href) lang=(other.tag()) hreflang=(other.tag()) {
                span.visually-hidden { (i18n::tr(other, "lang-switch-to")) " " }
                (other.endonym())
            }
        }
    }
}

/// The messages a page's scripts need, as JSON for the `data-messages` attribute of
/// `<body>` (data, never run: the CSP's "no inline script" stays true): every `js-` message
/// the scripts at `scripts` and the modules they import ask for, in the page's language, as
/// `static/ui.js`'s `msg()` reads them ([`i18n::script::for_script`]).
pub(super) fn script_messages(scripts: &[&str]) -> String {
    let lang = lang();
    let mut m = serde_json::Map::new();
    for id in super::assets::message_ids(scripts) {
        match i18n::script::for_script(lang, &id).or_else(|| i18n::script::for_script(Lang::EnGb, &id)) {
            Some(v) => {
                m.insert(id, v);
            }
            None => tracing::error!(lang = lang.tag(), id, "a script's message is missing from the catalogue"),
        }
    }
    serde_json::Value::Object(m).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switch_links_keep_the_query() {
        let u: Uri = "/search?q=bins&lang=en&page=2".parse().unwrap();
        assert_eq!(switch_href(&u, Lang::Cy), "/search?q=bins&page=2&lang=cy");
        let u: Uri = "//evil.example/x".parse().unwrap_or_else(|_| "/".parse().unwrap());
        assert!(!switch_href(&u, Lang::Cy).starts_with("//"));
    }

    #[test]
    fn cookie_then_accept_language() {
        let mut h = HeaderMap::new();
        assert_eq!(from_headers(&h), Lang::EnGb);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("fr, cy;q=0.8, en;q=0.5"));
        assert_eq!(from_headers(&h), Lang::Cy);
        h.insert(header::COOKIE, HeaderValue::from_static("other=1; heard_lang=en"));
        assert_eq!(from_headers(&h), Lang::EnGb);
        h.insert(header::COOKIE, HeaderValue::from_static("heard_lang=xx"));
        assert_eq!(from_headers(&h), Lang::Cy, "a bad cookie is ignored");
    }
}

//! The pages in Welsh (issue #25 §5): `?lang=cy` writes a page in Welsh and sets the
//! `heard_lang` cookie, which later requests follow; `Accept-Language: cy` picks Welsh; a
//! `lang` value Heard does not have is ignored; a Welsh page shows no message id and no
//! English where a Welsh message exists, with dates in Welsh.

use crate::site;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use heard::server::{AppState, CSP, ServerConfig, app};
use http_body_util::BodyExt;
use site::*;
use tower::ServiceExt;

fn site_once() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| std::thread::spawn(site).join().expect("the site builds"))
}

struct Got {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(req: Request<Body>) -> Got {
    let config = ServerConfig { public_url: "https://heard.example.org".into(), ..Default::default() };
    let r = app(AppState::new(site_once().ledger.clone(), config)).oneshot(req).await.expect("infallible");
    let status = r.status();
    let headers = r.headers().clone();
    let body = String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8");
    Got { status, headers, body }
}

async fn get_with(path: &str, headers: &[(header::HeaderName, &str)]) -> Got {
    let mut r = Request::get(path).header(header::ACCEPT, "text/html");
    for (k, v) in headers {
        r = r.header(k, *v);
    }
    send(r.body(Body::empty()).expect("request")).await
}

fn cookies(g: &Got) -> Vec<&str> {
    g.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect()
}

/// The page's text without its tags (what a person reads).
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
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
    out
}

/// The pages translated so far, as a visitor reaches them.
fn welsh_pages(s: &Site) -> Vec<String> {
    vec![
        "/".into(),
        format!("/consultations/{}", s.consultation.hex()),
        "/claim".into(),
        format!("/claim?code={}", s.card.code),
        "/verify".into(),
        format!("/verify?entry={}", hex::encode(s.ledger.idea(&s.idea).expect("idea").verification.entry_hash)),
        "/contributors".into(),
        format!("/contributors/{}", s.contributor.hex()),
        format!("/ideas/{}", s.idea.hex()),
        "/no/such/page".into(),
    ]
}

#[tokio::test]
async fn lang_cy_writes_the_page_in_welsh_and_remembers_it() {
    let g = get_with("/?lang=cy", &[]).await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("<html lang=\"cy\">"), "{}", &g.body[..200]);
    assert!(g.body.contains("Syniadau a roddodd pobl"), "Welsh words");
    assert!(!g.body.contains("Skip to the main content"), "no English where Welsh exists");
    let set = cookies(&g);
    assert!(
        set.iter().any(|c| c.starts_with("heard_lang=cy;") && c.contains("SameSite=Lax") && c.contains("Path=/")),
        "{set:?}"
    );
    assert_eq!(g.headers.get(header::CONTENT_LANGUAGE).and_then(|v| v.to_str().ok()), Some("cy"));
    assert_eq!(g.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()), Some(CSP));
    // The switch offers English, marked as English.
    assert!(g.body.contains("lang=\"en-GB\" hreflang=\"en-GB\""), "the switch names its language");
    assert!(g.body.contains("href=\"/?lang=en\""));

    // A later request with the cookie (and no ?lang) stays Welsh, and sets nothing.
    let g = get_with("/verify", &[(header::COOKIE, "heard_lang=cy")]).await;
    assert!(g.body.contains("<html lang=\"cy\">"));
    assert!(g.body.contains("Gwirio derbynneb"));
    assert!(cookies(&g).is_empty());
    // The cookie wins over the browser's preference; ?lang=en wins over the cookie.
    let g = get_with("/claim", &[(header::COOKIE, "heard_lang=cy"), (header::ACCEPT_LANGUAGE, "en-GB")]).await;
    assert!(g.body.contains("<html lang=\"cy\">"));
    let g = get_with("/claim?lang=en", &[(header::COOKIE, "heard_lang=cy")]).await;
    assert!(g.body.contains("<html lang=\"en-GB\">"));
    assert!(cookies(&g).iter().any(|c| c.starts_with("heard_lang=en;")));
}

#[tokio::test]
async fn accept_language_cy_picks_welsh() {
    let g = get_with("/claim", &[(header::ACCEPT_LANGUAGE, "cy-GB, en;q=0.5")]).await;
    assert!(g.body.contains("<html lang=\"cy\">"));
    assert!(g.body.contains("Hawlio eich syniadau"));
    assert!(cookies(&g).is_empty(), "only ?lang sets the cookie");
    // With no preference at all, English.
    let g = get_with("/claim", &[]).await;
    assert!(g.body.contains("<html lang=\"en-GB\">"));
    assert!(g.body.contains("Claim your ideas"));
}

#[tokio::test]
async fn a_lang_heard_does_not_have_is_ignored() {
    for q in ["xx", "", "%3Cscript%3E", "cy%00", "english"] {
        let g = get_with(&format!("/verify?lang={q}"), &[]).await;
        assert_eq!(g.status, StatusCode::OK, "lang={q}");
        assert!(g.body.contains("<html lang=\"en-GB\">"), "lang={q}");
        assert!(cookies(&g).is_empty(), "lang={q} sets no cookie");
    }
    // A bad value does not override a good cookie either.
    let g = get_with("/verify?lang=xx", &[(header::COOKIE, "heard_lang=cy")]).await;
    assert!(g.body.contains("<html lang=\"cy\">"));
}

#[tokio::test]
async fn welsh_pages_show_no_message_ids_and_welsh_dates() {
    let s = site_once();
    let ids = heard::i18n::ids(heard::i18n::EN_GB_FTL);
    for path in welsh_pages(s) {
        let g = get_with(&path, &[(header::COOKIE, "heard_lang=cy")]).await;
        assert!(g.body.contains("<html lang=\"cy\">"), "{path}");
        let text = text_of(&g.body);
        let words: std::collections::HashSet<&str> =
            text.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| !w.is_empty()).collect();
        for id in &ids {
            assert!(!words.contains(id.as_str()), "{path} shows the message id {id}");
        }
        for english in ["Skip to the main content", "Consultations", "Technical details", "Check a receipt"] {
            assert!(!text.contains(english), "{path} shows English: {english}");
        }
    }
    // The demo's consultation page: its date in Welsh, never as ISO text.
    let g = get_with(&format!("/consultations/{}", s.consultation.hex()), &[(header::COOKIE, "heard_lang=cy")]).await;
    let c = s.ledger.consultation(&s.consultation).expect("consultation");
    let welsh = heard::i18n::long_day(heard::i18n::Lang::Cy, &c.date);
    assert!(
        [
            "Ionawr",
            "Chwefror",
            "Mawrth",
            "Ebrill",
            "Mai",
            "Mehefin",
            "Gorffennaf",
            "Awst",
            "Medi",
            "Hydref",
            "Tachwedd",
            "Rhagfyr"
        ]
        .iter()
        .any(|m| welsh.contains(m)),
        "{welsh}"
    );
    assert!(g.body.contains(&welsh), "the date in Welsh: {welsh}");
    assert!(!text_of(&g.body).contains(&c.date), "no ISO date shown as text");
}

#[tokio::test]
async fn the_verify_page_keeps_its_technical_detail_behind_a_disclosure() {
    for (cookie, summary) in [("heard_lang=en", "Technical details"), ("heard_lang=cy", "Manylion technegol")] {
        let g = get_with("/verify", &[(header::COOKIE, cookie)]).await;
        assert!(g.body.contains(&format!("<summary>{summary}</summary>")), "{cookie}");
        // The record's key sits inside a <details>.
        let key_at = g.body.find("id=\"log-key\"").expect("key field");
        let open = g.body[..key_at].rfind("<details").expect("a details before the key");
        assert!(g.body[open..key_at].find("</details>").is_none(), "the key field is inside the disclosure");
        let g = get_with("/", &[(header::COOKIE, cookie)]).await;
        let fp = g.body.find("class=\"hash\"").expect("fingerprint");
        let open = g.body[..fp].rfind("<details").expect("a details before the fingerprint");
        assert!(g.body[open..fp].find("</details>").is_none(), "the home page's fingerprint is inside the disclosure");
    }
}

/// The `data-messages` of a page's `<body>` (the messages its scripts read), as JSON.
fn script_messages(html: &str) -> serde_json::Value {
    let at = html.find("data-messages=\"").expect("the page passes messages to its scripts") + "data-messages=\"".len();
    let raw = &html[at..at + html[at..].find('"').expect("end of the attribute")];
    let json = raw.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    serde_json::from_str(&json).expect("JSON")
}

#[tokio::test]
async fn a_page_passes_its_scripts_their_messages_in_its_language() {
    let s = site_once();
    let claim = format!("/claim?code={}", s.card.code);
    let cy = script_messages(&get_with(&claim, &[(header::COOKIE, "heard_lang=cy")]).await.body);
    let en = script_messages(&get_with(&claim, &[]).await.body);
    // claim.js's own words, and those of the modules it imports (keyfile.js, statement.js).
    assert_eq!(cy["js-claim-sending"], "Yn llofnodi eich hawliad ar y ddyfais hon ac yn ei anfon…");
    assert_eq!(en["js-claim-sending"], "Signing your claim on this device and sending it…");
    assert!(cy["js-key-not-key-file"].as_str().is_some_and(|m| m.starts_with("nid ffeil allwedd Heard")), "{cy}");
    assert!(cy["js-code-length"].is_string(), "statement.js's words");
    // An argument stays a placeholder for the script.
    assert_eq!(cy["js-claim-file-refused"].as_str().map(|m| m.contains("{ $reason }")), Some(true));
    // Only what the page's scripts ask for.
    assert!(cy.get("js-credit-checking").is_none() && cy.get("js-verify-paste-first").is_none(), "{cy}");

    let verify = script_messages(&get_with("/verify", &[(header::COOKIE, "heard_lang=cy")]).await.body);
    assert_eq!(verify["js-technical-details"], "Manylion technegol");
    assert_eq!(verify["js-verify-paste-first"], "Gludwch dderbynneb yn gyntaf.");
    // A plural choice goes as its variants.
    let portfolio = format!("/contributors/{}", s.contributor.hex());
    let p = script_messages(&get_with(&portfolio, &[(header::COOKIE, "heard_lang=cy")]).await.body);
    assert_eq!(p["js-contrib-new-count"]["_default"], "other");
    // A page without scripts passes nothing.
    assert!(!get_with("/", &[(header::COOKIE, "heard_lang=cy")]).await.body.contains("data-messages"));
}

#[tokio::test]
async fn the_credit_file_is_written_in_the_page_language() {
    let s = site_once();
    let path = format!("/contributors/{}/credit.html", s.contributor.hex());
    let cy = get_with(&path, &[(header::COOKIE, "heard_lang=cy")]).await;
    assert_eq!(cy.status, StatusCode::OK);
    assert!(cy.body.contains("<html lang=\"cy\">"), "{}", &cy.body[..300]);
    assert!(cy.body.contains("<h1>Fy nghlod, gyda'i brawf</h1>"));
    assert!(cy.body.contains("Sut mae'r ffeil hon yn gwirio eich derbynebau"));
    for english in ["My credit, with its proof", "Not checked yet", "The record’s public key", "Cited in"] {
        assert!(!text_of(&cy.body).contains(english), "English left in the Welsh file: {english}");
    }
    // Its verifier's words travel with it, in Welsh.
    let m = script_messages(&cy.body);
    assert_eq!(m["js-credit-checking"], "Yn gwirio pob derbynneb ar y ddyfais hon…");
    assert!(m["js-credit-all-good"].is_string() && m.get("js-claim-sending").is_none(), "{m}");
    // English stays the default.
    let en = get_with(&path, &[]).await;
    assert!(en.body.contains("<html lang=\"en-GB\">") && en.body.contains("<h1>My credit, with its proof</h1>"));
    assert_eq!(script_messages(&en.body)["js-credit-checking"], "Checking every receipt on this device…");
}

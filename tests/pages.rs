//! The web pages through the router (`oneshot`): every page renders from the demo, escapes
//! hostile text, carries the security headers, answers bad links with plain pages, and
//! shows the same facts as the JSON API. The same pages in a real browser: tests/browser.rs.

use crate::site;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use heard::server::{AppState, CSP, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::Value;
use site::*;
use tower::ServiceExt;

const BASE: &str = "https://heard.example.org";

fn site_once() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    // Appends block: build it outside the test's runtime.
    SITE.get_or_init(|| std::thread::spawn(site).join().expect("the site builds"))
}

fn router() -> axum::Router {
    let config = ServerConfig { public_url: BASE.into(), ..Default::default() };
    app(AppState::new(site_once().ledger.clone(), config))
}

struct Got {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(req: Request<Body>) -> Got {
    let r = router().oneshot(req).await.expect("infallible");
    let status = r.status();
    let headers = r.headers().clone();
    let body = String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8");
    Got { status, headers, body }
}

async fn get(path: &str) -> Got {
    send(Request::get(path).body(Body::empty()).expect("request")).await
}

fn header(g: &Got, name: header::HeaderName) -> &str {
    g.headers.get(&name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The HTML escaping maud applies to text.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Every page of the site, as a visitor reaches them.
fn pages(s: &Site) -> Vec<String> {
    vec![
        "/".into(),
        format!("/consultations/{}", s.consultation.hex()),
        format!("/consultations/{}", s.hostile_consultation.hex()),
        format!("/ideas/{}", s.idea.hex()),
        format!("/ideas/{}", s.hostile_idea.hex()),
        "/claim".into(),
        format!("/claim?code={}", s.card.code),
        "/contributors".into(),
        format!("/contributors/{}", s.contributor.hex()),
        format!("/contributors/{}", heard::attribution::build::key_id(&s.eve).hex()),
        format!("/reports/{}", s.report.hex()),
        format!("/reports/{}", s.hostile_report.hex()),
        "/verify".into(),
        format!("/verify?entry={}", s.hostile_idea.hex()),
        format!("/consultations/{}/you-said-we-did", s.consultation.hex()),
        format!("/consultations/{}/you-said-we-did", s.hostile_consultation.hex()),
    ]
}

#[tokio::test]
async fn every_page_renders_with_the_security_headers() {
    let s = site_once();
    for path in pages(s) {
        let g = get(&path).await;
        assert_eq!(g.status, StatusCode::OK, "{path}: {}", g.body);
        assert_eq!(header(&g, header::CONTENT_TYPE), "text/html; charset=utf-8", "{path}");
        assert_eq!(header(&g, header::CONTENT_SECURITY_POLICY), CSP, "{path}");
        assert_eq!(header(&g, header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert_eq!(header(&g, header::REFERRER_POLICY), "no-referrer", "{path}");
        assert!(g.body.starts_with("<!DOCTYPE html><html lang=\"en-GB\">"), "{path}");
        assert_eq!(g.body.matches("<h1>").count(), 1, "{path}: one main heading");
        // The policy forbids inline code: no page may need it.
        assert!(!g.body.contains(" style="), "{path}: inline style");
        assert!(!g.body.contains("<style"), "{path}: inline style element");
        for (i, _) in g.body.match_indices("<script") {
            let tag = &g.body[i..g.body[i..].find('>').map_or(g.body.len(), |e| i + e)];
            assert!(tag.contains("type=\"module\" src=\"/static/"), "{path}: inline or foreign script {tag}");
        }
        assert!(!has_event_handler(&g.body), "{path}: an event-handler attribute");
    }
    // Headers are on error pages too.
    let g = get("/ideas/zz").await;
    assert_eq!(header(&g, header::CONTENT_SECURITY_POLICY), CSP);
}

/// True if the HTML has an `on…=` attribute inside a tag (an inline event handler).
fn has_event_handler(html: &str) -> bool {
    let mut in_tag = false;
    let b = html.as_bytes();
    for i in 0..b.len() {
        match b[i] {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b' ' if in_tag => {
                let rest = &html[i + 1..];
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                if name.len() > 2 && name.starts_with("on") && rest[name.len()..].starts_with('=') {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

#[tokio::test]
async fn hostile_text_is_shown_as_text_on_every_page() {
    let s = site_once();
    let hostile = [HOSTILE_TEXT, HOSTILE_NAME, HOSTILE_TITLE, HOSTILE_REPORT, HOSTILE_LOCATOR, HOSTILE_REASON];
    let mut seen = [false; 6];
    for path in pages(s) {
        let g = get(&path).await;
        assert!(!g.body.contains("<script>window"), "{path}: raw script");
        assert!(!g.body.contains("<img src=x"), "{path}: raw img");
        assert!(!g.body.contains("<b>Eve</b>"), "{path}: raw markup in a name");
        assert!(!g.body.contains("href=\"javascript:"), "{path}: a javascript: link");
        for (i, h) in hostile.iter().enumerate() {
            if g.body.contains(&escaped(h)) {
                seen[i] = true;
            }
        }
    }
    assert_eq!(seen, [true; 6], "every hostile text appears, escaped, somewhere");
    // The idea page shows the text, the name and the reason as text, and the link as text.
    let g = get(&format!("/ideas/{}", s.hostile_idea.hex())).await;
    for h in [HOSTILE_TEXT, HOSTILE_NAME, HOSTILE_REASON, HOSTILE_LINK] {
        assert!(g.body.contains(&escaped(h)), "{h} on the idea page");
    }
}

#[tokio::test]
async fn the_card_url_lands_on_the_claim_page_with_its_ideas() {
    let s = site_once();
    let url = s.card.url(BASE);
    let path = url.strip_prefix(BASE).expect("a URL on this server");
    assert!(path.starts_with("/claim?code="), "{url}");
    let g = get(path).await;
    assert_eq!(g.status, StatusCode::OK);
    let ids: Vec<String> = s.card_ideas.iter().map(|i| i.hex()).collect();
    assert!(g.body.contains(&format!("data-ideas=\"{}\"", ids.join(","))), "{}", g.body);
    assert!(g.body.contains(&format!("data-code=\"{}\"", s.card.code)));
    for v in &s.card_ideas {
        let text = s.ledger.idea(v).expect("idea").text.expect("text");
        assert!(g.body.contains(&escaped(&text)), "{text}");
    }
    assert!(g.body.contains("<script type=\"module\" src=\"/static/claim.js\">"));
    // A claimed card offers no claim form.
    let margaret = heard::demo::demo_card("housing/margaret");
    let g = get(&format!("/claim?code={}", margaret.code.to_lowercase().replace('-', "+"))).await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("already been claimed") && !g.body.contains("claim-form"));
}

#[tokio::test]
async fn bad_links_get_plain_pages_with_the_right_status() {
    let s = site_once();
    let unknown = "ab".repeat(32);
    let cases: Vec<(String, StatusCode, &str)> = vec![
        ("/ideas/zz".into(), StatusCode::BAD_REQUEST, "This link is not complete"),
        (format!("/ideas/{unknown}"), StatusCode::NOT_FOUND, "We could not find this idea"),
        (format!("/ideas/{unknown}/receipt.txt"), StatusCode::NOT_FOUND, "We could not find this idea"),
        (format!("/consultations/{unknown}"), StatusCode::NOT_FOUND, "We could not find this consultation"),
        (format!("/reports/{unknown}"), StatusCode::NOT_FOUND, "We could not find this report"),
        ("/contributors/123".into(), StatusCode::BAD_REQUEST, "This link is not complete"),
        ("/claim?code=0000-0000".into(), StatusCode::BAD_REQUEST, "This code is not quite right"),
        (
            format!("/claim?code={}", heard::attribution::claim::ClaimCard::from_secret([9; 16]).code),
            StatusCode::BAD_REQUEST,
            "We could not find a card with this code",
        ),
        ("/contributors?key=nothex".into(), StatusCode::BAD_REQUEST, "A public key is 64 characters"),
        ("/verify?entry=12".into(), StatusCode::BAD_REQUEST, "This verify link is not complete"),
        (format!("/verify?entry={unknown}"), StatusCode::NOT_FOUND, "No entry with this fingerprint"),
    ];
    for (path, status, words) in cases {
        let g = get(&path).await;
        assert_eq!(g.status, status, "{path}");
        assert!(g.body.contains(words), "{path}: {}", g.body);
        assert_eq!(header(&g, header::CONTENT_TYPE), "text/html; charset=utf-8", "{path}");
    }
    // A bad code is announced to screen readers and tied to its field.
    let g = get("/claim?code=0000").await;
    assert!(g.body.contains("role=\"alert\"") && g.body.contains("aria-invalid=\"true\""));
    // A typed key goes to its portfolio.
    let g = get(&format!("/contributors?key={}", s.contributor.hex().to_uppercase())).await;
    assert_eq!(g.status, StatusCode::SEE_OTHER);
    assert_eq!(header(&g, header::LOCATION), format!("/contributors/{}", s.contributor.hex()));
    let g = get("/static/nothing.js").await;
    assert_eq!(g.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_show_the_same_facts_as_the_api() {
    let s = site_once();
    // The consultation's chart sums to the figures' credits, one bar per credited contributor.
    let api: Value =
        serde_json::from_str(&get(&format!("/v1/consultations/{}", s.consultation.hex())).await.body).expect("json");
    let f = &api["figures"];
    let page = get(&format!("/consultations/{}", s.consultation.hex())).await.body;
    let credits: Vec<u64> = page
        .match_indices("data-credits=\"")
        .map(|(i, m)| page[i + m.len()..].split('"').next().and_then(|n| n.parse().ok()).expect("a number"))
        .collect();
    assert_eq!(credits.iter().sum::<u64>(), f["credits"].as_u64().expect("credits"));
    assert!(credits.windows(2).all(|w| w[0] >= w[1]), "most cited first: {credits:?}");
    assert_eq!(page.matches("<tr><th scope=\"row\">").count() as u64, f["contributors"].as_u64().expect("n"));
    assert_eq!(page.matches("<article class=\"idea\">").count(), api["ideas"].as_array().expect("ideas").len());

    // The idea page: the contributor as consented, each citation, the response, the lineage.
    let idea: Value = serde_json::from_str(&get(&format!("/v1/ideas/{}", s.idea.hex())).await.body).expect("json");
    let page = get(&format!("/ideas/{}", s.idea.hex())).await.body;
    assert_eq!(idea["idea"]["contributor"]["display"], "Margaret Doyle");
    assert!(page.contains("<strong>Margaret Doyle</strong> (shown by their name)"), "{page}");
    for c in idea["idea"]["citations"].as_array().expect("citations") {
        assert!(page.contains(&escaped(c["locator"].as_str().expect("locator"))), "{c}");
    }
    assert!(page.contains("Later ideas that build on it"), "the derived idea and the hostile one build on it");
    assert!(page.contains(&format!("/verify?entry={}", idea["idea"]["entry_hash"].as_str().expect("hash"))));
    assert!(page.contains("badge-verified"));

    // The receipt download is the log's receipt for the idea.
    let seq = idea["idea"]["seq"].as_u64().expect("seq");
    let g = get(&format!("/ideas/{}/receipt.txt", s.idea.hex())).await;
    assert_eq!(g.status, StatusCode::OK);
    assert_eq!(header(&g, header::CONTENT_DISPOSITION), format!("attachment; filename=\"heard-receipt-{seq}.txt\""));
    assert_eq!(g.body, s.ledger.log().receipt(seq).expect("receipt"));

    // The report page carries exactly the three exports.
    let page = get(&format!("/reports/{}", s.report.hex())).await.body;
    for (id, path) in [("markdown", "acknowledgements.md"), ("csl", "citations.csl.json"), ("bibtex", "citations.bib")]
    {
        let export = get(&format!("/v1/reports/{}/{path}", s.report.hex())).await.body;
        let area = format!(
            "<textarea id=\"export-{id}\" readonly rows=\"8\" spellcheck=\"false\">{}</textarea>",
            escaped(&export)
        );
        assert!(page.contains(&area), "{id} export on the report page");
    }

    // The portfolio lists every idea of the key.
    let p: Value =
        serde_json::from_str(&get(&format!("/v1/contributors/{}", s.contributor.hex())).await.body).expect("json");
    let page = get(&format!("/contributors/{}", s.contributor.hex())).await.body;
    assert_eq!(page.matches("class=\"idea portfolio-item\"").count() as u64, p["ideas"].as_u64().expect("ideas"));
}

#[tokio::test]
async fn the_verify_page_shows_the_servers_checks_with_and_without_a_form() {
    let s = site_once();
    let eh = s.ledger.idea(&s.idea).expect("idea").verification.entry_hash;
    let g = get(&format!("/verify?entry={}", hex::encode(eh))).await;
    assert_eq!(g.status, StatusCode::OK);
    let names = [
        "receipt_format",
        "checkpoint_signature",
        "checkpoint_format",
        "entry_format",
        "inclusion",
        "statement_signature",
    ];
    for n in names {
        assert!(g.body.contains(&format!("data-check=\"{n}\" data-passed=\"true\"")), "{n}");
    }
    assert!(g.body.contains("data-valid=\"true\""));

    // The form posted without script: a receipt with one proof hash changed fails at inclusion.
    let seq = s.ledger.seq_of(&eh).expect("seq").expect("in the log");
    let receipt = s.ledger.log().receipt(seq).expect("receipt");
    let mut p = heard::protocol::note::TlogProof::parse(&receipt).expect("parse");
    p.proof[0][0] ^= 1;
    let tampered = p.to_text();
    let form = format!("receipt={}&key=", urlencode(&tampered));
    let req = Request::post("/verify")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("request");
    let g = send(req).await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("data-check=\"inclusion\" data-passed=\"false\""), "{}", g.body);
    assert!(g.body.contains("data-valid=\"false\""));
    assert!(g.body.contains("A check failed: The entry is part of the signed record"));
    // An empty form is a plain error.
    let req = Request::post("/verify")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("receipt=&key="))
        .expect("request");
    let g = send(req).await;
    assert_eq!(g.status, StatusCode::BAD_REQUEST);
    assert!(g.body.contains("Paste a receipt first."));
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn every_script_and_module_it_imports_is_served() {
    let mut todo =
        vec!["claim.js", "contributor.js", "report.js", "verify.js"].into_iter().map(String::from).collect::<Vec<_>>();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let g = get(&format!("/static/{name}")).await;
        assert_eq!(g.status, StatusCode::OK, "{name}");
        assert_eq!(header(&g, header::CONTENT_TYPE), "text/javascript; charset=utf-8", "{name}");
        assert_eq!(header(&g, header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{name}");
        for line in g.body.lines().filter(|l| l.starts_with("import ")) {
            let module = line.split("from './").nth(1).and_then(|r| r.split('\'').next()).expect("a relative import");
            todo.push(module.to_string());
        }
    }
    assert!(seen.len() >= 8, "{seen:?}");
    let g = get("/static/heard.css").await;
    assert_eq!(header(&g, header::CONTENT_TYPE), "text/css; charset=utf-8");
}

/// Regression: PROTOCOL said nothing of where an auditor finds the log's key but `/v1/keys`;
/// the key is now printed on every page that offers or checks a receipt (escaped as text).
#[tokio::test]
async fn receipt_pages_did_not_print_the_log_key() {
    let s = site_once();
    let key = s.ledger.log().verifier().to_text();
    let line = format!("<code class=\"key\">{}</code>", escaped(&key));
    for path in [
        format!("/ideas/{}", s.idea.hex()),
        format!("/ideas/{}", s.hostile_idea.hex()),
        "/verify".into(),
        format!("/verify?entry={}", s.hostile_idea.hex()),
    ] {
        let g = get(&path).await;
        assert_eq!(g.status, StatusCode::OK, "{path}");
        assert!(g.body.contains(&line), "{path} does not print the log key {key}");
        assert!(g.body.contains("href=\"/.well-known/heard/log-key\""), "{path}");
    }
}

/// Regression: a receipt could be downloaded only as `.txt`; it is also offered as
/// `heard-receipt-<seq>.tlog-proof` (the file name C2SP tlog-proof tools use), the same bytes.
#[tokio::test]
async fn receipts_were_not_offered_as_tlog_proof_files() {
    let s = site_once();
    let seq = s.ledger.idea(&s.idea).expect("idea").seq;
    let txt = get(&format!("/ideas/{}/receipt.txt", s.idea.hex())).await;
    let proof = get(&format!("/ideas/{}/receipt.tlog-proof", s.idea.hex())).await;
    assert_eq!(proof.status, StatusCode::OK);
    assert_eq!(
        header(&proof, header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"heard-receipt-{seq}.tlog-proof\"")
    );
    assert_eq!(header(&proof, header::CONTENT_TYPE), "text/plain; charset=utf-8");
    assert_eq!(proof.body, txt.body);
    assert!(proof.body.starts_with("c2sp.org/tlog-proof@v1\n"));
    let page = get(&format!("/ideas/{}", s.idea.hex())).await.body;
    assert!(page.contains(&format!("href=\"/ideas/{}/receipt.tlog-proof\"", s.idea.hex())));
    // A bad id is a plain page, as for the .txt download.
    let bad = get("/ideas/zz/receipt.tlog-proof").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// Regression: an unknown page path (`/reports`, `/claim/`) answered a browser with a JSON
/// problem document. Browsers (`Accept: text/html` preferred) now get a plain-language page
/// with the pages' headers; API clients, and every path under the API's prefixes, still get
/// problem+json `not_found`.
#[tokio::test]
async fn unknown_page_paths_answered_json_to_browsers() {
    const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let with = |path: &str, accept: Option<&str>| {
        let mut r = Request::get(path);
        if let Some(a) = accept {
            r = r.header(header::ACCEPT, a);
        }
        r.body(Body::empty()).expect("request")
    };
    // (`/reports` was one of them until the list of reports was added.)
    for path in ["/claim/", "/no/such/page", "/ideas/", "/reports/"] {
        let g = send(with(path, Some(BROWSER))).await;
        assert_eq!(g.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(header(&g, header::CONTENT_TYPE), "text/html; charset=utf-8", "{path}");
        assert_eq!(header(&g, header::CONTENT_SECURITY_POLICY), CSP, "{path}");
        assert_eq!(header(&g, header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert!(g.body.contains("<h1>We could not find this page</h1>"), "{path}: {}", g.body);
        assert!(g.body.contains("href=\"/static/heard.css\""), "{path}: the page is styled");
        assert!(g.body.contains("href=\"/\""), "{path}: a way back");
        assert!(!has_event_handler(&g.body) && !g.body.contains("<script>"), "{path}");
        for accept in [None, Some("application/json"), Some("*/*"), Some("application/json, text/html;q=0.5")] {
            let g = send(with(path, accept)).await;
            assert_eq!(g.status, StatusCode::NOT_FOUND, "{path} {accept:?}");
            assert_eq!(header(&g, header::CONTENT_TYPE), "application/problem+json", "{path} {accept:?}");
            let v: Value = serde_json::from_str(&g.body).expect("problem");
            assert_eq!(v["code"], "not_found");
        }
    }
    // The API's own prefixes stay problem+json even for a browser.
    for path in ["/v1/nothing", "/tiles/nothing", "/.well-known/nothing"] {
        let g = send(with(path, Some(BROWSER))).await;
        assert_eq!(
            (g.status, header(&g, header::CONTENT_TYPE)),
            (StatusCode::NOT_FOUND, "application/problem+json"),
            "{path}"
        );
    }
}

/// The browser's words check (`static/words.js`, used by the idea and verify pages), run by
/// Node's WebCrypto on the module as served: the idea's served salt and text give the digest
/// in its logged statement, and altered words or another salt do not.
#[test]
fn the_browser_words_check_recomputes_the_logged_digest() {
    let s = site_once();
    let v = s.ledger.idea(&s.idea).expect("idea");
    let (text, salt) = (v.text.clone().expect("text"), v.salt.clone().expect("salt"));
    let entry = s.ledger.log().entry(v.seq).expect("read").expect("entry");
    let statement = heard::protocol::entry::Entry::decode(&entry).expect("entry").statement;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/server/pages/static");
    let script = format!(
        "import {{ wordsMatch }} from 'file://{dir}/words.js';\n\
         import {{ fromHex }} from 'file://{dir}/bytes.js';\n\
         const st = fromHex('{st}'), salt = fromHex('{salt}'), text = {text};\n\
         const other = fromHex('{other}');\n\
         console.log(JSON.stringify([await wordsMatch(st, salt, text), await wordsMatch(st, salt, text + ' '), await wordsMatch(st, other, text)]));\n",
        st = hex::encode(&statement),
        salt = hex::encode(&salt),
        other = hex::encode([0u8; 32]),
        text = serde_json::to_string(&text).expect("json"),
    );
    let out = std::process::Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("node (installed by .ci/run for the browser test)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[true,false,false]");
}

/// Issue 25: the portfolio offers every receipt of each idea, and "Download my credit" is one
/// HTML file holding each of them byte for byte, the hostile words escaped, and a verifier
/// allowed to run (and to fetch nothing) by its own CSP, which names its inline script and
/// style by their hashes.
#[tokio::test]
async fn the_credit_file_holds_every_receipt_and_runs_only_its_own_script() {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    let s = site_once();
    let eve = heard::attribution::kinds::Id(s.eve.verifying_key().to_bytes());
    let history = s.ledger.history(&s.hostile_idea).expect("history");
    assert_eq!(history.len(), 3, "the idea, its citation, its answer");

    let page = get(&format!("/contributors/{}", eve.hex())).await;
    for e in &history {
        assert!(
            page.body.contains(&format!("href=\"/v1/receipts/{}\" download=\"heard-receipt-{}.txt\"", e.seq, e.seq))
        );
    }
    assert!(page.body.contains(&format!("href=\"/contributors/{}/credit.html\"", eve.hex())));

    let g = get(&format!("/contributors/{}/credit.html", eve.hex())).await;
    assert_eq!(g.status, StatusCode::OK);
    assert_eq!(header(&g, header::CONTENT_TYPE), "text/html; charset=utf-8");
    assert_eq!(
        header(&g, header::CONTENT_DISPOSITION),
        format!("attachment; filename=\"heard-credit-{}.html\"", &eve.hex()[..8])
    );
    assert!(g.body.contains(&escaped(HOSTILE_TEXT)) && !g.body.contains(HOSTILE_TEXT), "the words are escaped");
    assert!(g.body.contains(&s.ledger.log().verifier().to_text()), "the log key is in the file");
    let pres: Vec<&str> =
        g.body.split("<pre class=\"receipt-text\">").skip(1).map(|p| &p[..p.find("</pre>").expect("end")]).collect();
    assert_eq!(pres.len(), history.len());
    for (e, pre) in history.iter().zip(&pres) {
        let served = get(&format!("/v1/receipts/{}", e.seq)).await;
        assert_eq!(*pre, served.body, "receipt {} byte for byte", e.seq);
        assert!(g.body.contains(&format!("<li data-seq=\"{}\"", e.seq)));
    }
    let between = |open: &str, close: &str| {
        let start = g.body.find(open).expect("open") + open.len();
        g.body[start..start + g.body[start..].find(close).expect("close")].to_string()
    };
    let hash = |t: &str| {
        format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(t.as_bytes())))
    };
    let csp = between("<meta http-equiv=\"Content-Security-Policy\" content=\"", "\"");
    let script = between("<script>", "</script>");
    let style = between("<style>", "</style>");
    assert_eq!(
        csp,
        format!(
            "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
            hash(&script),
            hash(&style)
        )
    );
    assert!(!script.contains("import ") && script.contains("verifyReceipt"), "one classic script");
    assert_eq!(g.body.matches("<script").count(), 1, "no other script");

    // A key with nothing is an empty file; a bad key a plain bad-link page.
    let none = get(&format!("/contributors/{}/credit.html", "ab".repeat(32))).await;
    assert!(none.body.contains("0 ideas given, with 0 receipts"));
    assert_eq!(get("/contributors/xyz/credit.html").await.status, StatusCode::BAD_REQUEST);
}

/// The privacy notice and the accessibility statement: linked from every page's footer, in
/// plain words by default, replaced by the operator's own text (shown as text, never markup).
#[tokio::test]
async fn every_page_links_the_privacy_notice_and_accessibility_statement_which_the_operator_can_rewrite() {
    for path in pages(site_once()) {
        let g = get(&path).await;
        assert!(
            g.body.contains(r#"<a href="/privacy">Privacy</a>"#)
                && g.body.contains(r#"<a href="/accessibility">Accessibility</a>"#),
            "{path} links both notices in its footer"
        );
    }
    let privacy = get("/privacy").await;
    assert_eq!(privacy.status, StatusCode::OK);
    for words in ["Privacy notice", "What we keep", "For how long", "How to withdraw", "words are erased"] {
        assert!(privacy.body.contains(words), "the default privacy notice says {words:?}");
    }
    let access = get("/accessibility").await;
    assert_eq!(access.status, StatusCode::OK);
    for words in ["Accessibility statement", "keyboard alone", "360 pixels", "Reporting a problem"] {
        assert!(access.body.contains(words), "the default accessibility statement says {words:?}");
    }

    // The operator's own text, read from the folder on each request.
    let dir = tempfile::tempdir().expect("tempdir");
    let config = ServerConfig { public_url: BASE.into(), notices: Some(dir.path().into()), ..Default::default() };
    let own = app(AppState::new(site_once().ledger.clone(), config));
    let fetch = |path: &'static str| {
        let own = own.clone();
        async move {
            let r = own.oneshot(Request::get(path).body(Body::empty()).expect("request")).await.expect("infallible");
            String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8")
        }
    };
    assert!(fetch("/privacy").await.contains("What we keep"), "no file yet: the default");
    std::fs::write(
        dir.path().join("privacy.txt"),
        "Run by Riverside <Council>.\n\n## Ask us\n\n- dpo@riverside.example",
    )
    .unwrap();
    let body = fetch("/privacy").await;
    assert!(body.contains("<p>Run by Riverside &lt;Council&gt;.</p><h2>Ask us</h2>"), "{body}");
    assert!(body.contains("<li>dpo@riverside.example</li>") && !body.contains("What we keep"), "{body}");
    assert!(fetch("/accessibility").await.contains("keyboard alone"), "the other notice keeps its default");
}

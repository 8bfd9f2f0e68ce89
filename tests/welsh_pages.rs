//! Every public page in Welsh, and no English left on it (issue #25 §5). A record whose every
//! text is Welsh (consultation, ideas, names, report, locators, answers: data, not interface),
//! holding each kind of event an idea's history can show (given, recorded on a card, claimed,
//! consent changed, endorsed, confirmed by a co-contributor, cited twice, answered alone and
//! as a group, acknowledged, withdrawn). Each page is fetched with `heard_lang=cy`, and its
//! visible text (tags, scripts and styles stripped; `<title>`, `aria-label`, `title`, `alt`
//! and `placeholder` kept) must hold:
//!
//! - no English sentence of the catalogue: every message whose English differs from its
//!   Welsh, cut at its placeholders into pieces of three words or more;
//! - no English word of a short list of words common in the pages' English and never Welsh
//!   ("the", "and", "your", "idea", month names…): these catch English written in Rust or a
//!   template, which the catalogue check cannot see;
//! - no day written as `YYYY-MM-DD` outside the search form's examples.
//!
//! The Atom feeds and `POST /v1/verify` (asked in Welsh, as the verify page's script asks)
//! are held to the same rules.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, AckStatus, Attribution, ConsultationSpec, IdeaSpec, Use, key_id};
use heard::attribution::claim::ClaimCard;
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Outcome, Recognition, Role, Usage};
use heard::i18n::{CY_FTL, EN_GB_FTL, Lang};
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

const ORIGIN: &str = "heard.localhost/log";

struct Cy {
    _dir: tempfile::TempDir,
    ledger: Ledger,
    consultation: Id,
    /// Siân's idea: endorsed, cited twice, answered, acknowledged.
    sian: Id,
    sian_key: Id,
    /// Recorded on a card by the facilitator, then claimed under a chosen name.
    card_idea: Id,
    /// Withdrawn after a change of consent.
    withdrawn: Id,
    report: Id,
    unclaimed: ClaimCard,
}

fn submit(ledger: &Ledger, s: build::Signed) -> Id {
    ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append");
    s.id
}

fn cy_site() -> &'static Cy {
    static SITE: OnceLock<Cy> = OnceLock::new();
    SITE.get_or_init(|| std::thread::spawn(build_site).join().expect("the Welsh site builds"))
}

fn build_site() -> Cy {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let ledger = Ledger::open_data_folder(&data, ORIGIN).expect("ledger");
    let (keys, _) = DataDir::new(&data).init_keys(ORIGIN).expect("keys");
    let operator = statement_key(&keys.operator);
    let k = |n: u8| SigningKey::from_bytes(&[n; 32]);
    let (council, facilitator, team) = (k(101), k(102), k(103));
    let (sian, eirlys, dafydd, ffion, gwyn) = (k(111), k(112), k(113), k(114), k(115));
    let t = 1_790_000_000_000;
    for (n, (who, role, name)) in [
        (&council, Role::Organisation, "Cyngor Glan-yr-afon"),
        (&facilitator, Role::Facilitator, "Gwen o'r cyngor"),
        (&team, Role::PolicyTeam, "Tîm strategaeth dai"),
    ]
    .into_iter()
    .enumerate()
    {
        submit(&ledger, build::enrol(&operator, t + n as u64, key_id(who), role, name, false).expect("enrol"));
    }
    let spec = ConsultationSpec {
        title: "Tai llaith a llwydni".into(),
        date: "2026-03-14".into(),
        place: "Llyfrgell Glan-yr-afon".into(),
        topic: "tai".into(),
        convenor: key_id(&council),
        recorders: vec![key_id(&facilitator)],
        closes: None,
        lang: Some("cy".into()),
    };
    let consultation = submit(&ledger, build::consultation(&council, t + 10, &spec).expect("consultation"));
    let idea = |who: &SigningKey, n: u64, tags: &[&str], a: Attribution, words: &str, more: &dyn Fn(&mut IdeaSpec)| {
        let mut spec = IdeaSpec {
            consultation,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            co_contributors: vec![],
            builds_on: vec![],
            attribution: a,
            claim_hash: None,
            given: Some("2026-03-14".into()),
        };
        more(&mut spec);
        submit(&ledger, build::idea(who, t + n, &spec, IdeaText::new(words).expect("text")).expect("idea"))
    };
    let none = |_: &mut IdeaSpec| {};
    let sian_idea = idea(
        &sian,
        20,
        &["tai", "atgyweirio"],
        Attribution::Named("Siân Prydderch".into()),
        "Anfonwch neges destun y diwrnod cyn i'r gweithwyr ddod i drwsio'r to.",
        &none,
    );
    let card = ClaimCard::from_secret([7; 16]);
    let card_idea = idea(
        &facilitator,
        21,
        &["tai", "lleithder"],
        Attribution::Anonymous,
        "Dylai rhywun ddod i weld y llwydni cyn pen wythnos.",
        &|s| s.claim_hash = Some(Id(card.hash)),
    );
    let eirlys_idea = idea(
        &eirlys,
        22,
        &["tai", "atgyweirio"],
        Attribution::Anonymous,
        "Rhowch rif ffôn uniongyrchol i'r tîm atgyweirio.",
        &|s| {
            s.builds_on = vec![sian_idea];
            s.co_contributors = vec![key_id(&sian)];
        },
    );
    let withdrawn = idea(
        &ffion,
        23,
        &["tai"],
        Attribution::Pseudonym("Ffion y Fferm".into()),
        "Geiriau a fydd yn cael eu dileu.",
        &none,
    );
    let unclaimed = ClaimCard::from_secret([9; 16]);
    idea(
        &facilitator,
        24,
        &["tai", "gwresogi"],
        Attribution::Anonymous,
        "Gwresogyddion sy'n gweithio cyn y gaeaf.",
        &|s| s.claim_hash = Some(Id(unclaimed.hash)),
    );
    idea(&gwyn, 25, &["tai", "gwresogi"], Attribution::Anonymous, "Ffenestri dwbl ym mhob fflat.", &none);

    // Claimed under a chosen name; endorsed by the facilitator; confirmed by Siân.
    let chosen = Attribution::Pseudonym("Dai Bach".into());
    submit(&ledger, build::claim(&dafydd, t + 30, vec![card_idea], &chosen, Some(card.secret)).expect("claim"));
    submit(&ledger, build::endorse(&facilitator, t + 31, sian_idea).expect("endorse"));
    submit(&ledger, build::endorse(&sian, t + 32, eirlys_idea).expect("confirm"));
    // Cited in two versions of a report.
    let uses = [
        Use { idea: sian_idea, locator: "argymhelliad 3".into(), usage: Usage::Quoted },
        Use { idea: eirlys_idea, locator: "tudalen 12".into(), usage: Usage::Paraphrased },
        Use { idea: card_idea, locator: "atodiad B".into(), usage: Usage::Informed },
    ];
    let title = "Cynllun Tai Glan-yr-afon 2026";
    submit(
        &ledger,
        build::cite(&team, t + 40, title, "fersiwn 1", Some("https://example.org/cynllun".into()), None, &uses)
            .expect("cite"),
    );
    let later = [Use { idea: sian_idea, locator: "argymhelliad 4".into(), usage: Usage::Informed }];
    submit(&ledger, build::cite(&team, t + 41, title, "fersiwn 2", None, None, &later).expect("cite again"));
    let report = ledger.report_id(&key_id(&team), title, "fersiwn 1").expect("report id");
    // Answered alone, then as a group; acknowledged.
    let adopted = build::Answer {
        links: vec!["https://example.org/atebion".into()],
        ..build::Answer::new(Outcome::Adopted, Some("Byddwn yn anfon negeseuon o fis Mai ymlaen.".into()))
    };
    submit(&ledger, build::respond(&council, t + 50, sian_idea, adopted).expect("respond"));
    let group = build::Answer { also: vec![eirlys_idea], ..build::Answer::new(Outcome::UnderConsideration, None) };
    submit(&ledger, build::respond(&council, t + 51, card_idea, group).expect("respond as a group"));
    submit(
        &ledger,
        build::acknowledge(
            &council,
            t + 52,
            vec![sian_idea],
            Recognition::Voucher,
            &AckStatus::Given(None),
            Some("Diolch yn fawr".into()),
        )
        .expect("acknowledge"),
    );
    // Ffion shows her name, then withdraws.
    submit(
        &ledger,
        build::claim(&ffion, t + 60, vec![withdrawn], &Attribution::Named("Ffion".into()), None).expect("c"),
    );
    submit(&ledger, build::withdraw(&ffion, t + 61, withdrawn).expect("withdraw"));
    ledger.search_index().expect("index").refresh().expect("refresh");
    Cy {
        _dir: dir,
        ledger,
        consultation,
        sian: sian_idea,
        sian_key: key_id(&sian),
        card_idea,
        withdrawn,
        report,
        unclaimed,
    }
}

struct Got {
    status: StatusCode,
    content_type: String,
    content_language: Option<String>,
    body: String,
}

async fn send(req: Request<Body>) -> Got {
    let config = ServerConfig { public_url: "https://heard.example.org".into(), ..Default::default() };
    let r = app(AppState::new(cy_site().ledger.clone(), config)).oneshot(req).await.expect("infallible");
    let status = r.status();
    let header = |h| r.headers().get(h).and_then(|v: &axum::http::HeaderValue| v.to_str().ok()).map(String::from);
    let content_type = header(header::CONTENT_TYPE).unwrap_or_default();
    let content_language = header(header::CONTENT_LANGUAGE);
    let body = String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8");
    Got { status, content_type, content_language, body }
}

async fn get_cy(path: &str) -> Got {
    let r = Request::get(path).header(header::ACCEPT, "text/html").header(header::COOKIE, "heard_lang=cy");
    send(r.body(Body::empty()).expect("request")).await
}

fn entry_hash_at(seq: u64) -> String {
    let bytes = cy_site().ledger.log().entry(seq).expect("read").expect("entry");
    hex::encode(heard::protocol::entry::entry_hash(&bytes))
}

/// The seqs of an idea's history, oldest first.
fn history_seqs(idea: &Id) -> Vec<u64> {
    cy_site().ledger.history(idea).expect("history").iter().map(|e| e.seq).collect()
}

/// Every public page, as a visitor reaches it.
fn public_pages(s: &Cy) -> Vec<String> {
    let c = s.consultation.hex();
    let mut pages = vec![
        "/".to_string(),
        format!("/consultations/{c}"),
        format!("/consultations/{c}/you-said-we-did"),
        format!("/consultations/{c}/not-yet-heard"),
        "/search".into(),
        "/search?q=neges".into(),
        format!("/search?consultation={c}&cited=no"),
        "/search?q=tai&from=2026-03-01&to=2026-03-31&answered=yes".into(),
        "/search?from=2026-02-30".into(),
        "/search?q=tai&tag=tai&tag=gwresogi".into(),
        "/reports".into(),
        format!("/reports/{}", s.report.hex()),
        format!("/ideas/{}", s.sian.hex()),
        format!("/ideas/{}", s.card_idea.hex()),
        format!("/ideas/{}", s.withdrawn.hex()),
        "/claim".into(),
        format!("/claim?code={}", s.unclaimed.code),
        "/contributors".into(),
        format!("/contributors/{}", s.sian_key.hex()),
        format!("/contributors/{}/credit.html", s.sian_key.hex()),
        "/verify".into(),
        "/privacy".into(),
        "/accessibility".into(),
        "/recover".into(),
        "/no/such/page".into(),
        format!("/ideas/{}", "ab".repeat(32)),
    ];
    // A verify page for every entry of the history of Siân's, the card's and the withdrawn
    // idea: each shows what its receipt proves in a server-made sentence.
    for idea in [s.sian, s.card_idea, s.withdrawn] {
        for seq in history_seqs(&idea) {
            pages.push(format!("/verify?entry={}", entry_hash_at(seq)));
        }
    }
    pages
}

/// Replaces the few HTML entities maud writes.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// Removes every element whose start tag contains `marker` (its start tag to the first end
/// tag of its name: the elements cut here hold no element of their own name).
fn cut_elements(s: &mut String, marker: &str) {
    while let Some(at) = s.find(marker) {
        let a = s[..at + 1].rfind('<').expect("inside a tag");
        let name: String = s[a + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let close = format!("</{name}>");
        let b = s[at..].find(&close).map_or(s.len(), |e| at + e + close.len());
        s.replace_range(a..b, " ");
    }
}

/// What a person reads or hears of a page in Welsh: its text without tags, scripts and
/// styles, plus the attributes read aloud or shown (`aria-label`, `title`, `alt`,
/// `placeholder`), with runs of white space as one space. Left out: what is marked as
/// English (`lang="en-GB"`: the language switch's link to English, the protocol's technical
/// detail, the exports), receipts (in the verify form and the credit file: base64), code
/// (keys, hashes, commands) and web addresses.
fn visible_text(html: &str) -> String {
    let mut s = html.to_string();
    for tag in ["script", "style"] {
        while let Some(a) = s.find(&format!("<{tag}")) {
            let close = format!("</{tag}>");
            let b = s[a..].find(&close).map_or(s.len(), |e| a + e + close.len());
            s.replace_range(a..b, " ");
        }
    }
    cut_elements(&mut s, " lang=\"en-GB\"");
    cut_elements(&mut s, "<textarea id=\"receipt\"");
    cut_elements(&mut s, "<pre class=\"receipt-text\"");
    cut_elements(&mut s, "<code");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(a) = rest.find('<') {
        out.push_str(&rest[..a]);
        out.push(' ');
        let end = rest[a..].find('>').map_or(rest.len(), |e| a + e + 1);
        let tag = &rest[a..end];
        for attr in ["aria-label=\"", "title=\"", "alt=\"", "placeholder=\""] {
            for (i, _) in tag.match_indices(attr) {
                // Only a whole attribute name (not `data-title=`).
                if tag[..i].ends_with(' ') {
                    let v = &tag[i + attr.len()..];
                    out.push_str(&v[..v.find('"').unwrap_or(v.len())]);
                    out.push(' ');
                }
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    unescape(&out)
        .split_whitespace()
        .filter(|w| !w.starts_with("https://") && !w.starts_with("http://"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English pieces of the catalogue that must never show on a Welsh page: every message
/// whose English differs from its Welsh, cut at placeholders and line breaks, pieces of at
/// least three words.
fn english_pieces() -> Vec<(String, String)> {
    let ids: BTreeSet<String> = heard::i18n::ids(EN_GB_FTL).into_iter().collect();
    assert_eq!(ids, heard::i18n::ids(CY_FTL).into_iter().collect(), "both catalogues hold the same ids");
    let texts = |lang: Lang, id: &str| -> Vec<String> {
        match heard::i18n::script::for_script(lang, id) {
            Some(serde_json::Value::String(s)) => vec![s],
            Some(serde_json::Value::Object(m)) => m
                .iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .filter_map(|(_, v)| v.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut out = Vec::new();
    for id in &ids {
        let (en, cy) = (texts(Lang::EnGb, id), texts(Lang::Cy, id));
        if en == cy {
            continue;
        }
        for text in en {
            // Cut at `{ … }` placeholders and line breaks.
            let mut pieces = vec![String::new()];
            let mut depth = 0;
            for c in text.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        pieces.push(String::new());
                    }
                    '}' => depth -= 1,
                    '\n' => pieces.push(String::new()),
                    _ if depth == 0 => pieces.last_mut().expect("a piece").push(c),
                    _ => {}
                }
            }
            for p in pieces {
                let p = p.trim().trim_start_matches("## ").trim_start_matches("- ").trim();
                let p = p.trim_matches(|c: char| c.is_ascii_punctuation() || c == '“' || c == '”').trim();
                if p.split_whitespace().count() >= 3 {
                    out.push((id.clone(), p.split_whitespace().collect::<Vec<_>>().join(" ")));
                }
            }
        }
    }
    assert!(out.len() > 300, "the catalogue gives enough English to look for: {}", out.len());
    out
}

/// English words common in the pages' English and never Welsh words.
const ENGLISH_WORDS: &[&str] = &[
    "the",
    "and",
    "your",
    "you",
    "idea",
    "ideas",
    "with",
    "this",
    "that",
    "was",
    "were",
    "have",
    "has",
    "been",
    "from",
    "not",
    "for",
    "who",
    "what",
    "which",
    "report",
    "reports",
    "given",
    "cited",
    "answer",
    "answered",
    "contributor",
    "contributors",
    "yet",
    "search",
    "find",
    "people",
    "here",
    "are",
    "its",
    "will",
    "by",
    "of",
    "on",
    "in",
    "or",
    "it",
    "we",
    "our",
    "they",
    "their",
    "there",
    "how",
    "when",
    "more",
    "about",
    "only",
    "check",
    "words",
    "page",
    "see",
    "used",
    "back",
    "next",
    "previous",
    "none",
    "other",
    "theme",
    "themes",
    "withdrawn",
    "response",
    "citations",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The problems of one page's text, if any.
fn problems(path: &str, text: &str, pieces: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (id, piece) in pieces {
        if text.contains(piece.as_str()) {
            out.push(format!("{path}: English of {id}: “{piece}”"));
        }
    }
    let words: BTreeSet<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    for w in ENGLISH_WORDS {
        if words.contains(*w) {
            let lower = text.to_lowercase();
            let at = lower.find(&format!(" {w} ")).unwrap_or(0);
            let around: String = lower.chars().skip(lower[..at].chars().count().saturating_sub(60)).take(140).collect();
            out.push(format!("{path}: the English word “{w}”: …{around}…"));
        }
    }
    // Days for people, never as `YYYY-MM-DD` (the search form's examples and the values of
    // its date fields aside).
    let examples = ["2026-03-14", "2026-04-30"];
    let b = text.as_bytes();
    for i in 0..b.len().saturating_sub(9) {
        let d = &b[i..i + 10];
        let iso = d.iter().enumerate().all(|(j, c)| if j == 4 || j == 7 { *c == b'-' } else { c.is_ascii_digit() });
        if iso && !(path.starts_with("/search") && examples.contains(&&text[i..i + 10])) {
            out.push(format!("{path}: a day written as {}", &text[i..i + 10]));
            break;
        }
    }
    out
}

#[tokio::test]
async fn every_public_page_in_welsh_has_no_english_left() {
    let s = cy_site();
    let pieces = english_pieces();
    let mut found = Vec::new();
    for path in public_pages(s) {
        let g = get_cy(&path).await;
        assert!(g.content_type.starts_with("text/html"), "{path}: {}", g.content_type);
        assert!(g.body.contains("<html lang=\"cy\">"), "{path} is a Welsh page ({})", g.status);
        found.extend(problems(&path, &visible_text(&g.body), &pieces));
    }
    assert!(found.is_empty(), "English on Welsh pages ({}):\n{}", found.len(), found.join("\n"));
}

#[tokio::test]
async fn the_pages_show_what_they_should_in_welsh() {
    let s = cy_site();
    let c = s.consultation.hex();
    let page = |p: String| async move { visible_text(&get_cy(&p).await.body) };
    let said = page(format!("/consultations/{c}/you-said-we-did")).await;
    for want in ["Dywedoch chi, gwnaethom ni", "14 Mawrth 2026", "Thema: atgyweirio", "Mabwysiadwyd", "Dim ateb eto"] {
        assert!(said.contains(want), "said-did shows {want}: {said}");
    }
    let unheard = page(format!("/consultations/{c}/not-yet-heard")).await;
    assert!(unheard.contains("Heb eu clywed eto") && unheard.contains("Ffenestri dwbl"), "{unheard}");
    let found = page("/search?q=neges".into()).await;
    assert!(found.contains("Daethpwyd o hyd i 1 syniad") && found.contains("Siân Prydderch"), "{found}");
    // "a contributor" after "gan" takes its soft mutation.
    let uncited = page(format!("/search?consultation={c}&cited=no")).await;
    assert!(uncited.contains("Rhoddwyd gan gyfrannwr ar 14 Mawrth 2026"), "{uncited}");
    let bad = get_cy("/search?from=2026-02-30").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(visible_text(&bad.body).contains("Gwall: Rhowch y dyddiad cyntaf fel dyddiad go iawn"));
    let report = page(format!("/reports/{}", s.report.hex())).await;
    for want in ["Cydnabyddiaethau", "Ysgrifennwyd gan Tîm strategaeth dai", "argymhelliad 3 (dyfynnwyd)", "fersiwn 2"]
    {
        assert!(report.contains(want), "the report page shows {want}: {report}");
    }
    let reports = page("/reports".into()).await;
    assert!(reports.contains("Gan Tîm strategaeth dai. Mae'n dyfynnu 3 o syniadau."), "{reports}");
    // The chart's text alternative, on the consultation page.
    let cons = page(format!("/consultations/{c}")).await;
    assert!(cons.contains("Sut mae dyfyniadau wedi'u rhannu rhwng cyfranwyr"), "{cons}");
    assert!(cons.contains("Y ffigurau y tu ôl i'r siart"), "{cons}");
    // The idea's history, every line rebuilt in Welsh.
    let idea = page(format!("/ideas/{}", s.sian.hex())).await;
    for want in [
        "rhoddwyd gan ei gyfrannwr yn yr ymgynghoriad “Tai llaith a llwydni”",
        "ardystiwyd gan hwylusydd",
        "dyfynnwyd yn yr adroddiad “Cynllun Tai Glan-yr-afon 2026 fersiwn 1” yn argymhelliad 3",
        "ymateb gan y sefydliad a gynullodd: mabwysiadwyd",
        "cydnabyddiaeth: rhoddwyd taleb",
    ] {
        assert!(idea.contains(want), "the history says {want}: {idea}");
    }
    let card = page(format!("/ideas/{}", s.card_idea.hex())).await;
    for want in [
        "cofnodwyd gan hwylusydd ar ran y cyfrannwr",
        "hawliwyd gan ei gyfrannwr, a ddewisodd gael ei ddangos wrth enw a ddewisodd",
        "(un ateb ar gyfer 2 o syniadau)",
    ] {
        assert!(card.contains(want), "the history says {want}: {card}");
    }
    let gone = page(format!("/ideas/{}", s.withdrawn.hex())).await;
    assert!(gone.contains("tynnwyd yn ôl gan y cyfrannwr; cafodd ei eiriau eu dileu"), "{gone}");
    assert!(gone.contains("newidiodd ei gyfrannwr sut y caiff ei ddangos: wrth ei enw"), "{gone}");
    // The verify page for Siân's idea: what its receipt proves, in Welsh, with a Welsh date.
    let first = entry_hash_at(history_seqs(&s.sian)[0]);
    let proves = page(format!("/verify?entry={first}")).await;
    assert!(proves.contains("Rhoddwyd gan ei gyfrannwr yn yr ymgynghoriad “Tai llaith a llwydni”, ar "), "{proves}");
    assert!(proves.contains("mabwysiadwyd: Byddwn yn anfon negeseuon o fis Mai ymlaen."), "{proves}");
    let privacy = page("/privacy".into()).await;
    assert!(privacy.contains("Hysbysiad preifatrwydd") && privacy.contains("Beth rydym yn ei gadw"), "{privacy}");
    let access = page("/accessibility".into()).await;
    assert!(access.contains("Datganiad hygyrchedd") && access.contains("bysellfwrdd yn unig"), "{access}");
}

#[tokio::test]
async fn the_feeds_in_welsh() {
    let s = cy_site();
    let pieces = english_pieces();
    let c = s.consultation.hex();
    // The Welsh page announces the Welsh feed.
    let said = get_cy(&format!("/consultations/{c}/you-said-we-did")).await.body;
    let feed = format!("/consultations/{c}/feed.atom?lang=cy");
    assert!(said.contains(&format!("href=\"{feed}\"")), "the Welsh page links the Welsh feed");
    let mut found = Vec::new();
    for path in [feed.clone(), format!("/contributors/{}/feed.atom?lang=cy", s.sian_key.hex())] {
        let g = send(Request::get(&path).body(Body::empty()).expect("request")).await;
        assert_eq!(g.status, StatusCode::OK, "{path}");
        assert!(g.content_type.starts_with("application/atom+xml"), "{path}");
        let f = atom_syndication::Feed::read_from(g.body.as_bytes()).expect("an Atom feed");
        assert_eq!(f.lang.as_deref(), Some("cy"), "{path}");
        assert!(!f.entries.is_empty(), "{path} has entries");
        let mut text = vec![f.title.value.clone()];
        for e in &f.entries {
            text.push(e.title.value.clone());
            text.extend(e.summary.as_ref().map(|s| s.value.clone()));
        }
        found.extend(problems(&path, &text.join(" · "), &pieces));
    }
    assert!(found.is_empty(), "English in Welsh feeds:\n{}", found.join("\n"));
    let f = atom_syndication::Feed::read_from(
        send(Request::get(&feed).body(Body::empty()).expect("request")).await.body.as_bytes(),
    )
    .expect("feed");
    assert!(f.title.value.starts_with("Beth ddigwyddodd i'r syniadau o “Tai llaith a llwydni”"), "{}", f.title.value);
    assert!(
        f.links.iter().any(|l| l.rel == "alternate" && l.href.ends_with("/you-said-we-did?lang=cy")),
        "the Welsh feed links the Welsh page: {:?}",
        f.links
    );
    assert!(f.entries.iter().any(|e| e.title.value.starts_with("Mabwysiadwyd: “Anfonwch")), "an answer's entry");
    assert!(f.entries.iter().any(|e| e.title.value.starts_with("Dyfynnwyd yn “Cynllun Tai")), "a citation's entry");
}

#[tokio::test]
async fn post_verify_says_what_a_receipt_proves_in_the_language_asked() {
    let s = cy_site();
    let pieces = english_pieces();
    let mut found = Vec::new();
    let seqs = history_seqs(&s.sian);
    for seq in seqs.iter().copied() {
        let receipt = s.ledger.log().receipt(seq).expect("receipt");
        let body = serde_json::json!({ "receipt": receipt }).to_string();
        let ask = |lang: Option<&str>| {
            let mut r = Request::post("/v1/verify")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ACCEPT, "application/json");
            if let Some(l) = lang {
                r = r.header(header::ACCEPT_LANGUAGE, l);
            }
            r.body(Body::from(body.clone())).expect("request")
        };
        let cy: serde_json::Value = serde_json::from_str(&send(ask(Some("cy"))).await.body).expect("JSON");
        let en: serde_json::Value = serde_json::from_str(&send(ask(None)).await.body).expect("JSON");
        assert_eq!(cy["valid"], true, "{cy}");
        let p = &cy["proves"];
        let mut text = vec![p["what"].as_str().expect("what").to_string()];
        for f in ["given", "shown_as"] {
            text.extend(p[f].as_str().map(String::from));
        }
        text.extend(p["answers"].as_array().expect("answers").iter().filter_map(|a| a.as_str().map(String::from)));
        found.extend(problems(&format!("POST /v1/verify (entry {seq})"), &text.join(" · "), &pieces));
        // Without a preference, English, as before.
        assert!(en["proves"]["given"].as_str().is_some_and(|g| g.ends_with("March 2026")), "{en}");
        assert_ne!(en["proves"]["what"], p["what"]);
    }
    assert!(found.is_empty(), "English in Welsh answers:\n{}", found.join("\n"));
}

/// A refusal answered to a page's script (problem+json) is in the request's language: Welsh
/// for the `heard_lang=cy` cookie or `Accept-Language: cy`, with the same status, code and
/// type, the catalogue's sentence for the code and `Content-Language: cy`; English, with the
/// server's own more specific sentence, without them (and when the cookie says English).
#[tokio::test]
async fn a_refusal_is_in_the_language_of_the_request() {
    let pieces = english_pieces();
    let unknown = "/v1/ideas/00000000000000000000000000000000000000000000000000000000000000ab";
    let asks: [(&str, &str, Option<&str>); 3] = [
        ("GET", unknown, None),
        ("POST", "/v1/verify", Some(r#"{"citations": []}"#)),
        ("POST", "/v1/statements", Some("not JSON")),
    ];
    let mut found = Vec::new();
    for (method, path, body) in asks {
        let ask = |lang: &[(header::HeaderName, &str)]| {
            let mut r = Request::builder()
                .method(method)
                .uri(path)
                .header(header::ACCEPT, "application/json")
                .header(header::CONTENT_TYPE, "application/json");
            for (h, v) in lang {
                r = r.header(h, *v);
            }
            send(r.body(body.map_or_else(Body::empty, |b| Body::from(b.to_string()))).expect("request"))
        };
        let en = ask(&[]).await;
        assert_eq!(en.content_type, "application/problem+json", "{path}: {}", en.body);
        assert_eq!(en.content_language, None, "{path}: English is the default, as before");
        let en_json: serde_json::Value = serde_json::from_str(&en.body).expect("JSON");
        let code = en_json["code"].as_str().expect("a code").to_string();
        assert_eq!(en_json["title"], en.status.canonical_reason().expect("a reason"), "{path}");
        for lang in [[(header::COOKIE, "heard_lang=cy")], [(header::ACCEPT_LANGUAGE, "cy")]] {
            let cy = ask(&lang).await;
            let cy_json: serde_json::Value = serde_json::from_str(&cy.body).expect("JSON");
            let what = format!("{method} {path} with {}: {}", lang[0].1, cy.body);
            assert_eq!((cy.status, cy.content_type.as_str()), (en.status, "application/problem+json"), "{what}");
            assert_eq!(cy.content_language.as_deref(), Some("cy"), "{what}");
            for same in ["code", "type", "status"] {
                assert_eq!(cy_json[same], en_json[same], "{what}");
            }
            let welsh = heard::i18n::tr(Lang::Cy, &format!("problem-{}", code.replace('_', "-")));
            assert_eq!(cy_json["detail"], welsh.as_str(), "{what}");
            assert_ne!(cy_json["detail"], en_json["detail"], "{what}");
            assert_ne!(cy_json["title"], en_json["title"], "{what}");
            let text = format!("{} · {}", cy_json["title"].as_str().unwrap_or(""), welsh);
            found.extend(problems(&what, &text, &pieces));
        }
        // The cookie outranks the browser's languages, as for the pages.
        let chosen = ask(&[(header::COOKIE, "heard_lang=en"), (header::ACCEPT_LANGUAGE, "cy")]).await;
        assert_eq!((chosen.status, &chosen.body, chosen.content_language), (en.status, &en.body, None), "{path}");
    }
    assert!(found.is_empty(), "English in Welsh refusals:\n{}", found.join("\n"));
}

/// The operator's own notices: a Welsh page shows their Welsh file (`privacy.cy.txt`) when
/// there is one, else their English file marked as English; an English page never shows the
/// Welsh file; with no file at all, the Welsh default.
#[tokio::test]
async fn the_operators_notices_in_welsh_and_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("privacy.txt"), "Run by Riverside Council.\n\n## Ask us").expect("write");
    std::fs::write(dir.path().join("privacy.cy.txt"), "Yn cael ei redeg gan Gyngor Glan-yr-afon.\n\n## Gofynnwch i ni")
        .expect("write");
    std::fs::write(dir.path().join("accessibility.txt"), "Tell us about any problem.").expect("write");
    let config = ServerConfig {
        public_url: "https://heard.example.org".into(),
        notices: Some(dir.path().into()),
        ..Default::default()
    };
    let own = app(AppState::new(cy_site().ledger.clone(), config));
    let fetch = |path: &'static str, lang: &'static str| {
        let own = own.clone();
        async move {
            let req = Request::get(path).header(header::COOKIE, format!("heard_lang={lang}"));
            let r = own.oneshot(req.body(Body::empty()).expect("request")).await.expect("infallible");
            String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8")
        }
    };
    let cy = fetch("/privacy", "cy").await;
    assert!(cy.contains("<p>Yn cael ei redeg gan Gyngor Glan-yr-afon.</p><h2>Gofynnwch i ni</h2>"), "{cy}");
    assert!(!cy.contains("Riverside") && cy.contains("<h1>Hysbysiad preifatrwydd</h1>"), "{cy}");
    let en = fetch("/privacy", "en").await;
    assert!(en.contains("<p>Run by Riverside Council.</p>") && !en.contains("Glan-yr-afon"), "{en}");
    // Only an English file: shown on the Welsh page, marked as English.
    let cy = fetch("/accessibility", "cy").await;
    assert!(cy.contains("<div lang=\"en-GB\"><p>Tell us about any problem.</p></div>"), "{cy}");
    assert!(cy.contains("<h1>Datganiad hygyrchedd</h1>"), "{cy}");
    let en = fetch("/accessibility", "en").await;
    assert!(en.contains("<p>Tell us about any problem.</p>") && !en.contains("lang=\"en-GB\"><p>"), "{en}");
}

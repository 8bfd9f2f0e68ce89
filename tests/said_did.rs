//! "You said, we did" and what reads it: the consultation's public page (ideas grouped by
//! theme, each with its citations and latest answer, the equity figures, A4 print rules),
//! the Atom feeds of a consultation and a portfolio (valid RFC 4287, the right entries, no
//! contributor's name), the portfolio's "new since your last visit" data, and the "check it"
//! link every export prints (a page for a browser, the verify result for a client that asks
//! for JSON or CBOR).
//!
//! The data: the demo (tests/site), plus a night-travel consultation whose five ideas have
//! different themes and consents — one contributor named at first who then chose to be
//! anonymous, so her name is in the log but must be shown nowhere — cited in a report and
//! answered, one idea twice.

use crate::site;

use std::sync::OnceLock;

use atom_syndication::Feed;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, Use, key_id};
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Outcome, Usage};
use heard::demo::demo_key;
use heard::server::{AppState, ServerConfig, app};
use http_body_util::BodyExt;
use serde_json::Value;
use site::Site;
use tower::ServiceExt;

const BASE: &str = "https://heard.example.org";
/// Named on her idea, then anonymous by her own consent change: never shown.
const HIDDEN_NAME: &str = "Rhiannon Hidden-Name";
/// Named, and still named: on the pages, never in a feed.
const NAMED: &str = "Olu Shown-Name";
const PSEUDONYM: &str = "LampLighter";
const LONG_WORDS: &str = "Run a late bus from the hospital to the estates after the evening shift change, because \
     cleaners and carers finishing at eleven now walk home for forty minutes along unlit roads.";

struct World {
    site: Site,
    consultation: Id,
    /// By the contributor who is now anonymous; tags transport, night-buses; cited, answered twice.
    hidden: Id,
    /// By LampLighter; tags transport, lighting; not cited, not answered.
    lamp: Id,
    /// By Olu; tags transport, night-buses; cited and answered once.
    olu_idea: Id,
    olu: SigningKey,
    /// Anonymous, long words; tag transport only (on every idea: a fallback theme).
    long: Id,
    /// Only a machine tag: "Other ideas".
    machine: Id,
    report: Id,
}

fn submit(site: &Site, s: build::Signed) -> Id {
    site.ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append");
    s.id
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| std::thread::spawn(build_world).join().expect("the world builds"))
}

fn build_world() -> World {
    let site = site::site();
    let council = demo_key("council");
    let team = demo_key("community safety partnership");
    let t = 1_800_000_100_000;
    let spec = ConsultationSpec {
        title: "Getting home safely at night".into(),
        date: "2026-05-04".into(),
        place: "Riverside Library".into(),
        topic: "night travel".into(),
        convenor: key_id(&council),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    let consultation = submit(&site, build::consultation(&council, t, &spec).expect("consultation"));
    let idea = |key: &SigningKey, n: u64, tags: &[&str], who: Attribution, words: &str| {
        let spec = IdeaSpec {
            consultation,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            co_contributors: vec![],
            builds_on: vec![],
            attribution: who,
            claim_hash: None,
            given: Some("2026-05-04".into()),
        };
        submit(&site, build::idea(key, t + n, &spec, IdeaText::new(words).expect("text")).expect("idea"))
    };
    let rhiannon = SigningKey::from_bytes(&[31; 32]);
    let lamp_key = SigningKey::from_bytes(&[32; 32]);
    let olu = SigningKey::from_bytes(&[33; 32]);
    let anon = SigningKey::from_bytes(&[34; 32]);
    let hidden = idea(
        &rhiannon,
        1,
        &["transport", "night-buses"],
        Attribution::Named(HIDDEN_NAME.into()),
        "A night bus on the 42 route on Fridays and Saturdays.",
    );
    let lamp = idea(
        &lamp_key,
        2,
        &["transport", "lighting"],
        Attribution::Pseudonym(PSEUDONYM.into()),
        "Fix the broken street lights on the canal path.",
    );
    let olu_idea = idea(
        &olu,
        3,
        &["transport", "night-buses"],
        Attribution::Named(NAMED.into()),
        "Let drivers stop between stops after 10pm.",
    );
    let long = idea(&anon, 4, &["transport"], Attribution::Anonymous, LONG_WORDS);
    let machine = idea(&anon, 5, &["polis:participant=9"], Attribution::Anonymous, "Text me when the bus is late.");
    // Rhiannon changes her mind: anonymous from now on.
    submit(&site, build::claim(&rhiannon, t + 6, vec![hidden], &Attribution::Anonymous, None).expect("claim"));
    let uses = [
        Use { idea: hidden, locator: "Recommendation 1".into(), usage: Usage::Quoted },
        Use { idea: olu_idea, locator: "page 4".into(), usage: Usage::Informed },
        Use { idea: long, locator: "Annex B".into(), usage: Usage::Paraphrased },
    ];
    submit(
        &site,
        build::cite(&team, t + 7, "Night Travel Plan", "v2", Some("https://example.org/night".into()), None, &uses)
            .expect("cite"),
    );
    let report = site.ledger.report_id(&key_id(&team), "Night Travel Plan", "v2").expect("report id");
    let respond = |n: u64, idea: Id, o: Outcome, reason: Option<&str>, links: Vec<String>| {
        submit(
            &site,
            build::respond(
                &council,
                t + n,
                idea,
                build::Answer { links, ..build::Answer::new(o, reason.map(String::from)) },
            )
            .expect("respond"),
        );
    };
    respond(8, hidden, Outcome::UnderConsideration, None, vec![]);
    respond(9, olu_idea, Outcome::NotAdopted, Some("Drivers' union safety advice"), vec![]);
    respond(10, hidden, Outcome::Adopted, Some("Runs from June"), vec!["https://example.org/42-night".into()]);
    World { site, consultation, hidden, lamp, olu_idea, olu, long, machine, report }
}

fn router() -> axum::Router {
    let config = ServerConfig { public_url: BASE.into(), ..Default::default() };
    app(AppState::new(world().site.ledger.clone(), config))
}

struct Got {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8")
    }
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(&name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

async fn get_with(path: &str, accept: Option<&str>) -> Got {
    let mut r = Request::get(path);
    if let Some(a) = accept {
        r = r.header(header::ACCEPT, a);
    }
    let r = router().oneshot(r.body(Body::empty()).expect("request")).await.expect("infallible");
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.expect("body").to_bytes().to_vec();
    Got { status, headers, body }
}

async fn get(path: &str) -> Got {
    get_with(path, None).await
}

/// The HTML escaping maud applies to text.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn said_did_path(c: &Id) -> String {
    format!("/consultations/{}/you-said-we-did", c.hex())
}

/// The page's text from `from` up to the next `until` (or the end).
fn between<'a>(page: &'a str, from: &str, until: &str) -> &'a str {
    let start = page.find(from).unwrap_or_else(|| panic!("{from} is on the page"));
    let rest = &page[start..];
    let end = rest[from.len()..].find(until).map_or(rest.len(), |e| e + from.len());
    &rest[..end]
}

fn seq_of(w: &World, idea: &Id) -> (Vec<u64>, Vec<u64>) {
    let v = w.site.ledger.idea(idea).expect("idea");
    (v.citations.iter().map(|c| c.seq).collect(), v.responses.iter().map(|r| r.seq).collect())
}

#[tokio::test]
async fn the_page_groups_ideas_by_theme_with_citations_and_the_latest_answer() {
    let w = world();
    let g = get(&said_did_path(&w.consultation)).await;
    assert_eq!(g.status, StatusCode::OK);
    assert_eq!(g.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
    let page = g.text();
    assert!(page.contains("<h1>What happened to the ideas from “Getting home safely at night”</h1>"), "{page}");
    // "transport" is on every idea: it names the consultation, so the themes are the next tags;
    // the idea with only "transport" falls back to it; the machine-tagged one is last.
    let headings: Vec<&str> =
        page.match_indices("<h2 id=\"theme-").map(|(i, _)| between(&page[i..], "<h2", "</h2>")).collect();
    let names: Vec<String> = headings
        .iter()
        .map(|h| h.split('>').nth(1).and_then(|s| s.split('<').next()).unwrap_or("").to_string())
        .collect();
    assert_eq!(names, ["Theme: lighting", "Theme: night-buses", "Theme: transport", "Other ideas"], "{headings:?}");
    let section = |name: &str| between(&page, &format!(">{name}<span class=\"count\">"), "<h2 id=\"theme-").to_string();
    let ideas_in = |s: &str| -> Vec<String> {
        s.match_indices("data-idea=\"").map(|(i, m)| s[i + m.len()..i + m.len() + 64].to_string()).collect()
    };
    assert_eq!(ideas_in(&section("Theme: lighting")), [w.lamp.hex()]);
    assert_eq!(ideas_in(&section("Theme: night-buses")), [w.hidden.hex(), w.olu_idea.hex()]);
    assert_eq!(ideas_in(&section("Theme: transport")), [w.long.hex()]);
    assert_eq!(ideas_in(&section("Other ideas")), [w.machine.hex()]);
    // Each idea once.
    assert_eq!(ideas_in(&page).len(), 5);

    // An idea's citation: the report's title and version linking to its page, the locator, how.
    let hidden = between(&page, &format!("data-idea=\"{}\"", w.hidden.hex()), "</article>");
    let (cites, answers) = seq_of(w, &w.hidden);
    assert!(
        hidden.contains(&format!(
            "<li data-seq=\"{}\"><a href=\"/reports/{}\">Night Travel Plan</a> (v2), Recommendation 1 — quoted",
            cites[0],
            w.report.hex()
        )),
        "{hidden}"
    );
    // Only the latest answer, in plain words, with its reason, its link and its seq.
    assert!(
        hidden.contains(&format!(
            "data-seq=\"{}\"><strong class=\"outcome\">Adopted</strong> — Runs from June",
            answers[1]
        )),
        "{hidden}"
    );
    assert!(hidden.contains("<a href=\"https://example.org/42-night\""), "{hidden}");
    assert!(!hidden.contains("Under consideration"), "an earlier answer is not the latest: {hidden}");
    let olu = between(&page, &format!("data-idea=\"{}\"", w.olu_idea.hex()), "</article>");
    assert!(
        olu.contains("<strong class=\"outcome\">Not adopted</strong> — Drivers&#39; union safety advice")
            || olu.contains("<strong class=\"outcome\">Not adopted</strong> — Drivers' union safety advice"),
        "{olu}"
    );
    assert!(olu.contains(&format!("<strong>{NAMED}</strong>")), "a named contributor is shown by name: {olu}");
    let lamp = between(&page, &format!("data-idea=\"{}\"", w.lamp.hex()), "</article>");
    assert!(lamp.contains("Not cited in a report yet.") && lamp.contains("No answer yet."), "{lamp}");
    assert!(lamp.contains(&format!("<strong>{PSEUDONYM}</strong>")));
    // The full words of a long idea, never cut.
    assert!(page.contains(&escaped(LONG_WORDS)));

    // The figures at the top, the same as the API's; the answers at a glance.
    let api: Value =
        serde_json::from_slice(&get(&format!("/v1/consultations/{}/figures", w.consultation.hex())).await.body)
            .expect("json");
    let glance = between(&page, "<h2 id=\"glance-heading\">", "<h2");
    assert_eq!(api["figures"]["ideas"], 5);
    assert!(glance.contains(&format!("<dt>Ideas given</dt><dd>{}</dd>", api["figures"]["ideas"])), "{glance}");
    assert!(
        glance.contains(&format!("<dt>People who gave them</dt><dd>{}</dd>", api["figures"]["contributors"])),
        "{glance}"
    );
    assert!(glance.contains("<dt>Ideas cited in a report</dt><dd>3 (60%)</dd>"), "{glance}");
    assert!(glance.contains("<dt>Ideas with a response</dt><dd>2 (40%)</dd>"), "{glance}");
    assert!(glance.contains("<li><strong>Adopted</strong>: 1 idea</li>"), "{glance}");
    assert!(glance.contains("<li><strong>Not adopted</strong>: 1 idea</li>"), "{glance}");
    assert!(glance.contains("<li><strong>No answer yet</strong>: 3 ideas</li>"), "{glance}");
    assert!(!glance.contains("Under consideration"), "only latest answers count: {glance}");
    assert!(page.find("glance-heading").expect("figures") < page.find("theme-1").expect("themes"), "figures first");

    // The feed is announced in the head and linked in the page.
    let feed = format!("/consultations/{}/feed.atom", w.consultation.hex());
    assert!(page.contains(&format!("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{feed}\"")), "{page}");
    assert!(page.contains(&format!("<a href=\"{feed}\" type=\"application/atom+xml\">")));
    // The consultation's own page links here and announces the same feed.
    let c = get(&format!("/consultations/{}", w.consultation.hex())).await.text();
    assert!(c.contains(&format!("<a href=\"{}\">You said, we did", said_did_path(&w.consultation))));
    assert!(c.contains(&format!("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{feed}\"")));
}

#[tokio::test]
async fn the_page_prints_on_a4_without_navigation() {
    let w = world();
    let page = get(&said_did_path(&w.consultation)).await.text();
    assert!(page.contains("<div class=\"said-did\">"));
    assert!(
        page.contains("<nav class=\"no-print\" aria-labelledby=\"themes-heading\">"),
        "the themes' links are not printed"
    );
    let css = get("/static/heard.css").await.text();
    let at_page = between(&css, "@page {", "}");
    assert!(at_page.contains("size: A4"), "{at_page}");
    let print = between(&css, "@media print {\n  body", "\n}");
    assert!(print.contains(".said-did article.idea, .said-did #at-a-glance ul { break-inside: avoid; }"), "{print}");
    assert!(print.contains("h1, h2, h3 { break-after: avoid; }"), "{print}");
    assert!(print.contains(".said-did nav, .said-did .no-print { display: none !important; }"), "{print}");
    assert!(css.contains(
        "header.site nav, footer.site, .skip, .language-switch, .no-print, button { display: none !important; }"
    ));
}

#[tokio::test]
async fn contributors_appear_only_as_they_consented() {
    let w = world();
    let eh = hex::encode(w.site.ledger.idea(&w.hidden).expect("idea").verification.entry_hash);
    let olu_key = key_id(&w.olu).hex();
    // Her name is in the log (her idea statement carries it), so a page could leak it.
    let seq = w.site.ledger.idea(&w.hidden).expect("idea").seq;
    let bytes = w.site.ledger.log().entry(seq).expect("read").expect("entry");
    assert!(bytes.windows(HIDDEN_NAME.len()).any(|b| b == HIDDEN_NAME.as_bytes()));
    for path in [
        said_did_path(&w.consultation),
        format!("/consultations/{}", w.consultation.hex()),
        format!("/consultations/{}/feed.atom", w.consultation.hex()),
        format!("/contributors/{}/feed.atom", key_id(&SigningKey::from_bytes(&[31; 32])).hex()),
        format!("/contributors/{olu_key}/feed.atom"),
        format!("/verify?entry={eh}"),
        format!("/reports/{}", w.report.hex()),
    ] {
        let g = get(&path).await;
        assert_eq!(g.status, StatusCode::OK, "{path}");
        assert!(
            !g.text().contains("Rhiannon") && !g.text().contains("Hidden-Name"),
            "{path} names who chose not to be named"
        );
        if path.ends_with("feed.atom") {
            for name in [NAMED, PSEUDONYM] {
                assert!(!g.text().contains(name), "{path}: a feed names no one, {name}");
            }
        }
    }
    // The page shows her as "a contributor".
    let page = get(&said_did_path(&w.consultation)).await.text();
    let hidden = between(&page, &format!("data-idea=\"{}\"", w.hidden.hex()), "</article>");
    assert!(hidden.contains("Given by <strong>a contributor</strong>"), "{hidden}");
}

/// A feed through the crate, after checking that RFC 4287's required elements are all there
/// (the crate's reader fills a missing one with a default, so they are counted in the XML).
fn atom(g: &Got) -> Feed {
    assert_eq!(g.status, StatusCode::OK);
    assert_eq!(g.header(header::CONTENT_TYPE), "application/atom+xml; charset=utf-8");
    let xml = g.text();
    assert!(xml.starts_with("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""), "{xml}");
    let feed = Feed::read_from(xml.as_bytes()).expect("the feed parses as Atom");
    let n = feed.entries.len();
    // atom:feed and every atom:entry have exactly one id, title and updated (RFC 4287 §4.1.1–2).
    for el in ["<id>", "<title>", "<updated>"] {
        assert_eq!(xml.matches(el).count(), n + 1, "{el} once in the feed and in each entry");
    }
    assert!(!feed.id.is_empty() && !feed.title.value.is_empty());
    assert_eq!(feed.authors.len(), 1, "the feed's author stands for entries with none (§4.1.1)");
    assert!(feed.links.iter().any(|l| l.rel == "self" && l.href.starts_with(BASE) && l.href.ends_with("/feed.atom")));
    for e in &feed.entries {
        assert!(e.id.starts_with("urn:heard:") && !e.title.value.is_empty(), "{e:?}");
        // No content: an alternate link is required (§4.1.1.1).
        assert!(e.content.is_none());
        assert!(e.links.iter().any(|l| l.rel == "alternate" && l.href.starts_with(&format!("{BASE}/ideas/"))), "{e:?}");
    }
    let ids: std::collections::BTreeSet<_> = feed.entries.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids.len(), n, "entry ids are unique");
    feed
}

#[tokio::test]
async fn feeds_are_atom_with_an_entry_per_citation_and_answer() {
    let w = world();
    let path = format!("/consultations/{}/feed.atom", w.consultation.hex());
    let feed = atom(&get(&path).await);
    // Three citations and three answers, newest first.
    let log = w.site.ledger.log();
    let mut want: Vec<(u64, String, Id)> = Vec::new();
    for idea in [w.hidden, w.lamp, w.olu_idea, w.long, w.machine] {
        let (cites, answers) = seq_of(w, &idea);
        want.extend(cites.into_iter().map(|s| (s, "citation".to_string(), idea)));
        want.extend(answers.into_iter().map(|s| (s, "answer".to_string(), idea)));
    }
    want.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.0.cmp(&b.2.0)));
    assert_eq!(want.len(), 6);
    let ids: Vec<String> = want
        .iter()
        .map(|(seq, what, idea)| {
            let eh = heard::protocol::entry::entry_hash(&log.entry(*seq).expect("read").expect("entry"));
            format!("urn:heard:{what}:{}:{}", hex::encode(eh), idea.hex())
        })
        .collect();
    assert_eq!(feed.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), ids);
    // `updated` is each entry's log time.
    for (e, (seq, _, _)) in feed.entries.iter().zip(&want) {
        let entry =
            heard::protocol::entry::Entry::decode(&log.entry(*seq).expect("read").expect("entry")).expect("entry");
        assert_eq!(e.updated.timestamp_millis(), entry.log_time as i64, "{}", e.id);
    }
    assert_eq!(feed.updated, feed.entries[0].updated, "the feed is as new as its newest entry");
    // The newest: the adoption of Rhiannon's idea, linking to the idea and the answer's link.
    let first = &feed.entries[0];
    assert_eq!(first.title.value, "Adopted: “A night bus on the 42 route on Fridays and Saturdays.”");
    assert!(first.links.iter().any(|l| l.rel == "alternate" && l.href == format!("{BASE}/ideas/{}", w.hidden.hex())));
    assert!(first.links.iter().any(|l| l.rel == "related" && l.href == "https://example.org/42-night"));
    assert!(first.summary.as_ref().expect("summary").value.ends_with("adopted. Reason: Runs from June"));
    // A citation links to the report's page and carries the full words.
    let long = feed
        .entries
        .iter()
        .find(|e| e.id.starts_with("urn:heard:citation:") && e.id.ends_with(&w.long.hex()))
        .expect("the long idea's citation");
    assert!(long.links.iter().any(|l| l.rel == "related" && l.href == format!("{BASE}/reports/{}", w.report.hex())));
    assert!(long.summary.as_ref().expect("summary").value.contains(LONG_WORDS));
    assert!(long.title.value.starts_with("Cited in “Night Travel Plan” (v2): “Run a late bus"));
    assert_eq!(feed.authors[0].name, "Riverside Borough Council", "an organisation, not a person");
    // Stable: the same ids and times on a second read.
    let again = atom(&get(&path).await);
    assert_eq!(
        again.entries.iter().map(|e| (e.id.clone(), e.updated)).collect::<Vec<_>>(),
        feed.entries.iter().map(|e| (e.id.clone(), e.updated)).collect::<Vec<_>>()
    );

    // A portfolio's feed: only that contributor's ideas.
    let olu = atom(&get(&format!("/contributors/{}/feed.atom", key_id(&w.olu).hex())).await);
    assert_eq!(olu.entries.len(), 2, "Olu's citation and answer");
    assert!(olu.entries.iter().all(|e| e.id.ends_with(&w.olu_idea.hex())));
    assert_eq!(olu.entries[0].title.value, "Not adopted: “Let drivers stop between stops after 10pm.”");
    // A key with no ideas: a valid, empty feed.
    let empty = atom(&get(&format!("/contributors/{}/feed.atom", "ab".repeat(32))).await);
    assert!(empty.entries.is_empty());
    // The demo's feed parses too (its withdrawn idea's entries say so, not its words).
    let demo = atom(&get(&format!("/consultations/{}/feed.atom", w.site.consultation.hex())).await);
    assert!(!demo.entries.is_empty());
}

#[tokio::test]
async fn bad_feed_and_page_links_are_refused_plainly() {
    let unknown = "ab".repeat(32);
    for (path, status) in [
        ("/consultations/zz/you-said-we-did".to_string(), StatusCode::BAD_REQUEST),
        (format!("/consultations/{unknown}/you-said-we-did"), StatusCode::NOT_FOUND),
        ("/consultations/zz/feed.atom".to_string(), StatusCode::BAD_REQUEST),
        (format!("/consultations/{unknown}/feed.atom"), StatusCode::NOT_FOUND),
        ("/contributors/12/feed.atom".to_string(), StatusCode::BAD_REQUEST),
    ] {
        let g = get(&path).await;
        assert_eq!(g.status, status, "{path}");
        assert_eq!(g.header(header::CONTENT_TYPE), "text/html; charset=utf-8", "{path}");
    }
}

#[tokio::test]
async fn the_portfolio_carries_the_seqs_for_new_since_your_last_visit() {
    let w = world();
    let key = key_id(&w.olu);
    let page = get(&format!("/contributors/{}", key.hex())).await.text();
    let (cites, answers) = seq_of(w, &w.olu_idea);
    let latest = cites.iter().chain(&answers).max().expect("something happened");
    assert!(
        page.contains(&format!("<div id=\"portfolio\" data-portfolio=\"{}\" data-latest=\"{latest}\">", key.hex())),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<li data-seq=\"{}\"><a href=\"/reports/{}\">Night Travel Plan (v2)</a>, page 4",
            cites[0],
            w.report.hex()
        )),
        "{page}"
    );
    assert!(page.contains(&format!("<li data-seq=\"{}\">not adopted — Drivers", answers[0])), "{page}");
    assert!(page.contains("<p class=\"notice\" id=\"new-since\" role=\"status\" hidden></p>"));
    let feed = format!("/contributors/{}/feed.atom", key.hex());
    assert!(page.contains(&format!("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{feed}\"")));
    // The script keeps the seq per portfolio in the browser only.
    let js = get("/static/contributor.js").await.text();
    assert!(js.contains("heard.seen.${portfolio.dataset.portfolio}") && js.contains("badge badge-new"));
    // Its only requests are the badge and the amounts a contributor asks for with her key
    // file; nothing about a visit is sent.
    let fetches: Vec<&str> = js
        .split("fetch(")
        .skip(1)
        .map(|rest| rest.split(['\'', '`', ',', ')']).find(|s| !s.is_empty()).unwrap_or(rest))
        .collect();
    assert_eq!(fetches, ["/v1/credentials", "/v1/payments/contributor"], "nothing about a visit is sent");
}

#[tokio::test]
async fn the_check_it_link_is_a_page_for_people_and_json_for_machines() {
    let w = world();
    let v = w.site.ledger.idea(&w.hidden).expect("idea");
    let eh = hex::encode(v.verification.entry_hash);
    // Every export prints it.
    let check = format!("{BASE}/verify?entry={eh}");
    let csl: Value =
        serde_json::from_slice(&get(&format!("/v1/reports/{}/citations.csl.json", w.report.hex())).await.body)
            .expect("csl");
    assert_eq!(csl[0]["URL"], check.as_str());
    for suffix in ["citations.bib", "acknowledgements.md", "acknowledgements.txt"] {
        let body = get(&format!("/v1/reports/{}/{suffix}", w.report.hex())).await.text();
        assert!(body.contains(&check), "{suffix}");
        assert!(!body.contains("/v1/verify"), "{suffix} still prints the API's URL");
    }
    let path = format!("/verify?entry={eh}");

    // A browser (and anyone who does not ask for data) gets the page: the idea in plain words.
    const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    for accept in [Some("text/html"), Some(BROWSER), Some("*/*"), None] {
        let g = get_with(&path, accept).await;
        assert_eq!(
            (g.status, g.header(header::CONTENT_TYPE)),
            (StatusCode::OK, "text/html; charset=utf-8"),
            "{accept:?}"
        );
        assert_eq!(g.header(header::VARY), "accept");
        let page = g.text();
        assert!(page.contains("<blockquote class=\"big\" id=\"idea-words\"><p>A night bus on the 42 route on Fridays and Saturdays.</p></blockquote>"), "{page}");
        assert!(page.contains("<strong>a contributor</strong> (not named (anonymous))"), "{page}");
        assert!(page.contains(&format!(
            "<a href=\"/consultations/{}\">Getting home safely at night</a>",
            w.consultation.hex()
        )));
        assert!(page.contains(&format!(
            "<a href=\"/reports/{}\">Night Travel Plan (v2)</a>: Recommendation 1, quoted",
            w.report.hex()
        )));
        assert!(page.contains("<strong>Adopted</strong> — Runs from June"), "{page}");
        assert!(page.contains("<time datetime=\"2026-05-04\">4 May 2026</time>"), "the day it was given");
        // The proof, checked by the server and (with the script) in the browser.
        assert!(page.contains("data-valid=\"true\"") && page.contains("src=\"/static/verify.js\""));
        assert!(page.contains("<textarea id=\"receipt\""));
    }

    // A client that asks for JSON gets exactly what /v1/verify answers; CBOR likewise.
    for (accept, ct) in [("application/json", "application/json"), ("application/cbor", "application/cbor")] {
        let g = get_with(&path, Some(accept)).await;
        let api = get_with(&format!("/v1/verify?entry={eh}"), Some(accept)).await;
        assert_eq!((g.status, g.header(header::CONTENT_TYPE)), (StatusCode::OK, ct));
        assert_eq!(g.header(header::VARY), "accept");
        assert_eq!(g.body, api.body, "{accept}");
    }
    let json: Value = serde_json::from_slice(&get_with(&path, Some("application/json")).await.body).expect("json");
    assert_eq!((json["valid"].as_bool(), json["entry_hash"].as_str()), (Some(true), Some(eh.as_str())));
    // Its refusals are the API's, as problem+json.
    for (bad, status, code) in [
        ("/verify?entry=zz".to_string(), StatusCode::BAD_REQUEST, "malformed"),
        ("/verify".to_string(), StatusCode::BAD_REQUEST, "malformed"),
        (format!("/verify?entry={}", "ab".repeat(32)), StatusCode::NOT_FOUND, "unknown_entry"),
    ] {
        let g = get_with(&bad, Some("application/json")).await;
        assert_eq!((g.status, g.header(header::CONTENT_TYPE)), (status, "application/problem+json"), "{bad}");
        let p: Value = serde_json::from_slice(&g.body).expect("problem");
        assert_eq!(p["code"], code, "{bad}");
    }
    // The API's own route is unchanged: JSON by default.
    let g = get(&format!("/v1/verify?entry={eh}")).await;
    assert_eq!(g.header(header::CONTENT_TYPE), "application/json");

    // An entry that is not an idea's (the citation) gets the plain receipt check.
    let cite_seq = seq_of(w, &w.hidden).0[0];
    let cite_eh = hex::encode(heard::protocol::entry::entry_hash(
        &w.site.ledger.log().entry(cite_seq).expect("read").expect("entry"),
    ));
    let page = get(&format!("/verify?entry={cite_eh}")).await.text();
    assert!(page.contains("<h1>Check a receipt</h1>") && !page.contains("id=\"about-idea\""));
}

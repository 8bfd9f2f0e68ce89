//! The claim-card print sheet (`POST /staff/cards/sheet`, through the router with `oneshot`,
//! and `heard cards`): 8 cards to a page block, each card's words, code, QR code of its own
//! claim URL and typed address; every bad input refused with its status and code, nothing
//! written; the warning when no public address was set; the CLI prints the same cards.

use crate::common;

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, key_id};
use heard::attribution::claim::ClaimCard;
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::{Id, Role};
use heard::ledger::Ledger;
use heard::server::{AppState, CSP, ServerConfig, app};
use http_body_util::BodyExt;
use tower::ServiceExt;

const BASE: &str = "https://heard.example.org";
const TITLE: &str = "Night buses & <safety>";
const HOSTILE: &str = "<script>window.__x=1</script>Later buses";

struct World {
    _dir: tempfile::TempDir,
    ledger: Ledger,
    /// The consultation with the cards.
    consultation: Id,
    /// Its cards: 0 has two ideas (the second hostile text), 1's idea was withdrawn, 8's
    /// words are hostile, 9 is claimed; the rest hold one idea each.
    cards: Vec<ClaimCard>,
    /// The words of each card's ideas, in order.
    words: Vec<Vec<String>>,
    /// Another consultation and a card of it.
    other: Id,
    other_card: ClaimCard,
}

fn card(i: u8) -> ClaimCard {
    ClaimCard::from_secret([i.wrapping_mul(29).wrapping_add(3); 16])
}

fn submit(ledger: &Ledger, s: build::Signed) -> Id {
    ledger.submit(&s.statement, &s.signature, s.content.clone()).expect("append");
    s.id
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = common::open_ledger(dir.path());
    let op = common::operator();
    let council = SigningKey::from_bytes(&[60; 32]);
    let fac = SigningKey::from_bytes(&[61; 32]);
    let mut t = 1_800_000_000_000;
    let mut tick = || {
        t += 1000;
        t
    };
    submit(&ledger, build::enrol(&op, tick(), key_id(&council), Role::Organisation, "Council", false).expect("enrol"));
    submit(&ledger, build::enrol(&op, tick(), key_id(&fac), Role::Facilitator, "Amara", false).expect("enrol"));
    let spec = |title: &str| ConsultationSpec {
        title: title.into(),
        date: "2026-03-14".into(),
        place: "Depot".into(),
        topic: "transport".into(),
        convenor: key_id(&council),
        recorders: vec![key_id(&fac)],
        closes: None,
        lang: None,
    };
    let consultation = submit(&ledger, build::consultation(&council, tick(), &spec(TITLE)).expect("consultation"));
    let other = submit(&ledger, build::consultation(&council, tick(), &spec("Libraries")).expect("consultation"));
    let idea = |c: Id, card: &ClaimCard, text: &str, t: u64| {
        let spec = IdeaSpec {
            consultation: c,
            tags: vec![],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: Some(Id(card.hash)),
            given: None,
        };
        submit(&ledger, build::idea(&fac, t, &spec, IdeaText::new(text).expect("text")).expect("idea"))
    };
    let (mut cards, mut words) = (Vec::new(), Vec::new());
    for i in 0..10u8 {
        let c = card(i);
        let first = format!("Idea {i}: run the night bus past the hospital every {} minutes", 10 + i);
        let mut w = vec![if i == 8 { HOSTILE.to_string() } else { first }];
        if i == 0 {
            w.push(HOSTILE.to_string());
        }
        let mut ids = Vec::new();
        for text in &w {
            ids.push(idea(consultation, &c, text, tick()));
        }
        if i == 1 {
            submit(&ledger, build::withdraw(&fac, tick(), ids[0]).expect("withdraw"));
        }
        if i == 9 {
            let me = SigningKey::from_bytes(&[62; 32]);
            let claim = build::claim(&me, tick(), vec![ids[0]], &Attribution::Anonymous, Some(c.secret));
            submit(&ledger, claim.expect("claim"));
        }
        cards.push(c);
        words.push(w);
    }
    let other_card = card(200);
    idea(other, &other_card, "Open the library on Sundays", tick());
    World { _dir: dir, ledger, consultation, cards, words, other, other_card }
}

fn world_once() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    // Appends block: build it outside the test's runtime.
    W.get_or_init(|| std::thread::spawn(world).join().expect("the world builds"))
}

struct Got {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn post_with(explicit: bool, content_type: &str, body: String) -> Got {
    let config = if explicit {
        ServerConfig { public_url: BASE.into(), public_url_explicit: true, ..Default::default() }
    } else {
        ServerConfig::default()
    };
    let req = Request::post("/staff/cards/sheet")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request");
    let r = app(AppState::new(world_once().ledger.clone(), config)).oneshot(req).await.expect("infallible");
    let status = r.status();
    let headers = r.headers().clone();
    let body = String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8");
    Got { status, headers, body }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// The form for `consultation` and `codes`, each percent-encoded.
fn form(consultation: &str, codes: &[&str]) -> String {
    let mut s = format!("consultation={}", enc(consultation));
    for c in codes {
        s.push_str(&format!("&card={}", enc(c)));
    }
    s
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn post(codes: &[&str]) -> Got {
    let w = world_once();
    post_with(true, FORM, form(&w.consultation.hex(), codes)).await
}

/// The page blocks of a sheet, each as its HTML.
fn page_blocks(body: &str) -> Vec<&str> {
    body.split("<div class=\"sheet-page\"").skip(1).collect()
}

/// The cards of a sheet, each as its HTML (from `<section class="card">` to `</section>`).
fn cards_of(body: &str) -> Vec<&str> {
    body.split("<section class=\"card\">").skip(1).map(|s| s.split("</section>").next().unwrap_or("")).collect()
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}

/// The dark modules of a QR code SVG drawn as runs `M{x} {y}h{n}v1h-{n}z`.
fn dark_modules(svg: &str) -> std::collections::BTreeSet<(u32, u32)> {
    let d = between(svg, " d=\"", "\"").expect("the QR code's path");
    let mut out = std::collections::BTreeSet::new();
    for run in d.split('M').filter(|p| !p.is_empty()) {
        let (xy, rest) = run.split_once('h').expect("a run");
        let (x, y) = xy.split_once(' ').expect("x y");
        let (x, y): (u32, u32) = (x.parse().expect("x"), y.parse().expect("y"));
        let n: u32 = rest.split('v').next().expect("length").parse().expect("n");
        out.extend((x..x + n).map(|x| (x, y)));
    }
    out
}

/// The dark modules of `url`'s QR code computed here with the `qrcode` crate's matrix (quiet
/// zone of 4 modules), for comparison with the page's drawing.
fn expected_modules(url: &str) -> std::collections::BTreeSet<(u32, u32)> {
    let code = qrcode::QrCode::new(url.as_bytes()).expect("qr");
    let width = code.width() as u32;
    let colors = code.to_colors();
    let mut out = std::collections::BTreeSet::new();
    for y in 0..width {
        for x in 0..width {
            if colors[(y * width + x) as usize] == qrcode::Color::Dark {
                out.insert((x + 4, y + 4));
            }
        }
    }
    out
}

#[tokio::test]
async fn eight_codes_fill_one_page_block_and_nine_take_two() {
    let w = world_once();
    let codes: Vec<&str> = w.cards[..9].iter().map(|c| c.code.as_str()).collect();
    let g = post(&codes[..8]).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    let blocks = page_blocks(&g.body);
    assert_eq!(blocks.len(), 1);
    assert_eq!(cards_of(blocks[0]).len(), 8);
    let g = post(&codes).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    let blocks = page_blocks(&g.body);
    assert_eq!(blocks.len(), 2);
    assert_eq!((cards_of(blocks[0]).len(), cards_of(blocks[1]).len()), (8, 1));
    assert!(g.body.contains("9 cards for “Night buses &amp; &lt;safety&gt;”, 8 to a sheet of A4 paper: 2 sheets."));
}

#[tokio::test]
async fn each_card_has_its_words_code_qr_code_and_address_in_the_order_given() {
    let w = world_once();
    // The codes as a person might type them: lower case, spaces for dashes; in reverse order.
    let typed: Vec<String> = w.cards[..9].iter().rev().map(|c| c.code.to_lowercase().replace('-', " ")).collect();
    let typed: Vec<&str> = typed.iter().map(String::as_str).collect();
    let g = post(&typed).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert_eq!(g.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()), Some(CSP));
    assert!(g.body.contains("<link rel=\"stylesheet\" href=\"/static/sheet.css\">"));
    assert!(g.body.contains("<script type=\"module\" src=\"/static/sheet.js\">"));
    assert!(g.body.contains("id=\"print-button\""), "the Print these cards button");
    assert!(!g.body.contains("<script>") && !g.body.contains("style=\""), "no inline code");
    assert!(!g.body.contains("address-warning"), "the public URL was set");
    let cards = cards_of(&g.body);
    assert_eq!(cards.len(), 9);
    for (card, i) in cards.iter().zip((0..9).rev()) {
        let c = &w.cards[i];
        assert_eq!(between(card, "<span class=\"code\">", "<"), Some(c.code.as_str()), "card {i} in its place");
        assert!(card.contains("<h2>Night buses &amp; &lt;safety&gt;</h2>"), "{card}");
        assert!(card.contains("<p class=\"when\">14 March 2026</p>"), "{card}");
        assert!(card.contains("<span class=\"address\">heard.example.org/claim</span>"), "{card}");
        assert!(card.contains("ask the facilitator"), "{card}");
        let svg = between(card, "<svg", "</svg>").expect("a QR code");
        let url = format!("{BASE}/claim?code={}", c.code);
        assert_eq!(dark_modules(svg), expected_modules(&url), "card {i}'s QR code encodes {url}");
        match i {
            0 => {
                assert!(card.contains(&format!("One of your 2 ideas: <q>{}</q>", w.words[0][0])), "{card}");
                assert!(!card.contains("window.__x"), "only the first idea's words: {card}");
            }
            1 => {
                assert!(card.contains("<p class=\"card-words\">Your idea from this session</p>"), "{card}");
                assert!(!card.contains(&w.words[1][0]), "a withdrawn idea's words never print");
            }
            8 => assert!(card.contains("Your idea: <q>&lt;script&gt;"), "{card}"),
            _ => assert!(card.contains(&format!("Your idea: <q>{}</q>", w.words[i][0])), "{card}"),
        }
    }
}

#[tokio::test]
async fn hostile_words_and_titles_are_printed_as_text() {
    let g = post(&[&world_once().cards[8].code]).await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.body.contains("Your idea: <q>&lt;script&gt;window.__x=1&lt;/script&gt;Later buses</q>"), "{}", g.body);
    assert!(!g.body.contains("<safety>") && g.body.contains("&lt;safety&gt;"));
    assert!(!g.body.contains("<script>window"));
}

#[tokio::test]
async fn claimed_and_repeated_cards_are_left_out_and_the_sheet_says_so() {
    let w = world_once();
    let g = post(&[&w.cards[2].code, &w.cards[9].code, &w.cards[2].code.to_lowercase(), &w.cards[3].code]).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    let codes: Vec<&str> = cards_of(&g.body).iter().filter_map(|c| between(c, "<span class=\"code\">", "<")).collect();
    assert_eq!(codes, vec![w.cards[2].code.as_str(), w.cards[3].code.as_str()]);
    assert!(g.body.contains("1 card was left out because the ideas on them have already been claimed."), "{}", g.body);
    assert!(g.body.contains("1 code was listed more than once."), "{}", g.body);
    assert!(!g.body.contains(&w.cards[9].code), "the claimed card's code is not printed");
}

#[tokio::test]
async fn bad_input_is_refused_in_plain_words_and_changes_nothing() {
    let w = world_once();
    let size = w.ledger.log().latest().size;
    let id = w.consultation.hex();
    let good = w.cards[2].code.as_str();
    let mut typo: Vec<char> = good.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let stranger = ClaimCard::from_secret([250; 16]);
    let many: Vec<&str> = vec![good; 501];
    let cases: Vec<(&str, String, StatusCode, &str, &str)> = vec![
        (
            "application/json",
            form(&id, &[good]),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "web form",
        ),
        (FORM, format!("card={good}"), StatusCode::BAD_REQUEST, "bad_consultation_id", "must name one consultation"),
        (FORM, form("zz", &[good]), StatusCode::BAD_REQUEST, "bad_consultation_id", "must name one consultation"),
        (
            FORM,
            format!("{}&consultation={id}", form(&id, &[good])),
            StatusCode::BAD_REQUEST,
            "bad_consultation_id",
            "one consultation",
        ),
        (
            FORM,
            form(&"ab".repeat(32), &[good]),
            StatusCode::NOT_FOUND,
            "unknown_consultation",
            "No consultation with this id",
        ),
        (FORM, form(&id, &[]), StatusCode::BAD_REQUEST, "no_cards", "The list of cards is empty"),
        (FORM, form(&id, &["  "]), StatusCode::BAD_REQUEST, "no_cards", "The list of cards is empty"),
        (FORM, form(&id, &many), StatusCode::BAD_REQUEST, "too_many_cards", "at most 500 cards; the list has 501"),
        (FORM, form(&id, &[good, &typo]), StatusCode::BAD_REQUEST, "bad_claim_code", "card 2 in the list"),
        (
            FORM,
            form(&id, &[&stranger.code]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_card_of_this_consultation",
            "is not a card of “Night buses &amp; &lt;safety&gt;”",
        ),
        (
            FORM,
            form(&id, &[good, &w.other_card.code]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_card_of_this_consultation",
            "card 2 in the list",
        ),
        (
            FORM,
            form(&w.other.hex(), &[good]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_card_of_this_consultation",
            "is not a card of “Libraries”",
        ),
        (FORM, form(&id, &[&w.cards[9].code]), StatusCode::CONFLICT, "all_claimed", "already been claimed"),
        (FORM, "consultation=%zz&&&=".to_string(), StatusCode::BAD_REQUEST, "bad_consultation_id", "one consultation"),
    ];
    for (content_type, body, status, code, words) in cases {
        let g = post_with(true, content_type, body.clone()).await;
        let what = format!("{content_type} {}…", &body[..body.len().min(90)]);
        assert_eq!(g.status, status, "{what}: {}", g.body);
        assert!(
            g.headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.starts_with("text/html")),
            "{what}: a page"
        );
        assert!(g.body.contains(&format!("<code id=\"error-code\">{code}</code>")), "{what}: {}", g.body);
        assert!(g.body.contains(words), "{what}: {}", g.body);
        assert!(!g.body.contains("sheet-page"), "{what}: no sheet");
        assert!(!g.body.contains(&typo) && !g.body.contains(good), "{what}: a code is never echoed whole");
    }
    assert_eq!(w.ledger.log().latest().size, size, "nothing written");
}

#[tokio::test]
async fn the_warning_shows_only_when_no_public_url_was_given() {
    let w = world_once();
    let body = form(&w.consultation.hex(), &[&w.cards[2].code]);
    let without = post_with(false, FORM, body.clone()).await;
    assert_eq!(without.status, StatusCode::OK);
    assert!(without.body.contains("id=\"address-warning\""), "{}", without.body);
    assert!(without.body.contains("These cards point at this computer only."));
    assert!(without.body.contains("<span class=\"address\">http://127.0.0.1:8080/claim</span>"));
    let with = post_with(true, FORM, body).await;
    assert_eq!(with.status, StatusCode::OK);
    assert!(!with.body.contains("address-warning") && !with.body.contains("this computer only"));
}

#[tokio::test]
async fn the_sheet_stylesheet_prints_eight_cards_to_an_a4_page() {
    let req = Request::get("/static/sheet.css").body(Body::empty()).expect("request");
    let r = app(AppState::new(world_once().ledger.clone(), ServerConfig::default())).oneshot(req).await.expect("ok");
    assert_eq!(r.status(), StatusCode::OK);
    let css = String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8");
    assert_eq!(css, heard::sheet::CSS);
    for rule in [
        "@page { size: A4; margin: 10mm; }",
        "grid-template-columns: repeat(2, 94.5mm); grid-template-rows: repeat(4, 68.5mm);",
        "break-after: page; page-break-after: always;",
        "break-inside: avoid;",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
}

/// `heard cards` on the demo's Pol.is session prints the same cards as the staff route does
/// for the same codes (plus whom each card is for), and warns without `--public-url`.
#[tokio::test]
async fn heard_cards_prints_the_same_sheet_as_the_route() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("demo");
    let heard = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_heard"))
            .args(args)
            .env_remove("HEARD_PUBLIC_URL")
            .output()
            .expect("heard runs")
    };
    let data = d.to_str().expect("utf-8 path");
    let o = heard(&["demo", "--data", data]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ledger = Ledger::open_data_folder(&d, "heard.localhost/log").expect("ledger");
    let london = ledger
        .recent_consultations(10, None)
        .expect("list")
        .into_iter()
        .find(|c| c.rec.title.contains("scrutiny of policing"))
        .expect("the London session")
        .id;
    ledger.close().expect("closed cleanly");
    drop(ledger);

    let o = heard(&["cards", "--data", data, "--consultation", &london.hex(), "--public-url", BASE]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cli = String::from_utf8(o.stdout).expect("utf-8");
    assert!(cli.contains(&format!("<style>{}</style>", heard::sheet::CSS)), "the same stylesheet, inlined");
    assert!(!cli.contains("address-warning"));
    let cli_cards = cards_of(&cli);
    assert_eq!(cli_cards.len(), 15, "one card per participant");
    let blocks = page_blocks(&cli);
    assert_eq!(blocks.len(), 2);
    assert_eq!((cards_of(blocks[0]).len(), cards_of(blocks[1]).len()), (8, 7));

    let codes: Vec<&str> = cli_cards.iter().filter_map(|c| between(c, "<span class=\"code\">", "<")).collect();
    let ledger = Ledger::open_data_folder(&d, "heard.localhost/log").expect("ledger");
    let config = ServerConfig { public_url: BASE.into(), public_url_explicit: true, ..Default::default() };
    let req = Request::post("/staff/cards/sheet")
        .header(header::CONTENT_TYPE, FORM)
        .body(Body::from(form(&london.hex(), &codes)))
        .expect("request");
    let r = app(AppState::new(ledger.clone(), config)).oneshot(req).await.expect("infallible");
    assert_eq!(r.status(), StatusCode::OK);
    let served = String::from_utf8(r.into_body().collect().await.expect("body").to_bytes().to_vec()).expect("utf-8");
    let served_cards = cards_of(&served);
    assert_eq!(served_cards.len(), cli_cards.len());
    for (cli_card, served_card) in cli_cards.iter().zip(&served_cards) {
        let who = between(cli_card, "<span class=\"for\">", "</span>").expect("whom the card is for");
        assert!(who.starts_with("For Participant "), "{who}");
        let without_who = cli_card.replace(&format!(" · <span class=\"for\">{who}</span>"), "");
        assert_eq!(&without_who, served_card, "the same card");
    }
    ledger.close().expect("closed cleanly");
    drop(ledger);

    let o = heard(&["cards", "--data", data, "--consultation", &london.hex()]);
    assert!(o.status.success());
    let cli = String::from_utf8(o.stdout).expect("utf-8");
    assert!(cli.contains("id=\"address-warning\""), "without --public-url the page warns");
    assert!(cli.contains("<span class=\"address\">http://127.0.0.1:8080/claim</span>"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("this computer only"));
}

/// `heard serve` tells the sheet whether the operator set the public address: without
/// `--public-url` the sheet warns and the cards point at the listen address; with it (or
/// `HEARD_PUBLIC_URL`) they point at that address and nothing warns.
#[test]
fn heard_serve_warns_unless_the_public_url_was_given() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let card = heard::demo::demo_card("housing/p03");
    let sheet = |extra: &[&str], env: Option<&str>| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_heard"));
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"]).arg(&data).args(extra);
        match env {
            Some(v) => cmd.env("HEARD_PUBLIC_URL", v),
            None => cmd.env_remove("HEARD_PUBLIC_URL"),
        };
        let mut served = common::process::spawn(cmd, Stdio::null());
        // The address it listens on (the one it serves at may be another, public one).
        let url = served
            .stdout
            .lock()
            .expect("stdout")
            .iter()
            .find_map(|l| l.strip_prefix("heard: listening on ").map(str::to_string))
            .expect("the listen address is printed before serving");
        let a = common::process::agent();
        let list = common::process::get_json(&a, &format!("{url}/v1/consultations"));
        let housing = list["consultations"]
            .as_array()
            .expect("a list")
            .iter()
            .find(|c| c["title"].as_str().is_some_and(|t| t.starts_with("Damp, mould")))
            .and_then(|c| c["id"].as_str())
            .expect("the housing workshop")
            .to_string();
        let mut r = a
            .post(format!("{url}/staff/cards/sheet"))
            .header("Content-Type", FORM)
            .send(form(&housing, &[&card.code]))
            .expect("POST");
        assert_eq!(r.status().as_u16(), 200);
        let page = r.body_mut().read_to_string().expect("body");
        assert!(served.terminate(), "a graceful stop");
        (url, page)
    };
    let (url, page) = sheet(&["--demo"], None);
    assert!(page.contains("id=\"address-warning\""), "no --public-url: the sheet warns");
    assert!(page.contains(&format!("<span class=\"address\">{url}/claim</span>")), "{url}");
    let (_, page) = sheet(&["--public-url", BASE], None);
    assert!(!page.contains("address-warning"));
    assert!(page.contains("<span class=\"address\">heard.example.org/claim</span>"));
    let (_, page) = sheet(&[], Some("https://council.example/heard"));
    assert!(!page.contains("address-warning"));
    assert!(page.contains("<span class=\"address\">council.example/heard/claim</span>"));
}

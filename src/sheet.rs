//! The claim-card print sheet: one renderer for the staff page (`POST /staff/cards/sheet`,
//! `server::pages::cards`) and for `heard cards` (a file to open and print).
//!
//! A4 paper, 8 cards a page (2 × 4) in a dashed cut grid: each card has the consultation's
//! title and date, the words of the ideas on it (as the public idea page shows them, else
//! "your idea from this session"), the code in large letters, the QR code of the claim URL
//! (`<public url>/claim?code=<code>`, as [`ClaimCard::url`] writes it), the claim address
//! short enough to type (`heard.example.org/claim`, where the code is then typed), and the
//! other ways to claim. The styles are `server/pages/static/sheet.css`: served beside the
//! pages' stylesheet, inlined whole in the `heard cards` file.
//!
//! Everything spliced in is escaped by `maud`; the QR code's SVG is made here from the URL,
//! never from text someone typed. No I/O: the callers look the cards up.

use std::fmt::Write as _;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::attribution::claim::{ClaimCard, decode_code};
use crate::attribution::query::IdeaView;
use crate::i18n::{Arg, Lang, tr, tra};

pub mod qr;

/// The sheet's stylesheet (also served as `/static/sheet.css`).
pub const CSS: &str = include_str!("server/pages/static/sheet.css");

/// Cards on one A4 page (2 columns × 4 rows).
pub const CARDS_PER_PAGE: usize = 8;

/// Most cards one sheet may hold (the staff route refuses more).
pub const MAX_CARDS: usize = 500;

/// Why a sheet could not be made. Every variant has a stable [`SheetError::code`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SheetError {
    /// A card's code is not a claim code.
    #[error("card {position}: {why}")]
    BadCode {
        /// 1-based position of the card.
        position: usize,
        /// What is wrong with it.
        why: String,
    },
    /// The claim URL is too long for a QR code (the public URL is far too long).
    #[error("the claim address does not fit in a QR code: {0}")]
    UrlTooLong(String),
}

impl SheetError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SheetError::BadCode { .. } => "bad_claim_code",
            SheetError::UrlTooLong(_) => "claim_url_too_long",
        }
    }
}

/// One card to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetCard {
    /// Who it is for, when the organiser knows (`Participant 23` from an import); printed
    /// small so the facilitator hands it to the right person.
    pub for_whom: Option<String>,
    /// The code, as printed or typed (printed back in its canonical form).
    pub code: String,
    /// The ideas recorded with it, in log order: their words when they may be shown
    /// ([`public_words`]), else `None`.
    pub ideas: Vec<Option<String>>,
}

/// A sheet of cards for one consultation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    /// The consultation's title.
    pub title: String,
    /// The consultation's date as recorded (`YYYY-MM-DD`; printed as `14 March 2026`).
    pub date: String,
    /// The public base URL the cards point at.
    pub public_url: String,
    /// Whether the operator set `public_url` (`heard serve --public-url`); when not, the
    /// screen warns that the cards point at this computer only.
    pub public_url_explicit: bool,
    /// The cards, in order.
    pub cards: Vec<SheetCard>,
    /// How many cards were asked for but left out because they are already claimed.
    pub claimed_left_out: usize,
    /// How many codes were asked for twice (each card is printed once).
    pub repeated: usize,
    /// The consultation's language (`consultation` field 7): the cards print in it.
    pub lang: Lang,
}

/// The words of an idea that a card may show: the same rule as the public idea page (its
/// words unless withdrawn or not stored here).
pub fn public_words(v: &IdeaView) -> Option<String> {
    if v.withdrawn { None } else { v.text.clone() }
}

/// The claim address a person types (`heard.example.org/claim`): the public URL without
/// `https://` (browsers add it) or a trailing `/`, then `/claim`. An `http://` address keeps
/// its scheme, as a browser might otherwise try `https://` for it first.
pub fn typed_address(public_url: &str) -> String {
    let base = public_url.trim().trim_end_matches('/');
    let base = match base.get(..8) {
        Some(s) if s.eq_ignore_ascii_case("https://") => &base[8..],
        _ => base,
    };
    format!("{base}/claim")
}

/// The quiet zone around a QR code, in modules (ISO/IEC 18004 asks for 4).
const QUIET: usize = 4;

/// The QR code of `url` as an inline `<svg>` element: one unit a module, with the quiet zone
/// (the stylesheet sizes it), each horizontal run of dark modules one path segment
/// `M{x} {y}h{n}v1h-{n}z`, so a code is about a third of the markup of one square a module.
/// The modules are those `qrcode::QrCode::new` makes ([`qr::encode`]).
pub fn qr_svg(url: &str) -> Result<String, SheetError> {
    let code = qr::encode(url.as_bytes()).map_err(|e| SheetError::UrlTooLong(e.to_string()))?;
    let width = code.width;
    let size = width + 2 * QUIET;
    let mut svg = String::with_capacity(256 + width * width * 2);
    // Writing to a String cannot fail.
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for (y, row) in code.dark.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let n = x - start;
            svg.push('M');
            push_number(&mut svg, start + QUIET);
            svg.push(' ');
            push_number(&mut svg, y + QUIET);
            svg.push('h');
            push_number(&mut svg, n);
            svg.push_str("v1h-");
            push_number(&mut svg, n);
            svg.push('z');
        }
    }
    svg.push_str("\"/></svg>");
    Ok(svg)
}

/// `n` in decimal, appended: four numbers a run and hundreds of runs a code, which `write!`
/// wrote about four times slower.
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The QR codes of `urls`, made on every core.
fn qr_svgs(urls: &[String]) -> Result<Vec<String>, SheetError> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let per = urls.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = urls
            .chunks(per)
            .map(|chunk| s.spawn(move || chunk.iter().map(|u| qr_svg(u)).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(urls.len());
        for p in parts {
            let made = p.join().map_err(|_| SheetError::UrlTooLong("a QR code could not be made".into()))?;
            for svg in made {
                out.push(svg?);
            }
        }
        Ok(out)
    })
}

/// `2026-03-14` as `14 March 2026`; anything else as given.
pub fn long_date(iso: &str) -> String {
    crate::attribution::dates::long_day(iso.trim())
}

/// The first words of a text, cut at a word (with `…` when cut).
pub fn excerpt(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a.to_string()).unwrap_or(cut);
    format!("{cut}…")
}

/// How many A4 pages `cards` cards take.
pub fn pages_for(cards: usize) -> usize {
    cards.div_ceil(CARDS_PER_PAGE)
}

impl Sheet {
    /// The printed part: one `div.sheet-page` per 8 cards, each card a `section.card`.
    pub fn cards_markup(&self) -> Result<Markup, SheetError> {
        let address = typed_address(&self.public_url);
        let date = crate::i18n::long_day(self.lang, self.date.trim());
        let mut claim_cards = Vec::with_capacity(self.cards.len());
        for (i, c) in self.cards.iter().enumerate() {
            let secret =
                decode_code(&c.code).map_err(|e| SheetError::BadCode { position: i + 1, why: e.to_string() })?;
            claim_cards.push(ClaimCard::from_secret(secret));
        }
        let urls: Vec<String> = claim_cards.iter().map(|c| c.url(&self.public_url)).collect();
        let qrs = qr_svgs(&urls)?;
        let mut pages = Vec::with_capacity(pages_for(self.cards.len()));
        for (p, chunk) in self.cards.chunks(CARDS_PER_PAGE).enumerate() {
            let mut cards = Vec::with_capacity(chunk.len());
            for (i, c) in chunk.iter().enumerate() {
                let n = p * CARDS_PER_PAGE + i;
                cards.push(self.card(c, &claim_cards[n].code, &qrs[n], &date, &address));
            }
            pages.push(html! {
                div.sheet-page data-page=(p + 1) { @for c in &cards { (c) } }
            });
        }
        Ok(html! { div.sheet lang=(self.lang.tag()) { @for p in &pages { (p) } } })
    }

    fn card(&self, c: &SheetCard, code: &str, qr: &str, date: &str, address: &str) -> Markup {
        let l = self.lang;
        let n = c.ideas.len();
        let count = || -> [(&str, Arg); 1] { [("count", n.into())] };
        let shown: Vec<&str> = c.ideas.iter().filter_map(|w| w.as_deref()).collect();
        html! {
            section.card {
                div.card-head {
                    h2 { (self.title) }
                    p.when { (date) @if let Some(who) = &c.for_whom { " · " span.for { (tra(l, "card-for", &[("name", who.into())])) } } }
                }
                @if let Some(first) = shown.first() {
                    p.card-words {
                        @if n == 1 { (tr(l, "card-your-idea")) " " } @else { (tra(l, "card-one-of-your-ideas", &count())) " " }
                        q { (excerpt(first, 120)) }
                    }
                } @else if n > 1 {
                    p.card-words { (tra(l, "card-your-ideas-session", &count())) }
                } @else {
                    p.card-words { (tr(l, "card-your-idea-session")) }
                }
                div.qr role="img" aria-label=(tr(l, "card-qr-label")) { (PreEscaped(qr)) }
                p.card-code { span.label { (tr(l, "card-your-code")) } span.code { (code) } }
                div.card-how {
                    p { (tr(l, "card-scan")) " " span.address { (address) } " " (tr(l, "card-type-code")) }
                    p { (tr(l, "card-no-phone")) }
                    p { (tr(l, "card-private")) }
                }
            }
        }
    }

    /// What the screen shows above the cards (hidden when printed): the count, the cards
    /// left out and why, the warning when the address was not set, how to print, and (on the
    /// server's page, where its script is loaded) a "Print these cards" button.
    pub fn intro(&self, ui: Lang, print_button: bool) -> Markup {
        let n = self.cards.len();
        let pages = pages_for(n);
        let count = |k: usize| Arg::from(k);
        html! {
            div.sheet-intro.no-print {
                h1 { (tr(ui, "sheet-title")) }
                p.lead {
                    (tra(ui, "sheet-lead", &[("cards", count(n)), ("title", (&self.title).into()), ("per", count(CARDS_PER_PAGE)), ("pages", count(pages))]))
                }
                @if self.claimed_left_out > 0 || self.repeated > 0 {
                    div.left-out role="status" {
                        @if self.claimed_left_out > 0 {
                            p { (tra(ui, "sheet-claimed-left-out", &[("count", count(self.claimed_left_out))])) }
                        }
                        @if self.repeated > 0 {
                            p { (tra(ui, "sheet-repeated", &[("count", count(self.repeated))])) }
                        }
                    }
                }
                @if !self.public_url_explicit { (self.loopback_warning(ui)) }
                p { (tr(ui, "sheet-print-how")) }
                @if print_button {
                    p { button #print-button type="button" hidden { (tr(ui, "sheet-print-button")) } }
                    p.hint { (tr(ui, "sheet-print-or")) }
                } @else {
                    p.hint { (tr(ui, "sheet-print-command")) }
                }
            }
        }
    }

    /// The warning shown (on screen only) when the operator did not set the public address.
    fn loopback_warning(&self, ui: Lang) -> Markup {
        html! {
            div.warning-text #address-warning {
                span.warning-icon aria-hidden="true" { "!" }
                div {
                p {
                    strong {
                        span.visually-hidden { (tr(ui, "sheet-warning")) " " }
                        (tr(ui, "sheet-loopback-title"))
                    }
                }
                p {
                    (tr(ui, "sheet-loopback-address-before")) " " span.address { (typed_address(&self.public_url)) } (tr(ui, "sheet-loopback-address-after"))
                }
                p {
                    (tr(ui, "sheet-loopback-ask")) " "
                    code { "heard serve --public-url https://heard.example.org" } "."
                }
                }
            }
        }
    }

    /// The whole page `heard cards` writes: the same intro (without the button, which needs
    /// the server's script) and cards, with the stylesheet inlined.
    pub fn document(&self) -> Result<String, SheetError> {
        let cards = self.cards_markup()?;
        Ok(html! {
            (DOCTYPE)
            html lang=(self.lang.tag()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (tra(self.lang, "card-doc-title", &[("title", (&self.title).into())])) }
                    style { (PreEscaped(CSS)) }
                }
                body.sheet-doc {
                    main { (self.intro(self.lang, false)) (cards) }
                }
            }
        }
        .into_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typed_address_drops_only_https() {
        assert_eq!(typed_address("https://heard.example.org"), "heard.example.org/claim");
        assert_eq!(typed_address("HTTPS://heard.example.org/"), "heard.example.org/claim");
        assert_eq!(typed_address("https://council.example/heard/"), "council.example/heard/claim");
        assert_eq!(typed_address("http://127.0.0.1:8080"), "http://127.0.0.1:8080/claim");
    }

    #[test]
    fn dates_are_long_form() {
        assert_eq!(long_date("2026-03-14"), "14 March 2026");
        assert_eq!(long_date("2026-12-01"), "1 December 2026");
        for odd in ["2026-13-01", "March 2026", "", "2026-3-1"] {
            assert_eq!(long_date(odd), odd);
        }
    }

    #[test]
    fn a_welsh_consultation_prints_welsh_cards() {
        let code = ClaimCard::from_secret([7; 16]).code;
        let sheet = |lang| Sheet {
            title: "Sesiwn wrando".into(),
            date: "2026-03-14".into(),
            public_url: "https://heard.example.org".into(),
            public_url_explicit: true,
            cards: vec![SheetCard { for_whom: None, code: code.clone(), ideas: vec![None] }],
            claimed_left_out: 0,
            repeated: 0,
            lang,
        };
        let cy = sheet(Lang::Cy).document().unwrap();
        assert!(cy.contains("<html lang=\"cy\">"));
        assert!(cy.contains("14 Mawrth 2026") && cy.contains("Eich cod") && cy.contains("Eich syniad o'r sesiwn hon"));
        assert!(!cy.contains("Your code") && !cy.contains("14 March 2026"));
        let en = sheet(Lang::EnGb).document().unwrap();
        assert!(en.contains("14 March 2026") && en.contains("Your code"));
    }

    #[test]
    fn eight_cards_to_a_page() {
        assert_eq!((pages_for(0), pages_for(1), pages_for(8), pages_for(9), pages_for(500)), (0, 1, 1, 2, 63));
    }
}

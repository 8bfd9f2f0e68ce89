//! The privacy notice (`/privacy`) and the accessibility statement (`/accessibility`), linked
//! from every page's footer (issue 25 §5). Each has a default in plain words that says what
//! Heard itself does; an operator replaces it with a file of their own in the data folder's
//! `notices/` (`privacy.txt`, `accessibility.txt`), read on every request so an edit shows
//! at once. The file is plain text: a blank line between paragraphs, `## ` before a heading,
//! `- ` before each item of a list; everything is shown as text, never as markup.

use axum::extract::State;
use axum::http::StatusCode;
use maud::{Markup, html};

use super::{Page, Section, layout};
use crate::server::AppState;

/// Which notice.
#[derive(Clone, Copy)]
enum Notice {
    Privacy,
    Accessibility,
}

impl Notice {
    fn file(self) -> &'static str {
        match self {
            Notice::Privacy => "privacy.txt",
            Notice::Accessibility => "accessibility.txt",
        }
    }
    fn title(self) -> &'static str {
        match self {
            Notice::Privacy => "Privacy notice",
            Notice::Accessibility => "Accessibility statement",
        }
    }
    fn default_text(self) -> &'static str {
        match self {
            Notice::Privacy => PRIVACY,
            Notice::Accessibility => ACCESSIBILITY,
        }
    }
}

const PRIVACY: &str = "\
This service keeps a public record of ideas people gave in consultations, so that the people who gave them get the credit, and anyone can check what was done with them.

## What we keep

- The words of each idea, the consultation it was given in and the day it was given.
- How you chose to be shown next to your ideas: by your name, by a name you chose, or not named at all. We show no more than you chose.
- The public part of your key, if you claimed your ideas. Your key file stays with you: we never see or keep it.
- A fingerprint of the code on your claim card, never the code itself.
- Which reports cited your ideas, and what the organisation said it did with them.

## For how long

The record is permanent: entries are never deleted, so that nobody can quietly change what happened. The words of an idea and the salt that protects them are kept beside the record, not in it, so they can be erased.

## How to withdraw

If you claimed your ideas, open your contributions page with your key file and use \"Change how you are shown, or withdraw an idea\". If you did not, ask the person who recorded your idea, or the organisation that ran the consultation. When an idea is withdrawn, its words are erased at once; the record keeps only the fact that an idea was given and withdrawn. You can also change how you are shown at any time.

## Who to contact

The organisation that runs this service is responsible for the ideas it keeps. Ask them, or the person who recorded your idea, about anything on this page.";

const ACCESSIBILITY: &str = "\
We want as many people as possible to be able to use this service. You should be able to:

- make text bigger with your browser's zoom, up to 400%, without the page breaking
- use every page on a phone 360 pixels wide without scrolling sideways
- do everything with a keyboard alone
- use a screen reader: every form field is labelled and every status message is announced

## How we check it

Every page is tried in a real browser at 360 and 1280 pixels wide with the axe-core checker, with no serious or critical problems allowed, and the main tasks (claiming your ideas, recording ideas, building a report, checking a receipt) are tried with a keyboard alone.

## What is not yet accessible

- Pages are in English only.
- The printed claim cards carry a QR code; the web address and the code are printed beside it, to type in instead.

## Reporting a problem

If you find a problem, or need an idea or a page in another format, tell the organisation that runs this service. If you are not happy with how they answer, you can contact the Equality Advisory and Support Service (EASS).";

/// A notice's text as blocks: headings, paragraphs and lists.
fn blocks(text: &str) -> Markup {
    html! {
        @for block in text.replace("\r\n", "\n").split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
            @if let Some(h) = block.strip_prefix("## ") {
                h2 { (h.trim()) }
            } @else if block.starts_with("- ") {
                ul.list {
                    @for item in block.lines().filter_map(|l| l.trim().strip_prefix("- ")) { li { (item) } }
                }
            } @else {
                p { (block) }
            }
        }
    }
}

/// The notice as the operator wrote it in `<data>/notices/`, else the default; and whether
/// it is the operator's own.
fn text_of(state: &AppState, notice: Notice) -> (String, bool) {
    let own = state.config.notices.as_ref().and_then(|dir| std::fs::read_to_string(dir.join(notice.file())).ok());
    match own.filter(|t| !t.trim().is_empty()) {
        Some(t) => (t, true),
        None => (notice.default_text().to_string(), false),
    }
}

fn page_of(state: &AppState, notice: Notice) -> Page {
    let (text, _) = text_of(state, notice);
    let main = html! {
        h1 { (notice.title()) }
        (blocks(&text))
    };
    Page(StatusCode::OK, layout(notice.title(), Section::Other, &[], main))
}

/// `GET /privacy`.
pub(super) async fn privacy(State(state): State<AppState>) -> Page {
    page_of(&state, Notice::Privacy)
}

/// `GET /accessibility`.
pub(super) async fn accessibility(State(state): State<AppState>) -> Page {
    page_of(&state, Notice::Accessibility)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_is_headings_paragraphs_and_lists_and_never_markup() {
        let m = blocks("First <b>para</b>\n\n## A heading\n\n- one\n- two\n\nLast").into_string();
        assert_eq!(
            m,
            "<p>First &lt;b&gt;para&lt;/b&gt;</p><h2>A heading</h2><ul class=\"list\"><li>one</li><li>two</li></ul><p>Last</p>"
        );
    }
}

//! The privacy notice (`/privacy`) and the accessibility statement (`/accessibility`), linked
//! from every page's footer (issue 25 §5). Each has a default in plain words that says what
//! Heard itself does, in English and Welsh (the catalogues' `notice-privacy` and
//! `notice-accessibility`); an operator replaces it with a file of their own in the data
//! folder's `notices/` (`privacy.txt`, `accessibility.txt`; for Welsh pages `privacy.cy.txt`
//! and `accessibility.cy.txt` first, else their English file, marked `lang="en-GB"`), read
//! on every request so an edit shows at once. The file is plain text: a blank line between paragraphs, `## ` before a heading,
//! `- ` before each item of a list; everything is shown as text, never as markup.

use axum::extract::State;
use axum::http::StatusCode;
use maud::{Markup, html};

use super::lang::{lang, t};
use super::{Page, Section, layout};
use crate::i18n::Lang;
use crate::server::AppState;

/// Which notice.
#[derive(Clone, Copy)]
enum Notice {
    Privacy,
    Accessibility,
}

impl Notice {
    /// The operator's files for the notice, in the order they are looked for: for a page in
    /// a language other than English `<name>.<code>.txt` (`privacy.cy.txt`) first; last the
    /// operator's English `<name>.txt`.
    fn files(self, lang: Lang) -> Vec<String> {
        let name = match self {
            Notice::Privacy => "privacy",
            Notice::Accessibility => "accessibility",
        };
        match lang {
            Lang::EnGb => vec![format!("{name}.txt")],
            other => vec![format!("{name}.{}.txt", other.code()), format!("{name}.txt")],
        }
    }
    fn title(self) -> String {
        t(match self {
            Notice::Privacy => "notice-privacy-title",
            Notice::Accessibility => "notice-accessibility-title",
        })
    }
    /// The default text in the page's language (a message of the catalogues: a blank line
    /// between paragraphs, `## ` before a heading, `- ` before an item).
    fn default_text(self) -> String {
        t(match self {
            Notice::Privacy => "notice-privacy",
            Notice::Accessibility => "notice-accessibility",
        })
    }
}

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

/// The notice as the operator wrote it in `<data>/notices/` (in the page's language if they
/// wrote one, else their English one), else the default in the page's language; with the
/// language the text is in.
fn text_of(state: &AppState, notice: Notice) -> (String, Lang) {
    let page = lang();
    if let Some(dir) = state.config.notices.as_ref() {
        let files = notice.files(page);
        for (i, file) in files.iter().enumerate() {
            if let Some(text) = std::fs::read_to_string(dir.join(file)).ok().filter(|t| !t.trim().is_empty()) {
                let written_in = if i + 1 == files.len() { Lang::EnGb } else { page };
                return (text, written_in);
            }
        }
    }
    (notice.default_text(), page)
}

fn page_of(state: &AppState, notice: Notice) -> Page {
    let (text, written_in) = text_of(state, notice);
    let main = html! {
        h1 { (notice.title()) }
        @if written_in == lang() {
            (blocks(&text))
        } @else {
            div lang=(written_in.tag()) { (blocks(&text)) }
        }
    };
    Page(StatusCode::OK, layout(&notice.title(), Section::Other, &[], main))
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

//! Atom feeds (RFC 4287) of what happened to ideas, for a feed reader, a community group or a
//! library: `/consultations/<id>/feed.atom` (every idea of a consultation) and
//! `/contributors/<key>/feed.atom` (every idea of a portfolio). One entry per citation of an
//! idea and per answer to it, newest first, at most [`MAX_ENTRIES`].
//!
//! **No personal data:** a feed names no contributor, not even one who consented to be named.
//! A feed is copied into readers and archives that a later change of consent or a withdrawal
//! cannot reach, so it carries only what concerns the idea: its words while they are public
//! (a withdrawn idea is "a withdrawn idea"), the report, the locator, the answer. The people
//! are on the pages it links to, shown as they consent at the time of reading.
//!
//! Written with the `atom_syndication` crate (escaping, dates, namespaces), never by hand.

use std::collections::HashMap;

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::lang::{lang, t, ta};
use super::said_did::outcome_words;
use super::{PageError, excerpt, parse_id, safe_url, usage_words};
use crate::attribution::kinds::Id;
use crate::attribution::query::IdeaView;
use crate::attribution::state::{CitationRec, ResponseRec};
use crate::i18n::Lang;
use crate::protocol::entry::entry_hash;
use crate::server::AppState;

/// The most entries a feed carries (the newest).
pub const MAX_ENTRIES: usize = 100;

/// The media type of the feeds.
const ATOM: &str = "application/atom+xml; charset=utf-8";

/// What happened to an idea.
enum Happened<'a> {
    Cited(&'a CitationRec),
    Answered(&'a ResponseRec),
}

impl Happened<'_> {
    fn seq(&self) -> u64 {
        match self {
            Happened::Cited(c) => c.seq,
            Happened::Answered(r) => r.seq,
        }
    }
    fn log_time(&self) -> u64 {
        match self {
            Happened::Cited(c) => c.log_time,
            Happened::Answered(r) => r.log_time,
        }
    }
}

/// A feed's path (or the page a feed links back to) in `lang`: English plain, any other
/// language with `?lang=`, so that a feed reader keeps the language the person read in.
pub(super) fn feed_path(path: &str, lang: Lang) -> String {
    match lang {
        Lang::EnGb => path.to_string(),
        other => format!("{path}?lang={}", other.code()),
    }
}

/// A time in ms since the Unix epoch as an Atom date (UTC).
fn atom_time(ms: u64) -> FixedDateTime {
    let ms = i64::try_from(ms).unwrap_or(i64::MAX);
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().fixed_offset()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link { href, rel: rel.into(), mime_type: mime.map(String::from), ..Link::default() }
}

/// The idea in quotes (its first `max` characters' words, or all of them), or that it was
/// withdrawn.
fn idea_words(v: &IdeaView, max: Option<usize>) -> String {
    match (&v.text, v.withdrawn) {
        (Some(t), false) => format!("“{}”", max.map_or_else(|| t.trim().to_string(), |m| excerpt(t.trim(), m))),
        (_, true) => t("feed-withdrawn-idea"),
        (None, false) => t("feed-idea-not-stored"),
    }
}

/// Builds the entries of a feed from ideas, looking each report up once.
struct Entries<'a> {
    state: &'a AppState,
    base: String,
    reports: HashMap<Id, (String, String)>,
}

impl<'a> Entries<'a> {
    fn new(state: &'a AppState) -> Self {
        let base = state.config.public_url.trim_end_matches('/').to_string();
        Entries { state, base, reports: HashMap::new() }
    }

    fn report(&mut self, id: &Id) -> Result<(String, String), PageError> {
        if let Some(r) = self.reports.get(id) {
            return Ok(r.clone());
        }
        let r = self.state.ledger().report(id).map_err(PageError::internal)?;
        self.reports.insert(*id, (r.title.clone(), r.version.clone()));
        Ok((r.title, r.version))
    }

    /// The hex entry hash of the entry at `seq` (a stable, log-independent name for it).
    fn entry_hash(&self, seq: u64) -> Result<String, PageError> {
        let bytes = self.state.log().entry(seq).map_err(PageError::internal)?;
        let bytes = bytes.ok_or_else(|| PageError::internal(format!("entry {seq} is missing")))?;
        Ok(hex::encode(entry_hash(&bytes)))
    }

    /// The newest [`MAX_ENTRIES`] citations and answers of these ideas, newest first.
    fn of(&mut self, ideas: &[&IdeaView]) -> Result<Vec<Entry>, PageError> {
        let mut happened: Vec<(&IdeaView, Happened)> = Vec::new();
        for v in ideas {
            happened.extend(v.citations.iter().map(|c| (*v, Happened::Cited(c))));
            happened.extend(v.responses.iter().map(|r| (*v, Happened::Answered(r))));
        }
        // One `cite` or grouped answer covers several ideas: the idea id breaks the tie.
        happened.sort_by(|(a, x), (b, y)| y.seq().cmp(&x.seq()).then(a.id.0.cmp(&b.id.0)));
        happened.truncate(MAX_ENTRIES);
        happened.iter().map(|(v, h)| self.entry(v, h)).collect()
    }

    fn entry(&mut self, v: &IdeaView, h: &Happened) -> Result<Entry, PageError> {
        let idea_url = format!("{}/ideas/{}", self.base, v.id.hex());
        let at = self.entry_hash(h.seq())?;
        let when = atom_time(h.log_time());
        let (id, title, summary, mut links) = match h {
            Happened::Cited(c) => {
                let (report, version) = self.report(&c.report)?;
                let how = usage_words(c.how);
                (
                    format!("urn:heard:citation:{at}:{}", v.id.hex()),
                    ta(
                        "feed-cited-title",
                        &[
                            ("report", (&report).into()),
                            ("version", (&version).into()),
                            ("idea", idea_words(v, Some(80)).into()),
                        ],
                    ),
                    ta(
                        "feed-cited-summary",
                        &[
                            ("report", report.into()),
                            ("version", version.into()),
                            ("idea", idea_words(v, None).into()),
                            ("locator", (&c.locator).into()),
                            ("how", how.into()),
                            ("consultation", (&v.consultation_title).into()),
                        ],
                    ),
                    vec![link(format!("{}/reports/{}", self.base, c.report.hex()), "related", Some("text/html"))],
                )
            }
            Happened::Answered(r) => {
                let reason = r
                    .reason
                    .as_deref()
                    .map(|x| format!(" {}", ta("feed-answer-reason", &[("reason", x.trim().into())])))
                    .unwrap_or_default();
                let summary = ta(
                    "feed-answer-summary",
                    &[
                        ("idea", idea_words(v, None).into()),
                        ("consultation", (&v.consultation_title).into()),
                        ("outcome", super::outcome_words(r.outcome).into()),
                    ],
                );
                (
                    format!("urn:heard:answer:{at}:{}", v.id.hex()),
                    format!("{}: {}", outcome_words(r), idea_words(v, Some(80))),
                    format!("{summary}{reason}"),
                    r.links.iter().filter_map(|l| safe_url(l)).map(|u| link(u.to_string(), "related", None)).collect(),
                )
            }
        };
        links.insert(0, link(idea_url, "alternate", Some("text/html")));
        Ok(Entry {
            id,
            title: Text::plain(title),
            updated: when,
            published: Some(when),
            summary: Some(Text::plain(summary)),
            links,
            ..Entry::default()
        })
    }
}

/// A feed's bytes as an answer.
fn answer(feed: &Feed) -> Result<Response, PageError> {
    let xml = feed.write_to(Vec::new()).map_err(PageError::internal)?;
    Ok(([(header::CONTENT_TYPE, ATOM), (header::CACHE_CONTROL, "no-cache")], xml).into_response())
}

/// The feed's frame: id, title, author, links, language; `updated` is its newest entry's
/// time, else `fallback_ms`.
fn feed(
    id: String,
    title: String,
    author: String,
    self_url: String,
    page_url: String,
    entries: Vec<Entry>,
    fallback_ms: u64,
) -> Feed {
    Feed {
        id,
        title: Text::plain(title),
        updated: entries.first().map(|e| e.updated).unwrap_or_else(|| atom_time(fallback_ms)),
        authors: vec![Person { name: author, ..Person::default() }],
        links: vec![
            link(self_url, "self", Some("application/atom+xml")),
            link(page_url, "alternate", Some("text/html")),
        ],
        lang: Some(lang().tag().into()),
        entries,
        ..Feed::default()
    }
}

/// `/consultations/<id>/feed.atom`: the citations of and answers to a consultation's ideas.
pub(super) async fn consultation(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let ledger = state.ledger();
    let c = ledger.consultation_summary(&id)?;
    let ideas = ledger.ideas_of_consultation(&id)?;
    let refs: Vec<&IdeaView> = ideas.iter().collect();
    let entries = Entries::new(&state).of(&refs)?;
    let base = state.config.public_url.trim_end_matches('/');
    answer(&feed(
        format!("urn:heard:feed:consultation:{}", id.hex()),
        ta("consultation-feed-title", &[("title", (&c.rec.title).into())]),
        c.convenor_name.unwrap_or_else(|| t("feed-convenor-unknown")),
        format!("{base}{}", feed_path(&format!("/consultations/{}/feed.atom", id.hex()), lang())),
        format!("{base}{}", feed_path(&format!("/consultations/{}/you-said-we-did", id.hex()), lang())),
        entries,
        c.rec.log_time,
    ))
}

/// `/contributors/<key>/feed.atom`: the citations of and answers to a portfolio's ideas.
pub(super) async fn contributor(State(state): State<AppState>, Path(key): Path<String>) -> Result<Response, PageError> {
    let key = parse_id(&key)?;
    let p = state.ledger().portfolio(&key)?;
    let refs: Vec<&IdeaView> = p.items.iter().map(|i| &i.idea).collect();
    let entries = Entries::new(&state).of(&refs)?;
    let base = state.config.public_url.trim_end_matches('/');
    let newest_idea = refs.iter().map(|v| v.log_time).max().unwrap_or(0);
    answer(&feed(
        format!("urn:heard:feed:contributor:{}", p.party.hex()),
        t("feed-contributor-title"),
        "Heard".into(),
        format!("{base}{}", feed_path(&format!("/contributors/{}/feed.atom", key.hex()), lang())),
        format!("{base}{}", feed_path(&format!("/contributors/{}", key.hex()), lang())),
        entries,
        newest_idea,
    ))
}

//! The search index's fields, its word analysers, and one idea's document built from the
//! ledger's state (its record, its entry and its text beside the log).
//!
//! **Languages.** Consultations carry no language yet, so every idea is analysed as English
//! (lower-cased, Snowball English stemming: "repairs" and "repair" are one word). Each
//! language has its own text field (`words_en`, one tantivy analyser per field), chosen by
//! [`Language::of`] for the idea's consultation; a query is analysed by every language's
//! analyser and matched against that language's field. Adding Welsh later is a variant of
//! [`Language`], a field, and a rule in [`Language::of`] (a schema change: the index is
//! rebuilt on open when its fields differ).

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{Index, TantivyDocument};

use crate::attribution::AttributionError;
use crate::attribution::content;
use crate::attribution::dates;
use crate::attribution::kinds::Id;
use crate::attribution::query::{Attribution, attribution_of_head};
use crate::attribution::rows::IdeaHead;
use crate::log::reads::Reads;
use crate::protocol::entry::{Entry, entry_hash};
use crate::protocol::statement::Statement;

/// A language whose words the index can stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Language {
    /// English (Snowball English stemmer).
    English,
}

impl Language {
    /// Every language the index has a field for.
    pub const ALL: &'static [Language] = &[Language::English];

    /// The language an idea of `consultation` is analysed in (English for every
    /// consultation until consultations carry a language).
    pub fn of(_consultation: &Id) -> Language {
        Language::English
    }

    fn suffix(self) -> &'static str {
        match self {
            Language::English => "en",
        }
    }

    fn stemmer(self) -> tantivy::tokenizer::Language {
        match self {
            Language::English => tantivy::tokenizer::Language::English,
        }
    }

    /// The analyser's name in the index's tokenizer manager.
    fn analyser_name(self) -> String {
        format!("heard_{}", self.suffix())
    }

    /// Words split on anything not a letter or digit, longer than 40 bytes dropped,
    /// lower-cased, stemmed.
    pub fn analyser(self) -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(self.stemmer()))
            .build()
    }

    /// The terms a text is indexed and searched by, in order, each once.
    pub fn terms(self, text: &str) -> Vec<String> {
        let mut a = self.analyser();
        let mut s = a.token_stream(text);
        let mut out: Vec<String> = Vec::new();
        while s.advance() {
            let t = &s.token().text;
            if !out.contains(t) {
                out.push(t.clone());
            }
        }
        out
    }
}

/// The index's fields.
#[derive(Clone, Debug)]
pub struct Fields {
    /// The idea id, 64 hex digits (stored: what a hit answers).
    pub id: Field,
    /// The idea's seq (newest first when no words are asked).
    pub seq: Field,
    /// The words, one field per language, in the order of [`Language::ALL`].
    pub words: Vec<(Language, Field)>,
    /// The consultation id, hex.
    pub consultation: Field,
    /// Each tag, lower-cased.
    pub tag: Field,
    /// The contributor's name as consented (named or pseudonym), lower-cased; absent for
    /// anyone shown as "a contributor".
    pub contributor: Field,
    /// The day given as the number `YYYYMMDD`.
    pub given: Field,
    /// `cited` or `not_cited`, and `answered` or `not_answered`.
    pub status: Field,
}

impl Fields {
    /// The schema and its fields.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let seq = b.add_u64_field("seq", INDEXED | FAST);
        let words = Language::ALL
            .iter()
            .map(|l| {
                let indexing = TextFieldIndexing::default()
                    .set_tokenizer(&l.analyser_name())
                    // No positions: no phrase queries, and a smaller index that keeps less of
                    // the order of anyone's words.
                    .set_index_option(IndexRecordOption::WithFreqs);
                let f = b.add_text_field(
                    &format!("words_{}", l.suffix()),
                    TextOptions::default().set_indexing_options(indexing),
                );
                (*l, f)
            })
            .collect();
        let consultation = b.add_text_field("consultation", STRING);
        let tag = b.add_text_field("tag", STRING);
        let contributor = b.add_text_field("contributor", STRING);
        let given = b.add_u64_field("given", INDEXED | FAST);
        let status = b.add_text_field("status", STRING);
        (b.build(), Fields { id, seq, words, consultation, tag, contributor, given, status })
    }

    /// Registers every language's analyser with `index`.
    pub fn register(index: &Index) {
        for l in Language::ALL {
            index.tokenizers().register(&l.analyser_name(), l.analyser());
        }
    }

    /// The text field of a language.
    pub fn words_of(&self, l: Language) -> Option<Field> {
        self.words.iter().find(|(x, _)| *x == l).map(|(_, f)| *f)
    }
}

/// `YYYY-MM-DD` as the number `YYYYMMDD` (which orders as the days do).
pub fn day_number(day: &str) -> Option<u64> {
    let (y, m, d) = dates::parse_day(day)?;
    Some(y as u64 * 10_000 + m as u64 * 100 + d as u64)
}

/// The document of idea `id` from its record and its entry's bytes; `None` when it was
/// withdrawn (a withdrawn idea has no document).
pub fn document(
    reads: &dyn Reads,
    fields: &Fields,
    id: &Id,
    rec: &IdeaHead,
    entry: &[u8],
) -> Result<Option<TantivyDocument>, AttributionError> {
    if rec.withdrawn.is_some() {
        return Ok(None);
    }
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, id.hex());
    doc.add_u64(fields.seq, rec.seq);
    if let Some(text) = content::get(reads, &entry_hash(entry))? {
        // Only words that match the logged digest are searchable (a mismatch is shown as a
        // problem on the idea's page, never found by its words).
        if text.digest() == rec.digest.0
            && let Some(f) = fields.words_of(Language::of(&rec.consultation))
        {
            doc.add_text(f, &text.text);
        }
    }
    doc.add_text(fields.consultation, rec.consultation.hex());
    for t in &rec.tags {
        doc.add_text(fields.tag, t.to_lowercase());
    }
    if let Attribution::Named(n) | Attribution::Pseudonym(n) = attribution_of_head(rec) {
        doc.add_text(fields.contributor, n.to_lowercase());
    }
    // As `IdeaView::given`: the statement's date, else the UTC day of its author time.
    let given = match &rec.given {
        Some(g) => Some(g.clone()),
        None => Entry::decode(entry)
            .ok()
            .and_then(|e| Statement::decode(&e.statement).ok())
            .map(|st| dates::utc_day(st.time)),
    };
    if let Some(n) = given.as_deref().and_then(day_number) {
        doc.add_u64(fields.given, n);
    }
    doc.add_text(fields.status, if rec.cited == 0 { "not_cited" } else { "cited" });
    doc.add_text(fields.status, if rec.answered == 0 { "not_answered" } else { "answered" });
    Ok(Some(doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_stemmed_and_lower_cased() {
        assert_eq!(Language::English.terms("Repairs REPAIRED repairing"), vec!["repair"]);
        assert_eq!(Language::English.terms("Buses, bus-stops!"), vec!["buse", "bus", "stop"]);
    }

    #[test]
    fn days_are_numbers_in_order() {
        assert_eq!(day_number("2026-03-14"), Some(20_260_314));
        assert!(day_number("2025-12-31") < day_number("2026-01-01"));
        assert_eq!(day_number("2026-02-30"), None);
    }
}

//! `heard-bench --search`: search figures over a large index (query latency for a mix of
//! one word, two words and a word with a filter; indexing rate; bytes per idea), and the
//! rebuild rate of the real path (a ledger's ideas read back from the log and the texts).
//!
//! The large corpus is written straight into a tantivy index with the production schema
//! and analyser (1M signed appends would take far longer than the search work measured):
//! each idea is the first part of one real Pol.is comment (`data/polis/`, both exports)
//! followed by the last part of another, with its own consultation (one of 500), tag (one
//! of 40), a named contributor for one idea in three (one of 20,000 names), a day given
//! over two years, and cited / answered flags. Queries go through
//! [`heard::search::query_searcher`], the function every search runs. Nothing asserts a figure.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use ed25519_dalek::SigningKey;
use tantivy::{Index, ReloadPolicy, TantivyDocument};

use heard::attribution::build::{self, Attribution, ConsultationSpec, IdeaSpec, key_id};
use heard::attribution::content::IdeaText;
use heard::attribution::kinds::Id;
use heard::ledger::Ledger;
use heard::search::{Fields, Language, SearchQuery, query_searcher};

const LONDON: &str = include_str!("../../data/polis/london.youth.policing/comments.csv");
const HOUSING: &str = include_str!("../../data/polis/scoop-hivemind.affordable-housing/comments.csv");

/// The comment bodies of both exports, as words.
fn comments() -> anyhow::Result<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for text in [LONDON, HOUSING] {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        for row in r.records() {
            let row = row.context("reading the embedded Pol.is comments")?;
            let body = row.get(7).unwrap_or_default();
            let words: Vec<String> = body.split_whitespace().map(str::to_string).collect();
            if words.len() >= 4 {
                out.push(words);
            }
        }
    }
    Ok(out)
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn text_of(c: &[Vec<String>], rng: &mut Rng) -> String {
    let (a, b) = (&c[rng.below(c.len())], &c[rng.below(c.len())]);
    let (ha, hb) = (a.len().div_ceil(2), b.len() / 2);
    a[..ha].iter().chain(&b[hb..]).map(String::as_str).collect::<Vec<_>>().join(" ")
}

fn day(n: usize) -> String {
    let (y, rest) = (2024 + n / 365, n % 365);
    format!("{y:04}-{:02}-{:02}", rest / 28 % 12 + 1, rest % 28 + 1)
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// Runs the search benchmark with `ideas` ideas in `root`, and the rebuild of a ledger of
/// `ledger_ideas` ideas.
pub fn run(ideas: u64, ledger_ideas: u64, queries: u64, root: &Path) -> anyhow::Result<()> {
    let c = comments()?;
    println!("# heard-bench --search — {ideas} ideas ({} Pol.is comments recombined)", c.len());
    let dir = root.join("search-bench");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let (schema, fields) = Fields::schema();
    let index = Index::create_in_dir(&dir, schema)?;
    Fields::register(&index);
    let words = fields.words_of(Language::English).context("the English field")?;
    let consultations: Vec<Id> =
        (0..500u64).map(|i| Id(heard::protocol::merkle::leaf_hash(&i.to_be_bytes()))).collect();
    let mut rng = Rng(7);
    let started = Instant::now();
    {
        let mut w = index.writer_with_num_threads(2, 256 << 20)?;
        for i in 0..ideas {
            let mut doc = TantivyDocument::default();
            let id = heard::protocol::merkle::leaf_hash(&(i + 1_000_000_000).to_be_bytes());
            doc.add_text(fields.id, hex::encode(id));
            doc.add_u64(fields.seq, i);
            doc.add_text(words, text_of(&c, &mut rng));
            doc.add_text(fields.consultation, consultations[rng.below(500)].hex());
            doc.add_text(fields.tag, format!("tag{}", rng.below(40)));
            if rng.below(3) == 0 {
                doc.add_text(fields.contributor, format!("person {}", rng.below(20_000)));
            }
            let given = day(rng.below(730));
            doc.add_u64(fields.given, heard::search::day_number(&given).unwrap_or(0));
            doc.add_text(fields.status, if rng.below(5) == 0 { "cited" } else { "not_cited" });
            doc.add_text(fields.status, if rng.below(4) == 0 { "answered" } else { "not_answered" });
            w.add_document(doc)?;
        }
        w.commit()?;
        w.wait_merging_threads()?;
    }
    let build = started.elapsed();
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    let searcher: tantivy::Searcher = reader.searcher();
    let bytes = dir_bytes(&dir);
    println!(
        "index build: {ideas} ideas in {:.1} s = {:.0} ideas/s; {} segments; {:.1} MB = {:.0} bytes/idea",
        build.as_secs_f64(),
        ideas as f64 / build.as_secs_f64().max(1e-9),
        searcher.segment_readers().len(),
        bytes as f64 / 1e6,
        bytes as f64 / ideas.max(1) as f64
    );

    // The query mix: a third one word, a third two words of one comment, a third a word
    // with a filter (consultation, cited = no, or a date range).
    let mut kinds: [Vec<Duration>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut all = Vec::new();
    let mut found = 0u64;
    for n in 0..queries + 100 {
        let words_of = &c[rng.below(c.len())];
        let pick = |rng: &mut Rng| words_of[rng.below(words_of.len())].clone();
        let kind = (n % 3) as usize;
        let mut q = SearchQuery { page: 1, ..SearchQuery::default() };
        match kind {
            0 => q.words = pick(&mut rng),
            1 => q.words = format!("{} {}", pick(&mut rng), pick(&mut rng)),
            _ => {
                q.words = pick(&mut rng);
                match rng.below(3) {
                    0 => q.consultation = Some(consultations[rng.below(500)]),
                    1 => q.cited = Some(false),
                    _ => {
                        let from = rng.below(600);
                        q.from = Some(day(from));
                        q.to = Some(day(from + 90));
                    }
                }
            }
        }
        let t = Instant::now();
        let hits = query_searcher(&searcher, &fields, &q, &[])?;
        let d = t.elapsed();
        if n >= 100 {
            // The first 100 warm the page cache and are not counted.
            found += hits.total;
            kinds[kind].push(d);
            all.push(d);
        }
    }
    let report = |name: &str, v: &mut Vec<Duration>| {
        v.sort();
        if v.is_empty() {
            return;
        }
        println!(
            "search {name}: {} queries, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            v.len(),
            percentile(v, 0.5).as_secs_f64() * 1e3,
            percentile(v, 0.99).as_secs_f64() * 1e3,
            v[v.len() - 1].as_secs_f64() * 1e3
        );
    };
    report("one word", &mut kinds[0]);
    report("two words", &mut kinds[1]);
    report("word + filter", &mut kinds[2]);
    report("all (limit p99 <= 50 ms)", &mut all);
    println!("mean ideas matching a query: {:.0}", found as f64 / all.len().max(1) as f64);
    drop(searcher);
    drop(reader);
    drop(index);
    std::fs::remove_dir_all(&dir)?;
    if ledger_ideas > 0 {
        rebuild(ledger_ideas, &c, root)?;
    }
    Ok(())
}

/// The real rebuild path: `ledger_ideas` signed ideas appended to a fresh ledger, then
/// `Ledger::rebuild_search` (records, entries and texts read back, documents written).
fn rebuild(n: u64, c: &[Vec<String>], root: &Path) -> anyhow::Result<()> {
    let data = root.join("search-bench-ledger");
    if data.exists() {
        std::fs::remove_dir_all(&data)?;
    }
    // The data folder's ledger follows the log with its search index, as `heard serve` does.
    let ledger = Ledger::open_data_folder(&data, "bench.localhost/log")?;
    let council = SigningKey::from_bytes(&[41; 32]);
    let (keys, _) = heard::keys::DataDir::new(&data).init_keys("bench.localhost/log")?;
    let operator = heard::keys::statement_key(&keys.operator);
    let t0 = 1_800_000_000_000;
    let enrol = build::enrol(
        &operator,
        t0,
        key_id(&council),
        heard::attribution::kinds::Role::Organisation,
        "Bench council",
        false,
    )?;
    ledger.submit(&enrol.statement, &enrol.signature, None)?;
    let spec = ConsultationSpec {
        title: "Bench".into(),
        date: "2026-03-01".into(),
        place: "Here".into(),
        topic: "bench".into(),
        convenor: key_id(&council),
        recorders: vec![],
        closes: None,
        lang: None,
    };
    let cs = build::consultation(&council, t0 + 1, &spec)?;
    ledger.submit(&cs.statement, &cs.signature, None)?;
    let mut rng = Rng(11);
    let people: Vec<SigningKey> = (0..64u8).map(|i| SigningKey::from_bytes(&[i.wrapping_add(100); 32])).collect();
    let started = Instant::now();
    for i in 0..n {
        let spec = IdeaSpec {
            consultation: cs.id,
            tags: vec![format!("tag{}", rng.below(40))],
            co_contributors: vec![],
            builds_on: vec![],
            attribution: Attribution::Anonymous,
            claim_hash: None,
            given: None,
        };
        let s = build::idea(&people[(i % 64) as usize], t0 + 2 + i, &spec, IdeaText::new(text_of(c, &mut rng))?)?;
        ledger.submit(&s.statement, &s.signature, s.content)?;
    }
    let appended = started.elapsed();
    let started = Instant::now();
    let r = ledger.rebuild_search()?;
    let took = started.elapsed();
    println!(
        "ledger rebuild: {} ideas from {} entries in {:.1} s = {:.0} ideas/s (appending them took {:.1} s)",
        r.ideas,
        r.entries,
        took.as_secs_f64(),
        r.ideas as f64 / took.as_secs_f64().max(1e-9),
        appended.as_secs_f64()
    );
    ledger.close().map_err(anyhow::Error::msg)?;
    drop(ledger);
    std::fs::remove_dir_all(&data)?;
    Ok(())
}

//! Importing real consultations: the two Pol.is exports the project ships (`data/polis/`,
//! copies of `../shared/data/polis/`), idempotency, one card per
//! participant, malformed files, the audit afterwards and the knowledge-equity figures.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use ed25519_dalek::SigningKey;
use heard::attribution::build::{self, Attribution, key_id};
use heard::attribution::claim::decode_code;
use heard::attribution::kinds::{Id, Role};
use heard::import::{ImportError, ensure_enrolled, polis};
use heard::ledger::Ledger;

const LONDON: &str = "london.youth.policing";
const SCOOP: &str = "scoop-hivemind.affordable-housing";

/// A Pol.is export in the project's own `data/polis/`, so that the tests need nothing beside
/// the checkout.
fn export_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/polis").join(name)
}

/// What the files say, computed here with the csv crate and the stated rule: accepted
/// (moderated = 1), non-empty, and not by the author of the earliest comment.
fn expected(name: &str) -> BTreeMap<u64, u64> {
    let mut r = csv::Reader::from_path(export_dir(name).join("comments.csv")).expect("comments.csv");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    let n = |row: &csv::StringRecord, i: usize| row[i].parse::<u64>().expect("number");
    let seed = rows.iter().min_by_key(|row| (n(row, 0), n(row, 2))).map(|row| n(row, 3)).expect("rows");
    let mut per_author = BTreeMap::new();
    for row in &rows {
        if &row[6] == "1" && n(row, 3) != seed && !row[7].trim().is_empty() {
            *per_author.entry(n(row, 3)).or_insert(0u64) += 1;
        }
    }
    per_author
}

struct Keys {
    org: SigningKey,
    fac: SigningKey,
}

fn setup(ledger: &Ledger) -> Keys {
    let keys = Keys { org: SigningKey::from_bytes(&[31; 32]), fac: SigningKey::from_bytes(&[32; 32]) };
    let op = common::operator();
    assert!(ensure_enrolled(ledger, &op, &keys.org, Role::Organisation, "Importer org", 1).expect("enrol"));
    assert!(ensure_enrolled(ledger, &op, &keys.fac, Role::Facilitator, "Importer", 2).expect("enrol"));
    assert!(!ensure_enrolled(ledger, &op, &keys.fac, Role::Facilitator, "Importer", 3).expect("enrol"));
    keys
}

fn run(ledger: &Ledger, keys: &Keys, name: &str) -> polis::ImportReport {
    let export = polis::read_dir(&export_dir(name)).expect("read export");
    let opts = polis::Options {
        title: format!("Pol.is {name}"),
        seed: polis::SeedRule::FromExport,
        base_url: "https://heard.example".into(),
    };
    polis::import(ledger, &polis::Signers { organisation: &keys.org, facilitator: &keys.fac }, &export, &opts)
        .expect("import")
}

fn gini(v: &[u64]) -> f64 {
    let n = v.len() as f64;
    let mean = v.iter().sum::<u64>() as f64 / n;
    let mut s = 0.0;
    for a in v {
        for b in v {
            s += (*a as f64 - *b as f64).abs();
        }
    }
    s / (2.0 * n * n * mean)
}

#[test]
fn both_exports_import_with_the_counts_the_files_give_and_reimport_logs_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = common::open_ledger(dir.path());
    let keys = setup(&ledger);
    let mut consultations = Vec::new();
    for name in [LONDON, SCOOP] {
        let want = expected(name);
        let r = run(&ledger, &keys, name);
        assert!(r.consultation_new);
        assert_eq!(r.seed, polis::Seed::FromExport(0), "{name}: the earliest comment is the owner's");
        assert_eq!(r.ideas_new, want.values().sum::<u64>(), "{name}");
        assert_eq!(r.ideas_existing, 0);
        assert_eq!(r.contributors, want.len() as u64, "{name}");
        assert_eq!(r.cards.len(), want.len());
        let f = ledger.figures_for_consultation(&r.consultation).expect("figures");
        assert_eq!(f.ideas, r.ideas_new);
        assert_eq!(f.contributors, r.contributors);
        assert_eq!(ledger.ideas_of_consultation(&r.consultation).expect("ideas").len() as u64, r.ideas_new);
        consultations.push((name, r, want));
    }
    let size = ledger.log().latest().size;
    for (name, first, _) in &consultations {
        let again = run(&ledger, &keys, name);
        assert!(!again.consultation_new);
        assert_eq!(again.ideas_new, 0);
        assert_eq!(again.ideas_existing, first.ideas_new);
        assert_eq!(again.cards, first.cards, "the same cards again");
    }
    assert_eq!(ledger.log().latest().size, size, "re-import logs nothing");

    // Knowledge equity for London: the vocal few, computed independently.
    let (_, london, want) = &consultations[0];
    let f = ledger.figures_for_consultation(&london.consultation).expect("figures");
    let mut counts: Vec<u64> = want.values().copied().collect();
    let g = gini(&counts);
    assert!((f.ideas_gini - g).abs() < 1e-9, "{} vs {g}", f.ideas_gini);
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let k = counts.len().div_ceil(10);
    let top = counts[..k].iter().sum::<u64>() as f64 / counts.iter().sum::<u64>() as f64;
    assert!((f.ideas_top_decile_share - top).abs() < 1e-9);
    // Two participants (10% of 15, rounded up) gave 5 + 4 of 24 ideas: 37.5%, against 13% if equal.
    assert!(f.ideas_top_decile_share > 2.5 * (k as f64 / counts.len() as f64), "{}", f.ideas_top_decile_share);
    assert!(f.ideas_gini > 0.2);
    ledger.close().expect("closed cleanly");
}

#[test]
fn one_claim_takes_all_of_a_participants_ideas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = common::open_ledger(dir.path());
    let keys = setup(&ledger);
    let r = run(&ledger, &keys, LONDON);
    let busiest = r.cards.iter().max_by_key(|c| c.ideas).expect("cards").clone();
    assert!(busiest.ideas > 1);
    assert_eq!(busiest.url, format!("https://heard.example/claim?code={}", busiest.code));
    let card = ledger.card(&busiest.code).expect("card");
    assert_eq!(card.ideas.len(), busiest.ideas);
    assert!(card.ideas.iter().all(|i| i.tags.contains(&"polis".to_string())));
    let me = SigningKey::from_bytes(&[77; 32]);
    let secret = decode_code(&busiest.code).expect("code");
    let claim = build::claim(&me, 2_000_000_000_000, vec![card.ideas[0].id], &Attribution::Anonymous, Some(secret))
        .expect("claim");
    ledger.submit(&claim.statement, &claim.signature, None).expect("claim admitted");
    assert!(ledger.card(&busiest.code).expect("card").claimed);
    let p = ledger.portfolio(&key_id(&me)).expect("portfolio");
    let mine: BTreeSet<Id> = p.items.iter().map(|i| i.idea.id).collect();
    let on_card: BTreeSet<Id> = card.ideas.iter().map(|i| i.id).collect();
    assert_eq!(mine, on_card);
    // Re-import after the claim still logs nothing.
    let size = ledger.log().latest().size;
    let again = run(&ledger, &keys, LONDON);
    assert_eq!((again.ideas_new, ledger.log().latest().size), (0, size));
    ledger.close().expect("closed cleanly");
}

/// Writes `comments` with the `summary.csv` and `participants-votes.csv` a consistent export
/// of those rows would have (rows whose ids do not parse are left out of the counts: the
/// import refuses them before it reads the other files).
fn write_export(dir: &Path, comments: &[u8]) {
    std::fs::write(dir.join("comments.csv"), comments).expect("write");
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(comments);
    let mut ids = Vec::new();
    let mut per_author: BTreeMap<u64, u64> = BTreeMap::new();
    for rec in r.byte_records().flatten() {
        let n = |i: usize| rec.get(i).and_then(|b| std::str::from_utf8(b).ok()).and_then(|s| s.parse::<u64>().ok());
        if let (Some(id), Some(author)) = (n(2), n(3)) {
            ids.push(id);
            *per_author.entry(author).or_insert(0) += 1;
        }
    }
    write_stated(dir, "https://pol.is/x", &ids, &per_author);
}

/// `summary.csv` and `participants-votes.csv` stating these comment ids and comments per
/// author, as Pol.is writes them (every participant listed, no votes filled in).
fn write_stated(dir: &Path, url: &str, ids: &[u64], per_author: &BTreeMap<u64, u64>) {
    let summary = format!(
        "topic,A test\nurl,{url}\nviews,9\nvoters,{p}\nvoters-in-conv,{p}\ncommenters,{p}\ncomments,{c}\ngroups,0\n\
         conversation-description,\n",
        p = per_author.len(),
        c = ids.len()
    );
    std::fs::write(dir.join("summary.csv"), summary).expect("write");
    let mut votes = String::from("participant,group-id,n-comments,n-votes,n-agree,n-disagree");
    for id in ids {
        votes.push_str(&format!(",{id}"));
    }
    votes.push('\n');
    for (author, n) in per_author {
        votes.push_str(&format!("{author},,{n},0,0,0{}\n", ",".repeat(ids.len())));
    }
    std::fs::write(dir.join("participants-votes.csv"), votes).expect("write");
}

const HEADER: &str = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n";

fn bad_cell(comments: &[u8]) -> (u64, usize, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    write_export(dir.path(), comments);
    match polis::read_dir(dir.path()) {
        Err(ImportError::BadCell { line, column, why, .. }) => (line, column, why),
        other => panic!("expected a bad cell, got {other:?}"),
    }
}

#[test]
fn malformed_exports_name_line_and_column_and_write_nothing() {
    // A quoted newline inside a field is one field; the row after it starts on line 4.
    let good = format!("{HEADER}1000,d,0,0,0,0,1,seed\n2000,d,1,5,1,0,1,\"two\nlines, one field\"\n");
    let dir = tempfile::tempdir().expect("tempdir");
    write_export(dir.path(), good.as_bytes());
    let e = polis::read_dir(dir.path()).expect("quoted newline is fine");
    assert_eq!(e.comments[1].body, "two\nlines, one field");
    assert_eq!(e.comments[1].line, 3);
    assert_eq!(e.topic, "A test");

    let (line, column, why) = bad_cell(format!("{good}20x0,d,2,6,0,0,1,hello\n").as_bytes());
    assert_eq!((line, column), (5, 1), "{why}");
    assert!(why.contains("timestamp"), "{why}");

    let mut bytes = format!("{good}3000,d,2,6,0,0,1,caf").into_bytes();
    bytes.extend_from_slice(&[0xE9, b'\n']); // Latin-1 "é": not UTF-8
    let (line, column, why) = bad_cell(&bytes);
    assert_eq!((line, column), (5, 8), "{why}");
    assert!(why.contains("UTF-8"), "{why}");

    let (line, column, _) = bad_cell(format!("{good}3000,d,2,6,0,0,2,odd\n").as_bytes());
    assert_eq!((line, column), (5, 7));
    let (line, column, _) = bad_cell(format!("{good}3000,d,2,6\n").as_bytes());
    assert_eq!((line, column), (5, 0));

    let dir = tempfile::tempdir().expect("tempdir");
    write_export(dir.path(), b"timestamp,datetime,comment-id,agrees,disagrees,moderated,comment-body\n1,d,0,0,0,1,x\n");
    match polis::read_dir(dir.path()) {
        Err(e @ ImportError::MissingColumn { .. }) => {
            assert_eq!(e.code(), "import_missing_column");
            assert!(e.to_string().contains("author-id"), "{e}");
        }
        other => panic!("expected a missing column, got {other:?}"),
    }

    // Through the command: a bad export writes nothing to an existing data folder.
    let data = tempfile::tempdir().expect("tempdir");
    let bad = tempfile::tempdir().expect("tempdir");
    write_export(bad.path(), format!("{good}20x0,d,2,6,0,0,1,hello\n").as_bytes());
    let out = heard(&["import", "polis", path(bad.path()), "--consultation-title", "T", "--data", path(data.path())]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("import_bad_cell") && err.contains("line 5, column 1"), "{err}");
    assert!(!data.path().join("db").exists(), "nothing was written");
}

fn heard(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_heard")).args(args).output().expect("run heard")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn the_command_imports_twice_writes_cards_and_the_audit_passes() {
    let data = tempfile::tempdir().expect("tempdir");
    let d = data.path().join("heard");
    let cards = data.path().join("cards.csv");
    let london = export_dir(LONDON);
    let args = [
        "import",
        "polis",
        path(&london),
        "--consultation-title",
        "London youth policing",
        "--data",
        path(&d),
        "--cards-out",
        path(&cards),
    ];
    let first = heard(&args);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let text = String::from_utf8_lossy(&first.stdout).to_string();
    let want = expected(LONDON);
    assert!(text.contains(&format!("ideas logged now                     {}", want.values().sum::<u64>())), "{text}");
    let csv_text = std::fs::read_to_string(&cards).expect("cards");
    assert_eq!(csv_text.lines().count(), want.len() + 1);
    assert!(csv_text.starts_with("participant,name,code,url,ideas\n"));
    let second = heard(&args);
    assert!(second.status.success());
    let text = String::from_utf8_lossy(&second.stdout);
    assert!(text.contains("ideas logged now                     0"), "{text}");
    assert!(text.contains("already in the log"), "{text}");
    assert_eq!(std::fs::read_to_string(&cards).expect("cards"), csv_text, "same cards");
    let audit = heard(&["audit", "--data", path(&d)]);
    assert!(audit.status.success(), "{}", String::from_utf8_lossy(&audit.stdout));
    // 2 enrolments, 1 consultation, the ideas.
    let out = String::from_utf8_lossy(&audit.stdout);
    assert!(out.contains(&format!("audit passed: {} entries", 3 + want.values().sum::<u64>())), "{out}");
}

#[test]
fn csv_import_is_all_or_nothing_and_skip_bad_lists_every_bad_row() {
    use heard::import::table::{self, Mapping};
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = common::open_ledger(dir.path());
    let keys = setup(&ledger);
    let c = run(&ledger, &keys, LONDON).consultation;
    let map = Mapping::parse("text=Idea,contributor=Who,date=When,tags=Tags").expect("map");
    assert_eq!(Mapping::parse("text=A,who=B").expect_err("bad map").code(), "import_invalid");
    let good = "Who,When,Idea,Tags\nAsha,2026-03-01,\"Youth panels, paid;\nand trained\",youth;panels\nBen,1772323200000,Meet in schools,\nAsha,2026-03-02,Publish stop-and-search data,data\n";
    let (rows, bad) = table::read(good.as_bytes(), &map).expect("read");
    assert!(bad.is_empty());
    assert_eq!(rows[0].text, "Youth panels, paid;\nand trained");
    assert_eq!(rows[0].tags, vec!["youth", "panels"]);
    assert_eq!((rows[1].line, rows[1].time_ms), (4, 1_772_323_200_000));
    assert_eq!(rows[0].time_ms, 1_772_323_200_000, "2026-03-01 is 1772323200000 ms");

    let size = ledger.log().latest().size;
    let broken = format!("{good}Cleo,2026-02-30,Bad date,\n,2026-03-03,No contributor,\nDan,2026-03-04\n");
    let e = table::import(&ledger, &keys.fac, &c, broken.as_bytes(), &map, false, "https://h.example")
        .expect_err("all or nothing");
    assert_eq!(e.code(), "import_bad_cell");
    assert!(e.to_string().contains("line 6, column 2"), "{e}");
    assert_eq!(ledger.log().latest().size, size, "nothing written");
    let mut latin1 = good.as_bytes().to_vec();
    latin1.extend_from_slice(b"Zo\xEB,2026-03-05,Caf\xE9,\n");
    let e = table::import(&ledger, &keys.fac, &c, &latin1, &map, false, "x").expect_err("not UTF-8");
    assert!(e.to_string().contains("line 6, column 1") && e.to_string().contains("UTF-8"), "{e}");
    let e = table::import(&ledger, &keys.fac, &c, b"Who,Idea\nA,B\n", &map, false, "x").expect_err("column");
    assert_eq!(e.code(), "import_missing_column");
    assert_eq!(ledger.log().latest().size, size, "nothing written");

    let r = table::import(&ledger, &keys.fac, &c, broken.as_bytes(), &map, true, "https://h.example").expect("skip");
    let skipped: Vec<(u64, usize)> = r.skipped.iter().map(|b| (b.line, b.column)).collect();
    assert_eq!(skipped, vec![(6, 2), (7, 1), (8, 0)]);
    assert_eq!((r.ideas_new, r.cards.len()), (3, 2));
    assert_eq!(ledger.card(&r.cards[0].code).expect("card").ideas.len(), 2, "Asha's two ideas on one card");
    let again =
        table::import(&ledger, &keys.fac, &c, good.as_bytes(), &map, false, "https://h.example").expect("again");
    assert_eq!((again.ideas_new, again.ideas_existing), (0, 3));
    assert_eq!(again.cards, r.cards);

    // `heard cards --csv`: the same file and mapping give back the import's cards (bad rows
    // ignored: they were never imported), printed under the file's contributor values.
    use heard::import::cards;
    let (printed, claimed) =
        cards::csv_cards(&ledger, &keys.fac, &c, broken.as_bytes(), &map, "https://h.example").expect("cards");
    assert_eq!(claimed, 0);
    let got: Vec<(&str, &str, &str)> =
        printed.iter().map(|p| (p.name.as_str(), p.code.as_str(), p.url.as_str())).collect();
    let want: Vec<(&str, &str, &str)> =
        r.cards.iter().map(|p| (p.name.as_str(), p.code.as_str(), p.url.as_str())).collect();
    assert_eq!(got, want);
    assert_eq!(printed[0].ideas.len(), 2, "Asha's two ideas");
    // Another facilitator key recomputes cards the ledger does not know: none printed.
    let other = SigningKey::from_bytes(&[91; 32]);
    let (none, _) = cards::csv_cards(&ledger, &other, &c, good.as_bytes(), &map, "x").expect("cards");
    assert!(none.is_empty());
    // Claimed cards drop out.
    let card = ledger.card(&printed[1].code).expect("card");
    let me = SigningKey::from_bytes(&[79; 32]);
    let secret = decode_code(&printed[1].code).expect("code");
    let claim = build::claim(&me, 2_000_000_000_000, vec![card.ideas[0].id], &Attribution::Anonymous, Some(secret))
        .expect("claim");
    ledger.submit(&claim.statement, &claim.signature, None).expect("claim");
    let (after, claimed) =
        cards::csv_cards(&ledger, &keys.fac, &c, good.as_bytes(), &map, "https://h.example").expect("cards");
    assert_eq!((after.len(), claimed), (1, 1));
    assert_eq!(after[0].name, "Asha");
    ledger.close().expect("closed cleanly");
}

#[test]
fn printable_cards_have_a_qr_code_each_escape_text_and_drop_claimed_cards() {
    use heard::import::cards;
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = common::open_ledger(dir.path());
    let keys = setup(&ledger);
    let r = run(&ledger, &keys, LONDON);
    let (printed, claimed) =
        cards::polis_cards(&ledger, &keys.fac, &r.consultation, "https://heard.example").expect("cards");
    assert_eq!((printed.len(), claimed), (r.cards.len(), 0));
    let codes: Vec<&str> = printed.iter().map(|c| c.code.as_str()).collect();
    let want: Vec<&str> = r.cards.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, want, "the same cards as the import printed");
    let mut consultation = ledger.consultation(&r.consultation).expect("consultation");
    consultation.title = "Youth <script>alert(1)</script> & \"policing\"".into();
    let sheet = cards::sheet(&consultation, &printed, 0, "https://heard.example", true);
    let page = cards::html(&sheet).expect("html");
    assert_eq!(page.matches("<svg").count(), printed.len());
    assert_eq!(page.matches("<section class=\"card\">").count(), printed.len());
    assert!(!page.contains("<script>"));
    assert!(page.contains("Youth &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;policing&quot;"));

    let first = &printed[0];
    let card = ledger.card(&first.code).expect("card");
    let me = SigningKey::from_bytes(&[78; 32]);
    let secret = decode_code(&first.code).expect("code");
    let claim = build::claim(&me, 2_000_000_000_000, vec![card.ideas[0].id], &Attribution::Anonymous, Some(secret))
        .expect("claim");
    ledger.submit(&claim.statement, &claim.signature, None).expect("claim");
    let (again, claimed) =
        cards::polis_cards(&ledger, &keys.fac, &r.consultation, "https://heard.example").expect("cards");
    assert_eq!((again.len(), claimed), (printed.len() - 1, 1));
    ledger.close().expect("closed cleanly");
}

mod damaged;

//! Damaged and inconsistent Pol.is exports: each is refused by name and writes nothing.

use super::*;

// Section 2 of issue 21: imports that can't be silently wrong. Each damaged copy of a shipped
// export is refused with a stable code and a sentence naming the file, line or count, and
// nothing is written: run through the command, the data folder is not even created.

const FILES: [&str; 3] = ["comments.csv", "summary.csv", "participants-votes.csv"];

/// A copy of a shipped export in a temporary folder.
fn copy_export(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in FILES {
        std::fs::copy(export_dir(name).join(f), dir.path().join(f)).expect("copy");
    }
    dir
}

/// Rewrites one file of an export folder.
fn edit(dir: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).expect("read");
    std::fs::write(&p, f(text)).expect("write");
}

/// `heard import polis EXPORT --consultation-title TITLE --data DATA EXTRA...`
fn import_cmd(export: &Path, title: &str, data: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", "polis", path(export), "--consultation-title", title, "--data", path(data)];
    args.extend_from_slice(extra);
    heard(&args)
}

/// Asserts the command failed with exit code 2 and `code`, naming every one of `needles`,
/// and that the data folder `data` was not created.
fn refused_writing_nothing(out: &std::process::Output, code: &str, needles: &[&str], data: &Path) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("heard: {code}: ")), "expected {code}: {err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in: {err}");
    }
    assert!(!data.exists(), "nothing was written, not even the data folder: {err}");
}

fn read_error(dir: &Path) -> ImportError {
    match polis::read_dir(dir) {
        Ok(e) => panic!("expected a refusal of {}, it read with {} comments", dir.display(), e.comments.len()),
        Err(e) => e,
    }
}

#[test]
fn an_export_cut_inside_the_last_column_is_refused_and_writes_nothing() {
    let work = tempfile::tempdir().expect("tempdir");
    let data = work.path().join("heard");

    // London cut half-way through the body of the comment on line 20 (an unquoted field):
    // the old import logged the rows before it and that comment's first words, signed.
    let london = copy_export(LONDON);
    edit(london.path(), "comments.csv", |t| {
        let lines: Vec<&str> = t.split_inclusive('\n').collect();
        let body_starts = lines[19].len() - lines[19].split(',').next_back().expect("body").len();
        let cut = body_starts + (lines[19].len() - body_starts) / 2;
        format!("{}{}", lines[..19].concat(), &lines[19][..cut])
    });
    let out = import_cmd(london.path(), "London", &data, &[]);
    refused_writing_nothing(&out, "import_cut_short", &["comments.csv: line 20:", "cut short"], &data);

    // Scoop cut inside a quoted body.
    let scoop = copy_export(SCOOP);
    edit(scoop.path(), "comments.csv", |t| {
        let at = t.match_indices(",\"").nth(40).expect("a quoted body").0 + 12;
        t[..at].to_string()
    });
    let out = import_cmd(scoop.path(), "Scoop", &data, &[]);
    refused_writing_nothing(&out, "import_cut_short", &["comments.csv: line", "inside a quoted field"], &data);

    // Cut at a line break: every row is whole, the count summary.csv states is not.
    let london = copy_export(LONDON);
    edit(london.path(), "comments.csv", |t| t.split_inclusive('\n').take(28).collect());
    let out = import_cmd(london.path(), "London", &data, &[]);
    refused_writing_nothing(&out, "import_count_mismatch", &["summary.csv: line"], &data);
    let e = read_error(london.path());
    assert_eq!(e.code(), "import_count_mismatch", "{e}");
}

#[test]
fn an_export_whose_files_disagree_with_the_counts_it_states_is_refused() {
    type Edit = fn(String) -> String;
    let cases: &[(&str, &str, Edit, &str, &str)] = &[
        (
            "summary commenters",
            "summary.csv",
            |t| t.replace("commenters,16", "commenters,17"),
            "import_count_mismatch",
            "summary.csv: line 6: states 17 commenters, but comments.csv has comments by 16 different author-ids",
        ),
        (
            "summary comments above the rows",
            "summary.csv",
            |t| t.replace("comments,36", "comments,40"),
            "import_count_mismatch",
            "summary.csv: line 7: states 40 comments, but comments.csv has 39 rows",
        ),
        (
            "summary comments above the vote columns",
            "summary.csv",
            |t| t.replace("comments,36", "comments,37"),
            "import_count_mismatch",
            "summary.csv: line 7: states 37 comments, but participants-votes.csv has vote columns for 36",
        ),
        (
            "summary voters",
            "summary.csv",
            |t| t.replace("voters,26", "voters,27"),
            "import_count_mismatch",
            "summary.csv: line 4: states 27 voters, but participants-votes.csv lists 26 participants",
        ),
        (
            "summary without its groups row",
            "summary.csv",
            |t| t.replace("groups,3\n", ""),
            "import_missing_row",
            "summary.csv: no \"groups\" row",
        ),
        (
            "summary without a url",
            "summary.csv",
            |t| t.replace("url,https://pol.is/9xxwa9jpkm", "url,"),
            "import_bad_cell",
            "summary.csv: line 2, column 2: url: empty",
        ),
        (
            "a participant's last row lost",
            "participants-votes.csv",
            |t| t.split_inclusive('\n').take(26).collect(),
            "import_count_mismatch",
            "summary.csv: line 4: states 26 voters, but participants-votes.csv lists 25 participants",
        ),
        (
            "a participant's n-comments",
            "participants-votes.csv",
            |t| t.replace("\n23,,1,5,", "\n23,,1,4,"),
            "import_inconsistent",
            "participants-votes.csv: line 23: participant 23 wrote 4 comments (n-comments), but comments.csv has 5 by author-id 23",
        ),
        (
            "a vote column for a comment that is not there",
            "participants-votes.csv",
            |t| t.replacen(",38\n", ",39\n", 1),
            "import_inconsistent",
            "participants-votes.csv: line 1: has a vote column for comment 39, which comments.csv does not have",
        ),
        (
            "a participant listed twice",
            "participants-votes.csv",
            |t| t.replacen("\n2,,", "\n1,,", 1),
            "import_duplicate_id",
            "participants-votes.csv: line 3: participant 1 again (first on line 2)",
        ),
        (
            "a gap in the comment ids",
            "comments.csv",
            |t| t.replace(",38,23,", ",40,23,"),
            "import_inconsistent",
            "comments.csv: the comment ids run from 0 to 40, but 2 of them are not in the file (38, 39)",
        ),
        (
            "participants-votes.csv cut inside a row",
            "participants-votes.csv",
            |t| t[..t.len() - 20].to_string(),
            "import_cut_short",
            "participants-votes.csv: line 27:",
        ),
    ];
    for (what, file, f, code, message) in cases {
        let dir = copy_export(LONDON);
        edit(dir.path(), file, *f);
        let e = polis::read_dir(dir.path()).map(|_| ()).expect_err(what);
        assert_eq!((e.code(), what), (*code, what), "{e}");
        assert!(e.to_string().contains(message), "{what}: {e}");
    }

    // Scoop's summary.csv cut inside its quoted, several-line description.
    let dir = copy_export(SCOOP);
    edit(dir.path(), "summary.csv", |t| t[..t.find("Thanks to").expect("description")].to_string());
    let e = read_error(dir.path());
    assert_eq!(e.code(), "import_cut_short", "{e}");
    assert!(e.to_string().contains("summary.csv: line 10: the file ends inside a quoted field"), "{e}");

    // The participants file is required (either of its two names).
    let dir = copy_export(LONDON);
    std::fs::rename(dir.path().join("participants-votes.csv"), dir.path().join("participant-votes.csv"))
        .expect("rename");
    assert_eq!(polis::read_dir(dir.path()).expect("the newer name").comments.len(), 39);
    std::fs::remove_file(dir.path().join("participant-votes.csv")).expect("remove");
    let e = read_error(dir.path());
    assert_eq!(e.code(), "import_io");
    assert!(e.to_string().contains("participants-votes.csv: missing"), "{e}");
}

#[test]
fn swapped_author_and_comment_id_columns_are_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let data = work.path().join("heard");
    // The old import credited Scoop's comments to "participants" numbered by comment id.
    let scoop = copy_export(SCOOP);
    edit(scoop.path(), "comments.csv", |t| t.replacen("comment-id,author-id", "author-id,comment-id", 1));
    let out = import_cmd(scoop.path(), "Scoop", &data, &[]);
    refused_writing_nothing(
        &out,
        "import_count_mismatch",
        &["summary.csv: line 6: states 57 commenters, but comments.csv has comments by 165 different author-ids"],
        &data,
    );

    // A swap the counts cannot see (three people, one comment each, so the columns hold the
    // same numbers): Pol.is numbers comments in the order they are written, so the
    // "comment ids" going back in time give it away.
    let dir = tempfile::tempdir().expect("tempdir");
    let real = [(1000, 0, 2), (2000, 1, 0), (3000, 2, 1)]; // (timestamp, comment-id, author-id)
    let mut swapped = HEADER.to_string();
    for (t, id, author) in real {
        swapped.push_str(&format!("{t},d,{author},{id},0,0,1,idea {id}\n"));
    }
    write_export(dir.path(), swapped.as_bytes());
    let e = read_error(dir.path());
    assert_eq!(e.code(), "import_inconsistent", "{e}");
    assert!(e.to_string().contains("line 2: comment 2 is dated 1000, before comment 1 on line 4 (3000)"), "{e}");
    let mut right = HEADER.to_string();
    for (t, id, author) in real {
        right.push_str(&format!("{t},d,{id},{author},0,0,1,idea {id}\n"));
    }
    write_export(dir.path(), right.as_bytes());
    assert_eq!(polis::read_dir(dir.path()).expect("the same rows, unswapped").comments.len(), 3);
}

#[test]
fn a_duplicated_comment_id_is_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let data = work.path().join("heard");
    // The old import made two ideas of one comment.
    let london = copy_export(LONDON);
    edit(london.path(), "comments.csv", |t| {
        let second = t.lines().nth(1).expect("a row").to_string();
        format!("{t}{second}\n")
    });
    let out = import_cmd(london.path(), "London", &data, &[]);
    refused_writing_nothing(
        &out,
        "import_duplicate_id",
        &["comments.csv: line 41: comment-id 35 again (first on line 2)"],
        &data,
    );
}

#[test]
fn a_header_only_file_or_an_empty_title_writes_nothing() {
    let work = tempfile::tempdir().expect("tempdir");
    let data = work.path().join("heard");
    // The old import exited 2 here, but only after creating the folder and its keys and
    // logging two enrolments.
    let london = copy_export(LONDON);
    edit(london.path(), "comments.csv", |t| t.split_inclusive('\n').take(1).collect());
    let out = import_cmd(london.path(), "London", &data, &[]);
    refused_writing_nothing(&out, "import_no_rows", &["comments.csv: the file has a header but no comments"], &data);

    let out = import_cmd(&export_dir(LONDON), "  ", &data, &[]);
    refused_writing_nothing(&out, "import_invalid", &["the consultation needs a title"], &data);

    let out = import_cmd(&export_dir(LONDON), "London", &data, &["--seed-author", "99"]);
    refused_writing_nothing(
        &out,
        "import_invalid",
        &["--seed-author 99: no comment in comments.csv has author-id 99"],
        &data,
    );

    let out = import_cmd(
        &export_dir(LONDON),
        "London",
        &data,
        &["--cards-out", path(&work.path().join("no/such/cards.csv"))],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("heard: import_invalid: --cards-out"), "{err}");
    assert!(!data.exists(), "nothing was written");

    // An existing folder is left as it was too: the log keeps its size.
    let first = import_cmd(&export_dir(SCOOP), "Scoop", &data, &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let size = log_size(&data);
    let out = import_cmd(london.path(), "London", &data, &[]);
    assert_eq!(out.status.code(), Some(2));
    let out = import_cmd(&export_dir(LONDON), "", &data, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(log_size(&data), size, "nothing logged");
}

/// Entries in the log of a data folder (opened and closed again).
fn log_size(data: &Path) -> u64 {
    let ledger = Ledger::open_data_folder(data, "heard.localhost/log").expect("open");
    let size = ledger.log().latest().size;
    ledger.close().expect("closed cleanly");
    size
}

/// London's export as it would be had its owner written no seed statements: the owner's
/// rows gone, the others numbered 0, 1, 2, … in the order written, and the counts stated to
/// match, so the export is consistent and its first comment is participant 3's.
fn london_without_its_owner() -> tempfile::TempDir {
    let dir = copy_export(LONDON);
    let mut r = csv::Reader::from_path(export_dir(LONDON).join("comments.csv")).expect("comments.csv");
    let mut rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).filter(|row| &row[3] != "0").collect();
    rows.sort_by_key(|row| row[0].parse::<u64>().expect("timestamp"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER.trim_end().split(',')).expect("header");
    let mut per_author: BTreeMap<u64, u64> = BTreeMap::new();
    for (id, row) in rows.iter().enumerate() {
        let mut out: Vec<String> = row.iter().map(String::from).collect();
        out[2] = id.to_string();
        *per_author.entry(out[3].parse().expect("author")).or_insert(0) += 1;
        w.write_record(&out).expect("row");
    }
    std::fs::write(dir.path().join("comments.csv"), w.into_inner().expect("csv")).expect("write");
    let ids: Vec<u64> = (0..rows.len() as u64).collect();
    write_stated(dir.path(), "https://pol.is/9xxwa9jpkm", &ids, &per_author);
    dir
}

#[test]
fn the_seed_rule_does_not_guess_away_a_participants_comments() {
    let work = tempfile::tempdir().expect("tempdir");
    let data = work.path().join("heard");

    // A consistent export with no seed statements: the old rule took participant 3, who wrote
    // the first comment, for the owner and dropped their comment without a word.
    let export = london_without_its_owner();
    let out = import_cmd(export.path(), "London", &data, &[]);
    refused_writing_nothing(
        &out,
        "import_seed_guess",
        &[
            "comments.csv: line 2: the earliest comment (comment 0) is by participant 3, not by participant 0",
            "would skip their 1 accepted comment.",
            "--seed-author 3",
            "--seed-author none",
            "--accept-seed-guess",
        ],
        &data,
    );

    // The owner's rows simply dropped from the real export: it says itself that rows are
    // missing.
    let dropped = copy_export(LONDON);
    edit(dropped.path(), "comments.csv", |t| {
        t.split_inclusive('\n').filter(|l| l.split(',').nth(3) != Some("0")).collect()
    });
    let out = import_cmd(dropped.path(), "London", &data, &[]);
    refused_writing_nothing(&out, "import_count_mismatch", &["states 16 commenters", "15 different author-ids"], &data);

    // Told to, it takes the guess, and the report says why and what each reason skipped.
    let out = import_cmd(export.path(), "London", &data, &["--accept-seed-guess"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for line in [
        "comments read                        24",
        "ideas logged now                     23",
        "seed author                          3 (the earliest comment's author: a guess, --accept-seed-guess)",
        "skipped: rejected by moderation (-1) 0",
        "skipped: not moderated (0)           0",
        "skipped: seed statement              1",
        "skipped: empty                       0",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }

    // Or credits everyone; --seed-author N names the owner. The library says the same.
    let other = work.path().join("other");
    let out = import_cmd(export.path(), "London", &other, &["--seed-author", "none"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("ideas logged now                     24"), "{text}");
    assert!(text.contains("seed author                          none (--seed-author none)"), "{text}");
    let e = polis::read_dir(export.path()).expect("consistent");
    let opts = |seed| polis::Options { title: "T".into(), seed, base_url: "x".into() };
    let p = polis::plan(&e, &opts(polis::SeedRule::Author(23))).expect("given");
    assert_eq!((p.seed, p.skipped[&polis::Skip::Seed], p.chosen.len()), (polis::Seed::Given(23), 5, 19));
    let err = polis::plan(&e, &opts(polis::SeedRule::FromExport)).expect_err("a guess");
    assert!(matches!(err, ImportError::SeedGuess { author: 3, comments: 1, .. }), "{err:?}");

    // Where the export does show the owner (participant 0 wrote comment 0), nothing to say.
    let london = polis::read_dir(&export_dir(LONDON)).expect("london");
    let p = polis::plan(&london, &opts(polis::SeedRule::FromExport)).expect("london");
    assert_eq!((p.seed, p.skipped[&polis::Skip::Seed]), (polis::Seed::FromExport(0), 12));
}

#[test]
fn reimporting_a_conversation_under_another_title_is_refused_naming_the_first() {
    let work = tempfile::tempdir().expect("tempdir");
    let data = work.path().join("heard");
    let first = import_cmd(&export_dir(LONDON), "London youth policing", &data, &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let text = String::from_utf8_lossy(&first.stdout).to_string();
    let id = text.split_whitespace().nth(1).expect("the consultation id").to_string();
    let size = log_size(&data);

    // The old import opened a second consultation with new cards.
    let out = import_cmd(&export_dir(LONDON), "Youth and policing in London", &data, &[]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("heard: import_imported_before: "), "{err}");
    assert!(err.contains("https://pol.is/9xxwa9jpkm was imported before"), "{err}");
    assert!(err.contains(&format!("as consultation {id} \"London youth policing\"")), "{err}");
    assert_eq!(log_size(&data), size, "nothing logged");

    // The same URL written another way is the same conversation.
    let variant = copy_export(LONDON);
    edit(variant.path(), "summary.csv", |t| t.replace("https://pol.is/9xxwa9jpkm", "http://POL.IS/9xxwa9jpkm/"));
    let out = import_cmd(variant.path(), "London again", &data, &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("import_imported_before"));
    assert_eq!(log_size(&data), size, "nothing logged");

    // The same title again is the same consultation: brought up to date, nothing new.
    let again = import_cmd(&export_dir(LONDON), "London youth policing", &data, &[]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(log_size(&data), size);

    // Through the library, with other keys: another consultation, so refused too.
    let dir = tempfile::tempdir().expect("tempdir");
    let ledger = common::open_ledger(dir.path());
    let keys = setup(&ledger);
    let r = run(&ledger, &keys, LONDON);
    let other = Keys { org: SigningKey::from_bytes(&[41; 32]), fac: keys.fac.clone() };
    ensure_enrolled(&ledger, &common::operator(), &other.org, Role::Organisation, "Other org", 4).expect("enrol");
    let size = ledger.log().latest().size;
    let export = polis::read_dir(&export_dir(LONDON)).expect("london");
    let opts = polis::Options {
        title: format!("Pol.is {LONDON}"),
        seed: polis::SeedRule::FromExport,
        base_url: "https://heard.example".into(),
    };
    let e =
        polis::import(&ledger, &polis::Signers { organisation: &other.org, facilitator: &other.fac }, &export, &opts)
            .expect_err("another consultation of the same conversation");
    match e {
        ImportError::ImportedBefore { consultation, .. } => assert_eq!(consultation, r.consultation),
        other => panic!("expected imported before, got {other:?}"),
    }
    assert_eq!(ledger.log().latest().size, size, "nothing logged");
    ledger.close().expect("closed cleanly");
}

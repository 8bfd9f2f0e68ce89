//! `heard import`: the Pol.is and CSV importers' command lines.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;

use super::serve::close;
use super::{open_ledger, unix_now};
use crate::attribution::kinds::{Id, Role};
use crate::keys::{DataDir, statement_key};
use crate::ledger::Ledger;

/// Importers.
#[derive(Subcommand)]
pub(super) enum ImportCommand {
    /// Import a Pol.is export folder (comments.csv, summary.csv, participants-votes.csv).
    ///
    /// Accepted comments (moderated = 1) that are not seed statements become ideas, recorded on
    /// each participant's behalf with one claim card per participant ("Participant N"). The
    /// files are checked against the counts and numbering the export states, and a conversation
    /// already imported under another title is refused, before anything is written. Running it
    /// again with the same title logs nothing new and prints the same cards.
    /// Example: heard import polis ./london.youth.policing --consultation-title 'Youth scrutiny of policing' --cards-out cards.csv
    Polis(PolisArgs),
    /// Import ideas from a CSV file into an existing consultation, all or nothing.
    ///
    /// Every row is checked first; a bad row stops the import with `line L, column C: why` and
    /// nothing is written, unless --skip-bad (then every skipped row is listed). Ideas are
    /// recorded anonymously on each contributor's behalf, one claim card per contributor.
    /// Example: heard import csv notes.csv --map text=Idea,contributor=Name,date=Date,tags=Tags --consultation 3f1c...
    Csv(CsvArgs),
}

#[derive(clap::Args)]
pub(super) struct CsvArgs {
    /// The CSV file (UTF-8, with a header row).
    file: PathBuf,
    /// Columns: text=COL,contributor=COL,date=COL[,tags=COL] (tags `;`-separated; date
    /// YYYY-MM-DD or ms since the epoch).
    #[arg(long)]
    map: String,
    /// The consultation's id (64 hex digits).
    #[arg(long)]
    consultation: String,
    /// Data folder.
    #[arg(long, default_value = "heard-data")]
    data: PathBuf,
    /// Import the good rows and list every bad one, instead of writing nothing.
    #[arg(long)]
    skip_bad: bool,
    /// The recording facilitator's key file (default: DATA/imports/facilitator.key).
    #[arg(long)]
    facilitator_key: Option<PathBuf>,
    /// Write the claim cards (participant,name,code,url,ideas) to this CSV file.
    #[arg(long)]
    cards_out: Option<PathBuf>,
    /// Public base URL for the claim links on the cards.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    public_url: String,
}

pub(super) fn import_csv(a: CsvArgs) -> anyhow::Result<()> {
    use crate::import::{polis, table};
    let coded = |e: crate::import::ImportError| anyhow::anyhow!("{}: {e}", e.code());
    let map = table::Mapping::parse(&a.map).map_err(coded)?;
    let bytes = std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    let id: [u8; 32] = hex::decode(a.consultation.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| anyhow::anyhow!("--consultation: {:?} is not 64 hex digits", a.consultation))?;
    // Check the file before the data folder is even opened.
    let (_, bad) = table::read(&bytes, &map).map_err(coded)?;
    if let (false, Some(b)) = (a.skip_bad, bad.first()) {
        anyhow::bail!(
            "import_bad_cell: {}: line {}, column {}: {} (nothing was written; --skip-bad imports the other rows)",
            a.file.display(),
            b.line,
            b.column,
            b.why
        );
    }
    let (ledger, dir) = open_ledger(&a.data, None)?;
    let run = || -> anyhow::Result<table::TableReport> {
        let fac = import_key(
            &ledger,
            &dir,
            a.facilitator_key.clone(),
            "facilitator.key",
            Role::Facilitator,
            "Pol.is import",
        )?;
        table::import(&ledger, &fac, &Id(id), &bytes, &map, a.skip_bad, &a.public_url).map_err(coded)
    };
    let r = run();
    let closed = close(&ledger);
    let r = r?;
    closed?;
    for b in &r.skipped {
        println!("skipped: line {}, column {}: {}", b.line, b.column, b.why);
    }
    println!(
        "ideas logged now {}, already logged {}, contributors (cards) {}, rows skipped {}",
        r.ideas_new,
        r.ideas_existing,
        r.cards.len(),
        r.skipped.len()
    );
    if let Some(path) = &a.cards_out {
        let f = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        polis::write_cards_csv(&r.cards, f).map_err(coded)?;
    }
    Ok(())
}

#[derive(clap::Args)]
pub(super) struct PolisArgs {
    /// The export folder.
    dir: PathBuf,
    /// The consultation's title.
    #[arg(long)]
    consultation_title: String,
    /// Data folder (created with keys if missing).
    #[arg(long, default_value = "heard-data")]
    data: PathBuf,
    /// Write the claim cards (participant,name,code,url,ideas) to this CSV file.
    #[arg(long)]
    cards_out: Option<PathBuf>,
    /// The author-id whose comments are seed statements, or `none` to credit every accepted
    /// comment. Default: participant 0 when they wrote comment 0; otherwise the import stops
    /// rather than guess.
    #[arg(long, value_name = "N|none", value_parser = parse_seed_author)]
    seed_author: Option<crate::import::polis::SeedRule>,
    /// Take the earliest comment's author as the seed author even when the export does not
    /// show them as the conversation's owner (their accepted comments are not credited).
    #[arg(long, conflicts_with = "seed_author")]
    accept_seed_guess: bool,
    /// The convening organisation's key file (default: DATA/imports/organisation.key,
    /// created and enrolled with the operator key on first use).
    #[arg(long)]
    organisation_key: Option<PathBuf>,
    /// The recording facilitator's key file (default: DATA/imports/facilitator.key, created
    /// and enrolled with the operator key on first use).
    #[arg(long)]
    facilitator_key: Option<PathBuf>,
    /// Public base URL for the claim links on the cards.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    public_url: String,
}

/// `--seed-author`: a whole number or `none`.
pub(super) fn parse_seed_author(s: &str) -> Result<crate::import::polis::SeedRule, String> {
    use crate::import::polis::SeedRule;
    match s.trim() {
        "none" => Ok(SeedRule::Nobody),
        n => n.parse().map(SeedRule::Author).map_err(|_| format!("expected an author-id or `none`, got {s:?}")),
    }
}

/// The import key an import would use, if it exists already (`given`, or `file` in the data
/// folder's `imports/`); reads only.
pub(super) fn existing_import_key(
    dir: &DataDir,
    given: Option<&Path>,
    file: &str,
) -> anyhow::Result<Option<ed25519_dalek::SigningKey>> {
    let path = given.map(Path::to_path_buf).unwrap_or_else(|| dir.root.join("imports").join(file));
    if given.is_none() && !path.exists() {
        return Ok(None);
    }
    Ok(Some(statement_key(&crate::keys::read_key_file(&path)?)))
}

/// Loads a key file, or (default path) creates it and enrols it with the operator key.
pub(super) fn import_key(
    ledger: &Ledger,
    dir: &DataDir,
    given: Option<PathBuf>,
    file: &str,
    role: Role,
    name: &str,
) -> anyhow::Result<ed25519_dalek::SigningKey> {
    if let Some(path) = given {
        return Ok(statement_key(&crate::keys::read_key_file(&path)?));
    }
    let path = dir.root.join("imports").join(file);
    if !path.exists() {
        std::fs::create_dir_all(dir.root.join("imports"))?;
        crate::keys::write_key_file(&path, &crate::keys::generate(file.trim_end_matches(".key"))?)?;
    }
    let key = statement_key(&crate::keys::read_key_file(&path)?);
    let (keys, _) = dir.init_keys("")?;
    let operator = statement_key(&keys.operator);
    if crate::import::ensure_enrolled(ledger, &operator, &key, role, name, unix_now() * 1000)? {
        eprintln!("heard: enrolled {} as {} \"{name}\"", path.display(), role.name());
    }
    Ok(key)
}

pub(super) fn import_polis(a: PolisArgs) -> anyhow::Result<()> {
    use crate::import::polis;
    let coded = |e: crate::import::ImportError| anyhow::anyhow!("{}: {e}", e.code());
    // Every argument and file is checked before the data folder is opened (or created).
    let opts = polis::Options {
        title: a.consultation_title.clone(),
        seed: if a.accept_seed_guess { polis::SeedRule::AcceptGuess } else { a.seed_author.unwrap_or_default() },
        base_url: a.public_url.clone(),
    };
    let export = polis::read_dir(&a.dir).map_err(|e| anyhow::anyhow!("{}: {}: {e}", e.code(), a.dir.display()))?;
    let plan = polis::plan(&export, &opts).map_err(coded)?;
    for (given, what) in [(&a.organisation_key, "--organisation-key"), (&a.facilitator_key, "--facilitator-key")] {
        if let Some(path) = given {
            crate::keys::read_key_file(path).with_context(|| format!("{what} {}", path.display()))?;
        }
    }
    if let Some(path) = &a.cards_out {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !parent.is_dir() || path.is_dir() {
            anyhow::bail!(
                "import_invalid: --cards-out {}: not a file in an existing folder; nothing was written",
                path.display()
            );
        }
    }
    let (ledger, dir) = open_ledger(&a.data, None)?;
    let run = || -> anyhow::Result<polis::ImportReport> {
        // Before any key is made or enrolled: was this conversation imported before, as
        // another consultation than the one these keys would open?
        let org = existing_import_key(&dir, a.organisation_key.as_deref(), "organisation.key")?;
        let fac = existing_import_key(&dir, a.facilitator_key.as_deref(), "facilitator.key")?;
        let would_open = match (&org, &fac) {
            (Some(organisation), Some(facilitator)) => {
                let signers = polis::Signers { organisation, facilitator };
                Some(polis::opening(&signers, &export, &opts, &plan).map_err(coded)?.id)
            }
            _ => None,
        };
        polis::check_not_imported_before(&ledger, &export, would_open.as_ref()).map_err(coded)?;
        let org = import_key(
            &ledger,
            &dir,
            a.organisation_key.clone(),
            "organisation.key",
            Role::Organisation,
            "Imported consultations (Pol.is open data)",
        )?;
        let fac = import_key(
            &ledger,
            &dir,
            a.facilitator_key.clone(),
            "facilitator.key",
            Role::Facilitator,
            "Pol.is import",
        )?;
        let signers = polis::Signers { organisation: &org, facilitator: &fac };
        polis::import(&ledger, &signers, &export, &opts).map_err(coded)
    };
    let r = run();
    let closed = close(&ledger);
    let r = r?;
    closed?;
    println!("{r}");
    if let Some(path) = &a.cards_out {
        let f = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        polis::write_cards_csv(&r.cards, f).map_err(coded)?;
        println!("  cards written to                     {}", path.display());
    }
    Ok(())
}

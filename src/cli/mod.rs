//! The `heard` command line.
//!
//! **Architecture Invariant:** the CLI parses arguments, opens things, prints; every
//! decision is made by the library below it.

mod client;
mod rebuild;
mod staff;
mod witness;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::attribution::kinds::{ACTION_ENROL, Body, EnrolBody, Id, Role};
use crate::keys::{DataDir, statement_key};
use crate::ledger::Ledger;
use crate::log::{audit, tiles};
use crate::protocol::note::{Checkpoint, Cosigner, Note, NoteVerifier};
use crate::protocol::statement::{Kind, Statement};
use crate::protocol::{Hash, merkle, receipt};
use crate::witness::Witness;

/// Heard: an idea-attribution and knowledge-equity ledger.
#[derive(Parser)]
#[command(
    name = "heard",
    version,
    about,
    long_about = None,
    after_help = "Example: heard serve --demo (a server with sample content at http://127.0.0.1:8080/)\n\nEvery command's --help has an example."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server: the HTTP API on LISTEN over the log in DATA (created with keys on first run).
    ///
    /// Stops gracefully on Ctrl-C or SIGTERM: in-flight appends finish and are flushed.
    /// Example: heard serve --data ./heard-data --listen 127.0.0.1:8080
    Serve(ServeArgs),
    /// Print the OpenAPI description (what schemas/openapi.json holds); with --json-schemas
    /// DIR, also write the JSON Schema of every JSON body into DIR (what schemas/json holds).
    ///
    /// Example: heard openapi --json-schemas schemas/json > schemas/openapi.json
    Openapi {
        /// Folder to write `<Name>.schema.json` files into.
        #[arg(long)]
        json_schemas: Option<PathBuf>,
    },
    /// Create a data folder with a new log key and operator key (done by any command on first run).
    ///
    /// Example: heard init --data ./heard-data --origin heard.example.org/log
    Init {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// Checkpoint origin (and log key name), used when the folder is created.
        #[arg(long, default_value = "heard.localhost/log")]
        origin: String,
    },
    /// Print the log's and the operator's verifier keys.
    ///
    /// Example: heard keys --data ./heard-data
    Keys {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
    },
    /// Append sample statements signed by the operator key, printing each acknowledged seq.
    ///
    /// Each line `acked <seq> <entry hash hex>` is printed only after the entry is on disk.
    /// Example: heard append --data ./heard-data --count 100 --writers 4
    Append {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// Statements to append (0 = until killed).
        #[arg(long, default_value_t = 10)]
        count: u64,
        /// Concurrent submitting threads.
        #[arg(long, default_value_t = 1)]
        writers: u64,
    },
    /// Walk the whole log from genesis and check every signature, chain link and the Merkle root.
    ///
    /// Then replays every entry through the attribution policy (who may sign what) and checks
    /// the domain's indexes against the replay.
    /// Exit status 0 when the log is intact, 1 with the first bad seq and why otherwise.
    /// Example: heard audit --data ./heard-data
    Audit {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// Check only the log (chain, signatures, Merkle tree), not the attribution policy;
        /// for folders filled by `heard append`, whose sample statements are not domain statements.
        #[arg(long)]
        log_only: bool,
    },
    /// Write the offline receipt of entry SEQ (the log must not be running on DATA).
    ///
    /// Example: heard receipt 12 --data ./heard-data > receipt.txt
    Receipt {
        /// The entry's seq.
        seq: u64,
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// Print the compact base64url form (for copy/paste and QR codes).
        #[arg(long)]
        compact: bool,
    },
    /// Verify a receipt or the consistency of two checkpoints, offline.
    ///
    /// Example: heard verify receipt receipt.txt --key 'heard.localhost/log+1234abcd+AX...'
    #[command(subcommand)]
    Verify(VerifyCommand),
    /// Make a new key file and print its verifier key.
    ///
    /// Example: heard keygen --name witness.example.org --witness --out witness.key
    Keygen {
        /// Key name (no spaces, no '+').
        #[arg(long)]
        name: String,
        /// Key file to create (mode 0600; never overwritten).
        #[arg(long)]
        out: PathBuf,
        /// Print the witness (cosignature, type 0x04) verifier key instead of the note/statement key.
        #[arg(long)]
        witness: bool,
    },
    /// Witness a log: check its latest checkpoint extends the last one seen, and cosign it.
    ///
    /// Reads the log in DATA (which must not be running), keeps its own state in STATE, and
    /// stores the cosignature in the log so checkpoints and receipts carry it.
    /// `heard witness serve` runs a C2SP tlog-witness that logs ask instead.
    /// Example: heard witness --key witness.key --log-key 'heard.localhost/log+1234abcd+AX...' --data ./heard-data
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Witness {
        #[command(subcommand)]
        command: Option<witness::WitnessCommand>,
        /// The witness's key file.
        #[arg(long, required = true)]
        key: Option<PathBuf>,
        /// The log's verifier key.
        #[arg(long, required = true)]
        log_key: Option<String>,
        /// The log's data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// Where the witness keeps the last checkpoint it cosigned.
        #[arg(long, default_value = "heard-witness")]
        state: PathBuf,
        /// Follow a running log over HTTP instead of reading DATA: fetch its checkpoint and a
        /// consistency proof, cosign, and post the cosignature back.
        #[arg(long)]
        server: Option<String>,
        /// With --server: keep following, checking every this many seconds (default: once).
        #[arg(long)]
        interval: Option<u64>,
    },
    /// Export the latest checkpoint with its C2SP tlog-tiles hash tiles and entry bundles into a folder.
    ///
    /// Full tiles already in the folder are checked, never rewritten; the checkpoint is replaced
    /// last. Serve the folder with any static web server.
    /// Example: heard export-tiles ./public/log --data ./heard-data
    ExportTiles {
        /// Folder to write `checkpoint` and `tile/` into (created if missing).
        dir: PathBuf,
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
    },
    /// Enrol a key in a role (or revoke it), signed with the operator key.
    ///
    /// Example: heard enrol --key heard-data/operator.key --role organisation --name 'Riverside Council' --member-key council.key
    Enrol(client::EnrolArgs),
    /// Open or close a consultation.
    ///
    /// Example: heard consultation close --key council.key --consultation 3f1c...
    #[command(subcommand)]
    Consultation(client::ConsultationCommand),
    /// Record an idea.
    ///
    /// Example: heard idea record --key amara.key --consultation 3f1c... --text 'Text people the day before a repair visit'
    #[command(subcommand)]
    Idea(client::IdeaCommand),
    /// Claim the ideas on a claim card with your own key, or change the consent of ideas you own.
    ///
    /// Example: heard claim --key me.key --code 7Q2M-... --pseudonym 'River'
    Claim(client::ClaimArgs),
    /// Endorse an idea (a facilitator confirms it was said; a co-author confirms).
    ///
    /// Example: heard endorse --key amara.key --idea 3f1c...
    Endorse(client::IdeaRefArgs),
    /// Cite ideas in a report, as a policy team.
    ///
    /// Example: heard cite --key team.key --title 'Housing Plan' --version v1 --url https://example.org/plan.pdf --idea 3f1c...:'recommendation 3, page 12':paraphrased
    Cite(client::CiteArgs),
    /// Say what happened to an idea, as the convening organisation.
    ///
    /// Example: heard respond --key council.key --idea 3f1c... --outcome not-adopted --reason 'No budget this year'
    Respond(client::RespondArgs),
    /// Withdraw consent for an idea: its text is erased beside the log.
    ///
    /// Example: heard withdraw --key me.key --idea 3f1c...
    Withdraw(client::IdeaRefArgs),
    /// Record a recognition or payment for ideas, as the convening organisation.
    ///
    /// Example: heard acknowledge --key council.key --idea 3f1c... --recognition payment --amount 2500 --currency GBP
    Acknowledge(client::AcknowledgeArgs),
    /// Replace your key with a new one (same party).
    ///
    /// Example: heard rotate --key old.key --new-key new.key
    Rotate(client::RotateArgs),
    /// Start moving a contributor's credit from a lost key to a new one, as a facilitator.
    ///
    /// Example: heard recover --key facilitator.key --old-key 3f1c... --new-key new.key
    Recover(client::RecoverArgs),
    /// Cancel a recovery of your key's credit before it takes effect.
    ///
    /// Example: heard cancel-recovery --key me.key --recovery 9a0b...
    CancelRecovery(client::CancelRecoveryArgs),
    /// Show an entry, idea, claim card, report, consultation, contributor or figures from a server (JSON).
    ///
    /// Example: heard show idea 3f1c... --server http://127.0.0.1:8080
    #[command(subcommand)]
    Show(client::ShowCommand),
    /// Export every entry, or a report's acknowledgements and citations, from a server.
    ///
    /// Example: heard export entries --server http://127.0.0.1:8080 > entries.jsonl
    #[command(subcommand)]
    Export(client::ExportCommand),
    /// Bring a real consultation in from an export (appends directly to DATA, which must not be running).
    ///
    /// Example: heard import csv notes.csv --map text=Idea,contributor=Name,date=Date --consultation 3f1c...
    #[command(subcommand)]
    Import(ImportCommand),
    /// Invite a member of staff: prints a one-time link (and QR) they open in their own browser,
    /// which makes and keeps their key; the server enrols it with the operator key.
    ///
    /// Example: heard invite --role facilitator --name "Amara Okafor" --organisation "Riverside Council" --public-url https://heard.example.org
    Invite(staff::InviteArgs),
    /// List the staff invitations, or revoke a member of staff's key.
    ///
    /// Example: heard staff list
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// Print claim cards (HTML, one per unclaimed contributor, with a QR code) for an imported consultation.
    ///
    /// The cards are recomputed with the import's facilitator key (and, for a CSV import, the same
    /// file and --map); the data folder must not be running.
    /// Example: heard cards --consultation 3f1c... --data ./heard-data > cards.html
    /// Example: heard cards --consultation 3f1c... --csv ideas.csv --map text=Idea,contributor=Who,date=Date > cards.html
    Cards {
        /// The consultation's id (64 hex digits).
        #[arg(long)]
        consultation: String,
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// The facilitator key file the import used (default: DATA/imports/facilitator.key).
        #[arg(long)]
        facilitator_key: Option<PathBuf>,
        /// Public base URL for the claim links (without it they point at http://127.0.0.1:8080,
        /// this computer only, and the page warns so).
        #[arg(long, env = "HEARD_PUBLIC_URL")]
        public_url: Option<String>,
        /// For a consultation filled by `heard import csv`: the same CSV file (its contributor
        /// values are not in the log, so the cards are recomputed from it).
        #[arg(long, requires = "map")]
        csv: Option<PathBuf>,
        /// With --csv: the same column mapping the import used.
        #[arg(long, requires = "csv")]
        map: Option<String>,
    },
    /// Rebuild what follows the log from the log's own files: `all` (sled and every index,
    /// as if sled's files were deleted), `domain` (the domain's rows, by applying every
    /// entry again), `index` (the hash indexes) or `search` (the search index in
    /// DATA/search). Each is also rebuilt by itself on open when it is missing, behind or
    /// damaged.
    ///
    /// The data folder must not be running.
    /// Example: heard rebuild all --data ./heard-data
    Rebuild {
        /// What to rebuild.
        #[arg(value_parser = ["all", "domain", "index", "search"], default_value = "all")]
        what: String,
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
    },
    /// Fill an empty data folder with a realistic sample (demo keys: never for real use).
    ///
    /// Example: heard demo --data ./heard-demo && heard serve --data ./heard-demo
    Demo {
        /// Data folder (created if missing; refused if the log has entries).
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
    },
}

/// Importers.
#[derive(Subcommand)]
enum ImportCommand {
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
struct CsvArgs {
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

fn import_csv(a: CsvArgs) -> anyhow::Result<()> {
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
struct PolisArgs {
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
fn parse_seed_author(s: &str) -> Result<crate::import::polis::SeedRule, String> {
    use crate::import::polis::SeedRule;
    match s.trim() {
        "none" => Ok(SeedRule::Nobody),
        n => n.parse().map(SeedRule::Author).map_err(|_| format!("expected an author-id or `none`, got {s:?}")),
    }
}

/// The import key an import would use, if it exists already (`given`, or `file` in the data
/// folder's `imports/`); reads only.
fn existing_import_key(
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
fn import_key(
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

fn import_polis(a: PolisArgs) -> anyhow::Result<()> {
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

#[derive(clap::Args)]
struct ServeArgs {
    /// Data folder.
    #[arg(long, default_value = "heard-data")]
    data: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Checkpoint origin (and log key name), used when the folder is created.
    #[arg(long)]
    origin: Option<String>,
    /// Public base URL for links and claim cards (default: http://<listen address>, and the
    /// print sheet of claim cards then warns that they point at this computer only).
    #[arg(long, env = "HEARD_PUBLIC_URL")]
    public_url: Option<String>,
    /// Write requests a client address may burst.
    #[arg(long, default_value_t = 200)]
    write_burst: u32,
    /// Write requests per second a client address may sustain.
    #[arg(long, default_value_t = 100.0)]
    writes_per_second: f64,
    /// Largest request body, bytes.
    #[arg(long, default_value_t = 256 * 1024)]
    max_body: usize,
    /// Most requests handled at once.
    #[arg(long, default_value_t = 1024)]
    concurrency: usize,
    /// Most requests one client address may have open at once (raise it when many people
    /// reach the server through one address, as in an office).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=65536))]
    open_requests_per_address: u64,
    /// Seconds a request's body may take to arrive.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    body_timeout: u64,
    /// sled's page cache, MiB. While writing, sled holds about three times this (see
    /// docs/PERFORMANCE.md for what more or less did to memory and append rate).
    #[arg(long, env = "HEARD_SLED_CACHE_MIB", default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=65536))]
    sled_cache_mib: u64,
    /// Fill the data folder with the demo sample first, if its log is empty.
    #[arg(long)]
    demo: bool,
    /// Seconds between two rounds of asking the witnesses that have a URL in the data
    /// folder's `witnesses` file to cosign the latest checkpoint (C2SP tlog-witness).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=86400))]
    witness_interval: u64,
    /// Days a recovery of a lost key waits before it takes effect, during which the old
    /// key can cancel it; shorter recoveries are refused (the protocol's minimum is 7).
    #[arg(long, default_value_t = crate::attribution::recovery::DEFAULT_WAIT_DAYS,
          value_parser = clap::value_parser!(u64).range(7..=365))]
    recovery_wait_days: u64,
}

/// Fills an empty ledger with the demo, then leaves the key that recorded its Pol.is session
/// in `imports/facilitator.key` (when there is none yet) so `heard cards` prints its cards.
fn fill_demo(ledger: &Ledger, dir: &DataDir) -> anyhow::Result<crate::demo::DemoSummary> {
    let (keys, _) = dir.init_keys("")?;
    let summary = crate::demo::fill(ledger, &statement_key(&keys.operator))?;
    let path = dir.root.join("imports").join("facilitator.key");
    if !path.exists() {
        std::fs::create_dir_all(dir.root.join("imports"))?;
        let seed = crate::demo::polis_facilitator_key().to_bytes();
        crate::keys::write_key_file(&path, &crate::protocol::note::NoteSigner::new("facilitator", seed)?)?;
    }
    Ok(summary)
}

/// Logs to stderr at the level `RUST_LOG` asks (default `info`), except that sled's debug and
/// trace records never pass, whatever `RUST_LOG` says: they print stored pages, whose values
/// hold entries (claim secrets revealed by claims), idea text and salts. The one exception is
/// the debug records of sled's log iterator (SLED_RECOVERY), which say where and why sled's
/// replay of its log stopped when it opened (an LSN reached, a tear, a torn batch) and carry
/// only log positions; they are on by default, so that a sled that comes back without
/// flushed writes leaves the reason in the server's log (docs/PERFORMANCE.md, eleventh
/// session).
fn init_logging() {
    use tracing_subscriber::prelude::*;
    let asked = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("info,{SLED_RECOVERY}=debug")));
    // The hint keeps the `log` crate's static level at what was asked, so sled's trace
    // records are cut at the call site instead of being converted and then dropped.
    let hint = tracing_subscriber::layer::Filter::<tracing_subscriber::Registry>::max_level_hint(&asked)
        .unwrap_or(tracing::level_filters::LevelFilter::TRACE);
    let no_pages =
        tracing_subscriber::filter::filter_fn(|m| sled_record_passes(m.target(), *m.level())).with_max_level_hint(hint);
    let layer = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_filter(asked).with_filter(no_pages);
    let _ = tracing_subscriber::registry().with(layer).try_init();
}

/// The target of sled's log iterator, whose debug records say why a replay stopped.
const SLED_RECOVERY: &str = "sled::pagecache::iterator";

/// Whether a record may be logged as far as sled's page dumps go (see [`init_logging`]).
fn sled_record_passes(target: &str, level: tracing::Level) -> bool {
    if !target.starts_with("sled") || level <= tracing::Level::INFO {
        return true;
    }
    target == SLED_RECOVERY && level == tracing::Level::DEBUG
}

/// Closes a ledger a command opened, saying so when what it committed could not be settled.
fn close(ledger: &Ledger) -> anyhow::Result<()> {
    ledger.close().map_err(|why| {
        anyhow::anyhow!("the log did not close cleanly ({why}); the next start recovers what was committed")
    })
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging();
    let (ledger, dir) = open_ledger_with(&args.data, args.origin.as_deref(), args.sled_cache_mib << 20)?;
    let demo_filled = args.demo && ledger.log().latest().size == 0;
    if demo_filled {
        let summary = fill_demo(&ledger, &dir)?;
        println!("{summary}");
    }
    let log = ledger.log().clone();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    rt.block_on(async move {
        // After a restart in place (server::recovery), the address the process was serving on.
        let listen = std::env::var(crate::server::recovery::RESTART_LISTEN).unwrap_or(args.listen);
        let listener =
            tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("listening on {listen}"))?;
        let addr = listener.local_addr()?;
        // Before "serving" is printed: from then on a SIGTERM stops the server gracefully.
        let shutdown = shutdown_signal();
        let public_url_explicit = args.public_url.is_some();
        let public_url = args.public_url.unwrap_or_else(|| format!("http://{addr}"));
        println!("heard: log key {}", log.verifier().to_text());
        if let Ok((keys, _)) = DataDir::new(&args.data).init_keys(DEFAULT_ORIGIN) {
            println!("heard: operator key {}", keys.operator.verifier().to_text());
        }
        let witnesses = ledger.configured_witnesses().len();
        if witnesses > 0 {
            println!(
                "heard: {witnesses} witness(es) named in {}",
                args.data.join(crate::witness::policy::FILE).display()
            );
        }
        println!("heard: listening on http://{addr}");
        if !public_url_explicit {
            println!("heard: no --public-url, so claim cards name {public_url}, which may work on this computer only");
        }
        println!("heard: serving {} entries at {public_url}/ (API under {public_url}/v1/)", log.latest().size);
        if demo_filled {
            // A demo card nobody has claimed: the claim page can be tried at once.
            println!("heard: try claiming a demo card at {}", crate::demo::demo_card("housing/p03").url(&public_url));
        }
        let config = crate::server::ServerConfig {
            max_body: args.max_body,
            concurrency: args.concurrency,
            open_per_address: args.open_requests_per_address as usize,
            body_timeout: std::time::Duration::from_secs(args.body_timeout),
            write_burst: args.write_burst,
            writes_per_second: args.writes_per_second,
            public_url,
            public_url_explicit,
            notices: Some(args.data.join("notices")),
            recovery_wait_days: args.recovery_wait_days,
            ..Default::default()
        };
        let staff = crate::server::StaffDesk {
            invitations: crate::staff::Invitations::new(&args.data),
            operator: statement_key(&crate::keys::read_key_file(&DataDir::new(&args.data).operator_key())?),
        };
        let interval = std::time::Duration::from_secs(args.witness_interval);
        let asking = crate::server::witnessing::start(ledger.clone(), interval).context("starting to ask witnesses")?;
        let stopper = asking.as_ref().map(|a| a.stopper());
        // After a storage failure, restart in place once the data folder takes writes again.
        let recovering = tokio::spawn(crate::server::recovery::watch(log.clone(), args.data.clone(), addr));
        let watcher = recovering.abort_handle();
        tokio::spawn(async move {
            if let Ok(e) = recovering.await {
                tracing::error!(error = %e, "could not restart in place; exiting so that a supervisor can");
                std::process::exit(75);
            }
        });
        let shutdown = async move {
            shutdown.await;
            watcher.abort();
            stopper.map(|s| s.send(()));
        };
        let state = crate::server::AppState::new(ledger, config).with_staff(staff);
        crate::server::run(listener, state, shutdown).await.context("serving")?;
        if let Some(a) = asking {
            tokio::task::spawn_blocking(move || a.stop()).await.ok();
        }
        tracing::info!("stopped; the log is flushed");
        anyhow::Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM. On Unix the handlers are installed when this is called, not
/// when the future is first polled: a SIGTERM sent as soon as "serving" is printed (before
/// the server loop polls this) would otherwise kill the process instead of stopping it.
/// Public for `heard-bench floor`, which stops as `heard serve` does.
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (int, term) = {
        use tokio::signal::unix::{SignalKind, signal};
        (signal(SignalKind::interrupt()).ok(), signal(SignalKind::terminate()).ok())
    };
    async move {
        #[cfg(unix)]
        let (ctrl_c, term) = {
            let wait = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            (wait(int), wait(term))
        };
        #[cfg(not(unix))]
        let (ctrl_c, term) = (
            async {
                let _ = tokio::signal::ctrl_c().await;
            },
            std::future::pending::<()>(),
        );
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
        tracing::info!("shutting down: finishing in-flight appends");
    }
}

#[derive(Subcommand)]
enum VerifyCommand {
    /// Verify a receipt offline with the log's verifier key; explains each check.
    ///
    /// Exit status 0 if valid, 1 if not. Example:
    /// heard verify receipt receipt.txt --key 'heard.localhost/log+1234abcd+AX...'
    Receipt {
        /// Receipt file (text or compact form; `-` for standard input).
        file: PathBuf,
        /// The log's verifier key.
        #[arg(long)]
        key: String,
        /// A witness's cosignature verifier key (repeat for several).
        #[arg(long)]
        witness: Vec<String>,
        /// How many of the given witnesses must have cosigned.
        #[arg(long, default_value_t = 0)]
        witnesses_required: usize,
        /// A witness policy file (the data folder's `witnesses` format: `witness` lines and
        /// a `quorum`): its witnesses are known and its quorum is required.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Prove that the log only grew between two checkpoints (detects rollback and forks).
    ///
    /// The proof comes from a file (base64 hashes, one per line) or is computed from a data
    /// folder; either way it is checked, not trusted. Exit status 0 if consistent, 1 if not.
    /// Example: heard verify consistency --old old.cp --new new.cp --key 'heard...' --server http://127.0.0.1:8080
    Consistency {
        /// The older checkpoint note.
        #[arg(long)]
        old: PathBuf,
        /// The newer checkpoint note.
        #[arg(long)]
        new: PathBuf,
        /// The log's verifier key.
        #[arg(long)]
        key: String,
        /// Consistency proof file.
        #[arg(long, conflicts_with = "data")]
        proof: Option<PathBuf>,
        /// Data folder to compute the proof from.
        #[arg(long, conflicts_with = "server")]
        data: Option<PathBuf>,
        /// A running log to fetch the proof from.
        #[arg(long)]
        server: Option<String>,
    },
}

fn read_input(path: &Path) -> anyhow::Result<String> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading standard input")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
    }
}

fn verifier(text: &str) -> anyhow::Result<NoteVerifier> {
    NoteVerifier::from_text(text.trim()).with_context(|| format!("reading verifier key {text:?}"))
}

fn open_checkpoint(path: &Path, key: &NoteVerifier) -> anyhow::Result<Checkpoint> {
    let text = read_input(path)?;
    let note = Note::parse(&text).with_context(|| format!("{} is not a signed note", path.display()))?;
    note.verify(std::slice::from_ref(key))
        .with_context(|| format!("{} is not signed by {}", path.display(), key.name()))?;
    Checkpoint::parse_text(&note.text).with_context(|| format!("{} is not a checkpoint", path.display()))
}

fn verify(cmd: VerifyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        VerifyCommand::Receipt { file, key, witness, witnesses_required, policy } => {
            let key = verifier(&key)?;
            let mut witnesses = witness.iter().map(|w| verifier(w)).collect::<anyhow::Result<Vec<_>>>()?;
            let mut witnesses_required = witnesses_required;
            if let Some(path) = policy {
                let p = crate::witness::policy::read_file(&path).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
                if !p.logs.is_empty() && !p.logs.iter().any(|l| l.to_text() == key.to_text()) {
                    anyhow::bail!("{} names other logs than {}", path.display(), key.to_text());
                }
                witnesses.extend(p.verifiers());
                witnesses_required = witnesses_required.max(p.required());
            }
            let report = receipt::verify_receipt(&read_input(&file)?, &key, &witnesses, witnesses_required);
            for c in &report.checks {
                println!("{} {:<20} {}", if c.passed { "ok  " } else { "FAIL" }, c.name, c.detail);
            }
            match report.facts {
                Some(f) => {
                    println!(
                        "receipt valid: entry {} ({}) by {} is in the log {} at tree size {}",
                        f.seq,
                        f.kind.name(),
                        hex::encode(f.author),
                        key.name(),
                        f.tree_size
                    );
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    println!("receipt NOT valid");
                    Ok(ExitCode::from(1))
                }
            }
        }
        VerifyCommand::Consistency { old, new, key, proof, data, server } => {
            let key = verifier(&key)?;
            let o = open_checkpoint(&old, &key)?;
            let n = open_checkpoint(&new, &key)?;
            if n.size < o.size {
                println!("ROLLBACK: the newer checkpoint has size {} but the older one has size {}", n.size, o.size);
                return Ok(ExitCode::from(1));
            }
            let hashes = match (proof, data) {
                (Some(p), _) => parse_hashes(&read_input(&p)?)?,
                (None, None) if o.size == 0 || o.size == n.size => Vec::new(),
                (None, None) if server.is_some() => fetch_consistency(
                    &client::Client::for_server(server.as_deref().unwrap_or_default()),
                    o.size,
                    n.size,
                )?,
                (None, Some(d)) => {
                    let (ledger, _) = open_ledger(&d, None)?;
                    let log = ledger.log().clone();
                    let p = log.consistency_proof(o.size, n.size).map_err(|e| anyhow::anyhow!("{e}"));
                    let closed = close(&ledger);
                    let p = p?;
                    closed?;
                    p
                }
                (None, None) => anyhow::bail!("give --proof FILE, --data DIR or --server URL"),
            };
            // From size 0 as well: an empty proof and the empty tree's root (PROTOCOL §12).
            let result = merkle::verify_consistency(o.size, n.size, &o.root, &n.root, &hashes);
            match result {
                Ok(()) => {
                    println!("consistent: the log only grew from size {} to size {}", o.size, n.size);
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    println!(
                        "FORK: the checkpoint at size {} does not extend the one at size {} ({e}); the log was rewritten",
                        n.size, o.size
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}

fn parse_hashes(text: &str) -> anyhow::Result<Vec<Hash>> {
    use base64::Engine as _;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let b = base64::engine::general_purpose::STANDARD
                .decode(l.trim())
                .with_context(|| format!("proof line {} is not base64", i + 1))?;
            b.as_slice().try_into().map_err(|_| anyhow::anyhow!("proof line {} is not a 32-byte hash", i + 1))
        })
        .collect()
}

/// One witnessing round against a running log: fetch, check, cosign, post back.
fn witness_over_http(w: &Witness, cosigner: &Cosigner, url: &str) -> anyhow::Result<String> {
    let client = client::Client::for_server(url);
    let note = client.get("/v1/checkpoint", &[])?;
    witness_round(
        w,
        &note,
        |old, new| fetch_consistency(&client, old, new),
        |cosigned| {
            client.post_json(
                "/v1/cosignatures",
                &serde_json::json!({ "witness_key": cosigner.verifier().to_text(), "note": cosigned }),
            )?;
            Ok(())
        },
    )
}

/// One witnessing round over the log's latest checkpoint `note`, whatever the transport:
/// get a consistency proof from the last size seen (`proof`), check and cosign, then hand the
/// cosigned note back to the log (`deliver`).
fn witness_round(
    w: &Witness,
    note: &str,
    proof: impl FnOnce(u64, u64) -> anyhow::Result<Vec<Hash>>,
    deliver: impl FnOnce(&str) -> anyhow::Result<()>,
) -> anyhow::Result<String> {
    let parsed = Note::parse(note).context("the log's checkpoint is not a signed note")?;
    let cp = Checkpoint::parse_text(&parsed.text).context("the log's note is not a checkpoint")?;
    let proof = match w.last_seen()? {
        Some((old, _)) if old > 0 && old <= cp.size => proof(old, cp.size)?,
        _ => Vec::new(),
    };
    let line = w.add_checkpoint(note, &proof, unix_now())?;
    deliver(&format!("{note}{line}"))?;
    Ok(format!("cosigned {} at size {}", cp.origin, cp.size))
}

/// A consistency proof from a running log (checked by the caller, never trusted).
fn fetch_consistency(client: &client::Client, old: u64, new: u64) -> anyhow::Result<Vec<Hash>> {
    let body = client.get("/v1/proofs/consistency", &[("old", &old.to_string()), ("new", &new.to_string())])?;
    let v: serde_json::Value = serde_json::from_str(&body).context("the proof answer is not JSON")?;
    let lines: Vec<&str> = v
        .get("hashes")
        .and_then(|h| h.as_array())
        .context("the proof answer has no hashes")?
        .iter()
        .filter_map(|h| h.as_str())
        .collect();
    parse_hashes(&lines.join("\n"))
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("heard: {e:#}");
            if e.downcast_ref::<client::Problem>().is_some() { ExitCode::from(1) } else { ExitCode::from(2) }
        }
    }
}

/// The origin a new data folder gets when none is given.
pub const DEFAULT_ORIGIN: &str = "heard.localhost/log";

/// Opens the ledger (the log with the attribution policy) of a data folder, creating the
/// folder and its keys on first run.
pub fn open_ledger(data: &Path, origin: Option<&str>) -> anyhow::Result<(Ledger, DataDir)> {
    open_ledger_with(data, origin, crate::log::store::DEFAULT_CACHE_BYTES)
}

/// [`open_ledger`] with `cache_bytes` of sled page cache.
fn open_ledger_with(data: &Path, origin: Option<&str>, cache_bytes: u64) -> anyhow::Result<(Ledger, DataDir)> {
    let dir = DataDir::new(data);
    if !dir.log_key().exists() {
        eprintln!("heard: creating {} with a new log key and operator key", data.display());
    }
    let ledger = Ledger::open_data_folder_with(data, origin.unwrap_or(DEFAULT_ORIGIN), cache_bytes)?;
    Ok((ledger, dir))
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Init { data, origin } => {
            let (ledger, _) = open_ledger(&data, Some(&origin))?;
            println!("log key: {}", ledger.log().verifier().to_text());
            close(&ledger)?;
        }
        Command::Keys { data } => {
            let dir = DataDir::new(&data);
            let (keys, _) = dir.init_keys("heard.localhost/log")?;
            println!("log      {}", keys.log.verifier().to_text());
            println!("operator {}", keys.operator.verifier().to_text());
        }
        Command::Append { data, count, writers } => {
            // Sample statements that pass the attribution policy: the operator enrols fresh
            // random keys as witnesses. Used by the kill -9 test and as a quick smoke test.
            let (ledger, dir) = open_ledger(&data, None)?;
            let (keys, _) = dir.init_keys("")?;
            let key = statement_key(&keys.operator);
            let start = ledger.log().latest().size;
            let next = std::sync::atomic::AtomicU64::new(0);
            let out = std::sync::Mutex::new(std::io::stdout());
            let results: Vec<anyhow::Result<()>> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..writers.max(1))
                    .map(|_| {
                        s.spawn(|| -> anyhow::Result<()> {
                            loop {
                                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                if count != 0 && n >= count {
                                    return Ok(());
                                }
                                let enrolled = crate::keys::random_seed()?;
                                let enrolled = ed25519_dalek::SigningKey::from_bytes(&enrolled);
                                let body = Body::Enrol(EnrolBody {
                                    key: Id(enrolled.verifying_key().to_bytes()),
                                    role: Role::Witness.code(),
                                    name: format!("sample witness {}", start + n),
                                    action: ACTION_ENROL,
                                });
                                let st = Statement {
                                    kind: Kind::Enrol,
                                    time: unix_now() * 1000,
                                    author: key.verifying_key().to_bytes(),
                                    body: body.encode()?,
                                };
                                let (bytes, sig) = st.sign(&key);
                                let a = ledger.submit(&bytes, &sig, None)?;
                                let mut o = out.lock().map_err(|_| anyhow::anyhow!("stdout lock"))?;
                                writeln!(o, "acked {} {}", a.seq, hex::encode(a.entry_hash))?;
                                o.flush()?;
                            }
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("a writer thread panicked"))))
                    .collect()
            });
            close(&ledger)?;
            for r in results {
                r?;
            }
        }
        Command::Audit { data, log_only } => {
            // Audit reads the store directly: a damaged log must still be examined, even
            // though it may not open for appends.
            let dir = DataDir::new(&data);
            if !dir.log_key().exists() {
                anyhow::bail!("{} has no log key: is it a Heard data folder?", data.display());
            }
            let (keys, _) = dir.init_keys("")?;
            let store = crate::log::store::Store::open(&dir.db())
                .with_context(|| format!("opening the store in {}", data.display()))?;
            let started = std::time::Instant::now();
            let result = audit::audit(&store, &keys.log.verifier());
            match result {
                Ok(r) => {
                    println!(
                        "audit passed: {} entries, root {}, {:.2} s",
                        r.entries,
                        hex::encode(r.root),
                        started.elapsed().as_secs_f64()
                    );
                    if r.unsigned > 0 {
                        println!(
                            "and {} entries after that checkpoint, checked for their chain and signatures: the \
                             log signs a checkpoint over them when it next starts",
                            r.unsigned
                        );
                    }
                }
                Err(f) => {
                    println!("audit FAILED: {f}");
                    return Ok(ExitCode::from(1));
                }
            }
            if !log_only {
                let operator = statement_key(&keys.operator).verifying_key().to_bytes();
                match crate::attribution::audit_policy(&store, operator) {
                    Ok(r) => println!("policy audit passed: {} entries, {} index rows", r.entries, r.rows),
                    Err(f) => {
                        println!("policy audit FAILED: {f}");
                        return Ok(ExitCode::from(1));
                    }
                }
            }
        }
        Command::Serve(args) => serve(args)?,
        Command::Invite(a) => staff::invite(a)?,
        Command::Staff(c) => staff::staff(c)?,
        Command::Openapi { json_schemas } => {
            if let Some(dir) = json_schemas {
                std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                for (name, text) in crate::server::json_schemas() {
                    std::fs::write(dir.join(&name), text).with_context(|| format!("writing {name}"))?;
                }
            }
            print!("{}", crate::server::openapi_json());
        }
        Command::Receipt { seq, data, compact } => {
            let (ledger, _) = open_ledger(&data, None)?;
            let log = ledger.log().clone();
            let r = log.receipt(seq);
            log.close().map_err(anyhow::Error::msg)?;
            let r = r.with_context(|| format!("making the receipt of entry {seq}"))?;
            if compact {
                println!("{}", receipt::to_compact(&r));
            } else {
                print!("{r}");
            }
        }
        Command::Verify(cmd) => return verify(cmd),
        Command::Keygen { name, out, witness } => {
            let key = crate::keys::generate(&name)?;
            crate::keys::write_key_file(&out, &key)?;
            if witness {
                let seed = key.signing_key().to_bytes();
                println!("{}", Cosigner::new(&name, seed)?.verifier().to_text());
            } else {
                println!("{}", key.verifier().to_text());
            }
        }
        Command::Witness { command: Some(witness::WitnessCommand::Serve(args)), .. } => witness::serve(args)?,
        Command::Witness { command: None, key, log_key, data, state, server, interval } => {
            let (Some(key), Some(log_key)) = (key, log_key) else {
                anyhow::bail!("give --key and --log-key");
            };
            let signer = crate::keys::read_key_file(&key)?;
            let cosigner = Cosigner::new(signer.name(), signer.signing_key().to_bytes())?;
            let log_key = verifier(&log_key)?;
            let w = Witness::new(cosigner.clone(), log_key.clone(), &state);
            if let Some(url) = server {
                loop {
                    println!("{}", witness_over_http(&w, &cosigner, &url)?);
                    match interval {
                        Some(secs) => std::thread::sleep(std::time::Duration::from_secs(secs.max(1))),
                        None => break,
                    }
                }
                return Ok(ExitCode::SUCCESS);
            }
            let (ledger, _) = open_ledger(&data, None)?;
            let log = ledger.log().clone();
            let latest = log.latest();
            let result = witness_round(
                &w,
                &latest.note,
                |old, new| log.consistency_proof(old, new).map_err(|e| anyhow::anyhow!("{e}")),
                |cosigned| {
                    ledger.add_cosignature(&cosigner.verifier(), cosigned)?;
                    Ok(())
                },
            );
            close(&ledger)?;
            println!("{}", result?);
        }
        Command::ExportTiles { dir, data } => {
            let (ledger, _) = open_ledger(&data, None)?;
            let log = ledger.log().clone();
            let result = tiles::export_tiles(&log, &dir);
            log.close().map_err(anyhow::Error::msg)?;
            let stats = result.with_context(|| format!("exporting tiles into {}", dir.display()))?;
            println!(
                "exported size {} into {}: {} tiles written, {} already there",
                stats.size,
                dir.display(),
                stats.written,
                stats.unchanged
            );
        }
        Command::Enrol(a) => client::enrol(a)?,
        Command::Consultation(c) => client::consultation(c)?,
        Command::Idea(c) => client::idea(c)?,
        Command::Claim(a) => client::claim(a)?,
        Command::Endorse(a) => client::endorse(a)?,
        Command::Cite(a) => client::cite(a)?,
        Command::Respond(a) => client::respond(a)?,
        Command::Withdraw(a) => client::withdraw(a)?,
        Command::Acknowledge(a) => client::acknowledge(a)?,
        Command::Rotate(a) => client::rotate(a)?,
        Command::Recover(a) => client::recover(a)?,
        Command::CancelRecovery(a) => client::cancel_recovery(a)?,
        Command::Show(c) => client::show(c)?,
        Command::Export(c) => client::export(c)?,
        Command::Import(ImportCommand::Polis(a)) => import_polis(a)?,
        Command::Cards { consultation, data, facilitator_key, public_url, csv, map } => {
            let id: [u8; 32] = hex::decode(consultation.trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| anyhow::anyhow!("--consultation: {consultation:?} is not 64 hex digits"))?;
            let key_path = facilitator_key.unwrap_or_else(|| data.join("imports").join("facilitator.key"));
            let fac = statement_key(&crate::keys::read_key_file(&key_path)?);
            let explicit = public_url.is_some();
            let public_url = public_url.unwrap_or_else(|| "http://127.0.0.1:8080".into());
            let (ledger, _) = open_ledger(&data, None)?;
            let made = (|| -> anyhow::Result<String> {
                let c = ledger.consultation(&Id(id)).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
                let coded = |e: crate::import::ImportError| anyhow::anyhow!("{}: {e}", e.code());
                let (cards, claimed) = match (&csv, &map) {
                    (Some(file), Some(map)) => {
                        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
                        let map = crate::import::table::Mapping::parse(map).map_err(coded)?;
                        crate::import::cards::csv_cards(&ledger, &fac, &Id(id), &bytes, &map, &public_url)
                            .map_err(coded)?
                    }
                    _ => crate::import::cards::polis_cards(&ledger, &fac, &Id(id), &public_url).map_err(coded)?,
                };
                eprintln!("heard: {} cards ({claimed} already claimed, not printed)", cards.len());
                if !explicit {
                    eprintln!("heard: the cards point at {public_url} (this computer only); give --public-url");
                }
                let sheet = crate::import::cards::sheet(&c, &cards, claimed, &public_url, explicit);
                crate::import::cards::html(&sheet).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))
            })();
            close(&ledger)?;
            print!("{}", made?);
        }
        Command::Import(ImportCommand::Csv(a)) => import_csv(a)?,
        Command::Rebuild { what, data } if what != "search" => rebuild::followers(&what, &data)?,
        Command::Rebuild { what: _, data } => {
            let (ledger, _) = open_ledger(&data, None)?;
            let started = std::time::Instant::now();
            let r = ledger.rebuild_search();
            close(&ledger)?;
            let r = r?;
            println!(
                "rebuilt the search index: {} ideas from {} entries in {:.1} s",
                r.ideas,
                r.entries,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Demo { data } => {
            let (ledger, dir) = open_ledger(&data, None)?;
            let r = fill_demo(&ledger, &dir);
            close(&ledger)?;
            println!("{}", r?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    /// sled's debug and trace records (page dumps) never pass, except the log iterator's
    /// debug records, which carry only log positions; everything else and sled's warnings
    /// pass to the level filter.
    #[test]
    fn only_sleds_recovery_records_pass_below_info() {
        assert!(sled_record_passes("heard::server", Level::DEBUG));
        assert!(sled_record_passes("heard::server", Level::TRACE));
        assert!(sled_record_passes("sled::tree", Level::INFO));
        assert!(sled_record_passes("sled::pagecache::segment", Level::WARN));
        assert!(sled_record_passes(SLED_RECOVERY, Level::DEBUG));
        assert!(!sled_record_passes(SLED_RECOVERY, Level::TRACE));
        assert!(!sled_record_passes("sled::pagecache", Level::DEBUG));
        assert!(!sled_record_passes("sled::pagecache::snapshot", Level::DEBUG));
        assert!(!sled_record_passes("sled::tree", Level::TRACE));
    }
}

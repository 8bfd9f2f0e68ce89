//! The `heard` command line.
//!
//! **Architecture Invariant:** the CLI parses arguments, opens things, prints; every
//! decision is made by the library below it.

mod audit;
mod client;
mod import;
mod migrate;
mod rebuild;
mod serve;
mod serve_pg;
mod staff;
mod verify;
mod witness;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::attribution::kinds::{ACTION_ENROL, Body, EnrolBody, Id, Role};
use crate::keys::{DataDir, statement_key};
use crate::ledger::Ledger;
use crate::log::tiles;
use crate::protocol::note::Cosigner;
use crate::protocol::receipt;
use crate::protocol::statement::{Kind, Statement};
use crate::witness::Witness;
use import::ImportCommand;
pub use serve::shutdown_signal;
use serve::{ServeArgs, close, fill_demo};
use verify::{VerifyCommand, verifier};
use witness::{witness_over_http, witness_round};

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
    /// With --postgres and --bucket, audits the log in PostgreSQL and its bucket instead (the
    /// tiles and checkpoint too), under the keys of --data or --log-key and --operator-key.
    /// Exit status 0 when the log is intact, 1 with the first bad seq and why otherwise, 2 on
    /// bad input.
    /// Example: heard audit --data ./heard-data
    Audit(audit::AuditArgs),
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
    /// Copy an embedded data folder's log into PostgreSQL and a bucket, and prove the copy
    /// has the same checkpoint.
    ///
    /// Copies every entry's exact bytes in order (stopping and running it again resumes;
    /// PostgreSQL holding another log is refused and left as it is), writes the tiles and a
    /// checkpoint signed with the folder's own log key, then compares the bucket's checkpoint
    /// with the folder's. Exit status 0 only when they match. The log only, for now: the
    /// domain's rows, idea texts and cosignatures stay in the folder.
    /// Example: heard migrate --data ./heard-data --postgres postgres://heard@localhost/heard --bucket s3://heard-log
    Migrate(migrate::MigrateArgs),
    /// Fill an empty data folder with a realistic sample (demo keys: never for real use).
    ///
    /// Example: heard demo --data ./heard-demo && heard serve --data ./heard-demo
    Demo {
        /// Data folder (created if missing; refused if the log has entries).
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
    },
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
        Command::Audit(a) => return audit::audit(a),
        Command::Serve(args) => serve::serve(args)?,
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
            let r = ledger.log().receipt(seq);
            close(&ledger)?;
            let r = r.with_context(|| format!("making the receipt of entry {seq}"))?;
            if compact {
                println!("{}", receipt::to_compact(&r));
            } else {
                print!("{r}");
            }
        }
        Command::Verify(cmd) => return verify::verify(cmd),
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
            let log = ledger.embedded().context("export-tiles needs an embedded log")?;
            let result = tiles::export_tiles(log, &dir);
            close(&ledger)?;
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
        Command::Import(ImportCommand::Polis(a)) => import::import_polis(a)?,
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
        Command::Import(ImportCommand::Csv(a)) => import::import_csv(a)?,
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
        Command::Migrate(a) => return migrate::migrate(a),
        Command::Demo { data } => {
            let (ledger, dir) = open_ledger(&data, None)?;
            let r = fill_demo(&ledger, &dir);
            close(&ledger)?;
            println!("{}", r?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

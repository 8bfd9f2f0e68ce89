//! `heard verify`: receipts, consistency and checkpoints checked offline.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use super::serve::close;
use super::{client, open_ledger};
use crate::protocol::note::{Checkpoint, Note, NoteVerifier};
use crate::protocol::{Hash, merkle, receipt};

#[derive(Subcommand)]
pub(super) enum VerifyCommand {
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

pub(super) fn read_input(path: &Path) -> anyhow::Result<String> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).context("reading standard input")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
    }
}

pub(super) fn verifier(text: &str) -> anyhow::Result<NoteVerifier> {
    NoteVerifier::from_text(text.trim()).with_context(|| format!("reading verifier key {text:?}"))
}

pub(super) fn open_checkpoint(path: &Path, key: &NoteVerifier) -> anyhow::Result<Checkpoint> {
    let text = read_input(path)?;
    let note = Note::parse(&text).with_context(|| format!("{} is not a signed note", path.display()))?;
    note.verify(std::slice::from_ref(key))
        .with_context(|| format!("{} is not signed by {}", path.display(), key.name()))?;
    Checkpoint::parse_text(&note.text).with_context(|| format!("{} is not a checkpoint", path.display()))
}

pub(super) fn verify(cmd: VerifyCommand) -> anyhow::Result<ExitCode> {
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

pub(super) fn parse_hashes(text: &str) -> anyhow::Result<Vec<Hash>> {
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

/// A consistency proof from a running log (checked by the caller, never trusted).
pub(super) fn fetch_consistency(client: &client::Client, old: u64, new: u64) -> anyhow::Result<Vec<Hash>> {
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

//! `heard witness serve`: a C2SP tlog-witness for one or more logs over HTTP
//! ([`crate::server::witness_api`]).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::client;
use super::serve::{init_logging, shutdown_signal};
use super::unix_now;
use super::verify::{fetch_consistency, verifier};
use crate::protocol::Hash;
use crate::protocol::note::{Checkpoint, Cosigner, Note};
use crate::witness::Witness;
use crate::witness::add::WitnessService;

/// `heard witness`'s subcommands.
#[derive(Subcommand)]
pub enum WitnessCommand {
    /// Run a C2SP tlog-witness: answer `POST /add-checkpoint` from the logs whose keys are given.
    ///
    /// Logs (a `heard serve` whose `witnesses` file names this witness with its URL) post
    /// each new checkpoint with a consistency proof; the witness checks it extends the last
    /// one it cosigned for that log (kept in STATE, one file a log, written atomically),
    /// and answers with its cosignature. Prints the URL it listens on.
    /// Example: heard witness serve --key witness.key --log-key 'heard.localhost/log+1234abcd+AX...' --listen 127.0.0.1:7380 --state ./witness-state
    Serve(ServeArgs),
}

/// `heard witness serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The witness's key file (`heard keygen --witness`).
    #[arg(long)]
    key: PathBuf,
    /// A log's verifier key (repeat for several logs; one key per origin).
    #[arg(long, required = true)]
    log_key: Vec<String>,
    /// Address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:7380")]
    listen: String,
    /// Folder for the last checkpoint cosigned per log (created if missing).
    #[arg(long, default_value = "heard-witness")]
    state: PathBuf,
}

/// Runs `heard witness serve` until Ctrl-C or SIGTERM.
pub fn serve(args: ServeArgs) -> anyhow::Result<()> {
    init_logging();
    let signer = crate::keys::read_key_file(&args.key)?;
    let cosigner = Cosigner::new(signer.name(), signer.signing_key().to_bytes())?;
    let logs = args.log_key.iter().map(|k| verifier(k)).collect::<anyhow::Result<Vec<_>>>()?;
    std::fs::create_dir_all(&args.state).with_context(|| format!("creating {}", args.state.display()))?;
    let service = WitnessService::new(cosigner, logs, &args.state).map_err(|e| anyhow::anyhow!("{e}"))?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        let addr = listener.local_addr()?;
        let shutdown = shutdown_signal();
        println!("heard: witness key {}", service.verifier().to_text());
        println!("heard: witnessing at http://{addr} (POST http://{addr}/add-checkpoint)");
        crate::server::witness_api::run_witness(listener, Arc::new(service), shutdown).await.context("serving")?;
        anyhow::Ok(())
    })
}

/// One witnessing round against a running log: fetch, check, cosign, post back.
pub(super) fn witness_over_http(w: &Witness, cosigner: &Cosigner, url: &str) -> anyhow::Result<String> {
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
pub(super) fn witness_round(
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

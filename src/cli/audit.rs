//! `heard audit`: of an embedded data folder, or (`--postgres`, `--bucket`) of a log kept in
//! PostgreSQL and published to a bucket (`scale::audit`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::keys::{DataDir, read_key_file, statement_key};
use crate::log::audit;
use crate::protocol::note::NoteVerifier;
use crate::scale::{ScaleError, bucket};

/// Arguments of `heard audit`.
#[derive(clap::Args)]
pub(super) struct AuditArgs {
    /// Data folder to audit (default heard-data); with --postgres, the folder whose log key
    /// and operator key the log in PostgreSQL must be under (nothing else is read from it).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Check only the log (chain, signatures, Merkle tree), not the attribution policy;
    /// for folders filled by `heard append`, whose sample statements are not domain statements.
    #[arg(long)]
    log_only: bool,
    /// Audit the log in this PostgreSQL and --bucket instead of a data folder, e.g.
    /// postgres://heard@db.example.org/heard (nothing is written).
    #[arg(long, env = "HEARD_POSTGRES", hide_env_values = true)]
    postgres: Option<String>,
    /// With --postgres: the bucket the log is published to, s3://NAME (endpoint and
    /// credentials from the AWS environment variables, as for heard migrate).
    #[arg(long, env = "HEARD_BUCKET")]
    bucket: Option<String>,
    /// With --postgres: the folder inside the bucket the log is under.
    #[arg(long, env = "HEARD_BUCKET_PREFIX")]
    prefix: Option<String>,
    /// With --postgres, instead of --data: the log's verifier key (as heard keys prints it),
    /// or a file holding it. The bucket's checkpoint must be signed by it.
    #[arg(long, conflicts_with = "data")]
    log_key: Option<String>,
    /// With --log-key: the operator's verifier key (as heard keys prints it), or a file
    /// holding it, under which the rules are replayed (not needed with --log-only).
    #[arg(long, conflicts_with = "data")]
    operator_key: Option<String>,
}

pub(super) fn audit(a: AuditArgs) -> anyhow::Result<ExitCode> {
    match a.postgres.clone() {
        Some(url) => scale_audit(a, &url),
        None => embedded(&a.data.unwrap_or_else(|| PathBuf::from("heard-data")), a.log_only),
    }
}

fn embedded(data: &Path, log_only: bool) -> anyhow::Result<ExitCode> {
    // Audit reads the store directly: a damaged log must still be examined, even
    // though it may not open for appends.
    let dir = DataDir::new(data);
    if !dir.log_key().exists() {
        anyhow::bail!("{} has no log key: is it a Heard data folder?", data.display());
    }
    let (keys, _) = dir.init_keys("")?;
    let store = crate::log::store::Store::open(&dir.db())
        .with_context(|| format!("opening the store in {}", data.display()))?;
    let started = Instant::now();
    match audit::audit(&store, &keys.log.verifier()) {
        Ok(r) => {
            passed(r.entries, &r.root, started);
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
    Ok(ExitCode::SUCCESS)
}

fn passed(entries: u64, root: &crate::protocol::Hash, started: Instant) {
    println!("audit passed: {entries} entries, root {}, {:.2} s", hex::encode(root), started.elapsed().as_secs_f64());
}

/// An error with its stable code first.
fn coded(e: ScaleError) -> anyhow::Error {
    anyhow::anyhow!("{}: {e}", e.code())
}

/// A verifier key given as its text or as a file holding it.
fn key_arg(flag: &str, given: &str) -> anyhow::Result<NoteVerifier> {
    let path = Path::new(given);
    let text = if path.is_file() {
        std::fs::read_to_string(path).with_context(|| format!("bad_key: reading {flag} {}", path.display()))?
    } else {
        given.to_owned()
    };
    NoteVerifier::from_text(text.trim()).map_err(|e| {
        anyhow::anyhow!("bad_key: {flag} is not a verifier key (as heard keys prints it) nor a file holding one: {e}")
    })
}

/// The log key, and the operator's unless `log_only`, from `--data` or the key flags.
fn keys(a: &AuditArgs) -> anyhow::Result<(NoteVerifier, Option<[u8; 32]>)> {
    if let Some(data) = &a.data {
        let dir = DataDir::new(data);
        if !dir.log_key().is_file() || (!a.log_only && !dir.operator_key().is_file()) {
            anyhow::bail!("not_a_data_folder: {} has no log.key and operator.key", data.display());
        }
        let log = read_key_file(&dir.log_key())?.verifier();
        let operator = match a.log_only {
            true => None,
            false => Some(read_key_file(&dir.operator_key())?.verifier().public_key()),
        };
        return Ok((log, operator));
    }
    let Some(log) = &a.log_key else {
        anyhow::bail!(
            "missing_key: give --log-key (the log's verifier key) or --data (a folder with the log's key): the \
             audit does not take the key from the database or the bucket it checks"
        );
    };
    let log = key_arg("--log-key", log)?;
    let operator = match (&a.operator_key, a.log_only) {
        (_, true) => None,
        (Some(k), false) => Some(key_arg("--operator-key", k)?.public_key()),
        (None, false) => anyhow::bail!(
            "missing_key: give --operator-key (the operator's verifier key), under which the rules are \
             replayed, or --log-only"
        ),
    };
    Ok((log, operator))
}

fn scale_audit(a: AuditArgs, url: &str) -> anyhow::Result<ExitCode> {
    let Some(bucket_url) = &a.bucket else {
        anyhow::bail!("bad_bucket_url: --postgres needs --bucket s3://NAME, the bucket the log is published to");
    };
    let prefix = bucket::prefix(a.prefix.as_deref().unwrap_or_default()).map_err(coded)?;
    let store = bucket::open(bucket_url).map_err(coded)?;
    let mut pg: tokio_postgres::Config = url.parse().map_err(|e| {
        anyhow::anyhow!("bad_postgres_url: --postgres is not a PostgreSQL URL (postgres://USER@HOST/DATABASE): {e}")
    })?;
    if pg.get_connect_timeout().is_none() {
        pg.connect_timeout(Duration::from_secs(10));
    }
    let (log_key, operator) = keys(&a)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let started = Instant::now();
    let found = rt.block_on(async {
        let (client, conn) = pg
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(|e| anyhow::anyhow!("postgres_unavailable: cannot connect to PostgreSQL (--postgres): {e}"))?;
        tokio::spawn(conn);
        crate::scale::audit::audit(&client, &store, &prefix, &log_key, operator).await.map_err(coded)
    })?;
    match found.log {
        Ok(r) => {
            passed(r.entries, &r.root, started);
            println!(
                "the bucket's checkpoint verifies with {}, and its {} hash tiles and {} entry bundles hold the \
                 entries' bytes",
                log_key.to_text(),
                r.tiles,
                r.bundles
            );
            println!(
                "PostgreSQL's {} Merkle nodes are the entries' nodes; its {} checkpoints verify with the log key and \
                 hold the entries' roots; its {} witness cosignatures verify; its {} values beside entries match \
                 their digests, and its {} erased values are of withdrawn ideas",
                r.nodes, r.checkpoints, r.cosignatures, r.values, r.erased
            );
            if r.unsigned > 0 {
                println!(
                    "and {} entries in PostgreSQL after that checkpoint, checked for their chain and signatures: \
                     they are not yet integrated",
                    r.unsigned
                );
            }
        }
        Err(f) => {
            println!("audit FAILED: {f}");
            return Ok(ExitCode::from(1));
        }
    }
    match found.policy {
        None => {}
        Some(Ok(rows)) => println!("policy audit passed: every entry admitted, {rows} index rows equal heard_rows"),
        Some(Err(f)) => {
            println!("policy audit FAILED: {f}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

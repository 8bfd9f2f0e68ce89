//! `heard migrate`: copies an embedded data folder's log into PostgreSQL and a bucket, and
//! proves that the copy has the same checkpoint (the steps are in `scale::migrate`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;

use crate::keys::{DataDir, read_key_file};
use crate::log::store::Store;
use crate::scale::integrate::Integrator;
use crate::scale::{ScaleError, bucket, migrate};

/// Arguments of `heard migrate`.
#[derive(clap::Args)]
pub(super) struct MigrateArgs {
    /// The embedded data folder to copy (read only; it must not be running).
    #[arg(long, default_value = "heard-data")]
    data: PathBuf,
    /// PostgreSQL to copy into, e.g. postgres://heard@db.example.org/heard (its tables are
    /// created when missing).
    #[arg(long, env = "HEARD_POSTGRES", hide_env_values = true)]
    postgres: String,
    /// The bucket for tiles and the checkpoint: s3://NAME, with the endpoint and credentials
    /// from the usual AWS environment variables (AWS_ENDPOINT_URL, AWS_REGION,
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY; AWS_ALLOW_HTTP=true for a local emulator).
    #[arg(long, env = "HEARD_BUCKET")]
    bucket: String,
    /// The folder inside the bucket the log goes under (default: the bucket's root).
    #[arg(long, env = "HEARD_BUCKET_PREFIX")]
    prefix: Option<String>,
}

/// An error with its stable code first.
fn coded(e: ScaleError) -> anyhow::Error {
    anyhow::anyhow!("{}: {e}", e.code())
}

pub(super) fn migrate(a: MigrateArgs) -> anyhow::Result<ExitCode> {
    // Everything that can be checked without touching anything first.
    let prefix = bucket::prefix(a.prefix.as_deref().unwrap_or_default()).map_err(coded)?;
    let store_bucket = bucket::open(&a.bucket).map_err(coded)?;
    let mut pg_config: tokio_postgres::Config = a.postgres.parse().map_err(|e| {
        anyhow::anyhow!("bad_postgres_url: --postgres is not a PostgreSQL URL (postgres://USER@HOST/DATABASE): {e}")
    })?;
    if pg_config.get_connect_timeout().is_none() {
        pg_config.connect_timeout(Duration::from_secs(10));
    }
    let dir = DataDir::new(&a.data);
    if !dir.log_key().is_file() || !dir.operator_key().is_file() || !dir.db().is_dir() {
        anyhow::bail!(
            "not_a_data_folder: {} is not a Heard data folder (it has no log.key, operator.key and db/)",
            a.data.display()
        );
    }
    let signer = read_key_file(&dir.log_key())?;
    // The genesis operator key the folder's rules are enforced under (as `heard serve`).
    let operator = read_key_file(&dir.operator_key())?.signing_key().verifying_key().to_bytes();
    let log_key = signer.verifier();
    let store = Store::open(&dir.db()).with_context(|| format!("opening the embedded log in {}", a.data.display()))?;
    let embedded = migrate::Embedded::open(&store, &log_key).map_err(coded)?;
    let folder = migrate::Folder::read(&embedded).map_err(coded)?;
    let size = embedded.checkpoint.size;
    println!("embedded log: {size} entries under its last checkpoint, origin {}", embedded.checkpoint.origin);
    if embedded.unsigned > 0 {
        println!(
            "  and {} entries after that checkpoint, not copied: open the folder once (heard serve or \
             heard receipt) so that the log signs a checkpoint over them, then migrate again",
            embedded.unsigned
        );
    }

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async {
        let cfg = &pg_config;
        let connect = move || async move {
            let (client, conn) = cfg
                .connect(tokio_postgres::NoTls)
                .await
                .map_err(|e| anyhow::anyhow!("postgres_unavailable: cannot connect to PostgreSQL (--postgres): {e}"))?;
            tokio::spawn(conn);
            anyhow::Ok(client)
        };
        let mut client = connect().await?;
        migrate::check_bucket(&store_bucket, &prefix, &log_key).await.map_err(coded)?;
        crate::scale::pg::migrate(&client).await.map_err(coded)?;

        let step = (size / 20).max(migrate::COPY_BATCH as u64);
        let mut next_line = step;
        let copied = migrate::copy(&mut client, &embedded, |n| {
            if n >= next_line && n < size {
                eprintln!("heard: copied {n} of {size} entries");
                next_line = n + step;
            }
        })
        .await
        .map_err(coded)?;
        println!(
            "copied {} entries into PostgreSQL ({} were already there, the same bytes)",
            copied.copied, copied.already
        );

        let mut next_line = step;
        let rules = crate::attribution::policy::batch::BatchPolicy::new(operator);
        let applied = migrate::apply_rows(&mut client, &rules, |n| {
            if n >= next_line && n < size {
                eprintln!("heard: applied the domain rows of {n} of {size} entries");
                next_line = n + step;
            }
        })
        .await
        .map_err(coded)?;
        println!(
            "applied the domain rows of {} entries in PostgreSQL ({} were already applied)",
            applied.applied, applied.already
        );

        let mut integrator = Integrator::new(connect().await?, store_bucket.clone(), &prefix, signer);
        let integrated = migrate::integrate(&mut integrator, &client, |n| {
            if n < size {
                eprintln!("heard: integrated {n} of {size} entries");
            }
        })
        .await
        .map_err(coded)?;
        println!("integrated {integrated} entries into tiles in the bucket");

        let mut next_line = step;
        let side = migrate::copy_side(&mut client, &folder, |n| {
            if n >= next_line && n < size {
                eprintln!("heard: copied the values beside {n} of {size} entries");
                next_line = n + step;
            }
        })
        .await
        .map_err(coded)?;
        println!(
            "copied {} values beside entries, {} erasures and {} cosignatures into PostgreSQL",
            side.values, side.erased, side.cosignatures
        );

        let c = migrate::compare(&store_bucket, &prefix, &log_key, &embedded.checkpoint).await.map_err(coded)?;
        let s = migrate::compare_side(&client, &folder).await.map_err(coded)?;
        let indent = |t: &str| t.lines().map(|l| format!("  {l}\n")).collect::<String>();
        print!("embedded checkpoint:\n{}bucket checkpoint:\n{}", indent(&c.embedded), indent(&c.bucket));
        println!("values beside entries:\n  embedded: {}\n  postgres: {}", s.embedded_values, s.postgres_values);
        println!("cosignatures:\n  embedded: {}\n  postgres: {}", s.embedded_cosignatures, s.postgres_cosignatures);
        Ok(match (c.difference, s.difference) {
            (None, None) => {
                println!(
                    "migrate passed: the bucket's checkpoint is the embedded log's, signed by the same key, and \
                     PostgreSQL holds the same values beside the entries and the same cosignatures"
                );
                ExitCode::SUCCESS
            }
            (Some(why), _) => {
                println!("migrate FAILED: the bucket's checkpoint is not the embedded log's: {why}");
                ExitCode::from(1)
            }
            (None, Some(why)) => {
                println!("migrate FAILED: PostgreSQL does not hold what the folder keeps beside its log: {why}");
                ExitCode::from(1)
            }
        })
    })
}

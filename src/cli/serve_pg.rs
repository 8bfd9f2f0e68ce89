//! `heard serve --postgres URL --bucket s3://…`: the ledger of a log kept in PostgreSQL and
//! published to a bucket, with the keys of a data folder (made on first run).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use super::DEFAULT_ORIGIN;
use crate::keys::DataDir;
use crate::ledger::Ledger;
use crate::scale::backend::PgBackend;
use crate::scale::service::PgConfig;
use crate::scale::{ScaleError, bucket};
use crate::search::{Search, SearchOptions};

/// An error with its stable code first.
fn coded(e: ScaleError) -> anyhow::Error {
    anyhow::anyhow!("{}: {e}", e.code())
}

/// Opens the ledger on PostgreSQL at `url` and the bucket `bucket_url` (under `prefix`), with
/// the keys of the data folder `data`, and erases the text of any idea whose withdrawal a
/// crash separated from its erasure. Then builds this process's search index from the whole
/// log, in a folder of its own under `<data>/search-postgres/` (processes may share a data
/// folder; the folder is removed when the ledger is dropped). Runs on a multi-threaded
/// runtime.
pub(super) async fn open(
    data: &Path,
    origin: Option<&str>,
    url: &str,
    bucket_url: &str,
    prefix: Option<&str>,
) -> anyhow::Result<(Ledger, DataDir)> {
    let prefix = bucket::prefix(prefix.unwrap_or_default()).map_err(coded)?;
    let store = bucket::open(bucket_url).map_err(coded)?;
    let _: tokio_postgres::Config = url.parse().map_err(|e| {
        anyhow::anyhow!("bad_postgres_url: --postgres is not a PostgreSQL URL (postgres://USER@HOST/DATABASE): {e}")
    })?;
    let dir = DataDir::new(data);
    if !dir.log_key().exists() {
        eprintln!("heard: creating {} with a new log key and operator key", data.display());
    }
    let (keys, _) = dir.init_keys(origin.unwrap_or(DEFAULT_ORIGIN))?;
    let operator = keys.operator.signing_key().verifying_key().to_bytes();
    let policy = crate::witness::policy::read(data)?;
    let backend = PgBackend::open(url, store, &prefix, keys.log, operator, PgConfig::default()).await.map_err(coded)?;
    let ledger = Ledger::on_postgres(Arc::new(backend), operator).with_witness_policy(policy)?;
    tokio::task::block_in_place(|| ledger.erase_withdrawn())
        .context("erasing the text of ideas withdrawn before a crash")?;
    let index = Search::shared_dir_of(data);
    let ledger = tokio::task::block_in_place(|| ledger.with_search(&index, SearchOptions::default()))
        .with_context(|| format!("building the search index in {}", index.display()))?;
    Ok((ledger, dir))
}

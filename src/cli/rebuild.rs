//! `heard rebuild all|domain|index`: throws a follower of the log away and lets the open
//! that follows rebuild it from the journal (`log::store::discard_followers`).

use std::path::Path;

use anyhow::Context as _;

use crate::keys::DataDir;
use crate::log::store::{Follower, discard_followers};

pub(super) fn followers(what: &str, data: &Path) -> anyhow::Result<()> {
    super::serve::init_logging();
    let dir = DataDir::new(data);
    if !dir.log_key().exists() {
        anyhow::bail!("{} is not a Heard data folder (it has no log.key)", data.display());
    }
    let which = match what {
        "all" => Follower::All,
        "domain" => Follower::Domain,
        "index" => Follower::Index,
        other => anyhow::bail!("cannot rebuild {other:?}: choose all, domain, index or search"),
    };
    let started = std::time::Instant::now();
    let removed = discard_followers(&dir.db(), which)
        .with_context(|| format!("clearing the {what} follower in {}", dir.db().display()))?;
    eprintln!("heard: removed {} ({}); rebuilding from the journal", removed.len(), removed.join(", "));
    let (ledger, _) = super::open_ledger(data, None)?;
    let latest = ledger.log().latest();
    super::serve::close(&ledger)?;
    println!(
        "rebuilt {what} from the journal: {} entries, root {} ({:.1} s)",
        latest.size,
        hex::encode(latest.root),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

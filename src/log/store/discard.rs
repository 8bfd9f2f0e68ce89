//! What `heard rebuild` throws away, and what an older build kept for the followers.

use super::*;

/// What [`discard_followers`] throws away, for the next open to rebuild from the journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follower {
    /// The domain's rows (fjall's `domain` keyspace): the gate applies every entry again.
    Domain,
    /// The hash indexes (fjall's `index` keyspace): indexed again from the entries.
    Index,
    /// sled itself (head, text and cosignature indexes) and the followers' fjall database.
    All,
}

/// Whether `name`, in a store's folder, is a file an older build's hash indexes or domain
/// rows kept (run files, their temporary files, a Bloom filter); open deletes them.
fn legacy_follower_file(name: &str) -> bool {
    name.starts_with("hidx-") || name.starts_with("hidx.") || name.starts_with("drun-") || name == "domain-keys.bloom"
}

/// The sled rows older builds kept for the hash indexes (`H`, `S`) and the domain's rows
/// (`D`, then `U`); open removes them.
pub(super) const LEGACY_ROWS: &[u8] = b"HSDU";

/// Throws away a follower of the store in `dir` (see [`Follower`]); the next open rebuilds
/// it from the journal. Refused while the store is open (sled's lock is taken first).
/// Returns the names of what was removed (files, and fjall keyspaces as `followers/<name>`).
pub fn discard_followers(dir: &Path, which: Follower) -> Result<Vec<String>, StoreError> {
    let db = sled::Config::new().path(dir).open().map_err(|e| match e {
        sled::Error::Io(io) if io.to_string().starts_with("could not acquire lock") => StoreError::Io(
            std::io::Error::other(format!("{} is in use: stop the server that has it open first", dir.display())),
        ),
        other => other.into(),
    })?;
    let mut removed = Vec::new();
    if which != Follower::All {
        let tree = db.open_tree("log")?;
        remove_prefixes(&tree, LEGACY_ROWS)?;
        let followers = Followers::open(dir)?;
        let (w, name) = match which {
            Follower::Index => (Which::Index, "followers/index"),
            _ => (Which::Domain, "followers/domain"),
        };
        followers.clear(w)?;
        removed.push(name.to_string());
    }
    db.flush()?;
    drop(db);
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let sled_file = name == "conf" || name == "db" || name == "blobs" || name.starts_with("snap.");
        let go = legacy_follower_file(&name) || (which == Follower::All && (sled_file || name == followers::DIR));
        if go {
            if e.file_type()?.is_dir() {
                std::fs::remove_dir_all(e.path())?;
            } else {
                std::fs::remove_file(e.path())?;
            }
            removed.push(name);
        }
    }
    removed.sort();
    sync_dir(dir)?;
    Ok(removed)
}

/// Deletes what older builds kept for the followers (run files, sled rows): the fjall
/// database's watermarks, 0 in such a folder, have them rebuilt from the journal.
pub(super) fn remove_legacy_followers(dir: &Path, tree: &sled::Tree) -> Result<(), StoreError> {
    let mut files = 0;
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        if legacy_follower_file(&e.file_name().to_string_lossy()) {
            std::fs::remove_file(e.path())?;
            files += 1;
        }
    }
    let rows = remove_prefixes(tree, LEGACY_ROWS)?;
    if files + rows > 0 {
        tracing::info!(files, rows, "removed an older build's hash index and domain row files and rows");
    }
    Ok(())
}

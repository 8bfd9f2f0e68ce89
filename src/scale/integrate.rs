//! Integration: one process at a time turns sequenced entries into Merkle nodes, tiles, entry
//! bundles and a signed checkpoint, and publishes them to a bucket in the C2SP tlog-tiles
//! layout (`<prefix>/checkpoint`, `<prefix>/tile/<L>/<N>[.p/<W>]`,
//! `<prefix>/tile/entries/<N>[.p/<W>]`).
//!
//! Order of one step, so that a process killed anywhere leaves nothing a successor cannot
//! finish: (1) compute the nodes of the next entries from the frontier stored in PostgreSQL;
//! (2) in one transaction, insert the nodes, write every tile and bundle they complete or
//! extend with create-only puts (a successor writes the same bytes again, which is accepted;
//! other bytes are [`ScaleError::Conflict`]), record the signed checkpoint keyed by its size
//! ([`ScaleError::Fork`] if that size already has another root) and move `integrated` (the
//! head row is locked only by this last update, guarded by the size it started from); commit;
//! (3) publish the checkpoint with a compare-and-swap put that never replaces a larger tree.

use std::collections::HashMap;
use std::sync::Arc;

use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, PutMode, PutOptions, PutPayload, UpdateVersion};
use tokio_postgres::{Client, GenericClient};

use super::ScaleError;
use super::pg::{to_hash, to_i64, to_u64};
use crate::log::tiles::{TILE_HEIGHT, TILE_WIDTH, entry_bundle_path, tile_path};
use crate::protocol::Hash;
use crate::protocol::entry::entry_hash;
use crate::protocol::merkle::{Frontier, stored_node_count};
use crate::protocol::note::{Checkpoint, Note, NoteSigner};

/// The session advisory lock the integrating process holds (`pg_try_advisory_lock`).
pub const LEADER_LOCK: i64 = 0x4865_6172_6400; // "Heard\0"

/// The `LISTEN`/`NOTIFY` channel on which each integration step announces, in its own
/// transaction, the size of the checkpoint it recorded.
pub const CHECKPOINT_CHANNEL: &str = "heard_checkpoint";

/// A checkpoint an integration step signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    /// The tree size.
    pub size: u64,
    /// The root.
    pub root: Hash,
    /// The signed note.
    pub note: String,
}

/// The integrator: a dedicated PostgreSQL connection (which holds the lock), the bucket and
/// the log's signing key.
pub struct Integrator {
    client: Client,
    bucket: Bucket,
    signer: NoteSigner,
}

/// The bucket and the log's prefix in it.
struct Bucket {
    store: Arc<dyn ObjectStore>,
    prefix: String,
}

/// The stored nodes the frontier of a tree of `size` leaves consists of: for each set bit
/// `l` of `size`, the node `(l, (size >> l) - 1)`.
fn frontier_coords(size: u64) -> Vec<(u8, u64)> {
    (0..64u8).rev().filter(|l| size >> l & 1 == 1).map(|l| (l, (size >> l) - 1)).collect()
}

impl Integrator {
    /// An integrator over `client` (a connection of its own: the lock lives and dies with it),
    /// writing under `prefix` (no leading or trailing slash; empty for the bucket's root).
    pub fn new(client: Client, bucket: Arc<dyn ObjectStore>, prefix: &str, signer: NoteSigner) -> Self {
        Integrator { client, bucket: Bucket { store: bucket, prefix: prefix.trim_matches('/').to_owned() }, signer }
    }

    /// Tries to become the one integrating process. The lock is held until this connection
    /// closes, so a process that dies hands over to the next one that asks.
    pub async fn try_lead(&self) -> Result<bool, ScaleError> {
        let row = self.client.query_one("SELECT pg_try_advisory_lock($1)", &[&LEADER_LOCK]).await?;
        Ok(row.get(0))
    }

    /// Integrates up to `max` sequenced entries past the integrated size, if there are any,
    /// and publishes the checkpoint. The caller must hold the lead ([`Integrator::try_lead`]):
    /// without it the step is refused.
    pub async fn step(&mut self, max: u64) -> Result<Option<Published>, ScaleError> {
        let holds = self
            .client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() \
                 AND granted AND ((classid::bigint << 32) | objid::bigint) = $1)",
                &[&LEADER_LOCK],
            )
            .await?
            .get::<_, bool>(0);
        if !holds {
            return Err(ScaleError::Corrupt("this process does not hold the integration lock".into()));
        }
        // The head row is read, not locked: only the lead moves `integrated`, and sequencers
        // only move `size` past entries they committed. Locking it here would hold every
        // sequencing transaction back while this step reads, hashes and writes to the bucket;
        // the row is locked only by the guarded UPDATE at the end, just before the commit.
        let tx = self.client.transaction().await?;
        let row = tx.query_one("SELECT size, integrated FROM heard_head WHERE id = 0", &[]).await?;
        let (size, from) = (to_u64(row.get(0), "the log's size")?, to_u64(row.get(1), "the integrated size")?);
        if from == size {
            tx.commit().await?;
            self.publish_latest().await?;
            return Ok(None);
        }
        let to = size.min(from.saturating_add(max.max(1)));
        let entries = super::pg::entries(tx.client(), from, to).await?;

        let coords = frontier_coords(from);
        let mut known = HashMap::new();
        for (level, idx) in &coords {
            let row = tx
                .query_opt(
                    "SELECT hash FROM heard_nodes WHERE level = $1 AND idx = $2",
                    &[&i16::from(*level), &to_i64(*idx, "a tree position")?],
                )
                .await?
                .ok_or_else(|| ScaleError::Corrupt(format!("Merkle node ({level}, {idx}) is missing")))?;
            known.insert((*level, *idx), to_hash(row.get(0), "a Merkle node")?);
        }
        let mut frontier = Frontier::from_store(from, |l, i| {
            known.get(&(l, i)).copied().ok_or_else(|| ScaleError::Corrupt(format!("Merkle node ({l}, {i}) is missing")))
        })?;
        let (mut levels, mut idxs, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
        for e in &entries {
            for (level, idx, hash) in frontier.append(entry_hash(e)) {
                levels.push(i16::from(level));
                idxs.push(to_i64(idx, "a tree position")?);
                hashes.push(hash.to_vec());
            }
        }
        tx.execute(
            "INSERT INTO heard_nodes (level, idx, hash) SELECT * FROM UNNEST($1::smallint[], $2::bigint[], $3::bytea[])",
            &[&levels, &idxs, &hashes],
        )
        .await?;
        let root = frontier.root();

        self.bucket.write_tiles(&tx, from, to).await?;

        let note = self.signer.sign_checkpoint(to, root)?;
        tx.execute(
            "INSERT INTO heard_checkpoints (size, root, note) VALUES ($1, $2, $3) ON CONFLICT (size) DO NOTHING",
            &[&to_i64(to, "a tree position")?, &root.as_slice(), &note],
        )
        .await?;
        let recorded: Vec<u8> = tx
            .query_one("SELECT root FROM heard_checkpoints WHERE size = $1", &[&to_i64(to, "a tree position")?])
            .await?
            .get(0);
        if recorded != root {
            return Err(ScaleError::Fork { size: to });
        }
        let moved = tx
            .execute(
                "UPDATE heard_head SET integrated = $1 WHERE id = 0 AND integrated = $2",
                &[&to_i64(to, "a tree position")?, &to_i64(from, "a tree position")?],
            )
            .await?;
        if moved != 1 {
            return Err(ScaleError::Corrupt(format!(
                "the integrated size moved from {from} while this step integrated it: two integrators at once"
            )));
        }
        // Delivered to every listening process when (and only if) this commits: they learn
        // of the checkpoint without polling (`scale::service`).
        tx.execute("SELECT pg_notify($1, $2)", &[&CHECKPOINT_CHANNEL, &to.to_string()]).await?;
        tx.commit().await?;
        self.bucket.put_checkpoint(to, &note).await?;
        Ok(Some(Published { size: to, root, note }))
    }

    /// Publishes the newest checkpoint PostgreSQL recorded, when the bucket's is older (a
    /// predecessor died between its commit and its put).
    pub async fn publish_latest(&self) -> Result<(), ScaleError> {
        let row =
            self.client.query_opt("SELECT size, note FROM heard_checkpoints ORDER BY size DESC LIMIT 1", &[]).await?;
        if let Some(row) = row {
            let size = to_u64(row.get(0), "a checkpoint's size")?;
            let note: String = row.get(1);
            self.bucket.put_checkpoint(size, &note).await?;
        }
        Ok(())
    }
}

impl Bucket {
    fn path(&self, rel: &str) -> Path {
        if self.prefix.is_empty() { Path::from(rel) } else { Path::from(format!("{}/{rel}", self.prefix)) }
    }

    /// Writes every hash tile and entry bundle that entries `from..to` complete or extend.
    async fn write_tiles(&self, tx: &impl GenericClient, from: u64, to: u64) -> Result<(), ScaleError> {
        let width = TILE_WIDTH;
        for tile_level in 0u8..=63 {
            let Ok(level) = u8::try_from(u32::from(tile_level) * TILE_HEIGHT) else { break };
            if level > 63 {
                break;
            }
            let (old, new) = (stored_node_count(level, from), stored_node_count(level, to));
            if new == 0 {
                break;
            }
            if new == old {
                continue;
            }
            for t in old / width..=(new - 1) / width {
                let w = (new - t * width).min(width);
                let rows = tx
                    .query(
                        "SELECT idx, hash FROM heard_nodes WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx",
                        &[
                            &i16::from(level),
                            &to_i64(t * width, "a tree position")?,
                            &to_i64(t * width + w, "a tree position")?,
                        ],
                    )
                    .await?;
                if rows.len() as u64 != w {
                    return Err(ScaleError::Corrupt(format!(
                        "tile {tile_level}/{t}: {} of {w} nodes stored",
                        rows.len()
                    )));
                }
                let mut bytes = Vec::with_capacity(rows.len() * 32);
                for r in &rows {
                    bytes.extend_from_slice(&to_hash(r.get(1), "a Merkle node")?);
                }
                self.put_create(&tile_path(tile_level, t, w), bytes).await?;
            }
        }
        for t in from / width..=(to - 1) / width {
            let w = (to - t * width).min(width);
            let mut bytes = Vec::new();
            for (i, e) in super::pg::entries(tx.client(), t * width, t * width + w).await?.into_iter().enumerate() {
                let len = u16::try_from(e.len()).map_err(|_| {
                    ScaleError::Corrupt(format!(
                        "entry {} is {} bytes, too long for a bundle",
                        t * width + i as u64,
                        e.len()
                    ))
                })?;
                bytes.extend_from_slice(&len.to_be_bytes());
                bytes.extend_from_slice(&e);
            }
            self.put_create(&entry_bundle_path(t, w), bytes).await?;
        }
        Ok(())
    }

    /// A create-only put. An object already there with the same bytes (written by an
    /// integrator that died before it committed) is accepted; other bytes are an alarm.
    async fn put_create(&self, rel: &str, bytes: Vec<u8>) -> Result<(), ScaleError> {
        let path = self.path(rel);
        let opts = PutOptions { mode: PutMode::Create, ..Default::default() };
        match self.store.put_opts(&path, PutPayload::from(bytes.clone()), opts).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::AlreadyExists { .. }) => {
                let there = self.store.get(&path).await?.bytes().await?;
                if there.as_ref() == bytes.as_slice() {
                    Ok(())
                } else {
                    Err(ScaleError::Conflict { path: path.to_string() })
                }
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Replaces the bucket's checkpoint with `note` (of a tree of `size`) by compare-and-swap,
    /// unless the bucket already holds one at least as large. The same size with other bytes
    /// is a fork.
    async fn put_checkpoint(&self, size: u64, note: &str) -> Result<(), ScaleError> {
        let path = self.path("checkpoint");
        loop {
            let mode = match self.store.get(&path).await {
                Ok(current) => {
                    let version =
                        UpdateVersion { e_tag: current.meta.e_tag.clone(), version: current.meta.version.clone() };
                    let bytes = current.bytes().await?;
                    let text = std::str::from_utf8(&bytes)
                        .map_err(|_| ScaleError::Corrupt("the bucket's checkpoint is not UTF-8".into()))?;
                    let there = Checkpoint::parse_text(&Note::parse(text)?.text)?;
                    if there.size > size || (there.size == size && text == note) {
                        return Ok(());
                    }
                    if there.size == size {
                        return Err(ScaleError::Fork { size });
                    }
                    PutMode::Update(version)
                }
                Err(object_store::Error::NotFound { .. }) => PutMode::Create,
                Err(e) => return Err(e.into()),
            };
            let opts = PutOptions { mode, ..Default::default() };
            match self.store.put_opts(&path, PutPayload::from(note.as_bytes().to_vec()), opts).await {
                Ok(_) => return Ok(()),
                // Someone else wrote it between our read and our put: read it again.
                Err(object_store::Error::Precondition { .. } | object_store::Error::AlreadyExists { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frontier_is_one_node_per_set_bit() {
        assert_eq!(frontier_coords(0), vec![]);
        assert_eq!(frontier_coords(1), vec![(0, 0)]);
        assert_eq!(frontier_coords(6), vec![(2, 0), (1, 2)]);
        assert_eq!(frontier_coords(7), vec![(2, 0), (1, 2), (0, 6)]);
        assert_eq!(frontier_coords(256), vec![(8, 0)]);
    }
}

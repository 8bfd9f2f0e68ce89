//! The bucket's hash tiles and entry bundles against the ones the entries give.

use std::sync::Arc;

use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};

use super::{Failure, earliest, fail};
use crate::log::tiles::TILE_HEIGHT;
use crate::scale::ScaleError;

/// A tile or bundle the entries completed, to compare with the bucket's object.
pub(super) struct Expected {
    /// Relative to the log's prefix.
    pub path: String,
    pub bytes: Vec<u8>,
    /// Hash tiles: the tile level. Bundles: `None`.
    pub level: Option<u8>,
    /// The first index (node at the tile's Merkle level, or entry) the object holds.
    pub first: u64,
    /// Bundles: where each entry ends in `bytes`.
    pub ends: Vec<usize>,
}

impl Expected {
    /// The first entry under the first unit (hash or entry) where `there` differs.
    fn first_bad_seq(&self, there: &[u8]) -> u64 {
        let at = self.bytes.iter().zip(there).position(|(a, b)| a != b).unwrap_or(self.bytes.len().min(there.len()));
        match self.level {
            Some(level) => {
                let unit = (at / 32).min(self.bytes.len() / 32 - 1) as u64;
                (self.first + unit) << (u32::from(level) * TILE_HEIGHT)
            }
            None => {
                let unit = self.ends.iter().position(|&end| at < end).unwrap_or(self.ends.len() - 1);
                self.first + unit as u64
            }
        }
    }
}

pub(super) fn object_path(prefix: &str, rel: &str) -> Path {
    if prefix.is_empty() { Path::from(rel) } else { Path::from(format!("{prefix}/{rel}")) }
}

/// Compares the completed tiles and bundles with the bucket's objects; returns the first
/// failure and how many hash tiles and bundles were compared.
pub(super) async fn compare_objects(
    bucket: &Arc<dyn ObjectStore>,
    prefix: &str,
    done: Vec<Expected>,
) -> Result<(Option<Failure>, u64, u64), ScaleError> {
    let (mut bad, mut tiles, mut bundles) = (None, 0, 0);
    for e in done {
        let what = if e.level.is_some() { "tile" } else { "bundle" };
        let path = object_path(prefix, &e.path);
        let found = match bucket.get(&path).await {
            Ok(got) => {
                let there = got.bytes().await?;
                (there.as_ref() != e.bytes.as_slice()).then(|| {
                    let code = if e.level.is_some() { "tile_mismatch" } else { "bundle_mismatch" };
                    fail(Some(e.first_bad_seq(&there)), code, format!("the bucket's {path} differs from the entries"))
                })
            }
            Err(object_store::Error::NotFound { .. }) => {
                Some(fail(Some(e.first_bad_seq(&[])), "tile_missing", format!("the bucket has no {what} {path}")))
            }
            Err(err) => return Err(err.into()),
        };
        match e.level {
            Some(_) => tiles += 1,
            None => bundles += 1,
        }
        bad = earliest(bad, found);
    }
    Ok((bad, tiles, bundles))
}

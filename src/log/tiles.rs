//! C2SP tlog-tiles export: the log as static files any web server, object store or CDN can
//! serve (c2sp.org/tlog-tiles).
//!
//! A tiled log is a folder holding
//!
//! * `checkpoint`: the latest signed checkpoint note;
//! * `tile/<L>/<N>[.p/<W>]`: hash tiles. Tile `N` of level `L` holds the stored Merkle nodes
//!   of level `8·L` with indexes `256·N .. 256·N + W`, each 32 bytes, concatenated. A full tile
//!   has `W = 256` and no `.p/<W>` suffix; the partial tile at the right edge has `1 ≤ W ≤ 255`;
//! * `tile/entries/<N>[.p/<W>]`: entry bundles. Bundle `N` holds the canonical bytes of
//!   entries `256·N .. 256·N + W`, each prefixed by its length as a big-endian uint16.
//!
//! `<N>` is written in zero-padded 3-digit groups, all but the last prefixed by `x`:
//! 1234067 → `x001/x234/067` ([`index_path`]).
//!
//! The content behind a tile path depends only on the path (stored nodes never change and a
//! partial tile is a prefix of the full one), so [`export_tiles`] never overwrites a tile: one
//! that exists with other bytes is the error [`TileError::TileChanged`]. Tiles are written
//! to a temporary file and renamed into place, and the checkpoint is replaced last, so a
//! reader that sees a checkpoint finds every tile it needs.
//!
//! [`read_tile`] and [`read_entry_bundle`] compute one tile's bytes from the log, so a server
//! can serve the same paths without an export ([`Tile::parse`] reads a request path).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::sequencer::Log;
use super::store::StoreError;
use crate::protocol::merkle::stored_node_count;
use crate::protocol::note::{Checkpoint, Note};

/// Tile height: a tile spans 8 Merkle levels.
pub const TILE_HEIGHT: u32 = 8;

/// Hashes (or entries) in a full tile: 2^[`TILE_HEIGHT`] = 256.
pub const TILE_WIDTH: u64 = 1 << TILE_HEIGHT;

/// The highest hash tile level a path may name (c2sp.org/tlog-tiles: 0 to 63).
pub const MAX_TILE_LEVEL: u8 = 63;

/// Size of one hash in a hash tile.
pub const HASH_SIZE: usize = 32;

/// Why a tile could not be named, read or exported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TileError {
    /// A tile path is not one of the canonical tlog-tiles paths.
    #[error("bad tile path {path:?}: {reason}")]
    BadPath {
        /// The path given.
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A tile level or width is outside what tlog-tiles allows.
    #[error("invalid tile: {reason}")]
    InvalidTile {
        /// What is wrong.
        reason: String,
    },
    /// The tile asks for hashes or entries beyond the log's latest checkpoint.
    #[error("tile {path} is beyond the log's tree size {size}")]
    NotFound {
        /// The tile's path.
        path: String,
        /// The log's latest tree size.
        size: u64,
    },
    /// An entry is longer than an entry bundle's uint16 length prefix can say.
    #[error("entry {seq} is {len} bytes; entry bundles hold entries of at most 65535 bytes")]
    EntryTooLarge {
        /// The entry's seq.
        seq: u64,
        /// Its length in bytes.
        len: usize,
    },
    /// A tile already exported holds other bytes than the log has now: the folder belongs to
    /// another log, or this log was rewritten. Nothing is overwritten.
    #[error("tile {path} already exists with different contents; tiles never change, so the export stops")]
    TileChanged {
        /// The file.
        path: PathBuf,
    },
    /// The folder holds a checkpoint for a larger tree than the one being exported.
    #[error("{path} holds a checkpoint of size {existing}, larger than this log's size {size}; refusing to go back")]
    CheckpointRegressed {
        /// The checkpoint file.
        path: PathBuf,
        /// Its tree size.
        existing: u64,
        /// The size being exported.
        size: u64,
    },
    /// Reading the log's store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file system operation failed.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

impl TileError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            TileError::BadPath { .. } => "bad_tile_path",
            TileError::InvalidTile { .. } => "invalid_tile",
            TileError::NotFound { .. } => "tile_not_found",
            TileError::EntryTooLarge { .. } => "entry_too_large",
            TileError::TileChanged { .. } => "tile_changed",
            TileError::CheckpointRegressed { .. } => "checkpoint_regressed",
            TileError::Store(e) => e.code(),
            TileError::Io { .. } => "io",
        }
    }
}

fn io<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> TileError + 'a {
    move |source| TileError::Io { what, path: path.to_path_buf(), source }
}

/// What a tile holds: Merkle hashes of a tile level, or entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TileKind {
    /// Hash tile of this tile level (Merkle level 8 × level).
    Hashes(u8),
    /// Entry bundle.
    Entries,
}

/// One tile or entry bundle: kind, index `N` and width `W` (256 for a full tile).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tile {
    /// Hash tile level or entry bundle.
    pub kind: TileKind,
    /// Index of the tile within its level.
    pub index: u64,
    /// Number of hashes (or entries): 256 for a full tile, 1 to 255 for a partial one.
    pub width: u64,
}

/// Writes a tile index in 3-digit groups, all but the last prefixed by `x`:
/// `1234067` → `x001/x234/067`, `5` → `005`.
pub fn index_path(index: u64) -> String {
    let mut groups = vec![format!("{:03}", index % 1000)];
    let mut rest = index / 1000;
    while rest > 0 {
        groups.push(format!("x{:03}", rest % 1000));
        rest /= 1000;
    }
    groups.reverse();
    groups.join("/")
}

fn suffix(width: u64) -> String {
    if width == TILE_WIDTH { String::new() } else { format!(".p/{width}") }
}

/// The path of hash tile `index` of tile level `level` with `width` hashes, relative to the
/// log's prefix: `tile/<L>/<N>[.p/<W>]`. Arguments are not validated (see [`Tile::validate`]).
pub fn tile_path(level: u8, index: u64, width: u64) -> String {
    format!("tile/{level}/{}{}", index_path(index), suffix(width))
}

/// The path of entry bundle `index` with `width` entries: `tile/entries/<N>[.p/<W>]`.
pub fn entry_bundle_path(index: u64, width: u64) -> String {
    format!("tile/entries/{}{}", index_path(index), suffix(width))
}

impl Tile {
    /// The tile's path relative to the log's prefix.
    pub fn path(&self) -> String {
        match self.kind {
            TileKind::Hashes(level) => tile_path(level, self.index, self.width),
            TileKind::Entries => entry_bundle_path(self.index, self.width),
        }
    }

    /// Whether this is a full (256-wide) tile.
    pub fn is_full(&self) -> bool {
        self.width == TILE_WIDTH
    }

    /// Checks the level (0 to 63) and the width (1 to 256).
    pub fn validate(&self) -> Result<(), TileError> {
        if let TileKind::Hashes(level) = self.kind
            && level > MAX_TILE_LEVEL
        {
            return Err(TileError::InvalidTile { reason: format!("level {level} is above {MAX_TILE_LEVEL}") });
        }
        if self.width == 0 || self.width > TILE_WIDTH {
            return Err(TileError::InvalidTile { reason: format!("width {} is not between 1 and 256", self.width) });
        }
        Ok(())
    }

    /// Parses a canonical tile path relative to the log's prefix (`tile/0/x001/234`,
    /// `tile/entries/000.p/7`, …). Anything that [`Tile::path`] would not write is refused.
    pub fn parse(path: &str) -> Result<Tile, TileError> {
        let bad = |reason| TileError::BadPath { path: path.to_string(), reason };
        let rest = path.strip_prefix("tile/").ok_or(bad("does not start with tile/"))?;
        let (level, rest) = rest.split_once('/').ok_or(bad("no tile index"))?;
        let kind = if level == "entries" {
            TileKind::Entries
        } else {
            if level.is_empty() || !level.bytes().all(|b| b.is_ascii_digit()) || level.len() > 2 {
                return Err(bad("level is not a decimal number from 0 to 63"));
            }
            TileKind::Hashes(level.parse().map_err(|_| bad("level is not a decimal number from 0 to 63"))?)
        };
        let (digits, width) = match rest.split_once(".p/") {
            Some((digits, w)) => {
                if w.is_empty() || w.len() > 3 || !w.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad("partial width is not a decimal number"));
                }
                (digits, w.parse::<u64>().map_err(|_| bad("partial width is not a decimal number"))?)
            }
            None => (rest, TILE_WIDTH),
        };
        let mut index: u64 = 0;
        for group in digits.split('/') {
            let group = group.strip_prefix('x').unwrap_or(group);
            if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("index groups must be three digits"));
            }
            let g: u64 = group.parse().map_err(|_| bad("index groups must be three digits"))?;
            index = index.checked_mul(1000).and_then(|i| i.checked_add(g)).ok_or(bad("index too large"))?;
        }
        let tile = Tile { kind, index, width };
        tile.validate().map_err(|_| bad("level or width out of range"))?;
        if tile.path() != path {
            return Err(bad("not in canonical form"));
        }
        Ok(tile)
    }
}

/// Every tile and entry bundle of a tree of `size` entries: for each level with any hashes,
/// its full tiles then the partial one, if any; then the entry bundles likewise.
pub fn tiles_for_size(size: u64) -> Vec<Tile> {
    let mut tiles = Vec::new();
    let mut push = |kind, count: u64| {
        for index in 0..count / TILE_WIDTH {
            tiles.push(Tile { kind, index, width: TILE_WIDTH });
        }
        if !count.is_multiple_of(TILE_WIDTH) {
            tiles.push(Tile { kind, index: count / TILE_WIDTH, width: count % TILE_WIDTH });
        }
    };
    for level in 0..=MAX_TILE_LEVEL {
        let count = stored_node_count_u32(u32::from(level) * TILE_HEIGHT, size);
        if count == 0 {
            break;
        }
        push(TileKind::Hashes(level), count);
    }
    push(TileKind::Entries, size);
    tiles
}

fn stored_node_count_u32(merkle_level: u32, size: u64) -> u64 {
    u8::try_from(merkle_level).map(|l| stored_node_count(l, size)).unwrap_or(0)
}

/// The range of leaf (or node) indexes a tile covers, checked against the tree size.
fn covered(tile: &Tile, size: u64) -> Result<std::ops::Range<u64>, TileError> {
    tile.validate()?;
    let available = match tile.kind {
        TileKind::Hashes(level) => stored_node_count_u32(u32::from(level) * TILE_HEIGHT, size),
        TileKind::Entries => size,
    };
    let start = tile.index.checked_mul(TILE_WIDTH);
    let end = start.and_then(|s| s.checked_add(tile.width));
    match (start, end) {
        (Some(start), Some(end)) if end <= available => Ok(start..end),
        _ => Err(TileError::NotFound { path: tile.path(), size }),
    }
}

/// The bytes of hash tile `index` at tile level `level` with `width` hashes, from the log's
/// stored Merkle nodes: `width` 32-byte hashes. The hashes must exist in the log's latest
/// tree ([`TileError::NotFound`] otherwise).
pub fn read_tile(log: &Log, level: u8, index: u64, width: u64) -> Result<Vec<u8>, TileError> {
    let tile = Tile { kind: TileKind::Hashes(level), index, width };
    let range = covered(&tile, log.latest().size)?;
    // covered() guarantees some nodes exist at this level, so 8 · level < 64.
    let merkle_level = u8::try_from(u32::from(level) * TILE_HEIGHT)
        .map_err(|_| TileError::InvalidTile { reason: format!("level {level} is too high") })?;
    let mut bytes = Vec::with_capacity(range.clone().count() * HASH_SIZE);
    for i in range {
        bytes.extend_from_slice(&log.store().node(merkle_level, i)?);
    }
    Ok(bytes)
}

/// The bytes of entry bundle `index` with `width` entries: each entry's canonical bytes
/// prefixed by its length as a big-endian uint16. The entries must exist in the log's latest
/// tree ([`TileError::NotFound`] otherwise).
pub fn read_entry_bundle(log: &Log, index: u64, width: u64) -> Result<Vec<u8>, TileError> {
    let tile = Tile { kind: TileKind::Entries, index, width };
    let range = covered(&tile, log.latest().size)?;
    let mut bytes = Vec::new();
    for seq in range {
        let entry = log
            .entry(seq)?
            .ok_or_else(|| StoreError::Corrupt(format!("entry {seq} is missing below the tree size")))?;
        let len = u16::try_from(entry.len()).map_err(|_| TileError::EntryTooLarge { seq, len: entry.len() })?;
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes.extend_from_slice(&entry);
    }
    Ok(bytes)
}

/// The bytes of any tile or bundle, as [`read_tile`] or [`read_entry_bundle`].
pub fn read(log: &Log, tile: &Tile) -> Result<Vec<u8>, TileError> {
    match tile.kind {
        TileKind::Hashes(level) => read_tile(log, level, tile.index, tile.width),
        TileKind::Entries => read_entry_bundle(log, tile.index, tile.width),
    }
}

/// What [`export_tiles`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TileStats {
    /// Tree size of the exported checkpoint.
    pub size: u64,
    /// Tiles and bundles written now.
    pub written: u64,
    /// Tiles and bundles already present with the same bytes.
    pub unchanged: u64,
}

/// Exports the log's latest checkpoint, with every hash tile and entry bundle its tree size
/// needs, into `dir` (created if missing).
///
/// Tiles already present are compared, never overwritten: different bytes stop the export
/// with [`TileError::TileChanged`]. Partial tiles of earlier exports stay (their bytes are
/// still right for the smaller trees clients may hold). The checkpoint file is replaced last,
/// and refused ([`TileError::CheckpointRegressed`]) if the folder's one is for a larger tree.
pub fn export_tiles(log: &Log, dir: &Path) -> Result<TileStats, TileError> {
    let latest = log.latest();
    let checkpoint_path = dir.join("checkpoint");
    if let Some(existing) = existing_size(&checkpoint_path)?
        && existing > latest.size
    {
        return Err(TileError::CheckpointRegressed { path: checkpoint_path, existing, size: latest.size });
    }
    fs::create_dir_all(dir).map_err(io("creating", dir))?;
    let mut stats = TileStats { size: latest.size, ..TileStats::default() };
    for tile in tiles_for_size(latest.size) {
        let path = dir.join(tile.path());
        let bytes = read(log, &tile)?;
        if write_new(&path, &bytes)? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    replace(&dir.join("README.txt"), readme(log).as_bytes())?;
    // The checkpoint of the tree just written, with its witnesses' cosignatures.
    let mut note = latest.note;
    for line in log.store().cosignatures(latest.size)? {
        note.push_str(&line);
    }
    replace(&checkpoint_path, note.as_bytes())?;
    fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io("syncing", dir))?;
    Ok(stats)
}

/// The export's `README.txt`: what the folder is and the log's verifier key, so an auditor
/// who holds only the folder knows which key to check it against (docs/PROTOCOL.md §7, §9).
pub fn readme(log: &Log) -> String {
    let key = log.verifier().to_text();
    format!(
        "This folder is a copy of the Heard log {origin} in the C2SP tlog-tiles layout\n\
         (c2sp.org/tlog-tiles), written by `heard export-tiles`. Any static web server can serve it.\n\
         \n\
         The log's verifier key (C2SP signed-note form):\n\
         \n\
         {key}\n\
         \n\
         The file `checkpoint` and every receipt of this log must verify under this key. Compare it\n\
         with the key the log serves at /.well-known/heard/log-key and prints on its receipt pages;\n\
         to check a receipt: heard verify receipt RECEIPT.tlog-proof --key '{key}'\n",
        origin = log.verifier().name(),
    )
}

/// The tree size of the checkpoint in the file, if there is one that parses.
fn existing_size(path: &Path) -> Result<Option<u64>, TileError> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io("reading", path)(e)),
    };
    Ok(Note::parse(&text).ok().and_then(|n| Checkpoint::parse_text(&n.text).ok()).map(|c| c.size))
}

fn temp_in(path: &Path) -> Result<tempfile::NamedTempFile, TileError> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io("creating", parent))?;
    let tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(parent).map_err(io("creating a file in", parent))?;
    Ok(tmp)
}

/// Writes `bytes` at `path` unless a file is there; returns whether it wrote. An existing file
/// with other bytes is [`TileError::TileChanged`].
fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, TileError> {
    if path.exists() {
        return same_or_changed(path, bytes).map(|()| false);
    }
    let mut tmp = temp_in(path)?;
    tmp.write_all(bytes).and_then(|()| tmp.as_file().sync_all()).map_err(io("writing", tmp.path()))?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => same_or_changed(path, bytes).map(|()| false),
        Err(e) => Err(io("renaming a temporary file to", path)(e.error)),
    }
}

fn same_or_changed(path: &Path, bytes: &[u8]) -> Result<(), TileError> {
    let on_disk = fs::read(path).map_err(io("reading", path))?;
    if on_disk == bytes { Ok(()) } else { Err(TileError::TileChanged { path: path.to_path_buf() }) }
}

/// Atomically replaces the file at `path` with `bytes`.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), TileError> {
    let mut tmp = temp_in(path)?;
    tmp.write_all(bytes).and_then(|()| tmp.as_file().sync_all()).map_err(io("writing", tmp.path()))?;
    tmp.persist(path).map_err(|e| io("renaming a temporary file to", path)(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_follow_the_spec() {
        assert_eq!(index_path(1234067), "x001/x234/067");
        assert_eq!(index_path(0), "000");
        assert_eq!(index_path(999), "999");
        assert_eq!(index_path(1000), "x001/000");
        assert_eq!(tile_path(0, 1234067, 256), "tile/0/x001/x234/067");
        assert_eq!(tile_path(1, 2, 17), "tile/1/002.p/17");
        assert_eq!(entry_bundle_path(5, 1), "tile/entries/005.p/1");
    }

    #[test]
    fn paths_parse_back_and_non_canonical_ones_are_refused() {
        for t in
            tiles_for_size(70_000).into_iter().chain([Tile { kind: TileKind::Hashes(63), index: u64::MAX, width: 3 }])
        {
            assert_eq!(Tile::parse(&t.path()).map_err(|e| e.to_string()), Ok(t));
        }
        for bad in [
            "tile/0/1",
            "tile/00/000",
            "tile/64/000",
            "tile/0/x000/001",
            "tile/0/000.p/256",
            "tile/0/000.p/0",
            "tile/0/000.p/007",
            "tile/entries/001/002",
            "tile/0/x001",
            "tiles/0/000",
            "tile/0/x018/x446/x744/x073/x709/x551/616",
        ] {
            let e = Tile::parse(bad).expect_err(bad);
            assert_eq!(e.code(), "bad_tile_path", "{bad}");
        }
    }

    #[test]
    fn tiles_for_70000_match_the_spec_example() {
        let tiles = tiles_for_size(70_000);
        let hashes = |l| tiles.iter().filter(|t| t.kind == TileKind::Hashes(l)).copied().collect::<Vec<_>>();
        let l0 = hashes(0);
        assert_eq!(l0.len(), 274);
        assert_eq!(l0.iter().filter(|t| t.is_full()).count(), 273);
        assert_eq!(l0[273].width, 112);
        assert_eq!(hashes(1).iter().map(|t| t.width).collect::<Vec<_>>(), vec![256, 17]);
        assert_eq!(hashes(2).iter().map(|t| t.width).collect::<Vec<_>>(), vec![1]);
        assert!(hashes(3).is_empty());
        // A tree of 256 has a full level-0 tile and a level-1 tile of width 1.
        let t = tiles_for_size(256);
        assert!(t.contains(&Tile { kind: TileKind::Hashes(0), index: 0, width: 256 }));
        assert!(t.contains(&Tile { kind: TileKind::Hashes(1), index: 0, width: 1 }));
        assert!(tiles_for_size(0).is_empty());
    }
}

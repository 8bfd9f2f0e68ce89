//! `heard migrate`, the part beside the log: each copied entry's value (an idea's text and
//! salt, a payment; erased ones stay erased) and every witness cosignature go from the
//! embedded folder's `texts.dat` and `cosignatures.log` into PostgreSQL, read through the
//! store's own readers ([`Store::content_get`], [`Store::content_erased`],
//! [`Store::cosignature_rows`]).
//!
//! [`copy_side`] compares before it writes: a value PostgreSQL already holds must be the
//! folder's, byte for byte (or the folder erased it since, and the erasure is copied); any
//! other difference is [`ScaleError::SideMismatch`], naming the entry, and the batch holding
//! it writes nothing. So a second run writes nothing, and a stopped run resumes.
//! [`compare_side`] is the proof: a count and a SHA-256 digest over the records on each side
//! ([`Tally`]), which must be equal.
//!
//! [`Store::content_get`]: crate::log::store::Store::content_get
//! [`Store::content_erased`]: crate::log::store::Store::content_erased
//! [`Store::cosignature_rows`]: crate::log::store::Store::cosignature_rows

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};
use tokio_postgres::Client;

use super::{COPY_BATCH, Embedded};
use crate::protocol::Hash;
use crate::protocol::entry::entry_hash;
use crate::scale::ScaleError;
use crate::scale::pg::{self, Side};

/// A witness's cosignature: checkpoint size, witness public key, signature line.
type Cosignature = (u64, [u8; 32], String);

/// What the embedded folder keeps beside its log, ready to be read in seq order.
pub struct Folder<'a> {
    log: &'a Embedded<'a>,
    erased: HashSet<Hash>,
    cosignatures: Vec<Cosignature>,
}

impl<'a> Folder<'a> {
    /// Finds the folder's erased values and reads its cosignatures. Refuses a folder whose
    /// cosignatures an older build stored without their witness's public key (opening it
    /// once with this build keys them) before anything is written.
    pub fn read(log: &'a Embedded<'a>) -> Result<Self, ScaleError> {
        let erased = log.store.content_erased()?;
        let mut cosignatures = Vec::new();
        for (size, witness, line) in log.store.cosignature_rows()? {
            let Some(witness) = witness else {
                return Err(ScaleError::BadCosignature(format!(
                    "the folder keeps a cosignature of the checkpoint of {size} entries without its witness's \
                     public key (an older build stored it): open the folder once with heard serve, which keys \
                     it, then migrate again"
                )));
            };
            cosignatures.push((size, witness, line));
        }
        Ok(Folder { log, erased, cosignatures })
    }

    /// The values beside entries `from..to`, in seq order (entries with none left out).
    fn sides(&self, from: u64, to: u64) -> Result<Vec<(u64, Side)>, ScaleError> {
        let mut out = Vec::new();
        let mut seq = from;
        while seq < to {
            let batch = self.log.entries(seq, to, usize::MAX)?;
            for (i, bytes) in batch.iter().enumerate() {
                let hash = entry_hash(bytes);
                let at = seq + i as u64;
                if let Some(v) = self.log.store.content_get(&hash)? {
                    out.push((at, Side::Live(v)));
                } else if self.erased.contains(&hash) {
                    out.push((at, Side::Erased));
                }
            }
            seq += batch.len() as u64;
        }
        Ok(out)
    }
}

/// What [`copy_side`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SideCopied {
    /// Values stored.
    pub values: u64,
    /// Erasures stored (a value erased in the folder, or since the last copy).
    pub erased: u64,
    /// Cosignature lines stored.
    pub cosignatures: u64,
}

fn describe(side: Option<&Side>) -> String {
    match side {
        None => "none".into(),
        Some(Side::Erased) => "erased".into(),
        Some(Side::Live(v)) => format!("{} bytes", v.len()),
    }
}

/// Copies the values beside the copied entries, then the cosignatures, into PostgreSQL (the
/// log must have been copied first). `progress` is told the seq reached after each batch.
pub async fn copy_side(
    client: &mut Client,
    folder: &Folder<'_>,
    mut progress: impl FnMut(u64),
) -> Result<SideCopied, ScaleError> {
    let size = folder.log.checkpoint.size;
    let mut done = SideCopied::default();
    let mut seq = 0;
    while seq < size {
        let end = size.min(seq + COPY_BATCH as u64);
        let ours = folder.sides(seq, end)?;
        let mut theirs: HashMap<u64, Side> = pg::sides(client, seq, end).await?.into_iter().collect();
        let mut write = Vec::new();
        for (at, side) in ours {
            match (&side, theirs.remove(&at)) {
                (a, Some(b)) if *a == b => {}
                (Side::Erased, Some(Side::Live(_))) | (_, None) => write.push((at, side)),
                (a, b) => return Err(side_mismatch(at, Some(a), b.as_ref())),
            }
        }
        if let Some(at) = theirs.keys().min() {
            return Err(side_mismatch(*at, None, theirs.get(at)));
        }
        for (_, side) in &write {
            match side {
                Side::Live(_) => done.values += 1,
                Side::Erased => done.erased += 1,
            }
        }
        pg::import_sides(client, &write).await?;
        seq = end;
        progress(seq);
    }

    let mut theirs: HashMap<(u64, [u8; 32]), String> =
        pg::cosignature_rows(client).await?.into_iter().map(|(s, w, l)| ((s, w), l)).collect();
    let mut write = Vec::new();
    for (size, witness, line) in &folder.cosignatures {
        match theirs.remove(&(*size, *witness)) {
            Some(l) if l == *line => {}
            None => write.push((*size, witness, line)),
            Some(_) => return Err(cosignature_mismatch(*size, witness, "another line")),
        }
    }
    if let Some((size, witness)) = theirs.keys().min() {
        return Err(cosignature_mismatch(*size, witness, "a line the folder does not have"));
    }
    for (size, witness, line) in write {
        pg::add_cosignature(client, size, witness, line).await?;
        done.cosignatures += 1;
    }
    Ok(done)
}

fn side_mismatch(seq: u64, ours: Option<&Side>, theirs: Option<&Side>) -> ScaleError {
    ScaleError::SideMismatch(format!(
        "the value beside entry {seq} in PostgreSQL ({}) is not the embedded folder's ({}): PostgreSQL was \
         changed after the copy, or holds another log's values; nothing was overwritten",
        describe(theirs),
        describe(ours)
    ))
}

fn cosignature_mismatch(size: u64, witness: &[u8; 32], what: &str) -> ScaleError {
    ScaleError::SideMismatch(format!(
        "PostgreSQL holds {what} as the cosignature of witness {} for the checkpoint of {size} entries: it \
         was changed after the copy, or holds another log's; nothing was overwritten",
        hex::encode(witness)
    ))
}

/// A count of records and a SHA-256 digest over them, in order. A value beside an entry adds
/// its seq (8 bytes, big-endian), then 1, its length (4 bytes, big-endian) and its bytes, or
/// 0 when erased; a cosignature adds its checkpoint size (8 bytes), the witness public key
/// (32), the line's length (4) and the line.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    /// Records counted.
    pub count: u64,
    sha: Sha256,
}

impl Tally {
    fn side(&mut self, seq: u64, side: &Side) {
        self.count += 1;
        self.sha.update(seq.to_be_bytes());
        match side {
            Side::Live(v) => {
                self.sha.update([1]);
                self.sha.update((v.len() as u32).to_be_bytes());
                self.sha.update(v);
            }
            Side::Erased => self.sha.update([0]),
        }
    }

    fn cosignature(&mut self, size: u64, witness: &[u8; 32], line: &str) {
        self.count += 1;
        self.sha.update(size.to_be_bytes());
        self.sha.update(witness);
        self.sha.update((line.len() as u32).to_be_bytes());
        self.sha.update(line.as_bytes());
    }

    /// The digest so far, in hex.
    pub fn digest(&self) -> String {
        hex::encode(self.sha.clone().finalize())
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} records, sha256 {}", self.count, self.digest())
    }
}

/// The folder's and PostgreSQL's side data, tallied.
#[derive(Clone, Debug, Default)]
pub struct SideComparison {
    /// The folder's values beside the copied entries.
    pub embedded_values: Tally,
    /// PostgreSQL's values beside the log.
    pub postgres_values: Tally,
    /// The folder's cosignatures.
    pub embedded_cosignatures: Tally,
    /// PostgreSQL's cosignatures.
    pub postgres_cosignatures: Tally,
    /// The first difference; `None` when both sides hold the same records.
    pub difference: Option<String>,
}

/// Tallies both sides in seq order, and names the first record that differs.
pub async fn compare_side(client: &Client, folder: &Folder<'_>) -> Result<SideComparison, ScaleError> {
    let mut out = SideComparison::default();
    let (size, _) = pg::head(client).await?;
    let size = size.max(folder.log.checkpoint.size);
    let mut seq = 0;
    while seq < size {
        let end = size.min(seq + COPY_BATCH as u64);
        let ours = folder.sides(seq, end.min(folder.log.checkpoint.size))?;
        let theirs = pg::sides(client, seq, end).await?;
        for (at, side) in &ours {
            out.embedded_values.side(*at, side);
        }
        for (at, side) in &theirs {
            out.postgres_values.side(*at, side);
        }
        if out.difference.is_none() {
            let ours: HashMap<u64, &Side> = ours.iter().map(|(s, v)| (*s, v)).collect();
            let theirs: HashMap<u64, &Side> = theirs.iter().map(|(s, v)| (*s, v)).collect();
            let first = ours.keys().chain(theirs.keys()).filter(|s| ours.get(s) != theirs.get(s)).min();
            out.difference = first.map(|at| {
                format!(
                    "the value beside entry {at} differs (folder: {}, PostgreSQL: {})",
                    describe(ours.get(at).copied()),
                    describe(theirs.get(at).copied())
                )
            });
        }
        seq = end;
    }
    let theirs = pg::cosignature_rows(client).await?;
    for (size, witness, line) in &folder.cosignatures {
        out.embedded_cosignatures.cosignature(*size, witness, line);
    }
    for (size, witness, line) in &theirs {
        out.postgres_cosignatures.cosignature(*size, witness, line);
    }
    if out.difference.is_none() && folder.cosignatures != theirs {
        let first = folder.cosignatures.iter().zip(&theirs).find(|(a, b)| a != b).map(|(a, _)| a);
        out.difference = Some(match first {
            Some((size, witness, _)) => format!(
                "the cosignatures differ, first at witness {} for the checkpoint of {size} entries",
                hex::encode(witness)
            ),
            None => format!("the folder keeps {} cosignatures, PostgreSQL {}", folder.cosignatures.len(), theirs.len()),
        });
    }
    Ok(out)
}

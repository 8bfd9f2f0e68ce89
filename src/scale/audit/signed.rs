//! What the integrator and the witnesses stored about the tree, against the tree the entries
//! give: `heard_nodes` (every stored node is the entries' node at its position, and no other
//! row), `heard_checkpoints` (each note verifies under the log key, says its row's size and
//! root, and that root is the entries' root at that size: otherwise a fork) and
//! `heard_cosignatures` (each line a valid `cosignature/v1` by its row's witness key over the
//! checkpoint of its size).
//!
//! Read a chunk at a time beside the walk: the rows whose size (or completing leaf) falls in
//! the chunk, so memory does not grow with the log.

use std::collections::BTreeMap;

use tokio_postgres::Client;

use super::{Failure, earliest, fail};
use crate::protocol::Hash;
use crate::protocol::note::{Checkpoint, KEY_TYPE_COSIGNATURE_V1, Note, NoteVerifier, verify_cosignature};
use crate::scale::ScaleError;
use crate::scale::pg::{to_i64, to_u64};

/// Parses and verifies a checkpoint note under `log_key`; `whose` names it in the failure.
pub(super) fn verify_note(note: &str, log_key: &NoteVerifier, whose: &str) -> Result<(Note, Checkpoint), Failure> {
    let unreadable = |e: String| fail(None, "checkpoint_unreadable", format!("{whose}: {e}"));
    let parsed = Note::parse(note).map_err(|e| unreadable(e.to_string()))?;
    if let Err(e) = parsed.verify(std::slice::from_ref(log_key)) {
        let detail = format!("{whose} does not verify with the log key {}: {e}", log_key.to_text());
        return Err(fail(None, "checkpoint_signature", detail));
    }
    let cp = Checkpoint::parse_text(&parsed.text).map_err(|e| unreadable(e.to_string()))?;
    Ok((parsed, cp))
}

/// The nodes whose completing leaf is in `from..to`, at each level: `(level, first, end)`.
fn node_ranges(from: u64, to: u64) -> (Vec<i16>, Vec<i64>, Vec<i64>) {
    let (mut levels, mut firsts, mut ends) = (Vec::new(), Vec::new(), Vec::new());
    // Node (l, i) is completed by leaf (i + 1)·2^l − 1: for leaves from..to, i in
    // from >> l .. to >> l; once a level has none, no higher level has any.
    for level in 0..64u8 {
        let (first, end) = (from >> level, to >> level);
        if first == end {
            break;
        }
        levels.push(i16::from(level));
        // Both fit: `to` is a seq bound read from a BIGINT.
        firsts.push(first as i64);
        ends.push(end as i64);
    }
    (levels, firsts, ends)
}

/// Compares `given`, the nodes the entries completed with leaves `from..to` (all of them),
/// with `heard_nodes`' rows at those positions. Returns the first failure and the count
/// compared.
pub(super) async fn compare_nodes(
    client: &Client,
    from: u64,
    to: u64,
    given: &mut [(u8, u64, Hash)],
) -> Result<(Option<Failure>, u64), ScaleError> {
    if from >= to {
        return Ok((None, 0));
    }
    let (levels, firsts, ends) = node_ranges(from, to);
    let rows = client
        .query(
            "SELECT n.level, n.idx, n.hash FROM UNNEST($1::smallint[], $2::bigint[], $3::bigint[]) AS r(level, lo, hi) \
             JOIN heard_nodes n ON n.level = r.level AND n.idx >= r.lo AND n.idx < r.hi ORDER BY n.level, n.idx",
            &[&levels, &firsts, &ends],
        )
        .await?;
    given.sort_unstable_by_key(|&(level, idx, _)| (level, idx));
    let mut stored = rows.iter().peekable();
    let mut bad = None;
    for &(level, idx, hash) in given.iter() {
        let at = Some(idx << level);
        let here = stored.next_if(|r| r.get::<_, i16>(0) == i16::from(level) && r.get::<_, i64>(1) as u64 == idx);
        let found = match here {
            None => Some(fail(at, "node_missing", format!("heard_nodes has no node (level {level}, index {idx})"))),
            Some(r) if r.get::<_, &[u8]>(2) != hash.as_slice() => {
                let detail = format!("heard_nodes' node (level {level}, index {idx}) is not the entries' node");
                Some(fail(at, "node_mismatch", detail))
            }
            Some(_) => None,
        };
        bad = earliest(bad, found);
    }
    Ok((bad, given.len() as u64))
}

/// The first `heard_nodes` row the first `integrated` entries do not give (past the integrated
/// size, or at no position of a tree).
pub(super) async fn stray_node(client: &Client, integrated: u64) -> Result<Option<Failure>, ScaleError> {
    let row = client
        .query_opt(
            "SELECT level, idx FROM heard_nodes WHERE level < 0 OR level > 62 OR idx < 0 \
             OR idx >= ($1::bigint >> level::int) ORDER BY level, idx LIMIT 1",
            &[&to_i64(integrated, "the integrated size")?],
        )
        .await?;
    Ok(row.map(|r| {
        let (level, idx): (i16, i64) = (r.get(0), r.get(1));
        let detail = format!(
            "heard_nodes holds a node (level {level}, index {idx}) that the {integrated} integrated entries do not give"
        );
        fail(None, "node_extra", detail)
    }))
}

/// `heard_checkpoints`' and `heard_cosignatures`' rows of the sizes one chunk reaches.
pub(super) struct Signed {
    /// Size, root column, note.
    checkpoints: Vec<(u64, Vec<u8>, String)>,
    /// Size, witness column, line.
    cosignatures: Vec<(u64, Vec<u8>, String)>,
}

/// How many of each were checked.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct SignedCount {
    pub checkpoints: u64,
    pub cosignatures: u64,
}

impl Signed {
    /// The rows whose size is in `from + 1..=to` (the tree sizes entries `from..to` reach).
    pub async fn read(client: &Client, from: u64, to: u64) -> Result<Signed, ScaleError> {
        let range = [to_i64(from, "a size")?, to_i64(to, "a size")?];
        let q = "SELECT size, root, note FROM heard_checkpoints WHERE size > $1 AND size <= $2 ORDER BY size";
        let mut checkpoints = Vec::new();
        for r in client.query(q, &[&range[0], &range[1]]).await? {
            checkpoints.push((to_u64(r.get(0), "a checkpoint's size")?, r.get(1), r.get(2)));
        }
        let q = "SELECT size, witness, line FROM heard_cosignatures WHERE size > $1 AND size <= $2 \
                 ORDER BY size, witness";
        let mut cosignatures = Vec::new();
        for r in client.query(q, &[&range[0], &range[1]]).await? {
            cosignatures.push((to_u64(r.get(0), "a cosignature's size")?, r.get(1), r.get(2)));
        }
        Ok(Signed { checkpoints, cosignatures })
    }

    /// The sizes whose root the walk must record.
    pub fn sizes(&self) -> impl Iterator<Item = u64> + '_ {
        self.checkpoints.iter().map(|c| c.0).chain(self.cosignatures.iter().map(|c| c.0))
    }

    /// Checks the rows whose size has a root in `roots` (the entries' root at that size).
    pub fn check(&self, roots: &BTreeMap<u64, Hash>, log_key: &NoteVerifier) -> (Option<Failure>, SignedCount) {
        let mut count = SignedCount::default();
        let mut texts = BTreeMap::new();
        for (size, root, note) in &self.checkpoints {
            let Some(entries_root) = roots.get(size) else { continue };
            count.checkpoints += 1;
            let whose = format!("heard_checkpoints' checkpoint of {size} entries");
            let (parsed, cp) = match verify_note(note, log_key, &whose) {
                Ok(v) => v,
                Err(f) => return (Some(f), count),
            };
            if cp.size != *size || cp.root.as_slice() != root.as_slice() {
                let detail = format!(
                    "{whose}: its note says {} entries and root {}, its row root {}",
                    cp.size,
                    hex::encode(cp.root),
                    hex::encode(root)
                );
                return (Some(fail(None, "checkpoint_row_mismatch", detail)), count);
            }
            if root.as_slice() != entries_root.as_slice() {
                let detail = format!(
                    "{whose}, signed by the log key, has root {} where the first {size} entries give {}: a fork",
                    hex::encode(root),
                    hex::encode(entries_root)
                );
                return (Some(fail(None, "checkpoint_fork", detail)), count);
            }
            texts.insert(*size, parsed.text);
        }
        for (size, witness, line) in &self.cosignatures {
            let Some(root) = roots.get(size) else { continue };
            count.cosignatures += 1;
            // The checkpoint stored for its size; for a size without one (a cosignature a
            // migrated log brought), the checkpoint the entries give under the log's origin.
            let text = texts.get(size).cloned().unwrap_or_else(|| {
                Checkpoint { origin: log_key.name().to_owned(), size: *size, root: *root, extensions: Vec::new() }
                    .to_text()
            });
            if let Err(why) = cosignature(&text, witness, line) {
                let detail = format!(
                    "witness {}'s cosignature of the checkpoint of {size} entries in heard_cosignatures is not valid: \
                     {why}",
                    hex::encode(witness)
                );
                return (Some(fail(None, "cosignature_invalid", detail)), count);
            }
        }
        (None, count)
    }
}

/// Verifies one stored cosignature line by the witness key `witness` over `text`.
fn cosignature(text: &str, witness: &[u8], line: &str) -> Result<(), String> {
    let key: [u8; 32] = witness.try_into().map_err(|_| format!("the witness key is {} bytes", witness.len()))?;
    let note = Note::parse(&format!("{text}\n{line}")).map_err(|e| e.to_string())?;
    let [sig] = note.signatures.as_slice() else { return Err("it is not one signature line".into()) };
    let verifier = NoteVerifier::new(&sig.name, KEY_TYPE_COSIGNATURE_V1, &key).map_err(|e| e.to_string())?;
    verify_cosignature(&verifier, &note.text, sig).map(|_| ()).map_err(|e| e.to_string())
}

/// The first checkpoint or cosignature whose size no walk reached (the log holds `size`
/// entries; a checkpoint of none is never signed).
pub(super) async fn stray_signed(client: &Client, size: u64) -> Result<Option<Failure>, ScaleError> {
    let size_i = to_i64(size, "the log's size")?;
    let q = "SELECT size FROM heard_checkpoints WHERE size <= 0 OR size > $1 ORDER BY size LIMIT 1";
    if let Some(r) = client.query_opt(q, &[&size_i]).await? {
        let detail =
            format!("heard_checkpoints holds a checkpoint of {} entries; the log holds {size}", r.get::<_, i64>(0));
        return Ok(Some(fail(None, "checkpoint_unknown_size", detail)));
    }
    let q = "SELECT size, witness FROM heard_cosignatures WHERE size <= 0 OR size > $1 ORDER BY size, witness LIMIT 1";
    Ok(client.query_opt(q, &[&size_i]).await?.map(|r| {
        let detail = format!(
            "heard_cosignatures holds witness {}'s cosignature of a checkpoint of {} entries; the log holds {size}",
            hex::encode(r.get::<_, &[u8]>(1)),
            r.get::<_, i64>(0)
        );
        fail(None, "cosignature_unknown_checkpoint", detail)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::merkle::{Frontier, leaf_hash};

    /// The ranges of each chunk hold exactly the nodes its leaves complete, whatever the
    /// chunk's bounds (so chunks of any size read each stored node once).
    #[test]
    fn node_ranges_are_the_nodes_a_chunks_leaves_complete() {
        let mut tree = Frontier::new();
        let bounds = [0u64, 1, 2, 3, 300, 301, 512, 777, 1024, 1025, 2000];
        for pair in bounds.windows(2) {
            let (from, to) = (pair[0], pair[1]);
            let mut given: Vec<(u8, u64)> = Vec::new();
            for seq in from..to {
                given.extend(tree.append(leaf_hash(&seq.to_be_bytes())).into_iter().map(|(l, i, _)| (l, i)));
            }
            given.sort_unstable();
            let (levels, firsts, ends) = node_ranges(from, to);
            let mut ranged: Vec<(u8, u64)> = Vec::new();
            for ((l, a), b) in levels.iter().zip(&firsts).zip(&ends) {
                ranged.extend((*a..*b).map(|i| (*l as u8, i as u64)));
            }
            assert_eq!(ranged, given, "leaves {from}..{to}");
        }
    }
}

//! Proofs from the Merkle nodes the integrator stored in `heard_nodes`: every node a set of
//! proofs needs is fetched in one query (the proof functions are run once to learn which
//! nodes they read, then again over what was fetched).

use std::collections::{BTreeSet, HashMap};

use tokio_postgres::Client;

use crate::protocol::Hash;
use crate::protocol::merkle::{ProofError, consistency_proof, inclusion_proof};
use crate::scale::ScaleError;
use crate::scale::pg::{to_hash, to_i64, to_u64};

/// The stored nodes at `coords` (level, index), all of which must be stored.
async fn nodes(client: &Client, coords: &BTreeSet<(u8, u64)>) -> Result<HashMap<(u8, u64), Hash>, ScaleError> {
    let levels: Vec<i16> = coords.iter().map(|(l, _)| i16::from(*l)).collect();
    let idxs = coords.iter().map(|(_, i)| to_i64(*i, "a tree position")).collect::<Result<Vec<_>, _>>()?;
    let rows = client
        .query(
            "SELECT n.level, n.idx, n.hash FROM heard_nodes n \
             JOIN UNNEST($1::smallint[], $2::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx",
            &[&levels, &idxs],
        )
        .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for r in rows {
        let level = u8::try_from(r.get::<_, i16>(0)).map_err(|_| ScaleError::Corrupt("a node's level".into()))?;
        out.insert((level, to_u64(r.get(1), "a tree position")?), to_hash(r.get(2), "a Merkle node")?);
    }
    Ok(out)
}

/// Runs `proof` over a recording store, fetches what it read, and runs it again.
async fn from_nodes<T>(
    client: &Client,
    proof: impl Fn(&mut dyn FnMut(u8, u64) -> Result<Hash, ScaleError>) -> Result<T, ProofError<ScaleError>>,
) -> Result<T, ScaleError> {
    let mut wanted = BTreeSet::new();
    let dry = proof(&mut |l, i| {
        wanted.insert((l, i));
        Ok::<Hash, ScaleError>([0; 32])
    });
    if let Err(ProofError::Merkle(e)) = dry {
        return Err(ScaleError::Corrupt(format!("a proof was asked of the impossible: {e}")));
    }
    let known = nodes(client, &wanted).await?;
    let get = &mut |l: u8, i: u64| {
        known.get(&(l, i)).copied().ok_or_else(|| ScaleError::Corrupt(format!("Merkle node ({l}, {i}) is missing")))
    };
    proof(get).map_err(|e| match e {
        ProofError::Store(e) => e,
        ProofError::Merkle(e) => ScaleError::Corrupt(e.to_string()),
    })
}

/// The inclusion proofs of `seqs` in the tree of `size` leaves, in order (one query).
pub async fn inclusion_proofs(client: &Client, size: u64, seqs: &[u64]) -> Result<Vec<Vec<Hash>>, ScaleError> {
    from_nodes(client, |get| seqs.iter().map(|&s| inclusion_proof(s, size, &mut *get)).collect()).await
}

/// The consistency proof from the tree of `old` leaves to that of `new` (one query).
pub async fn consistency(client: &Client, old: u64, new: u64) -> Result<Vec<Hash>, ScaleError> {
    from_nodes(client, |get| consistency_proof(old, new, &mut *get)).await
}

/// Each of `seqs`' entry bytes and inclusion proof in the tree of `size` leaves, in order:
/// the entries and the nodes are read by two queries pipelined on `client`.
pub async fn receipts(client: &Client, size: u64, seqs: &[u64]) -> Result<Vec<(Vec<u8>, Vec<Hash>)>, ScaleError> {
    let wanted = seqs.iter().map(|&s| to_i64(s, "seq")).collect::<Result<Vec<_>, _>>()?;
    let entries = async {
        let rows = client.query("SELECT seq, entry FROM heard_entries WHERE seq = ANY($1)", &[&wanted]).await?;
        let mut by_seq = HashMap::with_capacity(rows.len());
        for r in rows {
            by_seq.insert(to_u64(r.get(0), "seq")?, r.get::<_, Vec<u8>>(1));
        }
        Ok::<_, ScaleError>(by_seq)
    };
    let (mut entries, proofs) = tokio::try_join!(entries, inclusion_proofs(client, size, seqs))?;
    seqs.iter()
        .zip(proofs)
        .map(|(s, p)| {
            let e = entries.remove(s).ok_or_else(|| ScaleError::Corrupt(format!("entry {s} is missing")))?;
            Ok((e, p))
        })
        .collect()
}

/// The root of the tree of `size` leaves (one query; the empty root for 0).
pub async fn root(client: &Client, size: u64) -> Result<Hash, ScaleError> {
    if size == 0 {
        return Ok(crate::protocol::merkle::empty_root());
    }
    from_nodes(client, |get| crate::protocol::merkle::root_at(size, &mut *get).map_err(ProofError::Store)).await
}

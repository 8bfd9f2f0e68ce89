use super::*;
use proptest::prelude::*;
use std::cell::Cell;
use std::collections::HashMap;
use std::convert::Infallible;

const REFERENCE_TREE: &str = include_str!("../../../tests/vectors/rfc6962_reference_tree.txt");
const PROBES: &str = include_str!("../../../tests/vectors/transparency_dev_probes.txt");

// ---------- helpers ----------

type Store = HashMap<(u8, u64), Hash>;

fn getter(store: &Store) -> impl FnMut(u8, u64) -> Result<Hash, String> + '_ {
    move |level, index| store.get(&(level, index)).copied().ok_or_else(|| format!("missing node ({level}, {index})"))
}

/// Builds a tree by appending, storing every node `append` reports.
fn build(leaves: &[Hash]) -> (Frontier, Store) {
    let mut f = Frontier::new();
    let mut store = Store::new();
    for leaf in leaves {
        for (level, index, hash) in f.append(*leaf) {
            assert!(store.insert((level, index), hash).is_none(), "node ({level}, {index}) reported twice");
        }
    }
    (f, store)
}

fn test_leaves(n: u64, salt: u64) -> Vec<Hash> {
    (0..n).map(|i| leaf_hash(&[salt.to_be_bytes(), i.to_be_bytes()].concat())).collect()
}

/// Reference MTH straight from RFC 6962 §2.1, over leaf hashes.
fn naive_root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = naive_split(n);
            node_hash(&naive_root(&leaves[..k]), &naive_root(&leaves[k..]))
        }
    }
}

fn naive_split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// Reference PATH(m, D[n]) from RFC 9162 §2.1.3.1.
fn naive_path(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    let n = leaves.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = naive_split(n);
    if m < k {
        let mut p = naive_path(m, &leaves[..k]);
        p.push(naive_root(&leaves[k..]));
        p
    } else {
        let mut p = naive_path(m - k, &leaves[k..]);
        p.push(naive_root(&leaves[..k]));
        p
    }
}

/// Reference SUBPROOF(m, D[n], b) from RFC 9162 §2.1.4.1.
fn naive_subproof(m: usize, leaves: &[Hash], whole: bool) -> Vec<Hash> {
    let n = leaves.len();
    if m == n {
        return if whole { Vec::new() } else { vec![naive_root(leaves)] };
    }
    let k = naive_split(n);
    if m <= k {
        let mut p = naive_subproof(m, &leaves[..k], whole);
        p.push(naive_root(&leaves[k..]));
        p
    } else {
        let mut p = naive_subproof(m - k, &leaves[k..], false);
        p.push(naive_root(&leaves[..k]));
        p
    }
}

fn hex_decode(s: &str) -> Vec<u8> {
    if s == "-" {
        return Vec::new();
    }
    assert!(s.len().is_multiple_of(2), "odd hex length: {s}");
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit in vector file")).collect()
}

fn to_hash(b: &[u8]) -> Option<Hash> {
    b.try_into().ok()
}

fn hash_list(s: &str) -> Vec<Vec<u8>> {
    if s == "none" {
        return Vec::new();
    }
    s.split(',').map(hex_decode).collect()
}

fn hashes(s: &str) -> Vec<Hash> {
    hash_list(s).iter().map(|b| to_hash(b).expect("32-byte hash in vector file")).collect()
}

fn num(s: &str) -> u64 {
    s.parse().expect("number in vector file")
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split(' ').collect())
}

// ---------- basic hashing and errors ----------

#[test]
fn hash_primitives() {
    assert_eq!(
        empty_root(),
        to_hash(&hex_decode("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).unwrap()
    );
    // leaf_hash("") is the size-1 root of the reference tree.
    assert_eq!(
        leaf_hash(b""),
        to_hash(&hex_decode("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")).unwrap()
    );
    let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
    assert_ne!(node_hash(&a, &b), node_hash(&b, &a));
    assert_ne!(leaf_hash(&[a, b].concat()), node_hash(&a, &b));
}

#[test]
fn error_codes_and_messages() {
    let e = MerkleError::OutOfRange { index: 5, size: 3 };
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(e.to_string(), "5 is out of range for tree size 3");
    let e = MerkleError::WrongProofLength { expected: 3, got: 2 };
    assert_eq!(e.code(), "wrong_proof_length");
    assert_eq!(e.to_string(), "wrong proof length: expected 3 hashes, got 2");
    assert_eq!(MerkleError::RootMismatch.code(), "root_mismatch");
    let p: ProofError<String> = ProofError::Store("disk on fire".to_string());
    assert_eq!(p.code(), "store");
    assert_eq!(p.to_string(), "reading a stored node failed: disk on fire");
    let p: ProofError<String> = MerkleError::RootMismatch.into();
    assert_eq!(p.code(), "root_mismatch");
}

#[test]
fn generator_range_errors_read_nothing() {
    let calls = Cell::new(0u32);
    let get = |_: u8, _: u64| -> Result<Hash, Infallible> {
        calls.set(calls.get() + 1);
        Ok([0; 32])
    };
    for (i, n) in [(0, 0), (1, 1), (7, 5), (u64::MAX, u64::MAX)] {
        assert_eq!(inclusion_proof(i, n, get), Err(ProofError::Merkle(MerkleError::OutOfRange { index: i, size: n })));
    }
    for (m, n) in [(6, 5), (u64::MAX, 1), (1, 0)] {
        assert_eq!(
            consistency_proof(m, n, get),
            Err(ProofError::Merkle(MerkleError::OutOfRange { index: m, size: n }))
        );
    }
    // From the empty tree, or between equal sizes, the proof is empty (PROTOCOL §5).
    assert_eq!(consistency_proof(9, 9, get), Ok(vec![]));
    assert_eq!(consistency_proof(0, 0, get), Ok(vec![]));
    assert_eq!(consistency_proof(0, 5, get), Ok(vec![]));
    assert_eq!(calls.get(), 0);
}

#[test]
fn store_errors_are_passed_through() {
    let fail = |level: u8, index: u64| -> Result<Hash, (u8, u64)> { Err((level, index)) };
    assert_eq!(root_at(6, fail), Err((2, 0)));
    assert_eq!(root_at(0, fail), Ok(empty_root()));
    assert!(matches!(inclusion_proof(0, 6, fail), Err(ProofError::Store(_))));
    assert!(matches!(consistency_proof(3, 6, fail), Err(ProofError::Store(_))));
    assert_eq!(Frontier::from_store(6, fail), Err((2, 0)));
    assert_eq!(Frontier::from_store(0, fail), Ok(Frontier::new()));
}

#[test]
fn verify_range_and_trivial_cases() {
    let h = leaf_hash(b"x");
    let e = empty_root();
    assert_eq!(verify_inclusion(&h, 0, 0, &[], &h), Err(MerkleError::OutOfRange { index: 0, size: 0 }));
    assert_eq!(verify_inclusion(&h, 3, 3, &[], &h), Err(MerkleError::OutOfRange { index: 3, size: 3 }));
    assert_eq!(verify_inclusion(&h, 0, 1, &[], &h), Ok(()));
    assert_eq!(verify_inclusion(&h, 0, 1, &[], &e), Err(MerkleError::RootMismatch));
    assert_eq!(verify_inclusion(&h, 0, 1, &[h], &h), Err(MerkleError::WrongProofLength { expected: 0, got: 1 }));
    // Backwards is out of range.
    assert_eq!(verify_consistency(2, 1, &e, &e, &[]), Err(MerkleError::OutOfRange { index: 2, size: 1 }));
    // From the empty tree: an empty proof, and the old root must be the empty tree's.
    assert_eq!(verify_consistency(0, 0, &e, &e, &[]), Ok(()));
    assert_eq!(verify_consistency(0, 0, &e, &h, &[]), Err(MerkleError::RootMismatch));
    assert_eq!(verify_consistency(0, 1, &e, &h, &[]), Ok(()));
    assert_eq!(verify_consistency(0, 1, &h, &h, &[]), Err(MerkleError::RootMismatch));
    assert_eq!(verify_consistency(0, 1, &e, &h, &[h]), Err(MerkleError::WrongProofLength { expected: 0, got: 1 }));
    assert_eq!(verify_consistency(4, 4, &h, &h, &[]), Ok(()));
    assert_eq!(verify_consistency(4, 4, &h, &e, &[]), Err(MerkleError::RootMismatch));
    assert_eq!(verify_consistency(4, 4, &h, &h, &[h]), Err(MerkleError::WrongProofLength { expected: 0, got: 1 }));
    assert_eq!(verify_consistency(1, 2, &h, &e, &[]), Err(MerkleError::WrongProofLength { expected: 1, got: 0 }));
}

#[test]
fn huge_sizes_do_not_overflow() {
    // A consistent virtual tree of 2^64 - 1 equal leaves: every stored
    // node at level L has the same hash.
    let mut levels = vec![leaf_hash(b"same")];
    for l in 1..64 {
        levels.push(node_hash(&levels[l - 1], &levels[l - 1]));
    }
    let get = |level: u8, _index: u64| -> Result<Hash, Infallible> { Ok(levels[level as usize]) };
    let n = u64::MAX;
    let r = root_at(n, get).unwrap();
    let f = Frontier::from_store(n, get).unwrap();
    assert_eq!(f.nodes().len(), 64);
    assert_eq!(f.root(), r);
    for i in [0, 1, n / 2, n - 2, n - 1] {
        let p = inclusion_proof(i, n, get).unwrap();
        let leaf = get(0, i).unwrap();
        assert_eq!(verify_inclusion(&leaf, i, n, &p, &r), Ok(()), "index {i}");
    }
    for m in [1, 2, 3, n / 2, n - 1, n] {
        let p = consistency_proof(m, n, get).unwrap();
        let old_root = root_at(m, get).unwrap();
        assert_eq!(verify_consistency(m, n, &old_root, &r, &p), Ok(()), "old {m}");
    }
    // A full tree cannot grow.
    let mut full = f.clone();
    assert_eq!(full.try_append(get(0, 0).unwrap()), Err(MerkleError::OutOfRange { index: n, size: n }));
    assert!(full.append(get(0, 0).unwrap()).is_empty());
    assert_eq!(full, f);
}

#[test]
fn stored_node_counts() {
    assert_eq!(stored_node_count(0, 7), 7);
    assert_eq!(stored_node_count(1, 7), 3);
    assert_eq!(stored_node_count(2, 7), 1);
    assert_eq!(stored_node_count(3, 7), 0);
    assert_eq!(stored_node_count(63, u64::MAX), 1);
    assert_eq!(stored_node_count(64, u64::MAX), 0);
    assert_eq!(stored_node_count(255, u64::MAX), 0);
    // Agrees with what appending actually stores.
    let (_, store) = build(&test_leaves(300, 1));
    for level in 0..12u8 {
        let count = store.keys().filter(|(l, _)| *l == level).count() as u64;
        assert_eq!(count, stored_node_count(level, 300), "level {level}");
        for index in 0..count {
            assert!(store.contains_key(&(level, index)));
        }
    }
}

// ---------- append and frontier ----------

#[test]
fn append_reports_completed_nodes() {
    let leaves = test_leaves(8, 2);
    let mut f = Frontier::new();
    assert_eq!(f.root(), empty_root());
    let expect: [&[(u8, u64)]; 8] = [
        &[(0, 0)],
        &[(0, 1), (1, 0)],
        &[(0, 2)],
        &[(0, 3), (1, 1), (2, 0)],
        &[(0, 4)],
        &[(0, 5), (1, 2)],
        &[(0, 6)],
        &[(0, 7), (1, 3), (2, 1), (3, 0)],
    ];
    for (i, leaf) in leaves.iter().enumerate() {
        let got = f.append(*leaf);
        let ids: Vec<(u8, u64)> = got.iter().map(|&(l, k, _)| (l, k)).collect();
        assert_eq!(ids, expect[i], "append #{i}");
        assert_eq!(got[0].2, *leaf);
        // Each reported hash is the hash of the leaves it covers.
        for &(l, k, h) in &got {
            let lo = (k << l) as usize;
            assert_eq!(h, naive_root(&leaves[lo..lo + (1 << l)]));
        }
        assert_eq!(f.size(), i as u64 + 1);
        assert_eq!(f.root(), naive_root(&leaves[..=i]));
    }
}

#[test]
fn from_store_matches_appending_at_every_size() {
    let leaves = test_leaves(300, 3);
    let (_, store) = build(&leaves);
    let mut f = Frontier::new();
    assert_eq!(Frontier::from_store(0, getter(&store)), Ok(f.clone()));
    for leaf in &leaves {
        f.append(*leaf);
        let rebuilt = Frontier::from_store(f.size(), getter(&store)).unwrap();
        assert_eq!(rebuilt, f);
        assert_eq!(rebuilt.nodes().len(), f.size().count_ones() as usize);
    }
    // A rebuilt frontier keeps growing exactly like the original.
    let mut a = Frontier::from_store(77, getter(&store)).unwrap();
    let (mut b, _) = build(&leaves[..77]);
    for leaf in &leaves[77..200] {
        assert_eq!(a.append(*leaf), b.append(*leaf));
    }
    assert_eq!(a, b);
}

#[test]
fn exhaustive_small_trees_against_rfc_reference() {
    let leaves = test_leaves(40, 4);
    let (_, store) = build(&leaves);
    for n in 1..=leaves.len() {
        let tree = &leaves[..n];
        let root = naive_root(tree);
        assert_eq!(root_at(n as u64, getter(&store)), Ok(root));
        for i in 0..n {
            let p = inclusion_proof(i as u64, n as u64, getter(&store)).unwrap();
            assert_eq!(p, naive_path(i, tree), "path {i} of {n}");
            assert_eq!(verify_inclusion(&tree[i], i as u64, n as u64, &p, &root), Ok(()));
            // Every other index in the same tree is rejected.
            for j in 0..n {
                if j != i {
                    assert!(verify_inclusion(&tree[i], j as u64, n as u64, &p, &root).is_err());
                }
            }
        }
        for m in 1..=n {
            let p = consistency_proof(m as u64, n as u64, getter(&store)).unwrap();
            assert_eq!(p, naive_subproof(m, tree, true), "proof {m} -> {n}");
            let old_root = naive_root(&leaves[..m]);
            assert_eq!(verify_consistency(m as u64, n as u64, &old_root, &root, &p), Ok(()));
        }
    }
}

// ---------- known-answer vectors ----------

#[test]
fn rfc6962_reference_tree_vectors() {
    let mut leaves = Vec::new();
    let mut roots = HashMap::new();
    let mut inclusions = Vec::new();
    let mut consistencies = Vec::new();
    for f in data_lines(REFERENCE_TREE) {
        match f[0] {
            "leaf" => leaves.push(hex_decode(f[1])),
            "root" => {
                roots.insert(num(f[1]), to_hash(&hex_decode(f[2])).unwrap());
            }
            "inclusion" => inclusions.push((num(f[1]), num(f[2]), hashes(f[3]))),
            "consistency" => consistencies.push((num(f[1]), num(f[2]), hashes(f[3]))),
            other => panic!("unknown vector line kind {other}"),
        }
    }
    assert_eq!(leaves.len(), 8);
    assert_eq!(roots.len(), 9);
    assert_eq!(inclusions.len(), 5);
    assert_eq!(consistencies.len(), 5);

    let leaf_hashes: Vec<Hash> = leaves.iter().map(|d| leaf_hash(d)).collect();
    let mut f = Frontier::new();
    let mut store = Store::new();
    assert_eq!(f.root(), roots[&0]);
    assert_eq!(root_at(0, getter(&store)), Ok(roots[&0]));
    for (i, h) in leaf_hashes.iter().enumerate() {
        store.extend(f.append(*h).into_iter().map(|(l, k, h)| ((l, k), h)));
        let size = i as u64 + 1;
        assert_eq!(f.root(), roots[&size], "frontier root {size}");
    }
    for size in 0..=8u64 {
        assert_eq!(root_at(size, getter(&store)), Ok(roots[&size]), "root_at {size}");
        assert_eq!(naive_root(&leaf_hashes[..size as usize]), roots[&size], "reference root {size}");
    }
    for (index, size, want) in &inclusions {
        let got = inclusion_proof(*index, *size, getter(&store)).unwrap();
        assert_eq!(&got, want, "inclusion {index} {size}");
        let leaf = &leaf_hashes[*index as usize];
        assert_eq!(verify_inclusion(leaf, *index, *size, want, &roots[size]), Ok(()));
        assert!(verify_inclusion(leaf, *index, *size, want, &roots[&0]).is_err());
    }
    for (old, new, want) in &consistencies {
        let got = consistency_proof(*old, *new, getter(&store)).unwrap();
        assert_eq!(&got, want, "consistency {old} {new}");
        assert_eq!(verify_consistency(*old, *new, &roots[old], &roots[new], want), Ok(()));
        if old != new {
            assert!(verify_consistency(*old, *new, &roots[new], &roots[old], want).is_err());
        }
    }
}

/// The one probe where Heard deliberately differs from transparency-dev/merkle: it calls a
/// consistency proof from the empty tree "meaningless" and refuses it; Heard's PROTOCOL §5
/// and §12 make it the empty proof, true for any newer tree (the empty tree, root
/// `SHA-256("")`, is a prefix of every tree). Every other size-0 probe is still refused
/// (a non-empty proof, an old root that is not the empty tree's, two sizes 0 with
/// different roots).
const HEARD_DIFFERS: &[&str] = &["consistency/additional/size1-is-zero-and-size2-is-not-zero.json"];

#[test]
fn transparency_dev_probes() {
    let (mut inclusion, mut consistency) = (0, 0);
    let (mut unrepresentable, mut rejected_by_type) = (0, 0);
    for f in data_lines(PROBES) {
        assert_eq!(f.len(), 8, "probe line {f:?}");
        let want_ok = match f[1] {
            "ok" => true,
            "err" => false,
            other => panic!("bad expectation {other}"),
        };
        let (a, b) = (num(f[2]), num(f[3]));
        let (h1, h2) = (hex_decode(f[4]), hex_decode(f[5]));
        let proof = hash_list(f[6]);
        // A leaf hash that is not 32 bytes long cannot be passed to the
        // typed API at all (the reference verifier rejects it too).
        if f[0] == "inclusion" && h1.len() != 32 {
            assert!(!want_ok, "probe {} expects success", f[7]);
            rejected_by_type += 1;
            continue;
        }
        // Other byte strings that are not 32 bytes long (garbage proof
        // entries, the "don't care" roots, which the reference verifier only
        // compares for equality) are replaced by a tagged hash of
        // themselves: equal values stay equal and differ from every real hash.
        let mut widen = |b: &[u8]| {
            to_hash(b).unwrap_or_else(|| {
                unrepresentable += 1;
                Sha256::new().chain_update(b"not a 32-byte value:").chain_update(b).finalize().into()
            })
        };
        let (h1, h2) = (widen(&h1), widen(&h2));
        let proof: Vec<Hash> = proof.iter().map(|p| widen(p)).collect();
        let result = match f[0] {
            "inclusion" => {
                inclusion += 1;
                verify_inclusion(&h1, a, b, &proof, &h2)
            }
            "consistency" => {
                consistency += 1;
                verify_consistency(a, b, &h1, &h2, &proof)
            }
            other => panic!("unknown probe kind {other}"),
        };
        let want_ok = want_ok != HEARD_DIFFERS.contains(&f[7]);
        assert_eq!(result.is_ok(), want_ok, "probe {}: {result:?}", f[7]);
    }
    assert!(inclusion >= 60 && consistency >= 60, "{inclusion} {consistency}");
    assert!(unrepresentable > 0 && rejected_by_type > 0);
}

// ---------- operation counts ----------

#[test]
fn store_reads_are_logarithmic() {
    let calls = Cell::new(0u64);
    let get = |level: u8, index: u64| -> Result<Hash, Infallible> {
        calls.set(calls.get() + 1);
        Ok(leaf_hash(&[[level].as_slice(), &index.to_be_bytes()].concat()))
    };
    let count = |f: &mut dyn FnMut()| {
        calls.set(0);
        f();
        calls.get()
    };
    // ceil(log2 n) for every size used below is at most 64.
    const BOUND: u64 = 2 * 64 + 2;
    for n in [1_000_000u64, (1 << 20) - 1, (1 << 40) + 12345, u64::MAX] {
        let c = count(&mut || {
            root_at(n, get).unwrap();
        });
        assert_eq!(c, u64::from(n.count_ones()), "root_at {n}");
        let c = count(&mut || {
            Frontier::from_store(n, get).unwrap();
        });
        assert_eq!(c, u64::from(n.count_ones()), "from_store {n}");
        for i in [0, 1, n / 3, n / 2, n - 2, n - 1] {
            let c = count(&mut || {
                inclusion_proof(i, n, get).unwrap();
            });
            assert!(c <= BOUND, "inclusion {i} {n}: {c} reads");
        }
        for m in [1, 2, 3, n / 3, n / 2 + 1, n - 1] {
            let c = count(&mut || {
                consistency_proof(m, n, get).unwrap();
            });
            assert!(c <= BOUND, "consistency {m} {n}: {c} reads");
        }
    }
    // For n = 1,000,000 the bound is much tighter: depth 20 plus at most
    // popcount(n) = 7 reads for the one partial subtree.
    let n = 1_000_000u64;
    for i in [0, 999_999, 524_287, 524_288, 123_456] {
        let c = count(&mut || {
            inclusion_proof(i, n, get).unwrap();
        });
        assert!(c <= 20 + 7, "inclusion {i}: {c} reads");
    }
    for m in [1, 999_999, 524_288, 524_289, 123_456] {
        let c = count(&mut || {
            consistency_proof(m, n, get).unwrap();
        });
        assert!(c <= 20 + 7 + 1, "consistency {m}: {c} reads");
    }
}

// ---------- property tests ----------

fn wrong_len(r: Result<(), MerkleError>) -> bool {
    matches!(r, Err(MerkleError::WrongProofLength { .. }))
}

fn flip(h: &Hash, bit: usize) -> Hash {
    let mut h = *h;
    h[(bit / 8) % 32] ^= 1 << (bit % 8);
    h
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_trees(
        n in 1u64..=2000,
        salt in any::<u64>(),
        picks in proptest::collection::vec((any::<u64>(), any::<u64>(), 0usize..256), 4),
    ) {
        let leaves = test_leaves(n, salt);
        let (frontier, store) = build(&leaves);
        let root = naive_root(&leaves);
        prop_assert_eq!(frontier.size(), n);
        prop_assert_eq!(frontier.root(), root);
        prop_assert_eq!(root_at(n, getter(&store)), Ok(root));
        prop_assert_eq!(store.len() as u64, 2 * n - u64::from(n.count_ones()));
        prop_assert_eq!(&Frontier::from_store(n, getter(&store)).unwrap(), &frontier);

        for (pick, &(r1, r2, bit)) in picks.iter().enumerate() {
            // ----- inclusion -----
            let i = r1 % n;
            let leaf = leaves[i as usize];
            let p = inclusion_proof(i, n, getter(&store)).unwrap();
            // The reference recursion is O(n) per call: compare once per tree.
            if pick == 0 {
                prop_assert_eq!(&p, &naive_path(i as usize, &leaves));
            }
            prop_assert_eq!(verify_inclusion(&leaf, i, n, &p, &root), Ok(()));
            for k in 0..p.len() {
                let mut bad = p.clone();
                bad[k] = flip(&bad[k], bit);
                prop_assert_eq!(
                    verify_inclusion(&leaf, i, n, &bad, &root),
                    Err(MerkleError::RootMismatch)
                );
                let mut short = p.clone();
                short.remove(k);
                prop_assert!(wrong_len(verify_inclusion(&leaf, i, n, &short, &root)));
            }
            let mut long = p.clone();
            long.insert((r2 as usize) % (p.len() + 1), leaf);
            prop_assert!(wrong_len(verify_inclusion(&leaf, i, n, &long, &root)));
            prop_assert!(verify_inclusion(&flip(&leaf, bit), i, n, &p, &root).is_err());
            prop_assert!(verify_inclusion(&leaf, i, n, &p, &flip(&root, bit)).is_err());
            // Wrong index: any other leaf position in the same tree.
            if n > 1 {
                let j = (i + 1 + r2 % (n - 1)) % n;
                prop_assert_ne!(i, j);
                prop_assert!(verify_inclusion(&leaf, j, n, &p, &root).is_err());
            }
            for j in [i.wrapping_sub(1), i + 1, i ^ 2] {
                if j != i {
                    prop_assert!(verify_inclusion(&leaf, j, n, &p, &root).is_err());
                }
            }
            // Wrong size (the mutations of the RFC 6962 reference tests).
            for m in [n * 2, n / 2] {
                prop_assert!(verify_inclusion(&leaf, i, m, &p, &root).is_err());
            }

            // ----- consistency -----
            let old = 1 + r2 % n;
            let old_root = root_at(old, getter(&store)).unwrap();
            if pick == 0 {
                prop_assert_eq!(old_root, naive_root(&leaves[..old as usize]));
            }
            let c = consistency_proof(old, n, getter(&store)).unwrap();
            if pick == 0 {
                prop_assert_eq!(&c, &naive_subproof(old as usize, &leaves, true));
            }
            prop_assert_eq!(verify_consistency(old, n, &old_root, &root, &c), Ok(()));
            if old == n {
                prop_assert!(c.is_empty());
                continue;
            }
            for k in 0..c.len() {
                let mut bad = c.clone();
                bad[k] = flip(&bad[k], bit);
                prop_assert_eq!(
                    verify_consistency(old, n, &old_root, &root, &bad),
                    Err(MerkleError::RootMismatch)
                );
                let mut short = c.clone();
                short.remove(k);
                prop_assert!(wrong_len(verify_consistency(old, n, &old_root, &root, &short)));
            }
            let mut long = c.clone();
            long.insert((r1 as usize) % (c.len() + 1), root);
            prop_assert!(wrong_len(verify_consistency(old, n, &old_root, &root, &long)));
            prop_assert!(verify_consistency(old, n, &flip(&old_root, bit), &root, &c).is_err());
            prop_assert!(verify_consistency(old, n, &old_root, &flip(&root, bit), &c).is_err());
            prop_assert!(verify_consistency(old, n, &root, &old_root, &c).is_err());
            // Wrong sizes (the mutations of the RFC 6962 reference tests).
            for (m, s) in [(old - 1, n), (old + 1, n), (old ^ 2, n), (old, n * 2), (old, n / 2)] {
                prop_assert!(
                    verify_consistency(m, s, &old_root, &root, &c).is_err(),
                    "({}, {}) accepted proof for ({}, {})", m, s, old, n
                );
            }
        }
    }
}

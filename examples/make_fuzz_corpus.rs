//! Writes the seed corpus of the fuzz targets (`fuzz/fuzz_targets/`) into `fuzz/corpus/`.
//!
//! Run from the repository root: `cargo run --example make_fuzz_corpus [-- <out dir>]`.
//! Everything is deterministic (fixed seeds and times), so running it again rewrites the
//! same files. The keys are the ones the fuzz targets rebuild from the same seeds
//! ([`LOG_SEED`] under [`LOG_NAME`], [`WITNESS_SEED`] under [`WITNESS_NAME`]), so valid
//! receipts and notes verify inside the targets and the fuzzer starts from the deep paths.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use heard::protocol::entry::{Entry, genesis};
use heard::protocol::merkle::{Frontier, inclusion_proof};
use heard::protocol::note::{Checkpoint, Cosigner, NoteSigner};
use heard::protocol::receipt::{receipt_text, to_compact, verify_receipt};
use heard::protocol::statement::{Kind, Statement};
use heard::protocol::{Hash, cbor};

/// The log's key name and seed (must match `fuzz/fuzz_targets/{receipt,note}.rs`).
const LOG_NAME: &str = "fuzz.heard.example/log";
const LOG_SEED: [u8; 32] = [0x42; 32];
/// The witness's key name and seed (must match `fuzz/fuzz_targets/{receipt,note}.rs`).
const WITNESS_NAME: &str = "fuzz.heard.example/witness";
const WITNESS_SEED: [u8; 32] = [0x57; 32];

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let d = dir.join(target);
    std::fs::create_dir_all(&d)?;
    std::fs::write(d.join(name), bytes)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fuzz/corpus".into()));
    let log = NoteSigner::new(LOG_NAME, LOG_SEED)?;
    let witness = Cosigner::new(WITNESS_NAME, WITNESS_SEED)?;
    let author = ed25519_dalek::SigningKey::from_bytes(&[0x11; 32]);

    // Statements: one per kind with small bodies; `statement` seeds are the bare bytes, and
    // `signed-*` seeds are statement ‖ 64-byte signature (the target's second reading).
    let bodies: [Vec<u8>; 3] = [vec![0xa0], cbor::encode(&(1u64, "an idea"))?, vec![]];
    let mut signed = Vec::new();
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        let st = Statement {
            kind,
            time: 1_700_000_000_000 + i as u64,
            author: author.verifying_key().to_bytes(),
            body: bodies[i % bodies.len()].clone(),
        };
        let (bytes, sig) = st.sign(&author);
        if i < 3 {
            write(&out, "statement", kind.name(), &bytes)?;
            write(&out, "statement", &format!("signed-{}", kind.name()), &[bytes.as_slice(), &sig].concat())?;
        }
        signed.push((bytes, sig));
    }

    // Entries chained from genesis, and the Merkle tree over them.
    let mut entries = Vec::new();
    let mut prev = genesis();
    let mut frontier = Frontier::new();
    let mut nodes: HashMap<(u8, u64), Hash> = HashMap::new();
    for (seq, (statement, signature)) in signed.iter().enumerate() {
        let e = Entry {
            seq: seq as u64,
            prev,
            log_time: 1_700_000_001_000 + seq as u64,
            statement: statement.clone(),
            signature: *signature,
        };
        let bytes = e.encode();
        prev = heard::protocol::entry::entry_hash(&bytes);
        for (level, index, hash) in frontier.append(prev) {
            nodes.insert((level, index), hash);
        }
        entries.push(bytes);
    }
    for seq in [0usize, 5] {
        write(&out, "entry", &format!("entry-{seq}"), &entries[seq])?;
    }

    // A checkpoint signed by the log and cosigned by the witness, and receipts against it.
    let size = entries.len() as u64;
    let cp = Checkpoint { origin: LOG_NAME.into(), size, root: frontier.root(), extensions: vec![] };
    let signed_note = log.sign(&cp.to_text())?;
    let cosigned = format!("{signed_note}{}", witness.cosign(&cp.to_text(), 1_700_000_002)?);
    let get = |level: u8, index: u64| nodes.get(&(level, index)).copied().ok_or("missing node");
    for (seq, note, name) in [(0u64, &signed_note, "receipt-0"), (6, &cosigned, "receipt-6-cosigned")] {
        let proof = inclusion_proof(seq, size, get).map_err(|e| format!("no inclusion proof: {}", e.code()))?;
        let text = receipt_text(&entries[seq as usize], seq, &proof, note);
        let required = usize::from(seq == 6);
        let report = verify_receipt(&text, &log.verifier(), &[witness.verifier()], required);
        assert!(report.ok(), "seed receipt {name} does not verify: {:?}", report.failure());
        write(&out, "receipt", name, text.as_bytes())?;
        if seq == 0 {
            write(&out, "receipt", "receipt-0-compact", to_compact(&text).as_bytes())?;
        }
    }
    // Hand-made invalid receipts: header only, and a non-canonical index.
    write(&out, "receipt", "bad-header-only", b"c2sp.org/tlog-proof@v1\n")?;
    write(&out, "receipt", "bad-index", b"c2sp.org/tlog-proof@v1\nindex 01\n\n")?;

    // Notes: signed and cosigned checkpoints, the bare checkpoint text, both verifier keys.
    write(&out, "note", "checkpoint-signed", signed_note.as_bytes())?;
    write(&out, "note", "checkpoint-cosigned", cosigned.as_bytes())?;
    write(&out, "note", "checkpoint-text", cp.to_text().as_bytes())?;
    write(&out, "note", "verifier-log", log.verifier().to_text().as_bytes())?;
    write(&out, "note", "verifier-witness", witness.verifier().to_text().as_bytes())?;
    write(&out, "note", "bad-no-blank-line", b"example.com/log\n1\n\xe2\x80\x94 a AAAAAAA=\n")?;

    // JSON bodies (and the CBOR form of a submission).
    let (st, sig) = &signed[2];
    let submit = serde_json::json!({ "statement": B64.encode(st), "signature": B64.encode(sig) });
    write(&out, "json_bodies", "submit", submit.to_string().as_bytes())?;
    let parsed = heard::server::parse_submission(submit.to_string().as_bytes(), false).map_err(|e| e.detail)?;
    assert_eq!((&parsed.statement, parsed.signature.as_slice()), (st, sig.as_slice()));
    let with_content = serde_json::json!({
        "statement": B64.encode(st), "signature": B64.encode(sig),
        "content": { "text": "Plant trees along the river.", "salt": B64.encode([9u8; 32]) }
    });
    write(&out, "json_bodies", "submit-content", with_content.to_string().as_bytes())?;
    // The handler's `SubmitWire`: a map {0: statement, 1: signature}.
    #[derive(serde::Serialize)]
    struct SubmitWire {
        statement: serde_bytes::ByteBuf,
        signature: serde_bytes::ByteBuf,
    }
    let wire = SubmitWire {
        statement: serde_bytes::ByteBuf::from(st.clone()),
        signature: serde_bytes::ByteBuf::from(sig.to_vec()),
    };
    write(&out, "json_bodies", "submit-cbor", &cbor::encode(&wire)?)?;
    heard::server::parse_submission(&cbor::encode(&wire)?, true).map_err(|e| e.detail)?;
    let cosign = serde_json::json!({ "witness_key": witness.verifier().to_text(), "note": cosigned });
    write(&out, "json_bodies", "cosign", cosign.to_string().as_bytes())?;
    heard::server::parse_cosignature(cosign.to_string().as_bytes()).map_err(|e| e.detail)?;
    write(&out, "json_bodies", "bad-unknown-field", br#"{"statement":"","signature":"","x":1}"#)?;
    write(&out, "json_bodies", "bad-base64", br#"{"statement":"@@","signature":"AA=="}"#)?;

    println!("wrote the seed corpus under {}", out.display());
    Ok(())
}

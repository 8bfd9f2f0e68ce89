//! Receipts: an offline proof that an entry is in the log.
//!
//! A receipt is a C2SP tlog-proof (`c2sp.org/tlog-proof@v1`) whose `extra` line carries the
//! entry's canonical bytes, followed by the signed checkpoint (with any witness
//! cosignatures). Everything in it can be checked with nothing but the log's verifier key:
//! [`verify_receipt`] makes every check and says which passed and which failed.
//! The compact form for copy/paste and QR codes is the receipt text in unpadded base64url.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::Hash;
use super::entry::{Entry, entry_hash};
use super::merkle::verify_inclusion;
use super::note::{Checkpoint, KEY_TYPE_COSIGNATURE_V1, Note, NoteVerifier, TlogProof};
use super::statement::{Kind, verify_submission};

/// Builds a receipt's text from its parts.
pub fn receipt_text(entry: &[u8], index: u64, proof: &[Hash], checkpoint_note: &str) -> String {
    TlogProof { extra: Some(entry.to_vec()), index, proof: proof.to_vec(), checkpoint: checkpoint_note.to_string() }
        .to_text()
}

/// The compact (base64url, unpadded) form of a receipt's text.
pub fn to_compact(receipt: &str) -> String {
    URL_SAFE_NO_PAD.encode(receipt.as_bytes())
}

/// Reads a receipt in either form: the text, or its compact base64url encoding.
pub fn from_either(input: &str) -> Result<String, String> {
    let trimmed = input.trim();
    if trimmed.starts_with("c2sp.org/tlog-proof@v1") {
        return Ok(input.to_string());
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(trimmed)
        .map_err(|e| format!("the receipt is neither receipt text nor compact base64url ({e})"))?;
    String::from_utf8(bytes).map_err(|_| "the compact receipt does not decode to UTF-8 text".to_string())
}

/// One check a verification made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Short stable name of the check (e.g. `checkpoint_signature`).
    pub name: &'static str,
    /// Whether it passed.
    pub passed: bool,
    /// What was checked and found, in words.
    pub detail: String,
}

/// What a receipt says, once verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptFacts {
    /// The entry's seq.
    pub seq: u64,
    /// The entry hash.
    pub entry_hash: Hash,
    /// The statement's kind.
    pub kind: Kind,
    /// The statement's author key.
    pub author: [u8; 32],
    /// Author time (ms since the Unix epoch).
    pub author_time: u64,
    /// Log time (ms since the Unix epoch).
    pub log_time: u64,
    /// The checkpoint's tree size.
    pub tree_size: u64,
    /// Witnesses whose cosignatures verified.
    pub witnesses: Vec<String>,
}

/// The outcome of verifying a receipt: every check made, in order, and the facts if all passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptReport {
    /// Checks in the order they were made; verification stops at the first failure.
    pub checks: Vec<Check>,
    /// Present when every check passed.
    pub facts: Option<ReceiptFacts>,
}

impl ReceiptReport {
    /// Whether the receipt is valid.
    pub fn ok(&self) -> bool {
        self.facts.is_some()
    }
    /// The first failed check, if any.
    pub fn failure(&self) -> Option<&Check> {
        self.checks.iter().find(|c| !c.passed)
    }
}

struct Steps(Vec<Check>);

impl Steps {
    fn pass(&mut self, name: &'static str, detail: impl Into<String>) {
        self.0.push(Check { name, passed: true, detail: detail.into() });
    }
    fn fail(mut self, name: &'static str, detail: impl Into<String>) -> ReceiptReport {
        self.0.push(Check { name, passed: false, detail: detail.into() });
        ReceiptReport { checks: self.0, facts: None }
    }
}

/// Verifies a receipt (text or compact form) against the log's verifier key, requiring at
/// least `witnesses_required` valid cosignatures from the given witness keys.
pub fn verify_receipt(
    input: &str,
    log_key: &NoteVerifier,
    witnesses: &[NoteVerifier],
    witnesses_required: usize,
) -> ReceiptReport {
    let mut s = Steps(Vec::new());
    let text = match from_either(input) {
        Ok(t) => t,
        Err(e) => return s.fail("receipt_format", e),
    };
    let proof = match TlogProof::parse(&text) {
        Ok(p) => p,
        Err(e) => return s.fail("receipt_format", format!("not a c2sp.org/tlog-proof@v1 receipt: {e}")),
    };
    let Some(entry_bytes) = proof.extra.as_deref() else {
        return s.fail("receipt_format", "the receipt has no `extra` line carrying the entry");
    };
    s.pass("receipt_format", "the receipt is a c2sp.org/tlog-proof@v1 text carrying an entry");

    let note = match Note::parse(&proof.checkpoint) {
        Ok(n) => n,
        Err(e) => return s.fail("checkpoint_signature", format!("the checkpoint note is malformed: {e}")),
    };
    let mut known = vec![log_key.clone()];
    known.extend(witnesses.iter().cloned());
    let verified = match note.verify(&known) {
        Ok(v) => v,
        Err(e) => return s.fail("checkpoint_signature", format!("the checkpoint does not verify: {e}")),
    };
    if !verified.iter().any(|v| v == log_key) {
        return s
            .fail("checkpoint_signature", format!("the checkpoint is not signed by the log key {}", log_key.name()));
    }
    s.pass("checkpoint_signature", format!("the checkpoint is signed by the log key {}", log_key.to_text()));

    let witnessed: Vec<String> = verified
        .iter()
        .filter(|v| v.key_type() == KEY_TYPE_COSIGNATURE_V1 && v != &log_key)
        .map(|v| v.name().to_string())
        .collect();
    if witnessed.len() < witnesses_required {
        return s.fail(
            "witnesses",
            format!(
                "{} of the {} required witness cosignatures verify ({})",
                witnessed.len(),
                witnesses_required,
                if witnessed.is_empty() { "none".to_string() } else { witnessed.join(", ") }
            ),
        );
    }
    if witnesses_required > 0 || !witnessed.is_empty() {
        s.pass("witnesses", format!("cosigned by {} known witness(es): {}", witnessed.len(), witnessed.join(", ")));
    }

    let cp = match Checkpoint::parse_text(&note.text) {
        Ok(c) => c,
        Err(e) => return s.fail("checkpoint_format", format!("the signed text is not a checkpoint: {e}")),
    };
    if cp.origin != log_key.name() {
        return s.fail(
            "checkpoint_format",
            format!("the checkpoint's origin {:?} is not the log key's name {:?}", cp.origin, log_key.name()),
        );
    }
    s.pass("checkpoint_format", format!("checkpoint of {} at tree size {}", cp.origin, cp.size));

    let entry = match Entry::decode(entry_bytes) {
        Ok(e) => e,
        Err(e) => return s.fail("entry_format", format!("the entry does not decode: {e}")),
    };
    if entry.seq != proof.index {
        return s.fail(
            "entry_format",
            format!("the entry says it is seq {} but the proof is for index {}", entry.seq, proof.index),
        );
    }
    s.pass("entry_format", format!("entry {} decodes in canonical form", entry.seq));

    let leaf = entry_hash(entry_bytes);
    if let Err(e) = verify_inclusion(&leaf, proof.index, cp.size, &proof.proof, &cp.root) {
        return s.fail(
            "inclusion",
            format!("the entry is not proven to be at index {} of the tree of size {}: {e}", proof.index, cp.size),
        );
    }
    s.pass(
        "inclusion",
        format!(
            "entry hash {} is leaf {} of the signed tree of size {} ({} proof hashes)",
            hex::encode(leaf),
            proof.index,
            cp.size,
            proof.proof.len()
        ),
    );

    let statement = match verify_submission(&entry.statement, &entry.signature) {
        Ok(v) => v.statement,
        Err(e) => return s.fail("statement_signature", format!("the author's statement does not verify: {e}")),
    };
    s.pass(
        "statement_signature",
        format!("the {} statement is signed by author key {}", statement.kind.name(), hex::encode(statement.author)),
    );

    ReceiptReport {
        checks: s.0,
        facts: Some(ReceiptFacts {
            seq: entry.seq,
            entry_hash: leaf,
            kind: statement.kind,
            author: statement.author,
            author_time: statement.time,
            log_time: entry.log_time,
            tree_size: cp.size,
            witnesses: witnessed,
        }),
    }
}

//! Offline inclusion proofs ([c2sp.org/tlog-proof]): an entry's index, its RFC 6962
//! inclusion path and the signed checkpoint it leads to, in one text.
//!
//! [c2sp.org/tlog-proof]: https://c2sp.org/tlog-proof

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use super::{
    Checkpoint, Hash, MAX_PROOF_HASHES, MAX_PROOF_SIZE, Note, NoteError, PROOF_HEADER, decode_hash, parse_decimal,
};

/// An offline inclusion proof (c2sp.org/tlog-proof@v1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlogProof {
    /// Optional opaque, unauthenticated extra data (`extra` line).
    pub extra: Option<Vec<u8>>,
    /// Zero-based index of the entry in the log.
    pub index: u64,
    /// RFC 6962 inclusion proof, from the leaf's sibling up to the root's child.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, verbatim (with its signatures).
    pub checkpoint: String,
}

impl TlogProof {
    /// Formats the proof: header, optional `extra` line, `index` line, one
    /// base64 hash per line, a blank line, then the checkpoint verbatim.
    pub fn to_text(&self) -> String {
        let mut out = format!("{PROOF_HEADER}\n");
        if let Some(extra) = &self.extra {
            out.push_str(&format!("extra {}\n", B64.encode(extra)));
        }
        out.push_str(&format!("index {}\n", self.index));
        for hash in &self.proof {
            out.push_str(&B64.encode(hash));
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.checkpoint);
        out
    }

    /// Parses a tlog-proof. The embedded checkpoint must be a well-formed
    /// signed note whose text is a well-formed checkpoint (its errors are
    /// returned as is); nothing is verified.
    pub fn parse(s: &str) -> Result<TlogProof, NoteError> {
        if s.len() > MAX_PROOF_SIZE {
            return Err(NoteError::TextTooLarge { size: s.len(), max: MAX_PROOF_SIZE });
        }
        let err = |line, reason| NoteError::MalformedProof { line, reason };
        let mut rest = s;
        let mut line_no = 0;
        let mut next_line = |missing: &'static str| {
            line_no += 1;
            let (line, tail) = rest.split_once('\n').ok_or(err(line_no, missing))?;
            rest = tail;
            Ok::<_, NoteError>((line_no, line))
        };
        let (n, header) = next_line("missing header line")?;
        if header != PROOF_HEADER {
            return Err(err(n, "first line is not c2sp.org/tlog-proof@v1"));
        }
        let (mut n, mut line) = next_line("missing index line")?;
        let mut extra = None;
        if let Some(b64) = line.strip_prefix("extra ") {
            extra = Some(B64.decode(b64).map_err(|_| err(n, "extra data is not canonical base64"))?);
            (n, line) = next_line("missing index line")?;
        }
        let index = line
            .strip_prefix("index ")
            .and_then(parse_decimal)
            .ok_or(err(n, "expected \"index <decimal without leading zeroes>\""))?;
        let mut proof = Vec::new();
        loop {
            let (n, line) = next_line("missing blank line before the checkpoint")?;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_HASHES {
                return Err(err(n, "too many inclusion proof hashes"));
            }
            proof.push(decode_hash(line).ok_or(err(n, "proof hash is not canonical base64 of 32 bytes"))?);
        }
        let note = Note::parse(rest)?;
        Checkpoint::parse_text(&note.text)?;
        Ok(TlogProof { extra, index, proof, checkpoint: rest.to_owned() })
    }
}

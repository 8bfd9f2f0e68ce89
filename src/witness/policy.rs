//! The witnesses a log accepts cosignatures from, as the operator configures them in the
//! data folder's `witnesses` file (docs/PROTOCOL.md §10).
//!
//! One witness a line, `witness <verifier key>` (the C2SP cosignature verifier key,
//! `name+hexid+base64(0x04 ‖ key)`); `#` starts a comment; blank lines are ignored. Keys
//! enrolled with the witness role are accepted as well, by the ledger; this file is for
//! witnesses that are not enrolled in the log (a public witness network, say).

use std::path::Path;

use crate::log::MAX_COSIGNATURES;
use crate::protocol::note::{KEY_TYPE_COSIGNATURE_V1, NoteVerifier};

/// The name of the file in the data folder.
pub const FILE: &str = "witnesses";

/// Why a witnesses file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// A line is not `witness <verifier key>`.
    #[error("{file} line {line}: {why}")]
    Line {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
    /// More witnesses than a checkpoint can carry cosignatures from.
    #[error("{file} names {count} witnesses; a checkpoint carries at most {MAX_COSIGNATURES} cosignatures")]
    TooMany {
        /// The file.
        file: String,
        /// How many it names.
        count: usize,
    },
    /// The file could not be read.
    #[error("reading {file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// The error.
        source: std::io::Error,
    },
}

impl PolicyError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::Line { .. } => "bad_witness_policy",
            PolicyError::TooMany { .. } => "too_many_witnesses",
            PolicyError::Read { .. } => "witness_policy_unreadable",
        }
    }
}

/// Parses the text of a witnesses file (`file` names it in errors).
pub fn parse(text: &str, file: &str) -> Result<Vec<NoteVerifier>, PolicyError> {
    let mut out: Vec<NoteVerifier> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let bad = |why: String| PolicyError::Line { file: file.to_string(), line: i + 1, why };
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("witness"), Some(key), None) => {
                let v = NoteVerifier::from_text(key).map_err(|e| bad(format!("the witness key does not read: {e}")))?;
                if v.key_type() != KEY_TYPE_COSIGNATURE_V1 {
                    return Err(bad(
                        "the witness key is not a cosignature key (type 0x04); make one with `heard keygen --witness`"
                            .into(),
                    ));
                }
                if out.iter().any(|w| w.public_key() == v.public_key()) {
                    return Err(bad("this witness's key is already named on an earlier line".into()));
                }
                out.push(v);
            }
            (Some("witness"), _, _) => return Err(bad("write `witness <verifier key>`, one witness a line".into())),
            (Some(other), _, _) => {
                return Err(bad(format!("`{other}` is not a setting; lines read `witness <verifier key>`")));
            }
            (None, _, _) => {}
        }
    }
    if out.len() > MAX_COSIGNATURES {
        return Err(PolicyError::TooMany { file: file.to_string(), count: out.len() });
    }
    Ok(out)
}

/// Reads the witnesses file of the data folder `data`; no file means no configured witness.
pub fn read(data: &Path) -> Result<Vec<NoteVerifier>, PolicyError> {
    let path = data.join(FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(PolicyError::Read { file: path.display().to_string(), source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::note::Cosigner;

    fn key(n: u8) -> String {
        Cosigner::new(&format!("w{n}.example"), [n; 32]).map(|c| c.verifier().to_text()).unwrap_or_default()
    }

    #[test]
    fn witness_lines_comments_and_blanks_read() {
        let text = format!("# ours\n\nwitness {}  # the library\nwitness {}\n", key(1), key(2));
        let w = parse(&text, "witnesses").expect("reads");
        assert_eq!(w.iter().map(|v| v.name().to_string()).collect::<Vec<_>>(), ["w1.example", "w2.example"]);
    }

    #[test]
    fn bad_lines_are_refused_with_their_line_number() {
        let log_key = crate::protocol::note::NoteSigner::new("log.example", [3; 32]).map(|s| s.verifier().to_text());
        let cases = [
            (format!("witness {}\nquorum 2\n", key(1)), 2, "not a setting"),
            ("witness\n".to_string(), 1, "one witness a line"),
            ("witness nonsense\n".to_string(), 1, "does not read"),
            (format!("witness {}\n", log_key.unwrap_or_default()), 1, "not a cosignature key"),
            (format!("witness {}\nwitness {}\n", key(1), key(1)), 2, "already named"),
        ];
        for (text, line, why) in cases {
            match parse(&text, "witnesses") {
                Err(e @ PolicyError::Line { line: l, .. }) => {
                    assert_eq!(l, line, "{text}");
                    assert!(e.to_string().contains(why), "{e}");
                    assert_eq!(e.code(), "bad_witness_policy");
                }
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn more_witnesses_than_a_checkpoint_carries_are_refused() {
        let text: String = (0..=MAX_COSIGNATURES as u8).map(|n| format!("witness {}\n", key(n + 1))).collect();
        let e = parse(&text, "witnesses").unwrap_err();
        assert_eq!(e.code(), "too_many_witnesses");
    }
}

//! The witnesses a log accepts cosignatures from and asks to cosign, and how many of them
//! make a checkpoint "witnessed", as the operator writes them in the data folder's
//! `witnesses` file (docs/PROTOCOL.md §10). `heard verify receipt --policy` reads the same
//! format.
//!
//! One setting a line; `#` starts a comment; blank lines are ignored:
//!
//! - `witness [<name>] <verifier key> [<url>]`: a witness (the C2SP cosignature verifier
//!   key, `name+hexid+base64(0x04 ‖ key)`); the name is C2SP tlog-policy's (it only labels
//!   the line); the URL is the witness's C2SP tlog-witness submission prefix, to which the
//!   log posts `add-checkpoint` (a witness without one is only accepted, never asked);
//! - `quorum <k>` | `quorum any` | `quorum all` | `quorum none`: how many of the named
//!   witnesses must cosign a checkpoint (default: one);
//! - `log <verifier key> [<url>]`: a log this policy is for (C2SP tlog-policy; the server
//!   ignores it, `verify receipt --policy` refuses another log's key).
//!
//! Keys enrolled with the witness role are accepted as well, by the ledger; this file is for
//! witnesses that are not enrolled in the log (a public witness network, say).

use std::path::Path;

use crate::log::MAX_COSIGNATURES;
use crate::protocol::note::{KEY_TYPE_COSIGNATURE_V1, KEY_TYPE_ED25519, NoteVerifier};

/// The name of the file in the data folder.
pub const FILE: &str = "witnesses";

/// A witness the file names.
#[derive(Clone, Debug)]
pub struct PolicyWitness {
    /// Its cosignature verifier key.
    pub key: NoteVerifier,
    /// Its C2SP tlog-witness submission prefix (no trailing `/`), if the log should ask it.
    pub url: Option<String>,
}

/// A witnesses file, read.
#[derive(Clone, Debug, Default)]
pub struct WitnessPolicy {
    /// The witnesses, in file order.
    pub witnesses: Vec<PolicyWitness>,
    /// The `quorum` line's number (`none` is 0, `all` the number of witnesses), if any.
    pub quorum: Option<usize>,
    /// The logs the file names (`log` lines).
    pub logs: Vec<NoteVerifier>,
}

impl WitnessPolicy {
    /// The witnesses' verifier keys.
    pub fn verifiers(&self) -> Vec<NoteVerifier> {
        self.witnesses.iter().map(|w| w.key.clone()).collect()
    }

    /// How many cosignatures of the log's witnesses make a checkpoint witnessed: the
    /// `quorum` line's, or one.
    pub fn quorum(&self) -> usize {
        self.quorum.unwrap_or(1)
    }

    /// How many of the named witnesses a receipt verified against this file needs: the
    /// `quorum` line's, or one when the file names any witness.
    pub fn required(&self) -> usize {
        self.quorum.unwrap_or(usize::from(!self.witnesses.is_empty()))
    }
}

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

/// Reads a verifier key of the given type for a `what` line.
fn key_of(text: &str, type_byte: u8, what: &str) -> Result<NoteVerifier, String> {
    let v = NoteVerifier::from_text(text).map_err(|e| format!("the {what} key does not read: {e}"))?;
    if v.key_type() != type_byte {
        return Err(match type_byte {
            KEY_TYPE_COSIGNATURE_V1 => {
                "the witness key is not a cosignature key (type 0x04); make one with `heard keygen --witness`".into()
            }
            _ => format!("the {what} key is not a note signing key (type 0x01)"),
        });
    }
    Ok(v)
}

/// A witness's submission prefix: `http://` or `https://`, without a trailing `/`.
fn url_of(text: &str) -> Result<String, String> {
    let ok = (text.starts_with("http://") || text.starts_with("https://")) && text.len() > "https://".len();
    if !ok {
        return Err(format!("{text:?} is not an http:// or https:// URL (the witness's submission prefix)"));
    }
    Ok(text.trim_end_matches('/').to_string())
}

/// Parses the text of a witnesses file (`file` names it in errors).
pub fn parse(text: &str, file: &str) -> Result<WitnessPolicy, PolicyError> {
    let mut out = WitnessPolicy::default();
    let mut quorum: Option<(usize, &str)> = None;
    for (i, raw) in text.lines().enumerate() {
        let bad = |why: String| PolicyError::Line { file: file.to_string(), line: i + 1, why };
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["witness", rest @ ..] if (1..=3).contains(&rest.len()) => {
                // `witness <key> [<url>]` or C2SP's `witness <name> <key> [<url>]`: a key
                // has two `+`, a name none.
                let (key, url) = match rest {
                    [name, key, url @ ..] if !name.contains('+') => (*key, url),
                    [key, url @ ..] => (*key, url),
                    [] => ("", &[][..]),
                };
                let url = match url {
                    [] => None,
                    [u] => Some(*u),
                    _ => return Err(bad("write `witness [<name>] <verifier key> [<url>]`, one witness a line".into())),
                };
                let key = key_of(key, KEY_TYPE_COSIGNATURE_V1, "witness").map_err(bad)?;
                let url = url.map(url_of).transpose().map_err(bad)?;
                if out.witnesses.iter().any(|w| w.key.public_key() == key.public_key()) {
                    return Err(bad("this witness's key is already named on an earlier line".into()));
                }
                out.witnesses.push(PolicyWitness { key, url });
            }
            ["witness", ..] => {
                return Err(bad("write `witness [<name>] <verifier key> [<url>]`, one witness a line".into()));
            }
            ["quorum", k] => {
                if quorum.is_some() {
                    return Err(bad("a file has one quorum line".into()));
                }
                quorum = Some((i + 1, k));
            }
            ["quorum", ..] => {
                return Err(bad("write `quorum <k>`, `quorum any`, `quorum all` or `quorum none`".into()));
            }
            ["log", key] | ["log", key, _] => {
                if let [_, _, url] = words.as_slice() {
                    url_of(url).map_err(bad)?;
                }
                let key = key_of(key, KEY_TYPE_ED25519, "log").map_err(bad)?;
                if out.logs.iter().any(|l| l.public_key() == key.public_key()) {
                    return Err(bad("this log's key is already named on an earlier line".into()));
                }
                out.logs.push(key);
            }
            ["log", ..] => return Err(bad("write `log <verifier key> [<url>]`".into())),
            [other, ..] => {
                return Err(bad(format!(
                    "`{other}` is not a setting; lines read `witness [<name>] <verifier key> [<url>]`, `quorum <k>` or `log <verifier key>`"
                )));
            }
            [] => {}
        }
    }
    if out.witnesses.len() > MAX_COSIGNATURES {
        return Err(PolicyError::TooMany { file: file.to_string(), count: out.witnesses.len() });
    }
    if let Some((line, k)) = quorum {
        let n = out.witnesses.len();
        let bad = |why: String| PolicyError::Line { file: file.to_string(), line, why };
        let k = match k {
            "none" => 0,
            "any" => 1,
            "all" => n,
            digits => match digits.parse::<usize>() {
                Ok(0) => return Err(bad("`quorum 0`: write `quorum none` to ask for no cosignature".into())),
                Ok(k) if digits.starts_with('0') => {
                    return Err(bad(format!("write the quorum {k} without leading zeros")));
                }
                Ok(k) => k,
                Err(_) => return Err(bad(format!("`{digits}` is not a number of witnesses, `any`, `all` or `none`"))),
            },
        };
        if k > n {
            return Err(bad(format!("the quorum asks for {k} witnesses but the file names {n}")));
        }
        out.quorum = Some(k);
    }
    Ok(out)
}

/// Reads the witnesses file of the data folder `data`; no file means no configured witness.
pub fn read(data: &Path) -> Result<WitnessPolicy, PolicyError> {
    read_file(&data.join(FILE)).or_else(|e| match e {
        PolicyError::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(WitnessPolicy::default())
        }
        e => Err(e),
    })
}

/// Reads a policy file (`heard verify receipt --policy`); a missing file is an error.
pub fn read_file(path: &Path) -> Result<WitnessPolicy, PolicyError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, &path.display().to_string()),
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
        assert_eq!(
            w.verifiers().iter().map(|v| v.name().to_string()).collect::<Vec<_>>(),
            ["w1.example", "w2.example"]
        );
        assert!(w.witnesses.iter().all(|w| w.url.is_none()));
        assert_eq!((w.quorum, w.quorum(), w.required()), (None, 1, 1));
    }

    #[test]
    fn bad_lines_are_refused_with_their_line_number() {
        let log_key = crate::protocol::note::NoteSigner::new("log.example", [3; 32]).map(|s| s.verifier().to_text());
        let cases = [
            (format!("witness {}\nthreshold 2\n", key(1)), 2, "not a setting"),
            (format!("witness {}\nquorum 2\n", key(1)), 2, "asks for 2 witnesses but the file names 1"),
            (format!("witness {}\nquorum 0\n", key(1)), 2, "quorum none"),
            (format!("witness {}\nquorum 01\n", key(1)), 2, "leading zeros"),
            (format!("witness {}\nquorum most\n", key(1)), 2, "not a number"),
            (format!("witness {}\nquorum 1\nquorum 1\n", key(1)), 3, "one quorum line"),
            (format!("witness {} ftp://w.example\n", key(1)), 1, "not an http"),
            (format!("witness {} http://a http://b\n", key(1)), 1, "one witness a line"),
            (format!("witness w1 {} http://a extra\n", key(1)), 1, "one witness a line"),
            (format!("log {}\n", key(1)), 1, "not a note signing key"),
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

    /// The URL the log posts to, C2SP tlog-policy's named form, and every quorum word.
    #[test]
    fn urls_names_and_quorums_read() {
        let log = crate::protocol::note::NoteSigner::new("log.example", [3; 32]).map(|s| s.verifier().to_text());
        let text = format!(
            "log {}\nwitness {} http://127.0.0.1:9/w/\nwitness X2 {} https://w2.example\nwitness X3 {}\nquorum 2\n",
            log.unwrap_or_default(),
            key(1),
            key(2),
            key(3)
        );
        let p = parse(&text, "witnesses").expect("reads");
        let urls: Vec<_> = p.witnesses.iter().map(|w| w.url.as_deref()).collect();
        assert_eq!(urls, [Some("http://127.0.0.1:9/w"), Some("https://w2.example"), None]);
        assert_eq!(p.verifiers()[1].name(), "w2.example");
        assert_eq!((p.quorum(), p.required(), p.logs.len()), (2, 2, 1));
        for (word, k) in [("none", 0), ("any", 1), ("all", 3), ("3", 3)] {
            let t = format!("witness {}\nwitness {}\nwitness {}\nquorum {word}\n", key(1), key(2), key(3));
            assert_eq!(parse(&t, "w").expect("reads").quorum, Some(k), "{word}");
        }
        assert_eq!(parse("# nothing\n", "w").expect("reads").required(), 0);
    }

    #[test]
    fn more_witnesses_than_a_checkpoint_carries_are_refused() {
        let text: String = (0..=MAX_COSIGNATURES as u8).map(|n| format!("witness {}\n", key(n + 1))).collect();
        let e = parse(&text, "witnesses").unwrap_err();
        assert_eq!(e.code(), "too_many_witnesses");
    }
}

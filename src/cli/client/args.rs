//! The client commands' arguments, and the parsers clap calls for them.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::attribution::build::{Attribution, Use};
use crate::attribution::kinds::{Id, Usage};
use crate::protocol::note::NoteVerifier;

/// Where the server is.
#[derive(Args, Clone)]
pub struct Conn {
    /// The server's base URL.
    #[arg(long, env = "HEARD_SERVER", default_value = "http://127.0.0.1:8080")]
    pub(super) server: String,
}

/// The signer of a submitted statement and where its receipt goes.
#[derive(Args)]
pub struct SignerArgs {
    /// Your key file (made with `heard keygen`).
    #[arg(long)]
    pub(super) key: PathBuf,
    /// Save each receipt as DIR/<seq>.txt.
    #[arg(long)]
    pub(super) receipt_dir: Option<PathBuf>,
    #[command(flatten)]
    pub(super) conn: Conn,
}

/// How a contributor is shown (default: anonymous).
#[derive(Args)]
#[group(multiple = false)]
pub struct WhoArgs {
    /// Shown by this name (public, stays in the log for good).
    #[arg(long)]
    pub(super) name: Option<String>,
    /// Shown by this pseudonym.
    #[arg(long)]
    pub(super) pseudonym: Option<String>,
    /// Shown as "a contributor" (the default).
    #[arg(long)]
    pub(super) anonymous: bool,
}

impl WhoArgs {
    pub(super) fn attribution(&self) -> Attribution {
        match (&self.name, &self.pseudonym) {
            (Some(n), _) => Attribution::Named(n.clone()),
            (None, Some(p)) => Attribution::Pseudonym(p.clone()),
            (None, None) => Attribution::Anonymous,
        }
    }
}

/// A role for `heard enrol`.
#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Convenes consultations and responds to ideas.
    Organisation,
    /// Records ideas in sessions.
    Facilitator,
    /// Writes reports and cites ideas.
    PolicyTeam,
    /// Cosigns checkpoints.
    Witness,
}

/// An outcome for `heard respond`.
#[derive(Clone, Copy, ValueEnum)]
pub enum OutcomeArg {
    /// Adopted as given.
    Adopted,
    /// Adopted in a changed form.
    Adapted,
    /// Still being considered.
    Considering,
    /// Not adopted (give --reason).
    NotAdopted,
    /// Done, after adopted or adapted (give --reason or --link: what was done).
    Delivered,
}

/// A recognition for `heard acknowledge`.
#[derive(Clone, Copy, ValueEnum)]
pub enum RecognitionArg {
    /// Money paid.
    Payment,
    /// A voucher.
    Voucher,
    /// A gift.
    Gift,
    /// A certificate or letter.
    Certificate,
    /// Something else (say what in --note).
    Other,
}

/// Client commands that submit statements.
#[derive(Args)]
pub struct EnrolArgs {
    /// Role of the key.
    #[arg(long, value_enum)]
    pub(super) role: RoleArg,
    /// The party's display name ("Riverside Council").
    #[arg(long)]
    pub(super) name: String,
    /// The key enrolled: 64 hex digits, a verifier key, or a key file.
    #[arg(long)]
    pub(super) member_key: String,
    /// Revoke the key instead of enrolling it.
    #[arg(long)]
    pub(super) revoke: bool,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// `heard consultation ...`.
#[derive(Subcommand)]
pub enum ConsultationCommand {
    /// Open a consultation, as its convening organisation or a facilitator.
    ///
    /// Example: heard consultation open --key council.key --title 'Damp and repairs' --date 2026-03-14 --place 'Riverside Centre' --topic housing --convenor council.key --recorder amara.key
    Open(ConsultationOpenArgs),
    /// Close a consultation now, as its convening organisation or the party that opened it.
    ///
    /// A signed `close` statement: from the next entry on, ideas for it are refused
    /// (`consultation_closed`); it is closed once (`already_closed`).
    /// Example: heard consultation close --key council.key --consultation 3f1c...
    Close(ConsultationCloseArgs),
}

/// Arguments of `heard consultation close`.
#[derive(Args)]
pub struct ConsultationCloseArgs {
    /// The consultation's id (64 hex digits).
    #[arg(long, value_parser = parse_id)]
    pub(super) consultation: Id,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// Arguments of `heard consultation open`.
#[derive(Args)]
pub struct ConsultationOpenArgs {
    /// Title.
    #[arg(long)]
    pub(super) title: String,
    /// Date, YYYY-MM-DD.
    #[arg(long)]
    pub(super) date: String,
    /// Place.
    #[arg(long)]
    pub(super) place: String,
    /// Topic.
    #[arg(long)]
    pub(super) topic: String,
    /// The convening organisation's key (hex, verifier key or key file).
    #[arg(long)]
    pub(super) convenor: String,
    /// A facilitator who may record ideas (repeat for several).
    #[arg(long)]
    pub(super) recorder: Vec<String>,
    /// No ideas accepted after this log time: YYYY-MM-DD (its end, UTC) or ms since the Unix epoch.
    #[arg(long)]
    pub(super) closes: Option<String>,
    /// The consultation's language, `en` or `cy`: its claim cards print in it (default English).
    #[arg(long, value_parser = ["en", "cy"])]
    pub(super) lang: Option<String>,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// `heard idea ...`.
#[derive(Subcommand)]
pub enum IdeaCommand {
    /// Record an idea: on someone's behalf with a claim card (default), or your own with --own.
    ///
    /// Prints the claim code and its QR-ready URL for the card.
    /// Example: heard idea record --key amara.key --consultation 3f1c... --text 'Text people the day before a repair visit' --tags housing,repairs --given 2026-03-14
    Record(IdeaRecordArgs),
}

/// Arguments of `heard idea record`.
#[derive(Args)]
pub struct IdeaRecordArgs {
    /// The consultation's id (64 hex digits).
    #[arg(long, value_parser = parse_id)]
    pub(super) consultation: Id,
    /// The idea's words (kept beside the log, never in it).
    #[arg(long)]
    pub(super) text: String,
    #[command(flatten)]
    pub(super) who: WhoArgs,
    /// Topic tags, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub(super) tags: Vec<String>,
    /// An earlier idea this one builds on (repeat for several).
    #[arg(long, value_parser = parse_id)]
    pub(super) builds_on: Vec<Id>,
    /// A co-contributor's key (repeat); they count once they endorse.
    #[arg(long)]
    pub(super) co_contributor: Vec<String>,
    /// The claim card: `new` (default) or the code of this person's card in this session.
    #[arg(long, default_value = "new", conflicts_with = "own")]
    pub(super) card: String,
    /// The idea is your own (no claim card).
    #[arg(long)]
    pub(super) own: bool,
    /// The day the idea was given, YYYY-MM-DD, when not today (UTC): e.g. the session's date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(super) given: Option<String>,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// Arguments of `heard claim`.
#[derive(Args)]
pub struct ClaimArgs {
    /// The code from the claim card; without it, changes the consent of ideas you own (--idea).
    #[arg(long)]
    pub(super) code: Option<String>,
    /// An idea on the card, or an idea you own (repeat); with --code, looked up when absent.
    #[arg(long, value_parser = parse_id)]
    pub(super) idea: Vec<Id>,
    #[command(flatten)]
    pub(super) who: WhoArgs,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// Arguments of commands about one idea.
#[derive(Args)]
pub struct IdeaRefArgs {
    /// The idea's id (64 hex digits).
    #[arg(long, value_parser = parse_id)]
    pub(super) idea: Id,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// Arguments of `heard cite`.
#[derive(Args)]
pub struct CiteArgs {
    /// The report's title.
    #[arg(long)]
    pub(super) title: String,
    /// The report's version.
    #[arg(long)]
    pub(super) version: String,
    /// Where the report is published.
    #[arg(long)]
    pub(super) url: Option<String>,
    /// SHA-256 of the published document, hex.
    #[arg(long, value_parser = parse_id)]
    pub(super) doc_digest: Option<Id>,
    /// A use: ID:LOCATOR:USAGE, usage quoted|paraphrased|informed (repeat).
    #[arg(long = "idea", required = true, value_parser = parse_use)]
    pub(super) uses: Vec<Use>,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// Arguments of `heard respond`.
#[derive(Args)]
pub struct RespondArgs {
    /// The idea's id.
    #[arg(long, value_parser = parse_id)]
    pub(super) idea: Id,
    /// What happened.
    #[arg(long, value_enum)]
    pub(super) outcome: OutcomeArg,
    /// Why (required when not adopted).
    #[arg(long)]
    pub(super) reason: Option<String>,
    /// A link to where the action is described (repeat).
    #[arg(long)]
    pub(super) link: Vec<String>,
    /// Another idea the same answer covers (repeat: one answer for a theme).
    #[arg(long, value_parser = parse_id)]
    pub(super) also: Vec<Id>,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// Arguments of `heard acknowledge`.
#[derive(Args)]
pub struct AcknowledgeArgs {
    /// An idea recognised (repeat).
    #[arg(long, required = true, value_parser = parse_id)]
    pub(super) idea: Vec<Id>,
    /// What kind of recognition.
    #[arg(long, value_enum)]
    pub(super) recognition: RecognitionArg,
    /// Amount in minor units (pence, cents), with --currency. Sent beside the statement: the
    /// log holds only its salted digest, and only the contributor and your organisation see it.
    #[arg(long, requires = "currency", conflicts_with = "declined")]
    pub(super) amount: Option<u64>,
    /// ISO 4217 currency code, e.g. GBP.
    #[arg(long, requires = "amount")]
    pub(super) currency: Option<String>,
    /// The contributor declined it.
    #[arg(long)]
    pub(super) declined: bool,
    /// A note in plain words.
    #[arg(long)]
    pub(super) note: Option<String>,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// Arguments of `heard rotate`.
#[derive(Args)]
pub struct RotateArgs {
    /// The new key (hex, verifier key or key file); --key is the old one.
    #[arg(long)]
    pub(super) new_key: String,
    #[command(flatten)]
    pub(super) signer: SignerArgs,
}

/// `heard show ...`.
#[derive(Subcommand)]
pub enum ShowCommand {
    /// An entry by seq, entry hash or statement hash.
    ///
    /// Example: heard show entry 12
    Entry {
        /// Seq, or a 64-hex-digit entry or statement hash.
        which: String,
        #[command(flatten)]
        conn: Conn,
    },
    /// An idea, its consent, text (unless withdrawn), citations and responses.
    ///
    /// Example: heard show idea 3f1c...
    Idea {
        /// The idea's id.
        #[arg(value_parser = parse_id)]
        id: Id,
        #[command(flatten)]
        conn: Conn,
    },
    /// A claim card's ideas and whether it is claimed.
    ///
    /// Example: heard show card 7Q2M-...
    Card {
        /// The code on the card.
        code: String,
        #[command(flatten)]
        conn: Conn,
    },
    /// A report's attribution, by id or by --team, --title and --version.
    ///
    /// Example: heard show report --team team.key --title 'Housing Plan' --version v1
    Report(ReportRefArgs),
    /// A consultation, whether it is closed, its ideas (as consented) and its equity figures.
    ///
    /// Example: heard show consultation 3f1c...
    Consultation {
        /// The consultation's id.
        #[arg(value_parser = parse_id)]
        id: Id,
        #[command(flatten)]
        conn: Conn,
    },
    /// A contributor's portfolio: every idea given, claimed or co-authored, and what came of it.
    ///
    /// Example: heard show contributor me.key
    Contributor {
        /// Any of the contributor's keys (hex, verifier key or key file).
        key: String,
        #[command(flatten)]
        conn: Conn,
    },
    /// Knowledge-equity figures of a consultation, an organisation or a report.
    ///
    /// Example: heard show figures --organisation council.key
    Figures(FiguresArgs),
}

/// Which scope `heard show figures` reports on: exactly one of the three.
#[derive(Args)]
#[group(required = true, multiple = false, id = "scope")]
pub struct FiguresScope {
    /// A consultation's id.
    #[arg(long, value_parser = parse_id)]
    pub(super) consultation: Option<Id>,
    /// Any of an organisation's keys (hex, verifier key or key file).
    #[arg(long)]
    pub(super) organisation: Option<String>,
    /// A report's id.
    #[arg(long, value_parser = parse_id)]
    pub(super) report: Option<Id>,
}

/// Arguments of `heard show figures`.
#[derive(Args)]
pub struct FiguresArgs {
    #[command(flatten)]
    pub(super) scope: FiguresScope,
    #[command(flatten)]
    pub(super) conn: Conn,
}

/// Names a report: by id, or by team key, title and version.
#[derive(Args)]
pub struct ReportRefArgs {
    /// The report's id.
    #[arg(value_parser = parse_id, required_unless_present = "title")]
    pub(super) id: Option<Id>,
    /// The citing policy team's key (hex, verifier key or key file).
    #[arg(long, requires_all = ["title", "version"])]
    pub(super) team: Option<String>,
    /// The report's title.
    #[arg(long, requires_all = ["team", "version"])]
    pub(super) title: Option<String>,
    /// The report's version.
    #[arg(long)]
    pub(super) version: Option<String>,
    #[command(flatten)]
    pub(super) conn: Conn,
}

/// Formats of `heard export report`.
#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    /// Acknowledgements section, Markdown.
    Md,
    /// Acknowledgements section, plain text.
    Txt,
    /// CSL-JSON citations.
    Csl,
    /// BibTeX citations.
    Bib,
}

/// `heard export ...`.
#[derive(Subcommand)]
pub enum ExportCommand {
    /// Every entry as JSON Lines, in seq order.
    ///
    /// Example: heard export entries --server http://127.0.0.1:8080 > entries.jsonl
    Entries {
        #[command(flatten)]
        conn: Conn,
    },
    /// A report's acknowledgements or citations.
    ///
    /// Example: heard export report 9a0b... --format bib > report.bib
    Report {
        /// The report's id.
        #[arg(value_parser = parse_id)]
        id: Id,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        #[command(flatten)]
        conn: Conn,
    },
}

// ----- argument parsing -----

pub(super) fn parse_id(s: &str) -> Result<Id, String> {
    let b = hex::decode(s.trim()).map_err(|_| format!("{s:?} is not 64 hex digits"))?;
    let a: [u8; 32] = b.try_into().map_err(|_| format!("{s:?} is not 64 hex digits"))?;
    Ok(Id(a))
}

pub(super) fn parse_use(s: &str) -> Result<Use, String> {
    let (id, rest) = s.split_once(':').ok_or("a use is ID:LOCATOR:USAGE")?;
    let (locator, usage) = rest.rsplit_once(':').ok_or("a use is ID:LOCATOR:USAGE")?;
    let usage = match usage.trim() {
        "quoted" => Usage::Quoted,
        "paraphrased" => Usage::Paraphrased,
        "informed" => Usage::Informed,
        other => return Err(format!("usage {other:?} is not quoted, paraphrased or informed")),
    };
    Ok(Use { idea: parse_id(id)?, locator: locator.to_string(), usage })
}

/// A public key from 64 hex digits, a verifier key text, or a key file.
pub(super) fn public_key(arg: &str) -> anyhow::Result<Id> {
    if let Ok(id) = parse_id(arg) {
        return Ok(id);
    }
    if let Ok(v) = NoteVerifier::from_text(arg.trim()) {
        return Ok(Id(v.public_key()));
    }
    let path = std::path::Path::new(arg);
    if path.is_file() {
        let k = crate::keys::read_key_file(path)?;
        return Ok(Id(k.signing_key().verifying_key().to_bytes()));
    }
    anyhow::bail!("{arg:?} is neither 64 hex digits, a verifier key nor a key file")
}

/// Ms since the Unix epoch of the end of day `YYYY-MM-DD` (UTC), or an integer as given.
pub(super) fn parse_closes(s: &str) -> anyhow::Result<u64> {
    if let Ok(ms) = s.parse::<u64>() {
        return Ok(ms);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let bad = || anyhow::anyhow!("--closes {s:?} is neither YYYY-MM-DD nor ms since the Unix epoch");
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    let (y, m, d): (i64, i64, i64) =
        (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    // Days from the civil date (H. Hinnant's algorithm), then the end of that day.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from((days + 1) * 86_400_000 - 1).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_dates_and_uses_parse() {
        assert_eq!(parse_closes("1970-01-01").unwrap(), 86_399_999);
        assert_eq!(parse_closes("2026-03-14").unwrap(), 1_773_532_799_999);
        assert_eq!(parse_closes("123").unwrap(), 123);
        assert!(parse_closes("2026-13-01").is_err());
        let id = "ab".repeat(32);
        let u = parse_use(&format!("{id}:recommendation 3: page 12:quoted")).unwrap();
        assert_eq!(u.locator, "recommendation 3: page 12");
        assert_eq!(u.usage, Usage::Quoted);
        assert!(parse_use(&format!("{id}:p1:sung")).is_err());
    }
}

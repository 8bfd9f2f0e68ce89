//! The client commands: statements are built and signed here with a local key file
//! ([`crate::attribution::build`]) and submitted to a server over HTTP; `show` and `export`
//! read what the server holds.
//!
//! Every submitting command prints `seq`, `entry` (the entry hash) and `id` (the statement
//! hash other statements use), one per line, and saves the receipt as `<DIR>/<seq>.txt` when
//! `--receipt-dir` is given. A refusal from the server (RFC 9457 problem+json) or from the
//! local checks is printed as `heard: <code>: <detail>` with exit status 1.

mod recover;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use clap::{Args, Subcommand, ValueEnum};
use ed25519_dalek::SigningKey;

use crate::attribution::AttributionError;
use crate::attribution::build::{self, AckStatus, Attribution, ConsultationSpec, IdeaSpec, Signed, Use};
use crate::attribution::claim::{ClaimCard, claim_hash, decode_code};
use crate::attribution::content::IdeaText;
use crate::attribution::kinds::{Id, Outcome, Recognition, Role, Usage};
use crate::protocol::note::NoteVerifier;

/// A refusal: the server's problem+json, or a local check with the same codes.
#[derive(Debug, thiserror::Error)]
#[error("{code}: {detail}")]
pub struct Problem {
    /// Stable machine-readable code.
    pub code: String,
    /// What went wrong, for a person.
    pub detail: String,
}

impl From<AttributionError> for Problem {
    fn from(e: AttributionError) -> Self {
        Problem { code: e.code().to_string(), detail: e.to_string() }
    }
}

/// Where the server is.
#[derive(Args, Clone)]
pub struct Conn {
    /// The server's base URL.
    #[arg(long, env = "HEARD_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
}

/// The signer of a submitted statement and where its receipt goes.
#[derive(Args)]
pub struct SignerArgs {
    /// Your key file (made with `heard keygen`).
    #[arg(long)]
    key: PathBuf,
    /// Save each receipt as DIR/<seq>.txt.
    #[arg(long)]
    receipt_dir: Option<PathBuf>,
    #[command(flatten)]
    conn: Conn,
}

/// How a contributor is shown (default: anonymous).
#[derive(Args)]
#[group(multiple = false)]
pub struct WhoArgs {
    /// Shown by this name (public, stays in the log for good).
    #[arg(long)]
    name: Option<String>,
    /// Shown by this pseudonym.
    #[arg(long)]
    pseudonym: Option<String>,
    /// Shown as "a contributor" (the default).
    #[arg(long)]
    anonymous: bool,
}

impl WhoArgs {
    fn attribution(&self) -> Attribution {
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
    role: RoleArg,
    /// The party's display name ("Riverside Council").
    #[arg(long)]
    name: String,
    /// The key enrolled: 64 hex digits, a verifier key, or a key file.
    #[arg(long)]
    member_key: String,
    /// Revoke the key instead of enrolling it.
    #[arg(long)]
    revoke: bool,
    #[command(flatten)]
    signer: SignerArgs,
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
    consultation: Id,
    #[command(flatten)]
    signer: SignerArgs,
}

/// Arguments of `heard consultation open`.
#[derive(Args)]
pub struct ConsultationOpenArgs {
    /// Title.
    #[arg(long)]
    title: String,
    /// Date, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// Place.
    #[arg(long)]
    place: String,
    /// Topic.
    #[arg(long)]
    topic: String,
    /// The convening organisation's key (hex, verifier key or key file).
    #[arg(long)]
    convenor: String,
    /// A facilitator who may record ideas (repeat for several).
    #[arg(long)]
    recorder: Vec<String>,
    /// No ideas accepted after this log time: YYYY-MM-DD (its end, UTC) or ms since the Unix epoch.
    #[arg(long)]
    closes: Option<String>,
    /// The consultation's language, `en` or `cy`: its claim cards print in it (default English).
    #[arg(long, value_parser = ["en", "cy"])]
    lang: Option<String>,
    #[command(flatten)]
    signer: SignerArgs,
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
    consultation: Id,
    /// The idea's words (kept beside the log, never in it).
    #[arg(long)]
    text: String,
    #[command(flatten)]
    who: WhoArgs,
    /// Topic tags, comma-separated.
    #[arg(long, value_delimiter = ',')]
    tags: Vec<String>,
    /// An earlier idea this one builds on (repeat for several).
    #[arg(long, value_parser = parse_id)]
    builds_on: Vec<Id>,
    /// A co-contributor's key (repeat); they count once they endorse.
    #[arg(long)]
    co_contributor: Vec<String>,
    /// The claim card: `new` (default) or the code of this person's card in this session.
    #[arg(long, default_value = "new", conflicts_with = "own")]
    card: String,
    /// The idea is your own (no claim card).
    #[arg(long)]
    own: bool,
    /// The day the idea was given, YYYY-MM-DD, when not today (UTC): e.g. the session's date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    given: Option<String>,
    #[command(flatten)]
    signer: SignerArgs,
}

/// Arguments of `heard claim`.
#[derive(Args)]
pub struct ClaimArgs {
    /// The code from the claim card; without it, changes the consent of ideas you own (--idea).
    #[arg(long)]
    code: Option<String>,
    /// An idea on the card, or an idea you own (repeat); with --code, looked up when absent.
    #[arg(long, value_parser = parse_id)]
    idea: Vec<Id>,
    #[command(flatten)]
    who: WhoArgs,
    #[command(flatten)]
    signer: SignerArgs,
}

/// Arguments of commands about one idea.
#[derive(Args)]
pub struct IdeaRefArgs {
    /// The idea's id (64 hex digits).
    #[arg(long, value_parser = parse_id)]
    idea: Id,
    #[command(flatten)]
    signer: SignerArgs,
}

/// Arguments of `heard cite`.
#[derive(Args)]
pub struct CiteArgs {
    /// The report's title.
    #[arg(long)]
    title: String,
    /// The report's version.
    #[arg(long)]
    version: String,
    /// Where the report is published.
    #[arg(long)]
    url: Option<String>,
    /// SHA-256 of the published document, hex.
    #[arg(long, value_parser = parse_id)]
    doc_digest: Option<Id>,
    /// A use: ID:LOCATOR:USAGE, usage quoted|paraphrased|informed (repeat).
    #[arg(long = "idea", required = true, value_parser = parse_use)]
    uses: Vec<Use>,
    #[command(flatten)]
    signer: SignerArgs,
}

/// Arguments of `heard respond`.
#[derive(Args)]
pub struct RespondArgs {
    /// The idea's id.
    #[arg(long, value_parser = parse_id)]
    idea: Id,
    /// What happened.
    #[arg(long, value_enum)]
    outcome: OutcomeArg,
    /// Why (required when not adopted).
    #[arg(long)]
    reason: Option<String>,
    /// A link to where the action is described (repeat).
    #[arg(long)]
    link: Vec<String>,
    /// Another idea the same answer covers (repeat: one answer for a theme).
    #[arg(long, value_parser = parse_id)]
    also: Vec<Id>,
    #[command(flatten)]
    signer: SignerArgs,
}

/// Arguments of `heard acknowledge`.
#[derive(Args)]
pub struct AcknowledgeArgs {
    /// An idea recognised (repeat).
    #[arg(long, required = true, value_parser = parse_id)]
    idea: Vec<Id>,
    /// What kind of recognition.
    #[arg(long, value_enum)]
    recognition: RecognitionArg,
    /// Amount in minor units (pence, cents), with --currency. Sent beside the statement: the
    /// log holds only its salted digest, and only the contributor and your organisation see it.
    #[arg(long, requires = "currency", conflicts_with = "declined")]
    amount: Option<u64>,
    /// ISO 4217 currency code, e.g. GBP.
    #[arg(long, requires = "amount")]
    currency: Option<String>,
    /// The contributor declined it.
    #[arg(long)]
    declined: bool,
    /// A note in plain words.
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    signer: SignerArgs,
}

pub use recover::{CancelRecoveryArgs, RecoverArgs, cancel_recovery, recover};

/// Arguments of `heard rotate`.
#[derive(Args)]
pub struct RotateArgs {
    /// The new key (hex, verifier key or key file); --key is the old one.
    #[arg(long)]
    new_key: String,
    #[command(flatten)]
    signer: SignerArgs,
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
    consultation: Option<Id>,
    /// Any of an organisation's keys (hex, verifier key or key file).
    #[arg(long)]
    organisation: Option<String>,
    /// A report's id.
    #[arg(long, value_parser = parse_id)]
    report: Option<Id>,
}

/// Arguments of `heard show figures`.
#[derive(Args)]
pub struct FiguresArgs {
    #[command(flatten)]
    scope: FiguresScope,
    #[command(flatten)]
    conn: Conn,
}

/// Names a report: by id, or by team key, title and version.
#[derive(Args)]
pub struct ReportRefArgs {
    /// The report's id.
    #[arg(value_parser = parse_id, required_unless_present = "title")]
    id: Option<Id>,
    /// The citing policy team's key (hex, verifier key or key file).
    #[arg(long, requires_all = ["title", "version"])]
    team: Option<String>,
    /// The report's title.
    #[arg(long, requires_all = ["team", "version"])]
    title: Option<String>,
    /// The report's version.
    #[arg(long)]
    version: Option<String>,
    #[command(flatten)]
    conn: Conn,
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

fn parse_id(s: &str) -> Result<Id, String> {
    let b = hex::decode(s.trim()).map_err(|_| format!("{s:?} is not 64 hex digits"))?;
    let a: [u8; 32] = b.try_into().map_err(|_| format!("{s:?} is not 64 hex digits"))?;
    Ok(Id(a))
}

fn parse_use(s: &str) -> Result<Use, String> {
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
fn public_key(arg: &str) -> anyhow::Result<Id> {
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
fn parse_closes(s: &str) -> anyhow::Result<u64> {
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

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

fn signing_key(path: &std::path::Path) -> anyhow::Result<SigningKey> {
    Ok(crate::keys::statement_key(&crate::keys::read_key_file(path)?))
}

// ----- HTTP -----

/// A JSON-over-HTTP client for a Heard server; problem+json answers become [`Problem`] errors.
pub(crate) struct Client {
    agent: ureq::Agent,
    base: String,
}

impl Client {
    /// A client for the server at `url`.
    pub(crate) fn for_server(url: &str) -> Client {
        Client::new(&Conn { server: url.to_string() })
    }

    fn new(conn: &Conn) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .new_agent();
        Client { agent, base: conn.server.trim_end_matches('/').to_string() }
    }

    fn answer(&self, r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> anyhow::Result<String> {
        let mut r = r.with_context(|| format!("cannot reach the server at {}", self.base))?;
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().context("reading the server's answer")?;
        if status >= 400 {
            let v: serde_json::Value = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
            let code = v.get("code").and_then(|c| c.as_str()).map(String::from);
            let detail = v.get("detail").and_then(|c| c.as_str()).map(String::from);
            return Err(Problem {
                code: code.unwrap_or_else(|| format!("http_{status}")),
                detail: detail.unwrap_or_else(|| body.chars().take(200).collect()),
            }
            .into());
        }
        Ok(body)
    }

    pub(crate) fn get(&self, path: &str, query: &[(&str, &str)]) -> anyhow::Result<String> {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        for (k, v) in query {
            req = req.query(*k, *v);
        }
        self.answer(req.call())
    }

    pub(crate) fn post_json(&self, path: &str, body: &serde_json::Value) -> anyhow::Result<String> {
        let bytes = serde_json::to_vec(body)?;
        let r =
            self.agent.post(format!("{}{path}", self.base)).header("content-type", "application/json").send(&bytes[..]);
        self.answer(r)
    }
}

/// Submits a signed statement; prints seq, entry hash and id; saves the receipt.
fn submit(signer: &SignerArgs, s: &Signed) -> anyhow::Result<u64> {
    let mut body = serde_json::json!({
        "statement": B64.encode(&s.statement),
        "signature": B64.encode(s.signature),
    });
    if let Some(c) = &s.content {
        body["content"] = serde_json::json!({ "text": c.text, "salt": B64.encode(&c.salt) });
    }
    if let Some(p) = &s.payment {
        // Beside the statement, never in it (docs/PROTOCOL.md §21).
        body["payment"] =
            serde_json::json!({ "amount": p.amount, "currency": p.currency, "salt": B64.encode(&p.salt) });
    }
    let answer = Client::new(&signer.conn).post_json("/v1/statements", &body)?;
    let v: serde_json::Value = serde_json::from_str(&answer).context("the server's answer is not JSON")?;
    let seq = v.get("seq").and_then(|x| x.as_u64()).context("the server's answer has no seq")?;
    let entry = v.get("entry_hash").and_then(|x| x.as_str()).unwrap_or_default();
    println!("seq {seq}");
    println!("entry {entry}");
    println!("id {}", s.id.hex());
    if let Some(dir) = &signer.receipt_dir {
        let receipt = v.get("receipt").and_then(|x| x.as_str()).context("the server's answer has no receipt")?;
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(format!("{seq}.txt"));
        std::fs::write(&path, receipt).with_context(|| format!("writing {}", path.display()))?;
        println!("receipt {}", path.display());
    }
    Ok(seq)
}

fn built(r: Result<Signed, AttributionError>) -> anyhow::Result<Signed> {
    r.map_err(|e| Problem::from(e).into())
}

fn print_json(text: &str) -> anyhow::Result<()> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => println!("{}", serde_json::to_string_pretty(&v)?),
        Err(_) => print!("{text}"),
    }
    Ok(())
}

// ----- handlers -----

/// `heard enrol`.
pub fn enrol(a: EnrolArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    let role = match a.role {
        RoleArg::Organisation => Role::Organisation,
        RoleArg::Facilitator => Role::Facilitator,
        RoleArg::PolicyTeam => Role::PolicyTeam,
        RoleArg::Witness => Role::Witness,
    };
    let member = public_key(&a.member_key)?;
    let s = built(build::enrol(&key, now_ms(), member, role, &a.name, a.revoke))?;
    submit(&a.signer, &s)?;
    Ok(())
}

/// `heard consultation`.
pub fn consultation(c: ConsultationCommand) -> anyhow::Result<()> {
    match c {
        ConsultationCommand::Open(a) => {
            let key = signing_key(&a.signer.key)?;
            let spec = ConsultationSpec {
                title: a.title,
                date: a.date,
                place: a.place,
                topic: a.topic,
                convenor: public_key(&a.convenor)?,
                recorders: a.recorder.iter().map(|r| public_key(r)).collect::<anyhow::Result<_>>()?,
                closes: a.closes.as_deref().map(parse_closes).transpose()?,
                lang: a.lang,
            };
            let s = built(build::consultation(&key, now_ms(), &spec))?;
            submit(&a.signer, &s)?;
        }
        ConsultationCommand::Close(a) => {
            let key = signing_key(&a.signer.key)?;
            submit(&a.signer, &built(build::close(&key, now_ms(), a.consultation))?)?;
        }
    }
    Ok(())
}

/// `heard idea`.
pub fn idea(c: IdeaCommand) -> anyhow::Result<()> {
    match c {
        IdeaCommand::Record(a) => {
            let key = signing_key(&a.signer.key)?;
            let card = if a.own {
                None
            } else if a.card.eq_ignore_ascii_case("new") {
                Some(ClaimCard::generate().map_err(Problem::from)?)
            } else {
                Some(ClaimCard::from_secret(decode_code(&a.card).map_err(Problem::from)?))
            };
            let spec = IdeaSpec {
                consultation: a.consultation,
                tags: a.tags.into_iter().filter(|t| !t.is_empty()).collect(),
                co_contributors: a.co_contributor.iter().map(|k| public_key(k)).collect::<anyhow::Result<_>>()?,
                builds_on: a.builds_on,
                attribution: a.who.attribution(),
                claim_hash: card.as_ref().map(|c| Id(c.hash)),
                given: a.given,
            };
            let text = IdeaText::new(a.text).map_err(Problem::from)?;
            let s = built(build::idea(&key, now_ms(), &spec, text))?;
            submit(&a.signer, &s)?;
            if let Some(card) = card {
                println!("code {}", card.code);
                println!("url {}", card.url(&a.signer.conn.server));
            }
        }
    }
    Ok(())
}

/// The ideas on a card, from `GET /v1/cards/{code}` (`ideas`: ids or objects with `id`).
fn card_ideas(conn: &Conn, code: &str) -> anyhow::Result<Vec<Id>> {
    let text = Client::new(conn).get(&format!("/v1/cards/{code}"), &[])?;
    let v: serde_json::Value = serde_json::from_str(&text).context("the card answer is not JSON")?;
    let ideas = v.get("ideas").and_then(|i| i.as_array()).context("the card answer lists no ideas")?;
    let ids: Vec<Id> = ideas
        .iter()
        .filter_map(|i| i.as_str().or_else(|| i.get("id").and_then(|x| x.as_str())))
        .filter_map(|s| parse_id(s).ok())
        .collect();
    if ids.is_empty() {
        anyhow::bail!("the card answer lists no idea ids");
    }
    Ok(ids)
}

/// `heard claim`.
pub fn claim(a: ClaimArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    let secret = match &a.code {
        Some(code) => Some(decode_code(code).map_err(Problem::from)?),
        None => None,
    };
    let ideas = match (&a.code, a.idea.is_empty()) {
        (_, false) => a.idea.clone(),
        (Some(code), true) => card_ideas(&a.signer.conn, code)?.into_iter().take(1).collect(),
        (None, true) => anyhow::bail!("give --code CODE, or --idea ID to change the consent of your own ideas"),
    };
    let s = built(build::claim(&key, now_ms(), ideas, &a.who.attribution(), secret))?;
    submit(&a.signer, &s)?;
    if let Some(s) = secret {
        println!("card {}", hex::encode(claim_hash(&s)));
    }
    Ok(())
}

/// `heard endorse`.
pub fn endorse(a: IdeaRefArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    submit(&a.signer, &built(build::endorse(&key, now_ms(), a.idea))?)?;
    Ok(())
}

/// `heard withdraw`.
pub fn withdraw(a: IdeaRefArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    submit(&a.signer, &built(build::withdraw(&key, now_ms(), a.idea))?)?;
    Ok(())
}

/// `heard cite`.
pub fn cite(a: CiteArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    let s = built(build::cite(&key, now_ms(), &a.title, &a.version, a.url, a.doc_digest, &a.uses))?;
    submit(&a.signer, &s)?;
    // The report id names the team's party (its first key); for a team that never rotated
    // its key that is this key.
    let team = build::key_id(&key);
    println!("report {}", crate::attribution::state::report_id(&team, &a.title, &a.version).hex());
    Ok(())
}

/// `heard respond`.
pub fn respond(a: RespondArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    let outcome = match a.outcome {
        OutcomeArg::Adopted => Outcome::Adopted,
        OutcomeArg::Adapted => Outcome::Adapted,
        OutcomeArg::Considering => Outcome::UnderConsideration,
        OutcomeArg::NotAdopted => Outcome::NotAdopted,
        OutcomeArg::Delivered => Outcome::Delivered,
    };
    let answer = build::Answer { outcome, reason: a.reason, links: a.link, also: a.also };
    submit(&a.signer, &built(build::respond(&key, now_ms(), a.idea, answer))?)?;
    Ok(())
}

/// `heard acknowledge`.
pub fn acknowledge(a: AcknowledgeArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    let recognition = match a.recognition {
        RecognitionArg::Payment => Recognition::Payment,
        RecognitionArg::Voucher => Recognition::Voucher,
        RecognitionArg::Gift => Recognition::Gift,
        RecognitionArg::Certificate => Recognition::Certificate,
        RecognitionArg::Other => Recognition::Other,
    };
    let status = if a.declined { AckStatus::Declined } else { AckStatus::Given(a.amount.zip(a.currency)) };
    submit(&a.signer, &built(build::acknowledge(&key, now_ms(), a.idea, recognition, &status, a.note))?)?;
    Ok(())
}

/// `heard rotate`.
pub fn rotate(a: RotateArgs) -> anyhow::Result<()> {
    let key = signing_key(&a.signer.key)?;
    let new_key = public_key(&a.new_key)?;
    submit(&a.signer, &built(build::rotate(&key, now_ms(), new_key))?)?;
    Ok(())
}

/// `heard show`.
pub fn show(c: ShowCommand) -> anyhow::Result<()> {
    let text = match c {
        ShowCommand::Entry { which, conn } => {
            let path = if which.bytes().all(|b| b.is_ascii_digit()) {
                format!("/v1/entries/{which}")
            } else {
                format!("/v1/entries/by-hash/{}", parse_id(&which).map_err(|e| anyhow::anyhow!(e))?.hex())
            };
            Client::new(&conn).get(&path, &[])?
        }
        ShowCommand::Idea { id, conn } => Client::new(&conn).get(&format!("/v1/ideas/{}", id.hex()), &[])?,
        ShowCommand::Card { code, conn } => {
            decode_code(&code).map_err(Problem::from)?;
            Client::new(&conn).get(&format!("/v1/cards/{}", code.trim()), &[])?
        }
        ShowCommand::Report(r) => {
            let client = Client::new(&r.conn);
            match (r.id, r.team, r.title, r.version) {
                (Some(id), _, _, _) => client.get(&format!("/v1/reports/{}", id.hex()), &[])?,
                (None, Some(team), Some(title), Some(version)) => {
                    let team = public_key(&team)?.hex();
                    client.get("/v1/reports", &[("team", &team), ("title", &title), ("version", &version)])?
                }
                _ => anyhow::bail!("give a report id, or --team, --title and --version"),
            }
        }
        ShowCommand::Consultation { id, conn } => {
            Client::new(&conn).get(&format!("/v1/consultations/{}", id.hex()), &[])?
        }
        ShowCommand::Contributor { key, conn } => {
            Client::new(&conn).get(&format!("/v1/contributors/{}", public_key(&key)?.hex()), &[])?
        }
        ShowCommand::Figures(FiguresArgs { scope, conn }) => {
            let path = match (scope.consultation, scope.organisation, scope.report) {
                (Some(c), _, _) => format!("/v1/consultations/{}/figures", c.hex()),
                (None, Some(o), _) => format!("/v1/organisations/{}/figures", public_key(&o)?.hex()),
                (None, None, Some(r)) => format!("/v1/reports/{}/figures", r.hex()),
                (None, None, None) => anyhow::bail!("give --consultation, --organisation or --report"),
            };
            Client::new(&conn).get(&path, &[])?
        }
    };
    print_json(&text)
}

/// `heard export`.
pub fn export(c: ExportCommand) -> anyhow::Result<()> {
    match c {
        ExportCommand::Entries { conn } => {
            let client = Client::new(&conn);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let mut from = 0u64;
            loop {
                let text = client.get("/v1/entries", &[("from", &from.to_string()), ("limit", "1000")])?;
                let page: serde_json::Value = serde_json::from_str(&text).context("an entries page is not JSON")?;
                let entries = page.get("entries").and_then(|e| e.as_array()).context("a page without entries")?;
                for e in entries {
                    writeln!(out, "{}", serde_json::to_string(e)?)?;
                }
                match page.get("next").and_then(|n| n.as_u64()) {
                    Some(n) if n > from => from = n,
                    _ => break,
                }
            }
            out.flush()?;
        }
        ExportCommand::Report { id, format, conn } => {
            let file = match format {
                ReportFormat::Md => "acknowledgements.md",
                ReportFormat::Txt => "acknowledgements.txt",
                ReportFormat::Csl => "citations.csl.json",
                ReportFormat::Bib => "citations.bib",
            };
            let text = Client::new(&conn).get(&format!("/v1/reports/{}/{file}", id.hex()), &[])?;
            print!("{text}");
        }
    }
    Ok(())
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

//! The client commands: statements are built and signed here with a local key file
//! ([`crate::attribution::build`]) and submitted to a server over HTTP; `show` and `export`
//! read what the server holds.
//!
//! Every submitting command prints `seq`, `entry` (the entry hash) and `id` (the statement
//! hash other statements use), one per line, and saves the receipt as `<DIR>/<seq>.txt` when
//! `--receipt-dir` is given. A refusal from the server (RFC 9457 problem+json) or from the
//! local checks is printed as `heard: <code>: <detail>` with exit status 1.

mod args;
mod recover;

pub use args::*;
use args::{parse_closes, public_key};

use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;

use crate::attribution::AttributionError;
use crate::attribution::build::{self, AckStatus, ConsultationSpec, IdeaSpec, Signed};
use crate::attribution::claim::{ClaimCard, claim_hash, decode_code};
use crate::attribution::content::IdeaText;
use crate::attribution::kinds::{Id, Outcome, Recognition, Role};

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

pub use recover::{CancelRecoveryArgs, RecoverArgs, cancel_recovery, recover};

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

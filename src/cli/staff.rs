//! `heard invite` and `heard staff list|revoke`: the operator's side of staff who act in
//! their own browser (see [`crate::staff`]).

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use super::client::Client;
use crate::attribution::build;
use crate::attribution::kinds::{Id, Role};
use crate::keys::{DataDir, read_key_file, statement_key};
use crate::staff::invitations::{DEFAULT_DAYS, Invitation, Invitations, now_secs};

/// A staff role.
#[derive(Clone, Copy, ValueEnum)]
pub enum StaffRole {
    /// Records ideas in sessions and prints claim cards.
    Facilitator,
    /// Opens consultations and answers ideas.
    Organisation,
    /// Finds and cites ideas in reports.
    PolicyTeam,
}

impl StaffRole {
    fn role(self) -> Role {
        match self {
            StaffRole::Facilitator => Role::Facilitator,
            StaffRole::Organisation => Role::Organisation,
            StaffRole::PolicyTeam => Role::PolicyTeam,
        }
    }
}

/// `heard invite`.
#[derive(Args)]
pub struct InviteArgs {
    /// What they will do.
    #[arg(long, value_enum)]
    role: StaffRole,
    /// Their name, as it will be enrolled ("Amara Okafor").
    #[arg(long)]
    name: String,
    /// The organisation they work for (shown to them and in `heard staff list`).
    #[arg(long)]
    organisation: Option<String>,
    /// Days until the invitation stops working.
    #[arg(long, default_value_t = DEFAULT_DAYS, value_parser = clap::value_parser!(u64).range(1..=90))]
    days: u64,
    /// Data folder (where the server runs).
    #[arg(long, default_value = "heard-data")]
    data: PathBuf,
    /// The server's public address, as people reach it (the link starts with it).
    #[arg(long, env = "HEARD_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    public_url: String,
    /// Also write the link's QR code as an SVG file.
    #[arg(long)]
    qr: Option<PathBuf>,
}

/// `heard staff …`.
#[derive(Subcommand)]
pub enum StaffCommand {
    /// List every invitation and who joined with it.
    ///
    /// Example: heard staff list --data ./heard-data
    List {
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
    },
    /// Revoke a member of staff's key (signed with the data folder's operator key and sent to
    /// the running server): their next action is refused and nothing is written.
    ///
    /// Example: heard staff revoke --key 3f1c... --data ./heard-data
    Revoke {
        /// The key to revoke, 64 hex digits (from `heard staff list`).
        #[arg(long)]
        key: String,
        /// Data folder.
        #[arg(long, default_value = "heard-data")]
        data: PathBuf,
        /// The server's base URL.
        #[arg(long, env = "HEARD_SERVER", default_value = "http://127.0.0.1:8080")]
        server: String,
    },
}

/// A date and time in plain words, UTC ("13 December 2026, 09:41 UTC").
fn when(secs: u64) -> String {
    format!("{}, {:02}:{:02} UTC", crate::server::date_of(secs * 1000), secs % 86_400 / 3600, secs % 3600 / 60)
}

fn is_loopback(url: &str) -> bool {
    let host = url.split("://").nth(1).unwrap_or(url).split(['/', ':']).next().unwrap_or_default();
    host == "localhost" || host.starts_with("127.") || host == "[::1]"
}

/// `heard invite`.
pub fn invite(a: InviteArgs) -> anyhow::Result<()> {
    if !DataDir::new(&a.data).operator_key().exists() {
        anyhow::bail!(
            "{} has no operator key: start the server once (`heard serve --data {}`) before inviting staff",
            a.data.display(),
            a.data.display()
        );
    }
    let now = now_secs();
    let inv = Invitation {
        role: a.role.role().code(),
        name: a.name.trim().to_string(),
        organisation: a.organisation.map(|o| o.trim().to_string()).filter(|o| !o.is_empty()),
        issued: now,
        expires: now + a.days * 86_400,
        device_of: None,
    };
    let secret = Invitations::new(&a.data).issue(&inv).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
    let link = crate::server::join_link(&a.public_url, &secret);
    let org = inv.organisation.as_deref().map(|o| format!(", {o}")).unwrap_or_default();
    println!("invitation for {} ({}{org}), works once, until {}", inv.name, a.role.role().name(), when(inv.expires));
    println!("link {link}");
    let code = qrcode::QrCode::new(link.as_bytes()).context("making the QR code")?;
    println!("{}", code.render::<qrcode::render::unicode::Dense1x2>().quiet_zone(true).build());
    if let Some(path) = a.qr {
        let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).build();
        std::fs::write(&path, svg).with_context(|| format!("writing {}", path.display()))?;
        println!("qr {}", path.display());
    }
    if is_loopback(&a.public_url) {
        eprintln!(
            "heard: this link points at this computer ({}); give --public-url with the address people use to reach the server",
            a.public_url
        );
    }
    Ok(())
}

/// `heard staff …`.
pub fn staff(c: StaffCommand) -> anyhow::Result<()> {
    match c {
        StaffCommand::List { data } => {
            let list = Invitations::new(&data).list().map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
            if list.is_empty() {
                println!("no invitations yet (make one with `heard invite`)");
            }
            let now = now_secs();
            for (_, inv, redeemed) in list {
                let status = match &redeemed {
                    Some(r) if r.revoked.is_some() => "revoked",
                    Some(_) => "joined",
                    None if now >= inv.expires => "expired",
                    None => "waiting",
                };
                let role = inv.role().map(Role::name).unwrap_or("?");
                let org = inv.organisation.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
                let device = if inv.device_of.is_some() { ", another device" } else { "" };
                let key = redeemed.map(|r| format!(" key {}", r.key)).unwrap_or_default();
                println!("{status:8} {role}: {}{org}{device}, invited {}{key}", inv.name, when(inv.issued));
            }
        }
        StaffCommand::Revoke { key, data, server } => {
            let id: [u8; 32] = hex::decode(key.trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| anyhow::anyhow!("--key: {key:?} is not 64 hex digits"))?;
            let store = Invitations::new(&data);
            let (hash, inv, _) =
                store.of_key(&hex::encode(id)).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?.ok_or_else(|| {
                    anyhow::anyhow!("no invitation in {} enrolled this key (see `heard staff list`)", data.display())
                })?;
            let role = inv.role().context("the invitation's role is not a staff role")?;
            let operator = statement_key(&read_key_file(&DataDir::new(&data).operator_key())?);
            let s = build::enrol(&operator, now_secs() * 1000, Id(id), role, &inv.name, true)
                .map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
            let body = serde_json::json!({
                "statement": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &s.statement),
                "signature": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, s.signature),
            });
            Client::for_server(&server).post_json("/v1/statements", &body)?;
            store.mark_revoked(&hash, now_secs()).map_err(|e| anyhow::anyhow!("{}: {e}", e.code()))?;
            println!("revoked {} ({}): their next action is refused", inv.name, role.name());
        }
    }
    Ok(())
}

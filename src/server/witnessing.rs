//! The log asks its witnesses to cosign (C2SP tlog-witness, the client side), in the
//! background of `heard serve`.
//!
//! Every `interval`, each witness of the operator's `witnesses` file that has a URL and has
//! not yet cosigned the latest checkpoint gets `POST <url>/add-checkpoint` with the size it
//! is believed to hold, the consistency proof from that size and the log's signed checkpoint
//! ([`crate::witness::add::AddCheckpoint`]). A 409 `text/x.tlog.size` answer names the
//! witness's own size: the request is made once more with a proof from that size. The lines
//! a 200 answer carries go through [`Ledger::add_cosignature`], which keeps only the asked
//! witness's verified line. A witness that is down or refuses is asked again at the next
//! round. Runs on its own thread (`ureq` is blocking).

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::ledger::Ledger;
use crate::witness::add::{AddCheckpoint, SIZE_CONTENT_TYPE};
use crate::witness::policy::PolicyWitness;

/// How long one request to a witness may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The asking thread; [`Asking::stop`] ends it.
pub struct Asking {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

impl Asking {
    /// A handle that stops the thread at its next wait (for a shutdown future).
    pub fn stopper(&self) -> mpsc::Sender<()> {
        self.stop.clone()
    }

    /// Stops asking and waits for a round in progress to end.
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// What the log believes of one witness.
struct Followed {
    witness: PolicyWitness,
    url: String,
    /// The size the witness is believed to hold (learnt from its answers).
    holds: u64,
}

/// Starts asking the witnesses with a URL in the ledger's witnesses file, a round at most
/// every `interval`; `None` when no witness has a URL.
pub fn start(ledger: Ledger, interval: Duration) -> std::io::Result<Option<Asking>> {
    let mut followed: Vec<Followed> = ledger
        .witness_policy()
        .witnesses
        .iter()
        .filter_map(|w| w.url.clone().map(|url| Followed { witness: w.clone(), url, holds: 0 }))
        .collect();
    if followed.is_empty() {
        return Ok(None);
    }
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(REQUEST_TIMEOUT))
        .build()
        .new_agent();
    let (stop, stopped) = mpsc::channel();
    let thread = std::thread::Builder::new().name("heard-witnessing".into()).spawn(move || {
        loop {
            round(&ledger, &agent, &mut followed);
            match stopped.recv_timeout(interval) {
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                _ => break,
            }
        }
    })?;
    Ok(Some(Asking { stop, thread }))
}

/// One round: every witness behind the latest checkpoint is asked, all at once.
fn round(ledger: &Ledger, agent: &ureq::Agent, followed: &mut [Followed]) {
    let latest = ledger.log().latest();
    if latest.size == 0 {
        return;
    }
    std::thread::scope(|s| {
        for f in followed.iter_mut().filter(|f| f.holds < latest.size) {
            let note = &latest.note;
            s.spawn(move || ask(ledger, agent, f, latest.size, note));
        }
    });
}

/// Asks one witness to cosign the checkpoint `note` of `size` entries; retries once after a
/// 409 that names the witness's size.
fn ask(ledger: &Ledger, agent: &ureq::Agent, f: &mut Followed, size: u64, note: &str) {
    let name = f.witness.key.name().to_string();
    for attempt in 0..2 {
        let old = f.holds;
        if old > size {
            tracing::error!(witness = %name, witness_size = old, log_size = size, "the witness holds a larger tree of this log than the log: a fork or a rollback");
            return;
        }
        let proof = if old == 0 || old == size {
            Vec::new()
        } else {
            match ledger.log().consistency_proof(old, size) {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(witness = %name, "no consistency proof from {old} to {size}: {e}");
                    return;
                }
            }
        };
        let body = AddCheckpoint { old, proof, note: note.to_string() }.to_body();
        let answer = agent
            .post(&format!("{}/add-checkpoint", f.url))
            .header("content-type", "text/plain; charset=utf-8")
            .send(body.as_bytes());
        let mut r = match answer {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(witness = %name, "cannot reach the witness at {}: {e}", f.url);
                return;
            }
        };
        let status = r.status().as_u16();
        let size_answer = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.split(';').next().is_some_and(|m| m.trim() == SIZE_CONTENT_TYPE));
        let text = r.body_mut().with_config().limit(64 * 1024).read_to_string().unwrap_or_default();
        match status {
            200 => {
                match ledger.add_cosignature(&f.witness.key, &format!("{note}{text}")) {
                    Ok(_) => {
                        f.holds = size;
                        tracing::info!(witness = %name, size, "witness cosigned");
                    }
                    Err(e) => {
                        tracing::warn!(witness = %name, "the witness's answer holds no cosignature the log keeps: {}: {e}", e.code())
                    }
                }
                return;
            }
            409 if size_answer && attempt == 0 => match text.strip_suffix('\n').and_then(|d| d.parse::<u64>().ok()) {
                Some(n) if n != old => {
                    tracing::info!(witness = %name, witness_size = n, "the witness holds another size; asking again with a proof from it");
                    f.holds = n;
                }
                _ => {
                    tracing::warn!(witness = %name, "409 with an unreadable or unchanged size {text:?}");
                    return;
                }
            },
            _ => {
                let first = text.lines().next().unwrap_or_default();
                let first: String = first.chars().take(300).collect();
                if status == 422 || (status == 409 && !size_answer) {
                    tracing::error!(
                        "witness {name} refused the checkpoint of size {size} as inconsistent with what it saw (status {status}): {first}"
                    );
                } else {
                    tracing::warn!("witness {name} refused the checkpoint of size {size} (status {status}): {first}");
                }
                return;
            }
        }
    }
}

//! Group commit: one sequencing transaction at a time, taking every submission that queued
//! while the one before it was in flight; then each new entry's receipt.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::sync::mpsc;
use tokio_postgres::Client;

use super::{Backoff, Job, PgAppendError, PgAppended, Reply, Shared, connect, now_ms, proofs};
use crate::log::batch_gate::BatchGate;
use crate::protocol::Hash;
use crate::scale::ScaleError;
use crate::scale::pg::{self, Sequenced};

/// The `NOTIFY` channel on which a batcher tells the integrating process that entries were
/// sequenced.
pub(super) const SEQUENCED_CHANNEL: &str = "heard_sequenced";

/// A new entry waiting for its receipt.
struct Waiting {
    seq: u64,
    entry_hash: Hash,
    reply: Reply,
}

/// Runs until the queue closes (the `PgLog` is dropped).
pub(super) async fn run(shared: Arc<Shared>, gate: Arc<dyn BatchGate>, mut queue: mpsc::Receiver<Job>) {
    let max = shared.config.max_batch.max(1);
    let mut client: Option<Client> = None;
    let mut backoff = Backoff::new(shared.config.backoff_max);
    let mut jobs = Vec::with_capacity(max);
    while queue.recv_many(&mut jobs, max).await > 0 {
        let (subs, replies): (Vec<_>, Vec<_>) = jobs.drain(..).map(|j| (j.sub, j.reply)).unzip();
        if client.as_ref().is_none_or(Client::is_closed) {
            client = None;
            // While PostgreSQL is away, answer at once rather than queue behind attempts.
            if !backoff.ready() {
                fail(replies, "reconnecting to PostgreSQL");
                continue;
            }
            match connect(&shared.url, shared.config.pg_timeout).await {
                Ok(c) => {
                    client = Some(c);
                    backoff.reset();
                }
                Err(e) => {
                    backoff.failed();
                    fail(replies, &e);
                    continue;
                }
            }
        }
        let Some(c) = client.as_mut() else { continue };
        let done = tokio::time::timeout(shared.config.pg_timeout, pg::append(c, &*gate, &subs, now_ms())).await;
        let out = match done {
            Ok(Ok(out)) if out.len() == replies.len() => out,
            Ok(Ok(_)) => {
                answer_all(replies, || PgAppendError::Storage("the sequencer answered a batch short".into()));
                continue;
            }
            Ok(Err(ScaleError::Postgres(e))) => {
                // Whether it committed is unknown when the connection died during COMMIT: not
                // acknowledged, so a retry is answered as new or as a duplicate.
                // The next batch reconnects at once: only a failed connection attempt backs off.
                if c.is_closed() {
                    client = None;
                }
                fail(replies, &e.to_string());
                continue;
            }
            Ok(Err(e)) => {
                answer_all(replies, || PgAppendError::Storage(e.to_string()));
                continue;
            }
            Err(_) => {
                client = None;
                fail(replies, "a sequencing transaction took too long; its connection was dropped");
                continue;
            }
        };
        let mut waiting = Vec::new();
        for (reply, outcome) in replies.into_iter().zip(out) {
            match outcome {
                Sequenced::New { seq, entry_hash } => waiting.push(Waiting { seq, entry_hash, reply }),
                Sequenced::Duplicate { seq } => drop(reply.send(Err(PgAppendError::Duplicate { seq }))),
                Sequenced::Refused(r) => drop(reply.send(Err(PgAppendError::Refused(r)))),
            }
        }
        if !waiting.is_empty() {
            shared.work.notify_one();
            tokio::spawn(deliver(shared.clone(), waiting));
        }
    }
}

fn answer_all(replies: Vec<Reply>, err: impl Fn() -> PgAppendError) {
    for r in replies {
        let _ = r.send(Err(err()));
    }
}

fn fail(replies: Vec<Reply>, why: &str) {
    answer_all(replies, || PgAppendError::Unavailable(why.to_owned()));
}

/// Waits for a checkpoint covering every entry of `waiting` (one batch), reads their proofs
/// and entries in one round trip, and answers each.
async fn deliver(shared: Arc<Shared>, waiting: Vec<Waiting>) {
    let Some(last) = waiting.iter().map(|w| w.seq).max() else { return };
    let mut stopped = shared.stopped.clone();
    let mut latest = shared.latest.subscribe();
    if !shared.leader.load(Ordering::SeqCst)
        && let Ok(reader) = shared.reader().await
    {
        // The integrating process is elsewhere: wake it (losing this only delays the
        // receipt until the leader's next look, `PgConfig::poll_every`).
        let _ = reader.execute("SELECT pg_notify($1, '')", &[&SEQUENCED_CHANNEL]).await;
    }
    let covered = async {
        let cp = latest.wait_for(|c| c.as_ref().is_some_and(|c| c.size > last)).await.ok()?;
        cp.as_deref().cloned()
    };
    let checkpoint = tokio::select! {
        cp = tokio::time::timeout(shared.config.receipt_wait, covered) => cp,
        _ = stopped.changed() => {
            for w in waiting {
                let _ = w.reply.send(Err(PgAppendError::Closed));
            }
            return;
        }
    };
    let Ok(Some(checkpoint)) = checkpoint else {
        let why = format!(
            "no signed checkpoint covered entry {last} within {} s (it is in the log: sending it again is \
             answered as a duplicate)",
            shared.config.receipt_wait.as_secs()
        );
        answer_all(waiting.into_iter().map(|w| w.reply).collect(), || PgAppendError::Unavailable(why.clone()));
        return;
    };
    let seqs: Vec<u64> = waiting.iter().map(|w| w.seq).collect();
    let read = async {
        let reader = shared.reader().await?;
        proofs::receipts(&reader, checkpoint.size, &seqs).await.map_err(|e| match e {
            ScaleError::Postgres(e) => PgAppendError::Unavailable(e.to_string()),
            e => PgAppendError::Storage(e.to_string()),
        })
    };
    match tokio::time::timeout(shared.config.pg_timeout, read).await {
        Ok(Ok(parts)) => {
            for (w, (entry, proof)) in waiting.into_iter().zip(parts) {
                let ok =
                    PgAppended { seq: w.seq, entry_hash: w.entry_hash, entry, checkpoint: checkpoint.clone(), proof };
                let _ = w.reply.send(Ok(ok));
            }
        }
        Ok(Err(e)) => {
            let (code_err, text) = (matches!(e, PgAppendError::Unavailable(_)), e.to_string());
            answer_all(waiting.into_iter().map(|w| w.reply).collect(), || {
                if code_err { PgAppendError::Unavailable(text.clone()) } else { PgAppendError::Storage(text.clone()) }
            });
        }
        Err(_) => fail(waiting.into_iter().map(|w| w.reply).collect(), "reading the receipts took too long"),
    }
}

//! Integration by one process at a time, any able to take over; and the listener through
//! which every process learns of new checkpoints (and the leader of new entries).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use object_store::ObjectStore;
use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, NoTls};

use super::batcher::SEQUENCED_CHANNEL;
use super::{AbortOnDrop, Backoff, Shared, integrator, newest_checkpoint};
use crate::log::Signed;
use crate::protocol::note::NoteSigner;
use crate::scale::integrate::{CHECKPOINT_CHANNEL, Integrator};

/// Runs for the life of the `PgLog`: asks for the lock, integrates while it holds it, and
/// starts over on a new connection whenever its connection fails (which releases the lock).
pub(super) async fn integrate(shared: Arc<Shared>, bucket: Arc<dyn ObjectStore>, prefix: String, signer: NoteSigner) {
    let mut backoff = Backoff::new(shared.config.backoff_max);
    loop {
        match integrator(&shared, &bucket, &prefix, &signer).await {
            Ok(mut integ) => {
                let why = lead(&shared, &mut integ, &mut backoff).await;
                shared.leader.store(false, Ordering::SeqCst);
                shared.integration_pid.store(0, Ordering::SeqCst);
                tracing::warn!("integration connection given up: {why}");
            }
            Err(e) => tracing::warn!("integration cannot connect to PostgreSQL: {e}"),
        }
        tokio::time::sleep(backoff.failed()).await;
    }
}

/// Waits for the lock, then integrates until something fails; returns why. Any failure gives
/// the connection up, and the lock with it, so that a process whose steps fail (its bucket
/// unreachable, say) lets another try.
async fn lead(shared: &Shared, integ: &mut Integrator, backoff: &mut Backoff) -> String {
    let config = &shared.config;
    loop {
        match tokio::time::timeout(config.pg_timeout, integ.try_lead()).await {
            Ok(Ok(true)) => break,
            Ok(Ok(false)) => tokio::time::sleep(config.lead_every).await,
            Ok(Err(e)) => return e.to_string(),
            Err(_) => return "asking for the integration lock took too long".into(),
        }
    }
    shared.leader.store(true, Ordering::SeqCst);
    tracing::info!("this process now integrates the log");
    loop {
        match tokio::time::timeout(config.pg_timeout, integ.step(config.integrate_max)).await {
            Ok(Ok(Some(p))) => {
                backoff.reset();
                shared.saw(Signed { size: p.size, root: p.root, note: p.note });
            }
            Ok(Ok(None)) => {
                backoff.reset();
                tokio::select! {
                    _ = shared.work.notified() => {}
                    _ = tokio::time::sleep(config.poll_every) => {}
                }
            }
            Ok(Err(e)) => return e.to_string(),
            Err(_) => return "an integration step took too long".into(),
        }
    }
}

/// Runs for the life of the `PgLog`: listens for checkpoints and sequenced entries, and reads
/// the newest checkpoint on every (re)connection and every `poll_every`.
pub(super) async fn listen(shared: Arc<Shared>) {
    let mut backoff = Backoff::new(shared.config.backoff_max);
    loop {
        if let Err(e) = listen_once(&shared, &mut backoff).await {
            tracing::warn!("the checkpoint listener lost PostgreSQL: {e}");
        }
        tokio::time::sleep(backoff.failed()).await;
    }
}

async fn listen_once(shared: &Shared, backoff: &mut Backoff) -> Result<(), String> {
    let within = shared.config.pg_timeout;
    let (client, mut conn) = tokio::time::timeout(within, tokio_postgres::connect(&shared.url, NoTls))
        .await
        .map_err(|_| "no connection in time".to_owned())?
        .map_err(|e| e.to_string())?;
    let (tx, mut notes) = mpsc::unbounded_channel();
    // The connection is driven here rather than by `tokio::spawn(conn)`, to see its
    // notifications.
    let _driver = AbortOnDrop(tokio::spawn(async move {
        while let Some(Ok(m)) = std::future::poll_fn(|cx| conn.poll_message(cx)).await {
            if let AsyncMessage::Notification(n) = m
                && tx.send(n).is_err()
            {
                break;
            }
        }
    }));
    let listen = format!("LISTEN {CHECKPOINT_CHANNEL}; LISTEN {SEQUENCED_CHANNEL}");
    client.batch_execute(&listen).await.map_err(|e| e.to_string())?;
    backoff.reset();
    let refresh = async || -> Result<(), String> {
        let cp = tokio::time::timeout(within, newest_checkpoint(&client))
            .await
            .map_err(|_| "reading the newest checkpoint took too long".to_owned())?
            .map_err(|e| e.to_string())?;
        if let Some(cp) = cp {
            shared.saw(cp);
        }
        Ok(())
    };
    refresh().await?;
    loop {
        tokio::select! {
            n = notes.recv() => {
                let Some(n) = n else { return Err("the connection closed".into()) };
                if n.channel() == SEQUENCED_CHANNEL {
                    shared.work.notify_one();
                    continue;
                }
                let known = shared.latest.borrow().as_ref().map_or(0, |c| c.size);
                if n.payload().parse::<u64>().is_ok_and(|size| size > known) {
                    refresh().await?;
                }
            }
            _ = tokio::time::sleep(shared.config.poll_every) => refresh().await?,
        }
    }
}

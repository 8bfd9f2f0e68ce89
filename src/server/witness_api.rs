//! The witness's HTTP face (`heard witness serve`): C2SP tlog-witness
//! `POST /add-checkpoint` over [`crate::witness::add::WitnessService`].
//!
//! 200 with the cosignature line (`text/plain; charset=utf-8`); 409 with the witness's own
//! size and a newline as `text/x.tlog.size` when `old` is not that size; every other refusal
//! with the status the spec gives it (400, 403, 404, 409, 413, 422) and a one-line
//! `<code>: <reason>` in plain text. Nothing is persisted unless the answer is 200.

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use crate::witness::add::{MAX_BODY, Refusal, SIZE_CONTENT_TYPE, WitnessService};

const TEXT: &str = "text/plain; charset=utf-8";

/// The witness's router: `POST /add-checkpoint`.
pub fn witness_app(service: Arc<WitnessService>) -> Router {
    Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(service)
}

/// Serves [`witness_app`] on `listener` until `shutdown` resolves.
pub async fn run_witness(
    listener: tokio::net::TcpListener,
    service: Arc<WitnessService>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, witness_app(service)).with_graceful_shutdown(shutdown).await
}

async fn add_checkpoint(State(service): State<Arc<WitnessService>>, body: Bytes) -> Response {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    // Checking and persisting reads and fsyncs a file: off the async threads.
    let answer = tokio::task::spawn_blocking(move || service.add_checkpoint(&body, now)).await;
    match answer {
        Ok(Ok(lines)) => ([(header::CONTENT_TYPE, TEXT)], lines).into_response(),
        Ok(Err(refusal)) => refuse(&refusal),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, TEXT)], "internal: the witness failed\n")
            .into_response(),
    }
}

fn refuse(refusal: &Refusal) -> Response {
    let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Refusal::State(e) = refusal {
        tracing::error!(error = %e, "witness state");
    } else {
        tracing::info!(status = refusal.status(), code = refusal.code(), "add-checkpoint refused: {refusal}");
    }
    match refusal {
        Refusal::Conflict(size) => {
            (status, [(header::CONTENT_TYPE, SIZE_CONTENT_TYPE)], format!("{size}\n")).into_response()
        }
        Refusal::State(_) => {
            (status, [(header::CONTENT_TYPE, TEXT)], "witness_state: the witness could not keep its state\n")
                .into_response()
        }
        r => (status, [(header::CONTENT_TYPE, TEXT)], format!("{}: {r}\n", r.code())).into_response(),
    }
}

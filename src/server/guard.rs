//! What keeps one client from holding the server for everyone: a cap on the requests one
//! address may have open at once, and a deadline for a request's body to arrive.
//!
//! A request's body is read here, before the request takes one of the server's concurrency
//! slots: a client that announces a body and sends it slowly, or never, holds only its own
//! address's share of open requests, and only until the body deadline.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::body::HttpBody as _;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use super::AppState;
use super::error::ApiError;

/// Open requests per client address.
#[derive(Default)]
pub struct OpenRequests {
    by_address: Mutex<HashMap<IpAddr, usize>>,
}

/// One open request of an address; the count goes down when it is dropped.
pub struct Opened {
    requests: Arc<OpenRequests>,
    ip: IpAddr,
}

impl OpenRequests {
    /// Counts one more open request for `ip`, unless it already has `cap`.
    pub fn open(self: &Arc<Self>, ip: IpAddr, cap: usize) -> Option<Opened> {
        let mut m = self.by_address.lock().unwrap_or_else(|p| p.into_inner());
        let n = m.entry(ip).or_insert(0);
        if *n >= cap {
            return None;
        }
        *n += 1;
        Some(Opened { requests: self.clone(), ip })
    }
}

impl Drop for Opened {
    fn drop(&mut self) {
        let mut m = self.requests.by_address.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = m.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                m.remove(&self.ip);
            }
        }
    }
}

/// Whether the client asked for a web page rather than a machine answer.
fn wants_page(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// A refusal in the form the client reads: a short page for a browser, problem+json otherwise.
fn refuse(headers: &HeaderMap, status: StatusCode, code: &'static str, detail: String) -> Response {
    if wants_page(headers) {
        return super::pages::refusal(headers, status);
    }
    ApiError::new(status, code, detail).into_response()
}

/// Caps the open requests of the client's address (outermost layer, see [`super::app`]).
pub(super) async fn cap_open(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(ip) = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()) else {
        return next.run(req).await;
    };
    let cap = state.config.open_per_address;
    let Some(_opened) = state.open.open(ip, cap) else {
        return refuse(
            req.headers(),
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_open_requests",
            format!("this address already has {cap} requests open; wait for them to finish and try again"),
        );
    };
    next.run(req).await
}

/// Reads the whole body within the body deadline and the size limit before the request
/// goes on: 408 `body_timeout` when it does not arrive in time, 413 `payload_too_large`
/// when it is larger than the server accepts.
pub(super) async fn read_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    if body.is_end_stream() {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let max = state.config.max_body;
    let too_large = |h: &HeaderMap| {
        refuse(
            h,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the request body is larger than this server accepts".into(),
        )
    };
    let announced = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|n| n > max as u64) {
        return too_large(&parts.headers);
    }
    let read = http_body_util::Limited::new(body, max).collect();
    let bytes = match tokio::time::timeout(state.config.body_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return too_large(&parts.headers),
        Ok(Err(_)) => {
            return refuse(
                &parts.headers,
                StatusCode::BAD_REQUEST,
                "malformed",
                "the request body could not be read".into(),
            );
        }
        Err(_) => {
            let secs = state.config.body_timeout.as_secs_f64();
            return refuse(
                &parts.headers,
                StatusCode::REQUEST_TIMEOUT,
                "body_timeout",
                format!("the request body did not arrive within {secs} s"),
            );
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

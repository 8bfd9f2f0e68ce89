//! The HTTP face: the JSON/CBOR API under `/v1/`, metrics, health, tiles, and the web pages
//! (`pages`: `/`, `/consultations/…`, `/ideas/…`, `/claim`, `/contributors/…`, `/reports/…`,
//! `/verify`, `/static/…`).
//!
//! **Architecture Invariant:** the server decodes requests and encodes answers; every
//! decision about what may be appended is made below it. It never logs statement content,
//! idea text or keys.
//!
//! Built as a library: [`app`] gives the `Router` (tests drive it with `oneshot`), [`run`]
//! serves it on a listener until a shutdown future resolves, then closes the log so the
//! writer finishes and flushes what it has.

mod api;
mod credential;
mod domain_api;
mod error;
mod error_lang;
mod guard;
pub mod history;
mod key_recovery;
mod metrics;
mod negotiate;
mod pages;
pub mod pairing;
pub mod payments;
pub mod proves;
pub mod recovery;
mod search_api;
mod staff_api;
pub mod witness_api;
pub mod witnessing;

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::timeout::TimeoutLayer;

pub use api::{ApiDoc, Submission, json_schemas, openapi_json, parse_cosignature, parse_submission};
pub use credential::{
    CONSULTATION_REQUEST_PREFIX as CONSULTATION_CREDENTIAL_REQUEST_PREFIX, CONTEXTS as CREDENTIAL_CONTEXTS,
    CREDENTIAL_REQUEST_PREFIX, consultation_request_message as consultation_credential_request_message,
    request_message as credential_request_message,
};
pub use error::{ApiError, Problem};
pub use metrics::Metrics;
pub use pages::CSP;
pub(crate) use pages::date_of;
pub use staff_api::{DEVICE_REQUEST_PREFIX, StaffDesk, join_link};

use crate::ledger::Ledger;
use crate::log::view::LogView;

/// Limits and settings of a server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body accepted, bytes.
    pub max_body: usize,
    /// Longest a request may take.
    pub timeout: Duration,
    /// Most requests handled at once; more are refused with 503 `overloaded`.
    pub concurrency: usize,
    /// Write requests a client address may burst.
    pub write_burst: u32,
    /// Write requests per second a client address may sustain.
    pub writes_per_second: f64,
    /// The public base URL (for verify links), e.g. `http://127.0.0.1:8080`.
    pub public_url: String,
    /// Most requests one client address may have open at once; more are refused with 429
    /// `too_many_open_requests`.
    pub open_per_address: usize,
    /// Longest a request's body may take to arrive once its headers have; then 408
    /// `body_timeout`.
    pub body_timeout: Duration,
    /// Whether the operator set `public_url` (`heard serve --public-url`); when not, the
    /// claim-card print sheet warns that its cards point at this computer only.
    pub public_url_explicit: bool,
    /// The folder holding the operator's own privacy notice and accessibility statement
    /// (`<data>/notices`); the defaults are shown without one.
    pub notices: Option<std::path::PathBuf>,
    /// Days a recovery of a lost key must wait at least (`heard serve
    /// --recovery-wait-days`); a `recover` statement waiting less is refused at
    /// `POST /v1/statements` (the policy's own minimum is lower, see docs/PROTOCOL.md §16).
    pub recovery_wait_days: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body: 256 * 1024,
            timeout: Duration::from_secs(30),
            concurrency: 1024,
            write_burst: 200,
            writes_per_second: 100.0,
            public_url: "http://127.0.0.1:8080".into(),
            open_per_address: 64,
            body_timeout: Duration::from_secs(10),
            public_url_explicit: false,
            notices: None,
            recovery_wait_days: crate::attribution::recovery::DEFAULT_WAIT_DAYS,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    ledger: Ledger,
    metrics: Arc<Metrics>,
    limiter: Arc<RateLimiter>,
    open: Arc<guard::OpenRequests>,
    config: Arc<ServerConfig>,
    /// Invitations and the operator key, when staff may join through this server.
    staff: Option<Arc<StaffDesk>>,
    /// Recovery pairings waiting for a person's new key (in memory only).
    pairings: Arc<pairing::Pairings>,
}

impl AppState {
    /// State for a server over `ledger`.
    pub fn new(ledger: Ledger, config: ServerConfig) -> Self {
        AppState {
            ledger,
            metrics: Arc::new(Metrics::default()),
            limiter: Arc::new(RateLimiter::new(config.write_burst, config.writes_per_second)),
            open: Arc::default(),
            staff: None,
            pairings: Arc::default(),
            config: Arc::new(config),
        }
    }
    /// This state with staff invitations redeemable (the server enrols their keys with the
    /// operator key in `desk`).
    pub fn with_staff(mut self, desk: StaffDesk) -> Self {
        self.staff = Some(Arc::new(desk));
        self
    }
    /// The log served, whichever backend keeps it.
    pub fn log(&self) -> &Arc<dyn LogView> {
        self.ledger.log()
    }
    /// The ledger served.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

/// A token bucket per client address for write requests.
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    fn new(burst: u32, per_second: f64) -> Self {
        RateLimiter { burst: burst as f64, per_second, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `ip`; false when the address is over its limit.
    fn allow(&self, ip: IpAddr) -> bool {
        let Ok(mut b) = self.buckets.lock() else { return true };
        let now = Instant::now();
        if b.len() > 100_000 {
            // Forget idle addresses rather than grow without bound.
            let burst = self.burst;
            let rate = self.per_second;
            b.retain(|_, (tokens, t)| *tokens + now.duration_since(*t).as_secs_f64() * rate < burst);
        }
        let (tokens, last) = b.entry(ip).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    if req.method() == Method::POST {
        let ip = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        if let Some(ip) = ip
            && !state.limiter.allow(ip)
        {
            state.metrics.rate_limited();
            let r = ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many write requests from this address; wait a moment and try again",
            )
            .into_response();
            state.metrics.request(r.status().as_u16(), started.elapsed().as_micros() as u64);
            return r;
        }
    }
    let r = next.run(req).await;
    state.metrics.request(r.status().as_u16(), started.elapsed().as_micros() as u64);
    r
}

/// Every refusal leaves as problem+json: the limits' own answers (413, 408) and any plain-text
/// or empty refusal an extractor or the router made (a path that is not UTF-8, a method a
/// route does not have) get a stable code; their text, if any, becomes the detail. Answers
/// with another content type (problem+json, HTML pages) pass unchanged.
async fn problems(req: Request, next: Next) -> Response {
    use axum::http::StatusCode as S;
    let r = next.run(req).await;
    let status = r.status();
    let plain = r
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_none_or(|v| v.to_str().is_ok_and(|v| v.starts_with("text/plain")));
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return r;
    }
    let (code, fallback) = match status {
        S::PAYLOAD_TOO_LARGE => ("payload_too_large", "the request body is larger than this server accepts"),
        S::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
        S::METHOD_NOT_ALLOWED => ("method_not_allowed", "this path does not take this method"),
        S::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "the body's content type is not accepted here"),
        S::NOT_FOUND => ("not_found", "there is nothing at this path"),
        s if s.is_server_error() => ("storage_unavailable", "the server could not answer; try again later"),
        _ => ("malformed", "the request is not well-formed"),
    };
    let allow = r.headers().get(axum::http::header::ALLOW).cloned();
    let body = axum::body::to_bytes(r.into_body(), 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&body);
    let detail = match (status, text.trim()) {
        // The limits' refusals are answered with the sentences documented for them.
        (S::PAYLOAD_TOO_LARGE | S::REQUEST_TIMEOUT, _) | (_, "") => fallback.to_string(),
        (_, t) => t.to_string(),
    };
    let mut out = ApiError::new(status, code, detail).into_response();
    if let Some(allow) = allow {
        out.headers_mut().insert(axum::http::header::ALLOW, allow);
    }
    out
}

/// The application's router with all layers.
pub fn app(state: AppState) -> Router {
    let cfg = state.config.clone();
    let routes = api::routes()
        .merge(staff_api::routes())
        .merge(credential::routes())
        .merge(pairing::routes())
        .merge(payments::routes())
        .merge(search_api::routes())
        .merge(pages::routes())
        .layer(DefaultBodyLimit::max(cfg.max_body))
        .with_state(state.clone());
    // The limits wrap the whole router as one service, so they are shared by every route.
    Router::new()
        .fallback_service(routes)
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn(problems))
                .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, cfg.timeout))
                // Over the concurrency limit, answer 503 at once rather than queue without bound.
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                    ApiError::new(
                        axum::http::StatusCode::SERVICE_UNAVAILABLE,
                        "overloaded",
                        "the server is handling as many requests as it allows; try again shortly",
                    )
                }))
                .layer(tower::load_shed::LoadShedLayer::new())
                .layer(tower::limit::ConcurrencyLimitLayer::new(cfg.concurrency)),
        )
        // Bodies are read before a request takes a concurrency slot, within the body deadline.
        .layer(middleware::from_fn_with_state(state.clone(), guard::read_body))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        // Outermost: one address's open requests are capped before anything else is done.
        .layer(middleware::from_fn_with_state(state, guard::cap_open))
        // Around all of it, so every refusal (the limits' too) is in the request's language.
        .layer(middleware::from_fn(error_lang::translate))
}

/// Serves `state` on `listener` until `shutdown` resolves, then closes the log (the writer
/// finishes and flushes its queue) before returning.
pub async fn run(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let ledger = state.ledger.clone();
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    let r = axum::serve(listener, service).with_graceful_shutdown(shutdown).await;
    let closed = tokio::task::spawn_blocking(move || ledger.close()).await.map_err(std::io::Error::other)?;
    r?;
    closed.map_err(|why| {
        std::io::Error::other(format!(
            "the log did not close cleanly ({why}); the next start recovers what was committed"
        ))
    })
}

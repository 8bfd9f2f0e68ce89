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
mod domain_api;
mod error;
mod metrics;
mod negotiate;
mod pages;

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
pub use error::{ApiError, Problem};
pub use metrics::Metrics;
pub use pages::CSP;

use crate::ledger::Ledger;
use crate::log::Log;

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
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    ledger: Ledger,
    metrics: Arc<Metrics>,
    limiter: Arc<RateLimiter>,
    config: Arc<ServerConfig>,
}

impl AppState {
    /// State for a server over `ledger`.
    pub fn new(ledger: Ledger, config: ServerConfig) -> Self {
        AppState {
            ledger,
            metrics: Arc::new(Metrics::default()),
            limiter: Arc::new(RateLimiter::new(config.write_burst, config.writes_per_second)),
            config: Arc::new(config),
        }
    }
    /// The log served.
    pub fn log(&self) -> &Log {
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

async fn over_limit(req: Request, next: Next) -> Response {
    let r = next.run(req).await;
    if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
        && r.headers().get(axum::http::header::CONTENT_TYPE).is_none_or(|v| v != "application/problem+json")
    {
        return ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the request body is larger than this server accepts",
        )
        .into_response();
    }
    if r.status() == axum::http::StatusCode::REQUEST_TIMEOUT {
        return ApiError::new(axum::http::StatusCode::REQUEST_TIMEOUT, "timeout", "the request took too long")
            .into_response();
    }
    r
}

/// The application's router with all layers.
pub fn app(state: AppState) -> Router {
    let cfg = state.config.clone();
    let routes =
        api::routes().merge(pages::routes()).layer(DefaultBodyLimit::max(cfg.max_body)).with_state(state.clone());
    // The limits wrap the whole router as one service, so they are shared by every route.
    Router::new()
        .fallback_service(routes)
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn(over_limit))
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
        .layer(middleware::from_fn_with_state(state, observe))
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
    tokio::task::spawn_blocking(move || ledger.close()).await.map_err(std::io::Error::other)?;
    r
}

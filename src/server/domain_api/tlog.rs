//! The log as C2SP tlog-tiles: the checkpoint, hash tiles and entry bundles, with their
//! cache rules.

use super::*;

fn tile_error(e: TileError) -> ApiError {
    match e {
        TileError::BadPath { .. } | TileError::InvalidTile { .. } | TileError::NotFound { .. } => {
            ApiError::new(status_of(e.code()), e.code(), e.to_string())
        }
        other => ApiError::internal(other),
    }
}

fn with_cache(mut r: Response, policy: &'static str) -> Response {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    r
}

/// The latest checkpoint with the witnesses' cosignatures, as `/v1/checkpoint` serves it and
/// `heard export-tiles` writes `checkpoint` (c2sp.org/tlog-tiles).
#[utoipa::path(get, tag = "domain_api", path = "/tiles/checkpoint", responses((status = 200, content_type = "text/plain", body = String)))]
pub(in crate::server) async fn tiles_checkpoint(State(state): State<AppState>) -> Response {
    match state.log().latest_cosigned() {
        Ok(note) => with_cache(typed(TEXT, note), NO_CACHE),
        Err(e) => with_cache(ApiError::from(e).into_response(), NO_CACHE),
    }
}

/// A hash tile or entry bundle (`tile/<L>/<N>[.p/<W>]`, `tile/entries/<N>[.p/<W>]`), the bytes
/// `heard export-tiles` writes; full tiles are immutable, partial ones are not cached.
#[utoipa::path(get, tag = "domain_api", path = "/tiles/tile/{path}", params(("path" = String, Path, description = "the rest of a c2sp.org/tlog-tiles path, e.g. 0/x001/234 or entries/000.p/7")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub(in crate::server) async fn tile(
    State(state): State<AppState>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    serve_tile(state, path, "tile/").await
}

/// An entry bundle (`/tiles/tile/entries/…`), gzip-compressed when the request accepts gzip.
pub(in crate::server) async fn entry_bundle(
    State(state): State<AppState>,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    serve_tile(state, path, "tile/entries/").await
}

pub(in crate::server) async fn serve_tile(
    state: AppState,
    path: Result<Path<String>, axum::extract::rejection::PathRejection>,
    prefix: &str,
) -> Response {
    let served = async {
        let Path(rest) = path.map_err(|e| ApiError::bad_request("bad_tile_path", e.body_text()))?;
        let t = Tile::parse(&format!("{prefix}{rest}")).map_err(tile_error)?;
        let log = state.log().clone();
        let bytes =
            tokio::task::spawn_blocking(move || log.tile(&t)).await.map_err(ApiError::internal)?.map_err(tile_error)?;
        Ok::<_, ApiError>((t.is_full(), bytes))
    };
    match served.await {
        Ok((true, bytes)) => with_cache(typed(OCTETS, bytes), IMMUTABLE),
        Ok((false, bytes)) => with_cache(typed(OCTETS, bytes), NO_CACHE),
        // A tile beyond the tree appears later: never cache its 404.
        Err(e) => with_cache(e.into_response(), NO_CACHE),
    }
}

//! Building the application: state, router and middleware stack.
use crate::event_stream_listener::EventStreamListener;
use crate::stream_bypass::UnlessEventStream;
use app::app::{shell, App};
use app::auth::session_store::DbSessionStore;
use app::platform::{client_ip, security, AppState, Config};
use axum::{
    body::Body,
    extract::{Request, State},
    http::HeaderValue,
    http::StatusCode,
    middleware::from_fn_with_state,
    response::{IntoResponse, Response},
    routing::{get, post},
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::{net::SocketAddr, sync::Arc};
use tower_http::{
    compression::{predicate::Predicate, CompressionLayer, DefaultPredicate},
    trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

/// Bodies larger than this are refused with 413 (attachments have their own limit).
pub use app::platform::body_limit::MAX_BODY_BYTES;

/// Where the built site (`pkg/<hash>/gongkai.js`, `.wasm`, its chunks, `pkg/gongkai.css`) is
/// served from.
pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let site_root = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    site_options(&site_root, addr)
}

/// The options for the site in `site_root`. `make site` puts the bundle (main module, lazy
/// route chunks and their loader, which find each other by relative names) in a directory
/// named by the hash of its files, `pkg/<hash>/`, and names it in `pkg/hash.txt`; the pages
/// load the bundle from there. Without the list (a site built otherwise) they load `pkg/`.
pub fn site_options(site_root: &str, addr: SocketAddr) -> LeptosOptions {
    let pkg_dir = std::fs::read_to_string(std::path::Path::new(site_root).join("pkg/hash.txt"))
        .ok()
        .and_then(|list| {
            list.lines()
                .find_map(|l| l.strip_prefix("bundle:"))
                .map(str::trim)
                .filter(|hash| is_bundle_hash(hash))
                .map(|hash| format!("pkg/{hash}"))
        })
        .unwrap_or_else(|| "pkg".into());
    LeptosOptions::builder()
        .output_name("gongkai")
        .site_root(site_root)
        .site_pkg_dir(pkg_dir)
        .site_addr(addr)
        .build()
}

/// The bundle under `/pkg`. Files in a directory named by the bundle's hash never change, so
/// browsers keep them for a year without asking again; the rest (the stylesheet) for five
/// minutes.
/// The `.br` and `.gz` made by `make site` are sent to browsers that accept them, so the
/// bundle is compressed once at brotli's best instead of on the fly for each download.
fn bundle(site_root: &str) -> Router {
    async fn lifetime(req: Request<Body>, next: axum::middleware::Next) -> Response {
        let immutable = is_hashed_name(req.uri().path());
        let mut res = next.run(req).await;
        if res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED {
            res.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static(if immutable {
                    "public, max-age=31536000, immutable"
                } else {
                    "public, max-age=300"
                }),
            );
            // The same address answers brotli, gzip or plain by what the browser accepts.
            res.headers_mut().insert(
                axum::http::header::VARY,
                HeaderValue::from_static("accept-encoding"),
            );
        }
        res
    }
    Router::new()
        .fallback_service(
            tower_http::services::ServeDir::new(format!("{site_root}/pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(axum::middleware::from_fn(lifetime))
}

/// A file under `<16 hex digits>/`: a bundle directory `make site` named by its content.
fn is_hashed_name(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    let dir = match segments.next() {
        Some("pkg") => segments.next(),
        dir => dir,
    };
    dir.is_some_and(is_bundle_hash) && segments.next().is_some_and(|f| !f.is_empty())
}

fn is_bundle_hash(name: &str) -> bool {
    name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Connects, migrates, seeds the reference data (departments, calendar) and builds the state.
pub async fn build_state(config: Config, options: LeptosOptions) -> anyhow::Result<AppState> {
    let secrets = app::platform::Secrets::load(&config).map_err(|e| anyhow::anyhow!(e))?;
    // One instance at a time migrates and seeds (PostgreSQL; see `SetupLock`).
    let setup = app::platform::db::SetupLock::acquire(&config.database_url).await?;
    let db = app::platform::db::connect(&config.database_url).await?;
    app::admin::departments::seed_if_empty(&db)
        .await
        .map_err(|e| anyhow::anyhow!("seeding departments: {e}"))?;
    app::calendar::service::seed_if_empty(&db)
        .await
        .map_err(|e| anyhow::anyhow!("seeding the calendar: {e}"))?;
    app::catalog::service::columns::seed_missing(&db)
        .await
        .map_err(|e| anyhow::anyhow!("seeding the catalog columns: {e}"))?;
    app::questions::service::derived::rebuild_if_missing(&db)
        .await
        .map_err(|e| anyhow::anyhow!("rebuilding the questions' search index: {e}"))?;
    app::catalog::service::search::rebuild_if_missing(&db)
        .await
        .map_err(|e| anyhow::anyhow!("rebuilding the catalog's search index: {e}"))?;
    app::disclosure::sealed_ids::seal_plain_id_numbers(&db, &secrets)
        .await
        .map_err(|e| anyhow::anyhow!("sealing applicants' ID numbers: {e}"))?;
    setup.release().await;
    let pages = Arc::new(app::platform::page_cache::PageCache::new(
        config.page_cache_bytes,
    ));
    pages.listen_for_changes(&db);
    let reads =
        app::platform::db::connect_readers(&config.database_url, &db, config.sqlite_readers)
            .await?;
    Ok(AppState {
        reads,
        secrets: Arc::new(secrets),
        caches: Arc::default(),
        pages,
        live: app::interviews::hub::LiveHub::new(&db),
        submissions: app::questions::service::submit_batch::SubmitQueue::start(db.clone()),
        clock: app::platform::time::Clock::system(),
        db,
        config: Arc::new(config),
        leptos_options: options,
    })
}

async fn server_fn_handler(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), req).await
}

/// Every server function's errors get their statuses here, in one place, whichever route
/// leptos registered the function under: leptos answers a failed call with 500, the
/// `serverfnerror` header and the encoded `AppError`; the status of that error (401, 403,
/// 404, 409, 422, 429 with `Retry-After` …) replaces the 500, as the REST API answers. A
/// browser posting a form without JavaScript is redirected by leptos instead (no header),
/// and that redirect is left alone.
async fn server_fn_statuses(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(e) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let app::error::AppError::RateLimited { retry_after_secs } = e {
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                parts.headers.insert(axum::http::header::RETRY_AFTER, v);
            }
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The app's routes, generated once per process. Generating runs the app with resource
/// loading suppressed through a process-wide flag, and a resource first polled meanwhile —
/// by a page rendering in another server of the same process, as in the tests — would
/// never resolve (leptos issue 4773). Once per process, before any server runs, is safe.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// The router with `extra` routes behind the same middleware as every page: the bench's
/// baseline route pays for sessions, security headers, the limits and compression too, so a
/// ratio to it measures the page, not the stack.
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    let options = state.leptos_options.clone();
    let routes = route_list();
    let sessions =
        SessionManagerLayer::new(DbSessionStore::new(state.db.clone(), state.reads.clone()))
            .with_name(app::auth::SESSION_COOKIE)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(state.config.secure_cookies())
            .with_expiry(Expiry::OnInactivity(
                tower_sessions::cookie::time::Duration::minutes(i64::from(
                    state.config.session_idle_minutes,
                )),
            ));

    extra
        .merge(app::api::router())
        .merge(app::questions::rest::page_routes())
        .merge(app::catalog::attachments::rest::page_routes())
        .merge(app::disclosure::file_routes::page_routes())
        .route("/api/{*fn_name}", post(server_fn_handler))
        .route("/feeds/documents.atom", get(app::catalog::feeds::atom))
        .route("/sitemap.xml", get(app::catalog::feeds::sitemap))
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .nest_service("/pkg", bundle(&options.site_root))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            shell,
        ))
        .layer(axum::middleware::from_fn(server_fn_statuses))
        // A request that hangs (a slow client body, a stuck query) is cut off with 408 so
        // it cannot hold a connection and memory; an event stream, once open, is not.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_secs(state.config.request_timeout_secs),
        ))
        // Inside the security middleware: a page from the cache gets a fresh nonce and the
        // headers like any other.
        .layer(from_fn_with_state(
            state.clone(),
            app::platform::page_cache::middleware,
        ))
        .layer(from_fn_with_state(state.clone(), security::middleware))
        .layer(sessions)
        .layer(from_fn_with_state(state.clone(), app::platform::audit::refusals))
        .layer(from_fn_with_state(state.clone(), client_ip::middleware))
        .layer(from_fn_with_state(
            state.clone(),
            app::platform::body_limit::middleware,
        ))
        // Downloads of binary files (attachments, the .xlsx report) are compressed already,
        // or nearly incompressible: spend no time on them. Event streams go around the layer
        // altogether (`stream_bypass`).
        .layer(UnlessEventStream(CompressionLayer::new().compress_when(DefaultPredicate::new().and(
            |_: axum::http::StatusCode,
             _: axum::http::Version,
             h: &axum::http::HeaderMap,
             _: &axum::http::Extensions| {
                let text = h
                    .get(axum::http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("text/"));
                text || !h.contains_key(axum::http::header::CONTENT_DISPOSITION)
            },
        ))))
        .layer(
            // The span names method and path only: never the query string, headers or body,
            // so no password, cookie or query code reaches a log line.
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
            }),
        )
        .with_state(state)
}

/// Serves until the process is stopped (Ctrl-C or SIGTERM), finishing requests in flight.
/// Viewers' event streams are served beside hyper, without its buffers
/// (`event_stream_listener`).
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = EventStreamListener::new(listener, router.clone())
        // axum gives `ConnectInfo<SocketAddr>` to a listener of one's own only through
        // `tap_io`; there is nothing to do to each connection.
        .tap_io(|_| {});
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[cfg(test)]
mod tests {
    use super::is_hashed_name;

    #[test]
    fn only_the_hashed_bundle_is_kept_for_a_year() {
        assert!(is_hashed_name("/0123456789abcdef/gongkai.js"));
        assert!(is_hashed_name("/0123456789abcdef/gongkai.wasm"));
        assert!(is_hashed_name("/pkg/0123456789abcdef/gongkai.wasm"));
        assert!(is_hashed_name("/0123456789abcdef/__wasm_split.js"));
        assert!(is_hashed_name("/0123456789abcdef/split_HomeRoute.wasm"));
        assert!(!is_hashed_name("/gongkai.js"));
        assert!(!is_hashed_name("/gongkai.css"));
        assert!(!is_hashed_name("/pkg/gongkai.css"));
        assert!(!is_hashed_name("/0123456789abcdef"));
        assert!(!is_hashed_name("/0123456789abcdef/"));
        assert!(!is_hashed_name("/0123456789abcdeg/gongkai.js"));
        assert!(!is_hashed_name("/0123456789abcde/gongkai.js"));
        assert!(!is_hashed_name("/other/0123456789abcdef/gongkai.js"));
    }
}

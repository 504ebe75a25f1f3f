//! `make bench`: figures, not pass/fail. Each figure is printed next to a baseline measured
//! in the same run on the same machine, so the ratio means something on a busy machine too.
//!
//! - HTTP: the server-rendered home page against a trivial route of the same server.
//! - 网络问政: submissions per second; list and search p99 at 1,000 and at 1,000,000
//!   questions (`GONGKAI_BENCH_QUESTIONS` sets the large size), against the trivial route.
//! - 政府信息公开目录: browse and search p99 at 1,000 and at 200,000 documents
//!   (`GONGKAI_BENCH_DOCUMENTS` sets the large size), against the trivial route.
//! - 在线访谈: N event-stream viewers on one instance (`GONGKAI_BENCH_VIEWERS`, default
//!   10,000), a burst of host messages, delivery latency p50/p99 against one viewer, and the
//!   server's memory per viewer.
//! - The wasm bundle raw, gzip and brotli.
mod catalog;
mod corpus;
mod home;
mod live;
mod load;
mod questions;

#[tokio::main]
async fn main() {
    let only = std::env::args().nth(1);
    let want = |name: &str| only.as_deref().is_none_or(|o| o == name);
    if want("home") {
        home::run().await;
    }
    if want("questions") {
        questions::run().await;
    }
    if want("catalog") {
        catalog::run().await;
    }
    if want("live") {
        live::run().await;
    }
    if want("wasm") {
        home::wasm_sizes();
    }
}

/// A fresh SQLite file for one part of the benchmark.
pub fn temp_db(name: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("gongkai-bench-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}/bench.db?mode=rwc", dir.display());
    (dir, url)
}

/// The app on port 0 in this process, with a trivial `/__bench/static` route as baseline.
pub async fn spawn_in_process(url: &str) -> (String, app::platform::AppState) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = gongkai::startup::build_state(
        app::platform::Config::for_database(url),
        gongkai::startup::leptos_options(addr),
    )
    .await
    .unwrap();
    let router = axum::Router::new()
        .route("/__bench/static", axum::routing::get(|| async { "ok" }))
        .merge(gongkai::startup::router(state.clone()));
    tokio::spawn(async move { gongkai::startup::serve(listener, router).await.unwrap() });
    (format!("http://{addr}"), state)
}

pub fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

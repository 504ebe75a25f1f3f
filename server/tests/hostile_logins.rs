//! Password hashing under attack, in a test binary of its own so that the process's memory
//! is the server's alone: a storm of parallel logins must leave memory bounded and pages
//! answering, and be refused quickly with 429 instead of queueing 19 MiB hashes.
mod common;

use common::{json, spawn_app_with};
use reqwest::StatusCode;
use serde_json::json;

/// Resident set size and its peak, in KiB, from /proc.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap()
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_parallel_logins_leave_memory_bounded_and_pages_answering() {
    let app = spawn_app_with(|c| c.login_failures_per_hour = 100_000).await;
    app.create_user("zhangsan", &[app::auth::Role::Resident])
        .await;
    // Warm up: the dummy hash and the connection pool exist before measuring.
    let mut warm = app.client();
    warm.post(
        "/api/v1/auth/login",
        &json!({"username": "nobody", "password": "wrong-password-1"}),
    )
    .await;
    let (_, peak_before) = memory_kib();

    let url = format!("{}/api/v1/auth/login", app.addr);
    let http = reqwest::Client::new();
    let storm: Vec<_> = (0..300)
        .map(|i| {
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move {
                let res = http
                    .post(&url)
                    .json(&json!({"username": format!("guess{i}"), "password": "wrong-password-1"}))
                    .send()
                    .await
                    .unwrap();
                let retry = res.headers().get("retry-after").is_some();
                (res.status(), retry)
            })
        })
        .collect();
    // Pages keep answering while the storm runs.
    let home = app.client().get("/").await;
    assert_eq!(home.status(), StatusCode::OK);

    let mut refused = 0;
    for task in storm {
        let (status, retry) = task.await.unwrap();
        match status {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(retry, "429 without Retry-After");
                refused += 1;
            }
            other => panic!("a login answered {other}"),
        }
    }
    assert!(refused > 0, "300 parallel hashes were all queued");
    let (_, peak_after) = memory_kib();
    let grown_mib = (peak_after.saturating_sub(peak_before)) / 1024;
    // One 19 MiB working buffer per hashing thread (one per core), not one per login: with
    // a buffer allocated per hash, this storm grew the process by about 350 MiB.
    assert!(grown_mib < 120, "peak memory grew by {grown_mib} MiB");

    // The right password still works afterwards.
    let mut c = app.client();
    json(
        c.post(
            "/api/v1/auth/login",
            &json!({"username": "zhangsan", "password": common::PASSWORD}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
}

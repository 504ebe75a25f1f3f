//! `make soak`: the release server with the demo data under ten minutes of mixed traffic.
//! Fails on any 5xx, or when the server's memory 30 s after the load is more than 10 %
//! above its level after the warm-up (a leak, or caches that never give memory back).
use crate::server::{rss_kb, site_root, Database, Server, Workdir};
use crate::{env_number, percentile_ms, Rng};
use anyhow::{bail, Context, Result};
use futures::StreamExt;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, ACCEPT_ENCODING, COOKIE, ORIGIN, SET_COOKIE,
};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DEMO_USER: &str = "resident";
const DEMO_PASSWORD: &str = "gongkai-demo-2026";
/// Memory 30 s after the load may exceed the level after warm-up by this factor at most.
const RSS_GROWTH_LIMIT: f64 = 1.10;

struct Settings {
    secs: u64,
    warmup_secs: u64,
    settle_secs: u64,
    connections: usize,
    streams: usize,
}

/// What the workers request: paths found in the demo data.
struct Targets {
    pages: Vec<String>,
    api: Vec<String>,
    interviews: Vec<i64>,
}

#[derive(Default)]
struct Shared {
    stop: AtomicBool,
    /// Latencies are kept once the warm-up is over; statuses and errors count throughout.
    measuring: AtomicBool,
    requests: AtomicU64,
    server_errors: AtomicU64,
    transport_errors: AtomicU64,
    submissions: AtomicU64,
    logins: AtomicU64,
    streams_opened: AtomicU64,
    stream_bytes: AtomicU64,
    statuses: Mutex<BTreeMap<u16, u64>>,
    /// The first few failures (5xx or transport), to say where to look.
    failures: Mutex<Vec<String>>,
}

impl Shared {
    fn note_failure(&self, what: String) {
        if let Ok(mut f) = self.failures.lock() {
            if f.len() < 20 {
                f.push(what);
            }
        }
    }

    /// Counts one answer (or transport error) and keeps its latency when measuring.
    fn record(
        &self,
        what: &str,
        outcome: Result<StatusCode, &reqwest::Error>,
        took: Duration,
        lat: &mut Vec<u32>,
    ) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        match outcome {
            Ok(status) => {
                if let Ok(mut s) = self.statuses.lock() {
                    *s.entry(status.as_u16()).or_default() += 1;
                }
                if status.is_server_error() {
                    self.server_errors.fetch_add(1, Ordering::Relaxed);
                    self.note_failure(format!("{status} {what}"));
                }
                if self.measuring.load(Ordering::Relaxed) {
                    lat.push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
                }
            }
            Err(e) => {
                self.transport_errors.fetch_add(1, Ordering::Relaxed);
                self.note_failure(format!("{what}: {e}"));
            }
        }
    }
}

pub async fn run() -> Result<bool> {
    let settings = Settings {
        secs: env_number("SOAK_SECS", 600)?,
        warmup_secs: env_number("SOAK_WARMUP_SECS", 20)?,
        settle_secs: env_number("SOAK_SETTLE_SECS", 30)?,
        connections: env_number("SOAK_CONNECTIONS", 200)?,
        streams: env_number("SOAK_STREAMS", 10)?,
    };
    if !site_root().join("pkg").is_dir() {
        println!(
            "(no built site in {}: pages render, their scripts and styles answer 404; `make site`)",
            site_root().display()
        );
    }
    let work = Workdir::new("soak")?;
    // SQLite unless SOAK_PG names a PostgreSQL admin URL.
    let db = match std::env::var("SOAK_PG") {
        Ok(admin) if !admin.trim().is_empty() => {
            Database::postgres(&admin, &format!("gongkai_soak_{}", std::process::id())).await?
        }
        _ => Database::sqlite(work.path()),
    };
    let outcome = soak(&db, &work, &settings).await;
    let removed = db.remove().await;
    let passed = outcome?;
    removed.context("dropping the soak database")?;
    Ok(passed)
}

async fn soak(db: &Database, work: &Workdir, settings: &Settings) -> Result<bool> {
    let mut server = Server::new(&db.url, work.path())?;
    let at = Instant::now();
    server.run_tool(&["demo-data"], &[])?;
    println!(
        "(demo data loaded into {} in {:.1} s)",
        db.backend,
        at.elapsed().as_secs_f64()
    );
    server.start()?;
    let mut headers = HeaderMap::new();
    // Like a browser: compressed answers exercise the compression layer too.
    headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("br, gzip"));
    let client = reqwest::Client::builder()
        .default_headers(headers.clone())
        .user_agent("Mozilla/5.0 (X11; Linux x86_64) gongkai-soak")
        .pool_max_idle_per_host(settings.connections)
        .timeout(Duration::from_secs(60))
        .build()
        .context("building the HTTP client")?;
    // Event streams stay open for many seconds: no whole-request timeout on them.
    let stream_client = reqwest::Client::builder()
        .default_headers(headers)
        .connect_timeout(Duration::from_secs(10))
        .build()
        .context("building the event-stream client")?;
    server.wait_up(&client).await?;
    let pid = server.pid().context("the server has no process id")?;
    // Without the Accept-Encoding header (reqwest is built without decompression here).
    let plain = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .context("building the HTTP client")?;
    let targets = Arc::new(discover(&plain, &server.base).await?);
    println!(
        "== soak on {}: {} connections + {} event streams, {} s warm-up, {} s load ==",
        db.backend, settings.connections, settings.streams, settings.warmup_secs, settings.secs
    );

    let shared = Arc::new(Shared::default());
    let workers: Vec<_> = (0..settings.connections)
        .map(|n| {
            tokio::spawn(worker(
                n,
                client.clone(),
                server.base.clone(),
                targets.clone(),
                shared.clone(),
            ))
        })
        .collect();
    let streamers: Vec<_> = (0..settings.streams)
        .map(|n| {
            tokio::spawn(streamer(
                n,
                stream_client.clone(),
                server.base.clone(),
                targets.clone(),
                shared.clone(),
            ))
        })
        .collect();

    tokio::time::sleep(Duration::from_secs(settings.warmup_secs)).await;
    let rss_start = rss_kb(pid).context("reading the server's memory after warm-up")?;
    shared.measuring.store(true, Ordering::Relaxed);
    let progress = |label: &str, rss: u64| {
        println!(
            "{label:<22} {:>9} requests   5xx {:>4}   transport errors {:>4}   RSS {}",
            shared.requests.load(Ordering::Relaxed),
            shared.server_errors.load(Ordering::Relaxed),
            shared.transport_errors.load(Ordering::Relaxed),
            mib(rss)
        );
    };
    progress("after warm-up", rss_start);
    let load_started = Instant::now();
    let load = Duration::from_secs(settings.secs);
    let mut minute = 1u64;
    loop {
        let next = Duration::from_secs(60 * minute).min(load);
        tokio::time::sleep(next.saturating_sub(load_started.elapsed())).await;
        if next >= load {
            break;
        }
        let rss = rss_kb(pid).context("reading the server's memory (did it die?)")?;
        progress(&format!("minute {minute}"), rss);
        minute += 1;
    }
    shared.stop.store(true, Ordering::Relaxed);
    let mut latencies: Vec<u32> = Vec::new();
    for w in workers {
        latencies.extend(w.await.context("a worker task failed")?);
    }
    let elapsed = load_started.elapsed();
    for s in streamers {
        s.await.context("an event-stream task failed")?;
    }
    let rss_end = rss_kb(pid).context("reading the server's memory at the end of the load")?;
    progress("end of load", rss_end);
    tokio::time::sleep(Duration::from_secs(settings.settle_secs)).await;
    let rss_after = rss_kb(pid).context("reading the server's memory after the load")?;
    progress(
        &format!("{} s after the load", settings.settle_secs),
        rss_after,
    );
    server.stop().await?;

    latencies.sort_unstable();
    let requests = shared.requests.load(Ordering::Relaxed);
    let server_errors = shared.server_errors.load(Ordering::Relaxed);
    let transport_errors = shared.transport_errors.load(Ordering::Relaxed);
    let measured = latencies.len();
    println!("== soak result ==");
    println!(
        "requests           {requests:>9}   ({measured} answered after warm-up: {:.0}/s)",
        measured as f64 / elapsed.as_secs_f64().max(1e-3)
    );
    println!(
        "  of which         submissions {}, logins {}, event streams opened {} ({} KiB received)",
        shared.submissions.load(Ordering::Relaxed),
        shared.logins.load(Ordering::Relaxed),
        shared.streams_opened.load(Ordering::Relaxed),
        shared.stream_bytes.load(Ordering::Relaxed) / 1024
    );
    println!("5xx                {server_errors:>9}");
    println!("transport errors   {transport_errors:>9}");
    println!(
        "latency            p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms   ({measured} samples)",
        percentile_ms(&latencies, 50),
        percentile_ms(&latencies, 99),
        latencies.last().map_or(0.0, |&m| f64::from(m) / 1e3)
    );
    if let Ok(statuses) = shared.statuses.lock() {
        let line: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        println!("statuses           {}", line.join(", "));
    }
    if let Ok(failures) = shared.failures.lock() {
        for f in failures.iter() {
            println!("  failure: {f}");
        }
    }
    let growth = rss_after as f64 / rss_start.max(1) as f64;
    println!(
        "RSS                after warm-up {}, end of load {}, {} s later {} ({:+.1} %)",
        mib(rss_start),
        mib(rss_end),
        settings.settle_secs,
        mib(rss_after),
        (growth - 1.0) * 100.0
    );
    let mut passed = true;
    if server_errors > 0 {
        println!("FAIL: {server_errors} answers with 5xx");
        passed = false;
    }
    if growth > RSS_GROWTH_LIMIT {
        println!(
            "FAIL: memory {} s after the load is {:.1} % above the level after warm-up (limit {:.0} %)",
            settings.settle_secs,
            (growth - 1.0) * 100.0,
            (RSS_GROWTH_LIMIT - 1.0) * 100.0
        );
        passed = false;
    }
    Ok(passed)
}

fn mib(kb: u64) -> String {
    format!("{:.1} MiB", kb as f64 / 1024.0)
}

/// Percent-encodes every byte (query strings with Chinese words).
fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

async fn get_json(client: &reqwest::Client, url: &str) -> Result<serde_json::Value> {
    let res = client
        .get(url)
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    if !res.status().is_success() {
        bail!("GET {url}: {}", res.status());
    }
    res.json().await.with_context(|| format!("reading {url}"))
}

/// Question tracking numbers, document ids and interviews from the demo data.
async fn discover(client: &reqwest::Client, base: &str) -> Result<Targets> {
    let field = |v: &serde_json::Value, name: &str| -> Vec<serde_json::Value> {
        v["items"]
            .as_array()
            .map(|items| items.iter().map(|i| i[name].clone()).collect())
            .unwrap_or_default()
    };
    let questions = get_json(client, &format!("{base}/api/v1/questions")).await?;
    let tracking: Vec<String> = field(&questions, "tracking_no")
        .iter()
        .filter_map(|t| t.as_str().map(str::to_string))
        .take(10)
        .collect();
    let documents = get_json(client, &format!("{base}/api/v1/documents")).await?;
    let documents: Vec<i64> = field(&documents, "id")
        .iter()
        .filter_map(|i| i.as_i64())
        .take(10)
        .collect();
    let interviews = get_json(client, &format!("{base}/api/v1/interviews")).await?;
    let interviews: Vec<i64> = field(&interviews, "id")
        .iter()
        .filter_map(|i| i.as_i64())
        .collect();
    if tracking.is_empty() || documents.is_empty() || interviews.is_empty() {
        bail!(
            "the demo data lacks published questions ({}), documents ({}) or interviews ({})",
            tracking.len(),
            documents.len(),
            interviews.len()
        );
    }
    let mut pages: Vec<String> = [
        "/".to_string(),
        "/questions".into(),
        "/catalog".into(),
        format!("/catalog?q={}", percent("医保")),
        "/interviews".into(),
    ]
    .into_iter()
    .collect();
    pages.extend(tracking.iter().map(|t| format!("/questions/{t}")));
    pages.extend(documents.iter().map(|d| format!("/catalog/documents/{d}")));
    pages.extend(interviews.iter().map(|i| format!("/interviews/{i}")));
    let mut api: Vec<String> = vec![
        "/api/v1/questions".into(),
        "/api/v1/questions?page=2".into(),
        format!("/api/v1/questions?q={}", percent("医保")),
        "/api/v1/questions/stats".into(),
        "/api/v1/documents".into(),
        "/api/v1/interviews".into(),
        "/api/v1/departments".into(),
        "/api/v1/columns".into(),
    ];
    api.extend(tracking.iter().map(|t| format!("/api/v1/questions/{t}")));
    api.extend(documents.iter().map(|d| format!("/api/v1/documents/{d}")));
    api.extend(interviews.iter().map(|i| format!("/api/v1/interviews/{i}")));
    println!(
        "(targets: {} pages, {} API reads; {} questions, {} documents, {} interviews)",
        pages.len(),
        api.len(),
        tracking.len(),
        documents.len(),
        interviews.len()
    );
    Ok(Targets {
        pages,
        api,
        interviews,
    })
}

/// GET/POST and read the whole body; the status, and the session cookie if one was set.
async fn exchange(
    req: reqwest::RequestBuilder,
) -> Result<(StatusCode, Option<String>), reqwest::Error> {
    let res = req.send().await?;
    let status = res.status();
    let cookie = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| {
            pair.split_once('=')
                .is_some_and(|(name, _)| name.trim() == app::auth::SESSION_COOKIE)
        })
        .map(str::to_string);
    res.bytes().await?;
    Ok((status, cookie))
}

/// One connection's worth of traffic, closed loop: mostly pages, then API reads, some
/// anonymous submissions and now and then a sign-in (password hashing is expensive).
/// Returns the latencies (µs) measured after the warm-up.
async fn worker(
    n: usize,
    client: reqwest::Client,
    base: String,
    targets: Arc<Targets>,
    shared: Arc<Shared>,
) -> Vec<u32> {
    let mut rng = Rng::seeded(n as u64 + 1);
    let mut lat = Vec::new();
    let origin = base.clone();
    let mut i = 0u64;
    while !shared.stop.load(Ordering::Relaxed) {
        i += 1;
        let roll = rng.below(1000);
        if roll < 550 {
            let path = &targets.pages[rng.below(targets.pages.len())];
            let req = client
                .get(format!("{base}{path}"))
                .header(ACCEPT, "text/html,application/xhtml+xml");
            timed(&shared, &format!("GET {path}"), req, &mut lat).await;
        } else if roll < 930 {
            let path = &targets.api[rng.below(targets.api.len())];
            let req = client
                .get(format!("{base}{path}"))
                .header(ACCEPT, "application/json");
            timed(&shared, &format!("GET {path}"), req, &mut lat).await;
        } else if roll < 995 {
            let req = client
                .post(format!("{base}/api/v1/questions"))
                .header(ORIGIN, &origin)
                .json(&serde_json::json!({
                    "kind": "help",
                    "title": format!("关于社区养老服务的咨询 {n}-{i}"),
                    "body": "家中老人行动不便，想了解社区日间照料中心的申请条件和收费标准。",
                    "is_public": true,
                    "contact": {"name": "李四", "phone": "13900001234"}
                }));
            if timed(&shared, "POST /api/v1/questions", req, &mut lat).await
                == Some(StatusCode::CREATED)
            {
                shared.submissions.fetch_add(1, Ordering::Relaxed);
            }
        } else {
            sign_in_and_out(&client, &base, &shared, &mut lat).await;
        }
    }
    lat
}

async fn timed(
    shared: &Shared,
    what: &str,
    req: reqwest::RequestBuilder,
    lat: &mut Vec<u32>,
) -> Option<StatusCode> {
    let at = Instant::now();
    let outcome = exchange(req).await.map(|(status, _)| status);
    shared.record(what, outcome.as_ref().copied(), at.elapsed(), lat);
    outcome.ok()
}

/// The demo resident signs in, looks at their account and signs out, as a browser would
/// (same-origin `Origin` on the changes).
async fn sign_in_and_out(
    client: &reqwest::Client,
    base: &str,
    shared: &Shared,
    lat: &mut Vec<u32>,
) {
    let at = Instant::now();
    let outcome = exchange(
        client
            .post(format!("{base}/api/v1/auth/login"))
            .header(ORIGIN, base)
            .json(&serde_json::json!({"username": DEMO_USER, "password": DEMO_PASSWORD})),
    )
    .await;
    shared.record(
        "POST /api/v1/auth/login",
        outcome.as_ref().map(|(s, _)| *s),
        at.elapsed(),
        lat,
    );
    let cookie = match outcome {
        Ok((StatusCode::OK, Some(cookie))) => cookie,
        Ok((status, _)) => {
            // A refused demo login means the mix is wrong, not the server: say so.
            shared.note_failure(format!("POST /api/v1/auth/login answered {status}"));
            return;
        }
        Err(_) => return,
    };
    shared.logins.fetch_add(1, Ordering::Relaxed);
    let me = client
        .get(format!("{base}/api/v1/auth/me"))
        .header(COOKIE, &cookie);
    timed(shared, "GET /api/v1/auth/me", me, lat).await;
    let out = client
        .post(format!("{base}/api/v1/auth/logout"))
        .header(ORIGIN, base)
        .header(COOKIE, &cookie);
    timed(shared, "POST /api/v1/auth/logout", out, lat).await;
}

/// A viewer of a live interview: opens the event stream, reads it for 5–30 s, drops it,
/// and opens another.
async fn streamer(
    n: usize,
    client: reqwest::Client,
    base: String,
    targets: Arc<Targets>,
    shared: Arc<Shared>,
) {
    let mut rng = Rng::seeded(10_000 + n as u64);
    let mut unused = Vec::new();
    while !shared.stop.load(Ordering::Relaxed) {
        let id = targets.interviews[rng.below(targets.interviews.len())];
        let what = format!("GET /api/v1/interviews/{id}/events");
        let at = Instant::now();
        let res = client
            .get(format!("{base}/api/v1/interviews/{id}/events"))
            .header(ACCEPT, "text/event-stream")
            .send()
            .await;
        match res {
            Ok(res) => {
                shared.record(&what, Ok(res.status()), at.elapsed(), &mut unused);
                if res.status() == StatusCode::OK {
                    shared.streams_opened.fetch_add(1, Ordering::Relaxed);
                    let hold = rng.secs_between(5.0, 30.0);
                    let mut body = res.bytes_stream();
                    while at.elapsed() < hold && !shared.stop.load(Ordering::Relaxed) {
                        match tokio::time::timeout(Duration::from_millis(500), body.next()).await {
                            Ok(Some(Ok(chunk))) => {
                                shared
                                    .stream_bytes
                                    .fetch_add(chunk.len() as u64, Ordering::Relaxed);
                            }
                            Ok(Some(Err(e))) => {
                                shared.transport_errors.fetch_add(1, Ordering::Relaxed);
                                shared.note_failure(format!("{what} (reading): {e}"));
                                break;
                            }
                            Ok(None) => break,
                            Err(_) => {} // quiet stream: check the clock and the stop flag
                        }
                    }
                }
            }
            Err(e) => shared.record(&what, Err(&e), at.elapsed(), &mut unused),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

//! 在线访谈: many event-stream viewers on one `gongkai serve` process, a burst of host
//! messages, delivery latency against a single viewer, and the server's memory per viewer.
use super::load::ms;
use futures::StreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MESSAGES: usize = 50;

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

struct Server {
    child: std::process::Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(url: &str) -> Server {
    let bin = std::env::var("GONGKAI_BIN").unwrap_or_else(|_| "target/release/gongkai".into());
    let ok = std::process::Command::new(&bin)
        .args(["user", "add", "benchhost", "--role", "host"])
        .env("DATABASE_URL", url)
        .env("GONGKAI_PASSWORD", "bench-password-1")
        .env("RUST_LOG", "warn")
        .status()
        .expect("run gongkai user add");
    assert!(ok.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(&bin)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", url)
        // Every bench viewer comes from this one address.
        .env("GONGKAI_STREAMS_PER_ADDRESS", "1000000")
        .env("GONGKAI_STREAMS_TOTAL", "1000000")
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("start gongkai serve");
    Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

async fn wait_up(client: &reqwest::Client, base: &str) {
    for _ in 0..100 {
        if client
            .get(format!("{base}/api/v1/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not start");
}

async fn live_interview(client: &reqwest::Client, base: &str) -> (String, i64) {
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "benchhost", "password": "bench-password-1"}))
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let i: serde_json::Value = client
        .post(format!("{base}/api/v1/interviews"))
        .header("cookie", &cookie)
        .header("origin", base.to_string())
        .json(&serde_json::json!({
            "title": "压力测试访谈", "summary": "用于测量直播推送的访谈。",
            "scheduled_at": "2026-12-01T09:30:00+08:00", "duration_minutes": 60,
            "guests": [{"name": "测试", "title": "嘉宾"}]
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = i["id"].as_i64().unwrap();
    for s in ["preview", "collecting", "preparing", "rehearsal", "live"] {
        client
            .post(format!("{base}/api/v1/interviews/{id}/stage"))
            .header("cookie", &cookie)
            .header("origin", base.to_string())
            .json(&serde_json::json!({"stage": s}))
            .send()
            .await
            .unwrap();
    }
    (cookie, id)
}

type Receipts = Arc<Mutex<Vec<(i32, Instant)>>>;

/// One viewer: records when each numbered event arrives. `ready` counts connected viewers.
fn viewer(
    client: reqwest::Client,
    url: String,
    receipts: Receipts,
    ready: Arc<std::sync::atomic::AtomicUsize>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let Ok(res) = client
            .get(&url)
            .header("accept", "text/event-stream")
            .send()
            .await
        else {
            return;
        };
        ready.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut stream = res.bytes_stream();
        let mut buf = String::new();
        while let Some(Ok(chunk)) = stream.next().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buf.find("\n\n") {
                let block: String = buf.drain(..end + 2).collect();
                if let Some(id) = block
                    .lines()
                    .find_map(|l| l.strip_prefix("id:"))
                    .and_then(|v| v.trim().parse().ok())
                {
                    receipts.lock().unwrap().push((id, Instant::now()));
                }
            }
        }
    })
}

async fn round(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    id: i64,
    viewers: usize,
    pid: u32,
) -> (Duration, Duration, f64) {
    let last: serde_json::Value = client
        .get(format!("{base}/api/v1/interviews/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let after = last["last_event_id"].as_i64().unwrap();
    let url = format!("{base}/api/v1/interviews/{id}/events?after={after}");
    let before = rss_kb(pid);
    let receipts: Receipts = Arc::new(Mutex::new(Vec::new()));
    let ready = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handles: Vec<_> = (0..viewers)
        .map(|_| viewer(client.clone(), url.clone(), receipts.clone(), ready.clone()))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while ready.load(std::sync::atomic::Ordering::Relaxed) < viewers && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let per_viewer_kb = (rss_kb(pid).saturating_sub(before)) as f64 / viewers as f64;

    let mut sent: HashMap<i32, Instant> = HashMap::new();
    for n in 0..MESSAGES {
        let at = Instant::now();
        let e: serde_json::Value = client
            .post(format!("{base}/api/v1/interviews/{id}/messages"))
            .header("cookie", cookie)
            .header("origin", base.to_string())
            .json(&serde_json::json!({"speaker": "主持人", "body": format!("第 {n} 条消息")}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        sent.insert(e["id"].as_i64().unwrap() as i32, at);
    }
    let expected = viewers * MESSAGES;
    let deadline = Instant::now() + Duration::from_secs(60);
    while receipts.lock().unwrap().len() < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut lat: Vec<Duration> = receipts
        .lock()
        .unwrap()
        .iter()
        .filter_map(|(id, at)| sent.get(id).map(|s| at.saturating_duration_since(*s)))
        .collect();
    for h in handles {
        h.abort();
    }
    lat.sort();
    let got = lat.len();
    if got < expected {
        println!("  ({got} of {expected} deliveries arrived within the wait)");
    }
    let n = lat.len().max(1);
    (
        lat.get(n / 2).copied().unwrap_or_default(),
        lat.get(n * 99 / 100).copied().unwrap_or_default(),
        per_viewer_kb,
    )
}

pub async fn run() {
    let viewers: usize = std::env::var("GONGKAI_BENCH_VIEWERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let db = super::BenchDb::new("live").await;
    let server = start_server(&db.url);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    wait_up(&client, &server.base).await;
    let (cookie, id) = live_interview(&client, &server.base).await;
    let pid = server.child.id();
    println!(
        "== 在线访谈 event stream (one `gongkai serve`, {}; {MESSAGES} host messages) ==",
        db.backend
    );
    let (b50, b99, _) = round(&client, &server.base, &cookie, id, 1, pid).await;
    println!(
        "1 viewer (baseline)        delivery p50 {:>8.2} ms   p99 {:>8.2} ms",
        ms(b50),
        ms(b99)
    );
    let (p50, p99, kb) = round(&client, &server.base, &cookie, id, viewers, pid).await;
    println!(
        "{viewers} viewers{:<10} delivery p50 {:>8.2} ms   p99 {:>8.2} ms",
        "",
        ms(p50),
        ms(p99)
    );
    println!(
        "ratio to one viewer: p50 {:.1}x, p99 {:.1}x;  server memory per viewer {:.1} KB (RSS growth / viewers)",
        p50.as_secs_f64() / b50.as_secs_f64().max(1e-6),
        p99.as_secs_f64() / b99.as_secs_f64().max(1e-6),
        kb
    );
    drop(server);
    db.remove().await;
}

//! 在线访谈: many event-stream viewers on one `gongkai serve` process, a burst of host
//! messages, delivery latency against a single viewer, and the server's memory per viewer.
use super::load::ms;
use futures::StreamExt;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Host messages in the many-viewer round (viewers × messages deliveries are timed).
const MESSAGES: usize = 50;
/// Host messages to the single baseline viewer: enough deliveries for a p99.
const BASELINE_MESSAGES: usize = super::load::MIN_SAMPLES;

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

/// The host account the bench signs in as.
fn add_host(url: &str) {
    let ok = std::process::Command::new(server_bin())
        .args(["user", "add", "benchhost", "--role", "host"])
        .env("DATABASE_URL", url)
        .env("GONGKAI_PASSWORD", "bench-password-1")
        .env("RUST_LOG", "warn")
        .status()
        .expect("run gongkai user add");
    assert!(ok.success());
}

fn server_bin() -> String {
    std::env::var("GONGKAI_BIN").unwrap_or_else(|_| "target/release/gongkai".into())
}

fn start_server(url: &str) -> Server {
    let bin = server_bin();
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
    // The bench's interview goes live at once, outside the usual preview window: the
    // reason is recorded as a host would. A refused step fails the bench here rather than
    // leaving it to time an interview that never went live.
    for s in ["preview", "collecting", "preparing", "rehearsal", "live"] {
        client
            .post(format!("{base}/api/v1/interviews/{id}/stage"))
            .header("cookie", &cookie)
            .header("origin", base.to_string())
            .json(&serde_json::json!({"stage": s, "override_reason": "压力测试：临时安排的直播"}))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap_or_else(|e| panic!("moving the bench interview to {s}: {e}"));
    }
    (cookie, id)
}

/// (viewer, event id, when it arrived).
type Receipts = Arc<Mutex<Vec<(usize, i32, Instant)>>>;

/// How the viewers' connections went.
#[derive(Default)]
struct Connections {
    connected: AtomicUsize,
    refused: AtomicUsize,
    /// The first refusal, to name in the failure.
    first_error: Mutex<Option<String>>,
}

impl Connections {
    fn refuse(&self, why: String) {
        self.refused.fetch_add(1, Ordering::Relaxed);
        self.first_error.lock().unwrap().get_or_insert(why);
    }
}

/// One viewer, as a browser's EventSource: records when each numbered event arrives. Only
/// a `200 text/event-stream` answer counts as connected.
fn viewer(
    client: reqwest::Client,
    n: usize,
    url: String,
    receipts: Receipts,
    connections: Arc<Connections>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let res = match client
            .get(&url)
            .header("accept", "text/event-stream")
            .send()
            .await
        {
            Ok(res) => res,
            Err(e) => return connections.refuse(format!("{e}")),
        };
        let event_stream = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        if !res.status().is_success() || !event_stream {
            return connections.refuse(format!(
                "{} {:?}",
                res.status(),
                res.headers().get("content-type")
            ));
        }
        connections.connected.fetch_add(1, Ordering::Relaxed);
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
                    receipts.lock().unwrap().push((n, id, Instant::now()));
                }
            }
        }
    })
}

/// A round's figures over every intended delivery (viewers × messages).
struct Round {
    p50: Duration,
    p99: Duration,
    samples: usize,
    missing: usize,
    per_viewer_kb: f64,
}

/// How long a delivery may take before it counts as missing.
const DELIVERY_WAIT: Duration = Duration::from_secs(60);

/// Viewer `n` watches on instance `n % servers.len()`; the host posts to the first.
async fn round(
    client: &reqwest::Client,
    servers: &[Server],
    cookie: &str,
    id: i64,
    viewers: usize,
    messages: usize,
) -> Round {
    let base = servers[0].base.as_str();
    let rss = || servers.iter().map(|s| rss_kb(s.child.id())).sum::<u64>();
    let last: serde_json::Value = client
        .get(format!("{base}/api/v1/interviews/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let after = last["last_event_id"].as_i64().unwrap();
    let urls: Vec<String> = servers
        .iter()
        .map(|s| format!("{}/api/v1/interviews/{id}/events?after={after}", s.base))
        .collect();
    let before = rss();
    let receipts: Receipts = Arc::new(Mutex::new(Vec::new()));
    let connections = Arc::new(Connections::default());
    // Viewers ask as a browser's EventSource does (Accept-Encoding included).
    let browser = super::load::browser_client(0);
    let handles: Vec<_> = (0..viewers)
        .map(|n| {
            viewer(
                browser.clone(),
                n,
                urls[n % urls.len()].clone(),
                receipts.clone(),
                connections.clone(),
            )
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    let settled = || {
        connections.connected.load(Ordering::Relaxed) + connections.refused.load(Ordering::Relaxed)
    };
    while settled() < viewers && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let connected = connections.connected.load(Ordering::Relaxed);
    assert_eq!(
        connected,
        viewers,
        "only {connected} of {viewers} viewers connected ({} refused, first: {:?}); \
         the figures would describe fewer viewers than asked",
        connections.refused.load(Ordering::Relaxed),
        connections.first_error.lock().unwrap()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let per_viewer_kb = (rss().saturating_sub(before)) as f64 / connected as f64;

    let mut sent: HashMap<i32, Instant> = HashMap::new();
    for n in 0..messages {
        let at = Instant::now();
        let res = client
            .post(format!("{base}/api/v1/interviews/{id}/messages"))
            .header("cookie", cookie)
            .header("origin", base.to_string())
            .json(&serde_json::json!({"speaker": "主持人", "body": format!("第 {n} 条消息")}))
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_success(),
            "a host message: {}",
            res.status()
        );
        let e: serde_json::Value = res.json().await.unwrap();
        sent.insert(e["id"].as_i64().unwrap() as i32, at);
    }
    let expected = connected * messages;
    let deadline = Instant::now() + DELIVERY_WAIT;
    while receipts.lock().unwrap().len() < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for h in handles {
        h.abort();
    }
    // The first arrival of each (viewer, event) sent in this round; any other is missing
    // and counts with the whole wait, so it can only raise the percentiles.
    let mut first: HashMap<(usize, i32), Duration> = HashMap::new();
    for (viewer, event, at) in receipts.lock().unwrap().iter() {
        if let Some(s) = sent.get(event) {
            first
                .entry((*viewer, *event))
                .or_insert_with(|| at.saturating_duration_since(*s));
        }
    }
    let missing = expected - first.len();
    let mut lat: Vec<Duration> = first.into_values().collect();
    lat.extend(std::iter::repeat_n(DELIVERY_WAIT, missing));
    lat.sort();
    assert!(
        lat.len() >= super::load::MIN_SAMPLES,
        "{} deliveries: a p99 needs at least {}",
        lat.len(),
        super::load::MIN_SAMPLES
    );
    let n = lat.len();
    Round {
        p50: lat[n / 2],
        p99: lat[n * 99 / 100],
        samples: n,
        missing,
        per_viewer_kb,
    }
}

/// One socket per viewer: lift the soft open-files limit to the hard one (the server child
/// inherits it), and refuse to start when even that cannot hold the viewers.
fn raise_open_files(viewers: usize) {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit write and read the one struct passed.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim), 0);
        lim.rlim_cur = lim.rlim_max;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &lim), 0);
    }
    let need = (viewers + 1_000) as u64;
    assert!(
        lim.rlim_cur >= need,
        "the open-files limit is {} but {viewers} viewers need about {need}: raise the hard \
         limit (ulimit -Hn) or ask for fewer (GONGKAI_BENCH_VIEWERS)",
        lim.rlim_cur
    );
}

pub async fn run() {
    let viewers: usize = std::env::var("GONGKAI_BENCH_VIEWERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let instances: usize = std::env::var("GONGKAI_BENCH_INSTANCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    assert!(
        instances == 1 || std::env::var_os("GONGKAI_BENCH_PG").is_some(),
        "several instances share a PostgreSQL database: set GONGKAI_BENCH_PG"
    );
    raise_open_files(viewers);
    let db = super::BenchDb::new("live").await;
    add_host(&db.url);
    // The host's and the setup's requests read JSON: no compression asked for.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    // One after another: the first seeds the fresh database before the next starts.
    let mut servers = Vec::new();
    for _ in 0..instances {
        let s = start_server(&db.url);
        wait_up(&client, &s.base).await;
        servers.push(s);
    }
    let (cookie, id) = live_interview(&client, &servers[0].base).await;
    let on = if instances == 1 {
        "one `gongkai serve`".to_string()
    } else {
        format!(
            "{instances} `gongkai serve` instances, viewers spread evenly, the host on the first"
        )
    };
    println!(
        "== 在线访谈 event stream ({on}, {}; every intended delivery timed, a missing one counted as {} s) ==",
        db.backend,
        DELIVERY_WAIT.as_secs()
    );
    let base = round(&client, &servers[..1], &cookie, id, 1, BASELINE_MESSAGES).await;
    println!(
        "1 viewer (baseline), {BASELINE_MESSAGES} messages   delivery p50 {:>8.2} ms   p99 {:>8.2} ms   (n={}, missing {})",
        ms(base.p50),
        ms(base.p99),
        base.samples,
        base.missing
    );
    let many = round(&client, &servers, &cookie, id, viewers, MESSAGES).await;
    println!(
        "{viewers} viewers connected, {MESSAGES} messages   delivery p50 {:>8.2} ms   p99 {:>8.2} ms   (n={}, missing {})",
        ms(many.p50),
        ms(many.p99),
        many.samples,
        many.missing
    );
    println!(
        "ratio to one viewer: p50 {:.1}x, p99 {:.1}x;  server memory per connected viewer {:.1} KB (RSS growth of every instance / viewers)",
        many.p50.as_secs_f64() / base.p50.as_secs_f64().max(1e-6),
        many.p99.as_secs_f64() / base.p99.as_secs_f64().max(1e-6),
        many.per_viewer_kb
    );
    drop(servers);
    db.remove().await;
    assert_eq!(
        base.missing + many.missing,
        0,
        "deliveries went missing: the live stream lost events under load"
    );
}

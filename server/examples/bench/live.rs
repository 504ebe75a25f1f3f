//! 在线访谈: many event-stream viewers on one `gongkai serve` process (or several on
//! PostgreSQL), a burst of host messages, delivery latency against a single viewer, and the
//! servers' memory per viewer. The viewers run in processes of their own (`viewers.rs`).
use super::load::ms;
use super::viewers::mono_ns;
use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::ChildStdout;

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

/// A round's figures over every intended delivery (viewers × messages).
struct Round {
    p50: Duration,
    p99: Duration,
    samples: usize,
    missing: usize,
    /// Server memory growth per viewer, 0.5 s after the last viewer joined…
    per_viewer_kb: f64,
    /// …and once settled, 3 s after.
    settled_kb: f64,
    /// Streams served on a connection opened for them (the event-stream listener); the
    /// rest reused a kept-alive connection and went through hyper.
    own_connection: usize,
}

/// How long a delivery may take before it counts as missing.
const DELIVERY_WAIT: Duration = Duration::from_secs(60);

/// The viewers of a round, in groups of their own processes (`viewers.rs`).
struct Groups(
    Vec<(
        tokio::process::Child,
        tokio::io::Lines<BufReader<ChildStdout>>,
    )>,
);

impl Groups {
    /// Viewer `n` watches on instance `n % urls.len()`; returns once every group's viewers
    /// have connected, failing if any was refused, with how many streams came on a
    /// connection of their own.
    async fn connect(viewers: usize, urls: &[String]) -> (Groups, usize) {
        let groups = viewers
            .div_ceil(super::viewers::PER_GROUP)
            .max(urls.len())
            .min(viewers);
        let exe = std::env::current_exe().unwrap();
        let mut spawned = Vec::new();
        for g in 0..groups {
            let mut child = tokio::process::Command::new(&exe)
                .arg("live-viewers")
                .args([viewers.to_string(), groups.to_string(), g.to_string()])
                .args(urls)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .kill_on_drop(true)
                .spawn()
                .expect("start a group of viewers");
            let lines = BufReader::new(child.stdout.take().unwrap()).lines();
            spawned.push((child, lines));
        }
        let (mut connected, mut refused, mut own, mut first) = (0, 0, 0, None);
        for (_, lines) in &mut spawned {
            let line = lines
                .next_line()
                .await
                .unwrap()
                .expect("a group's settled line");
            let mut w = line.splitn(5, ' ');
            assert_eq!(w.next(), Some("settled"), "{line}");
            connected += w.next().unwrap().parse::<usize>().unwrap();
            let r: usize = w.next().unwrap().parse().unwrap();
            own += w.next().unwrap().parse::<usize>().unwrap();
            if r > 0 && first.is_none() {
                first = w.next().map(str::to_string);
            }
            refused += r;
        }
        assert_eq!(
            connected, viewers,
            "only {connected} of {viewers} viewers connected ({refused} refused, first: {first:?}); \
             the figures would describe fewer viewers than asked"
        );
        (Groups(spawned), own)
    }

    /// Every arrival of the awaited events (viewer, event, monotonic ns), once each group's
    /// viewers have all of them or `until` has passed.
    async fn receipts(mut self, awaited: &[i32], until: u64) -> Vec<(usize, i32, u64)> {
        let ids: Vec<String> = awaited.iter().map(i32::to_string).collect();
        let line = format!("await {} {until}\n", ids.join(","));
        for (child, _) in &mut self.0 {
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(line.as_bytes()).await.unwrap();
        }
        let mut all = Vec::new();
        for (child, lines) in &mut self.0 {
            while let Some(line) = lines.next_line().await.unwrap() {
                if line == "done" {
                    break;
                }
                let mut w = line.split(' ').skip(1).map(|v| v.parse::<u64>().unwrap());
                let (v, e, at) = (w.next().unwrap(), w.next().unwrap(), w.next().unwrap());
                all.push((v as usize, e as i32, at));
            }
            assert!(
                child.wait().await.unwrap().success(),
                "a group of viewers failed"
            );
        }
        all
    }
}

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
    let (groups, own_connection) = Groups::connect(viewers, &urls).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let per_viewer = || (rss().saturating_sub(before)) as f64 / viewers as f64;
    let per_viewer_kb = per_viewer();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let settled_kb = per_viewer();

    let mut sent: HashMap<i32, u64> = HashMap::new();
    for n in 0..messages {
        let at = mono_ns();
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
    let expected = viewers * messages;
    let awaited: Vec<i32> = sent.keys().copied().collect();
    let until = mono_ns() + DELIVERY_WAIT.as_nanos() as u64;
    let receipts = groups.receipts(&awaited, until).await;
    // The first arrival of each (viewer, event) sent in this round; any other is missing
    // and counts with the whole wait, so it can only raise the percentiles.
    let mut first: HashMap<(usize, i32), Duration> = HashMap::new();
    for (viewer, event, at) in receipts {
        if let Some(s) = sent.get(&event) {
            first
                .entry((viewer, event))
                .or_insert_with(|| Duration::from_nanos(at.saturating_sub(*s)));
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
        settled_kb,
        own_connection,
    }
}

/// One socket per viewer: lift the soft open-files limit to the hard one (the server and
/// viewer processes started from here inherit it), and refuse to start when even that
/// cannot hold `viewers` sockets in one process.
pub fn raise_open_files(viewers: usize) {
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
    // Each instance holds its share of the viewers; the viewers' own sockets are in
    // processes of their own.
    raise_open_files(viewers.div_ceil(instances));
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
        "ratio to one viewer: p50 {:.1}x, p99 {:.1}x;  server memory per connected viewer {:.1} KB 0.5 s after the last joined, {:.1} KB 3 s after (RSS growth of every instance / viewers)",
        many.p50.as_secs_f64() / base.p50.as_secs_f64().max(1e-6),
        many.p99.as_secs_f64() / base.p99.as_secs_f64().max(1e-6),
        many.per_viewer_kb,
        many.settled_kb
    );
    println!(
        "streams on a connection of their own (the event-stream listener): {} of {viewers}; on a reused kept-alive connection (hyper): {}{}",
        many.own_connection,
        viewers - many.own_connection,
        if std::env::var_os("GONGKAI_BENCH_REUSE").is_some() {
            " (GONGKAI_BENCH_REUSE: each viewer fetched the interview first)"
        } else {
            ""
        }
    );
    drop(servers);
    db.remove().await;
    assert_eq!(
        base.missing + many.missing,
        0,
        "deliveries went missing: the live stream lost events under load"
    );
}

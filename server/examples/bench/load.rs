//! A closed-loop load generator: C clients, each sending its share of N requests.
//!
//! Honest by construction (issue #16): every client asks for compression as a browser does,
//! every URL is checked once before the clock starts to answer what the row claims to time
//! (never an empty page), and a percentile is printed only over at least [`MIN_SAMPLES`].
use std::time::{Duration, Instant};

/// Below this many samples a p99 is one or two slow requests: refuse to print it.
pub const MIN_SAMPLES: usize = 1_000;

/// What a browser sends: the server compresses for the bench as it does for visitors.
pub const BROWSER_ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// A client that asks for compression on every request (and never decodes: the time to
/// inflate belongs to the visitor, not the server).
pub fn browser_client(idle_per_host: usize) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_ENCODING,
        reqwest::header::HeaderValue::from_static(BROWSER_ACCEPT_ENCODING),
    );
    reqwest::Client::builder()
        .pool_max_idle_per_host(idle_per_host)
        .default_headers(headers)
        .build()
        .unwrap()
}

/// What a timed URL must answer, checked on an uncompressed copy before timing.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// The trivial route: any successful answer.
    Anything,
    /// A JSON list: `items` holds at least one row.
    Items,
    /// A page: the text appears in it (a title from the data, not the page's furniture).
    Text(&'static str),
}

impl Expect {
    fn check(self, url: &str, body: &str) {
        let ok = match self {
            Expect::Anything => !body.is_empty(),
            Expect::Items => serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v["items"].as_array().map(|a| !a.is_empty()))
                .unwrap_or(false),
            Expect::Text(t) => body.contains(t),
        };
        assert!(
            ok,
            "{url} answers an empty page ({self:?} not met): the row would time nothing. \
             First 300 bytes: {}",
            body.chars().take(300).collect::<String>()
        );
    }
}

pub struct Figures {
    pub rps: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub samples: usize,
    /// What the timed requests cost this process (the server and its clients), per request.
    pub cost: Option<Cost>,
}

/// CPU time and thread switches per request over a timed run, from `getrusage` of the whole
/// process: the server and the load it is under. Against the trivial route's, the
/// difference is what a page itself costs; many switches mean rows handed one by one
/// between threads (sqlx runs each SQLite connection on a thread of its own).
#[derive(Clone, Copy)]
pub struct Cost {
    pub cpu: Duration,
    pub switches: f64,
}

/// The process's CPU time and thread switches so far.
pub fn usage() -> (Duration, u64) {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) }, 0);
    let t = |v: libc::timeval| Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1_000);
    (
        t(u.ru_utime) + t(u.ru_stime),
        (u.ru_nvcsw + u.ru_nivcsw) as u64,
    )
}

impl Cost {
    /// The cost of `requests` since `before` (a [`usage`]).
    pub fn since(before: (Duration, u64), requests: usize) -> Cost {
        let (cpu, switches) = usage();
        let n = requests.max(1) as f64;
        Cost {
            cpu: (cpu - before.0).div_f64(n),
            switches: switches.saturating_sub(before.1) as f64 / n,
        }
    }
}

impl Figures {
    /// Panics below [`MIN_SAMPLES`]: a percentile from a few hundred samples overstates.
    pub fn from_latencies(mut all: Vec<Duration>, elapsed: Duration) -> Figures {
        assert!(
            all.len() >= MIN_SAMPLES,
            "{} samples: a p99 needs at least {MIN_SAMPLES}",
            all.len()
        );
        all.sort();
        let n = all.len();
        Figures {
            rps: n as f64 / elapsed.as_secs_f64(),
            p50: all[n / 2],
            p99: all[n * 99 / 100],
            samples: n,
            cost: None,
        }
    }

    pub fn print(&self, name: &str) {
        println!(
            "{name:<40} {:>9.0} req/s   p50 {:>8.2} ms   p99 {:>8.2} ms   (n={})",
            self.rps,
            ms(self.p50),
            ms(self.p99),
            self.samples
        );
        if let Some(c) = self.cost {
            println!(
                "{:<40} cpu {:>6.3} ms/req   {:>6.1} thread switches/req   (server and clients)",
                "",
                ms(c.cpu),
                c.switches
            );
        }
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// GETs `urls` round-robin: `requests` in all (at least [`MIN_SAMPLES`]) from `concurrency`
/// clients, after checking each URL against `expect` and a warm-up. Every timed answer must
/// succeed and carry a body.
pub async fn get(
    client: &reqwest::Client,
    urls: &[String],
    expect: Expect,
    concurrency: usize,
    requests: usize,
) -> Figures {
    let plain = reqwest::Client::new();
    for url in urls {
        let res = plain.get(url).send().await.unwrap();
        let status = res.status();
        let body = res.text().await.unwrap();
        assert!(
            status.is_success(),
            "{url}: {status}: {}",
            body.chars().take(300).collect::<String>()
        );
        expect.check(url, &body);
    }
    for u in urls.iter().cycle().take(concurrency.max(20)) {
        client.get(u).send().await.unwrap().bytes().await.unwrap();
    }
    let requests = requests.max(MIN_SAMPLES);
    let per_task = requests.div_ceil(concurrency);
    let before = usage();
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|t| {
            let client = client.clone();
            let urls = urls.to_vec();
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(per_task);
                for i in 0..per_task {
                    let url = &urls[(t * per_task + i) % urls.len()];
                    let at = Instant::now();
                    let res = client.get(url).send().await.unwrap();
                    assert!(res.status().is_success(), "{url}: {}", res.status());
                    let body = res.bytes().await.unwrap();
                    assert!(!body.is_empty(), "{url}: an empty body");
                    lat.push(at.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    let cost = Cost::since(before, all.len());
    Figures {
        cost: Some(cost),
        ..Figures::from_latencies(all, elapsed)
    }
}

/// Pages 2 to at most 10 of a JSON list at `url` (which has a query string already): only
/// pages the list fills, so none is timed empty.
pub async fn later_pages(url: &str) -> Vec<String> {
    let first: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    let total = first["total"].as_u64().unwrap();
    let per_page = first["per_page"].as_u64().unwrap();
    let last = (total / per_page).clamp(2, 10);
    (2..=last).map(|p| format!("{url}&page={p}")).collect()
}

/// The same pages as [`later_pages`], each asked for by the `next` cursor of the page
/// before it (a seek) rather than by number.
pub async fn later_cursor_pages(url: &str) -> Vec<String> {
    let numbered = later_pages(url).await;
    let mut urls = Vec::new();
    let mut at = url.to_string();
    for _ in &numbered {
        let page: serde_json::Value = reqwest::get(&at).await.unwrap().json().await.unwrap();
        let Some(next) = page["next"].as_str() else {
            break;
        };
        at = format!("{url}&after={next}");
        urls.push(at.clone());
    }
    urls
}

/// A deep page of the JSON list at `list` (no query string): page 2,500, or the last full
/// page of a smaller list (never one past the end), timed by number (an offset) and by the
/// `next` cursor of the page before it (keyset). (page, per_page, by number, by cursor).
pub async fn deep_page(
    client: &reqwest::Client,
    list: &str,
    concurrency: usize,
    requests: usize,
) -> (u64, u64, Figures, Figures) {
    let read = |url: String| async move {
        let v: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
        v
    };
    let first = read(list.to_string()).await;
    let per_page = first["per_page"].as_u64().unwrap();
    let page = (first["total"].as_u64().unwrap() / per_page).min(2_500);
    let before = read(format!("{list}?page={}", page - 1)).await;
    let cursor = before["next"].as_str().expect("a next cursor");
    let by_number = format!("{list}?page={page}");
    let by_cursor = format!("{list}?after={cursor}");
    let number = get(client, &[by_number], Expect::Items, concurrency, requests).await;
    let cursor = get(client, &[by_cursor], Expect::Items, concurrency, requests).await;
    (page, per_page, number, cursor)
}

/// Percent-encodes every byte (for query strings with Chinese words).
pub fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Prints each figure, then its throughput and p99 as ratios to the baseline's.
pub fn print_against(baseline: &Figures, rows: &[(&str, &Figures)]) {
    baseline.print("trivial route (baseline)");
    for (name, f) in rows {
        f.print(name);
    }
    for (name, f) in rows {
        println!(
            "ratio to baseline, {name}: throughput {:.2}x, p99 {:.1}x",
            f.rps / baseline.rps,
            f.p99.as_secs_f64() / baseline.p99.as_secs_f64()
        );
    }
    // Where the time goes: what each row costs beyond the trivial route behind the same
    // middleware (the stack and the clients).
    if let Some(b) = baseline.cost {
        for (name, f) in rows {
            if let Some(c) = f.cost {
                println!(
                    "beyond the baseline, {name}: cpu {:.3} ms/req, {:.1} thread switches/req",
                    ms(c.cpu.saturating_sub(b.cpu)),
                    c.switches - b.switches
                );
            }
        }
    }
}

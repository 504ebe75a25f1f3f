//! A closed-loop load generator: C clients, each sending its share of N requests.
use std::time::{Duration, Instant};

pub struct Figures {
    pub rps: f64,
    pub p50: Duration,
    pub p99: Duration,
}

impl Figures {
    pub fn from_latencies(mut all: Vec<Duration>, elapsed: Duration) -> Figures {
        all.sort();
        let n = all.len().max(1);
        Figures {
            rps: all.len() as f64 / elapsed.as_secs_f64(),
            p50: all.get(n / 2).copied().unwrap_or_default(),
            p99: all.get(n * 99 / 100).copied().unwrap_or_default(),
        }
    }

    pub fn print(&self, name: &str) {
        println!(
            "{name:<40} {:>9.0} req/s   p50 {:>8.2} ms   p99 {:>8.2} ms",
            self.rps,
            ms(self.p50),
            ms(self.p99)
        );
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// GETs `urls` round-robin: `requests` in all from `concurrency` clients, after a warm-up.
pub async fn get(
    client: &reqwest::Client,
    urls: &[String],
    concurrency: usize,
    requests: usize,
) -> Figures {
    for u in urls.iter().cycle().take(concurrency.max(20)) {
        client.get(u).send().await.unwrap().bytes().await.unwrap();
    }
    let started = Instant::now();
    let per_task = (requests / concurrency).max(1);
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
                    res.bytes().await.unwrap();
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
    Figures::from_latencies(all, started.elapsed())
}

/// Percent-encodes every byte (for query strings with Chinese words).
pub fn percent(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Prints each figure, then its p99 as a ratio to the baseline's.
pub fn print_against(baseline: &Figures, rows: &[(&str, &Figures)]) {
    baseline.print("trivial route (baseline)");
    for (name, f) in rows {
        f.print(name);
    }
    for (name, f) in rows {
        println!(
            "p99 ratio to baseline, {name}: {:.1}x",
            f.p99.as_secs_f64() / baseline.p99.as_secs_f64()
        );
    }
}

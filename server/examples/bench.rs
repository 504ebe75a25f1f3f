//! `make bench`: throughput and tail latency of the server-rendered home page against a
//! trivial in-memory route of the same server (the baseline, measured in the same run), and
//! the size of the wasm bundle. A benchmark that prints figures, not a test.
use axum::routing::get;
use std::io::Write;
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 16;
const WARMUP: usize = 200;
const REQUESTS: usize = 4_000;

struct Figures {
    rps: f64,
    p50: Duration,
    p99: Duration,
}

async fn load(client: &reqwest::Client, url: &str) -> Figures {
    for _ in 0..WARMUP {
        client.get(url).send().await.unwrap().bytes().await.unwrap();
    }
    let started = Instant::now();
    let per_task = REQUESTS / CONCURRENCY;
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, url) = (client.clone(), url.to_string());
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(per_task);
                for _ in 0..per_task {
                    let t = Instant::now();
                    let res = client.get(&url).send().await.unwrap();
                    assert!(res.status().is_success(), "{url}: {}", res.status());
                    res.bytes().await.unwrap();
                    lat.push(t.elapsed());
                }
                lat
            })
        })
        .collect();
    let mut all = Vec::with_capacity(REQUESTS);
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    all.sort();
    Figures {
        rps: all.len() as f64 / elapsed.as_secs_f64(),
        p50: all[all.len() / 2],
        p99: all[all.len() * 99 / 100],
    }
}

fn compressed_sizes(bytes: &[u8]) -> (usize, usize) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    let gz = gz.finish().unwrap().len();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes).unwrap();
    }
    (gz, br.len())
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("gongkai-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite:{}/bench.db?mode=rwc", dir.display());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = gongkai::startup::build_state(
        app::platform::Config::for_database(&url),
        gongkai::startup::leptos_options(addr),
    )
    .await
    .unwrap();
    // The baseline: the same middleware stack, no database and no rendering.
    let router = axum::Router::new()
        .route("/__bench/static", get(|| async { "ok" }))
        .merge(gongkai::startup::router(state));
    tokio::spawn(async move { gongkai::startup::serve(listener, router).await.unwrap() });

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    let base = load(&client, &format!("http://{addr}/__bench/static")).await;
    let home = load(&client, &format!("http://{addr}/")).await;

    println!("== HTTP ({REQUESTS} requests, {CONCURRENCY} concurrent, release build) ==");
    for (name, f) in [
        ("trivial route (baseline)", &base),
        ("home page (SSR)", &home),
    ] {
        println!(
            "{name:<26} {:>9.0} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms",
            f.rps,
            f.p50.as_secs_f64() * 1e3,
            f.p99.as_secs_f64() * 1e3
        );
    }
    println!(
        "home/baseline: throughput {:.2}x, p99 {:.2}x",
        home.rps / base.rps,
        home.p99.as_secs_f64() / base.p99.as_secs_f64()
    );

    let wasm = std::fs::read("target/site/pkg/gongkai.wasm").expect("run `make site` first");
    let (gz, br) = compressed_sizes(&wasm);
    println!("== wasm bundle target/site/pkg/gongkai.wasm ==");
    println!(
        "raw {:.1} KB   gzip {:.1} KB   brotli {:.1} KB",
        wasm.len() as f64 / 1024.0,
        gz as f64 / 1024.0,
        br as f64 / 1024.0
    );
    let _ = std::fs::remove_dir_all(&dir);
}

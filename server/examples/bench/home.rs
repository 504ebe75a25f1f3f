//! The server-rendered home page against a trivial route of the same server; wasm sizes.
use super::load;
use std::io::Write;

const CONCURRENCY: usize = 16;
const REQUESTS: usize = 4_000;

pub async fn run() {
    let db = super::BenchDb::new("home").await;
    let (base_url, _state) = super::spawn_in_process(&db.url).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    let base = load::get(
        &client,
        &[format!("{base_url}/__bench/static")],
        CONCURRENCY,
        REQUESTS,
    )
    .await;
    let home = load::get(&client, &[format!("{base_url}/")], CONCURRENCY, REQUESTS).await;
    println!(
        "== HTTP ({REQUESTS} requests, {CONCURRENCY} concurrent, {} build) ==",
        super::profile()
    );
    base.print("trivial route (baseline)");
    home.print("home page (SSR)");
    println!(
        "home/baseline: throughput {:.2}x, p99 {:.2}x",
        home.rps / base.rps,
        home.p99.as_secs_f64() / base.p99.as_secs_f64()
    );
    db.remove().await;
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

pub fn wasm_sizes() {
    let wasm = std::fs::read("target/site/pkg/gongkai.wasm").expect("run `make site` first");
    let (gz, br) = compressed_sizes(&wasm);
    println!("== wasm bundle target/site/pkg/gongkai.wasm ==");
    println!(
        "raw {:.1} KB   gzip {:.1} KB   brotli {:.1} KB",
        wasm.len() as f64 / 1024.0,
        gz as f64 / 1024.0,
        br as f64 / 1024.0
    );
}

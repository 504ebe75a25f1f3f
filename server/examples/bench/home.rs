//! The server-rendered home page against a trivial route of the same server; wasm sizes.
use super::load;

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

/// The bundle as `make site` left it (named by hash in `pkg/hash.txt`): raw, and the
/// `.br` and `.gz` files the server sends as they are.
pub fn wasm_sizes() {
    let pkg = std::path::Path::new("target/site/pkg");
    let hashes = std::fs::read_to_string(pkg.join("hash.txt")).expect("run `make site` first");
    let name = |kind: &str| {
        let hash = hashes
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{kind}: ")))
            .expect("hash.txt names the js and the wasm");
        pkg.join(format!("gongkai.{}.{kind}", hash.trim()))
    };
    let size = |p: &std::path::Path, ext: &str| {
        let mut os = p.as_os_str().to_owned();
        os.push(ext);
        std::fs::metadata(&os).map(|m| m.len()).unwrap_or(0) as f64 / 1024.0
    };
    let mut total = (0.0, 0.0, 0.0);
    for kind in ["js", "wasm"] {
        let p = name(kind);
        let (raw, gz, br) = (size(&p, ""), size(&p, ".gz"), size(&p, ".br"));
        println!("== bundle {} ==", p.display());
        println!("raw {raw:.1} KB   gzip {gz:.1} KB   brotli {br:.1} KB (precompressed, as sent)");
        total = (total.0 + raw, total.1 + gz, total.2 + br);
    }
    println!(
        "first download, js + wasm: raw {:.1} KB   gzip {:.1} KB   brotli {:.1} KB",
        total.0, total.1, total.2
    );
}

//! The public pages as an anonymous visitor gets them, against a trivial route of the same
//! server: on the demo data plus generated questions and documents, with the page cache on
//! (as served) and off (each page rendered), so the figures say where the time goes.
use super::load::{self, Expect, Figures};

const CONCURRENCY: usize = 16;
const REQUESTS: usize = 4_000;
/// Generated published rows beside the demo data.
const ROWS: u64 = 1_000;

/// (row name, path, what the page must show).
async fn public_pages(base: &str) -> Vec<(&'static str, String, Expect)> {
    let first_id = |path: String| async move {
        let v: serde_json::Value = reqwest::get(path).await.unwrap().json().await.unwrap();
        v["items"][0]["id"].as_i64().expect("a listed item")
    };
    let document = first_id(format!(
        "{base}/api/v1/documents?q={}",
        load::percent(super::corpus::RARE)
    ))
    .await;
    let interview = first_id(format!("{base}/api/v1/interviews")).await;
    vec![
        ("home page /", format!("{base}/"), Expect::Text("南川")),
        (
            "question list /questions",
            format!("{base}/questions"),
            Expect::Text("的问题（"),
        ),
        (
            "a question /questions/{tracking_no}",
            format!("{base}/questions/{}", super::questions::tracking_no(7)),
            Expect::Text("编号7。"),
        ),
        (
            "catalog /catalog",
            format!("{base}/catalog"),
            Expect::Text("工作的通知（第"),
        ),
        (
            "a document /catalog/documents/{id}",
            format!("{base}/catalog/documents/{document}"),
            Expect::Text("罕见病"),
        ),
        (
            "interview list /interviews",
            format!("{base}/interviews"),
            Expect::Text("访谈"),
        ),
        (
            "an interview /interviews/{id}",
            format!("{base}/interviews/{interview}"),
            Expect::Text("嘉宾"),
        ),
        (
            "search page /search?q=医保",
            format!("{base}/search?q={}", load::percent("医保")),
            Expect::Text("医保"),
        ),
    ]
}

async fn measure(base: &str, label: &str) {
    let client = load::browser_client(CONCURRENCY);
    let static_url = format!("{base}/__bench/static");
    let baseline = || {
        load::get(
            &client,
            std::slice::from_ref(&static_url),
            Expect::Anything,
            CONCURRENCY,
            REQUESTS,
        )
    };
    let before = baseline().await;
    let mut figures: Vec<(&str, Figures)> = Vec::new();
    for (name, url, expect) in public_pages(base).await {
        figures.push((
            name,
            load::get(&client, &[url], expect, CONCURRENCY, REQUESTS).await,
        ));
    }
    let after = baseline().await;
    println!("-- {label} --");
    // The baseline before and after the pages; ratios are to the faster of the two, so a
    // warming process never flatters the pages.
    before.print("(trivial route before the pages)");
    after.print("(trivial route after the pages)");
    let baseline = if after.rps > before.rps {
        after
    } else {
        before
    };
    let rows: Vec<(&str, &Figures)> = figures.iter().map(|(n, f)| (*n, f)).collect();
    load::print_against(&baseline, &rows);
}

pub async fn run() {
    let db = super::BenchDb::new("home").await;
    let (base, state) = super::spawn_in_process(&db.url, |_| {}).await;
    gongkai::demo::load(&state).await.unwrap();
    super::questions::fill(&state.db, ROWS).await;
    super::catalog::fill(&state.db, ROWS).await;
    let (uncached, _) = super::spawn_in_process(&db.url, |c| c.page_cache_bytes = 0).await;
    println!(
        "== public pages, anonymous, compressed ({REQUESTS} requests each, {CONCURRENCY} concurrent, {}, {} build) ==",
        db.backend,
        super::profile()
    );
    measure(&base, "page cache on (as served)").await;
    measure(&uncached, "page cache off (every page rendered)").await;
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

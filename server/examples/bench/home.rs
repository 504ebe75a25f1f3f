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

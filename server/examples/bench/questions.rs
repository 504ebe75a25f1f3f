//! 网络问政: submissions per second, then the public list and search at 1,000 questions and
//! at a large count, each next to the trivial route measured at the same moment.
use super::corpus;
use super::load::{self, Figures};
use app::entities::questions;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::Instant;

const CONCURRENCY: usize = 8;
/// Submitters at once in the crowd round.
const CROWD: usize = 64;

async fn login(client: &reqwest::Client, base: &str, state: &app::platform::AppState) -> String {
    use app::auth::types::{DisplayName, Password, Role, Username};
    app::auth::service::create_user(
        &state.db,
        &Username::parse("bench").unwrap(),
        &Password::parse("bench-password-1", None).unwrap(),
        &DisplayName::parse("压测用户").unwrap(),
        &[Role::Resident],
        &[],
    )
    .await
    .unwrap();
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "bench", "password": "bench-password-1"}))
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

/// Submitters posting in a loop, `concurrency` at a time, `n` in all.
async fn submissions(base: &str, cookie: &str, n: usize, concurrency: usize) -> Figures {
    let client = load::browser_client(concurrency);
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|t| {
            let (client, base, cookie) = (client.clone(), base.to_string(), cookie.to_string());
            tokio::spawn(async move {
                let mut lat = Vec::new();
                for i in 0..n / concurrency {
                    let at = Instant::now();
                    let res = client
                        .post(format!("{base}/api/v1/questions"))
                        .header("cookie", &cookie)
                        .header("origin", base.to_string())
                        .json(&serde_json::json!({
                            "kind": "suggestion",
                            "title": format!("关于医保报销流程的建议 {t}-{i}"),
                            "body": "建议简化城乡居民医保异地就医报销手续，推行网上备案，减少群众跑腿。",
                            "is_public": true
                        }))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
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

/// Adds published, answered questions (generated text, spread over the departments and
/// the last three years, in order of submission) until `target` of them exist, then
/// rebuilds the search index and tallies as `gongkai reindex` would.
/// The generated rows' tracking numbers are of a day long before the portal, so no real
/// submission's number can meet them; up to 9,999,999 rows fit its seven digits.
const GENERATED_DAY: &str = "Q19990101-";

/// Row `n`'s tracking number: a valid one, so its page opens like any other.
pub fn tracking_no(n: u64) -> String {
    format!("{GENERATED_DAY}{n:07}")
}

/// Returns the departments the questions are spread over.
pub async fn fill(db: &sea_orm::DatabaseConnection, target: u64) -> Vec<i32> {
    use sea_orm::{ActiveValue::Set, TransactionTrait};
    let depts: Vec<i32> = app::entities::departments::Entity::find()
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    // Only the rows made here: submissions and demo data keep their own numbers, so row `n`
    // always has the same number and text whatever else the table holds.
    let have = questions::Entity::find()
        .filter(questions::Column::TrackingNo.starts_with(GENERATED_DAY))
        .count(db)
        .await
        .unwrap();
    let kinds = ["opinion", "suggestion", "help", "complaint"];
    let start = chrono::Utc::now() - chrono::Duration::days(3 * 365);
    let step = chrono::Duration::milliseconds((3 * 365 * 86_400_000 / target.max(1)) as i64);
    let mut i = have;
    while i < target {
        let txn = db.begin().await.unwrap();
        let batch: Vec<_> = (i..(i + 500).min(target))
            .map(|n| {
                let (title, body) = corpus::question(n);
                let at = start + step * n as i32;
                questions::ActiveModel {
                    tracking_no: Set(tracking_no(n)),
                    kind: Set(kinds[corpus::pick(n, 1, 4)].into()),
                    title: Set(title),
                    body: Set(body),
                    status: Set("answered".into()),
                    is_public: Set(true),
                    published: Set(true),
                    published_at: Set(Some(at)),
                    department_id: Set(Some(depts[corpus::pick(n, 2, depts.len())])),
                    submitted_at: Set(at),
                    accepted_at: Set(Some(at)),
                    due_date: Set(Some(at.date_naive())),
                    extended: Set(false),
                    answer_body: Set(Some("已转相关部门办理，现答复如下：……".into())),
                    answered_at: Set(Some(at)),
                    overdue: Set("none".into()),
                    ..Default::default()
                }
            })
            .collect();
        i += batch.len() as u64;
        questions::Entity::insert_many(batch)
            .exec_without_returning(&txn)
            .await
            .unwrap();
        txn.commit().await.unwrap();
    }
    let at = Instant::now();
    let txn = db.begin().await.unwrap();
    app::questions::service::derived::rebuild(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
    println!(
        "(rebuilt the search index and tallies of {target} questions in {:.1} s)",
        at.elapsed().as_secs_f64()
    );
    depts
}

async fn measure(client: &reqwest::Client, base: &str, departments: &[i32], label: &str) {
    use load::Expect::{Anything, Items};
    let requests = load::MIN_SAMPLES;
    let baseline = load::get(
        client,
        &[format!("{base}/__bench/static")],
        Anything,
        CONCURRENCY,
        requests,
    )
    .await;
    let pages: Vec<String> = (1..=20)
        .map(|p| format!("{base}/api/v1/questions?page={p}"))
        .collect();
    let list = load::get(client, &pages, Items, CONCURRENCY, requests).await;
    let (deep_page, per_page, deep, deep_cursor) = load::deep_page(
        client,
        &format!("{base}/api/v1/questions"),
        CONCURRENCY,
        requests,
    )
    .await;
    let by_dept: Vec<String> = departments
        .iter()
        .map(|d| format!("{base}/api/v1/questions?department_id={d}&kind=complaint"))
        .collect();
    let filtered = load::get(client, &by_dept, Items, CONCURRENCY, requests).await;
    let q = |w: &str| format!("{base}/api/v1/questions?q={}", load::percent(w));
    let search = load::get(client, &[q("医保")], Items, CONCURRENCY, requests).await;
    let search_page = load::get(
        client,
        &load::later_pages(&q("养老")).await,
        Items,
        CONCURRENCY,
        requests,
    )
    .await;
    let two = load::get(client, &[q("医保 报销")], Items, CONCURRENCY, requests).await;
    let rare = load::get(client, &[q(corpus::RARE)], Items, CONCURRENCY, requests).await;
    println!("-- {label} --");
    let deep_label = format!(
        "public list, page {deep_page} (offset {})",
        (deep_page - 1) * per_page
    );
    let deep_cursor_label = format!("public list, page {deep_page} by cursor (after=)");
    let rows = [
        ("public list, pages 1–20", &list),
        (deep_label.as_str(), &deep),
        (deep_cursor_label.as_str(), &deep_cursor),
        ("list by department and kind", &filtered),
        ("search 医保 (1 in 24 rows)", &search),
        (
            "search 养老, pages 2–10 (as many as it fills)",
            &search_page,
        ),
        ("search 医保 报销 (two words)", &two),
        ("search 罕见 (1 in 10,000 rows)", &rare),
    ];
    load::print_against(&baseline, &rows);
}

pub async fn run() {
    let large: u64 = std::env::var("GONGKAI_BENCH_QUESTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let db = super::BenchDb::new("questions").await;
    let (base, state) = super::spawn_in_process(&db.url, |_| {}).await;
    let client = load::browser_client(CONCURRENCY);
    let cookie = login(&client, &base, &state).await;
    println!(
        "== 网络问政 ({}, {} build) ==",
        db.backend,
        super::profile()
    );
    // As a few clients send them, then as many residents at once: concurrent submissions are
    // committed together, so the second shows what batching gives under a crowd.
    for concurrency in [CONCURRENCY, CROWD] {
        let subs = submissions(&base, &cookie, 4 * load::MIN_SAMPLES, concurrency).await;
        println!(
            "submissions: {:.0} per second (p99 {:.1} ms, {concurrency} concurrent, {} in all)",
            subs.rps,
            load::ms(subs.p99),
            4 * load::MIN_SAMPLES
        );
    }
    let departments = fill(&state.db, 1_000).await;
    measure(&client, &base, &departments, "1,000 published questions").await;
    let at = Instant::now();
    fill(&state.db, large).await;
    println!(
        "(generated {large} questions in {:.1} s)",
        at.elapsed().as_secs_f64()
    );
    measure(
        &client,
        &base,
        &departments,
        &format!("{large} published questions"),
    )
    .await;
    db.remove().await;
}

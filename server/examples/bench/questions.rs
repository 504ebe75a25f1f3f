//! 网络问政: submissions per second, then the public list and search at 1,000 questions and
//! at a large count, each next to the trivial route measured at the same moment.
use super::load::{self, Figures};
use app::entities::questions;
use sea_orm::{ConnectionTrait, EntityTrait, Iterable, PaginatorTrait};
use std::time::Instant;

const CONCURRENCY: usize = 8;

async fn login(client: &reqwest::Client, base: &str, state: &app::platform::AppState) -> String {
    use app::auth::types::{DisplayName, Password, Role, Username};
    app::auth::service::create_user(
        &state.db,
        &Username::parse("bench").unwrap(),
        &Password::parse("bench-password-1", None).unwrap(),
        &DisplayName::parse("压测用户").unwrap(),
        &[Role::Resident],
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

async fn submissions(client: &reqwest::Client, base: &str, cookie: &str, n: usize) -> Figures {
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|t| {
            let (client, base, cookie) = (client.clone(), base.to_string(), cookie.to_string());
            tokio::spawn(async move {
                let mut lat = Vec::new();
                for i in 0..n / CONCURRENCY {
                    let at = Instant::now();
                    let res = client
                        .post(format!("{base}/api/v1/questions"))
                        .header("cookie", &cookie)
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

/// Publishes every question, then doubles the table with SQL until it holds at least
/// `target` rows: fast, and every copy keeps the stored encodings of the originals.
async fn grow(db: &sea_orm::DatabaseConnection, target: u64) {
    let cols: Vec<String> = questions::Column::iter()
        .map(|c| sea_orm::IdenStatic::as_str(&c).to_string())
        .filter(|c| c != "id" && c != "tracking_no")
        .collect();
    let list = cols.join(", ");
    db.execute_unprepared("UPDATE questions SET published = true, status = 'answered', answer_body = '已转相关部门办理。', is_public = true")
        .await
        .unwrap();
    loop {
        let n = questions::Entity::find().count(db).await.unwrap();
        if n >= target {
            break;
        }
        let limit = target - n;
        db.execute_unprepared(&format!(
            "INSERT INTO questions (tracking_no, {list}) \
             SELECT tracking_no || '-{n}', {list} FROM questions ORDER BY id LIMIT {limit}"
        ))
        .await
        .unwrap();
    }
}

async fn measure(client: &reqwest::Client, base: &str, label: &str) {
    let requests = 400;
    let baseline = load::get(
        client,
        &[format!("{base}/__bench/static")],
        CONCURRENCY,
        requests,
    )
    .await;
    let pages: Vec<String> = (1..=20)
        .map(|p| format!("{base}/api/v1/questions?page={p}"))
        .collect();
    let list = load::get(client, &pages, CONCURRENCY, requests).await;
    let search = load::get(
        client,
        &[format!("{base}/api/v1/questions?q=%E5%8C%BB%E4%BF%9D")],
        CONCURRENCY,
        requests / 4,
    )
    .await;
    println!("-- {label} --");
    baseline.print("trivial route (baseline)");
    list.print("public list, pages 1–20");
    search.print("search 医保");
    println!(
        "p99 ratio to baseline: list {:.1}x, search {:.1}x",
        list.p99.as_secs_f64() / baseline.p99.as_secs_f64(),
        search.p99.as_secs_f64() / baseline.p99.as_secs_f64()
    );
}

pub async fn run() {
    let large: u64 = std::env::var("GONGKAI_BENCH_QUESTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let (dir, url) = super::temp_db("questions");
    let (base, state) = super::spawn_in_process(&url).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .unwrap();
    let cookie = login(&client, &base, &state).await;
    println!("== 网络问政 (SQLite, {} build) ==", super::profile());
    let subs = submissions(&client, &base, &cookie, 400).await;
    println!(
        "submissions: {:.0} per second (p99 {:.1} ms, {CONCURRENCY} concurrent)",
        subs.rps,
        load::ms(subs.p99)
    );
    grow(&state.db, 1_000).await;
    measure(&client, &base, "1,000 published questions").await;
    let at = Instant::now();
    grow(&state.db, large).await;
    println!(
        "(generated {large} questions in {:.1} s)",
        at.elapsed().as_secs_f64()
    );
    measure(&client, &base, &format!("{large} published questions")).await;
    let _ = std::fs::remove_dir_all(dir);
}

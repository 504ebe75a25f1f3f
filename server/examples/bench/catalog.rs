//! 政府信息公开目录: browse and search p99 at 1,000 and at a large number of published
//! documents (`GONGKAI_BENCH_DOCUMENTS`, default 200,000), each next to the trivial route
//! measured at the same moment.
use super::corpus;
use super::load;
use app::entities::{catalog_columns, departments, documents, subject_categories};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};
use std::time::Instant;

const CONCURRENCY: usize = 8;

/// Adds published documents (generated text, spread over the columns, publishers and the
/// last five years) until the table holds `target`, then rebuilds the search index and the
/// tallies as `gongkai reindex` would.
/// Column slugs, publishing bodies and 主题分类 the rows were spread over.
pub type Keys = (Vec<String>, Vec<i32>, Vec<String>);

pub async fn fill(db: &sea_orm::DatabaseConnection, target: u64) -> Keys {
    let columns: Vec<(i32, String)> = catalog_columns::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.slug))
        .collect();
    let subjects: Vec<String> = subject_categories::Entity::find()
        .filter(subject_categories::Column::Active.eq(true))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    let publishers: Vec<i32> = departments::Entity::find()
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    // Only the rows made here (`BENCH/…`), whatever else the catalog holds.
    let have = documents::Entity::find()
        .filter(documents::Column::IndexNo.starts_with("BENCH/"))
        .count(db)
        .await
        .unwrap();
    let first = chrono::Utc::now().date_naive() - chrono::Duration::days(5 * 365);
    let mut i = have;
    while i < target {
        let txn = db.begin().await.unwrap();
        let batch: Vec<_> = (i..(i + 200).min(target))
            .map(|n| {
                let (title, body) = corpus::document(n);
                let day = first + chrono::Duration::days((n * 5 * 365 / target.max(1)) as i64);
                let now = chrono::Utc::now();
                documents::ActiveModel {
                    index_no: Set(format!("BENCH/{n:09}")),
                    column_id: Set(columns[(n as usize) % columns.len()].0),
                    publisher_id: Set(publishers[(n as usize) % publishers.len()]),
                    title: Set(title),
                    body: Set(body),
                    subject: Set(subjects[corpus::pick(n, 11, subjects.len())].clone()),
                    keywords: Set(String::new()),
                    doc_no: Set(None),
                    written_on: Set(day),
                    published_on: Set(Some(day)),
                    pub_year: Set(Some(chrono::Datelike::year(&day))),
                    status: Set("published".into()),
                    validity: Set("valid".into()),
                    created_on: Set(day),
                    publish_lag: Set(Some(0)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
            })
            .collect();
        i += batch.len() as u64;
        documents::Entity::insert_many(batch)
            .exec_without_returning(&txn)
            .await
            .unwrap();
        txn.commit().await.unwrap();
    }
    let at = Instant::now();
    let txn = db.begin().await.unwrap();
    app::catalog::service::search::rebuild(&txn).await.unwrap();
    app::catalog::service::tallies::rebuild(&txn).await.unwrap();
    txn.commit().await.unwrap();
    // PostgreSQL's autovacuum would vacuum and analyze a bulk load like this within a
    // minute (inserts alone set it off since version 13); the bench measures the state it
    // leaves. Without statistics the planner scans every document for a browse by subject,
    // and until a vacuum marks the pages all-visible an index-only walk still reads the
    // table.
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("VACUUM ANALYZE").await.unwrap();
    }
    println!(
        "(rebuilt the search index and tallies of {target} documents in {:.1} s)",
        at.elapsed().as_secs_f64()
    );
    (
        columns.into_iter().map(|(_, slug)| slug).collect(),
        publishers,
        subjects,
    )
}

async fn measure(
    client: &reqwest::Client,
    base: &str,
    (columns, publishers, subjects): &Keys,
    label: &str,
) {
    use load::Expect::{Anything, Items, Text};
    let requests = load::MIN_SAMPLES;
    let baseline = load::get(
        client,
        &[format!("{base}/__bench/static")],
        Anything,
        CONCURRENCY,
        requests,
    )
    .await;
    let docs = format!("{base}/api/v1/documents");
    let pages: Vec<String> = (1..=20).map(|p| format!("{docs}?page={p}")).collect();
    let browse = load::get(client, &pages, Items, CONCURRENCY, requests).await;
    let (deep_page, _, deep, deep_cursor) =
        load::deep_page(client, &docs, CONCURRENCY, requests).await;
    let by_column: Vec<String> = columns
        .iter()
        .map(|c| format!("{docs}?column={c}&year=2025"))
        .collect();
    let column = load::get(client, &by_column, Items, CONCURRENCY, requests).await;
    let by_publisher: Vec<String> = publishers
        .iter()
        .map(|p| format!("{docs}?publisher={p}&year=2023"))
        .collect();
    let publisher = load::get(client, &by_publisher, Items, CONCURRENCY, requests).await;
    let by_subject: Vec<String> = subjects
        .iter()
        .map(|s| format!("{docs}?subject={}", load::percent(s)))
        .collect();
    let subject = load::get(client, &by_subject, Items, CONCURRENCY, requests).await;
    let q = |w: &str| format!("{docs}?q={}", load::percent(w));
    let search = load::get(client, &[q("医保")], Items, CONCURRENCY, requests).await;
    let pages2 = load::later_pages(&q("养老")).await;
    let search_pages = load::get(client, &pages2, Items, CONCURRENCY, requests).await;
    let cursors = load::later_cursor_pages(&q("养老")).await;
    let search_cursors = load::get(client, &cursors, Items, CONCURRENCY, requests).await;
    let two = load::get(client, &[q("医保 报销")], Items, CONCURRENCY, requests).await;
    let rare = load::get(client, &[q(corpus::RARE)], Items, CONCURRENCY, requests).await;
    let page = load::get(
        client,
        &[format!("{base}/catalog?q={}", load::percent("医保"))],
        Text("关于进一步做好"),
        CONCURRENCY,
        requests,
    )
    .await;
    println!("-- {label} --");
    let deep_label = format!("browse, page {deep_page} by number (offset)");
    let deep_cursor_label = format!("browse, page {deep_page} by cursor (after=)");
    let rows = [
        ("browse, pages 1–20", &browse),
        (deep_label.as_str(), &deep),
        (deep_cursor_label.as_str(), &deep_cursor),
        ("browse by column and year", &column),
        ("browse by publisher and year", &publisher),
        ("browse by subject", &subject),
        ("search 医保", &search),
        (
            "search 养老, pages 2–10 (as many as it fills)",
            &search_pages,
        ),
        (
            "search 养老, the same pages by cursor (after=)",
            &search_cursors,
        ),
        ("search 医保 报销 (two words)", &two),
        ("search 罕见 (1 in 10,000)", &rare),
        ("catalog page /catalog?q=医保 (SSR)", &page),
    ];
    load::print_against(&baseline, &rows);
}

pub async fn run() {
    let large: u64 = std::env::var("GONGKAI_BENCH_DOCUMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let db = super::BenchDb::new("catalog").await;
    let (base, state) = super::spawn_in_process(&db.url, |_| {}).await;
    let client = load::browser_client(CONCURRENCY);
    println!(
        "== 政府信息公开目录 ({}, {} build) ==",
        db.backend,
        super::profile()
    );
    let keys = fill(&state.db, 1_000).await;
    measure(&client, &base, &keys, "1,000 documents").await;
    let at = Instant::now();
    fill(&state.db, large).await;
    println!(
        "(generated {large} documents in {:.1} s)",
        at.elapsed().as_secs_f64()
    );
    measure(&client, &base, &keys, &format!("{large} documents")).await;
    db.remove().await;
}

//! The disclosure catalog's search over HTTP (Chinese bigrams, ranking, filters), on SQLite
//! or PostgreSQL.
mod common;

use app::auth::Role;
use common::catalog::{doc, first_department};
use common::{json, spawn_app};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn search_finds_two_character_words_in_bodies_ranked_title_first() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("sousuo", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let body_hit = json(
        ed.post(
            "/api/v1/documents",
            &doc(
                dept,
                "关于做好今冬明春工作的通知",
                "各单位要落实城乡居民医保参保缴费，<script>alert(1)</script>做好养老服务。",
            ),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let mut title = doc(dept, "医保政策问答", "详见正文。");
    title["published_on"] = json!("2026-03-03");
    let title_hit = json(
        ed.post("/api/v1/documents", &title).await,
        StatusCode::CREATED,
    )
    .await;
    json(
        ed.post(
            "/api/v1/documents",
            &doc(dept, "无关文件", "道路交通安全。"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    // A draft never shows up.
    let mut draft = doc(dept, "医保草稿", "医保");
    draft["published_on"] = Value::Null;
    json(
        ed.post("/api/v1/documents", &draft).await,
        StatusCode::CREATED,
    )
    .await;

    let mut anon = app.client();
    let res = json(
        anon.get("/api/v1/documents?q=%E5%8C%BB%E4%BF%9D").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(res["total"], 2, "{res}");
    let items = res["items"].as_array().unwrap();
    assert_eq!(items[0]["id"], title_hit["id"], "title hit first");
    assert_eq!(items[1]["id"], body_hit["id"]);
    let snippet = &items[1]["snippet"];
    assert!(snippet
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["mark"] == true && p["text"] == "医保"));

    let res = json(anon.get("/api/v1/documents?q=养老").await, StatusCode::OK).await;
    assert_eq!(res["total"], 1);
    // Several terms must all match; a short page still counts every hit.
    let res = json(
        anon.get("/api/v1/documents?q=居民医保").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(res["total"], 1, "{res}");
    assert_eq!(res["items"][0]["id"], body_hit["id"]);
    let res = json(
        anon.get("/api/v1/documents?q=医保&per_page=1").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(res["total"], 2);
    assert_eq!(res["items"].as_array().unwrap().len(), 1);
    let res = json(
        anon.get("/api/v1/documents?q=医保&per_page=1&page=2").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(res["items"][0]["id"], body_hit["id"]);
    // A single character matches wherever it occurs, titles first.
    let res = json(anon.get("/api/v1/documents?q=医").await, StatusCode::OK).await;
    assert_eq!(res["total"], 2, "{res}");
    assert_eq!(res["items"][0]["id"], title_hit["id"]);
    // Punctuation alone searches for nothing.
    let res = json(anon.get("/api/v1/documents?q=%25").await, StatusCode::OK).await;
    assert_eq!(res["total"], 0, "{res}");
    let doc = json(anon.get("/api/v1/openapi.json").await, StatusCode::OK).await;
    for path in [
        "/api/v1/documents",
        "/api/v1/documents/{id}/validity",
        "/api/v1/disclosure-requests/{tracking_no}/reply",
        "/api/v1/reports/annual/{year}",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    let res = json(
        anon.get("/api/v1/documents?q=养老&column=gggs").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(res["total"], 0);
    let res = json(
        anon.get("/api/v1/documents?year=2026&column=zfwj").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(res["total"], 3);
    assert_eq!(
        anon.get("/api/v1/documents?year=abc").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        anon.get("/api/v1/documents?per_page=500").await.status(),
        StatusCode::BAD_REQUEST
    );
}

/// Pages of a search walk the title tier, then the body tier: every match once, in order,
/// whichever page a tier ends on.
/// Five published documents that 养老 matches, three by their titles and two by their
/// bodies alone; their ids in the order a search lists them (title matches, then the
/// rest, each newest first).
async fn care_documents(ed: &mut common::Client<'_>, dept: i64) -> Vec<i64> {
    let mut ids = Vec::new();
    for (title, body) in [
        ("养老服务补贴通知", "详见正文。"),
        ("养老机构名单", "详见正文。"),
        ("养老护理培训", "详见正文。"),
        ("关于社区食堂的通知", "为居家养老老人提供助餐。"),
        ("关于高龄津贴的通知", "发放对象包括养老院入住老人。"),
    ] {
        let d = json(
            ed.post("/api/v1/documents", &doc(dept, title, body)).await,
            StatusCode::CREATED,
        )
        .await;
        ids.push(d["id"].as_i64().unwrap());
    }
    ids[..3].reverse();
    ids[3..].reverse();
    ids
}

/// `n` more published documents with 养老 in their titles (养老政策问答第0期, …).
async fn care_answers(ed: &mut common::Client<'_>, dept: i64, n: u32) {
    for i in 0..n {
        json(
            ed.post(
                "/api/v1/documents",
                &doc(dept, &format!("养老政策问答第{i}期"), "详见正文。"),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
}

/// The matches of 养老 (five of them, see [`care_documents`]) over three pages of two by
/// number, in order.
async fn care_pages_by_number(anon: &mut common::Client<'_>) -> Vec<i64> {
    let mut seen = Vec::new();
    for page in 1..=3 {
        let res = json(
            anon.get(&format!("/api/v1/documents?q=养老&per_page=2&page={page}"))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(res["total"], 5, "page {page}: {res}");
        seen.extend(item_ids(&res));
    }
    seen
}

/// The same matches, `per_page` a page, following each page's `next` cursor to the end.
async fn care_pages_by_cursor(anon: &mut common::Client<'_>, per_page: u32) -> Vec<i64> {
    let mut seen = Vec::new();
    let mut url = format!("/api/v1/documents?q=养老&per_page={per_page}");
    let mut page = 1;
    loop {
        let res = json(anon.get(&url).await, StatusCode::OK).await;
        assert_eq!(res["page"], page, "{url}: {res}");
        assert_eq!(res["total"], 5, "{url}: {res}");
        seen.extend(item_ids(&res));
        let Some(next) = res["next"].as_str() else {
            break;
        };
        url = format!("/api/v1/documents?q=养老&per_page={per_page}&after={next}");
        page += 1;
        assert!(
            page <= 3,
            "{per_page} a page: more pages than matches: {seen:?}"
        );
    }
    seen
}

/// The ids of a list answer's items, in order.
fn item_ids(res: &Value) -> Vec<i64> {
    res["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn search_pages_walk_both_tiers_without_gaps() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("fenye", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let expected = care_documents(&mut ed, dept).await;
    let mut anon = app.client();
    assert_eq!(care_pages_by_number(&mut anon).await, expected);
}

/// `next` leads through a search as page numbers do (title matches, then the rest, each
/// newest first), whether a page ends inside the title tier or exactly at its end; it is
/// what the page's 下一页 link carries, and a cursor no search wrote is refused.
#[tokio::test]
async fn search_cursors_walk_both_tiers_like_page_numbers() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("youbiao", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let expected = care_documents(&mut ed, dept).await;
    let mut anon = app.client();
    // Two a page: the second page crosses from the title tier into the rest. Three a
    // page: the first page ends exactly where the title tier does.
    for per_page in [2, 3] {
        let seen = care_pages_by_cursor(&mut anon, per_page).await;
        assert_eq!(seen, expected, "{per_page} a page");
    }

    // The catalog page shows 20 at a time: with 21 matches its 下一页 seeks too.
    care_answers(&mut ed, dept, 16).await;
    let first = json(anon.get("/api/v1/documents?q=养老").await, StatusCode::OK).await;
    let next = first["next"].as_str().expect("a next cursor").to_string();
    let html = anon
        .get("/catalog?q=%E5%85%BB%E8%80%81")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("after={next}")),
        "the 下一页 link carries {next}"
    );
    // A browse cursor's key is a day, not a tier.
    let res = anon
        .get("/api/v1/documents?q=养老&per_page=2&after=2.739000.5")
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

/// On PostgreSQL a title search walks only the newest titles (two thousand for a page), then
/// asks the index for matches below them. Here the newest 2,100 documents are drafts (half
/// of them titled with the word), so every published match is older than the walk: pages
/// by number and by cursor still list them all, once, newest first. On SQLite the same
/// search goes through FTS5 and must agree.
#[tokio::test]
async fn a_title_search_finds_matches_older_than_the_titles_it_walks() {
    use app::entities::documents;
    use app::fulltext::index::DOCUMENTS;
    use sea_orm::{ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, Set};
    let app = spawn_app().await;
    let mut ed = app.signed_in("jiulie", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let expected = care_documents(&mut ed, dept).await;
    let model = documents::Entity::find_by_id(expected[0] as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    for chunk in (1..=2_100).collect::<Vec<u32>>().chunks(300) {
        let drafts: Vec<documents::ActiveModel> = chunk
            .iter()
            .map(|i| {
                let mut d: documents::ActiveModel = model.clone().into();
                d.id = NotSet;
                d.index_no = Set(format!("DRAFT/{i:05}"));
                d.title = Set(if i % 2 == 0 {
                    format!("养老草稿第{i}号")
                } else {
                    format!("第{i}号草稿")
                });
                d.status = Set("draft".into());
                d.published_on = Set(None);
                d.pub_year = Set(None);
                d.publish_lag = Set(None);
                d
            })
            .collect();
        documents::Entity::insert_many(drafts)
            .exec_without_returning(&app.state.db)
            .await
            .unwrap();
    }
    let drafts = documents::Entity::find()
        .filter(documents::Column::Status.eq("draft"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(drafts.len(), 2_100);
    let newest_match = *expected.iter().max().unwrap() as i32;
    assert!(drafts.iter().all(|d| d.id > newest_match));
    for chunk in drafts.chunks(300) {
        let rows: Vec<(i32, &str, &str)> = chunk
            .iter()
            .map(|d| (d.id, d.title.as_str(), d.body.as_str()))
            .collect();
        DOCUMENTS.insert_many(&app.state.db, &rows).await.unwrap();
    }
    let mut anon = app.client();
    assert_eq!(care_pages_by_number(&mut anon).await, expected, "by number");
    assert_eq!(
        care_pages_by_cursor(&mut anon, 2).await,
        expected,
        "by cursor"
    );
}

/// A search counts its matches ten pages past the page shown, in hundreds, and says "more
/// than" beyond: a common word's count stays as cheap in a large catalog as in a small one.
/// The pager still leads on.
#[tokio::test]
async fn search_counts_as_far_as_the_pager_looks() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("jishu", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    care_answers(&mut ed, dept, 101).await;
    let mut anon = app.client();
    // One a page: eleven pages' worth, rounded up to 100, of the 101 matches.
    let one = json(
        anon.get("/api/v1/documents?q=养老&per_page=1").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one["total"], 100, "{one}");
    assert_eq!(one["total_capped"], true, "{one}");
    let next = one["next"].as_str().expect("a next cursor");
    let two = json(
        anon.get(&format!("/api/v1/documents?q=养老&per_page=1&after={next}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(two["page"], 2);
    assert_eq!(two["total_capped"], true, "{two}");
    assert_ne!(item_ids(&two), item_ids(&one));
    // Twenty a page: eleven pages are 220, counted to 300, so all 101 are counted.
    let all = json(anon.get("/api/v1/documents?q=养老").await, StatusCode::OK).await;
    assert_eq!(all["total"], 101, "{all}");
    // (`total_capped` is left out when false.)
    assert!(!all["total_capped"].as_bool().unwrap_or(false), "{all}");
    // The catalog page (twenty a page) says so in words.
    let html = anon
        .get("/catalog?q=%E5%85%BB%E8%80%81")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("共 101 条"), "the catalog page's count");
}

/// On PostgreSQL every connection plans with the actual values: a generic plan of a search
/// treats a rare word like a common one (700 ms instead of 14 ms in the bench).
#[tokio::test]
async fn postgres_connections_plan_searches_for_the_word_searched() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let app = spawn_app().await;
    let db = &app.state.db;
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let row = db
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SHOW plan_cache_mode",
        ))
        .await
        .unwrap()
        .unwrap();
    let mode: String = row.try_get_by_index(0).unwrap();
    assert_eq!(mode, "force_custom_plan");
}

/// On PostgreSQL a search walks the newest rows of its index and tests each one's terms,
/// or asks the GIN index when the planner knows the word is rare; both need the storage
/// and statistics migration 27 gives the terms (kept in the row, lz4 where the server has
/// it; ten thousand tracked terms per column) and the GIN indexes' short pending lists.
#[tokio::test]
async fn postgres_search_tables_keep_terms_in_the_row_and_track_rare_words() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let app = spawn_app().await;
    if app.state.db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    for table in ["document_search", "question_search"] {
        for (column, storage) in [("terms", "m"), ("title", "x")] {
            let row = app
                .state
                .db
                .query_one_raw(Statement::from_string(
                    DbBackend::Postgres,
                    format!(
                        "SELECT attstorage::text AS s, attstattarget::int AS t FROM pg_attribute \
                         WHERE attrelid = '{table}'::regclass AND attname = '{column}'"
                    ),
                ))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                row.try_get::<String>("", "s").unwrap(),
                storage,
                "{table}.{column}"
            );
            assert_eq!(
                row.try_get::<i32>("", "t").unwrap(),
                10_000,
                "{table}.{column}"
            );
            // Every search reads a GIN index's pending list: none for the catalog, a
            // short one for the questions.
            let index = format!("idx_{table}_{column}");
            let row = app
                .state
                .db
                .query_one_raw(Statement::from_string(
                    DbBackend::Postgres,
                    format!("SELECT reloptions::text AS o FROM pg_class WHERE relname = '{index}'"),
                ))
                .await
                .unwrap()
                .unwrap();
            let pending = match table {
                "document_search" => "fastupdate=off",
                _ => "gin_pending_list_limit=256",
            };
            assert_eq!(
                row.try_get::<String>("", "o").unwrap(),
                format!("{{{pending}}}"),
                "{index}"
            );
        }
    }
    // Migration 28: the title walk and the published check read narrow indexes only.
    for (index, definition) in [
        (
            "idx_document_search_title_walk",
            "ON public.document_search USING btree (rowid) INCLUDE (title)",
        ),
        (
            "idx_documents_published_id",
            "ON public.documents USING btree (id) WHERE ((status)::text = 'published'::text)",
        ),
    ] {
        let row = app
            .state
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT indexdef AS d FROM pg_indexes WHERE indexname = '{index}'"),
            ))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{index} exists"));
        let d: String = row.try_get("", "d").unwrap();
        assert!(d.ends_with(definition), "{index}: {d}");
    }
}

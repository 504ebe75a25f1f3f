//! The disclosure catalog's documents over HTTP, as `api.md` has it, on SQLite or PostgreSQL:
//! columns, writes, 索引号, validity, publishing, feeds, the Art. 26 list.
mod common;

use app::auth::Role;
use common::catalog::{doc, first_department};
use common::{json, paging, spawn_app};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn index_no_ok(s: &str, year: &str) -> bool {
    let Some((org, rest)) = s.split_once('/') else {
        return false;
    };
    let Some((y, serial)) = rest.split_once('-') else {
        return false;
    };
    org.len() == 9
        && org.chars().all(|c| c.is_ascii_digit())
        && y == year
        && serial.len() == 5
        && serial.chars().all(|c| c.is_ascii_digit())
}

#[tokio::test]
async fn columns_are_seeded() {
    let app = spawn_app().await;
    let mut c = app.client();
    let body = json(c.get("/api/v1/columns").await, StatusCode::OK).await;
    let names: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for n in [
        "政务要闻",
        "服务民生",
        "新闻头条",
        "领导活动",
        "政府文件",
        "人事信息",
        "社情民意",
        "规范性文件",
        "政策解读",
        "公告公示",
        "工作报告",
    ] {
        assert!(names.contains(&n), "{n} missing");
    }
}

#[tokio::test]
async fn writes_are_for_editors_only() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let dept = first_department(&mut anon).await;
    let res = anon
        .post("/api/v1/documents", &doc(dept, "标题", "正文"))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let mut resident = app.signed_in("jumin", &[Role::Resident]).await;
    let res = resident
        .post("/api/v1/documents", &doc(dept, "标题", "正文"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = resident
        .post(
            "/api/v1/documents/1/validity",
            &json!({"validity": "repealed"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn create_validates_in_chinese_and_generates_unique_index_numbers() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let bad = json(
        ed.post(
            "/api/v1/documents",
            &json!({"column": "nope", "title": "", "body": "x", "publisher_id": dept, "written_on": "2026-02-30"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(bad["error"]["fields"]["title"], "请填写标题");
    assert_eq!(bad["error"]["fields"]["column"], "所选栏目不存在");
    assert!(bad["error"]["fields"]["written_on"]
        .as_str()
        .unwrap()
        .contains("有效日期"));

    let mut seen = std::collections::HashSet::new();
    for i in 0..3 {
        let d = json(
            ed.post(
                "/api/v1/documents",
                &doc(dept, &format!("关于医保的通知{i}"), "正文"),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        let no = d["index_no"].as_str().unwrap().to_string();
        assert!(index_no_ok(&no, "2026"), "{no}");
        assert!(seen.insert(no));
        for f in [
            "id",
            "title",
            "column",
            "publisher",
            "written_on",
            "published_on",
            "doc_no",
            "subject",
            "keywords",
            "validity",
            "body",
        ] {
            assert!(!d[f].is_null(), "{f} missing");
        }
        assert_eq!(d["validity"], "valid");
        assert_eq!(d["column"], "zfwj");
    }
    assert!(seen.iter().any(|n| n.ends_with("-00001")));
    assert!(seen.iter().any(|n| n.ends_with("-00003")));
}

#[tokio::test]
async fn index_numbers_stay_unique_under_concurrent_inserts() {
    let app = spawn_app().await;
    let user = app.create_user("bingfa", &[Role::Editor]).await;
    let editor = app.caller_of(user.id).await.editor().unwrap();
    let dept = app::admin::departments::list(&app.state.db, false)
        .await
        .unwrap()[0]
        .id;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let db = app.state.db.clone();
        let editor = editor.clone();
        let today = app.state.clock.today();
        tasks.push(tokio::spawn(async move {
            let input = app::catalog::types::DocumentInput {
                column: "gggs".into(),
                title: format!("公告{i}"),
                body: "正文".into(),
                publisher_id: Some(dept.into()),
                written_on: "2026-04-01".into(),
                ..Default::default()
            };
            app::catalog::service::documents::create(&db, &editor, &input, today, today)
                .await
                .unwrap()
                .index_no
        }));
    }
    let mut nos = Vec::new();
    for t in tasks {
        nos.push(t.await.unwrap());
    }
    let mut sorted = nos.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 12, "{nos:?}");
    let serials: Vec<String> = sorted
        .iter()
        .map(|n| n[n.len() - 5..].to_string())
        .collect();
    assert_eq!(serials.first().unwrap(), "00001");
    assert_eq!(serials.last().unwrap(), "00012");
}

#[tokio::test]
async fn repealed_documents_stay_public_marked_and_linked() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("feizhi", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let old = json(
        ed.post("/api/v1/documents", &doc(dept, "旧办法", "旧"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let new = json(
        ed.post("/api/v1/documents", &doc(dept, "新办法", "新"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let id = old["id"].as_i64().unwrap();
    let bad = ed
        .post(
            &format!("/api/v1/documents/{id}/validity"),
            &json!({"validity": "gone"}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let changed = json(
        ed.post(
            &format!("/api/v1/documents/{id}/validity"),
            &json!({"validity": "repealed", "replaced_by": new["id"]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["validity"], "repealed");
    assert_eq!(changed["index_no"], old["index_no"], "索引号 never changes");

    let mut anon = app.client();
    let got = json(
        anon.get(&format!("/api/v1/documents/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["validity"], "repealed");
    assert_eq!(got["validity_label"], "已废止");
    assert_eq!(got["replaced_by"]["id"], new["id"]);
    assert_eq!(got["replaced_by"]["title"], "新办法");
    let page = anon.get(&format!("/catalog/documents/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("已废止"), "the page marks it");
    assert!(html.contains(&format!("/catalog/documents/{}", new["id"])));

    assert_eq!(
        anon.get("/api/v1/documents/999999").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        anon.get("/api/v1/documents/abc").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn drafts_publish_and_feeds_list_them() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("fabu", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let mut d = doc(dept, "关于<春节>安排的公告", "放假安排。");
    d["published_on"] = Value::Null;
    let draft = json(ed.post("/api/v1/documents", &d).await, StatusCode::CREATED).await;
    assert_eq!(draft["status"], "draft");
    let id = draft["id"].as_i64().unwrap();
    let mut anon = app.client();
    assert_eq!(
        anon.get(&format!("/api/v1/documents/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let res = ed
        .post(
            &format!("/api/v1/documents/{id}/validity"),
            &json!({"validity": "expired"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let p = json(
        ed.post(
            &format!("/api/v1/documents/{id}/publish"),
            &json!({"published_on": "2026-03-10"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(p["status"], "published");
    assert_eq!(
        ed.post(&format!("/api/v1/documents/{id}/publish"), &json!({}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let feed = anon.get("/feeds/documents.atom").await;
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(feed.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("atom"));
    let text = feed.text().await.unwrap();
    assert!(text.contains("关于&lt;春节&gt;安排的公告"));
    let feed = anon
        .get("/feeds/documents.atom?column=zfwj")
        .await
        .text()
        .await
        .unwrap();
    assert!(feed.contains("<entry>"));
    let empty = anon
        .get("/feeds/documents.atom?column=gggs")
        .await
        .text()
        .await
        .unwrap();
    assert!(!empty.contains("<entry>"));
    let sitemap = anon.get("/sitemap.xml").await.text().await.unwrap();
    assert!(sitemap.contains(&format!("/catalog/documents/{id}</loc>")));
}

#[tokio::test]
async fn late_publication_is_listed_for_editors() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("chidao", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let mut late = doc(dept, "迟发的通知", "正文");
    late["written_on"] = json!("2026-01-05");
    late["published_on"] = json!("2026-03-20");
    json(
        ed.post("/api/v1/documents", &late).await,
        StatusCode::CREATED,
    )
    .await;
    json(
        ed.post("/api/v1/documents", &doc(dept, "及时的通知", "正文"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let list = json(
        ed.get("/api/v1/editor/late-documents").await,
        StatusCode::OK,
    )
    .await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(items[0]["document"]["title"], "迟发的通知");
    assert!(items[0]["working_days"].as_i64().unwrap() > 20);
    let mut anon = app.client();
    assert_eq!(
        anon.get("/api/v1/editor/late-documents").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn index_pattern_is_configurable_per_body() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let dept = first_department(&mut admin).await;
    let bad = admin
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/publishing-bodies/{dept}"),
            &json!({"org_code": "11500119", "index_pattern": "{org}-{year}"}),
            &[],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Every placeholder is needed: serials restart each year and count per body.
    for (pattern, missing) in [
        ("{org}-{serial}", "{year}"),
        ("NC-{year}-{serial}", "{org}"),
        ("{org}/{year}-{serial}/{serial}", "{serial}"),
    ] {
        let e = json(
            admin
                .send(
                    reqwest::Method::PUT,
                    &format!("/api/v1/publishing-bodies/{dept}"),
                    &json!({"org_code": "11500119", "index_pattern": pattern}),
                    &[],
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let msg = e["error"]["fields"]["index_pattern"].as_str().unwrap();
        assert!(msg.contains(missing), "{pattern}: {msg}");
    }
    // Another body's code, as configured or by default, would give its numbers out again.
    let depts = json(admin.get("/api/v1/departments").await, StatusCode::OK).await;
    let other = depts["items"][1]["id"].as_i64().unwrap();
    let others_code = json(
        admin
            .get(&format!("/api/v1/publishing-bodies/{other}"))
            .await,
        StatusCode::OK,
    )
    .await["org_code"]
        .as_str()
        .unwrap()
        .to_string();
    let taken = json(
        admin
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/publishing-bodies/{dept}"),
                &json!({"org_code": others_code, "index_pattern": "{org}/{year}-{serial}"}),
                &[],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(taken["error"]["fields"]["org_code"]
        .as_str()
        .unwrap()
        .contains(&others_code));
    let ok = admin
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/publishing-bodies/{dept}"),
            &json!({"org_code": "11500119", "index_pattern": "NC-{org}-{year}-{serial}"}),
            &[],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let d = json(
        admin
            .post("/api/v1/documents", &doc(dept, "标题", "正文"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(d["index_no"], "NC-11500119-2026-00001");
}

/// Browse totals come from tallies kept by each write; they must agree with the rows listed
/// after every kind of change, and a document published twice at once counts once.
#[tokio::test]
async fn browse_totals_follow_every_write() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("tongji", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let mut anon = app.client();
    async fn total(c: &mut common::Client<'_>, query: &str) -> (u64, usize) {
        let page = json(
            c.get(&format!("/api/v1/documents?per_page=100&{query}"))
                .await,
            StatusCode::OK,
        )
        .await;
        (
            page["total"].as_u64().unwrap(),
            page["items"].as_array().unwrap().len(),
        )
    }
    let mut ids = Vec::new();
    for i in 0..3 {
        let d = json(
            ed.post("/api/v1/documents", &doc(dept, &format!("通知{i}"), "正文"))
                .await,
            StatusCode::CREATED,
        )
        .await;
        ids.push(d["id"].as_i64().unwrap());
    }
    let mut draft = doc(dept, "草稿", "正文");
    draft["published_on"] = Value::Null;
    let draft = json(
        ed.post("/api/v1/documents", &draft).await,
        StatusCode::CREATED,
    )
    .await;
    let draft_id = draft["id"].as_i64().unwrap();
    assert_eq!(total(&mut anon, "").await, (3, 3), "drafts are not counted");
    assert_eq!(total(&mut anon, "column=zfwj&year=2026").await, (3, 3));
    assert_eq!(
        total(&mut anon, &format!("publisher={dept}&year=2026")).await,
        (3, 3)
    );
    assert_eq!(total(&mut anon, "year=2025").await, (0, 0));

    // Two publishes of the same draft at once: one wins, the count moves by one.
    let url = format!("/api/v1/documents/{draft_id}/publish");
    let body = json!({"published_on": "2026-04-01"});
    let mut ed2 = app.signed_in("tongji2", &[Role::Editor]).await;
    let (a, b) = tokio::join!(ed.post(&url, &body), ed2.post(&url, &body));
    let mut codes = [a.status(), b.status()];
    codes.sort();
    assert_eq!(codes, [StatusCode::OK, StatusCode::CONFLICT]);
    assert_eq!(total(&mut anon, "").await, (4, 4));

    // Moving a document to another column and repealing another move their counts.
    let mut moved = doc(dept, "通知0", "正文");
    moved["column"] = json!("gggs");
    moved["revision_note"] = json!("调整至公告公示栏目");
    let res = ed
        .send(
            reqwest::Method::PUT,
            &format!("/api/v1/documents/{}", ids[0]),
            &moved,
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    ed.post(
        &format!("/api/v1/documents/{}/validity", ids[1]),
        &json!({"validity": "repealed"}),
    )
    .await;
    assert_eq!(total(&mut anon, "column=zfwj").await, (3, 3));
    assert_eq!(total(&mut anon, "column=gggs").await, (1, 1));
    assert_eq!(total(&mut anon, "validity=repealed").await, (1, 1));
    assert_eq!(total(&mut anon, "validity=valid").await, (3, 3));
    assert_eq!(total(&mut anon, "").await, (4, 4));
    let subject = format!("subject={}", "卫生、体育");
    assert_eq!(total(&mut anon, &subject).await, (4, 4));

    // Recounting from the documents (`gongkai reindex`) changes nothing.
    app::catalog::service::tallies::rebuild(&app.state.db)
        .await
        .unwrap();
    assert_eq!(total(&mut anon, "column=gggs").await, (1, 1));
    assert_eq!(total(&mut anon, "validity=repealed").await, (1, 1));
    assert_eq!(total(&mut anon, "").await, (4, 4));
}

/// Keyset paging: following `next` gives exactly the pages that page numbers give, in the
/// same order (ties on the same publishing day broken by id), the last page has no `next`,
/// a made-up cursor is 400, and the catalog page's 下一页 link carries the cursor.
#[tokio::test]
async fn deep_pages_by_cursor_are_the_pages_by_number() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("fabu_keyset", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    for i in 0..23 {
        let mut d = doc(
            dept,
            &format!("关于第{i}批惠民措施的通知"),
            "惠民措施的具体内容。",
        );
        // Most share one day, so the order within a day is by id alone.
        d["published_on"] = json!(if i % 3 == 0 {
            "2026-03-04"
        } else {
            "2026-03-05"
        });
        json(ed.post("/api/v1/documents", &d).await, StatusCode::CREATED).await;
    }
    let mut anon = app.client();
    let list = "/api/v1/documents?per_page=5";
    let numbered = paging::by_number(&mut anon, list, 5).await;
    for (i, p) in numbered.iter().enumerate() {
        assert_eq!(p["next"].is_string(), i < 4, "page {}: {p}", i + 1);
    }
    let by_number = paging::items(&numbered, "id");
    assert_eq!(by_number.len(), 23);
    let cursored = paging::by_cursor(&mut anon, list).await;
    let by_cursor = paging::items(&cursored, "id");
    assert_eq!(by_cursor, by_number);
    assert_eq!(paging::numbers(&cursored), vec![1, 2, 3, 4, 5]);
    let mut distinct = by_cursor.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 23, "a document shown twice or skipped");

    for bad in ["x", "2.1", "1.738000.5", "2.99999999999.1"] {
        let res = anon.get(&format!("/api/v1/documents?after={bad}")).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "after={bad}");
    }

    // The page: 23 documents are two pages of 20; 下一页 seeks by cursor.
    let html = anon.get("/catalog").await.text().await.unwrap();
    let start = html
        .find("href=\"/catalog?after=")
        .expect("下一页 by cursor")
        + "href=\"".len();
    let link = html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let second = anon.get(&link).await.text().await.unwrap();
    assert!(second.contains("第 2 / 2 页"), "{link}");
    assert_eq!(second.matches("惠民措施的通知</a>").count(), 3, "{link}");
}

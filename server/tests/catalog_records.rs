//! Published documents are records (api.md, "Catalog records"), on SQLite or PostgreSQL: the
//! 发布日期 and 索引号 stay; a change is a revision with a note that the page shows; a
//! 发布日期 still ahead keeps a document from the public until that day; both ends of a
//! 修改/废止 link show it.
mod common;

use app::auth::Role;
use common::catalog::{doc, first_department};
use common::{json, spawn_app, spawn_app_on};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_published_document_changes_only_by_a_revision_with_a_note() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("xiuding", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let original = doc(
        dept,
        "关于做好2026年医保缴费工作的通知",
        "第一段。\n第二段。",
    );
    let d = json(
        ed.post("/api/v1/documents", &original).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(d["status"], "published");
    assert_eq!(d["revisions"], json!([]));
    let id = d["id"].as_i64().unwrap();
    let path = format!("/api/v1/documents/{id}");

    // Without a note: 422 on revision_note, named beside any other bad field.
    let mut changed = original.clone();
    changed["title"] = json!("关于做好2026年城乡居民医保缴费工作的通知");
    let e = json(
        ed.send(Method::PUT, &path, &changed, &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        e["error"]["fields"]["revision_note"],
        "修改已发布的文件须填写修订说明"
    );
    let mut also_bad = changed.clone();
    also_bad["title"] = json!("");
    let e = json(
        ed.send(Method::PUT, &path, &also_bad, &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(e["error"]["fields"]["title"], "请填写标题");
    assert!(e["error"]["fields"]["revision_note"].is_string(), "{e}");

    // 发布日期 is fixed once published: moving it (back or forth) is a conflict.
    for moved in ["2026-03-20", "2026-03-04"] {
        let mut backdated = changed.clone();
        backdated["published_on"] = json!(moved);
        backdated["revision_note"] = json!("更正发布日期");
        let e = json(
            ed.send(Method::PUT, &path, &backdated, &[]).await,
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(e["error"]["message"], "文件已发布，发布日期不能更改");
    }

    // Nothing of the refused attempts was saved, and no revision recorded.
    let mut anon = app.client();
    let still = json(anon.get(&path).await, StatusCode::OK).await;
    assert_eq!(still["title"], original["title"]);
    assert_eq!(still["revisions"], json!([]));

    // With a note: saved, recorded, and the record keeps its date and number.
    changed["revision_note"] = json!("标题补充“城乡居民”");
    let revised = json(
        ed.send(Method::PUT, &path, &changed, &[]).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(revised["title"], "关于做好2026年城乡居民医保缴费工作的通知");
    assert_eq!(revised["published_on"], "2026-03-05");
    assert_eq!(revised["index_no"], d["index_no"]);
    let revisions = revised["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0]["note"], "标题补充“城乡居民”");
    let at = revisions[0]["at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with("+08:00"),
        "{at}"
    );
    // Omitting 发布日期 keeps it (it is not a change of date).
    let mut second = changed.clone();
    second["published_on"] = Value::Null;
    second["body"] = json!("第一段。\n第二段（已更正）。");
    second["revision_note"] = json!("更正第二段文字");
    let revised = json(
        ed.send(Method::PUT, &path, &second, &[]).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(revised["published_on"], "2026-03-05");

    // The public sees the revisions, oldest first, in the JSON and on the page.
    let public = json(anon.get(&path).await, StatusCode::OK).await;
    let notes: Vec<&str> = public["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["标题补充“城乡居民”", "更正第二段文字"]);
    let page = anon.get(&format!("/catalog/documents/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("修订记录"), "the page lists the revisions");
    assert!(html.contains("更正第二段文字"));
    assert!(html.contains("第二段（已更正）。"));

    // The text each revision replaced is kept, with who changed it.
    use app::entities::document_revisions as revisions;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let kept = revisions::Entity::find()
        .filter(revisions::Column::DocumentId.eq(id as i32))
        .order_by_asc(revisions::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].title_before, original["title"].as_str().unwrap());
    assert_eq!(kept[1].body_before, "第一段。\n第二段。");
    assert!(kept.iter().all(|r| r.editor_id.is_some()));

    // A draft is still edited freely: no note, no revision.
    let mut draft = doc(dept, "草稿", "正文。");
    draft["published_on"] = Value::Null;
    let dr = json(
        ed.post("/api/v1/documents", &draft).await,
        StatusCode::CREATED,
    )
    .await;
    draft["title"] = json!("草稿（修改）");
    let edited = json(
        ed.send(
            Method::PUT,
            &format!("/api/v1/documents/{}", dr["id"]),
            &draft,
            &[],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(edited["title"], "草稿（修改）");
    assert_eq!(edited["revisions"], json!([]));
}

#[tokio::test]
async fn a_document_dated_ahead_stays_hidden_until_its_day() {
    // Sunday 1 March 2026.
    let app = spawn_app_on(day("2026-03-01")).await;
    let clock = app.state.clock.clone();
    let mut ed = app.signed_in("dingshi", &[Role::Editor]).await;
    let mut anon = app.client();
    let dept = first_department(&mut ed).await;
    let mut ahead = doc(dept, "关于春季防汛工作的通知", "正文。");
    ahead["written_on"] = json!("2026-02-27");
    ahead["published_on"] = json!("2026-03-05");
    let d = json(
        ed.post("/api/v1/documents", &ahead).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(d["status"], "scheduled");
    let id = d["id"].as_i64().unwrap();
    let path = format!("/api/v1/documents/{id}");

    let visible = |listed: &Value| {
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"].as_i64() == Some(id))
    };
    // Hidden from the public everywhere: the document, its page, the lists and search.
    assert_eq!(anon.get(&path).await.status(), StatusCode::NOT_FOUND);
    let listed = json(
        anon.get("/api/v1/documents?column=zfwj").await,
        StatusCode::OK,
    )
    .await;
    assert!(!visible(&listed), "{listed}");
    let found = json(anon.get("/api/v1/documents?q=防汛").await, StatusCode::OK).await;
    assert!(!visible(&found), "{found}");
    let site = json(anon.get("/api/v1/search?q=防汛").await, StatusCode::OK).await;
    assert_eq!(site["documents"]["total"], 0, "{site}");
    // The editor sees it, scheduled.
    assert_eq!(
        json(ed.get(&path).await, StatusCode::OK).await["status"],
        "scheduled"
    );

    // Its day may move, but only to a day still ahead.
    ahead["published_on"] = json!("2026-03-01");
    let e = json(
        ed.send(Method::PUT, &path, &ahead, &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["published_on"].is_string(), "{e}");
    ahead["published_on"] = json!("2026-03-06");
    let moved = json(
        ed.send(Method::PUT, &path, &ahead, &[]).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["published_on"], "2026-03-06");
    assert_eq!(moved["status"], "scheduled");

    // A draft published for a later day is scheduled too.
    let mut draft = doc(dept, "关于清明节期间森林防火的通告", "正文。");
    draft["written_on"] = json!("2026-02-27");
    draft["published_on"] = Value::Null;
    let later = json(
        ed.post("/api/v1/documents", &draft).await,
        StatusCode::CREATED,
    )
    .await;
    let later = json(
        ed.post(
            &format!("/api/v1/documents/{}/publish", later["id"]),
            &json!({"published_on": "2026-03-09"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(later["status"], "scheduled");

    // The day before, the upkeep publishes nothing.
    clock.move_to(day("2026-03-05"));
    let html = anon.get("/catalog?column=zfwj").await.text().await.unwrap();
    assert!(!html.contains("关于春季防汛工作的通知"));
    let publish_due = || app::catalog::service::records::publish_due(&app.state.db, clock.today());
    assert_eq!(publish_due().await.unwrap(), 0);
    assert_eq!(anon.get(&path).await.status(), StatusCode::NOT_FOUND);

    // On its day it is published, once, on the date it was given.
    clock.move_to(day("2026-03-06"));
    assert_eq!(publish_due().await.unwrap(), 1);
    assert_eq!(publish_due().await.unwrap(), 0, "idempotent");
    let public = json(anon.get(&path).await, StatusCode::OK).await;
    assert_eq!(public["status"], "published");
    assert_eq!(public["published_on"], "2026-03-06");
    let listed = json(
        anon.get("/api/v1/documents?column=zfwj").await,
        StatusCode::OK,
    )
    .await;
    assert!(visible(&listed), "{listed}");
    // The column's page, rendered (and cached) while the document waited, shows it now.
    let html = anon.get("/catalog?column=zfwj").await.text().await.unwrap();
    assert!(html.contains("关于春季防汛工作的通知"));
    let page = anon.get(&format!("/catalog/documents/{id}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    // The other one waits for its own day.
    assert_eq!(
        anon.get(&format!("/api/v1/documents/{}", later["id"]))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn both_ends_of_a_repeal_show_the_link() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("lianjie", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let mut ids = Vec::new();
    for title in [
        "南川区城市绿化管理办法（2019年）",
        "南川区城市绿化管理办法（2023年修订前）",
        "南川区城市绿化管理办法",
    ] {
        let d = json(
            ed.post("/api/v1/documents", &doc(dept, title, "正文。"))
                .await,
            StatusCode::CREATED,
        )
        .await;
        ids.push(d["id"].as_i64().unwrap());
    }
    let new = ids[2];
    for (old, validity) in [(ids[0], "repealed"), (ids[1], "amended")] {
        json(
            ed.post(
                &format!("/api/v1/documents/{old}/validity"),
                &json!({"validity": validity, "replaced_by": new}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let mut anon = app.client();
    let got = json(
        anon.get(&format!("/api/v1/documents/{new}")).await,
        StatusCode::OK,
    )
    .await;
    let replaces: Vec<i64> = got["replaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(replaces, [ids[0], ids[1]]);
    assert_eq!(
        got["replaces"][0]["title"],
        "南川区城市绿化管理办法（2019年）"
    );
    let html = anon
        .get(&format!("/catalog/documents/{new}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("本文件修改或废止的文件"));
    for old in &ids[..2] {
        assert!(
            html.contains(&format!("/catalog/documents/{old}\"")),
            "{old}"
        );
    }
    // Back to valid, the link goes from both ends.
    json(
        ed.post(
            &format!("/api/v1/documents/{}/validity", ids[0]),
            &json!({"validity": "valid"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let got = json(
        anon.get(&format!("/api/v1/documents/{new}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["replaces"].as_array().unwrap().len(), 1);
    assert_eq!(got["replaces"][0]["id"], ids[1]);
}

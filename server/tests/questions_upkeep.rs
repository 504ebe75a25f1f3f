//! 网络问政 upkeep over HTTP: overdue sweep, tracking-number concurrency, time limits.
mod common;
mod questions_support;

use app::auth::Role;
use common::{json, spawn_app};
use questions_support::{anon_body, department_id};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn sweep_raises_cards_and_the_queue_lists_overdue_first() {
    use app::entities::questions;
    use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app().await;
    let mut m = app.signed_in("mod7", &[Role::Moderator]).await;
    let mut anon = app.client();
    let dept = department_id(&mut m, "区环保局").await;
    let mut nos = Vec::new();
    for t in ["红牌件", "黄牌件", "正常件"] {
        let q = json(
            anon.post("/api/v1/questions", &anon_body(t, "河道有异味。"))
                .await,
            StatusCode::CREATED,
        )
        .await;
        let no = q["tracking_no"].as_str().unwrap().to_string();
        json(
            m.post(
                &format!("/api/v1/questions/{no}/accept"),
                &json!({"department_id": dept}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        nos.push(no);
    }
    let today = app.state.clock.today();
    for (no, due) in [
        (&nos[0], today - chrono::Duration::days(30)),
        (&nos[1], today),
    ] {
        questions::Entity::update_many()
            .col_expr(questions::Column::DueDate, Expr::value(due))
            .filter(questions::Column::TrackingNo.eq(no.as_str()))
            .exec(&app.state.db)
            .await
            .unwrap();
    }
    let changed = app::questions::service::overdue::sweep(&app.state.db, today)
        .await
        .unwrap();
    assert_eq!(changed, 2);
    assert_eq!(
        app::questions::service::overdue::sweep(&app.state.db, today)
            .await
            .unwrap(),
        0,
        "idempotent"
    );
    let queue = json(m.get("/api/v1/moderation/questions").await, StatusCode::OK).await;
    let order: Vec<(&str, &str)> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["title"].as_str().unwrap(), q["overdue"].as_str().unwrap()))
        .collect();
    assert_eq!(
        order,
        [("红牌件", "red"), ("黄牌件", "yellow"), ("正常件", "none")]
    );
    let red = json(
        m.get("/api/v1/moderation/questions?overdue=red").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(red["total"], 1);
    let alarm = json(
        m.get("/api/v1/moderation/questions/alarm").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(alarm["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn tracking_numbers_stay_unique_under_concurrency() {
    let app = spawn_app().await;
    // One session (signing in eight times at once would test the password hashing, which
    // may answer 429 on a busy machine), eight submissions at once.
    let busy = app.signed_in("busy", &[Role::Resident]).await;
    let cookie = busy.cookie.clone().unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let mut c = app.client();
        c.cookie = Some(cookie.clone());
        tasks.push(async move {
            let res = c
                .post(
                    "/api/v1/questions",
                    &json!({"kind": "opinion", "title": format!("并发{i}"), "body": "同时提交的留言。", "is_public": false}),
                )
                .await;
            assert_eq!(res.status(), StatusCode::CREATED);
            res.json::<Value>().await.unwrap()["tracking_no"].as_str().unwrap().to_string()
        });
    }
    let mut nos = futures::future::join_all(tasks).await;
    nos.sort();
    nos.dedup();
    assert_eq!(nos.len(), 8);
    assert!(nos.last().unwrap().ends_with("-00008"), "{nos:?}");
}

#[tokio::test]
async fn admins_configure_time_limits() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", &[Role::Admin]).await;
    let t = json(admin.get("/api/v1/admin/time-limits").await, StatusCode::OK).await;
    assert_eq!(t["red_after"], 3);
    assert!(t["limits"]
        .as_array()
        .unwrap()
        .contains(&json!({"kind": "complaint", "working_days": 7})));
    let bad = json!({"limits": [{"kind": "opinion", "working_days": 0}], "red_after": 3});
    let e = json(
        admin
            .send(Method::PUT, "/api/v1/admin/time-limits", &bad, &[])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["limit_opinion"].is_string());
    let good = json!({"limits": [
        {"kind": "opinion", "working_days": 3}, {"kind": "suggestion", "working_days": 5},
        {"kind": "help", "working_days": 3}, {"kind": "complaint", "working_days": 13}], "red_after": 2});
    json(
        admin
            .send(Method::PUT, "/api/v1/admin/time-limits", &good, &[])
            .await,
        StatusCode::OK,
    )
    .await;
    let t = json(admin.get("/api/v1/admin/time-limits").await, StatusCode::OK).await;
    assert_eq!(t["red_after"], 2);
    assert!(t["limits"]
        .as_array()
        .unwrap()
        .contains(&json!({"kind": "complaint", "working_days": 13})));
    let doc = json(admin.get("/api/v1/openapi.json").await, StatusCode::OK).await;
    for p in [
        "/api/v1/questions",
        "/api/v1/questions/{tracking_no}/accept",
        "/api/v1/moderation/questions",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} missing from OpenAPI");
    }
}

#[tokio::test]
async fn demo_data_shows_every_state_and_both_cards() {
    let app = spawn_app().await;
    gongkai::demo::load(&app.state).await.unwrap();
    let mut m = app.client();
    json(
        m.post(
            "/api/v1/auth/login",
            &json!({"username": "moderator", "password": gongkai::demo::DEMO_PASSWORD}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let all = json(
        m.get("/api/v1/moderation/questions?per_page=100").await,
        StatusCode::OK,
    )
    .await;
    // 80 questions in every state, and 4 more that the departments are handling.
    assert_eq!(all["total"], 84);
    let items = all["items"].as_array().unwrap();
    for status in [
        "pending",
        "accepted",
        "rejected",
        "answered",
        "answer_review",
    ] {
        assert!(items.iter().any(|q| q["status"] == status), "{status}");
    }
    assert!(items.iter().any(|q| q["supervised"] == true));
    assert!(items.iter().any(|q| q["follow_up_due"].is_string()));
    assert!(items.iter().any(|q| q["extension_request"].is_object()));
    assert!(items.iter().any(|q| q["send_back_reason"].is_string()));
    assert_eq!(items[0]["overdue"], "red", "red cards first");
    assert!(items.iter().any(|q| q["overdue"] == "yellow"));
    assert!(items.iter().any(|q| q["rating"].is_string()));
    let alarm = json(
        m.get("/api/v1/moderation/questions/alarm").await,
        StatusCode::OK,
    )
    .await;
    assert!(!alarm["items"].as_array().unwrap().is_empty());
    let public = json(app.client().get("/api/v1/questions").await, StatusCode::OK).await;
    assert!(public["total"].as_u64().unwrap() >= 20);
    let stats = json(
        app.client().get("/api/v1/questions/stats").await,
        StatusCode::OK,
    )
    .await;
    assert!(stats["total"]["received"].as_u64().unwrap() > 0);

    // The departments' demo accounts see their own work; the supervisor sees red cards.
    let login =
        |name: &'static str| json!({"username": name, "password": gongkai::demo::DEMO_PASSWORD});
    let mut handler = app.client();
    json(
        handler.post("/api/v1/auth/login", &login("jiaotong")).await,
        StatusCode::OK,
    )
    .await;
    let queue = json(
        handler.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    let queue = queue["items"].as_array().unwrap();
    assert!(!queue.is_empty());
    assert!(queue.iter().all(|q| q["department"]["name"] == "区交通局"));
    assert!(queue.iter().any(|q| q["status"] == "answer_review"));
    let mut supervisor = app.client();
    json(
        supervisor
            .post("/api/v1/auth/login", &login("supervisor"))
            .await,
        StatusCode::OK,
    )
    .await;
    let overview = json(supervisor.get("/api/v1/supervision").await, StatusCode::OK).await;
    assert!(overview["departments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["red"].as_u64().unwrap() > 0 && d["supervised"].as_u64().unwrap() > 0));
}

#[tokio::test]
async fn totals_and_search_follow_publishing_and_survive_a_rebuild() {
    use app::entities::questions;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = spawn_app().await;
    gongkai::demo::load(&app.state).await.unwrap();
    let db = &app.state.db;
    let published = || async {
        questions::Entity::find()
            .filter(questions::Column::Published.eq(true))
            .count(db)
            .await
            .unwrap()
    };
    let mut anon = app.client();
    let list = json(anon.get("/api/v1/questions").await, StatusCode::OK).await;
    assert_eq!(list["total"], published().await, "tallied total = rows");
    let first = list["items"][0].clone();
    let no = first["tracking_no"].as_str().unwrap().to_string();
    let kind = first["kind"].as_str().unwrap().to_string();
    let by_kind = |v: &Value| v["total"].as_u64().unwrap();
    let before = by_kind(
        &json(
            anon.get(&format!("/api/v1/questions?kind={kind}")).await,
            StatusCode::OK,
        )
        .await,
    );

    let mut m = app.signed_in("mod-tally", &[Role::Moderator]).await;
    json(
        m.post(&format!("/api/v1/questions/{no}/unpublish"), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let after = by_kind(
        &json(
            anon.get(&format!("/api/v1/questions?kind={kind}")).await,
            StatusCode::OK,
        )
        .await,
    );
    assert_eq!(after, before - 1, "unpublishing lowers the tally");
    let all = json(anon.get("/api/v1/questions").await, StatusCode::OK).await;
    assert_eq!(all["total"], published().await);

    // A word of the unpublished question no longer finds it; after a rebuild nothing changes.
    let search = |q: &str| format!("/api/v1/questions?q={}", urlencode(q));
    let word: String = first["title"].as_str().unwrap().chars().take(2).collect();
    let hits = json(anon.get(&search(&word)).await, StatusCode::OK).await;
    assert!(hits["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["tracking_no"] != no.as_str()));
    let n = app::questions::service::derived::rebuild(db).await.unwrap();
    assert_eq!(n, questions::Entity::find().count(db).await.unwrap());
    let again = json(anon.get(&search(&word)).await, StatusCode::OK).await;
    assert_eq!(again["total"], hits["total"], "{word}");
    let all_again = json(anon.get("/api/v1/questions").await, StatusCode::OK).await;
    assert_eq!(all_again["total"], all["total"]);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

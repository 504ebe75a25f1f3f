//! The messages queued for people: their own address and choice, and a card turning yellow.
use super::common::{json, spawn_app_on};
use super::questions_support::department_id;
use super::{handler_with_email, monday, outbox_to, post_ok, set_due, submitted};
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn people_choose_their_address_and_whether_to_be_told() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    let mut resident = app.signed_in("jumin", &[Role::Resident]).await;
    let e = json(
        resident
            .send(
                reqwest::Method::PUT,
                "/api/v1/auth/me",
                &json!({"email": "not-an-address", "display_name": ""}),
                &[],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["email"].is_string());
    assert!(e["error"]["fields"]["display_name"].is_string());
    let me = json(
        resident
            .send(
                reqwest::Method::PUT,
                "/api/v1/auth/me",
                &json!({"email": "jumin@example.com", "display_name": "居民老王"}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["user"]["email"], "jumin@example.com");
    assert_eq!(me["user"]["display_name"], "居民老王");

    let ask = |title: &'static str| json!({"kind": "help", "title": title, "body": "请问社区食堂什么时候开？", "is_public": false});
    let first = json(
        resident.post("/api/v1/questions", &ask("社区食堂")).await,
        StatusCode::CREATED,
    )
    .await;
    let first = first["tracking_no"].as_str().unwrap().to_string();
    post_ok(
        &mut moderator,
        &first,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    assert_eq!(outbox_to(&app, "jumin@example.com").await.len(), 1);

    // Turned off: nothing more is queued for them.
    json(
        resident
            .send(
                reqwest::Method::PUT,
                "/api/v1/auth/me",
                &json!({"notify": false}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let second = json(
        resident.post("/api/v1/questions", &ask("老年食堂")).await,
        StatusCode::CREATED,
    )
    .await;
    let second = second["tracking_no"].as_str().unwrap().to_string();
    post_ok(
        &mut moderator,
        &second,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    post_ok(
        &mut moderator,
        &first,
        "answer",
        json!({"body": "下月开放。"}),
    )
    .await;
    assert_eq!(outbox_to(&app, "jumin@example.com").await.len(), 1);
    let me = json(resident.get("/api/v1/auth/me").await, StatusCode::OK).await;
    assert_eq!(me["user"]["notify"], false);
}

#[tokio::test]
async fn a_card_turning_yellow_is_told_to_the_department_once() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    handler_with_email(&app, "jiaotong", dept, "jt@example.gov.cn").await;
    let (no, _) = submitted(&app, "快到期的留言").await;
    post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    set_due(&app, &no, "2026-11-03").await;
    for _ in 0..2 {
        app::questions::service::overdue::sweep(&app.state.db, monday())
            .await
            .unwrap();
    }
    let yellow: Vec<_> = outbox_to(&app, "jt@example.gov.cn")
        .await
        .into_iter()
        .filter(|(s, _)| s.contains("黄牌"))
        .collect();
    assert_eq!(yellow.len(), 1, "{yellow:?}");
    assert!(yellow[0].1.contains(&no) && yellow[0].1.contains("2026-11-03"));
}

//! Follow-ups: a resident asks again after the answer, with its own due date.
use super::common::{json, spawn_app_on};
use super::questions_support::department_id;
use super::{monday, path, post_ok, submitted};
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_follow_up_has_its_own_due_date_and_appears_in_the_queues() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    let mut handler = app.signed_in_handler("jiaotong", &[dept as i32]).await;
    let (no, code) = submitted(&app, "路口信号灯").await;
    post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    post_ok(
        &mut moderator,
        &no,
        "answer",
        json!({"body": "已调整信号灯时长。"}),
    )
    .await;
    assert_eq!(
        handler
            .post(&path(&no, "follow-up-answer"), &json!({"body": "补充答复"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    let mut anon = app.client();
    let asked = json(
        anon.post(
            &path(&no, "follow-up"),
            &json!({"body": "晚高峰还是很堵，能否再延长？", "query_code": code}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(asked["follow_up_due"], "2026-11-09");

    // In the handler's queue among the open work, with its own due date.
    let queue = json(
        handler.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["items"][0]["tracking_no"], no.as_str());
    assert_eq!(queue["items"][0]["follow_up_due"], "2026-11-09");

    let e = json(
        handler
            .post(&path(&no, "follow-up-answer"), &json!({"body": ""}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["body"].is_string());
    let done = post_ok(
        &mut handler,
        &no,
        "follow-up-answer",
        json!({"body": "晚高峰时段已再延长15秒。"}),
    )
    .await;
    assert!(done.get("follow_up_due").is_none());
    assert_eq!(
        handler
            .post(&path(&no, "follow-up-answer"), &json!({"body": "再答一次"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let view = json(
        anon.get(&format!("/api/v1/questions/{no}?query_code={code}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(view["status"], "answered");
    let page = app::questions::service::queries::view(
        &app.state.db,
        &app.state.secrets,
        &app::auth::caps::Caller::anonymous(),
        &no,
        Some(&code),
    )
    .await
    .unwrap();
    assert_eq!(
        page.follow_up_answer.as_deref(),
        Some("晚高峰时段已再延长15秒。")
    );
}

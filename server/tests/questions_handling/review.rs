//! Routing to a department, the handlers' queue, and draft → review → approve or send back.
use super::common::{json, spawn_app_on};
use super::questions_support::department_id;
use super::{handler_with_email, monday, outbox_to, path, post_ok, submitted};
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_department_drafts_the_office_reviews_and_the_resident_sees_the_answer() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    let other = department_id(&mut moderator, "区卫生局").await;
    let mut handler = handler_with_email(&app, "jiaotong", dept, "jt@example.gov.cn").await;
    let mut stranger = app.signed_in_handler("weisheng", &[other as i32]).await;
    let (no, code) = submitted(&app, "路灯不亮").await;

    let routed = post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    assert_eq!(routed["status"], "accepted");
    assert_eq!(routed["due_date"], "2026-11-09");

    // The handler's queue holds it; a handler of another department sees nothing of it.
    let queue = json(
        handler.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["tracking_no"], no.as_str());
    let elsewhere = json(
        stranger.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(elsewhere["total"], 0);
    assert_eq!(
        stranger
            .get(&format!("/api/v1/questions/{no}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let refused = json(
        stranger
            .post(
                &path(&no, "draft-answer"),
                &json!({"body": "不是我们的答复"}),
            )
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(refused["error"]["code"], "not_found");
    // Residents and moderators cannot draft in a department's name.
    assert_eq!(
        moderator
            .post(&path(&no, "draft-answer"), &json!({"body": "代拟"}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let bad = json(
        handler
            .post(&path(&no, "draft-answer"), &json!({"body": " "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["body"].is_string());

    let draft = post_ok(
        &mut handler,
        &no,
        "draft-answer",
        json!({"body": "已安排维修，三日内修复。"}),
    )
    .await;
    assert_eq!(draft["status"], "answer_review");
    assert_eq!(draft["draft"]["body"], "已安排维修，三日内修复。");
    assert_eq!(
        handler
            .post(&path(&no, "draft-answer"), &json!({"body": "再交一次"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The submitter sees that it is under review, never the draft itself.
    let mut anon = app.client();
    let seen = json(
        anon.get(&format!("/api/v1/questions/{no}?query_code={code}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["status"], "answer_review");
    assert!(seen.get("draft").is_none() && seen.get("answer").is_none());

    // Sent back with a reason, the handler reworks it; approved, it is the answer.
    let back = post_ok(
        &mut moderator,
        &no,
        "send-back",
        json!({"reason": "未说明修复的具体时间"}),
    )
    .await;
    assert_eq!(back["status"], "accepted");
    assert_eq!(back["send_back_reason"], "未说明修复的具体时间");
    assert_eq!(
        outbox_to(&app, "jt@example.gov.cn").await.len(),
        2,
        "routed, sent back"
    );
    assert_eq!(
        moderator
            .post(&path(&no, "approve-answer"), &json!({}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    post_ok(
        &mut handler,
        &no,
        "draft-answer",
        json!({"body": "已于11月5日修复，今后每周巡查一次。"}),
    )
    .await;
    let approved = post_ok(&mut moderator, &no, "approve-answer", json!({})).await;
    assert_eq!(approved["status"], "answered");
    assert_eq!(
        approved["answer"]["body"],
        "已于11月5日修复，今后每周巡查一次。"
    );
    assert_eq!(approved["answer"]["department"], "区交通局");

    let seen = json(
        anon.get(&format!("/api/v1/questions/{no}?query_code={code}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        seen["answer"]["body"],
        "已于11月5日修复，今后每周巡查一次。"
    );

    // The resident was told at acceptance (department and due date) and at the answer.
    let told = outbox_to(&app, "lisi@example.com").await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(
        told[0].1.contains(&no)
            && told[0].1.contains("区交通局")
            && told[0].1.contains("2026-11-09")
    );
    assert!(told[1].0.contains("已答复"));
}

//! Helpers shared by the 在线访谈 HTTP tests: an interview created and moved through stages.
#![allow(dead_code)]

use crate::common::{json, Client, TestApp};
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(5);

/// How long a stream may take to deliver the sentinel a test waits for (see `Sse::until`):
/// generous, since it only runs out when the test is failing anyway.
pub const SENTINEL_WAIT: Duration = Duration::from_secs(10);

pub async fn create_interview(host: &mut Client<'_>) -> i64 {
    let at = host.app.interview_time(10);
    let body = json(
        host.post(
            "/api/v1/interviews",
            &json!({
                "title": "同打旅游牌共创旅游城",
                "summary": "区旅游局负责人与网友在线交流旅游发展。",
                "scheduled_at": at,
                "duration_minutes": 90,
                "guests": [{"name": "张明", "title": "区旅游局局长"}]
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(body["stage"], "draft");
    body["id"].as_i64().unwrap()
}

pub async fn move_to(host: &mut Client<'_>, id: i64, stages: &[&str]) {
    for s in stages {
        let res = host
            .post(
                &format!("/api/v1/interviews/{id}/stage"),
                &json!({"stage": s}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "moving to {s}");
    }
}

pub async fn post_message(host: &mut Client<'_>, id: i64, body: &str) -> Value {
    json(
        host.post(
            &format!("/api/v1/interviews/{id}/messages"),
            &json!({"speaker": "主持人", "body": body}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// The host answers netizen question `qid` (the entry quotes the question).
pub async fn answer(host: &mut Client<'_>, id: i64, qid: i64, body: &str) -> Value {
    json(
        host.post(
            &format!("/api/v1/interviews/{id}/messages"),
            &json!({"speaker": "张明（区旅游局局长）", "body": body, "answers_question_id": qid}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

/// The host hides entry `seq` during review.
pub async fn hide(host: &mut Client<'_>, id: i64, seq: i64) {
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/entries/{seq}"),
            &json!({"hidden": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "hiding entry {seq}");
}

/// An interview collecting questions, with one a visitor asked and the host accepted
/// into the public list: the host, the interview and the question.
pub async fn collecting_with_question<'a>(app: &'a TestApp, body: &str) -> (Client<'a>, i64, i64) {
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    move_to(&mut host, id, &["preview", "collecting"]).await;
    let qid = ask(&mut app.client(), id, body).await;
    accept(&mut host, id, qid).await;
    (host, id, qid)
}

/// A visitor's question to interview `id`; its number.
pub async fn ask(c: &mut Client<'_>, id: i64, body: &str) -> i64 {
    let q = json(
        c.post(
            &format!("/api/v1/interviews/{id}/questions"),
            &json!({"body": body, "nickname": "南川老乡"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    q["id"].as_i64().unwrap()
}

/// The host accepts question `qid` into the public list.
pub async fn accept(host: &mut Client<'_>, id: i64, qid: i64) {
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
            &json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

pub async fn live_interview(app: &TestApp) -> (Client<'_>, i64) {
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    move_to(
        &mut host,
        id,
        &["preview", "collecting", "preparing", "rehearsal", "live"],
    )
    .await;
    (host, id)
}

/// Takes a new interview from draft to published with one netizen question that the host
/// accepted but did not answer live; the tracking number that question was forwarded as.
pub async fn publish_with_unanswered(
    app: &TestApp,
    host: &mut Client<'_>,
    id: i64,
    question: &str,
) -> String {
    move_to(host, id, &["preview", "collecting"]).await;
    let q = json(
        app.client()
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &json!({"body": question, "nickname": "退休教师"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let qid = q["id"].as_i64().unwrap();
    host.post(
        &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
        &json!({"decision": "accept"}),
    )
    .await;
    move_to(
        host,
        id,
        &["preparing", "rehearsal", "live", "review", "published"],
    )
    .await;
    let list = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/questions"))
            .await,
        StatusCode::OK,
    )
    .await;
    list["items"][0]["forwarded_tracking_no"]
        .as_str()
        .expect("forwarded")
        .to_string()
}

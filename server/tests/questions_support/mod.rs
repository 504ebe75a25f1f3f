//! Helpers shared by the 网络问政 HTTP tests.
#![allow(dead_code)]

use crate::common::{json, Client, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub fn anon_body(title: &str, body: &str) -> Value {
    json!({
        "kind": "help", "title": title, "body": body, "is_public": true,
        "contact": {"name": "张三", "phone": "13812341234"}
    })
}

/// An anonymous question (unpublished, pending); its tracking number.
pub async fn anonymous_question(app: &TestApp) -> String {
    anonymous_question_with_code(app).await.0
}

/// An anonymous question; its tracking number and the query code of its receipt.
pub async fn anonymous_question_with_code(app: &TestApp) -> (String, String) {
    let q = json(
        app.client()
            .post(
                "/api/v1/questions",
                &anon_body("路灯不亮", "小区门口的路灯坏了两周。"),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    (
        q["tracking_no"].as_str().unwrap().to_string(),
        q["query_code"].as_str().unwrap().to_string(),
    )
}

pub async fn department_id(c: &mut Client<'_>, name: &str) -> i64 {
    let list = json(c.get("/api/v1/departments").await, StatusCode::OK).await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// Submits anonymously, then walks the question to `answered` and, if asked, `published`.
pub async fn answered(app: &TestApp, m: &mut Client<'_>, body: Value, publish: bool) -> String {
    let mut anon = app.client();
    let q = json(
        anon.post("/api/v1/questions", &body).await,
        StatusCode::CREATED,
    )
    .await;
    let no = q["tracking_no"].as_str().unwrap().to_string();
    let dept = department_id(m, "区卫生局").await;
    let path = |a: &str| format!("/api/v1/questions/{no}/{a}");
    json(
        m.post(&path("accept"), &json!({"department_id": dept}))
            .await,
        StatusCode::OK,
    )
    .await;
    json(
        m.post(
            &path("answer"),
            &json!({"body": "已转区医保中心办理，答复如下。"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    if publish {
        json(m.post(&path("publish"), &json!({})).await, StatusCode::OK).await;
    }
    no
}

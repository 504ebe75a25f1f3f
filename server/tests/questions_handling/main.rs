//! 网络问政 as an organisation, over HTTP (SQLite, or PostgreSQL with
//! `GONGKAI_TEST_DB=postgres`), following the additions of `api.md`: routing (转办), the
//! handlers' queue, draft → review → approve or send back, returns (退回), extension
//! requests, follow-ups, 督办, and the messages each move queues.
#[path = "../common/mod.rs"]
mod common;
#[path = "../questions_support/mod.rs"]
mod questions_support;

mod extensions;
mod follow_ups;
mod messages;
mod returns;
mod review;
mod supervision;

use app::entities::{outbox, questions};
use chrono::NaiveDate;
use common::{json, Client, TestApp};
use reqwest::StatusCode;
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

/// Monday 2 November 2026: no holiday near, so five working days end on the 9th.
fn monday() -> NaiveDate {
    "2026-11-02".parse().unwrap()
}

/// An anonymous question with an e-mail address; (tracking number, query code).
async fn submitted(app: &TestApp, title: &str) -> (String, String) {
    let q = json(
        app.client()
            .post(
                "/api/v1/questions",
                &json!({
                    "kind": "opinion", "title": title, "body": "小区门口的路灯坏了两周，晚上很不安全。",
                    "is_public": true, "contact": {"name": "李四", "email": "lisi@example.com"}
                }),
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

fn path(no: &str, action: &str) -> String {
    format!("/api/v1/questions/{no}/{action}")
}

async fn post_ok(c: &mut Client<'_>, no: &str, action: &str, body: Value) -> Value {
    json(c.post(&path(no, action), &body).await, StatusCode::OK).await
}

async fn set_due(app: &TestApp, no: &str, due: &str) {
    let due: NaiveDate = due.parse().unwrap();
    questions::Entity::update_many()
        .col_expr(questions::Column::DueDate, Expr::value(due))
        .filter(questions::Column::TrackingNo.eq(no))
        .exec(&app.state.db)
        .await
        .unwrap();
}

/// Queued messages to `to`, oldest first: (subject, body).
async fn outbox_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.subject, m.body))
        .collect()
}

async fn handler_with_email<'a>(
    app: &'a TestApp,
    name: &str,
    dept: i64,
    email: &str,
) -> Client<'a> {
    let mut c = app.signed_in_handler(name, &[dept as i32]).await;
    json(
        c.send(
            reqwest::Method::PUT,
            "/api/v1/auth/me",
            &json!({"email": email}),
            &[],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    c
}

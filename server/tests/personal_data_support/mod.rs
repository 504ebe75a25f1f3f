//! Helpers shared by the personal-data HTTP tests.
#![allow(dead_code)]

use crate::common::{json, Client, TestApp};
use app::entities::{disclosure_requests as dr, questions};
use chrono::{Months, NaiveDate, Utc};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// Today in the district: the question's history is stamped with the real time, so the
/// pinned clock starts from the real day and moves on from there.
pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&app::platform::time::district_offset())
        .date_naive()
}

pub fn months_later(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap()
}

pub async fn question_row(app: &TestApp, no: &str) -> questions::Model {
    questions::Entity::find()
        .filter(questions::Column::TrackingNo.eq(no))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

pub async fn application_row(app: &TestApp, no: &str) -> dr::Model {
    dr::Entity::find()
        .filter(dr::Column::TrackingNo.eq(no))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
}

/// A question with a name, phone and e-mail address; its number and query code.
pub async fn question_with_contacts(c: &mut Client<'_>, title: &str) -> (String, String) {
    let q = json(
        c.post(
            "/api/v1/questions",
            &json!({"kind": "help", "title": title, "body": "小区门口的路灯坏了两周，晚上出行不便。",
                    "is_public": true, "consent": true,
                    "contact": {"name": "李四", "phone": "13812341234", "email": "lisi@example.cn"}}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (
        q["tracking_no"].as_str().unwrap().to_string(),
        // None when signed in: the account is the proof.
        q["query_code"].as_str().unwrap_or_default().to_string(),
    )
}

pub async fn reject(moderator: &mut Client<'_>, no: &str) {
    json(
        moderator
            .post(
                &format!("/api/v1/questions/{no}/reject"),
                &json!({"reason": "重复留言"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
}

pub async fn reply(officer: &mut Client<'_>, no: &str) {
    let done = json(
        officer
            .post(
                &format!("/api/v1/disclosure-requests/{no}/reply"),
                &json!({"outcome": "disclosed", "body": "予以公开，见附件。"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "replied");
}

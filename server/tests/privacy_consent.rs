//! The 个人信息处理告知 and the consent before personal data is collected, over HTTP: the
//! forms' doors refuse an unticked box on its field and keep nothing; the API takes an
//! explicit `consent`, refuses `false`, and records when consent was given. On SQLite or
//! PostgreSQL.
mod common;

use app::auth::Role;
use app::entities::{disclosure_requests as dr, questions};
use common::disclosure::{application, resident_id};
use common::{json, server_fns, spawn_app, Client, TestApp};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

async fn form(c: &mut Client<'_>, fn_path: &str, body: &str) -> reqwest::Response {
    let path = server_fns()[fn_path].clone();
    c.post_raw(&path, "application/x-www-form-urlencoded", body)
        .await
}

async fn question_consent(app: &TestApp, no: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    questions::Entity::find()
        .filter(questions::Column::TrackingNo.eq(no))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the question is stored")
        .consent_at
}

async fn application_consent(app: &TestApp, no: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    dr::Entity::find()
        .filter(dr::Column::TrackingNo.eq(no))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("the application is stored")
        .consent_at
}

const QUESTION_FORM: &str = "kind=help&title=%E8%B7%AF%E7%81%AF%E6%8D%9F%E5%9D%8F&body=%E5%B0%8F%E5%8C%BA%E9%97%A8%E5%89%8D%E8%B7%AF%E7%81%AF%E6%8D%9F%E5%9D%8F%E4%B8%A4%E5%91%A8\
    &is_public=on&contact_name=%E7%8E%8B%E5%A5%B3%E5%A3%AB&contact_phone=13800138000";

#[tokio::test]
async fn the_question_form_refuses_an_unticked_consent_and_records_a_ticked_one() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let res = form(&mut anon, "/api/submit_question", QUESTION_FORM).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(
        body.to_string().contains("勾选同意"),
        "the refusal is on the consent field: {body}"
    );
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let queue = json(
        moderator
            .get("/api/v1/moderation/questions?status=pending")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["total"], 0, "nothing was stored: {queue}");

    let res = form(
        &mut anon,
        "/api/submit_question",
        &format!("{QUESTION_FORM}&consent=on"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let no = body["tracking_no"].as_str().unwrap().to_string();
    assert!(question_consent(&app, &no).await.is_some());

    // The API: false is refused on its field; absent is taken, with no consent recorded.
    let q = json!({"kind": "help", "title": "路灯损坏", "body": "小区门前路灯损坏两周。", "is_public": true,
                   "contact": {"name": "王女士", "phone": "13800138000"}});
    let mut refused = q.clone();
    refused["consent"] = json!(false);
    let e = json(
        anon.post("/api/v1/questions", &refused).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["consent"].is_string(), "{e}");
    let old = json(
        anon.post("/api/v1/questions", &q).await,
        StatusCode::CREATED,
    )
    .await;
    let old_no = old["tracking_no"].as_str().unwrap().to_string();
    assert!(question_consent(&app, &old_no).await.is_none());
    let mut given = q.clone();
    given["consent"] = json!(true);
    let new = json(
        anon.post("/api/v1/questions", &given).await,
        StatusCode::CREATED,
    )
    .await;
    let new_no = new["tracking_no"].as_str().unwrap().to_string();
    assert!(question_consent(&app, &new_no).await.is_some());
}

#[tokio::test]
async fn the_application_form_asks_consent_but_staff_intake_does_not() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let id = resident_id();
    let fields = format!(
        "applicant_type=natural_person&name=%E5%BC%A0%E4%B8%89&id_number={id}&phone=13800001234\
         &description=%E7%94%B3%E8%AF%B7%E5%85%AC%E5%BC%80%E5%8C%BB%E4%BF%9D%E5%9F%BA%E9%87%91%E6%94%B6%E6%94%AF&form=electronic"
    );
    let res = form(&mut anon, "/api/apply", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("勾选同意"), "{body}");
    let res = form(&mut anon, "/api/apply", &format!("{fields}&consent=on")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let receipt: Value = res.json().await.unwrap();
    let no = receipt["tracking_no"].as_str().unwrap().to_string();
    assert!(application_consent(&app, &no).await.is_some());

    let mut refused = application("natural_person", &id);
    refused["consent"] = json!(false);
    let e = json(
        anon.post("/api/v1/disclosure-requests", &refused).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["consent"].is_string(), "{e}");

    // Staff record a paper application: the applicant signed the paper form, no box here.
    let mut officer = app.signed_in("dengji", &[Role::DisclosureOfficer]).await;
    let mut body = application("natural_person", &id);
    body["channel"] = json!("in_person");
    body["received_on"] = json!(app.state.clock.today().to_string());
    let r = json(
        officer
            .post("/api/v1/disclosure-requests/intake", &body)
            .await,
        StatusCode::CREATED,
    )
    .await;
    let no = r["tracking_no"].as_str().unwrap().to_string();
    assert!(application_consent(&app, &no).await.is_none());
}

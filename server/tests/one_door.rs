//! The two doors of an action (JSON under /api/v1, the page's server function) parse the same
//! input in the same service, so a bad value is the same field error through either, and what
//! the service records (the audit row) is written whichever door was used.
mod common;
mod interviews_support;
mod questions_support;

use app::auth::Role;
use common::{json, spawn_app, Client};
use interviews_support::{create_interview, move_to};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Calls the server function `name` with a form body, as a page does.
async fn server_fn(c: &mut Client<'_>, name: &str, form: &str) -> reqwest::Response {
    let path = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .find(|p| p.trim_end_matches(|ch: char| ch.is_ascii_digit()) == format!("/api/{name}"))
        .unwrap_or_else(|| panic!("no server function {name}"));
    c.post_raw(path, "application/x-www-form-urlencoded", form)
        .await
}

fn field(body: &Value, name: &str) -> Option<String> {
    body["error"]["fields"][name].as_str().map(str::to_string)
}

#[tokio::test]
async fn a_bad_department_is_a_field_error_through_either_door() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let mut body = questions_support::anon_body("路面塌陷", "学校门口的路面塌了一个坑。");
    body["department_id"] = json!("abc");
    let rest = json(
        anon.post("/api/v1/questions", &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let form = "kind=help&title=%E8%B7%AF%E9%9D%A2%E5%A1%8C%E9%99%B7\
                &body=%E5%AD%A6%E6%A0%A1%E9%97%A8%E5%8F%A3%E7%9A%84%E8%B7%AF%E9%9D%A2%E5%A1%8C%E4%BA%86\
                &department_id=abc&contact_name=%E5%BC%A0%E4%B8%89&contact_phone=13812341234";
    let res = server_fn(&mut anon, "submit_question", form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page: Value = res.json().await.unwrap();
    let sf_message = page["Validation"]["department_id"]
        .as_str()
        .map(str::to_string);
    assert_eq!(field(&rest, "department_id").as_deref(), Some("请选择部门"));
    assert_eq!(sf_message, field(&rest, "department_id"));

    // A number sent as JSON text is the same number.
    body["department_id"] = json!(questions_support::department_id(&mut anon, "区卫生局")
        .await
        .to_string());
    json(
        anon.post("/api/v1/questions", &body).await,
        StatusCode::CREATED,
    )
    .await;
}

#[tokio::test]
async fn an_unknown_interview_decision_changes_nothing() {
    let app = spawn_app().await;
    let mut host = app.signed_in("zhuchi", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    move_to(&mut host, id, &["preview", "collecting"]).await;
    let q = json(
        app.client()
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &json!({"body": "景区门票能否对本区居民优惠？"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let qid = q["id"].as_i64().unwrap();
    // The server function used to treat anything but "accept" as a dismissal.
    let res = server_fn(
        &mut host,
        "moderate_question",
        &format!("id={id}&question_id={qid}&decision=maybe"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
            &json!({"decision": "maybe"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let queue = json(
        host.get(&format!("/api/v1/interviews/{id}/questions?queue=true"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["items"][0]["status"], "pending");
    // Both doors take the real decisions.
    let res = server_fn(
        &mut host,
        "moderate_question",
        &format!("id={id}&question_id={qid}&decision=dismiss"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let accepted = json(
        host.post(
            &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
            &json!({"decision": "accept"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(accepted["status"], "accepted");
}

#[tokio::test]
async fn notes_and_calendar_days_are_audited_by_their_services() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let app = spawn_app().await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let no = questions_support::anonymous_question(&app).await;
    let res = moderator
        .post(
            &format!("/api/v1/questions/{no}/notes"),
            &json!({"body": "已电话联系留言人"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = server_fn(
        &mut moderator,
        "add_question_note",
        &format!("tracking_no={no}&body=%E5%86%8D%E6%AC%A1%E8%81%94%E7%B3%BB"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let res = server_fn(
        &mut admin,
        "save_calendar_day",
        "day=2026-13-40&kind=holiday&name=",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let errors: Value = res.json().await.unwrap();
    assert!(errors["Validation"]["day"].is_string() && errors["Validation"]["name"].is_string());
    let res = server_fn(
        &mut admin,
        "save_calendar_day",
        "day=2026-12-31&kind=holiday&name=%E6%BC%94%E7%BB%83",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = server_fn(&mut admin, "remove_calendar_day", "day=2026-12-31").await;
    assert_eq!(res.status(), StatusCode::OK);

    let actions: Vec<String> = app::entities::audit_events::Entity::find()
        .filter(app::entities::audit_events::Column::Action.is_in([
            "question.note",
            "calendar.save",
            "calendar.remove",
        ]))
        // In the order they were recorded (an index may otherwise order them by action).
        .order_by_asc(app::entities::audit_events::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "question.note",
            "question.note",
            "calendar.save",
            "calendar.remove"
        ]
    );
}

#[tokio::test]
async fn an_unknown_stored_state_is_an_error_not_a_default() {
    use sea_orm::ConnectionTrait;
    let app = spawn_app().await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let no = questions_support::anonymous_question(&app).await;
    let path = format!("/api/v1/moderation/questions/{no}");
    assert_eq!(moderator.get(&path).await.status(), StatusCode::OK);
    // A row written by a newer version, or damaged: it used to read as 意见 (opinion).
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE questions SET kind = 'petition' WHERE tracking_no = '{no}'"
        ))
        .await
        .unwrap();
    assert_eq!(
        moderator.get(&path).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );

    // A document whose state is neither draft nor published used to pass for a draft.
    let mut editor = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = common::catalog::first_department(&mut editor).await;
    let doc = json(
        editor
            .post(
                "/api/v1/documents",
                &common::catalog::doc(dept, "通知", "正文"),
            )
            .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/documents/{doc}");
    assert_eq!(editor.get(&path).await.status(), StatusCode::OK);
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE documents SET status = 'archived' WHERE id = {doc}"
        ))
        .await
        .unwrap();
    assert_eq!(
        editor.get(&path).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test]
async fn deadlines_count_from_the_clock_in_the_state() {
    // The Wednesday before 国庆 2026: October 1–7 off, Saturday the 10th a make-up working day.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    let app = common::spawn_app_on(day).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let no = questions_support::anonymous_question(&app).await;
    assert!(no.starts_with("Q20260930-"), "{no}");
    let dept = questions_support::department_id(&mut moderator, "区卫生局").await;
    let accepted = json(
        moderator
            .post(
                &format!("/api/v1/questions/{no}/accept"),
                &json!({"department_id": dept}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    // 求助: 5 working days — Oct 8, 9, 10 (Saturday, worked), 12, 13.
    assert_eq!(accepted["due_date"], "2026-10-13");
    assert_eq!(accepted["overdue"], "none");
}

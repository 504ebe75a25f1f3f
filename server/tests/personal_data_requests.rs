//! Copies and deletion requests over HTTP (个人信息保护法 Arts. 45, 47): residents get a copy
//! of their data and ask for deletion, which the desk decides within 15 working days,
//! audited. On SQLite or PostgreSQL.
mod common;
mod personal_data_support;

use app::auth::Role;
use app::entities::{outbox, users};
use chrono::NaiveDate;
use common::disclosure::{apply, resident_id};
use common::{audit_count, json, spawn_app_on, TestApp};
use personal_data_support::*;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

async fn due_on(app: &TestApp, from: NaiveDate) -> String {
    let cal = app::calendar::service::load(&app.state.db).await.unwrap();
    cal.add_working_days(from, app::calendar::WorkingDays(15))
        .to_string()
}

#[tokio::test]
async fn a_resident_downloads_their_data_and_the_desk_deletes_the_account() {
    let start = today();
    let app = spawn_app_on(start).await;
    let mut resident = app.signed_in("jumin", &[Role::Resident]).await;
    json(
        resident
            .send(
                reqwest::Method::PUT,
                "/api/v1/auth/me",
                &json!({"email": "jumin@example.cn"}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let (no, _) = question_with_contacts(&mut resident, "公交站牌缺失").await;

    // The copy: the account and the question with its contacts, as a download.
    let res = resident.get("/api/v1/auth/me/personal-data").await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("attachment"), "{disposition}");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let copy: Value = res.json().await.unwrap();
    assert_eq!(copy["account"]["username"], "jumin");
    assert_eq!(copy["account"]["email"], "jumin@example.cn");
    assert_eq!(copy["questions"][0]["tracking_no"], no.as_str());
    assert_eq!(copy["questions"][0]["contact_phone"], "13812341234");
    assert!(copy["questions"][0]["consent_at"].is_string());
    assert_eq!(
        app.client()
            .get("/api/v1/auth/me/personal-data")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // The request: 15 working days, one at a time; staff accounts are closed by admins.
    let made = json(
        resident
            .post(
                "/api/v1/personal-data-requests",
                &json!({"reason": "不再使用本网站"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(made["subject"], "account");
    assert_eq!(made["status"], "pending");
    assert_eq!(made["received_on"], start.to_string());
    assert_eq!(made["due_on"], due_on(&app, start).await);
    let id = made["id"].as_i64().unwrap();
    assert_eq!(
        resident
            .post("/api/v1/personal-data-requests", &json!({}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    assert_eq!(
        moderator
            .post("/api/v1/personal-data-requests", &json!({}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.client()
            .post("/api/v1/personal-data-requests", &json!({}))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // The desk: the account named; not overdue until the day after its due date.
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let desk = json(
        admin.get("/api/v1/admin/personal-data-requests").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(desk[0]["id"], id);
    assert_eq!(desk[0]["account"], "jumin");
    assert_eq!(desk[0]["overdue"], false);
    let decision = format!("/api/v1/admin/personal-data-requests/{id}/decision");
    // While the question is being handled, the account cannot go.
    let busy = json(
        admin.post(&decision, &json!({"decision": "erase"})).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        busy["error"]["message"].as_str().unwrap().contains(&no),
        "{busy}"
    );
    // A refusal needs its reason.
    let bad = json(
        admin.post(&decision, &json!({"decision": "refuse"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["note"].is_string(), "{bad}");
    reject(&mut moderator, &no).await;
    let later = app::calendar::service::load(&app.state.db)
        .await
        .unwrap()
        .add_working_days(start, app::calendar::WorkingDays(16));
    app.state.clock.move_to(later);
    let desk = json(
        admin.get("/api/v1/admin/personal-data-requests").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(desk[0]["overdue"], true, "past 15 working days: {desk}");
    let done = json(
        admin
            .post(
                &decision,
                &json!({"decision": "erase", "note": "账号已注销"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "erased");
    assert_eq!(done["decision"], "已删除。账号已注销");
    assert_eq!(
        admin
            .post(
                &decision,
                &json!({"decision": "refuse", "note": "再次办理"})
            )
            .await
            .status(),
        StatusCode::CONFLICT,
        "decided once"
    );

    // The account is gone: its session ends, its name and address with it.
    assert_eq!(
        resident.get("/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let login = app
        .client()
        .post(
            "/api/v1/auth/login",
            &json!({"username": "jumin", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    let u = users::Entity::find()
        .filter(users::Column::Username.eq("jumin"))
        .one(&app.state.db)
        .await
        .unwrap();
    assert!(u.is_none(), "the user name is released");
    let q = question_row(&app, &no).await;
    assert_eq!(
        (q.contact_name, q.contact_phone, q.contact_email),
        (None, None, None)
    );
    assert_eq!(q.title, "公交站牌缺失");
    // The requester was told at the address given, and the request keeps it no longer.
    let told = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("jumin@example.cn"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert!(
        told.iter()
            .any(|m| m.subject.contains("个人信息删除申请办理结果：已删除")),
        "{told:?}"
    );
    let kept = app::entities::personal_data_requests::Entity::find_by_id(id as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.email, None);
    for action in ["privacy.copy", "privacy.deletion_request", "privacy.erase"] {
        assert_eq!(audit_count(&mut admin, action).await, 1, "{action}");
    }
}

#[tokio::test]
async fn an_applicant_with_the_query_code_gets_a_copy_and_asks_for_deletion() {
    let app = spawn_app_on(today()).await;
    let mut anon = app.client();
    let r = apply(&mut anon, "natural_person", &resident_id()).await;
    let no = r["tracking_no"].as_str().unwrap().to_string();
    let code = r["query_code"].as_str().unwrap().to_string();

    // Wrong code and unknown number answer alike, on the code's field.
    for (n, c) in [
        (no.as_str(), "AAAA-BBBB-CCCCC"),
        ("YSQ2026010100000", code.as_str()),
    ] {
        let bad = json(
            anon.post(
                "/api/v1/personal-data/copy",
                &json!({"tracking_no": n, "query_code": c}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(bad["error"]["fields"]["query_code"], "编号或查询码不正确");
    }
    let copy = json(
        anon.post(
            "/api/v1/personal-data/copy",
            &json!({"tracking_no": no.to_lowercase(), "query_code": code}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        copy["applications"][0]["id_number"],
        resident_id(),
        "in full: their own copy"
    );
    assert_eq!(copy["applications"][0]["applicant_name"], "张三");
    assert!(copy["account"].is_null());

    let made = json(
        anon.post(
            "/api/v1/personal-data-requests",
            &json!({"tracking_no": no, "query_code": code}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(made["subject"], "application");
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let decision = format!(
        "/api/v1/admin/personal-data-requests/{}/decision",
        made["id"]
    );
    // Not yet replied: refused with the reason, which the applicant can see in the record.
    assert_eq!(
        admin
            .post(&decision, &json!({"decision": "erase"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let refused = json(
        admin
            .post(
                &decision,
                &json!({"decision": "refuse", "note": "申请尚在办理中，答复后可再次申请删除"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(refused["status"], "refused");
    assert_eq!(application_row(&app, &no).await.applicant_name, "张三");

    // Replied, asked again, erased.
    let mut officer = app.signed_in("gongkai", &[Role::DisclosureOfficer]).await;
    reply(&mut officer, &no).await;
    let again = json(
        anon.post(
            "/api/v1/personal-data-requests",
            &json!({"tracking_no": no, "query_code": code, "reason": "已收到答复"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let decision = format!(
        "/api/v1/admin/personal-data-requests/{}/decision",
        again["id"]
    );
    json(
        admin.post(&decision, &json!({"decision": "erase"})).await,
        StatusCode::OK,
    )
    .await;
    let a = application_row(&app, &no).await;
    assert_eq!(a.applicant_name, "（已删除）");
    assert_eq!(a.id_number, "");
    let copy = json(
        anon.post(
            "/api/v1/personal-data/copy",
            &json!({"tracking_no": no, "query_code": code}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(copy["applications"][0]["id_number"].is_null(), "{copy}");
    assert!(copy["applications"][0]["personal_data_erased_at"].is_string());
    assert_eq!(audit_count(&mut admin, "privacy.refuse").await, 1);
    assert_eq!(audit_count(&mut admin, "privacy.erase").await, 1);
}

#[tokio::test]
async fn a_question_submitter_asks_on_the_form_with_the_query_code() {
    let app = spawn_app_on(today()).await;
    let mut anon = app.client();
    let (no, code) = question_with_contacts(&mut anon, "噪音扰民").await;
    let path = common::server_fns()["/api/request_deletion"].clone();
    let res = anon
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            &format!("tracking_no={no}&query_code=WRONG&reason="),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = anon
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            &format!(
                "tracking_no={no}&query_code={code}&reason=%E4%B8%8D%E5%86%8D%E9%9C%80%E8%A6%81"
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let made: Value = res.json().await.unwrap();
    assert_eq!(made["subject"], "question");
    assert_eq!(made["reason"], "不再需要");
    // The desk's form door: a stale sign-in is asked for the password first.
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    app.age_session(&admin, 16 * 60).await;
    let decide = common::server_fns()["/api/decide_deletion"].clone();
    let res = admin
        .post_raw(
            &decide,
            "application/x-www-form-urlencoded",
            &format!(
                "id={}&decision=refuse&note=%E7%95%99%E8%A8%80%E5%8A%9E%E7%90%86%E4%B8%AD",
                made["id"]
            ),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("ReauthRequired"), "{body}");
}

//! Personal data's retention over HTTP (个人信息保护法 Art. 19): admins set the periods; the
//! daily sweep erases contact details and ID numbers past them, keeping the record and
//! table 3. On SQLite or PostgreSQL. Copies and deletion requests: `personal_data_requests`.
mod common;
mod personal_data_support;

use app::auth::Role;
use app::entities::outbox;
use app::privacy::service::retention::{self, Swept};
use chrono::Utc;
use common::disclosure::{apply, resident_id, table3_total};
use common::{audit_count, json, spawn_app_on};
use personal_data_support::*;
use reqwest::StatusCode;
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

#[tokio::test]
async fn admins_set_the_retention_periods_field_by_field() {
    let app = spawn_app_on(today()).await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let got = json(admin.get("/api/v1/admin/retention").await, StatusCode::OK).await;
    assert_eq!(got["questions_months"], 36);
    assert_eq!(got["applications_months"], 36);
    assert!(got["updated_at"].is_null());

    // The public page states the periods (and sees a change at once, cache or not).
    let page = || async {
        let res = app.client().get("/personal-data").await;
        assert_eq!(res.status(), StatusCode::OK);
        res.text().await.unwrap()
    };
    assert!(page()
        .await
        .contains("此后 36 个月内没有新的办理记录后删除"));

    let bad = json(
        admin
            .send(
                reqwest::Method::PUT,
                "/api/v1/admin/retention",
                &json!({"questions_months": 5, "applications_months": 121}),
                &[],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields = &bad["error"]["fields"];
    assert_eq!(
        fields["questions_months"],
        "保存期限须为 6 至 120 之间的整数（月）"
    );
    assert!(fields["applications_months"].is_string(), "{bad}");

    let saved = json(
        admin
            .send(
                reqwest::Method::PUT,
                "/api/v1/admin/retention",
                &json!({"questions_months": 24, "applications_months": 60}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["questions_months"], 24);
    assert_eq!(saved["applications_months"], 60);
    assert!(saved["updated_at"].is_string());
    let shown = page().await;
    assert!(
        shown.contains("此后 24 个月内没有新的办理记录后删除"),
        "the page shows the new period"
    );
    assert!(shown.contains("在答复之日起 60 个月后删除"));
    // The form's door: the same rule, on the same fields.
    let path = common::server_fns()["/api/save_retention"].clone();
    let res = admin
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            "questions_months=abc&applications_months=36",
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = json(admin.get("/api/v1/admin/retention").await, StatusCode::OK).await;
    assert_eq!(
        again["questions_months"], 24,
        "a refused save changes nothing"
    );
    assert_eq!(audit_count(&mut admin, "privacy.retention_save").await, 1);
}

#[tokio::test]
async fn the_sweep_erases_personal_data_past_its_period_and_keeps_the_record_and_table_3() {
    let start = today();
    let app = spawn_app_on(start).await;
    let mut anon = app.client();
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let mut officer = app.signed_in("gongkai", &[Role::DisclosureOfficer]).await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;

    let (closed, _) = question_with_contacts(&mut anon, "路灯不亮").await;
    let (open, _) = question_with_contacts(&mut anon, "路面塌陷").await;
    reject(&mut moderator, &closed).await;
    let replied = apply(&mut anon, "natural_person", &resident_id()).await["tracking_no"]
        .as_str()
        .unwrap()
        .to_string();
    let waiting = apply(&mut anon, "natural_person", &resident_id()).await["tracking_no"]
        .as_str()
        .unwrap()
        .to_string();
    reply(&mut officer, &replied).await;
    // The rejection told the submitter by e-mail; say it was delivered.
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(Some(Utc::now())))
        .exec(&app.state.db)
        .await
        .unwrap();
    let path = format!("/api/v1/reports/annual/{}", start.format("%Y"));
    let before = json(anon.get(&path).await, StatusCode::OK).await;

    // Within the period nothing goes, however often it runs.
    assert_eq!(
        retention::sweep(&app.state.db, start).await.unwrap(),
        Swept::default()
    );
    let almost = months_later(start, 35);
    assert_eq!(
        retention::sweep(&app.state.db, almost).await.unwrap(),
        Swept::default()
    );
    assert!(question_row(&app, &closed).await.contact_phone.is_some());

    // Past 36 months: the closed question's contacts, the replied application's personal
    // data and the delivered notices go; the open question and the waiting application stay.
    let past = months_later(start, 37);
    let swept = retention::sweep(&app.state.db, past).await.unwrap();
    assert_eq!(swept.questions, 1);
    assert_eq!(swept.applications, 1);
    assert!(swept.messages >= 1, "{swept:?}");
    let q = question_row(&app, &closed).await;
    assert_eq!(
        (q.contact_name, q.contact_phone, q.contact_email),
        (None, None, None)
    );
    assert!(q.contacts_erased_at.is_some());
    assert_eq!(q.title, "路灯不亮", "the record stays");
    assert_eq!(q.reject_reason.as_deref(), Some("重复留言"));
    assert!(question_row(&app, &open).await.contact_phone.is_some());
    // The office sees that the contact was erased, and when.
    let seen = json(
        moderator
            .get(&format!("/api/v1/moderation/questions/{closed}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(seen["contacts_erased_at"].is_string(), "{seen}");
    assert!(!seen.to_string().contains("13812341234"));
    let a = application_row(&app, &replied).await;
    assert_eq!(a.applicant_name, "（已删除）");
    assert_eq!(a.id_number, "");
    assert_eq!(a.id_number_masked, None);
    assert_eq!(a.phone, None);
    assert!(a.personal_data_erased_at.is_some());
    assert_eq!(a.applicant_type, "natural_person", "table 3 counts by type");
    assert_eq!(a.reply_body.as_deref(), Some("予以公开，见附件。"));
    assert_eq!(application_row(&app, &waiting).await.applicant_name, "张三");
    assert_eq!(
        outbox::Entity::find()
            .filter(outbox::Column::SentAt.is_not_null())
            .all(&app.state.db)
            .await
            .unwrap()
            .len(),
        0
    );
    // The officer's view of the erased application shows nothing of the person.
    let seen = common::disclosure::view(&mut officer, &replied).await;
    assert!(!seen.to_string().contains("13800001234"), "{seen}");

    // Table 3 is what it was.
    let after = json(anon.get(&path).await, StatusCode::OK).await;
    assert_eq!(before["table3"], after["table3"]);
    assert_eq!(
        table3_total(&before, "disclosed"),
        table3_total(&after, "disclosed")
    );

    // Idempotent, and audited once.
    assert_eq!(
        retention::sweep(&app.state.db, past).await.unwrap(),
        Swept::default()
    );
    assert_eq!(audit_count(&mut admin, "privacy.retention_sweep").await, 1);
    // The background pass runs it once a day across instances.
    assert!(retention::daily(&app.state.db, past)
        .await
        .unwrap()
        .is_some());
    assert!(retention::daily(&app.state.db, past)
        .await
        .unwrap()
        .is_none());
}

//! Applications that do not come through the public form (条例第三十一条), and applicants
//! who are not mainland residents with an ID card, over HTTP on SQLite or PostgreSQL.
//!
//! Due dates are counted here by hand on the seeded 2026 arrangements (国庆 1–7 October,
//! 调休上班 Saturday 10 October), never by the code under test.
mod common;

use app::auth::Role;
use app::disclosure::types::id_check_char;
use common::disclosure::{application, credit_code, resident_id, table3_total, view};
use common::{json, spawn_app_on, Client};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn intake_body(channel: &str, received_on: &str, kind: &str, id: &str) -> Value {
    let mut body = application(kind, id);
    body["channel"] = json!(channel);
    body["received_on"] = json!(received_on);
    body
}

async fn intake(c: &mut Client<'_>, body: &Value) -> Value {
    json(
        c.post("/api/v1/disclosure-requests/intake", body).await,
        StatusCode::CREATED,
    )
    .await
}

async fn fields_of(c: &mut Client<'_>, path: &str, body: &Value) -> Value {
    json(c.post(path, body).await, StatusCode::UNPROCESSABLE_ENTITY).await["error"]["fields"]
        .clone()
}

#[tokio::test]
async fn staff_record_applications_by_channel_and_the_clock_runs_from_each_receipt_day() {
    // Monday 12 October 2026.
    let app = spawn_app_on(day("2026-10-12")).await;
    let mut officer = app.signed_in("dengji", &[Role::DisclosureOfficer]).await;

    // Handed in on Wednesday 30 September: 8 Oct (1), 9 (2), Saturday 10 (调休, 3),
    // 12–16 (4–8), 19–23 (9–13), 26–30 (14–18), 2 Nov (19), 3 Nov (20). Calendar days
    // would give 20 October; skipping the 调休 Saturday 4 November.
    let counter = intake(
        &mut officer,
        &intake_body("in_person", "2026-09-30", "natural_person", &resident_id()),
    )
    .await;
    assert_eq!(counter["received_on"], "2026-09-30");
    assert_eq!(counter["due_date"], "2026-11-03");
    assert!(counter["tracking_no"]
        .as_str()
        .unwrap()
        .starts_with("YSQ20260930"));
    assert!(counter["query_code"].as_str().is_some_and(|c| c.len() >= 8));

    // A letter signed for on Saturday 3 October, during 国庆: nothing counts before 8
    // October, so the same due date as the counter's.
    let mut posted = intake_body("post", "2026-10-03", "commercial", &credit_code());
    posted["applicant"]["representative"] = json!("赵经理");
    posted["applicant"]["contact_person"] = json!("钱文书");
    posted["applicant"]["address"] = json!("重庆市南川区东城街道金佛大道 1 号");
    posted["form"] = json!("paper");
    posted["delivery"] = json!("post");
    let letter = intake(&mut officer, &posted).await;
    assert_eq!(letter["due_date"], "2026-11-03");

    // An e-mail confirmed with the applicant on Friday 9 October: Saturday 10 (1),
    // 12–16 (2–6), 19–23 (7–11), 26–30 (12–16), 2–5 November (17–20).
    let email = intake(
        &mut officer,
        &intake_body("email", "2026-10-09", "natural_person", &resident_id()),
    )
    .await;
    assert_eq!(email["due_date"], "2026-11-05");

    // The application says how it came, and what the company's form said.
    let no = letter["tracking_no"].as_str().unwrap();
    let got = view(&mut officer, no).await;
    assert_eq!(got["channel"], "post");
    assert_eq!(got["channel_label"], "邮寄");
    assert_eq!(got["received_on"], "2026-10-03");
    assert_eq!(got["due_date"], "2026-11-03");
    assert_eq!(got["id_type"], "credit_code");
    assert_eq!(got["representative"], "赵经理");
    assert_eq!(got["contact_person"], "钱文书");
    assert_eq!(got["delivery"], "post");
    assert_eq!(got["delivery_label"], "邮寄");
    assert!(!got.to_string().contains(&credit_code()));
    // The applicant reads the same with the code the office sent them.
    let code = letter["query_code"].as_str().unwrap();
    let mine = view(&mut app.client(), &format!("{no}?query_code={code}")).await;
    assert_eq!(mine["channel"], "post");
    assert_eq!(mine["due_date"], "2026-11-03");

    // The desk lists them soonest due first, and each intake is on the record as the
    // officer's.
    let desk = json(
        officer.get("/api/v1/disclosure-requests?status=open").await,
        StatusCode::OK,
    )
    .await;
    let order: Vec<&str> = desk["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["due_date"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["2026-11-03", "2026-11-03", "2026-11-05"]);
    let mut admin = app.signed_in("shenji", &[Role::Admin]).await;
    let audit = json(
        admin
            .get("/api/v1/admin/audit?action=disclosure.intake")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit["total"], 3, "{audit}");

    // A public application of the same day is online, received today.
    let online = json(
        app.client()
            .post(
                "/api/v1/disclosure-requests",
                &application("natural_person", &resident_id()),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(online["received_on"], "2026-10-12");
    let online_no = online["tracking_no"].as_str().unwrap();
    let got = view(&mut officer, online_no).await;
    assert_eq!(got["channel"], "online");
    assert_eq!(got["id_type"], "resident_id");
}

#[tokio::test]
async fn an_intake_is_refused_field_by_field_and_only_staff_may_record_one() {
    let app = spawn_app_on(day("2026-10-12")).await;
    let mut officer = app.signed_in("dengji2", &[Role::DisclosureOfficer]).await;
    let path = "/api/v1/disclosure-requests/intake";

    // A receipt day cannot be tomorrow, and every other field's error comes back with it.
    let mut bad = intake_body("pigeon", "2026-10-13", "natural_person", &resident_id());
    bad["applicant"]["name"] = json!("");
    let f = fields_of(&mut officer, path, &bad).await;
    assert_eq!(f["received_on"], "收到日期不能晚于今天", "{f}");
    assert!(f["channel"].as_str().unwrap().contains("提交方式"), "{f}");
    assert_eq!(f["name"], "请填写申请人姓名或名称", "{f}");
    let f = fields_of(
        &mut officer,
        path,
        &intake_body("post", "2019-05-14", "natural_person", &resident_id()),
    )
    .await;
    assert!(
        f["received_on"].as_str().unwrap().contains("2019-05-15"),
        "{f}"
    );
    let f = fields_of(
        &mut officer,
        path,
        &intake_body("fax", "10/03/2026", "natural_person", &resident_id()),
    )
    .await;
    assert_eq!(f["received_on"], "收到日期须为有效日期（年-月-日）", "{f}");
    // Today is allowed; nothing was filed by the refusals.
    intake(
        &mut officer,
        &intake_body("in_person", "2026-10-12", "natural_person", &resident_id()),
    )
    .await;
    let desk = json(
        officer.get("/api/v1/disclosure-requests").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(desk["total"], 1);

    let good = intake_body("post", "2026-10-09", "natural_person", &resident_id());
    assert_eq!(
        app.client().post(path, &good).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let mut editor = app.signed_in("bianji", &[Role::Editor]).await;
    assert_eq!(
        editor.post(path, &good).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn applicants_prove_who_they_are_with_any_identity_document() {
    let app = spawn_app_on(day("2026-10-12")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("dengji3", &[Role::DisclosureOfficer]).await;
    let path = "/api/v1/disclosure-requests";
    let with = |id_type: &str, id: &str| {
        let mut a = application("natural_person", id);
        a["applicant"]["id_type"] = json!(id_type);
        a
    };

    // A foreigner with a passport, a Hong Kong resident with a 回乡证, a Taiwan resident
    // with a 台胞证 and one with a 居住证 all apply; every view masks the number.
    let first = "83000019900101123";
    let permit = format!("{first}{}", id_check_char(first).unwrap());
    for (id_type, id, masked) in [
        ("passport", "E12345678", "E12****78"),
        ("hk_macao_permit", "H12345678", "H12****78"),
        ("taiwan_permit", "12345678", "123***78"),
        ("residence_permit", permit.as_str(), "830*************"),
    ] {
        let r = json(
            anon.post(path, &with(id_type, id)).await,
            StatusCode::CREATED,
        )
        .await;
        let no = r["tracking_no"].as_str().unwrap();
        let got = view(&mut officer, no).await;
        assert_eq!(got["id_type"], id_type);
        assert!(
            got["id_number_masked"]
                .as_str()
                .unwrap()
                .starts_with(masked),
            "{id_type}: {}",
            got["id_number_masked"]
        );
        assert!(
            !got.to_string().contains(id),
            "{id_type} is never shown whole"
        );
    }

    // Each document's own shape, in Chinese, on its field.
    let f = fields_of(&mut anon, path, &with("hk_macao_permit", "X12345678")).await;
    assert!(f["id_number"].as_str().unwrap().contains("H 或 M"), "{f}");
    let f = fields_of(&mut anon, path, &with("residence_permit", &resident_id())).await;
    assert!(f["id_number"].as_str().unwrap().contains("81"), "{f}");
    let f = fields_of(&mut anon, path, &with("credit_code", &credit_code())).await;
    assert_eq!(f["id_type"], "自然人请选择本人的身份证件", "{f}");
    let f = fields_of(&mut anon, path, &with("library_card", "12345")).await;
    assert_eq!(f["id_type"], "请选择证件类型", "{f}");

    // A representative is an organisation's; a way of delivery needs its contact detail.
    let mut person = application("natural_person", &resident_id());
    person["applicant"]["representative"] = json!("王五");
    person["delivery"] = json!("email");
    let f = fields_of(&mut anon, path, &person).await;
    assert_eq!(
        f["representative"], "自然人申请无需填写法定代表人或联系人",
        "{f}"
    );
    assert_eq!(f["email"], "选择电子邮件的，请填写电子邮箱", "{f}");
    let mut org = application("legal_service", "HRB-2026-0042");
    org["applicant"]["id_type"] = json!("org_registration");
    org["applicant"]["contact_person"] = json!("孙律师");
    org["delivery"] = json!("pickup");
    let r = json(anon.post(path, &org).await, StatusCode::CREATED).await;
    let no = r["tracking_no"].as_str().unwrap();
    let got = view(&mut officer, no).await;
    assert_eq!(got["id_type"], "org_registration");
    assert_eq!(got["contact_person"], "孙律师");
    assert_eq!(got["representative"], Value::Null);
    assert_eq!(got["delivery"], "pickup");
}

#[tokio::test]
async fn a_posted_application_counts_in_the_year_it_was_signed_for() {
    // Entered on 5 January 2026 for a letter signed for on 30 December 2025: table 3 of
    // 2025 counts it as new, and 2026 as carried over.
    let app = spawn_app_on(day("2026-01-05")).await;
    let mut officer = app.signed_in("dengji4", &[Role::DisclosureOfficer]).await;
    intake(
        &mut officer,
        &intake_body("post", "2025-12-30", "natural_person", &resident_id()),
    )
    .await;
    let mut anon = app.client();
    let r2025 = json(
        anon.get("/api/v1/reports/annual/2025").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(table3_total(&r2025, "new"), 1, "{}", r2025["table3"]);
    assert_eq!(table3_total(&r2025, "carried_forward"), 1);
    let r2026 = json(
        anon.get("/api/v1/reports/annual/2026").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(table3_total(&r2026, "new"), 0);
    assert_eq!(table3_total(&r2026, "carried_over"), 1);
}

//! Publishing the annual report: the written sections, the freeze, the catalog document under
//! 工作报告, and one publication only, over HTTP on SQLite or PostgreSQL.
mod common;

use app::auth::Role;
use common::disclosure::{application, resident_id};
use common::{json, spawn_app_on};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_published_report_never_changes_and_is_filed_in_the_catalog() {
    let app = spawn_app_on(day("2026-12-28")).await;
    let clock = app.state.clock.clone();
    let mut anon = app.client();
    let mut editor = app.signed_in("baogao", &[Role::Editor]).await;
    let mut admin = app.signed_in("fabu", &[Role::Admin]).await;
    let mut officer = app.signed_in("shouli", &[Role::DisclosureOfficer]).await;

    // One application in 2026, still open at the end of the year.
    json(
        anon.post(
            "/api/v1/disclosure-requests",
            &application("natural_person", &resident_id()),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    clock.move_to(day("2027-01-11"));

    // Editors write sections 一, 五 and 六; a section left out keeps its text.
    let r = json(
        editor
            .send(
                Method::PUT,
                "/api/v1/reports/annual/2026/sections",
                &json!({"overview": "2026年，南川区坚持以公开为常态。", "problems": "部分部门信息更新不及时。\n下一步将加强督查。"}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        r["sections"]["problems"],
        "部分部门信息更新不及时。\n下一步将加强督查。"
    );
    let r = json(
        editor
            .send(
                Method::PUT,
                "/api/v1/reports/annual/2026/sections",
                &json!({"other_matters": "本年度未收取信息处理费。"}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        r["sections"]["overview"],
        "2026年，南川区坚持以公开为常态。"
    );
    assert_eq!(r["sections"]["other_matters"], "本年度未收取信息处理费。");
    let bad = json(
        editor
            .send(
                Method::PUT,
                "/api/v1/reports/annual/2026/sections",
                &json!({"problems": "坏\u{0}字"}),
                &[],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(bad["error"]["fields"]["problems"], "不能包含控制字符");
    json(
        editor
            .post(
                "/api/v1/reports/annual/2026/figures",
                &json!({"figures": {"permits": 120}}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let before = json(
        anon.get("/api/v1/reports/annual/2026").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(before["published"], false);

    // Only admins publish, and a year not yet begun has no report to publish.
    assert_eq!(
        editor
            .post("/api/v1/reports/annual/2026/publish", &json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let early = json(
        admin
            .post("/api/v1/reports/annual/2028/publish", &json!({}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(early.to_string().contains("尚未开始"), "{early}");

    // Published (a request without a body is fine).
    let res = admin
        .post_empty("/api/v1/reports/annual/2026/publish")
        .await;
    let published = json(res, StatusCode::OK).await;
    assert_eq!(published["published"], true);
    assert!(published["published_at"].is_string());
    assert_eq!(published["table3"], before["table3"]);
    assert_eq!(published["table2"]["permits"], 120);
    let doc_id = published["document_id"]
        .as_i64()
        .expect("filed in the catalog");

    // Things change afterwards: an application received in 2026 recorded late, a document
    // published in 2026 … the report stays as issued.
    let mut late = application("natural_person", &resident_id());
    late["channel"] = json!("post");
    late["received_on"] = json!("2026-12-30");
    json(
        officer
            .post("/api/v1/disclosure-requests/intake", &late)
            .await,
        StatusCode::CREATED,
    )
    .await;
    let after = json(
        anon.get("/api/v1/reports/annual/2026").await,
        StatusCode::OK,
    )
    .await;
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("published_at");
        v
    };
    assert_eq!(strip(after.clone()), strip(published.clone()));
    let new_row = |r: &Value| {
        r["table3"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["key"] == "new")
            .unwrap()["values"][6]
            .clone()
    };
    assert_eq!(
        new_row(&after),
        1,
        "the late application is not in the issued report"
    );
    // The exports are the issued report too.
    let csv = anon
        .get("/api/v1/reports/annual/2026/csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("一、本年新收政府信息公开申请数量"), "{csv}");

    // Nothing in it can be edited, and it is published once.
    for (path, body) in [
        (
            "/api/v1/reports/annual/2026/figures",
            json!({"figures": {"permits": 1}}),
        ),
        ("/api/v1/reports/annual/2026/publish", json!({})),
    ] {
        let refused = json(admin.post(path, &body).await, StatusCode::CONFLICT).await;
        assert!(refused.to_string().contains("不再变动"), "{refused}");
    }
    assert_eq!(
        editor
            .send(
                Method::PUT,
                "/api/v1/reports/annual/2026/sections",
                &json!({"problems": "改写"}),
                &[],
            )
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The catalog document under 工作报告 carries all six sections.
    let doc = json(
        anon.get(&format!("/api/v1/documents/{doc_id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(doc["column"], "gzbg");
    assert_eq!(doc["title"], "2026年政府信息公开工作年度报告");
    assert_eq!(doc["published_on"], "2027-01-11");
    let body = doc["body"].as_str().unwrap();
    for heading in [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ] {
        assert!(body.contains(heading), "{heading} in {body}");
    }
    assert!(body.contains("本年度未收取信息处理费。"));
    assert!(body.contains("行政许可 120"));

    // The page says it is published and no longer offers the forms.
    let html = admin
        .get("/reports/annual/2026")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("发布，内容和数字不再变动"),
        "published notice"
    );
    assert!(html.contains("部分部门信息更新不及时。"));
    assert!(!html.contains("保存正文"));
    assert!(!html.contains("发布 2026 年度报告"));
    let audit = json(
        admin.get("/api/v1/admin/audit?action=report.publish").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit["total"], 1, "{audit}");
}

#[tokio::test]
async fn two_admins_publishing_at_once_publish_once() {
    let app = spawn_app_on(day("2027-01-20")).await;
    let mut a = app.signed_in("fabu_a", &[Role::Admin]).await;
    let mut b = app.signed_in("fabu_b", &[Role::Admin]).await;
    let body = json!({});
    let (ra, rb) = tokio::join!(
        a.post("/api/v1/reports/annual/2026/publish", &body),
        b.post("/api/v1/reports/annual/2026/publish", &body)
    );
    let mut statuses = [ra.status(), rb.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let docs = json(
        app.client()
            .get("/api/v1/documents?column=gzbg&per_page=100")
            .await,
        StatusCode::OK,
    )
    .await;
    let filed = docs["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["title"] == "2026年政府信息公开工作年度报告")
        .count();
    assert_eq!(filed, 1, "{docs}");
}

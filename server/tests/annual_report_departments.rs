//! A report per department: the desk names an application's 承办部门 (at intake or later),
//! and each department's annual report counts its own applications, the documents it
//! published, its own figures and sections, and is published and frozen on its own, while
//! the district's report keeps counting everything. Over HTTP on SQLite or PostgreSQL.
mod common;

use app::auth::Role;
use common::disclosure::{application, resident_id, table3_total};
use common::{audit_count, json, spawn_app_on, Client};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const INTAKE: &str = "/api/v1/disclosure-requests/intake";
const REFUSED: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
const OK: StatusCode = StatusCode::OK;

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn assign(no: &str) -> String {
    format!("/api/v1/disclosure-requests/{no}/department")
}

/// POSTs `body` to `path` as `c`, expecting `status`; the answer.
async fn post(c: &mut Client<'_>, path: &str, body: Value, status: StatusCode) -> Value {
    json(c.post(path, &body).await, status).await
}

/// The message for `field` of a 422 answer.
fn field<'v>(answer: &'v Value, field: &str) -> &'v Value {
    &answer["error"]["fields"][field]
}

async fn department(c: &mut Client<'_>, name: &str) -> i64 {
    let d = json(c.get("/api/v1/departments").await, OK).await;
    d["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("no department {name} in {d}"))["id"]
        .as_i64()
        .unwrap()
}

async fn report(c: &mut Client<'_>, path: &str) -> Value {
    json(c.get(path).await, OK).await
}

/// The entry of department `id` in the list of a year's department reports.
fn entry(list: &Value, id: i64) -> Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department"]["id"] == id)
        .unwrap()
        .clone()
}

/// A normative document (行政规范性文件) published on `today` by `publisher`.
async fn normative(ed: &mut Client<'_>, publisher: i64, title: &str, today: &str) {
    let doc = json!({
        "column": "gfxwj", "title": title, "body": format!("{title}全文。"),
        "publisher_id": publisher, "written_on": today, "published_on": today,
        "doc_no": format!("南川交发〔2026〕{}号", title.len()),
        "subject": "综合政务", "keywords": ["规范性文件"]
    });
    post(ed, "/api/v1/documents", doc, StatusCode::CREATED).await;
}

/// An application filed on the public form; its number.
async fn online(c: &mut Client<'_>) -> String {
    let body = application("natural_person", &resident_id());
    let r = post(c, "/api/v1/disclosure-requests", body, StatusCode::CREATED).await;
    r["tracking_no"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_desk_names_an_applications_department_at_intake_or_later() {
    let app = spawn_app_on(day("2026-12-28")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("chengban", &[Role::DisclosureOfficer]).await;
    let mut editor = app.signed_in("baogao", &[Role::Editor]).await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let jiaotong = department(&mut anon, "区交通局").await;
    let weisheng = department(&mut anon, "区卫生局").await;

    // Intake names the department; one that does not exist is a field error, reported
    // with the form's other errors.
    let mut counter = application("natural_person", &resident_id());
    counter["channel"] = json!("in_person");
    counter["received_on"] = json!("2026-12-28");
    let mut bad = counter.clone();
    bad["department_id"] = json!(999_999);
    bad["received_on"] = json!("2099-01-01");
    let refused = post(&mut officer, INTAKE, bad.clone(), REFUSED).await;
    assert_eq!(field(&refused, "department_id"), "所选部门不存在或已停用");
    assert!(field(&refused, "received_on").is_string());
    bad["department_id"] = json!("交通局");
    let refused = post(&mut officer, INTAKE, bad, REFUSED).await;
    assert_eq!(field(&refused, "department_id"), "请选择承办部门");
    counter["department_id"] = json!(jiaotong);
    let receipt = post(&mut officer, INTAKE, counter, StatusCode::CREATED).await;
    let at_counter = receipt["tracking_no"].as_str().unwrap().to_string();
    let seen = common::disclosure::view(&mut officer, &at_counter).await;
    assert_eq!(seen["department_id"], jiaotong);
    assert_eq!(seen["department"], "区交通局");

    // An online application arrives with no department; only the desk names one.
    let first = online(&mut anon).await;
    let second = online(&mut anon).await;
    let to_health = json!({"department_id": weisheng});
    for (who, status) in [
        (&mut anon, StatusCode::UNAUTHORIZED),
        (&mut editor, StatusCode::FORBIDDEN),
    ] {
        assert_eq!(who.post(&assign(&first), &to_health).await.status(), status);
    }
    let refused = post(
        &mut officer,
        &assign(&first),
        json!({"department_id": 0}),
        REFUSED,
    )
    .await;
    assert_eq!(field(&refused, "department_id"), "所选部门不存在或已停用");
    let unknown = officer.post(&assign("YSQ00000000000"), &to_health).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // First sent to the wrong department, then moved; each change is on the record, and
    // naming the same department again records nothing.
    let before = audit_count(&mut admin, "disclosure.department").await;
    let wrong = json!({"department_id": jiaotong});
    let moved = post(&mut officer, &assign(&first), wrong, OK).await;
    assert_eq!(moved["department"], "区交通局");
    let by_text = json!({"department_id": weisheng.to_string()});
    let moved = post(&mut officer, &assign(&first), by_text, OK).await;
    assert_eq!(moved["department"], "区卫生局");
    post(&mut officer, &assign(&first), to_health.clone(), OK).await;
    let changes = audit_count(&mut admin, "disclosure.department").await;
    assert_eq!(changes, before + 2);

    // The desk lists the department too; `null` clears it.
    let desk = report(&mut officer, "/api/v1/disclosure-requests?status=open").await;
    let on_desk = |no: &str| {
        desk["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["tracking_no"] == no)
            .unwrap()["department"]
            .clone()
    };
    assert_eq!(on_desk(&first), "区卫生局");
    assert_eq!(on_desk(&second), Value::Null);
    let cleared = post(
        &mut officer,
        &assign(&first),
        json!({"department_id": null}),
        OK,
    )
    .await;
    assert_eq!(cleared["department"], Value::Null);
    assert_eq!(cleared["department_id"], Value::Null);
}

#[tokio::test]
async fn each_department_reports_what_it_handled_and_publishes_on_its_own() {
    let app = spawn_app_on(day("2026-12-28")).await;
    let clock = app.state.clock.clone();
    let mut anon = app.client();
    let mut officer = app.signed_in("chengban", &[Role::DisclosureOfficer]).await;
    let mut editor = app.signed_in("baogao", &[Role::Editor]).await;
    let mut admin = app.signed_in("fabu", &[Role::Admin]).await;
    let jiaotong = department(&mut anon, "区交通局").await;
    let weisheng = department(&mut anon, "区卫生局").await;

    // Three applications: 区交通局's, answered; 区卫生局's, open; one with no department.
    let mine_no = online(&mut anon).await;
    let theirs_no = online(&mut anon).await;
    let nobodys = online(&mut anon).await;
    post(
        &mut officer,
        &assign(&mine_no),
        json!({"department_id": jiaotong}),
        OK,
    )
    .await;
    post(
        &mut officer,
        &assign(&theirs_no),
        json!({"department_id": weisheng}),
        OK,
    )
    .await;
    let reply = json!({"outcome": "disclosed", "body": "予以公开，见附件。"});
    let reply_to = format!("/api/v1/disclosure-requests/{mine_no}/reply");
    post(&mut officer, &reply_to, reply, OK).await;
    // Each publishes a normative document.
    normative(
        &mut editor,
        jiaotong,
        "南川区客运出租汽车管理办法",
        "2026-12-28",
    )
    .await;
    normative(
        &mut editor,
        weisheng,
        "南川区医疗机构管理规定",
        "2026-12-28",
    )
    .await;

    // Each department's figures and sections are its own.
    let dept = |path: &str| format!("/api/v1/reports/annual/2026{path}?department_id={jiaotong}");
    let figures = json!({"figures": {"permits": 58}});
    let r = post(&mut editor, &dept("/figures"), figures, OK).await;
    assert_eq!(r["table2"]["permits"], 58);
    let problems = json!({"problems": "客运线路调整信息发布不够及时。"});
    let res = editor
        .send(Method::PUT, &dept("/sections"), &problems, &[])
        .await;
    json(res, OK).await;
    let district_figures = json!({"figures": {"permits": 1200}});
    post(
        &mut editor,
        "/api/v1/reports/annual/2026/figures",
        district_figures,
        OK,
    )
    .await;

    let mine = report(&mut anon, &dept("")).await;
    assert_eq!(mine["department"]["name"], "区交通局");
    assert_eq!(table3_total(&mine, "new"), 1);
    assert_eq!(table3_total(&mine, "disclosed"), 1);
    assert_eq!(table3_total(&mine, "carried_forward"), 0);
    assert_eq!(mine["consistent"], true);
    assert_eq!(mine["table2"]["normative"]["issued"], 1);
    assert_eq!(mine["table2"]["permits"], 58);
    assert_eq!(
        mine["sections"]["problems"],
        "客运线路调整信息发布不够及时。"
    );
    assert_eq!(mine["documents_total"], 1);
    let district = report(&mut anon, "/api/v1/reports/annual/2026").await;
    assert_eq!(district["department"], Value::Null);
    assert_eq!(table3_total(&district, "new"), 3);
    assert_eq!(district["table2"]["normative"]["issued"], 2);
    assert_eq!(district["table2"]["permits"], 1200);
    assert_eq!(district["sections"]["problems"], "");
    let health_path = format!("/api/v1/reports/annual/2026?department_id={weisheng}");
    let health = report(&mut anon, &health_path).await;
    assert_eq!(table3_total(&health, "new"), 1);
    assert_eq!(table3_total(&health, "carried_forward"), 1);
    assert_eq!(health["table2"]["normative"]["issued"], 1);
    assert_eq!(health["table2"]["permits"], 0);

    // The district's list of department reports, with what no department was named for.
    let list = report(&mut anon, "/api/v1/reports/annual/2026/departments").await;
    assert_eq!(list["unassigned"], 1);
    assert_eq!(entry(&list, jiaotong)["applications"], 1);
    assert_eq!(entry(&list, jiaotong)["published"], false);
    assert_eq!(entry(&list, weisheng)["applications"], 1);

    // The exports name the department.
    let res = anon.get(&dept("/csv")).await;
    assert_eq!(res.status(), OK);
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.contains(&format!("annual-report-2026-department-{jiaotong}.csv")));
    let csv = res.text().await.unwrap();
    assert!(
        csv.contains("区交通局2026 年度政府信息公开工作报告"),
        "{csv}"
    );

    // Unknown and malformed departments.
    let unknown = anon
        .get("/api/v1/reports/annual/2026?department_id=999999")
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let res = anon
        .get("/api/v1/reports/annual/2026?department_id=abc")
        .await;
    let malformed = json(res, REFUSED).await;
    assert_eq!(field(&malformed, "department_id"), "部门编号应为正整数");

    // The department publishes its report in January (by itself only); the district's
    // stays open.
    clock.move_to(day("2027-01-11"));
    let by_other = json!({"publisher_id": weisheng});
    let refused = post(&mut admin, &dept("/publish"), by_other, REFUSED).await;
    assert_eq!(
        field(&refused, "publisher_id"),
        "部门年度报告由区交通局自己发布"
    );
    let by_editor = editor.post(&dept("/publish"), &json!({})).await;
    assert_eq!(by_editor.status(), StatusCode::FORBIDDEN);
    let published = json(admin.post_empty(&dept("/publish")).await, OK).await;
    assert_eq!(published["published"], true);
    assert_eq!(published["department"]["name"], "区交通局");
    assert_eq!(published["table3"], mine["table3"]);
    let doc_id = published["document_id"].as_i64().unwrap();
    let doc = report(&mut anon, &format!("/api/v1/documents/{doc_id}")).await;
    assert_eq!(doc["title"], "区交通局2026年政府信息公开工作年度报告");
    assert_eq!(doc["publisher"]["id"], jiaotong, "{doc}");
    let body = doc["body"].as_str().unwrap();
    assert!(body.contains("客运线路调整信息发布不够及时。"), "{doc}");
    assert_eq!(audit_count(&mut admin, "report.publish").await, 1);

    // Later changes reach the district's open report, not the department's issued one.
    post(
        &mut officer,
        &assign(&nobodys),
        json!({"department_id": jiaotong}),
        OK,
    )
    .await;
    let after = report(&mut anon, &dept("")).await;
    assert_eq!(after["table3"], published["table3"]);
    assert_eq!(after["published"], true);
    let district = report(&mut anon, "/api/v1/reports/annual/2026").await;
    assert_eq!(district["published"], false);
    let list = report(&mut anon, "/api/v1/reports/annual/2026/departments").await;
    assert_eq!(entry(&list, jiaotong)["published"], true);
    assert_eq!(entry(&list, jiaotong)["document_id"], doc_id);
    assert_eq!(list["unassigned"], 0);

    // Nothing in the department's report can change, and it is published once; the
    // district's is still edited.
    for (path, body) in [
        (dept("/figures"), json!({"figures": {"permits": 1}})),
        (dept("/publish"), json!({})),
    ] {
        let refused = post(&mut admin, &path, body, StatusCode::CONFLICT).await;
        assert!(refused.to_string().contains("不再变动"), "{refused}");
    }
    let rewrite = json!({"problems": "改写"});
    let res = editor
        .send(Method::PUT, &dept("/sections"), &rewrite, &[])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let district_figures = json!({"figures": {"permits": 1201}});
    post(
        &mut editor,
        "/api/v1/reports/annual/2026/figures",
        district_figures,
        OK,
    )
    .await;
}

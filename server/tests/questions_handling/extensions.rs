//! Extension requests, granted or declined, within the total each kind allows.
use super::common::{json, spawn_app_on};
use super::questions_support::department_id;
use super::{monday, outbox_to, path, post_ok, set_due, submitted};
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn extensions_are_asked_for_before_the_due_date_within_the_kinds_total() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    let mut handler = app.signed_in_handler("jiaotong", &[dept as i32]).await;
    let (no, _) = submitted(&app, "公交线路调整").await;
    post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": dept}),
    )
    .await;

    // An opinion has 5 working days and at most 15 in all: 10 more at most.
    let e = json(
        handler
            .post(
                &path(&no, "extension-request"),
                &json!({"working_days": 11, "reason": "需要多部门协调"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["working_days"]
        .as_str()
        .unwrap()
        .contains("15"));
    let asked = post_ok(
        &mut handler,
        &no,
        "extension-request",
        json!({"working_days": "4", "reason": "需要现场核查"}),
    )
    .await;
    assert_eq!(asked["extension_request"]["working_days"], 4);
    let again = json(
        handler
            .post(
                &path(&no, "extension-request"),
                &json!({"working_days": 2, "reason": "再申请"}),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(again["error"]["message"], "已有待审批的延期申请");
    let declined = post_ok(
        &mut moderator,
        &no,
        "decline-extension",
        json!({"reason": "期限内可以办结"}),
    )
    .await;
    assert!(declined.get("extension_request").is_none());
    post_ok(
        &mut handler,
        &no,
        "extension-request",
        json!({"working_days": 4, "reason": "现场核查需要时间"}),
    )
    .await;
    let granted = post_ok(
        &mut moderator,
        &no,
        "extend",
        json!({"working_days": 4, "reason": "现场核查需要时间"}),
    )
    .await;
    assert_eq!(granted["extended"], true);
    assert_eq!(granted["due_date"], "2026-11-13");
    assert!(granted.get("extension_request").is_none());
    assert!(outbox_to(&app, "lisi@example.com")
        .await
        .iter()
        .any(|(s, b)| s.contains("延长") && b.contains("2026-11-13")));

    // Once the due date has passed, neither a request nor an extension is allowed.
    let (late, _) = submitted(&app, "过期的留言").await;
    post_ok(
        &mut moderator,
        &late,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    set_due(&app, &late, "2026-10-30").await;
    let e = json(
        handler
            .post(
                &path(&late, "extension-request"),
                &json!({"working_days": 2, "reason": "来不及"}),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["message"], "办理期限已过，不能再申请延期");
    let e = json(
        moderator
            .post(
                &path(&late, "extend"),
                &json!({"working_days": 2, "reason": "来不及"}),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(e["error"]["message"], "办理期限已过，不能再延期");

    // Admins set the totals per kind; a total below the limit is refused field by field.
    let limits = json(admin.get("/api/v1/admin/time-limits").await, StatusCode::OK).await;
    assert!(limits["totals"]
        .as_array()
        .unwrap()
        .contains(&json!({"kind": "opinion", "working_days": 15})));
    let mut body = limits.clone();
    body["totals"] = json!([{"kind": "opinion", "working_days": 3}]);
    let e = json(
        admin
            .send(
                reqwest::Method::PUT,
                "/api/v1/admin/time-limits",
                &body,
                &[],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["total_opinion"].is_string());
    body["totals"] = json!([{"kind": "opinion", "working_days": 7}]);
    json(
        admin
            .send(
                reqwest::Method::PUT,
                "/api/v1/admin/time-limits",
                &body,
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let (third, _) = submitted(&app, "第三条").await;
    post_ok(
        &mut moderator,
        &third,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    assert_eq!(
        handler
            .post(
                &path(&third, "extension-request"),
                &json!({"working_days": 3, "reason": "需要协调"}),
            )
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    post_ok(
        &mut handler,
        &third,
        "extension-request",
        json!({"working_days": 2, "reason": "需要协调"}),
    )
    .await;
}

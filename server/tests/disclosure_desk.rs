//! The staff desk of 依申请公开 over HTTP, on SQLite or PostgreSQL: order by due date,
//! card and status filters, paging across open and replied, search, field errors.
mod common;

use app::auth::Role;
use common::disclosure::resident_id;
use common::{json, spawn_app_on};
use reqwest::StatusCode;
use serde_json::json;

/// Files an application as received `days_ago` days ago, straight through the service (the
/// public form always files today).
async fn received_days_ago(app: &common::TestApp, days_ago: i64) -> String {
    let input: app::disclosure::service::ApplicationInput = serde_json::from_value(json!({
        "applicant_type": "natural_person", "name": "李四", "id_number": resident_id(),
            "phone": "13900002222",
        "description": "申请公开本区2025年养老服务补贴发放情况。", "form": "paper"
    }))
    .unwrap();
    let on = app.state.clock.today() - chrono::Duration::days(days_ago);
    let (receipt, _) =
        app::disclosure::service::submit(&app.state.db, &app.state.secrets, &input, on)
            .await
            .unwrap();
    receipt.tracking_no
}

#[tokio::test]
async fn staff_desk_lists_cards_first_filters_and_pages() {
    // Monday 2 November 2026.
    let app = spawn_app_on("2026-11-02".parse().unwrap()).await;
    // Yellow: due within one working day. Received on Wednesday 30 September, 33 days ago,
    // its 20 working days are 8 Oct (1), 9 (2), Sat 10 调休 (3), 12–16 (4–8), 19–23 (9–13),
    // 26–30 (14–18), 2 Nov (19), 3 Nov (20): due tomorrow. (Worked out by hand from the
    // seeded calendar, not by the clock under test.)
    let yellow_days = 33;
    let red = [
        received_days_ago(&app, 70).await,
        received_days_ago(&app, 60).await,
    ];
    let yellow = received_days_ago(&app, yellow_days).await;
    let fresh = received_days_ago(&app, 0).await;
    let answered = received_days_ago(&app, 1).await;
    let mut staff = app.signed_in("taizhang", &[Role::DisclosureOfficer]).await;
    json(
        staff
            .post(
                &format!("/api/v1/disclosure-requests/{answered}/reply"),
                &json!({"outcome": "disclosed", "body": "予以公开。"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;

    let list = |q: &str| format!("/api/v1/disclosure-requests?{q}");
    let all = json(staff.get(&list("")).await, StatusCode::OK).await;
    assert_eq!(
        (&all["total"], &all["open"], &all["red"], &all["yellow"]),
        (&json!(5), &json!(4), &json!(2), &json!(1))
    );
    let order: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tracking_no"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        [&red[0], &red[1], &yellow, &fresh, &answered],
        "overdue first, soonest due next, replied last"
    );

    let reds = json(staff.get(&list("card=red")).await, StatusCode::OK).await;
    assert_eq!(reds["total"], 2);
    assert!(reds["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["overdue"] == "red"));
    assert_eq!(reds["open"], 4, "the desk's counts ignore the filter");
    let replied = json(staff.get(&list("status=replied")).await, StatusCode::OK).await;
    assert_eq!(replied["total"], 1);
    assert_eq!(replied["items"][0]["tracking_no"], answered.as_str());
    let open = json(staff.get(&list("open=true")).await, StatusCode::OK).await;
    assert_eq!(open["total"], 4);

    // Page 3 of 2 per page: the last open one is on page 2, the replied one alone on 3.
    let p2 = json(staff.get(&list("per_page=2&page=2")).await, StatusCode::OK).await;
    assert_eq!(p2["items"][1]["tracking_no"], fresh.as_str());
    let p3 = json(staff.get(&list("per_page=2&page=3")).await, StatusCode::OK).await;
    assert_eq!(p3["items"].as_array().unwrap().len(), 1);
    assert_eq!(p3["items"][0]["tracking_no"], answered.as_str());

    let one = json(
        staff.get(&list(&format!("q={}", &yellow[3..]))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one["total"], 1);
    assert_eq!(one["items"][0]["tracking_no"], yellow.as_str());
    // Wildcards are looked for as they are: none of the open or replied ones holds one.
    for wild in ["%25", "_", "%25%25_%25"] {
        let none = json(staff.get(&list(&format!("q={wild}"))).await, StatusCode::OK).await;
        assert_eq!(none["total"], 0, "q={wild}");
    }

    let bad = json(
        staff.get(&list("card=purple&status=lost")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["card"].is_string());
    assert!(bad["error"]["fields"]["status"].is_string());
    let page = staff.get("/editor/disclosure?card=red").await;
    let html = page.text().await.unwrap();
    assert!(html.contains(&red[0]) && !html.contains(&fresh));
    assert!(html.contains("红牌 2 件"));
}

//! 依申请公开 and the annual report over HTTP, on SQLite or PostgreSQL.
mod common;

use app::auth::Role;
use common::disclosure::{application, apply, credit_code, resident_id};
use common::{json, spawn_app};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn apply_and_track_with_and_without_the_code() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let r = apply(&mut anon, "natural_person", &resident_id()).await;
    for f in [
        "tracking_no",
        "query_code",
        "received_on",
        "due_date",
        "status",
    ] {
        assert!(r[f].is_string(), "{f} missing in {r}");
    }
    assert_eq!(r["status"], "received");
    let no = r["tracking_no"].as_str().unwrap();
    let code = r["query_code"].as_str().unwrap();

    assert_eq!(
        anon.get(&format!("/api/v1/disclosure-requests/{no}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        anon.get(&format!(
            "/api/v1/disclosure-requests/{no}?query_code=WRONG123"
        ))
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let res = anon
        .get(&format!(
            "/api/v1/disclosure-requests/{no}?query_code={code}"
        ))
        .await;
    let text = res.text().await.unwrap();
    assert!(
        !text.contains(&resident_id()),
        "the ID number is never shown unmasked"
    );
    assert!(!text.contains("13800001234"));
    let got: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(got["tracking_no"], no);
    assert_eq!(
        got["id_number_masked"],
        "500*************".to_string() + &resident_id()[16..]
    );
    assert_eq!(got["due_date"], r["due_date"]);

    // Staff see it without the code, still masked.
    let mut staff = app
        .signed_in("gongkaiban", &[Role::DisclosureOfficer])
        .await;
    let got = json(
        staff
            .get(&format!("/api/v1/disclosure-requests/{no}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(!got.to_string().contains(&resident_id()));
    let list = json(
        staff.get("/api/v1/disclosure-requests").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let mut resident = app.signed_in("jumin2", &[Role::Resident]).await;
    assert_eq!(
        resident.get("/api/v1/disclosure-requests").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn application_validation_is_field_by_field() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let bad = json(
        anon.post(
            "/api/v1/disclosure-requests",
            &json!({"applicant": {"type": "natural_person", "name": "", "id_number": "500119199001011230"},
                    "description": "短", "form": "fax"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let f = &bad["error"]["fields"];
    assert_eq!(f["name"], "请填写申请人姓名或名称");
    assert!(f["id_number"].as_str().unwrap().contains("校验位"), "{f}");
    assert!(f["description"].is_string());
    assert!(f["form"].is_string());
    assert!(f["phone"].is_string(), "a contact is required");
    // Organisations give a unified social credit code.
    let r = apply(&mut anon, "commercial", &credit_code()).await;
    assert_eq!(r["status"], "received");
    let bad = anon
        .post(
            "/api/v1/disclosure-requests",
            &application("research", &resident_id()),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = anon
        .post_raw("/api/v1/disclosure-requests", "application/json", "{")
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn staff_steps_follow_the_clock_and_reply_notice_is_readable() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let r = apply(&mut anon, "natural_person", &resident_id()).await;
    let no = r["tracking_no"].as_str().unwrap().to_string();
    let code = r["query_code"].as_str().unwrap().to_string();
    let base = format!("/api/v1/disclosure-requests/{no}");

    assert_eq!(
        anon.post(
            &format!("{base}/correction"),
            &json!({"note": "请说明年份"})
        )
        .await
        .status(),
        StatusCode::UNAUTHORIZED
    );
    let mut staff = app.signed_in("banli", &[Role::DisclosureOfficer]).await;
    let c = json(
        staff
            .post(
                &format!("{base}/correction"),
                &json!({"note": "请说明所需信息的年份"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(c["status"], "awaiting_correction");
    assert!(c["due_date"].is_null(), "the clock stops");
    assert_eq!(
        staff
            .post(&format!("{base}/correction"), &json!({"note": "again"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    // The applicant corrects with the code; the clock restarts.
    assert_eq!(
        anon.post(
            &format!("{base}/corrected"),
            &json!({"description": "2025年度"})
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let k = json(
        anon.post(
            &format!("{base}/corrected"),
            &json!({"query_code": code, "description": "2025年度"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(k["status"], "received");
    assert!(k["due_date"].is_string());

    let bad = json(
        staff
            .post(
                &format!("{base}/extend"),
                &json!({"working_days": 25, "approver": ""}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["working_days"].is_string());
    assert!(bad["error"]["fields"]["approver"].is_string());
    let e = json(
        staff
            .post(
                &format!("{base}/extend"),
                &json!({"working_days": 20, "approver": "李副区长"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(e["extension_days"], 20);
    assert!(e["due_date"].as_str().unwrap() > k["due_date"].as_str().unwrap());
    assert_eq!(
        staff
            .post(
                &format!("{base}/extend"),
                &json!({"working_days": 5, "approver": "李副区长"})
            )
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let p = json(
        staff
            .post(
                &format!("{base}/consultation"),
                &json!({"third_party": "某某公司"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(p["status"], "consulting");

    let bad = json(
        staff
            .post(
                &format!("{base}/reply"),
                &json!({"outcome": "withheld", "body": "不予公开"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["reason"].is_string());
    let done = json(
        staff
            .post(
                &format!("{base}/reply"),
                &json!({"outcome": "withheld", "reason": "third_party_rights", "body": "经征求第三方意见，不予公开。"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "replied");
    assert_eq!(done["outcome"], "withheld.third_party_rights");
    assert_eq!(
        staff
            .post(
                &format!("{base}/reply"),
                &json!({"outcome": "disclosed", "body": "x"})
            )
            .await
            .status(),
        StatusCode::CONFLICT
    );
    // The applicant reads the reply and its notice page.
    let got = json(
        anon.get(&format!("{base}?query_code={code}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["reply_body"], "经征求第三方意见，不予公开。");
    // The printable notice: staff open it by its address; the applicant's code never goes
    // into a URL (the tracking page shows the notice after a POST), so one there opens nothing.
    let page = anon
        .get(&format!(
            "/disclosure-requests/{no}/notice?query_code={code}"
        ))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(!html.contains("经征求第三方意见，不予公开。"));
    let page = staff
        .get(&format!("/disclosure-requests/{no}/notice"))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("告知书"));
    assert!(html.contains("经征求第三方意见，不予公开。"));
}

#[tokio::test]
async fn annual_report_is_consistent_and_counts_outcomes() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let mut staff = app
        .signed_in("baobiao", &[Role::Editor, Role::DisclosureOfficer])
        .await;
    let outcomes = [
        ("disclosed", None),
        ("already_public", None),
        ("partially_disclosed", None),
        ("unavailable", Some("not_held")),
        ("not_processed", Some("repeated")),
    ];
    for (i, (o, reason)) in outcomes.iter().enumerate() {
        let kind = if i.is_multiple_of(2) {
            "natural_person"
        } else {
            "commercial"
        };
        let id = if i.is_multiple_of(2) {
            resident_id()
        } else {
            credit_code()
        };
        let r = apply(&mut anon, kind, &id).await;
        let no = r["tracking_no"].as_str().unwrap();
        json(
            staff
                .post(
                    &format!("/api/v1/disclosure-requests/{no}/reply"),
                    &json!({"outcome": o, "reason": reason, "body": "答复"}),
                )
                .await,
            StatusCode::OK,
        )
        .await;
    }
    apply(&mut anon, "research", &credit_code()).await;
    let year = app.state.clock.today().format("%Y").to_string();
    let rep = json(
        anon.get(&format!("/api/v1/reports/annual/{year}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rep["consistent"], true, "{rep}");
    let row = |k: &str| -> Vec<i64> {
        rep["table3"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == k)
            .unwrap()["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect()
    };
    assert_eq!(row("new")[6], 6);
    assert_eq!(row("disclosed")[6], 2);
    assert_eq!(row("partial"), vec![1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(row("unavailable.not_held")[1], 1);
    assert_eq!(row("not_processed.repeated")[0], 1);
    assert_eq!(row("results_total")[6], 5);
    assert_eq!(row("carried_forward"), vec![0, 0, 1, 0, 0, 0, 1]);

    // Staff figures for tables 2 and 4.
    assert_eq!(
        anon.post(
            &format!("/api/v1/reports/annual/{year}/figures"),
            &json!({"figures": {"permits": 3}})
        )
        .await
        .status(),
        StatusCode::UNAUTHORIZED
    );
    let bad = staff
        .post(
            &format!("/api/v1/reports/annual/{year}/figures"),
            &json!({"figures": {"permits": "-1"}}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let rep = json(
        staff
            .post(
                &format!("/api/v1/reports/annual/{year}/figures"),
                &json!({"figures": {"permits": 120, "fees_wan": "35.5", "review_upheld": 2, "review_pending": "1"}}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rep["table2"]["permits"], 120);
    assert_eq!(rep["table2"]["fees_wan"], "35.5");
    assert_eq!(rep["table4"]["review"]["total"], 3);
    let csv = anon
        .get(&format!("/api/v1/reports/annual/{year}/csv"))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.text().await.unwrap().contains("本年新收"));
    assert_eq!(
        anon.get("/api/v1/reports/annual/abcd").await.status(),
        StatusCode::NOT_FOUND
    );
    let page = anon.get(&format!("/reports/annual/{year}")).await;
    assert_eq!(page.status(), StatusCode::OK);
}

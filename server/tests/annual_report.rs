//! The national annual report (国办公开办函〔2021〕30号) through the database, across two
//! years: documents published, repealed and in force for table 2, and applications received
//! in one year and answered in the next for table 3. The server's clock is pinned and moved
//! to each day things happen, so every figure comes from rows the portal wrote itself; the
//! expected figures are counted here by hand from the story below.
mod common;

use app::auth::Role;
use common::catalog::first_department;
use common::disclosure::{application, credit_code, resident_id};
use common::{json, spawn_app_on, Client, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// A document in `column`, published today (by the pinned clock); its id.
async fn published(app: &TestApp, ed: &mut Client<'_>, column: &str, title: &str) -> i64 {
    let today = app.state.clock.today().to_string();
    let dept = first_department(ed).await;
    let d = json(
        ed.post(
            "/api/v1/documents",
            &json!({
                "column": column, "title": title, "body": format!("{title}全文。"),
                "publisher_id": dept, "written_on": today, "published_on": today,
                "doc_no": format!("南川府令〔{}〕{}号", &today[..4], title.len()),
                "subject": "综合政务", "keywords": ["规章"]
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(d["published_on"], today.as_str());
    d["id"].as_i64().unwrap()
}

async fn repeal(ed: &mut Client<'_>, id: i64) {
    json(
        ed.post(
            &format!("/api/v1/documents/{id}/validity"),
            &json!({"validity": "repealed"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
}

/// An application filed today through the public form; its tracking number.
async fn applied(c: &mut Client<'_>, kind: &str) -> String {
    let id = if kind == "natural_person" {
        resident_id()
    } else {
        credit_code()
    };
    json(
        c.post("/api/v1/disclosure-requests", &application(kind, &id))
            .await,
        StatusCode::CREATED,
    )
    .await["tracking_no"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn reply(staff: &mut Client<'_>, no: &str, outcome: &str, reason: Option<&str>) {
    json(
        staff
            .post(
                &format!("/api/v1/disclosure-requests/{no}/reply"),
                &json!({"outcome": outcome, "reason": reason, "body": "答复如下。"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
}

fn rows(report: &Value) -> std::collections::BTreeMap<String, Vec<i64>> {
    report["table3"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_string(),
                r["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_i64().unwrap())
                    .collect(),
            )
        })
        .collect()
}

#[tokio::test]
async fn tables_two_and_three_across_two_years() {
    let app = spawn_app_on(day("2025-03-05")).await;
    let clock = app.state.clock.clone();
    let mut ed = app.signed_in("guifan", &[Role::Editor]).await;
    let mut officer = app.signed_in("shenqing", &[Role::DisclosureOfficer]).await;
    let mut public = app.client();

    // 2025. 规章 G1 and G2 published; applications A1–A3 in June, A4 in December; A1
    // answered in June.
    let _g1 = published(&app, &mut ed, "gz", "南川区城市绿化管理办法").await;
    clock.move_to(day("2025-04-01"));
    let g2 = published(&app, &mut ed, "gz", "南川区户外广告管理办法").await;
    clock.move_to(day("2025-06-02"));
    let a1 = applied(&mut public, "natural_person").await;
    let a2 = applied(&mut public, "commercial").await;
    let _a3 = applied(&mut public, "natural_person").await;
    clock.move_to(day("2025-06-16"));
    reply(&mut officer, &a1, "disclosed", None).await;
    clock.move_to(day("2025-12-01"));
    let a4 = applied(&mut public, "natural_person").await;

    // 2026. G2 repealed; G3 published; G4 published and repealed; a draft and a document
    // of another column that table 2's 规章 row must not count; one 行政规范性文件.
    // A2 and A4 answered in January; A5 (a research institute) and A6 filed in March,
    // A5 answered. A3 and A6 stay open.
    clock.move_to(day("2026-01-05"));
    repeal(&mut ed, g2).await;
    reply(&mut officer, &a2, "already_public", None).await;
    reply(&mut officer, &a4, "disclosed", None).await;
    clock.move_to(day("2026-03-02"));
    let _g3 = published(&app, &mut ed, "gz", "南川区物业管理办法").await;
    let a5 = applied(&mut public, "research").await;
    let _a6 = applied(&mut public, "natural_person").await;
    clock.move_to(day("2026-03-10"));
    reply(&mut officer, &a5, "unavailable", Some("not_held")).await;
    let _other_column = published(&app, &mut ed, "zfwj", "关于做好春耕生产的通知").await;
    let _normative = published(&app, &mut ed, "gfxwj", "南川区农村建房管理规定").await;
    let dept = first_department(&mut ed).await;
    json(
        ed.post(
            "/api/v1/documents",
            &json!({"column": "gz", "title": "南川区停车场管理办法（草案）", "body": "草案全文。",
                    "publisher_id": dept, "written_on": "2026-03-10", "published_on": null,
                    "doc_no": "", "subject": "综合政务", "keywords": []}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    clock.move_to(day("2026-05-06"));
    let g4 = published(&app, &mut ed, "gz", "南川区夜市管理办法").await;
    clock.move_to(day("2026-08-03"));
    repeal(&mut ed, g4).await;
    clock.move_to(day("2026-11-02"));

    let report = |year: i32| {
        let mut c = app.client();
        async move {
            json(
                c.get(&format!("/api/v1/reports/annual/{year}")).await,
                StatusCode::OK,
            )
            .await
        }
    };
    let r2025 = report(2025).await;
    let r2026 = report(2026).await;

    // Table 2, 规章: issued in the year, repealed in the year, in force at its end.
    // 2025: G1, G2 issued; both in force on 31 December (G2 was repealed only in 2026).
    assert_eq!(
        r2025["table2"]["regulations"],
        json!({"issued": 2, "repealed": 0, "in_force": 2})
    );
    // 2026: G3, G4 issued; G2, G4 repealed; G1, G3 in force. The draft and the notice
    // are not 规章.
    assert_eq!(
        r2026["table2"]["regulations"],
        json!({"issued": 2, "repealed": 2, "in_force": 2})
    );
    assert_eq!(
        r2026["table2"]["normative"],
        json!({"issued": 1, "repealed": 0, "in_force": 1})
    );
    assert_eq!(
        r2025["table2"]["normative"],
        json!({"issued": 0, "repealed": 0, "in_force": 0})
    );

    // Table 3, columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    let t = rows(&r2025);
    assert_eq!(t["new"], [3, 1, 0, 0, 0, 0, 4], "A1–A4");
    assert_eq!(t["carried_over"], [0; 7]);
    assert_eq!(t["disclosed"], [1, 0, 0, 0, 0, 0, 1], "A1");
    assert_eq!(t["results_total"], [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(t["carried_forward"], [2, 1, 0, 0, 0, 0, 3], "A2–A4");

    let t = rows(&r2026);
    assert_eq!(t["new"], [1, 0, 1, 0, 0, 0, 2], "A5, A6");
    assert_eq!(t["carried_over"], [2, 1, 0, 0, 0, 0, 3], "A2–A4 from 2025");
    // 已主动公开 (A2) is counted with 予以公开 (A4), as the national table has it.
    assert_eq!(t["disclosed"], [1, 1, 0, 0, 0, 0, 2], "A2, A4");
    assert_eq!(t["unavailable.not_held"], [0, 0, 1, 0, 0, 0, 1], "A5");
    assert_eq!(t["results_total"], [1, 1, 1, 0, 0, 0, 3]);
    assert_eq!(t["carried_forward"], [2, 0, 0, 0, 0, 0, 2], "A3, A6");
    // Every other result row is empty; A1, answered within 2025, is in no 2026 row.
    let counted = [
        "new",
        "carried_over",
        "disclosed",
        "unavailable.not_held",
        "results_total",
        "carried_forward",
    ];
    for (key, values) in &t {
        if !counted.contains(&key.as_str()) {
            assert_eq!(values, &[0; 7], "{key}");
        }
    }
    // The figures above satisfy 一 + 二 = 三 + 四; the report says so too.
    assert_eq!(r2026["consistent"], true);
    assert_eq!(r2025["consistent"], true);
}

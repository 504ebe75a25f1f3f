//! Art. 30: an application not corrected within the deadline the 补正 notice gives is closed
//! as abandoned by the upkeep pass, once, dated the day after the deadline, and counted in
//! table 3's row 其他处理 1. Over HTTP on SQLite or PostgreSQL, with the clock pinned.
//!
//! Deadlines are counted here by hand on the seeded 2026 arrangements (国庆 1–7 October,
//! 调休上班 Saturday 10 October): 15 working days from the notice.
mod common;

use app::auth::Role;
use app::disclosure::steps::abandon_uncorrected;
use common::disclosure::{apply, resident_id, table3_total as row, view};
use common::{json, spawn_app_on, Client, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

async fn ask_correction(c: &mut Client<'_>, no: &str) -> Value {
    json(
        c.post(
            &format!("/api/v1/disclosure-requests/{no}/correction"),
            &json!({"note": "请写明所需文件的年份。"}),
        )
        .await,
        StatusCode::OK,
    )
    .await
}

async fn sweep(app: &TestApp, on: &str) -> u64 {
    app.state.clock.move_to(day(on));
    abandon_uncorrected(&app.state.db, day(on)).await.unwrap()
}

#[tokio::test]
async fn an_application_left_uncorrected_is_closed_the_day_after_its_deadline() {
    // Friday 25 September 2026.
    let app = spawn_app_on(day("2026-09-25")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("buzheng", &[Role::DisclosureOfficer]).await;
    let silent = apply(&mut anon, "natural_person", &resident_id()).await;
    let silent_no = silent["tracking_no"].as_str().unwrap().to_string();
    let prompt = apply(&mut anon, "natural_person", &resident_id()).await;
    let prompt_no = prompt["tracking_no"].as_str().unwrap().to_string();
    let prompt_code = prompt["query_code"].as_str().unwrap().to_string();

    // Notices on Monday 28 September. 15 working days: 29, 30 Sep (1–2), 8, 9 Oct (3–4),
    // Saturday 10 (调休, 5), 12–16 (6–10), 19–23 (11–15). Without the 调休 Saturday it
    // would be 26 October; in calendar days 13 October.
    app.state.clock.move_to(day("2026-09-28"));
    let asked = ask_correction(&mut officer, &silent_no).await;
    assert_eq!(asked["correction_due"], "2026-10-23");
    assert_eq!(asked["status"], "awaiting_correction");
    ask_correction(&mut officer, &prompt_no).await;

    // The other applicant corrects in time, with the query code.
    app.state.clock.move_to(day("2026-10-20"));
    json(
        anon.post(
            &format!("/api/v1/disclosure-requests/{prompt_no}/corrected"),
            &json!({"query_code": prompt_code, "description": "所需文件为2026年度的。"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    // On the last day nothing happens; the day after, the silent one is closed.
    assert_eq!(sweep(&app, "2026-10-23").await, 0);
    assert_eq!(
        view(&mut officer, &silent_no).await["status"],
        "awaiting_correction"
    );
    assert_eq!(sweep(&app, "2026-10-24").await, 1);
    let closed = view(&mut officer, &silent_no).await;
    assert_eq!(closed["status"], "replied");
    assert_eq!(closed["outcome"], "other.no_correction");
    assert_eq!(closed["replied_on"], "2026-10-24");
    assert_eq!(closed["correction_due"], Value::Null);
    assert!(closed["reply_body"].as_str().unwrap().contains("第三十条"));
    assert!(closed["outcome_label"]
        .as_str()
        .unwrap()
        .contains("逾期不补正"));
    let corrected = view(&mut officer, &prompt_no).await;
    assert_eq!(corrected["status"], "received");

    // Idempotent: later passes close nothing more, and the closing is on the record once.
    assert_eq!(sweep(&app, "2026-10-26").await, 0);
    assert_eq!(sweep(&app, "2026-11-30").await, 0);
    let mut admin = app.signed_in("jilu", &[Role::Admin]).await;
    let audit = json(
        admin
            .get("/api/v1/admin/audit?action=disclosure.abandoned")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit["total"], 1, "{audit}");
}

#[tokio::test]
async fn a_late_pass_counts_the_abandonment_in_the_year_its_deadline_passed() {
    // Received Monday 30 November 2026, notice on Tuesday 1 December. 15 working days:
    // 2–4 (1–3), 7–11 (4–8), 14–18 (9–13), 21–22 (14–15): the deadline is 22 December.
    let app = spawn_app_on(day("2026-11-30")).await;
    let mut anon = app.client();
    let mut officer = app.signed_in("buzheng2", &[Role::DisclosureOfficer]).await;
    let a = apply(&mut anon, "natural_person", &resident_id()).await;
    let no = a["tracking_no"].as_str().unwrap().to_string();
    app.state.clock.move_to(day("2026-12-01"));
    assert_eq!(
        ask_correction(&mut officer, &no).await["correction_due"],
        "2026-12-22"
    );

    // The server was down over the new year: the first pass runs on 5 January 2027.
    assert_eq!(sweep(&app, "2027-01-05").await, 1);
    assert_eq!(view(&mut officer, &no).await["replied_on"], "2026-12-23");
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
    let r2026 = report(2026).await;
    assert_eq!(row(&r2026, "new"), 1);
    assert_eq!(row(&r2026, "other.no_correction"), 1, "{}", r2026["table3"]);
    assert_eq!(
        row(&r2026, "carried_forward"),
        0,
        "no longer carried forward"
    );
    assert_eq!(r2026["consistent"], true);
    let r2027 = report(2027).await;
    assert_eq!(row(&r2027, "carried_over"), 0);
}

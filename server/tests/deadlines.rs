//! Deadlines end to end: the exact due dates and cards a resident and the staff are shown,
//! over HTTP, with the server's clock pinned and moved on day by day.
//!
//! Every expected date is worked out here by hand from the published 2026 arrangements the
//! database is seeded with (中秋 25–27 September, 国庆 1–7 October, 调休上班 Sunday 20
//! September and Saturday 10 October), never by the code under test. The comments list the
//! working days counted, so that a wrong expectation is easy to see; each one also says what
//! a plausible mistake would give instead.
mod common;
mod questions_support;

use app::auth::Role;
use chrono::NaiveDate;
use common::disclosure::{apply, resident_id};
use common::{json, spawn_app_on_with, Client, TestApp};
use questions_support::department_id;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn app_on(d: &str) -> TestApp {
    spawn_app_on_with(day(d), |c| c.anonymous_questions_per_hour = u32::MAX).await
}

/// A question of `kind` submitted and routed to 区交通局 today; the routed question.
async fn routed(app: &TestApp, moderator: &mut Client<'_>, kind: &str) -> Value {
    let dept = department_id(moderator, "区交通局").await;
    let q = json(
        app.client()
            .post(
                "/api/v1/questions",
                &json!({
                    "kind": kind, "title": "路口红绿灯", "body": "学校路口的红绿灯时长太短。",
                    "is_public": true, "contact": {"name": "张三", "phone": "13812341234"}
                }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let no = q["tracking_no"].as_str().unwrap();
    json(
        moderator
            .post(
                &format!("/api/v1/questions/{no}/accept"),
                &json!({"department_id": dept}),
            )
            .await,
        StatusCode::OK,
    )
    .await
}

async fn card_on(app: &TestApp, moderator: &mut Client<'_>, no: &str, on: &str) -> String {
    app::questions::service::overdue::sweep(&app.state.db, day(on))
        .await
        .unwrap();
    let q = json(
        moderator.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    q["overdue"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn questions_routed_on_the_eve_of_national_day_count_working_days_and_the_makeup_saturday() {
    // Wednesday 30 September 2026.
    let app = app_on("2026-09-30").await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;

    // 求助, 5 working days: 8 Oct (1), 9 (2), Sat 10 调休 (3), 12 (4), 13 (5).
    // Calendar days would give 5 Oct; weekdays without the holidays 7 Oct; the holidays
    // without the 调休 Saturday 14 Oct.
    let help = routed(&app, &mut moderator, "help").await;
    assert_eq!(help["due_date"], "2026-10-13");
    assert_eq!(help["overdue"], "none");
    // 投诉, 7 working days: … 13 (5), 14 (6), 15 (7).
    let complaint = routed(&app, &mut moderator, "complaint").await;
    assert_eq!(complaint["due_date"], "2026-10-15");

    // The one extension counts on from the due date: 14 Oct (1), 15 (2).
    let no = help["tracking_no"].as_str().unwrap();
    let extended = json(
        moderator
            .post(
                &format!("/api/v1/questions/{no}/extend"),
                &json!({"working_days": 2, "reason": "需现场勘查"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(extended["due_date"], "2026-10-15");

    // Cards as the days go by (due 15 Oct, red after more than 3 working days overdue).
    for (on, card) in [
        ("2026-10-12", "none"),   // 13, 14, 15 left
        ("2026-10-13", "none"),   // 14, 15 left
        ("2026-10-14", "yellow"), // one working day left
        ("2026-10-16", "yellow"), // overdue by 1
        // Overdue by 16, 19, 20 October: 3 working days, not more than 3. Calendar days
        // would already make it red on the 19th.
        ("2026-10-20", "yellow"),
        ("2026-10-21", "red"), // 4
    ] {
        assert_eq!(card_on(&app, &mut moderator, no, on).await, card, "on {on}");
    }
}

#[tokio::test]
async fn a_changed_time_limit_red_after_and_an_added_holiday_take_effect() {
    // Monday 2 November 2026, no holiday near in the seeded calendar.
    let app = app_on("2026-11-02").await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let limits = json!({"limits": [
        {"kind": "opinion", "working_days": 5}, {"kind": "suggestion", "working_days": 5},
        {"kind": "help", "working_days": 13}, {"kind": "complaint", "working_days": 7}],
        "red_after": 1});
    json(
        admin
            .send(Method::PUT, "/api/v1/admin/time-limits", &limits, &[])
            .await,
        StatusCode::OK,
    )
    .await;
    // Wednesday 11 November made a holiday through the admin's calendar page.
    let save = common::server_fns()["/api/save_calendar_day"].clone();
    let res = admin
        .post_raw(
            &save,
            "application/x-www-form-urlencoded",
            "day=2026-11-11&kind=holiday&name=%E6%BC%94%E7%BB%83",
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    // 13 working days: 3 (1), 4, 5, 6, 9 (5), 10 (6), [11 off], 12 (7), 13 (8), 16 (9),
    // 17 (10), 18 (11), 19 (12), 20 (13). The default 5 would give 9 Nov; the database's
    // holiday ignored, 19 Nov.
    let q = routed(&app, &mut moderator, "help").await;
    assert_eq!(q["due_date"], "2026-11-20");
    let no = q["tracking_no"].as_str().unwrap();
    // Red after more than 1 working day overdue: Monday 23rd is 1 (yellow), the 24th is 2.
    // The default of 3 would leave it yellow on the 24th.
    assert_eq!(
        card_on(&app, &mut moderator, no, "2026-11-18").await,
        "none"
    );
    assert_eq!(
        card_on(&app, &mut moderator, no, "2026-11-19").await,
        "yellow"
    );
    assert_eq!(
        card_on(&app, &mut moderator, no, "2026-11-23").await,
        "yellow"
    );
    assert_eq!(card_on(&app, &mut moderator, no, "2026-11-24").await, "red");
}

async fn disclosure(c: &mut Client<'_>, no: &str) -> Value {
    json(
        c.get(&format!("/api/v1/disclosure-requests/{no}")).await,
        StatusCode::OK,
    )
    .await
}

async fn step(c: &mut Client<'_>, no: &str, what: &str, body: Value) -> Value {
    json(
        c.post(&format!("/api/v1/disclosure-requests/{no}/{what}"), &body)
            .await,
        StatusCode::OK,
    )
    .await
}

#[tokio::test]
async fn the_statutory_clock_across_national_day_with_correction_consultation_and_extension() {
    // Monday 28 September 2026.
    let app = app_on("2026-09-28").await;
    let clock = app.state.clock.clone();
    let mut anon = app.client();
    let mut officer = app.signed_in("banli", &[Role::DisclosureOfficer]).await;

    // 20 working days from receipt: 29 Sep (1), 30 (2), 8 Oct (3), 9 (4), Sat 10 (5),
    // 12–16 (6–10), 19–23 (11–15), 26–30 (16–20). Calendar days would give 18 Oct;
    // weekdays without the holidays 26 Oct; without the 调休 Saturday 2 Nov.
    let a = apply(&mut anon, "natural_person", &resident_id()).await;
    assert_eq!(a["received_on"], "2026-09-28");
    assert_eq!(a["due_date"], "2026-10-30");
    let a_no = a["tracking_no"].as_str().unwrap().to_string();
    let b = apply(&mut anon, "natural_person", &resident_id()).await;
    let (b_no, b_code) = (
        b["tracking_no"].as_str().unwrap().to_string(),
        b["query_code"].as_str().unwrap().to_string(),
    );

    // 补正 on the 30th stops B's clock; corrected on Friday 9 October it starts again from
    // that day: 10 (1), 12–16 (2–6), 19–23 (7–11), 26–30 (12–16), 2–5 Nov (17–20).
    clock.move_to(day("2026-09-30"));
    let stopped = step(
        &mut officer,
        &b_no,
        "correction",
        json!({"note": "请说明所需信息的年份"}),
    )
    .await;
    assert_eq!(stopped["due_date"], Value::Null);
    clock.move_to(day("2026-10-09"));
    let restarted = step(
        &mut anon,
        &b_no,
        "corrected",
        json!({"query_code": b_code, "description": "申请公开2025年度医保基金收支情况。"}),
    )
    .await;
    assert_eq!(restarted["corrected_on"], "2026-10-09");
    assert_eq!(restarted["due_date"], "2026-11-05");

    // A third party consulted from Monday 12 to Friday 16 October: 13, 14, 15, 16 do not
    // count, so A's 20 days end 4 working days later: 2 Nov (21) … 5 Nov (24).
    clock.move_to(day("2026-10-12"));
    step(
        &mut officer,
        &a_no,
        "consultation",
        json!({"third_party": "某某医药公司"}),
    )
    .await;
    // While it lasts, the deadline moves on day by day: on the 14th two days have passed.
    clock.move_to(day("2026-10-14"));
    assert_eq!(
        disclosure(&mut officer, &a_no).await["due_date"],
        "2026-11-03"
    );
    clock.move_to(day("2026-10-16"));
    let ended = step(&mut officer, &a_no, "consultation/end", json!({})).await;
    assert_eq!(ended["due_date"], "2026-11-05");

    // The extension of 20 working days: 6 Nov (25), 9–13 (26–30), 16–20 (31–35),
    // 23–27 (36–40), 30 Nov (41), 1–3 Dec (42–44).
    clock.move_to(day("2026-10-20"));
    let extended = step(
        &mut officer,
        &a_no,
        "extend",
        json!({"working_days": 20, "approver": "李副区长"}),
    )
    .await;
    assert_eq!(extended["due_date"], "2026-12-03");

    // Cards: yellow with one working day left, red the day after the deadline.
    for (on, card) in [
        ("2026-12-01", "none"),
        ("2026-12-02", "yellow"),
        ("2026-12-03", "yellow"),
        ("2026-12-04", "red"),
    ] {
        clock.move_to(day(on));
        assert_eq!(
            disclosure(&mut officer, &a_no).await["overdue"],
            card,
            "on {on}"
        );
    }
    // The staff list filters by the same card.
    let red = json(
        officer.get("/api/v1/disclosure-requests?card=red").await,
        StatusCode::OK,
    )
    .await;
    let listed: Vec<&str> = red["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["tracking_no"].as_str().unwrap())
        .collect();
    assert!(listed.contains(&a_no.as_str()), "{listed:?}");
}

#[tokio::test]
async fn an_application_is_extended_only_while_its_clock_runs_and_before_its_deadline() {
    // Monday 2 November 2026: 20 working days end on Monday 30 November.
    let app = app_on("2026-11-02").await;
    let clock = app.state.clock.clone();
    let mut anon = app.client();
    let mut officer = app.signed_in("banli", &[Role::DisclosureOfficer]).await;
    let late = apply(&mut anon, "natural_person", &resident_id()).await;
    assert_eq!(late["due_date"], "2026-11-30");
    let late_no = late["tracking_no"].as_str().unwrap().to_string();
    let waiting = apply(&mut anon, "natural_person", &resident_id()).await;
    let waiting_no = waiting["tracking_no"].as_str().unwrap().to_string();
    let on_time = apply(&mut anon, "natural_person", &resident_id()).await;
    let on_time_no = on_time["tracking_no"].as_str().unwrap().to_string();
    let extension = json!({"working_days": 10, "approver": "李副区长"});

    // While a 补正 request waits, the clock is stopped and there is nothing to extend.
    step(
        &mut officer,
        &waiting_no,
        "correction",
        json!({"note": "请说明所需信息的年份"}),
    )
    .await;
    let refused = json(
        officer
            .post(
                &format!("/api/v1/disclosure-requests/{waiting_no}/extend"),
                &extension,
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        refused["error"]["message"],
        "申请正在等待补正，期限中止，不能延期"
    );

    // On the due date itself the extension is in time: 10 more working days end 14 December.
    clock.move_to(day("2026-11-30"));
    let extended = step(&mut officer, &on_time_no, "extend", extension.clone()).await;
    assert_eq!(extended["due_date"], "2026-12-14");

    // The day after, it would wipe a red card after the fact: 409, and the card stays red.
    clock.move_to(day("2026-12-01"));
    let refused = json(
        officer
            .post(
                &format!("/api/v1/disclosure-requests/{late_no}/extend"),
                &extension,
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(refused["error"]["message"], "答复期限已过，不能再延期");
    let still = disclosure(&mut officer, &late_no).await;
    assert_eq!(still["overdue"], "red");
    assert_eq!(still["due_date"], "2026-11-30");
    assert_eq!(still["extension_days"], Value::Null);
}

/// An admin's calendar correction through the page's server function: the form's fields.
async fn correct_calendar(admin: &mut Client<'_>, fn_name: &str, form: &str) -> Value {
    let url = common::server_fns()[&format!("/api/{fn_name}")].clone();
    json(
        admin
            .post_raw(&url, "application/x-www-form-urlencoded", form)
            .await,
        StatusCode::OK,
    )
    .await
}

#[tokio::test]
async fn deadlines_follow_a_corrected_calendar() {
    // Monday 2 November 2026.
    let app = app_on("2026-11-02").await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let mut admin = app.signed_in("rili", &[Role::Admin]).await;
    let mut anon = app.client();

    // 求助, 5 working days: 3 (1), 4 (2), 5 (3), 6 (4), 9 (5).
    let q = routed(&app, &mut moderator, "help").await;
    let no = q["tracking_no"].as_str().unwrap().to_string();
    assert_eq!(q["due_date"], "2026-11-09");
    // An application: 20 working days, 3–6, 9–13, 16–20, 23–27, 30 November.
    let a = apply(&mut anon, "natural_person", &resident_id()).await;
    let a_no = a["tracking_no"].as_str().unwrap().to_string();
    assert_eq!(a["due_date"], "2026-11-30");
    let mut officer = app.signed_in("banli", &[Role::DisclosureOfficer]).await;
    let due_of = |v: Value| v["due_date"].as_str().unwrap().to_string();

    // A holiday declared on Thursday the 5th: the question's 9 November becomes the 10th
    // (3, 4, 6, 9, 10), the application's 30 November becomes 1 December.
    let c = correct_calendar(
        &mut admin,
        "save_calendar_day",
        "day=2026-11-05&kind=holiday&name=%E4%B8%B4%E6%97%B6%E6%94%BE%E5%81%87",
    )
    .await;
    assert_eq!(c["deadlines_moved"], 1);
    let moved = json(
        moderator.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["due_date"], "2026-11-10");
    let a_now = json(
        officer
            .get(&format!("/api/v1/disclosure-requests/{a_no}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(due_of(a_now), "2026-12-01");

    // The move is in the question's history, in words.
    use app::entities::{question_events as events, questions};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let id = questions::Entity::find()
        .filter(questions::Column::TrackingNo.eq(no.as_str()))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let history: Vec<String> = events::Entity::find()
        .filter(events::Column::QuestionId.eq(id))
        .filter(events::Column::Action.eq("calendar_correction"))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect();
    assert_eq!(
        history,
        ["工作日历调整，答复期限由 2026-11-09 改为 2026-11-10"]
    );

    // A make-up Saturday on the 7th brings it back in: 3, 4, 6, 7, 9.
    let c = correct_calendar(
        &mut admin,
        "save_calendar_day",
        "day=2026-11-07&kind=workday&name=%E8%B0%83%E4%BC%91%E4%B8%8A%E7%8F%AD",
    )
    .await;
    assert_eq!(c["deadlines_moved"], 1);
    // Removing both restores the original dates.
    for d in ["2026-11-05", "2026-11-07"] {
        correct_calendar(&mut admin, "remove_calendar_day", &format!("day={d}")).await;
    }
    let back = json(
        moderator.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(back["due_date"], "2026-11-09");

    // A correction of a day already past moves nothing.
    let c = correct_calendar(
        &mut admin,
        "save_calendar_day",
        "day=2026-11-02&kind=holiday&name=%E8%A1%A5%E7%99%BB",
    )
    .await;
    assert_eq!(c["deadlines_moved"], 0);
    assert_eq!(
        json(
            moderator.get(&format!("/api/v1/questions/{no}")).await,
            StatusCode::OK,
        )
        .await["due_date"],
        "2026-11-09"
    );

    // A bad day is refused field by field, and nothing moves.
    let url = common::server_fns()["/api/save_calendar_day"].clone();
    let bad = admin
        .post_raw(
            &url,
            "application/x-www-form-urlencoded",
            "day=2026-02-30&kind=holiday&name=",
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn admins_are_warned_while_next_years_arrangement_is_missing() {
    // The seeded calendar holds 2025–2027; 2028's arrangement is expected from November 2027.
    let app = app_on("2027-10-31").await;
    let mut admin = app.signed_in("rili", &[Role::Admin]).await;
    let url = common::server_fns()["/api/missing_arrangement_years"].clone();
    let missing = |res: reqwest::Response| async { json(res, StatusCode::OK).await };
    let none = missing(
        admin
            .post_raw(&url, "application/x-www-form-urlencoded", "")
            .await,
    )
    .await;
    assert_eq!(none, json!([]));
    app.state.clock.move_to(day("2027-11-01"));
    let due = missing(
        admin
            .post_raw(&url, "application/x-www-form-urlencoded", "")
            .await,
    )
    .await;
    assert_eq!(due, json!([2028]));
    // The admin's pages say so.
    let html = admin.get("/admin").await.text().await.unwrap();
    assert!(
        html.contains("工作日历尚未登记 2028 年的放假调休安排"),
        "{html}"
    );
    // Entering one day of 2028 is entering its arrangement.
    correct_calendar(
        &mut admin,
        "save_calendar_day",
        "day=2028-01-01&kind=holiday&name=%E5%85%83%E6%97%A6",
    )
    .await;
    let after = missing(
        admin
            .post_raw(&url, "application/x-www-form-urlencoded", "")
            .await,
    )
    .await;
    assert_eq!(after, json!([]));
    // Not for anyone else.
    let mut anon = app.client();
    assert_ne!(
        anon.post_raw(&url, "application/x-www-form-urlencoded", "")
            .await
            .status(),
        StatusCode::OK
    );
}

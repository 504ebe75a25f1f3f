//! When interviews are announced, and changing them afterwards, over HTTP on a pinned clock:
//! a preview goes out 3 days to a month ahead for 60–120 minutes, or with a reason that is
//! kept and audited; a new time or a cancellation is announced on the interview's page.
//! On SQLite or PostgreSQL.
mod common;
mod interviews_support;

use app::auth::Role;
use common::{audit_count, json, server_fns, spawn_app_on, Client};
use interviews_support::move_to;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

async fn interview(host: &mut Client<'_>, at: &str, minutes: i32) -> i64 {
    json(
        host.post(
            "/api/v1/interviews",
            &json!({"title": "冬季供暖保障在线访谈", "summary": "区城管局负责同志介绍冬季供暖保障措施。",
                    "scheduled_at": at, "duration_minutes": minutes,
                    "guests": [{"name": "王强", "title": "区城管局局长"}]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn stage(host: &mut Client<'_>, id: i64, body: Value, status: StatusCode) -> Value {
    json(
        host.post(&format!("/api/v1/interviews/{id}/stage"), &body)
            .await,
        status,
    )
    .await
}

#[tokio::test]
async fn announcing_outside_the_window_or_the_usual_length_takes_a_reason() {
    // Monday 2 November 2026: the window runs from the 5th to 2 December.
    let app = spawn_app_on(day("2026-11-02")).await;
    let mut host = app.signed_in("zhuchi", &[Role::Host]).await;
    let mut admin = app.signed_in("shenji", &[Role::Admin]).await;
    let preview = json!({"stage": "preview"});

    // Two days ahead: too soon, said on its field, with a request for a reason.
    let soon = interview(&mut host, "2026-11-04T09:30:00+08:00", 90).await;
    let e = stage(
        &mut host,
        soon,
        preview.clone(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let f = &e["error"]["fields"];
    let msg = f["scheduled_at"].as_str().unwrap();
    assert!(
        msg.contains("至少提前 3 天") && msg.contains("最早应在 2026-11-05"),
        "{e}"
    );
    assert!(f["override_reason"].is_string(), "{e}");
    assert!(f.get("duration_minutes").is_none(), "{e}");
    let still = json(
        host.get(&format!("/api/v1/interviews/{soon}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(still["stage"], "draft", "nothing moved");
    // With the reason it goes out, and the reason is kept for staff, not shown to the public.
    let reason = "市政府临时安排的专题访谈";
    let moved = stage(
        &mut host,
        soon,
        json!({"stage": "preview", "override_reason": reason}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["stage"], "preview");
    assert_eq!(moved["schedule_override"], reason);
    let public = json(
        app.client()
            .get(&format!("/api/v1/interviews/{soon}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["stage"], "preview");
    assert!(public["schedule_override"].is_null(), "{public}");
    assert_eq!(
        audit_count(&mut admin, "interview.schedule_override").await,
        1
    );

    // The window's last day is fine; the day after is too far ahead.
    let last = interview(&mut host, "2026-12-02T09:30:00+08:00", 90).await;
    let ok = stage(&mut host, last, preview.clone(), StatusCode::OK).await;
    assert!(ok["schedule_override"].is_null(), "{ok}");
    let far = interview(&mut host, "2026-12-03T09:30:00+08:00", 90).await;
    let e = stage(
        &mut host,
        far,
        preview.clone(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        e["error"]["fields"]["scheduled_at"]
            .as_str()
            .unwrap()
            .contains("最晚应在 2026-12-02"),
        "{e}"
    );
    // 60 and 120 minutes are usual; 150 and 45 are not.
    for (minutes, status) in [
        (60, StatusCode::OK),
        (120, StatusCode::OK),
        (150, StatusCode::UNPROCESSABLE_ENTITY),
        (45, StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let id = interview(&mut host, "2026-11-10T09:30:00+08:00", minutes).await;
        let r = stage(&mut host, id, preview.clone(), status).await;
        if status != StatusCode::OK {
            let m = r["error"]["fields"]["duration_minutes"].as_str().unwrap();
            assert!(m.contains(&format!("现为 {minutes} 分钟")), "{r}");
        }
    }

    // The console's door answers the same, field by field.
    let path = server_fns()["/api/advance_stage"].clone();
    let res = host
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            &format!("id={far}&to=preview"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("override_reason"), "{body}");
    let res = host
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            &format!("id={far}&to=preview&override_reason=%E4%B8%93%E9%A2%98%E8%AE%BF%E8%B0%88"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        audit_count(&mut admin, "interview.schedule_override").await,
        2
    );
}

async fn change(
    host: &mut Client<'_>,
    id: i64,
    what: &str,
    body: Value,
    status: StatusCode,
) -> Value {
    json(
        host.post(&format!("/api/v1/interviews/{id}/{what}"), &body)
            .await,
        status,
    )
    .await
}

#[tokio::test]
async fn a_new_time_or_a_cancellation_is_announced_on_the_page() {
    let app = spawn_app_on(day("2026-11-02")).await;
    let mut host = app.signed_in("zhuchi", &[Role::Host]).await;
    let mut admin = app.signed_in("shenji", &[Role::Admin]).await;
    let id = interview(&mut host, "2026-11-12T09:30:00+08:00", 90).await;
    move_to(&mut host, id, &["preview", "collecting"]).await;

    // Announced: a new time needs its notice, and the window applies again.
    let e = change(
        &mut host,
        id,
        "reschedule",
        json!({"scheduled_at": "2026-11-20T09:30"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["notice"].is_string(), "{e}");
    let notice =
        "因嘉宾临时公务安排，本期访谈调整至 11 月 20 日上午 9:30 举行，已征集的问题继续有效。";
    let e = change(
        &mut host,
        id,
        "reschedule",
        json!({"scheduled_at": "2026-11-03T09:30", "notice": notice}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["scheduled_at"].is_string(), "{e}");
    assert!(e["error"]["fields"]["override_reason"].is_string(), "{e}");
    let moved = change(
        &mut host,
        id,
        "reschedule",
        json!({"scheduled_at": "2026-11-20T09:30", "duration_minutes": "60", "notice": notice}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["scheduled_at"], "2026-11-20T09:30:00+08:00");
    assert_eq!(moved["duration_minutes"], 60);
    let mut anon = app.client();
    let public = json(
        anon.get(&format!("/api/v1/interviews/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["notice"]["kind"], "rescheduled");
    assert_eq!(public["notice"]["text"], notice);
    assert_eq!(public["notice"]["on"], "2026-11-02");
    let page = anon
        .get(&format!("/interviews/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("访谈时间调整公告") && page.contains(notice),
        "{page}"
    );
    // Still collecting: questions are taken.
    let asked = anon
        .post(
            &format!("/api/v1/interviews/{id}/questions"),
            &json!({"body": "供暖费补贴怎么申请？", "nickname": "老街坊"}),
        )
        .await;
    assert_eq!(asked.status(), StatusCode::CREATED);
    let qid = json(asked, StatusCode::CREATED).await["id"]
        .as_i64()
        .unwrap();
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
            &json!({"decision": "accept"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let vote = format!("/api/v1/interviews/{id}/questions/{qid}/vote");
    assert!(app
        .client()
        .post(&vote, &json!({}))
        .await
        .status()
        .is_success());

    // Cancelled: with its notice; then nothing more happens to it.
    let e = change(
        &mut host,
        id,
        "cancel",
        json!({"notice": "取消"}),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["notice"].is_string(), "{e}");
    let mut resident = app.signed_in("jumin", &[Role::Resident]).await;
    let res = resident
        .post(
            &format!("/api/v1/interviews/{id}/cancel"),
            &json!({"notice": notice}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let why = "因供暖保障工作调整，本期访谈取消，已征集的问题将转网络问政办理。";
    let cancelled = change(
        &mut host,
        id,
        "cancel",
        json!({"notice": why}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["notice"]["kind"], "cancelled");
    assert_eq!(
        cancelled["stage"], "collecting",
        "it keeps its stage, with the notice"
    );
    let page = anon
        .get(&format!("/interviews/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("访谈取消公告") && page.contains(why),
        "{page}"
    );
    assert!(page.contains("已取消"), "{page}");
    let res = anon
        .post(
            &format!("/api/v1/interviews/{id}/questions"),
            &json!({"body": "还能提问吗？还能提问吗？"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app.client().post(&vote, &json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    stage(
        &mut host,
        id,
        json!({"stage": "preparing"}),
        StatusCode::CONFLICT,
    )
    .await;
    change(
        &mut host,
        id,
        "cancel",
        json!({"notice": why}),
        StatusCode::CONFLICT,
    )
    .await;
    change(
        &mut host,
        id,
        "reschedule",
        json!({"scheduled_at": "2026-11-25T09:30", "notice": notice}),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(audit_count(&mut admin, "interview.reschedule").await, 1);
    assert_eq!(audit_count(&mut admin, "interview.cancel").await, 1);

    // A draft moves quietly and cannot be "cancelled" in public; a live one cannot change.
    let draft = interview(&mut host, "2026-11-12T09:30:00+08:00", 90).await;
    let quiet = change(
        &mut host,
        draft,
        "reschedule",
        json!({"scheduled_at": "2026-11-13T10:00"}),
        StatusCode::OK,
    )
    .await;
    assert!(quiet["notice"].is_null(), "{quiet}");
    change(
        &mut host,
        draft,
        "cancel",
        json!({"notice": why}),
        StatusCode::CONFLICT,
    )
    .await;
    move_to(
        &mut host,
        draft,
        &["preview", "collecting", "preparing", "rehearsal", "live"],
    )
    .await;
    change(
        &mut host,
        draft,
        "cancel",
        json!({"notice": why}),
        StatusCode::CONFLICT,
    )
    .await;
    change(
        &mut host,
        draft,
        "reschedule",
        json!({"scheduled_at": "2026-11-25T09:30", "notice": notice}),
        StatusCode::CONFLICT,
    )
    .await;
}

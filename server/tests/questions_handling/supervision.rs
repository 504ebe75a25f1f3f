//! 督办: supervisors' overview of the cards, and their notes to the department.
use super::common::{json, spawn_app_on, Client};
use super::questions_support::department_id;
use super::{handler_with_email, monday, outbox_to, path, post_ok, set_due, submitted};
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn json_ok_note(moderator: &mut Client<'_>, no: &str) {
    let res = moderator
        .post(&path(no, "notes"), &json!({"body": "已电话联系交通局"}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn supervisors_see_the_cards_and_their_notes_reach_the_department() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let mut supervisor = app.signed_in("duban", &[Role::Supervisor]).await;
    let mut resident = app.signed_in("jumin", &[Role::Resident]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    let mut handler = handler_with_email(&app, "jiaotong", dept, "jt@example.gov.cn").await;
    let (late, _) = submitted(&app, "红牌留言").await;
    let (fresh, _) = submitted(&app, "正常留言").await;
    for no in [&late, &fresh] {
        post_ok(&mut moderator, no, "accept", json!({"department_id": dept})).await;
    }
    set_due(&app, &late, "2026-10-20").await;
    app::questions::service::overdue::sweep(&app.state.db, monday())
        .await
        .unwrap();

    assert_eq!(
        resident.get("/api/v1/supervision").await.status(),
        StatusCode::FORBIDDEN
    );
    let overview = json(supervisor.get("/api/v1/supervision").await, StatusCode::OK).await;
    let line = overview["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department"]["name"] == "区交通局")
        .unwrap()
        .clone();
    assert_eq!(line["open"], 2);
    assert_eq!(line["red"], 1);
    assert_eq!(line["supervised"], 0);
    assert_eq!(overview["items"][0]["tracking_no"], late.as_str());
    assert_eq!(overview["items"][0]["overdue"], "red");

    let e = json(
        supervisor
            .post(&path(&late, "supervise"), &json!({"note": ""}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["note"].is_string());
    assert_eq!(
        resident
            .post(&path(&late, "supervise"), &json!({"note": "快办"}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = supervisor
        .post(
            &path(&late, "supervise"),
            &json!({"note": "已超期十天，请今日内答复"}),
        )
        .await;
    let q = json(res, StatusCode::CREATED).await;
    assert_eq!(q["supervisions"][0]["note"], "已超期十天，请今日内答复");
    assert_eq!(q["supervisions"][0]["by"], "duban");

    // The handler sees the note on the question, the question first in the queue, and a mail.
    let queue = json(
        handler.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["items"][0]["tracking_no"], late.as_str());
    assert_eq!(queue["items"][0]["supervised"], true);
    let theirs = json(
        handler.get(&format!("/api/v1/questions/{late}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        theirs["supervisions"][0]["note"],
        "已超期十天，请今日内答复"
    );
    assert!(outbox_to(&app, "jt@example.gov.cn")
        .await
        .iter()
        .any(|(s, b)| s.contains("督办") && b.contains("已超期十天")));
    let overview = json(supervisor.get("/api/v1/supervision").await, StatusCode::OK).await;
    assert!(overview["departments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["department"]["name"] == "区交通局" && d["supervised"] == 1));

    // Supervisors see the work, not the resident's contact data; internal notes stay
    // with the office, the contact goes to those who answer.
    json_ok_note(&mut moderator, &late).await;
    let id_of = |v: Value| v["user"]["id"].as_i64().unwrap() as i32;
    let sid = id_of(json(supervisor.get("/api/v1/auth/me").await, StatusCode::OK).await);
    let hid = id_of(json(handler.get("/api/v1/auth/me").await, StatusCode::OK).await);
    let mid = id_of(json(moderator.get("/api/v1/auth/me").await, StatusCode::OK).await);
    let view = |id: i32| {
        let (app, late) = (&app, late.clone());
        async move {
            app::questions::service::queries::view(
                &app.state.db,
                &app.state.secrets,
                &app.caller_of(id).await,
                &late,
                None,
            )
            .await
            .unwrap()
        }
    };
    let (s, h, m) = (view(sid).await, view(hid).await, view(mid).await);
    assert!(s.contact.is_none() && s.notes.is_empty());
    assert!(h.contact.is_some() && h.notes.is_empty());
    assert!(m.contact.is_some() && m.notes.len() == 1);
    assert_eq!(s.question.supervisions.len(), 1);

    // Nothing to press once it is answered.
    post_ok(&mut moderator, &late, "answer", json!({"body": "已修复。"})).await;
    assert_eq!(
        supervisor
            .post(&path(&late, "supervise"), &json!({"note": "再督办"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The public statistics count 督办 per department.
    let stats = json(
        app.client().get("/api/v1/questions/stats?year=2026").await,
        StatusCode::OK,
    )
    .await;
    let row = stats["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "区交通局")
        .unwrap()
        .clone();
    assert_eq!(row["supervised"], 1);
    assert_eq!(row["returns"], 0);
}

//! 网络问政 as an organisation, over HTTP (SQLite, or PostgreSQL with
//! `GONGKAI_TEST_DB=postgres`), following the additions of `api.md`: routing (转办), the
//! handlers' queue, draft → review → approve or send back, returns (退回), extension
//! requests, follow-ups, 督办, and the messages each move queues.
mod common;
mod questions_support;

use app::auth::Role;
use app::entities::{outbox, questions};
use chrono::NaiveDate;
use common::{json, spawn_app_on, Client, TestApp};
use questions_support::department_id;
use reqwest::StatusCode;
use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

/// Monday 2 November 2026: no holiday near, so five working days end on the 9th.
fn monday() -> NaiveDate {
    "2026-11-02".parse().unwrap()
}

/// An anonymous question with an e-mail address; (tracking number, query code).
async fn submitted(app: &TestApp, title: &str) -> (String, String) {
    let q = json(
        app.client()
            .post(
                "/api/v1/questions",
                &json!({
                    "kind": "opinion", "title": title, "body": "小区门口的路灯坏了两周，晚上很不安全。",
                    "is_public": true, "contact": {"name": "李四", "email": "lisi@example.com"}
                }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    (
        q["tracking_no"].as_str().unwrap().to_string(),
        q["query_code"].as_str().unwrap().to_string(),
    )
}

fn path(no: &str, action: &str) -> String {
    format!("/api/v1/questions/{no}/{action}")
}

async fn post_ok(c: &mut Client<'_>, no: &str, action: &str, body: Value) -> Value {
    json(c.post(&path(no, action), &body).await, StatusCode::OK).await
}

async fn set_due(app: &TestApp, no: &str, due: &str) {
    let due: NaiveDate = due.parse().unwrap();
    questions::Entity::update_many()
        .col_expr(questions::Column::DueDate, Expr::value(due))
        .filter(questions::Column::TrackingNo.eq(no))
        .exec(&app.state.db)
        .await
        .unwrap();
}

/// Queued messages to `to`, oldest first: (subject, body).
async fn outbox_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.subject, m.body))
        .collect()
}

async fn handler_with_email<'a>(
    app: &'a TestApp,
    name: &str,
    dept: i64,
    email: &str,
) -> Client<'a> {
    let mut c = app.signed_in_handler(name, &[dept as i32]).await;
    json(
        c.send(
            reqwest::Method::PUT,
            "/api/v1/auth/me",
            &json!({"email": email}),
            &[],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    c
}

#[tokio::test]
async fn a_department_drafts_the_office_reviews_and_the_resident_sees_the_answer() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    let other = department_id(&mut moderator, "区卫生局").await;
    let mut handler = handler_with_email(&app, "jiaotong", dept, "jt@example.gov.cn").await;
    let mut stranger = app.signed_in_handler("weisheng", &[other as i32]).await;
    let (no, code) = submitted(&app, "路灯不亮").await;

    let routed = post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    assert_eq!(routed["status"], "accepted");
    assert_eq!(routed["due_date"], "2026-11-09");

    // The handler's queue holds it; a handler of another department sees nothing of it.
    let queue = json(
        handler.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["tracking_no"], no.as_str());
    let elsewhere = json(
        stranger.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(elsewhere["total"], 0);
    assert_eq!(
        stranger
            .get(&format!("/api/v1/questions/{no}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let refused = json(
        stranger
            .post(
                &path(&no, "draft-answer"),
                &json!({"body": "不是我们的答复"}),
            )
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(refused["error"]["code"], "not_found");
    // Residents and moderators cannot draft in a department's name.
    assert_eq!(
        moderator
            .post(&path(&no, "draft-answer"), &json!({"body": "代拟"}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let bad = json(
        handler
            .post(&path(&no, "draft-answer"), &json!({"body": " "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["body"].is_string());

    let draft = post_ok(
        &mut handler,
        &no,
        "draft-answer",
        json!({"body": "已安排维修，三日内修复。"}),
    )
    .await;
    assert_eq!(draft["status"], "answer_review");
    assert_eq!(draft["draft"]["body"], "已安排维修，三日内修复。");
    assert_eq!(
        handler
            .post(&path(&no, "draft-answer"), &json!({"body": "再交一次"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // The submitter sees that it is under review, never the draft itself.
    let mut anon = app.client();
    let seen = json(
        anon.get(&format!("/api/v1/questions/{no}?query_code={code}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["status"], "answer_review");
    assert!(seen.get("draft").is_none() && seen.get("answer").is_none());

    // Sent back with a reason, the handler reworks it; approved, it is the answer.
    let back = post_ok(
        &mut moderator,
        &no,
        "send-back",
        json!({"reason": "未说明修复的具体时间"}),
    )
    .await;
    assert_eq!(back["status"], "accepted");
    assert_eq!(back["send_back_reason"], "未说明修复的具体时间");
    assert_eq!(
        outbox_to(&app, "jt@example.gov.cn").await.len(),
        2,
        "routed, sent back"
    );
    assert_eq!(
        moderator
            .post(&path(&no, "approve-answer"), &json!({}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    post_ok(
        &mut handler,
        &no,
        "draft-answer",
        json!({"body": "已于11月5日修复，今后每周巡查一次。"}),
    )
    .await;
    let approved = post_ok(&mut moderator, &no, "approve-answer", json!({})).await;
    assert_eq!(approved["status"], "answered");
    assert_eq!(
        approved["answer"]["body"],
        "已于11月5日修复，今后每周巡查一次。"
    );
    assert_eq!(approved["answer"]["department"], "区交通局");

    let seen = json(
        anon.get(&format!("/api/v1/questions/{no}?query_code={code}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        seen["answer"]["body"],
        "已于11月5日修复，今后每周巡查一次。"
    );

    // The resident was told at acceptance (department and due date) and at the answer.
    let told = outbox_to(&app, "lisi@example.com").await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(
        told[0].1.contains(&no)
            && told[0].1.contains("区交通局")
            && told[0].1.contains("2026-11-09")
    );
    assert!(told[1].0.contains("已答复"));
}

#[tokio::test]
async fn a_return_goes_back_to_triage_and_the_next_department_starts_afresh() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let first = department_id(&mut moderator, "区交通局").await;
    let second = department_id(&mut moderator, "区城乡建委").await;
    let mut wrong = app.signed_in_handler("jiaotong", &[first as i32]).await;
    let mut right = app.signed_in_handler("jianwei", &[second as i32]).await;
    let (no, _) = submitted(&app, "工地夜间施工").await;
    post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": first}),
    )
    .await;
    // The first department's clock has nearly run out.
    set_due(&app, &no, "2026-10-28").await;

    let e = json(
        wrong
            .post(&path(&no, "return"), &json!({"reason": ""}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["reason"].is_string());
    let returned = post_ok(
        &mut wrong,
        &no,
        "return",
        json!({"reason": "建筑工地夜间施工归区城乡建委管理"}),
    )
    .await;
    assert_eq!(returned["status"], "pending");
    assert!(returned.get("due_date").is_none() && returned.get("department").is_none());
    assert_eq!(returned["returns"][0]["department"], "区交通局");
    assert_eq!(
        returned["returns"][0]["reason"],
        "建筑工地夜间施工归区城乡建委管理"
    );
    // No longer theirs: gone from their queue and invisible to them.
    let queue = json(
        wrong.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["total"], 0);
    assert_eq!(
        wrong.get(&format!("/api/v1/questions/{no}")).await.status(),
        StatusCode::NOT_FOUND
    );

    let rerouted = post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": second}),
    )
    .await;
    assert_eq!(rerouted["department"]["name"], "区城乡建委");
    assert_eq!(
        rerouted["due_date"], "2026-11-09",
        "counted from the new routing"
    );
    assert_eq!(rerouted["overdue"], "none");
    assert_eq!(rerouted["returns"].as_array().unwrap().len(), 1);
    let theirs = json(
        right.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(theirs["returns"][0]["department"], "区交通局");

    // The history says who returned it; the public timeline never does.
    let view = json(
        moderator
            .get(&format!("/api/v1/moderation/questions/{no}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let actions: Vec<&str> = view["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["submit", "accept", "return", "accept"]);
}

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

#[tokio::test]
async fn a_follow_up_has_its_own_due_date_and_appears_in_the_queues() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    let mut handler = app.signed_in_handler("jiaotong", &[dept as i32]).await;
    let (no, code) = submitted(&app, "路口信号灯").await;
    post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    post_ok(
        &mut moderator,
        &no,
        "answer",
        json!({"body": "已调整信号灯时长。"}),
    )
    .await;
    assert_eq!(
        handler
            .post(&path(&no, "follow-up-answer"), &json!({"body": "补充答复"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    let mut anon = app.client();
    let asked = json(
        anon.post(
            &path(&no, "follow-up"),
            &json!({"body": "晚高峰还是很堵，能否再延长？", "query_code": code}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(asked["follow_up_due"], "2026-11-09");

    // In the handler's queue among the open work, with its own due date.
    let queue = json(
        handler.get("/api/v1/handling/questions").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(queue["items"][0]["tracking_no"], no.as_str());
    assert_eq!(queue["items"][0]["follow_up_due"], "2026-11-09");

    let e = json(
        handler
            .post(&path(&no, "follow-up-answer"), &json!({"body": ""}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["body"].is_string());
    let done = post_ok(
        &mut handler,
        &no,
        "follow-up-answer",
        json!({"body": "晚高峰时段已再延长15秒。"}),
    )
    .await;
    assert!(done.get("follow_up_due").is_none());
    assert_eq!(
        handler
            .post(&path(&no, "follow-up-answer"), &json!({"body": "再答一次"}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let view = json(
        anon.get(&format!("/api/v1/questions/{no}?query_code={code}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(view["status"], "answered");
    let page = app::questions::service::queries::view(
        &app.state.db,
        &app.state.secrets,
        &app::auth::caps::Caller::anonymous(),
        &no,
        Some(&code),
    )
    .await
    .unwrap();
    assert_eq!(
        page.follow_up_answer.as_deref(),
        Some("晚高峰时段已再延长15秒。")
    );
}

#[tokio::test]
async fn people_choose_their_address_and_whether_to_be_told() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    let mut resident = app.signed_in("jumin", &[Role::Resident]).await;
    let e = json(
        resident
            .send(
                reqwest::Method::PUT,
                "/api/v1/auth/me",
                &json!({"email": "not-an-address", "display_name": ""}),
                &[],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["email"].is_string());
    assert!(e["error"]["fields"]["display_name"].is_string());
    let me = json(
        resident
            .send(
                reqwest::Method::PUT,
                "/api/v1/auth/me",
                &json!({"email": "jumin@example.com", "display_name": "居民老王"}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["user"]["email"], "jumin@example.com");
    assert_eq!(me["user"]["display_name"], "居民老王");

    let ask = |title: &'static str| json!({"kind": "help", "title": title, "body": "请问社区食堂什么时候开？", "is_public": false});
    let first = json(
        resident.post("/api/v1/questions", &ask("社区食堂")).await,
        StatusCode::CREATED,
    )
    .await;
    let first = first["tracking_no"].as_str().unwrap().to_string();
    post_ok(
        &mut moderator,
        &first,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    assert_eq!(outbox_to(&app, "jumin@example.com").await.len(), 1);

    // Turned off: nothing more is queued for them.
    json(
        resident
            .send(
                reqwest::Method::PUT,
                "/api/v1/auth/me",
                &json!({"notify": false}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let second = json(
        resident.post("/api/v1/questions", &ask("老年食堂")).await,
        StatusCode::CREATED,
    )
    .await;
    let second = second["tracking_no"].as_str().unwrap().to_string();
    post_ok(
        &mut moderator,
        &second,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    post_ok(
        &mut moderator,
        &first,
        "answer",
        json!({"body": "下月开放。"}),
    )
    .await;
    assert_eq!(outbox_to(&app, "jumin@example.com").await.len(), 1);
    let me = json(resident.get("/api/v1/auth/me").await, StatusCode::OK).await;
    assert_eq!(me["user"]["notify"], false);
}

#[tokio::test]
async fn a_card_turning_yellow_is_told_to_the_department_once() {
    let app = spawn_app_on(monday()).await;
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区交通局").await;
    handler_with_email(&app, "jiaotong", dept, "jt@example.gov.cn").await;
    let (no, _) = submitted(&app, "快到期的留言").await;
    post_ok(
        &mut moderator,
        &no,
        "accept",
        json!({"department_id": dept}),
    )
    .await;
    set_due(&app, &no, "2026-11-03").await;
    for _ in 0..2 {
        app::questions::service::overdue::sweep(&app.state.db, monday())
            .await
            .unwrap();
    }
    let yellow: Vec<_> = outbox_to(&app, "jt@example.gov.cn")
        .await
        .into_iter()
        .filter(|(s, _)| s.contains("黄牌"))
        .collect();
    assert_eq!(yellow.len(), 1, "{yellow:?}");
    assert!(yellow[0].1.contains(&no) && yellow[0].1.contains("2026-11-03"));
}

//! 在线访谈 over HTTP: the workflow, questions and votes, the event stream with resume,
//! rehearsal isolation and delivery across two instances.
mod common;

use app::auth::Role;
use common::{json, spawn_app, Client, Sse, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

async fn create_interview(host: &mut Client<'_>) -> i64 {
    let body = json(
        host.post(
            "/api/v1/interviews",
            &json!({
                "title": "同打旅游牌共创旅游城",
                "summary": "区旅游局负责人与网友在线交流旅游发展。",
                "scheduled_at": "2026-12-10T09:30:00+08:00",
                "duration_minutes": 90,
                "guests": [{"name": "张明", "title": "区旅游局局长"}]
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(body["stage"], "draft");
    body["id"].as_i64().unwrap()
}

async fn move_to(host: &mut Client<'_>, id: i64, stages: &[&str]) {
    for s in stages {
        let res = host
            .post(
                &format!("/api/v1/interviews/{id}/stage"),
                &json!({"stage": s}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "moving to {s}");
    }
}

async fn post_message(host: &mut Client<'_>, id: i64, body: &str) -> Value {
    json(
        host.post(
            &format!("/api/v1/interviews/{id}/messages"),
            &json!({"speaker": "主持人", "body": body}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await
}

async fn live_interview(app: &TestApp) -> (Client<'_>, i64) {
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    move_to(
        &mut host,
        id,
        &["preview", "collecting", "preparing", "rehearsal", "live"],
    )
    .await;
    (host, id)
}

#[tokio::test]
async fn stages_move_in_order_and_only_hosts_move_them() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    // A draft is not public.
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/interviews/{id}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Skipping a stage or going back is refused.
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/stage"),
            &json!({"stage": "live"}),
        )
        .await;
    assert_eq!(
        json(res, StatusCode::CONFLICT).await["error"]["code"],
        "conflict"
    );
    move_to(&mut host, id, &["preview"]).await;
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/stage"),
            &json!({"stage": "draft"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let public = json(
        app.client().get(&format!("/api/v1/interviews/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["stage"], "preview");
    assert_eq!(public["guests"][0]["name"], "张明");

    let mut anon = app.client();
    let res = anon
        .post(
            &format!("/api/v1/interviews/{id}/stage"),
            &json!({"stage": "collecting"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let mut resident = app.signed_in("resident1", &[Role::Resident]).await;
    let res = resident
        .post(
            &format!("/api/v1/interviews/{id}/stage"),
            &json!({"stage": "collecting"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = resident
        .post(
            &format!("/api/v1/interviews/{id}/messages"),
            &json!({"speaker": "我", "body": "冒充"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = resident
        .post("/api/v1/interviews", &json!({"title": "x"}))
        .await;
    assert!(matches!(
        res.status(),
        StatusCode::FORBIDDEN | StatusCode::UNPROCESSABLE_ENTITY
    ));

    move_to(
        &mut host,
        id,
        &[
            "collecting",
            "preparing",
            "rehearsal",
            "live",
            "review",
            "published",
        ],
    )
    .await;
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/stage"),
            &json!({"stage": "published"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn questions_only_while_collecting_or_live_and_one_vote_per_person() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    move_to(&mut host, id, &["preview"]).await;
    let mut netizen = app.client();
    let ask = json!({"body": "景区门票能否对本区居民优惠？", "nickname": "南川老乡"});
    let res = netizen
        .post(&format!("/api/v1/interviews/{id}/questions"), &ask)
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "not collecting yet");

    move_to(&mut host, id, &["collecting"]).await;
    let q = json(
        netizen
            .post(&format!("/api/v1/interviews/{id}/questions"), &ask)
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(q["status"], "pending");
    let qid = q["id"].as_i64().unwrap();
    let bad = json(
        netizen
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &json!({"body": "短"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["body"]
        .as_str()
        .unwrap()
        .contains("至少"));

    // Pending questions are not public.
    let public = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/questions"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["items"].as_array().unwrap().len(), 0);
    json(
        host.post(
            &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
            &json!({"decision": "accept"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    let vote = format!("/api/v1/interviews/{id}/questions/{qid}/vote");
    assert_eq!(
        netizen.post(&vote, &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        netizen.post(&vote, &json!({})).await.status(),
        StatusCode::CONFLICT
    );
    let mut other = app.client();
    assert_eq!(
        other.post(&vote, &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let public = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/questions"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["items"][0]["votes"], 2);

    move_to(&mut host, id, &["preparing"]).await;
    let res = netizen
        .post(&format!("/api/v1/interviews/{id}/questions"), &ask)
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "closed while preparing");
}

#[tokio::test]
async fn the_event_stream_delivers_a_posted_message() {
    let app = spawn_app().await;
    let (mut host, id) = live_interview(&app).await;
    let mut sse = Sse::connect(
        &format!("{}/api/v1/interviews/{id}/events", app.addr),
        None,
        None,
    )
    .await;
    // The stage changes so far come first, the move to live last.
    loop {
        let e = sse.next(WAIT).await.expect("stage events");
        assert_eq!(e.event, "stage");
        if e.data["stage"] == "live" {
            break;
        }
    }
    let posted = post_message(&mut host, id, "各位网友，大家好！").await;
    let got = sse.next(WAIT).await.expect("the message arrives");
    assert_eq!(got.event, "message");
    assert_eq!(got.id, posted["id"].as_i64().map(|v| v as i32));
    assert_eq!(got.data["body"], "各位网友，大家好！");
}

#[tokio::test]
async fn resume_with_last_event_id_returns_exactly_the_missed_events() {
    let app = spawn_app().await;
    let (mut host, id) = live_interview(&app).await;
    let mut ids = Vec::new();
    for n in 1..=5 {
        ids.push(
            post_message(&mut host, id, &format!("第{n}条")).await["id"]
                .as_i64()
                .unwrap() as i32,
        );
    }
    // Gap-free numbering per interview.
    assert!(ids.windows(2).all(|w| w[1] == w[0] + 1), "{ids:?}");
    let resume_from = ids[1];
    let mut sse = Sse::connect(
        &format!("{}/api/v1/interviews/{id}/events", app.addr),
        Some(resume_from),
        None,
    )
    .await;
    let mut got = Vec::new();
    while let Some(e) = sse.next(Duration::from_millis(800)).await {
        got.push(e.id.unwrap());
    }
    assert_eq!(
        got,
        ids[2..].to_vec(),
        "everything after {resume_from}, nothing twice"
    );
    // And it stays live after the catch-up.
    let next = post_message(&mut host, id, "第6条").await["id"]
        .as_i64()
        .unwrap() as i32;
    assert_eq!(sse.next(WAIT).await.unwrap().id, Some(next));
}

#[tokio::test]
async fn rehearsal_never_reaches_the_public() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    move_to(
        &mut host,
        id,
        &["preview", "collecting", "preparing", "rehearsal"],
    )
    .await;
    let mut public = Sse::connect(
        &format!("{}/api/v1/interviews/{id}/events", app.addr),
        None,
        None,
    )
    .await;
    let mut private = Sse::connect(
        &format!("{}/api/v1/interviews/{id}/events?rehearsal=true", app.addr),
        None,
        host.cookie.as_deref(),
    )
    .await;
    post_message(&mut host, id, "彩排：测试话筒").await;
    let seen = private
        .next(WAIT)
        .await
        .expect("the host sees the rehearsal");
    assert_eq!(seen.data["body"], "彩排：测试话筒");
    // The public stream got nothing but the earlier stage events, never the rehearsal.
    while let Some(e) = public.next(Duration::from_millis(500)).await {
        assert_eq!(e.event, "stage", "{e:?}");
    }
    // The public does not even learn that this is a rehearsal.
    let i = json(
        app.client().get(&format!("/api/v1/interviews/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(i["stage"], "preparing");
    // A resident may not open the rehearsal stream.
    let mut resident = app.signed_in("resident1", &[Role::Resident]).await;
    let res = resident
        .get(&format!("/api/v1/interviews/{id}/events?rehearsal=true"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    move_to(&mut host, id, &["live"]).await;
    post_message(&mut host, id, "直播正式开始").await;
    move_to(&mut host, id, &["review", "published"]).await;
    let t = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/transcript"))
            .await,
        StatusCode::OK,
    )
    .await;
    let bodies: Vec<&str> = t["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, vec!["直播正式开始"]);
}

#[tokio::test]
async fn answering_puts_question_and_answer_into_the_transcript_and_review_can_hide() {
    let app = spawn_app().await;
    let (mut host, id) = live_interview(&app).await;
    let mut netizen = app.client();
    let q = json(
        netizen
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &json!({"body": "旅游公路什么时候通车？"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let qid = q["id"].as_i64().unwrap();
    host.post(
        &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
        &json!({"decision": "accept"}),
    )
    .await;
    let e = json(
        host.post(
            &format!("/api/v1/interviews/{id}/messages"),
            &json!({"speaker": "张明（区旅游局局长）", "body": "预计明年六月通车。", "answers_question_id": qid}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(e["type"], "answer");
    assert!(e["question"].as_str().unwrap().contains("旅游公路"));
    let other = post_message(&mut host, id, "口误，请忽略").await["id"]
        .as_i64()
        .unwrap();
    move_to(&mut host, id, &["review"]).await;
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/entries/{other}"),
            &json!({"hidden": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    move_to(&mut host, id, &["published"]).await;
    let t = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/transcript"))
            .await,
        StatusCode::OK,
    )
    .await;
    let items = t["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["body"], "预计明年六月通车。");
}

#[tokio::test]
async fn a_viewer_on_another_instance_receives_the_message() {
    let app = spawn_app().await;
    if !app.is_postgres() {
        // One SQLite process serves its own viewers; several instances need PostgreSQL.
        eprintln!("skipped: two instances share a database only on PostgreSQL");
        return;
    }
    let (mut host, id) = live_interview(&app).await;
    let (b_addr, _b) = app.second_instance().await;
    let last = json(
        app.client().get(&format!("/api/v1/interviews/{id}")).await,
        StatusCode::OK,
    )
    .await["last_event_id"]
        .as_i64()
        .unwrap() as i32;
    let mut viewer_on_b = Sse::connect(
        &format!("{b_addr}/api/v1/interviews/{id}/events"),
        Some(last),
        None,
    )
    .await;
    let posted = post_message(&mut host, id, "来自实例 A 的消息").await;
    let got = viewer_on_b
        .next(WAIT)
        .await
        .expect("delivered through LISTEN/NOTIFY");
    assert_eq!(got.id, posted["id"].as_i64().map(|v| v as i32));
    assert_eq!(got.data["body"], "来自实例 A 的消息");
}

#[tokio::test]
async fn unanswered_accepted_questions_become_questions_on_publishing() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let departments = json(
        app.client().get("/api/v1/departments").await,
        StatusCode::OK,
    )
    .await;
    let dept = departments["items"][0]["id"].as_i64().unwrap();
    let body = json(
        host.post(
            "/api/v1/interviews",
            &json!({
                "title": "创新社会管理 保障转型发展",
                "summary": "民生服务中心负责同志与网友交流社会管理创新。",
                "scheduled_at": "2026-12-10T09:30:00+08:00",
                "duration_minutes": 60,
                "guests": [{"name": "陈志强", "title": "区民生服务中心主任"}],
                "department_id": dept
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = body["id"].as_i64().unwrap();
    move_to(&mut host, id, &["preview", "collecting"]).await;
    let mut netizen = app.client();
    let q = json(
        netizen
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &json!({"body": "社区养老服务站什么时候覆盖全区？", "nickname": "退休教师"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let qid = q["id"].as_i64().unwrap();
    host.post(
        &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
        &json!({"decision": "accept"}),
    )
    .await;
    move_to(
        &mut host,
        id,
        &["preparing", "rehearsal", "live", "review", "published"],
    )
    .await;

    let list = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/questions"))
            .await,
        StatusCode::OK,
    )
    .await;
    let no = list["items"][0]["forwarded_tracking_no"]
        .as_str()
        .expect("forwarded")
        .to_string();
    let mut moderator = app.signed_in("mod1", &[Role::Moderator]).await;
    let question = json(
        moderator.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(question["status"], "accepted");
    assert_eq!(question["department"]["id"], dept);
    assert!(question["body"]
        .as_str()
        .unwrap()
        .contains("社区养老服务站"));
    assert!(
        question["due_date"].is_string(),
        "routed, so due in working days"
    );
}

#[tokio::test]
async fn the_host_queue_sorts_by_votes_or_by_time_and_shows_pending_ones() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    move_to(&mut host, id, &["preview", "collecting"]).await;
    let mut first = app.client();
    let a = json(
        first
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &json!({"body": "第一个提出的问题是什么？"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let mut second = app.client();
    let b = json(
        second
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &json!({"body": "第二个提出的问题是什么？"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let (a, b) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
    host.post(
        &format!("/api/v1/interviews/{id}/questions/{b}/moderate"),
        &json!({"decision": "accept"}),
    )
    .await;
    assert_eq!(
        first
            .post(
                &format!("/api/v1/interviews/{id}/questions/{b}/vote"),
                &json!({})
            )
            .await
            .status(),
        StatusCode::NO_CONTENT
    );

    let ids = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    let by_votes = json(
        host.get(&format!("/api/v1/interviews/{id}/questions?queue=true"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ids(&by_votes), vec![b, a]);
    assert_eq!(
        by_votes["items"][1]["status"], "pending",
        "the host sees pending questions"
    );
    let by_time = json(
        host.get(&format!(
            "/api/v1/interviews/{id}/questions?queue=true&by_time=true"
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ids(&by_time), vec![a, b]);
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/questions?queue=true"))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

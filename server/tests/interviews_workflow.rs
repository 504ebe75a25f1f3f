//! 在线访谈 over HTTP: the stage workflow, questions and votes, the host queue, and what
//! publishing hands over to 网络问政.
mod common;
mod interviews_support;

use app::auth::Role;
use common::{json, spawn_app};
use interviews_support::{create_interview, move_to, publish_with_unanswered};
use reqwest::StatusCode;
use serde_json::{json, Value};

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
    // A body a host would have sent: the role check is what answers, not the validation.
    // And not even a bad body tells a resident more than that.
    for body in [
        json!({"title": "同打旅游牌共创旅游城", "summary": "区旅游局负责人与网友在线交流旅游发展。",
               "scheduled_at": "2026-12-10T09:30:00+08:00", "duration_minutes": 90,
               "guests": [{"name": "张明", "title": "区旅游局局长"}]}),
        json!({"title": "x"}),
    ] {
        let res = resident.post("/api/v1/interviews", &body).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{body}");
    }

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
                "scheduled_at": app.interview_time(10),
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
    let no = publish_with_unanswered(&app, &mut host, id, "社区养老服务站什么时候覆盖全区？").await;
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

#[tokio::test]
async fn unanswered_questions_of_an_interview_without_department_wait_for_triage_with_the_clock_running(
) {
    // Monday 2 November 2026: five working days end on the 9th.
    let app = common::spawn_app_on("2026-11-02".parse().unwrap()).await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    let no = publish_with_unanswered(&app, &mut host, id, "景区门票对本地居民有优惠吗？").await;
    let mut moderator = app.signed_in("mod1", &[Role::Moderator]).await;
    let question = json(
        moderator.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        question["status"], "pending",
        "waits for the office's triage"
    );
    assert!(question.get("department").is_none());
    assert_eq!(question["due_date"], "2026-11-09", "the clock already runs");
    // It is in the office's queue among the new ones, and routing it restarts the clock
    // for the department (the same day here, so the same date).
    let queue = json(
        moderator
            .get("/api/v1/moderation/questions?status=pending")
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["tracking_no"] == no.as_str()));
    // A sweep on a later day gives it a card like any running clock.
    app::questions::service::overdue::sweep(&app.state.db, "2026-11-20".parse().unwrap())
        .await
        .unwrap();
    let late = json(
        moderator.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(late["overdue"], "red");
}

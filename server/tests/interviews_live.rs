//! 在线访谈 live over HTTP: the event stream with resume, rehearsal isolation, answers in
//! the transcript and delivery across two instances.
mod common;
mod interviews_support;

use app::auth::Role;
use common::{json, spawn_app, Sse};
use interviews_support::{
    create_interview, live_interview, move_to, post_message, SENTINEL_WAIT, WAIT,
};
use reqwest::StatusCode;
use serde_json::json;

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
    // A later entry is the sentinel: the catch-up, then the live entry, and nothing
    // between them or twice.
    let next = post_message(&mut host, id, "第6条").await["id"]
        .as_i64()
        .unwrap() as i32;
    let got: Vec<i32> = sse
        .until(SENTINEL_WAIT, |e| e.id == Some(next))
        .await
        .iter()
        .map(|e| e.id.unwrap())
        .collect();
    let mut want = ids[2..].to_vec();
    // And it stays live after the catch-up.
    want.push(next);
    assert_eq!(
        got, want,
        "everything after {resume_from}, nothing twice, then the live entry"
    );
}

#[tokio::test]
async fn an_unannounced_interview_has_no_public_stream() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = create_interview(&mut host).await;
    let stream = format!("/api/v1/interviews/{id}/events");
    let mut public = app.client();
    assert_eq!(public.get(&stream).await.status(), StatusCode::NOT_FOUND);
    let unknown = public.get("/api/v1/interviews/999999/events").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    move_to(&mut host, id, &["preview"]).await;
    let res = public.get(&stream).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
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
    // The first live entry is the sentinel: before it, the public stream got nothing but
    // stage events (never a move into rehearsal), never the rehearsal.
    let got = public
        .until(SENTINEL_WAIT, |e| e.data["body"] == "直播正式开始")
        .await;
    let (sentinel, before) = got.split_last().unwrap();
    assert_eq!(sentinel.event, "message", "{sentinel:?}");
    for e in before {
        assert_eq!(e.event, "stage", "{e:?}");
        assert_ne!(e.data["stage"], "rehearsal", "{e:?}");
    }
    assert_eq!(
        before.last().map(|e| &e.data["stage"]),
        Some(&json!("live")),
        "{got:?}"
    );
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

/// A viewer waits for the next event most of its life, and what its stream holds then is
/// kept for every viewer of every interview: the database read it makes now and then must
/// not be part of it (that future is boxed, alive only while it runs).
#[tokio::test]
async fn a_waiting_viewer_holds_little() {
    use app::interviews::{hub::StreamLimits, stream};
    let app = spawn_app().await;
    let opener = stream::Opener {
        address: [127, 0, 0, 1].into(),
        limits: StreamLimits {
            per_address: 10,
            total: 10,
        },
    };
    let db = app.state.db.clone();
    let events = stream::open(db, app.state.live.clone(), 1, false, 0, opener)
        .await
        .unwrap();
    let size = std::mem::size_of_val(&events);
    assert!(size <= 1024, "a waiting viewer's stream is {size} bytes");
}

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

/// An event is encoded once for all the viewers on an instance: every viewer's stream sends
/// the very same bytes, not a copy serialised for each (at 10,000 viewers that was 10,000
/// serialisations of every message).
#[tokio::test]
async fn every_viewer_sends_the_one_encoding_of_a_live_event() {
    use app::interviews::{hub::StreamLimits, stream};
    use axum::response::IntoResponse;
    use http_body_util::BodyExt;
    let app = spawn_app().await;
    let (mut host, id) = live_interview(&app).await;
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let opener = stream::Opener {
            address: [127, 0, 0, 1].into(),
            limits: StreamLimits {
                per_address: 10,
                total: 10,
            },
        };
        let events = stream::open(
            app.state.db.clone(),
            app.state.live.clone(),
            id as i32,
            false,
            0,
            opener,
        )
        .await
        .unwrap();
        bodies.push(events.into_response().into_body());
    }
    post_message(&mut host, id, "一次编码，人人共享").await;
    let mut sent = Vec::new();
    for body in &mut bodies {
        // The stage events read back from the database come first, then the live message.
        let frame = loop {
            let frame = tokio::time::timeout(WAIT, body.frame())
                .await
                .expect("the message arrives")
                .expect("the stream goes on")
                .unwrap()
                .into_data()
                .unwrap();
            if frame.starts_with(b"id:") && frame.windows(14).any(|w| w == b"event: message") {
                break frame;
            }
        };
        assert!(
            String::from_utf8_lossy(&frame).contains("一次编码，人人共享"),
            "{frame:?}"
        );
        sent.push(frame);
    }
    assert_eq!(sent[0], sent[1]);
    assert_eq!(
        sent[0].as_ptr(),
        sent[1].as_ptr(),
        "each viewer encoded the event anew"
    );
}

/// A raw connection to the server: the event stream's own listener is what answers a
/// connection that opens with the stream's request line (`event_stream_listener.rs`).
async fn raw(app: &common::TestApp, request: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let addr = app.addr.trim_start_matches("http://");
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    tcp.write_all(request.as_bytes()).await.unwrap();
    tcp
}

/// Reads until `needle` has arrived (or the server closes, or `WAIT` passes).
async fn read_until(tcp: &mut tokio::net::TcpStream, got: &mut String, needle: &str) {
    use tokio::io::AsyncReadExt;
    let deadline = tokio::time::Instant::now() + WAIT;
    let mut buf = [0u8; 4096];
    while !got.contains(needle) {
        match tokio::time::timeout_at(deadline, tcp.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.push_str(&String::from_utf8_lossy(&buf[..n])),
            _ => break,
        }
    }
}

#[tokio::test]
async fn an_event_stream_on_a_connection_of_its_own_is_chunked_and_ends_with_the_viewer() {
    let app = spawn_app().await;
    let (mut host, id) = live_interview(&app).await;
    let mut tcp = raw(
        &app,
        &format!(
            "GET /api/v1/interviews/{id}/events HTTP/1.1\r\nHost: gongkai\r\n\
             Accept: text/event-stream\r\n\r\n"
        ),
    )
    .await;
    let mut got = String::new();
    read_until(&mut tcp, &mut got, "\"stage\":\"live\"").await;
    let (head, _) = got.split_once("\r\n\r\n").expect("a response head");
    let head = head.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    for line in [
        "content-type: text/event-stream",
        "transfer-encoding: chunked",
        "connection: close",
        // The middleware ran as for any other request.
        "x-frame-options: deny",
        "date: ",
    ] {
        assert!(head.contains(line), "{line} missing from {head}");
    }
    assert!(got.contains("\"stage\":\"live\""), "{got}");
    // A message posted now reaches the viewer as a chunk of its own.
    post_message(&mut host, id, "直连的观众").await;
    read_until(&mut tcp, &mut got, "直连的观众").await;
    assert!(got.contains("event: message"), "{got}");
    let id = id as i32;
    assert_eq!(app.state.live.viewers(id), 1);
    // The viewer leaves: its stream and its place in the count go at once.
    drop(tcp);
    let deadline = tokio::time::Instant::now() + WAIT;
    while app.state.live.viewers(id) != 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        app.state.live.viewers(id),
        0,
        "the closed stream is still counted"
    );
}

#[tokio::test]
async fn an_event_stream_request_it_cannot_serve_gets_a_status_and_the_connection_closed() {
    let app = spawn_app().await;
    let (_host, id) = live_interview(&app).await;
    let path = format!("/api/v1/interviews/{id}/events");
    let answer = |request: String| {
        let app = &app;
        async move {
            let mut tcp = raw(app, &request).await;
            let mut got = String::new();
            // Read to the end: each of these answers closes the connection.
            read_until(&mut tcp, &mut got, "\u{0}").await;
            got
        }
    };
    let cases = [
        (
            format!("GET {path} HTTP/1.1\r\nNo colon here\r\n\r\n"),
            "400",
        ),
        (
            format!("GET {path} HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"),
            "400",
        ),
        (
            format!(
                "GET {path} HTTP/1.1\r\nCookie: {}\r\n\r\n",
                "a".repeat(20_000)
            ),
            "431",
        ),
        (
            "GET /api/v1/interviews/999999/events HTTP/1.1\r\n\r\n".to_string(),
            "404",
        ),
    ];
    for (request, status) in cases {
        let got = answer(request.clone()).await;
        assert!(
            got.starts_with(&format!("HTTP/1.1 {status} ")),
            "{status} for {:.60}: {got:.300}",
            request
        );
        assert!(
            got.to_ascii_lowercase().contains("connection: close"),
            "{got}"
        );
    }
    // The unknown interview's answer says why, in Chinese, with its length.
    let got = answer("GET /api/v1/interviews/999999/events HTTP/1.1\r\n\r\n".into()).await;
    let (head, body) = got.split_once("\r\n\r\n").unwrap();
    assert!(
        head.to_ascii_lowercase()
            .contains(&format!("content-length: {}", body.len())),
        "{got}"
    );
    assert!(body.contains("未找到"), "{body}");
    // An HTTP/1.0 client gets the stream unchunked, ended by closing.
    let mut tcp = raw(&app, &format!("GET {path} HTTP/1.0\r\n\r\n")).await;
    let mut got = String::new();
    read_until(&mut tcp, &mut got, "\"stage\":\"live\"").await;
    assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got:.300}");
    assert!(
        !got.to_ascii_lowercase().contains("transfer-encoding"),
        "{got:.600}"
    );
    assert!(
        got.contains("\r\n\r\nid: "),
        "events follow the head directly: {got:.600}"
    );
}

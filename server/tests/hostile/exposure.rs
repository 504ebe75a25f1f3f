//! Reaching what the public must not see: hidden entries on resume, personal data in questions.
use super::common::{self, json, spawn_app};
use super::interviews_support;
use app::auth::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn an_entry_hidden_in_review_never_leaves_the_server_again() {
    use common::Sse;
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = interviews_support::create_interview(&mut host).await;
    interviews_support::move_to(
        &mut host,
        id,
        &["preview", "collecting", "preparing", "rehearsal", "live"],
    )
    .await;
    interviews_support::post_message(&mut host, id, "访谈正式开始").await;
    let slip = interviews_support::post_message(&mut host, id, "口误：内部电话 023-7123 4567")
        .await["id"]
        .as_i64()
        .unwrap();
    interviews_support::post_message(&mut host, id, "下面回答网友提问").await;
    interviews_support::move_to(&mut host, id, &["review"]).await;
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/entries/{slip}"),
            &serde_json::json!({"hidden": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Not published yet: no transcript.
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/transcript"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let url = format!("{}/api/v1/interviews/{id}/events", app.addr);
    // The log ends with the move to review: every resume reads up to it, and whatever it
    // must not carry would have come before it.
    let last = json(
        app.client().get(&format!("/api/v1/interviews/{id}")).await,
        StatusCode::OK,
    )
    .await["last_event_id"]
        .as_i64()
        .unwrap() as i32;
    for (url, last_event_id) in [
        (format!("{url}?after=0"), None),
        (url.clone(), Some(0)),
        (format!("{url}?after={}", slip - 1), None),
    ] {
        let mut stream = Sse::connect(&url, last_event_id, None).await;
        let events = stream
            .until(interviews_support::SENTINEL_WAIT, |e| e.id == Some(last))
            .await;
        let sentinel = events.last().unwrap();
        assert_eq!(
            (sentinel.event.as_str(), &sentinel.data["stage"]),
            ("stage", &serde_json::json!("review")),
            "{url}: {events:?}"
        );
        assert!(
            events.iter().all(|e| e.id != Some(slip as i32)),
            "{url}: the hidden entry's number was sent: {events:?}"
        );
        let bodies: Vec<String> = events
            .iter()
            .filter_map(|e| e.data["body"].as_str().map(str::to_string))
            .collect();
        assert!(
            bodies.iter().all(|b| !b.contains("口误")),
            "{url}: {bodies:?}"
        );
        assert!(
            bodies.iter().any(|b| b == "下面回答网友提问"),
            "{url}: {bodies:?}"
        );
    }
    interviews_support::move_to(&mut host, id, &["published"]).await;
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
        .filter_map(|e| e["body"].as_str())
        .collect();
    assert_eq!(bodies, ["访谈正式开始", "下面回答网友提问"]);
}

#[tokio::test]
async fn personal_data_in_interview_questions_is_masked_for_the_public() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = interviews_support::create_interview(&mut host).await;
    interviews_support::move_to(&mut host, id, &["preview", "collecting"]).await;
    let q = json(
        app.client()
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &serde_json::json!({"body": "我家电话 138-1234-5678，身份证 500101199001011234，景区门票能优惠吗？"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let qid = q["id"].as_i64().unwrap();
    host.post(
        &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
        &serde_json::json!({"decision": "accept"}),
    )
    .await;
    let public = app
        .client()
        .get(&format!("/api/v1/interviews/{id}/questions"))
        .await
        .text()
        .await
        .unwrap();
    assert!(public.contains("景区门票能优惠吗"), "{public}");
    assert!(public.contains("138****5678"), "{public}");
    for leak in ["1234-5678", "199001011234"] {
        assert!(!public.contains(leak), "{public}");
    }
    // The host's queue keeps the text as asked.
    let queue = host
        .get(&format!("/api/v1/interviews/{id}/questions?queue=true"))
        .await
        .text()
        .await
        .unwrap();
    assert!(queue.contains("138-1234-5678"));
}

//! Floods from one address: registrations, event streams, votes, and session rows.
use super::common::{self, json, spawn_app};
use super::interviews_support;
use app::auth::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn registrations_are_limited_per_address() {
    let app = common::spawn_app_with(|c| c.registrations_per_hour = 3).await;
    for i in 0..3 {
        let mut c = app.client();
        json(
            c.post(
                "/api/v1/auth/register",
                &serde_json::json!({"username": format!("jumin{i}"), "password": "a-long-passphrase-9"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
    let mut c = app.client();
    let res = c
        .post(
            "/api/v1/auth/register",
            &serde_json::json!({"username": "jumin9", "password": "a-long-passphrase-9"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    // Nothing was created.
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let users = json(
        admin.get("/api/v1/admin/users?q=jumin9").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(users["total"], 0);
}

#[tokio::test]
async fn event_streams_are_capped_per_address() {
    use common::Sse;
    let app = common::spawn_app_with(|c| c.streams_per_address = 2).await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = interviews_support::create_interview(&mut host).await;
    interviews_support::move_to(&mut host, id, &["preview"]).await;
    let url = format!("{}/api/v1/interviews/{id}/events", app.addr);
    let first = Sse::connect(&url, None, None).await;
    let _second = Sse::connect(&url, None, None).await;
    let res = reqwest::Client::new()
        .get(&url)
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    // A closed stream frees its place.
    drop(first);
    let started = std::time::Instant::now();
    loop {
        let res = reqwest::Client::new()
            .get(&url)
            .header("accept", "text/event-stream")
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::OK {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{}",
            res.status()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn votes_cannot_be_stuffed_by_clearing_the_cookie() {
    let app = spawn_app().await;
    let (_host, id, qid) =
        interviews_support::collecting_with_question(&app, "景区门票能否对本区居民优惠？").await;
    let vote = format!("/api/v1/interviews/{id}/questions/{qid}/vote");
    let per_address = app::interviews::service::questions::ANONYMOUS_VOTES_PER_ADDRESS;
    let mut statuses = Vec::new();
    // A new cookie each time, as a script that clears it would have.
    for _ in 0..per_address + 3 {
        statuses.push(
            app.client()
                .post(&vote, &serde_json::json!({}))
                .await
                .status(),
        );
    }
    let ok = statuses
        .iter()
        .filter(|s| **s == StatusCode::NO_CONTENT)
        .count();
    assert_eq!(ok, per_address as usize, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
    // Residents who sign in vote by account.
    let mut resident = app.signed_in("jumin", &[]).await;
    assert_eq!(
        resident.post(&vote, &serde_json::json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let public = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/questions"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["items"][0]["votes"], per_address as i64 + 1);
}

#[tokio::test]
async fn looking_at_an_interview_without_a_cookie_stores_nothing() {
    use app::entities::sessions;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = interviews_support::create_interview(&mut host).await;
    interviews_support::move_to(&mut host, id, &["preview", "collecting"]).await;
    let before = sessions::Entity::find().count(&app.state.db).await.unwrap();
    for _ in 0..20 {
        for path in [
            format!("/interviews/{id}"),
            format!("/api/v1/interviews/{id}"),
        ] {
            let res = app.client().get(&path).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            assert!(
                res.headers().get("set-cookie").is_none(),
                "{path} starts no session"
            );
        }
    }
    let after = sessions::Entity::find().count(&app.state.db).await.unwrap();
    assert_eq!(after, before, "no session row per view");
}

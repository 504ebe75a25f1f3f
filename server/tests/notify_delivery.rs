//! Delivery of the outbox over real SMTP: an `aiosmtpd` listener started by the test, the
//! app's own worker sending to it. Each message arrives once: also when the listener was
//! down when it was queued, and with two instances sharing one database.
mod common;
mod questions_support;

use app::auth::Role;
use app::entities::outbox;
use app::notify::outbox::{enqueue, Channel};
use app::notify::texts::Text;
use common::smtp::{free_port, SmtpSink};
use common::{json, spawn_app_with, TestApp};
use questions_support::department_id;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use std::time::Duration;

async fn app_mailing_to(port: u16) -> TestApp {
    spawn_app_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.mail_from = "网络问政 <noreply@nanchuan.gov.cn>".into();
        c.public_url = Some("https://gk.example.gov.cn".into());
        c.outbox_poll_ms = 100;
        c.outbox_retry_ms = 200;
    })
    .await
}

/// An anonymous question with an e-mail address, accepted by a moderator.
async fn accepted_question(app: &TestApp) -> String {
    let q = json(
        app.client()
            .post(
                "/api/v1/questions",
                &json!({
                    "kind": "help", "title": "社区医院预约", "body": "请问社区医院可以网上预约吗？",
                    "is_public": true, "contact": {"name": "王五", "email": "wangwu@example.com"}
                }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let no = q["tracking_no"].as_str().unwrap().to_string();
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let dept = department_id(&mut moderator, "区卫生局").await;
    json(
        moderator
            .post(
                &format!("/api/v1/questions/{no}/accept"),
                &json!({"department_id": dept}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    no
}

async fn unsent(app: &TestApp) -> u64 {
    outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .count(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_resident_gets_a_mail_naming_the_tracking_number_and_the_link() {
    let sink = SmtpSink::start(free_port());
    let app = app_mailing_to(sink.port).await;
    gongkai::background::spawn_outbox(app.state.clone()).unwrap();
    let no = accepted_question(&app).await;

    let mail = sink.wait_for(1).await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].to.contains("wangwu@example.com"), "{:?}", mail[0]);
    assert!(mail[0].subject.contains(&no) && mail[0].subject.contains("已受理"));
    assert!(mail[0].body.contains("区卫生局"), "{}", mail[0].body);
    assert!(
        mail[0]
            .body
            .contains(&format!("https://gk.example.gov.cn/questions/{no}")),
        "{}",
        mail[0].body
    );
    assert_eq!(unsent(&app).await, 0);
}

#[tokio::test]
async fn a_message_queued_while_the_server_is_down_arrives_once_when_it_is_up() {
    let port = free_port();
    let app = app_mailing_to(port).await;
    gongkai::background::spawn_outbox(app.state.clone()).unwrap();
    let no = accepted_question(&app).await;

    // Nobody listens: the worker tries, fails and keeps the message for later.
    let started = std::time::Instant::now();
    loop {
        let row = outbox::Entity::find()
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        if row.attempts >= 2 {
            assert!(row.sent_at.is_none() && row.last_error.is_some());
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no retry seen");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let sink = SmtpSink::start(port);
    let mail = sink.wait_for(1).await;
    assert!(mail[0].subject.contains(&no));
    // Several more passes of the worker: still exactly one.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(unsent(&app).await, 0);
}

#[tokio::test]
async fn two_instances_on_one_database_deliver_each_message_once() {
    let sink = SmtpSink::start(free_port());
    let app = app_mailing_to(sink.port).await;
    let second = app.another_instance().await;
    for i in 0..30 {
        let text = Text {
            subject: format!("【网络问政】测试消息 {i:02}"),
            body: format!("第 {i} 条"),
            link: None,
        };
        enqueue(&app.state.db, Channel::Email, "duban@example.gov.cn", &text)
            .await
            .unwrap();
    }
    gongkai::background::spawn_outbox(app.state.clone()).unwrap();
    gongkai::background::spawn_outbox(second).unwrap();

    let mail = sink.wait_for(30).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut subjects: Vec<String> = sink.messages().into_iter().map(|m| m.subject).collect();
    assert_eq!(subjects.len(), 30, "{mail:?}");
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 30, "a message went out twice");
    assert_eq!(unsent(&app).await, 0);
}

#[tokio::test]
async fn without_a_mail_server_configured_nothing_is_sent_and_nothing_fails() {
    let app = spawn_app_with(|c| c.outbox_poll_ms = 100).await;
    gongkai::background::spawn_outbox(app.state.clone()).unwrap();
    accepted_question(&app).await;
    let started = std::time::Instant::now();
    while unsent(&app).await > 0 {
        assert!(started.elapsed() < Duration::from_secs(30));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let row = outbox::Entity::find()
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.last_error.unwrap().contains("GONGKAI_SMTP_URL"));
}

#[tokio::test]
async fn the_daily_summary_goes_to_supervisors_once_a_day() {
    let sink = SmtpSink::start(free_port());
    let app = app_mailing_to(sink.port).await;
    let supervisor = app.create_user("duban", &[Role::Supervisor]).await;
    let mut c = app.sign_in("duban").await;
    json(
        c.send(
            reqwest::Method::PUT,
            "/api/v1/auth/me",
            &json!({"email": "duban@example.gov.cn"}),
            &[],
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(supervisor.username, "duban");
    accepted_question(&app).await;
    let today = app.state.clock.today();
    let second = app.another_instance().await;
    assert!(app::notify::summary::daily(&app.state.db, today)
        .await
        .unwrap());
    assert!(!app::notify::summary::daily(&second.db, today)
        .await
        .unwrap());
    gongkai::background::spawn_outbox(app.state.clone()).unwrap();
    // The resident's acceptance notice and the summary.
    let mail = sink.wait_for(2).await;
    let summary: Vec<_> = mail
        .iter()
        .filter(|m| m.subject.contains("督办日报"))
        .collect();
    assert_eq!(summary.len(), 1, "{mail:?}");
    assert!(summary[0].to.contains("duban@example.gov.cn"));
    assert!(
        summary[0].body.contains("区卫生局：在办 1"),
        "{}",
        summary[0].body
    );
}

#[tokio::test]
async fn sms_goes_to_the_configured_webhook() {
    use axum::{extract::State, routing::post, Json, Router};
    use std::sync::{Arc, Mutex};
    // The gateway: a real HTTP listener recording what it is sent.
    let got: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
    let gateway = Router::new()
        .route(
            "/sms",
            post(
                |State(got): State<Arc<Mutex<Vec<serde_json::Value>>>>,
                 Json(v): Json<serde_json::Value>| async move {
                    got.lock().unwrap().push(v);
                    "ok"
                },
            ),
        )
        .with_state(got.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, gateway).await });

    let app = spawn_app_with(|c| {
        c.sms_webhook = Some(url);
        c.outbox_poll_ms = 100;
    })
    .await;
    gongkai::background::spawn_outbox(app.state.clone()).unwrap();
    let q = json(
        app.client()
            .post(
                "/api/v1/questions",
                &questions_support::anon_body("路灯不亮", "小区门口的路灯坏了两周。"),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let no = q["tracking_no"].as_str().unwrap().to_string();
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    json(
        moderator
            .post(
                &format!("/api/v1/questions/{no}/reject"),
                &json!({"reason": "重复留言，已在 Q20260101-00001 答复"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let started = std::time::Instant::now();
    while got.lock().unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(30), "no SMS");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sms = got.lock().unwrap()[0].clone();
    assert_eq!(sms["phone"], "13812341234");
    let text = sms["text"].as_str().unwrap();
    assert!(text.contains(&no) && text.contains("不予受理") && text.contains("重复留言"));
}

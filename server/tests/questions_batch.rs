//! 网络问政 submissions committed together (`submit_batch`): what queues up at once goes in
//! one transaction, and each submission still gets what it would have got alone.
mod common;
mod questions_support;

use app::error::AppError;
use app::platform::client_ip::ClientIp;
use app::questions::service::{submit, submit_batch::Submission};
use common::spawn_app_on_with;
use questions_support::anon_body;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Statement};

fn caller_at(ip: &str) -> app::auth::caps::Caller {
    let mut c = app::auth::caps::Caller::anonymous();
    c.ip = ClientIp(ip.parse().unwrap());
    c
}

/// Twelve submissions at once, nine from one address whose hourly limit is five: one batch,
/// in which the limit refuses exactly the four past it, and the eight others are numbered
/// without a gap, recorded in their history and found by search.
#[tokio::test]
async fn a_batch_keeps_every_limit_number_history_and_index_entry() {
    let day: chrono::NaiveDate = "2026-12-07".parse().unwrap();
    let app = spawn_app_on_with(day, |c| c.anonymous_questions_per_hour = 5).await;
    let state = &app.state;
    let outcomes = futures::future::join_all((0..12).map(|i| {
        let caller = caller_at(if i < 9 { "203.0.113.9" } else { "198.51.100.4" });
        async move {
            submit::submit(
                state,
                &caller,
                serde_json::from_value(anon_body(
                    &format!("同批提交{i}"),
                    &format!("第{i}位居民的留言，关于社区停车位规划。"),
                ))
                .unwrap(),
            )
            .await
        }
    }))
    .await;
    let refused: Vec<usize> = (0..12).filter(|&i| outcomes[i].is_err()).collect();
    assert_eq!(refused.len(), 4, "{outcomes:?}");
    for i in &refused {
        assert!(*i < 9, "the other address is under its limit: {outcomes:?}");
        match &outcomes[*i] {
            Err(AppError::RateLimited { retry_after_secs }) => assert!(*retry_after_secs >= 1),
            other => panic!("expected 429, got {other:?}"),
        }
    }
    let mut numbers: Vec<String> = outcomes
        .iter()
        .flatten()
        .map(|s| s.question.tracking_no.clone())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=8).map(|n| format!("Q20261207-{n:05}")).collect();
    assert_eq!(numbers, expected);
    for s in outcomes.iter().flatten() {
        assert!(
            s.query_code.is_some(),
            "an anonymous submitter gets a query code"
        );
    }

    let stored = app::entities::questions::Entity::find()
        .count(&state.db)
        .await
        .unwrap();
    assert_eq!(stored, 8);
    let history = count(
        &state.db,
        "SELECT COUNT(*) AS n FROM question_events WHERE action = 'submit'",
    )
    .await;
    assert_eq!(history, 8);
    let indexed = count(&state.db, "SELECT COUNT(*) AS n FROM question_search").await;
    assert_eq!(indexed, 8);
}

async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}

fn queued(title: &str, department_id: Option<i32>) -> Submission {
    Submission {
        submitter: None,
        kind: app::questions::types::Kind::Suggestion,
        title: title.into(),
        body: "建议在社区增设公共充电桩。".into(),
        department_id,
        contact: None,
        is_public: true,
        consent: true,
        code_hash: None,
        today: "2026-12-07".parse().unwrap(),
        bucket: "question:test".into(),
        limit: app::platform::rate_limit::Limit::per_hour(100),
    }
}

/// A row the database refuses (here a department that does not exist, which the service's
/// own check would have caught first) fails its batch; the batch is then tried one by one,
/// so the others are stored, numbered from the serials the failed attempt gave back.
#[tokio::test]
async fn one_refused_row_does_not_refuse_the_rest_of_its_batch() {
    let day: chrono::NaiveDate = "2026-12-07".parse().unwrap();
    let app = spawn_app_on_with(day, |_| {}).await;
    let queue = &app.state.submissions;
    let (a, bad, b) = futures::future::join3(
        queue.submit(queued("第一条建议", None)),
        queue.submit(queued("部门不存在", Some(987_654))),
        queue.submit(queued("第二条建议", None)),
    )
    .await;
    assert_eq!(bad.err(), Some(AppError::Internal));
    let mut numbers = vec![a.unwrap().tracking_no, b.unwrap().tracking_no];
    numbers.sort();
    assert_eq!(numbers, ["Q20261207-00001", "Q20261207-00002"]);
    let stored = app::entities::questions::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap();
    assert_eq!(stored, 2);
}

//! Two people acting at the same moment: exactly one wins, the other is told so (409), and
//! nothing is done twice or half; numbers written by two writers stay gap-free. On
//! PostgreSQL the writers are two instances behind one database, as behind a load balancer.
mod common;
mod interviews_support;
mod questions_support;

use app::auth::Role;
use app::entities::{interview_stage_changes, question_events, questions};
use common::{json, spawn_app, spawn_app_with, Sse};
use interviews_support::{create_interview, live_interview, post_message, WAIT};
use questions_support::{anon_body, anonymous_question, answered, department_id};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

fn one_ok_one_conflict(a: StatusCode, b: StatusCode) -> bool {
    let mut s = [a, b];
    s.sort();
    s == [StatusCode::OK, StatusCode::CONFLICT]
}

#[tokio::test]
async fn two_moderators_routing_one_question_at_once_one_wins_and_the_other_gets_409() {
    let app = spawn_app_with(|c| c.anonymous_questions_per_hour = u32::MAX).await;
    let mut m1 = app.signed_in("shenhe1", &[Role::Moderator]).await;
    let mut m2 = app.signed_in("shenhe2", &[Role::Moderator]).await;
    let traffic = department_id(&mut m1, "区交通局").await;
    let health = department_id(&mut m1, "区卫生局").await;
    // A few rounds: the interleaving differs from one to the next.
    for round in 0..6 {
        let no = anonymous_question(&app).await;
        let path = format!("/api/v1/questions/{no}/accept");
        let (to_traffic, to_health) = (
            json!({"department_id": traffic}),
            json!({"department_id": health}),
        );
        let (r1, r2) = tokio::join!(m1.post(&path, &to_traffic), m2.post(&path, &to_health));
        let (s1, s2) = (r1.status(), r2.status());
        assert!(one_ok_one_conflict(s1, s2), "round {round}: {s1} and {s2}");
        let winner = if s1 == StatusCode::OK {
            traffic
        } else {
            health
        };
        let loser_body: serde_json::Value = if s1 == StatusCode::OK { r2 } else { r1 }
            .json()
            .await
            .unwrap();
        assert_eq!(loser_body["error"]["code"], "conflict", "round {round}");

        let q = json(
            m1.get(&format!("/api/v1/questions/{no}")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(q["status"], "accepted");
        assert_eq!(q["department"]["id"], winner, "round {round}");
        // Routed once: one 转办 in the question's history.
        let row = questions::Entity::find()
            .filter(questions::Column::TrackingNo.eq(no.as_str()))
            .one(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        let accepts = question_events::Entity::find()
            .filter(question_events::Column::QuestionId.eq(row.id))
            .filter(question_events::Column::Action.eq("accept"))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(accepts, 1, "round {round}");
    }
}

#[tokio::test]
async fn two_stage_moves_at_once_one_wins_and_the_stage_changes_once() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let mut other_tab = app.sign_in("host1").await;
    for round in 0..4 {
        let id = create_interview(&mut host).await;
        let path = format!("/api/v1/interviews/{id}/stage");
        let preview = json!({"stage": "preview"});
        let (r1, r2) = tokio::join!(host.post(&path, &preview), other_tab.post(&path, &preview));
        let (s1, s2) = (r1.status(), r2.status());
        assert!(one_ok_one_conflict(s1, s2), "round {round}: {s1} and {s2}");
        let iv = json(
            app.client().get(&format!("/api/v1/interviews/{id}")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(iv["stage"], "preview");
        let moves = interview_stage_changes::Entity::find()
            .filter(interview_stage_changes::Column::InterviewId.eq(id as i32))
            .filter(interview_stage_changes::Column::ToStage.eq("preview"))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(moves, 1, "round {round}");
    }
}

/// The host and a co-host post at once, on two instances where the database allows it:
/// the entries are numbered 1, 2, 3 … with no number twice and none skipped, and a viewer
/// catching up from the database gets every one in order.
#[tokio::test]
async fn live_entries_from_two_writers_are_numbered_without_gaps() {
    let app = spawn_app().await;
    let (mut host, id) = live_interview(&app).await;
    let second = if app.is_postgres() {
        Some(app.second_instance().await)
    } else {
        // One SQLite process serves the site; its two writers are two requests at once.
        None
    };
    let mut cohost = match &second {
        Some((addr, _)) => host.via(addr),
        None => host.via(&app.addr),
    };
    let before = json(
        app.client().get(&format!("/api/v1/interviews/{id}")).await,
        StatusCode::OK,
    )
    .await["last_event_id"]
        .as_i64()
        .unwrap();

    const EACH: usize = 8;
    let (mine, theirs) = tokio::join!(
        async {
            let mut ids = Vec::new();
            for i in 0..EACH {
                ids.push(
                    post_message(&mut host, id, &format!("主持人第{i}条")).await["id"]
                        .as_i64()
                        .unwrap(),
                );
            }
            ids
        },
        async {
            let mut ids = Vec::new();
            for i in 0..EACH {
                ids.push(
                    post_message(&mut cohost, id, &format!("嘉宾第{i}条")).await["id"]
                        .as_i64()
                        .unwrap(),
                );
            }
            ids
        }
    );
    let mut ids: Vec<i64> = mine.into_iter().chain(theirs).collect();
    ids.sort();
    let expected: Vec<i64> = (before + 1..=before + 2 * EACH as i64).collect();
    assert_eq!(ids, expected);

    // A viewer joining now is fed from the database, in order.
    let mut late = Sse::connect(
        &format!("{}/api/v1/interviews/{id}/events", app.addr),
        Some(before as i32),
        None,
    )
    .await;
    let mut seen = Vec::new();
    while seen.len() < expected.len() {
        let e = late.next(WAIT).await.expect("every entry caught up");
        seen.push(i64::from(e.id.expect("an entry's number")));
    }
    assert_eq!(seen, expected);
}

/// The public's reads beside the writer: while a change holds SQLite's one writer
/// connection, the public list and search still answer with what was committed, from the
/// read-only connections (with every read through the writer they would wait for the change
/// to end); and those connections refuse to write.
#[tokio::test]
async fn the_public_list_answers_while_a_change_holds_the_writer() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = spawn_app().await;
    let mut m = app.signed_in("mod_readers", &[Role::Moderator]).await;
    let no = answered(
        &app,
        &mut m,
        anon_body("夜间施工噪音扰民", "工地每晚施工到凌晨，噪音很大。"),
        true,
    )
    .await;
    let txn = app.state.db.begin().await.unwrap();
    txn.execute_unprepared("UPDATE departments SET name = name")
        .await
        .unwrap();
    for (path, list) in [
        ("/api/v1/questions", "items"),
        ("/api/v1/search?q=%E5%99%AA%E9%9F%B3", "questions"),
    ] {
        let res = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            app.http.get(format!("{}{path}", app.addr)).send(),
        )
        .await
        .unwrap_or_else(|_| panic!("{path} waited for the writer"))
        .unwrap();
        let body = json(res, StatusCode::OK).await;
        assert!(
            body.to_string().contains(&no),
            "{path} lacks the published question: {body}"
        );
        assert!(
            body[list].is_array() || body[list].is_object(),
            "{path}: {body}"
        );
    }
    txn.rollback().await.unwrap();
    if app.state.reads.get_database_backend() == sea_orm::DbBackend::Sqlite {
        let write = app
            .state
            .reads
            .execute_unprepared("UPDATE departments SET name = name")
            .await;
        assert!(write.is_err(), "a reader connection wrote");
    }
}

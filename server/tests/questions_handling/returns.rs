//! Returns (退回): a department hands a question back to triage.
use super::common::{json, spawn_app_on};
use super::questions_support::department_id;
use super::{monday, path, post_ok, set_due, submitted};
use app::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

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

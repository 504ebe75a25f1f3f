//! The same step sent many times at once.
use super::common::{self, spawn_app};
use app::auth::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn a_disclosure_step_pressed_twice_at_once_runs_once() {
    use app::entities::{audit_events, disclosure_requests as dr};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = spawn_app().await;
    let mut c = app.client();
    let a = common::disclosure::apply(&mut c, "natural_person", &common::disclosure::resident_id())
        .await;
    let no = a["tracking_no"].as_str().unwrap().to_string();
    let officer = app.signed_in("xinxi", &[Role::DisclosureOfficer]).await;
    let cookie = officer.cookie.clone();
    let extend = serde_json::json!({"working_days": 20, "approver": "李主任"});
    let reply = serde_json::json!({"outcome": "disclosed", "body": "予以公开，见附件。"});
    for (step, body) in [("extend", extend), ("reply", reply)] {
        let tries = (0..8).map(|_| {
            let mut c = app.client();
            c.cookie = cookie.clone();
            let (path, body) = (
                format!("/api/v1/disclosure-requests/{no}/{step}"),
                body.clone(),
            );
            async move { c.post(&path, &body).await.status() }
        });
        let statuses = futures::future::join_all(tries).await;
        let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let conflict = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((ok, conflict), (1, 7), "{step}: {statuses:?}");
        let audited = audit_events::Entity::find()
            .filter(audit_events::Column::Action.eq(format!("disclosure.{step}")))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(audited, 1, "{step} is on the record once");
    }
    let m = dr::Entity::find()
        .filter(dr::Column::TrackingNo.eq(&no))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.extension_days, Some(20));
    assert_eq!(m.status, "replied");
}

//! Page numbers and sizes out of range.
use super::common::{self, json, spawn_app};
use app::auth::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn paging_out_of_range_is_refused_or_clamped_never_a_panic() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let lists = [
        "/api/v1/questions",
        "/api/v1/moderation/questions",
        "/api/v1/handling/questions",
        "/api/v1/documents",
        "/api/v1/interviews",
        "/api/v1/admin/users",
        "/api/v1/disclosure-requests",
    ];
    let hostile = [
        "page=9223372036854775808",
        "page=18446744073709551615",
        "page=18446744073709551616",
        "page=0",
        "page=-1",
        "per_page=100000",
        "page=100001&per_page=100",
    ];
    for list in lists {
        for q in hostile {
            let res = admin.get(&format!("{list}?{q}")).await;
            let status = res.status();
            assert!(
                matches!(
                    status,
                    StatusCode::OK | StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY
                ),
                "{list}?{q}: {status}"
            );
            // An answer with a body the client can read, not a dropped connection.
            let body = res.text().await.unwrap();
            assert!(!body.is_empty(), "{list}?{q}");
        }
        // The deepest allowed page answers, empty.
        let deep = json(
            admin.get(&format!("{list}?page=100000&per_page=100")).await,
            StatusCode::OK,
        )
        .await;
        assert!(
            deep["items"].as_array().is_some_and(|i| i.is_empty()),
            "{list}"
        );
    }
    // Server functions clamp instead.
    let path = common::server_fns()["/api/list_questions"].clone();
    let res = admin
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            "page=18446744073709551615",
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

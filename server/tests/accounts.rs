//! Accounts over HTTP: password changes end other sessions, weak and common passwords are
//! refused, admins disable and enable accounts, sensitive changes need a recent sign-in,
//! and sessions end after the absolute limit.
mod common;

use app::auth::Role;
use common::{json, spawn_app, Client, TestApp, PASSWORD};
use reqwest::StatusCode;
use sea_orm::ColumnTrait;
use serde_json::json;

fn login_body(name: &str, password: &str) -> serde_json::Value {
    json!({"username": name, "password": password})
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_the_other_sessions() {
    let app = spawn_app().await;
    let mut here = app.signed_in("zhangsan", &[Role::Resident]).await;
    let mut elsewhere = app.sign_in("zhangsan").await;
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    let e = json(
        here.post(
            "/api/v1/auth/password",
            &change("not-my-password", "river-stone-2026"),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["current_password"].is_string());
    for weak in ["password123", "zhangsan2026", "short"] {
        let e = json(
            here.post("/api/v1/auth/password", &change(PASSWORD, weak))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(e["error"]["fields"]["new_password"].is_string(), "{weak}");
    }
    let res = here
        .post(
            "/api/v1/auth/password",
            &change(PASSWORD, "river-stone-2026"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // This session carries on; the other one has ended.
    assert_eq!(here.get("/api/v1/auth/me").await.status(), StatusCode::OK);
    assert_eq!(
        elsewhere.get("/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let mut fresh = app.client();
    assert_eq!(
        fresh
            .post("/api/v1/auth/login", &login_body("zhangsan", PASSWORD))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    json(
        fresh
            .post(
                "/api/v1/auth/login",
                &login_body("zhangsan", "river-stone-2026"),
            )
            .await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn common_passwords_are_refused_at_registration() {
    let app = spawn_app().await;
    let e = json(
        app.client()
            .post(
                "/api/v1/auth/register",
                &json!({"username": "lisi", "password": "woaini1314"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["password"]
        .as_str()
        .unwrap()
        .contains("常见"));
}

#[tokio::test]
async fn a_disabled_account_is_refused_at_once_and_can_be_enabled_again() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let target = app.create_user("wangwu", &[Role::Moderator]).await;
    let mut wangwu = app.sign_in("wangwu").await;
    assert_eq!(
        wangwu.get("/api/v1/moderation/questions").await.status(),
        StatusCode::OK
    );
    let path = |a: &str| format!("/api/v1/admin/users/{}/{a}", target.id);
    assert_eq!(
        admin.post(&path("disable"), &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    // Its session is refused at the next request.
    assert_eq!(
        wangwu.get("/api/v1/moderation/questions").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Logging in answers exactly as a wrong password does.
    let disabled = app
        .client()
        .post("/api/v1/auth/login", &login_body("wangwu", PASSWORD))
        .await;
    let wrong = app
        .client()
        .post(
            "/api/v1/auth/login",
            &login_body("wangwu", "not-the-password"),
        )
        .await;
    assert_eq!(disabled.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(disabled.text().await.unwrap(), wrong.text().await.unwrap());
    let users = json(
        admin.get("/api/v1/admin/users?q=wangwu").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(users["items"][0]["disabled"], true);
    // A `%` or `_` in the filter is a character to find, not a wildcard matching everyone.
    for wild in ["%25", "_", "wang%25", "w_ngwu"] {
        let found = json(
            admin.get(&format!("/api/v1/admin/users?q={wild}")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(found["total"], 0, "q={wild}");
    }

    assert_eq!(
        admin.post(&path("enable"), &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    json(
        app.client()
            .post("/api/v1/auth/login", &login_body("wangwu", PASSWORD))
            .await,
        StatusCode::OK,
    )
    .await;
    // Nobody locks themselves out.
    let me = json(admin.get("/api/v1/auth/me").await, StatusCode::OK).await;
    let e = admin
        .post(
            &format!("/api/v1/admin/users/{}/disable", me["user"]["id"]),
            &json!({}),
        )
        .await;
    assert_eq!(e.status(), StatusCode::CONFLICT);
    // Residents and moderators cannot disable anyone.
    assert_eq!(
        wangwu_client(&app)
            .await
            .post(&path("disable"), &json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

async fn wangwu_client(app: &TestApp) -> Client<'_> {
    app.sign_in("wangwu").await
}

#[tokio::test]
async fn role_grants_and_disabling_need_a_sign_in_within_fifteen_minutes() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let target = app.create_user("zhaoliu", &[Role::Resident]).await;
    app.age_session(&admin, 16 * 60).await;
    let grant = json!({"role": "moderator", "granted": true});
    let roles = format!("/api/v1/admin/users/{}/roles", target.id);
    let e = json(admin.post(&roles, &grant).await, StatusCode::FORBIDDEN).await;
    assert_eq!(e["error"]["code"], "reauth_required");
    let e = json(
        admin
            .post(
                &format!("/api/v1/admin/users/{}/disable", target.id),
                &json!({}),
            )
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(e["error"]["code"], "reauth_required");
    // Reading still works; nothing was changed.
    let users = json(
        admin.get("/api/v1/admin/users?q=zhaoliu").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(users["items"][0]["roles"], json!(["resident"]));

    // The password again: a wrong one is a field error, the right one opens the window.
    let e = json(
        admin
            .post("/api/v1/auth/reauth", &json!({"password": "wrong-one-123"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["password"].is_string());
    assert_eq!(
        admin
            .post("/api/v1/auth/reauth", &json!({"password": PASSWORD}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let u = json(admin.post(&roles, &grant).await, StatusCode::OK).await;
    assert!(u["roles"].as_array().unwrap().contains(&json!("moderator")));
}

#[tokio::test]
async fn a_session_ends_after_the_absolute_limit_however_active() {
    let app = spawn_app().await;
    let mut c = app.signed_in("sunqi", &[Role::Resident]).await;
    assert_eq!(c.get("/api/v1/auth/me").await.status(), StatusCode::OK);
    app.age_session(&c, 13 * 3600).await;
    assert_eq!(
        c.get("/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_audit_trail_records_sign_ins_refusals_and_personal_data_reads_and_cannot_be_changed() {
    use app::entities::audit_events;
    use sea_orm::{sea_query::Expr, EntityTrait, QueryFilter};
    let app = spawn_app().await;
    app.create_user("zhangsan", &[Role::Resident]).await;
    // A failed and a good login, a refused request, a logout.
    let mut c = app.client();
    assert_eq!(
        c.post(
            "/api/v1/auth/login",
            &login_body("zhangsan", "not-the-password")
        )
        .await
        .status(),
        StatusCode::UNAUTHORIZED
    );
    json(
        c.post("/api/v1/auth/login", &login_body("zhangsan", PASSWORD))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        c.get("/api/v1/moderation/questions").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        c.post("/api/v1/auth/logout", &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    // A disclosure officer reads an applicant's data.
    let mut anon = app.client();
    let a = common::disclosure::apply(
        &mut anon,
        "natural_person",
        &common::disclosure::resident_id(),
    )
    .await;
    let dno = a["tracking_no"].as_str().unwrap().to_string();
    let mut officer = app.signed_in("xinxi", &[Role::DisclosureOfficer]).await;
    json(
        officer
            .get(&format!("/api/v1/disclosure-requests/{dno}"))
            .await,
        StatusCode::OK,
    )
    .await;

    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let trail = json(
        admin.get("/api/v1/admin/audit?per_page=100").await,
        StatusCode::OK,
    )
    .await;
    let items = trail["items"].as_array().unwrap();
    let has = |action: &str, actor: Option<&str>| {
        items.iter().any(|i| {
            i["action"] == action
                && actor.is_none_or(|a| i["actor"] == a)
                && i["ip"].as_str().is_some_and(|ip| ip.contains("127.0.0.1"))
        })
    };
    assert!(has("auth.login_failed", None), "{items:?}");
    assert!(has("auth.login", Some("zhangsan")));
    assert!(has("access.refused", Some("zhangsan")));
    assert!(has("auth.logout", Some("zhangsan")));
    assert!(has("disclosure.read", Some("xinxi")));
    let refused = items
        .iter()
        .find(|i| i["action"] == "access.refused" && i["actor"] == "zhangsan")
        .unwrap();
    assert_eq!(refused["target"], "GET /api/v1/moderation/questions");

    // Filters: by account, by action prefix, by date; a bad date is a field error.
    let mine = json(
        admin
            .get("/api/v1/admin/audit?actor=zhangsan&action=auth.")
            .await,
        StatusCode::OK,
    )
    .await;
    let actions: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["auth.logout", "auth.login"]);
    let none = json(
        admin
            .get("/api/v1/admin/audit?from=2000-01-01&to=2000-01-02")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(none["total"], 0);
    let e = json(
        admin.get("/api/v1/admin/audit?from=yesterday").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["from"].is_string());
    let csv = admin.get("/api/v1/admin/audit/csv?actor=zhangsan").await;
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains("auth.login") && !text.contains("xinxi"));
    // Only admins read it.
    let mut resident = app.sign_in("zhangsan").await;
    assert_eq!(
        resident.get("/api/v1/admin/audit").await.status(),
        StatusCode::FORBIDDEN
    );

    // Append-only: the database itself refuses changing or removing a line.
    let db = &app.state.db;
    let changed = audit_events::Entity::update_many()
        .col_expr(
            audit_events::Column::Action,
            Expr::value("nothing.happened"),
        )
        .exec(db)
        .await;
    assert!(changed.is_err(), "an audit line was rewritten");
    let removed = audit_events::Entity::delete_many()
        .filter(audit_events::Column::Action.eq("auth.login_failed"))
        .exec(db)
        .await;
    assert!(removed.is_err(), "an audit line was deleted");
}

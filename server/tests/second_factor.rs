//! 两步验证 (TOTP, RFC 6238) over HTTP: enrolling with a code from the app, signing in with
//! one (never the same one twice), turning it off with the password, and admins who must
//! use it where the site requires it.
mod common;

use app::auth::totp::code_at;
use app::auth::Role;
use common::{json, spawn_app, spawn_app_with, Client, TestApp, PASSWORD};
use data_encoding::BASE32_NOPAD;
use reqwest::StatusCode;
use serde_json::json;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Enrols `c` and gives back the secret, as an authenticator app holds it.
async fn enrol(c: &mut Client<'_>) -> Vec<u8> {
    let e = json(
        c.post("/api/v1/auth/totp/setup", &json!({})).await,
        StatusCode::OK,
    )
    .await;
    let b32 = e["secret"].as_str().unwrap().to_string();
    assert!(e["uri"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Gongkai:"));
    let secret = BASE32_NOPAD.decode(b32.as_bytes()).unwrap();
    let bad = json(
        c.post("/api/v1/auth/totp/enable", &json!({"code": "000000"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(bad["error"]["fields"]["code"].is_string());
    let res = c
        .post(
            "/api/v1/auth/totp/enable",
            &json!({"code": code_at(&secret, now())}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    secret
}

async fn login(app: &TestApp, name: &str, totp: Option<String>) -> (StatusCode, serde_json::Value) {
    let mut c = app.client();
    let res = c
        .post(
            "/api/v1/auth/login",
            &json!({"username": name, "password": PASSWORD, "totp": totp}),
        )
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

#[tokio::test]
async fn an_account_with_a_second_factor_signs_in_with_a_fresh_code_only() {
    let app = spawn_app().await;
    let mut c = app.signed_in("bianji", &[Role::Editor]).await;
    let me = json(c.get("/api/v1/auth/me").await, StatusCode::OK).await;
    assert_eq!(me["user"]["totp_enabled"], false);
    let secret = enrol(&mut c).await;
    let me = json(c.get("/api/v1/auth/me").await, StatusCode::OK).await;
    assert_eq!(me["user"]["totp_enabled"], true);

    // The password alone is not enough, and says so.
    let (status, body) = login(&app, "bianji", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "totp_required");
    // A wrong code is a failed login like a wrong password.
    let wrong = format!(
        "{:06}",
        (code_at(&secret, now()).parse::<u32>().unwrap() + 1) % 1_000_000
    );
    let (status, body) = login(&app, "bianji", Some(wrong)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "invalid_credentials");
    // The next step's code signs in (the enrolment used this one); then never again.
    let code = code_at(&secret, now() + 30);
    let (status, _) = login(&app, "bianji", Some(code.clone())).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = login(&app, "bianji", Some(code)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a used code is spent");

    // Off again, with the password.
    let res = c
        .post(
            "/api/v1/auth/totp/disable",
            &json!({"password": "wrong-one-123"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = c
        .post("/api/v1/auth/totp/disable", &json!({"password": PASSWORD}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, _) = login(&app, "bianji", None).await;
    assert_eq!(status, StatusCode::OK);

    // The secret is kept sealed, never in the clear.
    use app::entities::users;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let mut c2 = app.signed_in("zhubian", &[Role::Editor]).await;
    let secret = enrol(&mut c2).await;
    let row = users::Entity::find()
        .filter(users::Column::Username.eq("zhubian"))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let stored = row.totp_secret.unwrap();
    assert!(stored.starts_with("g1:"));
    assert!(!stored.contains(&BASE32_NOPAD.encode(&secret)));
}

#[tokio::test]
async fn where_required_an_admin_without_a_second_factor_may_only_enrol() {
    let app = spawn_app_with(|c| c.require_totp_for_admins = true).await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let body = json(
        admin.get("/api/v1/admin/users").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body["error"]["code"], "second_factor_required");
    // Not even the roles an admin otherwise holds.
    assert_eq!(
        admin.get("/api/v1/moderation/questions").await.status(),
        StatusCode::FORBIDDEN
    );
    let secret = enrol(&mut admin).await;
    assert_eq!(
        admin.get("/api/v1/admin/users").await.status(),
        StatusCode::OK
    );
    let (status, _) = login(&app, "guanli", Some(code_at(&secret, now() + 30))).await;
    assert_eq!(status, StatusCode::OK);
    // Other staff are not held to it.
    let mut editor = app.signed_in("bianji", &[Role::Editor]).await;
    assert_eq!(
        editor.get("/api/v1/editor/late-documents").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn enrolling_needs_a_recent_sign_in() {
    let app = spawn_app().await;
    let mut c = app.signed_in("jumin", &[]).await;
    // A session signed in 20 minutes ago.
    app.age_session(&c, 20 * 60).await;
    let body = json(
        c.post("/api/v1/auth/totp/setup", &json!({})).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body["error"]["code"], "reauth_required");
}

//! Accounts, sessions and the security baseline, over HTTP against a real database.
mod common;

use app::auth::Role;
use common::{json, spawn_app, spawn_app_with, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn health_and_openapi() {
    let app = spawn_app().await;
    let mut c = app.client();
    let body = json(c.get("/api/v1/health").await, StatusCode::OK).await;
    assert_eq!(body, json!({"status": "ok"}));
    let doc = json(c.get("/api/v1/openapi.json").await, StatusCode::OK).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/v1/auth/login"]["post"].is_object());
}

#[tokio::test]
async fn register_login_me_logout() {
    let app = spawn_app().await;
    let mut c = app.client();
    let body = json(
        c.post(
            "/api/v1/auth/register",
            &json!({"username": "Zhang_San", "password": PASSWORD, "display_name": "张三"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(body["user"]["username"], "zhang_san");
    assert_eq!(body["user"]["display_name"], "张三");
    assert_eq!(body["user"]["roles"], json!(["resident"]));

    let me = json(c.get("/api/v1/auth/me").await, StatusCode::OK).await;
    assert_eq!(me["user"]["username"], "zhang_san");

    let res = c.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        c.get("/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    let body = json(
        c.post(
            "/api/v1/auth/login",
            &json!({"username": "zhang_san", "password": PASSWORD}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["user"]["display_name"], "张三");
    assert_eq!(c.get("/api/v1/auth/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_generic_401() {
    let app = spawn_app().await;
    app.create_user("lisi", &[Role::Resident]).await;
    let mut c = app.client();
    let a = json(
        c.post(
            "/api/v1/auth/login",
            &json!({"username": "lisi", "password": "wrong-password"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let b = json(
        c.post(
            "/api/v1/auth/login",
            &json!({"username": "nobody", "password": "wrong-password"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(a, b, "the answer must not tell which part was wrong");
    assert_eq!(a["error"]["code"], "invalid_credentials");
    assert_eq!(a["error"]["message"], "用户名或密码错误");
}

#[tokio::test]
async fn session_id_changes_at_login_and_old_ids_die() {
    let app = spawn_app().await;
    app.create_user("wangwu", &[Role::Resident]).await;
    let mut c = app.client();
    // A planted (fixated) id is never adopted.
    c.cookie = Some("planted-session-id".into());
    json(
        c.post(
            "/api/v1/auth/login",
            &json!({"username": "wangwu", "password": PASSWORD}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let first = c.cookie.clone().expect("a session cookie");
    assert_ne!(first, "planted-session-id");

    json(
        c.post(
            "/api/v1/auth/login",
            &json!({"username": "wangwu", "password": PASSWORD}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let second = c.cookie.clone().unwrap();
    assert_ne!(first, second, "login must renew the session id");

    let mut old = app.client();
    old.cookie = Some(first);
    assert_eq!(
        old.get("/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn session_cookie_is_httponly_and_lax() {
    let app = spawn_app().await;
    app.create_user("zhaoliu", &[Role::Resident]).await;
    let res = app
        .client()
        .post(
            "/api/v1/auth/login",
            &json!({"username": "zhaoliu", "password": PASSWORD}),
        )
        .await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http must not set Secure: {cookie}"
    );
}

#[tokio::test]
async fn secure_cookie_when_served_over_https() {
    let app = spawn_app_with(|c| c.public_url = Some("https://gk.example.gov.cn".into())).await;
    app.create_user("https_user", &[Role::Resident]).await;
    let res = app
        .client()
        .post(
            "/api/v1/auth/login",
            &json!({"username": "https_user", "password": PASSWORD}),
        )
        .await;
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn cross_site_post_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let mut c = app.client();
    let res = c
        .send(
            Method::POST,
            "/api/v1/auth/register",
            &json!({"username": "victim", "password": PASSWORD}),
            &[("origin", "https://evil.example")],
        )
        .await;
    let body = json(res, StatusCode::FORBIDDEN).await;
    assert_eq!(body["error"]["code"], "cross_site_request");
    let res = c
        .send(
            Method::POST,
            "/api/v1/auth/register",
            &json!({"username": "victim", "password": PASSWORD}),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nothing was created: the same registration from the site itself succeeds.
    let res = c
        .send(
            Method::POST,
            "/api/v1/auth/register",
            &json!({"username": "victim", "password": PASSWORD}),
            &[("origin", &app.addr.clone())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn cross_site_server_function_call_is_refused() {
    let app = spawn_app().await;
    let mut c = app.client();
    let res = c
        .send(
            Method::POST,
            "/api/register",
            &json!({"username": "x1234", "password": PASSWORD}),
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn roles_are_checked_by_the_api() {
    let app = spawn_app().await;
    let mut anon = app.client();
    assert_eq!(
        anon.get("/api/v1/admin/users").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let mut resident = app.signed_in("resident1", &[Role::Resident]).await;
    let body = json(
        resident.get("/api/v1/admin/users").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(body["error"]["code"], "forbidden");
    let res = resident
        .post("/api/v1/departments", &json!({"name": "区新设局"}))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let mut admin = app.signed_in("admin1", &[Role::Admin]).await;
    let list = json(
        admin.get("/api/v1/admin/users?q=resident").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(list["total"], 1);
    let uid = list["items"][0]["id"].as_i64().unwrap();
    let user = json(
        admin
            .post(
                &format!("/api/v1/admin/users/{uid}/roles"),
                &json!({"role": "moderator", "granted": true}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(user["roles"], json!(["resident", "moderator"]));
    // The resident's next request sees the new role.
    let me = json(resident.get("/api/v1/auth/me").await, StatusCode::OK).await;
    assert_eq!(me["user"]["roles"], json!(["resident", "moderator"]));
}

#[tokio::test]
async fn malformed_json_is_400_and_bad_fields_are_422_in_chinese() {
    let app = spawn_app().await;
    let mut c = app.client();
    let body = json(
        c.post_raw("/api/v1/auth/register", "application/json", "{not json")
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(body["error"]["code"], "bad_request");

    let body = json(
        c.post("/api/v1/auth/register", &json!({"password": PASSWORD}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(body["error"]["fields"]["username"].is_string());

    let body = json(
        c.post(
            "/api/v1/auth/register",
            &json!({"username": "ab", "password": "short", "display_name": ""}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(
        body["error"]["fields"]["username"],
        "用户名长度应为 3–32 个字符"
    );
    assert_eq!(body["error"]["fields"]["password"], "密码至少 8 个字符");

    // A taken username is a field error too, and the first account is untouched.
    app.create_user("taken", &[Role::Resident]).await;
    let body = json(
        c.post(
            "/api/v1/auth/register",
            &json!({"username": "TAKEN", "password": PASSWORD}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body["error"]["fields"]["username"], "该用户名已被注册");
}

#[tokio::test]
async fn failed_logins_are_limited_per_account_with_retry_after() {
    let app = spawn_app_with(|c| c.login_failures_per_hour = 3).await;
    app.create_user("target", &[Role::Resident]).await;
    let mut c = app.client();
    for _ in 0..3 {
        let res = c
            .post(
                "/api/v1/auth/login",
                &json!({"username": "target", "password": "guess-guess"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = c
        .post(
            "/api/v1/auth/login",
            &json!({"username": "target", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry));
    let body = json(res, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(body["error"]["code"], "rate_limited");
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_that_matches() {
    let app = spawn_app().await;
    let mut c = app.client();
    let res = c.get("/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h.contains_key("referrer-policy"));
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_string();
    let html = res.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "hydration script must carry the CSP nonce"
    );
    assert!(html.contains("南川区政务公开平台"));
    assert!(html.contains("lang=\"zh-CN\""));
}

#[tokio::test]
async fn unknown_pages_are_404_with_the_site_frame_and_unknown_api_paths_json() {
    let app = spawn_app().await;
    let mut c = app.client();
    let res = c.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("页面不存在"));
    let body = json(c.get("/api/v1/no-such-thing").await, StatusCode::NOT_FOUND).await;
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn departments_are_seeded_from_the_report() {
    let app = spawn_app().await;
    let body = json(
        app.client().get("/api/v1/departments").await,
        StatusCode::OK,
    )
    .await;
    let names: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    for expected in [
        "区政府办公室",
        "区监察局",
        "区政府法制办",
        "区教委",
        "区人力社保局",
        "区环保局",
        "区政务服务中心",
        "区公共资源交易中心",
    ] {
        assert!(names.contains(&expected), "{expected} missing");
    }
}

#[tokio::test]
async fn the_login_form_answers_with_the_error_status_and_the_register_form_with_fields() {
    let app = spawn_app().await;
    app.create_user("formuser", &[Role::Resident]).await;
    let mut c = app.client();
    let html = c.get("/login").await.text().await.unwrap();
    let start = html
        .find("action=\"/api/login")
        .expect("the form posts to the server function")
        + "action=\"".len();
    let url = html[start..].split('"').next().unwrap().to_string();
    let res = c
        .post_raw(
            &url,
            "application/x-www-form-urlencoded",
            "username=formuser&password=wrong-password",
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.text().await.unwrap().contains("InvalidCredentials"));
    let res = c
        .post_raw(
            &url,
            "application/x-www-form-urlencoded",
            &format!("username=formuser&password={PASSWORD}"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(c.cookie.is_some(), "signed in through the form");

    let html = app.client().get("/register").await.text().await.unwrap();
    let start = html.find("action=\"/api/register").unwrap() + "action=\"".len();
    let url = html[start..].split('"').next().unwrap().to_string();
    let res = app
        .client()
        .post_raw(
            &url,
            "application/x-www-form-urlencoded",
            "username=x&password=short&display_name=",
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("用户名长度应为") && text.contains("密码至少 8 个字符"),
        "{text}"
    );
}

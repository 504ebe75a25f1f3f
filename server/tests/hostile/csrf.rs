//! Forged cross-site and header-less changes to a signed-in session.
use super::common::{self, json, spawn_app};
use reqwest::StatusCode;

#[tokio::test]
async fn a_signed_in_change_without_origin_needs_the_sessions_csrf_token() {
    let app = spawn_app().await;
    let user = app.signed_in("jumin", &[]).await;
    let session = user.cookie.clone().unwrap();
    let cookie = format!("{}={session}", app::auth::SESSION_COOKIE);
    let url = |p: &str| format!("{}{p}", app.addr);
    let http = reqwest::Client::new();
    let me = || {
        http.get(url("/api/v1/auth/me"))
            .header("cookie", &cookie)
            .send()
    };
    // A header-less JSON change, as an old browser or a careless proxy would pass on.
    let rename = |name: &str| {
        http.put(url("/api/v1/auth/me"))
            .header("cookie", &cookie)
            .json(&serde_json::json!({"display_name": name}))
    };
    let res = rename("改名甲").send().await.unwrap();
    let body = json(res, StatusCode::FORBIDDEN).await;
    assert_eq!(body["error"]["code"], "csrf_token_required");
    let res = rename("改名乙")
        .header("x-csrf-token", "bm90LXRoZS10b2tlbg")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a wrong token");
    let seen = json(me().await.unwrap(), StatusCode::OK).await;
    assert_eq!(seen["user"]["display_name"], "jumin", "nothing changed");

    // The token from the API opens the way; a browser's Origin needs none.
    let token = json(
        http.get(url("/api/v1/auth/csrf"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let res = rename("改名丙")
        .header("x-csrf-token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = rename("改名丁")
        .header("origin", &app.addr)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let anonymous = json(
        http.get(url("/api/v1/auth/csrf")).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    // Present, and null: no session, no token.
    assert!(anonymous
        .get("token")
        .is_some_and(serde_json::Value::is_null));

    // A header-less form post to a server function (a no-JavaScript form) is refused too.
    let logout = common::server_fns()["/api/logout"].clone();
    let res = http
        .post(url(&logout))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        me().await.unwrap().status(),
        StatusCode::OK,
        "still signed in"
    );
    // A cross-site multipart upload is refused before it is read.
    let res = http
        .post(url("/api/v1/documents/1/attachments"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--x--\r\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

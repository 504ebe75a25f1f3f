//! The page cache: anonymous pages are served from it with a nonce of their own, a change
//! to the data is on the very next page (on this instance and on another over the same
//! database), and nobody's session, query code or display mode reaches another visitor.
mod common;
mod questions_support;

use app::auth::Role;
use common::{spawn_app, TestApp};
use questions_support::{anon_body, answered};
use reqwest::{header, StatusCode};
use std::time::{Duration, Instant};

const CACHE: &str = app::platform::page_cache::CACHE_HEADER;

/// The nonce the response's Content-Security-Policy allows.
fn nonce_of(res: &reqwest::Response) -> String {
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let start = csp.find("'nonce-").expect("a nonce in the CSP") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_string()
}

fn cache_state(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get(CACHE)
        .map(|v| v.to_str().unwrap().to_string())
}

async fn anon_get(base: &str, app: &TestApp, path: &str) -> reqwest::Response {
    app.http.get(format!("{base}{path}")).send().await.unwrap()
}

/// Requests `path` until it comes from the cache (on PostgreSQL the instance first has to be
/// listening for changes), and returns that response's body.
async fn until_cached(base: &str, app: &TestApp, path: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let res = anon_get(base, app, path).await;
        assert_eq!(res.status(), StatusCode::OK);
        if cache_state(&res).as_deref() == Some("hit") {
            return res.text().await.unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "{path} never came from the cache"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Requests `path` until its page contains `text` (within 5 s: on PostgreSQL a change reaches
/// the instance by notification), failing with `stale` otherwise.
async fn until_page_contains(base: &str, app: &TestApp, path: &str, text: &str, stale: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let html = anon_get(base, app, path).await.text().await.unwrap();
        if html.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "{stale}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_cached_page_carries_a_fresh_nonce_each_time() {
    let app = spawn_app().await;
    until_cached(&app.addr, &app, "/questions").await;
    let a = anon_get(&app.addr, &app, "/questions").await;
    let b = anon_get(&app.addr, &app, "/questions").await;
    assert_eq!(cache_state(&a).as_deref(), Some("hit"));
    assert_eq!(cache_state(&b).as_deref(), Some("hit"));
    let (na, nb) = (nonce_of(&a), nonce_of(&b));
    assert_ne!(na, nb, "two responses, one nonce");
    let (ha, hb) = (a.text().await.unwrap(), b.text().await.unwrap());
    assert!(
        ha.contains(&format!("nonce=\"{na}\"")),
        "the page's scripts lack its nonce"
    );
    assert!(hb.contains(&format!("nonce=\"{nb}\"")));
    assert!(
        !hb.contains(&na),
        "an earlier response's nonce was served again"
    );
    assert_eq!(ha.replace(&na, "N"), hb.replace(&nb, "N"));
}

/// A browser's hit comes gzipped once at storing, with this response's nonce spliced into
/// the compressed body: it inflates (CRC and length checked) to the same page as the plain
/// hit, but for the nonce.
#[tokio::test]
async fn a_gzipped_hit_inflates_to_the_page_with_its_own_nonce() {
    use std::io::Read;
    let app = spawn_app().await;
    until_cached(&app.addr, &app, "/questions").await;
    let get = |encoding: &'static str| {
        app.http
            .get(format!("{}/questions", app.addr))
            .header(header::ACCEPT_ENCODING, encoding)
            .send()
    };
    let plain = get("identity").await.unwrap();
    assert_eq!(cache_state(&plain).as_deref(), Some("hit"));
    assert!(!plain.headers().contains_key(header::CONTENT_ENCODING));
    let plain_nonce = nonce_of(&plain);
    let plain_page = plain.text().await.unwrap();

    let zipped = get("gzip, deflate, br, zstd").await.unwrap();
    assert_eq!(cache_state(&zipped).as_deref(), Some("hit"));
    assert_eq!(zipped.headers()[header::CONTENT_ENCODING], "gzip");
    let vary: Vec<_> = zipped.headers().get_all(header::VARY).iter().collect();
    assert!(
        vary.iter()
            .any(|v| v.to_str().unwrap().contains("accept-encoding")),
        "a cache between must not give the gzip body to others: {vary:?}"
    );
    let nonce = nonce_of(&zipped);
    assert_ne!(nonce, plain_nonce);
    let bytes = zipped.bytes().await.unwrap();
    let mut page = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut page)
        .expect("a valid gzip body");
    assert!(page.contains(&format!("nonce=\"{nonce}\"")));
    assert!(!page.contains(&plain_nonce));
    assert_eq!(
        page.replace(&nonce, "N"),
        plain_page.replace(&plain_nonce, "N")
    );
}

#[tokio::test]
async fn a_change_is_on_the_next_page_served() {
    let app = spawn_app().await;
    let before = until_cached(&app.addr, &app, "/questions").await;
    assert!(!before.contains("缓存之后的新留言"));
    let mut m = app.signed_in("mod_cache", &[Role::Moderator]).await;
    answered(
        &app,
        &mut m,
        anon_body("缓存之后的新留言", "缓存之后的留言正文"),
        true,
    )
    .await;
    // The very next page has it: on SQLite the counter moved in the same transaction, on
    // PostgreSQL this instance moved its own when it answered the change (the NOTIFY comes
    // a moment later).
    let html = anon_get(&app.addr, &app, "/questions")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("缓存之后的新留言"),
        "the list was served without the question just published"
    );
    until_page_contains(
        &app.addr,
        &app,
        "/questions",
        "缓存之后的新留言",
        "the list was served without the question just published",
    )
    .await;
    // And the new page is cached in its turn.
    assert!(until_cached(&app.addr, &app, "/questions")
        .await
        .contains("缓存之后的新留言"));
}

#[tokio::test]
async fn a_change_made_through_another_instance_reaches_this_ones_pages() {
    let app = spawn_app().await;
    let (other, _h) = app.second_instance().await;
    until_cached(&app.addr, &app, "/questions").await;
    let m = app.signed_in("mod_cache2", &[Role::Moderator]).await;
    let mut via_other = m.via(&other);
    answered(
        &app,
        &mut via_other,
        anon_body("另一实例发布的留言", "另一实例的留言正文"),
        true,
    )
    .await;
    until_page_contains(
        &app.addr,
        &app,
        "/questions",
        "另一实例发布的留言",
        "this instance kept serving its cached list after another instance's change",
    )
    .await;
}

#[tokio::test]
async fn signed_in_visitors_and_query_codes_never_touch_the_cache() {
    let app = spawn_app().await;
    until_cached(&app.addr, &app, "/").await;
    let mut resident = app.signed_in("res_cache", &[Role::Resident]).await;
    for _ in 0..2 {
        let res = resident.get("/").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            cache_state(&res),
            None,
            "a signed-in page went through the cache"
        );
        let html = res.text().await.unwrap();
        assert!(
            html.contains("res_cache"),
            "the resident's own header is missing"
        );
    }
    // And the anonymous page never shows the resident.
    let html = until_cached(&app.addr, &app, "/").await;
    assert!(!html.contains("res_cache"));
    for path in ["/questions?code=ABCD", "/catalog?token=x"] {
        for _ in 0..2 {
            let res = anon_get(&app.addr, &app, path).await;
            assert_eq!(cache_state(&res), None, "{path} went through the cache");
        }
    }
}

#[tokio::test]
async fn each_display_mode_is_a_page_of_its_own() {
    let app = spawn_app().await;
    let plain = until_cached(&app.addr, &app, "/").await;
    let elder = app
        .http
        .get(format!("{}/", app.addr))
        .header(header::COOKIE, "gongkai_prefs=elder")
        .send()
        .await
        .unwrap();
    assert_eq!(cache_state(&elder).as_deref(), Some("miss"));
    let elder = elder.text().await.unwrap();
    // The modes are classes on the page's outer `div.site`.
    let html_class = |h: &str| {
        let at = h.find("<div class=\"site").unwrap();
        h[at..at + h[at..].find('>').unwrap()].to_string()
    };
    assert!(
        html_class(&elder).contains("elder"),
        "{}",
        html_class(&elder)
    );
    assert!(
        !html_class(&plain).contains("elder"),
        "{}",
        html_class(&plain)
    );
    // 长者模式's own navigation, by task.
    assert!(elder.contains("查办理进度") && !plain.contains("查办理进度"));
}

#[tokio::test]
async fn with_no_memory_given_nothing_is_cached() {
    let app = common::spawn_app_with(|c| c.page_cache_bytes = 0).await;
    for _ in 0..3 {
        let res = anon_get(&app.addr, &app, "/questions").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(cache_state(&res), None);
    }
}

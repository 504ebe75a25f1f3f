//! Caches: personal answers kept out of them, HSTS, and public figures not recomputed on demand.
use super::common::{self, json, spawn_app};
use app::auth::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn personal_answers_are_never_cached_and_https_sites_send_hsts() {
    let app = spawn_app().await;
    let mut resident = app.signed_in("jumin", &[Role::Resident]).await;
    for path in ["/api/v1/auth/me", "/questions/mine", "/"] {
        let res = resident.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    let q = json(
        app.client()
            .post("/api/v1/questions", &questions_anon_body())
            .await,
        StatusCode::CREATED,
    )
    .await;
    let (no, code) = (
        q["tracking_no"].as_str().unwrap(),
        q["query_code"].as_str().unwrap(),
    );
    let res = app
        .client()
        .get(&format!("/api/v1/questions/{no}?query_code={code}"))
        .await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    // Public pages for anonymous visitors stay cacheable, and plain http sends no HSTS.
    let res = app.client().get("/api/v1/questions").await;
    assert_ne!(
        res.headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("no-store")
    );
    assert!(res.headers().get("strict-transport-security").is_none());

    let https =
        common::spawn_app_with(|c| c.public_url = Some("https://gk.example.gov.cn".into())).await;
    let res = https.client().get("/api/v1/health").await;
    let hsts = res.headers()["strict-transport-security"].to_str().unwrap();
    assert!(hsts.contains("max-age=31536000"), "{hsts}");
}

fn questions_anon_body() -> serde_json::Value {
    serde_json::json!({
        "kind": "help", "title": "医保报销", "body": "请问门诊怎么报销？", "is_public": false,
        "contact": {"name": "张三", "phone": "13812341234"}
    })
}

#[tokio::test]
async fn statistics_and_the_sitemap_are_cached_until_the_data_changes() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let caches = &app.state.caches;
    let received = |s: &serde_json::Value| s["total"]["received"].as_i64().unwrap();
    let first = json(anon.get("/api/v1/questions/stats").await, StatusCode::OK).await;
    for _ in 0..5 {
        let again = json(anon.get("/api/v1/questions/stats").await, StatusCode::OK).await;
        assert_eq!(again, first);
    }
    assert_eq!(
        caches.question_stats.computed(),
        1,
        "computed once for six requests"
    );
    // A new question moves the figures at once, on this instance and any other.
    json(
        app.client()
            .post("/api/v1/questions", &questions_anon_body())
            .await,
        StatusCode::CREATED,
    )
    .await;
    let after = json(anon.get("/api/v1/questions/stats").await, StatusCode::OK).await;
    assert_eq!(received(&after), received(&first) + 1);
    assert_eq!(caches.question_stats.computed(), 2);

    let before = anon.get("/sitemap.xml").await.text().await.unwrap();
    assert_eq!(anon.get("/sitemap.xml").await.text().await.unwrap(), before);
    assert_eq!(caches.sitemap.computed(), 1);
    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = common::catalog::first_department(&mut ed).await;
    // A draft first (not in the sitemap), then published: a change of an existing row.
    let mut draft = common::catalog::doc(dept, "关于春节安排的公告", "正文");
    draft["published_on"] = serde_json::Value::Null;
    let d = json(
        ed.post("/api/v1/documents", &draft).await,
        StatusCode::CREATED,
    )
    .await;
    let id = d["id"].as_i64().unwrap();
    assert_eq!(
        anon.get("/sitemap.xml").await.text().await.unwrap(),
        before,
        "a draft changes nothing public"
    );
    let published = ed
        .post(
            &format!("/api/v1/documents/{id}/publish"),
            &serde_json::json!({}),
        )
        .await
        .status();
    assert_eq!(published, StatusCode::OK);
    let sitemap = anon.get("/sitemap.xml").await.text().await.unwrap();
    assert!(sitemap.contains(&format!("/catalog/documents/{id}</loc>")));
    assert!(!before.contains(&format!("/catalog/documents/{id}</loc>")));
    assert_eq!(
        caches.sitemap.computed(),
        3,
        "once more for the draft, once for publishing"
    );
}

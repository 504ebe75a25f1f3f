//! The site's furniture: the footer's facts from the configuration, 网站地图, and a column's
//! 更新时间.
mod common;

use app::auth::Role;
use common::catalog::{doc, first_department};
use common::{json, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn the_footer_says_who_runs_the_site_with_each_record_linked() {
    let app = spawn_app_with(|c| {
        c.site = app::site::types::SiteIdentity {
            sponsor: "重庆市南川区人民政府办公室".into(),
            organizer: Some("南川区大数据发展局".into()),
            site_code: Some("5001190001".into()),
            icp: Some("渝ICP备05003300号".into()),
            psb: Some("渝公网安备 50011902000123号".into()),
            address: Some("重庆市南川区东城街道办事处".into()),
            phone: Some("023-71422222".into()),
            email: Some("zwgk@example.gov.cn".into()),
            error_report_url: "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5001190001"
                .into(),
        }
    })
    .await;
    let mut anon = app.client();
    for path in ["/", "/questions", "/catalog", "/sitemap", "/no-such-page"] {
        let res = anon.get(path).await;
        let html = res.text().await.unwrap();
        for fact in [
            "主办：重庆市南川区人民政府办公室",
            "承办：南川区大数据发展局",
            "网站标识码：5001190001",
            r#"href="https://beian.miit.gov.cn/""#,
            ">渝ICP备05003300号</a>",
            r#"href="https://beian.mps.gov.cn/#/query/webSearch?code=50011902000123""#,
            r#"href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5001190001""#,
            ">我为政府网站找错</a>",
            "电话：023-71422222",
            r#"href="/sitemap""#,
        ] {
            assert!(html.contains(fact), "{path} lacks {fact}");
        }
    }

    // Without a configuration the footer still names the sponsor and the national form,
    // and invents no record number.
    let plain = spawn_app().await;
    let html = plain.client().get("/").await.text().await.unwrap();
    assert!(html.contains("主办：重庆市南川区人民政府办公室"));
    assert!(html.contains(r#"href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html""#));
    assert!(!html.contains("网站标识码"));
    assert!(!html.contains("beian"));
}

#[tokio::test]
async fn the_site_map_lists_every_public_part_and_every_column() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let res = anon.get("/sitemap").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("<h1>网站地图</h1>"));
    let columns = json(anon.get("/api/v1/columns").await, StatusCode::OK).await;
    let columns = columns["items"].as_array().unwrap();
    assert!(!columns.is_empty());
    for c in columns {
        let link = format!(r#"href="/catalog?column={}""#, c["slug"].as_str().unwrap());
        assert!(html.contains(&link), "the site map lacks {link}");
    }
    for path in [
        "/questions/new",
        "/questions/track",
        "/interviews",
        "/disclosure-requests/new",
        "/disclosure-requests/track",
        "/search",
    ] {
        assert!(
            html.contains(&format!(r#"href="{path}""#)),
            "the site map lacks {path}"
        );
        // Every address it lists answers.
        assert_eq!(anon.get(path).await.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn a_column_says_when_it_was_last_updated() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("fabu", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let mut anon = app.client();
    let path = common::server_fns()["/api/catalog_documents"].clone();
    let mut listed = async |args: &str| -> Value {
        json(
            anon.post_raw(&path, "application/x-www-form-urlencoded", args)
                .await,
            StatusCode::OK,
        )
        .await
    };
    let empty = listed("column=zfwj").await;
    assert!(empty.get("column_updated_on").is_none(), "{empty}");

    // 21 documents: the newest is on page 1 of 20, and page 2 still gives the column's date.
    for n in 0..21u32 {
        let on = if n == 7 {
            "2026-04-20".to_string()
        } else {
            format!("2026-03-{:02}", n + 3)
        };
        let mut d = doc(dept, &format!("通知{n}"), "正文。");
        d["published_on"] = json!(on);
        json(ed.post("/api/v1/documents", &d).await, StatusCode::CREATED).await;
    }
    // A draft does not count: the public cannot read it.
    let mut d = doc(dept, "草稿通知", "正文。");
    d["published_on"] = Value::Null;
    json(ed.post("/api/v1/documents", &d).await, StatusCode::CREATED).await;

    assert_eq!(
        listed("column=zfwj").await["column_updated_on"],
        "2026-04-20"
    );
    let p2 = listed("column=zfwj&page=2").await;
    assert_eq!(p2["items"].as_array().unwrap().len(), 1);
    assert_eq!(p2["column_updated_on"], "2026-04-20");
    // Without a column there is no column date.
    assert!(listed("").await.get("column_updated_on").is_none());
    let html = app
        .client()
        .get("/catalog?column=zfwj")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("本栏目更新时间："),
        "the column page shows it"
    );
    assert!(html.contains(r#"<time datetime="2026-04-20">2026-04-20</time>"#));
}

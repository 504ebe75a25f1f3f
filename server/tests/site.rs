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

/// `make site` puts the bundle in a directory named by its content and compresses it once; the
/// pages load it from there, browsers get the brotli or gzip file they accept, and may keep it
/// for a year.
#[tokio::test]
async fn the_bundle_is_named_by_its_hash_precompressed_and_kept_for_a_year() {
    use std::io::{Read, Write};
    let root = std::env::temp_dir().join(format!(
        "gongkai-site-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap()
    ));
    let pkg = root.join("pkg");
    let hash = "0123456789abcdef";
    let bundle = pkg.join(hash);
    std::fs::create_dir_all(&bundle).unwrap();
    let js = "export default async function init() {}\nexport function hydrate() {}\n".repeat(40);
    std::fs::write(bundle.join("gongkai.js"), &js).unwrap();
    let mut br = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 22);
    br.write_all(js.as_bytes()).unwrap();
    let br = br.into_inner();
    std::fs::write(bundle.join("gongkai.js.br"), &br).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(js.as_bytes()).unwrap();
    std::fs::write(bundle.join("gongkai.js.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(bundle.join("gongkai.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("gongkai.css"), "body { color: #222; }").unwrap();
    std::fs::write(pkg.join("hash.txt"), format!("bundle: {hash}\n")).unwrap();

    let app = common::spawn_app_serving(root.to_str().unwrap()).await;
    let get = |path: String, encoding: &'static str| {
        let rb = app.http.get(format!("{}{path}", app.addr));
        let rb = if encoding.is_empty() {
            rb
        } else {
            rb.header("accept-encoding", encoding)
        };
        rb.send()
    };

    // The page loads the hashed directory, never the plain names.
    let html = get("/".into(), "").await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("/pkg/{hash}/gongkai.js")), "{html}");
    assert!(html.contains(&format!("/pkg/{hash}/gongkai.wasm")));
    assert!(!html.contains("/pkg/gongkai.js\"") && !html.contains("/pkg/gongkai.wasm\""));

    // Brotli to a browser that takes it: the file made at build time, as it is.
    let res = get(format!("/pkg/{hash}/gongkai.js"), "gzip, deflate, br, zstd")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["vary"], "accept-encoding");
    let body = res.bytes().await.unwrap();
    assert_eq!(&body[..], &br[..]);
    let mut plain = String::new();
    brotli::Decompressor::new(&body[..], 4096)
        .read_to_string(&mut plain)
        .unwrap();
    assert_eq!(plain, js);

    // Gzip to one that takes only gzip; the file itself to one that takes neither.
    let res = get(format!("/pkg/{hash}/gongkai.js"), "gzip")
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let mut plain = String::new();
    flate2::read::GzDecoder::new(&res.bytes().await.unwrap()[..])
        .read_to_string(&mut plain)
        .unwrap();
    assert_eq!(plain, js);
    let res = get(format!("/pkg/{hash}/gongkai.js"), "identity")
        .await
        .unwrap();
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(res.text().await.unwrap(), js);

    // The stylesheet keeps its name, so it is kept for five minutes only.
    let res = get("/pkg/gongkai.css".into(), "").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=300");
    let res = get("/pkg/0000000000000000/gongkai.js".into(), "br")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers().get("cache-control").is_none());
    drop(app);
    let _ = std::fs::remove_dir_all(&root);
}

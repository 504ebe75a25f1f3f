//! 政府信息公开指南 (Art. 12) over HTTP, on SQLite or PostgreSQL: the defaults a new site
//! shows, an admin's save (field by field when wrong), the public page and its footer link.
mod common;

use app::auth::Role;
use common::{json, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn filled() -> Value {
    json!({
        "office": "重庆市南川区人民政府办公室（政务公开科）",
        "address": "重庆市南川区东城街道金佛大道 1 号",
        "hours": "工作日 9:00–12:00，14:00–17:30",
        "phone": "023-71422222",
        "fax": "023-71423333",
        "email": "gongkai@nc.gov.cn",
        "classification": "按栏目、主题分类、发布机构和年份编排，每条信息有唯一的索引号。",
        "proactive": "在本网站信息公开栏目发布，20 个工作日内公开。\n也可到区档案馆查阅。",
        "on_request": "可在线、当面、邮寄或者传真提交申请，20 个工作日内答复。",
        "remedies": "可以依法申请行政复议或者提起行政诉讼。"
    })
}

#[tokio::test]
async fn the_guide_has_what_article_12_asks_and_admins_keep_it() {
    let app = spawn_app().await;
    let mut anon = app.client();

    // A new site: the defaults, each part of Art. 12 present, with the site's own contact.
    let g = json(anon.get("/api/v1/guide").await, StatusCode::OK).await;
    assert_eq!(g["office"], app.state.config.site.sponsor.as_str());
    assert_eq!(g["updated_at"], Value::Null);
    for part in [
        "classification",
        "proactive",
        "on_request",
        "remedies",
        "hours",
    ] {
        assert!(
            g[part].as_str().unwrap().chars().count() > 10,
            "{part}: {g}"
        );
    }
    assert!(g["on_request"].as_str().unwrap().contains("20 个工作日"));

    // Only admins save it; a wrong form names each field.
    let mut editor = app.signed_in("zhinan_ed", &[Role::Editor]).await;
    assert_eq!(
        editor
            .send(Method::PUT, "/api/v1/guide", &filled(), &[])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let mut admin = app.signed_in("zhinan", &[Role::Admin]).await;
    let mut bad = filled();
    bad["phone"] = json!("电话");
    bad["email"] = json!("gongkai");
    bad["remedies"] = json!("");
    let e = json(
        admin.send(Method::PUT, "/api/v1/guide", &bad, &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields = &e["error"]["fields"];
    assert_eq!(fields["phone"], "联系电话格式不正确，如 023-71422222");
    assert_eq!(fields["email"], "电子邮箱格式不正确");
    assert_eq!(fields["remedies"], "请填写监督与救济");
    assert!(fields.get("office").is_none(), "{fields}");
    // Nothing was saved.
    assert_eq!(
        json(anon.get("/api/v1/guide").await, StatusCode::OK).await["updated_at"],
        Value::Null
    );

    let saved = json(
        admin
            .send(Method::PUT, "/api/v1/guide", &filled(), &[])
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["fax"], "023-71423333");
    let public = json(anon.get("/api/v1/guide").await, StatusCode::OK).await;
    assert_eq!(public["office"], filled()["office"]);
    assert!(public["updated_at"].as_str().unwrap().ends_with("+08:00"));
    // Optional contact lines may be cleared.
    let mut without = filled();
    without["fax"] = json!("");
    without["email"] = Value::Null;
    let cleared = json(
        admin
            .send(Method::PUT, "/api/v1/guide", &without, &[])
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cleared["fax"], Value::Null);
    assert_eq!(cleared["email"], Value::Null);

    // The page shows it (one paragraph per line), and every page's footer links to it.
    let html = anon.get("/guide").await.text().await.unwrap();
    assert!(html.contains("政府信息公开指南"));
    assert!(html.contains("重庆市南川区人民政府办公室（政务公开科）"));
    assert!(
        html.contains("<p>也可到区档案馆查阅。</p>"),
        "a line is a paragraph"
    );
    assert!(!html.contains("传真号码"), "a cleared line is not shown");
    let home = anon.get("/").await.text().await.unwrap();
    assert!(home.contains("href=\"/guide\""));

    // The save is audited.
    let audit = json(
        admin.get("/api/v1/admin/audit?action=guide.save").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit["total"], 2, "{audit}");
}

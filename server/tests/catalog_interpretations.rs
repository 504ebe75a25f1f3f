//! The catalog's records, round two (issue 13, item 5), on SQLite or PostgreSQL: 主题分类 is
//! the State Council's scheme, extended and retired by admins; a policy lists several 解读
//! (text, 图解, video link) and each 解读 shows the policy it explains; a document carries
//! a 内容概述. Both doors parse the same way.
mod common;

use app::auth::Role;
use common::catalog::{doc, first_department};
use common::{json, server_fns, spawn_app, Client};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn create(ed: &mut Client<'_>, body: &Value) -> i64 {
    json(
        ed.post("/api/v1/documents", body).await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn subjects_are_the_state_council_scheme_and_admins_extend_and_retire_them() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let list = json(anon.get("/api/v1/subjects").await, StatusCode::OK).await;
    let all = names(&list);
    assert_eq!(all.len(), 21, "{all:?}");
    assert_eq!(all[0], "综合政务");
    assert_eq!(all[20], "其他");
    for missing_before in [
        "市场监管、安全生产监管",
        "民族、宗教",
        "对外事务",
        "港澳台侨工作",
        "国防",
    ] {
        assert!(all.iter().any(|n| n == missing_before), "{missing_before}");
    }

    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let added = json(
        admin
            .post("/api/v1/subjects", &json!({"name": "乡村振兴"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let again = json(
        admin
            .post("/api/v1/subjects", &json!({"name": " 乡村振兴 "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(again["error"]["fields"]["name"], "已有同名的主题分类");
    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let mut body = doc(dept, "关于推进乡村振兴的实施意见", "正文。");
    body["subject"] = json!("乡村振兴");
    let id = create(&mut ed, &body).await;

    // Retired: no longer offered, refused on a new document, kept by the one that has it.
    let retired = json(
        admin
            .send(
                Method::PUT,
                &format!("/api/v1/subjects/{}", added["id"]),
                &json!({"active": false}),
                &[],
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(retired["active"], false);
    let list = json(anon.get("/api/v1/subjects").await, StatusCode::OK).await;
    assert!(!names(&list).contains(&"乡村振兴".to_string()));
    let refused = json(
        ed.post("/api/v1/documents", &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        refused["error"]["fields"]["subject"],
        "请选择列表中的主题分类"
    );
    let mut edit = body.clone();
    edit["keywords"] = json!(["乡村振兴", "农业"]);
    edit["revision_note"] = json!("补充主题词");
    let kept = json(
        ed.send(Method::PUT, &format!("/api/v1/documents/{id}"), &edit, &[])
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(kept["subject"], "乡村振兴");
    // The admins' list shows it retired; the audit trail both changes.
    let path = server_fns()["/api/list_subjects"].clone();
    let res = admin
        .post_raw(&path, "application/x-www-form-urlencoded", "all=true")
        .await;
    let everything: Value = res.json().await.unwrap();
    assert!(everything
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "乡村振兴" && s["active"] == false));
    for action in ["subject.create", "subject.retire"] {
        assert_eq!(common::audit_count(&mut admin, action).await, 1, "{action}");
    }
}

#[tokio::test]
async fn a_policy_lists_several_interpretations_and_each_points_back() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let mut anon = app.client();
    let interpretation = |title: &str| {
        let mut b = doc(dept, title, "解读正文。");
        b["column"] = json!("zcjd");
        b
    };
    let text = create(&mut ed, &interpretation("《医保缴费通知》政策解读")).await;
    let graphic = create(&mut ed, &interpretation("一图读懂医保缴费新政")).await;
    let mut draft_body = interpretation("医保缴费专家解读（草稿）");
    draft_body["published_on"] = Value::Null;
    let draft = create(&mut ed, &draft_body).await;

    let mut policy = doc(dept, "关于做好2026年医保缴费工作的通知", "第一段。");
    policy["summary"] = json!("明确2026年城乡居民医保缴费标准和缴费期限。");
    policy["interpretations"] = json!([
        {"kind": "text", "document_id": text},
        {"kind": "graphic", "document_id": graphic},
        {"kind": "video", "url": "https://v.example.gov.cn/jd/2026-01"}
    ]);
    let id = create(&mut ed, &policy).await;
    let shown = json(
        anon.get(&format!("/api/v1/documents/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        shown["summary"],
        "明确2026年城乡居民医保缴费标准和缴费期限。"
    );
    let list = shown["interpretations"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["kind"], "text");
    assert_eq!(list[0]["document"]["id"], text);
    assert_eq!(list[1]["kind"], "graphic");
    assert_eq!(list[1]["document"]["title"], "一图读懂医保缴费新政");
    assert_eq!(list[2]["kind"], "video");
    assert_eq!(list[2]["url"], "https://v.example.gov.cn/jd/2026-01");
    assert_eq!(
        shown["interpretation"]["id"], text,
        "older readers see the text one"
    );
    // The other end: each 解读 names its policy.
    for d in [text, graphic] {
        let back = json(
            anon.get(&format!("/api/v1/documents/{d}")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(back["interprets"][0]["id"], id, "{back}");
    }

    // A draft 解读 is linked, but only editors see it until it is published.
    let mut more = policy.clone();
    more["interpretations"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "text", "document_id": draft}));
    more["revision_note"] = json!("增加专家解读");
    json(
        ed.send(Method::PUT, &format!("/api/v1/documents/{id}"), &more, &[])
            .await,
        StatusCode::OK,
    )
    .await;
    let public = json(
        anon.get(&format!("/api/v1/documents/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["interpretations"].as_array().unwrap().len(), 3);
    assert!(!public.to_string().contains("专家解读（草稿）"));
    let editor_view = json(
        ed.get(&format!("/api/v1/documents/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(editor_view["interpretations"].as_array().unwrap().len(), 4);

    // The page lists them, with the summary; the 解读's page links back.
    let page = anon
        .get(&format!("/catalog/documents/{id}"))
        .await
        .text()
        .await
        .unwrap();
    for s in [
        "内容概述",
        "明确2026年城乡居民医保缴费标准",
        "文字解读：",
        "图解：",
        "视频解读：",
        "https://v.example.gov.cn/jd/2026-01",
    ] {
        assert!(page.contains(s), "{s}");
    }
    let back = anon
        .get(&format!("/catalog/documents/{graphic}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(back.contains("本文解读的政策文件"));
    assert!(back.contains("关于做好2026年医保缴费工作的通知"));
}

#[tokio::test]
async fn bad_interpretations_and_summaries_are_refused_field_by_field() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let text = create(&mut ed, &doc(dept, "某政策解读", "解读。")).await;
    let mut bad = doc(dept, "某政策", "正文。");
    bad["summary"] = json!("概".repeat(501));
    bad["interpretations"] = json!([
        {"kind": "video", "url": "javascript:alert(1)"},
        {"kind": "audio", "document_id": text},
        {"kind": "text", "document_id": 999_999}
    ]);
    let e = json(
        ed.post("/api/v1/documents", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields = &e["error"]["fields"];
    assert_eq!(fields["summary"], "内容概述最多 500 个字（现有 501 个）");
    let msg = fields["interpretations"].as_str().unwrap();
    assert!(
        msg.contains("第 1 项：视频解读的链接须为 http:// 或 https:// 开头的网址"),
        "{msg}"
    );
    // The older single link keeps working, and a document is not its own 解读.
    let mut legacy = doc(dept, "另一政策", "正文。");
    legacy["interpretation_id"] = json!(text);
    let id = create(&mut ed, &legacy).await;
    let mut own = legacy.clone();
    own["interpretation_id"] = json!(id);
    own["revision_note"] = json!("链接自身");
    let e = json(
        ed.send(Method::PUT, &format!("/api/v1/documents/{id}"), &own, &[])
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        e["error"]["fields"]["interpretation_id"],
        "不能链接到文件自身"
    );

    // The form door: one line per 解读; a bad line is refused on the field.
    let path = server_fns()["/api/save_document"].clone();
    let form = |lines: &str| {
        format!(
            "column=zfwj&title=%E8%A1%A8%E5%8D%95%E6%94%BF%E7%AD%96&body=%E6%AD%A3%E6%96%87&publisher_id={dept}\
             &written_on=2026-03-02&published_on=2026-03-05&subject=&keywords=&summary=&{}",
            app::components::query_string(&[("interpretations", lines.to_string())])
        )
    };
    let res = ed
        .post_raw(&path, "application/x-www-form-urlencoded", &form("音频 12"))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = ed
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            &form(&format!("文字 {text}\n视频 https://v.example.gov.cn/1")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(
        saved["interpretations"].as_array().unwrap().len(),
        2,
        "{saved}"
    );
}

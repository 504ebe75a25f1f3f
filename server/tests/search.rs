//! The portal's search (`GET /api/v1/search`, the `/search` page, the header's box) over
//! HTTP, on SQLite or PostgreSQL: public items only, grouped by module with totals, words
//! marked, personal data masked, bad words refused field by field.
mod common;
mod questions_support;

use app::auth::Role;
use common::catalog::{doc, first_department};
use common::{json, server_fns, spawn_app, Client, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// `q` percent-encoded for a query string.
fn search_path(q: &str) -> String {
    let mut out = String::from("/api/v1/search?q=");
    for b in q.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn search(c: &mut Client<'_>, q: &str) -> Value {
    json(c.get(&search_path(q)).await, StatusCode::OK).await
}

/// The text of highlighted pieces, and the parts that are marked.
fn pieces(v: &Value) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut marked = Vec::new();
    for p in v.as_array().expect("pieces") {
        let t = p["text"].as_str().unwrap();
        text.push_str(t);
        if p["mark"] == true {
            marked.push(t.to_string());
        }
    }
    (text, marked)
}

fn ids(group: &Value, key: &str) -> Vec<Value> {
    group["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].clone())
        .collect()
}

async fn new_interview(host: &mut Client<'_>, title: &str, summary: &str, at: &str) -> i64 {
    json(
        host.post(
            "/api/v1/interviews",
            &json!({
                "title": title, "summary": summary, "scheduled_at": at, "duration_minutes": 60,
                "guests": [{"name": "李华", "title": "区医保局局长"}]
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn move_to(host: &mut Client<'_>, id: i64, stages: &[&str]) {
    for s in stages {
        // These interviews have fixed dates, for the order of results; announcing them
        // outside the usual window takes a reason, as it would for a host.
        let res = host
            .post(
                &format!("/api/v1/interviews/{id}/stage"),
                &json!({"stage": s, "override_reason": "检索测试：按固定日期排列的访谈"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "moving interview {id} to {s}");
    }
}

/// The host's entry; its number.
async fn say(host: &mut Client<'_>, id: i64, body: &str) -> i64 {
    json(
        host.post(
            &format!("/api/v1/interviews/{id}/messages"),
            &json!({"speaker": "李华", "body": body}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

/// A question submitted anonymously, answered by the office and, if `publish`, published.
async fn question(
    app: &TestApp,
    m: &mut Client<'_>,
    title: &str,
    body: &str,
    publish: bool,
) -> String {
    questions_support::answered(app, m, questions_support::anon_body(title, body), publish).await
}

#[tokio::test]
async fn one_search_finds_public_items_of_every_module_grouped_and_marked() {
    let app = spawn_app().await;
    let mut m = app.signed_in("shenhe", &[Role::Moderator]).await;
    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let mut host = app.signed_in("zhuchi", &[Role::Host]).await;
    let dept = first_department(&mut ed).await;

    // 网络问政: one published question (with a phone number in it), one answered but not
    // published, one still waiting.
    let published = question(
        &app,
        &mut m,
        "异地就医医保报销怎么办",
        "我在外地住院，医保能报销吗？我的电话13812345678，请回电。",
        true,
    )
    .await;
    question(&app, &mut m, "医保卡丢了", "医保卡补办要多久？", false).await;
    json(
        app.client()
            .post(
                "/api/v1/questions",
                &questions_support::anon_body("医保缴费问题", "今年的医保缴费标准是多少？"),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;

    // 政府信息公开: a published document and a draft.
    let document = json(
        ed.post(
            "/api/v1/documents",
            &doc(
                dept,
                "关于城乡居民医保参保缴费的通知",
                "各镇街做好居民医保参保工作。",
            ),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .clone();
    let mut draft = doc(dept, "医保基金监管办法（草稿）", "医保基金");
    draft["published_on"] = Value::Null;
    json(
        ed.post("/api/v1/documents", &draft).await,
        StatusCode::CREATED,
    )
    .await;

    // 在线访谈: a draft, a preview with the word in its summary, and a published one with
    // the word only in its transcript.
    new_interview(
        &mut host,
        "医保改革访谈（草稿）",
        "尚未公开的医保访谈，不应被搜到。",
        "2026-12-20T09:30:00+08:00",
    )
    .await;
    let preview = new_interview(
        &mut host,
        "健康南川在线访谈",
        "区卫生局谈家庭医生签约和医保报销。",
        "2026-12-10T09:30:00+08:00",
    )
    .await;
    move_to(&mut host, preview, &["preview"]).await;
    let published_iv = new_interview(
        &mut host,
        "民生实事面对面",
        "区政府负责人谈今年的民生实事。",
        "2026-11-10T09:30:00+08:00",
    )
    .await;
    move_to(
        &mut host,
        published_iv,
        &["preview", "collecting", "preparing", "rehearsal", "live"],
    )
    .await;
    say(&mut host, published_iv, "今年城乡居民医保财政补助再提高。").await;
    move_to(&mut host, published_iv, &["review", "published"]).await;

    let mut anon = app.client();
    let r = search(&mut anon, "医保").await;
    assert_eq!(r["q"], "医保");

    // Questions: the published one only, masked, with the words marked.
    let qs = &r["questions"];
    assert_eq!(qs["total"], 1, "{qs}");
    assert_eq!(qs["total_capped"], false);
    assert_eq!(ids(qs, "tracking_no"), vec![json!(published)]);
    let hit = &qs["items"][0];
    assert_eq!(hit["published"], true);
    let (title, marked) = pieces(&hit["title_marked"]);
    assert_eq!(title, "异地就医医保报销怎么办");
    assert_eq!(marked, vec!["医保"]);
    let (snippet, marked) = pieces(&hit["snippet"]);
    assert!(
        marked.iter().all(|m| m == "医保") && !marked.is_empty(),
        "{snippet}"
    );
    let whole = hit.to_string();
    assert!(
        !whole.contains("13812345678"),
        "a phone number leaked: {whole}"
    );
    assert!(snippet.contains("138****5678"), "{snippet}");
    assert!(hit.get("contact").is_none());

    // Documents: the published one, marked as in the catalog.
    let ds = &r["documents"];
    assert_eq!(ds["total"], 1, "{ds}");
    assert_eq!(ids(ds, "id"), vec![document]);
    let (_, marked) = pieces(&ds["items"][0]["title_marked"]);
    assert_eq!(marked, vec!["医保"]);
    assert_eq!(ds["items"][0]["status"], "published");

    // Interviews: the preview and the published one (by its transcript), never the draft.
    let is = &r["interviews"];
    assert_eq!(is["total"], 2, "{is}");
    let found = ids(is, "id");
    assert!(
        found.contains(&json!(preview)) && found.contains(&json!(published_iv)),
        "{is}"
    );
    for item in is["items"].as_array().unwrap() {
        assert_ne!(item["stage"], "draft");
        let (text, marked) = pieces(&item["snippet"]);
        assert!(marked.contains(&"医保".to_string()), "{text}");
        if item["id"] == json!(published_iv) {
            assert!(text.contains("财政补助"), "the transcript's entry: {text}");
        }
    }

    // Several words must all occur; words matching nothing give empty groups.
    let r = search(&mut anon, "医保 住院").await;
    assert_eq!(r["questions"]["total"], 1);
    assert_eq!(r["documents"]["total"], 0);
    assert_eq!(r["interviews"]["total"], 0);
    let r = search(&mut anon, "根本不存在的词语").await;
    for g in ["questions", "documents", "interviews"] {
        assert_eq!(r[g]["total"], 0, "{g}");
        assert_eq!(r[g]["items"], json!([]));
    }
    // Punctuation alone searches for nothing.
    let r = search(&mut anon, "？！").await;
    assert_eq!(r["documents"]["total"], 0);

    // Staff search the public items too: the door is the same for everyone.
    let r = search(&mut m, "医保").await;
    assert_eq!(r["questions"]["total"], 1);
    assert_eq!(r["documents"]["total"], 1);
    assert_eq!(r["interviews"]["total"], 2);
}

#[tokio::test]
async fn masked_text_is_what_is_searched() {
    let app = spawn_app().await;
    let mut m = app.signed_in("shenhe", &[Role::Moderator]).await;
    question(
        &app,
        &mut m,
        "路灯不亮请尽快修",
        "路灯坏了，联系我13812345678或邮箱zhang@example.cn。",
        true,
    )
    .await;
    let mut anon = app.client();
    assert_eq!(search(&mut anon, "路灯").await["questions"]["total"], 1);
    // The middle digits of the phone number are masked in the index as on the page, so
    // searching them finds nothing …
    assert_eq!(search(&mut anon, "123456").await["questions"]["total"], 0);
    assert_eq!(search(&mut anon, "zhang").await["questions"]["total"], 0);
    // … and a whole phone number or an e-mail address is refused, as in the question list.
    for q in ["13812345678", "zhang@example.cn"] {
        let body = json(
            anon.get(&search_path(q)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(body["error"]["fields"]["q"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn groups_show_five_hits_and_count_them_all() {
    let app = spawn_app().await;
    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    for i in 0..7 {
        json(
            ed.post(
                "/api/v1/documents",
                &doc(dept, &format!("养老服务补贴通知第{i}号"), "养老服务。"),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
    // Title matches come first, as in the catalog.
    let title_hit = json(
        ed.post(
            "/api/v1/documents",
            &doc(dept, "关于养老机构消防检查的通报", "检查结果。"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .clone();
    json(
        ed.post(
            "/api/v1/documents",
            &doc(dept, "年度工作要点", "做好养老机构管理。"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let r = search(&mut app.client(), "养老机构").await;
    let ds = &r["documents"];
    assert_eq!(ds["total"], 2, "{ds}");
    assert_eq!(ds["items"][0]["id"], title_hit);

    let r = search(&mut app.client(), "养老").await;
    let ds = &r["documents"];
    assert_eq!(ds["total"], 9, "{ds}");
    assert_eq!(ds["items"].as_array().unwrap().len(), 5);

    // Interviews: every one found, a page at a time.
    let mut host = app.signed_in("zhuchi", &[Role::Host]).await;
    for i in 0..6 {
        let id = new_interview(
            &mut host,
            &format!("养老服务访谈第{i}期"),
            "谈居家养老和社区食堂。",
            &format!("2026-12-{:02}T09:30:00+08:00", i + 1),
        )
        .await;
        move_to(&mut host, id, &["preview"]).await;
    }
    let r = search(&mut app.client(), "养老").await;
    let is = &r["interviews"];
    assert_eq!(is["total"], 6);
    assert_eq!(is["items"].as_array().unwrap().len(), 5);
    // Latest first.
    assert_eq!(is["items"][0]["title"], "养老服务访谈第5期");
    let page = json(
        app.client()
            .get("/api/v1/search/interviews?q=%E5%85%BB%E8%80%81&per_page=4&page=2")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["total"], 6);
    assert_eq!(page["page"], 2);
    assert_eq!(page["per_page"], 4);
    let titles: Vec<_> = ids(&page, "title");
    assert_eq!(
        titles,
        vec![json!("养老服务访谈第1期"), json!("养老服务访谈第0期")]
    );
    assert_eq!(
        app.client()
            .get("/api/v1/search/interviews?q=")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn rehearsal_and_hidden_entries_and_unpublished_transcripts_are_not_searched() {
    let app = spawn_app().await;
    let mut host = app.signed_in("zhuchi", &[Role::Host]).await;
    let id = new_interview(
        &mut host,
        "城市建设访谈",
        "区城乡建委谈旧城改造。",
        "2026-11-20T09:30:00+08:00",
    )
    .await;
    move_to(
        &mut host,
        id,
        &["preview", "collecting", "preparing", "rehearsal"],
    )
    .await;
    say(&mut host, id, "彩排时试说的排练词语。").await;
    move_to(&mut host, id, &["live"]).await;
    say(&mut host, id, "直播中谈到的棚户区改造。").await;
    let hidden = say(&mut host, id, "说错了的隐藏词语。").await;
    let mut anon = app.client();
    // Live: the transcript is not served yet, so it is not searched either.
    assert_eq!(search(&mut anon, "棚户区").await["interviews"]["total"], 0);
    move_to(&mut host, id, &["review"]).await;
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/entries/{hidden}"),
            &json!({"hidden": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    move_to(&mut host, id, &["published"]).await;

    assert_eq!(search(&mut anon, "棚户区").await["interviews"]["total"], 1);
    assert_eq!(search(&mut anon, "排练").await["interviews"]["total"], 0);
    assert_eq!(
        search(&mut anon, "隐藏词语").await["interviews"]["total"],
        0
    );
    // Title and summary are searched in every public stage; a rehearsal looks like
    // preparation from outside.
    let other = new_interview(
        &mut host,
        "交通出行访谈",
        "区交通局谈公交线路调整。",
        "2026-12-01T09:30:00+08:00",
    )
    .await;
    move_to(
        &mut host,
        other,
        &["preview", "collecting", "preparing", "rehearsal"],
    )
    .await;
    let r = search(&mut anon, "公交").await;
    assert_eq!(r["interviews"]["total"], 1);
    assert_eq!(r["interviews"]["items"][0]["stage"], "preparing");
}

#[tokio::test]
async fn bad_words_are_field_errors_through_both_doors() {
    let app = spawn_app().await;
    let mut anon = app.client();
    let long = "医".repeat(51);
    for path in [
        "/api/v1/search".to_string(),
        "/api/v1/search?q=".to_string(),
        "/api/v1/search?q=%20%20".to_string(),
        search_path(&long),
    ] {
        let body = json(anon.get(&path).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(body["error"]["code"], "validation_failed", "{path}");
        let msg = body["error"]["fields"]["q"].as_str().unwrap_or_default();
        assert!(
            msg.contains("检索词") || msg.contains("搜索"),
            "{path}: {body}"
        );
    }
    // Fifty characters are fine.
    search(&mut anon, &"医".repeat(50)).await;

    let sf = server_fns()["/api/site_search"].clone();
    let res = anon
        .post_raw(&sf, "application/x-www-form-urlencoded", "q=")
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("请输入要搜索的字词"), "{body}");
    let res = anon
        .post_raw(
            &sf,
            "application/x-www-form-urlencoded",
            "q=%E5%8C%BB%E4%BF%9D",
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // The OpenAPI document describes both routes and their 422.
    let doc = json(anon.get("/api/v1/openapi.json").await, StatusCode::OK).await;
    for path in ["/api/v1/search", "/api/v1/search/interviews"] {
        assert!(
            doc["paths"][path]["get"]["responses"]["422"].is_object(),
            "{path} in the document"
        );
    }
}

#[tokio::test]
async fn the_page_groups_the_hits_and_every_page_has_the_box() {
    let app = spawn_app().await;
    let mut m = app.signed_in("shenhe", &[Role::Moderator]).await;
    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = first_department(&mut ed).await;
    let no = question(
        &app,
        &mut m,
        "医保报销进度查询",
        "报销材料交了一个月，电话13812345678。",
        true,
    )
    .await;
    json(
        ed.post(
            "/api/v1/documents",
            &doc(dept, "医保报销<b>指南</b>", "如何办理医保报销。"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    let mut anon = app.client();
    let home = anon.get("/").await.text().await.unwrap();
    assert!(home.contains(r#"action="/search""#), "the header's box");
    assert!(home.contains(r#"id="site-search-q""#));

    let res = anon.get("/search?q=%E5%8C%BB%E4%BF%9D").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    for text in [
        "问政留言",
        "政府信息公开",
        "在线访谈",
        "<mark>医保</mark>",
        "查看全部 1 条",
        "/questions?q=%E5%8C%BB%E4%BF%9D",
        "/catalog?q=%E5%8C%BB%E4%BF%9D",
        &format!("/questions/{no}"),
        "没有找到相关的在线访谈",
        "138****5678",
    ] {
        assert!(html.contains(text), "{text} missing from the page");
    }
    assert!(!html.contains("13812345678"), "a phone number on the page");
    assert!(!html.contains("<b>指南"), "a title is text, never markup");

    // Bad words: the page shows the error beside the box.
    let html = anon
        .get("/search?q=13812345678")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("检索词不能包含手机号"), "the error in place");
    assert!(html.contains(r#"aria-invalid="true""#));
    // No words yet: only the form.
    let html = anon.get("/search").await.text().await.unwrap();
    assert!(html.contains(r#"id="search-q""#));
    assert!(!html.contains("aria-invalid"));
}

//! 网络问政 pages as the server renders them: escaping, masking, 404s, and that every
//! page answers.
mod common;
mod questions_support;

use app::auth::Role;
use common::{json, spawn_app};
use questions_support::{anon_body, answered};
use reqwest::StatusCode;

#[tokio::test]
async fn xss_in_title_body_and_answer_comes_back_escaped() {
    let app = spawn_app().await;
    let mut m = app.signed_in("mod8", &[Role::Moderator]).await;
    let no = answered(
        &app,
        &mut m,
        anon_body(
            "<script>alert('t')</script>标题",
            "正文<img src=x onerror=alert(1)>结束",
        ),
        true,
    )
    .await;
    let mut public = app.client();
    let res = public.get(&format!("/questions/{no}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<script>alert('t')"), "title not escaped");
    assert!(
        !html.contains("</title><script>"),
        "the document title must not be broken out of"
    );
    assert!(!html.contains("<img src=x"), "body not escaped");
    assert!(
        html.contains("&lt;script&gt;alert") || html.contains("&lt;script>alert"),
        "{html}"
    );
    assert!(html.contains("&lt;img src=x"));
    assert!(html.contains("答复单位") && html.contains("区卫生局"));
    // The list page escapes too.
    let list = public.get("/questions").await.text().await.unwrap();
    assert!(!list.contains("<script>alert('t')"));
}

#[tokio::test]
async fn detail_page_masks_for_the_public_and_hides_unpublished() {
    let app = spawn_app().await;
    let mut m = app.signed_in("mod9", &[Role::Moderator]).await;
    let no = answered(
        &app,
        &mut m,
        anon_body("手机13712345678", "邮箱wang@example.com"),
        true,
    )
    .await;
    let mut public = app.client();
    let html = public
        .get(&format!("/questions/{no}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("13712345678") && !html.contains("wang@example.com"));
    assert!(html.contains("137****5678") && html.contains("w***@example.com"));
    assert!(!html.contains("13812341234"), "contact phone leaked");

    let hidden = answered(&app, &mut m, anon_body("未公开", "未公开的留言内容"), false).await;
    let res = public.get(&format!("/questions/{hidden}")).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(!res.text().await.unwrap().contains("未公开的留言内容"));
    // The moderator's own view of it renders.
    let res = m.get(&format!("/questions/{hidden}")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_questions_page_answers() {
    let app = spawn_app().await;
    let mut anon = app.client();
    for path in [
        "/questions",
        "/questions/new",
        "/questions/track",
        "/questions/stats",
        "/questions/mine",
    ] {
        let res = anon.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("<h1>"), "{path}");
        assert!(!html.contains("style=\""), "{path} has an inline style");
    }
    let new = anon.get("/questions/new").await.text().await.unwrap();
    for label in [
        "留言类型",
        "标题",
        "留言内容",
        "姓名",
        "手机号码",
        "电子邮箱",
    ] {
        assert!(new.contains(label), "{label}");
    }
    let mut m = app.signed_in("mod10", &[Role::Moderator]).await;
    let html = m.get("/moderation").await.text().await.unwrap();
    assert!(html.contains("审核工作台"));
    // The workbench of one question in each state renders fully (a deep view once
    // overflowed the stack here).
    let no = answered(&app, &mut m, anon_body("工作台", "工作台页面测试"), false).await;
    let html = m
        .get(&format!("/moderation/questions/{no}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("/api/publish_question") && html.contains("内部备注"),
        "{html}"
    );
    let mut anon2 = app.client();
    let q = json(
        anon2
            .post("/api/v1/questions", &anon_body("待审", "待审核的留言"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let pending = q["tracking_no"].as_str().unwrap();
    let html = m
        .get(&format!("/moderation/questions/{pending}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("受理并转办") && html.contains("13812341234"),
        "contact shown to moderators"
    );
    let mut admin = app.signed_in("admin2", &[Role::Admin]).await;
    let html = admin.get("/admin/time-limits").await.text().await.unwrap();
    assert!(html.contains("办理时限") && html.contains("limit_complaint"));
    let stats = json(
        anon.get("/api/v1/questions/stats?year=1999").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(stats["error"]["fields"]["year"].is_string());
}

#[tokio::test]
async fn the_submission_form_posts_to_a_server_function_that_answers_422_and_201_data() {
    let app = spawn_app().await;
    let mut c = app.client();
    let html = c.get("/questions/new").await.text().await.unwrap();
    let start = html.find("action=\"/api/submit_question").unwrap() + "action=\"".len();
    let url = html[start..].split('"').next().unwrap().to_string();
    let res = c
        .post_raw(
            &url,
            "application/x-www-form-urlencoded",
            "kind=x&title=&body=",
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad input is never a 500"
    );
    let text = res.text().await.unwrap();
    assert!(
        text.contains("请填写标题") && text.contains("contact.name"),
        "{text}"
    );
    let form = "kind=help&title=%E8%A1%A8%E5%8D%95&body=%E9%80%9A%E8%BF%87%E8%A1%A8%E5%8D%95%E6%8F%90%E4%BA%A4&is_public=on&contact_name=%E8%B5%B5%E5%85%AD&contact_phone=13900001111&contact_email=&department_id=&consent=on";
    let res = c
        .post_raw(&url, "application/x-www-form-urlencoded", form)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "pending");
    assert_eq!(body["query_code"].as_str().unwrap().len(), 15);
}

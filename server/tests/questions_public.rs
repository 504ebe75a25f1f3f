//! 网络问政 public side over HTTP: rate limits, masking, search, rating and statistics.
mod common;
mod questions_support;

use app::auth::Role;
use common::{json, paging, spawn_app, spawn_app_with};
use questions_support::{anon_body, answered, department_id};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn anonymous_submissions_are_rate_limited_per_client() {
    let app = spawn_app_with(|c| c.anonymous_questions_per_hour = 2).await;
    let mut c = app.client();
    for i in 0..2 {
        json(
            c.post(
                "/api/v1/questions",
                &anon_body(&format!("第{i}条留言"), "希望修缮人行道。"),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
    // A forged X-Forwarded-For does not make a new client without a trusted proxy.
    let res = c
        .send(
            Method::POST,
            "/api/v1/questions",
            &anon_body("第三条", "希望修缮人行道。"),
            &[("x-forwarded-for", "203.0.113.9")],
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
    // Signed-in residents are not limited by the anonymous budget.
    let mut r = app.signed_in("resident3", &[Role::Resident]).await;
    json(r.post("/api/v1/questions", &json!({"kind": "suggestion", "title": "建议", "body": "建议增设公园座椅。", "is_public": true})).await, StatusCode::CREATED).await;
}

#[tokio::test]
async fn personal_data_is_masked_in_public_views_only() {
    let app = spawn_app().await;
    let mut m = app.signed_in("mod4", &[Role::Moderator]).await;
    let body = anon_body(
        "联系13912345678",
        "我的电话13912345678，邮箱zhang@example.com，身份证50010119900101123X。",
    );
    let no = answered(&app, &mut m, body, true).await;
    let mut public = app.client();
    let list = json(public.get("/api/v1/questions").await, StatusCode::OK).await;
    let text = list.to_string();
    for secret in [
        "13912345678",
        "zhang@example.com",
        "50010119900101123X",
        "13812341234",
        "张三",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let item = &list["items"][0];
    assert_eq!(item["title"], "联系139****5678");
    assert!(item["body"].as_str().unwrap().contains("z***@example.com"));
    assert!(item["body"]
        .as_str()
        .unwrap()
        .contains("5001**********123X"));
    let one = json(
        public.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(!one.to_string().contains("13912345678"));
    // Moderators see the original text.
    let full = json(
        m.get(&format!("/api/v1/questions/{no}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(full["title"], "联系13912345678");
    // Searching for the hidden number is refused rather than answered.
    let e = json(
        public.get("/api/v1/questions?q=13912345678").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["q"].is_string());
}

#[tokio::test]
async fn search_finds_two_character_words_and_filters_combine() {
    let app = spawn_app().await;
    let mut m = app.signed_in("mod5", &[Role::Moderator]).await;
    let a = answered(
        &app,
        &mut m,
        anon_body("门诊报销", "城乡居民医保的门诊报销比例是多少？"),
        true,
    )
    .await;
    answered(
        &app,
        &mut m,
        anon_body("道路维修", "南城大道路面破损，请尽快维修。"),
        true,
    )
    .await;
    answered(
        &app,
        &mut m,
        anon_body("医保卡丢失", "医保卡丢了怎么补办？"),
        false,
    )
    .await;
    let mut public = app.client();
    let found = json(
        public.get("/api/v1/questions?q=%E5%8C%BB%E4%BF%9D").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["total"], 1, "unpublished ones are not found: {found}");
    assert_eq!(found["items"][0]["tracking_no"], a.as_str());
    let none = json(public.get("/api/v1/questions?q=%25").await, StatusCode::OK).await;
    assert_eq!(none["total"], 0, "punctuation alone searches for nothing");
    let one = json(
        public.get("/api/v1/questions?q=%E9%99%A2").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one["total"], 0, "院 occurs in no published question: {one}");
    let one = json(
        public.get("/api/v1/questions?q=%E4%BF%9D").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(one["total"], 1, "保 matches inside 医保: {one}");
    let two = json(
        public
            .get("/api/v1/questions?q=%E6%8A%A5%E9%94%80%20%E9%97%A8%E8%AF%8A")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(two["total"], 1, "every word must match (报销 门诊): {two}");
    let month = &a[1..5];
    let mm = &a[5..7];
    let by_month = json(
        public
            .get(&format!("/api/v1/questions?month={month}-{mm}&kind=help"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(by_month["total"], 2);
    let e = json(
        public.get("/api/v1/questions?month=2026-13").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["month"].is_string());
    assert_eq!(
        public.get("/api/v1/questions?per_page=500").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn submitter_rates_and_follows_up_once() {
    let app = spawn_app().await;
    let mut m = app.signed_in("mod6", &[Role::Moderator]).await;
    let mut anon = app.client();
    let q = json(
        anon.post(
            "/api/v1/questions",
            &anon_body("低保申请", "低保申请需要哪些材料？"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let no = q["tracking_no"].as_str().unwrap();
    let code = q["query_code"].as_str().unwrap();
    let rate = format!("/api/v1/questions/{no}/rate");
    assert_eq!(
        anon.post(&rate, &json!({"rating": "satisfied", "query_code": code}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let dept = department_id(&mut m, "区民政局").await;
    json(
        m.post(
            &format!("/api/v1/questions/{no}/accept"),
            &json!({"department_id": dept}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json(
        m.post(
            &format!("/api/v1/questions/{no}/answer"),
            &json!({"body": "需要身份证和收入证明。"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        anon.post(&rate, &json!({"rating": "satisfied"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let e = json(
        anon.post(&rate, &json!({"rating": "great", "query_code": code}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(e["error"]["fields"]["rating"].is_string());
    let r = json(
        anon.post(
            &rate,
            &json!({"rating": "basically_satisfied", "query_code": code}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(r["rating"], "basically_satisfied");
    assert_eq!(
        anon.post(&rate, &json!({"rating": "unsatisfied", "query_code": code}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let fu = format!("/api/v1/questions/{no}/follow-up");
    json(
        anon.post(
            &fu,
            &json!({"body": "收入证明去哪里开？", "query_code": code}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        anon.post(&fu, &json!({"body": "再问一次", "query_code": code}))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let stats = json(anon.get("/api/v1/questions/stats").await, StatusCode::OK).await;
    assert_eq!(stats["total"]["received"], 1);
    assert_eq!(stats["total"]["answered"], 1);
    assert_eq!(stats["total"]["satisfied"], 1);
    assert_eq!(stats["departments"][0]["small_sample"], true);
    let csv = anon.get("/questions/stats.csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.text().await.unwrap().contains("区民政局"));
}

/// Keyset paging of the public list and its search: following `next` gives exactly the
/// pages that page numbers give (questions submitted at the same instant ordered by id), the
/// last page has no `next`, and a made-up cursor is 400.
#[tokio::test]
async fn deep_pages_by_cursor_are_the_pages_by_number() {
    use app::entities::questions;
    use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app_with(|c| c.anonymous_questions_per_hour = u32::MAX).await;
    let mut m = app.signed_in("mod_keyset", &[Role::Moderator]).await;
    let mut nos = Vec::new();
    for i in 0..7 {
        let body = anon_body(
            &format!("路灯不亮第{i}处"),
            "小区路灯坏了很久，晚上出行不便。",
        );
        nos.push(answered(&app, &mut m, body, true).await);
    }
    // Three submitted at the same instant: only the id orders them.
    let same = chrono::Utc::now() - chrono::Duration::days(1);
    questions::Entity::update_many()
        .col_expr(questions::Column::SubmittedAt, Expr::value(same))
        .filter(questions::Column::TrackingNo.is_in(nos[1..4].to_vec()))
        .exec(&app.state.db)
        .await
        .unwrap();
    let mut anon = app.client();
    for list in [
        "/api/v1/questions?per_page=2",
        "/api/v1/questions?per_page=2&q=%E8%B7%AF%E7%81%AF",
    ] {
        let numbered = paging::by_number(&mut anon, list, 4).await;
        for (i, p) in numbered.iter().enumerate() {
            assert_eq!(p["next"].is_string(), i < 3, "{list} page {}: {p}", i + 1);
        }
        let by_number = paging::items(&numbered, "tracking_no");
        let mut sorted = by_number.clone();
        sorted.sort();
        let mut want: Vec<String> = nos.iter().map(|n| format!("{n:?}")).collect();
        want.sort();
        assert_eq!(sorted, want, "{list}: each question once");
        let cursored = paging::by_cursor(&mut anon, list).await;
        assert_eq!(paging::items(&cursored, "tracking_no"), by_number, "{list}");
        assert_eq!(paging::numbers(&cursored), vec![1, 2, 3, 4], "{list}");
    }
    for bad in ["x", "2.1", "1.5.5", "2.1.2.3"] {
        let res = anon.get(&format!("/api/v1/questions?after={bad}")).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "after={bad}");
    }
}

/// A search counts its matches ten pages past the page shown, in hundreds, and says "more
/// than" beyond, as the catalog does: a common word's count then costs as little at a million
/// questions as at a thousand. A page within the count comes from the same walk as the count;
/// a page past it is sought on its own and still lists the right questions.
#[tokio::test]
async fn search_counts_as_far_as_the_pager_looks() {
    use app::entities::questions;
    use sea_orm::{ActiveValue::NotSet, EntityTrait, Set};
    let app = spawn_app().await;
    let mut m = app.signed_in("mod_count", &[Role::Moderator]).await;
    let first = answered(
        &app,
        &mut m,
        anon_body(
            "养老服务补贴怎么申请",
            "家里老人八十岁，请问养老补贴去哪里办？",
        ),
        true,
    )
    .await;
    let model = questions::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|q| q.tracking_no == first)
        .unwrap();
    // A hundred more like it, each newer than the one before; then the index and tallies
    // are rebuilt from the rows, as `gongkai reindex` does.
    let more = (1..=100).map(|i| questions::ActiveModel {
        id: NotSet,
        tracking_no: Set(format!("Q20991231-{i:05}")),
        submitted_at: Set(model.submitted_at + chrono::Duration::seconds(i)),
        ..questions::ActiveModel::from(model.clone())
    });
    questions::Entity::insert_many(more)
        .exec(&app.state.db)
        .await
        .unwrap();
    app::questions::service::derived::rebuild(&app.state.db)
        .await
        .unwrap();
    let mut anon = app.client();
    let get = |q: &str| format!("/api/v1/questions?q=%E5%85%BB%E8%80%81&{q}");
    // One a page: eleven pages, rounded up to 100, of the 101 matches.
    let one = json(anon.get(&get("per_page=1")).await, StatusCode::OK).await;
    assert_eq!(one["total"], 100, "{one}");
    assert_eq!(one["total_capped"], true, "{one}");
    assert_eq!(one["items"][0]["tracking_no"], "Q20991231-00100", "{one}");
    // Pages by number within the count are those the cursors lead to.
    let mut after = one["next"].as_str().expect("a next cursor").to_string();
    for page in 2..=5 {
        let by_number = json(
            anon.get(&get(&format!("per_page=1&page={page}"))).await,
            StatusCode::OK,
        )
        .await;
        let by_cursor = json(
            anon.get(&get(&format!("per_page=1&after={after}"))).await,
            StatusCode::OK,
        )
        .await;
        let want = format!("Q20991231-{:05}", 101 - page);
        assert_eq!(
            by_number["items"][0]["tracking_no"],
            want.as_str(),
            "{by_number}"
        );
        assert_eq!(
            by_cursor["items"][0]["tracking_no"],
            want.as_str(),
            "{by_cursor}"
        );
        assert_eq!(by_cursor["page"], page);
        assert_eq!(by_cursor["total_capped"], true, "{by_cursor}");
        after = by_cursor["next"]
            .as_str()
            .expect("a next cursor")
            .to_string();
    }
    // Twenty a page: eleven pages are 220, counted to 300, so all 101 are counted.
    let all = json(anon.get(&get("per_page=20")).await, StatusCode::OK).await;
    assert_eq!(all["total"], 101, "{all}");
    assert!(!all["total_capped"].as_bool().unwrap_or(false), "{all}");
    // Newest first within the page too: the rows come by id from a subquery, unordered.
    let order: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["tracking_no"].as_str().unwrap())
        .collect();
    let want: Vec<String> = (81..=100)
        .rev()
        .map(|i| format!("Q20991231-{i:05}"))
        .collect();
    assert_eq!(order, want, "{all}");
    // A hundred a page: the second page holds the oldest, the first question.
    let last = json(anon.get(&get("per_page=100&page=2")).await, StatusCode::OK).await;
    assert_eq!(last["items"].as_array().unwrap().len(), 1, "{last}");
    assert_eq!(last["items"][0]["tracking_no"], first.as_str(), "{last}");
    assert_eq!(last["total"], 101, "{last}");
    // Past the count (page 11 starts at the 1,001st match): found on its own, empty here.
    let past = json(anon.get(&get("per_page=100&page=11")).await, StatusCode::OK).await;
    assert_eq!(past["items"].as_array().unwrap().len(), 0, "{past}");
    assert_eq!(past["total"], 101, "{past}");
    assert!(past["next"].is_null(), "{past}");
}

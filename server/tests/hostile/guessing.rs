//! Guessing: passwords, and the query codes of questions and disclosure applications.
use super::common::{self, json, spawn_app};
use app::auth::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn every_login_attempt_counts_before_the_hash_and_a_right_one_is_given_back() {
    let app = common::spawn_app_with(|c| c.login_failures_per_hour = 3).await;
    app.create_user("zhangsan", &[Role::Resident]).await;
    let login =
        |password: &'static str| serde_json::json!({"username": "zhangsan", "password": password});
    // Right logins do not use up the budget.
    for _ in 0..5 {
        json(
            app.client()
                .post("/api/v1/auth/login", &login(common::PASSWORD))
                .await,
            StatusCode::OK,
        )
        .await;
    }
    // Parallel wrong guesses: at most the limit gets through to the hash.
    let url = format!("{}/api/v1/auth/login", app.addr);
    let http = reqwest::Client::new();
    let guesses: Vec<_> = (0..12)
        .map(|_| {
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move {
                http.post(&url)
                    .json(
                        &serde_json::json!({"username": "zhangsan", "password": "wrong-guess-123"}),
                    )
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut wrong = 0;
    for g in guesses {
        match g.await.unwrap() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("{other}"),
        }
    }
    assert!(wrong <= 3, "{wrong} guesses were checked");
    assert_eq!(
        app.client()
            .post("/api/v1/auth/login", &login(common::PASSWORD))
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn guessing_a_query_code_is_stopped_after_ten_wrong_tries() {
    let app = spawn_app().await;
    // A question.
    let q = json(
        app.client()
            .post(
                "/api/v1/questions",
                &serde_json::json!({
                    "kind": "help", "title": "医保报销", "body": "请问门诊怎么报销？", "is_public": false,
                    "contact": {"name": "张三", "phone": "13812341234"}
                }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let no = q["tracking_no"].as_str().unwrap().to_string();
    let code = q["query_code"].as_str().unwrap().to_string();
    let mut guesser = app.client();
    let url = |c: &str| format!("/api/v1/questions/{no}?query_code={c}");
    assert_eq!(guesser.get(&url(&code)).await.status(), StatusCode::OK);
    for i in 0..10 {
        let wrong = format!("WRONG{i:03}");
        assert_eq!(
            guesser.get(&url(&wrong)).await.status(),
            StatusCode::NOT_FOUND,
            "{i}"
        );
    }
    // Now even the right code is refused for the hour, with Retry-After.
    let res = guesser.get(&url(&code)).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    // The header form and the follow-up form share the budget.
    let res = guesser
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/questions/{no}"),
            &serde_json::json!({}),
            &[("x-query-code", code.as_str())],
        )
        .await;
    assert!(matches!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS | StatusCode::NOT_FOUND
    ));
    let res = guesser
        .post(
            &format!("/api/v1/questions/{no}/follow-up"),
            &serde_json::json!({"body": "还有问题", "query_code": code}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Without a code nothing is guessed, and staff are not affected.
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    assert_eq!(
        moderator
            .get(&format!("/api/v1/questions/{no}"))
            .await
            .status(),
        StatusCode::OK
    );

    // An application to the disclosure desk, the same way.
    let mut c = app.client();
    let a = common::disclosure::apply(&mut c, "natural_person", &common::disclosure::resident_id())
        .await;
    let dno = a["tracking_no"].as_str().unwrap().to_string();
    let dcode = a["query_code"].as_str().unwrap().to_string();
    for i in 0..10 {
        let res = c
            .get(&format!(
                "/api/v1/disclosure-requests/{dno}?query_code=WRONG{i:03}"
            ))
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = c
        .get(&format!(
            "/api/v1/disclosure-requests/{dno}?query_code={dcode}"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn one_address_cannot_spread_its_guesses_over_many_numbers() {
    let app = spawn_app().await;
    let mut numbers = Vec::new();
    for i in 0..4 {
        let q = json(
            app.client()
                .post("/api/v1/questions", &serde_json::json!({
                    "kind": "help", "title": format!("求助{i}"), "body": "请问门诊怎么报销？", "is_public": false,
                    "contact": {"name": "张三", "phone": "13812341234"}
                }))
                .await,
            StatusCode::CREATED,
        )
        .await;
        numbers.push((
            q["tracking_no"].as_str().unwrap().to_string(),
            q["query_code"].as_str().unwrap().to_string(),
        ));
    }
    let mut guesser = app.client();
    let mut refused = false;
    'guessing: for round in 0..9 {
        for (no, _) in &numbers {
            let res = guesser
                .get(&format!("/api/v1/questions/{no}?query_code=BAD{round:04}"))
                .await;
            match res.status() {
                StatusCode::NOT_FOUND => {}
                StatusCode::TOO_MANY_REQUESTS => {
                    refused = true;
                    break 'guessing;
                }
                other => panic!("{other}"),
            }
        }
    }
    // 4 numbers × 9 rounds = 36 guesses > 30 per address, each number under its own 10.
    assert!(refused, "36 guesses from one address went through");
    let (no, code) = &numbers[3];
    assert_eq!(
        guesser
            .get(&format!("/api/v1/questions/{no}?query_code={code}"))
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

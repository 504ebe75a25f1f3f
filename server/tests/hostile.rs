//! Attack tests: what a hostile client sends must never panic the server, drop the
//! connection or get past a limit. One test per finding of the security review.
mod common;
mod interviews_support;

use app::auth::Role;
use common::{json, spawn_app};
use reqwest::StatusCode;

#[tokio::test]
async fn paging_out_of_range_is_refused_or_clamped_never_a_panic() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let lists = [
        "/api/v1/questions",
        "/api/v1/moderation/questions",
        "/api/v1/handling/questions",
        "/api/v1/documents",
        "/api/v1/interviews",
        "/api/v1/admin/users",
        "/api/v1/disclosure-requests",
    ];
    let hostile = [
        "page=9223372036854775808",
        "page=18446744073709551615",
        "page=18446744073709551616",
        "page=0",
        "page=-1",
        "per_page=100000",
        "page=100001&per_page=100",
    ];
    for list in lists {
        for q in hostile {
            let res = admin.get(&format!("{list}?{q}")).await;
            let status = res.status();
            assert!(
                matches!(
                    status,
                    StatusCode::OK | StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY
                ),
                "{list}?{q}: {status}"
            );
            // An answer with a body the client can read, not a dropped connection.
            let body = res.text().await.unwrap();
            assert!(!body.is_empty(), "{list}?{q}");
        }
        // The deepest allowed page answers, empty.
        let deep = json(
            admin.get(&format!("{list}?page=100000&per_page=100")).await,
            StatusCode::OK,
        )
        .await;
        assert!(
            deep["items"].as_array().is_some_and(|i| i.is_empty()),
            "{list}"
        );
    }
    // Server functions clamp instead.
    let path = common::server_fns()["/api/list_questions"].clone();
    let res = admin
        .post_raw(
            &path,
            "application/x-www-form-urlencoded",
            "page=18446744073709551615",
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn registrations_are_limited_per_address() {
    let app = common::spawn_app_with(|c| c.registrations_per_hour = 3).await;
    for i in 0..3 {
        let mut c = app.client();
        json(
            c.post(
                "/api/v1/auth/register",
                &serde_json::json!({"username": format!("jumin{i}"), "password": "a-long-passphrase-9"}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
    }
    let mut c = app.client();
    let res = c
        .post(
            "/api/v1/auth/register",
            &serde_json::json!({"username": "jumin9", "password": "a-long-passphrase-9"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    // Nothing was created.
    let mut admin = app.signed_in("guanli", &[Role::Admin]).await;
    let users = json(
        admin.get("/api/v1/admin/users?q=jumin9").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(users["total"], 0);
}

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
async fn an_entry_hidden_in_review_never_leaves_the_server_again() {
    use common::Sse;
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = interviews_support::create_interview(&mut host).await;
    interviews_support::move_to(
        &mut host,
        id,
        &["preview", "collecting", "preparing", "rehearsal", "live"],
    )
    .await;
    interviews_support::post_message(&mut host, id, "访谈正式开始").await;
    let slip = interviews_support::post_message(&mut host, id, "口误：内部电话 023-7123 4567")
        .await["id"]
        .as_i64()
        .unwrap();
    interviews_support::post_message(&mut host, id, "下面回答网友提问").await;
    interviews_support::move_to(&mut host, id, &["review"]).await;
    let res = host
        .post(
            &format!("/api/v1/interviews/{id}/entries/{slip}"),
            &serde_json::json!({"hidden": true}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Not published yet: no transcript.
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/transcript"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let url = format!("{}/api/v1/interviews/{id}/events", app.addr);
    // The log ends with the move to review: every resume reads up to it, and whatever it
    // must not carry would have come before it.
    let last = json(
        app.client().get(&format!("/api/v1/interviews/{id}")).await,
        StatusCode::OK,
    )
    .await["last_event_id"]
        .as_i64()
        .unwrap() as i32;
    for (url, last_event_id) in [
        (format!("{url}?after=0"), None),
        (url.clone(), Some(0)),
        (format!("{url}?after={}", slip - 1), None),
    ] {
        let mut stream = Sse::connect(&url, last_event_id, None).await;
        let events = stream
            .until(interviews_support::SENTINEL_WAIT, |e| e.id == Some(last))
            .await;
        let sentinel = events.last().unwrap();
        assert_eq!(
            (sentinel.event.as_str(), &sentinel.data["stage"]),
            ("stage", &serde_json::json!("review")),
            "{url}: {events:?}"
        );
        assert!(
            events.iter().all(|e| e.id != Some(slip as i32)),
            "{url}: the hidden entry's number was sent: {events:?}"
        );
        let bodies: Vec<String> = events
            .iter()
            .filter_map(|e| e.data["body"].as_str().map(str::to_string))
            .collect();
        assert!(
            bodies.iter().all(|b| !b.contains("口误")),
            "{url}: {bodies:?}"
        );
        assert!(
            bodies.iter().any(|b| b == "下面回答网友提问"),
            "{url}: {bodies:?}"
        );
    }
    interviews_support::move_to(&mut host, id, &["published"]).await;
    let t = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/transcript"))
            .await,
        StatusCode::OK,
    )
    .await;
    let bodies: Vec<&str> = t["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["body"].as_str())
        .collect();
    assert_eq!(bodies, ["访谈正式开始", "下面回答网友提问"]);
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
async fn event_streams_are_capped_per_address() {
    use common::Sse;
    let app = common::spawn_app_with(|c| c.streams_per_address = 2).await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = interviews_support::create_interview(&mut host).await;
    interviews_support::move_to(&mut host, id, &["preview"]).await;
    let url = format!("{}/api/v1/interviews/{id}/events", app.addr);
    let first = Sse::connect(&url, None, None).await;
    let _second = Sse::connect(&url, None, None).await;
    let res = reqwest::Client::new()
        .get(&url)
        .header("accept", "text/event-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    // A closed stream frees its place.
    drop(first);
    let started = std::time::Instant::now();
    loop {
        let res = reqwest::Client::new()
            .get(&url)
            .header("accept", "text/event-stream")
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::OK {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{}",
            res.status()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn personal_data_in_interview_questions_is_masked_for_the_public() {
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = interviews_support::create_interview(&mut host).await;
    interviews_support::move_to(&mut host, id, &["preview", "collecting"]).await;
    let q = json(
        app.client()
            .post(
                &format!("/api/v1/interviews/{id}/questions"),
                &serde_json::json!({"body": "我家电话 138-1234-5678，身份证 500101199001011234，景区门票能优惠吗？"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let qid = q["id"].as_i64().unwrap();
    host.post(
        &format!("/api/v1/interviews/{id}/questions/{qid}/moderate"),
        &serde_json::json!({"decision": "accept"}),
    )
    .await;
    let public = app
        .client()
        .get(&format!("/api/v1/interviews/{id}/questions"))
        .await
        .text()
        .await
        .unwrap();
    assert!(public.contains("景区门票能优惠吗"), "{public}");
    assert!(public.contains("138****5678"), "{public}");
    for leak in ["1234-5678", "199001011234"] {
        assert!(!public.contains(leak), "{public}");
    }
    // The host's queue keeps the text as asked.
    let queue = host
        .get(&format!("/api/v1/interviews/{id}/questions?queue=true"))
        .await
        .text()
        .await
        .unwrap();
    assert!(queue.contains("138-1234-5678"));
}

#[tokio::test]
async fn a_disclosure_step_pressed_twice_at_once_runs_once() {
    use app::entities::{audit_events, disclosure_requests as dr};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = spawn_app().await;
    let mut c = app.client();
    let a = common::disclosure::apply(&mut c, "natural_person", &common::disclosure::resident_id())
        .await;
    let no = a["tracking_no"].as_str().unwrap().to_string();
    let officer = app.signed_in("xinxi", &[Role::DisclosureOfficer]).await;
    let cookie = officer.cookie.clone();
    let extend = serde_json::json!({"working_days": 20, "approver": "李主任"});
    let reply = serde_json::json!({"outcome": "disclosed", "body": "予以公开，见附件。"});
    for (step, body) in [("extend", extend), ("reply", reply)] {
        let tries = (0..8).map(|_| {
            let mut c = app.client();
            c.cookie = cookie.clone();
            let (path, body) = (
                format!("/api/v1/disclosure-requests/{no}/{step}"),
                body.clone(),
            );
            async move { c.post(&path, &body).await.status() }
        });
        let statuses = futures::future::join_all(tries).await;
        let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let conflict = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((ok, conflict), (1, 7), "{step}: {statuses:?}");
        let audited = audit_events::Entity::find()
            .filter(audit_events::Column::Action.eq(format!("disclosure.{step}")))
            .count(&app.state.db)
            .await
            .unwrap();
        assert_eq!(audited, 1, "{step} is on the record once");
    }
    let m = dr::Entity::find()
        .filter(dr::Column::TrackingNo.eq(&no))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.extension_days, Some(20));
    assert_eq!(m.status, "replied");
}

#[tokio::test]
async fn votes_cannot_be_stuffed_by_clearing_the_cookie() {
    let app = spawn_app().await;
    let (_host, id, qid) =
        interviews_support::collecting_with_question(&app, "景区门票能否对本区居民优惠？").await;
    let vote = format!("/api/v1/interviews/{id}/questions/{qid}/vote");
    let per_address = app::interviews::service::questions::ANONYMOUS_VOTES_PER_ADDRESS;
    let mut statuses = Vec::new();
    // A new cookie each time, as a script that clears it would have.
    for _ in 0..per_address + 3 {
        statuses.push(
            app.client()
                .post(&vote, &serde_json::json!({}))
                .await
                .status(),
        );
    }
    let ok = statuses
        .iter()
        .filter(|s| **s == StatusCode::NO_CONTENT)
        .count();
    assert_eq!(ok, per_address as usize, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS));
    // Residents who sign in vote by account.
    let mut resident = app.signed_in("jumin", &[]).await;
    assert_eq!(
        resident.post(&vote, &serde_json::json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let public = json(
        app.client()
            .get(&format!("/api/v1/interviews/{id}/questions"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(public["items"][0]["votes"], per_address as i64 + 1);
}

#[tokio::test]
async fn looking_at_an_interview_without_a_cookie_stores_nothing() {
    use app::entities::sessions;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = spawn_app().await;
    let mut host = app.signed_in("host1", &[Role::Host]).await;
    let id = interviews_support::create_interview(&mut host).await;
    interviews_support::move_to(&mut host, id, &["preview", "collecting"]).await;
    let before = sessions::Entity::find().count(&app.state.db).await.unwrap();
    for _ in 0..20 {
        for path in [
            format!("/interviews/{id}"),
            format!("/api/v1/interviews/{id}"),
        ] {
            let res = app.client().get(&path).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            assert!(
                res.headers().get("set-cookie").is_none(),
                "{path} starts no session"
            );
        }
    }
    let after = sessions::Entity::find().count(&app.state.db).await.unwrap();
    assert_eq!(after, before, "no session row per view");
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

#[tokio::test]
async fn a_signed_in_change_without_origin_needs_the_sessions_csrf_token() {
    let app = spawn_app().await;
    let user = app.signed_in("jumin", &[]).await;
    let session = user.cookie.clone().unwrap();
    let cookie = format!("{}={session}", app::auth::SESSION_COOKIE);
    let url = |p: &str| format!("{}{p}", app.addr);
    let http = reqwest::Client::new();
    let me = || {
        http.get(url("/api/v1/auth/me"))
            .header("cookie", &cookie)
            .send()
    };
    // A header-less JSON change, as an old browser or a careless proxy would pass on.
    let rename = |name: &str| {
        http.put(url("/api/v1/auth/me"))
            .header("cookie", &cookie)
            .json(&serde_json::json!({"display_name": name}))
    };
    let res = rename("改名甲").send().await.unwrap();
    let body = json(res, StatusCode::FORBIDDEN).await;
    assert_eq!(body["error"]["code"], "csrf_token_required");
    let res = rename("改名乙")
        .header("x-csrf-token", "bm90LXRoZS10b2tlbg")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a wrong token");
    let seen = json(me().await.unwrap(), StatusCode::OK).await;
    assert_eq!(seen["user"]["display_name"], "jumin", "nothing changed");

    // The token from the API opens the way; a browser's Origin needs none.
    let token = json(
        http.get(url("/api/v1/auth/csrf"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let res = rename("改名丙")
        .header("x-csrf-token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = rename("改名丁")
        .header("origin", &app.addr)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let anonymous = json(
        http.get(url("/api/v1/auth/csrf")).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    // Present, and null: no session, no token.
    assert!(anonymous
        .get("token")
        .is_some_and(serde_json::Value::is_null));

    // A header-less form post to a server function (a no-JavaScript form) is refused too.
    let logout = common::server_fns()["/api/logout"].clone();
    let res = http
        .post(url(&logout))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        me().await.unwrap().status(),
        StatusCode::OK,
        "still signed in"
    );
    // A cross-site multipart upload is refused before it is read.
    let res = http
        .post(url("/api/v1/documents/1/attachments"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--x--\r\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

//! The route table × caller matrix: every REST route and every server function, called as
//! every kind of caller, answers 401 (anonymous), 403 (signed in without the capability) or
//! something other than a refusal (the capability held; admins hold every role). A route the
//! table does not name fails the test, so a new route cannot skip its entry. Runs on SQLite
//! and on PostgreSQL like the other HTTP tests.
mod common;
mod questions_support;

use app::api::access::{Door, Need, RouteAccess, ROUTES};
use app::auth::Role;
use common::disclosure::{apply, resident_id};
use common::{json, server_fns, spawn_app, Client, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;

struct Fixture {
    values: Vec<(&'static str, String)>,
}

impl Fixture {
    fn fill(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (k, v) in &self.values {
            out = out.replace(k, v);
        }
        out
    }
}

/// An anonymous question, unpublished, routed by `moderator` to `dept`.
async fn routed_question(app: &TestApp, moderator: &mut Client<'_>, dept: i64) -> String {
    let no = questions_support::anonymous_question(app).await;
    json(
        moderator
            .post(
                &format!("/api/v1/questions/{no}/accept"),
                &json!({"department_id": dept}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    no
}

async fn fixture(app: &TestApp, dept_a: i64) -> Fixture {
    let mut moderator = app.signed_in("fx_moderator", &[Role::Moderator]).await;
    let mut host = app.signed_in("fx_host", &[Role::Host]).await;
    let mut editor = app.signed_in("fx_editor", &[Role::Editor]).await;
    let mut anon = app.client();
    // An unpublished question routed to department A.
    let no = routed_question(app, &mut moderator, dept_a).await;
    let iv = json(
        host.post(
            "/api/v1/interviews",
            &json!({"title": "权限测试访谈", "summary": "用于检查权限矩阵的一次访谈。",
                    "scheduled_at": "2026-12-10T09:30:00+08:00", "duration_minutes": 90,
                    "guests": [{"name": "张明", "title": "局长"}]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let doc = json(
        editor
            .post(
                "/api/v1/documents",
                &common::catalog::doc(dept_a, "权限测试文件", "正文"),
            )
            .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let dno = apply(&mut anon, "natural_person", &resident_id()).await["tracking_no"]
        .as_str()
        .unwrap()
        .to_string();
    let user = app.create_user("fx_target", &[Role::Resident]).await.id;
    Fixture {
        values: vec![
            ("{no}", no),
            ("{dno}", dno),
            ("{doc}", doc.to_string()),
            ("{att}", "1".into()),
            ("{iv}", iv.to_string()),
            ("{iq}", "1".into()),
            ("{user}", user.to_string()),
            ("{dept}", dept_a.to_string()),
            ("{year}", "2026".into()),
            // No such request: the desk's refusal is all the matrix looks at.
            ("{pdr}", "999999".into()),
            ("{subj}", "1".into()),
        ],
    }
}

async fn call(c: &mut Client<'_>, route: &RouteAccess, fx: &Fixture) -> StatusCode {
    let path = match route.door {
        Door::Rest => fx.fill(route.path),
        Door::ServerFn => server_fns()
            .get(route.path)
            .cloned()
            .unwrap_or_else(|| panic!("no server function at {}", route.path)),
    };
    match route.door {
        Door::Rest => {
            let method = reqwest::Method::from_bytes(route.method.as_bytes()).unwrap();
            if method == reqwest::Method::GET {
                c.get(&path).await.status()
            } else {
                c.send(method, &path, &json!({}), &[]).await.status()
            }
        }
        Door::ServerFn => c
            .post_raw(
                &path,
                "application/x-www-form-urlencoded",
                &fx.fill(route.args),
            )
            .await
            .status(),
    }
}

fn allowed(need: Need, role: Option<Role>) -> bool {
    match (need, role) {
        (Need::Public, _) => true,
        (_, None) => false,
        (Need::SignedIn, Some(_)) => true,
        (Need::Role(_), Some(Role::Admin)) => true,
        (Need::Role(r), Some(held)) => r == held,
        (Need::Either(_, _), Some(Role::Admin)) => true,
        (Need::Either(a, b), Some(held)) => held == a || held == b,
    }
}

#[tokio::test]
async fn every_route_answers_each_kind_of_caller_as_the_table_says() {
    let app = spawn_app().await;
    let mut probe = app.client();
    let depts = json(probe.get("/api/v1/departments").await, StatusCode::OK).await;
    let dept_a = depts["items"][0]["id"].as_i64().unwrap();
    let dept_b = depts["items"][1]["id"].as_i64().unwrap();
    let fx = fixture(&app, dept_a).await;

    let mut callers: Vec<(Option<Role>, Client<'_>)> = vec![
        (None, app.client()),
        (
            Some(Role::Resident),
            app.signed_in("mx_resident", &[Role::Resident]).await,
        ),
    ];
    // Every staff role, each its own signed-in client.
    for role in Role::ALL.into_iter().filter(|r| *r != Role::Resident) {
        let name = format!("mx_{}", role.as_str());
        let c = if role == Role::Handler {
            app.signed_in_handler(&name, &[dept_a as i32]).await
        } else {
            app.signed_in(&name, &[role]).await
        };
        callers.push((Some(role), c));
    }

    let mut failures = Vec::new();
    for route in ROUTES.iter().filter(|r| r.need != Need::Public) {
        for (role, client) in callers.iter_mut() {
            let got = call(client, route, &fx).await;
            let ok = if allowed(route.need, *role) {
                !matches!(
                    got,
                    StatusCode::UNAUTHORIZED
                        | StatusCode::FORBIDDEN
                        | StatusCode::INTERNAL_SERVER_ERROR
                )
            } else if role.is_none() {
                got == StatusCode::UNAUTHORIZED
            } else {
                got == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!(
                    "{} {} as {:?}: {got}",
                    route.method,
                    route.path,
                    role.map(Role::as_str)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "refusals differ from the table:\n{}",
        failures.join("\n")
    );

    // A handler sees an unpublished question of their own department, and one of another
    // department gets 404, as if it did not exist.
    let no = fx.fill("{no}");
    let mine = callers
        .iter_mut()
        .find(|(r, _)| *r == Some(Role::Handler))
        .map(|(_, c)| c)
        .unwrap();
    assert_eq!(
        mine.get(&format!("/api/v1/questions/{no}")).await.status(),
        StatusCode::OK
    );
    let mut other = app
        .signed_in_handler("mx_other_dept", &[dept_b as i32])
        .await;
    assert_eq!(
        other.get(&format!("/api/v1/questions/{no}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let load = format!("tracking_no={no}");
    let load_question = server_fns()["/api/load_question"].clone();
    assert_eq!(
        other
            .post_raw(&load_question, "application/x-www-form-urlencoded", &load)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        mine.post_raw(&load_question, "application/x-www-form-urlencoded", &load)
            .await
            .status(),
        StatusCode::OK
    );
}

/// Replaces `{name}` path parameters with `{}` so that the table's placeholders and the
/// OpenAPI document's names compare equal.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(ch),
        }
    }
    out
}

#[tokio::test]
async fn the_table_names_every_route_and_nothing_else() {
    let app = spawn_app().await;
    let mut c = app.client();
    let doc: Value = json(c.get("/api/v1/openapi.json").await, StatusCode::OK).await;
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_ascii_uppercase(), shape(path)));
        }
    }
    let table_rest: BTreeSet<(String, String)> = ROUTES
        .iter()
        .filter(|r| r.door == Door::Rest)
        .map(|r| {
            // `/entries/1` stands for `/entries/{seq}`.
            let path = r.path.replace("/entries/1", "/entries/{seq}");
            (r.method.to_string(), shape(&path))
        })
        .collect();
    let missing: Vec<_> = documented.difference(&table_rest).collect();
    let extra: Vec<_> = table_rest.difference(&documented).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "REST routes without a table entry: {missing:?}; table entries without a route: {extra:?}"
    );

    let registered: BTreeSet<String> = server_fns().into_keys().collect();
    let table_fns: BTreeSet<String> = ROUTES
        .iter()
        .filter(|r| r.door == Door::ServerFn)
        .map(|r| r.path.to_string())
        .collect();
    let missing: Vec<_> = registered.difference(&table_fns).collect();
    let extra: Vec<_> = table_fns.difference(&registered).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "server functions without a table entry: {missing:?}; entries without a function: {extra:?}"
    );
}

#[tokio::test]
async fn handler_roles_are_granted_per_department_and_refused_at_once() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("guanliyuan", &[Role::Admin]).await;
    let mut probe = app.client();
    let depts = json(probe.get("/api/v1/departments").await, StatusCode::OK).await;
    let dept = depts["items"][0]["id"].as_i64().unwrap();
    let staff = app.create_user("chengban", &[Role::Resident]).await;
    let roles = format!("/api/v1/admin/users/{}/roles", staff.id);

    // `handler` needs a department; other roles refuse one.
    let res = admin
        .post(&roles, &json!({"role": "handler", "granted": true}))
        .await;
    let body = json(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body["error"]["fields"]["department_id"].is_string());
    let res = admin
        .post(
            &roles,
            &json!({"role": "editor", "granted": true, "department_id": dept}),
        )
        .await;
    json(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let res = admin
        .post(
            &roles,
            &json!({"role": "handler", "granted": true, "department_id": 999_999}),
        )
        .await;
    json(res, StatusCode::UNPROCESSABLE_ENTITY).await;

    let granted = json(
        admin
            .post(
                &roles,
                &json!({"role": "handler", "granted": true, "department_id": dept}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(granted["roles"], json!(["resident", "handler"]));
    assert_eq!(granted["departments"][0]["id"], dept);
    assert_eq!(granted["disabled"], false);

    // The handler sees an unpublished question of the department …
    let mut moderator = app.signed_in("shenhe", &[Role::Moderator]).await;
    let no = routed_question(&app, &mut moderator, dept).await;
    let mut handler = app.sign_in("chengban").await;
    let me = json(handler.get("/api/v1/auth/me").await, StatusCode::OK).await;
    assert_eq!(me["user"]["departments"][0]["id"], dept);
    let path = format!("/api/v1/questions/{no}");
    assert_eq!(handler.get(&path).await.status(), StatusCode::OK);

    // … and not after the department is taken away: the very next request.
    let revoked = json(
        admin
            .post(
                &roles,
                &json!({"role": "handler", "granted": false, "department_id": dept}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(revoked["roles"], json!(["resident"]));
    assert_eq!(revoked["departments"], json!([]));
    assert_eq!(handler.get(&path).await.status(), StatusCode::NOT_FOUND);

    // A disabled account is refused at its next request, as if signed out.
    use sea_orm::ConnectionTrait;
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE users SET disabled_at = CURRENT_TIMESTAMP WHERE id = {}",
            staff.id
        ))
        .await
        .unwrap();
    assert_eq!(
        handler.get("/api/v1/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = app
        .client()
        .post(
            "/api/v1/auth/login",
            &json!({"username": "chengban", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn both_doors_answer_a_bad_department_on_a_new_interview_with_422() {
    let app = spawn_app().await;
    let mut host = app.signed_in("zhuchi", &[Role::Host]).await;
    let path = server_fns()["/api/create_interview"].clone();
    let form = "title=%E8%AE%BF%E8%B0%88&summary=%E4%B8%80%E6%AC%A1%E5%85%B3%E4%BA%8E%E5%85%BB%E8%80%81%E7%9A%84%E5%9C%A8%E7%BA%BF%E8%AE%BF%E8%B0%88\
                &scheduled_at=2026-12-10T09%3A30&duration_minutes=90&guests=&department_id=abc";
    let res = host
        .post_raw(&path, "application/x-www-form-urlencoded", form)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert!(body.to_string().contains("department_id"), "{body}");
    let res = host
        .post(
            "/api/v1/interviews",
            &json!({"title": "同打旅游牌共创旅游城", "summary": "区旅游局负责人与网友在线交流旅游发展。",
                    "scheduled_at": "2026-12-10T09:30:00+08:00", "duration_minutes": 90,
                    "guests": [{"name": "张明", "title": "局长"}], "department_id": 999_999}),
        )
        .await;
    let body = json(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(body["error"]["fields"]["department_id"].is_string());
}

//! The server's secret at work: query codes kept as keyed hashes (older codes still open
//! their records), applicants' ID numbers sealed at rest, the key file kept and reused, and
//! signed-in accounts limited like anonymous residents.
mod common;
mod questions_support;

use app::entities::{disclosure_requests as dr, questions};
use common::{disclosure, json, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn query_codes_are_kept_as_keyed_hashes_and_codes_from_before_still_work() {
    let app = spawn_app().await;
    let (no, code) = questions_support::anonymous_question_with_code(&app).await;
    let row = questions::Entity::find()
        .filter(questions::Column::TrackingNo.eq(&no))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    let stored = row.query_code_hash.clone().unwrap();
    assert!(stored.starts_with("h1:"), "{stored}");
    let plain = code.replace('-', "");
    assert_ne!(
        stored,
        sha256_hex(&plain),
        "not a bare digest anyone can test"
    );
    assert!(!stored.contains(&plain));
    let mut c = app.client();
    let path = format!("/api/v1/questions/{no}");
    for typed in [code.clone(), plain.to_lowercase()] {
        let res = c
            .send(
                reqwest::Method::GET,
                &path,
                &serde_json::json!({}),
                &[("x-query-code", typed.as_str())],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{typed}");
    }

    // A receipt issued before the key existed: 8 characters, stored as plain SHA-256.
    let mut old: questions::ActiveModel = row.into();
    old.query_code_hash = Set(Some(sha256_hex("AB23CD45")));
    old.update(&app.state.db).await.unwrap();
    let res = c.get(&format!("{path}?query_code=ab23cd45")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = c.get(&format!("{path}?query_code={code}")).await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "the new code was replaced"
    );

    // The same for an application, whose old hashes came from migration 000007.
    let a = disclosure::apply(&mut c, "natural_person", &disclosure::resident_id()).await;
    let dno = a["tracking_no"].as_str().unwrap();
    let m = dr::Entity::find()
        .filter(dr::Column::TrackingNo.eq(dno))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(m.query_code_hash.starts_with("h1:"));
    let mut old: dr::ActiveModel = m.into();
    old.query_code_hash = Set(sha256_hex("ZX23CV45"));
    old.update(&app.state.db).await.unwrap();
    let res = c
        .get(&format!(
            "/api/v1/disclosure-requests/{dno}?query_code=ZX23CV45"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_code_is_worthless_under_another_key() {
    let app = spawn_app().await;
    let (no, code) = questions_support::anonymous_question_with_code(&app).await;
    // Another server with its own secret on the same database: the stored hash is useless
    // to it, as it is to anyone holding only a copy of the database.
    let mut other = (*app.state.config).clone();
    other.key_file = app.state.config.key_file.with_file_name("another.key");
    let state = gongkai::startup::build_state(
        other,
        gongkai::startup::leptos_options(([127, 0, 0, 1], 0).into()),
    )
    .await
    .unwrap();
    let anonymous = app::auth::caps::Caller::anonymous();
    let seen = app::questions::service::queries::get(
        &state.db,
        &state.secrets,
        &anonymous,
        &no,
        Some(&code),
    )
    .await;
    assert!(
        matches!(seen, Err(app::error::AppError::NotFound)),
        "{seen:?}"
    );
    // A second instance sharing the key file (as behind a load balancer) opens it.
    let same = app.another_instance().await;
    let seen = app::questions::service::queries::get(
        &same.db,
        &same.secrets,
        &anonymous,
        &no,
        Some(&code),
    )
    .await;
    assert!(seen.is_ok(), "{seen:?}");
    let key = std::fs::read_to_string(&app.state.config.key_file).unwrap();
    assert_eq!(key.trim().len(), 64, "32 bytes in hex");
}

#[tokio::test]
async fn applicants_id_numbers_are_sealed_at_rest() {
    let app = spawn_app().await;
    let id = disclosure::resident_id();
    let mut c = app.client();
    let a = disclosure::apply(&mut c, "natural_person", &id).await;
    let dno = a["tracking_no"].as_str().unwrap().to_string();
    let m = dr::Entity::find()
        .filter(dr::Column::TrackingNo.eq(&dno))
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap();
    assert!(m.id_number.starts_with("g1:"), "{}", m.id_number);
    assert!(!m.id_number.contains(&id[..10]));
    assert_eq!(
        app::disclosure::sealed_ids::reveal(&app.state.secrets, &m).as_deref(),
        Some(id.as_str())
    );
    assert_eq!(
        app::disclosure::sealed_ids::reveal(&app::platform::Secrets::generate(), &m),
        None,
        "another key opens nothing"
    );
    // Staff see the mask, as before.
    let mut officer = app
        .signed_in("xinxi", &[app::auth::Role::DisclosureOfficer])
        .await;
    let seen = json(
        officer
            .get(&format!("/api/v1/disclosure-requests/{dno}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let masked = seen["id_number_masked"].as_str().unwrap();
    assert_eq!(masked, format!("{}*************{}", &id[..3], &id[16..]));
    assert!(!seen.to_string().contains("g1:"));

    // A row kept in plain text before sealing existed is sealed at the next start.
    let mut plain: dr::ActiveModel = m.into();
    plain.id_number = Set(id.clone());
    plain.id_number_masked = Set(None);
    plain.update(&app.state.db).await.unwrap();
    let seen = json(
        officer
            .get(&format!("/api/v1/disclosure-requests/{dno}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["id_number_masked"], masked, "masked while still plain");
    let restarted = app.another_instance().await;
    let m = dr::Entity::find()
        .filter(dr::Column::TrackingNo.eq(&dno))
        .one(&restarted.db)
        .await
        .unwrap()
        .unwrap();
    assert!(m.id_number.starts_with("g1:"));
    assert_eq!(m.id_number_masked.as_deref(), Some(masked));
    assert_eq!(
        app::disclosure::sealed_ids::reveal(&restarted.secrets, &m).as_deref(),
        Some(id.as_str())
    );
}

#[tokio::test]
async fn a_signed_in_account_is_limited_like_an_anonymous_resident() {
    let app = spawn_app_with(|c| c.account_questions_per_hour = 2).await;
    let mut resident = app.signed_in("jumin", &[]).await;
    let body = serde_json::json!({
        "kind": "suggestion", "title": "关于公交线路的建议", "body": "建议增开夜班公交。", "is_public": true
    });
    for _ in 0..2 {
        let res = resident.post("/api/v1/questions", &body).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = resident.post("/api/v1/questions", &body).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
    // Another account is not held back by this one.
    let mut other = app.signed_in("linju", &[]).await;
    let res = other.post("/api/v1/questions", &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let count = questions::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap()
        .len();
    assert_eq!(count, 3, "the refused one was not stored");
}

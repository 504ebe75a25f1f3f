//! Several instances on one PostgreSQL database, as behind a load balancer: started at the
//! same moment on a fresh database, every one comes up (they take turns to migrate and
//! seed), and the reference data is there once. SQLite serves one instance by design.
mod common;

use app::platform::Config;
use sea_orm::{ConnectionTrait, Database, Statement};

async fn count(db: &sea_orm::DatabaseConnection, table: &str) -> i64 {
    db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        format!("SELECT COUNT(*) FROM {table}"),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get_by_index::<i64>(0)
    .unwrap()
}

#[tokio::test]
async fn instances_starting_together_on_a_fresh_database_all_come_up() {
    if std::env::var("GONGKAI_TEST_DB").as_deref() != Ok("postgres") {
        eprintln!("skipped: several instances share a PostgreSQL database only");
        return;
    }
    let (url, _guard) = common::fresh_restore_target().await;
    let start = || {
        let mut config = Config::for_database(&url);
        // Instances of one site share its key.
        config.secret_key = Some("5a".repeat(32));
        let addr = "127.0.0.1:0".parse().unwrap();
        gongkai::startup::build_state(config, gongkai::startup::leptos_options(addr))
    };
    let (a, b, c) = tokio::join!(start(), start(), start());
    for (name, state) in [("first", &a), ("second", &b), ("third", &c)] {
        if let Err(e) = state {
            panic!("the {name} instance did not start: {e:#}");
        }
    }

    // What one instance alone seeds, and no more.
    let alone = common::fresh_restore_target().await;
    let mut config = Config::for_database(&alone.0);
    config.secret_key = Some("5a".repeat(32));
    let one = gongkai::startup::build_state(
        config,
        gongkai::startup::leptos_options("127.0.0.1:0".parse().unwrap()),
    )
    .await
    .unwrap();
    let shared = Database::connect(url.as_str()).await.unwrap();
    for table in [
        "departments",
        "catalog_columns",
        "subject_categories",
        "calendar_days",
    ] {
        assert_eq!(
            count(&shared, table).await,
            count(&one.db, table).await,
            "{table} seeded once"
        );
    }
    assert!(count(&shared, "departments").await > 0);
}

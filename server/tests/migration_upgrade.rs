//! Upgrading a site that already holds data: migration 26 rebuilds the annual-report tables
//! with a report scope, and what an earlier version stored (a published report, its
//! figures) must arrive as the district's, with the page cache still watching the tables.
//! On SQLite or PostgreSQL, like every HTTP test.
mod common;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

/// Migrations before the one that scopes reports per department.
const BEFORE_DEPARTMENT_REPORTS: u32 = 25;

async fn scalar(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn reports_written_before_department_reports_become_the_districts() {
    let (url, _guard) = common::fresh_restore_target().await;
    let db = Database::connect(url).await.unwrap();
    Migrator::up(&db, Some(BEFORE_DEPARTMENT_REPORTS))
        .await
        .unwrap();
    let now = match db.get_database_backend() {
        DbBackend::Postgres => "now()",
        _ => "'2026-01-20T08:00:00Z'",
    };
    db.execute_unprepared(&format!(
        "INSERT INTO annual_reports (year, overview, problems, other_matters, updated_at, published_at, snapshot) \
         VALUES (2025, '总体', '问题', '其他', {now}, {now}, '{{}}'); \
         INSERT INTO report_figures (year, key, value) VALUES (2025, 'permits', '12'), (2025, 'fees_wan', '3.5');"
    ))
    .await
    .unwrap();

    Migrator::up(&db, None).await.unwrap();

    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM annual_reports WHERE year = 2025 AND scope = 0 \
             AND problems = '问题' AND published_at IS NOT NULL AND snapshot = '{}'"
        )
        .await,
        1
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM report_figures WHERE year = 2025 AND scope = 0"
        )
        .await,
        2
    );
    // A department's report of the same year is a row of its own now.
    db.execute_unprepared(&format!(
        "INSERT INTO annual_reports (year, scope, overview, problems, other_matters, updated_at) \
         VALUES (2025, 7, '', '', '', {now}); \
         INSERT INTO report_figures (year, scope, key, value) VALUES (2025, 7, 'permits', '3');"
    ))
    .await
    .unwrap();
    assert!(db
        .execute_unprepared(&format!(
            "INSERT INTO annual_reports (year, scope, overview, problems, other_matters, updated_at) \
             VALUES (2025, 7, '', '', '', {now})"
        ))
        .await
        .is_err());
    // Applications now name their department.
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM disclosure_requests WHERE department_id IS NULL"
        )
        .await,
        0
    );
    // The page cache still hears of changes to the rebuilt tables (SQLite's counter; on
    // PostgreSQL the trigger that notifies).
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let before = scalar(&db, "SELECT n FROM change_counter WHERE id = 1").await;
            db.execute_unprepared(
                "UPDATE report_figures SET value = '13' WHERE year = 2025 AND scope = 0 AND key = 'permits'",
            )
            .await
            .unwrap();
            db.execute_unprepared("UPDATE annual_reports SET problems = '改' WHERE scope = 7")
                .await
                .unwrap();
            assert_eq!(
                scalar(&db, "SELECT n FROM change_counter WHERE id = 1").await,
                before + 2
            );
        }
        _ => {
            assert_eq!(
                scalar(
                    &db,
                    "SELECT COUNT(*) FROM pg_trigger WHERE tgname IN \
                     ('changed_annual_reports', 'changed_report_figures')"
                )
                .await,
                2
            );
        }
    }
}

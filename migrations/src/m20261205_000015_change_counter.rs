//! What the page cache is invalidated by: every change to data a public page shows moves a
//! counter inside the same transaction as the change, so a page stored under the old value
//! can never be served after the change is visible.
//!
//! - SQLite (one instance): a one-row `change_counter`, moved by row triggers; the cache
//!   reads it before rendering.
//! - PostgreSQL (several instances): a statement trigger sends `NOTIFY gongkai_changes`,
//!   which PostgreSQL delivers only once the transaction has committed; every instance
//!   listens and moves its own counter. A shared counter row would make every writing
//!   transaction wait on one row lock, and deadlock two that touch rows in opposite order.
//!
//! Sessions, rate limits, the outbox, the audit trail and the number sequences are left
//! out: no public page shows them, and they change on nearly every request.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tables public pages are rendered from.
pub const WATCHED_TABLES: &[&str] = &[
    "calendar_days",
    "time_limits",
    "departments",
    "users",
    "user_roles",
    "user_departments",
    "questions",
    "question_events",
    "question_supervisions",
    "question_tallies",
    "question_returns",
    "question_notes",
    "interviews",
    "interview_events",
    "interview_guests",
    "interview_questions",
    "interview_stage_changes",
    "interview_votes",
    "catalog_columns",
    "publishing_bodies",
    "documents",
    "document_attachments",
    "document_tallies",
    "disclosure_requests",
    "report_figures",
];

/// Makes every change to `table` move the counter (a table a later migration adds for the
/// public pages is watched with this too, once the counter exists).
pub async fn watch(m: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    match m.get_database_backend() {
        DbBackend::Sqlite => {
            for op in ["insert", "update", "delete"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER changed_{table}_{op} AFTER {} ON {table} \
                     BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END;",
                    op.to_uppercase()
                ))
                .await?;
            }
        }
        _ => {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER changed_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE \
                 ON {table} FOR EACH STATEMENT EXECUTE FUNCTION gongkai_changed();"
            ))
            .await?;
        }
    }
    Ok(())
}

pub async fn unwatch(m: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    match m.get_database_backend() {
        DbBackend::Sqlite => {
            for op in ["insert", "update", "delete"] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS changed_{table}_{op};"))
                    .await?;
            }
        }
        _ => {
            db.execute_unprepared(&format!(
                "DROP TRIGGER IF EXISTS changed_{table} ON {table};"
            ))
            .await?;
        }
    }
    Ok(())
}

/// The channel the PostgreSQL triggers notify.
pub const CHANGES_CHANNEL: &str = "gongkai_changes";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE TABLE change_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
                     INSERT INTO change_counter (id, n) VALUES (1, 0);",
                )
                .await?;
                for table in WATCHED_TABLES {
                    watch(m, table).await?;
                }
            }
            _ => {
                db.execute_unprepared(&format!(
                    "CREATE OR REPLACE FUNCTION gongkai_changed() RETURNS trigger \
                     LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('{CHANGES_CHANNEL}', ''); \
                     RETURN NULL; END $$;"
                ))
                .await?;
                for table in WATCHED_TABLES {
                    watch(m, table).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                for table in WATCHED_TABLES {
                    unwatch(m, table).await?;
                }
                db.execute_unprepared("DROP TABLE IF EXISTS change_counter;")
                    .await?;
            }
            _ => {
                for table in WATCHED_TABLES {
                    unwatch(m, table).await?;
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS gongkai_changed();")
                    .await?;
            }
        }
        Ok(())
    }
}

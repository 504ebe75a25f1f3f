//! Sessions that end when they should, and an audit trail that cannot be rewritten.
//! - A password change ends every other session of the account: the moment (Unix
//!   milliseconds) from which sessions count is kept on the account.
//! - The audit trail records the client address, is searchable by time and action, and
//!   refuses UPDATE and DELETE (a trigger on both databases), so not even the application
//!   can change what happened.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    SessionsSince,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Ip,
    At,
    Action,
    ActorId,
}

const SQLITE_TRIGGERS: &[&str] = &[
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events \
     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events \
     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
];

const PG_TRIGGERS: &[&str] = &[
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$ \
     BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events \
     FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(big_integer_null(Users::SessionsSince))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(AuditEvents::Table)
                .add_column(string_len_null(AuditEvents::Ip, 64))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_audit_events_at", vec![AuditEvents::At]),
            (
                "idx_audit_events_action",
                vec![AuditEvents::Action, AuditEvents::At],
            ),
            (
                "idx_audit_events_actor",
                vec![AuditEvents::ActorId, AuditEvents::At],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(AuditEvents::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        let triggers = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => PG_TRIGGERS,
            _ => SQLITE_TRIGGERS,
        };
        for sql in triggers {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let drops: &[&str] = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events",
                "DROP FUNCTION IF EXISTS audit_events_append_only()",
            ],
            _ => &[
                "DROP TRIGGER IF EXISTS audit_events_no_update",
                "DROP TRIGGER IF EXISTS audit_events_no_delete",
            ],
        };
        for sql in drops {
            m.get_connection().execute_unprepared(sql).await?;
        }
        for name in [
            "idx_audit_events_at",
            "idx_audit_events_action",
            "idx_audit_events_actor",
        ] {
            m.drop_index(
                Index::drop()
                    .name(name)
                    .table(AuditEvents::Table)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(AuditEvents::Table)
                .drop_column(AuditEvents::Ip)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::SessionsSince)
                .to_owned(),
        )
        .await
    }
}

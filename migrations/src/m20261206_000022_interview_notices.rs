//! Interviews announced outside the usual window (3 days to a month ahead, 60–120 minutes)
//! keep the reason the host gave; a cancelled or rescheduled interview carries the public
//! notice its page shows.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Interviews {
    Table,
    ScheduleOverride,
    NoticeKind,
    Notice,
    NoticeOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds them one at a time.
        for col in [
            text_null(Interviews::ScheduleOverride),
            string_len_null(Interviews::NoticeKind, 16),
            text_null(Interviews::Notice),
            date_null(Interviews::NoticeOn),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Interviews::Table)
                    .add_column(col.to_owned())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Interviews::ScheduleOverride,
            Interviews::NoticeKind,
            Interviews::Notice,
            Interviews::NoticeOn,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Interviews::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

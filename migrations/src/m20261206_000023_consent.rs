//! When the person behind a question or an application consented to the 个人信息处理告知
//! (null where no consent was recorded: older rows, staff intake, API clients that do not
//! send it).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Questions {
    Table,
    ConsentAt,
}

#[derive(DeriveIden)]
enum DisclosureRequests {
    Table,
    ConsentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Questions::Table)
                .add_column(timestamp_with_time_zone_null(Questions::ConsentAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(DisclosureRequests::Table)
                .add_column(timestamp_with_time_zone_null(DisclosureRequests::ConsentAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Questions::Table)
                .drop_column(Questions::ConsentAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(DisclosureRequests::Table)
                .drop_column(DisclosureRequests::ConsentAt)
                .to_owned(),
        )
        .await
    }
}

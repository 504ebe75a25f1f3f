//! The last question tracking number given out per day. Numbers used to be found as the
//! day's highest number plus one, which concurrent submitters on PostgreSQL raced for
//! (and which sorted wrongly past 99,999 a day); a counter row incremented in the
//! submitting transaction hands out each number once.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrackingCounters {
    Table,
    Day,
    LastSerial,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TrackingCounters::Table)
                // The day as it appears in the number (`20261204`), in Beijing time.
                .col(string_len(TrackingCounters::Day, 8).primary_key())
                .col(integer(TrackingCounters::LastSerial))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TrackingCounters::Table).to_owned())
            .await
    }
}

//! The annual report as staff write and publish it: the text of sections 一 (总体情况), 五
//! (problems and improvements) and 六 (other matters, fees among them), and, once published,
//! the frozen snapshot every reader gets from then on, with the catalog document under 工作报告
//! that carries it. Tables 2–4 stay computed from the data until publication.
use crate::m20261205_000015_change_counter::{unwatch, watch};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AnnualReports {
    Table,
    Year,
    Overview,
    Problems,
    OtherMatters,
    UpdatedAt,
    PublishedAt,
    PublishedBy,
    Snapshot,
    DocumentId,
}

const TABLE: &str = "annual_reports";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AnnualReports::Table)
                .col(integer(AnnualReports::Year).primary_key())
                .col(text(AnnualReports::Overview))
                .col(text(AnnualReports::Problems))
                .col(text(AnnualReports::OtherMatters))
                .col(timestamp_with_time_zone(AnnualReports::UpdatedAt))
                .col(timestamp_with_time_zone_null(AnnualReports::PublishedAt))
                .col(integer_null(AnnualReports::PublishedBy))
                .col(text_null(AnnualReports::Snapshot))
                .col(integer_null(AnnualReports::DocumentId))
                .foreign_key(
                    ForeignKey::create()
                        .from(AnnualReports::Table, AnnualReports::PublishedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // The public report page is cached like every anonymous page.
        watch(m, TABLE).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        unwatch(m, TABLE).await?;
        m.drop_table(Table::drop().table(AnnualReports::Table).to_owned())
            .await
    }
}

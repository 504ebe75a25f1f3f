//! 政府信息公开指南 (条例第十二条), as admins keep it: one row. Until it is first saved the
//! site shows a guide made of the defaults and the site's own configured contact details.
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
enum DisclosureGuide {
    Table,
    Id,
    Office,
    Address,
    Hours,
    Phone,
    Fax,
    Email,
    Classification,
    Proactive,
    OnRequest,
    Remedies,
    UpdatedAt,
    UpdatedBy,
}

const TABLE: &str = "disclosure_guide";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DisclosureGuide::Table)
                .col(integer(DisclosureGuide::Id).primary_key())
                .col(string(DisclosureGuide::Office))
                .col(string(DisclosureGuide::Address))
                .col(string(DisclosureGuide::Hours))
                .col(string(DisclosureGuide::Phone))
                .col(string_null(DisclosureGuide::Fax))
                .col(string_null(DisclosureGuide::Email))
                .col(text(DisclosureGuide::Classification))
                .col(text(DisclosureGuide::Proactive))
                .col(text(DisclosureGuide::OnRequest))
                .col(text(DisclosureGuide::Remedies))
                .col(timestamp_with_time_zone(DisclosureGuide::UpdatedAt))
                .col(integer_null(DisclosureGuide::UpdatedBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(DisclosureGuide::Table, DisclosureGuide::UpdatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // The public guide page is cached like every anonymous page.
        watch(m, TABLE).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        unwatch(m, TABLE).await?;
        m.drop_table(Table::drop().table(DisclosureGuide::Table).to_owned())
            .await
    }
}

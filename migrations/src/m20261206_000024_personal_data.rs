//! Personal information (个人信息保护法 Arts. 19, 45, 47): how long contact details and ID
//! numbers are kept after an item closes (`retention_periods`, set by admins), when a
//! question's or an application's were erased, and residents' requests for deletion with
//! the desk's decision.
use crate::m20261205_000015_change_counter::{unwatch, watch};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Questions {
    Table,
    ContactsErasedAt,
}

#[derive(DeriveIden)]
enum DisclosureRequests {
    Table,
    PersonalDataErasedAt,
}

#[derive(DeriveIden)]
enum RetentionPeriods {
    Table,
    Name,
    Months,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PersonalDataRequests {
    Table,
    Id,
    Subject,
    UserId,
    TrackingNo,
    Reason,
    Email,
    ReceivedOn,
    DueOn,
    Status,
    Decision,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Questions::Table)
                .add_column(timestamp_with_time_zone_null(Questions::ContactsErasedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(DisclosureRequests::Table)
                .add_column(timestamp_with_time_zone_null(
                    DisclosureRequests::PersonalDataErasedAt,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(RetentionPeriods::Table)
                .col(string(RetentionPeriods::Name).primary_key())
                .col(integer(RetentionPeriods::Months))
                .col(timestamp_with_time_zone(RetentionPeriods::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PersonalDataRequests::Table)
                .col(pk_auto(PersonalDataRequests::Id))
                .col(string(PersonalDataRequests::Subject))
                .col(integer_null(PersonalDataRequests::UserId))
                .col(string_null(PersonalDataRequests::TrackingNo))
                .col(text(PersonalDataRequests::Reason))
                .col(string_null(PersonalDataRequests::Email))
                .col(date(PersonalDataRequests::ReceivedOn))
                .col(date(PersonalDataRequests::DueOn))
                .col(string(PersonalDataRequests::Status))
                .col(text_null(PersonalDataRequests::Decision))
                .col(integer_null(PersonalDataRequests::DecidedBy))
                .col(timestamp_with_time_zone_null(
                    PersonalDataRequests::DecidedAt,
                ))
                .col(timestamp_with_time_zone(PersonalDataRequests::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonalDataRequests::Table, PersonalDataRequests::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonalDataRequests::Table, PersonalDataRequests::DecidedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // The public personal-data page shows the periods, so the page cache must see a change.
        watch(m, "retention_periods").await?;
        m.create_index(
            Index::create()
                .name("idx_personal_data_requests_status")
                .table(PersonalDataRequests::Table)
                .col(PersonalDataRequests::Status)
                .col(PersonalDataRequests::DueOn)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PersonalDataRequests::Table).to_owned())
            .await?;
        unwatch(m, "retention_periods").await?;
        m.drop_table(Table::drop().table(RetentionPeriods::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(DisclosureRequests::Table)
                .drop_column(DisclosureRequests::PersonalDataErasedAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Questions::Table)
                .drop_column(Questions::ContactsErasedAt)
                .to_owned(),
        )
        .await
    }
}

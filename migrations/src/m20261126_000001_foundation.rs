//! Accounts, roles, departments, sessions, the working-day calendar, rate-limit buckets and the
//! audit trail: what every module stands on.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    Name,
    SortOrder,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    PasswordHash,
    DisplayName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserRoles {
    Table,
    UserId,
    Role,
    GrantedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum CalendarDays {
    Table,
    Day,
    Kind,
    Name,
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Bucket,
    WindowStart,
    Hits,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    ActorId,
    Action,
    Subject,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Departments::Table)
                .col(pk_auto(Departments::Id))
                .col(string_uniq(Departments::Name))
                .col(integer(Departments::SortOrder).default(0))
                .col(boolean(Departments::Active).default(true))
                .col(timestamp_with_time_zone(Departments::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_auto(Users::Id))
                .col(string_uniq(Users::Username))
                .col(string(Users::PasswordHash))
                .col(string(Users::DisplayName))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UserRoles::Table)
                .col(integer(UserRoles::UserId))
                .col(string(UserRoles::Role))
                .col(timestamp_with_time_zone(UserRoles::GrantedAt))
                .primary_key(Index::create().col(UserRoles::UserId).col(UserRoles::Role))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(string(Sessions::Id).primary_key())
                .col(text(Sessions::Data))
                .col(big_integer(Sessions::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sessions_expires_at")
                .table(Sessions::Table)
                .col(Sessions::ExpiresAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CalendarDays::Table)
                .col(date(CalendarDays::Day).primary_key())
                .col(string(CalendarDays::Kind))
                .col(string(CalendarDays::Name))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RateLimits::Table)
                .col(string(RateLimits::Bucket))
                .col(big_integer(RateLimits::WindowStart))
                .col(integer(RateLimits::Hits))
                .primary_key(
                    Index::create()
                        .col(RateLimits::Bucket)
                        .col(RateLimits::WindowStart),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditEvents::Table)
                .col(pk_auto(AuditEvents::Id))
                .col(timestamp_with_time_zone(AuditEvents::At))
                .col(integer_null(AuditEvents::ActorId))
                .col(string(AuditEvents::Action))
                .col(string(AuditEvents::Subject))
                .col(text(AuditEvents::Detail))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_events_subject")
                .table(AuditEvents::Table)
                .col(AuditEvents::Subject)
                .col(AuditEvents::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditEvents::Table.into_iden(),
            RateLimits::Table.into_iden(),
            CalendarDays::Table.into_iden(),
            Sessions::Table.into_iden(),
            UserRoles::Table.into_iden(),
            Users::Table.into_iden(),
            Departments::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

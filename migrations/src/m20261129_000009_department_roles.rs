//! Roles scoped to departments: a handler (承办人) acts for the departments they are granted,
//! accounts gain an e-mail address and can be disabled, and the 依申请公开 desk gets a role of
//! its own (`disclosure_officer`). Every existing account keeps what it could do: editors ran
//! the disclosure desk until now, so each editor is granted `disclosure_officer`.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum UserDepartments {
    Table,
    UserId,
    DepartmentId,
    GrantedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string_null(Users::Email))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(timestamp_with_time_zone_null(Users::DisabledAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UserDepartments::Table)
                .col(integer(UserDepartments::UserId))
                .col(integer(UserDepartments::DepartmentId))
                .col(timestamp_with_time_zone(UserDepartments::GrantedAt))
                .primary_key(
                    Index::create()
                        .col(UserDepartments::UserId)
                        .col(UserDepartments::DepartmentId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserDepartments::Table, UserDepartments::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserDepartments::Table, UserDepartments::DepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .to_owned(),
        )
        .await?;
        // Who handles for a department is asked per department (the handler's queue).
        m.create_index(
            Index::create()
                .name("idx_user_departments_department")
                .table(UserDepartments::Table)
                .col(UserDepartments::DepartmentId)
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO user_roles (user_id, role, granted_at) \
                 SELECT user_id, 'disclosure_officer', granted_at FROM user_roles r \
                 WHERE role = 'editor' AND NOT EXISTS (SELECT 1 FROM user_roles o \
                   WHERE o.user_id = r.user_id AND o.role = 'disclosure_officer')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "DELETE FROM user_roles WHERE role IN ('handler', 'supervisor', 'disclosure_officer')",
            )
            .await?;
        m.drop_table(Table::drop().table(UserDepartments::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::DisabledAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::Email)
                .to_owned(),
        )
        .await
    }
}

//! 网络问政 as an organisation: departments draft answers that the portal office reviews,
//! return wrong routings, ask for extensions; supervisors 督办; follow-ups get their own
//! due date; people are told through an outbox that a background worker delivers.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone)]
enum Questions {
    Table,
    Id,
    DraftBody,
    DraftedAt,
    DraftById,
    SendBackReason,
    ExtensionRequestDays,
    ExtensionRequestReason,
    ExtensionRequestedAt,
    FollowUpDue,
    FollowUpAnswer,
    FollowUpAnsweredAt,
    LastSupervisedAt,
    DepartmentId,
    Status,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Notify,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum QuestionReturns {
    Table,
    Id,
    QuestionId,
    DepartmentId,
    Reason,
    ById,
    At,
}

#[derive(DeriveIden)]
enum QuestionSupervisions {
    Table,
    Id,
    QuestionId,
    DepartmentId,
    Note,
    ById,
    By,
    At,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Channel,
    Recipient,
    Subject,
    Body,
    Link,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedBy,
    ClaimedUntil,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum DailyRuns {
    Table,
    Job,
    Day,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use Questions as Q;
        // SQLite adds one column per ALTER TABLE.
        let cols = [
            text_null(Q::DraftBody),
            timestamp_with_time_zone_null(Q::DraftedAt),
            integer_null(Q::DraftById),
            text_null(Q::SendBackReason),
            integer_null(Q::ExtensionRequestDays),
            text_null(Q::ExtensionRequestReason),
            timestamp_with_time_zone_null(Q::ExtensionRequestedAt),
            date_null(Q::FollowUpDue),
            text_null(Q::FollowUpAnswer),
            timestamp_with_time_zone_null(Q::FollowUpAnsweredAt),
            timestamp_with_time_zone_null(Q::LastSupervisedAt),
        ];
        for mut c in cols {
            m.alter_table(Table::alter().table(Q::Table).add_column(&mut c).to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(boolean(Users::Notify).default(true))
                .to_owned(),
        )
        .await?;
        // The handlers' queue: one department's open questions.
        m.create_index(
            Index::create()
                .name("idx_questions_department_status")
                .table(Q::Table)
                .col(Q::DepartmentId)
                .col(Q::Status)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(QuestionReturns::Table)
                .col(pk_auto(QuestionReturns::Id))
                .col(integer(QuestionReturns::QuestionId))
                .col(integer(QuestionReturns::DepartmentId))
                .col(text(QuestionReturns::Reason))
                .col(integer_null(QuestionReturns::ById))
                .col(timestamp_with_time_zone(QuestionReturns::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(QuestionReturns::Table, QuestionReturns::QuestionId)
                        .to(Q::Table, Q::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(QuestionReturns::Table, QuestionReturns::DepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(QuestionReturns::Table, QuestionReturns::ById)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_question_returns_question")
                .table(QuestionReturns::Table)
                .col(QuestionReturns::QuestionId)
                .to_owned(),
        )
        .await?;
        // Returns are counted per department on the statistics page.
        m.create_index(
            Index::create()
                .name("idx_question_returns_department")
                .table(QuestionReturns::Table)
                .col(QuestionReturns::DepartmentId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(QuestionSupervisions::Table)
                .col(pk_auto(QuestionSupervisions::Id))
                .col(integer(QuestionSupervisions::QuestionId))
                .col(integer_null(QuestionSupervisions::DepartmentId))
                .col(text(QuestionSupervisions::Note))
                .col(integer_null(QuestionSupervisions::ById))
                .col(string_len(QuestionSupervisions::By, 60))
                .col(timestamp_with_time_zone(QuestionSupervisions::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            QuestionSupervisions::Table,
                            QuestionSupervisions::QuestionId,
                        )
                        .to(Q::Table, Q::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            QuestionSupervisions::Table,
                            QuestionSupervisions::DepartmentId,
                        )
                        .to(Departments::Table, Departments::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(QuestionSupervisions::Table, QuestionSupervisions::ById)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_question_supervisions_question")
                .table(QuestionSupervisions::Table)
                .col(QuestionSupervisions::QuestionId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_question_supervisions_department")
                .table(QuestionSupervisions::Table)
                .col(QuestionSupervisions::DepartmentId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(pk_auto(Outbox::Id))
                .col(string_len(Outbox::Channel, 8))
                .col(string_len(Outbox::Recipient, 120))
                .col(string_len(Outbox::Subject, 200))
                .col(text(Outbox::Body))
                .col(string_len_null(Outbox::Link, 200))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(integer(Outbox::Attempts).default(0))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(string_len_null(Outbox::ClaimedBy, 64))
                .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .col(text_null(Outbox::LastError))
                .to_owned(),
        )
        .await?;
        // The worker asks for unsent messages that are due.
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(Outbox::Table)
                .col(Outbox::SentAt)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;

        // A daily job (the supervisors' summary) runs once a day across all instances:
        // the instance whose INSERT wins runs it.
        m.create_table(
            Table::create()
                .table(DailyRuns::Table)
                .col(string_len(DailyRuns::Job, 40))
                .col(date(DailyRuns::Day))
                .col(timestamp_with_time_zone(DailyRuns::At))
                .primary_key(Index::create().col(DailyRuns::Job).col(DailyRuns::Day))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            DailyRuns::Table.into_iden(),
            Outbox::Table.into_iden(),
            QuestionSupervisions::Table.into_iden(),
            QuestionReturns::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_questions_department_status")
                .table(Questions::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::Notify)
                .to_owned(),
        )
        .await?;
        use Questions as Q;
        for c in [
            Q::DraftBody,
            Q::DraftedAt,
            Q::DraftById,
            Q::SendBackReason,
            Q::ExtensionRequestDays,
            Q::ExtensionRequestReason,
            Q::ExtensionRequestedAt,
            Q::FollowUpDue,
            Q::FollowUpAnswer,
            Q::FollowUpAnsweredAt,
            Q::LastSupervisedAt,
        ] {
            m.alter_table(Table::alter().table(Q::Table).drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}

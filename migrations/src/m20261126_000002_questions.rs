//! 网络问政: questions, their append-only history, internal notes and the admin-configured
//! time limits. Indexes serve the public list (published, newest first, by department or
//! kind), the moderation queue (status, overdue card) and the per-day tracking serial.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone)]
enum Questions {
    Table,
    Id,
    TrackingNo,
    Kind,
    Title,
    Body,
    Status,
    IsPublic,
    Published,
    PublishedAt,
    DepartmentId,
    SubmitterId,
    ContactName,
    ContactPhone,
    ContactEmail,
    QueryCodeHash,
    SubmittedAt,
    AcceptedAt,
    DueDate,
    Extended,
    ExtensionReason,
    AnswerBody,
    AnsweredAt,
    AnswerDepartmentId,
    RejectReason,
    Overdue,
    Rating,
    RatedAt,
    FollowUp,
    FollowUpAt,
}

#[derive(DeriveIden)]
enum QuestionEvents {
    Table,
    Id,
    QuestionId,
    At,
    ActorId,
    Actor,
    Action,
    Detail,
}

#[derive(DeriveIden)]
enum QuestionNotes {
    Table,
    Id,
    QuestionId,
    At,
    AuthorId,
    Author,
    Body,
}

#[derive(DeriveIden)]
enum TimeLimits {
    Table,
    Name,
    WorkingDays,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn idx(name: &str, cols: &[Questions]) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(Questions::Table);
    for c in cols {
        i.col(c.clone());
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Questions::Table)
                .col(pk_auto(Questions::Id))
                .col(string_len_uniq(Questions::TrackingNo, 20))
                .col(string_len(Questions::Kind, 16))
                .col(string_len(Questions::Title, 200))
                .col(text(Questions::Body))
                .col(string_len(Questions::Status, 16))
                .col(boolean(Questions::IsPublic))
                .col(boolean(Questions::Published).default(false))
                .col(timestamp_with_time_zone_null(Questions::PublishedAt))
                .col(integer_null(Questions::DepartmentId))
                .col(integer_null(Questions::SubmitterId))
                .col(string_len_null(Questions::ContactName, 60))
                .col(string_len_null(Questions::ContactPhone, 40))
                .col(string_len_null(Questions::ContactEmail, 120))
                .col(string_len_null(Questions::QueryCodeHash, 64))
                .col(timestamp_with_time_zone(Questions::SubmittedAt))
                .col(timestamp_with_time_zone_null(Questions::AcceptedAt))
                .col(date_null(Questions::DueDate))
                .col(boolean(Questions::Extended).default(false))
                .col(text_null(Questions::ExtensionReason))
                .col(text_null(Questions::AnswerBody))
                .col(timestamp_with_time_zone_null(Questions::AnsweredAt))
                .col(integer_null(Questions::AnswerDepartmentId))
                .col(text_null(Questions::RejectReason))
                .col(string_len(Questions::Overdue, 8).default("none"))
                .col(string_len_null(Questions::Rating, 24))
                .col(timestamp_with_time_zone_null(Questions::RatedAt))
                .col(text_null(Questions::FollowUp))
                .col(timestamp_with_time_zone_null(Questions::FollowUpAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Questions::Table, Questions::DepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Questions::Table, Questions::AnswerDepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Questions::Table, Questions::SubmitterId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        {
            use Questions::*;
            for (name, cols) in [
                ("idx_questions_pub_submitted", vec![Published, SubmittedAt]),
                (
                    "idx_questions_pub_dept",
                    vec![Published, DepartmentId, SubmittedAt],
                ),
                ("idx_questions_pub_kind", vec![Published, Kind, SubmittedAt]),
                ("idx_questions_status_due", vec![Status, DueDate]),
                ("idx_questions_overdue", vec![Overdue, Status]),
                ("idx_questions_submitter", vec![SubmitterId, SubmittedAt]),
                ("idx_questions_submitted", vec![SubmittedAt]),
            ] {
                m.create_index(idx(name, &cols)).await?;
            }
        }

        m.create_table(
            Table::create()
                .table(QuestionEvents::Table)
                .col(pk_auto(QuestionEvents::Id))
                .col(integer(QuestionEvents::QuestionId))
                .col(timestamp_with_time_zone(QuestionEvents::At))
                .col(integer_null(QuestionEvents::ActorId))
                .col(string_len(QuestionEvents::Actor, 60))
                .col(string_len(QuestionEvents::Action, 24))
                .col(text(QuestionEvents::Detail))
                .foreign_key(
                    ForeignKey::create()
                        .from(QuestionEvents::Table, QuestionEvents::QuestionId)
                        .to(Questions::Table, Questions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_question_events_question")
                .table(QuestionEvents::Table)
                .col(QuestionEvents::QuestionId)
                .col(QuestionEvents::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(QuestionNotes::Table)
                .col(pk_auto(QuestionNotes::Id))
                .col(integer(QuestionNotes::QuestionId))
                .col(timestamp_with_time_zone(QuestionNotes::At))
                .col(integer_null(QuestionNotes::AuthorId))
                .col(string_len(QuestionNotes::Author, 60))
                .col(text(QuestionNotes::Body))
                .foreign_key(
                    ForeignKey::create()
                        .from(QuestionNotes::Table, QuestionNotes::QuestionId)
                        .to(Questions::Table, Questions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_question_notes_question")
                .table(QuestionNotes::Table)
                .col(QuestionNotes::QuestionId)
                .col(QuestionNotes::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TimeLimits::Table)
                .col(string_len(TimeLimits::Name, 24).primary_key())
                .col(integer(TimeLimits::WorkingDays))
                .col(timestamp_with_time_zone(TimeLimits::UpdatedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            TimeLimits::Table.into_iden(),
            QuestionNotes::Table.into_iden(),
            QuestionEvents::Table.into_iden(),
            Questions::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

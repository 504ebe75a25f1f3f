//! Online interviews (在线访谈): the interview and its guests, netizen questions and votes,
//! and the event log that is both the live stream and the transcript (实录).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Interviews {
    Table,
    Id,
    Title,
    Summary,
    DepartmentId,
    ScheduledAt,
    DurationMinutes,
    Stage,
    Background,
    /// Last public event number: events are numbered 1, 2, 3… per interview, gap-free.
    LastSeq,
    /// Rehearsal events are numbered apart, so the public numbering never has holes.
    LastRehearsalSeq,
    PinnedSeq,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InterviewGuests {
    Table,
    Id,
    InterviewId,
    Name,
    Title,
    SortOrder,
}

#[derive(DeriveIden)]
enum InterviewQuestions {
    Table,
    Id,
    InterviewId,
    Body,
    Nickname,
    Status,
    Votes,
    AuthorKey,
    DraftAnswer,
    AnsweredSeq,
    ForwardedTrackingNo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InterviewVotes {
    Table,
    QuestionId,
    VoterKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InterviewEvents {
    Table,
    Id,
    InterviewId,
    Seq,
    Rehearsal,
    Kind,
    Speaker,
    Body,
    QuestionId,
    Data,
    Hidden,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InterviewStageChanges {
    Table,
    Id,
    InterviewId,
    FromStage,
    ToStage,
    ActorId,
    At,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Interviews::Table)
                .col(pk_auto(Interviews::Id))
                .col(string(Interviews::Title))
                .col(text(Interviews::Summary))
                .col(integer_null(Interviews::DepartmentId))
                .col(timestamp_with_time_zone(Interviews::ScheduledAt))
                .col(integer(Interviews::DurationMinutes))
                .col(string(Interviews::Stage))
                .col(text(Interviews::Background).default(""))
                .col(integer(Interviews::LastSeq).default(0))
                .col(integer(Interviews::LastRehearsalSeq).default(0))
                .col(integer_null(Interviews::PinnedSeq))
                .col(integer(Interviews::CreatedBy))
                .col(timestamp_with_time_zone(Interviews::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_interviews_stage_scheduled")
                .table(Interviews::Table)
                .col(Interviews::Stage)
                .col(Interviews::ScheduledAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InterviewGuests::Table)
                .col(pk_auto(InterviewGuests::Id))
                .col(integer(InterviewGuests::InterviewId))
                .col(string(InterviewGuests::Name))
                .col(string(InterviewGuests::Title))
                .col(integer(InterviewGuests::SortOrder))
                .foreign_key(
                    ForeignKey::create()
                        .from(InterviewGuests::Table, InterviewGuests::InterviewId)
                        .to(Interviews::Table, Interviews::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InterviewQuestions::Table)
                .col(pk_auto(InterviewQuestions::Id))
                .col(integer(InterviewQuestions::InterviewId))
                .col(text(InterviewQuestions::Body))
                .col(string(InterviewQuestions::Nickname))
                .col(string(InterviewQuestions::Status))
                .col(integer(InterviewQuestions::Votes).default(0))
                .col(string(InterviewQuestions::AuthorKey))
                .col(text(InterviewQuestions::DraftAnswer).default(""))
                .col(integer_null(InterviewQuestions::AnsweredSeq))
                .col(string_null(InterviewQuestions::ForwardedTrackingNo))
                .col(timestamp_with_time_zone(InterviewQuestions::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(InterviewQuestions::Table, InterviewQuestions::InterviewId)
                        .to(Interviews::Table, Interviews::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_interview_questions_queue")
                .table(InterviewQuestions::Table)
                .col(InterviewQuestions::InterviewId)
                .col(InterviewQuestions::Status)
                .col(InterviewQuestions::Votes)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InterviewVotes::Table)
                .col(integer(InterviewVotes::QuestionId))
                .col(string(InterviewVotes::VoterKey))
                .col(timestamp_with_time_zone(InterviewVotes::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(InterviewVotes::QuestionId)
                        .col(InterviewVotes::VoterKey),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(InterviewVotes::Table, InterviewVotes::QuestionId)
                        .to(InterviewQuestions::Table, InterviewQuestions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InterviewEvents::Table)
                .col(pk_auto(InterviewEvents::Id))
                .col(integer(InterviewEvents::InterviewId))
                .col(integer(InterviewEvents::Seq))
                .col(boolean(InterviewEvents::Rehearsal))
                .col(string(InterviewEvents::Kind))
                .col(string(InterviewEvents::Speaker).default(""))
                .col(text(InterviewEvents::Body).default(""))
                .col(integer_null(InterviewEvents::QuestionId))
                .col(text(InterviewEvents::Data).default("{}"))
                .col(boolean(InterviewEvents::Hidden).default(false))
                .col(integer_null(InterviewEvents::CreatedBy))
                .col(timestamp_with_time_zone(InterviewEvents::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(InterviewEvents::Table, InterviewEvents::InterviewId)
                        .to(Interviews::Table, Interviews::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_interview_events_seq")
                .table(InterviewEvents::Table)
                .col(InterviewEvents::InterviewId)
                .col(InterviewEvents::Rehearsal)
                .col(InterviewEvents::Seq)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(InterviewStageChanges::Table)
                .col(pk_auto(InterviewStageChanges::Id))
                .col(integer(InterviewStageChanges::InterviewId))
                .col(string(InterviewStageChanges::FromStage))
                .col(string(InterviewStageChanges::ToStage))
                .col(integer(InterviewStageChanges::ActorId))
                .col(timestamp_with_time_zone(InterviewStageChanges::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            InterviewStageChanges::Table,
                            InterviewStageChanges::InterviewId,
                        )
                        .to(Interviews::Table, Interviews::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            InterviewStageChanges::Table.into_iden(),
            InterviewEvents::Table.into_iden(),
            InterviewVotes::Table.into_iden(),
            InterviewQuestions::Table.into_iden(),
            InterviewGuests::Table.into_iden(),
            Interviews::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

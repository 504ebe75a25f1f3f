//! The home page lists the latest published answers, newest answer first: without an index
//! that is a sort of every published question on each computation of the page.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Questions {
    Table,
    Published,
    AnsweredAt,
}

const NAME: &str = "idx_questions_published_answered_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(NAME)
                .table(Questions::Table)
                .col(Questions::Published)
                .col(Questions::AnsweredAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(NAME).table(Questions::Table).to_owned())
            .await
    }
}

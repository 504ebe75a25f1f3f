//! A published document is a record: a later change is a revision with a note, and the text
//! it replaced is kept, so that what was once published can always be shown again.
use crate::m20261205_000015_change_counter::{unwatch, watch};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DocumentRevisions {
    Table,
    Id,
    DocumentId,
    RevisedAt,
    Note,
    EditorId,
    TitleBefore,
    BodyBefore,
}

const TABLE: &str = "document_revisions";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DocumentRevisions::Table)
                .col(pk_auto(DocumentRevisions::Id))
                .col(integer(DocumentRevisions::DocumentId))
                .col(timestamp_with_time_zone(DocumentRevisions::RevisedAt))
                .col(string(DocumentRevisions::Note))
                .col(integer_null(DocumentRevisions::EditorId))
                .col(string(DocumentRevisions::TitleBefore))
                .col(text(DocumentRevisions::BodyBefore))
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentRevisions::Table, DocumentRevisions::DocumentId)
                        .to(Documents::Table, Documents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentRevisions::Table, DocumentRevisions::EditorId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_document_revisions_document")
                .table(DocumentRevisions::Table)
                .col(DocumentRevisions::DocumentId)
                .col(DocumentRevisions::Id)
                .to_owned(),
        )
        .await?;
        // The public page shows the 修订记录, so the page cache must see a new one.
        watch(m, TABLE).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        unwatch(m, TABLE).await?;
        m.drop_table(Table::drop().table(DocumentRevisions::Table).to_owned())
            .await
    }
}

//! Document attachments (附件): the files themselves live under the attachments directory
//! with generated names; this table holds what is known about each one.
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
enum DocumentAttachments {
    Table,
    Id,
    DocumentId,
    OriginalName,
    StoredName,
    MediaType,
    SizeBytes,
    Sha256,
    UploadedBy,
    UploadedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DocumentAttachments::Table)
                .col(pk_auto(DocumentAttachments::Id))
                .col(integer(DocumentAttachments::DocumentId))
                .col(string(DocumentAttachments::OriginalName))
                .col(string_uniq(DocumentAttachments::StoredName))
                .col(string(DocumentAttachments::MediaType))
                .col(big_integer(DocumentAttachments::SizeBytes))
                .col(string(DocumentAttachments::Sha256))
                .col(integer_null(DocumentAttachments::UploadedBy))
                .col(timestamp_with_time_zone(DocumentAttachments::UploadedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentAttachments::Table, DocumentAttachments::DocumentId)
                        .to(Documents::Table, Documents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentAttachments::Table, DocumentAttachments::UploadedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_document_attachments_document")
                .table(DocumentAttachments::Table)
                .col(DocumentAttachments::DocumentId)
                .col(DocumentAttachments::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DocumentAttachments::Table).to_owned())
            .await
    }
}

//! Art. 36 replies as the law writes them: the kind the officer chose (kept beside the
//! table-3 row it counts in, since several kinds share a row), the agency named when the
//! information is another agency's to disclose, and the files a 予以公开 reply carries.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DisclosureRequests {
    Table,
    Id,
    ReplyKind,
    OtherAgency,
    OtherAgencyContact,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DisclosureReplyFiles {
    Table,
    Id,
    RequestId,
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
        // One column per statement: SQLite adds them one at a time.
        for col in [
            string_len_null(DisclosureRequests::ReplyKind, 32),
            string_len_null(DisclosureRequests::OtherAgency, 100),
            string_len_null(DisclosureRequests::OtherAgencyContact, 200),
        ] {
            m.alter_table(
                Table::alter()
                    .table(DisclosureRequests::Table)
                    .add_column(col.to_owned())
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(DisclosureReplyFiles::Table)
                .col(pk_auto(DisclosureReplyFiles::Id))
                .col(integer(DisclosureReplyFiles::RequestId))
                .col(string(DisclosureReplyFiles::OriginalName))
                .col(string_uniq(DisclosureReplyFiles::StoredName))
                .col(string(DisclosureReplyFiles::MediaType))
                .col(big_integer(DisclosureReplyFiles::SizeBytes))
                .col(string(DisclosureReplyFiles::Sha256))
                .col(integer_null(DisclosureReplyFiles::UploadedBy))
                .col(timestamp_with_time_zone(DisclosureReplyFiles::UploadedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DisclosureReplyFiles::Table, DisclosureReplyFiles::RequestId)
                        .to(DisclosureRequests::Table, DisclosureRequests::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            DisclosureReplyFiles::Table,
                            DisclosureReplyFiles::UploadedBy,
                        )
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_disclosure_reply_files_request")
                .table(DisclosureReplyFiles::Table)
                .col(DisclosureReplyFiles::RequestId)
                .col(DisclosureReplyFiles::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DisclosureReplyFiles::Table).to_owned())
            .await?;
        for col in [
            DisclosureRequests::ReplyKind,
            DisclosureRequests::OtherAgency,
            DisclosureRequests::OtherAgencyContact,
        ] {
            m.alter_table(
                Table::alter()
                    .table(DisclosureRequests::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

//! Art. 32's consultation, completed: what the third party answered (agreed, objected, or
//! no answer in time) with its reasons, and, when the office discloses despite an
//! objection, the reason it gives, which goes in the written notice to the third party.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DisclosureRequests {
    Table,
    ConsultAnswer,
    ConsultNote,
    DiscloseReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds them one at a time.
        for col in [
            string_len_null(DisclosureRequests::ConsultAnswer, 16),
            text_null(DisclosureRequests::ConsultNote),
            text_null(DisclosureRequests::DiscloseReason),
        ] {
            m.alter_table(
                Table::alter()
                    .table(DisclosureRequests::Table)
                    .add_column(col.to_owned())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            DisclosureRequests::ConsultAnswer,
            DisclosureRequests::ConsultNote,
            DisclosureRequests::DiscloseReason,
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

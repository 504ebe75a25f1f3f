//! Applications received other than online (条例第三十一条): the channel each came by, and
//! what the national application form asks beyond a resident ID: the kind of identity
//! document, an organisation's representative and contact person, and how the answer is to
//! be delivered. Earlier rows all came online with the default document of their kind.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DisclosureRequests {
    Table,
    Channel,
    IdType,
    Representative,
    ContactPerson,
    Delivery,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds them one at a time.
        let mut channel = string_len(DisclosureRequests::Channel, 16);
        channel.default("online");
        for col in [
            channel,
            string_len_null(DisclosureRequests::IdType, 24),
            string_len_null(DisclosureRequests::Representative, 60),
            string_len_null(DisclosureRequests::ContactPerson, 60),
            string_len_null(DisclosureRequests::Delivery, 16),
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
            DisclosureRequests::Channel,
            DisclosureRequests::IdType,
            DisclosureRequests::Representative,
            DisclosureRequests::ContactPerson,
            DisclosureRequests::Delivery,
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

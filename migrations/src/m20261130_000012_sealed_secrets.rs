//! Secrets kept sealed. Applicants' ID numbers are kept sealed (AES-256-GCM under the server's key, which the
//! database never holds); the masked form every view shows is kept beside them, so that
//! listing applications never needs the key. The server seals rows kept in plain text
//! before this at its next start (the key is not the migrations' to know).
//! Accounts may add a second factor (TOTP): its secret, sealed the same way, and the last
//! time step used, so that no code signs in twice.
//! Also an index on `documents.updated_at`: the newest change is the version the cached
//! sitemap is checked against on every request.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DisclosureRequests {
    Table,
    IdNumberMasked,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    TotpSecret,
    TotpStep,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    UpdatedAt,
}

const UPDATED_INDEX: &str = "idx_documents_updated_at";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(DisclosureRequests::Table)
                .add_column(string_len_null(DisclosureRequests::IdNumberMasked, 32))
                .to_owned(),
        )
        .await?;
        for col in [
            string_null(Users::TotpSecret),
            big_integer_null(Users::TotpStep),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name(UPDATED_INDEX)
                .table(Documents::Table)
                .col(Documents::UpdatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(UPDATED_INDEX)
                .table(Documents::Table)
                .to_owned(),
        )
        .await?;
        for col in [Users::TotpSecret, Users::TotpStep] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(DisclosureRequests::Table)
                .drop_column(DisclosureRequests::IdNumberMasked)
                .to_owned(),
        )
        .await
    }
}

//! Applications' query codes are kept as SHA-256 hashes, as questions' are: the code
//! unlocks an applicant's request, so a copy of the database must not hand it out.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DisclosureRequests {
    Table,
    Id,
    QueryCode,
    QueryCodeHash,
}

/// The same hash as `app::questions::service::hash_code` (trimmed, upper-cased).
fn hash(code: &str) -> String {
    Sha256::digest(code.trim().to_ascii_uppercase().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(DisclosureRequests::Table)
                .rename_column(
                    DisclosureRequests::QueryCode,
                    DisclosureRequests::QueryCodeHash,
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let backend = m.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, query_code_hash FROM disclosure_requests",
            ))
            .await?;
        for r in rows {
            let id: i32 = r.try_get("", "id")?;
            let code: String = r.try_get("", "query_code_hash")?;
            let mut q = Query::update();
            q.table(DisclosureRequests::Table)
                .value(DisclosureRequests::QueryCodeHash, hash(&code))
                .and_where(Expr::col(DisclosureRequests::Id).eq(id));
            db.execute(&q).await?;
        }
        Ok(())
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        // A hash cannot be turned back into the code.
        Err(DbErr::Migration("不能还原已哈希的查询码".into()))
    }
}

//! The catalog's browse totals without counting rows, and indexes for the combined filters.
//!
//! - `document_tallies`: published documents per column, publishing body, year of
//!   publication, 主题分类 and 有效性, kept in step by every write that changes one of those
//!   (create, edit, publish, validity). A browse total is then a sum over a few thousand
//!   rows, not a count over 200,000 documents; filled here from the documents already there.
//! - Column + year and publisher + year: the single-column indexes walked every document of
//!   a column to find one year's.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Fills the empty tallies from the documents; also what `gongkai reindex` runs after
/// emptying them, so the two counts cannot drift apart.
pub const COUNT_DOCUMENT_TALLIES: &str = "INSERT INTO document_tallies \
       (column_id, publisher_id, pub_year, subject, validity, published) \
     SELECT column_id, publisher_id, pub_year, subject, validity, COUNT(*) \
     FROM documents WHERE status = 'published' AND pub_year IS NOT NULL \
     GROUP BY column_id, publisher_id, pub_year, subject, validity";

#[derive(DeriveIden)]
enum DocumentTallies {
    Table,
    ColumnId,
    PublisherId,
    PubYear,
    Subject,
    Validity,
    Published,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    ColumnId,
    PublisherId,
    PubYear,
    Status,
    PublishedOn,
}

const INDEXES: [(&str, Documents); 2] = [
    ("idx_documents_column_year", Documents::ColumnId),
    ("idx_documents_publisher_year", Documents::PublisherId),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DocumentTallies::Table)
                .col(integer(DocumentTallies::ColumnId))
                .col(integer(DocumentTallies::PublisherId))
                .col(integer(DocumentTallies::PubYear))
                .col(string(DocumentTallies::Subject))
                .col(string_len(DocumentTallies::Validity, 16))
                .col(big_integer(DocumentTallies::Published).default(0))
                .primary_key(
                    Index::create()
                        .col(DocumentTallies::ColumnId)
                        .col(DocumentTallies::PublisherId)
                        .col(DocumentTallies::PubYear)
                        .col(DocumentTallies::Subject)
                        .col(DocumentTallies::Validity),
                )
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(COUNT_DOCUMENT_TALLIES)
            .await?;
        for (name, first) in INDEXES {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Documents::Table)
                    .col(first)
                    .col(Documents::PubYear)
                    .col(Documents::Status)
                    .col(Documents::PublishedOn)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(Documents::Table).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(DocumentTallies::Table).to_owned())
            .await?;
        Ok(())
    }
}

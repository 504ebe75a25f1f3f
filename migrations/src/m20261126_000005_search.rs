//! Search and counts that stay fast at a million rows.
//!
//! - `question_search`, `document_search`: the databases' own inverted indexes over bigram
//!   terms (FTS5 on SQLite, `tsvector` + GIN on PostgreSQL), replacing the term table
//!   `document_terms`, which grew by a row per distinct term per document: hundreds of
//!   millions of rows at the catalog's target size. The application fills them (it owns the
//!   tokenizer) and rebuilds them at start when they are empty but the data is not.
//! - `question_tallies`: published questions per kind, department and month, kept in step
//!   by publish/unpublish, so the public list's total is a sum over a few hundred rows
//!   rather than a count over a million.
//! - An index for the public list filtered by department and kind together: with the
//!   two-column indexes alone a rare combination scanned every row of one of them.
use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum QuestionTallies {
    Table,
    Kind,
    DepartmentId,
    Month,
    Published,
}

#[derive(DeriveIden)]
enum Questions {
    Table,
    Published,
    DepartmentId,
    Kind,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum DocumentTerms {
    Table,
}

const INDEXES: [(&str, &str); 2] = [
    ("question_search", "questions"),
    ("document_search", "documents"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (table, source) in INDEXES {
            let sql = match m.get_database_backend() {
                DbBackend::Postgres => format!(
                    "CREATE TABLE {table} (\
                       rowid integer PRIMARY KEY REFERENCES {source} (id) ON DELETE CASCADE, \
                       title tsvector NOT NULL, terms tsvector NOT NULL); \
                     CREATE INDEX idx_{table}_title ON {table} USING gin (title); \
                     CREATE INDEX idx_{table}_terms ON {table} USING gin (terms);"
                ),
                // Contentless: the terms are not stored twice; rows can still be deleted.
                _ => format!(
                    "CREATE VIRTUAL TABLE {table} USING fts5(title, body, content='', \
                     contentless_delete=1, tokenize='unicode61 remove_diacritics 0')"
                ),
            };
            db.execute_unprepared(&sql).await?;
        }
        m.drop_table(Table::drop().table(DocumentTerms::Table).to_owned())
            .await?;
        m.create_index(
            Index::create()
                .name("idx_questions_pub_dept_kind")
                .table(Questions::Table)
                .col(Questions::Published)
                .col(Questions::DepartmentId)
                .col(Questions::Kind)
                .col(Questions::SubmittedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(QuestionTallies::Table)
                .col(string_len(QuestionTallies::Kind, 16))
                // 0 stands for "no department" so the key has no NULL in it.
                .col(integer(QuestionTallies::DepartmentId))
                .col(string_len(QuestionTallies::Month, 7))
                .col(big_integer(QuestionTallies::Published).default(0))
                .primary_key(
                    Index::create()
                        .col(QuestionTallies::Kind)
                        .col(QuestionTallies::DepartmentId)
                        .col(QuestionTallies::Month),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_questions_pub_dept_kind")
                .table(Questions::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(QuestionTallies::Table).to_owned())
            .await?;
        for (table, _) in INDEXES {
            m.get_connection()
                .execute_unprepared(&format!("DROP TABLE {table}"))
                .await?;
        }
        Ok(())
    }
}

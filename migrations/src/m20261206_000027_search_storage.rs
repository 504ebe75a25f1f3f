//! PostgreSQL's search tables, stored and described so that a search at 200,000 documents
//! costs what it costs at 1,000.
//!
//! - `terms` (a document's title and body terms, about 2.7 KB) was moved out of line into
//!   the TOAST table, so each row a search walks newest-first (how a common word's first
//!   page is found: a few hundred rows, whatever the table's size) cost a TOAST lookup:
//!   about 140 µs a row, 15 ms for a page of 医保. Kept in the row and compressed with lz4
//!   it costs about 11 µs.
//! - With the default statistics the planner knew only the 800 most common terms and took
//!   any other for one row in 200, so for a rare word it walked the whole table
//!   newest-first instead of asking the GIN index (5.5 s for 罕见, 1 in 10,000, against
//!   0.8 ms by the index). Ten thousand tracked terms take rare words for rare.
//!
//! - A GIN index's pending list (new entries not yet merged, up to 4 MB) is read by every
//!   search: after the bench's load a 1-in-10,000 word took 2.3 ms instead of 0.2 ms. The
//!   catalog's documents come in at an editor's pace, so its indexes take each entry at
//!   once; questions arrive by the thousand a second, so theirs keep a short list (256 KB).
//!
//! Existing rows are rewritten under the new storage. SQLite's FTS5 tables need nothing.
use sea_orm_migration::{prelude::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["document_search", "question_search"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        for t in TABLES {
            db.execute_unprepared(&format!(
                "ALTER TABLE {t} ALTER COLUMN terms SET STORAGE MAIN, \
                   ALTER COLUMN terms SET STATISTICS 10000, \
                   ALTER COLUMN title SET STATISTICS 10000"
            ))
            .await?;
            // lz4 decompresses several times faster than pglz; a server built without it
            // (or before 14) keeps pglz, which still beats a TOAST lookup.
            db.execute_unprepared(&format!(
                "DO $$ BEGIN \
                   ALTER TABLE {t} ALTER COLUMN terms SET COMPRESSION lz4; \
                 EXCEPTION WHEN OTHERS THEN NULL; END $$"
            ))
            .await?;
            // A new value is stored by the new rules (an unchanged one would keep its
            // TOAST pointer).
            db.execute_unprepared(&format!(
                "UPDATE {t} SET terms = terms || ''::tsvector; ANALYZE {t}"
            ))
            .await?;
            let pending = match t {
                "document_search" => "fastupdate = off",
                _ => "gin_pending_list_limit = 256",
            };
            for column in ["title", "terms"] {
                db.execute_unprepared(&format!(
                    "ALTER INDEX idx_{t}_{column} SET ({pending}); \
                     SELECT gin_clean_pending_list('idx_{t}_{column}'::regclass)"
                ))
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        for t in TABLES {
            m.get_connection()
                .execute_unprepared(&format!(
                    "ALTER TABLE {t} ALTER COLUMN terms SET STORAGE EXTENDED, \
                       ALTER COLUMN terms SET STATISTICS -1, \
                       ALTER COLUMN title SET STATISTICS -1; \
                     ALTER INDEX idx_{t}_title RESET (fastupdate, gin_pending_list_limit); \
                     ALTER INDEX idx_{t}_terms RESET (fastupdate, gin_pending_list_limit)"
                ))
                .await?;
        }
        Ok(())
    }
}

//! A report per department (国办公开办函〔2021〕30号: every agency publishes its own): an
//! application names the department that handles it (承办部门), and the annual report's
//! written sections, snapshot and staff figures are kept per report scope: `scope` 0 is the
//! district's own report, any other value the id of the department whose report it is.
//! `scope` is a plain key rather than a nullable department id because both databases treat
//! NULLs in a primary key or unique index as distinct, and a report must be unique.
//!
//! SQLite cannot change a primary key, so both tables are rebuilt and their rows copied
//! into the district's scope.
use crate::m20261205_000015_change_counter::{unwatch, watch};
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AnnualReportsNext {
    Table,
    Year,
    Scope,
    Overview,
    Problems,
    OtherMatters,
    UpdatedAt,
    PublishedAt,
    PublishedBy,
    Snapshot,
    DocumentId,
}

#[derive(DeriveIden)]
enum ReportFiguresNext {
    Table,
    Year,
    Scope,
    Key,
    Value,
}

const REPORTS: &str = "annual_reports";
const FIGURES: &str = "report_figures";
const REPORT_COLUMNS: &str =
    "year, overview, problems, other_matters, updated_at, published_at, published_by, snapshot, document_id";

fn reports_table(with_scope: bool) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(AnnualReportsNext::Table)
        .col(integer(AnnualReportsNext::Year));
    if with_scope {
        t.col(integer(AnnualReportsNext::Scope).default(0));
    }
    t.col(text(AnnualReportsNext::Overview))
        .col(text(AnnualReportsNext::Problems))
        .col(text(AnnualReportsNext::OtherMatters))
        .col(timestamp_with_time_zone(AnnualReportsNext::UpdatedAt))
        .col(timestamp_with_time_zone_null(
            AnnualReportsNext::PublishedAt,
        ))
        .col(integer_null(AnnualReportsNext::PublishedBy))
        .col(text_null(AnnualReportsNext::Snapshot))
        .col(integer_null(AnnualReportsNext::DocumentId))
        .foreign_key(
            ForeignKey::create()
                .from(AnnualReportsNext::Table, AnnualReportsNext::PublishedBy)
                .to(Users::Table, Users::Id)
                .on_delete(ForeignKeyAction::SetNull),
        );
    let mut pk = Index::create();
    pk.col(AnnualReportsNext::Year);
    if with_scope {
        pk.col(AnnualReportsNext::Scope);
    }
    t.primary_key(&mut pk);
    t.to_owned()
}

fn figures_table(with_scope: bool) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(ReportFiguresNext::Table)
        .col(integer(ReportFiguresNext::Year));
    if with_scope {
        t.col(integer(ReportFiguresNext::Scope).default(0));
    }
    t.col(string(ReportFiguresNext::Key))
        .col(string(ReportFiguresNext::Value));
    let mut pk = Index::create();
    pk.col(ReportFiguresNext::Year);
    if with_scope {
        pk.col(ReportFiguresNext::Scope);
    }
    pk.col(ReportFiguresNext::Key);
    t.primary_key(&mut pk);
    t.to_owned()
}

/// Replaces `table` by `next` (created as `<table>_next`), copying `columns` and, going
/// back, only the district's rows.
async fn rebuild(
    m: &SchemaManager<'_>,
    table: &str,
    next: TableCreateStatement,
    columns: &str,
    only_district: bool,
) -> Result<(), DbErr> {
    let db = m.get_connection();
    m.create_table(next).await?;
    let filter = if only_district {
        " WHERE scope = 0"
    } else {
        ""
    };
    db.execute_unprepared(&format!(
        "INSERT INTO {table}_next ({columns}) SELECT {columns} FROM {table}{filter}"
    ))
    .await?;
    unwatch(m, table).await?;
    m.drop_table(Table::drop().table(Alias::new(table)).to_owned())
        .await?;
    m.rename_table(
        Table::rename()
            .table(Alias::new(format!("{table}_next")), Alias::new(table))
            .to_owned(),
    )
    .await?;
    // The public report pages are cached like every anonymous page.
    watch(m, table).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        // Plain SQL: sea-query cannot add a foreign key to an existing SQLite table, and
        // both databases accept a REFERENCES clause on a nullable added column.
        db.execute_unprepared(
            "ALTER TABLE disclosure_requests ADD COLUMN department_id INTEGER NULL REFERENCES departments(id)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_disclosure_requests_department ON disclosure_requests (department_id)",
        )
        .await?;
        rebuild(m, REPORTS, reports_table(true), REPORT_COLUMNS, false).await?;
        rebuild(m, FIGURES, figures_table(true), "year, key, value", false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        rebuild(m, FIGURES, figures_table(false), "year, key, value", true).await?;
        rebuild(m, REPORTS, reports_table(false), REPORT_COLUMNS, true).await?;
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX idx_disclosure_requests_department")
            .await?;
        // SQLite refuses to drop a column with a foreign key: there the (unused) column stays.
        if m.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Sqlite {
            db.execute_unprepared("ALTER TABLE disclosure_requests DROP COLUMN department_id")
                .await?;
        }
        Ok(())
    }
}

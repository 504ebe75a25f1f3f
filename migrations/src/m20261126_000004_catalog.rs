//! The disclosure catalog (columns, documents, their search terms, 索引号 counters), applications
//! for disclosure (依申请公开) and the staff-entered figures of the annual report.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PublishingBodies {
    Table,
    DepartmentId,
    OrgCode,
    IndexPattern,
}

#[derive(DeriveIden)]
enum CatalogColumns {
    Table,
    Id,
    Slug,
    Name,
    SortOrder,
    Active,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    IndexNo,
    ColumnId,
    PublisherId,
    Title,
    Body,
    Subject,
    Keywords,
    DocNo,
    WrittenOn,
    PublishedOn,
    PubYear,
    Status,
    Validity,
    ValidityChangedOn,
    ReplacedBy,
    InterpretationId,
    CreatedOn,
    PublishLag,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DocumentTerms {
    Table,
    Term,
    DocumentId,
    TitleTf,
    BodyTf,
}

#[derive(DeriveIden)]
enum IndexCounters {
    Table,
    DepartmentId,
    Year,
    NextSerial,
}

#[derive(DeriveIden)]
enum DisclosureRequests {
    Table,
    Id,
    TrackingNo,
    QueryCode,
    ApplicantType,
    ApplicantName,
    IdNumber,
    Phone,
    Email,
    Address,
    Description,
    Form,
    Status,
    ReceivedOn,
    CorrectionRequestedOn,
    CorrectionNote,
    CorrectedOn,
    ConsultStartedOn,
    ConsultEndedOn,
    ConsultThirdParty,
    ExtensionDays,
    ExtensionApprover,
    Outcome,
    OutcomeReason,
    ReplyBody,
    RepliedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReportFigures {
    Table,
    Year,
    Key,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PublishingBodies::Table)
                .col(integer(PublishingBodies::DepartmentId).primary_key())
                .col(string(PublishingBodies::OrgCode))
                .col(string(PublishingBodies::IndexPattern))
                .foreign_key(
                    ForeignKey::create()
                        .from(PublishingBodies::Table, PublishingBodies::DepartmentId)
                        .to(Departments::Table, Departments::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CatalogColumns::Table)
                .col(pk_auto(CatalogColumns::Id))
                .col(string_uniq(CatalogColumns::Slug))
                .col(string_uniq(CatalogColumns::Name))
                .col(integer(CatalogColumns::SortOrder).default(0))
                .col(boolean(CatalogColumns::Active).default(true))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Documents::Table)
                .col(pk_auto(Documents::Id))
                .col(string_uniq(Documents::IndexNo))
                .col(integer(Documents::ColumnId))
                .col(integer(Documents::PublisherId))
                .col(string(Documents::Title))
                .col(text(Documents::Body))
                .col(string(Documents::Subject))
                .col(string(Documents::Keywords))
                .col(string_null(Documents::DocNo))
                .col(date(Documents::WrittenOn))
                .col(date_null(Documents::PublishedOn))
                .col(integer_null(Documents::PubYear))
                .col(string(Documents::Status))
                .col(string(Documents::Validity))
                .col(date_null(Documents::ValidityChangedOn))
                .col(integer_null(Documents::ReplacedBy))
                .col(integer_null(Documents::InterpretationId))
                .col(date(Documents::CreatedOn))
                .col(integer_null(Documents::PublishLag))
                .col(timestamp_with_time_zone(Documents::CreatedAt))
                .col(timestamp_with_time_zone(Documents::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Documents::Table, Documents::ColumnId)
                        .to(CatalogColumns::Table, CatalogColumns::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Documents::Table, Documents::PublisherId)
                        .to(Departments::Table, Departments::Id),
                )
                .to_owned(),
        )
        .await?;
        // Browse paths: every public list filters on status and sorts by publication date, so
        // each filter gets an index that ends in that order (no full scans at 200,000 rows).
        for (name, cols) in [
            (
                "idx_documents_status_published",
                vec![Documents::Status, Documents::PublishedOn, Documents::Id],
            ),
            (
                "idx_documents_column",
                vec![
                    Documents::ColumnId,
                    Documents::Status,
                    Documents::PublishedOn,
                ],
            ),
            (
                "idx_documents_publisher",
                vec![
                    Documents::PublisherId,
                    Documents::Status,
                    Documents::PublishedOn,
                ],
            ),
            (
                "idx_documents_year",
                vec![
                    Documents::PubYear,
                    Documents::Status,
                    Documents::PublishedOn,
                ],
            ),
            ("idx_documents_lag", vec![Documents::PublishLag]),
            (
                "idx_documents_validity",
                vec![
                    Documents::Validity,
                    Documents::Status,
                    Documents::PublishedOn,
                ],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(Documents::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(DocumentTerms::Table)
                .col(string(DocumentTerms::Term))
                .col(integer(DocumentTerms::DocumentId))
                .col(integer(DocumentTerms::TitleTf))
                .col(integer(DocumentTerms::BodyTf))
                .primary_key(
                    Index::create()
                        .col(DocumentTerms::Term)
                        .col(DocumentTerms::DocumentId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentTerms::Table, DocumentTerms::DocumentId)
                        .to(Documents::Table, Documents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_document_terms_document")
                .table(DocumentTerms::Table)
                .col(DocumentTerms::DocumentId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IndexCounters::Table)
                .col(integer(IndexCounters::DepartmentId))
                .col(integer(IndexCounters::Year))
                .col(integer(IndexCounters::NextSerial))
                .primary_key(
                    Index::create()
                        .col(IndexCounters::DepartmentId)
                        .col(IndexCounters::Year),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DisclosureRequests::Table)
                .col(pk_auto(DisclosureRequests::Id))
                .col(string_uniq(DisclosureRequests::TrackingNo))
                .col(string(DisclosureRequests::QueryCode))
                .col(string(DisclosureRequests::ApplicantType))
                .col(string(DisclosureRequests::ApplicantName))
                .col(string(DisclosureRequests::IdNumber))
                .col(string_null(DisclosureRequests::Phone))
                .col(string_null(DisclosureRequests::Email))
                .col(string_null(DisclosureRequests::Address))
                .col(text(DisclosureRequests::Description))
                .col(string(DisclosureRequests::Form))
                .col(string(DisclosureRequests::Status))
                .col(date(DisclosureRequests::ReceivedOn))
                .col(date_null(DisclosureRequests::CorrectionRequestedOn))
                .col(text_null(DisclosureRequests::CorrectionNote))
                .col(date_null(DisclosureRequests::CorrectedOn))
                .col(date_null(DisclosureRequests::ConsultStartedOn))
                .col(date_null(DisclosureRequests::ConsultEndedOn))
                .col(string_null(DisclosureRequests::ConsultThirdParty))
                .col(integer_null(DisclosureRequests::ExtensionDays))
                .col(string_null(DisclosureRequests::ExtensionApprover))
                .col(string_null(DisclosureRequests::Outcome))
                .col(string_null(DisclosureRequests::OutcomeReason))
                .col(text_null(DisclosureRequests::ReplyBody))
                .col(date_null(DisclosureRequests::RepliedOn))
                .col(timestamp_with_time_zone(DisclosureRequests::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_disclosure_requests_received")
                .table(DisclosureRequests::Table)
                .col(DisclosureRequests::ReceivedOn)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_disclosure_requests_status")
                .table(DisclosureRequests::Table)
                .col(DisclosureRequests::Status)
                .col(DisclosureRequests::ReceivedOn)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReportFigures::Table)
                .col(integer(ReportFigures::Year))
                .col(string(ReportFigures::Key))
                .col(string(ReportFigures::Value))
                .primary_key(
                    Index::create()
                        .col(ReportFigures::Year)
                        .col(ReportFigures::Key),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            ReportFigures::Table.into_iden(),
            DisclosureRequests::Table.into_iden(),
            IndexCounters::Table.into_iden(),
            DocumentTerms::Table.into_iden(),
            Documents::Table.into_iden(),
            CatalogColumns::Table.into_iden(),
            PublishingBodies::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

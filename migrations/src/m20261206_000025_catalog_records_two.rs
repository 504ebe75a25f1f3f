//! The catalog's records, round two: a document's 内容概述; 主题分类 kept as data that admins
//! extend (seeded with the State Council's scheme); and a policy's several 解读 (text, 图解,
//! video link), which replace the single `interpretation_id` link.
use crate::m20261205_000015_change_counter::{unwatch, watch};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    Summary,
}

#[derive(DeriveIden)]
enum SubjectCategories {
    Table,
    Id,
    Name,
    SortOrder,
    Active,
}

#[derive(DeriveIden)]
enum DocumentInterpretations {
    Table,
    Id,
    PolicyId,
    Kind,
    DocumentId,
    Url,
    SortOrder,
}

/// 国务院公文主题分类's first level, as 政府信息公开目录 use it.
const STATE_COUNCIL_SUBJECTS: &[&str] = &[
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Documents::Table)
                .add_column(text_null(Documents::Summary))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SubjectCategories::Table)
                .col(pk_auto(SubjectCategories::Id))
                .col(string_uniq(SubjectCategories::Name))
                .col(integer(SubjectCategories::SortOrder))
                .col(boolean(SubjectCategories::Active))
                .to_owned(),
        )
        .await?;
        let mut insert = Query::insert()
            .into_table(SubjectCategories::Table)
            .columns([
                SubjectCategories::Name,
                SubjectCategories::SortOrder,
                SubjectCategories::Active,
            ])
            .to_owned();
        for (i, name) in STATE_COUNCIL_SUBJECTS.iter().enumerate() {
            insert.values_panic([(*name).into(), (i as i32).into(), true.into()]);
        }
        m.exec_stmt(insert).await?;
        m.create_table(
            Table::create()
                .table(DocumentInterpretations::Table)
                .col(pk_auto(DocumentInterpretations::Id))
                .col(integer(DocumentInterpretations::PolicyId))
                .col(string(DocumentInterpretations::Kind))
                .col(integer_null(DocumentInterpretations::DocumentId))
                .col(string_null(DocumentInterpretations::Url))
                .col(integer(DocumentInterpretations::SortOrder))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            DocumentInterpretations::Table,
                            DocumentInterpretations::PolicyId,
                        )
                        .to(Documents::Table, Documents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            DocumentInterpretations::Table,
                            DocumentInterpretations::DocumentId,
                        )
                        .to(Documents::Table, Documents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            (
                "idx_document_interpretations_policy",
                DocumentInterpretations::PolicyId,
            ),
            (
                "idx_document_interpretations_document",
                DocumentInterpretations::DocumentId,
            ),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(DocumentInterpretations::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        // The one link each policy had becomes its first text 解读.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO document_interpretations (policy_id, kind, document_id, url, sort_order) \
                 SELECT id, 'text', interpretation_id, NULL, 0 FROM documents \
                 WHERE interpretation_id IS NOT NULL",
            )
            .await?;
        // Both are shown on public pages: the page cache must see their changes.
        watch(m, "document_interpretations").await?;
        watch(m, "subject_categories").await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        unwatch(m, "subject_categories").await?;
        unwatch(m, "document_interpretations").await?;
        m.drop_table(
            Table::drop()
                .table(DocumentInterpretations::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(SubjectCategories::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Documents::Table)
                .drop_column(Documents::Summary)
                .to_owned(),
        )
        .await
    }
}

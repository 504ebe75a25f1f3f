use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub index_no: String,
    pub column_id: i32,
    pub publisher_id: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub subject: String,
    /// 主题词 joined by spaces.
    pub keywords: String,
    pub doc_no: Option<String>,
    pub written_on: Date,
    pub published_on: Option<Date>,
    /// The year of `published_on`, kept for the browse-by-year index.
    pub pub_year: Option<i32>,
    /// `draft` or `published`.
    pub status: String,
    pub validity: String,
    pub validity_changed_on: Option<Date>,
    pub replaced_by: Option<i32>,
    /// The first text 解读, kept for older readers; the full list is
    /// `document_interpretations`.
    pub interpretation_id: Option<i32>,
    /// The day the information was created, for the Art. 26 twenty-working-day check.
    pub created_on: Date,
    /// Working days from 成文日期 to publication, set when published (Art. 26 check).
    pub publish_lag: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// 内容概述: a short abstract of what the document says.
    #[sea_orm(column_type = "Text", nullable)]
    pub summary: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

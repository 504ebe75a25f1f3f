use sea_orm::entity::prelude::*;

/// A change to a published document: when, why (the editor's note), by whom, and the title
/// and body it replaced.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub document_id: i32,
    pub revised_at: DateTimeUtc,
    pub note: String,
    pub editor_id: Option<i32>,
    pub title_before: String,
    #[sea_orm(column_type = "Text")]
    pub body_before: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// One 解读 of a policy document: a text or 图解 document of the catalog (`document_id`),
/// or a video (`url`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_interpretations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub policy_id: i32,
    /// `text`, `graphic` or `video`.
    pub kind: String,
    pub document_id: Option<i32>,
    pub url: Option<String>,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

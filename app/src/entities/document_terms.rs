use sea_orm::entity::prelude::*;

/// The search index: one row per (term, document) with the term's counts in title and body.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_terms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub term: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub document_id: i32,
    pub title_tf: i32,
    pub body_tf: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

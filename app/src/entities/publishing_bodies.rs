use sea_orm::entity::prelude::*;

/// A department's identity as a publishing body: its organisation code and 索引号 pattern.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publishing_bodies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub department_id: i32,
    pub org_code: String,
    /// Placeholders `{org}`, `{year}`, `{serial}`.
    pub index_pattern: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

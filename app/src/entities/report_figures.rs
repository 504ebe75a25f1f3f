use sea_orm::entity::prelude::*;

/// Annual-report figures that staff enter (permits, penalties, review and litigation).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_figures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    /// Whose report: 0 the district's, otherwise a department's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub value: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

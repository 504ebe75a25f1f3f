use sea_orm::entity::prelude::*;

/// The next 索引号 serial per publishing body and year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "index_counters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub department_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub next_serial: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

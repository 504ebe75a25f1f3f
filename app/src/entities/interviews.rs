use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub department_id: Option<i32>,
    pub scheduled_at: DateTimeUtc,
    pub duration_minutes: i32,
    pub stage: String,
    #[sea_orm(column_type = "Text")]
    pub background: String,
    pub last_seq: i32,
    pub last_rehearsal_seq: i32,
    pub pinned_seq: Option<i32>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

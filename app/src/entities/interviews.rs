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
    /// Why it was announced outside the usual window or length, when it was.
    #[sea_orm(column_type = "Text", nullable)]
    pub schedule_override: Option<String>,
    /// `rescheduled` or `cancelled`, with the public notice and its day.
    pub notice_kind: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notice: Option<String>,
    pub notice_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// 督办: a supervisor's note pressing the department on a question.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "question_supervisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub question_id: i32,
    /// The department responsible when it was issued (counted per department).
    pub department_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub by_id: Option<i32>,
    pub by: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interview_votes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub question_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub voter_key: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

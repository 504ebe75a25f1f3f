use sea_orm::entity::prelude::*;

/// Every stage move, with who and when. Append-only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interview_stage_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub interview_id: i32,
    pub from_stage: String,
    pub to_stage: String,
    pub actor_id: i32,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

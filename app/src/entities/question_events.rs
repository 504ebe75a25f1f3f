use sea_orm::entity::prelude::*;

/// The history of a question: append-only, inserted by the service and never updated.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "question_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub question_id: i32,
    pub at: DateTimeUtc,
    pub actor_id: Option<i32>,
    /// The actor's display name at the time (kept even if the account changes).
    pub actor: String,
    pub action: String,
    #[sea_orm(column_type = "Text")]
    pub detail: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// Append-only: the services insert rows; triggers refuse UPDATE and DELETE.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    pub actor_id: Option<i32>,
    pub action: String,
    /// What the action was about, as `kind:id` (e.g. `user:7`, `question:Q2026...`).
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub detail: String,
    /// The client address, where a request caused it.
    pub ip: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

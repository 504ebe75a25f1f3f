use sea_orm::entity::prelude::*;

/// One entry of the live stream and the transcript. `seq` counts per interview, apart for
/// rehearsal entries, which never reach the public.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interview_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub interview_id: i32,
    pub seq: i32,
    pub rehearsal: bool,
    /// message | answer | stage | pin | edit
    pub kind: String,
    pub speaker: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub question_id: Option<i32>,
    /// Kind-specific extras as JSON (the question text of an answer, the new stage…).
    #[sea_orm(column_type = "Text")]
    pub data: String,
    pub hidden: bool,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

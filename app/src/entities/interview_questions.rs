use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "interview_questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub interview_id: i32,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub nickname: String,
    /// pending | accepted | dismissed | answered
    pub status: String,
    pub votes: i32,
    /// Who asked (`u:<user id>` or `s:<visitor id>`): lets the author see "待审核".
    pub author_key: String,
    #[sea_orm(column_type = "Text")]
    pub draft_answer: String,
    pub answered_seq: Option<i32>,
    /// The 网络问政 tracking number when an unanswered question was handed on.
    pub forwarded_tracking_no: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

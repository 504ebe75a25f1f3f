use sea_orm::entity::prelude::*;

/// A resident's request to delete their personal data (个人信息保护法 Art. 47): of their
/// account (`subject = account`, `user_id`) or of one question or application
/// (`tracking_no`, proven with its query code). Decided on the admins' desk within 15
/// working days of `received_on`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "personal_data_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `account`, `question` or `application`.
    pub subject: String,
    pub user_id: Option<i32>,
    pub tracking_no: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    /// Where the decision is sent, as known when the request came in.
    pub email: Option<String>,
    pub received_on: Date,
    pub due_on: Date,
    /// `pending`, `erased` or `refused`.
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision: Option<String>,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

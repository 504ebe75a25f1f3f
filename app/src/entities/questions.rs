use sea_orm::entity::prelude::*;

/// One question (留言). Contact fields and the query-code hash never leave the service
/// except to moderators; the public sees a masked view.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub tracking_no: String,
    pub kind: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub status: String,
    pub is_public: bool,
    pub published: bool,
    pub published_at: Option<DateTimeUtc>,
    pub department_id: Option<i32>,
    pub submitter_id: Option<i32>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub query_code_hash: Option<String>,
    pub submitted_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub due_date: Option<Date>,
    pub extended: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub extension_reason: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub answer_body: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    pub answer_department_id: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reject_reason: Option<String>,
    pub overdue: String,
    pub rating: Option<String>,
    pub rated_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub follow_up: Option<String>,
    pub follow_up_at: Option<DateTimeUtc>,
    /// The department's draft answer, waiting for the portal office's review.
    #[sea_orm(column_type = "Text", nullable)]
    pub draft_body: Option<String>,
    pub drafted_at: Option<DateTimeUtc>,
    pub draft_by_id: Option<i32>,
    /// Why the portal office sent the last draft back (重办).
    #[sea_orm(column_type = "Text", nullable)]
    pub send_back_reason: Option<String>,
    /// A handler's open request for more time, until a moderator decides it.
    pub extension_request_days: Option<i32>,
    #[sea_orm(column_type = "Text", nullable)]
    pub extension_request_reason: Option<String>,
    pub extension_requested_at: Option<DateTimeUtc>,
    /// A follow-up (追问) has its own due date; `overdue` then carries its card.
    pub follow_up_due: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub follow_up_answer: Option<String>,
    pub follow_up_answered_at: Option<DateTimeUtc>,
    /// The last 督办, which raises the question in the queues.
    pub last_supervised_at: Option<DateTimeUtc>,
    /// When the submitter consented to the 个人信息处理告知; null where none was recorded.
    pub consent_at: Option<DateTimeUtc>,
    /// When the contact details were erased (the retention period ran out, or the person
    /// asked); the question and its answer stay as the public record.
    pub contacts_erased_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::departments::Entity",
        from = "Column::DepartmentId",
        to = "super::departments::Column::Id"
    )]
    Department,
}

impl Related<super::departments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Department.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

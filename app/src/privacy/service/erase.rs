//! What erasing personal data does to a question and to an application, shared by the
//! retention sweep and the desk: contact details and ID numbers go; the item, its answer,
//! its history and everything the statistics count stay.
use crate::disclosure::types::{AppStatus, ApplicantType};
use crate::entities::{disclosure_requests as dr, questions};
use crate::error::AppError;
use crate::questions::types::Status;
use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

/// What stands where a natural person's name was.
pub const ERASED_NAME: &str = "（已删除）";

/// Questions that are done with: answered or not accepted, and no 追问 waiting.
pub fn closed_questions() -> Condition {
    Condition::all()
        .add(
            questions::Column::Status.is_in([Status::Answered.as_str(), Status::Rejected.as_str()]),
        )
        .add(
            Condition::any()
                .add(questions::Column::FollowUpDue.is_null())
                .add(questions::Column::FollowUpAnswer.is_not_null()),
        )
}

pub fn question_closed(m: &questions::Model) -> bool {
    (m.status == Status::Answered.as_str() || m.status == Status::Rejected.as_str())
        && (m.follow_up_due.is_none() || m.follow_up_answer.is_some())
}

pub fn application_closed(m: &dr::Model) -> bool {
    m.status == AppStatus::Replied.as_str()
}

/// Erases the contact details of the questions `filter` selects that still have some;
/// the number erased.
pub async fn questions_where(
    db: &impl ConnectionTrait,
    filter: Condition,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let res = questions::Entity::update_many()
        .col_expr(
            questions::Column::ContactName,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            questions::Column::ContactPhone,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            questions::Column::ContactEmail,
            Expr::value(Option::<String>::None),
        )
        .col_expr(questions::Column::ContactsErasedAt, Expr::value(Some(now)))
        .filter(filter)
        .filter(questions::Column::ContactsErasedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Erases the applicants' personal data of the applications `filter` selects that still
/// have it: a natural person's name, every ID number, contact person, representative and
/// contact detail. An organisation's name is not personal data and stays, and so does the
/// applicant type that table 3 counts. The number erased.
pub async fn applications_where(
    db: &impl ConnectionTrait,
    filter: Condition,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let update = || {
        dr::Entity::update_many()
            .col_expr(dr::Column::IdNumber, Expr::value(""))
            .col_expr(
                dr::Column::IdNumberMasked,
                Expr::value(Option::<String>::None),
            )
            .col_expr(dr::Column::Phone, Expr::value(Option::<String>::None))
            .col_expr(dr::Column::Email, Expr::value(Option::<String>::None))
            .col_expr(dr::Column::Address, Expr::value(Option::<String>::None))
            .col_expr(
                dr::Column::Representative,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                dr::Column::ContactPerson,
                Expr::value(Option::<String>::None),
            )
            .col_expr(dr::Column::PersonalDataErasedAt, Expr::value(Some(now)))
            .filter(filter.clone())
            .filter(dr::Column::PersonalDataErasedAt.is_null())
    };
    let people = update()
        .col_expr(dr::Column::ApplicantName, Expr::value(ERASED_NAME))
        .filter(dr::Column::ApplicantType.eq(ApplicantType::NaturalPerson.as_str()))
        .exec(db)
        .await?;
    let others = update().exec(db).await?;
    Ok(people.rows_affected + others.rows_affected)
}

//! What the submitter does after the answer: rate it once, or ask once more (追问, which
//! gets its own due date and is told to the department). The submitter is known by session
//! or by query code (checked within its guessing budget); anyone else gets 404.
use super::moderation::reload;
use super::{facts_of, find_by_no, kind_of, record_event, Viewer};
use crate::auth::caps::Caller;
use crate::calendar;
use crate::entities::questions;
use crate::error::AppError;
use crate::notify::tell;
use crate::notify::texts::ToHandlers;
use crate::questions::overdue::card;
use crate::questions::state::{apply, Action};
use crate::questions::types::{parse_text, Question, Rating, BODY_MAX};
use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait};

/// What the submitter does after the answer.
#[derive(Clone, Debug)]
pub enum Feedback {
    Rate(String),
    FollowUp(String),
}

/// The submitter (by session or query code) rates the answer or asks once more. Anyone
/// else gets 404, as if the question did not exist for them.
pub async fn feedback(
    db: &DatabaseConnection,
    secrets: &crate::platform::Secrets,
    caller: &Caller,
    no: &str,
    query_code: Option<&str>,
    fb: Feedback,
    today: NaiveDate,
) -> Result<Question, AppError> {
    // The code is checked (and a wrong one counted) before the transaction.
    let seen = find_by_no(db, no).await?;
    let code_ok = crate::platform::query_code::check(
        db,
        secrets,
        &seen.tracking_no,
        caller.ip,
        seen.query_code_hash.as_deref(),
        query_code,
    )
    .await?;
    let is_submitter = caller
        .user()
        .is_some_and(|u| seen.submitter_id == Some(u.id))
        || code_ok;
    if !is_submitter {
        return Err(AppError::NotFound);
    }
    let txn = db.begin().await?;
    let m = find_by_no(&txn, no).await?;
    let mut ch: questions::ActiveModel = Default::default();
    let (action, detail) = match fb {
        Feedback::Rate(raw) => {
            let r = Rating::parse(&raw).map_err(|e| AppError::invalid("rating", e))?;
            apply(facts_of(&m, today)?, Action::Rate).map_err(|e| AppError::Conflict(e.into()))?;
            ch.rating = Set(Some(r.as_str().into()));
            ch.rated_at = Set(Some(Utc::now()));
            (Action::Rate, format!("评价：{}", r.label()))
        }
        Feedback::FollowUp(raw) => {
            let body = parse_text(&raw, "追问内容", 2, BODY_MAX)
                .map_err(|e| AppError::invalid("body", e))?;
            apply(facts_of(&m, today)?, Action::FollowUp)
                .map_err(|e| AppError::Conflict(e.into()))?;
            // The follow-up gets its own due date (the kind's limit) and card.
            let limits = super::limits::load(&txn).await?;
            let cal = calendar::service::load(&txn).await?;
            let due = cal.add_working_days(today, limits.of(kind_of(&m)?));
            ch.follow_up = Set(Some(body.clone()));
            ch.follow_up_at = Set(Some(Utc::now()));
            ch.follow_up_due = Set(Some(due));
            ch.overdue = Set(card(&cal, today, due, limits.red_after).as_str().into());
            if let Some(dept) = m.department_id {
                tell::handlers(&txn, &m, dept, ToHandlers::FollowUp { due }).await?;
            }
            (Action::FollowUp, format!("追问：{body}"))
        }
    };
    // Guard on "not yet rated / not yet asked" so a double click cannot count twice.
    let mut upd = questions::Entity::update_many()
        .set(ch)
        .filter(questions::Column::Id.eq(m.id));
    upd = match action {
        Action::Rate => upd.filter(questions::Column::Rating.is_null()),
        _ => upd.filter(questions::Column::FollowUp.is_null()),
    };
    if upd.exec(&txn).await?.rows_affected != 1 {
        return Err(AppError::Conflict("已经提交过，不能重复提交".into()));
    }
    record_event(&txn, m.id, caller.user(), action.as_str(), detail).await?;
    let q = reload(&txn, m.id, Viewer::Submitter).await?;
    txn.commit().await?;
    Ok(q)
}

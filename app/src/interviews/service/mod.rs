//! The interview service: what the REST handlers and the server functions both call.
pub mod events;
pub mod forward;
pub mod manage;
pub mod messages;
pub mod notices;
pub mod questions;
pub mod search;

use super::types::{Guest, Interview, InterviewNotice, NoticeKind, Stage};
use crate::entities::{departments, interview_guests, interviews};
use crate::error::AppError;
use crate::platform::time::rfc3339;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub(crate) fn stage_of(m: &interviews::Model) -> Result<Stage, AppError> {
    Stage::parse(&m.stage).map_err(|e| {
        tracing::error!(interview = m.id, stage = %m.stage, "{e}");
        AppError::Internal
    })
}

/// Whether the interview was cancelled (it keeps its stage, with the notice beside it).
pub(crate) fn cancelled(m: &interviews::Model) -> bool {
    m.notice_kind.as_deref() == Some(NoticeKind::Cancelled.as_str())
}

/// Loads the interview row or 404.
pub(crate) async fn row(db: &impl ConnectionTrait, id: i32) -> Result<interviews::Model, AppError> {
    interviews::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The interview as the API shows it (guests and department in two queries).
pub(crate) async fn to_dto(
    db: &impl ConnectionTrait,
    m: interviews::Model,
) -> Result<Interview, AppError> {
    let guests = interview_guests::Entity::find()
        .filter(interview_guests::Column::InterviewId.eq(m.id))
        .order_by_asc(interview_guests::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|g| Guest {
            name: g.name,
            title: g.title,
        })
        .collect();
    let department = match m.department_id {
        Some(id) => departments::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|d| d.name),
        None => None,
    };
    Ok(Interview {
        id: m.id,
        stage: stage_of(&m)?,
        title: m.title,
        summary: m.summary,
        scheduled_at: rfc3339(m.scheduled_at),
        duration_minutes: m.duration_minutes,
        guests,
        department,
        last_event_id: m.last_seq,
        pinned_event_id: m.pinned_seq,
        notice: match (
            m.notice_kind.as_deref().and_then(NoticeKind::parse),
            m.notice,
            m.notice_on,
        ) {
            (Some(kind), Some(text), Some(on)) => Some(InterviewNotice { kind, text, on }),
            _ => None,
        },
        schedule_override: m.schedule_override,
    })
}

//! The 网络问政 service: the REST handlers and the server functions both call these, so the
//! rules hold whichever door a request comes through. Split by concern.
pub mod derived;
pub mod limits;
pub mod moderation;
pub mod overdue;
pub mod queries;
pub mod stats;
pub mod submit;

use super::mask::mask_personal;
use super::state::Facts;
use super::types::{Answer, DepartmentRef, Kind, Overdue, Question, Rating, Status};
use crate::auth::caps::{Caller, Handler, Moderator};
use crate::auth::User;
use crate::entities::{departments, question_events, questions};
use crate::error::AppError;
use crate::platform::{db::stored, query_code as codes, time::rfc3339};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;

/// Who is looking, which decides what they see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    /// Anyone: published questions only, personal data masked.
    Public,
    /// The submitter (session or query code): their own question, unmasked.
    Submitter,
    /// Moderators, admins and the handlers of the question's department: everything.
    Moderator,
}

/// How `caller` (or the holder of `query_code`) may see `m`; `None` means 404, so a
/// handler of another department learns nothing of an unpublished question.
pub fn viewer_of(
    m: &questions::Model,
    caller: &Caller,
    query_code: Option<&str>,
) -> Option<Viewer> {
    let handles = caller
        .may::<Handler>()
        .is_some_and(|h| h.covers(m.department_id));
    if handles || caller.may::<Moderator>().is_some() {
        return Some(Viewer::Moderator);
    }
    let user = caller.user();
    let own_session = user.is_some_and(|u| m.submitter_id == Some(u.id));
    let own_code = match (
        query_code.map(str::trim).filter(|c| !c.is_empty()),
        &m.query_code_hash,
    ) {
        (Some(code), Some(hash)) => codes::matches(hash, code),
        _ => false,
    };
    if own_session || own_code {
        Some(Viewer::Submitter)
    } else if m.published {
        Some(Viewer::Public)
    } else {
        None
    }
}

pub(crate) fn kind_of(m: &questions::Model) -> Result<Kind, AppError> {
    stored(Kind::parse(&m.kind), "questions", m.id, &m.kind)
}

pub(crate) fn status_of(m: &questions::Model) -> Result<Status, AppError> {
    stored(Status::parse(&m.status), "questions", m.id, &m.status)
}

pub(crate) fn facts_of(m: &questions::Model) -> Result<Facts, AppError> {
    Ok(Facts {
        status: status_of(m)?,
        is_public: m.is_public,
        published: m.published,
        extended: m.extended,
        rated: m.rating.is_some(),
        followed_up: m.follow_up.is_some(),
    })
}

/// Names of the departments that `rows` mention, in one query (no N+1).
pub async fn department_names(
    db: &impl ConnectionTrait,
    rows: &[questions::Model],
) -> Result<HashMap<i32, String>, AppError> {
    let mut ids: Vec<i32> = rows
        .iter()
        .flat_map(|m| [m.department_id, m.answer_department_id])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(departments::Entity::find()
        .filter(departments::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}

/// The API's `Question`; the public view masks personal data in the text.
pub fn to_question(
    m: &questions::Model,
    names: &HashMap<i32, String>,
    viewer: Viewer,
) -> Result<Question, AppError> {
    let text = |s: &str| match viewer {
        Viewer::Public => mask_personal(s),
        _ => s.to_string(),
    };
    let dept_name = |id: Option<i32>| id.and_then(|id| names.get(&id).cloned());
    let answer = match (&m.answer_body, m.answered_at) {
        (Some(body), Some(at)) => Some(Answer {
            body: text(body),
            department: dept_name(m.answer_department_id.or(m.department_id)).unwrap_or_default(),
            answered_at: rfc3339(at),
        }),
        _ => None,
    };
    Ok(Question {
        tracking_no: m.tracking_no.clone(),
        kind: kind_of(m)?,
        title: text(&m.title),
        body: text(&m.body),
        status: status_of(m)?,
        published: m.published,
        department: m.department_id.map(|id| DepartmentRef {
            id,
            name: names.get(&id).cloned().unwrap_or_default(),
        }),
        submitted_at: rfc3339(m.submitted_at),
        due_date: m.due_date.map(|d| d.to_string()),
        overdue: stored(Overdue::parse(&m.overdue), "questions", m.id, &m.overdue)?,
        answer,
        is_public: m.is_public,
        extended: m.extended,
        rating: match m.rating.as_deref() {
            Some(r) => Some(stored(Rating::parse(r), "questions", m.id, r)?),
            None => None,
        },
    })
}

/// Appends one line to the question's history (never updated afterwards).
pub async fn record_event(
    db: &impl ConnectionTrait,
    question_id: i32,
    actor: Option<&User>,
    action: &str,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    question_events::ActiveModel {
        question_id: Set(question_id),
        at: Set(Utc::now()),
        actor_id: Set(actor.map(|u| u.id)),
        actor: Set(actor
            .map(|u| u.display_name.clone())
            .unwrap_or_else(|| "留言人".to_string())),
        action: Set(action.to_string()),
        detail: Set(detail.into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn find_by_no(db: &impl ConnectionTrait, no: &str) -> Result<questions::Model, AppError> {
    if !super::types::is_tracking_no(no) {
        return Err(AppError::NotFound);
    }
    questions::Entity::find()
        .filter(questions::Column::TrackingNo.eq(no))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

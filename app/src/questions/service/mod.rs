//! The 网络问政 service: the REST handlers and the server functions both call these, so the
//! rules hold whichever door a request comes through. Split by concern.
pub mod derived;
pub mod feedback;
pub mod handling;
pub mod limits;
pub mod moderation;
pub mod overdue;
pub mod queries;
pub mod search;
pub mod stats;
pub mod submit;
pub mod submit_batch;
pub mod supervision;

use super::mask::mask_personal;
use super::state::Facts;
use super::types::{
    Answer, DepartmentRef, Draft, ExtensionRequest, Kind, Overdue, Question, Rating, Return,
    Status, Supervision,
};
use crate::auth::caps::{Caller, Handler, Moderator, Supervisor};
use crate::auth::User;
use crate::entities::{question_events, question_returns, question_supervisions, questions};
use crate::error::AppError;
use crate::platform::{db::stored, query_code as codes, time::rfc3339, Secrets};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    sea_query::{Alias, Expr, SelectStatement},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QueryResult, Set,
};
use std::collections::HashMap;

/// Who is looking, which decides what they see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    /// Anyone: published questions only, personal data masked.
    Public,
    /// The submitter (session or query code): their own question, unmasked.
    Submitter,
    /// Staff: moderators, supervisors, admins and the handlers of the question's
    /// department see everything.
    Moderator,
}

/// How `caller` (or the holder of `query_code`) may see `m`; `None` means 404. A query code
/// is checked within its guessing budget ([`codes::check`]), outside any transaction.
pub async fn viewer_checked(
    db: &impl ConnectionTrait,
    secrets: &Secrets,
    m: &questions::Model,
    caller: &Caller,
    query_code: Option<&str>,
) -> Result<Option<Viewer>, AppError> {
    let code_ok = codes::check(
        db,
        secrets,
        &m.tracking_no,
        caller.ip,
        m.query_code_hash.as_deref(),
        query_code,
    )
    .await?;
    Ok(viewer_of(m, caller, code_ok))
}

/// How `caller` may see `m`, given whether they showed the right query code; `None` means
/// 404, so a handler of another department learns nothing of an unpublished question.
pub fn viewer_of(m: &questions::Model, caller: &Caller, code_ok: bool) -> Option<Viewer> {
    let handles = caller
        .may::<Handler>()
        .is_some_and(|h| h.covers(m.department_id));
    if handles || caller.may::<Moderator>().is_some() || caller.may::<Supervisor>().is_some() {
        return Some(Viewer::Moderator);
    }
    let user = caller.user();
    let own_session = user.is_some_and(|u| m.submitter_id == Some(u.id));
    if own_session || code_ok {
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

/// The facts the state machine decides on, as of `today`.
pub(crate) fn facts_of(m: &questions::Model, today: NaiveDate) -> Result<Facts, AppError> {
    Ok(Facts {
        status: status_of(m)?,
        is_public: m.is_public,
        published: m.published,
        extended: m.extended,
        rated: m.rating.is_some(),
        followed_up: m.follow_up.is_some(),
        past_due: m.due_date.is_some_and(|due| today > due),
        extension_requested: m.extension_request_days.is_some(),
        follow_up_open: follow_up_open(m),
    })
}

/// A follow-up (追问) was asked and not yet answered.
pub(crate) fn follow_up_open(m: &questions::Model) -> bool {
    m.follow_up.is_some() && m.follow_up_answer.is_none()
}

/// Names of the departments that `rows` mention, in one query (no N+1).
pub async fn department_names(
    db: &impl ConnectionTrait,
    rows: &[questions::Model],
) -> Result<HashMap<i32, String>, AppError> {
    let ids = rows
        .iter()
        .flat_map(|m| [m.department_id, m.answer_department_id])
        .flatten()
        .collect();
    crate::admin::departments::names(db, ids).await
}

/// The columns that carry a row's department names beside it ([`with_department_names`]).
const DEPARTMENT_NAME: &str = "department_name";
const ANSWER_DEPARTMENT_NAME: &str = "answer_department_name";

/// Adds each row's department names to `select` (of whole question rows) as subqueries by
/// primary key, so that a list's names come with its rows instead of in a query of their own:
/// each query is a trip to sqlx's SQLite thread and back. Read with [`rows_and_names`].
pub(super) fn with_department_names(select: &mut SelectStatement) {
    for (column, alias) in [
        ("department_id", DEPARTMENT_NAME),
        ("answer_department_id", ANSWER_DEPARTMENT_NAME),
    ] {
        select.expr_as(
            Expr::cust(format!(
                "(SELECT d.name FROM departments d WHERE d.id = \"questions\".\"{column}\")"
            )),
            Alias::new(alias),
        );
    }
}

/// The rows of a query made by [`with_department_names`], and the names they carry (what
/// [`department_names`] would have answered).
pub(super) fn rows_and_names(
    found: &[QueryResult],
) -> Result<(Vec<questions::Model>, HashMap<i32, String>), AppError> {
    let mut names = HashMap::new();
    let mut rows = Vec::with_capacity(found.len());
    for r in found {
        let m = questions::Model::from_query_result(r, "")?;
        for (id, alias) in [
            (m.department_id, DEPARTMENT_NAME),
            (m.answer_department_id, ANSWER_DEPARTMENT_NAME),
        ] {
            if let (Some(id), Some(name)) = (id, r.try_get::<Option<String>>("", alias)?) {
                names.insert(id, name);
            }
        }
        rows.push(m);
    }
    Ok((rows, names))
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
    let staff = viewer == Viewer::Moderator;
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
        draft: match (&m.draft_body, m.drafted_at) {
            (Some(body), Some(at)) if staff => Some(Draft {
                body: body.clone(),
                at: rfc3339(at),
            }),
            _ => None,
        },
        send_back_reason: m.send_back_reason.clone().filter(|_| staff),
        extension_request: match (
            m.extension_request_days,
            &m.extension_request_reason,
            m.extension_requested_at,
        ) {
            (Some(days), Some(reason), Some(at)) if staff => Some(ExtensionRequest {
                working_days: days.max(0) as u32,
                reason: reason.clone(),
                at: rfc3339(at),
            }),
            _ => None,
        },
        follow_up_due: m
            .follow_up_due
            .filter(|_| viewer != Viewer::Public && follow_up_open(m))
            .map(|d| d.to_string()),
        supervised: staff && m.last_supervised_at.is_some(),
        returns: Vec::new(),
        supervisions: Vec::new(),
    })
}

/// Fills in the returns (退回) and 督办 notes of one question for staff.
pub async fn with_history(
    db: &impl ConnectionTrait,
    mut q: Question,
    question_id: i32,
    viewer: Viewer,
) -> Result<Question, AppError> {
    if viewer != Viewer::Moderator {
        return Ok(q);
    }
    let returns = question_returns::Entity::find()
        .filter(question_returns::Column::QuestionId.eq(question_id))
        .order_by_asc(question_returns::Column::Id)
        .all(db)
        .await?;
    let ids = returns.iter().map(|r| r.department_id).collect();
    let names = crate::admin::departments::names(db, ids).await?;
    q.returns = returns
        .into_iter()
        .map(|r| Return {
            department: names.get(&r.department_id).cloned().unwrap_or_default(),
            reason: r.reason,
            at: rfc3339(r.at),
        })
        .collect();
    q.supervisions = question_supervisions::Entity::find()
        .filter(question_supervisions::Column::QuestionId.eq(question_id))
        .order_by_asc(question_supervisions::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| Supervision {
            note: s.note,
            by: s.by,
            at: rfc3339(s.at),
        })
        .collect();
    Ok(q)
}

/// Appends one line to the question's history (never updated afterwards).
pub async fn record_event(
    db: &impl ConnectionTrait,
    question_id: i32,
    actor: Option<&User>,
    action: &str,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    event_row(question_id, actor, action, detail)
        .insert(db)
        .await?;
    Ok(())
}

/// A history entry, not yet stored; someone not signed in is recorded as 留言人.
pub fn event_row(
    question_id: i32,
    actor: Option<&User>,
    action: &str,
    detail: impl Into<String>,
) -> question_events::ActiveModel {
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

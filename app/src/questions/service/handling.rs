//! 承办: what the staff of the department a question is routed to do with it. A handler
//! acts only on questions of the departments granted to them: any other answers 404, as
//! if it did not exist. Each move is an UPDATE guarded by the state it saw, recorded in
//! the history, and queues its notifications in the same transaction.
use super::moderation::{check_extension, clear_extension_request, guarded_update, reload};
use super::queries::staff_queue;
use super::{facts_of, find_by_no, kind_of, record_event, Viewer};
use crate::auth::caps::{Caller, Handler, Moderator};
use crate::auth::User;
use crate::calendar::WorkingDays;
use crate::entities::{question_returns, questions};
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::platform::audit;
use crate::questions::state::{apply, Action, MAX_EXTENSION_DAYS};
use crate::questions::types::{
    parse_text, Filters, Overdue, Question, QuestionPage, Status, ANSWER_MAX, REASON_MAX,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

/// What a handler asks for, as either door delivers it.
#[derive(Clone, Debug)]
pub enum HandlerCommand {
    /// The department's answer, for the portal office to review.
    DraftAnswer { body: String },
    /// 退回: not this department's matter.
    Return { reason: String },
    /// More time, before the due date; a moderator decides.
    RequestExtension {
        working_days: Number,
        reason: String,
    },
}

enum Move {
    DraftAnswer { body: String },
    Return { reason: String },
    RequestExtension { days: WorkingDays, reason: String },
}

impl HandlerCommand {
    fn parse(self) -> Result<Move, AppError> {
        let mut errors = FieldErrors::new();
        let mut text = |field: &str, raw: &str, what: &str, max| {
            errors
                .check(field, parse_text(raw, what, 2, max))
                .unwrap_or_default()
        };
        let parsed = match self {
            HandlerCommand::DraftAnswer { body } => Move::DraftAnswer {
                body: text("body", &body, "答复内容", ANSWER_MAX),
            },
            HandlerCommand::Return { reason } => Move::Return {
                reason: text("reason", &reason, "退回理由", REASON_MAX),
            },
            HandlerCommand::RequestExtension {
                working_days,
                reason,
            } => {
                let reason = text("reason", &reason, "延期理由", REASON_MAX);
                let days = working_days
                    .value::<u32>()
                    .filter(|d| (1..=MAX_EXTENSION_DAYS).contains(d))
                    .ok_or_else(|| "请填写申请延长的工作日数".to_string());
                Move::RequestExtension {
                    days: WorkingDays(errors.check("working_days", days).unwrap_or_default()),
                    reason,
                }
            }
        };
        errors.into_result()?;
        Ok(parsed)
    }
}

impl Move {
    fn action(&self) -> Action {
        match self {
            Move::DraftAnswer { .. } => Action::DraftAnswer,
            Move::Return { .. } => Action::Return,
            Move::RequestExtension { .. } => Action::RequestExtension,
        }
    }
}

/// A handler's move on a question of one of their departments.
pub async fn act(
    db: &DatabaseConnection,
    handler: &Handler,
    no: &str,
    cmd: HandlerCommand,
    today: NaiveDate,
) -> Result<Question, AppError> {
    let cmd = cmd.parse()?;
    let txn = db.begin().await?;
    let m = find_by_no(&txn, no).await?;
    handler.check(m.department_id)?;
    apply(facts_of(&m, today)?, cmd.action()).map_err(|msg| AppError::Conflict(msg.to_string()))?;
    let now = Utc::now();
    let mut ch: questions::ActiveModel = Default::default();
    let detail = match &cmd {
        Move::DraftAnswer { body } => {
            ch.status = Set(Status::AnswerReview.as_str().into());
            ch.draft_body = Set(Some(body.clone()));
            ch.drafted_at = Set(Some(now));
            ch.draft_by_id = Set(Some(handler.id));
            "提交答复，待网站办审核".to_string()
        }
        Move::Return { reason } => {
            // Checked by `handler.check` above: a routed question has a department.
            let dept = m.department_id.ok_or(AppError::NotFound)?;
            question_returns::ActiveModel {
                question_id: Set(m.id),
                department_id: Set(dept),
                reason: Set(reason.clone()),
                by_id: Set(Some(handler.id)),
                at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            // Back to triage; the next department's clock starts at the next routing.
            ch.status = Set(Status::Pending.as_str().into());
            ch.department_id = Set(None);
            ch.accepted_at = Set(None);
            ch.due_date = Set(None);
            ch.overdue = Set(Overdue::None.as_str().into());
            ch.extended = Set(false);
            ch.extension_reason = Set(None);
            ch.draft_body = Set(None);
            ch.drafted_at = Set(None);
            ch.draft_by_id = Set(None);
            ch.send_back_reason = Set(None);
            clear_extension_request(&mut ch);
            let name = super::department_names(&txn, std::slice::from_ref(&m))
                .await?
                .remove(&dept)
                .unwrap_or_default();
            format!("退回（{name}）：{reason}")
        }
        Move::RequestExtension { days, reason } => {
            let limits = super::limits::load(&txn).await?;
            check_extension(&limits, kind_of(&m)?, *days)?;
            ch.extension_request_days = Set(Some(days.0 as i32));
            ch.extension_request_reason = Set(Some(reason.clone()));
            ch.extension_requested_at = Set(Some(now));
            format!("申请延期 {} 个工作日：{reason}", days.0)
        }
    };
    guarded_update(&txn, &m, ch).await?;
    record_event(&txn, m.id, Some(handler), cmd.action().as_str(), detail).await?;
    let q = reload(&txn, m.id, Viewer::Moderator).await?;
    txn.commit().await?;
    Ok(q)
}

/// Who may answer a follow-up (追问): the portal office, or a handler (then only for the
/// question's department).
pub enum FollowUpAnswerer {
    Moderator(Moderator),
    Handler(Handler),
}

impl FollowUpAnswerer {
    /// 401 for anonymous callers, 403 for those who are neither.
    pub fn of(caller: &Caller) -> Result<FollowUpAnswerer, AppError> {
        match caller.may::<Moderator>() {
            Some(m) => Ok(FollowUpAnswerer::Moderator(m)),
            None => caller.handler().map(FollowUpAnswerer::Handler),
        }
    }

    fn user(&self) -> &User {
        match self {
            FollowUpAnswerer::Moderator(m) => m,
            FollowUpAnswerer::Handler(h) => h,
        }
    }
}

/// The answer to a follow-up. A handler of another department gets 404.
pub async fn answer_follow_up(
    db: &DatabaseConnection,
    by: &FollowUpAnswerer,
    no: &str,
    body: &str,
    today: NaiveDate,
) -> Result<Question, AppError> {
    let body =
        parse_text(body, "答复内容", 2, ANSWER_MAX).map_err(|e| AppError::invalid("body", e))?;
    let txn = db.begin().await?;
    let m = find_by_no(&txn, no).await?;
    if let FollowUpAnswerer::Handler(h) = by {
        h.check(m.department_id)?;
    }
    apply(facts_of(&m, today)?, Action::AnswerFollowUp)
        .map_err(|msg| AppError::Conflict(msg.to_string()))?;
    let actor = by.user();
    let ch = questions::ActiveModel {
        follow_up_answer: Set(Some(body)),
        follow_up_answered_at: Set(Some(Utc::now())),
        overdue: Set(Overdue::None.as_str().into()),
        ..Default::default()
    };
    guarded_update(&txn, &m, ch).await?;
    let late = m.follow_up_due.is_some_and(|d| today > d);
    let detail = if late {
        "答复追问（超期）"
    } else {
        "答复追问"
    };
    record_event(
        &txn,
        m.id,
        Some(actor),
        Action::AnswerFollowUp.as_str(),
        detail,
    )
    .await?;
    super::moderation::tell_answered(&txn, &m).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "question.follow_up_answer",
        &format!("question:{}", m.tracking_no),
        "",
    )
    .await?;
    let q = reload(&txn, m.id, Viewer::Moderator).await?;
    txn.commit().await?;
    Ok(q)
}

/// 承办工作台: the questions of the handler's departments, with the moderation queue's
/// filters and order (red, yellow, 督办, then what waits on them).
pub async fn queue(
    db: &DatabaseConnection,
    handler: &Handler,
    f: &Filters,
    page: u64,
    per_page: u64,
) -> Result<QuestionPage, AppError> {
    let mut base = questions::Entity::find();
    if let Some(depts) = handler.departments() {
        base = base.filter(questions::Column::DepartmentId.is_in(depts.to_vec()));
    }
    staff_queue(db, base, f, page, per_page).await
}

//! Moderator actions. Each one asks the pure state machine, then writes with an UPDATE
//! guarded by the state it saw, so two moderators acting at once cannot both succeed: the
//! loser gets 409. (The submitter's rating and follow-up are in `feedback`.)
use super::{
    department_names, facts_of, find_by_no, kind_of, record_event, status_of, to_question,
    with_history, Viewer,
};
use crate::admin::departments;
use crate::auth::caps::{Host, Moderator};
use crate::auth::User;
use crate::calendar::{self, WorkingDays};
use crate::entities::{question_notes, questions};
use crate::error::{AppError, FieldErrors};
use crate::input::Number;
use crate::notify::tell;
use crate::notify::texts::{ToHandlers, ToSubmitter};
use crate::platform::audit;
use crate::questions::overdue::card;
use crate::questions::state::{apply, Action, MAX_EXTENSION_DAYS};
use crate::questions::types::{
    parse_text, Kind, Overdue, Question, Status, TimeLimits, ANSWER_MAX, BODY_MAX, REASON_MAX,
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};

/// What a moderator asks for, as either door delivers it (numbers as JSON numbers or as
/// form text); [`Command::parse`] checks it once.
#[derive(Clone, Debug)]
pub enum Command {
    Accept {
        department_id: Number,
    },
    Reject {
        reason: String,
    },
    Answer {
        body: String,
    },
    Extend {
        working_days: Number,
        reason: String,
    },
    Publish,
    Unpublish,
    /// The department's draft becomes the answer.
    ApproveAnswer,
    /// 重办: the draft goes back to the department with the reason.
    SendBack {
        reason: String,
    },
    /// A handler's extension request is refused.
    DeclineExtension {
        reason: String,
    },
}

/// A command whose input has been checked.
enum Move {
    Accept { department_id: i32 },
    Reject { reason: String },
    Answer { body: String },
    Extend { days: WorkingDays, reason: String },
    Publish,
    Unpublish,
    ApproveAnswer,
    SendBack { reason: String },
    DeclineExtension { reason: String },
}

impl Command {
    /// Every field error at once (422), before anything is read.
    fn parse(self) -> Result<Move, AppError> {
        let mut errors = FieldErrors::new();
        let text = |errors: &mut FieldErrors, field: &str, raw: &str, what: &str, max| {
            errors
                .check(field, parse_text(raw, what, 2, max))
                .unwrap_or_default()
        };
        let parsed = match self {
            Command::Accept { department_id } => Move::Accept {
                department_id: errors
                    .check(
                        "department_id",
                        department_id
                            .value::<i32>()
                            .ok_or_else(|| "请选择承办部门".to_string()),
                    )
                    .unwrap_or_default(),
            },
            Command::Reject { reason } => Move::Reject {
                reason: text(&mut errors, "reason", &reason, "不予受理的理由", REASON_MAX),
            },
            Command::Answer { body } => Move::Answer {
                body: text(&mut errors, "body", &body, "答复内容", ANSWER_MAX),
            },
            Command::Extend {
                working_days,
                reason,
            } => {
                let days = working_days
                    .value::<u32>()
                    .filter(|d| (1..=MAX_EXTENSION_DAYS).contains(d))
                    .ok_or_else(|| format!("延期须为 1–{MAX_EXTENSION_DAYS} 个工作日"));
                Move::Extend {
                    days: WorkingDays(errors.check("working_days", days).unwrap_or_default()),
                    reason: text(&mut errors, "reason", &reason, "延期理由", REASON_MAX),
                }
            }
            Command::Publish => Move::Publish,
            Command::Unpublish => Move::Unpublish,
            Command::ApproveAnswer => Move::ApproveAnswer,
            Command::SendBack { reason } => Move::SendBack {
                reason: text(&mut errors, "reason", &reason, "退回重办的理由", REASON_MAX),
            },
            Command::DeclineExtension { reason } => Move::DeclineExtension {
                reason: text(
                    &mut errors,
                    "reason",
                    &reason,
                    "不同意延期的理由",
                    REASON_MAX,
                ),
            },
        };
        errors.into_result()?;
        Ok(parsed)
    }
}

impl Move {
    fn action(&self) -> Action {
        match self {
            Move::Accept { .. } => Action::Accept,
            Move::Reject { .. } => Action::Reject,
            Move::Answer { .. } => Action::Answer,
            Move::Extend { .. } => Action::Extend,
            Move::Publish => Action::Publish,
            Move::Unpublish => Action::Unpublish,
            Move::ApproveAnswer => Action::ApproveAnswer,
            Move::SendBack { .. } => Action::SendBack,
            Move::DeclineExtension { .. } => Action::DeclineExtension,
        }
    }
}

/// Writes `changes` only if the row still is as `seen`; otherwise 409.
pub(super) async fn guarded_update(
    db: &impl ConnectionTrait,
    seen: &questions::Model,
    changes: questions::ActiveModel,
) -> Result<(), AppError> {
    let res = questions::Entity::update_many()
        .set(changes)
        .filter(questions::Column::Id.eq(seen.id))
        .filter(questions::Column::Status.eq(seen.status.as_str()))
        .filter(questions::Column::Published.eq(seen.published))
        .filter(questions::Column::Extended.eq(seen.extended))
        .filter(match seen.extension_request_days {
            Some(d) => questions::Column::ExtensionRequestDays.eq(d),
            None => questions::Column::ExtensionRequestDays.is_null(),
        })
        .filter(match &seen.follow_up_answer {
            Some(_) => questions::Column::FollowUpAnswer.is_not_null(),
            None => questions::Column::FollowUpAnswer.is_null(),
        })
        .exec(db)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "该留言刚被他人处理，请刷新后重试".into(),
        ))
    }
}

/// The question after a move, as its actor sees it.
pub(super) async fn reload(
    db: &impl ConnectionTrait,
    id: i32,
    viewer: Viewer,
) -> Result<Question, AppError> {
    let m = questions::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = department_names(db, std::slice::from_ref(&m)).await?;
    with_history(db, to_question(&m, &names, viewer)?, m.id, viewer).await
}

/// How many working days one extension of this question may add, or the field error.
pub(super) fn check_extension(
    limits: &TimeLimits,
    kind: Kind,
    days: WorkingDays,
) -> Result<(), AppError> {
    let cap = limits.extension_cap(kind);
    if cap == 0 {
        return Err(AppError::invalid(
            "working_days",
            format!("{}留言的办理时限已达总时限，不能延期", kind.label()),
        ));
    }
    if days.0 > cap {
        return Err(AppError::invalid(
            "working_days",
            format!(
                "延期须为 1–{cap} 个工作日（{}留言延期后总时限不超过 {} 个工作日）",
                kind.label(),
                limits.of(kind).0 + cap
            ),
        ));
    }
    Ok(())
}

/// A moderator's move on a question.
pub async fn act(
    db: &DatabaseConnection,
    moderator: &Moderator,
    no: &str,
    cmd: Command,
    today: NaiveDate,
) -> Result<Question, AppError> {
    act_as(db, moderator, no, cmd.parse()?, today).await
}

/// An interview question left unanswered live, when its host publishes the interview: the
/// one move a host makes in 网络问政. With the interview's department it is routed there;
/// without one it waits for the moderators' triage with the kind's clock already running.
pub async fn route_forwarded(
    db: &DatabaseConnection,
    host: &Host,
    no: &str,
    department_id: Option<i32>,
    today: NaiveDate,
) -> Result<Question, AppError> {
    if let Some(department_id) = department_id {
        return act_as(db, host, no, Move::Accept { department_id }, today).await;
    }
    let txn = db.begin().await?;
    let m = find_by_no(&txn, no).await?;
    if status_of(&m)? != Status::Pending || m.due_date.is_some() {
        return Err(AppError::Conflict("该留言已进入办理流程".into()));
    }
    let limits = super::limits::load(&txn).await?;
    let cal = calendar::service::load(&txn).await?;
    let due = cal.add_working_days(today, limits.of(kind_of(&m)?));
    let ch = questions::ActiveModel {
        due_date: Set(Some(due)),
        overdue: Set(card(&cal, today, due, limits.red_after).as_str().into()),
        ..Default::default()
    };
    guarded_update(&txn, &m, ch).await?;
    record_event(
        &txn,
        m.id,
        Some(host),
        "triage",
        format!("在线访谈时未及回答，待转办，{due} 前答复"),
    )
    .await?;
    let q = reload(&txn, m.id, Viewer::Moderator).await?;
    txn.commit().await?;
    Ok(q)
}

async fn act_as(
    db: &DatabaseConnection,
    actor: &User,
    no: &str,
    cmd: Move,
    today: NaiveDate,
) -> Result<Question, AppError> {
    // Input was checked first (422), then existence (404), then state (409).
    let txn = db.begin().await?;
    let m = find_by_no(&txn, no).await?;
    apply(facts_of(&m, today)?, cmd.action()).map_err(|msg| AppError::Conflict(msg.to_string()))?;
    let now = Utc::now();
    let mut ch: questions::ActiveModel = Default::default();
    let late = m.due_date.is_some_and(|d| today > d);
    let answered = |ch: &mut questions::ActiveModel, body: String| {
        ch.status = Set(Status::Answered.as_str().into());
        ch.answer_body = Set(Some(body));
        ch.answered_at = Set(Some(now));
        ch.answer_department_id = Set(m.department_id);
        ch.overdue = Set(Overdue::None.as_str().into());
        ch.draft_body = Set(None);
        ch.drafted_at = Set(None);
        ch.draft_by_id = Set(None);
        clear_extension_request(ch);
    };
    let detail = match &cmd {
        Move::Accept { department_id } => {
            let dept = departments::require_active(&txn, *department_id, "department_id").await?;
            let limits = super::limits::load(&txn).await?;
            let cal = calendar::service::load(&txn).await?;
            let limit = limits.of(kind_of(&m)?);
            let due = cal.add_working_days(today, limit);
            ch.status = Set(Status::Accepted.as_str().into());
            ch.department_id = Set(Some(dept.id));
            ch.accepted_at = Set(Some(now));
            ch.due_date = Set(Some(due));
            ch.overdue = Set(card(&cal, today, due, limits.red_after).as_str().into());
            tell::submitter(
                &txn,
                &m,
                ToSubmitter::Accepted {
                    department: &dept.name,
                    due,
                },
            )
            .await?;
            tell::handlers(&txn, &m, dept.id, ToHandlers::Routed { due }).await?;
            format!(
                "受理并转交{}办理，时限 {} 个工作日，{} 前答复",
                dept.name, limit.0, due
            )
        }
        Move::Reject { reason: r } => {
            ch.status = Set(Status::Rejected.as_str().into());
            ch.reject_reason = Set(Some(r.clone()));
            ch.due_date = Set(None);
            ch.overdue = Set(Overdue::None.as_str().into());
            tell::submitter(&txn, &m, ToSubmitter::Rejected { reason: r }).await?;
            format!("不予受理：{r}")
        }
        Move::Answer { body } => {
            answered(&mut ch, body.clone());
            tell_answered(&txn, &m).await?;
            if late {
                "答复（超期）".into()
            } else {
                "答复".into()
            }
        }
        Move::ApproveAnswer => {
            let body = m.draft_body.clone().unwrap_or_default();
            answered(&mut ch, body);
            tell_answered(&txn, &m).await?;
            if late {
                "审核通过，答复（超期）".into()
            } else {
                "审核通过，答复".into()
            }
        }
        Move::SendBack { reason } => {
            ch.status = Set(Status::Accepted.as_str().into());
            ch.send_back_reason = Set(Some(reason.clone()));
            if let Some(dept) = m.department_id {
                tell::handlers(&txn, &m, dept, ToHandlers::SentBack { reason }).await?;
            }
            format!("退回重办：{reason}")
        }
        Move::Extend { days, reason: r } => {
            let limits = super::limits::load(&txn).await?;
            check_extension(&limits, kind_of(&m)?, *days)?;
            let cal = calendar::service::load(&txn).await?;
            let from = m.due_date.unwrap_or(today);
            let due = cal.add_working_days(from, *days);
            ch.extended = Set(true);
            ch.extension_reason = Set(Some(r.clone()));
            ch.due_date = Set(Some(due));
            ch.overdue = Set(card(&cal, today, due, limits.red_after).as_str().into());
            clear_extension_request(&mut ch);
            tell::submitter(&txn, &m, ToSubmitter::Extended { due, reason: r }).await?;
            format!("延期 {} 个工作日至 {due}：{r}", days.0)
        }
        Move::DeclineExtension { reason } => {
            clear_extension_request(&mut ch);
            format!("不同意延期：{reason}")
        }
        Move::Publish => {
            ch.published = Set(true);
            ch.published_at = Set(Some(now));
            "公开".into()
        }
        Move::Unpublish => {
            ch.published = Set(false);
            "撤回公开".into()
        }
    };
    guarded_update(&txn, &m, ch).await?;
    match cmd {
        Move::Publish => super::derived::tally(&txn, &m, 1).await?,
        Move::Unpublish => super::derived::tally(&txn, &m, -1).await?,
        _ => {}
    }
    record_event(&txn, m.id, Some(actor), cmd.action().as_str(), detail).await?;
    let q = reload(&txn, m.id, Viewer::Moderator).await?;
    txn.commit().await?;
    Ok(q)
}

pub(super) fn clear_extension_request(ch: &mut questions::ActiveModel) {
    ch.extension_request_days = Set(None);
    ch.extension_request_reason = Set(None);
    ch.extension_requested_at = Set(None);
}

/// The submitter learns that the answer is there, with the department's name.
pub(super) async fn tell_answered(
    db: &impl ConnectionTrait,
    m: &questions::Model,
) -> Result<(), AppError> {
    let name = match m.department_id {
        Some(id) => department_names(db, std::slice::from_ref(m))
            .await?
            .remove(&id)
            .unwrap_or_default(),
        None => "网站办".to_string(),
    };
    tell::submitter(db, m, ToSubmitter::Answered { department: &name }).await
}

/// An internal note for the office (never shown to the public); audited in the same
/// transaction.
pub async fn add_note(
    db: &DatabaseConnection,
    actor: &Moderator,
    no: &str,
    body: &str,
) -> Result<(), AppError> {
    let body = parse_text(body, "备注", 1, BODY_MAX).map_err(|m| AppError::invalid("body", m))?;
    let txn = db.begin().await?;
    let m = find_by_no(&txn, no).await?;
    question_notes::ActiveModel {
        question_id: Set(m.id),
        at: Set(Utc::now()),
        author_id: Set(Some(actor.id)),
        author: Set(actor.display_name.clone()),
        body: Set(body),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor.id),
        "question.note",
        &format!("question:{}", m.tracking_no),
        "",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

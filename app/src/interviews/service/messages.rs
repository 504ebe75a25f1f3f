//! The live session's messages: a host or guest speaks, and may answer a netizen's question.
use super::super::types::{parse_text, QuestionStatus, Stage, MESSAGE_MAX};
use super::events::{self, NewEvent};
use super::questions::question;
use super::{row, stage_of};
use crate::auth::caps::Host;
use crate::error::{AppError, FieldErrors};
use crate::platform::AppState;
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};

/// Posts a host or guest message; with `answers`, the question and its answer go into the
/// transcript together and the question is marked answered. Rehearsal posts stay private.
pub async fn post_message(
    state: &AppState,
    host: &Host,
    interview_id: i32,
    speaker: &str,
    body: &str,
    answers: Option<i32>,
) -> Result<super::super::types::Event, AppError> {
    let m = row(&state.db, interview_id).await?;
    let stage = stage_of(&m)?;
    if !stage.accepts_messages() {
        return Err(AppError::Conflict("只有彩排和直播期间可以发布消息".into()));
    }
    let mut errors = FieldErrors::new();
    let speaker = errors.check("speaker", parse_text(speaker, "发言人", 1, 40));
    let body = errors.check("body", parse_text(body, "内容", 1, MESSAGE_MAX));
    errors.into_result()?;
    let (speaker, body) = (speaker.unwrap_or_default(), body.unwrap_or_default());
    let rehearsal = stage == Stage::Rehearsal;
    let txn = state.db.begin().await?;
    let event = match answers {
        None => {
            events::append_in(
                &txn,
                interview_id,
                rehearsal,
                Some(host.id),
                NewEvent {
                    kind: "message",
                    speaker,
                    body,
                    ..Default::default()
                },
            )
            .await?
        }
        Some(qid) => {
            let q = question(&txn, interview_id, qid).await?;
            if q.status == QuestionStatus::Answered.as_str() && !rehearsal {
                return Err(AppError::Conflict("该问题已经回答".into()));
            }
            if q.status == QuestionStatus::Dismissed.as_str() {
                return Err(AppError::Conflict("未采纳的问题不能回答".into()));
            }
            let nickname = if q.nickname.is_empty() {
                "网友".to_string()
            } else {
                q.nickname.clone()
            };
            let event = events::append_in(
                &txn,
                interview_id,
                rehearsal,
                Some(host.id),
                NewEvent {
                    kind: "answer",
                    speaker,
                    body,
                    question_id: Some(qid),
                    question: Some(format!("{nickname}：{}", q.body)),
                    ..Default::default()
                },
            )
            .await?;
            // A rehearsal answer leaves the question as it was for the real session.
            if !rehearsal {
                let mut am = q.into_active_model();
                am.status = Set(QuestionStatus::Answered.as_str().into());
                am.answered_seq = Set(Some(event.id));
                am.update(&txn).await?;
            }
            event
        }
    };
    txn.commit().await?;
    state.live.committed(interview_id, rehearsal, event.clone());
    Ok(event)
}

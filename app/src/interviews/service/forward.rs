//! Publishing hands the questions that were not answered live to 网络问政.
use super::super::types::QuestionStatus;
use super::row;
use crate::auth::caps::Host;
use crate::entities::interview_questions;
use crate::error::AppError;
use crate::platform::{audit, AppState};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

/// On publishing: accepted questions that were not answered live become 网络问政 questions,
/// due in that kind's time limit (five working days): routed to the interview's department,
/// or, when the interview has none, waiting for the moderators' triage with the clock
/// running. The interview question records the tracking number it was given.
pub async fn forward_unanswered(
    state: &AppState,
    host: &Host,
    interview_id: i32,
) -> Result<usize, AppError> {
    use crate::questions::service::{moderation, submit};
    let interview = row(&state.db, interview_id).await?;
    let pending = interview_questions::Entity::find()
        .filter(interview_questions::Column::InterviewId.eq(interview_id))
        .filter(interview_questions::Column::Status.eq(QuestionStatus::Accepted.as_str()))
        .filter(interview_questions::Column::ForwardedTrackingNo.is_null())
        .order_by_asc(interview_questions::Column::Id)
        .all(&state.db)
        .await?;
    let title: String = format!("在线访谈《{}》网友提问", interview.title)
        .chars()
        .take(crate::questions::types::TITLE_MAX)
        .collect();
    // Submitted in the host's name, as a signed-in account (so no anonymous rate limit).
    let submitter = crate::auth::caps::Caller::for_account(&state.db, host.id).await?;
    let mut n = 0;
    for q in pending {
        let nickname = if q.nickname.is_empty() {
            "网友"
        } else {
            q.nickname.as_str()
        };
        let submitted = submit::submit(
            state,
            &submitter,
            submit::SubmitInput {
                kind: "help".into(),
                title: title.clone(),
                body: format!(
                    "{}\n\n（网友“{nickname}”在在线访谈《{}》中提出，访谈时未及回答。）",
                    q.body, interview.title
                ),
                department_id: interview.department_id.map(Into::into),
                is_public: true,
                contact: None,
                // Forwarded by the office: no personal data of the netizen's is collected.
                consent: None,
            },
        )
        .await?;
        let no = submitted.question.tracking_no.clone();
        moderation::route_forwarded(
            &state.db,
            host,
            &no,
            interview.department_id,
            state.clock.today(),
        )
        .await?;
        let mut am = q.into_active_model();
        am.forwarded_tracking_no = Set(Some(no));
        am.update(&state.db).await?;
        n += 1;
    }
    if n > 0 {
        audit::record(
            &state.db,
            Some(host.id),
            "interview.forward",
            &format!("interview:{interview_id}"),
            format!("{n} questions"),
        )
        .await?;
    }
    Ok(n)
}

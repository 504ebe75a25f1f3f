//! Server functions of the 审核工作台 and the admin's time limits: each asks `caps` for the
//! capability and calls the same service as the REST handlers.
use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::service::moderation::Command;
#[cfg(feature = "ssr")]
use crate::auth::caps;

#[allow(clippy::too_many_arguments)]
#[server]
pub async fn moderation_queue(
    kind: Option<String>,
    department_id: Option<String>,
    q: Option<String>,
    status: Option<String>,
    month: Option<String>,
    overdue: Option<String>,
    page: Option<u64>,
) -> Result<QuestionPage, AppError> {
    let (state, moderator) = caps::require::<caps::Moderator>().await?;
    let f = super::parse_filters(
        kind.as_deref(),
        department_id.as_deref(),
        q.as_deref(),
        status.as_deref(),
        month.as_deref(),
        overdue.as_deref(),
        false,
    )?;
    super::service::queries::moderation_list(&state.db, &moderator, &f, super::page_no(page), 20)
        .await
}

/// Unanswered items approaching three months (国家网站检查的红线).
#[server]
pub async fn moderation_alarm() -> Result<Vec<Question>, AppError> {
    let (state, moderator) = caps::require::<caps::Moderator>().await?;
    super::service::queries::alarm(&state.db, &moderator).await
}

#[server]
pub async fn accept_question(
    tracking_no: String,
    department_id: String,
) -> Result<Question, AppError> {
    act(
        tracking_no,
        Command::Accept {
            department_id: department_id.into(),
        },
    )
    .await
}

#[server]
pub async fn reject_question(tracking_no: String, reason: String) -> Result<Question, AppError> {
    act(tracking_no, Command::Reject { reason }).await
}

#[server]
pub async fn answer_question(tracking_no: String, body: String) -> Result<Question, AppError> {
    act(tracking_no, Command::Answer { body }).await
}

#[server]
pub async fn extend_question(
    tracking_no: String,
    working_days: String,
    reason: String,
) -> Result<Question, AppError> {
    act(
        tracking_no,
        Command::Extend {
            working_days: working_days.into(),
            reason,
        },
    )
    .await
}

#[server]
pub async fn publish_question(tracking_no: String) -> Result<Question, AppError> {
    act(tracking_no, Command::Publish).await
}

#[server]
pub async fn unpublish_question(tracking_no: String) -> Result<Question, AppError> {
    act(tracking_no, Command::Unpublish).await
}

/// The portal office approves the department's answer: the submitter now sees it.
#[server]
pub async fn approve_question_answer(tracking_no: String) -> Result<Question, AppError> {
    act(tracking_no, Command::ApproveAnswer).await
}

/// 重办: the draft goes back to the department.
#[server]
pub async fn send_back_question(tracking_no: String, reason: String) -> Result<Question, AppError> {
    act(tracking_no, Command::SendBack { reason }).await
}

#[server]
pub async fn decline_question_extension(
    tracking_no: String,
    reason: String,
) -> Result<Question, AppError> {
    act(tracking_no, Command::DeclineExtension { reason }).await
}

#[server]
pub async fn add_question_note(tracking_no: String, body: String) -> Result<(), AppError> {
    let (state, user) = caps::require::<caps::Moderator>().await?;
    super::service::moderation::add_note(&state.db, &user, &tracking_no, &body).await
}

#[server]
pub async fn get_time_limits() -> Result<TimeLimits, AppError> {
    let (state, _) = caps::require::<caps::Admin>().await?;
    super::service::limits::load(&state.db).await
}

#[server]
pub async fn save_time_limits(
    limit_opinion: String,
    limit_suggestion: String,
    limit_help: String,
    limit_complaint: String,
    red_after: String,
    total_opinion: Option<String>,
    total_suggestion: Option<String>,
    total_help: Option<String>,
    total_complaint: Option<String>,
) -> Result<TimeLimits, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    let given = [
        ("limit_opinion", Some(limit_opinion)),
        ("limit_suggestion", Some(limit_suggestion)),
        ("limit_help", Some(limit_help)),
        ("limit_complaint", Some(limit_complaint)),
        ("red_after", Some(red_after)),
        ("total_opinion", total_opinion),
        ("total_suggestion", total_suggestion),
        ("total_help", total_help),
        ("total_complaint", total_complaint),
    ];
    let raw: Vec<(String, String)> = given
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v?)))
        .collect();
    super::service::limits::update(&state.db, &admin, &raw).await
}

/// One moderator move on a question: the capability, today's date, the service.
#[cfg(feature = "ssr")]
async fn act(tracking_no: String, cmd: Command) -> Result<Question, AppError> {
    let (state, moderator) = caps::require::<caps::Moderator>().await?;
    let today = state.clock.today();
    super::service::moderation::act(&state.db, &moderator, &tracking_no, cmd, today).await
}

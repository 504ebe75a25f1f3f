//! Server functions of the 承办工作台 (handlers), the answer to a follow-up, and 督办
//! (supervisors): each asks `caps` for the capability and calls the same service as the
//! REST handlers.
use super::types::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::service::handling::{self, HandlerCommand};
#[cfg(feature = "ssr")]
use crate::auth::caps;

/// The questions of the caller's departments: red, yellow and 督办 first.
#[server]
pub async fn handling_queue(
    kind: Option<String>,
    q: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
    page: Option<u64>,
) -> Result<QuestionPage, AppError> {
    let (state, handler) = caps::require::<caps::Handler>().await?;
    let f = super::parse_filters(
        kind.as_deref(),
        None,
        q.as_deref(),
        status.as_deref(),
        None,
        overdue.as_deref(),
        false,
    )?;
    handling::queue(&state.db, &handler, &f, super::page_no(page), 20).await
}

#[server]
pub async fn draft_question_answer(
    tracking_no: String,
    body: String,
) -> Result<Question, AppError> {
    handle(tracking_no, HandlerCommand::DraftAnswer { body }).await
}

#[server]
pub async fn return_question(tracking_no: String, reason: String) -> Result<Question, AppError> {
    handle(tracking_no, HandlerCommand::Return { reason }).await
}

#[server]
pub async fn request_question_extension(
    tracking_no: String,
    working_days: String,
    reason: String,
) -> Result<Question, AppError> {
    handle(
        tracking_no,
        HandlerCommand::RequestExtension {
            working_days: working_days.into(),
            reason,
        },
    )
    .await
}

/// By a handler of the question's department or by the portal office.
#[server]
pub async fn answer_question_follow_up(
    tracking_no: String,
    body: String,
) -> Result<Question, AppError> {
    let (state, caller) = caps::caller().await?;
    let by = handling::FollowUpAnswerer::of(&caller)?;
    handling::answer_follow_up(&state.db, &by, &tracking_no, &body, state.clock.today()).await
}

#[server]
pub async fn load_supervision() -> Result<SupervisionOverview, AppError> {
    let (state, supervisor) = caps::require::<caps::Supervisor>().await?;
    super::service::supervision::overview(&state.db, &supervisor).await
}

#[server]
pub async fn supervise_question(tracking_no: String, note: String) -> Result<Question, AppError> {
    let (state, supervisor) = caps::require::<caps::Supervisor>().await?;
    let today = state.clock.today();
    super::service::supervision::supervise(&state.db, &supervisor, &tracking_no, &note, today).await
}

#[cfg(feature = "ssr")]
async fn handle(tracking_no: String, cmd: HandlerCommand) -> Result<Question, AppError> {
    let (state, handler) = caps::require::<caps::Handler>().await?;
    let today = state.clock.today();
    handling::act(&state.db, &handler, &tracking_no, cmd, today).await
}

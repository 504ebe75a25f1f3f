//! Moderator actions and queue, and the admin's time limits. Roles are checked first:
//! 401 anonymous, 403 without the role; then 422, 404 and 409.
use super::public::{query_or_400, ListQuery};
use crate::auth::caps::{self, Caller, Moderator};
use crate::error::AppError;
use crate::http::{ApiJson, ListPage, PageParams};
use crate::input::Number;
use crate::platform::AppState;
use crate::questions::service::{self, moderation::Command};
use crate::questions::types::{Question, QuestionView, TimeLimits};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;

async fn run(
    state: AppState,
    moderator: Moderator,
    no: String,
    cmd: Command,
) -> Result<Json<Question>, AppError> {
    Ok(Json(
        service::moderation::act(&state.db, &moderator, &no, cmd, state.clock.today()).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AcceptBody {
    #[schema(value_type = i32)]
    pub department_id: Number,
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/accept", operation_id = "questions_staff_accept", tag = "moderation", request_body = AcceptBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question, description = "已受理并转交；按该类时限计算答复期限"),
              (status = 401), (status = 403), (status = 404), (status = 409, description = "当前状态不能受理"), (status = 422)))]
pub async fn accept(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<AcceptBody>,
) -> Result<Json<Question>, AppError> {
    run(
        state,
        moderator,
        no,
        Command::Accept {
            department_id: b.department_id,
        },
    )
    .await
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReasonBody {
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/reject", operation_id = "questions_staff_reject", tag = "moderation", request_body = ReasonBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question), (status = 401), (status = 403), (status = 409), (status = 422)))]
pub async fn reject(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<Question>, AppError> {
    run(state, moderator, no, Command::Reject { reason: b.reason }).await
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct BodyText {
    pub body: String,
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/answer", operation_id = "questions_staff_answer", tag = "moderation", request_body = BodyText,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question), (status = 401), (status = 403), (status = 409), (status = 422)))]
pub async fn answer(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<BodyText>,
) -> Result<Json<Question>, AppError> {
    run(state, moderator, no, Command::Answer { body: b.body }).await
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ExtendBody {
    /// At least 1; at most what the kind's total (default 15 working days in all) leaves.
    #[schema(value_type = i32, minimum = 1)]
    pub working_days: Number,
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/extend", operation_id = "questions_staff_extend", tag = "moderation", request_body = ExtendBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question), (status = 401), (status = 403), (status = 409, description = "只能延期一次，须在办理中且未过答复期限"), (status = 422)))]
pub async fn extend(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<ExtendBody>,
) -> Result<Json<Question>, AppError> {
    run(
        state,
        moderator,
        no,
        Command::Extend {
            working_days: b.working_days,
            reason: b.reason,
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/publish", operation_id = "questions_staff_publish", tag = "moderation",
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question), (status = 401), (status = 403), (status = 409, description = "未答复或留言人未同意公开")))]
pub async fn publish(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
) -> Result<Json<Question>, AppError> {
    run(state, moderator, no, Command::Publish).await
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/unpublish", operation_id = "questions_staff_unpublish", tag = "moderation",
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question), (status = 401), (status = 403), (status = 409)))]
pub async fn unpublish(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
) -> Result<Json<Question>, AppError> {
    run(state, moderator, no, Command::Unpublish).await
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/notes", operation_id = "questions_staff_add_note", tag = "moderation", request_body = BodyText,
    params(("tracking_no" = String, Path)),
    responses((status = 204, description = "内部备注已记录"), (status = 401), (status = 403), (status = 404)))]
pub async fn add_note(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<BodyText>,
) -> Result<StatusCode, AppError> {
    service::moderation::add_note(&state.db, &moderator, &no, &b.body).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/moderation/questions", operation_id = "questions_staff_queue", tag = "moderation",
    params(("kind" = Option<String>, Query), ("department_id" = Option<i32>, Query), ("q" = Option<String>, Query),
           ("status" = Option<String>, Query), ("month" = Option<String>, Query),
           ("overdue" = Option<String>, Query, description = "yellow | red"),
           ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, description = "全部留言，红牌、黄牌在前"), (status = 401), (status = 403),
              (status = 422, description = "筛选条件有误")))]
pub async fn queue(
    State(state): State<AppState>,
    moderator: Moderator,
    page: PageParams,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ListPage<Question>>, AppError> {
    let f = query_or_400(query)?.filters(false)?;
    let p = service::queries::moderation_list(&state.db, &moderator, &f, page.page, page.per_page)
        .await?;
    Ok(Json(p.into()))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct QuestionList {
    pub items: Vec<Question>,
}

#[utoipa::path(get, path = "/api/v1/moderation/questions/alarm", operation_id = "questions_staff_alarm", tag = "moderation",
    responses((status = 200, body = QuestionList, description = "受理超过 60 天仍未答复的留言（三个月未答复即不合格）"), (status = 401), (status = 403)))]
pub async fn alarm(
    State(state): State<AppState>,
    moderator: Moderator,
) -> Result<Json<QuestionList>, AppError> {
    Ok(Json(QuestionList {
        items: service::queries::alarm(&state.db, &moderator).await?,
    }))
}

#[utoipa::path(get, path = "/api/v1/moderation/questions/{tracking_no}", operation_id = "questions_staff_detail", tag = "moderation",
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = QuestionView, description = "含联系方式、内部备注与完整办理记录"), (status = 401), (status = 403), (status = 404)))]
pub async fn detail(
    State(state): State<AppState>,
    _: Moderator,
    caller: Caller,
    Path(no): Path<String>,
) -> Result<Json<QuestionView>, AppError> {
    Ok(Json(
        service::queries::view(&state.db, &state.secrets, &caller, &no, None).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/admin/time-limits", operation_id = "questions_staff_get_limits", tag = "admin",
    responses((status = 200, body = TimeLimits), (status = 401), (status = 403)))]
pub async fn get_limits(
    State(state): State<AppState>,
    _: caps::Admin,
) -> Result<Json<TimeLimits>, AppError> {
    Ok(Json(service::limits::load(&state.db).await?))
}

#[utoipa::path(put, path = "/api/v1/admin/time-limits", operation_id = "questions_staff_put_limits", tag = "admin", request_body = TimeLimits,
    responses((status = 200, body = TimeLimits), (status = 401), (status = 403), (status = 422)))]
pub async fn put_limits(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiJson(b): ApiJson<TimeLimits>,
) -> Result<Json<TimeLimits>, AppError> {
    let raw: Vec<(String, String)> = b
        .limits
        .iter()
        .map(|l| {
            (
                format!("limit_{}", l.kind.as_str()),
                l.working_days.to_string(),
            )
        })
        .chain(std::iter::once((
            "red_after".to_string(),
            b.red_after.to_string(),
        )))
        .chain(b.totals.iter().map(|l| {
            (
                format!("total_{}", l.kind.as_str()),
                l.working_days.to_string(),
            )
        }))
        .collect();
    Ok(Json(
        service::limits::update(&state.db, &admin, &raw).await?,
    ))
}

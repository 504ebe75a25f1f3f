//! The departments' side of 网络问政 (承办), the office's review of their answers, and 督办.
//! Thin adapters: the capability as an extractor, the body parsed once by the service.
use super::public::{query_or_400, ListQuery};
use super::staff::{BodyText, ReasonBody};
use crate::auth::caps::{Caller, Handler, Moderator, Supervisor};
use crate::error::AppError;
use crate::http::{ApiJson, ListPage, PageParams};
use crate::input::Number;
use crate::platform::AppState;
use crate::questions::service::handling::{self, HandlerCommand};
use crate::questions::service::moderation::{self, Command};
use crate::questions::service::supervision;
use crate::questions::types::{Question, SupervisionOverview};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;

async fn moderate(
    state: AppState,
    moderator: Moderator,
    no: String,
    cmd: Command,
) -> Result<Json<Question>, AppError> {
    Ok(Json(
        moderation::act(&state.db, &moderator, &no, cmd, state.clock.today()).await?,
    ))
}

async fn handle(
    state: AppState,
    handler: Handler,
    no: String,
    cmd: HandlerCommand,
) -> Result<Json<Question>, AppError> {
    Ok(Json(
        handling::act(&state.db, &handler, &no, cmd, state.clock.today()).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/approve-answer", operation_id = "questions_handling_approve", tag = "moderation",
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question, description = "承办单位的答复审核通过，留言人可见"),
              (status = 401), (status = 403), (status = 404), (status = 409, description = "没有待审核的答复")))]
pub async fn approve_answer(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
) -> Result<Json<Question>, AppError> {
    moderate(state, moderator, no, Command::ApproveAnswer).await
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/send-back", operation_id = "questions_handling_send_back", tag = "moderation", request_body = ReasonBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question, description = "答复退回承办单位重办"),
              (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn send_back(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<Question>, AppError> {
    moderate(state, moderator, no, Command::SendBack { reason: b.reason }).await
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/decline-extension", operation_id = "questions_handling_decline_extension", tag = "moderation", request_body = ReasonBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question, description = "不同意承办单位的延期申请（同意请用 extend）"),
              (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn decline_extension(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<Question>, AppError> {
    moderate(
        state,
        moderator,
        no,
        Command::DeclineExtension { reason: b.reason },
    )
    .await
}

#[utoipa::path(get, path = "/api/v1/handling/questions", operation_id = "questions_handling_queue", tag = "handling",
    params(("kind" = Option<String>, Query), ("department_id" = Option<i32>, Query), ("q" = Option<String>, Query),
           ("status" = Option<String>, Query), ("month" = Option<String>, Query),
           ("overdue" = Option<String>, Query, description = "yellow | red"),
           ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, description = "本人所在承办单位的留言：红牌、黄牌、督办在前"), (status = 401), (status = 403),
              (status = 422, description = "筛选条件有误")))]
pub async fn queue(
    State(state): State<AppState>,
    handler: Handler,
    page: PageParams,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ListPage<Question>>, AppError> {
    let f = query_or_400(query)?.filters(false)?;
    let p = handling::queue(&state.db, &handler, &f, page.page, page.per_page).await?;
    Ok(Json(p.into()))
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/draft-answer", operation_id = "questions_handling_draft", tag = "handling", request_body = BodyText,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question, description = "答复已提交网站办审核（status: answer_review）"),
              (status = 401), (status = 403), (status = 404, description = "不是本单位承办的留言"), (status = 409), (status = 422)))]
pub async fn draft_answer(
    State(state): State<AppState>,
    handler: Handler,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<BodyText>,
) -> Result<Json<Question>, AppError> {
    handle(
        state,
        handler,
        no,
        HandlerCommand::DraftAnswer { body: b.body },
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/return", operation_id = "questions_handling_return", tag = "handling", request_body = ReasonBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question, description = "退回网站办重新转办（status: pending，returns 记录退回）"),
              (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn return_question(
    State(state): State<AppState>,
    handler: Handler,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<ReasonBody>,
) -> Result<Json<Question>, AppError> {
    handle(
        state,
        handler,
        no,
        HandlerCommand::Return { reason: b.reason },
    )
    .await
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ExtensionRequestBody {
    #[schema(value_type = i32, minimum = 1)]
    pub working_days: Number,
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/extension-request", operation_id = "questions_handling_extension_request", tag = "handling", request_body = ExtensionRequestBody,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question, description = "延期申请已提交，由网站办决定"),
              (status = 401), (status = 403), (status = 404), (status = 409, description = "已过答复期限、已延期或已有申请"), (status = 422, description = "超过该类留言的延期上限")))]
pub async fn extension_request(
    State(state): State<AppState>,
    handler: Handler,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<ExtensionRequestBody>,
) -> Result<Json<Question>, AppError> {
    handle(
        state,
        handler,
        no,
        HandlerCommand::RequestExtension {
            working_days: b.working_days,
            reason: b.reason,
        },
    )
    .await
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/follow-up-answer", operation_id = "questions_handling_follow_up_answer", tag = "handling", request_body = BodyText,
    params(("tracking_no" = String, Path)),
    responses((status = 200, body = Question, description = "追问已答复（承办单位或网站办）"),
              (status = 401), (status = 403), (status = 404), (status = 409, description = "没有待答复的追问"), (status = 422)))]
pub async fn follow_up_answer(
    State(state): State<AppState>,
    caller: Caller,
    Path(no): Path<String>,
    body: Result<ApiJson<BodyText>, AppError>,
) -> Result<Json<Question>, AppError> {
    // Who may answer is decided before the body is read, as for every other route.
    let by = handling::FollowUpAnswerer::of(&caller)?;
    let ApiJson(b) = body?;
    let today = state.clock.today();
    Ok(Json(
        handling::answer_follow_up(&state.db, &by, &no, &b.body, today).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/supervision", operation_id = "questions_supervision_overview", tag = "supervision",
    responses((status = 200, body = SupervisionOverview, description = "各部门在办、黄牌、红牌、督办数，以及红黄牌留言"), (status = 401), (status = 403)))]
pub async fn overview(
    State(state): State<AppState>,
    supervisor: Supervisor,
) -> Result<Json<SupervisionOverview>, AppError> {
    Ok(Json(supervision::overview(&state.db, &supervisor).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SuperviseBody {
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/questions/{tracking_no}/supervise", operation_id = "questions_supervision_supervise", tag = "supervision", request_body = SuperviseBody,
    params(("tracking_no" = String, Path)),
    responses((status = 201, body = Question, description = "督办意见已记录并告知承办单位"),
              (status = 401), (status = 403), (status = 404), (status = 409, description = "不在办理中"), (status = 422)))]
pub async fn supervise(
    State(state): State<AppState>,
    supervisor: Supervisor,
    Path(no): Path<String>,
    ApiJson(b): ApiJson<SuperviseBody>,
) -> Result<(StatusCode, Json<Question>), AppError> {
    let q =
        supervision::supervise(&state.db, &supervisor, &no, &b.note, state.clock.today()).await?;
    Ok((StatusCode::CREATED, Json(q)))
}

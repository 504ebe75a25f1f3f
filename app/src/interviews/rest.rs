//! `/api/v1/interviews/*` as `api.md` describes it.
use super::service::{events, manage, messages, notices, questions};
use super::types::{Decision, Event, Interview, NetizenQuestion, Stage};
use super::{identity, stream};
use crate::auth::caps::{self, Caller};
use crate::error::AppError;
use crate::http::{ApiJson, ApiPath, ApiQuery, ListPage, PageParams};
use crate::platform::{AppState, ClientIp};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show))
        .routes(routes!(stage))
        .routes(routes!(reschedule))
        .routes(routes!(cancel))
        .routes(routes!(list_questions, ask))
        .routes(routes!(vote))
        .routes(routes!(moderate))
        .routes(routes!(message))
        .routes(routes!(events_stream))
        .routes(routes!(transcript))
        .routes(routes!(pin))
        .routes(routes!(review_entry))
}

#[utoipa::path(get, path = "/api/v1/interviews", operation_id = "interviews_list", tag = "interviews",
    params(("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, description = "公开的访谈（预告起）")))]
pub async fn list(
    State(state): State<AppState>,
    page: PageParams,
) -> Result<Json<ListPage<Interview>>, AppError> {
    let (items, total) = manage::list(&state.reads, None, page.offset(), page.per_page).await?;
    Ok(Json(ListPage {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
        total_capped: false,
        next: None,
    }))
}

#[utoipa::path(get, path = "/api/v1/interviews/{id}", operation_id = "interviews_show", params(("id" = i32, Path, description = "编号")), tag = "interviews",
    responses((status = 200, body = Interview), (status = 404, description = "不存在或未公开")))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<Interview>, AppError> {
    let host = caller.may::<caps::Host>();
    Ok(Json(manage::get(&state.db, id, host.as_ref()).await?))
}

#[utoipa::path(post, path = "/api/v1/interviews", operation_id = "interviews_create", tag = "interviews", request_body = manage::NewInterview,
    responses((status = 201, body = Interview), (status = 401, description = "未登录"), (status = 403, description = "仅主持人"), (status = 422, description = "字段校验失败")))]
pub async fn create(
    State(state): State<AppState>,
    host: caps::Host,
    ApiJson(input): ApiJson<manage::NewInterview>,
) -> Result<impl IntoResponse, AppError> {
    let i = manage::create(&state, &host, input).await?;
    Ok((StatusCode::CREATED, Json(i)))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct StageBody {
    pub stage: Stage,
    /// Announcing (to `preview`) outside 3 days to a month ahead, or for a length outside
    /// 60–120 minutes, needs a reason; it is kept with the interview and audited.
    #[serde(default)]
    pub override_reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/stage", operation_id = "interviews_stage", params(("id" = i32, Path, description = "编号")), tag = "interviews", request_body = StageBody,
    responses((status = 200, body = Interview), (status = 401, description = "未登录"), (status = 409, description = "只能进入下一阶段")))]
pub async fn stage(
    State(state): State<AppState>,
    host: caps::Host,
    ApiPath(id): ApiPath<i32>,
    ApiJson(b): ApiJson<StageBody>,
) -> Result<Json<Interview>, AppError> {
    Ok(Json(
        manage::move_stage(&state, &host, id, b.stage, b.override_reason.as_deref()).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/reschedule", operation_id = "interviews_reschedule", params(("id" = i32, Path, description = "编号")), tag = "interviews", request_body = notices::Reschedule,
    responses((status = 200, body = Interview, description = "已改期；已发布预告的，访谈页面显示调整公告"),
              (status = 401, description = "未登录"), (status = 403, description = "仅主持人"), (status = 404, description = "不存在"),
              (status = 409, description = "已开始直播或已取消"),
              (status = 422, description = "时间、时长或公告不正确；超出预告期或常规时长而未写理由")))]
pub async fn reschedule(
    State(state): State<AppState>,
    host: caps::Host,
    ApiPath(id): ApiPath<i32>,
    ApiJson(b): ApiJson<notices::Reschedule>,
) -> Result<Json<Interview>, AppError> {
    Ok(Json(notices::reschedule(&state, &host, id, &b).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CancelBody {
    /// The public notice, 10–1000 characters.
    pub notice: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/cancel", operation_id = "interviews_cancel", params(("id" = i32, Path, description = "编号")), tag = "interviews", request_body = CancelBody,
    responses((status = 200, body = Interview, description = "已取消；访谈页面显示取消公告，不再征集问题"),
              (status = 401, description = "未登录"), (status = 403, description = "仅主持人"), (status = 404, description = "不存在"),
              (status = 409, description = "草稿、已开始直播或已取消"),
              (status = 422, description = "公告内容不正确")))]
pub async fn cancel(
    State(state): State<AppState>,
    host: caps::Host,
    ApiPath(id): ApiPath<i32>,
    ApiJson(b): ApiJson<CancelBody>,
) -> Result<Json<Interview>, AppError> {
    Ok(Json(
        notices::cancel(&state, &host, id, b.notice.as_deref()).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AskBody {
    pub body: String,
    pub nickname: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Asked {
    pub id: i32,
    pub status: super::types::QuestionStatus,
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/questions", operation_id = "interviews_ask", params(("id" = i32, Path, description = "编号")), tag = "interviews", request_body = AskBody,
    responses((status = 201, body = Asked), (status = 409, description = "当前阶段不接受提问"), (status = 429, description = "提问过于频繁")))]
pub async fn ask(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    ApiPath(id): ApiPath<i32>,
    ApiJson(b): ApiJson<AskBody>,
) -> Result<impl IntoResponse, AppError> {
    let author = identity::person_key(&state, &session).await?;
    let q = questions::ask(&state, id, &author, ip, &b.body, b.nickname.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(Asked {
            id: q.id,
            status: q.status,
        }),
    ))
}

#[derive(Deserialize)]
pub struct QuestionQuery {
    #[serde(default)]
    queue: bool,
    #[serde(default)]
    by_time: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = InterviewQuestionList)]
pub struct QuestionList {
    pub items: Vec<NetizenQuestion>,
}

#[utoipa::path(get, path = "/api/v1/interviews/{id}/questions", operation_id = "interviews_list_questions", tag = "interviews",
    params(("id" = i32, Path, description = "编号"), ("queue" = Option<bool>, Query, description = "主持人：全部问题（含待审核）"),
           ("by_time" = Option<bool>, Query, description = "按时间而非票数排序")),
    responses((status = 200, body = QuestionList), (status = 401, description = "queue=true 时未登录"),
              (status = 403, description = "queue=true 时仅主持人")))]
pub async fn list_questions(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i32>,
    ApiQuery(q): ApiQuery<QuestionQuery>,
) -> Result<Json<QuestionList>, AppError> {
    if q.queue {
        let host = caller.host()?;
        return Ok(Json(QuestionList {
            items: questions::queue(&state.db, &host, id, q.by_time).await?,
        }));
    }
    manage::get(&state.db, id, None).await?;
    Ok(Json(QuestionList {
        items: questions::public_list(&state.reads, id).await?,
    }))
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/questions/{qid}/vote", operation_id = "interviews_vote", params(("id" = i32, Path, description = "编号"), ("qid" = i32, Path, description = "问题编号")), tag = "interviews",
    responses((status = 204, description = "已投票"), (status = 409, description = "已投过票")))]
pub async fn vote(
    State(state): State<AppState>,
    session: Session,
    ip: ClientIp,
    ApiPath((id, qid)): ApiPath<(i32, i32)>,
) -> Result<StatusCode, AppError> {
    let voter = identity::person_key(&state, &session).await?;
    questions::vote(&state, id, qid, &voter, ip).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ModerateBody {
    pub decision: Decision,
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/questions/{qid}/moderate", operation_id = "interviews_moderate", params(("id" = i32, Path, description = "编号"), ("qid" = i32, Path, description = "问题编号")), tag = "interviews", request_body = ModerateBody,
    responses((status = 200, body = NetizenQuestion), (status = 401, description = "未登录"), (status = 403, description = "仅主持人"),
              (status = 409, description = "该问题已经回答，或刚被他人处理")))]
pub async fn moderate(
    State(state): State<AppState>,
    host: caps::Host,
    ApiPath((id, qid)): ApiPath<(i32, i32)>,
    ApiJson(b): ApiJson<ModerateBody>,
) -> Result<Json<NetizenQuestion>, AppError> {
    Ok(Json(
        questions::moderate(&state, &host, id, qid, b.decision).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct MessageBody {
    pub speaker: String,
    pub body: String,
    pub answers_question_id: Option<i32>,
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/messages", operation_id = "interviews_message", params(("id" = i32, Path, description = "编号")), tag = "interviews", request_body = MessageBody,
    responses((status = 201, body = Event), (status = 401, description = "未登录"), (status = 409, description = "只有彩排和直播期间可以发布")))]
pub async fn message(
    State(state): State<AppState>,
    host: caps::Host,
    ApiPath(id): ApiPath<i32>,
    ApiJson(b): ApiJson<MessageBody>,
) -> Result<impl IntoResponse, AppError> {
    let e = messages::post_message(
        &state,
        &host,
        id,
        &b.speaker,
        &b.body,
        b.answers_question_id,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

#[derive(Deserialize)]
pub struct StreamQuery {
    after: Option<i32>,
    #[serde(default)]
    rehearsal: bool,
}

#[utoipa::path(get, path = "/api/v1/interviews/{id}/events", operation_id = "interviews_events_stream", tag = "interviews",
    params(("id" = i32, Path, description = "编号"), ("after" = Option<i32>, Query, description = "从此编号之后开始（与 Last-Event-ID 相同）"),
           ("rehearsal" = Option<bool>, Query, description = "主持人：彩排流")),
    responses((status = 200, content_type = "text/event-stream", description = "id: 每个访谈内逐一递增；event: message|answer|stage|pin|viewers"),
              (status = 429, description = "本地址或本实例打开的事件流已达上限，见 Retry-After")))]
pub async fn events_stream(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i32>,
    ApiQuery(q): ApiQuery<StreamQuery>,
) -> Result<impl IntoResponse, AppError> {
    // The public's streams read from the readers, so that thousands of viewers joining at
    // once never queue a host's message behind them on the SQLite writer.
    let db = if q.rehearsal {
        caller.host()?;
        super::service::row(&state.db, id).await?;
        state.db.clone()
    } else {
        manage::check_public(&state.reads, id).await?;
        state.reads.clone()
    };
    let header_id = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i32>().ok());
    let after = header_id.into_iter().chain(q.after).max().unwrap_or(0);
    let opener = stream::Opener {
        address: caller.ip.0,
        limits: super::hub::StreamLimits {
            per_address: state.config.streams_per_address,
            total: state.config.streams_total,
        },
    };
    stream::open(db, state.live.clone(), id, q.rehearsal, after, opener).await
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Transcript {
    pub items: Vec<Event>,
}

#[utoipa::path(get, path = "/api/v1/interviews/{id}/transcript", operation_id = "interviews_transcript", params(("id" = i32, Path, description = "编号")), tag = "interviews",
    responses((status = 200, body = Transcript, description = "已发布的访谈实录（审核时隐藏的条目不在其中）"),
              (status = 404, description = "访谈不存在或实录尚未发布")))]
pub async fn transcript(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<Transcript>, AppError> {
    // The transcript is what review approved: served once the interview is published.
    let interview = manage::get(&state.db, id, None).await?;
    if interview.stage != crate::interviews::types::Stage::Published {
        return Err(AppError::NotFound);
    }
    Ok(Json(Transcript {
        items: events::transcript(&state.reads, id).await?,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PinBody {
    pub event_id: Option<i32>,
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/pin", operation_id = "interviews_pin", params(("id" = i32, Path, description = "编号")), tag = "interviews", request_body = PinBody,
    responses((status = 204, description = "已置顶或取消置顶"), (status = 401, description = "未登录"), (status = 409, description = "只能在直播中置顶消息")))]
pub async fn pin(
    State(state): State<AppState>,
    host: caps::Host,
    ApiPath(id): ApiPath<i32>,
    ApiJson(b): ApiJson<PinBody>,
) -> Result<StatusCode, AppError> {
    manage::pin(&state, &host, id, b.event_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct EntryBody {
    pub body: Option<String>,
    #[serde(default)]
    pub hidden: bool,
}

#[utoipa::path(post, path = "/api/v1/interviews/{id}/entries/{seq}", operation_id = "interviews_review_entry", params(("id" = i32, Path, description = "编号"), ("seq" = i32, Path, description = "条目序号")), tag = "interviews", request_body = EntryBody,
    responses((status = 204, description = "已修改"), (status = 401, description = "未登录"), (status = 409, description = "仅审核阶段")))]
pub async fn review_entry(
    State(state): State<AppState>,
    host: caps::Host,
    ApiPath((id, seq)): ApiPath<(i32, i32)>,
    ApiJson(b): ApiJson<EntryBody>,
) -> Result<StatusCode, AppError> {
    manage::review_entry(&state, &host, id, seq, b.body, b.hidden).await?;
    Ok(StatusCode::NO_CONTENT)
}

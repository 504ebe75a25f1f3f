//! `GET /api/v1/search` (the three modules at once) and `GET /api/v1/search/interviews` (every
//! interview found, a page at a time): anyone, public items only.
use super::service;
use super::types::{InterviewHitPage, SearchResults};
use crate::error::AppError;
use crate::http::{ApiQuery, PageParams};
use crate::platform::AppState;
use axum::{extract::State, Json};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(interviews))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/search", operation_id = "search_all", tag = "search",
    params(("q" = String, Query, min_length = 1, max_length = 50, description = "检索词（必填，最多 50 个字；不能含手机号、证件号或电子邮箱）：空格分隔的每个词都须出现，两个字的词也能找到")),
    responses((status = 200, body = SearchResults,
               description = "三组结果，每组最多 5 条及该组总数：questions 为已公开的留言（个人信息已遮盖，按提交先后倒序），documents 为已发布的文件（标题含全部检索词的在前），interviews 为公开的访谈（预告起；实录仅在发布后检索，标题含全部检索词的在前）；标题和摘要中的检索词已标出"),
              (status = 422, description = "检索词为空、过长，或含手机号、证件号、电子邮箱（error.fields.q）")))]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResults>, AppError> {
    Ok(Json(
        service::search(&state.reads, query.q.as_deref()).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/search/interviews", operation_id = "search_interviews", tag = "search",
    params(("q" = String, Query, min_length = 1, max_length = 50, description = "检索词，同 GET /api/v1/search"),
           ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, body = InterviewHitPage, description = "检索到的全部公开访谈，分页"),
              (status = 422, description = "检索词为空、过长，或含手机号、证件号、电子邮箱（error.fields.q）")))]
pub async fn interviews(
    State(state): State<AppState>,
    page: PageParams,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<InterviewHitPage>, AppError> {
    let found =
        service::interview_page(&state.reads, query.q.as_deref(), page.page, page.per_page).await?;
    Ok(Json(found))
}

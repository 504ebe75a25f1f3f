//! `GET /api/v1/guide` (anyone) and `PUT /api/v1/guide` (admin).
use super::service;
use super::types::{Guide, GuideInput};
use crate::auth::caps;
use crate::error::AppError;
use crate::http::ApiJson;
use crate::platform::AppState;
use axum::{extract::State, Json};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_guide, put_guide))
}

#[utoipa::path(get, path = "/api/v1/guide", operation_id = "guide_get", tag = "disclosure",
    responses((status = 200, body = Guide, description = "政府信息公开指南（条例第十二条）；尚未编辑时为默认内容")))]
pub async fn get_guide(State(state): State<AppState>) -> Result<Json<Guide>, AppError> {
    Ok(Json(service::load(&state.reads, &state.config.site).await?))
}

#[utoipa::path(put, path = "/api/v1/guide", operation_id = "guide_put", tag = "disclosure", request_body = GuideInput,
    responses((status = 200, body = Guide), (status = 401, description = "未登录"), (status = 403, description = "仅管理员"),
              (status = 422, description = "字段校验失败")))]
pub async fn put_guide(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiJson(body): ApiJson<GuideInput>,
) -> Result<Json<Guide>, AppError> {
    Ok(Json(service::save(&state.db, &admin, &body).await?))
}

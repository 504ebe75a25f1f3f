//! The REST door of personal information: retention (admin), one's own copy, an item's
//! copy with its query code, deletion requests and the desk.
use super::service;
use super::types::*;
use crate::auth::caps::{self, Caller};
use crate::error::AppError;
use crate::http::{ApiJson, ApiPath};
use crate::platform::AppState;
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::IntoResponse,
    Json,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_retention, put_retention))
        .routes(routes!(my_copy))
        .routes(routes!(item_copy))
        .routes(routes!(create_request))
        .routes(routes!(desk))
        .routes(routes!(decide))
}

#[utoipa::path(get, path = "/api/v1/admin/retention", operation_id = "privacy_get_retention", tag = "admin",
    responses((status = 200, body = RetentionPeriods, description = "个人信息保存期限（办结后月数）"), (status = 401), (status = 403)))]
pub async fn get_retention(
    State(state): State<AppState>,
    _: caps::Admin,
) -> Result<Json<RetentionPeriods>, AppError> {
    Ok(Json(service::retention::load(&state.db).await?))
}

#[utoipa::path(put, path = "/api/v1/admin/retention", operation_id = "privacy_put_retention", tag = "admin", request_body = RetentionInput,
    responses((status = 200, body = RetentionPeriods), (status = 401), (status = 403),
              (status = 422, description = "月数须在 6 至 120 之间")))]
pub async fn put_retention(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiJson(b): ApiJson<RetentionInput>,
) -> Result<Json<RetentionPeriods>, AppError> {
    Ok(Json(
        service::retention::save(
            &state.db,
            &admin,
            &b.questions_months.to_string(),
            &b.applications_months.to_string(),
        )
        .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/auth/me/personal-data", operation_id = "privacy_my_copy", tag = "auth",
    responses((status = 200, body = PersonalDataCopy, description = "本账号的个人信息副本（账号资料、以本账号提交的留言、删除申请），作为附件下载"),
              (status = 401)))]
pub async fn my_copy(
    State(state): State<AppState>,
    me: caps::SignedIn,
    caller: Caller,
) -> Result<impl IntoResponse, AppError> {
    let copy = service::copy::of_account(&state, &me, &caller).await?;
    Ok((
        [
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"personal-data.json\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        Json(copy),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ItemCopyBody {
    pub tracking_no: String,
    pub query_code: String,
}

#[utoipa::path(post, path = "/api/v1/personal-data/copy", operation_id = "privacy_item_copy", tag = "auth", request_body = ItemCopyBody,
    responses((status = 200, body = PersonalDataCopy, description = "一件留言或政府信息公开申请中的个人信息副本（证件号码完整显示）"),
              (status = 422, description = "编号或查询码不正确"),
              (status = 429, description = "该编号或本地址的错误查询码过多，见 Retry-After")))]
pub async fn item_copy(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ItemCopyBody>,
) -> Result<impl IntoResponse, AppError> {
    let copy = service::copy::of_item(&state, &caller, &b.tracking_no, Some(&b.query_code)).await?;
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Json(copy)))
}

#[utoipa::path(post, path = "/api/v1/personal-data-requests", operation_id = "privacy_request_deletion", tag = "auth", request_body = DeletionInput,
    responses((status = 201, body = DeletionRequest, description = "已受理；15 个工作日内办理"),
              (status = 401, description = "未给编号时须登录（删除本账号）"),
              (status = 409, description = "已有待办理的申请，或为工作人员账号"),
              (status = 422, description = "编号或查询码不正确，或理由过长"),
              (status = 429, description = "错误查询码过多")))]
pub async fn create_request(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<DeletionInput>,
) -> Result<(StatusCode, Json<DeletionRequest>), AppError> {
    Ok((
        StatusCode::CREATED,
        Json(service::requests::create(&state, &caller, &b).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/admin/personal-data-requests", operation_id = "privacy_desk", tag = "admin",
    responses((status = 200, body = Vec<DeletionRequest>, description = "待办理的申请（最紧急的在前），以及最近办结的 50 件"),
              (status = 401), (status = 403)))]
pub async fn desk(
    State(state): State<AppState>,
    admin: caps::Admin,
) -> Result<Json<Vec<DeletionRequest>>, AppError> {
    Ok(Json(
        service::requests::desk(&state.db, &admin, state.clock.today()).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/personal-data-requests/{id}/decision", operation_id = "privacy_decide", tag = "admin",
    params(("id" = i32, Path, description = "申请编号")), request_body = DecisionInput,
    responses((status = 200, body = DeletionRequest),
              (status = 401), (status = 403, description = "仅管理员；超过 15 分钟未登录时 code 为 reauth_required"),
              (status = 404), (status = 409, description = "已经办理，或所涉事项尚在办理中"),
              (status = 422, description = "不予删除须说明理由")))]
pub async fn decide(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiPath(id): ApiPath<i32>,
    ApiJson(b): ApiJson<DecisionInput>,
) -> Result<Json<DeletionRequest>, AppError> {
    Ok(Json(
        service::requests::decide(&state, &admin, id, &b).await?,
    ))
}

//! `/api/v1/departments` (public) and the admin endpoints for accounts and departments.
use super::{departments, Department};
use crate::auth::caps::{self};
use crate::auth::{service as auth, Role, User};
use crate::error::AppError;
use crate::http::{ApiJson, ApiPath, ApiQuery, ListPage, PageParams};
use crate::platform::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update))
        .routes(routes!(users))
        .routes(routes!(set_role))
        .routes(routes!(disable_user))
        .routes(routes!(enable_user))
        .routes(routes!(audit))
        .routes(routes!(audit_csv))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DepartmentList {
    pub items: Vec<Department>,
}

#[utoipa::path(get, path = "/api/v1/departments", operation_id = "admin_list", tag = "accounts",
    responses((status = 200, body = DepartmentList)))]
pub async fn list(State(state): State<AppState>) -> Result<Json<DepartmentList>, AppError> {
    Ok(Json(DepartmentList {
        items: departments::list(&state.reads, false).await?,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct DepartmentBody {
    pub name: String,
    pub active: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/departments", operation_id = "admin_create", tag = "admin", request_body = DepartmentBody,
    responses((status = 201, body = Department), (status = 401, description = "未登录"), (status = 403, description = "仅管理员")))]
pub async fn create(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiJson(body): ApiJson<DepartmentBody>,
) -> Result<impl IntoResponse, AppError> {
    let d = departments::create(&state.db, &admin, &body.name).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

#[utoipa::path(put, path = "/api/v1/departments/{id}", operation_id = "admin_update", params(("id" = i32, Path, description = "编号")), tag = "admin", request_body = DepartmentBody,
    responses((status = 200, body = Department), (status = 401, description = "未登录"), (status = 404, description = "不存在")))]
pub async fn update(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<DepartmentBody>,
) -> Result<Json<Department>, AppError> {
    let d = departments::update(
        &state.db,
        &admin,
        id,
        &body.name,
        body.active.unwrap_or(true),
    )
    .await?;
    Ok(Json(d))
}

#[derive(Deserialize)]
pub struct UserQuery {
    q: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/users", operation_id = "admin_users", tag = "admin",
    params(("q" = Option<String>, Query, description = "用户名或显示名称片段"),
           ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, description = "用户列表"), (status = 401, description = "未登录"), (status = 403, description = "仅管理员")))]
pub async fn users(
    State(state): State<AppState>,
    _: caps::Admin,
    page: PageParams,
    ApiQuery(query): ApiQuery<UserQuery>,
) -> Result<Json<ListPage<User>>, AppError> {
    let (items, total) =
        auth::list_users(&state.db, query.q.as_deref(), page.page, page.per_page).await?;
    Ok(Json(ListPage {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
        total_capped: false,
        next: None,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RoleBody {
    pub role: Role,
    pub granted: bool,
    /// Required for `handler`, which is granted per department.
    #[serde(default)]
    pub department_id: Option<i32>,
}

#[utoipa::path(post, path = "/api/v1/admin/users/{id}/roles", operation_id = "admin_set_role", params(("id" = i32, Path, description = "编号")), tag = "admin", request_body = RoleBody,
    responses((status = 200, body = User), (status = 401, description = "未登录"), (status = 403, description = "仅管理员；超过 15 分钟未登录时 code 为 reauth_required"),
              (status = 409, description = "不能撤销自己的管理员角色")))]
pub async fn set_role(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<RoleBody>,
) -> Result<Json<User>, AppError> {
    Ok(Json(
        auth::set_role(
            &state.db,
            &admin,
            id,
            body.role.as_str(),
            body.granted,
            body.department_id,
        )
        .await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/users/{id}/disable", operation_id = "admin_disable_user", params(("id" = i32, Path, description = "编号")), tag = "admin",
    responses((status = 204, description = "已停用：其会话立即失效，登录按密码错误处理"),
              (status = 401), (status = 403, description = "仅管理员；超过 15 分钟未登录时 code 为 reauth_required"),
              (status = 404), (status = 409, description = "不能停用自己")))]
pub async fn disable_user(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, AppError> {
    auth::set_disabled(&state.db, &admin, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/admin/users/{id}/enable", operation_id = "admin_enable_user", params(("id" = i32, Path, description = "编号")), tag = "admin",
    responses((status = 204, description = "已启用"),
              (status = 401), (status = 403, description = "仅管理员；超过 15 分钟未登录时 code 为 reauth_required"),
              (status = 404)))]
pub async fn enable_user(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, AppError> {
    auth::set_disabled(&state.db, &admin, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/admin/audit", operation_id = "admin_audit", tag = "admin",
    params(super::audit::AuditQuery, ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, description = "审计日志，最新的在前：登录（成功与失败）、退出、被拒绝的访问、角色与账号变更、读取申请人个人信息，以及各项办理操作"),
              (status = 401), (status = 403), (status = 422, description = "日期格式有误")))]
pub async fn audit(
    State(state): State<AppState>,
    admin: caps::Admin,
    page: PageParams,
    ApiQuery(q): ApiQuery<super::audit::AuditQuery>,
) -> Result<Json<ListPage<super::audit::AuditItem>>, AppError> {
    let p = super::audit::service::list(&state.db, &admin, &q, page.page, page.per_page).await?;
    Ok(Json(ListPage {
        items: p.items,
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        total_capped: false,
        next: None,
    }))
}

#[utoipa::path(get, path = "/api/v1/admin/audit/csv", operation_id = "admin_audit_csv", tag = "admin",
    params(super::audit::AuditQuery),
    responses((status = 200, content_type = "text/csv", description = "按同样条件导出的审计日志（UTF-8，带 BOM）"),
              (status = 401), (status = 403), (status = 422)))]
pub async fn audit_csv(
    State(state): State<AppState>,
    admin: caps::Admin,
    ApiQuery(q): ApiQuery<super::audit::AuditQuery>,
) -> Result<impl IntoResponse, AppError> {
    let body = super::audit::service::csv(&state.db, &admin, &q).await?;
    super::audit::service::record_export(&state.db, &admin).await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.csv\"",
            ),
        ],
        body,
    ))
}

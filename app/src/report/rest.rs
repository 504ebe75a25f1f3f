//! `/api/v1/reports/annual/{year}`: the annual report's figures, as JSON, CSV and Excel.
use super::service;
use super::types::{parse_scope, AnnualReport, DepartmentReports, Scope};
use crate::auth::caps::{self};
use crate::error::AppError;
use crate::http::{ApiJson, ApiQuery};
use crate::platform::AppState;
use axum::{
    extract::{Path, State},
    http::header,
    response::IntoResponse,
    Json,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(annual))
        .routes(routes!(annual_csv))
        .routes(routes!(annual_xlsx))
        .routes(routes!(departments))
        .routes(routes!(save_figures))
        .routes(routes!(save_sections))
        .routes(routes!(publish))
}

fn year(raw: &str) -> Result<i32, AppError> {
    raw.parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or(AppError::NotFound)
}

/// Whose report: `?department_id=` names a department's, its absence the district's.
#[derive(Deserialize, Default)]
pub struct ScopeQuery {
    pub department_id: Option<String>,
}

impl ScopeQuery {
    fn scope(&self) -> Result<Scope, AppError> {
        parse_scope(self.department_id.as_deref())
            .map_err(|e| AppError::invalid("department_id", e))
    }
}

/// The file name of an export, with the department's id for a department's report.
fn file_name(y: i32, scope: Scope, ext: &str) -> String {
    match scope.department() {
        None => format!("annual-report-{y}.{ext}"),
        Some(d) => format!("annual-report-{y}-department-{d}.{ext}"),
    }
}

#[utoipa::path(get, path = "/api/v1/reports/annual/{year}", operation_id = "report_annual", params(("year" = i32, Path, description = "年份"), ("department_id" = Option<i32>, Query, description = "部门的年度报告；省略为全区报告")), tag = "disclosure",
    responses((status = 200, body = AnnualReport, description = "表二至表四的数字；consistent 为一+二=三+四是否成立"),
              (status = 404, description = "年份无效，或部门不存在"), (status = 422, description = "部门编号格式不正确")))]
pub async fn annual(
    State(state): State<AppState>,
    Path(y): Path<String>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
) -> Result<Json<AnnualReport>, AppError> {
    Ok(Json(
        service::annual(&state.db, year(&y)?, q.scope()?).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/reports/annual/{year}/departments", operation_id = "report_departments", params(("year" = i32, Path, description = "年份")), tag = "disclosure",
    responses((status = 200, body = DepartmentReports, description = "各部门的年度报告是否已发布、所办申请数，以及未指定承办部门的申请数"),
              (status = 404, description = "年份无效")))]
pub async fn departments(
    State(state): State<AppState>,
    Path(y): Path<String>,
) -> Result<Json<DepartmentReports>, AppError> {
    Ok(Json(
        super::departments::department_reports(&state.db, year(&y)?).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/reports/annual/{year}/csv", operation_id = "report_annual_csv", params(("year" = i32, Path, description = "年份"), ("department_id" = Option<i32>, Query, description = "部门的年度报告；省略为全区报告")), tag = "disclosure",
    responses((status = 200, description = "CSV（UTF-8，带 BOM）", content_type = "text/csv"),
              (status = 404, description = "年份无效，或部门不存在"), (status = 422, description = "部门编号格式不正确")))]
pub async fn annual_csv(
    State(state): State<AppState>,
    Path(y): Path<String>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
) -> Result<impl IntoResponse, AppError> {
    let (y, scope) = (year(&y)?, q.scope()?);
    let r = service::annual(&state.db, y, scope).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file_name(y, scope, "csv")),
            ),
        ],
        service::csv(&r),
    ))
}

/// The media type of `.xlsx` workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[utoipa::path(get, path = "/api/v1/reports/annual/{year}/xlsx", operation_id = "report_annual_xlsx", params(("year" = i32, Path, description = "年份"), ("department_id" = Option<i32>, Query, description = "部门的年度报告；省略为全区报告")), tag = "disclosure",
    responses((status = 200, description = "Excel 工作簿：表二至表四（按全国统一格式合并表头）、核对结果与各栏目条数",
               content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 404, description = "年份无效，或部门不存在"), (status = 422, description = "部门编号格式不正确")))]
pub async fn annual_xlsx(
    State(state): State<AppState>,
    Path(y): Path<String>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
) -> Result<impl IntoResponse, AppError> {
    let (y, scope) = (year(&y)?, q.scope()?);
    let r = service::annual(&state.db, y, scope).await?;
    let bytes = super::xlsx::xlsx(&r).map_err(|e| {
        tracing::error!(error = %e, "writing the annual report workbook failed");
        AppError::Internal
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, XLSX.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file_name(y, scope, "xlsx")),
            ),
        ],
        bytes,
    ))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(default)]
pub struct FiguresBody {
    /// Keys as in the report's staff form (`permits`, `fees_wan`, `review_upheld`, ...).
    pub figures: BTreeMap<String, serde_json::Value>,
}

#[utoipa::path(post, path = "/api/v1/reports/annual/{year}/figures", operation_id = "report_save_figures", params(("year" = i32, Path, description = "年份"), ("department_id" = Option<i32>, Query, description = "部门的年度报告；省略为全区报告")), tag = "disclosure", request_body = FiguresBody,
    responses((status = 200, body = AnnualReport), (status = 401, description = "未登录"), (status = 403, description = "仅编辑或管理员"),
              (status = 404, description = "年份无效，或部门不存在"), (status = 409, description = "报告已发布，不能再修改"),
              (status = 422, description = "数字格式不正确")))]
pub async fn save_figures(
    State(state): State<AppState>,
    user: caps::Editor,
    Path(y): Path<String>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
    ApiJson(body): ApiJson<FiguresBody>,
) -> Result<Json<AnnualReport>, AppError> {
    let (y, scope) = (year(&y)?, q.scope()?);
    let values: Vec<(String, String)> = body
        .figures
        .into_iter()
        .map(|(k, v)| {
            let s = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, s)
        })
        .collect();
    service::save_figures(&state.db, &user, y, scope, &values).await?;
    Ok(Json(service::annual(&state.db, y, scope).await?))
}

/// The written sections; a missing one keeps its text.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct SectionsBody {
    /// 一、总体情况
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub overview: Option<String>,
    /// 五、存在的主要问题及改进情况
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub problems: Option<String>,
    /// 六、其他需要报告的事项
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub other_matters: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/reports/annual/{year}/sections", operation_id = "report_save_sections", params(("year" = i32, Path, description = "年份"), ("department_id" = Option<i32>, Query, description = "部门的年度报告；省略为全区报告")), tag = "disclosure", request_body = SectionsBody,
    responses((status = 200, body = AnnualReport), (status = 401, description = "未登录"), (status = 403, description = "仅编辑或管理员"),
              (status = 404, description = "年份无效，或部门不存在"),
              (status = 409, description = "报告已发布，不能再修改"), (status = 422, description = "逐项说明")))]
pub async fn save_sections(
    State(state): State<AppState>,
    user: caps::Editor,
    Path(y): Path<String>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
    ApiJson(body): ApiJson<SectionsBody>,
) -> Result<Json<AnnualReport>, AppError> {
    let (y, scope) = (year(&y)?, q.scope()?);
    let values = [
        ("overview", body.overview),
        ("problems", body.problems),
        ("other_matters", body.other_matters),
    ];
    super::publish::save_sections(&state.db, &user, y, scope, &values, chrono::Utc::now()).await?;
    Ok(Json(service::annual(&state.db, y, scope).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct PublishBody {
    /// The publishing body of the district report's catalog document; by default the first
    /// department. A department's report is always published by the department.
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub publisher_id: Option<crate::input::Number>,
}

#[utoipa::path(post, path = "/api/v1/reports/annual/{year}/publish", operation_id = "report_publish", params(("year" = i32, Path, description = "年份"), ("department_id" = Option<i32>, Query, description = "部门的年度报告；省略为全区报告")), tag = "disclosure", request_body(content = Option<PublishBody>, description = "可省略"),
    responses((status = 200, body = AnnualReport, description = "已发布：此后报告的数字和内容不再变动，并在目录“工作报告”栏目公开"),
              (status = 401, description = "未登录"), (status = 403, description = "仅管理员"), (status = 404, description = "年份无效，或部门不存在"),
              (status = 409, description = "已经发布过，或年度尚未开始"), (status = 422, description = "发布机构无效")))]
pub async fn publish(
    State(state): State<AppState>,
    admin: caps::Admin,
    Path(y): Path<String>,
    ApiQuery(q): ApiQuery<ScopeQuery>,
    // No body, or a JSON null, is the same as an empty object.
    body: Option<ApiJson<Option<PublishBody>>>,
) -> Result<Json<AnnualReport>, AppError> {
    let (y, scope) = (year(&y)?, q.scope()?);
    let body = body.and_then(|b| b.0).unwrap_or_default();
    Ok(Json(
        super::publish::publish(
            &state.db,
            &admin,
            y,
            scope,
            body.publisher_id,
            state.clock.today(),
            chrono::Utc::now(),
        )
        .await?,
    ))
}

//! `GET /api/v1/openapi.json`: the OpenAPI 3 document, generated with the routes. The
//! paths come from the routers (`api::document`); this holds the rest.
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Gongkai 政务公开平台 API", version = "1",
         description = "网络问政、在线访谈、政府信息公开目录的公开接口。错误统一为 {\"error\": {\"code\", \"message\", \"fields\"?}}。"),
    tags((name = "service"), (name = "accounts"), (name = "admin"),
         (name = "questions", description = "网络问政：提交、查询、公开答复与统计"),
         (name = "moderation", description = "网络问政审核与办理（审核员、管理员）"),
         (name = "interviews", description = "在线访谈：预告、征集、直播与实录"),
         (name = "catalog", description = "政府信息公开目录"),
         (name = "disclosure", description = "依申请公开与年度报告"))
)]
pub struct ApiDoc;

#[utoipa::path(get, path = "/api/v1/openapi.json", operation_id = "api_openapi_serve", tag = "service",
    responses((status = 200, description = "本 OpenAPI 文档")))]
pub async fn serve() -> Json<&'static utoipa::openapi::OpenApi> {
    static DOCUMENT: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();
    Json(DOCUMENT.get_or_init(super::document))
}

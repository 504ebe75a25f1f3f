//! `GET /api/v1/openapi.json`: the OpenAPI 3 document, generated from the handlers.
use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Gongkai 政务公开平台 API", version = "1",
         description = "网络问政、在线访谈、政府信息公开目录的公开接口。错误统一为 {\"error\": {\"code\", \"message\", \"fields\"?}}。"),
    paths(
        super::health,
        crate::auth::rest::register,
        crate::auth::rest::login,
        crate::auth::rest::logout,
        crate::auth::rest::me,
        crate::admin::rest::list,
        crate::admin::rest::create,
        crate::admin::rest::update,
        crate::admin::rest::users,
        crate::admin::rest::set_role,
        crate::catalog::rest::list_columns,
        crate::catalog::rest::create_column,
        crate::catalog::rest::list_documents,
        crate::catalog::rest::get_document,
        crate::catalog::rest::create_document,
        crate::catalog::rest::update_document,
        crate::catalog::rest::publish_document,
        crate::catalog::rest::set_validity,
        crate::catalog::rest::late_documents,
        crate::catalog::rest::get_body,
        crate::catalog::rest::put_body,
        crate::disclosure::rest::create,
        crate::disclosure::rest::list,
        crate::disclosure::rest::show,
        crate::disclosure::rest::correction,
        crate::disclosure::rest::corrected,
        crate::disclosure::rest::extend,
        crate::disclosure::rest::consult_start,
        crate::disclosure::rest::consult_end,
        crate::disclosure::rest::reply,
        crate::report::rest::annual,
        crate::report::rest::annual_csv,
        crate::report::rest::save_figures,
    ),
    tags((name = "service"), (name = "accounts"), (name = "admin"),
         (name = "catalog", description = "政府信息公开目录"),
         (name = "disclosure", description = "依申请公开与年度报告"))
)]
pub struct ApiDoc;

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

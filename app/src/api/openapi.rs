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
        crate::interviews::rest::list,
        crate::interviews::rest::show,
        crate::interviews::rest::create,
        crate::interviews::rest::stage,
        crate::interviews::rest::ask,
        crate::interviews::rest::list_questions,
        crate::interviews::rest::vote,
        crate::interviews::rest::moderate,
        crate::interviews::rest::message,
        crate::interviews::rest::events_stream,
        crate::interviews::rest::transcript,
        crate::interviews::rest::pin,
        crate::interviews::rest::review_entry,
    ),
    tags((name = "service"), (name = "accounts"), (name = "admin"), (name = "interviews"))
)]
pub struct ApiDoc;

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

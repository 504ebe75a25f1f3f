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
        crate::questions::rest::public::submit,
        crate::questions::rest::public::list,
        crate::questions::rest::public::get_one,
        crate::questions::rest::public::rate,
        crate::questions::rest::public::follow_up,
        crate::questions::rest::public::stats,
        crate::questions::rest::staff::accept,
        crate::questions::rest::staff::reject,
        crate::questions::rest::staff::answer,
        crate::questions::rest::staff::extend,
        crate::questions::rest::staff::publish,
        crate::questions::rest::staff::unpublish,
        crate::questions::rest::staff::add_note,
        crate::questions::rest::staff::queue,
        crate::questions::rest::staff::alarm,
        crate::questions::rest::staff::detail,
        crate::questions::rest::staff::get_limits,
        crate::questions::rest::staff::put_limits,
    ),
    tags((name = "service"), (name = "accounts"), (name = "admin"),
         (name = "questions", description = "网络问政：提交、查询、公开答复与统计"),
         (name = "moderation", description = "网络问政审核与办理（审核员、管理员）"),
         (name = "interviews", description = "在线访谈：预告、征集、直播与实录"))
)]
pub struct ApiDoc;

pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

//! The public REST API (`/api/v1`, see `api.md`): shared request/response plumbing and the
//! router that gathers every feature's handlers. Handlers live beside their feature.

pub mod access;
pub mod openapi;

use crate::platform::AppState;
use axum::{routing::any, Json, Router};
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Every `/api/v1` route, each registered with its OpenAPI entry (utoipa-axum), so no route
/// can exist undocumented; the features each return their own router.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(openapi::serve))
        .merge(crate::auth::rest::routes())
        .merge(crate::admin::rest::routes())
        .merge(crate::interviews::rest::routes())
        .merge(crate::questions::rest::routes())
        .merge(crate::catalog::rest::routes())
        .merge(crate::disclosure::rest::routes())
        .merge(crate::disclosure::file_routes::routes())
        .merge(crate::guide::rest::routes())
        .merge(crate::privacy::rest::routes())
        .merge(crate::report::rest::routes())
        .merge(crate::search::rest::routes())
}

/// The routes, at their full paths. Unknown paths under `/api/v1` answer the JSON 404.
pub fn router() -> Router<AppState> {
    documented()
        .split_for_parts()
        .0
        // An explicit catch-all: it outranks the server functions' `/api/{*fn_name}`.
        .route(
            "/api/v1/{*rest}",
            any(|| async { crate::error::AppError::NotFound }),
        )
}

/// The OpenAPI document of exactly the routes above.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = documented().into_openapi();
    openapi::document_common_errors(&mut doc);
    doc
}

#[utoipa::path(get, path = "/api/v1/health", operation_id = "api_health", tag = "service",
    responses((status = 200, description = "数据库可用", example = json!({"status": "ok"})),
              (status = 500, description = "数据库不可用")))]
async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Json<serde_json::Value>, crate::error::AppError> {
    state.db.ping().await?;
    Ok(Json(serde_json::json!({"status": "ok"})))
}

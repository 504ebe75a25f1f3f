//! `/api/v1/questions`, `/api/v1/moderation/questions`, `/api/v1/admin/time-limits`, and the
//! CSV export of the statistics page. The same service as the server functions.
pub mod handling;
pub mod public;
pub mod staff;

use crate::platform::AppState;
use axum::{routing::get, Router};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(public::list, public::submit))
        .routes(routes!(public::stats))
        .routes(routes!(public::get_one))
        .routes(routes!(public::rate))
        .routes(routes!(public::follow_up))
        .routes(routes!(staff::accept))
        .routes(routes!(staff::reject))
        .routes(routes!(staff::answer))
        .routes(routes!(staff::extend))
        .routes(routes!(staff::publish))
        .routes(routes!(staff::unpublish))
        .routes(routes!(staff::add_note))
        .routes(routes!(staff::queue))
        .routes(routes!(staff::alarm))
        .routes(routes!(staff::detail))
        .routes(routes!(staff::get_limits, staff::put_limits))
        .routes(routes!(handling::approve_answer))
        .routes(routes!(handling::send_back))
        .routes(routes!(handling::decline_extension))
        .routes(routes!(handling::queue))
        .routes(routes!(handling::draft_answer))
        .routes(routes!(handling::return_question))
        .routes(routes!(handling::extension_request))
        .routes(routes!(handling::follow_up_answer))
        .routes(routes!(handling::overview))
        .routes(routes!(handling::supervise))
}

/// Routes outside `/api/v1`: the statistics page's CSV download.
pub fn page_routes() -> Router<AppState> {
    Router::new().route("/questions/stats.csv", get(public::stats_csv))
}

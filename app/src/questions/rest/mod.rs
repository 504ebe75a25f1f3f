//! `/api/v1/questions`, `/api/v1/moderation/questions`, `/api/v1/admin/time-limits`, and the
//! CSV export of the statistics page. The same service as the server functions.
pub mod public;
pub mod staff;

use crate::platform::AppState;
use axum::{
    routing::{get, post},
    Router,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/questions", get(public::list).post(public::submit))
        .route("/questions/stats", get(public::stats))
        .route("/questions/{tracking_no}", get(public::get_one))
        .route("/questions/{tracking_no}/rate", post(public::rate))
        .route(
            "/questions/{tracking_no}/follow-up",
            post(public::follow_up),
        )
        .route("/questions/{tracking_no}/accept", post(staff::accept))
        .route("/questions/{tracking_no}/reject", post(staff::reject))
        .route("/questions/{tracking_no}/answer", post(staff::answer))
        .route("/questions/{tracking_no}/extend", post(staff::extend))
        .route("/questions/{tracking_no}/publish", post(staff::publish))
        .route("/questions/{tracking_no}/unpublish", post(staff::unpublish))
        .route("/questions/{tracking_no}/notes", post(staff::add_note))
        .route("/moderation/questions", get(staff::queue))
        .route("/moderation/questions/alarm", get(staff::alarm))
        .route("/moderation/questions/{tracking_no}", get(staff::detail))
        .route(
            "/admin/time-limits",
            get(staff::get_limits).put(staff::put_limits),
        )
}

/// Routes outside `/api/v1`: the statistics page's CSV download.
pub fn page_routes() -> Router<AppState> {
    Router::new().route("/questions/stats.csv", get(public::stats_csv))
}

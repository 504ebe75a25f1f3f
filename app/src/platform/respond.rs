//! Shaping the HTTP response of a server function from inside it.
use axum::http::{header, HeaderValue, StatusCode};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// A 429 with `Retry-After`, for server functions refused by a rate limit.
pub fn retry_after(secs: u64) {
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(StatusCode::TOO_MANY_REQUESTS);
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            res.insert_header(header::RETRY_AFTER, v);
        }
    }
}

/// Runs a server function's body and gives a failure the status of its error (422, 404,
/// 409, 429 …) instead of the 500 that server functions answer by default.
pub async fn with_status<T>(
    body: impl std::future::Future<Output = Result<T, crate::error::AppError>>,
) -> Result<T, crate::error::AppError> {
    let result = body.await;
    // Only a direct call answers with the error's status; a page that renders the same
    // function while server-side rendering keeps its own status.
    // A browser posting the form without JavaScript (it accepts HTML) is redirected back by
    // leptos_axum, and an error status would replace that redirect with an empty page.
    let direct_call = use_context::<axum::http::request::Parts>().is_some_and(|p| {
        let accepts_html = p
            .headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        p.uri.path().starts_with("/api/") && !accepts_html
    });
    if let (Err(e), true) = (&result, direct_call) {
        if let crate::error::AppError::RateLimited { retry_after_secs } = e {
            retry_after(*retry_after_secs);
        } else if let Some(res) = use_context::<ResponseOptions>() {
            res.set_status(
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
    }
    result
}

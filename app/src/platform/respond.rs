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

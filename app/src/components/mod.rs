//! Shared UI: the page shell (header, footer, skip link), form fields and notices, paging.
mod form;
mod layout;
mod pager;
pub mod prefs;
pub mod privacy;
mod read_aloud;

pub use form::{field_error, successes, ErrorNotice, Field, LastError, SelectField, TextAreaField};
pub use layout::{Footer, Header, NotFound, PageTitle, SkipLink};
pub use pager::{query_string, Pager};
pub use privacy::PrivacyConsent;
pub use read_aloud::ReadAloud;

/// `2026-11-26T09:30:00+08:00` → `2026-11-26 09:30` (district time, as the API prints it).
pub fn show_time(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}

/// A text kept with line breaks, one paragraph per line (the 公开指南, the report's sections).
pub fn paragraphs(text: &str) -> impl leptos::IntoView {
    use leptos::prelude::*;
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| view! { <p>{l.to_string()}</p> })
        .collect_view()
}

pub fn show_date(rfc3339: &str) -> String {
    rfc3339.get(..10).unwrap_or(rfc3339).to_string()
}

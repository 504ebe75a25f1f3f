//! 全站搜索: one box for the whole portal. The questions, the catalog and the interviews are
//! each searched by their own module's public search (same ranking, same masking, public
//! items only); this slice only puts the groups side by side.
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use leptos::prelude::*;
use types::{InterviewHitPage, SearchResults};

/// The search page's overview: the first hits of each module.
#[server]
pub async fn site_search(q: Option<String>) -> Result<SearchResults, AppError> {
    let state = crate::platform::AppState::from_context()?;
    service::search(&state.reads, q.as_deref()).await
}

/// Every interview found, 20 a page (the interview group's "查看全部").
#[server]
pub async fn site_search_interviews(
    q: Option<String>,
    page: Option<u64>,
) -> Result<InterviewHitPage, AppError> {
    let state = crate::platform::AppState::from_context()?;
    service::interview_page(&state.reads, q.as_deref(), page.unwrap_or(1), 20).await
}

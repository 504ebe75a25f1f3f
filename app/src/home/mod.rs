//! 首页: what is happening now, at a glance — the live or next interview, the latest
//! answers, the newest documents and notices, and this month's 网络问政 figures.
pub mod page;
pub mod types;

#[cfg(feature = "ssr")]
pub mod service;

pub use page::HomePage;

use crate::error::AppError;
use leptos::prelude::*;
use types::HomeContent;

#[server]
pub async fn home_overview() -> Result<HomeContent, AppError> {
    let state = crate::platform::AppState::from_context()?;
    service::overview(&state).await
}

//! The site's own furniture: who runs it (the footer's 主办/承办, 网站标识码, 备案号, contact,
//! 我为政府网站找错) and the 网站地图 page.
pub mod pages;
pub mod types;

use crate::error::AppError;
use leptos::prelude::*;
use types::SiteIdentity;

/// The footer's facts, from the configuration (`GONGKAI_SITE_*`).
#[server]
pub async fn load_site_identity() -> Result<SiteIdentity, AppError> {
    let state = crate::platform::AppState::from_context()?;
    Ok(state.config.site.clone())
}

//! 政府信息公开指南 (条例第十二条): how the information is classified and arranged, how to
//! obtain it, and the office that handles disclosure. Admins keep it; the public page is
//! linked from every page's footer.
// A server function takes the form's fields one by one.
#![allow(clippy::too_many_arguments)]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

use crate::error::AppError;
use leptos::prelude::*;
use types::Guide;

#[cfg(feature = "ssr")]
use crate::auth::caps;

/// The guide, as the public reads it.
#[server]
pub async fn load_guide() -> Result<Guide, AppError> {
    let state = crate::platform::AppState::from_context()?;
    service::load(&state.reads, &state.config.site).await
}

/// Admins save the guide from its form.
#[server]
pub async fn save_guide(
    office: String,
    address: String,
    hours: String,
    phone: String,
    fax: Option<String>,
    email: Option<String>,
    classification: String,
    proactive: String,
    on_request: String,
    remedies: String,
) -> Result<Guide, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    let input = types::GuideInput {
        office,
        address,
        hours,
        phone,
        fax,
        email,
        classification,
        proactive,
        on_request,
        remedies,
    };
    service::save(&state.db, &admin, &input).await
}

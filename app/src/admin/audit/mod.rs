//! 审计日志: what the trail holds (logins and their failures, logouts, refused access, role
//! and account changes, reads of applicants' personal data, every staff action), and the
//! admin's view of it with filters and a CSV export.
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of the trail, as `GET /api/v1/admin/audit` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditItem {
    /// RFC 3339 with +08:00.
    pub at: String,
    /// The acting account's username, if an account acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    pub action: String,
    /// What it was about, as `kind:id` (`user:7`, `question:Q2026…`, a path for refusals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub items: Vec<AuditItem>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The trail's filters as typed: an account's username, an action (exact, or a prefix
/// ending in `.`, such as `auth.`), and a date range (inclusive, district time).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub from: Option<String>,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub to: Option<String>,
}

#[server]
pub async fn audit_trail(
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u64>,
) -> Result<AuditPage, AppError> {
    let (state, admin) = crate::auth::caps::require::<crate::auth::caps::Admin>().await?;
    let query = AuditQuery {
        actor,
        action,
        from,
        to,
    };
    let page = crate::input::page_no(page.unwrap_or(1));
    service::list(&state.db, &admin, &query, page, 50).await
}

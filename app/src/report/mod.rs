//! 政府信息公开年度报告: tables 2–4 of the 2021 national format, filled from the data.
// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
mod csv;
#[cfg(feature = "ssr")]
pub mod departments;
#[cfg(all(test, feature = "ssr"))]
mod properties;
#[cfg(feature = "ssr")]
pub mod publish;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
mod xlsx;

use crate::error::AppError;
use leptos::prelude::*;
use types::{AnnualReport, DepartmentReports};

#[cfg(feature = "ssr")]
use crate::auth::caps;

/// `department_id` as the page's URL or form gives it (absent: the district's report).
#[cfg(feature = "ssr")]
fn scope(department_id: Option<String>) -> Result<types::Scope, AppError> {
    types::parse_scope(department_id.as_deref()).map_err(|e| AppError::invalid("department_id", e))
}

#[server]
pub async fn get_annual_report(
    year: i32,
    department_id: Option<String>,
) -> Result<AnnualReport, AppError> {
    let state = crate::platform::AppState::from_context()?;
    service::annual(&state.db, year, scope(department_id)?).await
}

/// The departments' reports of the year, for the district report's list.
#[server]
pub async fn annual_report_departments(year: i32) -> Result<DepartmentReports, AppError> {
    let state = crate::platform::AppState::from_context()?;
    departments::department_reports(&state.db, year).await
}

/// The staff-entered figures of tables 2 and 4 (blank counts as 0).
#[server]
pub async fn save_report_figures(
    year: i32,
    department_id: Option<String>,
    permits: Option<String>,
    penalties: Option<String>,
    coercions: Option<String>,
    fees_wan: Option<String>,
    review_upheld: Option<String>,
    review_corrected: Option<String>,
    review_other: Option<String>,
    review_pending: Option<String>,
    lit_direct_upheld: Option<String>,
    lit_direct_corrected: Option<String>,
    lit_direct_other: Option<String>,
    lit_direct_pending: Option<String>,
    lit_review_upheld: Option<String>,
    lit_review_corrected: Option<String>,
    lit_review_other: Option<String>,
    lit_review_pending: Option<String>,
) -> Result<(), AppError> {
    let (state, user) = caps::require::<caps::Editor>().await?;
    let scope = scope(department_id)?;
    let values: Vec<(String, String)> = [
        ("permits", permits),
        ("penalties", penalties),
        ("coercions", coercions),
        ("fees_wan", fees_wan),
        ("review_upheld", review_upheld),
        ("review_corrected", review_corrected),
        ("review_other", review_other),
        ("review_pending", review_pending),
        ("lit_direct_upheld", lit_direct_upheld),
        ("lit_direct_corrected", lit_direct_corrected),
        ("lit_direct_other", lit_direct_other),
        ("lit_direct_pending", lit_direct_pending),
        ("lit_review_upheld", lit_review_upheld),
        ("lit_review_corrected", lit_review_corrected),
        ("lit_review_other", lit_review_other),
        ("lit_review_pending", lit_review_pending),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.unwrap_or_default()))
    .collect();
    service::save_figures(&state.db, &user, year, scope, &values).await
}

/// The written sections 一, 五 and 六 (each optional: a missing one keeps its text).
#[server]
pub async fn save_report_sections(
    year: i32,
    department_id: Option<String>,
    overview: Option<String>,
    problems: Option<String>,
    other_matters: Option<String>,
) -> Result<(), AppError> {
    let (state, user) = caps::require::<caps::Editor>().await?;
    let values = [
        ("overview", overview),
        ("problems", problems),
        ("other_matters", other_matters),
    ];
    let scope = scope(department_id)?;
    publish::save_sections(&state.db, &user, year, scope, &values, chrono::Utc::now()).await?;
    Ok(())
}

/// Publishes the year's report, freezing it (admins).
#[server]
pub async fn publish_annual_report(
    year: i32,
    department_id: Option<String>,
) -> Result<AnnualReport, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    publish::publish(
        &state.db,
        &admin,
        year,
        scope(department_id)?,
        None,
        state.clock.today(),
        chrono::Utc::now(),
    )
    .await
}

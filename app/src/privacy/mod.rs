//! 个人信息保护 (个人信息保护法 2021): how long contact details and ID numbers are kept after
//! an item closes (admins set it; a daily sweep erases what outlived it), a copy of one's
//! data, and requests for deletion decided on the admins' desk within 15 working days.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

use crate::error::AppError;
use leptos::prelude::*;
use types::*;

#[cfg(feature = "ssr")]
use crate::auth::caps;

/// The periods, as the public page and the admins' form show them.
#[server]
pub async fn load_retention() -> Result<RetentionPeriods, AppError> {
    let state = crate::platform::AppState::from_context()?;
    service::retention::load(&state.reads).await
}

/// Admins set the periods from their form.
#[server]
pub async fn save_retention(
    questions_months: String,
    applications_months: String,
) -> Result<RetentionPeriods, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    service::retention::save(&state.db, &admin, &questions_months, &applications_months).await
}

/// What the personal-data page shows its visitor: the periods, and for an account its
/// requests.
#[server]
pub async fn personal_data_overview() -> Result<MyPersonalData, AppError> {
    let (state, caller) = caps::caller().await?;
    service::requests::overview(&state.db, &caller, state.clock.today()).await
}

/// A request for deletion: of the signed-in account without a tracking number, of one
/// question or application with it and its query code.
#[server]
pub async fn request_deletion(
    tracking_no: Option<String>,
    query_code: Option<String>,
    reason: String,
) -> Result<DeletionRequest, AppError> {
    let (state, caller) = caps::caller().await?;
    let input = DeletionInput {
        tracking_no,
        query_code,
        reason,
    };
    service::requests::create(&state, &caller, &input).await
}

/// A copy of one item's personal data, for whoever holds its query code.
#[server]
pub async fn copy_of_item(
    tracking_no: String,
    query_code: String,
) -> Result<PersonalDataCopy, AppError> {
    let (state, caller) = caps::caller().await?;
    service::copy::of_item(&state, &caller, &tracking_no, Some(&query_code)).await
}

/// The desk's list.
#[server]
pub async fn deletion_desk() -> Result<Vec<DeletionRequest>, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    service::requests::desk(&state.db, &admin, state.clock.today()).await
}

/// The desk decides one request.
#[server]
pub async fn decide_deletion(
    id: i32,
    decision: String,
    note: String,
) -> Result<DeletionRequest, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    let input = DecisionInput { decision, note };
    service::requests::decide(&state, &admin, id, &input).await
}

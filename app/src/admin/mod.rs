//! System administration: accounts and roles, departments. (The working-day calendar is
//! `workdays`: correcting it moves deadlines across the modules.)
pub mod audit;
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod departments;
#[cfg(feature = "ssr")]
pub mod rest;

use crate::auth::{Role, User};
use crate::error::AppError;
use leptos::prelude::*;
pub use types::Department;

#[cfg(feature = "ssr")]
use crate::auth::caps;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UserPage {
    pub items: Vec<User>,
    pub total: u64,
    pub page: u64,
}

/// Active departments, for every form that picks one. Public; read beside the writer, as the
/// public lists it filters are.
#[server]
pub async fn list_departments() -> Result<Vec<Department>, AppError> {
    let state = crate::platform::AppState::from_context()?;
    departments::list(&state.reads, false).await
}

#[server]
pub async fn admin_departments() -> Result<Vec<Department>, AppError> {
    let (state, _) = caps::require::<caps::Admin>().await?;
    departments::list(&state.db, true).await
}

#[server]
pub async fn create_department(name: String) -> Result<Department, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    departments::create(&state.db, &admin, &name).await
}

#[server]
pub async fn update_department(
    id: i32,
    name: String,
    active: Option<String>,
) -> Result<Department, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    departments::update(&state.db, &admin, id, &name, active.is_some()).await
}

#[server]
pub async fn admin_users(q: String, page: u64) -> Result<UserPage, AppError> {
    let (state, _) = caps::require::<caps::Admin>().await?;
    let page = crate::input::page_no(page);
    let (items, total) = crate::auth::service::list_users(&state.db, Some(&q), page, 20).await?;
    Ok(UserPage { items, total, page })
}

#[server]
pub async fn set_user_role(
    user_id: i32,
    role: String,
    granted: bool,
    department_id: Option<i32>,
) -> Result<User, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    crate::auth::service::set_role(&state.db, &admin, user_id, &role, granted, department_id).await
}

/// Disables (`disabled` set) or enables an account.
#[server]
pub async fn set_user_disabled(user_id: i32, disabled: Option<String>) -> Result<(), AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    crate::auth::service::set_disabled(&state.db, &admin, user_id, disabled.is_some()).await
}

//! System administration: accounts and roles, departments, the working-day calendar.
pub mod pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod departments;
#[cfg(feature = "ssr")]
pub mod rest;

use crate::auth::{Role, User};
use crate::calendar::CalendarDay;
#[cfg(feature = "ssr")]
use crate::calendar::DayKind;
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

/// Active departments, for every form that picks one. Public.
#[server]
pub async fn list_departments() -> Result<Vec<Department>, AppError> {
    let state = crate::platform::AppState::from_context()?;
    departments::list(&state.db, false).await
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
    let page = page.max(1);
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
    let role = Role::parse(&role).map_err(|m| AppError::invalid("role", m))?;
    crate::auth::service::set_role(&state.db, &admin, user_id, role, granted, department_id).await
}

#[server]
pub async fn calendar_year(year: i32) -> Result<Vec<CalendarDay>, AppError> {
    let (state, _) = caps::require::<caps::Admin>().await?;
    crate::calendar::service::list_year(&state.db, year).await
}

#[server]
pub async fn save_calendar_day(day: String, kind: String, name: String) -> Result<(), AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    let mut errors = crate::error::FieldErrors::new();
    let date = errors.check(
        "day",
        day.trim()
            .parse::<chrono::NaiveDate>()
            .map_err(|_| "请填写有效日期（年-月-日）".to_string()),
    );
    let kind = errors.check("kind", DayKind::parse(&kind));
    let name = name.trim().to_string();
    if name.is_empty() {
        errors.add("name", "请填写说明，如“春节”或“春节调休上班”");
    } else if name.chars().count() > 30 {
        errors.add("name", "说明最多 30 个字");
    }
    errors.into_result()?;
    let (Some(day), Some(kind)) = (date, kind) else {
        return Err(AppError::Internal);
    };
    let entry = CalendarDay { day, kind, name };
    crate::calendar::service::upsert(&state.db, &entry).await?;
    crate::platform::audit::record(
        &state.db,
        Some(admin.id),
        "calendar.save",
        &format!("calendar:{day}"),
        format!("{} {}", kind.as_str(), entry.name),
    )
    .await
}

#[server]
pub async fn remove_calendar_day(day: String) -> Result<(), AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    let date = day
        .parse::<chrono::NaiveDate>()
        .map_err(|_| AppError::invalid("day", "日期格式不正确"))?;
    crate::calendar::service::remove(&state.db, date).await?;
    crate::platform::audit::record(
        &state.db,
        Some(admin.id),
        "calendar.remove",
        &format!("calendar:{date}"),
        "",
    )
    .await
}

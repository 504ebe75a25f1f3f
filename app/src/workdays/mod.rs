//! 工作日历 as admins keep it: listing a year, entering or removing a holiday or make-up
//! working day. A correction is one act across the modules: the day changes, and every
//! running deadline counted over it moves with it in the same commit (disclosure
//! applications derive theirs from the calendar on every read).
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::calendar::CalendarDay;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::auth::caps;

/// What a correction did beyond the calendar itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// Running 网络问政 deadlines moved to keep the working days they had left.
    pub deadlines_moved: u64,
}

/// One year of the calendar, as the admin page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedYear {
    pub year: i32,
    pub days: Vec<CalendarDay>,
}

/// The listed days of `year`, or of the district's current year.
#[server]
pub async fn calendar_year(year: Option<i32>) -> Result<ListedYear, AppError> {
    use chrono::Datelike;
    let (state, _) = caps::require::<caps::Admin>().await?;
    let year = year.unwrap_or_else(|| state.clock.today().year());
    let days = crate::calendar::service::list_year(&state.db, year).await?;
    Ok(ListedYear { year, days })
}

#[server]
pub async fn save_calendar_day(
    day: String,
    kind: String,
    name: String,
) -> Result<Correction, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    let input = crate::calendar::service::DayInput { day, kind, name };
    service::save_day(&state.db, &admin, &input, state.clock.today()).await
}

#[server]
pub async fn remove_calendar_day(day: String) -> Result<Correction, AppError> {
    let (state, admin) = caps::require::<caps::Admin>().await?;
    service::remove_day(&state.db, &admin, &day, state.clock.today()).await
}

//! One correction of the calendar, with the deadlines that follow it.
use super::Correction;
use crate::auth::caps::Admin;
use crate::calendar::service::{self as days, DayInput};
use crate::calendar::WorkingCalendar;
use crate::error::AppError;
use crate::questions::service::overdue;
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, DatabaseTransaction, TransactionTrait};

/// Enters or replaces one day; the running deadlines follow.
pub async fn save_day(
    db: &DatabaseConnection,
    admin: &Admin,
    input: &DayInput,
    today: NaiveDate,
) -> Result<Correction, AppError> {
    let txn = db.begin().await?;
    let before = days::load(&txn).await?;
    days::save_day(&txn, admin, input).await?;
    follow(db, txn, before, today).await
}

/// Removes one day (it becomes an ordinary weekday or weekend again); the running
/// deadlines follow.
pub async fn remove_day(
    db: &DatabaseConnection,
    admin: &Admin,
    raw: &str,
    today: NaiveDate,
) -> Result<Correction, AppError> {
    let txn = db.begin().await?;
    let before = days::load(&txn).await?;
    days::remove_day(&txn, admin, raw).await?;
    follow(db, txn, before, today).await
}

/// Carries the deadlines over from the calendar as it was to the calendar as it is now, in
/// the correction's own transaction, so that no deadline is ever counted on a calendar
/// that does not exist; then brings the cards up to date.
async fn follow(
    db: &DatabaseConnection,
    txn: DatabaseTransaction,
    before: WorkingCalendar,
    today: NaiveDate,
) -> Result<Correction, AppError> {
    let after = days::load(&txn).await?;
    let deadlines_moved = overdue::follow_calendar(&txn, &before, &after, today).await?;
    txn.commit().await?;
    overdue::sweep(db, today).await?;
    Ok(Correction { deadlines_moved })
}

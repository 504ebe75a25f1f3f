//! Jobs that run once a day across every instance: the first to claim `(job, day)` runs it.
use crate::entities::daily_runs;
use crate::error::AppError;
use chrono::{NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// Claims `job` for `day`; false when some instance (or an earlier pass) already did. Call
/// it inside the job's transaction, so a job that fails is claimed by nobody.
pub async fn claim(db: &impl ConnectionTrait, job: &str, day: NaiveDate) -> Result<bool, AppError> {
    // The primary key (job, day) lets one INSERT win; the others see a conflict.
    let claimed = daily_runs::ActiveModel {
        job: Set(job.into()),
        day: Set(day),
        at: Set(Utc::now()),
    }
    .insert(db)
    .await;
    match claimed {
        Ok(_) => Ok(true),
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

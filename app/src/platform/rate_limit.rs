//! Fixed-window rate limits kept in the database, so that every app instance behind a load
//! balancer counts against the same budget. A window ends by itself: nobody is locked out
//! for good.
use crate::entities::rate_limits;
use crate::error::AppError;
use crate::platform::db::statement;
use chrono::Utc;
use sea_orm::{
    sea_query::{Expr, ExprTrait, OnConflict},
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
};

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max_hits: u32,
    pub window_secs: i64,
}

impl Limit {
    pub const fn per_hour(max_hits: u32) -> Limit {
        Limit {
            max_hits,
            window_secs: 3600,
        }
    }
}

fn window(limit: Limit) -> (i64, u64) {
    let now = Utc::now().timestamp();
    let start = now - now.rem_euclid(limit.window_secs);
    let retry = Ord::max(start + limit.window_secs - now, 1) as u64;
    (start, retry)
}

/// Refuses with 429 when the bucket has used up its window, without counting a hit.
pub async fn check(db: &impl ConnectionTrait, bucket: &str, limit: Limit) -> Result<(), AppError> {
    let (start, retry_after_secs) = window(limit);
    let hits = rate_limits::Entity::find_by_id((bucket.to_string(), start))
        .one(db)
        .await?
        .map(|r| r.hits)
        .unwrap_or(0);
    if hits as u32 >= limit.max_hits {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    Ok(())
}

/// Counts one hit in the bucket's current window (an upsert, safe under concurrency).
pub async fn hit(db: &impl ConnectionTrait, bucket: &str, limit: Limit) -> Result<(), AppError> {
    let (start, _) = window(limit);
    rate_limits::Entity::insert(rate_limits::ActiveModel {
        bucket: Set(bucket.to_string()),
        window_start: Set(start),
        hits: Set(1),
    })
    .on_conflict(
        OnConflict::columns([
            rate_limits::Column::Bucket,
            rate_limits::Column::WindowStart,
        ])
        .value(
            rate_limits::Column::Hits,
            Expr::col((rate_limits::Entity, rate_limits::Column::Hits)).add(1),
        )
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Counts, then checks: for actions where every attempt counts (anonymous submissions,
/// logins before their hash). Counting first makes the limit hold under concurrency: each
/// attempt's increment is atomic, so no more than `max_hits` attempts can see room.
pub async fn take(db: &impl ConnectionTrait, bucket: &str, limit: Limit) -> Result<(), AppError> {
    let taken = take_many(db, bucket, limit, 1).await?;
    if taken.allowed == 0 {
        return Err(AppError::RateLimited {
            retry_after_secs: taken.retry_after_secs,
        });
    }
    Ok(())
}

/// What [`take_many`] counted: the first `allowed` of the attempts fit the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Taken {
    pub allowed: u32,
    pub retry_after_secs: u64,
}

/// Counts `attempts` hits at once (several submissions committed together), in one upsert
/// that returns the new count: the same as `attempts` calls of [`take`] in a row, each
/// refused once the count passes `max_hits`.
pub async fn take_many(
    db: &impl ConnectionTrait,
    bucket: &str,
    limit: Limit,
    attempts: u32,
) -> Result<Taken, AppError> {
    let (start, retry_after_secs) = window(limit);
    let row = db
        .query_one_raw(statement(
            db.get_database_backend(),
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, ?) \
             ON CONFLICT (bucket, window_start) \
             DO UPDATE SET hits = rate_limits.hits + excluded.hits RETURNING hits",
            vec![bucket.into(), start.into(), (attempts as i32).into()],
        ))
        .await?
        .ok_or(AppError::Internal)?;
    let after = u32::try_from(row.try_get::<i32>("", "hits")?).unwrap_or(0);
    let before = after.saturating_sub(attempts);
    Ok(Taken {
        allowed: Ord::min(limit.max_hits.saturating_sub(before), attempts),
        retry_after_secs,
    })
}

/// Gives back one hit counted by [`take`] (a login that turned out right is not a failure).
pub async fn refund(db: &impl ConnectionTrait, bucket: &str, limit: Limit) -> Result<(), AppError> {
    let (start, _) = window(limit);
    rate_limits::Entity::update_many()
        .col_expr(
            rate_limits::Column::Hits,
            Expr::col(rate_limits::Column::Hits).sub(1),
        )
        .filter(rate_limits::Column::Bucket.eq(bucket))
        .filter(rate_limits::Column::WindowStart.eq(start))
        .filter(rate_limits::Column::Hits.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Drops windows that ended more than a day ago; run by the periodic sweep.
pub async fn prune(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    let cutoff = Utc::now().timestamp() - 2 * 86_400;
    let res = rate_limits::Entity::delete_many()
        .filter(rate_limits::Column::WindowStart.lt(cutoff))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

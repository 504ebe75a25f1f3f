//! Fixed-window rate limits kept in the database, so that every app instance behind a load
//! balancer counts against the same budget. A window ends by itself: nobody is locked out
//! for good.
use crate::entities::rate_limits;
use crate::error::AppError;
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
    hit(db, bucket, limit).await?;
    let (start, retry_after_secs) = window(limit);
    let hits = rate_limits::Entity::find_by_id((bucket.to_string(), start))
        .one(db)
        .await?
        .map(|r| r.hits)
        .unwrap_or(0);
    if hits as u32 > limit.max_hits {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    Ok(())
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

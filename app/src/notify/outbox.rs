//! The outbox table: messages are written here in the transaction of the change they tell
//! about, and claimed by one delivering instance at a time.
//!
//! Claiming is a compare-and-set UPDATE on the row (`claimed_until` still empty or expired),
//! so with several instances on one PostgreSQL database exactly one wins each message,
//! like `FOR UPDATE SKIP LOCKED` but portable to SQLite. A claim is a lease: an instance
//! that dies mid-send leaves the message to be claimed again when the lease ends.
use super::texts::Text;
use crate::entities::outbox;
use crate::error::AppError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// Queues `text` for `recipient`; call it with the transaction of the change.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    channel: Channel,
    recipient: &str,
    text: &Text,
) -> Result<(), AppError> {
    let now = Utc::now();
    outbox::ActiveModel {
        channel: Set(channel.as_str().into()),
        recipient: Set(recipient.chars().take(120).collect()),
        subject: Set(text.subject.chars().take(200).collect()),
        body: Set(text.body.clone()),
        link: Set(text.link.clone()),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_by: Set(None),
        claimed_until: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(outbox::Column::SentAt.is_null())
        .add(outbox::Column::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(outbox::Column::ClaimedUntil.is_null())
                .add(outbox::Column::ClaimedUntil.lt(now)),
        )
}

/// Up to `limit` due messages, each now leased to `instance` for `lease`.
pub async fn claim(
    db: &impl ConnectionTrait,
    instance: &str,
    lease: Duration,
    limit: u64,
) -> Result<Vec<outbox::Model>, AppError> {
    let now = Utc::now();
    let candidates = outbox::Entity::find()
        .filter(claimable(now))
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for m in candidates {
        let won = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedBy, Expr::value(instance))
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + lease))
            .filter(outbox::Column::Id.eq(m.id))
            .filter(claimable(now))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if won {
            claimed.push(m);
        }
    }
    Ok(claimed)
}

/// Delivered (or, with `note`, settled without sending): never claimed again.
pub async fn settle(
    db: &impl ConnectionTrait,
    id: i32,
    instance: &str,
    note: Option<&str>,
) -> Result<(), AppError> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(Utc::now()))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(note.map(str::to_string)),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::ClaimedBy.eq(instance))
        .exec(db)
        .await?;
    Ok(())
}

/// The wait before attempt `attempts + 1`: doubling from `base`, at most an hour.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let factor = 1i32 << attempts.clamp(0, 16);
    (base * factor).min(Duration::hours(1))
}

/// A failed attempt: released, and due again after the backoff.
pub async fn retry_later(
    db: &impl ConnectionTrait,
    m: &outbox::Model,
    instance: &str,
    base: Duration,
    error: &str,
) -> Result<(), AppError> {
    let attempts = m.attempts.saturating_add(1);
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value(Utc::now() + backoff(base, m.attempts)),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Some(error.chars().take(500).collect::<String>())),
        )
        .filter(outbox::Column::Id.eq(m.id))
        .filter(outbox::Column::ClaimedBy.eq(instance))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let base = Duration::seconds(30);
        assert_eq!(backoff(base, 0), Duration::seconds(30));
        assert_eq!(backoff(base, 1), Duration::seconds(60));
        assert_eq!(backoff(base, 3), Duration::seconds(240));
        assert_eq!(backoff(base, 40), Duration::hours(1));
    }
}

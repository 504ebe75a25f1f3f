//! The audit trail: who did what to which thing, and when. Rows are only ever inserted.
use crate::entities::audit_events;
use crate::error::AppError;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: Option<i32>,
    action: &str,
    subject: &str,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    audit_events::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        action: Set(action.to_string()),
        subject: Set(subject.to_string()),
        detail: Set(detail.into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

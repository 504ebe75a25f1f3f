//! The audit trail: who did what to which thing, from where, and when. Rows are only ever
//! inserted (triggers refuse UPDATE and DELETE). Besides the services' own records, this
//! module records every refused request (401, 403) with the account that made it.
use super::{AppState, ClientIp};
use crate::entities::audit_events;
use crate::error::AppError;
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use std::sync::{Arc, OnceLock};

pub async fn record(
    db: &impl ConnectionTrait,
    actor_id: Option<i32>,
    action: &str,
    subject: &str,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    record_from(db, actor_id, action, subject, detail, None).await
}

/// A record of something a request did, with its client address.
pub async fn record_from(
    db: &impl ConnectionTrait,
    actor_id: Option<i32>,
    action: &str,
    subject: &str,
    detail: impl Into<String>,
    ip: Option<ClientIp>,
) -> Result<(), AppError> {
    audit_events::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        action: Set(action.to_string()),
        subject: Set(subject.to_string()),
        detail: Set(detail.into()),
        ip: Set(ip.map(|ip| ip.to_string())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Where the request's account is noted once the caller is known (by `auth::caps`), so
/// that a refusal can be recorded against it.
#[derive(Clone, Debug, Default)]
pub struct ActorSlot(pub Arc<OnceLock<i32>>);

impl ActorSlot {
    pub fn note(&self, user_id: i32) {
        let _ = self.0.set(user_id);
    }
}

/// Middleware: records each request refused with 401 or 403 (`access.refused`).
pub async fn refusals(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let slot = ActorSlot::default();
    req.extensions_mut().insert(slot.clone());
    let ip = req.extensions().get::<ClientIp>().copied();
    let what = format!("{} {}", req.method(), req.uri().path());
    let res = next.run(req).await;
    let status = res.status().as_u16();
    if matches!(status, 401 | 403) {
        let actor = slot.0.get().copied();
        if let Err(e) = record_from(
            &state.db,
            actor,
            "access.refused",
            &what,
            status.to_string(),
            ip,
        )
        .await
        {
            tracing::warn!(error = %e, "could not record a refused request");
        }
    }
    res
}

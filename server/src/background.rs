//! Periodic upkeep and the outbox worker, safe to run in every instance at once: each
//! upkeep step is idempotent, the daily summary runs once a day across instances, and each
//! outbox message is claimed by one instance.
use app::notify::deliver::Deliverer;
use app::platform::{rate_limit, time::district_offset, AppState};
use chrono::Timelike;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;

/// One pass: expired sessions and old rate-limit windows go; overdue cards are brought
/// up to date; documents scheduled for today are published.
pub async fn sweep(state: &AppState) {
    let now = chrono::Utc::now().timestamp();
    if let Err(e) = app::entities::sessions::Entity::delete_many()
        .filter(app::entities::sessions::Column::ExpiresAt.lte(now))
        .exec(&state.db)
        .await
    {
        tracing::warn!(error = %e, "deleting expired sessions failed");
    }
    if let Err(e) = rate_limit::prune(&state.db).await {
        tracing::warn!(error = %e, "pruning rate limits failed");
    }
    match app::questions::service::overdue::sweep(&state.db, state.clock.today()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(changed = n, "overdue cards updated"),
        Err(e) => tracing::warn!(error = %e, "overdue sweep failed"),
    }
    // A document scheduled for today becomes public within one pass of midnight.
    match app::catalog::service::records::publish_due(&state.db, state.clock.today()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(published = n, "scheduled documents published"),
        Err(e) => tracing::warn!(error = %e, "publishing scheduled documents failed"),
    }
    // Applications left uncorrected past their deadline are closed as abandoned (Art. 30).
    match app::disclosure::steps::abandon_uncorrected(&state.db, state.clock.today()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(closed = n, "uncorrected applications closed as abandoned"),
        Err(e) => tracing::warn!(error = %e, "closing abandoned applications failed"),
    }
    // Personal data kept past its period is erased, once a day across instances.
    match app::privacy::service::retention::daily(&state.db, state.clock.today()).await {
        Ok(Some(s)) if s != Default::default() => tracing::info!(
            questions = s.questions,
            applications = s.applications,
            messages = s.messages,
            "personal data past its retention period erased"
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "personal data retention sweep failed"),
    }
    // The supervisors' summary goes out once a day, from 08:00 in the district.
    if chrono::Utc::now().with_timezone(&district_offset()).hour() >= 8 {
        match app::notify::summary::daily(&state.db, state.clock.today()).await {
            Ok(true) => tracing::info!("daily supervision summary queued"),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "daily supervision summary failed"),
        }
    }
}

/// Delivers the outbox every `outbox_poll_ms` until the process ends.
pub fn spawn_outbox(state: AppState) -> Result<(), String> {
    let deliverer = Deliverer::from_config(&state.config)?;
    let every = Duration::from_millis(state.config.outbox_poll_ms.max(50));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match deliverer.run_once(&state.db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "notifications delivered"),
                Err(e) => tracing::warn!(error = %e, "outbox pass failed"),
            }
        }
    });
    Ok(())
}

pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            sweep(&state).await;
        }
    });
}

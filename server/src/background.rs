//! Periodic upkeep, safe to run in every instance at once: each step is idempotent.
use app::platform::{rate_limit, AppState};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::time::Duration;

/// One pass: expired sessions and old rate-limit windows go; overdue cards are brought
/// up to date.
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

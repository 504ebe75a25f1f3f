use super::Config;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What every handler and server function can reach. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// For the anonymous public's reads, and each request's session and account: read-only
    /// connections beside the SQLite writer (the writer's pool itself on PostgreSQL). They
    /// see every committed change. Anything that writes, or reads inside a write to decide
    /// it, uses `db`.
    pub reads: DatabaseConnection,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    /// Live interview events for the viewers connected to this instance.
    pub live: Arc<crate::interviews::hub::LiveHub>,
    /// Today's date for every deadline (pinned in tests).
    pub clock: super::time::Clock,
    /// The server's secret: query-code HMACs, sealed personal data.
    pub secrets: Arc<super::Secrets>,
    /// Expensive public answers, kept while the data they came from is unchanged.
    pub caches: Arc<super::cache::Caches>,
    /// Anonymous visitors' pages, kept while the data they show is unchanged.
    pub pages: Arc<super::page_cache::PageCache>,
    /// 网络问政 submissions, committed together as they queue up.
    pub submissions: crate::questions::service::submit_batch::SubmitQueue,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// The state inside a server function, where the router provided it as context.
    pub fn from_context() -> Result<AppState, crate::error::AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the leptos context");
            crate::error::AppError::Internal
        })
    }
}

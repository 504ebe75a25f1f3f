//! Fan-out of live events to the viewers connected to this instance.
//!
//! With SQLite (one process) the writer hands each committed event to the hub directly.
//! With PostgreSQL every writer sends `NOTIFY` carrying only ids, inside the transaction
//! that stored the event; every instance LISTENs, loads the event once and fans it out,
//! so a message posted through one instance reaches viewers connected to any other.
use super::service::events::{self, CHANNEL};
use super::types::Event;
use sea_orm::{DatabaseConnection, DbBackend};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// What the hub fans out: one event, or "you may have missed something, re-read".
#[derive(Clone, Debug)]
pub enum Delivery {
    Event {
        interview_id: i32,
        rehearsal: bool,
        event: Arc<Event>,
    },
    Resync,
}

#[derive(Debug)]
pub struct LiveHub {
    tx: broadcast::Sender<Delivery>,
    viewers: Mutex<HashMap<i32, usize>>,
    /// PostgreSQL: events arrive through LISTEN, not from the writer.
    via_notify: bool,
}

/// Counts one viewer for as long as it lives.
pub struct ViewerGuard {
    hub: Arc<LiveHub>,
    interview_id: i32,
}

impl Drop for ViewerGuard {
    fn drop(&mut self) {
        if let Ok(mut v) = self.hub.viewers.lock() {
            if let Some(n) = v.get_mut(&self.interview_id) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    v.remove(&self.interview_id);
                }
            }
        }
    }
}

impl LiveHub {
    /// A bounded channel: a viewer that falls this far behind is told it lagged and re-reads
    /// from the database instead of holding everyone else up.
    const CAPACITY: usize = 1024;

    pub fn new(db: &DatabaseConnection) -> Arc<LiveHub> {
        let (tx, _) = broadcast::channel(Self::CAPACITY);
        let via_notify = db.get_database_backend() == DbBackend::Postgres;
        let hub = Arc::new(LiveHub {
            tx,
            viewers: Mutex::new(HashMap::new()),
            via_notify,
        });
        if via_notify {
            tokio::spawn(listen(hub.clone(), db.clone()));
        }
        hub
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Delivery> {
        self.tx.subscribe()
    }

    /// Called by the writer after commit; a no-op where NOTIFY does the delivery.
    pub fn committed(&self, interview_id: i32, rehearsal: bool, event: Event) {
        if !self.via_notify {
            let _ = self.tx.send(Delivery::Event {
                interview_id,
                rehearsal,
                event: Arc::new(event),
            });
        }
    }

    pub fn uses_notify(&self) -> bool {
        self.via_notify
    }

    pub fn join(self: &Arc<Self>, interview_id: i32) -> ViewerGuard {
        if let Ok(mut v) = self.viewers.lock() {
            *v.entry(interview_id).or_default() += 1;
        }
        ViewerGuard {
            hub: self.clone(),
            interview_id,
        }
    }

    /// Viewers of this interview connected to this instance.
    pub fn viewers(&self, interview_id: i32) -> usize {
        self.viewers
            .lock()
            .map(|v| v.get(&interview_id).copied().unwrap_or(0))
            .unwrap_or(0)
    }
}

async fn listen(hub: Arc<LiveHub>, db: DatabaseConnection) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        let pool = db.get_postgres_connection_pool().clone();
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::error!(error = %e, "LISTEN connection failed; retrying");
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::error!(error = %e, "LISTEN failed; retrying");
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            continue;
        }
        // Anything sent while we were not listening is re-read by the streams.
        let _ = hub.tx.send(Delivery::Resync);
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    let Some((interview_id, rehearsal, seq)) = events::parse_payload(n.payload())
                    else {
                        continue;
                    };
                    match events::load_one(&db, interview_id, rehearsal, seq).await {
                        Ok(Some(event)) => {
                            let _ = hub.tx.send(Delivery::Event {
                                interview_id,
                                rehearsal,
                                event: Arc::new(event),
                            });
                        }
                        Ok(None) => {}
                        Err(e) => tracing::warn!(error = ?e, "loading a notified event failed"),
                    }
                }
                // The connection dropped and sqlx reconnected: notices may be lost.
                Ok(None) => {
                    let _ = hub.tx.send(Delivery::Resync);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "LISTEN connection lost");
                    break;
                }
            }
        }
    }
}

//! Fan-out of live events to the viewers connected to this instance.
//!
//! With SQLite (one process) the writer hands each committed event to the hub directly.
//! With PostgreSQL every writer sends `NOTIFY` carrying only ids, inside the transaction
//! that stored the event; every instance LISTENs, loads the event once and fans it out,
//! so a message posted through one instance reaches viewers connected to any other.
use super::service::events::{self, CHANNEL};
use super::types::Event;
use crate::error::AppError;
use sea_orm::{DatabaseConnection, DbBackend};
use std::collections::HashMap;
use std::net::IpAddr;
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
    viewers: Mutex<Counts>,
    /// PostgreSQL: events arrive through LISTEN, not from the writer.
    via_notify: bool,
}

/// Open event streams on this instance: per interview, per client address, in all.
#[derive(Debug, Default)]
struct Counts {
    by_interview: HashMap<i32, usize>,
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

fn decrement<K: std::hash::Hash + Eq>(map: &mut HashMap<K, usize>, key: &K) {
    if let Some(n) = map.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(key);
        }
    }
}

/// How many event streams may be open at once on one instance.
#[derive(Clone, Copy, Debug)]
pub struct StreamLimits {
    pub per_address: usize,
    pub total: usize,
}

/// Counts one viewer for as long as it lives.
pub struct ViewerGuard {
    hub: Arc<LiveHub>,
    interview_id: i32,
    address: IpAddr,
}

impl Drop for ViewerGuard {
    fn drop(&mut self) {
        if let Ok(mut c) = self.hub.viewers.lock() {
            decrement(&mut c.by_interview, &self.interview_id);
            decrement(&mut c.by_address, &self.address);
            c.total = c.total.saturating_sub(1);
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
            viewers: Mutex::new(Counts::default()),
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

    /// A new viewer from `address`, or 429 when that address or this instance already has
    /// as many streams open as the limits allow (each holds memory and a connection).
    pub fn join(
        self: &Arc<Self>,
        interview_id: i32,
        address: IpAddr,
        limits: StreamLimits,
    ) -> Result<ViewerGuard, AppError> {
        let mut c = self.viewers.lock().map_err(|_| AppError::Internal)?;
        let from_address = c.by_address.get(&address).copied().unwrap_or(0);
        if c.total >= limits.total || from_address >= limits.per_address {
            return Err(AppError::RateLimited {
                retry_after_secs: 10,
            });
        }
        *c.by_interview.entry(interview_id).or_default() += 1;
        *c.by_address.entry(address).or_default() += 1;
        c.total += 1;
        Ok(ViewerGuard {
            hub: self.clone(),
            interview_id,
            address,
        })
    }

    /// Viewers of this interview connected to this instance.
    pub fn viewers(&self, interview_id: i32) -> usize {
        self.viewers
            .lock()
            .map(|c| c.by_interview.get(&interview_id).copied().unwrap_or(0))
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

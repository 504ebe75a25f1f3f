//! Fan-out of live events to the viewers connected to this instance.
//!
//! With SQLite (one process) the writer hands each committed event to the hub directly.
//! With PostgreSQL every writer sends `NOTIFY` carrying only ids, inside the transaction
//! that stored the event; every instance LISTENs, loads the event once and fans it out,
//! so a message posted through one instance reaches viewers connected to any other.
use super::frame::Frame;
use super::service::events::{self, CHANNEL};
use super::types::Event;
use crate::error::AppError;
use sea_orm::{DatabaseConnection, DbBackend};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// What the hub fans out to the viewers of one interview: one of its events, encoded once
/// for all of them, or "you may have missed something, re-read".
#[derive(Clone, Debug)]
pub enum Delivery {
    Event(Arc<Frame>),
    Resync,
}

/// The live session or its rehearsal: each has its own numbering and its own viewers.
type Room = (i32, bool);

#[derive(Debug)]
pub struct LiveHub {
    /// One channel per interview (and rehearsal) with viewers on this instance, so that a
    /// busy interview never wakes, or makes lag, the viewers of another. Made by the first
    /// viewer, dropped with the last.
    rooms: Mutex<HashMap<Room, broadcast::Sender<Delivery>>>,
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
        // A viewer's receiver is dropped before its guard: a room nobody listens to goes.
        if let Ok(mut rooms) = self.hub.rooms.lock() {
            for rehearsal in [false, true] {
                let room = (self.interview_id, rehearsal);
                if rooms.get(&room).is_some_and(|tx| tx.receiver_count() == 0) {
                    rooms.remove(&room);
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
        let via_notify = db.get_database_backend() == DbBackend::Postgres;
        let hub = Self::with_delivery(via_notify);
        if via_notify {
            tokio::spawn(listen(hub.clone(), db.clone()));
        }
        hub
    }

    fn with_delivery(via_notify: bool) -> Arc<LiveHub> {
        Arc::new(LiveHub {
            rooms: Mutex::new(HashMap::new()),
            viewers: Mutex::new(Counts::default()),
            via_notify,
        })
    }

    /// The events of one interview (or its rehearsal) from now on.
    pub fn subscribe(&self, interview_id: i32, rehearsal: bool) -> broadcast::Receiver<Delivery> {
        let mut rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
        rooms
            .entry((interview_id, rehearsal))
            .or_insert_with(|| broadcast::channel(Self::CAPACITY).0)
            .subscribe()
    }

    /// Hands an event to the viewers of its room on this instance, if there are any.
    fn deliver(&self, interview_id: i32, rehearsal: bool, event: Event) {
        let rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = rooms.get(&(interview_id, rehearsal)) {
            let _ = tx.send(Delivery::Event(Arc::new(Frame::of(&event))));
        }
    }

    /// Tells every viewer to re-read: notices may have been lost.
    fn resync_all(&self) {
        let rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
        for tx in rooms.values() {
            let _ = tx.send(Delivery::Resync);
        }
    }

    /// Rooms with viewers on this instance.
    pub fn rooms(&self) -> usize {
        self.rooms.lock().map(|r| r.len()).unwrap_or(0)
    }

    /// Called by the writer after commit; a no-op where NOTIFY does the delivery.
    pub fn committed(&self, interview_id: i32, rehearsal: bool, event: Event) {
        if !self.via_notify {
            self.deliver(interview_id, rehearsal, event);
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

    fn has_room(&self, interview_id: i32, rehearsal: bool) -> bool {
        self.rooms
            .lock()
            .map(|r| r.contains_key(&(interview_id, rehearsal)))
            .unwrap_or(true)
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
        hub.resync_all();
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    let Some((interview_id, rehearsal, seq)) = events::parse_payload(n.payload())
                    else {
                        continue;
                    };
                    // Nobody here watches it: nothing to load.
                    if !hub.has_room(interview_id, rehearsal) {
                        continue;
                    }
                    match events::load_one(&db, interview_id, rehearsal, seq).await {
                        Ok(Some(event)) => hub.deliver(interview_id, rehearsal, event),
                        Ok(None) => {}
                        Err(e) => tracing::warn!(error = ?e, "loading a notified event failed"),
                    }
                }
                // The connection dropped and sqlx reconnected: notices may be lost.
                Ok(None) => hub.resync_all(),
                Err(e) => {
                    tracing::warn!(error = %e, "LISTEN connection lost");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: i32) -> Event {
        Event {
            id,
            kind: "message".into(),
            at: String::new(),
            speaker: "主持人".into(),
            body: "欢迎".into(),
            question: None,
            stage: None,
            target: None,
            hidden: false,
            rehearsal: false,
        }
    }

    #[tokio::test]
    async fn each_interview_has_a_channel_of_its_own_while_watched() {
        let hub = LiveHub::with_delivery(false);
        let limits = StreamLimits {
            per_address: 10,
            total: 10,
        };
        let here: IpAddr = [127, 0, 0, 1].into();
        let g1 = hub.join(1, here, limits).unwrap();
        let mut one = hub.subscribe(1, false);
        let g2 = hub.join(2, here, limits).unwrap();
        let mut two = hub.subscribe(2, false);
        assert_eq!(hub.rooms(), 2);
        hub.committed(2, false, event(1));
        hub.committed(2, true, event(1)); // the rehearsal: nobody watches it
        hub.committed(3, false, event(1)); // nobody watches interview 3
        assert!(matches!(two.try_recv(), Ok(Delivery::Event(e)) if e.id == 1));
        assert!(two.try_recv().is_err());
        assert!(
            one.try_recv().is_err(),
            "interview 1's viewers never see 2's events"
        );
        assert_eq!(hub.rooms(), 2, "no channel is made for an event");
        drop(two);
        drop(g2);
        assert_eq!(hub.rooms(), 1, "the last viewer's leaving closes the room");
        hub.resync_all();
        assert!(matches!(one.try_recv(), Ok(Delivery::Resync)));
        drop(one);
        drop(g1);
        assert_eq!(hub.rooms(), 0);
    }
}

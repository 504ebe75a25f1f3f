//! `GET /api/v1/interviews/{id}/events`: Server-Sent Events. Every event carries its
//! per-interview number as `id:`; a client that reconnects with `Last-Event-ID` (or
//! `?after=`) gets exactly the events after it — read from the database, then live from the
//! hub, with any gap (another instance's event, a lagging reader, a lost LISTEN connection)
//! filled from the database. Nothing is sent twice.
use super::hub::{Delivery, LiveHub, StreamLimits, ViewerGuard};
use super::service::events;
use super::types::Event;
use crate::error::AppError;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures::stream::{self, Stream};
use sea_orm::DatabaseConnection;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{error::RecvError, Receiver};

const BATCH: u64 = 500;
const HEARTBEAT: Duration = Duration::from_secs(15);

struct Viewer {
    db: DatabaseConnection,
    hub: Arc<LiveHub>,
    interview_id: i32,
    rehearsal: bool,
    last_sent: i32,
    rx: Receiver<Delivery>,
    pending: VecDeque<Event>,
    /// The last database read filled a whole batch: read again before waiting.
    more: bool,
    heartbeat: tokio::time::Interval,
    _guard: ViewerGuard,
}

impl Viewer {
    /// Boxed: a query's future is large, and inline it would make every waiting viewer's
    /// stream as large as the query (`interviews_live.rs` measures it).
    fn catch_up(&mut self) -> futures::future::BoxFuture<'_, Result<(), AppError>> {
        Box::pin(async move {
            let from = self.pending.back().map(|e| e.id).unwrap_or(self.last_sent);
            let got =
                events::after(&self.db, self.interview_id, self.rehearsal, from, BATCH).await?;
            self.more = got.len() as u64 == BATCH;
            self.pending.extend(got);
            Ok(())
        })
    }

    fn sse(event: &Event) -> SseEvent {
        SseEvent::default()
            .id(event.id.to_string())
            .event(event.kind.clone())
            .json_data(event)
            .unwrap_or_else(|_| SseEvent::default().comment("encoding failed"))
    }

    async fn next(&mut self) -> Option<SseEvent> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                if e.id <= self.last_sent {
                    continue;
                }
                self.last_sent = e.id;
                // An entry hidden in review is never sent again, whatever a client asks to
                // be sent from; its number is passed over so that nothing else is missed.
                if e.hidden {
                    continue;
                }
                return Some(Self::sse(&e));
            }
            if self.more && self.catch_up().await.is_err() {
                return None;
            }
            if !self.pending.is_empty() {
                continue;
            }
            tokio::select! {
                r = self.rx.recv() => match r {
                    Ok(Delivery::Event(event)) => {
                        if event.id == self.last_sent + 1 {
                            self.pending.push_back((*event).clone());
                        } else if event.id > self.last_sent + 1 && self.catch_up().await.is_err() {
                            return None;
                        }
                    }
                    Ok(Delivery::Resync) | Err(RecvError::Lagged(_)) => {
                        if self.catch_up().await.is_err() {
                            return None;
                        }
                    }
                    Err(RecvError::Closed) => return None,
                },
                _ = self.heartbeat.tick() => {
                    let n = self.hub.viewers(self.interview_id);
                    return Some(SseEvent::default().event("viewers").data(format!("{{\"viewers\":{n}}}")));
                }
            }
        }
    }
}

/// Who opens a stream, and within which limits.
pub struct Opener {
    pub address: std::net::IpAddr,
    pub limits: StreamLimits,
}

/// The event stream for one interview, starting after event `after`; 429 past the limits.
pub async fn open(
    db: DatabaseConnection,
    hub: Arc<LiveHub>,
    interview_id: i32,
    rehearsal: bool,
    after: i32,
    opener: Opener,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, AppError> {
    let guard = hub.join(interview_id, opener.address, opener.limits)?;
    // Subscribe before reading, so nothing committed in between is missed.
    let rx = hub.subscribe(interview_id, rehearsal);
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut viewer = Viewer {
        db,
        hub,
        interview_id,
        rehearsal,
        last_sent: after.max(0),
        rx,
        pending: VecDeque::new(),
        more: false,
        heartbeat,
        _guard: guard,
    };
    viewer.catch_up().await?;
    let s = stream::unfold(
        viewer,
        |mut v| async move { v.next().await.map(|e| (Ok(e), v)) },
    );
    Ok(Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(30))))
}

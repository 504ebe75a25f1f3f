//! `GET /api/v1/interviews/{id}/events`: Server-Sent Events. Every event carries its
//! per-interview number as `id:`; a client that reconnects with `Last-Event-ID` (or
//! `?after=`) gets exactly the events after it — read from the database, then live from the
//! hub, with any gap (another instance's event, a lagging reader, a lost LISTEN connection)
//! filled from the database. Nothing is sent twice. A live event arrives from the hub
//! already encoded ([`Frame`]), and every viewer sends those same bytes.
use super::frame::{self, Frame};
use super::hub::{Delivery, LiveHub, StreamLimits, ViewerGuard};
use super::service::events;
use crate::error::AppError;
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
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
    /// Frames to send: read from the database (encoded here) or from the hub (shared).
    pending: VecDeque<Arc<Frame>>,
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
            self.pending
                .extend(got.iter().map(|e| Arc::new(Frame::of(e))));
            Ok(())
        })
    }

    async fn next(&mut self) -> Option<Bytes> {
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
                return Some(e.bytes.clone());
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
                            self.pending.push_back(event);
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
                    return Some(frame::encode(None, "viewers", &format!("{{\"viewers\":{n}}}")));
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

/// A viewer's stream as a response: `text/event-stream`, never cached. No keep-alive
/// comments: the viewer count goes out every [`HEARTBEAT`], which keeps proxies from
/// closing a quiet stream.
pub struct EventStream<S>(S);

impl<S> IntoResponse for EventStream<S>
where
    S: Stream<Item = Result<Bytes, Infallible>> + Send + 'static,
{
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, "text/event-stream"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            Body::from_stream(self.0),
        )
            .into_response()
    }
}

/// The event stream for one interview, starting after event `after`; 429 past the limits.
pub async fn open(
    db: DatabaseConnection,
    hub: Arc<LiveHub>,
    interview_id: i32,
    rehearsal: bool,
    after: i32,
    opener: Opener,
) -> Result<EventStream<impl Stream<Item = Result<Bytes, Infallible>>>, AppError> {
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
    Ok(EventStream(s))
}

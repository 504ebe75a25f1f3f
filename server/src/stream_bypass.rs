//! Event streams go around the compression layer.
//!
//! tower-http's compression wraps every response body in an enum sized for its largest
//! encoder, about 6 KB, whether or not it compresses. A page's response holds that for a few
//! milliseconds; a live interview's event stream holds it for as long as the viewer watches,
//! once per viewer. Event streams are never compressed anyway (tower-http's default predicate
//! leaves `text/event-stream` alone, so that each event reaches the viewer at once), so their
//! requests skip the layer and keep only their own body.
use axum::body::Body;
use axum::http::{Request, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tower::{Layer, Service, ServiceExt};

/// The route of the one event stream: `/api/v1/interviews/{id}/events`.
pub fn is_event_stream(path: &str) -> bool {
    path.strip_prefix("/api/v1/interviews/")
        .and_then(|rest| rest.strip_suffix("/events"))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
}

/// `layer` (the compression) for every request except an event stream's.
#[derive(Clone)]
pub struct UnlessEventStream<L>(pub L);

impl<S: Clone, L: Layer<S>> Layer<S> for UnlessEventStream<L> {
    type Service = Steer<S, L::Service>;

    fn layer(&self, inner: S) -> Self::Service {
        Steer {
            layered: self.0.layer(inner.clone()),
            plain: inner,
        }
    }
}

#[derive(Clone)]
pub struct Steer<S, T> {
    plain: S,
    layered: T,
}

impl<S, T, B> Service<Request<Body>> for Steer<S, T>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
    T: Service<Request<Body>, Response = Response<B>, Error = Infallible> + Clone + Send + 'static,
    T::Future: Send,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // Each call takes a clone and waits for its readiness there (`oneshot`).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        if is_event_stream(req.uri().path()) {
            let plain = self.plain.clone();
            Box::pin(plain.oneshot(req))
        } else {
            let layered = self.layered.clone();
            Box::pin(async move { Ok(layered.oneshot(req).await?.map(Body::new)) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_event_stream;

    #[test]
    fn only_an_interviews_event_stream_is_one() {
        assert!(is_event_stream("/api/v1/interviews/12/events"));
        for other in [
            "/api/v1/interviews/12/transcript",
            "/api/v1/interviews//events",
            "/api/v1/interviews/12/x/events",
            "/interviews/12/events",
            "/api/v1/interviews/events",
        ] {
            assert!(!is_event_stream(other), "{other}");
        }
    }
}

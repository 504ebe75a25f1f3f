//! Viewers' event streams, served without hyper's per-connection buffers.
//!
//! hyper gives every connection a read buffer and a buffer for response heads, 8 KB or more
//! each, and keeps them while the connection is open. A page's connection uses them and is
//! soon idle or closed. A live interview's viewer makes one request and then, for the whole
//! interview, only receives: heaptrack found 24.6 of the 29 KB each waiting viewer held in
//! those buffers, never to be used again.
//!
//! So the listener looks at the start of each new connection without taking anything from
//! it (`peek`). One that opens with `GET /api/v1/interviews/{id}/events` is served here: its
//! head is parsed with httparse, the parser hyper uses, into a request that goes through the
//! same router and middleware as any other; the answer is written as it comes, chunked, and
//! the connection is closed when it ends. Every other connection goes to hyper untouched, as
//! does an event stream asked for on a connection hyper already serves (a browser reusing a
//! kept-alive connection): the two differ only in memory. Browsers often do reuse one (Chromium
//! did on the interview page), so only a stream on a connection of its own gains: the bench's
//! viewers, or a proxy in front that connects per request.
use crate::stream_bypass::is_event_stream;
use axum::body::{Body, HttpBody};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, Response, StatusCode, Uri};
use axum::http::{request, Version};
use axum::Router;
use std::io;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tower::ServiceExt;

/// How much of a new connection is looked at: an event stream's request line, with
/// `?after=…&rehearsal=true`, is well inside it.
const SNIFF: usize = 256;
/// A connection that shows no request line this long is left to hyper, as before.
const SNIFF_WAIT: Duration = Duration::from_secs(5);
/// An event stream's request head must be complete within this many bytes (cookies
/// included; nginx allows 8 KB) and this long.
const MAX_HEAD: usize = 16 * 1024;
const HEAD_WAIT: Duration = Duration::from_secs(10);
/// hyper's default.
const MAX_HEADERS: usize = 100;

/// A TCP listener that serves event-stream connections itself and hands every other
/// connection to `axum::serve`.
pub struct EventStreamListener {
    tcp: TcpListener,
    router: Router,
    to_hyper: mpsc::UnboundedSender<(TcpStream, SocketAddr)>,
    for_hyper: mpsc::UnboundedReceiver<(TcpStream, SocketAddr)>,
}

impl EventStreamListener {
    /// `router` serves the event streams; it is the one `axum::serve` is given.
    pub fn new(tcp: TcpListener, router: Router) -> Self {
        let (to_hyper, for_hyper) = mpsc::unbounded_channel();
        Self {
            tcp,
            router,
            to_hyper,
            for_hyper,
        }
    }
}

impl axum::serve::Listener for EventStreamListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        loop {
            tokio::select! {
                // Never `None`: the listener holds a sender.
                Some(conn) = self.for_hyper.recv() => return conn,
                (io, peer) = axum::serve::Listener::accept(&mut self.tcp) => {
                    // Looked at in a task of its own, so that a slow client holds up no one.
                    let to_hyper = self.to_hyper.clone();
                    let router = self.router.clone();
                    tokio::spawn(async move {
                        match sniff(&io).await {
                            Opening::EventStream => serve_event_stream(io, peer, router).await,
                            Opening::Other => {
                                let _ = to_hyper.send((io, peer));
                            }
                        }
                    });
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.tcp.local_addr()
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Opening {
    EventStream,
    Other,
}

/// What a connection opens with, looking at its first bytes without consuming them.
async fn sniff(io: &TcpStream) -> Opening {
    let mut start = [0u8; SNIFF];
    let deadline = tokio::time::Instant::now() + SNIFF_WAIT;
    loop {
        let n = match tokio::time::timeout_at(deadline, io.peek(&mut start)).await {
            Ok(Ok(n)) => n,
            _ => return Opening::Other,
        };
        match classify(&start[..n], n == SNIFF) {
            Some(opening) => return opening,
            // Only part of the request line is in; `peek` would return the same at once.
            None => tokio::time::sleep(Duration::from_millis(2)).await,
        }
    }
}

/// `None` while `start` could still become an event stream's request line (and `full` is
/// false: more than this is never looked at).
fn classify(start: &[u8], full: bool) -> Option<Opening> {
    const PREFIX: &[u8] = b"GET /api/v1/interviews/";
    let common = start.len().min(PREFIX.len());
    if start.is_empty() || start[..common] != PREFIX[..common] {
        return Some(Opening::Other);
    }
    if start.len() < PREFIX.len() {
        return full.then_some(Opening::Other);
    }
    let target = &start["GET ".len()..];
    match target
        .iter()
        .position(|&b| matches!(b, b' ' | b'\r' | b'\n'))
    {
        Some(end) if target[end] == b' ' => {
            let path = target[..end]
                .split(|&b| b == b'?')
                .next()
                .unwrap_or_default();
            let stream = std::str::from_utf8(path).is_ok_and(is_event_stream);
            Some(if stream {
                Opening::EventStream
            } else {
                Opening::Other
            })
        }
        Some(_) => Some(Opening::Other),
        None if full => Some(Opening::Other),
        None => None,
    }
}

async fn serve_event_stream(mut io: TcpStream, peer: SocketAddr, router: Router) {
    // Each event is written as it happens; Nagle's wait would only hold it back.
    let _ = io.set_nodelay(true);
    let req = match tokio::time::timeout(HEAD_WAIT, read_head(&mut io, peer)).await {
        Ok(Ok(req)) => req,
        Ok(Err(HeadError::Closed)) => return,
        Ok(Err(HeadError::Refused(status))) => return refuse(io, status).await,
        Err(_) => return refuse(io, StatusCode::REQUEST_TIMEOUT).await,
    };
    let version = req.version();
    let res = match router.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    };
    if let Err(e) = respond(io, res, version).await {
        tracing::debug!("event stream connection: {e}");
    }
}

enum HeadError {
    /// The client went away, or the connection failed, before its head was complete.
    Closed,
    Refused(StatusCode),
}

impl From<io::Error> for HeadError {
    fn from(_: io::Error) -> Self {
        HeadError::Closed
    }
}

/// Reads and parses the request head. The buffer is dropped once the request is built:
/// nothing of it stays with the connection.
async fn read_head(io: &mut TcpStream, peer: SocketAddr) -> Result<Request<Body>, HeadError> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = io.read(&mut chunk).await?;
        if n == 0 {
            return Err(HeadError::Closed);
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                return build_request(&parsed, peer).map_err(HeadError::Refused)
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                return Err(HeadError::Refused(
                    StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                ))
            }
            Err(_) => return Err(HeadError::Refused(StatusCode::BAD_REQUEST)),
        }
    }
}

fn build_request(
    parsed: &httparse::Request,
    peer: SocketAddr,
) -> Result<Request<Body>, StatusCode> {
    fn bad<E>(_: E) -> StatusCode {
        StatusCode::BAD_REQUEST
    }
    let method = Method::from_bytes(parsed.method.unwrap_or_default().as_bytes()).map_err(bad)?;
    let uri: Uri = parsed.path.unwrap_or_default().parse().map_err(bad)?;
    let version = match parsed.version {
        Some(1) => Version::HTTP_11,
        _ => Version::HTTP_10,
    };
    let mut req: request::Builder = Request::builder().method(method).uri(uri).version(version);
    for h in parsed.headers.iter() {
        let name = HeaderName::from_bytes(h.name.as_bytes()).map_err(bad)?;
        let value = HeaderValue::from_bytes(h.value).map_err(bad)?;
        req = req.header(name, value);
    }
    let mut req = req.body(Body::empty()).map_err(bad)?;
    // A viewer's request has no body; one that announces one is not an EventSource's, and
    // its body is not read here.
    let headers = req.headers();
    let empty = headers
        .get(header::CONTENT_LENGTH)
        .is_none_or(|v| v.as_bytes() == b"0");
    if !empty || headers.contains_key(header::TRANSFER_ENCODING) {
        return Err(StatusCode::BAD_REQUEST);
    }
    req.extensions_mut().insert(ConnectInfo(peer));
    Ok(req)
}

/// A head that could not be read: the status alone, and the connection closed.
async fn refuse(mut io: TcpStream, status: StatusCode) {
    let head = format!(
        "HTTP/1.1 {} {}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or_default()
    );
    let _ = io.write_all(head.as_bytes()).await;
    let _ = io.shutdown().await;
    // Closing with unread bytes would reset the connection, and the client could lose the
    // answer: what it still sends is read and dropped for a moment first.
    let mut sink = [0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while matches!(io.read(&mut sink).await, Ok(n) if n > 0) {}
    })
    .await;
}

/// Writes the response head, then each part of the body as it comes (chunked, unless the
/// length is known or the client speaks HTTP/1.0), and stops as soon as the client is gone.
async fn respond(mut io: TcpStream, res: Response<Body>, version: Version) -> io::Result<()> {
    let (parts, mut body) = res.into_parts();
    let length = body.size_hint().exact();
    let chunked = length.is_none() && version == Version::HTTP_11;
    let mut head = Vec::with_capacity(1024);
    head.extend_from_slice(
        format!(
            "HTTP/1.1 {} {}\r\n",
            parts.status.as_u16(),
            parts.status.canonical_reason().unwrap_or_default()
        )
        .as_bytes(),
    );
    for (name, value) in &parts.headers {
        // Framing is this connection's to say.
        if matches!(
            *name,
            header::CONNECTION | header::TRANSFER_ENCODING | header::CONTENT_LENGTH
        ) {
            continue;
        }
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    if !parts.headers.contains_key(header::DATE) {
        let now = httpdate::fmt_http_date(std::time::SystemTime::now());
        head.extend_from_slice(format!("date: {now}\r\n").as_bytes());
    }
    match length {
        Some(n) => head.extend_from_slice(format!("content-length: {n}\r\n").as_bytes()),
        None if chunked => head.extend_from_slice(b"transfer-encoding: chunked\r\n"),
        None => {}
    }
    head.extend_from_slice(b"connection: close\r\n\r\n");
    drop(parts);
    let (mut from_client, mut to_client) = io.split();
    to_client.write_all(&head).await?;
    drop(head);
    let mut ignored = [0u8; 64];
    loop {
        tokio::select! {
            frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)) => match frame {
                None => break,
                // Cut short without the last chunk: the client sees the stream fail, and
                // an EventSource reconnects.
                Some(Err(e)) => return Err(io::Error::other(e)),
                Some(Ok(frame)) => {
                    let Ok(data) = frame.into_data() else { continue };
                    if data.is_empty() {
                        continue;
                    }
                    if chunked {
                        let mut out = Vec::with_capacity(data.len() + 12);
                        out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
                        out.extend_from_slice(&data);
                        out.extend_from_slice(b"\r\n");
                        to_client.write_all(&out).await?;
                    } else {
                        to_client.write_all(&data).await?;
                    }
                }
            },
            // A viewer sends nothing after its request: end of file is the viewer leaving,
            // and its stream (and its place in the count) goes with it.
            read = from_client.read(&mut ignored) => match read {
                Ok(0) | Err(_) => return Ok(()),
                Ok(_) => {}
            },
        }
    }
    if chunked {
        to_client.write_all(b"0\r\n\r\n").await?;
    }
    to_client.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::{classify, Opening};

    #[test]
    fn only_an_event_streams_request_line_is_taken() {
        let take = |s: &str| classify(s.as_bytes(), false);
        for stream in [
            "GET /api/v1/interviews/12/events HTTP/1.1\r\n",
            "GET /api/v1/interviews/12/events?after=3&rehearsal=true HTTP/1.1\r\nHost: x\r\n",
        ] {
            assert_eq!(take(stream), Some(Opening::EventStream), "{stream}");
        }
        for other in [
            "GET /api/v1/interviews/12/transcript HTTP/1.1\r\n",
            "GET /api/v1/interviews/12/events/x HTTP/1.1\r\n",
            "GET /api/v1/interviews HTTP/1.1\r\n",
            "POST /api/v1/interviews/12/events HTTP/1.1\r\n",
            "HEAD /api/v1/interviews/12/events HTTP/1.1\r\n",
            "GET /questions HTTP/1.1\r\n",
            "PRI * HTTP/2.0\r\n",
            "GET /api/v1/interviews/12/events\r\n",
            "\u{16}\u{3}\u{1}",
        ] {
            assert_eq!(take(other), Some(Opening::Other), "{other}");
        }
        // Part of a request line that may still become one: wait for more…
        for partial in ["G", "GET /api/v1/inter", "GET /api/v1/interviews/12/eve"] {
            assert_eq!(take(partial), None, "{partial}");
        }
        // …unless nothing more would be looked at, or the peer has sent nothing at all.
        let long = format!("GET /api/v1/interviews/{}", "1".repeat(300));
        assert_eq!(classify(long.as_bytes(), true), Some(Opening::Other));
        assert_eq!(classify(b"", false), Some(Opening::Other));
    }
}

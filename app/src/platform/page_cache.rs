//! The page cache: what an anonymous visitor is sent for a public page, kept while the data
//! it was rendered from is unchanged, so that most visits cost a lookup instead of a render
//! and its queries.
//!
//! - **Only anonymous pages.** A request with the session cookie, a query code or
//!   credentials is never looked up or stored, nor is a response that sets a cookie or is
//!   marked private: one visitor's state can never reach another.
//! - **A nonce of its own on every response.** The page is stored cut at its CSP nonce, and
//!   each response is joined with the nonce the security middleware just minted.
//! - **Invalidated by the data.** The migration `change_counter` moves a counter in the same
//!   transaction as every change to a table public pages show (SQLite: a row read before
//!   rendering; PostgreSQL: `NOTIFY`, delivered after commit to every instance). A page is
//!   stored under the counter read *before* it was rendered, so it can only be newer than
//!   its version, never older.
//! - **What the clock changes.** The key holds today's date (cards turn at midnight), and no
//!   page is kept longer than [`MAX_AGE`] (the next interview, a scheduled publication).
use super::{security::CspNonce, spliced_gzip::SplicedGzip, AppState};
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// The longest a page is served from the cache, whatever the data.
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// Larger pages are served but not kept.
const MAX_ENTRY_BYTES: usize = 1024 * 1024;
/// What a page body may be at most when it is read for the cache (pages are paginated and
/// far smaller; a larger body is answered with 500 rather than held in memory).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// The response header that says whether the page came from the cache.
pub const CACHE_HEADER: &str = "x-page-cache";

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    host: String,
    path_and_query: String,
    /// (长者模式, 高对比度): the page is rendered in the visitor's mode.
    prefs: (bool, bool),
    today: chrono::NaiveDate,
}

struct Entry {
    version: u64,
    stored: Instant,
    status: StatusCode,
    headers: HeaderMap,
    /// The body, cut where the nonce was.
    pieces: Vec<Bytes>,
    /// The same pieces gzipped once, for the visitors who accept gzip (all browsers): a
    /// hit then costs no compression.
    gzip: Option<SplicedGzip>,
    /// Bytes held, both forms.
    size: usize,
}

impl Entry {
    fn new(version: u64, status: StatusCode, headers: HeaderMap, pieces: Vec<Bytes>) -> Entry {
        let gzip = SplicedGzip::compress(&pieces)
            .map_err(|e| tracing::warn!(error = %e, "page cache: gzip"))
            .ok();
        let size = pieces.iter().map(Bytes::len).sum::<usize>()
            + gzip.as_ref().map_or(0, SplicedGzip::size);
        Entry {
            version,
            stored: Instant::now(),
            status,
            headers,
            pieces,
            gzip,
            size,
        }
    }

    fn response(&self, nonce: &str, gzip: bool) -> Response {
        let body = match (&self.gzip, gzip) {
            (Some(z), true) => z.with(nonce.as_bytes()),
            _ => self.pieces.join(nonce.as_bytes()),
        };
        let mut res = Response::new(Body::from(body));
        *res.status_mut() = self.status;
        *res.headers_mut() = self.headers.clone();
        let h = res.headers_mut();
        if gzip && self.gzip.is_some() {
            // Already encoded: the compression layer leaves the response alone.
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        h.insert(CACHE_HEADER, HeaderValue::from_static("hit"));
        res
    }
}

/// One instance's page cache.
pub struct PageCache {
    entries: Mutex<Store>,
    max_bytes: usize,
    /// PostgreSQL: moved by every `NOTIFY` this instance receives, and by every change this
    /// instance answered.
    notified: AtomicU64,
    /// PostgreSQL: whether the listener is connected; without it nothing is cached.
    listening: AtomicBool,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct Store {
    map: HashMap<Key, Arc<Entry>>,
    bytes: usize,
    /// The newest version stored: pages of older versions can never be served again.
    newest: u64,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("max_bytes", &self.max_bytes)
            .field("hits", &self.hits.load(Ordering::Relaxed))
            .field("misses", &self.misses.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl PageCache {
    /// A cache holding at most `max_bytes` of pages (0: none at all).
    pub fn new(max_bytes: usize) -> PageCache {
        PageCache {
            entries: Mutex::default(),
            max_bytes,
            notified: AtomicU64::new(0),
            listening: AtomicBool::new(false),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// (hits, misses) so far.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// The data's version now, or `None` when it cannot be known (then nothing is cached).
    async fn version(&self, db: &DatabaseConnection) -> Option<u64> {
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                let row = db
                    .query_one_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        "SELECT n FROM change_counter WHERE id = 1",
                    ))
                    .await
                    .map_err(|e| tracing::warn!(error = %e, "reading the change counter"))
                    .ok()??;
                row.try_get_by_index::<i64>(0).ok().map(|n| n as u64)
            }
            _ => self
                .listening
                .load(Ordering::Acquire)
                .then(|| self.notified.load(Ordering::Acquire)),
        }
    }

    fn get(&self, key: &Key, version: u64) -> Option<Arc<Entry>> {
        let store = self.entries.lock().ok()?;
        store
            .map
            .get(key)
            .filter(|e| e.version == version && e.stored.elapsed() < MAX_AGE)
            .cloned()
    }

    fn put(&self, key: Key, entry: Entry) {
        if entry.size > MAX_ENTRY_BYTES || entry.size > self.max_bytes {
            return;
        }
        let Ok(mut store) = self.entries.lock() else {
            return;
        };
        let version = entry.version;
        if version < store.newest {
            // Rendered from data that has changed since: it would never be served.
            return;
        }
        if let Some(old) = store.map.remove(&key) {
            store.bytes -= old.size;
        }
        // When the data has changed, or the cache is full, first drop what can never be
        // served again, so that memory follows the pages in use, not the cache's limit.
        if version > store.newest || store.bytes + entry.size > self.max_bytes {
            store.newest = version;
            store
                .map
                .retain(|_, e| e.version == version && e.stored.elapsed() < MAX_AGE);
            store.bytes = store.map.values().map(|e| e.size).sum();
            while store.bytes + entry.size > self.max_bytes {
                let Some(oldest) = store
                    .map
                    .iter()
                    .min_by_key(|(_, e)| e.stored)
                    .map(|(k, _)| k.clone())
                else {
                    break;
                };
                if let Some(e) = store.map.remove(&oldest) {
                    store.bytes -= e.size;
                }
            }
        }
        store.bytes += entry.size;
        store.map.insert(key, Arc::new(entry));
    }

    /// PostgreSQL: listens for `NOTIFY gongkai_changes` for as long as the cache lives,
    /// reconnecting when the connection drops. Pages are cached only while listening: a
    /// change made while the listener was away would otherwise go unseen.
    pub fn listen_for_changes(self: &Arc<Self>, db: &DatabaseConnection) {
        if db.get_database_backend() != DbBackend::Postgres || self.max_bytes == 0 {
            return;
        }
        let pool = db.get_postgres_connection_pool().clone();
        let cache: Weak<PageCache> = Arc::downgrade(self);
        tokio::spawn(async move {
            use sea_orm::sqlx::postgres::PgListener;
            loop {
                let mut listener = match PgListener::connect_with(&pool).await {
                    Ok(l) => l,
                    Err(e) => {
                        tracing::warn!(error = %e, "page cache: cannot listen for changes");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                };
                if let Err(e) = listener.listen(migrations::CHANGES_CHANNEL).await {
                    tracing::warn!(error = %e, "page cache: LISTEN failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
                {
                    let Some(c) = cache.upgrade() else { return };
                    // Whatever changed while nobody listened: every stored page is old.
                    c.notified.fetch_add(1, Ordering::AcqRel);
                    c.listening.store(true, Ordering::Release);
                }
                loop {
                    let got = listener.try_recv().await;
                    let Some(c) = cache.upgrade() else { return };
                    match got {
                        Ok(Some(_)) => {
                            c.notified.fetch_add(1, Ordering::AcqRel);
                        }
                        Ok(None) | Err(_) => {
                            c.listening.store(false, Ordering::Release);
                            c.notified.fetch_add(1, Ordering::AcqRel);
                            tracing::warn!("page cache: change listener lost its connection");
                            break;
                        }
                    }
                }
            }
        });
    }
}

/// The key of a request the cache may answer, or `None`.
fn cacheable_request(req: &Request, state: &AppState) -> Option<Key> {
    if req.method() != Method::GET {
        return None;
    }
    let path = req.uri().path();
    if path.starts_with("/api/") || path.starts_with("/pkg/") || path.starts_with("/feeds/") {
        return None;
    }
    let h = req.headers();
    let cookies: String = h
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(";");
    if cookies.contains(crate::auth::SESSION_COOKIE)
        || h.contains_key(header::AUTHORIZATION)
        || h.contains_key("x-query-code")
    {
        return None;
    }
    let path_and_query = req.uri().path_and_query()?.as_str();
    // A code, token or password in the address is the visitor's own.
    let lowered = req.uri().query().unwrap_or_default().to_ascii_lowercase();
    if ["code", "token", "password", "secret"]
        .iter()
        .any(|w| lowered.contains(w))
    {
        return None;
    }
    Some(Key {
        host: h
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string(),
        path_and_query: path_and_query.to_string(),
        prefs: crate::components::prefs::parse(&cookies),
        today: state.clock.today(),
    })
}

/// Whether a response may be kept for everyone.
fn cacheable_response(res: &Response) -> bool {
    let h = res.headers();
    res.status() == StatusCode::OK
        && h.get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"))
        && !h.contains_key(header::SET_COOKIE)
        && !h
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store") || v.contains("private"))
}

/// Middleware, inside the security middleware (which mints the nonce and adds the headers).
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let cache = &state.pages;
    if cache.max_bytes == 0 {
        return next.run(req).await;
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let res = next.run(req).await;
        // Read your own writes on this instance: PostgreSQL's NOTIFY reaches the listener a
        // moment after the commit, and a page asked of this instance right after the change
        // was answered must not be the one from before it. (Other instances catch up when
        // the notification arrives; SQLite's counter already moved in the transaction.)
        if res.status().is_success() || res.status().is_redirection() {
            cache.notified.fetch_add(1, Ordering::AcqRel);
        }
        return res;
    }
    let Some(key) = cacheable_request(&req, &state) else {
        return next.run(req).await;
    };
    let Some(nonce) = req.extensions().get::<CspNonce>().map(|n| n.0.clone()) else {
        return next.run(req).await;
    };
    let Some(version) = cache.version(&state.reads).await else {
        return next.run(req).await;
    };
    if let Some(entry) = cache.get(&key, version) {
        cache.hits.fetch_add(1, Ordering::Relaxed);
        let gzip = req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(super::spliced_gzip::accepts_gzip);
        return entry.response(&nonce, gzip);
    }
    cache.misses.fetch_add(1, Ordering::Relaxed);
    let res = next.run(req).await;
    if !cacheable_response(&res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "page cache: reading a page body");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(text) = std::str::from_utf8(&bytes) {
        let mut pieces = Vec::new();
        let mut at = 0;
        for (i, _) in text.match_indices(nonce.as_str()) {
            pieces.push(bytes.slice(at..i));
            at = i + nonce.len();
        }
        pieces.push(bytes.slice(at..));
        cache.put(
            key,
            Entry::new(version, parts.status, parts.headers.clone(), pieces),
        );
    }
    parts
        .headers
        .insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(version: u64, size: usize) -> Entry {
        Entry {
            version,
            stored: Instant::now(),
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            pieces: vec![Bytes::from(vec![b'a'; size])],
            gzip: None,
            size,
        }
    }

    fn key(path: &str) -> Key {
        Key {
            host: "h".into(),
            path_and_query: path.into(),
            prefs: (false, false),
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
        }
    }

    #[test]
    fn a_page_is_served_only_at_its_version() {
        let c = PageCache::new(1000);
        c.put(key("/"), entry(7, 10));
        assert!(c.get(&key("/"), 7).is_some());
        assert!(c.get(&key("/"), 8).is_none());
        assert!(c.get(&key("/questions"), 7).is_none());
    }

    #[test]
    fn a_change_lets_go_of_every_older_page() {
        let c = PageCache::new(1000);
        c.put(key("/a"), entry(1, 10));
        c.put(key("/b"), entry(1, 10));
        c.put(key("/c"), entry(2, 10));
        let s = c.entries.lock().unwrap();
        assert_eq!(
            s.map.len(),
            1,
            "pages of version 1 are kept after version 2"
        );
        assert_eq!(s.bytes, 10);
        drop(s);
        // A page rendered before the change, stored after it, is not kept.
        c.put(key("/a"), entry(1, 10));
        assert!(c.get(&key("/a"), 1).is_none());
        assert_eq!(c.entries.lock().unwrap().map.len(), 1);
    }

    #[test]
    fn the_cache_stays_within_its_bytes() {
        let c = PageCache::new(100);
        for i in 0..20 {
            c.put(key(&format!("/p{i}")), entry(1, 30));
            let s = c.entries.lock().unwrap();
            assert!(s.bytes <= 100, "{} bytes", s.bytes);
            assert_eq!(s.bytes, s.map.values().map(|e| e.size).sum::<usize>());
        }
        // The newest stays; a page larger than the whole cache is never kept.
        assert!(c.get(&key("/p19"), 1).is_some());
        c.put(key("/big"), entry(1, 101));
        assert!(c.get(&key("/big"), 1).is_none());
    }

    #[test]
    fn each_response_carries_the_nonce_it_is_given() {
        let pieces = vec![
            Bytes::from_static(b"<script nonce=\""),
            Bytes::from_static(b"\"></script>"),
        ];
        let e = Entry::new(1, StatusCode::OK, HeaderMap::new(), pieces);
        let body_of = |res: Response| {
            futures::executor::block_on(axum::body::to_bytes(res.into_body(), 1000)).unwrap()
        };
        let plain = e.response("n2", false);
        assert_eq!(plain.headers()[CACHE_HEADER], "hit");
        assert!(!plain.headers().contains_key(header::CONTENT_ENCODING));
        assert_eq!(&body_of(plain)[..], b"<script nonce=\"n2\"></script>");

        let gzipped = e.response("n3", true);
        assert_eq!(gzipped.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(gzipped.headers()[header::VARY], "accept-encoding");
        let mut page = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&body_of(gzipped)[..]),
            &mut page,
        )
        .unwrap();
        assert_eq!(page, "<script nonce=\"n3\"></script>");
    }
}

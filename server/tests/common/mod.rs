//! `spawn_app()`: the real server on port 0 with a fresh database — a SQLite file, or a new
//! PostgreSQL database when `GONGKAI_TEST_DB=postgres` (dropped again when the test ends).
#![allow(dead_code)]

pub mod catalog;
pub mod disclosure;
pub mod paging;
pub mod smtp;

use app::auth::types::{DisplayName, Password, Role, Username};
use app::platform::{AppState, Config};
use reqwest::{header, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use std::sync::atomic::{AtomicU32, Ordering};

pub const PASSWORD: &str = "correct-horse-42";

pub struct TestApp {
    pub addr: String,
    pub state: AppState,
    pub http: reqwest::Client,
    _db: TestDb,
    _files: TestFiles,
}

/// The test's own attachments directory, removed when the test ends.
struct TestFiles(Vec<std::path::PathBuf>);

impl Drop for TestFiles {
    fn drop(&mut self) {
        for dir in &self.0 {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

enum TestDb {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            TestDb::Postgres { admin_url, name } => {
                let (url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; a fresh thread may block.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        if let Ok(db) = Database::connect(url).await {
                            let _ = db
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

fn unique_name() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "gk_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

async fn fresh_database() -> (String, TestDb) {
    let backend = std::env::var("GONGKAI_TEST_DB").unwrap_or_else(|_| "sqlite".into());
    let name = unique_name();
    if backend == "postgres" {
        let admin_url = std::env::var("GONGKAI_TEST_PG_ADMIN_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let admin = Database::connect(admin_url.clone())
            .await
            .expect("PostgreSQL reachable");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create test database");
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap();
        (
            format!("{base}/{name}"),
            TestDb::Postgres { admin_url, name },
        )
    } else {
        let path = std::env::temp_dir().join(format!("{name}.db"));
        (
            format!("sqlite:{}?mode=rwc", path.display()),
            TestDb::Sqlite(path),
        )
    }
}

/// The registered server functions: `/api/name` → the path leptos serves it at (the name
/// with a hash of its module appended).
pub fn server_fns() -> std::collections::BTreeMap<String, String> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| {
            let name = path.trim_end_matches(|c: char| c.is_ascii_digit());
            (name.to_string(), path.to_string())
        })
        .collect()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The app with today pinned to `day`, so that due dates and cards can be checked exactly.
pub async fn spawn_app_on(day: chrono::NaiveDate) -> TestApp {
    spawn(|_| {}, app::platform::time::Clock::pinned(day)).await
}

/// A pinned day and a changed configuration together.
pub async fn spawn_app_on_with(day: chrono::NaiveDate, tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn(tweak, app::platform::time::Clock::pinned(day)).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn(tweak, app::platform::time::Clock::system()).await
}

/// The app serving the built site in `site_root` (its `pkg/`, `hash.txt`).
pub async fn spawn_app_serving(site_root: &str) -> TestApp {
    spawn_site(
        |_| {},
        app::platform::time::Clock::system(),
        Some(site_root),
    )
    .await
}

async fn spawn(tweak: impl FnOnce(&mut Config), clock: app::platform::time::Clock) -> TestApp {
    spawn_site(tweak, clock, None).await
}

async fn spawn_site(
    tweak: impl FnOnce(&mut Config),
    clock: app::platform::time::Clock,
    site_root: Option<&str>,
) -> TestApp {
    // `RUST_LOG=warn cargo test … -- --nocapture` shows the server's logs (a 500's cause).
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
    let (url, db) = fresh_database().await;
    let mut config = Config::for_database(&url);
    let files = std::env::temp_dir().join(format!("{}-attachments", unique_name()));
    config.attachments_dir = files.clone();
    // Each app its own secret, beside its files (not among them), removed with them.
    let key_dir = std::env::temp_dir().join(format!("{}-key", unique_name()));
    config.key_file = key_dir.join("gongkai.key");
    tweak(&mut config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let options = match site_root {
        Some(root) => gongkai::startup::site_options(root, addr),
        None => gongkai::startup::leptos_options(addr),
    };
    let mut state = gongkai::startup::build_state(config, options)
        .await
        .expect("app state");
    state.clock = clock;
    let router = gongkai::startup::router(state.clone());
    tokio::spawn(async move {
        let _ = gongkai::startup::serve(listener, router).await;
    });
    TestApp {
        addr: format!("http://{addr}"),
        state,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A request that never answers fails its test instead of stalling the suite.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap(),
        _db: db,
        _files: TestFiles(vec![files, key_dir]),
    }
}

/// A browser-like client holding one session cookie.
pub struct Client<'a> {
    pub app: &'a TestApp,
    pub cookie: Option<String>,
    /// Another instance's address (`http://…`) to send to instead of the app's.
    pub base: Option<String>,
}

impl TestApp {
    pub fn client(&self) -> Client<'_> {
        Client {
            app: self,
            cookie: None,
            base: None,
        }
    }

    /// Creates an account with `roles` directly through the service.
    pub async fn create_user(&self, username: &str, roles: &[Role]) -> app::auth::User {
        self.create_handler(username, roles, &[]).await
    }

    /// Creates an account with `roles` that handles for `departments` (role `handler`).
    pub async fn create_handler(
        &self,
        username: &str,
        roles: &[Role],
        departments: &[i32],
    ) -> app::auth::User {
        app::auth::service::create_user(
            &self.state.db,
            &Username::parse(username).unwrap(),
            &Password::parse(PASSWORD, None).unwrap(),
            &DisplayName::parse(username).unwrap(),
            roles,
            departments,
        )
        .await
        .unwrap()
    }

    /// A second instance of the app on the same database, as behind a load balancer.
    pub async fn another_instance(&self) -> AppState {
        let config = (*self.state.config).clone();
        let mut state = gongkai::startup::build_state(
            config,
            gongkai::startup::leptos_options(([127, 0, 0, 1], 0).into()),
        )
        .await
        .expect("second instance");
        state.clock = self.state.clock.clone();
        state
    }

    /// Moves the sign-in time of `c`'s session `secs` into the past, as if it were older.
    pub async fn age_session(&self, c: &Client<'_>, secs: i64) {
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
        let id = c.cookie.clone().expect("signed in");
        let row = app::entities::sessions::Entity::find_by_id(id)
            .one(&self.state.db)
            .await
            .unwrap()
            .unwrap();
        let mut data: Value = serde_json::from_str(&row.data).unwrap();
        let at = data["signed_in_at"].as_i64().unwrap();
        data["signed_in_at"] = serde_json::json!(at - secs * 1000);
        let mut am = row.into_active_model();
        am.data = Set(data.to_string());
        am.update(&self.state.db).await.unwrap();
    }

    /// The capabilities of an account, as a request of theirs would get them.
    pub async fn caller_of(&self, user_id: i32) -> app::auth::caps::Caller {
        app::auth::caps::Caller::for_account(&self.state.db, user_id)
            .await
            .unwrap()
    }

    /// A client signed in as a new account that handles for `departments`.
    pub async fn signed_in_handler(&self, username: &str, departments: &[i32]) -> Client<'_> {
        self.create_handler(username, &[Role::Handler], departments)
            .await;
        self.sign_in(username).await
    }

    /// A client signed in as a new user holding `roles`.
    pub async fn signed_in(&self, username: &str, roles: &[Role]) -> Client<'_> {
        self.create_user(username, roles).await;
        self.sign_in(username).await
    }

    /// A client signed in as the existing account `username`.
    pub async fn sign_in(&self, username: &str) -> Client<'_> {
        let mut c = self.client();
        let res = c
            .post(
                "/api/v1/auth/login",
                &serde_json::json!({"username": username, "password": PASSWORD}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        c
    }
}

impl<'a> Client<'a> {
    /// The same session sent to another instance (`second_instance`), as a load balancer
    /// would.
    pub fn via(&self, base: &str) -> Client<'a> {
        Client {
            app: self.app,
            cookie: self.cookie.clone(),
            base: Some(base.to_string()),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.as_deref().unwrap_or(&self.app.addr), path)
    }

    fn keep_cookie(&mut self, res: &Response) {
        for v in res.headers().get_all(header::SET_COOKIE) {
            let v = v.to_str().unwrap();
            if let Some(rest) = v.strip_prefix("gongkai_session=") {
                let value = rest.split(';').next().unwrap_or_default();
                let expired = v.contains("Max-Age=0") || value.is_empty();
                self.cookie = (!expired).then(|| value.to_string());
            }
        }
    }

    /// The session cookie, and the session's anti-CSRF token as an API client sends it
    /// (these requests carry no `Origin`).
    fn with_cookie(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.cookie {
            Some(c) => rb
                .header(header::COOKIE, format!("gongkai_session={c}"))
                .header("x-csrf-token", self.app.state.secrets.csrf_token(c)),
            None => rb,
        }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        let rb = self.with_cookie(self.app.http.get(self.url(path)));
        let res = rb.send().await.unwrap();
        self.keep_cookie(&res);
        res
    }

    pub async fn post(&mut self, path: &str, body: &Value) -> Response {
        self.send(reqwest::Method::POST, path, body, &[]).await
    }

    pub async fn send(
        &mut self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut rb = self.with_cookie(self.app.http.request(method, self.url(path)).json(body));
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let res = rb.send().await.unwrap();
        self.keep_cookie(&res);
        res
    }

    /// Posts a `multipart/form-data` body with one file part named `file`, as a browser
    /// sends it (the file name raw UTF-8, unescaped).
    pub async fn upload(
        &mut self,
        path: &str,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Response {
        let (ct, body) = multipart_file("file", file_name, content_type, bytes);
        self.post_bytes(path, &ct, body, &[]).await
    }

    pub async fn post_bytes(
        &mut self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut rb = self.with_cookie(
            self.app
                .http
                .post(self.url(path))
                .header(header::CONTENT_TYPE, content_type)
                .body(body),
        );
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let res = rb.send().await.unwrap();
        self.keep_cookie(&res);
        res
    }

    /// A POST with no body and no `Content-Type`, as `curl -X POST` sends it.
    pub async fn post_empty(&mut self, path: &str) -> Response {
        let rb = self.with_cookie(self.app.http.post(self.url(path)));
        let res = rb.send().await.unwrap();
        self.keep_cookie(&res);
        res
    }

    pub async fn post_raw(&mut self, path: &str, content_type: &str, body: &str) -> Response {
        let rb = self.with_cookie(
            self.app
                .http
                .post(self.url(path))
                .header(header::CONTENT_TYPE, content_type)
                .body(body.to_string()),
        );
        let res = rb.send().await.unwrap();
        self.keep_cookie(&res);
        res
    }
}

/// A `multipart/form-data` body with one file part: (content type, body).
pub fn multipart_file(
    field: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> (String, Vec<u8>) {
    let boundary = "----gongkai-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
         Content-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The JSON body, asserting the status first. A body that is not JSON fails the test: an
/// empty or garbled answer must never pass a check that only looks for an absent field.
/// How many rows of the audit trail have `action` (as an admin reads them).
pub async fn audit_count(admin: &mut Client<'_>, action: &str) -> i64 {
    json(
        admin
            .get(&format!("/api/v1/admin/audit?action={action}"))
            .await,
        StatusCode::OK,
    )
    .await["total"]
        .as_i64()
        .unwrap()
}

pub async fn json(res: Response, status: StatusCode) -> Value {
    let got = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "unexpected status; body: {text}");
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the {got} answer is not JSON ({e}); body: {text:?}"))
}

impl TestApp {
    /// Another `gongkai serve` on the same database, as behind a load balancer.
    pub async fn second_instance(&self) -> (String, tokio::task::JoinHandle<()>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let config = (*self.state.config).clone();
        let mut state =
            gongkai::startup::build_state(config, gongkai::startup::leptos_options(addr))
                .await
                .expect("second instance state");
        state.clock = self.state.clock.clone();
        let router = gongkai::startup::router(state);
        let h = tokio::spawn(async move {
            let _ = gongkai::startup::serve(listener, router).await;
        });
        (format!("http://{addr}"), h)
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self._db, TestDb::Postgres { .. })
    }

    /// 09:30 district time, `days` after the app's today: an interview time inside the
    /// usual preview window (3 days to a month ahead) whatever day the tests run on.
    pub fn interview_time(&self, days: u64) -> String {
        let day = self.state.clock.today() + chrono::Days::new(days);
        format!("{day}T09:30:00+08:00")
    }
}

/// A Server-Sent Events reader over a streaming response.
pub struct Sse {
    stream: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buf: String,
}

#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<i32>,
    pub event: String,
    pub data: Value,
}

impl Sse {
    pub async fn connect(url: &str, last_event_id: Option<i32>, cookie: Option<&str>) -> Sse {
        let mut rb = reqwest::Client::new()
            .get(url)
            .header("accept", "text/event-stream");
        if let Some(id) = last_event_id {
            rb = rb.header("last-event-id", id.to_string());
        }
        if let Some(c) = cookie {
            rb = rb.header(header::COOKIE, format!("gongkai_session={c}"));
        }
        let res = rb.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "event stream refused");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Sse {
            stream: Box::pin(res.bytes_stream()),
            buf: String::new(),
        }
    }

    /// The next event other than the `viewers` heartbeat, or `None` after `wait`.
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<SseEvent> {
        use futures::StreamExt;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut id, mut event, mut data) = (None, String::from("message"), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if data.is_empty() || event == "viewers" {
                    continue;
                }
                let data = serde_json::from_str(&data)
                    .unwrap_or_else(|e| panic!("event {event:?} carries no JSON ({e}): {data:?}"));
                return Some(SseEvent { id, event, data });
            }
            match tokio::time::timeout_at(deadline, self.stream.next()).await {
                Ok(Some(Ok(chunk))) => self.buf.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return None,
            }
        }
    }

    /// Every event up to and including the first one `is_sentinel` accepts. The sentinel
    /// is an event the test knows must come (a later public entry it posted, or the last
    /// entry of the log), so "nothing forbidden came" is decided by what arrived before
    /// it, never by a pause. Fails the test if the sentinel has not come within `wait`
    /// (or the stream ended first).
    pub async fn until(
        &mut self,
        wait: std::time::Duration,
        is_sentinel: impl Fn(&SseEvent) -> bool,
    ) -> Vec<SseEvent> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut got = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Some(e) => {
                    let done = is_sentinel(&e);
                    got.push(e);
                    if done {
                        return got;
                    }
                }
                None => panic!(
                    "the sentinel event did not arrive within {wait:?} (or the stream ended); \
                     got instead: {got:?}"
                ),
            }
        }
    }
}

/// A fresh, empty database to restore into (a SQLite path not yet created, or a new
/// PostgreSQL database), and the guard that removes it when the test ends.
pub async fn fresh_restore_target() -> (String, impl Sized) {
    fresh_database().await
}

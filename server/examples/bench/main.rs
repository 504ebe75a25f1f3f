//! `make bench`: figures, not pass/fail. Each figure is printed next to a baseline measured
//! in the same run on the same machine, so the ratio means something on a busy machine too.
//!
//! - Public pages (home, lists, a question, a document, an interview, search) as an
//!   anonymous browser gets them, with the page cache on and off, against a trivial route
//!   behind the same middleware.
//! - 网络问政: submissions per second; list and search p99 at 1,000 and at 1,000,000
//!   questions (`GONGKAI_BENCH_QUESTIONS` sets the large size), against the trivial route.
//! - 政府信息公开目录: browse and search p99 at 1,000 and at 200,000 documents
//!   (`GONGKAI_BENCH_DOCUMENTS` sets the large size), against the trivial route.
//! - 在线访谈: N event-stream viewers on one instance (`GONGKAI_BENCH_VIEWERS`, default
//!   10,000), a burst of host messages, delivery latency p50/p99 against one viewer, and the
//!   server's memory per viewer.
//! - The wasm bundle raw, gzip and brotli.
//!
//! Each part runs on SQLite, or on PostgreSQL when `GONGKAI_BENCH_PG` names an admin URL.
mod bundle;
mod catalog;
mod corpus;
mod home;
mod live;
mod load;
mod questions;
mod viewers;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    // A group of the live part's viewers, started by that part in a process of its own.
    if args.get(1).map(String::as_str) == Some("live-viewers") {
        viewers::group(&args[2..]).await;
        return;
    }
    let only = args.get(1).cloned();
    let want = |name: &str| only.as_deref().is_none_or(|o| o == name);
    if want("home") {
        home::run().await;
    }
    if want("questions") {
        questions::run().await;
    }
    if want("catalog") {
        catalog::run().await;
    }
    if want("live") {
        live::run().await;
    }
    if want("wasm") {
        bundle::wasm_sizes();
    }
}

/// The database one part of the benchmark runs on: a fresh SQLite file, or, when
/// `GONGKAI_BENCH_PG` holds a PostgreSQL admin URL (`postgres://postgres@127.0.0.1:5432/postgres`),
/// a fresh PostgreSQL database. Either is removed by [`BenchDb::remove`].
pub struct BenchDb {
    pub url: String,
    /// "SQLite" or "PostgreSQL", for the headings.
    pub backend: &'static str,
    place: Place,
}

enum Place {
    Dir(std::path::PathBuf),
    Postgres { admin: String, name: String },
}

impl BenchDb {
    pub async fn new(part: &str) -> BenchDb {
        let pid = std::process::id();
        if let Ok(admin) = std::env::var("GONGKAI_BENCH_PG") {
            let name = format!("gongkai_bench_{pid}_{part}");
            run_admin(&admin, &format!("CREATE DATABASE {name}")).await;
            let (server, _) = admin.rsplit_once('/').expect("a URL ending in /<database>");
            return BenchDb {
                url: format!("{server}/{name}"),
                backend: "PostgreSQL",
                place: Place::Postgres { admin, name },
            };
        }
        let dir = std::env::temp_dir().join(format!("gongkai-bench-{pid}-{part}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        BenchDb {
            url: format!("sqlite:{}/bench.db?mode=rwc", dir.display()),
            backend: "SQLite",
            place: Place::Dir(dir),
        }
    }

    pub async fn remove(self) {
        match self.place {
            Place::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            // GONGKAI_BENCH_KEEP=1 leaves the database for EXPLAIN and the like.
            Place::Postgres { name, .. } if std::env::var_os("GONGKAI_BENCH_KEEP").is_some() => {
                println!("(kept database {name})");
            }
            Place::Postgres { admin, name } => {
                run_admin(
                    &admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                )
                .await;
            }
        }
    }
}

async fn run_admin(admin: &str, sql: &str) {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(admin).await.unwrap();
    db.execute_unprepared(sql).await.unwrap();
    db.close().await.unwrap();
}

/// The app on port 0 in this process, with a trivial `/__bench/static` route as baseline.
pub async fn spawn_in_process(
    url: &str,
    configure: impl FnOnce(&mut app::platform::Config),
) -> (String, app::platform::AppState) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = app::platform::Config::for_database(url);
    // The bench submits as one account, far past what one resident may.
    config.account_questions_per_hour = u32::MAX;
    configure(&mut config);
    let state = gongkai::startup::build_state(config, gongkai::startup::leptos_options(addr))
        .await
        .unwrap();
    // The baseline answers "ok" behind the whole middleware stack (sessions, security
    // headers, limits, compression): the ratio then measures the page, not the stack.
    let router = gongkai::startup::router_with(
        state.clone(),
        axum::Router::new().route("/__bench/static", axum::routing::get(|| async { "ok" })),
    );
    tokio::spawn(async move { gongkai::startup::serve(listener, router).await.unwrap() });
    (format!("http://{addr}"), state)
}

pub fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

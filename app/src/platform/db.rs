//! Connecting to the database and bringing its schema up to date.
use migrations::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef, LikeExpr, SimpleExpr};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
    Value,
};
use std::time::Duration;

/// Connects and migrates. SQLite runs in WAL mode with a busy timeout and foreign keys on,
/// through a single connection: the embedded single-instance mode then never sees
/// "database is locked", whatever the mix of readers and writers. PostgreSQL gets a pool.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let sqlite = url.starts_with("sqlite:");
    if sqlite {
        configure_sqlite_library();
        ensure_sqlite_dir(url);
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10));
    if sqlite {
        // Set per connection by sqlx, so a recycled connection keeps them too.
        opts.max_connections(1)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| {
                o.pragma("journal_mode", "WAL")
                    .pragma("synchronous", "NORMAL")
                    .pragma("busy_timeout", "5000")
                    .pragma("foreign_keys", "ON")
            });
    } else {
        // Always plan with the actual values. After five runs PostgreSQL may switch a
        // prepared statement to a generic plan, and for search that plan is blind to how
        // rare the word is: the bench saw a count over a 1-in-10,000 word go from 14 ms to
        // 700 ms at 200,000 documents.
        opts.max_connections(20)
            .min_connections(1)
            .map_sqlx_postgres_opts(|o| o.options([("plan_cache_mode", "force_custom_plan")]));
    }
    let db = Database::connect(opts).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// Turns off SQLite's memory statistics, once per process, before the first connection opens
/// (SQLite accepts the setting only then; later it refuses it and nothing changes).
///
/// With statistics on, every allocation SQLite makes takes one mutex shared by all of the
/// process's connections. The readers run on threads of their own, so they queued on it:
/// `perf` on the search API under load found a tenth of the server's time waking and waiting
/// on contended mutexes. Nothing here reads those statistics.
fn configure_sqlite_library() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` is called before any connection exists (the only time
        // SQLite allows it) with the integer argument SQLITE_CONFIG_MEMSTATUS takes.
        let rc = unsafe {
            libsqlite3_sys::sqlite3_config(
                libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS,
                0 as std::ffi::c_int,
            )
        };
        if rc != libsqlite3_sys::SQLITE_OK {
            tracing::debug!(
                rc,
                "SQLite was already in use: its memory statistics stay on"
            );
        }
    });
}

/// Several instances starting at once on one PostgreSQL database would otherwise migrate
/// and seed side by side, and the second would trip over the first one's rows (a unique
/// key of a seeded department or column). Each instance holds this lock from before it
/// migrates until its seeding is done, so they take turns; the later one finds everything
/// in place. The lock belongs to a connection of its own: should the instance die
/// meanwhile, PostgreSQL releases it with the session. SQLite has one instance by design.
pub struct SetupLock(Option<DatabaseConnection>);

/// `pg_advisory_lock`'s key for [`SetupLock`]: "gongkai" in ASCII, to stay clear of any
/// other application's keys in a shared database.
const SETUP_LOCK_KEY: i64 = 0x0067_6f6e_676b_6169;

impl SetupLock {
    /// Waits for the other instances' setup, then holds the lock (on PostgreSQL).
    pub async fn acquire(url: &str) -> Result<Self, DbErr> {
        if url.starts_with("sqlite:") {
            return Ok(Self(None));
        }
        let mut opts = ConnectOptions::new(url.to_string());
        opts.sqlx_logging(false)
            .max_connections(1)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(10));
        let conn = Database::connect(opts).await?;
        conn.execute_unprepared(&format!("SELECT pg_advisory_lock({SETUP_LOCK_KEY})"))
            .await?;
        Ok(Self(Some(conn)))
    }

    /// Lets the next instance set up.
    pub async fn release(self) {
        if let Some(conn) = self.0 {
            let _ = conn
                .execute_unprepared(&format!("SELECT pg_advisory_unlock({SETUP_LOCK_KEY})"))
                .await;
            let _ = conn.close().await;
        }
    }
}

/// Readers for the anonymous public's pages, beside the writer: on SQLite in WAL mode a pool
/// of read-only connections, each reading the last committed state without waiting for the
/// one writer, so a page served from cache or a public list never queues behind a
/// submission. On PostgreSQL (and for an in-memory SQLite database, which another
/// connection could not see) the writer's pool serves reads too.
///
/// Call after [`connect`]: the schema must exist before a read-only connection opens.
pub async fn connect_readers(
    url: &str,
    writer: &DatabaseConnection,
    readers: u32,
) -> Result<DatabaseConnection, DbErr> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if !url.starts_with("sqlite:") || in_memory || readers == 0 {
        return Ok(writer.clone());
    }
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .max_connections(readers)
        .min_connections(1)
        .map_sqlx_sqlite_opts(|o| {
            // Read-only twice over: opened so, and `query_only` refuses a write outright.
            o.read_only(true)
                .create_if_missing(false)
                .pragma("query_only", "ON")
                .pragma("busy_timeout", "5000")
        });
    Database::connect(opts).await
}

fn ensure_sqlite_dir(url: &str) {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return;
    }
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(dir);
        }
    }
}

/// `?` placeholders become `$1, $2, …` on PostgreSQL.
pub fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    if backend != DbBackend::Postgres {
        return Statement::from_sql_and_values(backend, sql, values);
    }
    Statement::from_sql_and_values(backend, numbered_placeholders(sql), values)
}

/// `?` → `$1, $2, …` (sea-query renumbers these inside a custom expression).
pub fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// `column LIKE '%text%'` with the text taken literally. A person's `%`, `_` or `\` is
/// escaped: "_" finds an underscore, not every row, and no run of wildcards can set SQLite's
/// matcher backtracking over every row while the one connection waits.
pub fn contains_literally(column: impl IntoColumnRef, text: &str) -> SimpleExpr {
    Expr::col(column).like(LikeExpr::new(format!("%{}%", escape_like(text))).escape('\\'))
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A state read back from a row. A value that does not parse means a corrupt row (or one
/// written by a newer version): it is logged with where it was, and the request fails with
/// 500, never shown as a made-up default state.
pub fn stored<T, E: std::fmt::Display>(
    parsed: Result<T, E>,
    table: &str,
    id: impl std::fmt::Display,
    value: &str,
) -> Result<T, crate::error::AppError> {
    parsed.map_err(|e| {
        tracing::error!(table, id = %id, value, error = %e, "unknown value stored in a state column");
        crate::error::AppError::Internal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        let s = statement(
            DbBackend::Postgres,
            "a = ? AND b = ?",
            vec![1.into(), 2.into()],
        );
        assert_eq!(s.sql, "a = $1 AND b = $2");
    }

    #[test]
    fn like_wildcards_in_text_are_taken_literally() {
        assert_eq!(escape_like("a%b_c\\d"), "a\\%b\\_c\\\\d");
        assert_eq!(escape_like("王五"), "王五");
    }
}

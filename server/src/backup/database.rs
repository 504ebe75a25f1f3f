//! The database's side of a backup: a consistent copy from one snapshot (`VACUUM INTO` on
//! SQLite, `pg_dump` of an exported snapshot on PostgreSQL), its row counts, and putting a
//! copy back.
use super::files::path_str;
use super::{Backend, POSTGRES_FILE, SQLITE_FILE};
use anyhow::{anyhow, bail, Context};
use app::platform::Config;
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend,
    IsolationLevel, Statement, TransactionTrait,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Rows in every table of the database (SQLite's own `sqlite_*` tables aside).
pub async fn row_counts(db: &impl ConnectionTrait) -> anyhow::Result<BTreeMap<String, u64>> {
    let backend = db.get_database_backend();
    let mut counts = BTreeMap::new();
    for table in table_names(db).await? {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM \"{}\"",
            table.replace('"', "\"\"")
        );
        let n: i64 = db
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .with_context(|| format!("统计表 {table} 的行数"))?
            .ok_or_else(|| anyhow!("统计表 {table} 的行数：没有结果"))?
            .try_get("", "n")?;
        counts.insert(table, u64::try_from(n).unwrap_or_default());
    }
    Ok(counts)
}

pub(super) async fn table_names(db: &impl ConnectionTrait) -> anyhow::Result<Vec<String>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        }
        DbBackend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             ORDER BY table_name"
        }
        other => bail!("不支持的数据库：{other:?}"),
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .context("列出数据库中的表")?
        .iter()
        .map(|row| row.try_get::<String>("", "name").map_err(Into::into))
        .collect()
}

pub(super) async fn dump_sqlite(
    db: &DatabaseConnection,
    dir: &Path,
) -> anyhow::Result<BTreeMap<String, u64>> {
    let file = dir.join(SQLITE_FILE);
    let name = path_str(&file)?;
    // A consistent copy while other connections keep reading and writing.
    db.execute_unprepared(&format!("VACUUM INTO '{}'", name.replace('\'', "''")))
        .await
        .context("复制 SQLite 数据库（VACUUM INTO）")?;
    // Counted in the copy: the live database may have changed since.
    let copy = open(&sqlite_url(&file, "mode=ro&immutable=1")?)
        .await
        .context("打开数据库副本")?;
    let counts = row_counts(&copy).await;
    copy.close().await.context("关闭数据库副本")?;
    counts
}

pub(super) async fn dump_postgres(
    db: &DatabaseConnection,
    url: &str,
    dir: &Path,
) -> anyhow::Result<BTreeMap<String, u64>> {
    // pg_dump reads the snapshot this transaction exports, so that the row counts describe
    // exactly what it dumps while the server keeps writing.
    let txn = db
        .begin_with_config(
            Some(IsolationLevel::RepeatableRead),
            Some(AccessMode::ReadOnly),
        )
        .await
        .context("开始只读事务")?;
    let snapshot: String = txn
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_export_snapshot() AS s",
        ))
        .await
        .context("导出快照")?
        .ok_or_else(|| anyhow!("导出快照：没有结果"))?
        .try_get("", "s")?;
    let file = dir.join(POSTGRES_FILE);
    run_pg(
        "pg_dump",
        &[
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            &format!("--snapshot={snapshot}"),
            "--file",
            path_str(&file)?,
            "--dbname",
        ],
        url,
        &[],
    )
    .await?;
    let counts = row_counts(&txn).await?;
    txn.commit().await.context("结束只读事务")?;
    Ok(counts)
}

/// Runs a PostgreSQL client program with `args`, then the database URL, then `tail`.
pub(super) async fn run_pg(
    program: &str,
    args: &[&str],
    url: &str,
    tail: &[&str],
) -> anyhow::Result<()> {
    let (url, password) = split_password(url);
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(args)
        .arg(url)
        .args(tail)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    // Through the environment: a command line is visible to every user of the machine.
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let out = match cmd.output().await {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "找不到 {program}：请安装 PostgreSQL 客户端（Debian：apt install postgresql-client），\
             版本不低于数据库服务器，并确保它在 PATH 中"
        ),
        Err(e) => return Err(anyhow!(e).context(format!("运行 {program}"))),
    };
    if !out.status.success() {
        bail!(
            "{program} 失败（{}）：{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The URL without its password, and the password (percent-decoded, as libpq reads it).
pub(super) fn split_password(url: &str) -> (String, Option<String>) {
    let unchanged = || (url.to_string(), None);
    let Some((scheme, rest)) = url.split_once("://") else {
        return unchanged();
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return unchanged();
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return unchanged();
    };
    match String::from_utf8(percent_decode(password)) {
        Ok(p) => (format!("{scheme}://{user}@{host}{tail}"), Some(p)),
        Err(_) => unchanged(),
    }
}

pub(super) fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The database file of a `sqlite:` URL, read as sqlx reads it: `sqlite:data/x.db?mode=rwc`,
/// `sqlite:///abs/x.db`, percent-escapes decoded.
pub fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| anyhow!("不是 SQLite 数据库地址"))?;
    let (file, params) = rest.split_once('?').unwrap_or((rest, ""));
    if file.is_empty() || file == ":memory:" || params.split('&').any(|p| p == "mode=memory") {
        bail!("内存中的 SQLite 数据库无法备份或恢复");
    }
    String::from_utf8(percent_decode(file))
        .map(PathBuf::from)
        .map_err(|_| anyhow!("SQLite 数据库路径不是 UTF-8"))
}

/// A `sqlite:` URL for `file` with `params`, escaped so that sqlx reads the name back.
pub(super) fn sqlite_url(file: &Path, params: &str) -> anyhow::Result<String> {
    let name = path_str(file)?
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    Ok(format!("sqlite:{name}?{params}"))
}

/// The configured database, opened without creating it or running migrations.
pub(super) fn target_url(config: &Config, backend: Backend) -> anyhow::Result<String> {
    match backend {
        Backend::Sqlite => sqlite_url(&sqlite_path(&config.database_url)?, "mode=rw"),
        Backend::Postgres => Ok(config.database_url.clone()),
    }
}

pub(super) async fn open(url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .max_connections(1)
        .min_connections(0);
    Database::connect(opts).await
}

/// What makes the configured database one not to overwrite: rows in `users` or
/// `questions`. A SQLite file that does not exist yet holds nothing.
pub(super) async fn existing_data(
    config: &Config,
    backend: Backend,
) -> anyhow::Result<Option<String>> {
    if backend == Backend::Sqlite {
        let path = sqlite_path(&config.database_url)?;
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(anyhow!(e).context(format!("数据库文件 {}", path.display()))),
            Ok(m) if m.len() == 0 => return Ok(None),
            Ok(_) => {}
        }
    }
    let db = open(&target_url(config, backend)?)
        .await
        .context("连接目标数据库（PostgreSQL 须先建好数据库）")?;
    let found = async {
        let tables = table_names(&db).await?;
        for table in ["users", "questions"] {
            if !tables.iter().any(|t| t == table) {
                continue;
            }
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT COUNT(*) AS n FROM {table}"),
                ))
                .await?;
            let n: i64 = match row {
                Some(r) => r.try_get("", "n")?,
                None => 0,
            };
            if n > 0 {
                return Ok(Some(format!("{table} 表有 {n} 行")));
            }
        }
        anyhow::Ok(None)
    }
    .await;
    db.close().await.context("关闭数据库连接")?;
    found
}

/// Puts the copy in place by renaming, after removing the old database's journal files:
/// SQLite would otherwise apply them to the restored database and corrupt it.
pub(super) fn restore_sqlite_file(copy: &Path, target: &Path) -> anyhow::Result<()> {
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("创建 {}", parent.display()))?;
    }
    let mut staged = target.as_os_str().to_owned();
    staged.push(".restoring");
    let staged = PathBuf::from(staged);
    std::fs::copy(copy, &staged).with_context(|| format!("复制数据库到 {}", staged.display()))?;
    std::fs::File::open(&staged)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("写入 {}", staged.display()))?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(&side) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(anyhow!(e).context(format!("删除 {}", Path::new(&side).display())))
            }
            _ => {}
        }
    }
    std::fs::rename(&staged, target).with_context(|| format!("替换 {}", target.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths_are_read_as_sqlx_reads_them() {
        let p = |u: &str| sqlite_path(u).unwrap();
        assert_eq!(
            p("sqlite:data/gongkai.db?mode=rwc"),
            PathBuf::from("data/gongkai.db")
        );
        assert_eq!(
            p("sqlite:///var/lib/gk/site.db"),
            PathBuf::from("/var/lib/gk/site.db")
        );
        assert_eq!(p("sqlite:/tmp/a%3Fb.db"), PathBuf::from("/tmp/a?b.db"));
        assert!(sqlite_path("sqlite::memory:").is_err());
        assert!(sqlite_path("sqlite:x.db?mode=memory").is_err());
        let url = sqlite_url(Path::new("/tmp/a?b%.db"), "mode=ro").unwrap();
        assert_eq!(sqlite_path(&url).unwrap(), PathBuf::from("/tmp/a?b%.db"));
    }

    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            split_password("postgres://gk:p%40ss@db:5432/gongkai?sslmode=require"),
            (
                "postgres://gk@db:5432/gongkai?sslmode=require".to_string(),
                Some("p@ss".to_string())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1/gk"),
            ("postgres://postgres@127.0.0.1/gk".to_string(), None)
        );
    }
}

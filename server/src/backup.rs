//! `gongkai backup` and `gongkai restore`: the database, the attachment files and a manifest
//! (row counts, file sizes and SHA-256) in one directory.
//!
//! The server's key is left out unless asked for: it is what keeps the applicants' ID
//! numbers and the query codes in the database safe, so a backup holding both gives away
//! what the key protects.
use anyhow::{anyhow, bail, Context};
use app::platform::Config;
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend,
    IsolationLevel, Statement, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// The manifest's format; restore refuses any other.
pub const FORMAT: u32 = 1;
pub const MANIFEST_FILE: &str = "manifest.json";
pub const SQLITE_FILE: &str = "gongkai.db";
pub const POSTGRES_FILE: &str = "gongkai.pgdump";
pub const KEY_FILE: &str = "gongkai.key";
pub const ATTACHMENTS_DIR: &str = "attachments";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(database_url: &str) -> anyhow::Result<Backend> {
        if database_url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://")
        {
            Ok(Backend::Postgres)
        } else {
            bail!("DATABASE_URL 须以 sqlite: 或 postgres:// 开头")
        }
    }

    fn dump_file(self) -> &'static str {
        match self {
            Backend::Sqlite => SQLITE_FILE,
            Backend::Postgres => POSTGRES_FILE,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// RFC 3339.
    pub created_at: String,
    /// The version of gongkai that made the backup.
    pub gongkai_version: String,
    pub backend: Backend,
    /// The database copy (`gongkai.db` or `gongkai.pgdump`).
    pub database: FileEntry,
    /// Rows in every table, counted in the same snapshot as the copy.
    pub tables: BTreeMap<String, u64>,
    /// Paths relative to `attachments/`, `/`-separated.
    pub attachments: Vec<FileEntry>,
    pub key_included: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl Manifest {
    pub fn total_rows(&self) -> u64 {
        self.tables.values().sum()
    }

    pub fn attachment_bytes(&self) -> u64 {
        self.attachments.iter().map(|a| a.size).sum()
    }
}

/// Backs up into `dir`, which must be missing or empty. The server may keep running: the
/// database is copied from one consistent snapshot.
pub async fn backup(config: &Config, dir: &Path, with_key: bool) -> anyhow::Result<Manifest> {
    let backend = Backend::of(&config.database_url)?;
    // Read first, so that a missing key fails the backup before anything is written.
    let key = if with_key {
        Some(current_key(config)?)
    } else {
        None
    };
    let created = prepare_empty_dir(dir)?;
    let written = write_backup(config, dir, backend, key).await;
    if written.is_err() && created {
        // Only what this run wrote: the directory was new. A retry then finds it missing.
        let _ = std::fs::remove_dir_all(dir);
    }
    written
}

async fn write_backup(
    config: &Config,
    dir: &Path,
    backend: Backend,
    key: Option<Vec<u8>>,
) -> anyhow::Result<Manifest> {
    // Absolute, so that `VACUUM INTO` does not depend on the working directory or read the
    // name as a `file:` URI.
    let dir = dir
        .canonicalize()
        .with_context(|| format!("备份目录 {}", dir.display()))?;

    let db = app::platform::db::connect(&config.database_url)
        .await
        .context("连接数据库")?;
    let dumped = match backend {
        Backend::Sqlite => dump_sqlite(&db, &dir).await,
        Backend::Postgres => dump_postgres(&db, &config.database_url, &dir).await,
    };
    db.close().await.context("关闭数据库连接")?;
    let tables = dumped?;
    let database = {
        let (dir, name) = (dir.clone(), backend.dump_file());
        blocking(move || file_entry(&dir, name)).await?
    };

    // After the database: a file uploaded meanwhile is then merely unreferenced, never a
    // row whose file is missing (except for a file deleted meanwhile, which is skipped).
    let attachments = {
        let (from, to) = (config.attachments_dir.clone(), dir.join(ATTACHMENTS_DIR));
        let key_file = config.key_file.clone();
        blocking(move || copy_attachments(&from, &to, &key_file)).await?
    };

    let key_included = key.is_some();
    if let Some(key) = key {
        write_private(&dir.join(KEY_FILE), &key)?;
    }

    let manifest = Manifest {
        format: FORMAT,
        created_at: app::platform::time::rfc3339(chrono::Utc::now()),
        gongkai_version: env!("CARGO_PKG_VERSION").to_string(),
        backend,
        database,
        tables,
        attachments,
        key_included,
    };
    // Written last: a backup that stopped half way has no manifest, and restore refuses it.
    let json = serde_json::to_vec_pretty(&manifest).context("编写备份清单")?;
    write_synced(&dir.join(MANIFEST_FILE), &json)?;
    Ok(manifest)
}

/// Restores the backup in `dir` into the configured database and attachments directory.
/// The server must be stopped. Everything in the backup is checked before anything is
/// changed; a database that holds data is only overwritten with `force`.
pub async fn restore(config: &Config, dir: &Path, force: bool) -> anyhow::Result<Manifest> {
    let manifest = read_manifest(dir)?;
    let backend = Backend::of(&config.database_url)?;
    if manifest.backend != backend {
        bail!(
            "这份备份来自 {} 数据库，而当前配置的是 {}：不能直接恢复",
            manifest.backend.label(),
            backend.label()
        );
    }
    {
        let (dir, manifest) = (dir.to_path_buf(), manifest.clone());
        blocking(move || verify_files(&dir, &manifest)).await?;
    }
    let key = restorable_key(config, dir, &manifest)?;
    if !force {
        if let Some(found) = existing_data(config, backend).await? {
            bail!("目标数据库已有数据（{found}），未做任何更改。确需覆盖请加 --force");
        }
    }

    let dump = dir.join(backend.dump_file());
    match backend {
        Backend::Sqlite => {
            let target = sqlite_path(&config.database_url)?;
            blocking(move || restore_sqlite_file(&dump, &target)).await?;
        }
        Backend::Postgres => {
            let dump = path_str(&dump)?.to_string();
            run_pg(
                "pg_restore",
                &[
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    // All or nothing: a failure leaves the database as it was.
                    "--single-transaction",
                    "--dbname",
                ],
                &config.database_url,
                &[dump.as_str()],
            )
            .await?;
        }
    }

    {
        let from = dir.join(ATTACHMENTS_DIR);
        let (to, entries) = (config.attachments_dir.clone(), manifest.attachments.clone());
        blocking(move || restore_attachments(&from, &to, &entries)).await?;
    }
    if let Some(key) = key {
        write_private(&config.key_file, &key)?;
    }

    let db = open(&target_url(config, backend)?)
        .await
        .context("连接恢复后的数据库")?;
    let counted = row_counts(&db).await;
    db.close().await.context("关闭数据库连接")?;
    let counted = counted?;
    let differences: Vec<String> = manifest
        .tables
        .keys()
        .chain(counted.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(|t| {
            let (want, got) = (manifest.tables.get(t), counted.get(t));
            (want != got).then(|| {
                let shown =
                    |n: Option<&u64>| n.map_or("无此表".to_string(), |n| format!("{n} 行"));
                format!("{t}：备份 {}，恢复后 {}", shown(want), shown(got))
            })
        })
        .collect();
    if !differences.is_empty() {
        bail!("恢复后的行数与备份清单不符：{}", differences.join("；"));
    }
    Ok(manifest)
}

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

async fn table_names(db: &impl ConnectionTrait) -> anyhow::Result<Vec<String>> {
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

async fn dump_sqlite(db: &DatabaseConnection, dir: &Path) -> anyhow::Result<BTreeMap<String, u64>> {
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

async fn dump_postgres(
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
async fn run_pg(program: &str, args: &[&str], url: &str, tail: &[&str]) -> anyhow::Result<()> {
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
fn split_password(url: &str) -> (String, Option<String>) {
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

fn percent_decode(s: &str) -> Vec<u8> {
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
fn sqlite_url(file: &Path, params: &str) -> anyhow::Result<String> {
    let name = path_str(file)?
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    Ok(format!("sqlite:{name}?{params}"))
}

/// The configured database, opened without creating it or running migrations.
fn target_url(config: &Config, backend: Backend) -> anyhow::Result<String> {
    match backend {
        Backend::Sqlite => sqlite_url(&sqlite_path(&config.database_url)?, "mode=rw"),
        Backend::Postgres => Ok(config.database_url.clone()),
    }
}

async fn open(url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .max_connections(1)
        .min_connections(0);
    Database::connect(opts).await
}

/// What makes the configured database one not to overwrite: rows in `users` or
/// `questions`. A SQLite file that does not exist yet holds nothing.
async fn existing_data(config: &Config, backend: Backend) -> anyhow::Result<Option<String>> {
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

/// The key to put in place after the restore, if the backup has one and none is there.
/// A different key already in use is never replaced: the data sealed under it would be lost.
fn restorable_key(
    config: &Config,
    dir: &Path,
    manifest: &Manifest,
) -> anyhow::Result<Option<Vec<u8>>> {
    if !manifest.key_included {
        return Ok(None);
    }
    let path = dir.join(KEY_FILE);
    let key =
        std::fs::read(&path).with_context(|| format!("读取备份中的密钥 {}", path.display()))?;
    let same = |other: &[u8]| {
        String::from_utf8_lossy(other)
            .trim()
            .eq_ignore_ascii_case(String::from_utf8_lossy(&key).trim())
    };
    if let Some(configured) = &config.secret_key {
        if same(configured.as_bytes()) {
            return Ok(None);
        }
        bail!(
            "备份中的密钥与 GONGKAI_SECRET_KEY 不同，未做任何更改：恢复后的身份证号和查询码要用备份中的密钥才能解开。\
             请把 GONGKAI_SECRET_KEY 换成备份中 {KEY_FILE} 的内容后再恢复"
        );
    }
    match std::fs::read(&config.key_file) {
        Ok(existing) if same(&existing) => Ok(None),
        Ok(_) => bail!(
            "{} 已有一个不同的密钥，不会覆盖它，未做任何更改：用它加密的数据会因此无法解开。\
             请先把它移走并另行保存，再恢复",
            config.key_file.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Some(key)),
        Err(e) => Err(anyhow!(e).context(format!("密钥文件 {}", config.key_file.display()))),
    }
}

/// The key in use, as a key file holds it.
fn current_key(config: &Config) -> anyhow::Result<Vec<u8>> {
    if let Some(hex) = &config.secret_key {
        return Ok(format!("{}\n", hex.trim()).into_bytes());
    }
    match std::fs::read(&config.key_file) {
        Ok(key) => Ok(key),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "密钥文件 {} 不存在（服务器第一次启动时才生成它）",
            config.key_file.display()
        ),
        Err(e) => Err(anyhow!(e).context(format!("读取密钥文件 {}", config.key_file.display()))),
    }
}

fn read_manifest(dir: &Path) -> anyhow::Result<Manifest> {
    let path = dir.join(MANIFEST_FILE);
    let text = std::fs::read(&path)
        .with_context(|| format!("读取备份清单 {}（没有清单的备份不完整）", path.display()))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .with_context(|| format!("备份清单 {} 无法解析", path.display()))?;
    if manifest.format != FORMAT {
        bail!(
            "备份格式版本 {} 不受支持（本程序支持 {FORMAT}）",
            manifest.format
        );
    }
    if manifest.database.path != manifest.backend.dump_file() {
        bail!("备份清单中的数据库文件名不对：{}", manifest.database.path);
    }
    for a in &manifest.attachments {
        relative_path(&a.path)?;
    }
    Ok(manifest)
}

/// Sizes and SHA-256 of the database copy and every attachment, and the key if listed.
fn verify_files(dir: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let check = |base: &Path, entry: &FileEntry| -> anyhow::Result<()> {
        let got = file_entry(base, &entry.path)
            .with_context(|| format!("备份中的文件 {} 缺失或无法读取", entry.path))?;
        if got.size != entry.size || got.sha256 != entry.sha256 {
            bail!(
                "备份中的文件 {} 已损坏或被改动（大小或 SHA-256 与清单不符），未做任何更改",
                entry.path
            );
        }
        Ok(())
    };
    check(dir, &manifest.database)?;
    let attachments = dir.join(ATTACHMENTS_DIR);
    for a in &manifest.attachments {
        check(&attachments, a)?;
    }
    if manifest.key_included && !dir.join(KEY_FILE).is_file() {
        bail!("备份清单说含有密钥，但缺少 {KEY_FILE}");
    }
    Ok(())
}

/// `path` from a manifest as a relative path that stays inside its directory.
fn relative_path(path: &str) -> anyhow::Result<PathBuf> {
    let p = PathBuf::from(path);
    let inside = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        bail!("备份清单中的路径不安全：{path}");
    }
    Ok(p)
}

/// Size and SHA-256 of `base/rel`; `rel` is what the entry records.
fn file_entry(base: &Path, rel: &str) -> anyhow::Result<FileEntry> {
    let path = base.join(relative_path(rel)?);
    let mut file =
        std::fs::File::open(&path).with_context(|| format!("打开 {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .with_context(|| format!("读取 {}", path.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok(FileEntry {
        path: rel.to_string(),
        size,
        sha256: hex(&hasher.finalize()),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies every file under `from` to `to`, keeping relative paths, and describes each.
/// Uploads in progress (`.tmp/`) and the key file, should it live there, are left out.
fn copy_attachments(from: &Path, to: &Path, key_file: &Path) -> anyhow::Result<Vec<FileEntry>> {
    std::fs::create_dir_all(to).with_context(|| format!("创建 {}", to.display()))?;
    if !from.exists() {
        return Ok(Vec::new());
    }
    let key_file = key_file.canonicalize().ok();
    let mut entries = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = from.join(&rel);
        let listing =
            std::fs::read_dir(&dir).with_context(|| format!("读取附件目录 {}", dir.display()))?;
        for item in listing {
            let item = item.with_context(|| format!("读取附件目录 {}", dir.display()))?;
            let rel = rel.join(item.file_name());
            let path = from.join(&rel);
            if rel == Path::new(".tmp") {
                continue;
            }
            if key_file.is_some() && path.canonicalize().ok() == key_file {
                continue;
            }
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                // Deleted while we were looking.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(anyhow!(e).context(format!("读取 {}", path.display()))),
            };
            if meta.is_dir() {
                stack.push(rel);
                continue;
            }
            let name = rel
                .to_str()
                .ok_or_else(|| anyhow!("附件文件名不是 UTF-8：{}", rel.display()))?
                .replace(std::path::MAIN_SEPARATOR, "/");
            let dest = to.join(&rel);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("创建 {}", parent.display()))?;
            }
            match std::fs::copy(&path, &dest) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    tracing::warn!(file = %path.display(), "attachment deleted during the backup, skipped");
                    continue;
                }
                Err(e) => return Err(anyhow!(e).context(format!("复制附件 {}", path.display()))),
            }
            entries.push(file_entry(to, &name)?);
        }
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

fn restore_attachments(from: &Path, to: &Path, entries: &[FileEntry]) -> anyhow::Result<()> {
    for e in entries {
        let rel = relative_path(&e.path)?;
        let dest = to.join(&rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("创建 {}", parent.display()))?;
        }
        std::fs::copy(from.join(&rel), &dest)
            .with_context(|| format!("恢复附件 {}", dest.display()))?;
    }
    Ok(())
}

/// Puts the copy in place by renaming, after removing the old database's journal files:
/// SQLite would otherwise apply them to the restored database and corrupt it.
fn restore_sqlite_file(copy: &Path, target: &Path) -> anyhow::Result<()> {
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

/// Creates `dir` (owner only: it will hold personal data), or accepts it when empty.
/// Whether it was created.
fn prepare_empty_dir(dir: &Path) -> anyhow::Result<bool> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!("备份目录 {} 已存在且不是空的", dir.display());
            }
            Ok(false)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder
                .create(dir)
                .with_context(|| format!("创建备份目录 {}", dir.display()))?;
            Ok(true)
        }
        Err(e) => Err(anyhow!(e).context(format!("备份目录 {}", dir.display()))),
    }
}

/// A new file readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("创建 {}", parent.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("创建密钥文件 {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("写入密钥文件 {}", path.display()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file =
        std::fs::File::create(path).with_context(|| format!("创建 {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("写入 {}", path.display()))
}

fn path_str(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .ok_or_else(|| anyhow!("路径不是 UTF-8：{}", path.display()))
}

/// File work off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .context("文件操作中断")?
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

    #[test]
    fn manifest_paths_stay_inside() {
        assert!(relative_path("ab/ab12.pdf").is_ok());
        for bad in ["", "../x", "/etc/passwd", "a/../../b"] {
            assert!(relative_path(bad).is_err(), "{bad}");
        }
    }
}

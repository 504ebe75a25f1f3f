//! `gongkai backup` and `gongkai restore`: the database, the attachment files and a manifest
//! (row counts, file sizes and SHA-256) in one directory.
//!
//! The server's key is left out unless asked for: it is what keeps the applicants' ID
//! numbers and the query codes in the database safe, so a backup holding both gives away
//! what the key protects.
//!
//! The copy of each database lives in `database`, the attachments and the backup
//! directory's own files in `files`, and what a backup promises in `manifest`.
mod database;
mod files;
mod manifest;

pub use database::{row_counts, sqlite_path};
pub use manifest::{FileEntry, Manifest};

use anyhow::{anyhow, bail, Context};
use app::platform::Config;
use database::{
    dump_postgres, dump_sqlite, existing_data, open, restore_sqlite_file, run_pg, target_url,
};
use files::{
    copy_attachments, path_str, prepare_empty_dir, restore_attachments, write_private, write_synced,
};
use manifest::{file_entry, read_manifest, verify_files};
use serde::{Deserialize, Serialize};
use std::path::Path;

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

    pub(super) fn dump_file(self) -> &'static str {
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

/// File work off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .context("文件操作中断")?
}

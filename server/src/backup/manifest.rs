//! The manifest: what a backup holds, with sizes and SHA-256, checked before a restore
//! changes anything.
use super::{Backend, ATTACHMENTS_DIR, FORMAT, KEY_FILE, MANIFEST_FILE};
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

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

pub(super) fn read_manifest(dir: &Path) -> anyhow::Result<Manifest> {
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
pub(super) fn verify_files(dir: &Path, manifest: &Manifest) -> anyhow::Result<()> {
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
pub(super) fn relative_path(path: &str) -> anyhow::Result<PathBuf> {
    let p = PathBuf::from(path);
    let inside = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        bail!("备份清单中的路径不安全：{path}");
    }
    Ok(p)
}

/// Size and SHA-256 of `base/rel`; `rel` is what the entry records.
pub(super) fn file_entry(base: &Path, rel: &str) -> anyhow::Result<FileEntry> {
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

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_paths_stay_inside() {
        assert!(relative_path("ab/ab12.pdf").is_ok());
        for bad in ["", "../x", "/etc/passwd", "a/../../b"] {
            assert!(relative_path(bad).is_err(), "{bad}");
        }
    }
}

//! Files of a backup besides the database: the attachments, copied and put back with their
//! relative paths, and the backup directory and key file, kept to their owner.
use super::manifest::{file_entry, relative_path, FileEntry};
use anyhow::{anyhow, bail, Context};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Copies every file under `from` to `to`, keeping relative paths, and describes each.
/// Uploads in progress (`.tmp/`) and the key file, should it live there, are left out.
pub(super) fn copy_attachments(
    from: &Path,
    to: &Path,
    key_file: &Path,
) -> anyhow::Result<Vec<FileEntry>> {
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

pub(super) fn restore_attachments(
    from: &Path,
    to: &Path,
    entries: &[FileEntry],
) -> anyhow::Result<()> {
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

/// Creates `dir` (owner only: it will hold personal data), or accepts it when empty.
/// Whether it was created.
pub(super) fn prepare_empty_dir(dir: &Path) -> anyhow::Result<bool> {
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
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
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

pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file =
        std::fs::File::create(path).with_context(|| format!("创建 {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("写入 {}", path.display()))
}

pub(super) fn path_str(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .ok_or_else(|| anyhow!("路径不是 UTF-8：{}", path.display()))
}

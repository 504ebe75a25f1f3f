//! Attachment files on disk. Every file gets a generated name — 32 random hex digits and
//! the extension of its detected kind — in a subdirectory named by the first two digits
//! (`ab/ab12….pdf`), so no name a user typed ever reaches the file system. Files are
//! written to a temporary name in the same tree and renamed into place once complete and
//! flushed, so a reader never sees half a file.
use std::io;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
}

fn random_hex() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `name` is one this store generated: `[0-9a-f]{32}.[a-z]{3,4}`.
pub fn is_generated_name(name: &str) -> bool {
    let Some((hex, ext)) = name.split_once('.') else {
        return false;
    };
    hex.len() == 32
        && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && (3..=4).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_lowercase())
}

impl Store {
    pub fn new(root: impl Into<PathBuf>) -> Store {
        Store { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of a stored file; `None` for any name this store would not have made.
    pub fn path_of(&self, stored_name: &str) -> Option<PathBuf> {
        is_generated_name(stored_name).then(|| self.root.join(&stored_name[..2]).join(stored_name))
    }

    /// Writes `bytes` under a new generated name with extension `ext` and returns the name.
    pub async fn save(&self, bytes: &[u8], ext: &str) -> io::Result<String> {
        let name = format!("{}.{ext}", random_hex());
        let dest = self
            .path_of(&name)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "bad extension"))?;
        let tmp_dir = self.root.join(".tmp");
        tokio::fs::create_dir_all(&tmp_dir).await?;
        if let Some(parent) = dest.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        let tmp = tmp_dir.join(format!("{}.part", random_hex()));
        let written = async {
            let mut f = tokio::fs::File::create(&tmp).await?;
            f.write_all(bytes).await?;
            f.sync_all().await?;
            drop(f);
            tokio::fs::rename(&tmp, &dest).await
        }
        .await;
        if let Err(e) = written {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e);
        }
        Ok(name)
    }

    /// Removes a stored file; one already gone is not an error.
    pub async fn remove(&self, stored_name: &str) -> io::Result<()> {
        let Some(path) = self.path_of(stored_name) else {
            return Ok(());
        };
        match tokio::fs::remove_file(path).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_names_map_to_paths() {
        let s = Store::new("/srv/att");
        let good = "0123456789abcdef0123456789abcdef.pdf";
        assert_eq!(
            s.path_of(good).unwrap(),
            Path::new("/srv/att/01").join(good)
        );
        for bad in [
            "../../etc/passwd",
            "0123456789abcdef0123456789abcdef.pdf/..",
            "0123456789ABCDEF0123456789abcdef.pdf",
            "0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcde.pdf",
            "0123456789abcdef0123456789abcdef.p/f",
        ] {
            assert!(s.path_of(bad).is_none(), "{bad}");
        }
    }

    #[tokio::test]
    async fn saves_under_a_generated_name_and_removes() {
        let root = std::env::temp_dir().join(format!("gk-store-{}", random_hex()));
        let s = Store::new(&root);
        let name = s.save(b"%PDF-1.4 test", "pdf").await.unwrap();
        assert!(is_generated_name(&name), "{name}");
        let path = s.path_of(&name).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4 test");
        // Nothing is left behind in the temporary directory.
        assert_eq!(std::fs::read_dir(root.join(".tmp")).unwrap().count(), 0);
        s.remove(&name).await.unwrap();
        assert!(!path.exists());
        s.remove(&name).await.unwrap();
        let _ = std::fs::remove_dir_all(&root);
    }
}
